"""Prioritising, the answer wall and the report-back, with real SQLite."""

import pytest

from seminar.domain.errors import InvalidInput, InvalidTransition, NotAllowed
from seminar.domain.plenary import PrioritiesClosed
from seminar.services import answers, groups, plenary
from seminar.services.events import WallChanged
from tests.conftest import NOW
from tests.query_count import seminar_with_groups, statements
from tests.services_fixtures import edit, kari_ola_and_per


@pytest.fixture
def hall(store, seminar):
    """Group A (Kari, the scribe, and Ola) and group B (Per), with points on q2."""
    people = kari_ola_and_per(store, seminar, "Bergen", "Oslo")
    for n, text in enumerate(["Møteplasser", "Kompetanse", "Samarbeid", "Økonomi"], start=1):
        add(store, seminar, people["kari"], f"point-a-{n:04d}", text)
    add(store, seminar, people["per"], "point-b-0001", "Tillit")
    return people


def add(store, seminar, who, point, text, question="q2"):
    return edit(store, seminar, who, "add", point=point, question=question, text=text)


def prioritise(store, seminar, who, picks, question="q2"):
    return edit(store, seminar, who, "prioritise", question=question, points=picks)


def open_priorities(store, seminar, question="q2", value=True):
    plenary.configure(store, seminar, question, priorities_open=value)


def test_prioritising_waits_until_the_facilitator_opens_it(store, seminar, hall):
    with pytest.raises(PrioritiesClosed):
        prioritise(store, seminar, hall["kari"], ["point-a-0001"])
    open_priorities(store, seminar)
    result = prioritise(store, seminar, hall["kari"], ["point-a-0003", "point-a-0001"])
    assert result["priorities"] == ["point-a-0003", "point-a-0001"]
    state = answers.question_answers(store, seminar, hall["a"], "q2")
    assert state["priorities"] == ["point-a-0003", "point-a-0001"]
    open_priorities(store, seminar, value=False)
    with pytest.raises(PrioritiesClosed):
        prioritise(store, seminar, hall["kari"], ["point-a-0001"])
    assert answers.group_answers(store, seminar, hall["a"])["priorities"] == {
        "q2": ["point-a-0003", "point-a-0001"]}


def test_the_server_holds_the_group_to_the_kits_limit_and_its_own_points(store, seminar, hall):
    open_priorities(store, seminar)
    with pytest.raises(InvalidInput, match="Pick from 1 to 3"):
        prioritise(store, seminar, hall["kari"], [f"point-a-{n:04d}" for n in range(1, 5)])
    with pytest.raises(InvalidInput):
        prioritise(store, seminar, hall["kari"], [])
    with pytest.raises(InvalidTransition):
        prioritise(store, seminar, hall["kari"], ["point-b-0001"])  # another group's point
    with pytest.raises(NotAllowed):
        prioritise(store, seminar, hall["ola"], ["point-a-0001"])  # not the scribe
    with pytest.raises(InvalidInput, match="does not ask"):
        add(store, seminar, hall["kari"], "point-a-q1-01", "Et svar", question="q1")
        prioritise(store, seminar, hall["kari"], ["point-a-q1-01"], question="q1")
    with pytest.raises(InvalidInput):
        plenary.configure(store, seminar, "q1", priorities_open=True)
    assert answers.question_answers(store, seminar, hall["a"], "q2")["priorities"] == []


def test_a_suggestion_cannot_be_picked_until_the_scribe_accepts_it(store, seminar, hall):
    open_priorities(store, seminar)
    add(store, seminar, hall["ola"], "point-a-ola1", "Ola foreslår")
    with pytest.raises(InvalidTransition):
        prioritise(store, seminar, hall["kari"], ["point-a-ola1"])
    edit(store, seminar, hall["kari"], "accept", point="point-a-ola1")
    assert prioritise(store, seminar, hall["kari"], ["point-a-ola1"])["priorities"] == [
        "point-a-ola1"]


