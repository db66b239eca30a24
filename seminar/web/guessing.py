"""Join-code guessing: unknown codes are counted per client address, answered ever more slowly,
and past a limit every code from that address is answered as unknown.

Every way a code is looked up for a client goes through ``find_by_code``: each socket event
that names a seminar (``seminar:join`` and the rest), and the HTTP pages of a seminar
(``/s/<code>/…``, the start page's form). A refused guess gets exactly the answer of any
unknown code (``not_found`` on the socket, the 404 page over HTTP), only later: so a guesser
cannot tell a refusal from a miss, and a right code found past the limit is not recognised.

Decided for halls behind one address (NAT): a right code within the limit is answered at
once, however many misses the address has, so one phone's typos never slow the others; the
first ``CODE_MISSES_FREE`` misses within the window are answered at once too. Past the limit,
a browser that has shown it knows the seminar is still served, so a guesser on the venue's
Wi-Fi cannot lock the hall out: a phone whose signed cookie holds an identity for the code
(it opened the seminar's page before), the seminar's facilitator and the organiser.

The delay is a sleep of the async mode (``socketio.sleep``): under gevent it holds only the
greenlet of this event or request, never the others.
"""

import contextlib

from flask import current_app, session

from seminar.domain.errors import NotFound
from seminar.extensions import socketio
from seminar.services.seminars import Seminar, find_seminar
from seminar.web import auth
from seminar.web.context import client_address, limiter, store

MISSES = "LIMIT_CODE_MISSES_PER_ADDRESS"


def miss_delay(misses: int, free: int, delay: float, longest: float) -> float:
    """Seconds to wait before answering the ``misses``-th miss within the window: none for
    the first ``free``, then ``delay`` doubled for each further one, at most ``longest``."""
    if misses <= free:
        return 0.0
    return min(longest, delay * 2 ** min(misses - free - 1, 30))


def find_by_code(code: str) -> Seminar:
    """The seminar with ``code``, or ``NotFound`` for an unknown code, and also for any code
    once this client's address has used up its misses (unless this browser already showed it
    knows the seminar: see ``_knows``)."""
    if code in session.get("participants", {}):  # this browser opened the seminar's page
        return find_seminar(store(), code)
    limits, address, config = limiter(), client_address(), current_app.config
    if limits.full(MISSES, address):
        with contextlib.suppress(NotFound):
            seminar = find_seminar(store(), code)
            if auth.facilitates(seminar) or auth.is_organiser():
                return seminar
        _wait(config["CODE_MISS_DELAY_MAX"])
        raise NotFound()
    try:
        return find_seminar(store(), code)
    except NotFound:
        if limits.enabled:
            misses = limits.hit(MISSES, address)
            wait = miss_delay(misses, config["CODE_MISSES_FREE"], config["CODE_MISS_DELAY"],
                              config["CODE_MISS_DELAY_MAX"])
            if wait:
                _wait(wait)
        raise


def _wait(seconds: float) -> None:
    socketio.sleep(seconds)  # type: ignore[arg-type]  # the stub says int; a float works
