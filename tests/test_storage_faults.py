"""A database the disk stops taking writes for while the server runs: every write is refused
with the retryable ``storage_unavailable`` (never a generic error, and nothing half stored),
every screen hears it and hears when writes work again; a bug is still a bug."""

import sqlite3
import time

import pytest
from flask_babel import gettext
from markupsafe import escape

from seminar.app import create_app
from seminar.domain.errors import StorageUnavailable
from seminar.extensions import socketio
from seminar.services.seminars import create_seminar
from seminar.store import Store
from seminar.store.store import storage_fault
from seminar.web.storage_health import StorageHealth
from tests.conftest import KITS, NOW, SHORT_KIT
from tests.services_fixtures import edit, kari_ola_and_per
from tests.small_disk import small_disk
from tests.socket_helpers import received, send


def _refused(app) -> dict:
    """The acknowledgement's error, in bokmål (the msgid until its translation is merged)."""
    with app.test_request_context():
        return {"code": "storage_unavailable",
                "message": gettext(StorageUnavailable.while_running)}


@pytest.fixture
def disk(tmp_path):
    with small_disk(tmp_path) as disk:
        yield disk


def _point_ids(store: Store) -> list[str]:
    with store.read():
        return [row["id"] for row in store.db.query("SELECT id FROM points ORDER BY id")]


# -- the store ------------------------------------------------------------------------------------

def test_a_write_on_a_full_disk_is_storage_unavailable_and_stores_nothing(disk):
    store = Store(disk.database)
    try:
        seminar, _ = create_seminar(store, "short.md", SHORT_KIT, NOW)
        people = kari_ola_and_per(store, seminar)
        edit(store, seminar, people["kari"], "add", point="point-0001", question="q1",
             text="Før")
        disk.fill()
        with pytest.raises(StorageUnavailable) as refused:
            for n in range(2, 40):  # a few pages more than any slack the log file has
                edit(store, seminar, people["kari"], "add", point=f"point-{n:04d}",
                     question="q1", text="x" * 1500)
        assert refused.value.code == "storage_unavailable"
        assert refused.value.params["path"] == str(disk.database)
        with pytest.raises(StorageUnavailable):
            store.check_writes()
        stored = _point_ids(store)  # each edit is whole or absent, up to the refused one
        assert stored == ["point-0001", *(f"point-{n:04d}" for n in range(2, len(stored) + 1))]
        disk.free()
        assert store.check_writes()
        edit(store, seminar, people["kari"], "add", point="point-9999", question="q2",
             text="Etter")
        assert _point_ids(store) == [*stored, "point-9999"]
    finally:
        disk.free()
        store.close()


def test_a_write_to_a_read_only_database_is_storage_unavailable(store, seminar):
    people = kari_ola_and_per(store, seminar)
    store.db.execute("PRAGMA query_only = ON")  # SQLite refuses every write: SQLITE_READONLY
    with pytest.raises(StorageUnavailable) as refused:
        edit(store, seminar, people["kari"], "add", point="point-0001", question="q1", text="Én")
    assert refused.value.params["reason"] == "attempt to write a readonly database"
    store.db.execute("PRAGMA query_only = OFF")
    edit(store, seminar, people["kari"], "add", point="point-0001", question="q1", text="Én")
    assert _point_ids(store) == ["point-0001"]


@pytest.mark.parametrize(("code", "fault"), [
    (sqlite3.SQLITE_FULL, True), (sqlite3.SQLITE_READONLY, True), (sqlite3.SQLITE_IOERR, True),
    (sqlite3.SQLITE_IOERR | (3 << 8), True),  # SQLITE_IOERR_WRITE, an extended code
    (sqlite3.SQLITE_CANTOPEN, True), (sqlite3.SQLITE_CONSTRAINT, False),
    (sqlite3.SQLITE_ERROR, False), (sqlite3.SQLITE_CORRUPT, False), (None, False)])
def test_only_the_disks_errors_are_storage_faults(code, fault):
    error = sqlite3.OperationalError("what SQLite said")
    if code is not None:
        error.sqlite_errorcode = code
    assert storage_fault(error) is fault


def test_a_bug_in_a_write_stays_a_bug(store):
    with pytest.raises(sqlite3.OperationalError, match="no such table"), store.write():
        store.db.conn.execute("INSERT INTO no_such_table VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError), store.write():
        store.db.conn.execute("INSERT INTO seminars (id) VALUES (NULL)")
    assert store.check_writes()


def test_checking_writes_on_a_closed_store_says_so(tmp_path):
    store = Store(tmp_path / "seminar.db")
    store.close()
    assert store.check_writes() is False


# -- the socket protocol and the pages -----------------------------------------------------------

@pytest.fixture
def app_on_disk(disk, tmp_path, monkeypatch):
    monkeypatch.setenv("SEMINAR_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({
        "TESTING": True, "DATABASE": str(disk.database), "SECRET_KEY": "test-secret",
        "ORGANISER_KEY": "organiser-test-key", "KITS_DIR": str(KITS),
        "PUBLIC_URL": "http://seminar.test:5000", "GROUPS_BROADCAST_INTERVAL": 0,
        "PRESENCE_BROADCAST_INTERVAL": 0,
        "STORAGE_PROBE_INTERVAL": 0.05,
    })
    yield app, disk
    disk.free()
    app.extensions["seminar.store"].close()


