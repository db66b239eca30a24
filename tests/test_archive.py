"""The JSON archive of a whole seminar: export, import on another server, export again — the
same archive; the restored seminar's report is the original's; damaged files are refused."""

import copy
import io
import json
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask_babel import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from msgspec import structs

from seminar import exports
from seminar.cli import cli
from seminar.domain.archive import FORMAT, LANGUAGE_NAMES, decode_archive, encode_archive
from seminar.domain.archive_parser import parse_archive
from seminar.domain.errors import ArchiveInvalid, InvalidTransition, NotFound
from seminar.domain.kit_parser import LANGUAGES
from seminar.domain.limits import (
    MAX_ADJUSTMENT,
    MAX_ARCHIVE_ROWS,
    MAX_DISPLAY_NAME,
    MAX_DURATION,
    MAX_GROUP_NAME,
    MAX_GROUP_SIZE,
    MAX_GROUPS,
    MAX_POINT_CHARS,
    MAX_POINTS_PER_QUESTION,
    MAX_PRIORITIES,
    MAX_ROLES,
    MAX_THEME_TITLE,
    MAX_TIMER_SECONDS,
)
from seminar.domain.report import Report, ReportQuestion
from seminar.i18n import cli_translations, translate_error
from seminar.services import answers, groups, plenary, summary
from seminar.services.archive import export_archive, import_archive
from seminar.services.programme import control_programme
from seminar.services.report import build_report
from seminar.services.seminars import (
    create_seminar,
    find_seminar,
    is_facilitator_key,
    set_seminar_language,
)
from seminar.store import Store
from tests.conftest import NOW, SHORT_KIT
from tests.removed_questions import remove_question
from tests.socket_helpers import _json
from tests.test_answers import edit
from tests.test_pages import _organiser_login

LATER = NOW + 3 * 3600  # when the archive is made, and the reports compared
PEOPLE = [("Kari Nordmann", 0), ("Ola Ærlig", 0), ("Per Ås", 1), ("", 2), ("Åse Øvre", None)]
NAMES = [name for name, _ in PEOPLE if name]


def _rich_seminar(store: Store):
    """Three groups with roles, points (one suggested, one deleted, one edited, one starting
    with "="), done flags, priorities, a theme, a rejected pair, moderation, a paused timer
    and the report-back on the projector. Returns (seminar, key, participant ids)."""
    seminar, key = create_seminar(store, "short.md", SHORT_KIT, NOW)
    groups.prepare_groups(store, seminar, "Bærum\nSør-Fron\nÅlesund", NOW)
    ids = [g.id for g in store.groups.all(seminar.record.id)]
    groups.set_group_size(store, seminar, ids[2], 4, NOW)
    groups.configure_groups(store, seminar, True, 6, NOW)
    people = []
    for index, (name, group) in enumerate(PEOPLE):
        person, _ = groups.enter_seminar(store, seminar, f"person-{index}-secret", NOW + index)
        if group is not None:
            groups.choose_group(store, seminar, person.id, ids[group], NOW + index)
        if name:
            groups.rename_participant(store, seminar, person.id, name, NOW)
        people.append(person.id)
    kari, ola, per, anonymous, _ = people
    groups.assign_roles_by_app(store, seminar, NOW + 10, random.Random(7))
    groups.take_role(store, seminar, groups.FACILITATOR, "skriver", NOW + 20, member_id=kari)
    plenary.configure(store, seminar, "q2", priorities_open=True)
    for who, point, question, text in [
            (kari, "pt-baerum-01", "q1", "Felles møteplasser"),
            (kari, "pt-baerum-02", "q1", "=1+1 ærlig talt"),
            (kari, "pt-baerum-03", "q1", "Slettes snart"),
            (ola, "pt-baerum-04", "q1", "Forslag fra Ola: «mer kaffe»"),
            (kari, "pt-baerum-05", "q2", "Mer tid til samarbeid"),
            (kari, "pt-baerum-06", "q2", "Økonomi"),
            (kari, "pt-baerum-07", "q2", "Kompetanse"),
            (per, "pt-sorfron-1", "q2", "Tid til samarbeid med skolen"),
            (per, "pt-sorfron-2", "q2", "Lange avstander"),
            (anonymous, "pt-alesund-1", "q2", "Kompetanseheving for lærere")]:
        edit(store, seminar, who, "add", point=point, question=question, text=text)
    edit(store, seminar, kari, "edit", point="pt-baerum-01", revision=1,
         text="Felles møteplasser på tvers")
    edit(store, seminar, kari, "delete", point="pt-baerum-03", revision=1)
    edit(store, seminar, kari, "move", question="q2",
         order=["pt-baerum-07", "pt-baerum-05", "pt-baerum-06"])
    edit(store, seminar, kari, "done", question="q1", done=True)
    edit(store, seminar, per, "done", question="q2", done=True)
    edit(store, seminar, per, "done", question="q2", done=False)
    edit(store, seminar, kari, "prioritise", question="q2",
         points=["pt-baerum-07", "pt-baerum-05", "pt-baerum-06"])
    edit(store, seminar, kari, "delete", point="pt-baerum-06", revision=1)  # a deleted pick
    edit(store, seminar, per, "prioritise", question="q2", points=["pt-sorfron-1"])
    edit(store, seminar, anonymous, "prioritise", question="q2", points=["pt-alesund-1"])
    plenary.configure(store, seminar, "q2", revealed=True, anonymous=True)
    plenary.moderate(store, seminar, "pt-sorfron-2", hidden=True)
    plenary.moderate(store, seminar, "pt-baerum-05", highlighted=True)
    summary.create_theme(store, seminar, "q2", "Tid og samarbeid",
                         ["pt-sorfron-1", "pt-baerum-05"], NOW + 100)
    summary.reject_suggestion(store, seminar, ["pt-alesund-1", "pt-baerum-07"])
    answers.set_all_members_write(store, seminar, True)
    groups.configure_groups(store, seminar, False, None, NOW, locked=True)
    control_programme(store, seminar, "start", NOW)
    control_programme(store, seminar, "next", NOW + 600)
    control_programme(store, seminar, "start", NOW + 601)
    control_programme(store, seminar, "pause", NOW + 900)
    control_programme(store, seminar, "adjust", NOW + 901, seconds=60)
    plenary.show(store, seminar, "report", "q2", 1, now=NOW)
    return find_seminar(store, seminar.code), key, people


