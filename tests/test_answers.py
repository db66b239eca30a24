"""Answers service with real SQLite: writing, suggestions, revisions, conflicts, idempotency."""

import pytest

from seminar.domain.answers import PointConflict, PointNotFound
from seminar.domain.errors import InvalidInput, InvalidTransition, NotAllowed
from seminar.domain.limits import MAX_POINTS_PER_QUESTION
from seminar.services import answers as svc
from seminar.services import groups, plenary
from seminar.services.events import WallChanged
from tests.conftest import NOW
from tests.query_count import seminar_with_groups, statements
from tests.services_fixtures import edit, kari_ola_and_per


@pytest.fixture
def group(store, seminar):
    """Group A with Kari (the scribe) and Ola; group B with Per."""
    return kari_ola_and_per(store, seminar)


def add(store, seminar, who, point, text="Et punkt", question="q1"):
    return edit(store, seminar, who, "add", point=point, question=question, text=text)


def texts(store, group_id, question="q1"):
    return [(p.text, p.suggested) for p in store.answers.points(group_id, question)]


def test_the_scribe_adds_edits_reorders_and_deletes_points(store, seminar, group):
    added = add(store, seminar, group["kari"], "point-0001", "Bedre samarbeid")
    assert added["point"]["revision"] == 1 and added["seq"] == 1
    add(store, seminar, group["kari"], "point-0002", "Felles møteplasser")
    edited = edit(store, seminar, group["kari"], "edit", point="point-0001", revision=1,
                  text="Bedre samarbeid med skolen")
    assert edited["point"]["revision"] == 2
    edit(store, seminar, group["kari"], "move", question="q1",
         order=["point-0002", "point-0001"])
    assert texts(store, group["a"]) == [("Felles møteplasser", False),
                                        ("Bedre samarbeid med skolen", False)]
    edit(store, seminar, group["kari"], "delete", point="point-0002", revision=1)
    assert texts(store, group["a"]) == [("Bedre samarbeid med skolen", False)]
    answers = svc.group_answers(store, seminar, group["a"])
    assert answers["seq"] == 5 and len(answers["points"]) == 1


def test_the_same_edit_sent_twice_is_stored_once(store, seminar, group):
    payload = {"id": "resent-edit-1", "kind": "add", "point": "point-0001", "question": "q1",
               "text": "Én gang"}
    first, events = svc.apply_edit(store, seminar, group["kari"], payload, NOW)
    again, no_events = svc.apply_edit(store, seminar, group["kari"], dict(payload), NOW + 5)
    assert (first["duplicate"], again["duplicate"], no_events) == (False, True, [])
    assert again["point"] == first["point"]
    assert [type(event) for event in events] == [svc.AnswersChanged, WallChanged]
    assert texts(store, group["a"]) == [("Én gang", False)]
    # Another phone cannot replay someone else's edit id.
    with pytest.raises(InvalidInput):
        svc.apply_edit(store, seminar, group["ola"], dict(payload), NOW)


def test_an_edit_against_an_old_revision_is_a_conflict_not_an_overwrite(store, seminar, group):
    svc.set_all_members_write(store, seminar, True)
    add(store, seminar, group["kari"], "point-0001", "Utkast")
    edit(store, seminar, group["kari"], "edit", point="point-0001", revision=1, text="Karis")
    with pytest.raises(PointConflict):
        edit(store, seminar, group["ola"], "edit", point="point-0001", revision=1, text="Olas")
    with pytest.raises(PointConflict):
        edit(store, seminar, group["ola"], "delete", point="point-0001", revision=1)
    assert texts(store, group["a"]) == [("Karis", False)]


def test_members_suggest_and_the_scribe_accepts(store, seminar, group):
    suggestion = add(store, seminar, group["ola"], "point-0001", "Olas forslag")
    assert suggestion["point"]["suggested"] is True
    edit(store, seminar, group["ola"], "edit", point="point-0001", revision=1,
         text="Olas bedre forslag")
    add(store, seminar, group["kari"], "point-0002", "Karis punkt")
    with pytest.raises(NotAllowed):
        edit(store, seminar, group["ola"], "edit", point="point-0002", revision=1, text="x")
    with pytest.raises(NotAllowed):
        edit(store, seminar, group["ola"], "accept", point="point-0001")
    with pytest.raises(NotAllowed):
        edit(store, seminar, group["ola"], "done", question="q1", done=True)
    edit(store, seminar, group["kari"], "accept", point="point-0001")
    assert texts(store, group["a"]) == [("Olas bedre forslag", False), ("Karis punkt", False)]
    # Once accepted it is the group's point: only the scribe changes it now.
    with pytest.raises(NotAllowed):
        edit(store, seminar, group["ola"], "delete", point="point-0001", revision=3)


