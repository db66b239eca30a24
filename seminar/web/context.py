"""Per-app objects the views and handlers need: the store, the clock, the groups announcer."""

from flask import current_app, request

from seminar.store import Store


def store() -> Store:
    return current_app.extensions["seminar.store"]


def now() -> float:
    return current_app.extensions["seminar.clock"]()


def groups_broadcaster():
    """The app's ``GroupsBroadcaster`` (see ``seminar.web.group_broadcast``)."""
    return current_app.extensions["seminar.groups"]


def limiter():
    """The app's rate limits (``seminar.web.rate_limit.Limiter``)."""
    return current_app.extensions["seminar.limiter"]


def client_address() -> str:
    """The client's address: the counters of the per-address limits are kept by it (behind a
    proxy it is the proxy's, unless the proxy handling is configured)."""
    return request.remote_addr or "unknown"


def socket_id() -> str:
    """The Socket.IO session id of the socket whose event is being handled."""
    return request.sid  # type: ignore[attr-defined]  # Flask-SocketIO sets it on the request
