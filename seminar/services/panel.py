"""Questions to the panel: asking, upvoting, moderating, and the views of each screen.

Every function takes the acting person (a phone's participant id; the web layer has checked
the facilitator's session for the facilitator's functions), owns its transaction and returns
the events to announce. Every change moves the seminar's panel version on in the same
transaction, so a screen can ignore a view older than the one it has.

A phone that asks or upvotes becomes a stored participant, as when it joins a group
(``groups.enter_seminar``), so that its one vote per question is kept by its identity.
"""

from seminar.domain import panel as rules
from seminar.domain.errors import InvalidInput
from seminar.domain.panel import PanelQuestion, PanelQuestionGone
from seminar.services import groups
from seminar.services.events import GroupsChanged, PanelChanged
from seminar.services.seminars import Seminar, current_record
from seminar.store import Store

PHONE = "phone"
PROJECTOR = "projector"
FACILITATOR = "facilitator"


def is_open(store: Store, seminar: Seminar) -> bool:
    """Whether the programme's current block takes questions from the hall (read inside the
    caller's transaction: the programme may have moved since the seminar was read)."""
    index = current_record(store, seminar).current_block
    blocks = seminar.kit.blocks
    return 0 <= index < len(blocks) and blocks[index].audience_questions


def public_state(store: Store, seminar: Seminar, audience: str) -> dict:
    """The view every screen of one ``audience`` shares: ``phone`` (the visible and answered
    questions), ``projector`` (what the big screen shows) or ``facilitator`` (every question,
    with the counts per state)."""
    with store.read():
        approval, version = store.panel.settings(seminar.record.id)
        questions = store.panel.questions(seminar.record.id)
        state: dict = {"audience": audience, "version": version,
                       "open": is_open(store, seminar), "approval": approval}
    if audience == FACILITATOR:
        state.update(questions=rules.facilitator_view(questions),
                     counts=rules.counts(questions))
    elif audience == PROJECTOR:
        state.update(rules.projector_view(questions))
    else:
        state["questions"] = rules.phone_view(questions, None)
    return state


def own_part(store: Store, seminar: Seminar, participant_id: str | None) -> dict:
    """One person's own part: the questions they upvoted, those they asked, and their
    questions still waiting for approval (only they and the facilitator see those)."""
    if not participant_id:
        return {"votes": [], "asked": [], "pending": []}
    with store.read():
        questions = store.panel.questions(seminar.record.id)
        voted = store.panel.voted(seminar.record.id, participant_id)
    own = [q for q in questions if q.author == participant_id]
    return {"votes": sorted(voted), "asked": [q.id for q in own],
            "pending": [q.as_json(mine=True) for q in rules.ordered(own)
                        if q.state is rules.State.PENDING]}


def ask(store: Store, seminar: Seminar, participant_id: object, text: object, name: object,
        now: float, *, admit_new: groups.Admit | None = None
        ) -> tuple[int, list[PanelChanged | GroupsChanged]]:
    """A phone sends a question to the panel; refused unless the current block takes
    questions from the hall. Return the new question's id and the events."""
    clean_text, clean_name = rules.clean_question(text), rules.clean_name(name)
    with store.read():
        rules.check_open(is_open(store, seminar))
    participant, joined = groups.enter_seminar(store, seminar, participant_id, now,
                                               admit_new=admit_new)
    with store.write():
        rules.check_open(is_open(store, seminar))
        rules.check_room(store.panel.count(seminar.record.id))
        approval, _ = store.panel.settings(seminar.record.id)
        question_id = store.panel.insert(seminar.record.id, participant.id, clean_text,
                                         clean_name, rules.first_state(approval), now)
        store.panel.bump_version(seminar.record.id)
    return question_id, [*joined, PanelChanged(seminar.code, (participant.id,))]


def vote(store: Store, seminar: Seminar, participant_id: object, question_id: object,
         up: object, now: float, *, admit_new: groups.Admit | None = None
         ) -> list[PanelChanged | GroupsChanged]:
    """A phone upvotes a question (``up``), or takes its vote back; one vote per person and
    question, so sending the same twice changes nothing."""
    if not isinstance(up, bool):
        raise InvalidInput()
    with store.read():
        rules.check_vote(_question(store, seminar, question_id))
    participant, joined = groups.enter_seminar(store, seminar, participant_id, now,
                                               admit_new=admit_new)
    with store.write():
        current_record(store, seminar)
        question = rules.check_vote(_question(store, seminar, question_id))
        changed = store.panel.vote(seminar.record.id, question.id, participant.id, up, now)
        if changed:
            store.panel.bump_version(seminar.record.id)
    return [*joined, PanelChanged(seminar.code, (participant.id,))] if changed else [*joined]


def moderate(store: Store, seminar: Seminar, question_id: object, action: object
             ) -> list[PanelChanged]:
    """The facilitator approves, hides, marks as answered, pins or unpins a question; pinning
    one unpins the one pinned before."""
    with store.write():
        current_record(store, seminar)
        question = _question(store, seminar, question_id)
        if question is None:
            raise PanelQuestionGone()
        moderated = rules.moderate(question, action)
        if moderated.pinned and not question.pinned:
            store.panel.unpin_all(seminar.record.id)
        store.panel.update(moderated)
        store.panel.bump_version(seminar.record.id)
    return [PanelChanged(seminar.code, (question.author,))]


def set_approval(store: Store, seminar: Seminar, approval: object) -> list[PanelChanged]:
    """The facilitator decides whether new questions wait for approval (those already asked
    keep their state)."""
    if not isinstance(approval, bool):
        raise InvalidInput()
    with store.write():
        current_record(store, seminar)
        store.panel.set_approval(seminar.record.id, approval)
        store.panel.bump_version(seminar.record.id)
    return [PanelChanged(seminar.code)]


def _question(store: Store, seminar: Seminar, question_id: object) -> PanelQuestion | None:
    if not isinstance(question_id, int) or isinstance(question_id, bool):
        raise InvalidInput()
    return store.panel.question(seminar.record.id, question_id)
