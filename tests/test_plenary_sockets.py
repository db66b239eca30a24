"""Plenary events over Socket.IO: only the facilitator drives the big screen; the projector
gets only what it shows; phones learn when prioritising opens; bad payloads get errors."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.socket_helpers import _json, received, send

PLENARY_EVENTS = ["display:show", "display:fetch", "wall:fetch", "plenary:configure",
                  "point:moderate", "display:page", "display:paging"]
PROGRAMME_VIEW = {"version": 0, "mode": "programme", "question": None, "step": 0, "group": None,
                  "paging": {"anchor_ms": 0, "offset": 0, "paused": False, "page_ms": 15_000}}


def facilitate(hall, event, **payload):
    return hall["facilitator"].emit(event, {"code": hall["code"], **payload}, callback=True)


@pytest.fixture
def answered(hall):
    """Kari (group A) and Per (group B) have each written points on q2."""
    code = hall["code"]
    for n, text in enumerate(["Møteplasser", "Kompetanse", "Samarbeid"], start=1):
        assert send(hall["kari"], code, "add", f"edit-a-{n:05d}", point=f"point-a-{n:05d}",
                    question="q2", text=text)["ok"]
    assert send(hall["per"], code, "add", "edit-b-00001", point="point-b-00001", question="q2",
                text="Tillit")["ok"]
    for sio in ("kari", "ola", "per", "facilitator", "projector"):
        hall[sio].get_received()
    return hall


def test_only_the_facilitator_drives_the_big_screen(answered):
    code = answered["code"]
    for sender in ("kari", "ola", "per", "projector"):
        for event, payload in [("display:show", {"mode": "wall", "question": "q2"}),
                               ("plenary:configure", {"question": "q2", "revealed": True}),
                               ("plenary:configure", {"anonymous": True}),
                               ("point:moderate", {"point": "point-a-00001", "hidden": True}),
                               ("wall:fetch", {"question": "q2"}),
                               ("display:show", {"mode": "join"}),
                               ("display:page", {"step": 1}),
                               ("display:paging", {"paused": True})]:
            ack = answered[sender].emit(event, {"code": code, **payload}, callback=True)
            assert ack["ok"] is False and ack["error"]["code"] == "not_allowed", (sender, event)
    display = answered["projector"].emit("display:fetch", {"code": code}, callback=True)
    assert display["display"]["mode"] == "programme"


def test_the_projector_gets_the_wall_it_shows_and_phones_get_none_of_it(answered):
    code = answered["code"]
    ack = facilitate(answered, "display:show", mode="wall", question="q2")
    assert ack["ok"] and ack["display"]["mode"] == "wall"
    [state] = received(answered["projector"], "display:state")
    assert [(g["name"], g["count"], g["points"]) for g in state["groups"]] == [
        ("A", 3, []), ("B", 1, [])]
    facilitate(answered, "plenary:configure", question="q2", revealed=True)
    settings_, states = received(answered["projector"], "plenary:settings", "display:state")
    assert settings_[0]["questions"]["q2"]["revealed"] is True
    assert [p["text"] for p in states[0]["groups"][0]["points"]] == [
        "Møteplasser", "Kompetanse", "Samarbeid"]
    # a new point on the shown question reaches the projector as one group's card
    send(answered["kari"], code, "add", "edit-a-00009", point="point-a-00009", question="q2",
         text="Nytt punkt")
    [card] = received(answered["projector"], "wall:group")
    assert card["question"] == "q2" and card["group"]["points"][-1]["text"] == "Nytt punkt"
    # a point on another question does not
    send(answered["kari"], code, "add", "edit-a-00010", point="point-a-00010", question="q1",
         text="Annet")
    assert received(answered["projector"], "wall:group") == []
    [q1_card] = [c for c in received(answered["facilitator"], "wall:group")
                 if c["question"] == "q1"]
    assert q1_card["group"]["points"][0]["text"] == "Annet"
    for phone in ("kari", "ola", "per"):
        events = {p["name"] for p in answered[phone].get_received()}
        assert not events & {"display:state", "wall:group"}, phone


def test_moderation_and_anonymity_reach_the_projector(answered):
    facilitate(answered, "display:show", mode="wall", question="q2")
    facilitate(answered, "plenary:configure", question="q2", revealed=True)
    answered["projector"].get_received()
    assert facilitate(answered, "point:moderate", point="point-a-00002", hidden=True)["ok"]
    [card] = received(answered["projector"], "wall:group")
    assert [p["text"] for p in card["group"]["points"]] == ["Møteplasser", "Samarbeid"]
    wall = facilitate(answered, "wall:fetch", question="q2")["wall"]
    assert [p["hidden"] for p in wall["groups"][0]["points"]] == [False, True, False]
    facilitate(answered, "plenary:configure", anonymous=True)
    [state] = received(answered["projector"], "display:state")
    assert [g["name"] for g in state["groups"]] == [None, None]


def test_phones_learn_when_prioritising_opens_and_the_report_back_steps_through_groups(
        answered):
    code = answered["code"]
    refused = send(answered["kari"], code, "prioritise", "edit-p-00001", question="q2",
                   points=["point-a-00003"])
    assert refused["error"]["code"] == "priorities_closed"
    facilitate(answered, "plenary:configure", question="q2", priorities_open=True)
    [opened] = received(answered["ola"], "plenary:settings")
    assert opened["questions"]["q2"]["priorities_open"] is True
    ack = send(answered["kari"], code, "prioritise", "edit-p-00002", question="q2",
               points=["point-a-00003", "point-a-00001"])
    assert ack["ok"] and ack["result"]["priorities"] == ["point-a-00003", "point-a-00001"]
    [state] = received(answered["ola"], "answers:question")
    assert state["priorities"] == ["point-a-00003", "point-a-00001"]
    overview = received(answered["facilitator"], "answers:overview")[-1]
    assert overview["groups"][0]["questions"]["q2"]["prioritised"] is True
    answered["projector"].get_received()
    facilitate(answered, "display:show", mode="report", question="q2", step=0)
    [report] = received(answered["projector"], "display:state")
    first = report["groups"][report["step"]]
    by_id = {p["id"]: p["text"] for p in first["points"]}
    assert [by_id[i] for i in first["priorities"]] == ["Samarbeid", "Møteplasser"]
    facilitate(answered, "display:show", mode="report", question="q2", step=1)
    [report] = received(answered["projector"], "display:state")
    assert report["step"] == 1 and report["groups"][1]["prioritised"] is False


def test_the_summary_on_the_projector_follows_priorities_and_themes_live(answered):
    code = answered["code"]
    facilitate(answered, "plenary:configure", question="q2", priorities_open=True)
    send(answered["kari"], code, "prioritise", "edit-s-00001", question="q2",
         points=["point-a-00002"])
    facilitate(answered, "display:show", mode="summary", question="q2", step=5)
    answered["projector"].get_received()
    send(answered["per"], code, "prioritise", "edit-s-00002", question="q2",
         points=["point-b-00001"])
    [state] = received(answered["projector"], "display:state")
    assert [(i["title"], i["weight"]) for i in state["items"]] == [
        ("Kompetanse", 3), ("Tillit", 3)]
    assert received(answered["projector"], "wall:group") == []
    created = facilitate(answered, "theme:create", question="q2", title="Tillit og kompetanse",
                         points=["point-a-00002", "point-b-00001"])
    assert created["ok"]
    [state] = received(answered["projector"], "display:state")
    assert [(i["title"], i["weight"], i["theme"], [g["name"] for g in i["groups"]])
            for i in state["items"]] == [("Tillit og kompetanse", 6, True, ["A", "B"])]
    for phone in ("kari", "ola", "per"):
        assert "display:state" not in {p["name"] for p in answered[phone].get_received()}
    facilitate(answered, "display:show", mode="closing")
    [state] = received(answered["projector"], "display:state")
    assert (state["mode"], state["groups_total"], state["points_total"]) == ("closing", 2, 4)


def test_the_facilitator_shows_how_to_join_and_turns_and_pauses_the_pages(app, answered):
    # The app's clock stands still from now on (the facilitator's login is still valid).
    clock = [float(int(time.time()))]
    app.extensions["seminar.clock"] = lambda: clock[0]
    code = answered["code"]
    start_ms = round(clock[0] * 1000)

    def paging(**changes):
        return {"anchor_ms": start_ms, "offset": 0, "paused": False,
                "page_ms": 15_000, **changes}

    ack = facilitate(answered, "display:show", mode="join")
    assert ack["ok"] and (ack["display"]["mode"], ack["display"]["paging"]) == ("join", paging())
    assert [s["mode"] for s in received(answered["projector"], "display:state")] == ["join"]
    facilitate(answered, "display:show", mode="wall", question="q2")
    clock[0] += 20  # one page (15 s) turned by itself; the facilitator turns one more
    ack = facilitate(answered, "display:page", step=1)
    turned = paging(anchor_ms=start_ms + 20_000, offset=2)
    assert ack["ok"] and ack["display"]["paging"] == turned
    assert ack["display"]["mode"] == "wall" and len(ack["display"]["groups"]) == 2
    for screen in ("projector", "facilitator"):
        assert [s["paging"] for s in received(answered[screen], "display:state")][-1] == turned
    clock[0] += 5
    paused = facilitate(answered, "display:paging", paused=True)["display"]["paging"]
    assert paused == paging(anchor_ms=start_ms + 25_000, offset=2, paused=True)
    clock[0] += 100
    back = facilitate(answered, "display:page", step=-1)["display"]["paging"]
    assert back == paging(anchor_ms=start_ms + 125_000, offset=1, paused=True)
    # Kept with the display: a screen that (re)joins gets the same pages.
    fetched = answered["projector"].emit("display:fetch", {"code": code}, callback=True)
    assert fetched["display"]["paging"] == back
    for event, payload in [("display:page", {"step": 2}), ("display:page", {"step": "1"}),
                           ("display:page", {"step": True}), ("display:page", {}),
                           ("display:paging", {"paused": "yes"}),
                           ("display:paging", {"paused": False, "step": 1})]:
        refused = facilitate(answered, event, **payload)
        assert refused["ok"] is False and refused["error"]["code"] == "invalid_input", payload
    assert answered["projector"].emit("display:fetch", {"code": code},
                                      callback=True)["display"]["paging"] == back
    resumed = facilitate(answered, "display:paging", paused=False)["display"]["paging"]
    assert resumed == paging(anchor_ms=start_ms + 125_000, offset=1)


def test_the_join_acknowledgement_carries_the_display_and_settings(answered):
    code = answered["code"]
    facilitate(answered, "display:show", mode="wall", question="q2")
    ack = answered["projector"].emit("seminar:join", {"code": code, "view": "projector"},
                                     callback=True)
    assert ack["display"]["mode"] == "wall" and "q2" in ack["plenary"]["questions"]
    ack = answered["ola"].emit("seminar:join", {"code": code, "view": "participant"},
                               callback=True)
    assert "display" not in ack and ack["plenary"]["questions"]["q2"]["revealed"] is False


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=st.sampled_from(PLENARY_EVENTS), payload=_json)
def test_any_payload_at_any_plenary_event_gets_an_error_and_changes_nothing(
        hall, unlimited, event, payload):
    for sender in (hall["kari"], hall["facilitator"], hall["projector"]):
        ack = sender.emit(event, payload, callback=True)
        assert isinstance(ack, dict) and ack["ok"] is False
        assert ack["error"]["code"] in {"invalid_input", "not_found"}
        assert ack["error"]["message"]
    display = hall["projector"].emit("display:fetch", {"code": hall["code"]}, callback=True)
    assert display["display"] == PROGRAMME_VIEW


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=st.sampled_from(["display:show", "plenary:configure", "point:moderate",
                              "display:page", "display:paging"]),
       fields=st.dictionaries(st.sampled_from(["mode", "question", "step", "revealed",
                                               "priorities_open", "anonymous", "point",
                                               "hidden", "highlighted", "paused"]), _json,
                              max_size=4))
def test_malformed_facilitator_commands_are_refused_without_a_change(
        hall, unlimited, event, fields):
    def display():
        return hall["projector"].emit("display:fetch", {"code": hall["code"]},
                                      callback=True)["display"]

    before = display()
    ack = hall["facilitator"].emit(event, {"code": hall["code"], **fields}, callback=True)
    if ack["ok"]:
        return  # a valid command (hypothesis found one); covered by the other tests
    assert ack["error"]["code"] in {"invalid_input", "point_not_found"}
    assert display() == before


def _strings(value):
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _names_in(payloads, names):
    return sorted({text for payload in payloads for text in _strings(payload)
                   for name in names if name in text})


def test_an_anonymous_seminar_sends_the_projector_no_name_by_any_event(answered, connect):
    """Whatever the big screen shows and whatever changes, no group's or participant's name
    reaches a projector of an anonymous seminar; the facilitator still gets them all."""
    code, ids = answered["code"], answered["ids"]
    names = ["Bergen kommune", "Sunnfjord", "Kari Nordmann", "Per Olsen"]
    facilitate(answered, "group:rename", group=ids["A"], name="Bergen kommune")
    facilitate(answered, "group:rename", group=ids["B"], name="Sunnfjord")
    for phone, name in (("kari", "Kari Nordmann"), ("per", "Per Olsen")):
        assert answered[phone].emit("participant:rename", {"code": code, "name": name},
                                    callback=True)["ok"]
    answered["projector"].get_received()  # it was shown the names until now
    assert facilitate(answered, "plenary:configure", anonymous=True)["ok"]
    projector = connect()  # a projector opened after the seminar became anonymous
    joined = projector.emit("seminar:join", {"code": code, "view": "projector"},
                            callback=True)
    assert joined["ok"] and [g["number"] for g in joined["groups"]["groups"]] == [1, 2]
    seen = [joined]
    facilitate(answered, "plenary:configure", question="q2", revealed=True,
               priorities_open=True)
    facilitate(answered, "display:show", mode="wall", question="q2")
    send(answered["kari"], code, "add", "edit-a-00011", point="point-a-00011", question="q2",
         text="Mer tid")
    send(answered["kari"], code, "prioritise", "edit-a-00012", question="q2",
         points=["point-a-00001"])
    send(answered["per"], code, "prioritise", "edit-b-00012", question="q2",
         points=["point-b-00001"])
    facilitate(answered, "point:moderate", point="point-a-00002", highlighted=True)
    for step in (0, 1):
        facilitate(answered, "display:show", mode="report", question="q2", step=step)
    facilitate(answered, "display:show", mode="summary", question="q2", step=5)
    facilitate(answered, "display:show", mode="join")
    assert answered["ola"].emit("participant:rename", {"code": code, "name": "Kari Nordmann"},
                                callback=True)["ok"]  # the groups change: groups:state
    facilitate(answered, "display:show", mode="closing")
    seen += [projector.emit("display:fetch", {"code": code}, callback=True)]
    packets = {"projector (opened later)": projector.get_received(),
               "projector (open all along)": answered["projector"].get_received()}
    for which, received_ in packets.items():
        events = {packet["name"] for packet in received_}
        assert {"groups:state", "display:state", "wall:group", "plenary:settings"} <= events
        payloads = [packet["args"] for packet in received_]
        assert _names_in(payloads + (seen if "later" in which else []), names) == [], which
    groups_state = [p["args"][0] for p in packets["projector (opened later)"]
                    if p["name"] == "groups:state"][-1]
    assert [(g["number"], g["name"], g["size"]) for g in groups_state["groups"]] == [
        (1, None, 2), (2, None, 1)]
    # the facilitator still has every name
    facilitator = answered["facilitator"].get_received()
    assert _names_in([packet["args"] for packet in facilitator], names) == sorted(names)
    wall = facilitate(answered, "wall:fetch", question="q2")["wall"]
    assert [g["name"] for g in wall["groups"]] == ["Bergen kommune", "Sunnfjord"]


def test_the_projector_gets_the_names_again_when_the_seminar_is_no_longer_anonymous(answered):
    code = answered["code"]
    facilitate(answered, "plenary:configure", anonymous=True)
    [hidden] = received(answered["projector"], "groups:state")
    assert [g["name"] for g in hidden["groups"]] == [None, None]
    facilitate(answered, "plenary:configure", anonymous=False)
    [shown] = received(answered["projector"], "groups:state")
    assert [(g["number"], g["name"]) for g in shown["groups"]] == [(1, "A"), (2, "B")]
    ack = answered["projector"].emit("seminar:join", {"code": code, "view": "projector"},
                                     callback=True)
    assert [g["name"] for g in ack["groups"]["groups"]] == ["A", "B"]
    # the phones keep the groups' names whatever the big screen shows
    facilitate(answered, "plenary:configure", anonymous=True)
    ack = answered["ola"].emit("seminar:join", {"code": code, "view": "participant"},
                               callback=True)
    assert [g["name"] for g in ack["groups"]["groups"]] == ["A", "B"]
    assert ack["mine"]["group"]["name"] == "A"
