"""The rate limits: the limiter itself, the configured numbers against a hall behind one
address (NAT), and each limit over HTTP and Socket.IO: refused with `rate_limited`, nothing
changed, and a well-behaved client never refused."""

import time

import pytest

from seminar.config import Defaults
from seminar.extensions import socketio
from seminar.i18n import translate_error
from seminar.web.guessing import miss_delay
from seminar.web.handlers import EVENTS
from seminar.web.rate_limit import (
    Limiter,
    MemoryCounters,
    Per,
    TooFast,
    counters,
    per_address,
    per_socket,
)


def _config(**settings) -> dict:
    return {key: getattr(Defaults, key) for key in dir(Defaults) if key.isupper()} | settings


def test_a_limit_refuses_past_its_number_and_counts_nothing_it_refused():
    limiter = Limiter(_config(LIMIT_JOINS_PER_SOCKET="3 per minute",
                              LIMIT_JOINS_PER_ADDRESS="5 per minute"))
    socket, address = per_socket("LIMIT_JOINS_PER_SOCKET"), per_address("LIMIT_JOINS_PER_ADDRESS")
    for _ in range(3):
        limiter.check([(socket, "a"), (address, "hall")])
    with pytest.raises(TooFast):
        limiter.check([(socket, "a"), (address, "hall")])
    assert limiter.used("LIMIT_JOINS_PER_ADDRESS", "hall") == 3  # the refused one not counted
    limiter.check([(socket, "b"), (address, "hall")])  # another socket has its own count
    limiter.check([(socket, "c"), (address, "hall")])
    with pytest.raises(TooFast):  # ... but the address is full now
        limiter.check([(socket, "d"), (address, "hall")])
    limiter.check([(socket, "d"), (address, "elsewhere")])
    # The narrowest limit counts first: a flooding socket does not use up its address.
    for _ in range(3):
        limiter.check([(address, "school"), (socket, "e")])
    for _ in range(5):
        with pytest.raises(TooFast):
            limiter.check([(address, "school"), (socket, "e")])
    assert limiter.used("LIMIT_JOINS_PER_ADDRESS", "school") == 3


def test_limits_off_refuse_nothing_and_a_mistyped_setting_stops_the_start():
    limiter = Limiter(_config(RATE_LIMITS="off", LIMIT_JOINS_PER_SOCKET="1 per hour"))
    for _ in range(5):
        limiter.check([(per_socket("LIMIT_JOINS_PER_SOCKET"), "a")])
    with pytest.raises(ValueError, match="LIMIT_JOINS_PER_SOCKET"):
        Limiter(_config(LIMIT_JOINS_PER_SOCKET="ten a second"))


def test_every_setting_is_a_rate_and_every_declared_limit_has_one():
    limiter = Limiter(_config())
    for declared in EVENTS.values():
        for rule in declared.limit:
            assert limiter.rate(rule.setting).amount > 0