@pytest.fixture
def rich(store):
    return _rich_seminar(store)


@pytest.fixture
def other(tmp_path):
    """A fresh database, as on another server."""
    other = Store(tmp_path / "other-server.db")
    yield other
    other.close()


def _restore(archive: dict, into: Store):
    seminar, key = import_archive(into, archive, LATER)
    return seminar, key


def _rows(store: Store) -> dict[str, int]:
    return {table: store.db[table].count for table in store.db.table_names()}


@pytest.mark.parametrize("include_names", [False, True])
def test_export_import_export_gives_the_same_archive(store, rich, other, include_names):
    seminar, _, _ = rich
    archive = export_archive(store, seminar.code, LATER, include_names=include_names)
    restored, _ = _restore(archive, other)
    assert restored.code == seminar.code  # the code is free on the other server
    assert export_archive(other, restored.code, LATER, include_names=include_names) == archive
    seminar_part = archive["seminar"]
    assert (len(seminar_part["groups"]), len(seminar_part["participants"]),
            len(seminar_part["points"]), len(seminar_part["themes"]),
            len(seminar_part["rejected_pairs"])) == (3, 5, 10, 1, 1)
    assert [(p["text"], p["deleted"], p["suggested"]) for p in seminar_part["points"]
            if p["deleted"] or p["suggested"]] == [
        ("Slettes snart", True, False), ("Forslag fra Ola: «mer kaffe»", False, True),
        ("Økonomi", True, False)]
    texts = {p["key"]: p["text"] for p in seminar_part["points"]}
    assert {(texts[v["point"]], v["text"], v["deleted"])
            for v in seminar_part["point_versions"]} >= {("Slettes snart", "Slettes snart", False),
                                                        ("Økonomi", "Økonomi", False)}
    assert seminar_part["settings"]["groups_locked"] is True
    assert any(p["placed"] for p in seminar_part["participants"])


def test_the_archive_survives_json_text(store, rich, other):
    seminar, _, _ = rich
    archive = export_archive(store, seminar.code, LATER, include_names=True)
    text = encode_archive(archive)
    assert "=1+1 ærlig talt" in text.decode("utf-8")  # UTF-8, not \\u escapes
    restored, _ = _restore(decode_archive(text), other)
    assert encode_archive(export_archive(other, restored.code, LATER,
                                         include_names=True)) == text
    assert decode_archive(b"\xef\xbb\xbf" + text) == archive  # a BOM an editor added


@pytest.mark.parametrize("include_names", [False, True])
def test_the_restored_seminar_has_the_same_report(store, rich, other, include_names):
    seminar, _, _ = rich
    restored, _ = _restore(export_archive(store, seminar.code, LATER, include_names=True), other)
    original = build_report(store, seminar.code, LATER, include_names=include_names)
    copied = build_report(other, restored.code, LATER, include_names=include_names)
    assert _without_ids(copied) == _without_ids(original)
    assert original.questions[1].ranking[0].title == "Tid og samarbeid"
    for fmt in ("md", "csv"):
        assert exports.render(copied, fmt, str) == exports.render(original, fmt, str)


def test_the_restored_seminar_runs_on(store, rich, other):
    seminar, _, _ = rich
    restored, _ = _restore(export_archive(store, seminar.code, LATER, include_names=True), other)
    shown, again = plenary.projector_view(store, seminar), plenary.projector_view(other, restored)
    assert (again["mode"], again["question"], again["step"]) == ("report", "q2", 1) == (
        shown["mode"], shown["question"], shown["step"])
    assert restored.programme.timer.status == "paused" and restored.programme.current == 1
    console = summary.compile_summary(other, restored)["questions"][1]
    assert [(item["title"], item["weight"]) for item in console["ranking"]] == [
        (item["title"], item["weight"])
        for item in summary.compile_summary(store, seminar)["questions"][1]["ranking"]]
    assert console["suggestions"] == []  # the rejected pair stays rejected
    control_programme(other, restored, "resume", LATER)
    edit(other, restored, other.groups.participants(restored.record.id)[0].id, "add",
         point="pt-after-restore", question="q1", text="Skrevet etter gjenopprettingen")


