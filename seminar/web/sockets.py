"""Socket.IO events. Every event answers with an acknowledgement: ``{"ok": true, ...}`` or
``{"ok": false, "error": {"code": ..., "message": ...}}`` (the message in the sender's
language). Broadcasts happen only after the service has committed. See docs/socket-events.md.
"""

import logging
from functools import wraps

from flask import request, session
from flask_socketio import emit, join_room

from seminar.domain.errors import InvalidInput, NotAllowed, SeminarError
from seminar.domain.messages import N_
from seminar.extensions import socketio
from seminar.i18n import screen_language, translate_error
from seminar.services.groups import UnknownParticipant, enter_seminar
from seminar.services.plenary import plenary_settings, projector_view
from seminar.services.programme import control_programme, programme_state
from seminar.services.seminars import Seminar, find_seminar
from seminar.web import auth
from seminar.web.context import groups_broadcaster, now, store
from seminar.web.rooms import (
    facilitator_room,
    participant_room,
    projector_room,
    roster_room,
    seminar_room,
)

log = logging.getLogger(__name__)

VIEWS = ("participant", "projector", "facilitator")


def participant_id(seminar: Seminar) -> str | None:
    """This phone's identity in ``seminar``, from its signed session cookie."""
    return session.get("participants", {}).get(seminar.code)


def error_ack(error: SeminarError) -> dict:
    return {"ok": False, "error": {"code": error.code, "message": translate_error(error)}}


def checked_payload(data: object, allowed: set[str], required: set[str]) -> dict:
    """Return ``data`` if it is an object with the ``required`` keys and no others."""
    if not isinstance(data, dict) or not required <= data.keys() or not data.keys() <= allowed:
        raise InvalidInput()
    return data


def facilitated_seminar(data: dict) -> Seminar:
    """The seminar ``data["code"]``, if this socket's session is its facilitator's."""
    seminar = find_seminar(store(), data["code"])
    if not auth.facilitates(seminar):
        raise NotAllowed()
    return seminar


def acknowledged(handler):
    """Turn domain errors into error acknowledgements; the sender always gets an answer."""
    @wraps(handler)
    def wrapper(*args):
        try:
            result = handler(*args)
        except SeminarError as error:
            return error_ack(error)
        return {"ok": True, **(result or {})}

    return wrapper


@socketio.on_error_default
def _unexpected(error: Exception) -> dict:
    """Wrong argument counts and bugs alike: log them, answer with an error, never crash."""
    if isinstance(error, TypeError):
        return error_ack(InvalidInput())
    log.exception("socket event %s failed", getattr(request, "event", {}).get("message"))
    return error_ack(SeminarError())


@socketio.on("seminar:join")
@acknowledged
def on_join(data=None):
    """Any screen, on every (re)connect: join seminar ``code`` as ``view``.

    Anyone with the code may join as participant or projector; joining as facilitator needs the
    facilitator's session. The acknowledgement carries the full current state (programme,
    groups, and the phone's own group or the facilitator's detail), so a screen never relies on
    having seen every broadcast. A phone's first join makes it a participant, and while it is
    connected it counts as present.
    """
    data = checked_payload(data, {"code", "view"}, {"code", "view"})
    if data["view"] not in VIEWS:
        raise InvalidInput()
    seminar = find_seminar(store(), data["code"])
    broadcaster = groups_broadcaster()
    me = None
    if data["view"] == "facilitator":
        if not auth.facilitates(seminar):
            raise NotAllowed()
        join_room(facilitator_room(seminar.code))
    elif data["view"] == "participant" and participant_id(seminar):
        try:
            participant, events = enter_seminar(store(), seminar, participant_id(seminar), now())
        except UnknownParticipant:
            participant, events = None, []
        if participant is not None:
            me = participant.id
            join_room(participant_room(seminar.code, me))
            if broadcaster.connected(request.sid, seminar.code, me) or events:
                broadcaster.changed(seminar.code)
    if data["view"] == "projector":
        join_room(projector_room(seminar.code))  # public: no group names when anonymous
    else:
        join_room(roster_room(seminar.code))
    join_room(seminar_room(seminar.code))
    # Messages to this socket speak the seminar's language unless the person chose one (the
    # socket's session is its own: this never reaches the browser's cookie).
    session["seminar_language"] = seminar.language
    plenary = {"plenary": plenary_settings(store(), seminar)}
    if data["view"] != "participant":
        plenary["display"] = projector_view(store(), seminar)
    return {"state": programme_state(seminar, now()), "me": me,
            "language": screen_language(seminar.language), **plenary,
            **broadcaster.views(seminar, participant_id=me,
                                facilitator=data["view"] == "facilitator",
                                projector=data["view"] == "projector")}


@socketio.on("disconnect")
def on_disconnect(*reason):
    """A phone that loses its last connection is no longer shown as present."""
    code = groups_broadcaster().disconnected(request.sid)
    if code is not None:
        groups_broadcaster().changed(code)


@socketio.on("clock:sync")
@acknowledged
def on_clock_sync(data=None):
    """Any client: ask for the server's time (epoch ms) to correct for its own clock."""
    if data is not None and not isinstance(data, dict):
        raise InvalidInput()
    return {"server_time": round(now() * 1000)}


@socketio.on("programme:control")
@acknowledged
def on_programme_control(data=None):
    """The facilitator: ``{code, action, seconds?, block?}`` moves the programme.

    Actions: start, pause, resume, adjust (``seconds``, negative to shorten), next, previous,
    go_to (``block`` index). Only the seminar's facilitator may; everyone in the seminar then
    receives ``programme:state``.
    """
    data = checked_payload(data, {"code", "action", "seconds", "block", "version"},
                           {"code", "action"})
    seminar = find_seminar(store(), data["code"])
    if not auth.facilitates(seminar):
        raise NotAllowed()
    seminar, events = control_programme(store(), seminar, data["action"], now(),
                                        seconds=data.get("seconds"), block=data.get("block"),
                                        version=data.get("version"))
    for event in events:
        emit("programme:state", event.state, to=seminar_room(event.code))
    return {"state": events[-1].state if events else programme_state(seminar, now())}


@socketio.on("*")
def on_unknown(event, *args):
    """Anyone: an event this server does not know gets an error acknowledgement."""
    return error_ack(InvalidInput(N_("Unknown event.")))
