"""Turn the events services return into the messages of the screens that show the change.

One announcer per kind of event, each declaring the server-to-client events it sends (the
protocol documentation lists them per client event). Announcers run only after the service
has committed; they read what they send from the store, so a screen always gets the state as
stored. (The Flask-SocketIO stub types ``emit(to=...)`` as one room; the library takes a list
of rooms, hence the two ``type: ignore``.)
"""

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from seminar.domain.errors import NotFound
from seminar.extensions import socketio
from seminar.i18n import screen_language
from seminar.services import answers, plenary
from seminar.services.events import (
    AnswersChanged,
    DisplayChanged,
    GroupsChanged,
    KitChanged,
    LanguageChanged,
    PlenarySettingsChanged,
    ProgrammeChanged,
    RoleAnswered,
    RoleRequested,
    SeminarDeleted,
    StorageChanged,
    SummaryChanged,
    WallChanged,
)
from seminar.services.seminars import Seminar, find_seminar
from seminar.web.coalesce import app_coalescer
from seminar.web.context import groups_broadcaster, store
from seminar.web.rooms import (
    facilitator_room,
    participant_room,
    projector_room,
    roster_room,
    seminar_room,
)


@dataclass(frozen=True)
class Announcer:
    send: Callable[[Seminar | None, list[Any]], None]
    emits: tuple[str, ...]


_ANNOUNCERS: dict[type, Announcer] = {}


def announcer(kind: type, *, emits: tuple[str, ...]) -> Callable:
    """Declare the function that announces events of ``kind`` (all of one service call's at
    once, so that a burst is sent once) and the socket events it sends."""

    def register(send: Callable[[Seminar | None, list[Any]], None]) -> Callable:
        _ANNOUNCERS[kind] = Announcer(send, emits)
        return send

    return register


def emitted_by(kind: type) -> tuple[str, ...]:
    return _ANNOUNCERS[kind].emits


def announce(seminar: Seminar | None, events: Iterable[object]) -> None:
    """Announce ``events`` (of ``seminar``), each kind once, in the order they first came."""
    by_kind: dict[type, list[Any]] = {}
    for event in events:
        by_kind.setdefault(type(event), []).append(event)
    for kind, of_kind in by_kind.items():
        _ANNOUNCERS[kind].send(seminar, of_kind)


@announcer(ProgrammeChanged, emits=("programme:state",))
def _programme(seminar: Seminar | None, events: Sequence[ProgrammeChanged]) -> None:
    for event in events:
        socketio.emit("programme:state", event.state, to=seminar_room(event.code))


@announcer(KitChanged, emits=("kit:changed",))
def _kit(seminar: Seminar | None, events: Sequence[KitChanged]) -> None:
    """Every screen of the seminar (the projector, the phones, the consoles) reads the kit
    again; the programme's new state follows (``ProgrammeChanged``)."""
    for event in events:
        socketio.emit("kit:changed", {"code": event.code, "version": event.version},
                      to=seminar_room(event.code))


@announcer(GroupsChanged, emits=("groups:state", "groups:detail", "group:mine"))
def _groups(seminar: Seminar | None, events: Sequence[GroupsChanged]) -> None:
    for code in dict.fromkeys(event.code for event in events):
        groups_broadcaster().changed(code, presence=all(
            event.presence for event in events if event.code == code))


@announcer(RoleRequested, emits=("role:request",))
def _role_requested(seminar: Seminar | None, events: Sequence[RoleRequested]) -> None:
    for event in events:
        socketio.emit("role:request", {"role": event.role,
                                       "by": {"id": event.by, "name": event.by_name}},
                      to=participant_room(event.code, event.holder))


@announcer(RoleAnswered, emits=("role:answered",))
def _role_answered(seminar: Seminar | None, events: Sequence[RoleAnswered]) -> None:
    for event in events:
        socketio.emit("role:answered", {"role": event.role, "accepted": event.accepted,
                                        "by": {"id": event.holder, "name": event.holder_name}},
                      to=participant_room(event.code, event.requester))


