"""The hall's part of the JSON archive (issue 16): questions to the panel with their upvotes,
the poll items' states, every answer and the banned words go into the archive and come back on
restore, and a file whose hall part refers to nobody, or holds what the app never stores, is
refused with where."""

import copy
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seminar.domain.errors import ArchiveInvalid
from seminar.services import groups, panel, polls
from seminar.services.archive import export_archive, import_archive
from seminar.services.report import build_report
from seminar.services.seminars import create_seminar, find_seminar
from seminar.store import Store
from tests.conftest import NOW, SHORT_KIT
from tests.test_archive import _LATER, _WRONG_TYPE, _is_reference, _paths

LATER = NOW + 3600
_ITEMS = """\
Velkommen til **samlingen**.

#### Hvor nyttig var samtalen?
id: nytte-samtale
type: skala
skala: 1-5
ytterpunkter: lite nyttig | svært nyttig

#### Hvilke tema vil du høre mer om?
id: tema
type: flervalg
flere: ja

- Samarbeid
- =Rekruttering
- Finansiering

#### Ett ord om dagen
id: ett-ord
type: ordsky

#### Hva tenker du nå?
id: tanker
type: åpent
"""
_EVALUATION = """
## Evaluering

### Hvor nyttig var dagen?
id: nytte
type: skala
skala: 1-10

### Hva tar du med deg hjem?
id: med-hjem
type: åpent
"""
HALL_KIT = SHORT_KIT.replace("varighet: 10 min\n", "varighet: 10 min\nspørsmål fra salen: ja\n",
                             1).replace("Velkommen til **samlingen**.\n", _ITEMS, 1) + _EVALUATION
ANSWERS = {
    "nytte-samtale": {"kari": 4, "ola": 5, "per": 2, "solo": 3},
    "tema": {"kari": [0, 1], "per": [2]},
    "ett-ord": {"kari": ["Samarbeid", "tull"], "ola": ["samarbeidet"], "solo": ["Tillit"]},
    "tanker": {"kari": "Godt møte", "per": "=1+1", "solo": "Skjul meg"},
    "nytte": {"kari": 8},
}


def _hall_seminar(store: Store):
    """Kari and Ola in Bodø, Per in Tromsø, "solo" in no group; three questions to the panel
    (answered, pinned, hidden) with upvotes; every kind of item answered, the evaluation's
    scale left open and its open item never opened; an item that opens with its block, a
    banned word and a hidden open answer."""
    seminar = create_seminar(store, "hall.md", HALL_KIT, NOW)[0]
    groups.prepare_groups(store, seminar, "Bodø\nTromsø", NOW)
    ids = {g.name: g.id for g in store.groups.all(seminar.record.id)}
    for phone, group in (("kari", "Bodø"), ("ola", "Bodø"), ("per", "Tromsø")):
        groups.choose_group(store, seminar, phone, ids[group], NOW)
    panel.set_approval(store, seminar, True)
    first, _ = panel.ask(store, seminar, "kari", "Hva koster det?", "Kari", NOW + 10)
    second, _ = panel.ask(store, seminar, "per", "Og tiden?", None, NOW + 20)
    third, _ = panel.ask(store, seminar, "solo", "Tull og tøys", "Anonym", NOW + 30)
    panel.moderate(store, seminar, first, "approve")
    panel.moderate(store, seminar, second, "approve")
    for n, phone in enumerate(("ola", "per", "solo")):
        panel.vote(store, seminar, phone, first, True, NOW + 40 + n)
    panel.vote(store, seminar, "kari", second, True, NOW + 50)
    panel.moderate(store, seminar, first, "answered")
    panel.moderate(store, seminar, third, "hide")
    panel.moderate(store, seminar, second, "pin")
    for n, (item, by_phone) in enumerate(ANSWERS.items()):
        polls.open_item(store, seminar, item, NOW + 100 + n)
        for m, (phone, value) in enumerate(by_phone.items()):
            polls.answer_item(store, seminar, phone, item, value, NOW + 200 + 10 * n + m)
        if item != "nytte":  # the evaluation's scale stays open
            polls.close_item(store, seminar, item, NOW + 300 + n)
    polls.set_with_block(store, seminar, "tanker", True)
    polls.ban_word(store, seminar, "ett-ord", "tull")
    [hidden] = [a.id for a in store.polls.answers(seminar.record.id, "tanker")
                if a.value == "Skjul meg"]
    polls.hide_answer(store, seminar, "tanker", hidden, True)
    return find_seminar(store, seminar.code)


