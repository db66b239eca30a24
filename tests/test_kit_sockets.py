"""The kit editor's socket events, through the real Socket.IO server: only the facilitator
reads and edits the seminar's kit, every screen hears of a stored edit, a stale version is
refused and nothing stored, answers of a removed question stay."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seminar.domain.kit_parser import parse_kit
from seminar.services.seminars import find_seminar
from tests.socket_helpers import _json, received, send


def _get(sio, code):
    return sio.emit("kit:get", {"code": code}, callback=True)


def _edit(sio, code, version, *ops, confirm=False):
    return sio.emit("kit:edit", {"code": code, "version": version, "ops": list(ops),
                                 "confirm": confirm}, callback=True)


def test_the_facilitator_reads_the_kit_as_text_and_fields(hall):
    ack = _get(hall["facilitator"], hall["code"])
    assert ack["ok"] is True
    assert ack["version"] == 0
    assert ack["text"].startswith("# Kort testsamling\n")
    assert ack["current"] == 0 and ack["running"] is False
    assert ack["statuses"] == ["current", "upcoming", "upcoming"]
    assert ack["answered"] == {"q1": 0, "q2": 0}
    assert ack["kit"]["place"] == "Testsalen"
    assert [b["title"] for b in ack["kit"]["blocks"]] == ["Velkommen", "Gruppearbeid",
                                                          "Avslutning"]
    assert ack["kit"]["blocks"][1] == {
        "title": "Gruppearbeid", "kind": "group-work", "minutes": 20, "day": 1, "start": None,
        "description": "Snakk sammen i gruppen.", "audience_questions": False,
        "questions": [{"id": "q1", "title": "Spørsmål 1", "text": "Hva fungerer godt?",
                       "prioritise": None, "votes": None},
                      {"id": "q2", "title": "Spørsmål 2",
                       "text": "Hva er viktigst? Velg ett til tre punkt.",
                       "prioritise": [1, 3], "votes": None}],
        "items": []}
    assert ack["kit"]["evaluation"] == []
    assert ack["kit"]["roles"][1] == {"id": "skriver", "name": "Skriver",
                                      "description": "Skriver gruppens svar.", "writes": True,
                                      "keeps_time": False, "keeps_topic": False}


@pytest.mark.parametrize("event, payload", [
    ("kit:get", {}),
    ("kit:edit", {"version": 0, "ops": [{"op": "seminar", "field": "place", "value": "X"}]}),
    ("kit:text", {"version": 0, "text": "# X\n"}),
    ("kit:check", {"text": "# X\n"}),
    ("kit:preview", {"markdown": "*x*"}),
])
def test_only_the_facilitator_uses_the_kit_editor(hall, app_store, event, payload):
    for screen in (hall["kari"], hall["projector"]):
        ack = screen.emit(event, {"code": hall["code"], **payload}, callback=True)
        assert ack["ok"] is False
        assert ack["error"]["code"] in ("not_allowed", "unknown_participant")
    seminar = find_seminar(app_store, hall["code"])
    assert seminar.record.kit_version == 0 and seminar.kit.place == "Testsalen"


def test_an_edit_is_stored_and_every_screen_hears_of_it(hall, app_store):
    code = hall["code"]
    ack = _edit(hall["facilitator"], code, 0,
                {"op": "seminar", "field": "place", "value": "Bergen"},
                {"op": "block.set", "index": 1, "field": "minutes", "value": 40})
    assert ack["ok"] is True, ack
    assert ack["version"] == 1
    assert ack["kit"]["place"] == "Bergen"
    assert ack["kit"]["blocks"][1]["minutes"] == 40
    seminar = find_seminar(app_store, code)
    assert seminar.kit.place == "Bergen" and seminar.record.kit_version == 1
    assert seminar.programme.timers[1].duration == 40 * 60
    assert parse_kit(seminar.record.kit_source) == seminar.kit
    for screen in (hall["kari"], hall["per"], hall["projector"], hall["facilitator"]):
        packets = screen.get_received()
        names = [p["name"] for p in packets]
        assert "kit:changed" in names and "programme:state" in names, names
        assert names.index("kit:changed") < names.index("programme:state")
        changed = next(p["args"][0] for p in packets if p["name"] == "kit:changed")
        assert changed == {"code": code, "version": 1}


def test_a_stale_version_is_refused_and_nothing_stored(hall, app_store):
    code = hall["code"]
    assert _edit(hall["facilitator"], code, 0,
                 {"op": "seminar", "field": "place", "value": "Bergen"})["ok"]
    hall["kari"].get_received()
    ack = _edit(hall["facilitator"], code, 0,
                {"op": "seminar", "field": "place", "value": "Tromsø"})
    assert ack["ok"] is False and ack["error"]["code"] == "kit_conflict"
    assert set(ack["error"]) == {"code", "message"}
    text = "# Ny\n\n## Program\n\n### A\ntype: plenum\nvarighet: 5 min\n"
    ack = hall["facilitator"].emit("kit:text", {"code": code, "version": 0, "text": text},
                                   callback=True)
    assert ack["error"]["code"] == "kit_conflict"
    seminar = find_seminar(app_store, code)
    assert seminar.kit.place == "Bergen" and seminar.record.kit_version == 1
    assert received(hall["kari"], "kit:changed") == []


def test_an_invalid_edit_names_the_part_and_stores_nothing(hall, app_store):
    code = hall["code"]
    ack = _edit(hall["facilitator"], code, 0,
                {"op": "question.set", "block": 1, "index": 1, "field": "id", "value": "q1"})
    assert ack["ok"] is False and ack["error"]["code"] == "kit_invalid"
    assert ack["error"]["errors"] == [{
        "line": 49, "message": "Spørsmåls-id-en «q1» er brukt før (linje 44).",
        "part": "question", "block": 1, "question": 1, "role": None,
        "item": None}]
    assert find_seminar(app_store, code).record.kit_version == 0


def test_removing_an_answered_question_needs_confirm_and_keeps_its_answers(hall, app_store):
    code = hall["code"]
    assert send(hall["kari"], code, "add", "edit-0001", point="point-0001", question="q1",
                text="Godt samarbeid")["ok"]
    remove = {"op": "question.remove", "block": 1, "index": 0}
    ack = _edit(hall["facilitator"], code, 0, remove)
    assert ack["ok"] is False
    assert ack["error"]["code"] == "confirm_needed"
    assert ack["error"]["questions"] == [{"id": "q1", "title": "Spørsmål 1", "answers": 1}]
    assert find_seminar(app_store, code).record.kit_version == 0
    ack = _edit(hall["facilitator"], code, 0, remove, confirm=True)
    assert ack["ok"] is True, ack
    assert ack["answered"] == {"q2": 0}
    with app_store.read():
        seminar = find_seminar(app_store, code)
        removed = app_store.seminars.removed_questions(seminar.record.id)
        points = app_store.answers.overview(seminar.record.id)
    assert [(r.question.id, r.question.title, r.block_title) for r in removed] == [
        ("q1", "Spørsmål 1", "Gruppearbeid")]
    assert [(question, count) for _, question, count, _ in points] == [("q1", 1)]


def test_the_plain_text_replaces_the_kit_as_typed(hall, app_store):
    code = hall["code"]
    text = _get(hall["facilitator"], code)["text"].replace("Testsalen", "Aulaen")
    text = text.replace("varighet: 20 min", "varighet: 45 min")
    ack = hall["facilitator"].emit("kit:text", {"code": code, "version": 0, "text": text},
                                   callback=True)
    assert ack["ok"] is True, ack
    seminar = find_seminar(app_store, code)
    assert seminar.record.kit_source == text
    assert seminar.kit.place == "Aulaen" and seminar.programme.timers[1].duration == 45 * 60
    assert received(hall["projector"], "kit:changed") == [{"code": code, "version": 1}]


def test_the_check_and_the_preview_store_nothing(hall, app_store):
    code = hall["code"]
    ack = hall["facilitator"].emit("kit:check", {"code": code, "text": "# T\n"}, callback=True)
    assert ack == {"ok": True, "errors": [
        {"line": 1, "message": "Opplegget mangler program (en del «## Program»)."}]}
    ack = hall["facilitator"].emit("kit:preview", {"code": code,
                                                   "markdown": "**x** <script>y</script>"},
                                   callback=True)
    assert ack["ok"] is True
    assert "<strong>x</strong>" in ack["html"] and "<script>" not in ack["html"]
    assert find_seminar(app_store, code).record.kit_version == 0


_ops = st.fixed_dictionaries({"op": st.sampled_from([
    "seminar", "role.add", "role.set", "role.remove", "role.move", "block.add", "block.set",
    "block.remove", "block.move", "question.add", "question.set", "question.remove",
    "question.move", "times.shift", "other"])}, optional={
    key: st.one_of(st.integers(-3, 5), st.text(max_size=12), st.booleans(), _json)
    for key in ("at", "index", "to", "block", "field", "value", "kind", "from", "minutes")})


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(_ops, min_size=0, max_size=3), version=st.one_of(st.just(0), _json))
def test_any_kit_edit_is_answered_with_a_clear_code(hall, unlimited, ops, version):
    ack = hall["facilitator"].emit("kit:edit", {"code": hall["code"], "version": version,
                                                "ops": ops}, callback=True)
    assert isinstance(ack, dict)
    if not ack["ok"]:
        assert ack["error"]["code"] in {"invalid_input", "kit_invalid", "kit_conflict",
                                        "block_running", "confirm_needed"}, ack
        assert ack["error"]["message"]


def test_the_running_block_keeps_its_duration_and_moving_it_keeps_it_current(hall, app_store):
    code, facilitator = hall["code"], hall["facilitator"]
    assert facilitator.emit("programme:control", {"code": code, "action": "start"},
                            callback=True)["ok"]
    ack = _edit(facilitator, code, 0,
                {"op": "block.set", "index": 0, "field": "minutes", "value": 30})
    assert ack["ok"] is False and ack["error"]["code"] == "block_running"
    ack = _edit(facilitator, code, 0, {"op": "block.move", "index": 0, "to": 2})
    assert ack["ok"] is True, ack
    assert ack["current"] == 2 and ack["running"] is True
    assert ack["statuses"] == ["skipped", "skipped", "current"]  # before it, never started
    state = received(hall["kari"], "programme:state")[-1]
    assert state["current"] == 2 and state["timer"]["status"] == "running"
    assert find_seminar(app_store, code).programme.timers[2].started_at is not None


def test_a_removed_question_put_back_is_no_longer_a_removed_one(hall, app_store):
    code = hall["code"]
    send(hall["kari"], code, "add", "edit-0001", point="point-0001", question="q1", text="x")
    ack = _edit(hall["facilitator"], code, 0,
                {"op": "question.set", "block": 1, "index": 0, "field": "id", "value": "q9"},
                confirm=True)
    assert ack["ok"] is True and ack["answered"] == {"q9": 0, "q2": 0}
    seminar = find_seminar(app_store, code)
    assert [r.question.id for r in app_store.seminars.removed_questions(seminar.record.id)] == [
        "q1"]
    ack = _edit(hall["facilitator"], code, 1,
                {"op": "question.set", "block": 1, "index": 0, "field": "id", "value": "q1"})
    assert ack["ok"] is True and ack["answered"] == {"q1": 1, "q2": 0}
    assert app_store.seminars.removed_questions(seminar.record.id) == []


def test_a_role_change_reaches_the_phones_views_of_their_group(hall):
    """The scribe's role no longer writes, the other role does and nobody holds it: every
    member of group A may write now (the phones hear it at once)."""
    code = hall["code"]
    hall["ola"].get_received()
    ack = _edit(hall["facilitator"], code, 0,
                {"op": "role.set", "index": 1, "field": "writes", "value": False},
                {"op": "role.set", "index": 0, "field": "writes", "value": True})
    assert ack["ok"] is True, ack
    packets = hall["ola"].get_received()
    assert [p["name"] for p in packets][:2] == ["kit:changed", "programme:state"]
    mine = [p["args"][0] for p in packets if p["name"] == "group:mine"]
    assert mine and mine[-1]["may_write"] is True


def test_removing_an_answered_poll_item_needs_confirm(hall, app_store):
    code, facilitator = hall["code"], hall["facilitator"]
    ack = _edit(facilitator, code, 0, {"op": "item.add", "block": 0, "at": 0, "kind": "scale"},
                {"op": "item.add", "block": "evaluation", "at": 0, "kind": "open"})
    assert ack["ok"] is True, ack
    assert ack["answered_items"] == {"item-1": 0, "item-2": 0}
    assert facilitator.emit("poll:open", {"code": code, "item": "item-1"}, callback=True)["ok"]
    assert hall["kari"].emit("poll:answer", {"code": code, "item": "item-1", "value": 4},
                             callback=True)["ok"]
    assert _get(facilitator, code)["answered_items"] == {"item-1": 1, "item-2": 0}
    remove = {"op": "item.remove", "block": 0, "index": 0}
    ack = _edit(facilitator, code, 1, remove)
    assert ack["ok"] is False
    assert ack["error"]["code"] == "confirm_needed"
    assert ack["error"]["questions"] == []
    assert ack["error"]["items"] == [{"id": "item-1", "title": "Nytt spørsmål til salen",
                                      "answers": 1}]
    assert "hall" in ack["error"]["message"] or "salen" in ack["error"]["message"]
    assert find_seminar(app_store, code).record.kit_version == 1
    # An unanswered item goes without asking; the answered one with confirm.
    ack = _edit(facilitator, code, 1, {"op": "item.remove", "block": "evaluation", "index": 0})
    assert ack["ok"] is True and ack["answered_items"] == {"item-1": 1}
    ack = _edit(facilitator, code, 2, remove, confirm=True)
    assert ack["ok"] is True, ack
    assert ack["answered_items"] == {}
    assert ack["kit"]["blocks"][0]["items"] == []


def test_the_plain_text_that_drops_an_answered_poll_item_needs_confirm(hall, app_store):
    code, facilitator = hall["code"], hall["facilitator"]
    ack = _edit(facilitator, code, 0, {"op": "item.add", "block": 0, "at": 0, "kind": "open"})
    assert ack["ok"] is True, ack
    with_item = ack["text"]
    assert facilitator.emit("poll:open", {"code": code, "item": "item-1"}, callback=True)["ok"]
    assert hall["per"].emit("poll:answer", {"code": code, "item": "item-1", "value": "Godt"},
                            callback=True)["ok"]
    start = with_item.index("#### Nytt spørsmål til salen")
    without = with_item[:start] + with_item[with_item.index("### Gruppearbeid"):]
    send_text = {"code": code, "version": 1, "text": without}
    ack = facilitator.emit("kit:text", send_text, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "confirm_needed", ack
    assert ack["error"]["items"] == [{"id": "item-1", "title": "Nytt spørsmål til salen",
                                      "answers": 1}]
    assert find_seminar(app_store, code).record.kit_source == with_item
    ack = facilitator.emit("kit:text", {**send_text, "confirm": True}, callback=True)
    assert ack["ok"] is True, ack
    assert ack["kit"]["blocks"][0]["items"] == [] and ack["answered_items"] == {}