def test_the_facilitator_sees_who_has_prioritised_and_a_deleted_pick_undoes_it(
        store, seminar, hall):
    open_priorities(store, seminar)
    prioritise(store, seminar, hall["kari"], ["point-a-0002"])
    overview = answers.answers_overview(store, seminar)
    flags = {g["name"]: g["questions"]["q2"].get("prioritised", False)
             for g in overview["groups"]}
    assert flags == {"Bergen": True, "Oslo": False}
    edit(store, seminar, hall["kari"], "delete", point="point-a-0002", revision=1)
    overview = answers.answers_overview(store, seminar)
    assert not overview["groups"][0]["questions"]["q2"].get("prioritised")
    assert answers.question_answers(store, seminar, hall["a"], "q2")["priorities"] == []


def test_the_same_prioritising_sent_twice_is_applied_once(store, seminar, hall):
    open_priorities(store, seminar)
    payload = {"id": "edit-prio-0001", "kind": "prioritise", "question": "q2",
               "points": ["point-a-0001"]}
    first, events = answers.apply_edit(store, seminar, hall["kari"], payload, NOW)
    again, repeated = answers.apply_edit(store, seminar, hall["kari"], payload, NOW)
    assert events and not repeated and again["duplicate"]
    assert again["seq"] == first["seq"]


def texts(view, number):
    return [p["text"] for p in view["groups"][number - 1]["points"]]


def test_the_projector_shows_points_only_once_the_facilitator_reveals_them(store, seminar, hall):
    assert plenary.projector_view(store, seminar) == {
        "version": 0, "mode": "programme", "question": None, "step": 0, "group": None,
        "paging": {"anchor_ms": 0, "offset": 0, "paused": False, "page_ms": 15_000}}
    plenary.show(store, seminar, "wall", "q2", now=NOW)
    hidden = plenary.projector_view(store, seminar)
    assert hidden["mode"] == "wall" and hidden["revealed"] is False
    assert [(g["name"], g["count"], g["points"]) for g in hidden["groups"]] == [
        ("Bergen", 4, []), ("Oslo", 1, [])]
    plenary.configure(store, seminar, "q2", revealed=True)
    shown = plenary.projector_view(store, seminar)
    assert shown["version"] > hidden["version"]
    assert texts(shown, 1) == ["Møteplasser", "Kompetanse", "Samarbeid", "Økonomi"]
    assert texts(shown, 2) == ["Tillit"]


def test_moderation_hides_a_point_from_the_projector_only(store, seminar, hall):
    plenary.show(store, seminar, "wall", "q2", now=NOW)
    plenary.configure(store, seminar, "q2", revealed=True)
    [changed] = plenary.moderate(store, seminar, "point-a-0002", hidden=True)
    [update] = changed.updates
    assert (update.question, update.group, update.shown) == ("q2", hall["a"], True)
    plenary.moderate(store, seminar, "point-a-0003", highlighted=True)
    shown = plenary.projector_view(store, seminar)
    assert texts(shown, 1) == ["Møteplasser", "Samarbeid", "Økonomi"]
    assert [p["highlighted"] for p in shown["groups"][0]["points"]] == [False, True, False]
    assert "hidden" not in shown["groups"][0]["points"][0]
    full = plenary.facilitator_wall(store, seminar, "q2")
    assert [(p["text"], p["hidden"]) for p in full["groups"][0]["points"]][:2] == [
        ("Møteplasser", False), ("Kompetanse", True)]
    # the group itself still has the point
    assert len(answers.question_answers(store, seminar, hall["a"], "q2")["points"]) == 4
    with pytest.raises(InvalidInput):
        plenary.moderate(store, seminar, "point-a-0002")
    plenary.moderate(store, seminar, "point-a-0002", hidden=False)
    assert len(texts(plenary.projector_view(store, seminar), 1)) == 4


def test_an_anonymous_seminar_keeps_group_names_off_the_projector(store, seminar, hall):
    plenary.show(store, seminar, "wall", "q2", now=NOW)
    plenary.configure(store, seminar, anonymous=True)
    view = plenary.projector_view(store, seminar)
    assert [(g["name"], g["number"]) for g in view["groups"]] == [(None, 1), (None, 2)]
    assert "Bergen" not in str(view)
    assert plenary.facilitator_wall(store, seminar, "q2")["groups"][0]["name"] == "Bergen"
    assert plenary.plenary_settings(store, seminar)["anonymous"] is True


