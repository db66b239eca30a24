"""Group and role events over Socket.IO: identities from the cookie, authorisation, isolation."""

import time

import pytest

from seminar.extensions import socketio


@pytest.fixture
def phone(app):
    """A phone that opened the participant page (so it has its identity) and joined."""
    def open_phone(seminar):
        http = app.test_client()
        assert http.get(f"/s/{seminar.code}").status_code == 200
        sio = socketio.test_client(app, flask_test_client=http)
        ack = sio.emit("seminar:join", {"code": seminar.code, "view": "participant"},
                       callback=True)
        assert ack["ok"] and ack["me"]
        sio.me = ack["me"]
        return sio

    return open_phone


def _facilitator(connect, seminar, key):
    sio = connect(facilitator_of=(seminar, key))
    assert sio.emit("seminar:join", {"code": seminar.code, "view": "facilitator"},
                    callback=True)["ok"]
    return sio


def _ids(ack):
    return {group["name"]: group["id"] for group in ack["groups"]["groups"]}


def _received(sio, event, packets=None):
    packets = sio.get_received() if packets is None else packets
    return [packet["args"][0] for packet in packets if packet["name"] == event]


def test_the_whole_group_journey_over_sockets(make_seminar, connect, phone):
    seminar, key = make_seminar()
    facilitator = _facilitator(connect, seminar, key)
    ack = facilitator.emit("groups:prepare", {"code": seminar.code, "text": "Bord 1-2"},
                           callback=True)
    assert (ack["ok"], ack["created"]) == (True, 2)
    ids = _ids(ack)
    kari, ola = phone(seminar), phone(seminar)
    for sio in (kari, ola):
        assert sio.emit("group:choose", {"code": seminar.code, "group": ids["Bord 1"]},
                        callback=True)["ok"]
    assert kari.emit("participant:rename", {"code": seminar.code, "name": "Kari"},
                     callback=True)["ok"]
    ola.get_received()
    ack = facilitator.emit("roles:assign", {"code": seminar.code}, callback=True)
    [group, _] = ack["detail"]["groups"]
    assert {m["id"] for m in group["members"]} == {kari.me, ola.me}
    assert all(m["online"] for m in group["members"])
    assert set(group["roles"].values()) == {kari.me, ola.me}
    packets = ola.get_received()
    [mine] = _received(ola, "group:mine", packets)
    assert mine["group"] == group and mine["me"]["id"] == ola.me
    [public] = _received(ola, "groups:state", packets)
    assert public["groups"][0] == {"id": ids["Bord 1"], "name": "Bord 1", "size": 2,
                                   "limit": None, "full": False}
    assert public["version"] == mine["version"] == ack["groups"]["version"]


def test_a_reloaded_phone_keeps_its_identity_and_group(app, make_seminar, connect):
    seminar, key = make_seminar()
    _facilitator(connect, seminar, key).emit("groups:prepare",
                                             {"code": seminar.code, "text": "A"})
    http = app.test_client()
    http.get(f"/s/{seminar.code}")
    first = socketio.test_client(app, flask_test_client=http)
    me = first.emit("seminar:join", {"code": seminar.code, "view": "participant"},
                    callback=True)["me"]
    group = first.emit("seminar:join", {"code": seminar.code, "view": "participant"},
                       callback=True)["groups"]["groups"][0]["id"]
    first.emit("group:choose", {"code": seminar.code, "group": group}, callback=True)
    first.emit("role:take", {"code": seminar.code, "role": "skriver"}, callback=True)
    first.disconnect()
    http.get(f"/s/{seminar.code}")  # reload
    again = socketio.test_client(app, flask_test_client=http)
    ack = again.emit("seminar:join", {"code": seminar.code, "view": "participant"},
                     callback=True)
    assert ack["me"] == me
    assert ack["mine"]["group"]["members"] == [{"id": me, "name": "", "online": True}]
    assert ack["mine"]["group"]["roles"] == {"skriver": me}
    again.disconnect()


