"""Timer arithmetic, with ``now`` passed in."""

import pytest

from seminar.domain.errors import InvalidInput, InvalidTransition
from seminar.domain.limits import MAX_ADJUSTMENT, MAX_TIMER_SECONDS
from seminar.domain.timer import Timer, TimerStatus

T0 = 1_000.0


def test_a_new_timer_is_ready_with_its_whole_duration():
    timer = Timer(600)
    assert (timer.status, timer.remaining(T0), timer.deadline) == (TimerStatus.READY, 600, None)


def test_running_timer_counts_down_from_its_start():
    timer = Timer(600).start(T0)
    assert timer == Timer(600, started_at=T0)
    assert timer.deadline == T0 + 600
    assert timer.remaining(T0 + 90) == 510


def test_pause_freezes_and_resume_moves_the_deadline():
    timer = Timer(600).start(T0).pause(T0 + 100)
    assert timer.status is TimerStatus.PAUSED
    assert timer.remaining(T0 + 1_000) == 500
    resumed = timer.resume(T0 + 160)
    assert resumed == Timer(600, started_at=T0, paused_seconds=60.0)
    assert resumed.deadline == T0 + 660
    assert resumed.remaining(T0 + 200) == 460


def test_start_on_a_paused_timer_resumes_it():
    assert Timer(600).start(T0).pause(T0 + 10).start(T0 + 20) == Timer(600, T0, None, 10.0)


def test_overrun_is_negative_remaining_time():
    assert Timer(60).start(T0).remaining(T0 + 75) == -15


def test_extend_and_shorten_change_the_total():
    timer = Timer(600).start(T0).adjust(300).adjust(-60)
    assert (timer.total, timer.extra_seconds, timer.deadline) == (840, 240, T0 + 840)


@pytest.mark.parametrize("seconds", [0, 1.5, "60", None, True, 3 * 3600 + 1, -3 * 3600 - 1])
def test_adjust_rejects_bad_amounts(seconds):
    with pytest.raises(InvalidInput):
        Timer(600).adjust(seconds)


def test_cannot_shorten_below_zero():
    with pytest.raises(InvalidTransition):
        Timer(300).adjust(-301)
    assert Timer(300).adjust(-300).total == 0


def test_a_block_is_extended_by_at_most_the_limit_in_all():
    """What an archive may hold (seminar.timers[].extra_seconds) is what live use allows."""
    timer = Timer(600)
    while timer.extra_seconds + MAX_ADJUSTMENT <= MAX_TIMER_SECONDS:
        timer = timer.adjust(MAX_ADJUSTMENT)
    with pytest.raises(InvalidTransition):
        timer.adjust(MAX_ADJUSTMENT)
    assert timer.adjust(MAX_TIMER_SECONDS - timer.extra_seconds).extra_seconds == \
        MAX_TIMER_SECONDS


@pytest.mark.parametrize("command", ["pause", "resume"])
def test_pause_and_resume_need_the_right_state(command):
    with pytest.raises(InvalidTransition):
        getattr(Timer(600), command)(T0)


def test_cannot_start_a_running_timer():
    with pytest.raises(InvalidTransition):
        Timer(600).start(T0).start(T0 + 1)


def test_leaving_pauses_a_running_timer_and_keeps_the_others():
    assert Timer(600).start(T0).leave(T0 + 30) == Timer(600, T0, T0 + 30)
    assert Timer(600).leave(T0) == Timer(600)