def test_the_delay_for_guesses_grows_after_the_free_misses_and_stops_at_its_longest():
    assert [miss_delay(n, free=10, delay=0.5, longest=8.0) for n in (1, 10, 11, 12, 13, 14, 15,
                                                                    99)] == [
        0.0, 0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


# -- a hall behind one address --------------------------------------------------------------------

# What one phone sends while it joins (docs/limits.md): the QR code's address, the page's
# socket joining twice (a reload), its answers fetched on each join and after the choice, its
# group chosen and its name changed once. Its clock syncs count per socket only.
PHONE_JOINING = {"seminar:join": 2, "answers:fetch": 3, "group:choose": 1,
                 "participant:rename": 1, "clock:sync": 10}


@pytest.mark.parametrize("phones", [300])
def test_the_default_limits_let_a_hall_behind_one_address_join_within_a_minute(phones):
    """Every phone of the hall joins at the same moment, so the whole of each per-address
    window is used at once: the worst case for a minute's limits."""
    limiter = Limiter(_config())
    address = "203.0.113.7"
    for phone in range(phones):
        limiter.check([(per_address("LIMIT_JOIN_PAGES_PER_ADDRESS"), address)])  # /j/<code>
        for name, times in PHONE_JOINING.items():
            for _ in range(times):
                keys = {Per.SOCKET: f"socket-{phone}", Per.PHONE: f"phone-{phone}",
                        Per.ADDRESS: address}
                limiter.check((rule, keys[rule.per]) for rule in EVENTS[name].limit
                              if not rule.when)
        new = next(r for r in EVENTS["group:choose"].limit if r.when)
        limiter.check([(new, address)])
    # ... and a tenth of them mistyped the code once on the start page: answered at once.
    for _ in range(phones // 10):
        limiter.check([(per_address("LIMIT_JOIN_PAGES_PER_ADDRESS"), address)])
        misses = limiter.hit("LIMIT_CODE_MISSES_PER_ADDRESS", address)
        assert miss_delay(misses, Defaults.CODE_MISSES_FREE, Defaults.CODE_MISS_DELAY,
                          Defaults.CODE_MISS_DELAY_MAX) == 0


# -- over HTTP ------------------------------------------------------------------------------------

def test_the_start_pages_code_form_is_limited_per_address(app, client, make_seminar,
                                                          set_limits):
    seminar, _ = make_seminar()
    set_limits(LIMIT_JOIN_PAGES_PER_ADDRESS="3 per minute")
    for _ in range(3):
        assert client.post("/join", data={"code": seminar.code}).status_code == 302
    refused = client.post("/join", data={"code": seminar.code})
    assert refused.status_code == 429
    with app.test_request_context("/join"):  # the same message, in the page's language
        message = translate_error(TooFast())
    assert message in refused.get_data(as_text=True)
    # Another address (another hall) is not affected.
    other = client.post("/join", data={"code": seminar.code},
                        environ_base={"REMOTE_ADDR": "198.51.100.2"})
    assert other.status_code == 302


def test_the_qr_codes_address_is_limited_per_address(client, make_seminar, set_limits):
    seminar, _ = make_seminar()
    set_limits(LIMIT_JOIN_PAGES_PER_ADDRESS="2 per minute")
    assert [client.get(f"/j/{seminar.code}").status_code for _ in range(3)] == [302, 302, 429]


def test_key_logins_are_limited_per_address_and_a_limited_one_grants_nothing(
        app, make_seminar, set_limits):
    seminar, key = make_seminar()
    set_limits(LIMIT_LOGINS_PER_ADDRESS="3 per minute")
    http = app.test_client()
    for _ in range(3):
        assert http.get(f"/s/{seminar.code}/facilitator?key=wrong").status_code == 403
    assert http.get(f"/s/{seminar.code}/facilitator?key={key}").status_code == 429
    assert http.get(f"/s/{seminar.code}/facilitator").status_code == 403  # not logged in
    organiser = app.test_client()
    organiser.get("/organiser/")
    with organiser.session_transaction() as session:
        token = session.get("csrf")
    assert organiser.post("/organiser/login", data={"key": "organiser-test-key",
                                                    "csrf": token}).status_code == 429
    assert organiser.get("/organiser/").status_code == 401


def test_a_facilitator_logging_in_normally_is_never_refused(app, make_seminar):
    seminar, key = make_seminar()
    for _ in range(5):  # a facilitator on a few devices, and one typo
        http = app.test_client()
        assert http.get(f"/s/{seminar.code}/facilitator?key=typo").status_code == 403
        assert http.get(f"/s/{seminar.code}/facilitator?key={key}").status_code == 302


# -- over Socket.IO -------------------------------------------------------------------------------

def _phone(app, seminar):
    http = app.test_client()
    http.get(f"/s/{seminar.code}")
    sio = socketio.test_client(app, flask_test_client=http)
    sio.me = sio.emit("seminar:join", {"code": seminar.code, "view": "participant"},
                      callback=True)["me"]
    return sio


def test_joining_is_limited_per_socket_and_per_address(app, make_seminar, set_limits):
    seminar, _ = make_seminar()
    set_limits(LIMIT_JOINS_PER_SOCKET="3 per minute", LIMIT_JOINS_PER_ADDRESS="5 per minute")
    sio = socketio.test_client(app)
    acks = [sio.emit("seminar:join", {"code": seminar.code, "view": "projector"}, callback=True)
            for _ in range(4)]
    assert [ack["ok"] for ack in acks] == [True, True, True, False]
    assert acks[3]["error"]["code"] == "rate_limited"
    other = socketio.test_client(app)
    acks = [other.emit("seminar:join", {"code": seminar.code, "view": "projector"},
                       callback=True)["ok"] for _ in range(3)]
    assert acks == [True, True, False]  # the address had 5


@pytest.mark.parametrize(("event", "payload"), [
    ("participant:rename", {"name": "Flom"}),
    ("group:choose", {"group": "A"}),
    ("group:leave", {}),
    ("role:take", {"role": "moteleder"}),
])
def test_a_phone_flooding_its_group_changes_is_refused_and_nothing_changes(
        app, hall, set_limits, event, payload):
    code, ola = hall["code"], hall["ola"]
    set_limits(LIMIT_GROUP_CHANGES_PER_PHONE="3 per minute")
    if payload.get("group") == "A":
        payload = {"group": hall["ids"]["A"]}
    for _ in range(3):
        assert ola.emit(event, {"code": code, **payload}, callback=True)["ok"]
    before = hall["facilitator"].emit("seminar:join", {"code": code, "view": "facilitator"},
                                      callback=True)["detail"]
    hall["facilitator"].get_received()
    ack = ola.emit(event, {"code": code, **payload}, callback=True)
    assert ack["error"]["code"] == "rate_limited"
    after = hall["facilitator"].emit("seminar:join", {"code": code, "view": "facilitator"},
                                     callback=True)["detail"]
    assert after == before
    assert not [p for p in hall["facilitator"].get_received() if p["name"] == "groups:detail"]
    # Another phone is not affected.
    assert hall["per"].emit("participant:rename", {"code": code, "name": "Per"},
                            callback=True)["ok"]


@pytest.mark.parametrize("event", ["answers:fetch", "display:fetch"])
def test_fetching_is_limited_per_socket(app, hall, set_limits, event):
    set_limits(LIMIT_FETCHES_PER_SOCKET="4 per minute")
    acks = [hall["kari"].emit(event, {"code": hall["code"]}, callback=True) for _ in range(5)]
    assert [ack["ok"] for ack in acks] == [True] * 4 + [False]
    assert acks[4]["error"]["code"] == "rate_limited"
    assert hall["ola"].emit(event, {"code": hall["code"]}, callback=True)["ok"]  # its own


def test_new_participants_are_limited_per_address(app, app_store, make_seminar, connect,
                                                  set_limits):
    seminar, key = make_seminar()
    facilitator = connect(facilitator_of=(seminar, key))
    group = facilitator.emit("groups:prepare", {"code": seminar.code, "text": "A"},
                             callback=True)["groups"]["groups"][0]["id"]
    set_limits(LIMIT_NEW_PARTICIPANTS_PER_ADDRESS="3 per minute")
    phones = [_phone(app, seminar) for _ in range(4)]
    acks = [sio.emit("group:choose", {"code": seminar.code, "group": group}, callback=True)
            for sio in phones]
    assert [ack["ok"] for ack in acks] == [True, True, True, False]
    assert acks[3]["error"]["code"] == "rate_limited"
    with app_store.read():
        stored = {p.id for p in app_store.groups.participants(seminar.record.id)}
    assert stored == {sio.me for sio in phones[:3]}
    # Those already stored are not new: they change groups as they like.
    assert phones[0].emit("group:leave", {"code": seminar.code}, callback=True)["ok"]
    assert phones[0].emit("group:choose", {"code": seminar.code, "group": group},
                          callback=True)["ok"]


def test_a_scribe_typing_a_phone_reconnecting_and_a_projector_refreshing_are_never_refused(
        app, hall):
    """Defaults: a scribe sends 48 edits over six seconds (8 a second, more than anyone types:
    the phone sends an edit per pause), a phone reconnects five times in a row, the projector
    refreshes 20 times."""
    code, kari = hall["code"], hall["kari"]
    for n in range(48):
        ack = kari.emit("answer:edit", {"code": code, "edit": {
            "id": f"edit-{n:07d}", "kind": "add", "point": f"point-{n:07d}",
            "question": "q1" if n < 24 else "q2", "text": f"Punkt {n}"}}, callback=True)
        assert ack["ok"], ack
        time.sleep(0.125)
    http = app.test_client()
    http.get(f"/s/{code}")
    for _ in range(5):
        again = socketio.test_client(app, flask_test_client=http)
        ack = again.emit("seminar:join", {"code": code, "view": "participant"}, callback=True)
        assert ack["ok"] and again.emit("answers:fetch", {"code": code}, callback=True)["ok"]
        assert all(again.emit("clock:sync", {}, callback=True)["ok"] for _ in range(5))
        again.disconnect()
    for _ in range(20):
        assert hall["projector"].emit("display:fetch", {"code": code}, callback=True)["ok"]


def test_docs_limits_names_every_setting_with_its_default():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text("utf-8")
    settings = [key for key in dir(Defaults) if key.startswith(("LIMIT_", "CODE_MISS"))]
    assert len(settings) > 10
    for key in settings:
        row = next((line for line in text.splitlines() if f"`{key}`" in line and
                    line.startswith("|")), None)
        assert row is not None, f"docs/limits.md has no row for {key}"
        value = getattr(Defaults, key)
        if isinstance(value, str):
            assert f"| {value} |" in row, (key, value)


def test_the_memory_counters_sweep_old_hits_once_an_interval_and_still_count_exactly(
        monkeypatch):
    """The library sweeps every key every 10 ms while hits come in (a quarter of a core for a
    hall); ours sweeps once every few seconds (here once a second, to be quick), and the moving
    window counts the same."""
    assert MemoryCounters.SWEEP_INTERVAL >= 1
    monkeypatch.setattr(MemoryCounters, "SWEEP_INTERVAL", 1.0)
    assert isinstance(counters("memory://"), MemoryCounters)
    limiter = Limiter(_config(LIMIT_TEST="5 per 1 second", RATE_LIMIT_STORAGE="memory://"))
    storage = limiter._window.storage
    assert isinstance(storage, MemoryCounters)
    sweeps = []
    sweep = storage._MemoryStorage__expire_events
    storage._MemoryStorage__expire_events = lambda: (sweeps.append(time.monotonic()), sweep())
    limit = per_socket("LIMIT_TEST")
    started = time.monotonic()
    refused = 0
    while time.monotonic() - started < 1.5:  # hits for 1.5 s, on 50 keys
        for key in range(50):
            try:
                limiter.check([(limit, f"socket-{key}")])
            except TooFast:
                refused += 1
        time.sleep(0.005)
    assert len(sweeps) <= 2, sweeps  # the library's own: about 150
    assert refused > 0
    for key in range(50):  # each key: exactly 5 within the last second
        assert limiter.used("LIMIT_TEST", f"socket-{key}") == 5
    time.sleep(1.1)  # the hits have expired; the next hit schedules a sweep a second later
    limiter.check([(limit, "another-socket")])
    time.sleep(1.3)
    assert [key for key, hits in storage.events.items() if hits and "socket-" in key
            and "another" not in key] == []


def test_the_memory_counters_sweep_drops_only_the_expired_hits_of_each_key():
    limiter = Limiter(_config(LIMIT_SHORT="100 per 1 second", LIMIT_LONG="100 per 1 minute",
                              RATE_LIMIT_STORAGE="memory://"))
    storage = limiter._window.storage
    for _ in range(5):
        limiter.hit("LIMIT_SHORT", "a")
        limiter.hit("LIMIT_LONG", "b")
    time.sleep(1.1)
    limiter.hit("LIMIT_SHORT", "a")  # one hit still within its window
    storage._MemoryStorage__expire_events()
    lengths = {key.rsplit("/", 1)[-1]: len(hits) for key, hits in storage.events.items()}
    assert sorted(lengths.values()) == [1, 5], lengths  # a: the new hit only; b: all five
    assert limiter.used("LIMIT_SHORT", "a") == 1 and limiter.used("LIMIT_LONG", "b") == 5
    time.sleep(1.1)
    storage._MemoryStorage__expire_events()
    # a's counter is gone altogether (a socket's key must not stay after its socket)
    assert sorted(len(hits) for hits in storage.events.values()) == [5]
    assert limiter.used("LIMIT_SHORT", "a") == 0
    limiter.hit("LIMIT_SHORT", "a")  # and counts again from nothing
    assert limiter.used("LIMIT_SHORT", "a") == 1
