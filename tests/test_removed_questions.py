"""A question removed from the kit after the groups had answered it (issue 15): its answers stay
in the report and in every export, marked as belonging to a removed question, and are no
longer live work on the phones, the projector or the facilitator's panels."""

import csv
import io
from dataclasses import replace

import pytest
from docx import Document
from openpyxl import load_workbook

from seminar import exports
from seminar.domain.errors import InvalidInput
from seminar.domain.kit_writer import write_kit
from seminar.exports import excel, table, text, word
from seminar.exports.formatting import format_datetime, local_time
from seminar.services import answers, plenary, summary
from seminar.services.events import AnswersChanged
from seminar.services.kits import load_kit
from seminar.services.report import build_report
from seminar.services.seminars import find_seminar
from seminar.store import Store
from tests.conftest import NOW, SHORT_KIT
from tests.removed_questions import GONE, KEPT, REMOVED_AT, answer_two_questions, remove_question
from tests.services_fixtures import edit
from tests.socket_helpers import send


def english(message: str) -> str:
    """The exports' labels as their English msgids (the bokmål is merged by the lead)."""
    return message


@pytest.fixture
def removed(store, seminar):
    """q2 (with priorities, a theme and a "done" flag) is removed after both groups answered
    it; the projector showed its wall at the time."""
    people = answer_two_questions(store, seminar)
    plenary.show(store, seminar, "wall", "q2", now=NOW)
    return remove_question(store, seminar, "q2"), people


def _points(report, question_id):
    [question] = [q for q in report.all_questions() if q.id == question_id]
    return {(p.group, p.text) for p in question.points}


def _every(texts: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(group, line) for group, lines in texts.items() for line in lines}


def test_the_report_keeps_a_removed_questions_answers_after_the_programmes(store, removed):
    seminar, _ = removed
    report = build_report(store, seminar.code, NOW + 900)
    assert [q.id for q in report.questions] == ["q1"]
    [gone] = report.removed_questions
    assert (gone.id, gone.title, gone.block, gone.prioritise, gone.removed_at) == (
        "q2", "Spørsmål 2", "Gruppearbeid", (1, 3), REMOVED_AT)
    assert _points(report, "q2") == _every(GONE) and _points(report, "q1") == _every(KEPT)
    assert [(item.rank, item.title, item.weight) for item in gone.ranking] == [
        (1, "Samarbeid", 5), (2, "Kompetanse", 3)]
    assert report.prioritised() == ()  # the summary of the priorities is the programme's
    assert [q.id for q in report.all_questions()] == ["q1", "q2"]


def _put_back_q2(store: Store, seminar, *, forget: bool) -> None:
    with store.write():
        store.seminars.save_kit(seminar.record.id, title=seminar.kit.title,
                                kit_source=write_kit(load_kit(SHORT_KIT, "short.md")),
                                current=0, timers=store.seminars.timers(seminar.record.id))
        if forget:
            store.seminars.forget_removed_question(seminar.record.id, "q2")


@pytest.mark.parametrize("forget", [True, False])
def test_a_question_put_back_is_a_programme_question_again(store, removed, forget):
    """As the server puts it back (forgetting it was removed), or even if it did not."""
    seminar, _ = removed
    _put_back_q2(store, seminar, forget=forget)
    report = build_report(store, seminar.code, NOW + 900)
    assert [q.id for q in report.questions] == ["q1", "q2"] and report.removed_questions == ()
    assert _points(report, "q2") == _every(GONE)


# -- every export --------------------------------------------------------------------------------

@pytest.fixture
def report(store, removed):
    return build_report(store, removed[0].code, NOW + 900)


