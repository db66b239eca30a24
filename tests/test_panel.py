"""Questions to the panel through the services, on a real SQLite file: asking, one vote per
person, moderation, the pin, and deleting the seminar with its questions."""

import pytest

from seminar.domain.errors import InvalidInput
from seminar.domain.panel import PanelClosed, PanelQuestionGone
from seminar.services import panel, programme
from seminar.services.events import GroupsChanged, PanelChanged
from seminar.services.seminars import create_seminar, delete_seminar, find_seminar
from tests.conftest import NOW, SHORT_KIT
from tests.panel_kits import PANEL_KIT


@pytest.fixture
def hall(store):
    return create_seminar(store, "panel.md", PANEL_KIT, NOW)[0]


def rows(store, table):
    return store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_a_question_makes_the_phone_a_participant_and_shows_at_once(store, hall):
    qid, events = panel.ask(store, hall, "phone-a", "  Hva med   budsjettet? ", "Kari", NOW)
    assert events == [GroupsChanged(hall.code), PanelChanged(hall.code, ("phone-a",))]
    state = panel.public_state(store, hall, panel.PHONE)
    assert [(q["id"], q["text"], q["name"], q["state"]) for q in state["questions"]] == [
        (qid, "Hva med budsjettet?", "Kari", "visible")]
    assert state["open"] is True
    _, again = panel.ask(store, hall, "phone-a", "Og tiden?", None, NOW + 1)
    assert again == [PanelChanged(hall.code, ("phone-a",))]  # a participant already


def test_one_vote_per_person_and_it_can_be_taken_back(store, hall):
    qid, _ = panel.ask(store, hall, "phone-a", "Hvorfor?", None, NOW)
    assert panel.vote(store, hall, "phone-b", qid, True, NOW)
    assert panel.vote(store, hall, "phone-b", qid, True, NOW) == []  # nothing changed
    panel.vote(store, hall, "phone-c", qid, True, NOW)
    votes = lambda: panel.public_state(store, hall, panel.PHONE)["questions"][0]["votes"]  # noqa: E731
    assert votes() == 2
    panel.vote(store, hall, "phone-b", qid, False, NOW)
    assert votes() == 1
    assert panel.own_part(store, hall, "phone-c")["votes"] == [qid]
    assert panel.own_part(store, hall, "phone-b")["votes"] == []


def test_the_list_is_ordered_by_votes_then_time(store, hall):
    first, _ = panel.ask(store, hall, "a", "Første", None, NOW)
    second, _ = panel.ask(store, hall, "b", "Andre", None, NOW + 1)
    third, _ = panel.ask(store, hall, "c", "Tredje", None, NOW + 2)
    panel.vote(store, hall, "a", third, True, NOW)
    ids = [q["id"] for q in panel.public_state(store, hall, panel.PHONE)["questions"]]
    assert ids == [third, first, second]


def test_with_approval_a_question_waits_and_only_its_author_sees_it(store, hall):
    panel.set_approval(store, hall, True)
    qid, _ = panel.ask(store, hall, "phone-a", "Vent på meg", None, NOW)
    assert panel.public_state(store, hall, panel.PHONE)["questions"] == []
    assert panel.public_state(store, hall, panel.PROJECTOR)["questions"] == []
    assert [q["id"] for q in panel.own_part(store, hall, "phone-a")["pending"]] == [qid]
    assert panel.own_part(store, hall, "phone-b")["pending"] == []
    with pytest.raises(PanelQuestionGone):
        panel.vote(store, hall, "phone-b", qid, True, NOW)
    facilitator = panel.public_state(store, hall, panel.FACILITATOR)
    assert facilitator["counts"]["pending"] == 1 and facilitator["approval"] is True
    assert panel.moderate(store, hall, qid, "approve") == [PanelChanged(hall.code,
                                                                        ("phone-a",))]
    assert [q["id"] for q in panel.public_state(store, hall, panel.PHONE)["questions"]] == [qid]


def test_at_most_one_question_is_pinned(store, hall):
    one, _ = panel.ask(store, hall, "a", "En", None, NOW)
    two, _ = panel.ask(store, hall, "b", "To", None, NOW)
    panel.moderate(store, hall, one, "pin")
    panel.moderate(store, hall, two, "pin")
    pinned = [q["id"] for q in panel.public_state(store, hall, panel.FACILITATOR)["questions"]
              if q["pinned"]]
    assert pinned == [two]
    assert panel.public_state(store, hall, panel.PROJECTOR)["pinned"]["id"] == two
    panel.moderate(store, hall, two, "answered")
    view = panel.public_state(store, hall, panel.PROJECTOR)
    assert view["pinned"] is None and [q["id"] for q in view["questions"]] == [one]


def test_questions_only_while_the_current_block_takes_them(store, hall):
    programme.control_programme(store, hall, "next", NOW)
    moved = find_seminar(store, hall.code)
    with pytest.raises(PanelClosed):
        panel.ask(store, moved, "phone-a", "For sent?", None, NOW)
    assert rows(store, "participants") == 0  # refused before the phone became a participant


def test_bad_values_are_refused(store, hall):
    qid, _ = panel.ask(store, hall, "a", "En", None, NOW)
    for call in (lambda: panel.vote(store, hall, "b", qid, "yes", NOW),
                 lambda: panel.vote(store, hall, "b", "1", True, NOW),
                 lambda: panel.moderate(store, hall, qid, "delete"),
                 lambda: panel.set_approval(store, hall, 1),
                 lambda: panel.ask(store, hall, "b", " ", None, NOW)):
        with pytest.raises(InvalidInput):
            call()
    with pytest.raises(PanelQuestionGone):
        panel.moderate(store, hall, qid + 1, "hide")


def test_deleting_the_seminar_deletes_its_questions_and_votes(store, hall):
    other = create_seminar(store, "short.md", SHORT_KIT, NOW)[0]
    assert not other.kit.blocks[0].audience_questions
    qid, _ = panel.ask(store, hall, "a", "En", None, NOW)
    panel.vote(store, hall, "b", qid, True, NOW)
    with pytest.raises(PanelClosed):
        panel.ask(store, other, "c", "Ikke her", None, NOW)
    other = create_seminar(store, "panel.md", PANEL_KIT, NOW)[0]
    kept, _ = panel.ask(store, other, "c", "Blir", None, NOW)
    delete_seminar(store, hall, hall.code)
    assert (rows(store, "panel_questions"), rows(store, "panel_votes")) == (1, 0)
    assert [q.id for q in store.panel.questions(other.record.id)] == [kept]
