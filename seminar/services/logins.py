"""Logins that end: the organiser's and facilitators' sessions, kept on the server.

A login is a random token: the browser's signed cookie carries it, the database keeps only
its hash. Every check looks the hash up (one primary-key lookup), so logging out, deleting a
seminar or replacing its facilitator key ends the session even for a copy of the cookie.
"""

import hashlib
import secrets

from seminar.store import Store

ORGANISER = None  # the "seminar" of the organiser's logins


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def log_in(store: Store, seminar_id: int | None, now: float, lifetime: float) -> str:
    """Store a new login (for ``seminar_id``, or the organiser's); return its token. Logins
    older than ``lifetime`` (their cookies have expired) are forgotten on the way."""
    token = secrets.token_urlsafe(24)
    with store.write():
        store.logins.delete_older_than(now - lifetime)
        store.logins.insert(_hash(token), seminar_id, now)
    return token


def is_logged_in(store: Store, token: object, seminar_id: int | None, now: float,
                 lifetime: float) -> bool:
    """True if ``token`` is a login of ``seminar_id`` (or the organiser's), not ended since
    and not older than ``lifetime``."""
    if not isinstance(token, str) or not token or len(token) > 100:
        return False
    with store.read():
        return store.logins.exists(_hash(token), seminar_id, now - lifetime)


def log_out(store: Store, token: object) -> None:
    """End the login ``token`` (nothing happens if it has ended already)."""
    if isinstance(token, str) and token:
        with store.write():
            store.logins.delete(_hash(token))


def end_other_logins(store: Store, seminar_id: int, keep: str | None) -> None:
    """End every login of the seminar but ``keep`` (inside the caller's transaction)."""
    store.logins.delete_seminar_logins(seminar_id, keep=_hash(keep) if keep else None)
