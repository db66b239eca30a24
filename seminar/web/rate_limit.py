"""Rate limits, kept by the ``limits`` library: per socket, per phone identity, per group and
per client address.

Every limit is a config setting (``LIMIT_*`` in ``seminar.config.Defaults``, in the library's
notation: ``"30 per 3 seconds"``) named where it applies: in the socket event's declaration
(``@event(..., limit=...)``) or on the HTTP view. docs/limits.md lists them all with their
numbers and why. The counters live in ``RATE_LIMIT_STORAGE``: by default in memory for one
process, and in the message queue's Redis when several processes share one (``MESSAGE_QUEUE``:
then they share the counters too). A moving window is used: at most N hits in any window of
the given length, so a burst at the edge of two windows cannot double the rate.

A limited request is refused before anything happens, so it changes nothing.
"""

import bisect
import enum
import logging
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from seminar.domain.errors import SeminarError
from seminar.domain.messages import N_
from seminar.web.context import client_address, limiter

log = logging.getLogger(__name__)


class TooFast(SeminarError):
    code = "rate_limited"
    template = N_("Too many requests from this phone or network. Wait a moment and try again; "
                  "nothing was lost or changed.")


class Per(enum.Enum):
    """What one counter counts for: how the documentation names it."""

    SOCKET = "per socket"
    PHONE = "per phone identity"
    GROUP = "per group"
    ADDRESS = "per client address"


@dataclass(frozen=True)
class Limit:
    """One limit: what it counts per, and the setting that holds its rate. A limit with
    ``when`` counts only the requests it names (the handler counts them, ``Limiter.check``);
    the others are counted for every request before the handler runs."""

    per: Per
    setting: str
    when: str = ""


_NARROWEST_FIRST = [Per.SOCKET, Per.PHONE, Per.GROUP, Per.ADDRESS]


def per_socket(setting: str) -> Limit:
    return Limit(Per.SOCKET, setting)


def per_phone(setting: str) -> Limit:
    return Limit(Per.PHONE, setting)


def per_group(setting: str) -> Limit:
    return Limit(Per.GROUP, setting)


def per_address(setting: str, when: str = "") -> Limit:
    return Limit(Per.ADDRESS, setting, when)


def storage_uri(config: Mapping[str, Any]) -> str:
    """``RATE_LIMIT_STORAGE`` if set; otherwise the message queue's Redis, or memory."""
    return (str(config.get("RATE_LIMIT_STORAGE") or "") or str(config.get("MESSAGE_QUEUE") or "")
            or "memory://")


def redis_pool(url: str, **options: Any) -> Any:
    """Connections to Redis for one process: at most ``REDIS_CONNECTIONS``, a request waiting
    for one that is free (the client's own pool refuses the next connection outright: a
    thousand phones joining at once through two processes got "Too many connections",
    benchmarks/bursts.py --processes 2)."""
    import redis  # the `redis` extra: only an instance with a message queue needs it

    return redis.BlockingConnectionPool.from_url(
        url, max_connections=REDIS_CONNECTIONS, timeout=REDIS_WAIT_SECONDS,
        # A Redis that stops answering (its host gone) must not hold a request for ever.
        socket_timeout=REDIS_WAIT_SECONDS, socket_connect_timeout=REDIS_CONNECT_SECONDS,
        **options)


REDIS_CONNECTIONS = 50
REDIS_WAIT_SECONDS = 5
REDIS_CONNECT_SECONDS = 2
UNREACHABLE_WARNING_SECONDS = 60  # how often the log says the counters' Redis is away


def counters(uri: str) -> Storage:
    """The storage for ``uri``; ``memory://`` is the library's, tidied less often."""
    if uri.strip().lower().startswith("memory://"):
        return MemoryCounters()
    options = {}
    if uri.strip().lower().startswith(("redis://", "rediss://")):
        options["connection_pool"] = redis_pool(uri)
        options["wrap_exceptions"] = True  # StorageError: Limiter lets the request through
    storage = storage_from_string(uri, **options)
    if not isinstance(storage, Storage):
        raise ValueError(f"RATE_LIMIT_STORAGE must name a synchronous storage, not {uri!r}")
    return storage


