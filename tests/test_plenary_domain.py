"""The plenary rules: what the big screen may show, and a group's ordered priorities."""

import pytest

from seminar.domain.errors import InvalidInput, InvalidTransition
from seminar.domain.plenary import (
    PAGE_MS,
    Display,
    DisplayMode,
    check_picks,
    choose_display,
    group_names,
    has_prioritised,
    live_picks,
    pages_turned,
    reveal,
    set_paging,
    settle_report,
    start_paging,
    turn_page,
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
    assert choose_display("join", "q1", 3, QUESTIONS) == Display(DisplayMode.JOIN)
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
    paged = Display(DisplayMode.WALL, "q1", anchor_ms=1_800_000_000_123, offset=-3, paused=True)
    assert Display.from_json(paged.as_json()) == paged
    assert paged.as_json()["paging"] == {"anchor_ms": 1_800_000_000_123, "offset": -3,
                                         "paused": True, "page_ms": PAGE_MS}
    unreadable = {**paged.as_json(), "paging": {"offset": "x"}}
    assert Display.from_json(unreadable) == Display(DisplayMode.WALL, "q1")


START = 1_800_000_000.0  # seconds
PAGE = PAGE_MS / 1000


def test_the_pages_turn_by_the_servers_clock_from_the_anchor():
    wall = start_paging(Display(DisplayMode.WALL, "q1"), Display(), START)
    assert (wall.anchor_ms, wall.offset, wall.paused) == (1_800_000_000_000, 0, False)
    assert [pages_turned(wall, START + t) for t in (0, PAGE - 0.001, PAGE, 2.5 * PAGE)] == [
        0, 0, 1, 2]


def test_the_facilitator_turns_a_page_and_the_next_turn_waits_a_whole_page():
    wall = start_paging(Display(DisplayMode.WALL, "q1"), Display(), START)
    turned = turn_page(wall, 1, START + 1.5 * PAGE)  # on page 1 (0-based), turned to 2
    assert pages_turned(turned, START + 1.5 * PAGE) == 2
    assert pages_turned(turned, START + 2.4 * PAGE) == 2
    assert pages_turned(turned, START + 2.5 * PAGE) == 3
    back = turn_page(turned, -1, START + 1.5 * PAGE)
    assert pages_turned(back, START + 1.5 * PAGE) == 1
    for step in (0, 2, True, "1", 1.0, None):
        with pytest.raises(InvalidInput):
            turn_page(wall, step, START)


def test_paused_pages_stay_and_resume_where_they_were():
    wall = start_paging(Display(DisplayMode.WALL, "q1"), Display(), START)
    paused = set_paging(wall, True, START + 2.2 * PAGE)
    assert paused.paused and pages_turned(paused, START + 50 * PAGE) == 2
    assert set_paging(paused, True, START + 9 * PAGE) == paused  # already paused
    stepped = turn_page(paused, 1, START + 9 * PAGE)
    assert stepped.paused and pages_turned(stepped, START + 60 * PAGE) == 3
    resumed = set_paging(stepped, False, START + 60 * PAGE)
    assert pages_turned(resumed, START + 60.9 * PAGE) == 3
    assert pages_turned(resumed, START + 61 * PAGE) == 4
    with pytest.raises(InvalidInput):
        set_paging(wall, "yes", START)


def test_a_new_display_starts_on_its_first_page_and_a_revealed_item_on_the_last():
    paused = Display(DisplayMode.WALL, "q1", anchor_ms=5, offset=7, paused=True)
    report = start_paging(Display(DisplayMode.REPORT, "q1", 1), paused, START)
    assert (report.offset, report.paused, report.anchor_ms) == (0, True, 1_800_000_000_000)
    two = Display(DisplayMode.SUMMARY, "q2", 2)
    three = start_paging(Display(DisplayMode.SUMMARY, "q2", 3), two, START)
    assert three.offset == -1  # the last page, modulo the pages: the new item is there
    assert start_paging(Display(DisplayMode.SUMMARY, "q2", 10), two, START).offset == 0
    assert start_paging(Display(DisplayMode.SUMMARY, "q2", 1), two, START).offset == 0


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
