"""Answer events over Socket.IO: authorisation, isolation, idempotency, limits, bad payloads."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.socket_helpers import _json, received, send


def test_a_scribes_point_reaches_the_group_and_the_facilitator_only(hall):
    code = hall["code"]
    ack = send(hall["kari"], code, "add", "edit-0000001", point="point-0000001", question="q1",
               text="Bedre samarbeid")
    assert ack["ok"] and ack["result"]["point"]["text"] == "Bedre samarbeid"
    [state] = received(hall["ola"], "answers:question")
    assert (state["group"], state["question"]) == (hall["ids"]["A"], "q1")
    assert [p["text"] for p in state["points"]] == ["Bedre samarbeid"]
    questions, [overview] = received(hall["facilitator"], "answers:question",
                                     "answers:overview")
    assert questions == [state]
    assert overview["groups"][0]["questions"]["q1"]["points"] == 1
    assert received(hall["per"], "answers:question") == []
    assert hall["projector"].get_received() == []


def test_the_same_edit_twice_is_stored_once_and_announced_once(hall):
    code = hall["code"]
    first = send(hall["kari"], code, "add", "edit-0000001", point="point-0000001",
                 question="q1", text="Én gang")
    again = send(hall["kari"], code, "add", "edit-0000001", point="point-0000001",
                 question="q1", text="Én gang")
    assert (first["result"]["duplicate"], again["result"]["duplicate"]) == (False, True)
    assert len(received(hall["ola"], "answers:question")) == 1
    answers = hall["ola"].emit("answers:fetch", {"code": code}, callback=True)["answers"]
    assert [p["text"] for p in answers["points"]] == ["Én gang"]


def test_a_concurrent_edit_gets_a_clear_conflict(hall):
    code = hall["code"]
    hall["facilitator"].emit("answers:configure", {"code": code, "all_members_write": True},
                             callback=True)
    send(hall["kari"], code, "add", "edit-0000001", point="point-0000001", question="q1",
         text="Utkast")
    send(hall["kari"], code, "edit", "edit-0000002", point="point-0000001", revision=1,
         text="Karis versjon")
    ack = send(hall["ola"], code, "edit", "edit-0000003", point="point-0000001", revision=1,
               text="Olas versjon")
    assert ack["error"]["code"] == "conflict"
    assert ack["error"]["message"].startswith("Noen andre endret dette punktet samtidig.")


def test_nobody_writes_into_another_group_or_reads_it(hall):
    code = hall["code"]
    send(hall["per"], code, "add", "edit-0000001", point="point-0000001", question="q1",
         text="Gruppe B sitt")
    ack = send(hall["kari"], code, "delete", "edit-0000002", point="point-0000001", revision=1)
    assert ack["error"]["code"] == "point_not_found"
    ack = hall["kari"].emit("answers:fetch", {"code": code, "group": hall["ids"]["B"]},
                            callback=True)
    assert ack["error"]["code"] == "not_allowed"
    # The facilitator may read any group.
    ack = hall["facilitator"].emit("answers:fetch", {"code": code, "group": hall["ids"]["B"]},
                                   callback=True)
    assert [p["text"] for p in ack["answers"]["points"]] == ["Gruppe B sitt"]


def test_the_projector_and_strangers_cannot_write(hall, connect):
    code = hall["code"]
    for sio in (hall["projector"], connect()):
        ack = send(sio, code, "add", "edit-0000001", point="point-0000001", question="q1",
                   text="Fra storskjermen")
        assert ack["error"]["code"] == "unknown_participant"
    ack = hall["kari"].emit("answers:configure", {"code": code, "all_members_write": True},
                            callback=True)
    assert ack["error"]["code"] == "not_allowed"


def test_a_phone_sending_too_fast_is_slowed_down_and_nothing_refused_is_stored(app, hall):
    code = hall["code"]
    # 40 edits at once (well within the 3 seconds of the window): 30 are stored.
    acks = [send(hall["kari"], code, "add", f"edit-{n:07d}", point=f"point-{n:07d}",
                 question="q1" if n < 20 else "q2", text=f"Punkt {n}") for n in range(40)]
    refused = [n for n, ack in enumerate(acks) if not ack["ok"]]
    assert refused == list(range(30, 40))
    assert {acks[n]["error"]["code"] for n in refused} == {"rate_limited"}
    assert acks[30]["error"]["message"]
    answers = hall["kari"].emit("answers:fetch", {"code": code}, callback=True)["answers"]
    assert sorted(p["text"] for p in answers["points"]) == sorted(f"Punkt {n}" for n in range(30))


def test_a_group_is_limited_as_a_whole_however_many_phones_it_has(app, hall, set_limits):
    code = hall["code"]
    set_limits(LIMIT_EDITS_PER_GROUP="4 per minute")
    kari = [send(hall["kari"], code, "add", f"edit-k{n:06d}", point=f"point-k{n:06d}",
                 question="q1", text=f"Kari {n}")["ok"] for n in range(3)]
    ola = [send(hall["ola"], code, "add", f"edit-o{n:06d}", point=f"point-o{n:06d}",
                question="q1", text=f"Ola {n}") for n in range(2)]
    assert kari == [True] * 3 and ola[0]["ok"]
    assert ola[1]["error"]["code"] == "rate_limited"
    # Another group has its own count.
    ack = send(hall["per"], code, "add", "edit-p000001", point="point-p000001", question="q1",
               text="Per")
    assert ack["ok"]
    answers = hall["ola"].emit("answers:fetch", {"code": code}, callback=True)["answers"]
    assert len(answers["points"]) == 4


_VALID = {"id": "edit-fuzz-001", "kind": "add", "point": "point-fuzz-001", "question": "q1",
          "text": "Gyldig"}


@st.composite
def _malformed_edits(draw):
    """A valid edit with one field broken, missing or added; or any JSON value at all."""
    choice = draw(st.integers(0, 3))
    edit = dict(_VALID)
    if choice == 0:
        return draw(_json.filter(lambda value: not isinstance(value, dict)))
    if choice == 1:
        del edit[draw(st.sampled_from(sorted(edit)))]
        return edit
    if choice == 2:
        key = draw(st.sampled_from(sorted(edit)))
        edit[key] = draw(_json.filter(lambda value: value != _VALID[key] and not (
            key == "text" and isinstance(value, str) and value.strip())
            and not (key in ("id", "point") and isinstance(value, str) and len(value) >= 8
                     and value.replace("-", "").replace("_", "").isalnum()
                     and value.isascii())))
        return edit
    edit[draw(st.text(min_size=1, max_size=10).filter(lambda k: k not in _VALID))] = \
        draw(_json)
    return edit


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edit=_malformed_edits())
def test_malformed_edits_never_crash_or_change_anything(hall, unlimited, edit):
    code = hall["code"]
    ack = hall["kari"].emit("answer:edit", {"code": code, "edit": edit}, callback=True)
    assert ack["ok"] is False
    assert ack["error"]["code"] == "invalid_input"
    assert ack["error"]["message"]
    answers = hall["kari"].emit("answers:fetch", {"code": code}, callback=True)["answers"]
    assert (answers["points"], answers["seq"]) == ([], 0)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=st.sampled_from(["answer:edit", "answers:fetch", "answers:configure"]),
       payload=_json)
def test_any_payload_at_any_answer_event_gets_an_answer_and_changes_nothing(
        hall, unlimited, event, payload):
    for sender in (hall["kari"], hall["facilitator"]):
        ack = sender.emit(event, payload, callback=True)
        assert isinstance(ack, dict) and ack["ok"] is False
        assert ack["error"]["code"] in {"invalid_input", "not_found"}
    answers = hall["kari"].emit("answers:fetch", {"code": hall["code"]}, callback=True)["answers"]
    assert (answers["points"], answers["seq"]) == ([], 0)


def _member(app, hall, group="A"):
    """One more phone in ``group`` of the hall."""
    from seminar.extensions import socketio

    http = app.test_client()
    http.get(f"/s/{hall['code']}")
    sio = socketio.test_client(app, flask_test_client=http)
    sio.me = sio.emit("seminar:join", {"code": hall["code"], "view": "participant"},
                      callback=True)["me"]
    sio.emit("group:choose", {"code": hall["code"], "group": hall["ids"][group]},
             callback=True)
    return sio


def test_a_member_edits_and_withdraws_their_own_suggestion_until_it_is_accepted(app, hall):
    code = hall["code"]
    siri = _member(app, hall)
    ack = send(hall["ola"], code, "add", "edit-0000001", point="point-0000001", question="q1",
               text="Olas forslag")
    assert ack["result"]["point"]["author"] == hall["ola"].me  # points say who suggested them
    assert ack["result"]["point"]["suggested"] is True
    # Another member may neither change nor withdraw it.
    ack = send(siri, code, "edit", "edit-0000002", point="point-0000001", revision=1,
               text="Siris versjon")
    assert ack["error"]["code"] == "not_allowed"
    ack = send(siri, code, "delete", "edit-0000003", point="point-0000001", revision=1)
    assert ack["error"]["code"] == "not_allowed"
    # The author may edit it, and the scribe too.
    ack = send(hall["ola"], code, "edit", "edit-0000004", point="point-0000001", revision=1,
               text="Olas bedre forslag")
    assert (ack["result"]["point"]["text"], ack["result"]["point"]["revision"]) == (
        "Olas bedre forslag", 2)
    ack = send(hall["kari"], code, "edit", "edit-0000005", point="point-0000001", revision=2,
               text="Olas forslag, skrevet om")
    assert ack["ok"]
    # The author withdraws a second suggestion of theirs.
    send(hall["ola"], code, "add", "edit-0000006", point="point-0000002", question="q1",
         text="Trekkes")
    ack = send(hall["ola"], code, "delete", "edit-0000007", point="point-0000002", revision=1)
    assert ack["result"]["deleted"] == "point-0000002"
    # Once accepted it is the group's point: only the scribe changes it.
    send(hall["kari"], code, "accept", "edit-0000008", point="point-0000001")
    for kind, fields in (("edit", {"text": "Nei"}), ("delete", {})):
        ack = send(hall["ola"], code, kind, f"edit-1{kind:0>6}", point="point-0000001",
                   revision=4, **fields)
        assert ack["error"]["code"] == "not_allowed", kind
    answers = hall["ola"].emit("answers:fetch", {"code": code}, callback=True)["answers"]
    assert [(p["text"], p["suggested"], p["author"]) for p in answers["points"]] == [
        ("Olas forslag, skrevet om", False, hall["ola"].me)]
    siri.disconnect()


def test_a_deleted_point_is_restored_in_its_place_by_whoever_may_delete_it(hall):
    code = hall["code"]
    for n, text in enumerate(("En", "To", "Tre"), start=1):
        send(hall["kari"], code, "add", f"edit-000000{n}", point=f"point-000000{n}",
             question="q1", text=text)
    send(hall["kari"], code, "delete", "edit-0000004", point="point-0000002", revision=1)
    received(hall["ola"], "answers:question")
    # Another group cannot see it, a member cannot restore the scribe's point.
    assert send(hall["per"], code, "restore", "edit-0000005",
                point="point-0000002")["error"]["code"] == "point_not_found"
    assert send(hall["ola"], code, "restore", "edit-0000006",
                point="point-0000002")["error"]["code"] == "not_allowed"
    ack = send(hall["kari"], code, "restore", "edit-0000007", point="point-0000002")
    assert ack["result"]["order"] == ["point-0000001", "point-0000002", "point-0000003"]
    assert (ack["result"]["point"]["text"], ack["result"]["point"]["revision"]) == ("To", 3)
    [state] = received(hall["ola"], "answers:question")
    assert [p["text"] for p in state["points"]] == ["En", "To", "Tre"]
    # Restoring a live point changes nothing.
    again = send(hall["kari"], code, "restore", "edit-0000008", point="point-0000002")
    assert again["result"]["point"]["revision"] == 3


def _history(hall, question="q1"):
    ack = hall["facilitator"].emit("answers:history", {"code": hall["code"],
                                                       "group": hall["ids"]["A"],
                                                       "question": question}, callback=True)
    assert ack["ok"], ack
    return ack["history"]


def test_the_facilitator_restores_a_deleted_and_a_changed_point(hall):
    code, kari = hall["code"], hall["kari"]
    send(kari, code, "add", "edit-0000001", point="point-0000001", question="q1", text="Først")
    send(kari, code, "add", "edit-0000002", point="point-0000002", question="q1", text="Andre")
    send(kari, code, "edit", "edit-0000003", point="point-0000001", revision=1,
         text="Ødelagt")
    send(kari, code, "delete", "edit-0000004", point="point-0000002", revision=1)
    assert _history(hall, "q2") == {"group": hall["ids"]["A"], "question": "q2", "points": []}
    history = _history(hall)
    assert [(p["id"], p["text"], p["revision"], p["deleted"]) for p in history["points"]] == [
        ("point-0000001", "Ødelagt", 2, False), ("point-0000002", "Andre", 2, True)]
    changed, deleted = (point["versions"] for point in history["points"])
    assert [(v["text"], v["revision"], v["deleted"]) for v in changed] == [("Først", 1, False)]
    assert [(v["text"], v["revision"], v["deleted"]) for v in deleted] == [("Andre", 1, False)]
    for sio in ("kari", "ola", "per", "facilitator", "projector"):
        hall[sio].get_received()
    # The deleted point comes back: the group's phones and the facilitator see it.
    ack = hall["facilitator"].emit("point:restore",
                                   {"code": code, "version": deleted[0]["id"]}, callback=True)
    assert ack["ok"] and ack["result"]["point"]["text"] == "Andre"
    [state] = received(hall["ola"], "answers:question")
    assert [(p["text"], p["revision"]) for p in state["points"]] == [("Ødelagt", 2),
                                                                      ("Andre", 3)]
    assert received(hall["per"], "answers:question") == []
    # The changed point gets its old text back, as a new revision the phones see.
    ack = hall["facilitator"].emit("point:restore",
                                   {"code": code, "version": changed[0]["id"]}, callback=True)
    assert ack["result"]["point"]["revision"] == 3
    state = received(hall["kari"], "answers:question")[-1]
    assert [p["text"] for p in state["points"]] == ["Først", "Andre"]
    # Each restore kept what it replaced: the text it undid can be restored too.
    history = _history(hall)
    assert [v["text"] for v in history["points"][0]["versions"]] == ["Ødelagt", "Først"]
    assert [v["deleted"] for v in history["points"][1]["versions"]] == [True, False]
    # An edit made against the old revision is now a conflict, not a silent overwrite.
    stale = send(kari, code, "edit", "edit-0000005", point="point-0000001", revision=2,
                 text="Gammel")
    assert stale["error"]["code"] == "conflict"


def test_only_the_facilitator_sees_and_restores_the_history(hall):
    code = hall["code"]
    send(hall["kari"], code, "add", "edit-0000001", point="point-0000001", question="q1",
         text="Først")
    send(hall["kari"], code, "delete", "edit-0000002", point="point-0000001", revision=1)
    [point] = _history(hall)["points"]
    version = point["versions"][0]["id"]
    for phone in ("kari", "ola", "per"):
        ask = hall[phone].emit("answers:history", {"code": code, "group": hall["ids"]["A"],
                                                   "question": "q1"}, callback=True)
        assert ask["error"]["code"] == "not_allowed"
        restore = hall[phone].emit("point:restore", {"code": code, "version": version},
                                   callback=True)
        assert restore["error"]["code"] == "not_allowed"
    assert hall["projector"].emit("point:restore", {"code": code, "version": version},
                                  callback=True)["error"]["code"] == "not_allowed"
    answers = hall["ola"].emit("answers:fetch", {"code": code}, callback=True)["answers"]
    assert answers["points"] == []
    missing = hall["facilitator"].emit("point:restore", {"code": code, "version": 10**6},
                                       callback=True)
    assert missing["error"]["code"] == "point_not_found"


def test_a_burst_of_edits_sends_every_point_and_the_overview_once_per_interval(app, hall):
    """Every edit reaches the group and the facilitators at once; the overview of every
    group's progress is rebuilt at most once per interval, and its last one holds them all."""
    from seminar.extensions import socketio
    app.config["GROUPS_BROADCAST_INTERVAL"] = 0.3
    code = hall["code"]
    for n in range(1, 4):
        assert send(hall["kari"], code, "add", f"edit-000000{n}", point=f"point-000000{n}",
                    question="q1", text=f"Punkt {n}")["ok"]
    assert len(received(hall["ola"], "answers:question")) == 3
    questions, overviews = received(hall["facilitator"], "answers:question",
                                    "answers:overview")
    assert [len(q["points"]) for q in questions] == [1, 2, 3]
    assert [o["groups"][0]["questions"]["q1"]["points"] for o in overviews] == [1]
    socketio.sleep(0.5)
    [overview] = received(hall["facilitator"], "answers:overview")
    assert overview["groups"][0]["questions"]["q1"]["points"] == 3