class MemoryCounters(MemoryStorage):
    """The library's memory storage, with its old hits dropped every five seconds instead of
    every 10 ms. The library sweeps every key 100 times a second while any hit comes in: with a
    hall's thousands of keys that cost a quarter of a core (benchmarks/answers_live.py, limits
    on and off), and once a second still 4 % of the server's CPU while 1,000 phones joined at
    once (benchmarks/bursts.py). Counting does not depend on the sweep (every test of a window
    reads the hits' times); the sweep only frees memory, so a later sweep only keeps a few
    seconds' hits longer."""

    SWEEP_INTERVAL = 5.0  # seconds

    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802  # the base class's hook
        if not self.timer.is_alive():
            self.timer = threading.Timer(self.SWEEP_INTERVAL,
                                         self._MemoryStorage__expire_events)
            self.timer.daemon = True
            self.timer.start()

    def _MemoryStorage__expire_events(self) -> None:  # noqa: N802  # the base class's sweep
        """The library's sweep copies every key's hits at every sweep (a hall's address key
        holds thousands): 15 % of the server's CPU while 1,000 phones joined
        (benchmarks/bursts.py). A key's hits are newest first, so a key whose last (oldest)
        hit is still in its window is passed over, and expired hits are cut off in place. A
        key left with no hits is dropped: the library kept every key ever counted (each
        socket's), so its sweep grew with every phone that ever connected."""
        now = time.time()
        for key in list(self.events):
            events = self.events.get(key)
            if events and events[-1].expiry > now:
                continue
            with self.locks[key]:
                events = self.events.get(key)
                if events:
                    del events[bisect.bisect_left(events, -now, key=lambda hit: -hit.expiry):]
                if not events:  # a socket long gone: its key goes (the library kept it)
                    self.events.pop(key, None)
                    self.locks.pop(key, None)
        for key in list(self.expirations):
            if self.expirations.get(key, now) <= now:
                self.storage.pop(key, None)
                self.expirations.pop(key, None)
                self.locks.pop(key, None)


class Limiter:
    """The app's counters. ``RATE_LIMITS = "off"`` turns every limit off (only benchmarks do,
    to measure what the limits cost)."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.enabled = str(config.get("RATE_LIMITS", "on")).strip().lower() != "off"
        # Every rate is parsed now, so that a mistyped setting stops the start, not a request.
        self._rates: dict[str, RateLimitItem] = {}
        for key, value in config.items():
            if key.startswith("LIMIT_"):
                try:
                    self._rates[key] = parse(str(value))
                except ValueError:
                    raise ValueError(f"{key} must be a rate such as '10 per minute', "
                                     f"not {value!r}") from None
        self._window = MovingWindowRateLimiter(counters(storage_uri(config)))
        self._warned = float("-inf")  # when the storage was last said not to answer

    def rate(self, setting: str) -> RateLimitItem:
        return self._rates[setting]

    def check(self, hits: Iterable[tuple[Limit, str]]) -> None:
        """Count one hit on each ``(limit, key)``, the narrowest first (a socket, a phone, a
        group, then the address), or raise ``TooFast`` at the first that is used up: the wider
        ones are then not counted, so a flooding socket never uses up its hall's address.

        Only ``hit`` is used, never ``test`` first: a hit looks at one entry of the window, a
        test counts the whole window (an address's 1,200 entries for each of a hall's joins:
        a fifth more server CPU for 300 phones joining at once, benchmarks/groups_join.py)."""
        if not self.enabled:
            return
        for limit, key in sorted(hits, key=lambda hit: _NARROWEST_FIRST.index(hit[0].per)):
            if not self._counted(self._window.hit, True, self._rates[limit.setting],
                                 limit.setting, key):
                raise TooFast()

    def hit(self, setting: str, key: str) -> int:
        """Count one hit on ``setting``'s counter for ``key``; return the hits within the
        window, this one included (the window's size + 1 when it was already full)."""
        rate = self._rates[setting]
        if not self._counted(self._window.hit, True, rate, setting, key):
            return rate.amount + 1
        return self.used(setting, key)

    def used(self, setting: str, key: str) -> int:
        """The hits within ``setting``'s window for ``key``."""
        rate = self._rates[setting]
        stats = self._counted(self._window.get_window_stats, None, rate, setting, key)
        return 0 if stats is None else rate.amount - stats.remaining

    def full(self, setting: str, key: str) -> bool:
        """Whether ``setting``'s counter for ``key`` is used up."""
        return self.enabled and not self._counted(self._window.test, True,
                                                  self._rates[setting], setting, key)

    def _counted(self, call: Any, unreachable: Any, *args: Any) -> Any:
        """``call(*args)`` on the counters; ``unreachable`` if their storage (Redis) does not
        answer: then the limits let every request through (and the log says so) rather than
        refuse a hall while Redis restarts."""
        try:
            return call(*args)
        except StorageError:
            # Once a minute at most: a hall's every event would log a traceback otherwise.
            now = time.monotonic()
            if now - self._warned >= UNREACHABLE_WARNING_SECONDS:
                self._warned = now
                log.warning("the rate limits' storage did not answer; requests are let "
                            "through until it does", exc_info=True)
            return unreachable


def count_request(setting: str) -> None:
    """Count this HTTP request on the per-address limit ``setting``; ``TooFast`` (answered
    with the 429 page, ``seminar.web.errors``) if it is used up."""
    limiter().check([(per_address(setting), client_address())])
