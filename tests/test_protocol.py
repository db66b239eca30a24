"""The socket protocol as declared: the registry, its documentation, the audiences, and typed
payloads refused with the field named, for every event alike."""

import re
from pathlib import Path

import msgspec
import msgspec.inspect as inspect
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seminar.domain import edits
from seminar.domain.errors import InvalidInput
from seminar.domain.validation import convert
from seminar.web import payloads, protocol_docs
from seminar.web.announce import _ANNOUNCERS
from seminar.web.audiences import ANYONE, FACILITATOR, MEMBER, PARTICIPANT, PHONE, WRITER
from seminar.web.handlers import EVENTS
from seminar.web.rate_limit import per_group, per_socket
from tests.socket_helpers import _json

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "socket-events.md"


def _sample(kind: inspect.Type) -> object:
    """A value of ``kind`` that passes its model (the smallest that does)."""
    if isinstance(kind, inspect.Metadata):
        return _sample(kind.type)
    if isinstance(kind, inspect.StrType):
        return "abcdefgh12"[:max(kind.min_length or 0, 10)] if kind.pattern else "x" * max(
            kind.min_length or 1, 1)
    if isinstance(kind, inspect.BoolType):
        return False
    if isinstance(kind, inspect.IntType):
        return kind.ge if kind.ge is not None else 1
    if isinstance(kind, inspect.LiteralType):
        return kind.values[0]
    if isinstance(kind, inspect.EnumType):
        return next(iter(kind.cls)).value
    if isinstance(kind, inspect.ListType):
        return [_sample(kind.item_type) for _ in range(kind.min_length or 0)]
    if isinstance(kind, inspect.UnionType):
        members = [m for m in kind.types if not isinstance(m, inspect.NoneType)]
        return _sample(members[0])
    if isinstance(kind, inspect.StructType):
        value = {f.encode_name: _sample(f.type) for f in kind.fields if f.required}
        if kind.tag_field:
            value[kind.tag_field] = kind.tag
        return value
    raise AssertionError(f"no sample for {kind}")


def valid_payload(name: str, code: str) -> dict:
    value = _sample(inspect.type_info(EVENTS[name].payload))
    if "code" in value:
        value["code"] = code
    return value


# -- the registry and its documentation -----------------------------------------------------------

def test_the_documentation_is_generated_from_the_registry():
    text = DOCS.read_text(encoding="utf-8")
    assert protocol_docs.rewritten(text, EVENTS) == text, (
        "docs/socket-events.md differs from the registry: run "
        "`python -m seminar.web.protocol_docs`")


def test_who_may_send_group_merge_with_what_and_who_hears_of_it_is_one_declaration():
    merge = EVENTS["group:merge"]
    assert merge.who == FACILITATOR
    assert [f.name for f in msgspec.structs.fields(merge.payload)] == ["code", "source", "target"]
    assert merge.emits == ["groups:state", "groups:detail", "group:mine"]
    row = next(line for line in DOCS.read_text(encoding="utf-8").splitlines()
               if line.startswith("| `group:merge` |"))
    assert row.startswith("| `group:merge` | `{code, source, target}` | the facilitator |")
    assert row.endswith("| `groups:state`, `groups:detail`, `group:mine` |")


def test_every_server_event_announced_is_documented_and_every_documented_one_is_announced():
    text = DOCS.read_text(encoding="utf-8")
    server = text[text.index("## Server → client"):text.index("## The programme state")]
    documented = set(re.findall(r"^\| `([a-z:]+)` \|", server, re.M))
    announced = {name for announcer in _ANNOUNCERS.values() for name in announcer.emits}
    assert documented == announced


def test_no_handler_checks_permissions_or_payloads_itself():
    for path in (ROOT / "seminar" / "web").glob("*sockets.py"):
        source = path.read_text(encoding="utf-8")
        for forbidden in ("auth.", "facilitates", "NotAllowed", "isinstance(",
                          "checked_payload", "session"):
            if path.name == "sockets.py" and forbidden == "session":
                continue  # the join remembers the seminar's language for the socket
            assert forbidden not in source, f"{path.name} contains {forbidden}"
    assert "checked_payload" not in "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "seminar").rglob("*.py"))