@pytest.mark.parametrize(("event", "payload"), [
    ("groups:prepare", {"text": "A"}),
    ("groups:configure", {"allow_participant_groups": True, "max_group_size": None}),
    ("group:rename", {"group": 1, "name": "X"}),
    ("group:remove", {"group": 1}),
    ("group:merge", {"source": 1, "target": 1}),
    ("group:resize", {"group": 1, "max_size": 3}),
    ("roles:assign", {}),
    ("group:admit", {"participant": "someone", "accept": True}),
    ("participant:place", {"participant": "someone", "group": 1}),
])
def test_participants_cannot_manage_groups(make_seminar, phone, event, payload):
    seminar, _ = make_seminar()
    ack = phone(seminar).emit(event, {"code": seminar.code, **payload}, callback=True)
    assert ack["error"]["code"] == "not_allowed"


def test_nobody_writes_into_another_seminars_group(make_seminar, connect, phone):
    seminar, key = make_seminar()
    other, other_key = make_seminar()
    ack = _facilitator(connect, other, other_key).emit(
        "groups:prepare", {"code": other.code, "text": "Fremmed"}, callback=True)
    foreign = _ids(ack)["Fremmed"]
    intruder = phone(seminar)
    for code in (seminar.code, other.code):
        ack = intruder.emit("group:choose", {"code": code, "group": foreign}, callback=True)
        assert ack["ok"] is False
        assert ack["error"]["code"] in {"group_not_found", "unknown_participant"}


def test_roles_are_handed_only_within_the_own_group(make_seminar, connect, phone):
    seminar, key = make_seminar()
    ids = _ids(_facilitator(connect, seminar, key).emit(
        "groups:prepare", {"code": seminar.code, "text": "A\nB"}, callback=True))
    kari, per = phone(seminar), phone(seminar)
    kari.emit("group:choose", {"code": seminar.code, "group": ids["A"]}, callback=True)
    per.emit("group:choose", {"code": seminar.code, "group": ids["B"]}, callback=True)
    ack = kari.emit("role:take", {"code": seminar.code, "role": "skriver", "member": per.me},
                    callback=True)
    assert ack["error"] == {"code": "not_allowed", "message":
                            "Du kan bare gi roller til medlemmer av din egen gruppe."}


@pytest.mark.parametrize("payload", [
    {"group": "1"}, {"group": None}, {"group": 10**12}, {}, {"group": 1, "x": 2},
])
def test_bad_group_payloads_get_clear_errors(make_seminar, phone, payload):
    seminar, _ = make_seminar()
    ack = phone(seminar).emit("group:choose", {"code": seminar.code, **payload}, callback=True)
    assert ack["ok"] is False and ack["error"]["message"]


def test_names_with_markup_are_stored_as_typed(make_seminar, connect, phone):
    seminar, key = make_seminar()
    group = _ids(_facilitator(connect, seminar, key).emit(
        "groups:prepare", {"code": seminar.code, "text": "A"}, callback=True))["A"]
    sio = phone(seminar)
    sio.emit("group:choose", {"code": seminar.code, "group": group}, callback=True)
    ack = sio.emit("participant:rename", {"code": seminar.code, "name": "<img src=x>"},
                   callback=True)
    assert ack["mine"]["me"]["name"] == "<img src=x>"
    too_long = sio.emit("participant:rename", {"code": seminar.code, "name": "x" * 200},
                        callback=True)
    assert too_long["error"]["message"] == "Navnet kan være høyst 40 tegn."


def test_a_page_view_alone_does_not_count_as_joining(app, make_seminar, connect):
    seminar, key = make_seminar()
    for _ in range(3):
        assert app.test_client().get(f"/s/{seminar.code}").status_code == 200
    ack = _facilitator_ack(connect, seminar, key)
    assert (ack["groups"]["joined"], ack["detail"]["without_group"]) == (0, [])


def _facilitator_ack(connect, seminar, key):
    sio = connect(facilitator_of=(seminar, key))
    ack = sio.emit("seminar:join", {"code": seminar.code, "view": "facilitator"}, callback=True)
    sio.ack = ack
    return ack