def test_word_has_a_section_for_the_removed_question_after_the_programmes(report):
    document = Document(io.BytesIO(word.render(report, english)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    headings = [p for p in paragraphs if p[0].startswith("Heading")]
    start = headings.index(("Heading 1", "Questions removed from the programme"))
    assert headings[start - 3:] == [
        ("Heading 2", "Points from the groups"), ("Heading 3", "Bærum"),
        ("Heading 3", "Sør-Fron"),  # of q1, the programme's question
        ("Heading 1", "Questions removed from the programme"),
        ("Heading 2", "Removed question: Spørsmål 2"), ("Heading 3", "Theme: Samarbeid"),
        ("Heading 3", "Bærum"), ("Heading 3", "Sør-Fron"), ("Heading 1", "Groups")]
    section = paragraphs[paragraphs.index(("Heading 2", "Removed question: Spørsmål 2")):]
    assert ("Normal", f"Block: Gruppearbeid. Removed {format_datetime(REMOVED_AT)}.") in section
    assert [t for style, t in section if style == "List Number"] == [
        "Kompetanse (priority 1)", "Mer tid til samarbeid (priority 2) (theme: Samarbeid)",
        "Tid til samarbeid (priority 1) (theme: Samarbeid)"]
    assert [row.cells[1].text for row in document.tables[1].rows] == [
        "Title", "Samarbeid", "Kompetanse"]  # the removed question's ranking
    assert ("Heading 1", "Summary of the priorities") not in paragraphs  # no live one asks


def test_markdown_and_email_mark_the_removed_question(report):
    markdown = text.render_markdown(report, english)
    removed_part = markdown[markdown.index("## Questions removed from the programme"):]
    assert removed_part.index("### Removed question: Spørsmål 2") < removed_part.index(
        "1. Kompetanse (priority 1)") < removed_part.index("## Groups")
    assert "1. Felles kalender" in markdown[:markdown.index("## Questions removed")]
    _, body = text.render_email(report, english)
    assert body.endswith("Removed question: Spørsmål 2\nBærum:\n- Kompetanse\n"
                         "- Mer tid til samarbeid\nSør-Fron:\n- Tid til samarbeid\n")


def test_excel_and_csv_say_in_a_column_when_a_question_was_removed(report):
    workbook = load_workbook(io.BytesIO(excel.render(report, english)))
    points = list(workbook["Points"].iter_rows(values_only=True))
    assert points[0][2:] == ("Question", "Group", "Point", "Priority", "Theme", "Created",
                             "Edited", "Question removed")
    when = local_time(REMOVED_AT)
    assert {(row[2], row[3], row[4], row[9]) for row in points[1:]} == {
        *(("Spørsmål 1", group, line, None) for group, line in _every(KEPT)),
        *(("Spørsmål 2", group, line, when) for group, line in _every(GONE))}
    assert [row[9] for row in points[1:]] == [None] * 2 + [when] * 3  # the programme's first
    assert workbook["Points"]["J2"].number_format == "General"
    assert workbook["Points"]["J4"].number_format == "dd.mm.yyyy hh:mm"
    ranking = list(workbook["Ranking"].iter_rows(values_only=True))
    assert ranking == [
        ("Question", "Rank", "Title", "Weight", "Groups", "Number of points", "Question removed"),
        ("Spørsmål 2", 1, "Samarbeid", 5, "Bærum, Sør-Fron", 2, when),
        ("Spørsmål 2", 2, "Kompetanse", 3, "Bærum", 1, when)]
    rows = list(csv.reader(io.StringIO(table.render(report, english).decode("utf-8-sig"),
                                       newline=""), delimiter=";"))
    assert rows[0][-1] == "Question removed"
    assert {(row[2], row[4], row[-1]) for row in rows[1:]} == {
        *(("Spørsmål 1", line, "") for _, line in _every(KEPT)),
        *(("Spørsmål 2", line, when.strftime("%Y-%m-%d %H:%M")) for _, line in _every(GONE))}


def test_every_format_renders_a_report_with_only_removed_questions_answered(report):
    """Nothing depends on the programme still having a question with answers."""
    only_removed = replace(report, questions=())
    for fmt in exports.FORMATS:
        content = exports.render(only_removed, fmt, english)
        if fmt in ("csv", "md"):
            assert "Tid til samarbeid" in content.decode("utf-8-sig")


def test_the_print_view_shows_the_removed_question_and_its_answers(client, app_store,
                                                                   make_seminar):
    seminar, key = make_seminar()
    answer_two_questions(app_store, seminar)
    seminar = remove_question(app_store, seminar, "q2")
    with app_store.write():
        app_store.seminars.set_language(seminar.record.id, "en")
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    page = client.get(f"/s/{seminar.code}/report").get_data(as_text=True)
    answers_part = page[page.index('id="answers-heading"'):page.index('id="removed-heading"')]
    removed_part = page[page.index('id="removed-heading"'):page.index('id="programme-heading"')]
    assert "Felles kalender" in answers_part and "Spørsmål 2" not in answers_part
    assert "Questions removed from the programme" in removed_part
    assert "Removed question: Spørsmål 2" in removed_part
    assert all(line in removed_part for _, line in _every(GONE))
    assert "Felles kalender" not in removed_part
    plain = find_seminar(app_store, seminar.code)
    assert 'id="removed-heading"' not in _print_view_without_removed(client, app_store, plain)


def _print_view_without_removed(client, app_store, seminar) -> str:
    with app_store.write():
        app_store.seminars.forget_removed_question(seminar.record.id, "q2")
    return client.get(f"/s/{seminar.code}/report").get_data(as_text=True)


# -- the live views ------------------------------------------------------------------------------

def test_the_phones_get_no_work_of_a_removed_question(store, removed):
    seminar, people = removed
    for group in store.groups.all(seminar.record.id):
        state = answers.group_answers(store, seminar, group.id)
        assert {p["question"] for p in state["points"]} == {"q1"}
        assert state["done"] == [] and state["priorities"] == {}
    with pytest.raises(InvalidInput):
        edit(store, seminar, people["kari"], "add", question="q2", text="Nytt",
             point="point-q2-b-099")


def test_the_facilitators_panels_show_only_the_programmes_questions(store, removed):
    seminar, _ = removed
    overview = answers.answers_overview(store, seminar)
    assert [sorted(group["questions"]) for group in overview["groups"]] == [["q1"], ["q1"]]
    assert [q["id"] for q in summary.compile_summary(store, seminar)["questions"]] == ["q1"]
    assert list(plenary.plenary_settings(store, seminar)["questions"]) == ["q1"]
    with pytest.raises(InvalidInput):
        plenary.facilitator_wall(store, seminar, "q2")
    with pytest.raises(InvalidInput):
        summary.create_theme(store, seminar, "q2", "Tema", ["point-q2-b-001"], NOW)


def test_the_projector_leaves_the_removed_questions_wall(store, removed):
    seminar, _ = removed
    view = plenary.projector_view(store, seminar)
    assert (view["mode"], view["question"]) == ("programme", None)
    group = store.groups.all(seminar.record.id)[0].id
    [update] = plenary.wall_updates(store, seminar, [AnswersChanged(seminar.code, group, "q2")])
    assert plenary.wall_entry(store, seminar, update, plenary.FACILITATOR) is None
    assert plenary.wall_entry(store, seminar, update, plenary.PROJECTOR) is None


def test_a_removed_questions_point_is_not_changed_by_the_facilitator(store, removed):
    """Its answers stay as they were: an earlier version is not restored onto it."""
    seminar, people = removed
    with store.read():
        group = store.groups.all(seminar.record.id)[0].id
    before = build_report(store, seminar.code, NOW + 900).removed_questions
    with store.write():
        [point] = [p for p in store.answers.points(group, "q2") if p.id == "point-q2-b-001"]
        store.answers.save_version(seminar.record.id, point, False, NOW + 700)
        [version] = [v for _, versions in store.answers.history(group, "q2")
                     for v in versions]
    with pytest.raises(InvalidInput):
        answers.restore_version(store, seminar, version["id"], NOW + 800)
    assert build_report(store, seminar.code, NOW + 900).removed_questions == before


def test_only_a_table_with_removed_questions_gets_the_column(report):
    """A report without removed questions is laid out as before; a removed question without
    priorities marks the points only."""
    [gone] = report.removed_questions
    unranked = replace(report, removed_questions=(replace(gone, prioritise=None, ranking=()),))
    none_removed = replace(report, removed_questions=())
    widths = {}
    for name, variant in (("unranked", unranked), ("none", none_removed)):
        workbook = load_workbook(io.BytesIO(excel.render(variant, english)))
        widths[name] = (workbook["Points"].max_column, workbook["Ranking"].max_column)
        first = table.render(variant, english).decode("utf-8-sig").split("\r\n")[0]
        assert first.endswith(";Question removed") == (name == "unranked")
    assert widths == {"unranked": (10, 6), "none": (9, 6)}


def test_over_sockets_no_screen_gets_a_removed_questions_points_as_live_work(hall, app_store):
    """The phone's answers, the console's overview, summary and wall, and the projector, as
    they are fetched once the question has been removed (the projector showed its wall)."""
    code, facilitator = hall["code"], hall["facilitator"]
    for n, (question, line) in enumerate((("q1", "Blir med"), ("q2", "Tas ut"))):
        assert send(hall["kari"], code, "add", f"edit-removed-{n}", question=question,
                    point=f"point-removed-{n:03d}", text=line)["ok"]
    assert facilitator.emit("display:show", {"code": code, "mode": "wall", "question": "q2"},
                            callback=True)["ok"]
    remove_question(app_store, find_seminar(app_store, code), "q2")
    phone = hall["kari"].emit("answers:fetch", {"code": code}, callback=True)
    assert [p["text"] for p in phone["answers"]["points"]] == ["Blir med"]
    overview = facilitator.emit("answers:fetch", {"code": code}, callback=True)["overview"]
    assert [sorted(group["questions"]) for group in overview["groups"]] == [["q1"], []]
    console = facilitator.emit("summary:fetch", {"code": code}, callback=True)["summary"]
    assert [q["id"] for q in console["questions"]] == ["q1"]
    wall = facilitator.emit("wall:fetch", {"code": code, "question": "q2"}, callback=True)
    assert (wall["ok"], wall["error"]["code"]) == (False, "invalid_input")
    shown = hall["projector"].emit("display:fetch", {"code": code}, callback=True)["display"]
    assert (shown["mode"], shown["question"]) == ("programme", None)
