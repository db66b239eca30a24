"""Socket.IO events for the vote across groups.

The facilitator opens and closes the vote on a prioritised question's summary (the kit's
``stemmer: N``); every screen then gets ``vote:state`` (which votes are open, their items). A
phone gives and takes back its person's votes (`vote:cast`) and gets back only its own votes.
After each change the facilitators and the big screens get ``vote:results`` (counts only),
coalesced per question like the polls' results.
"""

from collections.abc import Sequence

from flask_socketio import rooms

from seminar.extensions import socketio
from seminar.services import votes as svc
from seminar.services.events import GroupsChanged, VoteResultsChanged, VoteStateChanged
from seminar.services.seminars import Seminar
from seminar.web import payloads as p
from seminar.web.announce import announcer
from seminar.web.audiences import ANYONE, FACILITATOR, PHONE, Sender
from seminar.web.context import now, store
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
from seminar.web.vote_broadcast import results_changed

CAST_LIMITS = (per_phone("LIMIT_VOTES_PER_PHONE"), per_address("LIMIT_VOTES_PER_ADDRESS"),
               NEW_PARTICIPANT)


def _state(sender: Sender) -> dict:
    return {"state": svc.vote_state(store(), sender.seminar)}


def _admit_new() -> None:
    count_now(NEW_PARTICIPANT)


@event("vote:open", p.VoteRef, who=FACILITATOR,
       announces=(VoteStateChanged, VoteResultsChanged), limit=FACILITATOR_LIMITS, reply=_state)
def open_vote(sender: Sender, payload: p.VoteRef) -> Outcome:
    """Open the vote on `question` (a question with `prioriter` and `stemmer`): the summary's
    items as ranked now are frozen as what every person votes on; reopening a closed vote keeps
    its items and votes. `vote_not_found` if the question has no vote; `invalid_input` if its
    summary has no items yet. The answer has the new `state`."""
    return Outcome(svc.open_vote(store(), sender.seminar, payload.question, now()))


@event("vote:close", p.VoteRef, who=FACILITATOR,
       announces=(VoteStateChanged, VoteResultsChanged), limit=FACILITATOR_LIMITS, reply=_state)
def close_vote(sender: Sender, payload: p.VoteRef) -> Outcome:
    """Close the vote on `question`: its result is frozen, votes are refused (`vote_closed`).
    The answer has the new `state`."""
    return Outcome(svc.close_vote(store(), sender.seminar, payload.question, now()))


@event("vote:cast", p.VoteCast, who=PHONE, announces=(VoteResultsChanged, GroupsChanged),
       limit=CAST_LIMITS)
def cast(sender: Sender, payload: p.VoteCast) -> Outcome:
    """A phone gives its person's vote to `item` (a key of the vote's items) of `question`, or
    takes it back (`up` false): at most the question's N votes, one per item
    (`no_votes_left`), only while the vote is open (`vote_closed`). Giving a vote twice changes
    nothing. The phone becomes a participant if it was not one. The answer has `mine`, the
    person's votes on the question (item keys)."""
    mine, events = svc.cast_vote(store(), sender.seminar, sender.participant_id,
                                 payload.question, payload.item, payload.up, now(),
                                 admit_new=_admit_new)
    return Outcome(events, {"question": payload.question, "mine": mine})


@event("vote:fetch", p.VoteFetch, who=ANYONE, limit=(*FETCH_LIMITS, *FACILITATOR_LIMITS))
def fetch(sender: Sender, payload: p.VoteFetch) -> Outcome:
    """Any screen: the `state` (every vote that was opened, open or not, with its items) and,
    for a phone, `mine` (its own votes, item keys by question). The facilitator and a big
    screen (a socket that joined as `projector`) also get `results` (every opened vote's, or
    only `question`'s)."""
    seminar = sender.seminar
    answer: dict = {"state": svc.vote_state(store(), seminar)}
    if sender.participant_id and not sender.facilitator:
        answer["mine"] = svc.own_votes(store(), seminar, sender.participant_id)
    if sender.facilitator or projector_room(seminar.code) in rooms():
        answer["results"] = ([svc.vote_results(store(), seminar, payload.question)]
                             if payload.question is not None
                             else svc.all_results(store(), seminar))
    return Outcome(answer=answer)


@announcer(VoteStateChanged, emits=("vote:state",))
def _state_changed(seminar: Seminar | None, events: Sequence[VoteStateChanged]) -> None:
    assert seminar is not None
    socketio.emit("vote:state", svc.vote_state(store(), seminar), to=seminar_room(seminar.code))


@announcer(VoteResultsChanged, emits=("vote:results",))
def _results_changed(seminar: Seminar | None, events: Sequence[VoteResultsChanged]) -> None:
    for event_ in dict.fromkeys(events):
        results_changed(event_.code, event_.question)