def test_the_facilitator_sees_who_is_connected_right_now(make_seminar, connect, phone):
    seminar, key = make_seminar()
    facilitator = _facilitator(connect, seminar, key)
    group = _ids(facilitator.emit("groups:prepare", {"code": seminar.code, "text": "A"},
                                  callback=True))["A"]
    facilitator.get_received()
    kari = phone(seminar)
    assert not _received(facilitator, "groups:detail")  # connected, not a participant yet
    kari.emit("group:choose", {"code": seminar.code, "group": group}, callback=True)
    kari.emit("group:leave", {"code": seminar.code}, callback=True)
    detail = _received(facilitator, "groups:detail")[-1]
    assert detail["without_group"] == [{"id": kari.me, "name": "", "online": True}]
    assert (detail["summary"]["joined"], detail["summary"]["online"]) == (1, 1)
    kari.disconnect()
    [detail] = _received(facilitator, "groups:detail")
    assert detail["without_group"] == [{"id": kari.me, "name": "", "online": False}]
    assert (detail["summary"]["joined"], detail["summary"]["online"]) == (1, 0)


def test_a_phone_is_stored_only_once_it_joins_a_group(app, app_store, make_seminar, connect,
                                                      phone):
    seminar, key = make_seminar()
    facilitator = _facilitator(connect, seminar, key)
    group = _ids(facilitator.emit("groups:prepare", {"code": seminar.code, "text": "A"},
                                  callback=True))["A"]
    phones = [phone(seminar) for _ in range(20)]
    for sio in phones:  # everything a phone does before it has a group stores nothing
        assert sio.emit("answers:fetch", {"code": seminar.code}, callback=True)["answers"] is None
        ack = sio.emit("participant:rename", {"code": seminar.code, "name": "X"}, callback=True)
        assert ack["error"]["code"] == "unknown_participant"
    with app_store.read():
        assert app_store.groups.count_participants(seminar.record.id) == 0
    assert facilitator.emit("seminar:join", {"code": seminar.code, "view": "facilitator"},
                            callback=True)["groups"]["joined"] == 0
    ack = phones[0].emit("group:choose", {"code": seminar.code, "group": group,
                                          "display_name": "Kari"}, callback=True)
    assert ack["mine"]["me"] == {"id": phones[0].me, "name": "Kari"}
    with app_store.read():
        assert [p.id for p in app_store.groups.participants(seminar.record.id)] == [
            phones[0].me]


def test_a_seminar_holds_at_most_its_participants(app_store, make_seminar, connect, phone,
                                                  monkeypatch):
    from seminar.domain import groups as domain
    monkeypatch.setattr(domain, "MAX_PARTICIPANTS", 2)
    seminar, key = make_seminar()
    group = _ids(_facilitator(connect, seminar, key).emit(
        "groups:prepare", {"code": seminar.code, "text": "A"}, callback=True))["A"]
    kari, ola, per = phone(seminar), phone(seminar), phone(seminar)
    for sio in (kari, ola):
        assert sio.emit("group:choose", {"code": seminar.code, "group": group},
                        callback=True)["ok"]
    ack = per.emit("group:choose", {"code": seminar.code, "group": group}, callback=True)
    assert ack["error"]["code"] == "seminar_full"
    assert "2" in ack["error"]["message"]
    # Those already in may still change their group; nothing of Per was stored.
    assert kari.emit("group:leave", {"code": seminar.code}, callback=True)["ok"]
    assert kari.emit("group:choose", {"code": seminar.code, "group": group},
                     callback=True)["ok"]
    with app_store.read():
        assert app_store.groups.count_participants(seminar.record.id) == 2


def test_each_phone_gets_only_its_own_group_and_no_one_gets_the_detail(
        make_seminar, connect, phone):
    seminar, key = make_seminar()
    ids = _ids(_facilitator(connect, seminar, key).emit(
        "groups:prepare", {"code": seminar.code, "text": "A\nB"}, callback=True))
    kari, per = phone(seminar), phone(seminar)
    kari.emit("group:choose", {"code": seminar.code, "group": ids["A"]}, callback=True)
    per.get_received()
    kari.get_received()
    per.emit("group:choose", {"code": seminar.code, "group": ids["B"]}, callback=True)
    per_events = per.get_received()
    assert not [p for p in per_events if p["name"] == "groups:detail"]
    [mine] = [p["args"][0] for p in per_events if p["name"] == "group:mine"]
    assert [m["id"] for m in mine["group"]["members"]] == [per.me]
    assert not _received(kari, "group:mine")  # Kari's own view did not change
    kari.emit("role:take", {"code": seminar.code, "role": "skriver"}, callback=True)
    assert not _received(per, "group:mine")


