"""The live programme: which block is current, each block's timer, and the day's forecast."""

from dataclasses import dataclass, replace
from enum import StrEnum

from seminar.domain.errors import InvalidInput, InvalidTransition
from seminar.domain.kit import Block
from seminar.domain.messages import N_
from seminar.domain.timer import Timer


class BlockStatus(StrEnum):
    DONE = "done"
    CURRENT = "current"
    SKIPPED = "skipped"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class Schedule:
    """The current day's planned end against the forecast end, in epoch seconds."""

    day: int
    planned_end: float
    forecast_end: float

    @property
    def delay(self) -> float:
        """Seconds behind the plan; negative when ahead."""
        return self.forecast_end - self.planned_end


@dataclass(frozen=True)
class Programme:
    blocks: tuple[Block, ...]
    timers: tuple[Timer, ...]
    current: int = 0

    @classmethod
    def new(cls, blocks: tuple[Block, ...]) -> "Programme":
        return cls(blocks, tuple(Timer(block.duration) for block in blocks), 0)

    @property
    def timer(self) -> Timer:
        return self.timers[self.current]

    @property
    def block(self) -> Block:
        return self.blocks[self.current]

    def statuses(self) -> tuple[BlockStatus, ...]:
        def status(index: int, timer: Timer) -> BlockStatus:
            if index == self.current:
                return BlockStatus.CURRENT
            if timer.started_at is not None:
                return BlockStatus.DONE
            return BlockStatus.SKIPPED if index < self.current else BlockStatus.UPCOMING

        return tuple(status(i, timer) for i, timer in enumerate(self.timers))

    # -- commands (each returns a new Programme) ------------------------------------------------

    def start(self, now: float) -> "Programme":
        """Start the current block, or resume it if paused."""
        return self._with_timer(self.timer.start(now))

    def pause(self, now: float) -> "Programme":
        return self._with_timer(self.timer.pause(now))

    def resume(self, now: float) -> "Programme":
        return self._with_timer(self.timer.resume(now))

    def adjust(self, seconds: object) -> "Programme":
        """Extend (positive seconds) or shorten (negative) the current block."""
        return self._with_timer(self.timer.adjust(seconds))

    def go_to(self, index: object, now: float) -> "Programme":
        """Make block ``index`` current; a running block left behind is paused."""
        if not isinstance(index, int) or isinstance(index, bool) \
                or not 0 <= index < len(self.blocks):
            raise InvalidInput(N_("There is no such block in the programme."))
        if index == self.current:
            raise InvalidTransition(N_("That block is already the current one."))
        left = self._with_timer(self.timer.leave(now))
        return replace(left, current=index)

    def next(self, now: float) -> "Programme":
        if self.current + 1 >= len(self.blocks):
            raise InvalidTransition(N_("This is the last block of the programme."))
        return self.go_to(self.current + 1, now)

    def previous(self, now: float) -> "Programme":
        if self.current == 0:
            raise InvalidTransition(N_("This is the first block of the programme."))
        return self.go_to(self.current - 1, now)

    def _with_timer(self, timer: Timer) -> "Programme":
        timers = list(self.timers)
        timers[self.current] = timer
        return replace(self, timers=tuple(timers))

    # -- forecast -------------------------------------------------------------------------------

    def schedule(self, now: float) -> Schedule | None:
        """Forecast the current day's end; ``None`` until a block of that day has started."""
        day = self.block.day
        indices = [i for i, block in enumerate(self.blocks) if block.day == day]
        offsets, span = planned_offsets([self.blocks[i] for i in indices])
        offset_of = dict(zip(indices, offsets, strict=True))
        anchor = next((started - offset_of[i] for i in indices
                       if (started := self.timers[i].started_at) is not None), None)
        if anchor is None:
            return None
        later = [i for i in indices if i > self.current]
        current_end = offset_of[self.current] + self.block.duration
        planned_gaps = span - current_end - sum(self.blocks[i].duration for i in later)
        still_to_run = sum(max(0.0, self.timers[i].remaining(now))
                           if self.timers[i].started_at is not None else self.timers[i].total
                           for i in later)
        forecast = now + max(0.0, self.timer.remaining(now)) + still_to_run + planned_gaps
        return Schedule(day, anchor + span, forecast)


def planned_offsets(blocks: list[Block]) -> tuple[list[int], int]:
    """Return each block's planned start offset within its day, and the day's planned span.

    With clock times on every block the clock decides (so planned gaps such as travel count);
    otherwise the blocks follow each other back to back.
    """
    starts = [block.start for block in blocks if block.start is not None]
    if len(starts) == len(blocks):
        offsets = [(start - starts[0]) * 60 for start in starts]
        return offsets, offsets[-1] + blocks[-1].duration
    offsets, elapsed = [], 0
    for block in blocks:
        offsets.append(elapsed)
        elapsed += block.duration
    return offsets, elapsed