def _without_ids(report: Report) -> Report:
    """The report with the store's ids replaced by positions (groups in their order, points
    in their question's order, themes in the order they were made)."""
    themes = sorted({item.theme for question in report.all_questions()
                     for item in question.ranking if item.theme is not None})

    def without_ids(question: ReportQuestion) -> ReportQuestion:
        group = {group_id: n for n, group_id in enumerate(question.group_names)}
        point = {p.id: f"{question.id}/{n}" for n, p in enumerate(question.points)}
        ranking = tuple(replace(
            item, groups=tuple(group[g] for g in item.groups),
            points=tuple(replace(p, point=point[p.point], group=group[p.group])
                         for p in item.points),
            theme=None if item.theme is None else themes.index(item.theme))
            for item in question.ranking)
        return replace(
            question, points=tuple(replace(p, id=point[p.id]) for p in question.points),
            ranking=ranking, group_names={group[g]: n for g, n in question.group_names.items()})

    return replace(report, questions=tuple(map(without_ids, report.questions)),
                   removed_questions=tuple(map(without_ids, report.removed_questions)))


def test_the_same_archive_restored_twice_gives_two_independent_seminars(store, rich):
    seminar, key, _ = rich
    archive = export_archive(store, seminar.code, LATER, include_names=True)
    first, first_key = _restore(archive, store)
    second, second_key = _restore(archive, store)
    assert len({seminar.code, first.code, second.code}) == 3  # the code was taken: new ones
    for copied in (first, second):
        assert export_archive(store, copied.code, LATER, include_names=True) == {
            **archive, "seminar": {**archive["seminar"], "code": copied.code}}
    point = store.archive.point_rows(first.record.id)[0]["id"]
    plenary.moderate(store, first, point, hidden=True)
    assert export_archive(store, second.code, LATER, include_names=True)["seminar"] == {
        **archive["seminar"], "code": second.code}
    assert export_archive(store, seminar.code, LATER, include_names=True) == archive
    assert not is_facilitator_key(first, second_key) and not is_facilitator_key(second, key)


def test_the_restored_seminar_has_a_new_facilitator_key_and_new_ids(store, rich, other):
    seminar, key, people = rich
    restored, new_key = _restore(export_archive(store, seminar.code, LATER, include_names=True),
                                 other)
    assert is_facilitator_key(restored, new_key) and not is_facilitator_key(restored, key)
    assert not restored.record.is_default
    new_people = {p.id for p in other.groups.participants(restored.record.id)}
    assert len(new_people) == len(people) and not new_people & set(people)
    new_points = {row["id"] for row in other.archive.point_rows(restored.record.id)}
    assert not new_points & {row["id"] for row in store.archive.point_rows(seminar.record.id)}
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{8,64}", point_id) for point_id in new_points)


@pytest.mark.parametrize("include_names", [False, True])
def test_names_are_only_in_the_archive_when_asked_for_and_ids_never(store, rich,
                                                                    include_names):
    seminar, _, people = rich
    text = encode_archive(export_archive(store, seminar.code, LATER,
                                         include_names=include_names)).decode("utf-8")
    assert [name in text for name in NAMES] == [include_names] * len(NAMES)
    for secret in [*people, "pt-baerum-01", "facilitator_key", seminar.record.facilitator_key_hash]:
        assert secret not in text


# -- refused archives ----------------------------------------------------------------------------

@pytest.fixture
def archive(store, rich):
    return export_archive(store, rich[0].code, LATER, include_names=True)


def _problem(store: Store, data: object) -> str:
    """Import ``data``, which must be refused without a change; return the problem."""
    before = _rows(store)
    with pytest.raises(ArchiveInvalid) as refused:
        import_archive(store, data, LATER)
    assert _rows(store) == before
    return refused.value.params.get("problem", "")


def _changed(archive: dict, path: tuple, value: object) -> dict:
    changed = copy.deepcopy(archive)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize("path, value, problem", [
    (("format",), "something-else", "format"),
    (("version",), 2, "version"),
    (("version",), True, "version"),
    (("exported_at",), float("nan"), "exported_at"),
    (("seminar", "created_at"), float("inf"), "seminar.created_at"),
    (("seminar", "created_at"), 10**400, "seminar.created_at"),
    (("seminar", "code"), "k7m4qx", "seminar.code"),
    (("seminar", "timers", 0, "duration"), True, "seminar.timers[0].duration"),
    (("seminar", "groups", 1, "name"), "BÆRUM", "seminar.groups[1].name"),
    (("seminar", "groups", 1, "name"), " Sør-Fron", "seminar.groups[1].name"),
    (("seminar", "groups", 1, "key"), "g1", "seminar.groups[1].key"),
    (("seminar", "participants", 0, "name"), "Kari\u0000", "seminar.participants[0].name"),
    (("seminar", "points", 0, "text"), "x" * 2001, "seminar.points[0].text"),
    (("seminar", "points", 0, "text"), " \n ", "seminar.points[0].text"),
    (("seminar", "points", 0, "author"), "p99", "seminar.points[0].author"),
    (("seminar", "points", 0, "question"), "q9", "seminar.points[0].question"),
    (("seminar", "roles", 0, "role"), "tryllekunstner", "seminar.roles[0].role"),
    (("seminar", "priorities", 0, "points"), ["pt1"], "seminar.priorities[0].points[0]"),
    (("seminar", "themes", 0, "points"), ["pt6", "pt6"], "seminar.themes[0].points[1]"),
    (("seminar", "rejected_pairs", 0), ["pt6"], "seminar.rejected_pairs[0]"),
    (("seminar", "display", "question"), "q9", "seminar.display.question"),
    (("seminar", "current_block"), 3, "seminar.current_block"),
    (("seminar", "kit_source"), "# Uten program\n", "seminar.kit_source"),
    (("seminar", "surprise"), 1, "seminar.surprise"),
    (("seminar", "settings", "language"), "sv", "seminar.settings.language"),
    (("seminar", "settings", "language"), "", "seminar.settings.language"),
])
def test_a_damaged_archive_is_refused_with_where(store, archive, path, value, problem):
    assert _problem(store, _changed(archive, path, value)) == problem


