"""Questions to the panel: the rules for asking, upvoting, moderating and who sees what.

While a block the kit marks with ``spørsmål fra salen: ja`` runs, a phone sends a question to
the speakers (optionally with a name); every person upvotes a question once and may take the
vote back; the list is ordered by votes, then by the time of asking. The facilitator moderates:
with approval on, a question waits (``pending``) until approved; any question can be hidden or
marked as answered, and one question at a time can be pinned to the big screen.

Texts are kept as typed (trimmed, whitespace collapsed) and escaped where they are shown.
Every function is pure; ``now`` and the asking person are arguments.
"""

from collections.abc import Iterable, Set
from dataclasses import dataclass, replace
from enum import StrEnum

from seminar.domain.errors import InvalidInput, InvalidTransition, SeminarError
from seminar.domain.limits import (
    MAX_PANEL_NAME,
    MAX_PANEL_QUESTIONS,
    MAX_PANEL_TEXT,
    PANEL_PROJECTOR_TOP,
)
from seminar.domain.messages import N_


class PanelClosed(SeminarError):
    code = "panel_closed"
    template = N_("Questions to the panel can be sent only while the programme is at a block "
                  "that takes questions from the hall.")


class PanelQuestionGone(SeminarError):
    code = "panel_question_gone"
    template = N_("That question is no longer there.")


class PanelFull(SeminarError):
    code = "panel_full"
    template = N_("This seminar has received as many questions as it can take (%(limit)s).")


class State(StrEnum):
    PENDING = "pending"  # waits for the facilitator's approval (only seen by them and its author)
    VISIBLE = "visible"
    HIDDEN = "hidden"  # only the facilitator sees it
    ANSWERED = "answered"  # stays in the list, marked, and leaves the big screen


class Action(StrEnum):
    APPROVE = "approve"
    HIDE = "hide"
    ANSWERED = "answered"
    PIN = "pin"
    UNPIN = "unpin"


PUBLIC = frozenset({State.VISIBLE, State.ANSWERED})  # what every phone sees


@dataclass(frozen=True)
class PanelQuestion:
    id: int
    author: str  # the participant id of the phone that asked
    text: str
    name: str
    state: State
    pinned: bool
    asked_at: float
    votes: int = 0

    def as_json(self, *, mine: bool = False, voted: bool = False) -> dict:
        """The question as a screen gets it (the author's identity never leaves the server)."""
        return {"id": self.id, "text": self.text, "name": self.name, "state": str(self.state),
                "pinned": self.pinned, "votes": self.votes, "asked_at": self.asked_at,
                "mine": mine, "voted": voted}


def _clean(value: object, limit: int, *, required: bool) -> str:
    if not isinstance(value, str):
        raise InvalidInput()
    text = " ".join("".join(ch for ch in value if ch.isprintable() or ch.isspace()).split())
    if required and not text:
        raise InvalidInput(N_("Write a question first."))
    if len(text) > limit:
        raise InvalidInput(N_("A question can be at most %(limit)s characters.") if required
                           else N_("The name can be at most %(limit)s characters."),
                           limit=limit)
    return text


def clean_question(text: object) -> str:
    """A question's text: 1 to ``MAX_PANEL_TEXT`` characters once trimmed, on one line."""
    return _clean(text, MAX_PANEL_TEXT, required=True)


def clean_name(name: object) -> str:
    """The optional name under a question (empty: anonymous)."""
    return _clean("" if name is None else name, MAX_PANEL_NAME, required=False)


def check_open(audience_questions: bool) -> None:
    """Refuse a question while the current block takes none."""
    if not audience_questions:
        raise PanelClosed()


def check_room(count: int) -> None:
    if count >= MAX_PANEL_QUESTIONS:
        raise PanelFull(limit=MAX_PANEL_QUESTIONS)


def first_state(approval: bool) -> State:
    """A new question waits for approval when the seminar asks for it; else it shows at once."""
    return State.PENDING if approval else State.VISIBLE


def check_vote(question: PanelQuestion | None) -> PanelQuestion:
    """Only a question every phone sees can be upvoted (or its vote taken back)."""
    if question is None or question.state not in PUBLIC:
        raise PanelQuestionGone()
    return question


def moderate(question: PanelQuestion, action: object) -> PanelQuestion:
    """The question after the facilitator's ``action``. Pinning shows the question (approving
    it); hiding it or marking it answered unpins it. The caller unpins every other question
    when one is pinned (at most one is)."""
    try:
        chosen = Action(str(action)) if isinstance(action, str) else None
    except ValueError:
        chosen = None
    if chosen is None:
        raise InvalidInput()
    if chosen is Action.APPROVE:
        return replace(question, state=State.VISIBLE)
    if chosen is Action.HIDE:
        return replace(question, state=State.HIDDEN, pinned=False)
    if chosen is Action.ANSWERED:
        return replace(question, state=State.ANSWERED, pinned=False)
    if chosen is Action.PIN:
        if question.state is State.ANSWERED:
            raise InvalidTransition(N_("An answered question cannot be pinned."))
        return replace(question, state=State.VISIBLE, pinned=True)
    return replace(question, pinned=False)


def ordered(questions: Iterable[PanelQuestion]) -> list[PanelQuestion]:
    """Most votes first; of equal votes, the one asked first."""
    return sorted(questions, key=lambda q: (-q.votes, q.asked_at, q.id))


def phone_view(questions: Iterable[PanelQuestion], me: str | None,
               voted: Set[int] = frozenset()) -> list[dict]:
    """A phone's list: the visible and answered questions, and its own that wait."""
    return [q.as_json(mine=me is not None and q.author == me, voted=q.id in voted)
            for q in ordered(questions)
            if q.state in PUBLIC or (q.state is State.PENDING and me and q.author == me)]


def facilitator_view(questions: Iterable[PanelQuestion]) -> list[dict]:
    """The facilitator's list: every question, each with its state."""
    return [q.as_json() for q in ordered(questions)]


def projector_view(questions: Iterable[PanelQuestion], top: int = PANEL_PROJECTOR_TOP) -> dict:
    """The big screen: the pinned question alone, or the top visible ones not yet answered."""
    listed = ordered(questions)
    pinned = next((q for q in listed if q.pinned and q.state is State.VISIBLE), None)
    if pinned is not None:
        return {"pinned": _public(pinned), "questions": []}
    return {"pinned": None,
            "questions": [_public(q) for q in listed if q.state is State.VISIBLE][:top]}


def _public(question: PanelQuestion) -> dict:
    """What the public big screen shows of a question: its text, name and votes."""
    return {"id": question.id, "text": question.text, "name": question.name,
            "votes": question.votes}


def counts(questions: Iterable[PanelQuestion]) -> dict[str, int]:
    """How many questions are in each state (the console's counts)."""
    result = {str(state): 0 for state in State}
    for question in questions:
        result[str(question.state)] += 1
    return result