@pytest.fixture
def hall(store):
    return _hall_seminar(store)


@pytest.fixture
def other(tmp_path):
    """A fresh database, as on another server."""
    other = Store(tmp_path / "other-server.db")
    yield other
    other.close()


@pytest.mark.parametrize("include_names", [False, True])
def test_archive_restore_archive_gives_the_same_hall(store, hall, other, include_names):
    archive = export_archive(store, hall.code, LATER, include_names=include_names)
    restored, _ = import_archive(other, archive, LATER)
    assert export_archive(other, restored.code, LATER, include_names=include_names) == archive
    part = archive["seminar"]
    people = {p["key"]: p for p in part["participants"]}
    assert part["panel_approval"] is True
    assert [(q["text"], q["name"], q["state"], q["pinned"], len(q["votes"]))
            for q in part["panel_questions"]] == [
        ("Hva koster det?", "Kari" if include_names else "", "answered", False, 3),
        ("Og tiden?", "", "visible", True, 1),
        ("Tull og tøys", "Anonym" if include_names else "", "hidden", False, 0)]
    assert all(v["participant"] in people for q in part["panel_questions"] for v in q["votes"])
    assert [(i["item"], i["opened_at"] is not None, i["closed_at"] is not None, i["with_block"])
            for i in part["poll_items"]] == [
        ("ett-ord", True, True, False), ("nytte", True, False, False),
        ("nytte-samtale", True, True, False), ("tanker", True, True, True),
        ("tema", True, True, False)]  # med-hjem was never opened: it has no state
    assert sorted((a["item"], a["value"] if not isinstance(a["value"], list) else
                   tuple(a["value"]), a["hidden"], a["group"] is None)
                  for a in part["poll_answers"]) == sorted(
        (item, tuple(value) if isinstance(value, list) else value, value == "Skjul meg",
         phone == "solo")
        for item, by_phone in ANSWERS.items() for phone, value in by_phone.items())
    assert part["poll_bans"] == [{"item": "ett-ord", "word": "tull"}]


def test_the_restored_seminar_has_the_same_results_and_runs_on(store, hall, other):
    archive = export_archive(store, hall.code, LATER, include_names=True)
    restored, _ = import_archive(other, archive, LATER)
    for item in ANSWERS:
        assert (polls.item_results(other, restored, item, polls.FACILITATOR)["results"]
                | {"answers": None}) == (polls.item_results(store, hall, item, polls.FACILITATOR)
                                         ["results"] | {"answers": None})
        assert len(polls.group_breakdown(other, restored, item)["groups"]) == len(
            polls.group_breakdown(store, hall, item)["groups"])
    texts = lambda s, sem: [(a["text"], a["hidden"]) for a in polls.item_results(  # noqa: E731
        s, sem, "tanker", polls.FACILITATOR)["results"]["answers"]]
    assert texts(other, restored) == texts(store, hall)
    facilitator = lambda s, sem: [(q["text"], q["state"], q["votes"], q["pinned"])  # noqa: E731
                                  for q in panel.public_state(s, sem, panel.FACILITATOR)
                                  ["questions"]]
    assert facilitator(other, restored) == facilitator(store, hall)
    assert polls.poll_state(other, restored)["open"] == ["nytte"]
    # The restored phones are new people: an answer to the open item counts as one more.
    polls.answer_item(other, restored, "ny-telefon", "nytte", 6, LATER)
    assert polls.item_results(other, restored, "nytte", polls.FACILITATOR)["results"][
        "count"] == 2


@pytest.fixture
def archive(store, hall):
    return export_archive(store, hall.code, LATER, include_names=True)


