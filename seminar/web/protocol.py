"""The socket protocol, declared: every event a client may send, in one registry.

Each event is declared once, next to its handler::

    @event("group:merge", MergeGroups, who=FACILITATOR, announces=(GroupsChanged,),
           limit=FACILITATOR_LIMITS, reply=group_views)
    def merge_groups(sender: Sender, payload: MergeGroups) -> Outcome:
        return Outcome(svc.merge_groups(store(), sender.seminar, payload.source, ...))

The declaration does the rest, in this order, for every event alike: the payload is checked
against its typed model (``invalid_input`` naming the field), the per-socket and per-address
rate limits are counted (``rate_limited``), the seminar is looked up (``not_found``; guessing
is slowed, ``seminar.web.guessing``), the sender is admitted to the audience
(``seminar.web.audiences``), the per-phone and per-group limits are counted, the handler
calls the service (which commits and returns the events of what changed), the events are
announced (``seminar.web.announce``), and the sender gets the acknowledgement:
``{"ok": true, ...}`` or ``{"ok": false, "error": {"code", "message"}}``, the message in
the sender's language. A write the disk refuses answers ``storage_unavailable`` (retryable)
and is announced to every screen (``seminar.web.storage_health``). docs/socket-events.md is
generated from this registry (``python -m seminar.web.protocol_docs``) and tested against it.
"""

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, request

from seminar.domain.errors import InvalidInput, SeminarError, StorageUnavailable
from seminar.domain.messages import N_
from seminar.domain.validation import convert
from seminar.extensions import socketio
from seminar.i18n import translate_error
from seminar.web.announce import announce, emitted_by
from seminar.web.audiences import ANYONE, MEMBER, Audience, Sender, admit, narrowed
from seminar.web.context import client_address, limiter
from seminar.web.guessing import find_by_code
from seminar.web.payloads import Payload, SeminarPayload
from seminar.web.rate_limit import Limit, Per, per_address, per_phone, per_socket
from seminar.web.storage_health import storage_failed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What a handler hands back: the events its service returned, and the answer's fields."""

    events: Sequence[object] = ()
    answer: Mapping[str, Any] = field(default_factory=dict)


Handler = Callable[[Sender, Any], Outcome]
Reply = Callable[[Sender], Mapping[str, Any]]


@dataclass(frozen=True)
class Declared:
    """One event of the protocol."""

    name: str
    payload: type[Payload]
    who: Audience
    announces: tuple[type, ...]
    handler: Handler
    limit: tuple[Limit, ...] = ()  # the rate limits that apply (``seminar.web.rate_limit``)
    reply: Reply | None = None  # more for the sender, built after the announcements

    @property
    def emits(self) -> list[str]:
        """The server-to-client events its announcements send."""
        return list(dict.fromkeys(name for kind in self.announces for name in emitted_by(kind)))

    @property
    def summary(self) -> str:
        """The handler's docstring, as one paragraph."""
        return " ".join((self.handler.__doc__ or "").split())


EVENTS: dict[str, Declared] = {}

# The facilitator's events: the key holder is trusted, so only a per-socket bound on floods.
FACILITATOR_LIMITS = (per_socket("LIMIT_FACILITATOR_PER_SOCKET"),)
# The phone's changes to its group, name and roles: per identity, and for a hall behind NAT.
# (A per-phone limit never counts the facilitator, who may send these too.)
GROUP_CHANGE_LIMITS = (per_phone("LIMIT_GROUP_CHANGES_PER_PHONE"),
                       per_address("LIMIT_GROUP_CHANGES_PER_ADDRESS"))
# The events that can make a phone a stored participant count those they make.
NEW_PARTICIPANT = per_address("LIMIT_NEW_PARTICIPANTS_PER_ADDRESS",
                              when="when it makes the phone a participant")
# Reading a whole view again: per socket (every screen fetches once per join), and for the
# sockets of one address together.
FETCH_LIMITS = (per_socket("LIMIT_FETCHES_PER_SOCKET"), per_address("LIMIT_FETCHES_PER_ADDRESS"))