def test_the_audiences_are_a_closed_set():
    declared = {d.who for d in EVENTS.values()}
    every = ANYONE | PHONE | PARTICIPANT | MEMBER | WRITER | FACILITATOR
    assert all(who & every == who and who for who in declared)
    assert EVENTS["answer:edit"].who == MEMBER
    assert edits.Move.writer_only and not edits.Add.writer_only


# -- the same checks for every event --------------------------------------------------------------

@pytest.fixture
def seminar_code(make_seminar):
    seminar, key = make_seminar()
    return seminar, key


@pytest.mark.parametrize("name", sorted(EVENTS))
def test_every_event_refuses_an_unknown_key_and_names_it(connect, seminar_code, name):
    seminar, _ = seminar_code
    ack = connect().emit(name, {**valid_payload(name, seminar.code), "sql": "drop table"},
                         callback=True)
    assert ack == {"ok": False, "error": {
        "code": "invalid_input", "message": "Feltet «sql» hører ikke hjemme her."}}


@pytest.mark.parametrize("name", sorted(n for n, d in EVENTS.items()
                                        if "code" in d.payload.__struct_fields__))
def test_every_event_about_a_seminar_refuses_a_missing_code_and_names_it(connect, name):
    payload = valid_payload(name, "ABCDEF")
    del payload["code"]
    ack = connect().emit(name, payload, callback=True)
    assert ack["error"] == {"code": "invalid_input", "message": "Feltet «code» mangler."}


@pytest.mark.parametrize("name", sorted(n for n, d in EVENTS.items() if d.who == FACILITATOR))
def test_a_facilitator_event_from_a_phone_is_not_allowed(app, connect, seminar_code, name):
    seminar, _ = seminar_code
    http = app.test_client()
    http.get(f"/s/{seminar.code}")
    from seminar.extensions import socketio
    phone = socketio.test_client(app, flask_test_client=http)
    assert phone.emit("seminar:join", {"code": seminar.code, "view": "participant"},
                      callback=True)["ok"]
    phone.get_received()
    ack = phone.emit(name, valid_payload(name, seminar.code), callback=True)
    assert ack["error"]["code"] == "not_allowed"
    assert phone.get_received() == []  # nothing changed, so nothing was announced


@pytest.mark.parametrize("name", sorted(n for n, d in EVENTS.items()
                                        if d.who & (PARTICIPANT | MEMBER)
                                        and not d.who & ANYONE))
def test_a_participant_event_from_a_screen_that_never_joined_is_refused(connect, seminar_code,
                                                                        name):
    seminar, _ = seminar_code
    ack = connect().emit(name, valid_payload(name, seminar.code), callback=True)
    assert ack["error"]["code"] in {"unknown_participant", "not_allowed"}


def test_a_refusal_names_the_field_in_the_senders_language(app, connect, make_seminar):
    seminar, key = make_seminar()
    facilitator = connect(facilitator_of=(seminar, key))
    ack = facilitator.emit("group:rename", {"code": seminar.code, "group": "1", "name": "A"},
                           callback=True)
    assert ack["error"]["message"] == "Feltet «group» må være et heltall."
    ack = facilitator.emit("group:rename", {"code": seminar.code, "group": 1, "name": "x" * 61},
                           callback=True)
    assert ack["error"]["message"] == "Gruppenavnet kan være høyst 60 tegn."
    english = app.test_client()
    english.get("/?lang=en")
    from seminar.extensions import socketio
    sio = socketio.test_client(app, flask_test_client=english)
    ack = sio.emit("answer:edit", {"code": seminar.code, "edit": {
        "id": "edit-000001", "kind": "add", "point": "point-00001", "question": "q1",
        "text": 5}}, callback=True)
    assert ack["error"] == {"code": "invalid_input",
                            "message": "The field «edit.text» must be text."}


# -- typed input ----------------------------------------------------------------------------------

def test_a_nested_refusal_carries_its_path():
    with pytest.raises(InvalidInput) as refused:
        convert({"code": "A", "edit": {"kind": "move", "id": "abcdefgh", "question": "q",
                                       "order": ["abcdefgh", 3]}}, payloads.AnswerEdit)
    assert refused.value.path == "edit.order[1]"
    with pytest.raises(InvalidInput) as refused:
        convert({"code": "A", "edit": {"kind": "fly", "id": "abcdefgh"}}, payloads.AnswerEdit)
    assert refused.value.path == "edit.kind"