def _changed(archive: dict, path: tuple, value: object) -> dict:
    changed = copy.deepcopy(archive)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize("path, value, problem", [
    (("panel_questions", 0, "author"), "p99", "seminar.panel_questions[0].author"),
    (("panel_questions", 0, "votes", 0, "participant"), "p99",
     "seminar.panel_questions[0].votes[0].participant"),
    (("panel_questions", 0, "votes", 1, "participant"), "P", None),  # see below: a repeat
    (("panel_questions", 0, "state"), "deleted", "seminar.panel_questions[0].state"),
    (("panel_questions", 0, "text"), "  Hva koster det?", "seminar.panel_questions[0].text"),
    (("panel_questions", 0, "text"), "x" * 301, "seminar.panel_questions[0].text"),
    (("panel_questions", 0, "pinned"), True, "seminar.panel_questions[0].pinned"),
    (("poll_items", 0, "item"), "finnes-ikke", "seminar.poll_items[0].item"),
    (("poll_items", 0, "opened_at"), None, "seminar.poll_items[0].closed_at"),
    (("poll_items", 1, "with_block"), True, "seminar.poll_items[1].with_block"),
    (("poll_answers", 0, "participant"), "p99", "seminar.poll_answers[0].participant"),
    (("poll_answers", 0, "group"), "g9", "seminar.poll_answers[0].group"),
    (("poll_answers", 0, "item"), "med-hjem", "seminar.poll_answers[0].value"),
    (("poll_answers", 0, "value"), ["ett", "to", "tre", "fire"], "seminar.poll_answers[0].value"),
    (("poll_answers", 0, "hidden"), True, "seminar.poll_answers[0].hidden"),
    (("poll_bans", 0, "item"), "tanker", "seminar.poll_bans[0]"),
    (("poll_bans", 0, "word"), "TULL", "seminar.poll_bans[0]"),
])
def test_a_damaged_hall_part_is_refused_with_where(store, archive, path, value, problem):
    if problem is None:  # the second upvote made the same person's as the first
        value = archive["seminar"]["panel_questions"][0]["votes"][0]["participant"]
        problem = "seminar.panel_questions[0].votes[1].participant"
    changed = _changed(archive, ("seminar", *path), value)
    with pytest.raises(ArchiveInvalid) as refused:
        import_archive(store, changed, LATER)
    assert refused.value.params.get("problem") == problem


def test_one_answer_per_person_per_item_and_one_pinned_question(store, archive):
    twice = copy.deepcopy(archive)
    twice["seminar"]["poll_answers"].append(twice["seminar"]["poll_answers"][0])
    with pytest.raises(ArchiveInvalid) as refused:
        import_archive(store, twice, LATER)
    assert refused.value.params["problem"] == (
        f"seminar.poll_answers[{len(archive['seminar']['poll_answers'])}]")
    pins = copy.deepcopy(archive)
    pins["seminar"]["panel_questions"][0]["state"] = "visible"
    pins["seminar"]["panel_questions"][0]["pinned"] = True
    with pytest.raises(ArchiveInvalid) as refused:
        import_archive(store, pins, LATER)
    assert refused.value.params["problem"] == "seminar.panel_questions[1].pinned"


def test_an_archive_without_the_hall_part_still_restores(store, archive, other):
    """Files made before issue 16 have none of its keys."""
    older = copy.deepcopy(archive)
    for key in ("panel_approval", "panel_questions", "poll_items", "poll_answers", "poll_bans"):
        del older["seminar"][key]
    restored, _ = import_archive(other, older, LATER)
    again = export_archive(other, restored.code, LATER, include_names=True)["seminar"]
    assert (again["panel_approval"], again["panel_questions"], again["poll_items"],
            again["poll_answers"], again["poll_bans"]) == (False, [], [], [], [])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_mutated_hall_part_is_refused_and_stores_nothing(store, archive, data):
    """As ``tests.test_archive`` mutates a whole archive, only in the hall's part: a field
    dropped, given another type, a reference to nobody, or a key too many."""
    hall_keys = ("panel_questions", "poll_items", "poll_answers", "poll_bans")
    paths = [(path, value) for path, value in _paths(archive)
             if len(path) > 2 and path[1] in hall_keys]
    kind = data.draw(st.sampled_from(["drop", "retype", "dangle", "extra"]))
    if kind == "drop":
        path, value = data.draw(st.sampled_from([(p, v) for p, v in paths
                                                 if isinstance(v, dict) and v]))
        name = data.draw(st.sampled_from(sorted(
            key for key in value if (path[-1:], key) not in _LATER)))
        mutated = _changed(archive, path, {k: v for k, v in value.items() if k != name})
    elif kind == "retype":
        path, value = data.draw(st.sampled_from(paths))
        mutated = _changed(archive, path, _WRONG_TYPE[type(value)])
    elif kind == "dangle":
        path, _ = data.draw(st.sampled_from([(p, v) for p, v in paths if _is_reference(p, v)]))
        mutated = _changed(archive, path, "zz-missing")
    else:
        path, value = data.draw(st.sampled_from([(p, v) for p, v in paths
                                                 if isinstance(v, dict)]))
        mutated = _changed(archive, path, {**value, "unexpected": 1})
    before = {table: store.db[table].count for table in store.db.table_names()}
    with pytest.raises(ArchiveInvalid):
        import_archive(store, mutated, LATER)
    assert {table: store.db[table].count for table in store.db.table_names()} == before


