"""Socket.IO events for polls, word clouds and the evaluation.

The facilitator opens and closes each item; every screen then gets ``poll:state`` (which items
are open). A phone answers for its person while an item is open, and gets back only its own
answers, never anyone else's. After each change to an item's results the facilitators get
``poll:results`` with everything (hidden open answers, the ban list), the big screens the
public results of the items they may show (an evaluation item's only while the facilitator
shows it there, display mode ``poll``); both coalesced per item, at most every
``POLL_RESULTS_INTERVAL`` (0.25) seconds, so that a thousand answers in ten seconds do not
flood the screens.
"""

from collections.abc import Sequence

from flask_socketio import rooms

from seminar.extensions import socketio
from seminar.services import polls as svc
from seminar.services.events import GroupsChanged, PollResultsChanged, PollStateChanged
from seminar.services.seminars import Seminar
from seminar.web import payloads as p
from seminar.web.announce import announcer
from seminar.web.audiences import ANYONE, FACILITATOR, PHONE, Sender
from seminar.web.context import now, store
from seminar.web.poll_broadcast import results_changed
from seminar.web.protocol import (
    FACILITATOR_LIMITS,
    FETCH_LIMITS,
    NEW_PARTICIPANT,
    Outcome,
    count_now,
    event,
)
from seminar.web.rate_limit import per_address, per_phone
from seminar.web.rooms import projector_room, seminar_room

ANSWER_LIMITS = (per_phone("LIMIT_POLL_ANSWERS_PER_PHONE"),
                 per_address("LIMIT_POLL_ANSWERS_PER_ADDRESS"), NEW_PARTICIPANT)


def state(sender: Sender) -> dict:
    """Which items are open now, for the sender."""
    return {"state": svc.poll_state(store(), sender.seminar)}


def _admit_new() -> None:
    count_now(NEW_PARTICIPANT)


@event("poll:open", p.PollItemRef, who=FACILITATOR, announces=(PollStateChanged,),
       limit=FACILITATOR_LIMITS, reply=state)
def open_item(sender: Sender, payload: p.PollItemRef) -> Outcome:
    """Open `item` (a poll of a block or an evaluation item, by its id in the kit): the phones
    may answer it, and change their answer, until it is closed; reopening keeps the answers.
    `item_not_found` if the kit has no such item. The answer has the new `state`."""
    return Outcome(svc.open_item(store(), sender.seminar, payload.item, now()))


@event("poll:close", p.PollItemRef, who=FACILITATOR, announces=(PollStateChanged,),
       limit=FACILITATOR_LIMITS, reply=state)
def close_item(sender: Sender, payload: p.PollItemRef) -> Outcome:
    """Close `item`: answers are refused (`poll_closed`) until it opens again; the results
    stay. The answer has the new `state`."""
    return Outcome(svc.close_item(store(), sender.seminar, payload.item, now()))


@event("poll:settings", p.PollSettings, who=FACILITATOR, announces=(PollStateChanged,),
       limit=FACILITATOR_LIMITS, reply=state)
def settings(sender: Sender, payload: p.PollSettings) -> Outcome:
    """Mark `item` to open by itself when its block first starts, and to close when the
    programme leaves that block (`with_block`), or unmark it. Not for an evaluation item
    (`invalid_input`). The answer has the new `state` (its `with_block` lists the marked
    items)."""
    return Outcome(svc.set_with_block(store(), sender.seminar, payload.item, payload.with_block))


@event("poll:answer", p.PollAnswer, who=PHONE, announces=(PollResultsChanged, GroupsChanged),
       limit=ANSWER_LIMITS)
