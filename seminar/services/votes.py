"""The vote across groups: the facilitator opens the vote on a prioritised question's summary
(``stemmer: N`` in the kit), every person gives their N votes to its items, one per item,
until the facilitator closes it; the result is tallied from the store.

Who sees what: every screen learns which votes are open and their items (``vote_state``); a
phone gets its own votes only; the facilitator and the big screen get the counts (anonymous:
how many votes each item has, how many people voted). The archive keeps who voted for what by
participant id.
"""

from collections.abc import Callable

from seminar.domain.errors import InvalidInput
from seminar.domain.kit import Question
from seminar.domain.messages import N_
from seminar.domain.summary import rerank
from seminar.domain.votes import VoteClosed, VoteNotFound, cast, freeze_items, tally
from seminar.services import summary
from seminar.services.events import GroupsChanged, VoteResultsChanged, VoteStateChanged
from seminar.services.groups import participant_for_answer
from seminar.services.seminars import Seminar
from seminar.store import Store
from seminar.store.votes import VoteRecord

VoteEvents = list[VoteStateChanged | VoteResultsChanged]


def voting_question(seminar: Seminar, question: object) -> Question:
    """The kit's question ``question`` if it has a vote (``prioriter`` and ``stemmer``)."""
    found = seminar.kit.question(question)
    if found is None or found.prioritise is None or not found.votes:
        raise VoteNotFound()
    return found


def open_vote(store: Store, seminar: Seminar, question: object, now: float) -> VoteEvents:
    """The facilitator opens the vote: the summary's items as ranked now (without single points
    hidden from the big screen) are frozen as what people vote on. Reopening a closed vote
    keeps its items and the votes given."""
    found = voting_question(seminar, question)
    with store.write():
        record = store.votes.get(seminar.record.id, found.id)
        if record is not None and record.open:
            return []
        if record is None:
            points = summary.question_points(store, seminar, found.id)
            items = freeze_items(rerank([
                item for item in summary.ranking(points, found.prioritise)
                if item.theme is not None or item.points[0].point not in points.hidden]))
            if not items:
                raise InvalidInput(N_("The summary has no items to vote on yet: the groups "
                                      "prioritise first."))
            store.votes.open(seminar.record.id, found.id, items, now)
        else:
            store.votes.open(seminar.record.id, found.id, None, now)
    return [VoteStateChanged(seminar.code), VoteResultsChanged(seminar.code, found.id)]


def close_vote(store: Store, seminar: Seminar, question: object, now: float) -> VoteEvents:
    """The facilitator closes the vote: its result is frozen, changes are refused."""
    found = voting_question(seminar, question)
    with store.write():
        record = store.votes.get(seminar.record.id, found.id)
        if record is None or not record.open:
            return []
        store.votes.close(seminar.record.id, found.id, now)
    return [VoteStateChanged(seminar.code), VoteResultsChanged(seminar.code, found.id)]


Admit = Callable[[], None]


def cast_vote(store: Store, seminar: Seminar, participant_id: object, question: object,
              item: object, up: bool, now: float, *, admit_new: Admit | None = None
              ) -> tuple[list[str], list[VoteResultsChanged | GroupsChanged]]:
    """A phone gives (``up``) or takes back its person's vote for ``item``: at most the
    question's N votes, one per item (``no_votes_left``), only while the vote is open
    (``vote_closed``). The phone becomes a participant if it was not one. Returns the person's
    votes on the question as stored (item keys)."""
    found = voting_question(seminar, question)
    with store.write():
        record = store.votes.get(seminar.record.id, found.id)
        if record is None or not record.open:  # not opened yet, or closed
            raise VoteClosed()
        participant, events = participant_for_answer(store, seminar, participant_id, now,
                                                     admit_new)
        pid = participant.id
        before = store.votes.mine(seminar.record.id, pid).get(found.id, [])
        after = cast(before, str(item), up, found.votes or 0, record.items, record.open)
        if after == frozenset(before):
            return before, list(events)
        if up:
            store.votes.give(seminar.record.id, found.id, pid, str(item), now)
        else:
            store.votes.take_back(seminar.record.id, found.id, pid, str(item))
        store.votes.bump(seminar.record.id, found.id)
        mine = store.votes.mine(seminar.record.id, pid).get(found.id, [])
    return mine, [VoteResultsChanged(seminar.code, found.id), *events]


def vote_state(store: Store, seminar: Seminar) -> dict:
    """Every vote that was opened (of the kit's questions that still have a vote): its
    question, title, N (``allowed``), whether it is ``open`` and its items."""
    with store.read():
        records = store.votes.all(seminar.record.id)
    votes = []
    for record in records:
        question = _question(seminar, record)
        if question is None:
            continue
        votes.append({"question": question.id, "title": question.title,
                      "allowed": question.votes, "open": record.open,
                      "items": [entry.as_json() for entry in record.items]})
    return {"code": seminar.code, "open": [v["question"] for v in votes if v["open"]],
            "votes": votes}


def own_votes(store: Store, seminar: Seminar, participant_id: str | None) -> dict:
    """A phone's own votes: item keys, by question."""
    if not participant_id:
        return {}
    with store.read():
        return store.votes.mine(seminar.record.id, participant_id)


def vote_results(store: Store, seminar: Seminar, question: object) -> dict:
    """``{question, version, open, allowed, voters, cast, items}`` (each item with its
    ``votes``): what the facilitator and the big screen see."""
    found = voting_question(seminar, question)
    with store.read():
        record = store.votes.get(seminar.record.id, found.id)
        ballots = store.votes.ballots(seminar.record.id, found.id) if record else []
    if record is None:
        return {"question": found.id, "version": 0, "open": False, "opened": False,
                "allowed": found.votes, "voters": 0, "cast": 0, "items": []}
    counted = tally(record.items, [(b.participant_id, b.item_key) for b in ballots])
    return {"question": found.id, "version": record.version, "open": record.open,
            "opened": True, "allowed": found.votes, **counted.as_json(record.items)}


def all_results(store: Store, seminar: Seminar) -> list[dict]:
    """The results of every vote that was opened."""
    return [vote_results(store, seminar, vote["question"])
            for vote in vote_state(store, seminar)["votes"]]


def votes_by_item(store: Store, seminar: Seminar, question: str) -> dict[str, int] | None:
    """The votes per item key of ``question`` (None if it had no vote): for the summary and
    the report, beside the groups' own ranking."""
    if seminar.kit.question(question) is None:
        return None
    with store.read():
        record = store.votes.get(seminar.record.id, question)
        ballots = store.votes.ballots(seminar.record.id, question) if record else []
    if record is None:
        return None
    return tally(record.items, [(b.participant_id, b.item_key) for b in ballots]).votes


def projector_slide(store: Store, seminar: Seminar, question: str | None) -> dict:
    """What display mode ``vote`` shows: the question's title and the vote's results (no
    items before it opens)."""
    found = voting_question(seminar, question)
    return {"title": found.title, "vote": vote_results(store, seminar, found.id)}


def _question(seminar: Seminar, record: VoteRecord) -> Question | None:
    question = seminar.kit.question(record.question_id)
    if question is None or question.prioritise is None or not question.votes:
        return None
    return question
