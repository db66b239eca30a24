"""Polls over Socket.IO: only the facilitator opens, closes and moderates; each person answers
once (a change replaces the answer); a closed item refuses; phones never get others' answers;
the evaluation's results stay with the facilitator unless shown; results are coalesced."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.poll_fixtures import poll_kit  # noqa: F401
from tests.socket_helpers import _json, received

POLL_EVENTS = ["poll:open", "poll:close", "poll:answer", "poll:fetch", "poll:ban", "poll:hide",
               "poll:breakdown"]


@pytest.fixture
def polls(poll_kit, hall, app):  # noqa: F811
    app.config["POLL_RESULTS_INTERVAL"] = 0  # announce every change at once
    return hall


def facilitate(hall, event, **payload):
    return hall["facilitator"].emit(event, {"code": hall["code"], **payload}, callback=True)


def answer(hall, phone, item, value):
    return hall[phone].emit("poll:answer", {"code": hall["code"], "item": item, "value": value},
                            callback=True)


def fetch(hall, who, **payload):
    return hall[who].emit("poll:fetch", {"code": hall["code"], **payload}, callback=True)


def drain(hall):
    for name in ("kari", "ola", "per", "facilitator", "projector"):
        hall[name].get_received()


def test_only_the_facilitator_opens_closes_and_moderates(polls):
    for sender in ("kari", "per", "projector"):
        for event, payload in [("poll:open", {"item": "fornoyd"}),
                               ("poll:close", {"item": "fornoyd"}),
                               ("poll:ban", {"item": "ord", "word": "tull"}),
                               ("poll:hide", {"item": "tanker", "answer": 1}),
                               ("poll:breakdown", {"item": "fornoyd"})]:
            ack = polls[sender].emit(event, {"code": polls["code"], **payload}, callback=True)
            assert ack["ok"] is False and ack["error"]["code"] == "not_allowed", (sender, event)
    assert fetch(polls, "kari")["state"]["open"] == []


def test_opening_tells_every_screen_and_a_closed_item_refuses(polls):
    ack = answer(polls, "kari", "fornoyd", 4)
    assert ack["ok"] is False and ack["error"]["code"] == "poll_closed"
    assert "closed" in ack["error"]["message"] or "stengt" in ack["error"]["message"]
    ack = facilitate(polls, "poll:open", item="fornoyd")
    assert ack["ok"] and ack["state"]["open"] == ["fornoyd"]
    for screen in ("kari", "per", "projector", "facilitator"):
        [state] = received(polls[screen], "poll:state")
        assert state["open"] == ["fornoyd"] and state["items"][0]["kind"] == "scale", screen
    assert answer(polls, "kari", "fornoyd", 4) == {"ok": True, "item": "fornoyd", "value": 4}
    facilitate(polls, "poll:close", item="fornoyd")
    assert received(polls["per"], "poll:state")[-1] == {
        "code": polls["code"], "open": [], "closed": ["fornoyd"], "with_block": [],
        "items": []}
    assert answer(polls, "kari", "fornoyd", 2)["error"]["code"] == "poll_closed"
    [result] = fetch(polls, "facilitator", item="fornoyd")["results"]
    assert result["results"]["distribution"] == [0, 0, 0, 1, 0] and result["open"] is False


def test_one_answer_per_person_a_change_replaces_it(polls):
    facilitate(polls, "poll:open", item="fornoyd")
    for value in (1, 5, 3):
        assert answer(polls, "kari", "fornoyd", value)["ok"]
    assert answer(polls, "per", "fornoyd", 5)["ok"]
    [result] = fetch(polls, "facilitator", item="fornoyd")["results"]
    assert result["results"] == {"kind": "scale", "count": 2, "scale": [1, 5],
                                 "distribution": [0, 0, 1, 0, 1], "mean": 4.0}
    assert fetch(polls, "kari")["mine"] == {"fornoyd": 3}
    assert fetch(polls, "ola")["mine"] == {}


def test_answers_are_checked_against_the_item(polls):
    for item in ("tema", "flere", "ord", "tanker"):
        facilitate(polls, "poll:open", item=item)
    for item, value in [("tema", [0, 1]), ("tema", [3]), ("flere", [1, 1]), ("ord", []),
                        ("ord", ["a", "b", "c", "d"]), ("ord", ["x" * 31]), ("tanker", "  "),
                        ("tanker", "x" * 301), ("fornoyd", 3), ("nope", 1)]:
        ack = answer(polls, "kari", item, value)
        assert ack["ok"] is False, (item, value)
        assert ack["error"]["code"] in ("invalid_input", "poll_closed", "item_not_found")
    assert answer(polls, "kari", "flere", [3, 0])["value"] == [0, 3]
    assert answer(polls, "kari", "ord", ["  Samarbeid ", "tillit"])["value"] == [
        "Samarbeid", "tillit"]


def test_phones_never_get_results_and_the_evaluation_stays_with_the_facilitator(polls):
    facilitate(polls, "poll:open", item="tanker")
    facilitate(polls, "poll:open", item="nytte")
    answer(polls, "kari", "tanker", "Hemmelig tanke")
    answer(polls, "per", "nytte", 9)
    time.sleep(0.05)
    phone_events = received(polls["ola"], "poll:results")
    assert phone_events == []
    assert "results" not in fetch(polls, "ola") and "Hemmelig" not in str(fetch(polls, "per"))
    projected = received(polls["projector"], "poll:results")
    assert {r["item"] for r in projected} == {"tanker"}
    assert {r["item"] for r in received(polls["facilitator"], "poll:results")} == {
        "tanker", "nytte"}
    assert [r["item"] for r in fetch(polls, "projector")["results"]] == ["tanker"]
    # Shown on the big screen by the facilitator's choice, the evaluation item reaches it.
    ack = facilitate(polls, "display:show", mode="poll", question="nytte")
    assert ack["ok"] and ack["display"]["poll"]["results"]["distribution"][8] == 1
    [state] = received(polls["projector"], "display:state")
    assert state["mode"] == "poll" and state["poll"]["item"] == "nytte"
    answer(polls, "kari", "nytte", 7)
    assert [r["item"] for r in received(polls["projector"], "poll:results")] == ["nytte"]
    assert received(polls["kari"], "poll:results") == []


def test_hidden_open_answers_and_banned_words_leave_the_big_screen(polls):
    facilitate(polls, "poll:open", item="tanker")
    facilitate(polls, "poll:open", item="ord")
    answer(polls, "kari", "tanker", "Stygt")
    answer(polls, "per", "tanker", "Fint")
    answer(polls, "kari", "ord", ["Tull", "samarbeid"])
    answer(polls, "per", "ord", ["tullet", "Samarbeidet"])
    [full] = fetch(polls, "facilitator", item="tanker")["results"]
    stygt = next(a["id"] for a in full["results"]["answers"] if a["text"] == "Stygt")
    assert facilitate(polls, "poll:hide", item="tanker", answer=stygt)["ok"]
    assert facilitate(polls, "poll:ban", item="ord", word="tull")["ok"]
    [public] = fetch(polls, "projector", item="tanker")["results"]
    assert [a["text"] for a in public["results"]["answers"]] == ["Fint"]
    [cloud] = fetch(polls, "projector", item="ord")["results"]
    assert cloud["results"]["words"] == [{"word": "samarbeid", "count": 2}]
    [full] = fetch(polls, "facilitator", item="ord")["results"]
    assert full["results"]["banned"] == ["tull"]
    # The author changing a hidden answer does not bring it back.
    answer(polls, "kari", "tanker", "Fortsatt stygt")
    [public] = fetch(polls, "projector", item="tanker")["results"]
    assert [a["text"] for a in public["results"]["answers"]] == ["Fint"]
    assert facilitate(polls, "poll:hide", item="ord", answer=stygt)["error"]["code"] == \
        "invalid_input"


def test_the_breakdown_is_by_the_group_at_answer_time(polls):
    facilitate(polls, "poll:open", item="fornoyd")
    answer(polls, "kari", "fornoyd", 4)
    answer(polls, "ola", "fornoyd", 2)
    answer(polls, "per", "fornoyd", 5)
    ack = facilitate(polls, "poll:breakdown", item="fornoyd")
    assert [(g["name"], g["results"]["mean"], g["results"]["count"])
            for g in ack["breakdown"]["groups"]] == [("A", 3.0, 2), ("B", 5.0, 1)]


def test_a_phone_without_a_group_answers_and_becomes_a_participant(polls, app, connect):
    facilitate(polls, "poll:open", item="fornoyd")
    http = app.test_client()
    http.get(f"/s/{polls['code']}")
    from seminar.extensions import socketio
    sio = socketio.test_client(app, flask_test_client=http)
    sio.emit("seminar:join", {"code": polls["code"], "view": "participant"}, callback=True)
    ack = sio.emit("poll:answer", {"code": polls["code"], "item": "fornoyd", "value": 1},
                   callback=True)
    assert ack["ok"]
    groups = facilitate(polls, "poll:breakdown", item="fornoyd")["breakdown"]["groups"]
    assert groups == [{"group": None, "name": None, "results": {
        "kind": "scale", "count": 1, "scale": [1, 5], "distribution": [1, 0, 0, 0, 0],
        "mean": 1.0}}]
    sio.disconnect()


def test_many_answers_make_few_result_announcements(polls, app, unlimited):
    app.config["POLL_RESULTS_INTERVAL"] = 0.25
    facilitate(polls, "poll:open", item="fornoyd")
    drain(polls)
    started = time.monotonic()
    sent = 0
    while time.monotonic() - started < 0.6:
        for phone in ("kari", "ola", "per"):
            answer(polls, phone, "fornoyd", 1 + sent % 5)
            sent += 1
    time.sleep(0.4)
    announced = received(polls["facilitator"], "poll:results")
    assert sent > 30
    assert 2 <= len(announced) <= 5, (sent, len(announced))
    versions = [r["version"] for r in announced]
    assert versions == sorted(versions)
    final = fetch(polls, "facilitator", item="fornoyd")["results"][0]
    assert announced[-1] == final  # the last announcement holds every answer


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=st.sampled_from(POLL_EVENTS), payload=_json,
       sender=st.sampled_from(["facilitator", "kari", "projector"]))
def test_no_payload_crashes_a_poll_event(polls, unlimited, event, payload, sender):
    ack = polls[sender].emit(event, payload, callback=True)
    assert isinstance(ack, dict) and isinstance(ack["ok"], bool)
    if not ack["ok"]:
        assert ack["error"]["code"] != "error"


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(item=st.sampled_from(["fornoyd", "tema", "flere", "ord", "tanker", "nytte", "x"]),
       value=_json, word=st.text(max_size=40), answer_id=st.integers(-5, 2**64))
def test_no_value_crashes_a_poll(polls, unlimited, item, value, word, answer_id):
    code = polls["code"]
    facilitate(polls, "poll:open", item=item)
    for payload in ({"code": code, "item": item, "value": value},):
        ack = polls["kari"].emit("poll:answer", payload, callback=True)
        assert ack["ok"] or ack["error"]["code"] in ("invalid_input", "item_not_found")
    for event, payload in [("poll:ban", {"item": item, "word": word}),
                           ("poll:hide", {"item": item, "answer": answer_id}),
                           ("poll:breakdown", {"item": item}), ("poll:fetch", {"item": item})]:
        ack = facilitate(polls, event, **payload)
        assert ack["ok"] or ack["error"]["code"] in ("invalid_input", "item_not_found"), ack
