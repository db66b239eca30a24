"""Sessions that end: logging out, deleting a seminar or replacing its facilitator key ends
the login on the server, so a copy of the old cookie is refused (HTTP and socket)."""

import re

from seminar.extensions import socketio
from seminar.services.seminars import find_seminar
from tests.test_pages import _organiser_login


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page)[1]


def _copy_of(client, app):
    """A second browser holding a copy of ``client``'s session cookie (a replay)."""
    replay = app.test_client()
    replay.set_cookie("session", client.get_cookie("session").value)
    return replay


def _log_in_facilitator(client, seminar, key) -> str:
    assert client.get(f"/s/{seminar.code}/facilitator?key={key}").status_code == 302
    console = client.get(f"/s/{seminar.code}/facilitator")
    assert console.status_code == 200
    return _csrf(console.get_data(as_text=True))


def _prepare(sio, code: str) -> dict:
    return sio.emit("groups:prepare", {"code": code, "text": "A\nB"}, callback=True)


def test_an_organiser_cookie_replayed_after_logging_out_is_refused(app, client):
    _, token = _organiser_login(client)
    replay = _copy_of(client, app)
    assert replay.get("/organiser/").status_code == 200  # a copy works while logged in

    assert client.post("/organiser/logout", data={"csrf": token}).status_code == 302

    assert client.get("/organiser/").status_code == 401
    assert replay.get("/organiser/").status_code == 401
    page = replay.get("/organiser/").get_data(as_text=True)
    assert replay.post("/organiser/seminars", data={"csrf": _csrf(page), "kit": "short.md"}
                       ).status_code == 401


def test_the_console_has_a_log_out_and_a_replayed_facilitator_cookie_is_refused_after_it(
        app, client, make_seminar):
    seminar, key = make_seminar()
    token = _log_in_facilitator(client, seminar, key)
    console = client.get(f"/s/{seminar.code}/facilitator").get_data(as_text=True)
    assert f'action="/s/{seminar.code}/logout"' in console
    assert ">Logg ut</button>" in console
    replay = _copy_of(client, app)
    assert replay.get(f"/s/{seminar.code}/facilitator").status_code == 200

    assert client.post(f"/s/{seminar.code}/logout", data={"csrf": "wrong"}).status_code == 400
    assert replay.get(f"/s/{seminar.code}/facilitator").status_code == 200
    response = client.post(f"/s/{seminar.code}/logout", data={"csrf": token})
    assert (response.status_code, response.headers["Location"]) == (303, "/")

    for browser in (client, replay):
        assert browser.get(f"/s/{seminar.code}/facilitator").status_code == 403
        assert browser.get(f"/s/{seminar.code}/export/csv").status_code == 403
        assert browser.get(f"/s/{seminar.code}/delete").status_code == 403


def test_a_facilitator_socket_whose_cookie_was_logged_out_is_not_allowed(
        app, client, make_seminar):
    seminar, key = make_seminar()
    token = _log_in_facilitator(client, seminar, key)
    console = socketio.test_client(app, flask_test_client=client)
    replay = socketio.test_client(app, flask_test_client=_copy_of(client, app))
    try:
        assert _prepare(console, seminar.code)["ok"] is True
        assert _prepare(replay, seminar.code)["ok"] is True

        client.post(f"/s/{seminar.code}/logout", data={"csrf": token})

        for sio in (console, replay):
            ack = _prepare(sio, seminar.code)
            assert (ack["ok"], ack["error"]["code"]) == (False, "not_allowed")
    finally:
        console.disconnect()
        replay.disconnect()


def test_logging_out_of_one_seminar_keeps_the_others_and_other_browsers(
        app, client, make_seminar):
    first, first_key = make_seminar()
    second, second_key = make_seminar()
    token = _log_in_facilitator(client, first, first_key)
    _log_in_facilitator(client, second, second_key)
    colleague = app.test_client()
    _log_in_facilitator(colleague, first, first_key)

    client.post(f"/s/{first.code}/logout", data={"csrf": token})

    assert client.get(f"/s/{first.code}/facilitator").status_code == 403
    assert client.get(f"/s/{second.code}/facilitator").status_code == 200
    assert colleague.get(f"/s/{first.code}/facilitator").status_code == 200