@settings(max_examples=300, deadline=None)
@given(data=_json, model=st.sampled_from(sorted({d.payload for d in EVENTS.values()},
                                                key=lambda m: m.__name__)))
def test_any_json_is_either_a_payload_or_refused_with_a_field(data, model):
    try:
        payload = convert(data, model)
    except InvalidInput as refused:
        assert refused.path == "" or refused.params["field"] == refused.path
    else:
        assert isinstance(payload, model)


# -- found in review ------------------------------------------------------------------------------

def test_the_facilitators_browser_can_be_a_phone_of_the_seminar_too(app, make_seminar):
    seminar, key = make_seminar()
    http = app.test_client()
    http.get(f"/s/{seminar.code}/facilitator?key={key}")
    http.get(f"/s/{seminar.code}")  # the phone page gives this browser its identity
    from seminar.extensions import socketio
    sio = socketio.test_client(app, flask_test_client=http)
    ack = sio.emit("seminar:join", {"code": seminar.code, "view": "participant"}, callback=True)
    assert ack["ok"] and ack["me"] and ack["mine"]["me"] is None  # not a participant yet
    group = sio.emit("groups:prepare", {"code": seminar.code, "text": "A"},
                     callback=True)["groups"]["groups"][0]["id"]
    me = ack["me"]
    ack = sio.emit("group:choose", {"code": seminar.code, "group": group}, callback=True)
    assert ack["mine"]["me"]["id"] == me


def test_an_edit_resent_after_its_sender_lost_the_scribes_role_is_recognised(hall):
    code, kari, ola = hall["code"], hall["kari"], hall["ola"]
    done = {"code": code, "edit": {"id": "edit-done-0001", "kind": "done", "question": "q1",
                                   "done": True}}
    assert kari.emit("answer:edit", done, callback=True)["result"]["duplicate"] is False
    asked = ola.emit("role:take", {"code": code, "role": "skriver", "take_over": True},
                     callback=True)
    assert asked["ok"]
    given = kari.emit("role:answer", {"code": code, "role": "skriver",
                                      "requester": asked["mine"]["me"]["id"], "accept": True},
                      callback=True)
    assert given["ok"] and given["mine"]["may_write"] is False
    again = kari.emit("answer:edit", done, callback=True)  # the phone never saw the first ack
    assert again["ok"] and again["result"]["duplicate"] is True
    fresh = kari.emit("answer:edit", {**done, "edit": {**done["edit"], "id": "edit-done-0002"}},
                      callback=True)
    assert fresh["error"]["code"] == "not_allowed"  # a new one is the scribe's alone


def test_a_payload_may_only_narrow_its_events_audience():
    from seminar.web.audiences import narrowed
    assert narrowed(ANYONE, FACILITATOR) == FACILITATOR
    assert narrowed(FACILITATOR | PARTICIPANT, FACILITATOR) == FACILITATOR
    with pytest.raises(ValueError):
        narrowed(FACILITATOR, PARTICIPANT)


def test_an_event_about_no_seminar_can_only_be_declared_for_anyone():
    from seminar.web.protocol import event
    with pytest.raises(ValueError):
        event("test:clock", payloads.ClockSync, who=FACILITATOR,
              limit=(per_socket("LIMIT_CLOCK_PER_SOCKET"),))(lambda sender, payload: None)
    assert "test:clock" not in EVENTS


def test_every_event_declares_a_limit_and_a_bad_declaration_is_refused():
    from seminar.web.protocol import event
    assert all(declared.limit for declared in EVENTS.values())
    with pytest.raises(ValueError):
        event("test:nolimit", payloads.Seminar, who=ANYONE, limit=())(lambda s, p: None)
    with pytest.raises(ValueError):  # a group is known only for its members
        event("test:group", payloads.Seminar, who=ANYONE,
              limit=(per_group("LIMIT_EDITS_PER_GROUP"),))(lambda s, p: None)
    assert "test:nolimit" not in EVENTS and "test:group" not in EVENTS


def test_a_client_id_with_a_line_break_is_refused():
    with pytest.raises(InvalidInput) as refused:
        convert({"kind": "restore", "id": "abcdefgh\n", "point": "abcdefgh"}, edits.AnyEdit)
    assert refused.value.path == "id"