def test_the_facilitator_hands_a_vanished_scribes_role_to_another_member(
        make_seminar, connect, phone):
    seminar, key = make_seminar()
    facilitator = _facilitator(connect, seminar, key)
    group = _ids(facilitator.emit("groups:prepare", {"code": seminar.code, "text": "A"},
                                  callback=True))["A"]
    kari, ola = phone(seminar), phone(seminar)
    for sio in (kari, ola):
        sio.emit("group:choose", {"code": seminar.code, "group": group}, callback=True)
    kari.emit("role:take", {"code": seminar.code, "role": "skriver"}, callback=True)
    kari.disconnect()
    [detail] = _received(facilitator, "groups:detail")[-1:]
    members = {m["id"]: m["online"] for m in detail["groups"][0]["members"]}
    assert (members, detail["groups"][0]["roles"]) == (
        {kari.me: False, ola.me: True}, {"skriver": kari.me})
    ola.get_received()
    ack = facilitator.emit("role:take", {"code": seminar.code, "role": "skriver",
                                         "member": ola.me}, callback=True)
    assert ack["detail"]["groups"][0]["roles"] == {"skriver": ola.me}
    [mine] = _received(ola, "group:mine")
    assert mine["group"]["roles"] == {"skriver": ola.me}


def test_a_group_of_its_own_size_refuses_the_next_member(make_seminar, connect, phone):
    seminar, key = make_seminar()
    facilitator = _facilitator(connect, seminar, key)
    group = _ids(facilitator.emit("groups:prepare", {"code": seminar.code, "text": "A"},
                                  callback=True))["A"]
    ack = facilitator.emit("group:resize", {"code": seminar.code, "group": group,
                                            "max_size": 1}, callback=True)
    assert ack["groups"]["groups"][0]["limit"] == 1
    first, second = phone(seminar), phone(seminar)
    assert first.emit("group:choose", {"code": seminar.code, "group": group},
                      callback=True)["mine"]["group"]["id"] == group
    ack = second.emit("group:choose", {"code": seminar.code, "group": group}, callback=True)
    assert ack["error"] == {"code": "group_full", "message": "Gruppen «A» er full."}
    bad = facilitator.emit("group:resize", {"code": seminar.code, "group": group,
                                            "max_size": "many"}, callback=True)
    assert bad["ok"] is False and bad["error"]["message"]


def test_broadcasts_stay_within_their_seminar(make_seminar, connect, phone):
    seminar, key = make_seminar()
    other, _ = make_seminar()
    outsider = phone(other)
    outsider.get_received()
    _facilitator(connect, seminar, key).emit("groups:prepare",
                                             {"code": seminar.code, "text": "A"}, callback=True)
    phone(seminar)
    assert outsider.get_received() == []


def test_the_name_is_saved_with_the_group_choice(make_seminar, connect, phone):
    seminar, key = make_seminar()
    group = _ids(_facilitator(connect, seminar, key).emit(
        "groups:prepare", {"code": seminar.code, "text": "A"}, callback=True))["A"]
    kari = phone(seminar)
    ack = kari.emit("group:choose", {"code": seminar.code, "group": group,
                                     "display_name": "  Kari  Nordmann "}, callback=True)
    assert ack["mine"]["me"] == {"id": kari.me, "name": "Kari Nordmann"}
    assert ack["mine"]["group"]["members"] == [{"id": kari.me, "name": "Kari Nordmann",
                                                "online": True}]
    # A bad name refuses the whole choice: nothing half done.
    ola = phone(seminar)
    ack = ola.emit("group:choose", {"code": seminar.code, "group": group,
                                    "display_name": "x" * 41}, callback=True)
    assert ack["error"]["message"] == "Navnet kan være høyst 40 tegn."
    ack = ola.emit("seminar:join", {"code": seminar.code, "view": "participant"},
                   callback=True)
    assert (ack["me"], ack["mine"]["group"], ack["mine"]["me"]) == (ola.me, None, None)


