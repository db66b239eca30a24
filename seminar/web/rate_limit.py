"""A token bucket per key (one phone): a burst of ``capacity``, then ``rate`` per second."""

import threading
import time

from seminar.domain.errors import SeminarError
from seminar.domain.messages import N_


class TooFast(SeminarError):
    code = "rate_limited"
    template = N_("You are sending changes too quickly. Wait a moment; nothing is lost.")


class RateLimiter:
    def __init__(self, rate: float, capacity: int, clock=time.monotonic) -> None:
        self._rate, self._capacity, self._clock = rate, capacity, clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        """Take one token for ``key``, or raise ``TooFast``."""
        with self._lock:
            now = self._clock()
            tokens, since = self._buckets.get(key, (self._capacity, now))
            tokens = min(self._capacity, tokens + (now - since) * self._rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                raise TooFast()
            self._buckets[key] = (tokens - 1, now)
