"""Socket events: facilitator commands reach their own seminar only; everyone else is refused."""

import pytest


def _join(sio, seminar, view):
    ack = sio.emit("seminar:join", {"code": seminar.code, "view": view}, callback=True)
    assert ack["ok"] is True, ack
    return ack["state"]


def _states(sio):
    return [packet["args"][0] for packet in sio.get_received()
            if packet["name"] == "programme:state"]


def test_joining_returns_the_full_programme_state(make_seminar, connect):
    seminar, _ = make_seminar()
    state = _join(connect(), seminar, "participant")
    assert state["code"] == seminar.code
    assert state["current"] == 0
    assert state["statuses"] == ["current", "upcoming", "upcoming"]
    assert state["timer"] == {"status": "ready", "total_ms": 600_000, "remaining_ms": 600_000,
                              "deadline_ms": None, "extra_ms": 0}
    assert state["schedule"] is None


def test_a_facilitator_command_reaches_every_screen_of_that_seminar_only(make_seminar, connect):
    seminar, key = make_seminar()
    other, _ = make_seminar()
    facilitator = connect(facilitator_of=(seminar, key))
    _join(facilitator, seminar, "facilitator")
    projector, phone, elsewhere = connect(), connect(), connect()
    _join(projector, seminar, "projector")
    _join(phone, seminar, "participant")
    _join(elsewhere, other, "projector")
    for sio in (facilitator, projector, phone, elsewhere):
        sio.get_received()

    ack = facilitator.emit("programme:control", {"code": seminar.code, "action": "start"},
                           callback=True)

    assert ack["ok"] is True
    assert ack["state"]["timer"]["status"] == "running"
    for sio in (facilitator, projector, phone):
        [state] = _states(sio)
        assert state == ack["state"]
    assert elsewhere.get_received() == []


def test_clock_sync_returns_the_server_time(app, connect):
    ack = connect().emit("clock:sync", {}, callback=True)
    assert ack["ok"] is True and isinstance(ack["server_time"], int)


@pytest.mark.parametrize("action", ["start", "pause", "next", "go_to", "adjust"])
def test_a_participant_cannot_drive_the_programme(make_seminar, connect, action):
    seminar, _ = make_seminar()
    phone, projector = connect(), connect()
    _join(phone, seminar, "participant")
    _join(projector, seminar, "projector")
    projector.get_received()

    ack = phone.emit("programme:control", {"code": seminar.code, "action": action, "block": 1,
                                           "seconds": 60}, callback=True)

    assert ack == {"ok": False, "error": {"code": "not_allowed",
                                          "message": "Bare fasilitatoren kan gjøre det."}}
    assert projector.get_received() == []
    assert _join(phone, seminar, "participant")["timer"]["status"] == "ready"


def test_a_participant_cannot_join_as_facilitator(make_seminar, connect):
    seminar, _ = make_seminar()
    ack = connect().emit("seminar:join", {"code": seminar.code, "view": "facilitator"},
                         callback=True)
    assert ack["error"]["code"] == "not_allowed"


def test_the_facilitator_of_one_seminar_cannot_drive_another(make_seminar, connect):
    seminar, key = make_seminar()
    other, _ = make_seminar()
    facilitator = connect(facilitator_of=(seminar, key))
    ack = facilitator.emit("programme:control", {"code": other.code, "action": "start"},
                           callback=True)
    assert ack["error"]["code"] == "not_allowed"


@pytest.mark.parametrize("payload", [
    None, "ABCDEF", 42, [], {}, {"code": "ABCDEF"}, {"view": "projector"},
    {"code": "ABCDEF", "view": "projector", "extra": 1}, {"code": None, "view": "projector"},
    {"code": "x" * 5000, "view": "projector"}, {"code": ["A"], "view": "projector"},
])
def test_malformed_join_payloads_get_an_error(connect, make_seminar, payload):
    make_seminar()
    ack = connect().emit("seminar:join", payload, callback=True)
    assert ack["ok"] is False
    assert ack["error"]["code"] in {"invalid_input", "not_found"}
    assert ack["error"]["message"]


def test_an_unknown_code_is_not_found(connect):
    ack = connect().emit("seminar:join", {"code": "ZZZZZZ", "view": "projector"}, callback=True)
    assert ack["error"] == {"code": "not_found", "message": "Ingen samling har den koden."}


def test_a_wrong_view_is_refused(make_seminar, connect):
    seminar, _ = make_seminar()
    ack = connect().emit("seminar:join", {"code": seminar.code, "view": "admin"}, callback=True)
    assert ack["error"]["code"] == "invalid_input"


@pytest.mark.parametrize("command", [
    {"action": "dance"}, {"action": None}, {"action": "adjust"},
    {"action": "adjust", "seconds": "60"}, {"action": "adjust", "seconds": 10**9},
    {"action": "go_to"}, {"action": "go_to", "block": 99}, {"action": "go_to", "block": "1"},
    {"action": "pause"}, {"action": "previous"}, {"action": "start", "sql": "drop table"},
])
def test_bad_facilitator_commands_change_nothing(make_seminar, connect, command):
    seminar, key = make_seminar()
    facilitator = connect(facilitator_of=(seminar, key))
    before = _join(facilitator, seminar, "facilitator")
    facilitator.get_received()

    ack = facilitator.emit("programme:control", {"code": seminar.code, **command},
                           callback=True)

    assert ack["ok"] is False and ack["error"]["message"]
    assert facilitator.get_received() == []
    after = _join(facilitator, seminar, "facilitator")
    assert (after["version"], after["current"], after["timer"]) == (
        before["version"], before["current"], before["timer"])


def test_unknown_events_and_wrong_argument_counts_get_an_error(connect):
    sio = connect()
    assert sio.emit("groups:hack", {"x": 1}, callback=True) == {
        "ok": False, "error": {"code": "invalid_input", "message": "Ukjent hendelse."}}
    ack = sio.emit("clock:sync", {}, {}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid_input"


def test_the_whole_run_of_commands(make_seminar, connect):
    seminar, key = make_seminar()
    facilitator = connect(facilitator_of=(seminar, key))
    _join(facilitator, seminar, "facilitator")

    def control(**command):
        ack = facilitator.emit("programme:control", {"code": seminar.code, **command},
                               callback=True)
        assert ack["ok"] is True, ack
        return ack["state"]

    assert control(action="start")["timer"]["status"] == "running"
    assert control(action="adjust", seconds=300)["timer"]["total_ms"] == 900_000
    assert control(action="pause")["timer"]["status"] == "paused"
    assert control(action="resume")["timer"]["status"] == "running"
    assert control(action="next")["statuses"] == ["done", "current", "upcoming"]
    assert control(action="go_to", block=2)["statuses"] == ["done", "skipped", "current"]
    state = control(action="previous")
    assert (state["current"], state["timer"]["status"]) == (1, "ready")
    assert state["version"] == 7


def test_a_stale_command_is_refused_so_a_double_click_skips_nothing(make_seminar, connect):
    seminar, key = make_seminar()
    facilitator = connect(facilitator_of=(seminar, key))
    version = _join(facilitator, seminar, "facilitator")["version"]
    command = {"code": seminar.code, "action": "next", "version": version}
    assert facilitator.emit("programme:control", command, callback=True)["ok"] is True
    again = facilitator.emit("programme:control", command, callback=True)
    assert again["error"]["code"] == "invalid_transition"
    assert _join(facilitator, seminar, "facilitator")["current"] == 1
