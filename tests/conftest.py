"""Fixtures: a real SQLite file per test, the app, HTTP and Socket.IO test clients."""

from pathlib import Path

import pytest

from seminar.app import create_app
from seminar.extensions import socketio
from seminar.services.seminars import create_seminar
from seminar.store import Store
from seminar.web.rate_limit import Limiter

TESTS = Path(__file__).parent
KITS = TESTS / "kits"
SHORT_KIT = (KITS / "short.md").read_text(encoding="utf-8")
NOW = 1_800_000_000.0  # a fixed "now" for services and domain tests


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "seminar.db")
    yield store
    store.close()


@pytest.fixture
def seminar(store):
    """A seminar on the short test kit, made through the services on ``store`` (no app)."""
    return create_seminar(store, "short.md", SHORT_KIT, NOW)[0]


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("SEMINAR_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({
        "TESTING": True,
        "DATABASE": str(tmp_path / "seminar.db"),
        "SECRET_KEY": "test-secret",
        "ORGANISER_KEY": "organiser-test-key",
        "KITS_DIR": str(KITS),
        "PUBLIC_URL": "http://seminar.test:5000",
        "GROUPS_BROADCAST_INTERVAL": 0,  # announce every change at once
        "PRESENCE_BROADCAST_INTERVAL": 0,
    })
    yield app
    app.extensions["seminar.store"].close()


@pytest.fixture
def app_store(app):
    return app.extensions["seminar.store"]


@pytest.fixture
def make_seminar(app_store):
    """Create a seminar from the short test kit; return (seminar, facilitator key)."""
    def make(kit_text: str = SHORT_KIT):
        return create_seminar(app_store, "short.md", kit_text, NOW)

    return make


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def connect(app):
    """Open a Socket.IO test client; as facilitator of ``seminar`` if its key is given."""
    opened = []

    def open_client(facilitator_of=None):
        http = app.test_client()
        if facilitator_of is not None:
            seminar, key = facilitator_of
            response = http.get(f"/s/{seminar.code}/facilitator?key={key}")
            assert response.status_code == 302
        sio = socketio.test_client(app, flask_test_client=http)
        assert sio.is_connected()
        opened.append(sio)
        return sio

    yield open_client
    for sio in opened:
        if sio.is_connected():
            sio.disconnect()


@pytest.fixture
def hall(app, make_seminar, connect):
    """A seminar with groups A (Kari, the scribe, and Ola) and B (Per), and a facilitator."""
    seminar, key = make_seminar()
    facilitator = connect(facilitator_of=(seminar, key))
    facilitator.emit("seminar:join", {"code": seminar.code, "view": "facilitator"},
                     callback=True)
    ack = facilitator.emit("groups:prepare", {"code": seminar.code, "text": "A\nB"},
                           callback=True)
    ids = {group["name"]: group["id"] for group in ack["groups"]["groups"]}
    phones = {}
    for name, group in (("kari", "A"), ("ola", "A"), ("per", "B")):
        http = app.test_client()
        http.get(f"/s/{seminar.code}")
        sio = socketio.test_client(app, flask_test_client=http)
        sio.me = sio.emit("seminar:join", {"code": seminar.code, "view": "participant"},
                          callback=True)["me"]
        sio.emit("group:choose", {"code": seminar.code, "group": ids[group]}, callback=True)
        phones[name] = sio
    phones["kari"].emit("role:take", {"code": seminar.code, "role": "skriver"}, callback=True)
    projector = connect()
    projector.emit("seminar:join", {"code": seminar.code, "view": "projector"}, callback=True)
    for sio in (*phones.values(), facilitator, projector):
        sio.get_received()
    yield {"code": seminar.code, "ids": ids, "facilitator": facilitator,
           "projector": projector, **phones}
    for sio in phones.values():
        sio.disconnect()


@pytest.fixture
def unlimited(app):
    """No rate limit, so that every malformed edit reaches the validation."""
    app.extensions["seminar.limiter"] = Limiter({**app.config, "RATE_LIMITS": "off"})


@pytest.fixture
def set_limits(app):
    """``set_limits(LIMIT_X="2 per minute", ...)``: fresh counters with these settings."""
    def configure(**settings):
        app.config.update(settings)
        app.extensions["seminar.limiter"] = Limiter(app.config)

    return configure
