"""The countdown of one block, derived from stored timestamps, never from a ticking counter.

Times are seconds since the epoch (floats), passed in as ``now``. A timer that has never been
started is *ready*; once started it is *running* or *paused*. The remaining time may go below
zero: that is the overrun the projector shows.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from seminar.domain.errors import InvalidInput, InvalidTransition
from seminar.domain.limits import MAX_ADJUSTMENT, MAX_TIMER_SECONDS
from seminar.domain.messages import N_


class TimerStatus(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"


@dataclass(frozen=True)
class Timer:
    duration: int  # planned seconds
    started_at: float | None = None
    paused_at: float | None = None
    paused_seconds: float = 0.0
    extra_seconds: int = 0

    @property
    def status(self) -> TimerStatus:
        if self.started_at is None:
            return TimerStatus.READY
        return TimerStatus.PAUSED if self.paused_at is not None else TimerStatus.RUNNING

    @property
    def total(self) -> int:
        """Planned seconds plus extensions (minus shortenings)."""
        return self.duration + self.extra_seconds

    @property
    def deadline(self) -> float | None:
        """When a running timer reaches zero; ``None`` unless running."""
        if self.status is not TimerStatus.RUNNING or self.started_at is None:
            return None
        return self.started_at + self.paused_seconds + self.total

    def elapsed(self, now: float) -> float:
        if self.started_at is None:
            return 0.0
        until = self.paused_at if self.paused_at is not None else now
        return max(0.0, until - self.started_at - self.paused_seconds)

    def remaining(self, now: float) -> float:
        """Seconds left; negative once the block runs over."""
        return self.total - self.elapsed(now)

    def start(self, now: float) -> "Timer":
        """Start a ready timer, or resume a paused one."""
        if self.status is TimerStatus.RUNNING:
            raise InvalidTransition(N_("The block is already running."))
        if self.status is TimerStatus.PAUSED:
            return self.resume(now)
        return replace(self, started_at=now)

    def pause(self, now: float) -> "Timer":
        if self.status is not TimerStatus.RUNNING:
            raise InvalidTransition(N_("Only a running block can be paused."))
        return replace(self, paused_at=now)

    def resume(self, now: float) -> "Timer":
        if self.status is not TimerStatus.PAUSED or self.paused_at is None:
            raise InvalidTransition(N_("Only a paused block can be resumed."))
        return replace(self, paused_at=None,
                       paused_seconds=self.paused_seconds + max(0.0, now - self.paused_at))

    def adjust(self, seconds: object) -> "Timer":
        """Extend (positive) or shorten (negative) the block; its total stays at least zero."""
        if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds == 0 \
                or abs(seconds) > MAX_ADJUSTMENT:
            raise InvalidInput(N_("The time change must be a whole number of seconds, at most "
                                  "three hours."))
        if self.total + seconds < 0:
            raise InvalidTransition(N_("The block cannot be shortened below zero minutes."))
        if abs(self.extra_seconds + seconds) > MAX_TIMER_SECONDS:
            raise InvalidTransition(N_("The block cannot be extended or shortened any further."))
        return replace(self, extra_seconds=self.extra_seconds + seconds)

    def leave(self, now: float) -> "Timer":
        """Stop the clock when the programme moves away; going back resumes from here."""
        return self.pause(now) if self.status is TimerStatus.RUNNING else self
