"""The compiled summary with real SQLite: ranking across groups, themes, suggestions, and the
facilitator's summary events."""

import pytest

from seminar.domain.errors import InvalidInput, NotFound
from seminar.services import groups, plenary, summary
from seminar.services.report import build_report
from tests.conftest import NOW
from tests.services_fixtures import edit, seat


@pytest.fixture
def answered(store, seminar):
    """Three groups have answered q2 and prioritised; Bærum also answered q1."""
    ids, people = seat(store, seminar, {name: [f"person-{index}-abcdef"] for index, name in
                                        enumerate(["Bærum", "Sør-Fron", "Ålesund"])})
    texts = {0: ["Mer tid til samarbeid", "Økonomi", "Kompetanse"],
             1: ["Tid til samarbeid med skolen", "Lange avstander"],
             2: ["Kompetanseheving for lærere"]}
    plenary.configure(store, seminar, "q2", priorities_open=True)
    for index, person in enumerate(people):
        groups.rename_participant(store, seminar, person, f"Navn{index}", NOW)
        for n, text in enumerate(texts[index], start=1):
            edit(store, seminar, person, "add", point=f"point-{index}-{n:04d}",
                  question="q2", text=text)
    edit(store, seminar, people[0], "add", point="point-0-q1-01", question="q1",
          text="Felles kalender")
    edit(store, seminar, people[0], "prioritise", question="q2",
          points=["point-0-0003", "point-0-0001"])
    edit(store, seminar, people[1], "prioritise", question="q2", points=["point-1-0001"])
    edit(store, seminar, people[2], "prioritise", question="q2", points=["point-2-0001"])
    return {"ids": ids, "people": people}


def _q2(store, seminar):
    return next(q for q in summary.compile_summary(store, seminar)["questions"]
                if q["id"] == "q2")


def test_the_ranking_weighs_first_priorities_most_and_names_the_groups(store, seminar,
                                                                       answered):
    q2 = _q2(store, seminar)
    assert [(r["rank"], r["title"], r["weight"], r["groups"]) for r in q2["ranking"]] == [
        (1, "Kompetanse", 3, ["Bærum"]), (1, "Tid til samarbeid med skolen", 3, ["Sør-Fron"]),
        (1, "Kompetanseheving for lærere", 3, ["Ålesund"]),
        (4, "Mer tid til samarbeid", 2, ["Bærum"])]
    assert [p["priority"] for p in q2["groups"][0]["points"]] == [2, None, 1]


def test_a_theme_gathers_points_from_several_groups_and_sums_their_weight(store, seminar,
                                                                          answered):
    theme, _ = summary.create_theme(store, seminar, "q2", "  Tid  ",
                                 ["point-0-0001", "point-1-0001"], NOW)
    q2 = _q2(store, seminar)
    assert (q2["ranking"][0]["title"], q2["ranking"][0]["weight"],
            q2["ranking"][0]["groups"], q2["ranking"][0]["theme"]) == (
        "Tid", 5, ["Bærum", "Sør-Fron"], theme)
    summary.change_theme(store, seminar, theme, title="Tid og samarbeid", add=["point-2-0001"])
    assert _q2(store, seminar)["ranking"][0]["weight"] == 8
    summary.change_theme(store, seminar, theme, remove=["point-2-0001"])
    assert _q2(store, seminar)["themes"] == [
        {"id": theme, "title": "Tid og samarbeid", "points": ["point-0-0001", "point-1-0001"]}]
    summary.change_theme(store, seminar, theme, delete=True)
    assert _q2(store, seminar)["themes"] == []
    with pytest.raises(NotFound):
        summary.change_theme(store, seminar, theme, title="Borte")


def test_a_point_moved_into_a_new_theme_leaves_the_old_one_and_an_empty_theme_goes(
        store, seminar, answered):
    first, _ = summary.create_theme(store, seminar, "q2", "A", ["point-0-0001"], NOW)
    summary.create_theme(store, seminar, "q2", "B", ["point-0-0001", "point-1-0001"], NOW)
    assert first not in [t["id"] for t in _q2(store, seminar)["themes"]]