def test_taking_a_held_role_asks_the_holder_who_decides(make_seminar, connect, phone):
    seminar, key = make_seminar()
    code = seminar.code
    facilitator = _facilitator(connect, seminar, key)
    group = _ids(facilitator.emit("groups:prepare", {"code": code, "text": "A"},
                                  callback=True))["A"]
    kari, ola = phone(seminar), phone(seminar)
    kari.emit("group:choose", {"code": code, "group": group, "display_name": "Kari"},
              callback=True)
    ola.emit("group:choose", {"code": code, "group": group, "display_name": "Ola"},
             callback=True)
    assert kari.emit("role:take", {"code": code, "role": "skriver"}, callback=True)["ok"]
    kari.get_received()
    # Without the flag: refused, nothing changes, nobody is asked.
    ack = ola.emit("role:take", {"code": code, "role": "skriver"}, callback=True)
    assert ack["error"]["code"] == "role_held"
    assert _received(kari, "role:request") == []
    bad = ola.emit("role:take", {"code": code, "role": "skriver", "take_over": "ja"},
                   callback=True)
    assert bad["error"]["code"] == "invalid_input"
    # With it: asked, not taken; the holder's phone is asked, and the request waits.
    ack = ola.emit("role:take", {"code": code, "role": "skriver", "take_over": True},
                   callback=True)
    assert ack["mine"]["group"]["roles"] == {"skriver": kari.me}
    assert ack["mine"]["group"]["requests"] == [{"role": "skriver", "from": ola.me,
                                                 "to": kari.me}]
    packets = kari.get_received()
    assert _received(kari, "role:request", packets) == [{"role": "skriver",
                                                         "by": {"id": ola.me, "name": "Ola"}}]
    [mine] = _received(kari, "group:mine", packets)
    assert mine["group"]["requests"] == [{"role": "skriver", "from": ola.me, "to": kari.me}]
    # Only the holder answers; the asker cannot answer for them.
    answer = {"code": code, "role": "skriver", "requester": ola.me}
    refused = ola.emit("role:answer", {**answer, "accept": True}, callback=True)
    assert refused["error"]["code"] == "request_gone"
    ola.get_received()
    # The holder says no: nothing changes, and the asker is told.
    ack = kari.emit("role:answer", {**answer, "accept": False}, callback=True)
    assert ack["mine"]["group"]["roles"] == {"skriver": kari.me}
    assert ack["mine"]["group"]["requests"] == []
    assert _received(ola, "role:answered") == [{"role": "skriver", "accepted": False,
                                                "by": {"id": kari.me, "name": "Kari"}}]
    # Asked again, the holder says yes: the role moves, and the asker now writes.
    ola.emit("role:take", {"code": code, "role": "skriver", "take_over": True}, callback=True)
    ola.get_received()
    ack = kari.emit("role:answer", {**answer, "accept": True}, callback=True)
    assert (ack["mine"]["group"]["roles"], ack["mine"]["may_write"]) == ({"skriver": ola.me},
                                                                          False)
    packets = ola.get_received()
    assert _received(ola, "role:answered", packets) == [
        {"role": "skriver", "accepted": True, "by": {"id": kari.me, "name": "Kari"}}]
    assert _received(ola, "group:mine", packets)[-1]["may_write"] is True
    # A free role, one's own role, handing one's own role on, and the facilitator: no question.
    assert ola.emit("role:take", {"code": code, "role": "moteleder"}, callback=True)["ok"]
    assert ola.emit("role:take", {"code": code, "role": "skriver"}, callback=True)["ok"]
    assert ola.emit("role:take", {"code": code, "role": "skriver", "member": kari.me},
                    callback=True)["ok"]
    kari.get_received()
    ack = facilitator.emit("role:take", {"code": code, "role": "skriver", "member": ola.me},
                           callback=True)
    assert ack["detail"]["groups"][0]["roles"] == {"moteleder": ola.me, "skriver": ola.me}
    assert _received(kari, "role:request") == []