def test_a_new_facilitator_key_ends_the_old_key_and_every_other_login_but_this_one(
        app, client, make_seminar):
    seminar, old_key = make_seminar()
    token = _log_in_facilitator(client, seminar, old_key)
    console = client.get(f"/s/{seminar.code}/facilitator").get_data(as_text=True)
    assert f'action="/s/{seminar.code}/facilitator/key"' in console
    assert "data-new-key" in console
    colleague = app.test_client()
    _log_in_facilitator(colleague, seminar, old_key)
    colleague_socket = socketio.test_client(app, flask_test_client=colleague)
    replay = _copy_of(client, app)

    assert client.post(f"/s/{seminar.code}/facilitator/key",
                       data={"csrf": "wrong"}).status_code == 400
    assert app.test_client().post(f"/s/{seminar.code}/facilitator/key",
                                  data={"csrf": token}).status_code == 403
    shown = client.post(f"/s/{seminar.code}/facilitator/key", data={"csrf": token})

    assert shown.status_code == 200
    assert shown.headers["Cache-Control"] == "no-store"
    page = shown.get_data(as_text=True)
    link = re.search(r'data-facilitator-link>([^<]+)<', page)[1]
    new_key = re.fullmatch(rf"http://seminar\.test:5000/s/{seminar.code}/facilitator\?key=(\S+)",
                           link)[1]
    assert new_key != old_key
    assert f"<code>{new_key}</code>" in page
    # This browser (and a copy of its cookie) stays; the colleague is logged out.
    assert client.get(f"/s/{seminar.code}/facilitator").status_code == 200
    assert replay.get(f"/s/{seminar.code}/facilitator").status_code == 200
    assert colleague.get(f"/s/{seminar.code}/facilitator").status_code == 403
    ack = _prepare(colleague_socket, seminar.code)
    assert (ack["ok"], ack["error"]["code"]) == (False, "not_allowed")
    colleague_socket.disconnect()
    # The old key opens nothing; the new one does.
    assert app.test_client().get(
        f"/s/{seminar.code}/facilitator?key={old_key}").status_code == 403
    newcomer = app.test_client()
    _log_in_facilitator(newcomer, seminar, new_key)
    assert newcomer.get(f"/s/{seminar.code}/export/csv").status_code == 200


def test_a_deleted_seminar_ends_its_logins_and_its_key_opens_nothing_after(
        app, client, make_seminar, app_store):
    seminar, key = make_seminar()
    _log_in_facilitator(client, seminar, key)
    page = client.get(f"/s/{seminar.code}/delete").get_data(as_text=True)
    assert client.post(f"/s/{seminar.code}/delete",
                       data={"csrf": _csrf(page), "confirm": seminar.code}).status_code == 200
    assert app_store.db.execute("SELECT count(*) FROM logins").fetchone()[0] == 0
    # A seminar made later (it may even get the deleted one's row id) is not opened by
    # the deleted seminar's key or by the old cookie.
    successor, _ = make_seminar()
    assert successor.record.id == seminar.record.id  # SQLite reuses the highest row id
    for code in (seminar.code, successor.code):
        assert client.get(f"/s/{code}/facilitator?key={key}").status_code in (403, 404)
    assert client.get(f"/s/{successor.code}/facilitator").status_code == 403
    assert find_seminar(app_store, successor.code).code == successor.code


def test_a_login_ends_after_the_session_lifetime_even_if_it_is_used(app, client, make_seminar):
    seminar, key = make_seminar()
    clock = [1_800_000_000.0]
    app.extensions["seminar.clock"] = lambda: clock[0]
    _log_in_facilitator(client, seminar, key)
    lifetime = app.permanent_session_lifetime.total_seconds()
    clock[0] += lifetime - 1
    assert client.get(f"/s/{seminar.code}/facilitator").status_code == 200
    clock[0] += 2
    assert client.get(f"/s/{seminar.code}/facilitator").status_code == 403
