"""Deleting a seminar: every row of it goes, nothing of another seminar does, only the
facilitator or the organiser may, and every connected screen is told."""

import random
import re

import pytest

from seminar.domain.errors import InvalidInput, NotFound
from seminar.extensions import socketio
from seminar.services import groups, logins, plenary, summary
from seminar.services.archive import export_archive, import_archive
from seminar.services.seminars import create_seminar, delete_seminar, find_seminar
from tests.conftest import NOW, SHORT_KIT
from tests.test_answers import edit
from tests.test_pages import _organiser_login


def _fill(store, seminar, prefix: str) -> None:
    """Give a seminar something in every table: groups, roles, answers, picks, a theme…"""
    groups.prepare_groups(store, seminar, "Bærum\nÅlesund", NOW)
    ids = [g.id for g in store.groups.all(seminar.record.id)]
    plenary.configure(store, seminar, "q2", priorities_open=True, revealed=True)
    plenary.show(store, seminar, "wall", "q2", now=NOW)
    people = []
    for index, group_id in enumerate(ids):
        person, _ = groups.enter_seminar(store, seminar, f"{prefix}-person-{index}", NOW)
        groups.choose_group(store, seminar, person.id, group_id, NOW)
        people.append(person.id)
    groups.assign_roles_by_app(store, seminar, NOW, random.Random(1))
    for index, person in enumerate(people):
        for n in (1, 2):
            edit(store, seminar, person, "add", point=f"{prefix}-point-{index}-{n}",
                 question="q2", text=f"Punkt {n} fra gruppe {index}")
        edit(store, seminar, person, "done", question="q2", done=True)
        edit(store, seminar, person, "prioritise", question="q2",
             points=[f"{prefix}-point-{index}-1"])
    summary.create_theme(store, seminar, "q2", "Tema",
                         [f"{prefix}-point-0-1", f"{prefix}-point-1-1"], NOW)
    logins.log_in(store, seminar.record.id, NOW, lifetime=3600)  # a facilitator's
    summary.reject_suggestion(store, seminar, [f"{prefix}-point-0-2", f"{prefix}-point-1-2"])
    edit(store, seminar, people[0], "edit", point=f"{prefix}-point-0-2", revision=1,
         text="Endret")  # keeps the earlier version
    asker, _ = groups.enter_seminar(store, seminar, f"{prefix}-asker", NOW)
    groups.choose_group(store, seminar, asker.id, ids[0], NOW)
    holder = store.groups.current_roles(seminar.record.id)[ids[0]]["skriver"]
    if holder != asker.id:
        groups.take_role(store, seminar, asker.id, "skriver", NOW, take_over=True)
    groups.configure_groups(store, seminar, False, None, NOW, locked=True)
    guest, _ = groups.enter_seminar(store, seminar, f"{prefix}-guest", NOW)
    groups.ask_to_join(store, seminar, guest.id, ids[1], NOW)


def _row_counts(store) -> dict[str, int]:
    tables = [row[0] for row in store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {table: store.db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
            for table in tables}


def test_deleting_removes_every_row_of_the_seminar_and_nothing_else(store):
    kept, _ = create_seminar(store, "short.md", SHORT_KIT, NOW)
    _fill(store, kept, "kept")
    before = _row_counts(store)
    doomed, _ = create_seminar(store, "short.md", SHORT_KIT, NOW)
    _fill(store, doomed, "doomed")
    grown = {table for table, count in _row_counts(store).items() if count > before[table]}
    assert grown >= {"seminars", "block_timers", "groups", "participants", "role_assignments",
                     "points", "applied_edits", "question_status", "question_settings",
                     "priorities", "themes", "theme_points", "rejected_pairs", "logins",
                     "point_versions", "role_requests", "group_requests"}

    assert delete_seminar(store, doomed, doomed.code.lower()).code == doomed.code

    assert _row_counts(store) == before
    with pytest.raises(NotFound):
        find_seminar(store, doomed.code)
    assert summary.compile_summary(store, find_seminar(store, kept.code))["questions"]


def test_deleting_needs_the_code_typed_and_happens_once(store):
    seminar, _ = create_seminar(store, "short.md", SHORT_KIT, NOW)
    for typed in ("", "ABC", None, ["x"]):
        with pytest.raises(InvalidInput):
            delete_seminar(store, seminar, typed)
    assert find_seminar(store, seminar.code)
    delete_seminar(store, seminar, seminar.code)
    with pytest.raises(NotFound):
        delete_seminar(store, seminar, seminar.code)


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page)[1]


def test_the_facilitator_deletes_from_the_console_and_every_screen_is_told(
        app, client, make_seminar, connect):
    seminar, key = make_seminar()
    phone = connect()
    phone.emit("seminar:join", {"code": seminar.code, "view": "projector"}, callback=True)
    phone.get_received()
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    console = client.get(f"/s/{seminar.code}/facilitator").get_data(as_text=True)
    assert f'href="/s/{seminar.code}/delete"' in console

    page = client.get(f"/s/{seminar.code}/delete").get_data(as_text=True)
    wrong = client.post(f"/s/{seminar.code}/delete",
                        data={"csrf": _csrf(page), "confirm": "XXXXXX"})
    assert wrong.status_code == 400
    assert f"Skriv koden til samlingen, {seminar.code}" in wrong.get_data(as_text=True)
    assert [e["name"] for e in phone.get_received()] == []

    done = client.post(f"/s/{seminar.code}/delete",
                       data={"csrf": _csrf(page), "confirm": seminar.code})
    assert done.status_code == 200
    assert "er slettet" in done.get_data(as_text=True)
    assert [(e["name"], e["args"]) for e in phone.get_received()] == [
        ("seminar:deleted", [{"code": seminar.code}])]
    assert client.get(f"/s/{seminar.code}/facilitator").status_code == 404
    assert client.get(f"/s/{seminar.code}").status_code == 404


