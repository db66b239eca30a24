"""Socket.IO events for the groups' answers. See docs/socket-events.md.

An edit is acknowledged only after it is stored. The answer then goes, one question at a time
(``answers:question``), to every screen of the group's members and to the facilitators, who
also get the overview of every group's progress (``answers:overview``).
"""

from flask import current_app

from seminar.domain.errors import NotAllowed
from seminar.extensions import socketio
from seminar.services import answers as svc
from seminar.services import plenary
from seminar.services.groups import UnknownParticipant
from seminar.services.seminars import Seminar, find_seminar
from seminar.web import auth
from seminar.web.context import groups_broadcaster, now, store
from seminar.web.plenary_sockets import announce_wall
from seminar.web.rooms import facilitator_room, participant_room
from seminar.web.sockets import acknowledged, checked_payload, participant_id


def _limiter():
    return current_app.extensions["seminar.edit_limiter"]


def announce_answers(seminar: Seminar, events) -> None:
    for event in events:
        if event.question is None:
            continue
        state = svc.question_answers(store(), seminar, event.group, event.question)
        rooms = [participant_room(seminar.code, member)
                 for member in svc.group_member_ids(store(), seminar, event.group)]
        socketio.emit("answers:question", state, to=[*rooms, facilitator_room(seminar.code)])
    if events:
        socketio.emit("answers:overview", svc.answers_overview(store(), seminar),
                      to=facilitator_room(seminar.code))
        announce_wall(seminar, plenary.wall_updates(store(), seminar, events))


@socketio.on("answer:edit")
@acknowledged
def on_edit(data=None):
    """A member: one edit (``add``, ``edit``, ``delete``, ``restore``, ``move``, ``accept``,
    ``done``, ``prioritise``) to their own group's answers. Acknowledged once stored; a resent
    edit is applied once."""
    data = checked_payload(data, {"code", "edit"}, {"code", "edit"})
    seminar = find_seminar(store(), data["code"])
    me = participant_id(seminar)
    if me is None:
        raise UnknownParticipant()
    _limiter().check(f"{seminar.code}:{me}")
    result, events = svc.apply_edit(store(), seminar, me, data["edit"], now())
    announce_answers(seminar, events)
    return {"result": result}


@socketio.on("answers:fetch")
@acknowledged
def on_fetch(data=None):
    """A member: their group's answers (``null`` without a group). The facilitator: the
    overview, or one ``group``'s answers."""
    data = checked_payload(data, {"code", "group"}, {"code"})
    seminar = find_seminar(store(), data["code"])
    if auth.facilitates(seminar):
        if "group" not in data:
            return {"overview": svc.answers_overview(store(), seminar)}
        return {"answers": svc.group_answers(store(), seminar,
                                             svc.checked_group(store(), seminar, data["group"]))}
    if "group" in data:
        raise NotAllowed()
    return {"answers": svc.answers_of_participant(store(), seminar, participant_id(seminar))}


@socketio.on("answers:configure")
@acknowledged
def on_configure(data=None):
    """The facilitator: whether every member may write (not only the scribe)."""
    data = checked_payload(data, {"code", "all_members_write"}, {"code", "all_members_write"})
    seminar = find_seminar(store(), data["code"])
    if not auth.facilitates(seminar):
        raise NotAllowed()
    svc.set_all_members_write(store(), seminar, data["all_members_write"])
    groups_broadcaster().changed(seminar.code)  # phones learn who may write
    return {"all_members_write": data["all_members_write"]}
