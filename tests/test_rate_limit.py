"""The per-phone token bucket: a burst, then a steady rate, and nothing remembered for long."""

import pytest

from seminar.web.rate_limit import RateLimiter, TooFast


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_the_rate():
    clock = Clock()
    limiter = RateLimiter(rate=10, capacity=3, clock=clock)
    for _ in range(3):
        limiter.check("phone")
    with pytest.raises(TooFast):
        limiter.check("phone")
    clock.now += 0.1
    limiter.check("phone")  # one token came back
    limiter.check("other")  # another phone has its own bucket


def test_phones_that_stopped_sending_are_forgotten_and_a_limited_one_is_not():
    clock = Clock()
    limiter = RateLimiter(rate=10, capacity=30, clock=clock)
    for phone in range(1000):
        limiter.check(f"phone-{phone}")
    for _ in range(30):
        limiter.check("busy")
    assert len(limiter) == 1001
    clock.now += 2.9  # the quiet phones' buckets are full again; "busy" has refilled 29
    limiter.check("busy")
    clock.now += 0.2  # a whole refill time (3 s) since the start: the table is pruned
    limiter.check("busy")
    assert len(limiter) == 1
    with pytest.raises(TooFast):
        for _ in range(30):
            limiter.check("busy")