def test_what_the_app_never_allows_is_refused_from_a_file_too(store, archive):
    """Limits the summary's cost depends on: groups, picks, theme titles, the summary shown."""
    summary_of_q1 = {"mode": "summary", "question": "q1", "step": 0, "group": None}
    assert _problem(store, _changed(archive, ("seminar", "display"), summary_of_q1)) == \
        "seminar.display.mode"
    for title in ("x" * 121, "   "):
        assert _problem(store, _changed(archive, ("seminar", "themes", 0, "title"), title)) \
            == "seminar.themes[0].title"
    picks = archive["seminar"]["priorities"][0]
    model = next(p for p in archive["seminar"]["points"]
                 if (p["group"], p["question"]) == (picks["group"], picks["question"]))
    extra = [{**model, "key": f"ptx{n}", "position": 100 + n, "deleted": False}
             for n in range(4)]
    too_many = _changed(archive, ("seminar", "points"), archive["seminar"]["points"] + extra)
    too_many["seminar"]["priorities"][0]["points"] = [point["key"] for point in extra]
    assert _problem(store, too_many) == "seminar.priorities[0].points"
    groups = archive["seminar"]["groups"] + [
        {**archive["seminar"]["groups"][0], "key": f"gx{n}", "name": f"Gruppe x{n}"}
        for n in range(201 - len(archive["seminar"]["groups"]))]
    assert _problem(store, _changed(archive, ("seminar", "groups"), groups)) == "seminar.groups"


def test_a_group_with_more_points_than_one_may_write_is_refused(store, archive):
    """Live use refuses a point more than MAX_POINTS_PER_QUESTION in a group; so does import."""
    model = {**archive["seminar"]["points"][0], "deleted": False, "suggested": False}
    live = sum(1 for p in archive["seminar"]["points"] if not p["deleted"]
               and (p["group"], p["question"]) == (model["group"], model["question"]))
    extra = [{**model, "key": f"ptx{n}", "position": 100 + n}
             for n in range(MAX_POINTS_PER_QUESTION + 1 - live)]
    points = archive["seminar"]["points"] + extra
    assert _problem(store, _changed(archive, ("seminar", "points"), points)) == \
        f"seminar.points[{len(points) - 1}]"
    deleted = {**extra[-1], "deleted": True}  # deleted points do not count
    import_archive(store, _changed(archive, ("seminar", "points"), points[:-1] + [deleted]),
                   LATER)


def test_a_kit_with_more_roles_than_allowed_is_refused_from_a_file(store, archive):
    roles = "".join(f"### Rolle {n}\n\n" for n in range(MAX_ROLES + 1))
    source = archive["seminar"]["kit_source"].replace("## Roller\n", "## Roller\n" + roles, 1)
    assert _problem(store, _changed(archive, ("seminar", "kit_source"), source)) == \
        "seminar.kit_source"


FULL_KIT = """# Samling på grensen

## Roller

### Skriver
skriver: ja

""" + "".join(f"### Rolle {n}\n\n" for n in range(2, MAX_ROLES + 1)) + f"""## Program

### Gruppearbeid
type: gruppearbeid
varighet: {MAX_DURATION // 60} min

#### Alt på en gang
id: q1
prioriter: 1-{MAX_PRIORITIES}

Skriv alt.
"""


def test_a_seminar_filled_to_every_limit_exports_and_imports_again(store, other):
    seminar, _ = create_seminar(store, "full.md", FULL_KIT, NOW)
    assert (len(seminar.kit.roles), seminar.kit.blocks[0].duration) == (MAX_ROLES, MAX_DURATION)
    groups.prepare_groups(store, seminar, f"Bord 1-{MAX_GROUPS - 1}", NOW)
    long_name = "Å" * MAX_GROUP_NAME
    groups.create_group(store, seminar, groups.FACILITATOR, long_name, NOW)
    group = next(g for g in store.groups.all(seminar.record.id) if g.name == long_name)
    groups.set_group_size(store, seminar, group.id, MAX_GROUP_SIZE, NOW)
    people = []
    for n in range(MAX_ROLES):
        person, _ = groups.enter_seminar(store, seminar, f"full-person-{n}", NOW)
        groups.choose_group(store, seminar, person.id, group.id, NOW,
                            name=f"{n}" + "ø" * (MAX_DISPLAY_NAME - 1))
        people.append(person.id)
    groups.assign_roles_by_app(store, seminar, NOW, random.Random(1))
    answers.set_all_members_write(store, seminar, True)
    plenary.configure(store, seminar, "q1", priorities_open=True)
    keys = [f"full-point-{n:03d}" for n in range(MAX_POINTS_PER_QUESTION)]
    for key in keys:
        edit(store, seminar, people[0], "add", point=key, question="q1",
             text="æ" * MAX_POINT_CHARS)
    edit(store, seminar, people[0], "prioritise", question="q1", points=keys[:MAX_PRIORITIES])
    summary.create_theme(store, seminar, "q1", "T" * MAX_THEME_TITLE, keys[:2], NOW)
    control_programme(store, seminar, "start", NOW)
    with pytest.raises(InvalidTransition):  # extended as far as a block can be
        for _ in range(MAX_TIMER_SECONDS // MAX_ADJUSTMENT + 1):
            control_programme(store, seminar, "adjust", NOW, seconds=MAX_ADJUSTMENT)
    archive = export_archive(store, seminar.code, LATER, include_names=True)
    assert len(archive["seminar"]["groups"]) == MAX_GROUPS
    assert archive["seminar"]["timers"][0]["extra_seconds"] > MAX_TIMER_SECONDS - MAX_ADJUSTMENT
    restored, _ = import_archive(other, archive, LATER)
    assert export_archive(other, restored.code, LATER, include_names=True) == archive


def test_the_title_comes_from_the_kit(store, archive, other):
    restored, _ = import_archive(other, _changed(archive, ("seminar", "title"), ""), LATER)
    assert restored.record.title == restored.kit.title == "Kort testsamling"


def test_a_projector_showing_how_to_join_is_restored_so(store, archive, other):
    join = {"mode": "join", "question": None, "step": 0, "group": None}
    restored, _ = import_archive(other, _changed(archive, ("seminar", "display"), join), LATER)
    assert plenary.projector_view(other, restored)["mode"] == "join"


def test_a_timer_missing_for_a_block_of_the_kit_is_refused(store, archive):
    timers = archive["seminar"]["timers"][:-1]
    assert _problem(store, _changed(archive, ("seminar", "timers"), timers)) == "seminar.timers"


def test_the_message_names_the_problem(store, archive):
    with pytest.raises(ArchiveInvalid) as refused:
        import_archive(store, {**archive, "version": 2}, LATER)
    assert str(refused.value) == ("The file is not a seminar archive this server can read: "
                                  "version.")


@pytest.mark.parametrize("raw", [b"\xff\xfe{", b"", b"NaN", b"{\"a\": Infinity}",
                                 b"[" * 100_000, b"[" + b"1" * 5000 + b"]"])
def test_a_file_that_is_not_utf8_json_is_refused(raw):
    with pytest.raises(ArchiveInvalid):
        decode_archive(raw)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_json)
