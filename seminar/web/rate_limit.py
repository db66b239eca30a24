"""A token bucket per key (one phone): a burst of ``capacity``, then ``rate`` per second.

A bucket that has filled up again is the same as none, so buckets are dropped once full: the
table holds only phones that sent something within the last refill time.
"""

import threading
import time
from collections.abc import Callable

from seminar.domain.errors import SeminarError
from seminar.domain.messages import N_


class TooFast(SeminarError):
    code = "rate_limited"
    template = N_("You are sending changes too quickly. Wait a moment; nothing is lost.")


class RateLimiter:
    def __init__(self, rate: float, capacity: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._rate, self._capacity, self._clock = rate, capacity, clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()
        # seconds for an empty bucket to fill up (a rate of 0: a burst only, never again)
        self._refill = capacity / rate if rate > 0 else float("inf")
        self._pruned = clock()

    def check(self, key: str) -> None:
        """Take one token for ``key``, or raise ``TooFast``."""
        with self._lock:
            now = self._clock()
            if now - self._pruned >= self._refill:
                self._prune(now)
            tokens, since = self._buckets.get(key, (self._capacity, now))
            tokens = min(self._capacity, tokens + (now - since) * self._rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                raise TooFast()
            self._buckets[key] = (tokens - 1, now)

    def __len__(self) -> int:
        """How many keys are remembered (those not yet full again)."""
        return len(self._buckets)

    def _prune(self, now: float) -> None:
        self._pruned = now
        self._buckets = {key: (tokens, since) for key, (tokens, since) in self._buckets.items()
                         if tokens + (now - since) * self._rate < self._capacity}