def test_a_group_without_a_scribe_lets_every_member_write(store, seminar, group):
    assert add(store, seminar, group["per"], "point-0001")["point"]["suggested"] is False


def test_nobody_reaches_another_groups_points(store, seminar, group):
    add(store, seminar, group["per"], "point-0001", "Gruppe B")
    with pytest.raises(PointNotFound):
        edit(store, seminar, group["kari"], "edit", point="point-0001", revision=1, text="x")
    with pytest.raises(PointNotFound):
        edit(store, seminar, group["kari"], "delete", point="point-0001", revision=1)
    with pytest.raises(InvalidInput):  # the id is taken: never overwritten
        add(store, seminar, group["kari"], "point-0001", "Gruppe A")
    assert texts(store, group["b"]) == [("Gruppe B", False)]
    assert texts(store, group["a"]) == []


@pytest.mark.parametrize(("fields", "error"), [
    ({"text": "   \n"}, InvalidInput),
    ({"text": "x" * 2001}, InvalidInput),
    ({"text": 42}, InvalidInput),
    ({"question": "q9"}, InvalidInput),
    ({"point": "short"}, InvalidInput),
    ({"point": "has spaces in it"}, InvalidInput),
])
def test_bad_points_are_refused(store, seminar, group, fields, error):
    payload = {"point": "point-0001", "question": "q1", "text": "Tekst", **fields}
    with pytest.raises(error):
        edit(store, seminar, group["kari"], "add", **payload)
    assert texts(store, group["a"]) == []


def test_text_is_stored_exactly_as_typed(store, seminar, group):
    typed = "  <script>alert(1)</script>\n– æøå ÆØÅ  "
    add(store, seminar, group["kari"], "point-0001", typed)
    assert texts(store, group["a"]) == [(typed, False)]
    assert add(store, seminar, group["kari"], "point-0002", "x" * 2000)["point"]["revision"] == 1


def test_a_question_holds_a_limited_number_of_points(store, seminar, group):
    for n in range(MAX_POINTS_PER_QUESTION):
        add(store, seminar, group["kari"], f"point-{n:04d}")
    with pytest.raises(InvalidTransition):
        add(store, seminar, group["kari"], "point-9999")
    add(store, seminar, group["kari"], "point-q2-0001", question="q2")  # another question


def test_a_new_order_must_name_every_point_once(store, seminar, group):
    add(store, seminar, group["kari"], "point-0001")
    add(store, seminar, group["kari"], "point-0002")
    for order in (["point-0001"], ["point-0001", "point-0001"]):  # not the points as they are
        with pytest.raises(PointConflict):
            edit(store, seminar, group["kari"], "move", question="q1", order=order)
    for order in ("point-0001", [1, 2]):  # not a list of point ids at all
        with pytest.raises(InvalidInput):
            edit(store, seminar, group["kari"], "move", question="q1", order=order)


def test_done_flags_and_the_facilitators_overview(store, seminar, group):
    add(store, seminar, group["kari"], "point-0001")
    edit(store, seminar, group["kari"], "done", question="q1", done=True)
    overview = svc.answers_overview(store, seminar)
    a, b = overview["groups"]
    assert a["questions"]["q1"] == {"points": 1, "last": NOW, "done": True}
    assert b["questions"] == {}


def test_a_group_with_answers_is_merged_not_removed(store, seminar, group):
    add(store, seminar, group["per"], "point-0001", "Fra B")
    with pytest.raises(InvalidTransition):
        groups.remove_group(store, seminar, group["b"], NOW)
    groups.merge_groups(store, seminar, group["b"], group["a"], NOW)
    assert texts(store, group["a"]) == [("Fra B", False)]


def test_a_participant_without_a_group_cannot_write(store, seminar, group):
    groups.leave_group(store, seminar, group["ola"], NOW)
    with pytest.raises(InvalidTransition):
        add(store, seminar, group["ola"], "point-0001")
    assert svc.answers_of_participant(store, seminar, group["ola"]) is None