def answer(sender: Sender, payload: p.PollAnswer) -> Outcome:
    """A phone answers `item` for its person, replacing its earlier answer: `value` is a
    scale's number, a choice's list of option indexes (from 0; one unless the item allows
    several), a word cloud's list of one to three words (at most 30 characters each) or an open
    answer's text (at most 300 characters). `poll_closed` unless the item is open;
    `invalid_input` saying what is wrong. The phone becomes a participant if it was not one.
    The answer has the `value` as stored (words and text trimmed)."""
    value, events = svc.answer_item(store(), sender.seminar, sender.participant_id,
                                    payload.item, payload.value, now(), admit_new=_admit_new)
    return Outcome(events, {"item": payload.item, "value": value})


@event("poll:fetch", p.PollFetch, who=ANYONE, limit=(*FETCH_LIMITS, *FACILITATOR_LIMITS))
def fetch(sender: Sender, payload: p.PollFetch) -> Outcome:
    """Any screen: the `state` (which items are open) and, for a phone, `mine` (its own
    answers, by item). The facilitator also gets `results` (a list of `{item, version, open,
    results}`, every item that was opened, or only `item`); a big screen (a socket that joined
    as `projector`) the public `results` of the items it may show."""
    seminar = sender.seminar
    answer: dict = {"state": svc.poll_state(store(), seminar)}
    if sender.participant_id and not sender.facilitator:
        answer["mine"] = svc.own_answers(store(), seminar, sender.participant_id)
    audience = _results_audience(sender, seminar)
    if audience is not None:
        answer["results"] = _results(seminar, audience, payload.item)
    return Outcome(answer=answer)


def _results_audience(sender: Sender, seminar: Seminar) -> str | None:
    if sender.facilitator:
        return svc.FACILITATOR
    if projector_room(seminar.code) in rooms():
        return svc.PROJECTOR
    return None


def _results(seminar: Seminar, audience: str, item: str | None) -> list[dict]:
    if item is None:
        return svc.all_results(store(), seminar, audience)
    found = svc.find_item(seminar, item)
    if audience == svc.PROJECTOR and found.id not in svc.projector_items(store(), seminar):
        return []
    return [svc.item_results(store(), seminar, found.id, audience)]


@event("poll:ban", p.PollBan, who=FACILITATOR, announces=(PollResultsChanged,),
       limit=FACILITATOR_LIMITS)
def ban(sender: Sender, payload: p.PollBan) -> Outcome:
    """Leave `word` (every form of it) out of the word cloud `item`; `banned` false counts it
    again. At most 200 words per cloud."""
    return Outcome(svc.ban_word(store(), sender.seminar, payload.item, payload.word,
                                payload.banned))


@event("poll:hide", p.PollHide, who=FACILITATOR, announces=(PollResultsChanged,),
       limit=FACILITATOR_LIMITS)
def hide(sender: Sender, payload: p.PollHide) -> Outcome:
    """Take the open `answer` (its id in the results) of `item` off the big screen (`hidden`
    false: back on it). It stays hidden if its author changes it."""
    return Outcome(svc.hide_answer(store(), sender.seminar, payload.item, payload.answer,
                                   payload.hidden))


@event("poll:breakdown", p.PollItemRef, who=FACILITATOR, limit=FACILITATOR_LIMITS)
def breakdown(sender: Sender, payload: p.PollItemRef) -> Outcome:
    """The results of `item` per group: `breakdown` is `{item, version, groups}`, each group
    `{group, name, results}` (the group each person was in when they answered; those in no
    group last, with `group` null)."""
    return Outcome(answer={"breakdown": svc.group_breakdown(store(), sender.seminar,
                                                            payload.item)})


@announcer(PollStateChanged, emits=("poll:state",))
def _state(seminar: Seminar | None, events: Sequence[PollStateChanged]) -> None:
    assert seminar is not None
    socketio.emit("poll:state", svc.poll_state(store(), seminar), to=seminar_room(seminar.code))


@announcer(PollResultsChanged, emits=("poll:results",))
def _results_changed(seminar: Seminar | None, events: Sequence[PollResultsChanged]) -> None:
    for event_ in events:
        results_changed(event_.code, event_.item)