def test_only_the_facilitator_or_the_organiser_may_delete(app, client, make_seminar):
    seminar, _ = make_seminar()
    client.get(f"/s/{seminar.code}")  # a participant
    assert client.get(f"/s/{seminar.code}/delete").status_code == 403
    assert client.post(f"/s/{seminar.code}/delete",
                       data={"confirm": seminar.code}).status_code == 403
    organiser = app.test_client()
    _organiser_login(organiser)
    page = organiser.get(f"/s/{seminar.code}/delete").get_data(as_text=True)
    assert 'href="/organiser/"' in page
    assert organiser.post(f"/s/{seminar.code}/delete", data={"confirm": seminar.code}
                          ).status_code == 400  # no CSRF token
    assert organiser.post(f"/s/{seminar.code}/delete", data={
        "csrf": _csrf(page), "confirm": seminar.code}).status_code == 200
    assert organiser.get(f"/s/{seminar.code}/delete").status_code == 404


def test_a_screen_of_a_deleted_seminar_hears_nothing_of_one_restored_under_its_code(
        app, app_store, client, make_seminar, connect):
    seminar, key = make_seminar()
    old_projector = connect()
    old_projector.emit("seminar:join", {"code": seminar.code, "view": "projector"},
                       callback=True)
    archive = export_archive(app_store, seminar.code, NOW, include_names=False)
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    page = client.get(f"/s/{seminar.code}/delete").get_data(as_text=True)
    client.post(f"/s/{seminar.code}/delete", data={"csrf": _csrf(page), "confirm": seminar.code})
    old_projector.get_received()

    restored, new_key = import_archive(app_store, archive, NOW)
    assert restored.code == seminar.code  # the code was free again
    new_projector = connect()
    new_projector.emit("seminar:join", {"code": restored.code, "view": "projector"},
                       callback=True)
    new_projector.get_received()
    facilitator = connect(facilitator_of=(restored, new_key))
    facilitator.emit("seminar:join", {"code": restored.code, "view": "facilitator"},
                     callback=True)
    assert facilitator.emit("display:show", {"code": restored.code, "mode": "closing"},
                            callback=True)["ok"]
    assert [e["name"] for e in new_projector.get_received()] == ["display:state"]
    assert old_projector.get_received() == []


def test_deleting_closes_every_room_of_the_seminar_and_forgets_who_was_there(
        app, client, make_seminar, connect):
    seminar, key = make_seminar()
    http = app.test_client()
    http.get(f"/s/{seminar.code}")
    phone = socketio.test_client(app, flask_test_client=http)
    me = phone.emit("seminar:join", {"code": seminar.code, "view": "participant"},
                    callback=True)["me"]
    projector = connect()
    projector.emit("seminar:join", {"code": seminar.code, "view": "projector"}, callback=True)
    broadcaster = app.extensions["seminar.groups"]
    assert broadcaster.online(seminar.code) == {me}
    assert any(seminar.code in room for room in _rooms())

    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    page = client.get(f"/s/{seminar.code}/delete").get_data(as_text=True)
    client.post(f"/s/{seminar.code}/delete", data={"csrf": _csrf(page), "confirm": seminar.code})

    assert [room for room in _rooms() if seminar.code in room] == []  # the phone's own too
    assert seminar.code not in broadcaster.remembered()
    phone.disconnect()


def test_presence_is_forgotten_when_the_last_phone_of_a_seminar_goes(app, make_seminar):
    seminar, _ = make_seminar()
    http = app.test_client()
    http.get(f"/s/{seminar.code}")
    phone = socketio.test_client(app, flask_test_client=http)
    phone.emit("seminar:join", {"code": seminar.code, "view": "participant"}, callback=True)
    broadcaster = app.extensions["seminar.groups"]
    assert seminar.code in broadcaster.remembered()
    phone.disconnect()
    assert seminar.code not in broadcaster.remembered()


def _rooms() -> set[str]:
    return {room for room in socketio.server.manager.rooms.get("/", {}) if room}


def test_a_late_announcement_of_a_deleted_seminar_leaves_nothing_behind(app, make_seminar,
                                                                         app_store):
    from seminar.web.group_broadcast import GroupsBroadcaster
    from seminar.web.presence import Presence
    seminar, _ = make_seminar()
    broadcaster = GroupsBroadcaster(app, interval=0.05, presence=Presence())
    with app.app_context():
        broadcaster.changed(seminar.code)  # announced at once
        broadcaster.changed(seminar.code)  # the next one waits for the interval …
        delete_seminar(app_store, seminar, seminar.code)  # … and the seminar goes meanwhile
        broadcaster.forget(seminar.code)
        socketio.sleep(0.2)
    assert broadcaster.remembered() == set()
