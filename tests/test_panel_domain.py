"""The rules of the questions to the panel: texts, votes' order, moderation, who sees what."""

import pytest

from seminar.domain.errors import InvalidInput, InvalidTransition
from seminar.domain.panel import (
    PanelClosed,
    PanelFull,
    PanelQuestion,
    PanelQuestionGone,
    State,
    check_open,
    check_room,
    check_vote,
    clean_name,
    clean_question,
    counts,
    facilitator_view,
    first_state,
    moderate,
    ordered,
    phone_view,
    projector_view,
)


def question(id: int, *, votes: int = 0, at: float = 0.0, state: State = State.VISIBLE,
             author: str = "p1", pinned: bool = False) -> PanelQuestion:
    return PanelQuestion(id, author, f"Q{id}", "", state, pinned, at, votes)


def test_a_question_is_trimmed_and_kept_on_one_line():
    assert clean_question("  Why\n\tnot   now? \x00") == "Why not now?"


@pytest.mark.parametrize("text", ["", "   \n ", "x" * 301, None, 5])
def test_a_question_must_have_1_to_300_characters(text):
    with pytest.raises(InvalidInput):
        clean_question(text)


def test_300_characters_are_accepted():
    assert clean_question("x" * 300 + "   ") == "x" * 300


def test_the_name_is_optional_and_at_most_60_characters():
    assert clean_name(None) == ""
    assert clean_name(" Kari  Nordmann ") == "Kari Nordmann"
    assert clean_name("n" * 60) == "n" * 60
    with pytest.raises(InvalidInput):
        clean_name("n" * 61)


def test_questions_are_taken_only_during_a_block_that_takes_them():
    check_open(True)
    with pytest.raises(PanelClosed):
        check_open(False)


def test_a_seminar_holds_a_bounded_number_of_questions():
    check_room(1999)
    with pytest.raises(PanelFull):
        check_room(2000)


def test_approval_decides_the_first_state():
    assert (first_state(True), first_state(False)) == (State.PENDING, State.VISIBLE)


def test_most_votes_first_then_the_earliest():
    listed = ordered([question(1, votes=1, at=1), question(2, votes=3, at=2),
                      question(3, votes=1, at=0.5), question(4, votes=3, at=1.5)])
    assert [q.id for q in listed] == [4, 2, 3, 1]


@pytest.mark.parametrize("state", [State.PENDING, State.HIDDEN])
def test_only_public_questions_take_votes(state):
    assert check_vote(question(1)).id == 1
    assert check_vote(question(2, state=State.ANSWERED)).id == 2
    with pytest.raises(PanelQuestionGone):
        check_vote(question(3, state=state))
    with pytest.raises(PanelQuestionGone):
        check_vote(None)


def test_moderation_moves_the_states_and_the_pin():
    pending = question(1, state=State.PENDING)
    assert moderate(pending, "approve") == question(1)
    assert moderate(pending, "pin") == question(1, pinned=True)
    pinned = question(1, pinned=True)
    assert moderate(pinned, "hide") == question(1, state=State.HIDDEN)
    assert moderate(pinned, "answered") == question(1, state=State.ANSWERED)
    assert moderate(pinned, "unpin") == question(1)
    with pytest.raises(InvalidTransition):
        moderate(question(1, state=State.ANSWERED), "pin")
    with pytest.raises(InvalidInput):
        moderate(pending, "delete")


def test_a_phone_sees_the_public_questions_and_its_own_pending_ones():
    questions = [question(1, votes=2), question(2, state=State.ANSWERED, author="p2"),
                 question(3, state=State.PENDING, author="p1"),
                 question(4, state=State.PENDING, author="p2"),
                 question(5, state=State.HIDDEN, author="p1")]
    mine = phone_view(questions, "p1", {1})
    assert [(q["id"], q["mine"], q["voted"]) for q in mine] == [
        (1, True, True), (2, False, False), (3, True, False)]
    assert [q["id"] for q in phone_view(questions, None)] == [1, 2]
    assert all("author" not in q for q in mine)


def test_the_facilitator_sees_every_question():
    questions = [question(1, state=State.HIDDEN), question(2, state=State.PENDING, votes=1)]
    assert [(q["id"], q["state"]) for q in facilitator_view(questions)] == [
        (2, "pending"), (1, "hidden")]
    assert counts(questions) == {"pending": 1, "visible": 0, "hidden": 1, "answered": 0}


def test_the_big_screen_shows_the_top_visible_unanswered_questions():
    questions = [question(i, votes=i) for i in range(1, 8)] + [
        question(20, votes=50, state=State.ANSWERED), question(21, votes=60, state=State.PENDING),
        question(22, votes=70, state=State.HIDDEN)]
    view = projector_view(questions, top=3)
    assert view == {"pinned": None, "questions": [
        {"id": 7, "text": "Q7", "name": "", "votes": 7},
        {"id": 6, "text": "Q6", "name": "", "votes": 6},
        {"id": 5, "text": "Q5", "name": "", "votes": 5}]}


def test_the_big_screen_shows_the_pinned_question_alone():
    view = projector_view([question(1, votes=9), question(2, pinned=True)])
    assert view == {"pinned": {"id": 2, "text": "Q2", "name": "", "votes": 0}, "questions": []}
