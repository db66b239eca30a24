"""A day planned against the clock, while it runs: how far it has moved off the published times.

A kit with clock times ("start: 10:00") publishes when each block begins. Three words, used the
same way in the console and in docs/kit-format.md:

- *planned* (published): the kit's clock times, today, in the hall's time zone;
- *forecast*: when the day will end if the rest runs as planned from now
  (``Programme.schedule``; before the day's first block has started, the rest from the later
  of now and the current block's planned start);
- *re-anchor*: move the clock times of the rest of the day by the shift (whole minutes), so that
  the plan on the screens is the forecast again (``times.shift`` in docs/socket-events.md).

Only the shift is worked out here; moving the times is an edit of the kit.
"""

from dataclasses import dataclass

from seminar.domain.programme import Programme, planned_offsets

SECONDS_PER_DAY = 24 * 60 * 60
# A shift smaller than this is not worth a word: a block always runs a minute or two over.
NOTICE_MINUTES = 5


@dataclass(frozen=True)
class ClockShift:
    """The current day's forecast end against its published end, in epoch seconds."""

    day: int
    from_block: int  # the first block a re-anchor moves (the next one to start)
    published_end: float
    forecast_end: float
    # The forecast holds until then (the running block's time is left, or the current block
    # waits for its planned start); after it, every second that passes moves it on.
    steady_until: float

    @property
    def minutes(self) -> int:
        """Whole minutes behind the published times; negative when ahead."""
        return round((self.forecast_end - self.published_end) / 60)

    @property
    def noticeable(self) -> bool:
        return abs(self.minutes) >= NOTICE_MINUTES


def clock_shift(programme: Programme, now: float, utc_offset: float) -> ClockShift | None:
    """Return how far the current day is off its clock times at ``now``.

    ``utc_offset``: seconds the hall's clock is ahead of UTC at ``now`` (the kit's times are
    local times of the day ``now`` falls on). ``None`` when the day has no clock times, or when
    nothing is left to move (the day's last block has started). A block not started yet is
    forecast to start at its planned time, or now if that has passed.
    """
    current = programme.current
    day = programme.block.day
    indices = [i for i, block in enumerate(programme.blocks) if block.day == day]
    blocks = [programme.blocks[i] for i in indices]
    clocked = [n for n, block in enumerate(blocks) if block.start is not None]
    if not clocked:
        return None
    started = programme.timer.started_at is not None
    later = [i for i in indices if i > current]
    if started and not later:
        return None
    from_block = later[0] if started else current
    midnight = now - (now + utc_offset) % SECONDS_PER_DAY
    # The published end: the last clock time of the day and the blocks after it back to back.
    last = clocked[-1]
    start = blocks[last].start
    assert start is not None  # clocked holds only blocks with a start
    published_end = midnight + start * 60 + sum(block.duration for block in blocks[last:])
    schedule = programme.schedule(now)
    if schedule is not None and schedule.day == day:
        forecast_end = schedule.forecast_end
        steady_until = now + max(0.0, programme.timer.remaining(now)) if started \
            and programme.timer.deadline is not None else now
    else:
        offsets, span = planned_offsets(blocks)
        at = indices.index(current)
        begins = now
        if blocks[at].start is not None:
            begins = max(now, midnight + blocks[at].start * 60)  # type: ignore[operator]
        forecast_end = begins + span - offsets[at]
        steady_until = begins
    return ClockShift(day, from_block, published_end, forecast_end, steady_until)