def test_the_report_back_shows_each_groups_picks_in_order(store, seminar, hall):
    open_priorities(store, seminar)
    prioritise(store, seminar, hall["kari"], ["point-a-0004", "point-a-0001"])
    prioritise(store, seminar, hall["per"], ["point-b-0001"])
    plenary.show(store, seminar, "report", "q2", 0, now=NOW)
    view = plenary.projector_view(store, seminar)
    assert (view["mode"], view["step"], view["group"]) == ("report", 0, hall["a"])
    bergen, oslo = view["groups"]
    assert bergen["priorities"] == ["point-a-0004", "point-a-0001"]
    assert {p["text"] for p in bergen["points"]} == {"Økonomi", "Møteplasser"}  # only picks
    assert oslo["points"] == [] and oslo["prioritised"]  # not on screen yet: no texts
    plenary.show(store, seminar, "report", "q2", 7, now=NOW)
    view = plenary.projector_view(store, seminar)
    assert view["step"] == 1 and view["group"] == hall["b"]  # the last group
    assert view["groups"][0]["points"] == [] and view["groups"][1]["points"][0]["text"] == \
        "Tillit"


def test_the_report_back_stays_on_its_group_when_an_earlier_one_is_merged_away(
        store, seminar, hall):
    groups.create_group(store, seminar, groups.FACILITATOR, "Voss", NOW)
    voss = store.groups.all(seminar.record.id)[-1].id
    plenary.show(store, seminar, "report", "q2", 2, now=NOW)
    groups.merge_groups(store, seminar, hall["a"], hall["b"], NOW)
    view = plenary.projector_view(store, seminar)
    assert (view["step"], view["group"]) == (1, voss)


def test_the_projector_gets_no_card_of_a_question_it_does_not_show(store, seminar, hall):
    plenary.show(store, seminar, "wall", "q1", now=NOW)
    update = plenary.WallUpdate("q2", hall["a"], shown=True)  # decided before the change
    plenary.show(store, seminar, "report", "q1", now=NOW)
    assert plenary.wall_entry(store, seminar, update, plenary.PROJECTOR) is None
    assert plenary.wall_entry(store, seminar, update, plenary.FACILITATOR) is not None


def test_a_wall_update_reaches_the_projector_only_for_the_question_it_shows(
        store, seminar, hall):
    plenary.show(store, seminar, "wall", "q2", now=NOW)
    _, events = answers.apply_edit(store, seminar, hall["kari"], {
        "id": "edit-wall-0001", "kind": "add", "point": "point-a-q1-9", "question": "q1",
        "text": "Annet spørsmål"}, NOW)
    [update] = _wall_updates(events)
    assert (update.question, update.shown) == ("q1", False)
    _, events = answers.apply_edit(store, seminar, hall["kari"], {
        "id": "edit-wall-0002", "kind": "add", "point": "point-a-0009", "question": "q2",
        "text": "Nytt"}, NOW)
    [update] = _wall_updates(events)
    assert update.shown
    entry = plenary.wall_entry(store, seminar, update, plenary.PROJECTOR)
    assert entry["group"]["count"] == 5 and entry["group"]["points"] == []  # not revealed


def test_merging_groups_keeps_the_points_and_the_targets_priorities(store, seminar, hall):
    open_priorities(store, seminar)
    prioritise(store, seminar, hall["kari"], ["point-a-0001"])
    prioritise(store, seminar, hall["per"], ["point-b-0001"])
    groups.merge_groups(store, seminar, hall["b"], hall["a"], NOW)
    state = answers.question_answers(store, seminar, hall["a"], "q2")
    assert len(state["points"]) == 5 and state["priorities"] == ["point-a-0001"]


def test_a_group_whose_points_were_all_deleted_is_merged_not_removed(store, seminar, hall):
    """Its deleted points stay restorable from their history, so they go with a merge."""
    edit(store, seminar, hall["per"], "delete", point="point-b-0001", revision=1)
    edit(store, seminar, hall["per"], "done", question="q2", done=True)
    with pytest.raises(InvalidTransition, match="Merge it"):
        groups.remove_group(store, seminar, hall["b"], NOW)
    groups.merge_groups(store, seminar, hall["b"], hall["a"], NOW)
    assert [g.name for g in store.groups.all(seminar.record.id)] == ["Bergen"]


