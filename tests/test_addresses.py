"""Trusted addresses: a request for a host this server does not serve is refused before
anything is built from it; a proxy's X-Forwarded-* headers count only when configured;
cookies are Secure over HTTPS; the CSP lets scripts connect to this server only."""

import http.client
import re

import pytest
import socketio
from flask import request, session

from seminar.app import create_app
from seminar.services.seminars import create_seminar
from tests.conftest import KITS, NOW, SHORT_KIT
from tests.e2e.harness import SeminarServer
from tests.test_pages import _organiser_login


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    """An app with these settings (on top of the tests' usual ones), and a route that shows
    what the request looks like to the app."""
    monkeypatch.setenv("SEMINAR_INSTANCE_PATH", str(tmp_path / "instance"))
    made = []

    def make(**settings):
        app = create_app({"TESTING": True, "DATABASE": str(tmp_path / f"db{len(made)}.db"),
                          "SECRET_KEY": "test-secret", "ORGANISER_KEY": "organiser-test-key",
                          "KITS_DIR": str(KITS), "PUBLIC_URL": "", **settings})
        app.add_url_rule("/_seen", "seen", lambda: {
            "remote": request.remote_addr, "host": request.host, "scheme": request.scheme})
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["seminar.store"].close()


def _code(app) -> str:
    return create_seminar(app.extensions["seminar.store"], "short.md", SHORT_KIT, NOW)[0].code


def test_a_request_for_another_host_is_refused_and_names_it_nowhere(app):
    code = _code(app)
    evil = app.test_client()
    for path in ("/", "/organiser/", f"/s/{code}", f"/s/{code}/qr.svg", f"/j/{code}",
                 f"/s/{code}/projector", "/socket.io/?EIO=4&transport=polling",
                 "/static/css/console.css"):
        response = evil.get(path, base_url="http://evil.example")
        assert response.status_code == 400, path
        assert "evil.example" not in response.get_data(as_text=True)
        assert "Location" not in response.headers
    # The organiser's "created" page, where the facilitator link was built from the Host.
    _, token = _organiser_login(app.test_client())
    assert evil.post("/organiser/seminars", data={"csrf": token, "kit": "short.md"},
                     base_url="http://evil.example").status_code == 400


def test_the_created_page_builds_its_links_from_the_public_url_not_the_host(app):
    client = app.test_client()
    _, token = _organiser_login(client)
    page = client.post("/organiser/seminars", data={"csrf": token, "kit": "short.md"},
                       base_url="http://localhost:8080").get_data(as_text=True)
    links = set(re.findall(r'https?://[^"<\s]+', page))
    assert links and all(link.startswith("http://seminar.test:5000/") for link in links), links


@pytest.mark.parametrize(("settings", "allowed", "refused"), [
    ({}, ["localhost", "127.0.0.1:5000", "[::1]:5000", "LOCALHOST"],
     ["evil.example", "127.0.0.2", "localhost.evil.example"]),
    ({"PUBLIC_URL": "https://seminar.example.org"}, ["seminar.example.org", "localhost"],
     ["example.org", "evil.example"]),
    ({"ALLOWED_HOSTS": "hall.local, 10.0.0.5:5000"}, ["hall.local:5000", "10.0.0.5"],
     ["evil.example"]),
    ({"HOST": "192.0.2.7"}, ["192.0.2.7:5000"], ["192.0.2.8"]),
    ({"ALLOWED_HOSTS": "*"}, ["evil.example", "anything.test"], []),
])
def test_the_hosts_answered_are_the_public_urls_the_listened_ones_loopback_and_configured(
        make_app, settings, allowed, refused):
    client = make_app(**settings).test_client()
    for host in allowed:
        assert client.get("/", base_url=f"http://{host}").status_code == 200, host
    for host in refused:
        assert client.get("/", base_url=f"http://{host}").status_code == 400, host


def test_without_a_public_url_an_allowed_host_makes_the_links(make_app):
    app = make_app(ALLOWED_HOSTS="hall.local")
    code = _code(app)
    page = app.test_client().get(f"/s/{code}/projector", base_url="http://hall.local:5000")
    assert f"http://hall.local:5000/j/{code}" in page.get_data(as_text=True)


_FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https",
              "X-Forwarded-Host": "seminar.example.org"}


def test_forwarded_headers_are_ignored_by_default(make_app):
    client = make_app().test_client()
    seen = client.get("/_seen", base_url="http://localhost", headers=_FORWARDED).get_json()
    assert seen == {"remote": "127.0.0.1", "host": "localhost", "scheme": "http"}
    response = client.get("/", headers={**_FORWARDED, "X-Forwarded-Host": "evil.example"})
    assert response.status_code == 200  # the header does not count, so it is not refused