def event(name: str, payload: type[Payload], *, who: Audience,
          announces: tuple[type, ...] = (), limit: tuple[Limit, ...],
          reply: Reply | None = None) -> Callable[[Handler], Handler]:
    """Declare the event ``name``: its payload model, who may send it, what it announces, and
    its rate limits (at least one: every event can be sent in a flood)."""

    def register(handler: Handler) -> Handler:
        if name in EVENTS:
            raise ValueError(f"the event {name} is declared twice")
        if not issubclass(payload, SeminarPayload) and who != ANYONE:
            raise ValueError(f"{name} concerns no seminar, so only ANYONE may send it")
        if not limit:
            raise ValueError(f"{name} declares no rate limit")
        pers = {rule.per for rule in limit}
        if Per.GROUP in pers and who != MEMBER:
            raise ValueError(f"{name} is limited per group, so only MEMBER may send it")
        if Per.PHONE in pers and not issubclass(payload, SeminarPayload):
            raise ValueError(f"{name} concerns no seminar, so it has no phone identity")
        declared = Declared(name, payload, who, announces, handler, limit, reply)
        EVENTS[name] = declared

        def receive(*args: object) -> dict:
            if len(args) > 1:  # one payload, or none
                return error_ack(InvalidInput())
            return _dispatch(declared, args[0] if args else None)

        socketio.on(name)(receive)
        return handler

    return register


def error_ack(error: SeminarError) -> dict:
    return {"ok": False, "error": {"code": error.code, "message": translate_error(error),
                                   **error.details(translate_error)}}


def _dispatch(declared: Declared, data: object) -> dict:
    try:
        payload = convert({} if data is None else data, declared.payload)
        _count(declared, (Per.SOCKET, Per.ADDRESS), None)
        seminar = (find_by_code(payload.code)
                   if isinstance(payload, SeminarPayload) else None)
        sender = admit(narrowed(declared.who, payload.who()), seminar)
        _count(declared, (Per.PHONE, Per.GROUP), sender)
        outcome = declared.handler(sender, payload)
        answer = dict(outcome.answer)
        if declared.reply is not None:  # read as committed (the seminar may be gone since)
            answer.update(declared.reply(sender))
    except StorageUnavailable as error:  # nothing was stored: retryable, and every screen hears
        storage_failed(error)
        return error_ack(error)
    except SeminarError as error:
        return error_ack(error)
    _announce(declared, sender, outcome.events)
    return {"ok": True, **answer}


def _count(declared: Declared, pers: tuple[Per, ...], sender: Sender | None) -> None:
    """Count this event on its declared limits that count ``pers``; ``TooFast`` if one is
    used up (nothing has happened; the limits narrower than that one have counted it, see
    ``Limiter.check``)."""
    limiter().check((rule, _key(rule.per, sender)) for rule in declared.limit
                    if rule.per in pers and not rule.when
                    and not (rule.per is Per.PHONE and sender and sender.facilitator))


def count_now(rule: Limit) -> None:
    """Count a per-address limit declared with ``when``, from its handler (``TooFast`` if it
    is used up)."""
    if rule.per is not Per.ADDRESS:
        raise ValueError("only a per-address limit is counted by its handler")
    limiter().check([(rule, client_address())])


def _key(per: Per, sender: Sender | None) -> str:
    if per is Per.SOCKET:
        return request.sid  # type: ignore[attr-defined]  # Flask-SocketIO sets it
    if per is Per.ADDRESS:
        return client_address()
    assert sender is not None
    if per is Per.PHONE:
        return f"{sender.code}:{sender.actor}"
    return f"{sender.code}:{sender.group_id}"


def _announce(declared: Declared, sender: Sender, events: Sequence[object]) -> None:
    """Announce what the committed change touched. A failure here cannot undo the change, so
    it is logged and the sender still hears that their change is stored."""
    undeclared = {type(e).__name__ for e in events} - {k.__name__ for k in declared.announces}
    if undeclared:
        log.error("%s announced undeclared events: %s", declared.name, sorted(undeclared))
        if current_app.testing:
            raise AssertionError(f"{declared.name} announced {sorted(undeclared)}")
    try:
        announce(sender.concerns, events)
    except Exception:
        log.exception("announcing after %s failed", declared.name)


@socketio.on_error_default
def _unexpected(error: BaseException) -> dict:
    """A bug: log it, answer with an error, never crash (wrong argument counts are answered by
    the declared events themselves, and by ``_unknown`` for events nobody declared)."""
    log.exception("socket event %s failed", getattr(request, "event", {}).get("message"))
    return error_ack(SeminarError())


@socketio.on("*")
def _unknown(event: str, *args: object) -> dict:
    """Anyone: an event this server does not know gets an error acknowledgement."""
    return error_ack(InvalidInput(N_("Unknown event.")))