def test_any_json_value_is_refused(store, value):
    _problem(store, value)
    _problem(store, {"format": FORMAT, "version": 1, "exported_at": NOW, "seminar": value})


def _paths(value: object, path: tuple = ()):
    yield path, value
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for step, child in items:
            yield from _paths(child, (*path, step))


_LATER = {(("settings",), "language"), (("settings",), "groups_locked"),
          (("seminar",), "point_versions"), (("seminar",), "kit_version"),
          (("seminar",), "removed_questions")} | {((n,), "placed") for n in range(100)}
_LATER |= {(("seminar",), key) for key in (  # the hall's part (issue 16)
    "panel_approval", "panel_questions", "poll_items", "poll_answers", "poll_bans", "votes")}
_WRONG_TYPE = {str: 12345, bool: "yes", int: "12", float: "12.5", type(None): [],
               list: "list", dict: 7}


def _is_reference(path: tuple, value: object) -> bool:
    """A value naming a group, participant or point by key (not the key of one)."""
    if not path or not isinstance(value, str | None):
        return False
    if path[-1] in ("group", "participant", "placed") or (
            path[-1] in ("author", "submitted_by") and value):
        return True
    if len(path) >= 3 and path[-3] == "point_versions" and path[-1] == "point":
        return True
    return (len(path) >= 4 and path[-2] == "points" and path[-4] in ("priorities", "themes")
            or len(path) >= 3 and path[-3] == "rejected_pairs")


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_mutated_archive_is_refused_and_stores_nothing(store, archive, data):
    paths = list(_paths(archive))
    kind = data.draw(st.sampled_from(["drop", "retype", "dangle", "extra"]))
    if kind == "drop":
        path, value = data.draw(st.sampled_from([(p, v) for p, v in paths
                                                 if isinstance(v, dict) and v]))
        # What came after the first archives may be left out: the seminar's language, the
        # locked groups, where a participant was placed, the points' earlier versions, the
        # kit's version and its removed questions.
        name = data.draw(st.sampled_from(sorted(
            key for key in value if (path[-1:], key) not in _LATER)))
        kept = {k: v for k, v in value.items() if k != name}
        mutated = _changed(archive, path, kept) if path else kept
    elif kind == "retype":
        path, value = data.draw(st.sampled_from([(p, v) for p, v in paths if p]))
        mutated = _changed(archive, path, _WRONG_TYPE[type(value)])
    elif kind == "dangle":
        path, _ = data.draw(st.sampled_from([(p, v) for p, v in paths if _is_reference(p, v)]))
        mutated = _changed(archive, path, "zz-missing")
    else:
        path, value = data.draw(st.sampled_from([(p, v) for p, v in paths
                                                 if isinstance(v, dict) and p]))
        mutated = _changed(archive, path, {**value, "unexpected": 1})
    assert _problem(store, mutated)