def test_a_configured_proxy_is_believed_and_its_host_is_checked_too(make_app):
    client = make_app(TRUSTED_PROXIES=1, PUBLIC_URL="https://seminar.example.org"
                      ).test_client()
    seen = client.get("/_seen", base_url="http://127.0.0.1:5000", headers=_FORWARDED)
    assert seen.get_json() == {"remote": "203.0.113.9", "host": "seminar.example.org",
                               "scheme": "https"}
    refused = client.get("/", headers={**_FORWARDED, "X-Forwarded-Host": "evil.example"})
    assert refused.status_code == 400


def _session_cookie(response) -> str:
    return next(value for value in response.headers.getlist("Set-Cookie")
                if value.startswith("session="))


@pytest.mark.parametrize(("settings", "headers", "secure"), [
    ({"PUBLIC_URL": "http://seminar.example.org"}, {}, False),
    ({"PUBLIC_URL": "https://seminar.example.org"}, {}, True),
    ({}, {"X-Forwarded-Proto": "https"}, False),  # no proxy configured: not believed
    ({"TRUSTED_PROXIES": 1}, {"X-Forwarded-Proto": "https"}, True),
    ({"TRUSTED_PROXIES": 1}, {"X-Forwarded-Proto": "http"}, False),
])
def test_the_session_cookie_is_secure_whenever_the_seminar_is_reached_over_https(
        make_app, settings, headers, secure):
    app = make_app(**settings)
    response = app.test_client().get(f"/s/{_code(app)}", headers=headers)
    cookie = _session_cookie(response)
    assert ("; Secure" in cookie) is secure, cookie
    assert "; HttpOnly" in cookie and "; SameSite=Lax" in cookie


def test_the_csp_lets_scripts_connect_to_this_server_only(app):
    code = _code(app)
    client = app.test_client()
    policy = client.get("/", base_url="http://127.0.0.1:5000").headers[
        "Content-Security-Policy"]
    assert policy == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self' ws://127.0.0.1:5000 wss://127.0.0.1:5000; font-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
    projector = client.get(f"/s/{code}/projector", base_url="http://localhost")
    assert projector.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "connect-src 'self' ws://localhost wss://localhost;" in \
        projector.headers["Content-Security-Policy"]
    assert projector.headers["Content-Security-Policy"].endswith("frame-ancestors 'self'")


def _raw_get(server: SeminarServer, path: str, host: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_a_real_server_refuses_another_host_and_a_cross_origin_socket(tmp_path):
    server = SeminarServer(tmp_path / "instance", tmp_path / "server.log")
    server.start()
    try:
        own = f"{server.host}:{server.port}"
        for path in (f"/s/{server.code}", "/socket.io/?EIO=4&transport=polling"):
            assert _raw_get(server, path, own)[0] == 200, path
            status, body = _raw_get(server, path, "evil.example")
            assert (status, "evil.example" in body) == (400, False), path
        for headers in ({"Host": "evil.example"}, {"Origin": "http://evil.example"}):
            stranger = socketio.SimpleClient()
            with pytest.raises(socketio.exceptions.ConnectionError):
                stranger.connect(server.base_url, transports=["websocket"], headers=headers,
                                 wait_timeout=5)
            stranger.disconnect()
        phone = socketio.SimpleClient()
        phone.connect(server.base_url, transports=["websocket"], wait_timeout=10)
        try:
            ack = phone.call("seminar:join", {"code": server.code, "view": "projector"},
                             timeout=10)
            assert ack["ok"] is True, ack
        finally:
            phone.disconnect()
    finally:
        server.stop()


def test_a_sockets_later_events_keep_its_session_without_reading_the_cookie_again(app):
    """Flask-SocketIO keeps a socket's session (``saved_session``) from its first event and
    puts it in place for every later one: the cookie is then not checked and decoded again.
    A page request still reads it."""
    with app.test_request_context("/"):
        cookie = app.session_interface.get_signing_serializer(app).dumps({"lang": "nn"})
    headers = {"Cookie": f"{app.config['SESSION_COOKIE_NAME']}={cookie}"}
    with app.test_request_context("/", headers=headers):
        assert session.get("lang") == "nn"
    with app.test_request_context("/", headers=headers,
                                  environ_overrides={"saved_session": {"lang": "en"}}):
        assert "lang" not in session  # Flask-SocketIO puts the socket's own in its place
