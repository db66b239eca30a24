"""Moving through the programme and forecasting the day's end, with ``now`` passed in."""

import pytest

from seminar.domain.errors import InvalidInput, InvalidTransition
from seminar.domain.kit import Block, BlockKind
from seminar.domain.programme import BlockStatus, Programme, Schedule
from seminar.domain.timer import Timer

T0 = 10_000.0
BLOCKS = (
    Block("Velkommen", BlockKind.PLENARY, 600),
    Block("Gruppearbeid", BlockKind.GROUP_WORK, 1200),
    Block("Avslutning", BlockKind.PLENARY, 300),
)


def test_a_new_programme_starts_at_the_first_block():
    programme = Programme.new(BLOCKS)
    assert programme.current == 0
    assert programme.timers == (Timer(600), Timer(1200), Timer(300))
    assert programme.statuses() == (BlockStatus.CURRENT, BlockStatus.UPCOMING,
                                    BlockStatus.UPCOMING)


def test_next_pauses_the_block_left_behind_and_makes_the_next_ready():
    programme = Programme.new(BLOCKS).start(T0).next(T0 + 500)
    assert programme.current == 1
    assert programme.timers[0] == Timer(600, T0, T0 + 500)
    assert programme.timer == Timer(1200)
    assert programme.statuses() == (BlockStatus.DONE, BlockStatus.CURRENT, BlockStatus.UPCOMING)


def test_going_back_returns_to_the_time_that_was_left():
    programme = Programme.new(BLOCKS).start(T0).next(T0 + 500).previous(T0 + 600)
    assert programme.current == 0
    assert programme.timer.remaining(T0 + 10_000) == 100
    assert programme.start(T0 + 700).timer.deadline == T0 + 800


def test_jumping_ahead_marks_blocks_in_between_as_skipped():
    programme = Programme.new(BLOCKS).go_to(2, T0)
    assert programme.statuses() == (BlockStatus.SKIPPED, BlockStatus.SKIPPED,
                                    BlockStatus.CURRENT)


@pytest.mark.parametrize("index", [-1, 3, "1", None, 1.0, True])
def test_go_to_rejects_blocks_that_do_not_exist(index):
    with pytest.raises(InvalidInput):
        Programme.new(BLOCKS).go_to(index, T0)


def test_go_to_the_current_block_is_refused():
    with pytest.raises(InvalidTransition):
        Programme.new(BLOCKS).go_to(0, T0)


def test_no_block_before_the_first_or_after_the_last():
    with pytest.raises(InvalidTransition):
        Programme.new(BLOCKS).previous(T0)
    with pytest.raises(InvalidTransition):
        Programme.new(BLOCKS).go_to(2, T0).next(T0)


def test_no_forecast_before_anything_started():
    assert Programme.new(BLOCKS).schedule(T0) is None


def test_forecast_on_time_while_the_first_block_runs():
    programme = Programme.new(BLOCKS).start(T0)
    assert programme.schedule(T0 + 60) == Schedule(1, T0 + 2100, T0 + 2100)


def test_forecast_includes_extensions_pauses_and_overrun():
    extended = Programme.new(BLOCKS).start(T0).adjust(300)
    assert extended.schedule(T0 + 60).delay == 300
    paused = Programme.new(BLOCKS).start(T0).pause(T0 + 60)
    assert paused.schedule(T0 + 180).delay == 120
    overrun = Programme.new(BLOCKS).start(T0)
    assert overrun.schedule(T0 + 900).delay == 300


def test_skipping_a_block_puts_the_programme_ahead():
    programme = Programme.new(BLOCKS).start(T0).go_to(2, T0 + 600).start(T0 + 600)
    assert programme.schedule(T0 + 600).delay == -1200


def test_forecast_uses_clock_times_and_planned_gaps_per_day():
    blocks = (
        Block("Lunsj", BlockKind.MEAL, 3600, day=1, start=11 * 60),
        Block("Økt", BlockKind.PLENARY, 1800, day=1, start=12 * 60 + 30),  # 30 min gap
        Block("Dag 2", BlockKind.PLENARY, 1800, day=2, start=9 * 60),
    )
    programme = Programme.new(blocks).start(T0)
    assert programme.schedule(T0) == Schedule(1, T0 + 7200, T0 + 7200)
    day_two = programme.go_to(2, T0 + 3600)
    assert day_two.schedule(T0 + 3600) is None
    assert day_two.start(T0 + 50_000).schedule(T0 + 50_000) == Schedule(
        2, T0 + 51_800, T0 + 51_800)


def test_forecast_counts_what_is_left_of_later_blocks_already_visited():
    programme = (Programme.new(BLOCKS).start(T0).go_to(1, T0 + 60).start(T0 + 60).adjust(600)
                 .previous(T0 + 120))
    # Velkommen: 540 s left; Gruppearbeid: 1800 - 60 = 1740 s left; Avslutning 300 s.
    assert programme.schedule(T0 + 120).forecast_end == T0 + 120 + 540 + 1740 + 300