def test_a_deleted_point_is_restored_with_its_author_place_and_priority(store, seminar, group):
    for n, text in enumerate(("En", "To", "Tre"), start=1):
        add(store, seminar, group["kari"], f"point-000{n}", text, question="q2")
    plenary.configure(store, seminar, "q2", priorities_open=True)
    edit(store, seminar, group["kari"], "prioritise", question="q2",
         points=["point-0002", "point-0001"])
    edit(store, seminar, group["kari"], "delete", point="point-0002", revision=1)
    assert svc.group_answers(store, seminar, group["a"])["priorities"] == {"q2": ["point-0001"]}
    assert texts(store, group["a"], "q2") == [("En", False), ("Tre", False)]
    with pytest.raises(NotAllowed):  # a member cannot bring back the scribe's point
        edit(store, seminar, group["ola"], "restore", point="point-0002")
    with pytest.raises(PointNotFound):  # nor another group
        edit(store, seminar, group["per"], "restore", point="point-0002")
    restored = edit(store, seminar, group["kari"], "restore", point="point-0002")
    assert (restored["order"], restored["point"]["revision"], restored["point"]["author"]) == (
        ["point-0001", "point-0002", "point-0003"], 3, group["kari"])
    assert texts(store, group["a"], "q2") == [("En", False), ("To", False), ("Tre", False)]
    assert svc.group_answers(store, seminar, group["a"])["priorities"] == {
        "q2": ["point-0002", "point-0001"]}  # back among the group's picks, in its rank


def test_a_withdrawn_suggestion_comes_back_as_a_suggestion(store, seminar, group):
    add(store, seminar, group["ola"], "point-0001", "Olas forslag")
    edit(store, seminar, group["ola"], "delete", point="point-0001", revision=1)
    edit(store, seminar, group["ola"], "restore", point="point-0001")
    assert texts(store, group["a"]) == [("Olas forslag", True)]


def test_the_facilitators_overview_costs_the_same_queries_for_5_groups_as_for_40(store):
    """Every answer edit rebuilds it: its cost must not grow with the number of groups."""
    small, large = seminar_with_groups(store, 5), seminar_with_groups(store, 40)
    overviews = {}

    def count(seminar) -> int:
        return len(statements(store, lambda: overviews.setdefault(
            seminar.record.id, svc.answers_overview(store, seminar))))

    assert count(small) == count(large)
    groups_shown = overviews[large.record.id]["groups"]
    assert len(groups_shown) == 40
    assert {question: (entry["points"], entry["done"])
            for question, entry in groups_shown[-1]["questions"].items()} == {
        "q1": (1, True), "q2": (1, False)}


def test_every_change_keeps_the_version_it_replaced(store, seminar, group):
    add(store, seminar, group["ola"], "point-0001", "Olas forslag")  # a suggestion
    edit(store, seminar, group["kari"], "accept", point="point-0001")
    edit(store, seminar, group["kari"], "edit", point="point-0001", revision=2, text="Endret")
    edit(store, seminar, group["kari"], "delete", point="point-0001", revision=3)
    edit(store, seminar, group["kari"], "restore", point="point-0001")
    [point] = svc.point_history(store, seminar, group["a"], "q1")["points"]
    assert (point["text"], point["revision"], point["deleted"]) == ("Endret", 5, False)
    assert [(v["text"], v["revision"], v["suggested"], v["deleted"])
            for v in point["versions"]] == [
        ("Endret", 4, False, True), ("Endret", 3, False, False),
        ("Olas forslag", 2, False, False), ("Olas forslag", 1, True, False)]
    # Restoring the first version brings back its text and that it was a suggestion.
    result, events = svc.restore_version(store, seminar, point["versions"][-1]["id"], NOW)
    assert (result["point"]["text"], result["point"]["suggested"],
            result["point"]["revision"]) == ("Olas forslag", True, 6)
    assert events[0] == svc.AnswersChanged(seminar.code, group["a"], "q1")


def test_a_deleted_point_is_not_restored_into_a_full_question(store, seminar, group):
    add(store, seminar, group["kari"], "point-0000", "Slettes")
    edit(store, seminar, group["kari"], "delete", point="point-0000", revision=1)
    for n in range(1, MAX_POINTS_PER_QUESTION + 1):
        add(store, seminar, group["kari"], f"point-{n:04d}")
    [point] = svc.point_history(store, seminar, group["a"], "q1")["points"]
    with pytest.raises(InvalidTransition):
        svc.restore_version(store, seminar, point["versions"][0]["id"], NOW)
    assert len(texts(store, group["a"])) == MAX_POINTS_PER_QUESTION
    with pytest.raises(InvalidInput):  # a question the kit does not have
        svc.point_history(store, seminar, group["a"], "no-such-question")
