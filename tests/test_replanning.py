"""How far a day with clock times is off its published times, with ``now`` passed in."""

from pathlib import Path

from seminar.domain.kit import Block, BlockKind
from seminar.domain.kit_parser import parse_kit
from seminar.domain.programme import Programme
from seminar.domain.replanning import ClockShift, clock_shift

OFFSET = 3600  # the hall is one hour ahead of UTC (Oslo in winter)
MIDNIGHT = 20_000 * 86_400 - OFFSET  # local midnight of some day, in epoch seconds


def at(hours: int, minutes: int = 0, seconds: int = 0) -> float:
    """Epoch seconds of a local clock time on that day."""
    return MIDNIGHT + hours * 3600 + minutes * 60 + seconds


# 10:00–10:45 plenary, 10:45–12:00 group work, 12:00–12:30 lunch; day 2 from 09:00.
CLOCKED = (
    Block("Oppstart", BlockKind.PLENARY, 45 * 60, start=10 * 60),
    Block("Gruppearbeid", BlockKind.GROUP_WORK, 75 * 60, start=10 * 60 + 45),
    Block("Lunsj", BlockKind.BREAK, 30 * 60, start=12 * 60),
    Block("God morgen", BlockKind.PLENARY, 30 * 60, day=2, start=9 * 60),
)


def test_a_late_start_is_the_whole_shift_of_the_day():
    programme = Programme.new(CLOCKED)
    shift = clock_shift(programme, at(10, 12), OFFSET)
    assert shift == ClockShift(day=1, from_block=0, published_end=at(12, 30),
                               forecast_end=at(12, 42), steady_until=at(10, 12))
    assert (shift.minutes, shift.noticeable) == (12, True)


def test_before_the_planned_start_the_day_is_on_time():
    shift = clock_shift(Programme.new(CLOCKED), at(9, 30), OFFSET)
    assert shift is not None
    assert (shift.minutes, shift.noticeable, shift.steady_until) == (0, False, at(10))


def test_a_block_running_over_moves_the_next_block_on():
    programme = Programme.new(CLOCKED).start(at(10)).next(at(10, 45)).start(at(10, 45))
    # Group work should end at 12:00; at 12:08 it still runs (ten minutes were added).
    programme = programme.adjust(600)
    shift = clock_shift(programme, at(12, 8), OFFSET)
    assert shift == ClockShift(day=1, from_block=2, published_end=at(12, 30),
                               forecast_end=at(12, 40), steady_until=at(12, 10))
    assert shift.minutes == 10


def test_a_late_start_then_on_time_blocks_keep_the_shift():
    programme = Programme.new(CLOCKED).start(at(10, 12))
    shift = clock_shift(programme, at(10, 30), OFFSET)
    assert shift is not None
    assert (shift.from_block, shift.minutes, shift.steady_until) == (1, 12, at(10, 57))


def test_a_day_ahead_of_its_times_is_a_negative_shift():
    programme = Programme.new(CLOCKED).start(at(10)).next(at(10, 30))
    shift = clock_shift(programme, at(10, 30), OFFSET)
    assert shift is not None
    assert (shift.from_block, shift.minutes, shift.noticeable) == (1, -15, True)


def test_a_few_minutes_over_are_not_worth_a_word():
    programme = Programme.new(CLOCKED).start(at(10, 3))
    shift = clock_shift(programme, at(10, 20), OFFSET)
    assert shift is not None
    assert (shift.minutes, shift.noticeable) == (3, False)


def test_nothing_to_move_once_the_days_last_block_has_started():
    programme = Programme.new(CLOCKED).go_to(2, at(12, 20)).start(at(12, 20))
    assert clock_shift(programme, at(12, 25), OFFSET) is None


def test_the_second_day_is_measured_against_its_own_times():
    programme = Programme.new(CLOCKED).go_to(3, at(9, 20))
    shift = clock_shift(programme, at(9, 20) + 86_400, OFFSET)
    assert shift is not None
    assert (shift.day, shift.from_block, shift.minutes) == (2, 3, 20)


def test_a_day_without_clock_times_has_no_shift():
    blocks = tuple(Block(block.title, block.kind, block.duration) for block in CLOCKED[:3])
    assert clock_shift(Programme.new(blocks).start(at(10, 30)), at(10, 40), OFFSET) is None


def test_the_time_zone_decides_what_the_clock_times_mean():
    programme = Programme.new(CLOCKED)
    assert clock_shift(programme, at(10, 12), 0) == ClockShift(
        1, 0, published_end=at(12, 30) + OFFSET, forecast_end=at(12, 30) + OFFSET,
        steady_until=at(10) + OFFSET)


def test_clock_times_on_some_blocks_only_count_the_rest_back_to_back():
    blocks = (
        Block("Oppstart", BlockKind.PLENARY, 45 * 60, start=10 * 60),
        Block("Gruppearbeid", BlockKind.GROUP_WORK, 75 * 60),
        Block("Lunsj", BlockKind.BREAK, 30 * 60),
    )
    shift = clock_shift(Programme.new(blocks), at(10, 7), OFFSET)
    assert shift == ClockShift(1, 0, published_end=at(12, 30), forecast_end=at(12, 37),
                               steady_until=at(10, 7))


def test_a_paused_block_moves_the_forecast_on_with_every_second():
    programme = Programme.new(CLOCKED).start(at(10)).pause(at(10, 30))
    shift = clock_shift(programme, at(10, 40), OFFSET)
    assert shift is not None
    assert (shift.minutes, shift.steady_until) == (10, at(10, 40))


def test_the_pilots_two_day_programme_late_on_its_second_morning():
    kit = parse_kit((Path(__file__).parents[1] / "sessions" / "pilotsamling-2021.md").read_text())
    second_morning = next(i for i, block in enumerate(kit.blocks) if block.day == 2)
    # Day 1 went to plan; day 2's "God morgen" (08:30) starts at 08:50, and runs on.
    programme = Programme.new(kit.blocks).go_to(second_morning, at(8, 50)).start(at(8, 50))
    shift = clock_shift(programme, at(8, 55), OFFSET)
    assert shift == ClockShift(day=2, from_block=second_morning + 1, published_end=at(16),
                               forecast_end=at(16, 20), steady_until=at(9, 5))
    assert (shift.minutes, shift.noticeable) == (20, True)