def test_the_summary_on_the_big_screen_reveals_the_ranking_item_by_item(store, seminar, hall):
    open_priorities(store, seminar)
    prioritise(store, seminar, hall["kari"], ["point-a-0002", "point-a-0001", "point-a-0003"])
    prioritise(store, seminar, hall["per"], ["point-b-0001"])
    plenary.moderate(store, seminar, "point-a-0003", hidden=True)  # off the big screen
    plenary.show(store, seminar, "summary", "q2", now=NOW)
    view = plenary.projector_view(store, seminar)
    assert {key: view[key] for key in ("mode", "step", "items", "total", "more", "top_weight",
                                       "groups_total", "groups_prioritised")} == {
        "mode": "summary", "step": 0, "items": [], "total": 3, "more": 0, "top_weight": 3,
        "groups_total": 2, "groups_prioritised": 2}

    plenary.show(store, seminar, "summary", "q2", 2, now=NOW)
    assert [(i["rank"], i["title"], i["weight"], i["groups"])
            for i in plenary.projector_view(store, seminar)["items"]] == [
        (1, "Kompetanse", 3, [{"number": 1, "name": "Bergen"}]),
        (1, "Tillit", 3, [{"number": 2, "name": "Oslo"}])]
    plenary.configure(store, seminar, anonymous=True)
    plenary.show(store, seminar, "summary", "q2", 99, now=NOW)  # more than there is: all of it
    view = plenary.projector_view(store, seminar)
    assert view["step"] == 10 and len(view["items"]) == 3
    assert [i["title"] for i in view["items"]] == ["Kompetanse", "Tillit", "Møteplasser"]
    assert all(g["name"] is None for i in view["items"] for g in i["groups"])
    assert "Samarbeid" not in str(view)  # hidden from the big screen


def test_the_summary_is_only_for_a_question_with_priorities_and_the_closing_slide_counts(
        store, seminar, hall):
    with pytest.raises(InvalidInput):
        plenary.show(store, seminar, "summary", "q1", now=NOW)
    plenary.show(store, seminar, "closing", now=NOW)
    assert plenary.projector_view(store, seminar) == {
        "version": 1, "mode": "closing", "question": None, "step": 0, "group": None,
        "paging": {"anchor_ms": round(NOW * 1000), "offset": 0, "paused": False,
                   "page_ms": 15_000},
        "title": seminar.kit.title, "groups_total": 2, "points_total": 5}


def test_a_change_to_the_summarised_question_rebuilds_the_summary(store, seminar, hall):
    plenary.show(store, seminar, "summary", "q2", now=NOW)
    _, events = answers.apply_edit(store, seminar, hall["kari"], {
        "id": "edit-sum-0001", "kind": "add", "point": "point-a-0010", "question": "q2",
        "text": "Nytt"}, NOW)
    [update] = _wall_updates(events)
    assert (update.shown, update.summarised) == (False, True)
    assert plenary.wall_entry(store, seminar, update, plenary.PROJECTOR) is None
    assert plenary.summary_shown(store, seminar)


def _wall_updates(events: list) -> list:
    """The wall cards an edit's events say it changed (the service decides them)."""
    return [update for event in events if isinstance(event, WallChanged)
            for update in event.updates]


@pytest.mark.parametrize("audience", ["facilitator", "projector"])
def test_a_wall_costs_the_same_queries_for_5_groups_as_for_40(store, audience):
    small, large = seminar_with_groups(store, 5), seminar_with_groups(store, 40)
    walls = {}

    def wall(seminar) -> dict:
        if audience == "facilitator":
            return plenary.facilitator_wall(store, seminar, "q2")
        return plenary.projector_view(store, seminar)

    def count(seminar) -> int:
        plenary.show(store, seminar, "wall", "q2", now=NOW)
        return len(statements(store, lambda: walls.setdefault(seminar.record.id,
                                                              wall(seminar))))

    assert count(small) == count(large)
    cards = walls[large.record.id]["groups"]
    assert [(card["number"], card["seq"], card["count"]) for card in cards] == [
        (n, 1, 1) for n in range(1, 41)]
