"""Socket.IO events of every screen: joining a seminar, the clock, and the programme.

Every event is declared with ``seminar.web.protocol.event`` (its payload, who may send it and
what it announces); docs/socket-events.md is generated from those declarations.
"""

from flask import session
from flask_socketio import join_room

from seminar.extensions import socketio
from seminar.i18n import screen_language
from seminar.services.events import GroupsChanged, PollStateChanged, ProgrammeChanged
from seminar.services.groups import phone_identity
from seminar.services.plenary import plenary_settings, projector_view
from seminar.services.programme import control_programme, programme_state
from seminar.web import payloads as p
from seminar.web.audiences import ANYONE, FACILITATOR, Sender
from seminar.web.context import groups_broadcaster, now, socket_id, store
from seminar.web.protocol import FACILITATOR_LIMITS, Outcome, event
from seminar.web.rate_limit import per_address, per_socket
from seminar.web.rooms import (
    facilitator_room,
    participant_room,
    projector_room,
    roster_room,
    seminar_room,
)
from seminar.web.storage_health import storage_health


@event("seminar:join", p.Join, who=ANYONE, announces=(GroupsChanged,),
       limit=(per_socket("LIMIT_JOINS_PER_SOCKET"), per_address("LIMIT_JOINS_PER_ADDRESS")))
def join(sender: Sender, payload: p.Join) -> Outcome:
    """Any screen, on every (re)connect: join the seminar as `participant`, `projector` or
    `facilitator` (which needs the facilitator session). The answer carries the full current
    state (see below), so a screen never relies on having seen every broadcast (`storage`:
    `{ok}`, whether the database takes writes, as in `storage:state`). A phone's `me` is its
    identity from the page's cookie; joining does not make it a stored participant (joining or
    creating a group does), and while it is connected it counts as present."""
    seminar = sender.seminar
    broadcaster = groups_broadcaster()
    me: str | None = None
    events: list[GroupsChanged] = []
    if payload.view == "facilitator":
        join_room(facilitator_room(seminar.code))
    elif payload.view == "participant":
        me, stored = phone_identity(store(), seminar, sender.participant_id)
        if me is not None:
            join_room(participant_room(seminar.code, me))
            # Only a stored participant's presence shows on any screen.
            if broadcaster.connected(socket_id(), seminar.code, me) and stored:
                events = [GroupsChanged(seminar.code, presence=True)]
    if payload.view == "projector":
        join_room(projector_room(seminar.code))  # public: no group names when anonymous
    else:
        join_room(roster_room(seminar.code))
    join_room(seminar_room(seminar.code))
    # Messages to this socket speak the seminar's language unless the person chose one (the
    # socket's session is its own: this never reaches the browser's cookie).
    session["seminar_language"] = seminar.language
    answer = {"state": programme_state(seminar, now()), "me": me,
              "language": screen_language(seminar.language),
              "plenary": plenary_settings(store(), seminar),
              "storage": storage_health().state()}
    if payload.view != "participant":
        answer["display"] = projector_view(store(), seminar)
    answer.update(broadcaster.views(seminar, participant_id=me,
                                    facilitator=payload.view == "facilitator",
                                    projector=payload.view == "projector"))
    return Outcome(events, answer)


@socketio.on("disconnect")
def on_disconnect(*reason: object) -> None:
    """A phone that loses its last connection is no longer shown as present."""
    code = groups_broadcaster().disconnected(socket_id())
    if code is not None:
        groups_broadcaster().changed(code, presence=True)


@event("clock:sync", p.ClockSync, who=ANYONE, limit=(per_socket("LIMIT_CLOCK_PER_SOCKET"),))
def clock_sync(sender: Sender, payload: p.ClockSync) -> Outcome:
    """Any client: the server's time (epoch ms, `server_time`), to correct for its own clock."""
    return Outcome(answer={"server_time": round(now() * 1000)})


@event("programme:control", p.ProgrammeControl, who=FACILITATOR,
       announces=(ProgrammeChanged, PollStateChanged), limit=FACILITATOR_LIMITS)
def control(sender: Sender, payload: p.ProgrammeControl) -> Outcome:
    """Move the programme: `action` is `start` (or resume), `pause`, `resume`, `adjust`
    (`seconds`, negative shortens, at most ±3 hours), `next`, `previous` or `go_to` (`block`,
    from 0). A `version` older than the stored one is refused (no double-click skips). Poll
    items marked to open with their block (`poll:settings`) open when it first starts and close
    when the programme leaves it. The answer has the new `state`."""
    at = now()  # the answer's state is the announced one, to the millisecond
    seminar, events = control_programme(store(), sender.seminar, payload.action, at,
                                        seconds=payload.seconds, block=payload.block,
                                        version=payload.version)
    return Outcome(events, {"state": programme_state(seminar, at)})
