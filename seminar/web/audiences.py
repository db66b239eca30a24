"""Who may send an event: a small, closed set of audiences, decided here and nowhere else.

Every event declares its audience (``seminar.web.protocol.event``); a payload may narrow it by
its content (``Payload.who``). ``admit`` decides whether this socket's session belongs to the
audience and says who is asking (``Sender``). The facilitator is recognised by the facilitator
session, a participant by the participant id in the phone's signed session cookie (never by
socket id), so a reload or reconnect keeps the person and their group.

The audiences, from the widest:

- ``ANYONE``: anyone with the seminar's code (a projector, a phone before it joins).
- ``PHONE``: a phone that opened this seminar's page (its signed cookie holds an identity),
  whether or not it is a stored participant yet: the events that make it one (joining or
  creating a group) and those that answer it either way.
- ``PARTICIPANT``: a phone that is a stored participant of this seminar (it has joined a
  group, now or before).
- ``MEMBER``: a participant who is in a group. An event never names the group: it is always
  the sender's own, so nobody can write into another group.
- ``WRITER``: a member who writes the group's points (the scribe, or every member when the
  facilitator allows it, when the kit has no writing role, or while nobody holds it).
- ``FACILITATOR``: a browser that proved the seminar's facilitator key.

They combine: ``FACILITATOR | PARTICIPANT`` admits either.
"""

import enum
from dataclasses import dataclass

from flask import session

from seminar.domain.errors import InvalidTransition, NotAllowed
from seminar.domain.messages import N_
from seminar.services import answers, groups
from seminar.services.seminars import Seminar
from seminar.web import auth
from seminar.web.context import store


class Audience(enum.Flag):
    ANYONE = enum.auto()
    PHONE = enum.auto()
    PARTICIPANT = enum.auto()
    MEMBER = enum.auto()
    WRITER = enum.auto()
    FACILITATOR = enum.auto()


ANYONE = Audience.ANYONE
PHONE = Audience.PHONE
PARTICIPANT = Audience.PARTICIPANT
MEMBER = Audience.MEMBER
WRITER = Audience.WRITER
FACILITATOR = Audience.FACILITATOR

# How the protocol documentation names each audience (docs/socket-events.md).
DESCRIPTIONS = {
    ANYONE: "anyone with the code",
    PHONE: "a phone of the seminar (a participant or not yet)",
    PARTICIPANT: "a participant",
    MEMBER: "a member of a group (always their own group)",
    WRITER: "the group's writer",
    FACILITATOR: "the facilitator",
}
_PARTICIPANTS = PHONE | PARTICIPANT | MEMBER | WRITER


@dataclass(frozen=True)
class Sender:
    """Who sent an event: the seminar it concerns (``None`` for ``clock:sync``), whether it is
    the seminar's facilitator, the participant id of the phone (if any), and the group of a
    member (known for the member audiences only)."""

    concerns: Seminar | None
    facilitator: bool = False
    participant_id: str | None = None
    group_id: int | None = None

    @property
    def seminar(self) -> Seminar:
        """The seminar the event concerns (every event but ``clock:sync`` names one)."""
        if self.concerns is None:
            raise TypeError("this event concerns no seminar")
        return self.concerns

    @property
    def actor(self) -> str:
        """For the services: ``groups.FACILITATOR``, or the participant id."""
        return groups.FACILITATOR if self.facilitator else self.participant_id or ""

    @property
    def code(self) -> str:
        return self.seminar.code


def describe(who: Audience) -> str:
    """``who`` in the documentation's words: "the facilitator; a participant"."""
    return "; ".join(text for audience, text in DESCRIPTIONS.items() if audience in who)


def participant_id(seminar: Seminar) -> str | None:
    """This phone's identity in ``seminar``, from its signed session cookie."""
    return session.get("participants", {}).get(seminar.code)


def narrowed(declared: Audience, asked: Audience | None) -> Audience:
    """The audience for one payload: the declared one, or the narrower one the payload asks
    for (``Payload.who``), which must lie within the declared one."""
    if asked is None:
        return declared
    if ANYONE not in declared and asked & declared != asked:
        raise ValueError(f"a payload asks for {asked}, wider than the declared {declared}")
    return asked


def admit(who: Audience, seminar: Seminar | None) -> Sender:
    """The sender, if this socket's session belongs to ``who`` for ``seminar``; otherwise the
    error that tells them why not (``not_allowed``, ``unknown_participant``, or "choose a group
    first")."""
    if seminar is None:  # an event about no seminar (the clock): declared for anyone only
        if who != ANYONE:
            raise NotAllowed()
        return Sender(None)
    facilitates = auth.facilitates(seminar)
    if facilitates and who & (FACILITATOR | ANYONE):
        # The facilitator's browser may be a phone of the seminar too (a demo, a laptop).
        return Sender(seminar, facilitator=True, participant_id=participant_id(seminar))
    if ANYONE in who:
        return Sender(seminar, participant_id=participant_id(seminar))
    if not who & _PARTICIPANTS:
        raise NotAllowed()
    if PHONE in who:  # stored or not: the service finds the participant, or makes it one
        phone = participant_id(seminar)
        if not phone:
            raise groups.UnknownParticipant()
        return Sender(seminar, participant_id=phone)
    with store().read():
        participant = groups.find_participant(store(), seminar, participant_id(seminar))
        if PARTICIPANT not in who and participant.group_id is None:
            raise InvalidTransition(N_("Choose a group first."))
        if not who & (PARTICIPANT | MEMBER) and not answers.writes(store(), seminar,
                                                                     participant):
            raise NotAllowed(N_("Only the scribe can change the group's points. You can "
                                "suggest a point."))
    return Sender(seminar, participant_id=participant.id, group_id=participant.group_id)