def _dotted(path: tuple) -> str:
    """``("seminar", "groups", 2, "name")`` → ``seminar.groups[2].name``."""
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path
                   ).removeprefix(".")


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_malformed_archive_is_refused_naming_where(store, archive, data):
    """One random fault anywhere in the file: the message names exactly where it is."""
    paths = list(_paths(archive))
    kind = data.draw(st.sampled_from(["drop", "retype", "dangle", "extra"]))
    if kind == "drop":
        path, value = data.draw(st.sampled_from([(p, v) for p, v in paths
                                                 if isinstance(v, dict) and v]))
        name = data.draw(st.sampled_from(sorted(
            key for key in value if (path[-1:], key) not in _LATER)))
        kept = {k: v for k, v in value.items() if k != name}
        mutated, where = (_changed(archive, path, kept) if path else kept), (*path, name)
    elif kind == "retype":
        path, value = data.draw(st.sampled_from([(p, v) for p, v in paths if p]))
        mutated, where = _changed(archive, path, _WRONG_TYPE[type(value)]), path
    elif kind == "dangle":
        path, _ = data.draw(st.sampled_from([(p, v) for p, v in paths if _is_reference(p, v)]))
        mutated, where = _changed(archive, path, "zz-missing"), path
    else:
        path, value = data.draw(st.sampled_from([(p, v) for p, v in paths
                                                 if isinstance(v, dict) and p]))
        mutated, where = _changed(archive, path, {**value, "unexpected": 1}), (*path,
                                                                               "unexpected")
    assert _problem(store, mutated) == _dotted(where)
    with pytest.raises(ArchiveInvalid) as refused:
        parse_archive(mutated)
    assert str(refused.value) == ("The file is not a seminar archive this server can read: "
                                  f"{_dotted(where)}.")


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["groups", "participants", "roles", "points", "timers", "display",
                              "settings", "themes", "priorities", "rejected_pairs",
                              "question_status", "question_settings", "kit_version",
                              "removed_questions"]), value=_json)
def test_any_json_in_any_part_is_refused_or_restored_whole(store, archive, field, value):
    data = _changed(archive, ("seminar", field), value)
    before = _rows(store)
    try:
        restored, _ = import_archive(store, data, LATER)
    except ArchiveInvalid:
        assert _rows(store) == before
        return
    again = export_archive(store, restored.code, LATER, include_names=True)
    assert parse_archive(again).seminar == structs.replace(parse_archive(data).seminar,
                                                           code=restored.code)
    # … and everything that reads a seminar works on it
    plenary.projector_view(store, restored)
    summary.compile_summary(store, restored)
    build_report(store, restored.code, LATER, include_names=True)


# -- over HTTP and on the command line ------------------------------------------------------------

@pytest.fixture
def hosted(app_store):
    return _rich_seminar(app_store)


def test_only_the_facilitator_and_the_organiser_download_the_archive(app, client, hosted):
    seminar, key, _ = hosted
    path = f"/s/{seminar.code}/export/json"
    assert client.get(path).status_code == 403
    client.get(f"/s/{seminar.code}")  # a participant's cookie
    assert client.get(path).status_code == 403
    assert client.get("/s/ZZZZZZ/export/json").status_code == 404
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert re.fullmatch(rf'attachment; filename="dialogseminar-{seminar.code}-'
                        r'\d{4}-\d\d-\d\d-arkiv\.json"', response.headers["Content-Disposition"])
    assert response.headers["Cache-Control"] == "no-store"
    assert "Kari Nordmann" not in response.get_data(as_text=True)
    assert "Kari Nordmann" in client.get(path + "?names=1").get_data(as_text=True)
    organiser = app.test_client()
    _organiser_login(organiser)
    downloaded = organiser.get(path + "?names=1")
    assert downloaded.status_code == 200
    assert json.loads(downloaded.data)["seminar"]["participants"][0]["name"] == "Kari Nordmann"


def _upload(client, token: str, raw: bytes, filename: str = "arkiv.json"):
    return client.post("/organiser/import", data={
        "csrf": token, "archive": (io.BytesIO(raw), filename)},
        content_type="multipart/form-data")


def test_the_organiser_restores_an_archive_and_sees_the_new_key_once(app, client, other,
                                                                     app_store):
    seminar, _, _ = _rich_seminar(other)  # made on another server
    raw = encode_archive(export_archive(other, seminar.code, LATER, include_names=True))
    _, token = _organiser_login(client)
    assert 'accept="application/json,.json"' in client.get("/organiser/").get_data(as_text=True)
    response = _upload(client, token, raw)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    link = re.search(r"data-facilitator-link>([^<]+)<", response.get_data(as_text=True))[1]
    code, key = re.search(r"/s/([A-Z0-9]{6})/facilitator\?key=([^&\"]+)", link).groups()
    assert code == seminar.code  # free on this server
    restored = find_seminar(app_store, code)
    assert is_facilitator_key(restored, key)
    facilitator = app.test_client()
    assert facilitator.get(f"/s/{code}/facilitator?key={key}").status_code == 302
    for page in (f"/s/{code}/facilitator", f"/s/{code}/projector", f"/s/{code}/report",
                 f"/s/{code}/export/docx"):
        assert facilitator.get(page).status_code == 200, page
    assert "Felles møteplasser på tvers" in facilitator.get(f"/s/{code}/report").get_data(
        as_text=True)


def _shown(app, error: Exception) -> str:
    with app.test_request_context():
        return str(escape(translate_error(error)))


