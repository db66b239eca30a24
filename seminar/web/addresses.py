"""Which addresses this server answers to, and what it trusts a proxy to tell it.

Links, QR codes and redirects are built from the request's host only when no public URL is
configured, so a request for a host this server does not serve is refused (400) before any
view (or Socket.IO handshake) runs: ``Host: evil.example`` can never put evil.example into a
link. The hosts allowed are the public URL's, the one the server listens on (when it is not
every interface), this machine's loopback names, and ``ALLOWED_HOSTS`` (comma-separated;
``*`` allows any, for a proxy that checks hosts itself).

Behind a reverse proxy, ``TRUSTED_PROXIES`` (the number of proxies in front, 0 by default)
lets ``X-Forwarded-For``, ``-Proto``, ``-Host`` and ``-Port`` count (werkzeug's ``ProxyFix``);
without it they are ignored. Session cookies are ``Secure`` when the public URL is HTTPS, when
the request came over HTTPS (as a trusted proxy says), or when configured so.
"""

from collections.abc import Callable, Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from flask import Flask, Request, has_request_context, request
from flask.sessions import SecureCookieSession
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from seminar.web.delivery import NoCookieOnStaticFiles

_SOCKET_SESSION = "saved_session"  # where Flask-SocketIO keeps a socket's session, in its environ
LOOPBACK = ("localhost", "127.0.0.1", "::1")
_EVERY_INTERFACE = ("", "0.0.0.0", "::")


def host_name(host: str) -> str | None:
    """``"Seminar.Example:5000"`` → ``"seminar.example"``, ``"[::1]:5000"`` → ``"::1"``;
    ``None`` for what is not a host."""
    try:
        return urlsplit("//" + host.strip()).hostname or None
    except ValueError:
        return None


@lru_cache(maxsize=32)
def allowed_hosts(public_url: str, listen_host: str, configured: str) -> frozenset[str]:
    """The host names this server answers to (``"*"`` in it: any)."""
    names: set[str] = set(LOOPBACK)
    if public_url:
        names.add(urlsplit(public_url).hostname or "")
    if listen_host not in _EVERY_INTERFACE:
        names.add(host_name(listen_host) or "")
    for entry in configured.split(","):
        names.add("*" if entry.strip() == "*" else host_name(entry) or "")
    names.discard("")
    return frozenset(names)


def app_allows(app: Flask, host: str) -> bool:
    config = app.config
    allowed = allowed_hosts(str(config.get("PUBLIC_URL") or ""), str(config.get("HOST") or ""),
                            str(config.get("ALLOWED_HOSTS") or ""))
    return "*" in allowed or host_name(host) in allowed


class TrustedHosts:
    """WSGI middleware: refuse (400) a request whose host this server does not serve."""

    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or ""
        if not app_allows(self.app, host):
            refused = Response("400 Bad Request: this server does not answer to that host "
                               "name.\n", status=400, mimetype="text/plain")
            return refused(environ, start_response)
        return self.wsgi_app(environ, start_response)


class SessionCookies(NoCookieOnStaticFiles):
    """Flask's signed cookie, ``Secure`` whenever the seminar is reached over HTTPS (and never
    on a static file).

    A socket's events after its first are not read from the cookie again: Flask opens the
    session for every request context, and Flask-SocketIO makes one for every event of a
    socket, from the handshake's environ, only to put the socket's own copy of the session
    (``saved_session``, made at its first event) in its place. Checking the cookie's signature
    and decoding it again on every event was 9 % of the server's CPU while 1,000 phones joined
    at once (benchmarks/bursts.py)."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if _SOCKET_SESSION in request.environ:
            return self.session_class()  # replaced at once by the socket's own
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        if super().get_cookie_secure(app):
            return True
        if str(app.config.get("PUBLIC_URL") or "").startswith("https://"):
            return True
        return has_request_context() and request.is_secure


def install(app: Flask) -> None:
    """Wrap the app (after Socket.IO has wrapped it, so that its handshakes are checked too):
    the host check inside, the optional ``ProxyFix`` outside it."""
    app.session_interface = SessionCookies()
    app.wsgi_app = TrustedHosts(app, app.wsgi_app)  # type: ignore[method-assign]
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)