@pytest.mark.parametrize("question, title, points", [
    ("q9", "Tittel", ["point-0-0001"]), ("q2", "", ["point-0-0001"]),
    ("q2", "x" * 121, ["point-0-0001"]), ("q2", "Tittel", []), ("q2", "Tittel", "point-0-0001"),
    ("q2", "Tittel", ["point-0-q1-01"]),  # a point of another question
    ("q2", "Tittel", ["point-does-not-exist"]), (["q2"], "Tittel", ["point-0-0001"]),
])
def test_a_theme_needs_a_title_and_live_points_of_its_question(store, seminar, answered,
                                                                question, title, points):
    with pytest.raises(InvalidInput):
        summary.create_theme(store, seminar, question, title, points, NOW)
    assert _q2(store, seminar)["themes"] == []


def test_suggestions_pair_similar_picks_of_different_groups_until_rejected(store, seminar,
                                                                           answered):
    pairs = [(s["a"]["id"], s["b"]["id"]) for s in _q2(store, seminar)["suggestions"]]
    assert ("point-0-0001", "point-1-0001") in pairs
    summary.reject_suggestion(store, seminar, ["point-1-0001", "point-0-0001"])
    pairs = [(s["a"]["id"], s["b"]["id"]) for s in _q2(store, seminar)["suggestions"]]
    assert ("point-0-0001", "point-1-0001") not in pairs
    summary.create_theme(store, seminar, "q2", "Kompetanse", ["point-0-0003", "point-2-0001"],
                         NOW)
    assert _q2(store, seminar)["suggestions"] == []


def test_the_report_leaves_names_out_unless_asked(store, seminar, answered):
    anonymous = build_report(store, seminar.code, NOW)
    assert [g.members for g in anonymous.groups] == [(), (), ()]
    assert "Navn0" not in repr(anonymous)
    named = build_report(store, seminar.code, NOW, include_names=True)
    assert named.groups[0].members == ("Navn0",)
    q2 = next(q for q in named.questions if q.id == "q2")
    assert [p.text for p in q2.points][:3] == ["Mer tid til samarbeid", "Økonomi",
                                               "Kompetanse"]
    assert q2.ranking[0].title == "Kompetanse"
    assert named.programme[0].status == "current" and named.programme[0].started_at is None


# -- over Socket.IO ------------------------------------------------------------------------------

def test_only_the_facilitator_gets_the_summary_and_changes_themes(hall):
    code = hall["code"]
    for sender in ("kari", "projector"):
        for event, payload in (("summary:fetch", {}), ("suggestion:reject",
                                                        {"points": ["point-aaaaaa1",
                                                                    "point-aaaaaa2"]}),
                               ("theme:create", {"question": "q2", "title": "T",
                                                 "points": ["point-aaaaaa1"]}),
                               ("theme:change", {"theme": 1, "delete": True})):
            ack = hall[sender].emit(event, {"code": code, **payload}, callback=True)
            assert ack["error"]["code"] == "not_allowed", (sender, event)
    hall["kari"].emit("answer:edit", {"code": code, "edit": {
        "id": "edit-sum-0001", "kind": "add", "point": "point-sum-0001", "question": "q2",
        "text": "Et punkt"}}, callback=True)
    hall["facilitator"].get_received()
    ack = hall["facilitator"].emit("theme:create", {"code": code, "question": "q2",
                                                    "title": "Tema", "points":
                                                    ["point-sum-0001"]}, callback=True)
    assert ack["ok"]
    assert [p["name"] for p in hall["facilitator"].get_received()] == ["summary:changed"]
    fetched = hall["facilitator"].emit("summary:fetch", {"code": code}, callback=True)
    q2 = next(q for q in fetched["summary"]["questions"] if q["id"] == "q2")
    assert q2["themes"][0]["title"] == "Tema"
    bad = hall["facilitator"].emit("theme:change", {"code": code, "theme": "1"}, callback=True)
    assert bad["error"]["code"] == "invalid_input"