def test_a_locked_group_takes_only_its_placed_members_or_those_let_in(make_seminar, connect,
                                                                       phone):
    seminar, key = make_seminar()
    code = seminar.code
    facilitator = _facilitator(connect, seminar, key)
    ids = _ids(facilitator.emit("groups:prepare", {"code": code, "text": "A\nB"},
                                callback=True))
    kari, ola, per = phone(seminar), phone(seminar), phone(seminar)
    kari.emit("group:choose", {"code": code, "group": ids["A"]}, callback=True)
    # Ola was in a group and left it (a stored participant); Per has only opened the page.
    ola.emit("group:choose", {"code": code, "group": ids["A"]}, callback=True)
    ola.emit("group:leave", {"code": code}, callback=True)
    rules = {"code": code, "allow_participant_groups": True, "max_group_size": None}
    ack = facilitator.emit("groups:configure", {**rules, "locked": True}, callback=True)
    assert ack["groups"]["locked"] is True
    # Locked: Kari stays in A and cannot move to B; Ola and Per cannot choose a group.
    ack = kari.emit("group:choose", {"code": code, "group": ids["B"]}, callback=True)
    assert ack["error"]["code"] == "groups_locked"
    assert "«B»" in ack["error"]["message"]
    for sio in (ola, per):
        refused = sio.emit("group:choose", {"code": code, "group": ids["A"]}, callback=True)
        assert refused["error"]["code"] == "groups_locked"
    created = ola.emit("group:create", {"code": code, "name": "C"}, callback=True)
    assert created["error"]["code"] == "not_allowed"
    # The facilitator places Ola in B: that is her group, even if she leaves and comes back.
    ack = facilitator.emit("participant:place", {"code": code, "participant": ola.me,
                                                 "group": ids["B"]}, callback=True)
    assert [m["id"] for m in ack["detail"]["groups"][1]["members"]] == [ola.me]
    ola.emit("group:leave", {"code": code}, callback=True)
    ack = ola.emit("group:choose", {"code": code, "group": ids["B"]}, callback=True)
    assert (ack["mine"]["group"]["id"], ack["mine"]["placed"]) == (ids["B"], ids["B"])
    # Per asks to join A (asking makes his phone a participant): the phone says it waits, the
    # console shows the request.
    facilitator.get_received()
    ack = per.emit("group:ask", {"code": code, "group": ids["A"], "display_name": "Per"},
                   callback=True)
    assert (ack["mine"]["group"], ack["mine"]["asked"]) == (None, ids["A"])
    [detail] = _received(facilitator, "groups:detail")
    assert detail["requests"] == [{"person": {"id": per.me, "name": "Per", "online": True},
                                   "group": ids["A"]}]
    # A participant cannot let anyone in; the facilitator can.
    assert kari.emit("group:admit", {"code": code, "participant": per.me, "accept": True},
                     callback=True)["error"]["code"] == "not_allowed"
    per.get_received()
    ack = facilitator.emit("group:admit", {"code": code, "participant": per.me,
                                           "accept": True}, callback=True)
    assert ack["detail"]["requests"] == []
    assert {m["id"] for m in ack["detail"]["groups"][0]["members"]} == {kari.me, per.me}
    [mine] = _received(per, "group:mine")
    assert (mine["group"]["id"], mine["asked"], mine["placed"]) == (ids["A"], None, ids["A"])
    again = facilitator.emit("group:admit", {"code": code, "participant": per.me,
                                             "accept": False}, callback=True)
    assert again["error"]["code"] == "request_gone"
    # Unlocked: everyone chooses freely again.
    ack = facilitator.emit("groups:configure", {**rules, "locked": False}, callback=True)
    assert ack["groups"]["locked"] is False
    ack = kari.emit("group:choose", {"code": code, "group": ids["B"]}, callback=True)
    assert (ack["mine"]["group"]["id"], ack["mine"]["placed"]) == (ids["B"], None)
    # The rules saved without `locked` leave the lock as it is.
    facilitator.emit("groups:configure", {**rules, "locked": True}, callback=True)
    ack = facilitator.emit("groups:configure", rules, callback=True)
    assert ack["groups"]["locked"] is True