EDITS = 12  # twice that stays within a phone's burst of edits


def _wait_for(sio, event, timeout=10.0):
    """The payloads of ``event`` that ``sio`` gets within ``timeout`` (at least one)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = received(sio, event)
        if found:
            return found
        socketio.sleep(0.05)
    raise AssertionError(f"no {event} within {timeout} s")


def _hall(app):
    seminar, key = create_seminar(app.extensions["seminar.store"], "short.md", SHORT_KIT, NOW)
    http = app.test_client()
    assert http.get(f"/s/{seminar.code}/facilitator?key={key}").status_code == 302
    facilitator = socketio.test_client(app, flask_test_client=http)
    facilitator.emit("seminar:join", {"code": seminar.code, "view": "facilitator"},
                     callback=True)
    ack = facilitator.emit("groups:prepare", {"code": seminar.code, "text": "A"}, callback=True)
    group = ack["groups"]["groups"][0]["id"]
    phone_http = app.test_client()
    phone_http.get(f"/s/{seminar.code}")
    phone = socketio.test_client(app, flask_test_client=phone_http)
    phone.emit("seminar:join", {"code": seminar.code, "view": "participant"}, callback=True)
    phone.emit("group:choose", {"code": seminar.code, "group": group}, callback=True)
    phone.emit("role:take", {"code": seminar.code, "role": "skriver"}, callback=True)
    for sio in (facilitator, phone):
        sio.get_received()
    return seminar, http, facilitator, phone


def test_an_edit_on_a_full_disk_is_refused_as_retryable_and_every_screen_hears_of_it_and_of_the_recovery(  # noqa: E501
        app_on_disk):
    app, disk = app_on_disk
    seminar, _, facilitator, phone = _hall(app)
    code = seminar.code
    join = {"code": code, "view": "facilitator"}
    assert facilitator.emit("seminar:join", join, callback=True)["storage"] == {"ok": True}
    facilitator.get_received()

    disk.fill()
    acks = [send(phone, code, "add", f"edit-{n:03d}", point=f"point-{n:03d}", question="q1",
                 text="x" * 1500) for n in range(EDITS)]
    refused = [n for n, ack in enumerate(acks) if not ack["ok"]]
    assert refused, "the disk took every edit"
    assert all(acks[n] == {"ok": False, "error": _refused(app)} for n in refused)
    assert refused == list(range(refused[0], EDITS))  # once full, every edit is refused
    for sio in (facilitator, phone):
        assert _wait_for(sio, "storage:state") == [{"ok": False}]  # told once
    assert facilitator.emit("seminar:join", join, callback=True)["storage"] == {"ok": False}
    assert phone.emit("seminar:join", {"code": code, "view": "participant"},
                      callback=True)["storage"] == {"ok": False}

    disk.free()
    for sio in (facilitator, phone):
        assert _wait_for(sio, "storage:state") == [{"ok": True}]
    assert facilitator.emit("seminar:join", join, callback=True)["storage"] == {"ok": True}
    for n in refused:  # the phone sends what it kept
        assert send(phone, code, "add", f"edit-{n:03d}", point=f"point-{n:03d}",
                    question="q1", text="x" * 1500)["ok"]
    assert _point_ids(app.extensions["seminar.store"]) == [f"point-{n:03d}" for n in range(EDITS)]


def test_an_edit_to_a_read_only_database_is_refused_and_sent_again_once_it_takes_writes(app):
    """The same without a small disk (any machine): SQLite refuses every write of a
    ``query_only`` connection, as of a read-only file."""
    app.extensions["seminar.storage_health"] = StorageHealth(app, 0.05)
    seminar, _, facilitator, phone = _hall(app)
    store = app.extensions["seminar.store"]
    store.db.execute("PRAGMA query_only = ON")
    ack = send(phone, seminar.code, "add", "edit-001", point="point-001", question="q1",
               text="Først")
    assert ack == {"ok": False, "error": _refused(app)}
    for sio in (facilitator, phone):
        assert _wait_for(sio, "storage:state") == [{"ok": False}]
    socketio.sleep(0.3)  # several probes, each refused
    assert received(facilitator, "storage:state") == []
    store.db.execute("PRAGMA query_only = OFF")
    for sio in (facilitator, phone):
        assert _wait_for(sio, "storage:state") == [{"ok": True}]
    assert send(phone, seminar.code, "add", "edit-001", point="point-001", question="q1",
                text="Først")["ok"]
    assert _point_ids(store) == ["point-001"]


def test_a_page_whose_write_the_disk_refuses_answers_503_with_the_message(app_on_disk):
    app, disk = app_on_disk
    seminar, http, facilitator, _ = _hall(app)
    with http.session_transaction() as session:
        session["csrf"] = "token"
    disk.fill()
    response = http.post(f"/s/{seminar.code}/language", data={"language": "nn", "csrf": "token"})
    assert response.status_code == 503
    assert escape(_refused(app)["message"]) in response.get_data(as_text=True)
    assert _wait_for(facilitator, "storage:state") == [{"ok": False}]
    disk.free()
    assert _wait_for(facilitator, "storage:state") == [{"ok": True}]
    response = http.post(f"/s/{seminar.code}/language", data={"language": "nn", "csrf": "token"})
    assert response.status_code == 303
