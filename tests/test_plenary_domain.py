"""The plenary rules: what the big screen may show, and a group's ordered priorities."""

import pytest

from seminar.domain.errors import InvalidInput, InvalidTransition
from seminar.domain.plenary import (
    Display,
    DisplayMode,
    check_picks,
    choose_display,
    group_names,
    has_prioritised,
    live_picks,
    reveal,
    settle_report,
)

QUESTIONS = {"q1", "q2"}


def test_the_facilitator_chooses_the_programme_a_wall_or_a_report_back():
    assert choose_display("programme", "q1", 3, QUESTIONS) == Display()
    assert choose_display("wall", "q1", 3, QUESTIONS) == Display(DisplayMode.WALL, "q1", 0)
    assert choose_display("report", "q2", 2, QUESTIONS) == Display(DisplayMode.REPORT, "q2", 2)


def test_the_summary_of_a_question_with_priorities_and_the_closing_slide():
    assert choose_display("summary", "q2", 4, QUESTIONS, {"q2"}) == Display(
        DisplayMode.SUMMARY, "q2", 4)
    assert choose_display("summary", "q2", 500, QUESTIONS, {"q2"}).step == 10
    assert choose_display("closing", "q1", 3, QUESTIONS) == Display(DisplayMode.CLOSING)
    with pytest.raises(InvalidInput):
        choose_display("summary", "q1", 0, QUESTIONS, {"q2"})
    assert reveal(list(range(14)), 0) == ([], 10)
    assert reveal(list(range(14)), 3) == ([0, 1, 2], 10)
    assert reveal(list(range(4)), 10) == ([0, 1, 2, 3], 4)


@pytest.mark.parametrize("mode, question, step", [
    ("slides", "q1", 0), ("summary", "q2", -1), ("summary", "q2", None), (None, "q1", 0),
    ("wall", "q9", 0), ("wall", None, 0),
    ("report", "q1", -1), ("report", "q1", True), ("report", "q1", "1"), ("report", "q1", 1.5),
])
def test_a_display_the_kit_cannot_show_is_refused(mode, question, step):
    with pytest.raises(InvalidInput):
        choose_display(mode, question, step, QUESTIONS, QUESTIONS)


def test_the_report_back_stays_on_its_group_when_others_come_and_go():
    report = settle_report(Display(DisplayMode.REPORT, "q2", 1), [10, 20, 30],
                           follow_group=False)
    assert (report.step, report.group) == (1, 20)
    assert settle_report(report, [20, 30]).step == 0  # group 10 was merged away
    assert settle_report(report, [5, 10, 20, 30]).step == 2
    gone = settle_report(report, [10])  # its group is gone: the same place, within the groups
    assert (gone.step, gone.group) == (0, 10)
    assert settle_report(Display(DisplayMode.REPORT, "q2", 5), []).group is None
    wall = Display(DisplayMode.WALL, "q1")
    assert settle_report(wall, [1, 2]) is wall


@pytest.mark.parametrize("stored", [None, "wall", {"mode": "slides"}, {"mode": "report",
                                                                       "step": "x"}])
def test_an_unreadable_stored_display_is_the_programme(stored):
    assert Display.from_json(stored) == Display()


def test_a_stored_display_reads_back():
    display = Display(DisplayMode.REPORT, "q2", 1)
    assert Display.from_json(display.as_json()) == display


def test_a_group_picks_one_to_three_of_its_own_points_in_order():
    available = ["a", "b", "c", "d"]
    assert check_picks(["c", "a"], available, (1, 3)) == ["c", "a"]
    with pytest.raises(InvalidInput, match="Pick from"):
        check_picks([], available, (1, 3))
    with pytest.raises(InvalidInput, match="Pick from"):
        check_picks(["a", "b", "c", "d"], available, (1, 3))
    with pytest.raises(InvalidInput, match="only once"):
        check_picks(["a", "a"], available, (1, 3))
    with pytest.raises(InvalidTransition):
        check_picks(["a", "another-groups-point"], available, (1, 3))
    for malformed in (None, "a", [1], {"a": 1}, [["a"]]):
        with pytest.raises(InvalidInput):
            check_picks(malformed, available, (1, 3))


def test_a_deleted_point_drops_out_of_the_picks_and_may_undo_the_prioritising():
    picks = live_picks(["c", "a", "b"], {"a", "b"})
    assert picks == ["a", "b"]
    assert has_prioritised(len(picks), (2, 3))
    assert not has_prioritised(len(live_picks(picks, {"b"})), (2, 3))


def test_an_anonymous_seminar_shows_no_group_names():
    groups = [(1, "Bergen"), (2, "Oslo")]
    assert group_names(groups, False) == {1: "Bergen", 2: "Oslo"}
    assert group_names(groups, True) == {1: None, 2: None}