def test_each_phone_is_told_whether_it_writes(hall):
    """Kari holds the scribe's role in group A: she writes, Ola suggests; Per (group B,
    nobody holds the role there) writes; letting every member write tells Ola at once."""
    code = hall["code"]
    acks = {name: hall[name].emit("seminar:join", {"code": code, "view": "participant"},
                                  callback=True) for name in ("kari", "ola", "per")}
    assert {name: ack["mine"]["may_write"] for name, ack in acks.items()} == {
        "kari": True, "ola": False, "per": True}
    # A view a phone got only in its own answer is announced once more after it (see
    # test_a_view_only_one_screen_got_in_its_answer_is_announced_again_when_it_goes_back).
    hall["facilitator"].emit("group:rename", {"code": code, "group": acks["per"]["mine"]
                                              ["group"]["id"], "name": "Bord B"}, callback=True)
    for name in ("kari", "ola", "per"):
        hall[name].get_received()
    assert hall["facilitator"].emit("answers:configure",
                                    {"code": code, "all_members_write": True},
                                    callback=True)["ok"]
    [mine] = _received(hall["ola"], "group:mine")
    assert mine["may_write"] is True
    assert _received(hall["kari"], "group:mine") == []  # her view did not change
    hall["facilitator"].emit("answers:configure", {"code": code, "all_members_write": False},
                             callback=True)
    [mine] = _received(hall["ola"], "group:mine")
    assert mine["may_write"] is False


def test_a_phone_coming_back_resends_no_public_view_but_every_change_is_sent(
        app, make_seminar, connect, phone):
    """Presence is not in the phones' public view (``groups:state``): a phone coming back
    after a Wi-Fi drop sends it to nobody again, while the facilitator and the phone's group
    see who is connected, and every change of the groups still reaches every phone."""
    seminar, key = make_seminar()
    facilitator = _facilitator(connect, seminar, key)
    ids = _ids(facilitator.emit("groups:prepare", {"code": seminar.code, "text": "A\nB"},
                                callback=True))
    kari_http = app.test_client()
    kari_http.get(f"/s/{seminar.code}")

    def kari_connects():
        sio = socketio.test_client(app, flask_test_client=kari_http)
        sio.me = sio.emit("seminar:join", {"code": seminar.code, "view": "participant"},
                          callback=True)["me"]
        return sio

    kari, ola, per = kari_connects(), phone(seminar), phone(seminar)
    for sio, group in ((kari, "A"), (ola, "A"), (per, "B")):
        assert sio.emit("group:choose", {"code": seminar.code, "group": ids[group]},
                        callback=True)["ok"]
    [state] = _received(per, "groups:state")[-1:]
    assert (state["joined"], [g["size"] for g in state["groups"]]) == (3, [2, 1])
    assert "online" not in state
    for sio in (facilitator, ola, per):
        sio.get_received()

    me = kari.me
    kari.disconnect()
    kari = kari_connects()
    assert kari.me == me
    at_ola, at_per = ola.get_received(), per.get_received()
    assert not _received(per, "groups:state", at_per)
    assert not _received(ola, "groups:state", at_ola)
    details = _received(facilitator, "groups:detail")
    assert [d["summary"]["online"] for d in details] == [2, 3]
    assert [[m["online"] for m in mine["group"]["members"]]
            for mine in _received(ola, "group:mine", at_ola)] == [[False, True], [True, True]]
    assert not _received(per, "group:mine", at_per)  # nothing changed in Per's group

    assert facilitator.emit("group:rename", {"code": seminar.code, "group": ids["B"],
                                             "name": "Bord B"}, callback=True)["ok"]
    for sio in (kari, ola, per):
        [state] = _received(sio, "groups:state")
        assert [g["name"] for g in state["groups"]] == ["A", "Bord B"]