def _hall_report(store: Store, code: str) -> tuple:
    """The report's hall part without the store's ids (answers' and groups' ids)."""
    def plain(results: dict) -> dict:
        if "answers" not in results:
            return results
        return {**results, "answers": [{k: v for k, v in answer.items() if k != "id"}
                                       for answer in results["answers"]]}

    report = build_report(store, code, LATER, include_names=True)
    items = tuple(replace(item, results=plain(item.results),
                          groups=tuple((group["name"], plain(group["results"]))
                                       for group in item.groups))
                  for item in (*report.polls, *report.evaluation))
    return report.panel, report.panel_approval, items


def test_the_restored_seminar_has_the_same_hall_in_its_report(store, hall, other):
    archive = export_archive(store, hall.code, LATER, include_names=True)
    restored, _ = import_archive(other, archive, LATER)
    original = _hall_report(store, hall.code)
    assert _hall_report(other, restored.code) == original
    panel_questions, approval, items = original
    assert (len(panel_questions), approval, len(items)) == (3, True, 6)
    assert sum(item.count for item in items) == sum(map(len, ANSWERS.values()))


def test_questions_with_many_upvotes_are_restored_in_short_transactions():
    """A question and its upvotes count as rows; each part is one transaction."""
    from seminar.domain.archive import ArchivedPanelQuestion, ArchivedPanelVote
    from seminar.services.archive_hall import _by_rows

    def question(votes: int) -> ArchivedPanelQuestion:
        return ArchivedPanelQuestion("p1", "Hvorfor?", "", "visible", False, NOW, tuple(
            ArchivedPanelVote(f"p{n}", NOW) for n in range(votes)))

    parts = _by_rows(tuple(question(votes) for votes in (0, 0, 300, 5, 199, 0, 0)))
    assert [[len(q.votes) for q in part] for part in parts] == [[0, 0], [300], [5], [199], [0, 0]]
    assert _by_rows(()) == []


def test_more_answers_and_upvotes_than_the_limit_are_refused_naming_it(store, archive):
    from seminar.domain.limits import MAX_ARCHIVE_ANSWERS

    seminar = archive["seminar"]
    answers, votes = len(seminar["poll_answers"]), len(seminar["panel_questions"][0]["votes"])
    too_many = copy.deepcopy(archive)
    needed = MAX_ARCHIVE_ANSWERS - answers + 1  # one over the limit
    given = seminar["panel_questions"][0]["votes"]
    too_many["seminar"]["panel_questions"][0]["votes"] = (given * (needed // votes + 1))[:needed]
    assert answers + len(too_many["seminar"]["panel_questions"][0]["votes"]) > \
        MAX_ARCHIVE_ANSWERS
    with pytest.raises(ArchiveInvalid) as refused:
        import_archive(store, too_many, LATER)
    assert refused.value.params == {"max": MAX_ARCHIVE_ANSWERS}


def test_the_hall_part_names_nobody_by_their_phones_secret_id(store, hall):
    import json

    text = json.dumps(export_archive(store, hall.code, LATER, include_names=True))
    ids = [p.id for p in store.groups.participants(hall.record.id)]
    assert len(ids) == 4 and not [i for i in ids if f'"{i}"' in text]
    question_ids = [q.id for q in store.panel.questions(hall.record.id)]
    assert '"question_id"' not in text and '"author_id"' not in text and question_ids