def test_a_bad_file_is_explained_on_the_dashboard(app, client, app_store, monkeypatch):
    _, token = _organiser_login(client)
    with pytest.raises(ArchiveInvalid) as not_json:
        decode_archive(b"\xff")
    with pytest.raises(ArchiveInvalid) as not_archive:
        parse_archive({"format": "kake"})
    for raw, error in ((b"\xff\x00", not_json.value), (b'{"format": "kake"}',
                                                       not_archive.value)):
        response = _upload(client, token, raw)
        assert response.status_code == 400
        assert _shown(app, error) in response.get_data(as_text=True)
        assert 'aria-invalid="true"' in response.get_data(as_text=True)
    response = client.post("/organiser/import", data={"csrf": token},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    with app.test_request_context():
        assert gettext("Choose an archive file (.json).") in response.get_data(as_text=True)
    monkeypatch.setattr("seminar.web.organiser.MAX_ARCHIVE_BYTES", 1000)
    response = _upload(client, token, b" " * 1001)
    assert response.status_code == 400
    with app.test_request_context():
        assert gettext("The file is larger than %(size)s MB.", size=0) in response.get_data(
            as_text=True)
    assert _upload(client, "wrong", b"{}").status_code == 400
    assert app_store.seminars.all() == []
    assert _upload(app.test_client(), token, b"{}").status_code == 401


def test_the_command_line_exports_and_imports_an_archive(tmp_path, monkeypatch, store, rich):
    seminar, _, _ = rich
    monkeypatch.setenv("SEMINAR_INSTANCE_PATH", str(tmp_path))  # the store's database
    out = tmp_path / "arkiv.json"
    result = CliRunner().invoke(cli, ["export", seminar.code, "--format", "json", "--names",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    archive = json.loads(out.read_text(encoding="utf-8"))
    assert {**archive, "exported_at": LATER} == export_archive(store, seminar.code, LATER,
                                                               include_names=True)
    other = tmp_path / "other"
    monkeypatch.setenv("SEMINAR_INSTANCE_PATH", str(other))
    monkeypatch.setenv("SEMINAR_PUBLIC_URL", "http://seminar.test:5000/")
    result = CliRunner().invoke(cli, ["import", str(out)])
    assert result.exit_code == 0, result.output
    link = re.search(rf"http://seminar\.test:5000/s/{seminar.code}/facilitator\?key=(\S+)",
                     result.output)
    assert link and seminar.code in result.output.splitlines()[0]
    restored_store = Store(other / "seminar.db")
    try:
        restored = find_seminar(restored_store, seminar.code)
        assert is_facilitator_key(restored, link[1])
        assert export_archive(restored_store, seminar.code, LATER, include_names=True) == {
            **archive, "exported_at": LATER}
    finally:
        restored_store.close()


def test_the_command_line_explains_a_bad_archive(tmp_path, monkeypatch):
    monkeypatch.setenv("SEMINAR_INSTANCE_PATH", str(tmp_path))
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"format": "dialogseminar-archive", "version": 1}')
    with pytest.raises(ArchiveInvalid) as refused:
        parse_archive(json.loads(broken.read_bytes()))
    result = CliRunner().invoke(cli, ["import", str(broken)])
    expected = cli_translations().gettext(refused.value.template) % refused.value.params
    assert (result.exit_code, result.output) == (1, f"Error: {expected}\n")
    result = CliRunner().invoke(cli, ["export", "NOSUCH", "--format", "json", "-o", "-"])
    expected = cli_translations().gettext(NotFound.template)
    assert (result.exit_code, result.output) == (1, f"Error: {expected}\n")


def test_the_readme_documents_the_archive_commands():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "`seminar import FILE`" in readme
    assert re.search(r"`seminar export CODE \[--format docx\\\|xlsx\\\|csv\\\|md\\\|json\]",
                     readme)


def test_the_seminars_language_travels_in_the_archive(store, other):
    seminar, _ = create_seminar(store, "short.md", SHORT_KIT, NOW)
    set_seminar_language(store, seminar, "nn")
    archive = export_archive(store, seminar.code, LATER, include_names=False)
    assert archive["seminar"]["settings"]["language"] == "nn"
    restored, _ = import_archive(other, archive, LATER)
    assert (restored.language, restored.kit.language) == ("nn", "nb")
    assert export_archive(other, restored.code, LATER, include_names=False) == archive


def test_the_archive_knows_the_kits_languages():
    assert LANGUAGE_NAMES == LANGUAGES


def test_an_archive_without_a_language_gets_the_kits(store, archive, other):
    """Archives written before the language was a setting still restore."""
    older = copy.deepcopy(archive)
    del older["seminar"]["settings"]["language"]
    restored, _ = import_archive(other, older, LATER)
    assert (restored.record.language, restored.language) == (None, "nb")


def test_the_points_history_travels_and_can_be_restored_after_import(store, rich, other):
    seminar, _, _ = rich
    restored, _ = _restore(export_archive(store, seminar.code, LATER, include_names=False),
                           other)
    [deleted] = [row for row in other.archive.point_rows(restored.record.id)
                 if row["text"] == "Slettes snart"]
    history = answers.point_history(other, restored, deleted["group_id"],
                                    deleted["question_id"])
    [point] = [p for p in history["points"] if p["id"] == deleted["id"]]
    assert (point["deleted"], [v["text"] for v in point["versions"]]) == (True,
                                                                          ["Slettes snart"])
    result, _ = answers.restore_version(other, restored, point["versions"][0]["id"], LATER)
    assert (result["point"]["text"], result["point"]["revision"]) == ("Slettes snart",
                                                                      deleted["revision"] + 1)
    assert deleted["id"] in {p.id for p in other.answers.points(deleted["group_id"])}


# -- questions removed from the kit (issue 15) ---------------------------------------------------

REMOVED_AT = NOW + 1000


@pytest.fixture
def removed(store, rich):
    """The rich seminar after q2 (its points, priorities, theme, rejected pair, settings and
    the report-back on the projector) was removed from the kit."""
    return remove_question(store, rich[0], "q2", REMOVED_AT)


@pytest.fixture
def removed_archive(store, removed):
    return export_archive(store, removed.code, LATER, include_names=True)


def test_removed_questions_and_their_answers_travel_in_the_archive(store, rich, removed,
                                                                   removed_archive, other):
    part = removed_archive["seminar"]
    q2 = rich[0].kit.question("q2")
    assert (part["kit_version"], part["removed_questions"]) == (1, [{
        "id": "q2", "title": q2.title, "text": q2.text, "prioritise": [1, 3],
        "block_title": "Gruppearbeid", "removed_at": REMOVED_AT}])
    assert {p["question"] for p in part["points"]} == {"q1", "q2"}
    assert [(t["question"], t["title"]) for t in part["themes"]] == [("q2", "Tid og samarbeid")]
    assert part["display"] == {"mode": "programme", "question": None, "step": 0, "group": None}
    restored, _ = _restore(removed_archive, other)
    assert restored.record.kit_version == 1 and restored.kit == removed.kit
    assert other.seminars.removed_questions(restored.record.id) == \
        store.seminars.removed_questions(removed.record.id)
    assert export_archive(other, restored.code, LATER, include_names=True) == removed_archive
    original, copied = (build_report(s, seminar.code, LATER)
                        for s, seminar in ((store, removed), (other, restored)))
    assert _without_ids(copied) == _without_ids(original)
    assert [q.id for q in copied.removed_questions] == ["q2"]
    assert copied.removed_questions[0].ranking[0].title == "Tid og samarbeid"
    for fmt in ("md", "csv"):
        assert exports.render(copied, fmt, str) == exports.render(original, fmt, str)


def test_points_on_a_question_neither_in_the_kit_nor_removed_are_refused(store, removed_archive):
    points = removed_archive["seminar"]["points"]
    first_q2 = next(n for n, point in enumerate(points) if point["question"] == "q2")
    unpicked = next(n for n, point in enumerate(points) if point["text"] == "Lange avstander")
    assert _problem(store, _changed(removed_archive, ("seminar", "points", unpicked,
                                                      "question"), "q9")) == \
        f"seminar.points[{unpicked}].question"
    forgotten = _changed(removed_archive, ("seminar", "removed_questions"), [])
    assert _problem(store, forgotten) == f"seminar.points[{first_q2}].question"


@pytest.mark.parametrize("field, value, problem", [
    ("id", "q1", "seminar.removed_questions[0].id"),  # a question of the kit
    ("title", "  ", "seminar.removed_questions[0].title"),
    ("prioritise", [3, 1], "seminar.removed_questions[0].prioritise"),
    ("prioritise", [1, MAX_PRIORITIES + 1], "seminar.removed_questions[0].prioritise[1]"),
    ("prioritise", None, "seminar.priorities[0].points"),  # picks on it, yet none asked for
    ("removed_at", -1, "seminar.removed_questions[0].removed_at"),
    ("surprise", 1, "seminar.removed_questions[0].surprise"),
])
def test_a_damaged_removed_question_is_refused(store, removed_archive, field, value, problem):
    priorities = removed_archive["seminar"]["priorities"]
    assert priorities[0]["question"] == "q2"
    path = ("seminar", "removed_questions", 0, field)
    assert _problem(store, _changed(removed_archive, path, value)) == problem


def test_a_question_removed_twice_in_one_file_is_refused(store, removed_archive):
    [gone] = removed_archive["seminar"]["removed_questions"]
    twice = _changed(removed_archive, ("seminar", "removed_questions"), [gone, gone])
    assert _problem(store, twice) == "seminar.removed_questions[1].id"


def test_removed_questions_are_listed_in_the_order_they_were_removed(store, removed_archive,
                                                                    other):
    """So that a restored seminar exports the same file again."""
    [gone] = removed_archive["seminar"]["removed_questions"]
    earlier = {**gone, "id": "q0", "title": "Tatt ut før", "prioritise": None,
               "removed_at": gone["removed_at"] - 60}
    backwards = _changed(removed_archive, ("seminar", "removed_questions"), [gone, earlier])
    assert _problem(store, backwards) == "seminar.removed_questions[1]"
    in_order = _changed(removed_archive, ("seminar", "removed_questions"), [earlier, gone])
    restored, _ = _restore(in_order, other)
    assert export_archive(other, restored.code, LATER, include_names=True)["seminar"][
        "removed_questions"] == [earlier, gone]
    assert [q.title for q in build_report(other, restored.code, LATER).removed_questions] == [
        "Tatt ut før", gone["title"]]


def test_removed_questions_count_towards_the_archives_rows(store, removed_archive):
    """MAX_ARCHIVE_ROWS bounds everything but the points and their history: so also these."""
    [gone] = removed_archive["seminar"]["removed_questions"]
    many = [gone] + [{**gone, "id": f"r{n}", "prioritise": None} for n in range(MAX_ARCHIVE_ROWS)]
    before = _rows(store)
    with pytest.raises(ArchiveInvalid) as refused:
        import_archive(store, _changed(removed_archive, ("seminar", "removed_questions"), many),
                       LATER)
    assert refused.value.params == {"max": MAX_ARCHIVE_ROWS} and _rows(store) == before


def test_an_archive_from_before_kit_editing_still_restores(store, archive, other):
    older = copy.deepcopy(archive)
    del older["seminar"]["kit_version"], older["seminar"]["removed_questions"]
    restored, _ = _restore(older, other)
    assert restored.record.kit_version == 0
    assert other.seminars.removed_questions(restored.record.id) == []
    assert export_archive(other, restored.code, LATER, include_names=True) == archive