def test_a_view_only_one_screen_got_in_its_answer_is_announced_again_when_it_goes_back(
        app, make_seminar, connect, phone):
    """Kari's view is announced; within the coalescing interval she chooses group B (only
    her phone gets that view, in its answer) and the facilitator puts her back into A. Her
    view is then what was announced last, yet her phone shows B: the next announcement sends
    it to her again."""
    seminar, key = make_seminar()
    code = seminar.code
    facilitator = _facilitator(connect, seminar, key)
    ids = _ids(facilitator.emit("groups:prepare", {"code": code, "text": "A\nB"},
                                callback=True))
    kari, ola = phone(seminar), phone(seminar)
    for sio in (kari, ola):
        assert sio.emit("group:choose", {"code": code, "group": ids["A"]}, callback=True)["ok"]
    app.extensions["seminar.groups"]._interval = 0.5
    time.sleep(0.6)
    assert facilitator.emit("group:rename", {"code": code, "group": ids["B"], "name": "Bord B"},
                            callback=True)["ok"]  # announced at once
    kari.get_received()
    ack = kari.emit("group:choose", {"code": code, "group": ids["B"]}, callback=True)
    assert ack["mine"]["group"]["id"] == ids["B"]
    assert facilitator.emit("participant:place", {"code": code, "participant": kari.me,
                                                  "group": ids["A"]}, callback=True)["ok"]
    time.sleep(0.8)  # the coalesced announcement
    mine = _received(kari, "group:mine")
    assert mine and mine[-1]["group"]["id"] == ids["A"]


def test_presence_is_announced_at_most_once_per_its_interval_and_a_change_still_soon(
        app, make_seminar, connect, phone):
    """A phone dropping is announced at once; more comings and goings within
    PRESENCE_BROADCAST_INTERVAL wait for it (one announcement holds them all); a change of
    the groups meanwhile is announced within the groups' own, shorter interval."""
    seminar, key = make_seminar()
    code = seminar.code
    facilitator = _facilitator(connect, seminar, key)
    ids = _ids(facilitator.emit("groups:prepare", {"code": code, "text": "A"}, callback=True))
    phones = [phone(seminar) for _ in range(4)]
    for sio in phones:
        assert sio.emit("group:choose", {"code": code, "group": ids["A"]}, callback=True)["ok"]
    broadcaster = app.extensions["seminar.groups"]
    broadcaster._interval, broadcaster._presence_interval = 0.1, 0.6
    time.sleep(0.7)
    facilitator.get_received()

    def online() -> list[int]:
        return [d["summary"]["online"] for d in _received(facilitator, "groups:detail")]

    phones[0].disconnect()
    assert online() == [3]  # the first: at once
    phones[1].disconnect()
    phones[2].disconnect()
    time.sleep(0.3)
    assert online() == []  # waiting for the presence interval
    time.sleep(0.5)
    assert online() == [1]  # both in one announcement
    phones[3].disconnect()  # a presence change, due 0.6 s after the last announcement ...
    assert facilitator.emit("group:rename", {"code": code, "group": ids["A"], "name": "Bord A"},
                            callback=True)["ok"]  # ... and a change of the groups: sooner
    time.sleep(0.25)
    details = _received(facilitator, "groups:detail")
    assert [(d["summary"]["online"], d["groups"][0]["name"]) for d in details] == [(0, "Bord A")]


def test_a_long_announcement_is_followed_by_a_longer_pause(app, make_seminar, connect,
                                                           phone):
    """An announcement that took long (a big seminar's) is followed by a pause of at least
    BUSY_FACTOR times its own time before the next, whatever the interval."""
    from seminar.web.group_broadcast import BUSY_FACTOR

    seminar, key = make_seminar()
    code = seminar.code
    facilitator = _facilitator(connect, seminar, key)
    ids = _ids(facilitator.emit("groups:prepare", {"code": code, "text": "A"}, callback=True))
    member = phone(seminar)  # someone connected: the seminar's announcements are remembered
    assert member.emit("group:choose", {"code": code, "group": ids["A"]}, callback=True)["ok"]
    broadcaster = app.extensions["seminar.groups"]
    broadcaster._interval = broadcaster._presence_interval = 0.05
    time.sleep(0.1)
    facilitator.get_received()
    broadcaster._cost[code] = 0.15  # as if the last announcement had taken 150 ms
    last = broadcaster._last[code]
    assert facilitator.emit("group:rename", {"code": code, "group": ids["A"], "name": "B"},
                            callback=True)["ok"]
    while not (details := _received(facilitator, "groups:detail")):
        assert time.monotonic() - last < 3
        time.sleep(0.01)
    assert details[0]["groups"][0]["name"] == "B"
    assert time.monotonic() - last >= BUSY_FACTOR * 0.15 * 0.95  # not after the 50 ms interval
