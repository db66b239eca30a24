"""Socket.IO events for participants, groups and roles. See docs/socket-events.md.

Participants are known by the participant id in their signed session cookie (set when the
phone opened the seminar page), never by socket id, so a reload or reconnect keeps the person
and their group. Management events need the facilitator's session.
"""

import random

from seminar.domain.errors import NotAllowed
from seminar.extensions import socketio
from seminar.services import groups as svc
from seminar.services.seminars import Seminar, find_seminar
from seminar.web import auth
from seminar.web.context import groups_broadcaster, now, store
from seminar.web.rooms import participant_room
from seminar.web.sockets import acknowledged, checked_payload, participant_id

_rng = random.SystemRandom()


def _seminar(data: dict) -> Seminar:
    return find_seminar(store(), data["code"])


def _facilitator_only(seminar: Seminar) -> None:
    if not auth.facilitates(seminar):
        raise NotAllowed()


def _actor(seminar: Seminar) -> str:
    """The facilitator if this socket has the facilitator's session, else the participant."""
    if auth.facilitates(seminar):
        return svc.FACILITATOR
    return participant_id(seminar) or ""


def _announce(seminar: Seminar, events) -> dict:
    """Announce the changes to every screen; answer the sender with its own fresh views."""
    broadcaster = groups_broadcaster()
    for code in dict.fromkeys(event.code for event in events):
        broadcaster.changed(code)
    for event in events:
        if isinstance(event, svc.RoleTakenOver):
            socketio.emit("role:taken", {"role": event.role,
                                         "by": {"id": event.by, "name": event.by_name}},
                          to=participant_room(event.code, event.holder))
    if auth.facilitates(seminar):
        return broadcaster.views(seminar, facilitator=True)
    return broadcaster.views(seminar, participant_id=participant_id(seminar) or "")


@socketio.on("group:choose")
@acknowledged
def on_choose(data=None):
    """A participant: join group ``group`` (leaving their current one), saving their
    ``display_name`` with it when given. Everyone in the seminar receives ``groups:state``."""
    data = checked_payload(data, {"code", "group", "display_name"}, {"code", "group"})
    seminar = _seminar(data)
    return _announce(seminar, svc.choose_group(store(), seminar, participant_id(seminar) or "",
                                               data["group"], now(),
                                               name=data.get("display_name")))


@socketio.on("group:leave")
@acknowledged
def on_leave(data=None):
    """A participant: leave their group."""
    data = checked_payload(data, {"code"}, {"code"})
    seminar = _seminar(data)
    return _announce(seminar, svc.leave_group(store(), seminar, participant_id(seminar) or "",
                                              now()))


@socketio.on("participant:rename")
@acknowledged
def on_rename_participant(data=None):
    """A participant: set their display name (empty to stay anonymous)."""
    data = checked_payload(data, {"code", "name"}, {"code", "name"})
    seminar = _seminar(data)
    return _announce(seminar, svc.rename_participant(store(), seminar, participant_id(seminar),
                                                     data["name"], now()))


@socketio.on("group:create")
@acknowledged
def on_create(data=None):
    """The facilitator, or a participant when the seminar allows it: create group ``name``
    (a participant joins it, saving their ``display_name`` with it when given)."""
    data = checked_payload(data, {"code", "name", "display_name"}, {"code", "name"})
    seminar = _seminar(data)
    _, events = svc.create_group(store(), seminar, _actor(seminar), data["name"], now(),
                                 display_name=data.get("display_name"))
    return _announce(seminar, events)


@socketio.on("role:take")
@acknowledged
def on_take_role(data=None):
    """A member takes ``role`` (or hands it to ``member`` of their group); a role another
    member holds needs ``take_over: true`` (else ``role_held``), and its holder's screens get
    ``role:taken``. The facilitator hands ``role`` to any ``member``."""
    data = checked_payload(data, {"code", "role", "member", "take_over"}, {"code", "role"})
    seminar = _seminar(data)
    return _announce(seminar, svc.take_role(store(), seminar, _actor(seminar), data["role"],
                                            now(), member_id=data.get("member"),
                                            take_over=data.get("take_over", False)))


@socketio.on("groups:prepare")
@acknowledged
def on_prepare(data=None):
    """The facilitator: create groups from ``text`` (one per line, CSV, or ``Bord 1-12``)."""
    data = checked_payload(data, {"code", "text"}, {"code", "text"})
    seminar = _seminar(data)
    _facilitator_only(seminar)
    created, events = svc.prepare_groups(store(), seminar, data["text"], now())
    return {"created": created, **_announce(seminar, events)}


@socketio.on("groups:configure")
@acknowledged
def on_configure(data=None):
    """The facilitator: whether participants may create groups, and the groups' size limit."""
    data = checked_payload(data, {"code", "allow_participant_groups", "max_group_size"},
                    {"code", "allow_participant_groups", "max_group_size"})
    seminar = _seminar(data)
    _facilitator_only(seminar)
    return _announce(seminar, svc.configure_groups(
        store(), seminar, data["allow_participant_groups"], data["max_group_size"], now()))


@socketio.on("group:rename")
@acknowledged
def on_rename_group(data=None):
    """The facilitator: rename ``group``."""
    data = checked_payload(data, {"code", "group", "name"}, {"code", "group", "name"})
    seminar = _seminar(data)
    _facilitator_only(seminar)
    return _announce(seminar, svc.rename_group(store(), seminar, data["group"], data["name"],
                                               now()))


@socketio.on("group:remove")
@acknowledged
def on_remove_group(data=None):
    """The facilitator: remove ``group``; its members are left without a group."""
    data = checked_payload(data, {"code", "group"}, {"code", "group"})
    seminar = _seminar(data)
    _facilitator_only(seminar)
    return _announce(seminar, svc.remove_group(store(), seminar, data["group"], now()))


@socketio.on("group:resize")
@acknowledged
def on_resize_group(data=None):
    """The facilitator: ``group``'s own size limit (``max_size`` null: the seminar's limit)."""
    data = checked_payload(data, {"code", "group", "max_size"}, {"code", "group", "max_size"})
    seminar = _seminar(data)
    _facilitator_only(seminar)
    return _announce(seminar, svc.set_group_size(store(), seminar, data["group"],
                                                 data["max_size"], now()))


@socketio.on("group:merge")
@acknowledged
def on_merge_groups(data=None):
    """The facilitator: move the members of ``source`` into ``target``."""
    data = checked_payload(data, {"code", "source", "target"}, {"code", "source", "target"})
    seminar = _seminar(data)
    _facilitator_only(seminar)
    return _announce(seminar, svc.merge_groups(store(), seminar, data["source"],
                                               data["target"], now()))


@socketio.on("roles:assign")
@acknowledged
def on_assign_roles(data=None):
    """The facilitator: the app hands out the next roles in every group (or ``group``)."""
    data = checked_payload(data, {"code", "group"}, {"code"})
    seminar = _seminar(data)
    _facilitator_only(seminar)
    return _announce(seminar, svc.assign_roles_by_app(store(), seminar, now(), _rng,
                                                      group_id=data.get("group")))
