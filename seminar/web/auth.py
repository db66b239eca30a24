"""Who is asking: the organiser (by organiser key) and facilitators (by per-seminar key).

Proving a key starts a login (``seminar.services.logins``): the signed session cookie carries
its random token, the database the token's hash. Every check looks the login up, so logging
out (or deleting the seminar, or replacing its key) ends it on the server: a copy of the
cookie is refused afterwards. Participants and the projector need no credentials and can never
reach what these guard.
"""

import hmac
import secrets

from flask import abort, current_app, g, request, session

from seminar.services import logins
from seminar.services.seminars import Seminar, is_facilitator_key
from seminar.web.context import now, store


def _logged_in(token: object, seminar_id: int | None) -> bool:
    """The login lookup, done once per request (or socket event) and login."""
    if not token:
        return False
    known = g.setdefault("logins_checked", {})
    if (token, seminar_id) not in known:
        known[token, seminar_id] = logins.is_logged_in(store(), token, seminar_id, now(),
                                                       _lifetime())
    return known[token, seminar_id]


def _lifetime() -> float:
    """How long a login lasts at most: as long as a session cookie."""
    return current_app.permanent_session_lifetime.total_seconds()


def _new_login(seminar_id: int | None) -> str:
    g.pop("logins_checked", None)
    return logins.log_in(store(), seminar_id, now(), _lifetime())


def is_organiser() -> bool:
    return _logged_in(session.get("organiser"), logins.ORGANISER)


def log_in_organiser(key: object) -> bool:
    expected = current_app.config["ORGANISER_KEY"]
    if not expected or not isinstance(key, str) \
            or not hmac.compare_digest(key.strip().encode(), expected.encode()):
        return False
    session.pop("csrf", None)  # a new token after logging in
    logins.log_out(store(), session.get("organiser"))
    session["organiser"] = _new_login(logins.ORGANISER)
    session.permanent = True
    return True


def log_out_organiser() -> None:
    logins.log_out(store(), session.pop("organiser", None))
    g.pop("logins_checked", None)


def facilitator_login(seminar: Seminar) -> str | None:
    """This browser's facilitator login token for the seminar, if it has one."""
    token = session.get("facilitates", {}).get(seminar.code)
    return token if isinstance(token, str) else None


def facilitates(seminar: Seminar) -> bool:
    """True if this browser proved the seminar's facilitator key and has not logged out since
    (nor was logged out by a new key, nor is the seminar deleted)."""
    return _logged_in(facilitator_login(seminar), seminar.record.id)


def grant_facilitator(seminar: Seminar, key: object) -> bool:
    if not is_facilitator_key(seminar, key):
        return False
    logins.log_out(store(), facilitator_login(seminar))
    granted = dict(session.get("facilitates", {}))
    granted[seminar.code] = _new_login(seminar.record.id)
    session["facilitates"] = granted
    session.permanent = True
    return True


def log_out_facilitator(seminar: Seminar) -> None:
    granted = dict(session.get("facilitates", {}))
    logins.log_out(store(), granted.pop(seminar.code, None))
    session["facilitates"] = granted
    g.pop("logins_checked", None)


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(16)
    return session["csrf"]


def check_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not sent or not hmac.compare_digest(sent.encode(), session.get("csrf", "").encode()):
        abort(400)