@announcer(AnswersChanged, emits=("answers:question", "answers:overview"))
def _answers(seminar: Seminar | None, events: Sequence[AnswersChanged]) -> None:
    assert seminar is not None
    for event in events:
        if event.question is None:
            continue
        state = answers.question_answers(store(), seminar, event.group, event.question)
        rooms = [participant_room(seminar.code, member)
                 for member in answers.group_member_ids(store(), seminar, event.group)]
        socketio.emit("answers:question", state,
                      to=[*rooms, facilitator_room(seminar.code)])  # type: ignore[arg-type]
    # Every group's progress, read from every group's points: at 50 edits a second, rebuilt
    # and sent at most once per interval (the groups' own), from the store as it is then.
    app_coalescer(_OVERVIEW, "GROUPS_BROADCAST_INTERVAL", _send_overview).changed(
        (seminar.code,))


_OVERVIEW = "seminar.answers_overview"


def _send_overview(key: Hashable) -> None:
    assert isinstance(key, tuple)
    try:
        seminar = find_seminar(store(), key[0])
    except NotFound:  # deleted meanwhile
        return
    socketio.emit("answers:overview", answers.answers_overview(store(), seminar),
                  to=facilitator_room(seminar.code))


@announcer(WallChanged, emits=("wall:group", "display:state"))
def _wall(seminar: Seminar | None, events: Sequence[WallChanged]) -> None:
    """Send each changed card; rebuild the projector's summary once if it summarises one."""
    assert seminar is not None
    updates = [update for event in events for update in event.updates]
    if any(update.summarised for update in updates):
        _display(seminar, [])
    for update in updates:
        entry = plenary.wall_entry(store(), seminar, update, plenary.FACILITATOR)
        if entry is None:
            continue
        socketio.emit("wall:group", entry, to=facilitator_room(seminar.code))
        if update.shown:
            socketio.emit("wall:group",
                          plenary.wall_entry(store(), seminar, update, plenary.PROJECTOR),
                          to=projector_room(seminar.code))


@announcer(DisplayChanged, emits=("display:state",))
def _display(seminar: Seminar | None, events: Sequence[DisplayChanged]) -> None:
    assert seminar is not None
    socketio.emit("display:state", plenary.projector_view(store(), seminar),
                  to=[projector_room(seminar.code),  # type: ignore[arg-type]
                      facilitator_room(seminar.code)])


@announcer(PlenarySettingsChanged, emits=("plenary:settings",))
def _settings(seminar: Seminar | None, events: Sequence[PlenarySettingsChanged]) -> None:
    assert seminar is not None
    socketio.emit("plenary:settings", plenary.plenary_settings(store(), seminar),
                  to=seminar_room(seminar.code))


@announcer(SummaryChanged, emits=("summary:changed",))
def _summary(seminar: Seminar | None, events: Sequence[SummaryChanged]) -> None:
    for code in dict.fromkeys(event.code for event in events):
        socketio.emit("summary:changed", {"code": code}, to=facilitator_room(code))


@announcer(LanguageChanged, emits=("seminar:language",))
def _language(seminar: Seminar | None, events: Sequence[LanguageChanged]) -> None:
    for event in events:
        socketio.emit("seminar:language", {"language": screen_language(event.language)},
                      to=projector_room(event.code))


@announcer(SeminarDeleted, emits=("seminar:deleted",))
def _deleted(seminar: Seminar | None, events: Sequence[SeminarDeleted]) -> None:
    """Every screen still connected is told; then nobody stays in the seminar's rooms (a
    seminar restored later under the same code is announced in rooms of the same names), and
    what every process remembers of it (presence, announcements) is forgotten."""
    for event in events:
        socketio.emit("seminar:deleted", {"code": event.code}, to=seminar_room(event.code))
        # The phones' own rooms: the stored participants', and those of phones connected
        # without being participants yet.
        phones = {*event.participants, *groups_broadcaster().online(event.code)}
        rooms = [seminar_room(event.code), roster_room(event.code),
                 facilitator_room(event.code), projector_room(event.code),
                 *(participant_room(event.code, pid) for pid in sorted(phones))]
        for room in rooms:
            socketio.close_room(room)
        groups_broadcaster().forget(event.code)  # in every process, with the polls' and others'


@announcer(StorageChanged, emits=("storage:state",))
def _storage(seminar: Seminar | None, events: Sequence[StorageChanged]) -> None:
    """Every connected screen, of every seminar (they share the database): the console shows
    or hides its banner, the phones send what they kept once it is ``ok`` again."""
    socketio.emit("storage:state", {"ok": events[-1].ok})
