"""Who is asking: the organiser (by organiser key) and facilitators (by per-seminar key).

Both are remembered in the signed session cookie. Participants and the projector need no
credentials and can never reach what these guard.
"""

import hmac
import secrets

from flask import abort, current_app, request, session

from seminar.services.seminars import Seminar, is_facilitator_key


def is_organiser() -> bool:
    return session.get("organiser") is True


def log_in_organiser(key: object) -> bool:
    expected = current_app.config["ORGANISER_KEY"]
    if not expected or not isinstance(key, str) \
            or not hmac.compare_digest(key.strip().encode(), expected.encode()):
        return False
    session.pop("csrf", None)  # a new token after logging in
    session["organiser"] = True
    session.permanent = True
    return True


def facilitates(seminar: Seminar) -> bool:
    """True if this browser proved the seminar's facilitator key (and it was not replaced)."""
    granted = session.get("facilitates", {})
    return granted.get(seminar.code) == seminar.record.facilitator_key_hash[:16]


def grant_facilitator(seminar: Seminar, key: object) -> bool:
    if not is_facilitator_key(seminar, key):
        return False
    granted = dict(session.get("facilitates", {}))
    granted[seminar.code] = seminar.record.facilitator_key_hash[:16]
    session["facilitates"] = granted
    session.permanent = True
    return True


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(16)
    return session["csrf"]


def check_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not sent or not hmac.compare_digest(sent.encode(), session.get("csrf", "").encode()):
        abort(400)
