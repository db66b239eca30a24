"""The hall's part of the report (issue 16): the questions to the panel, the polls and the
evaluation, built from a real store and written in every export (Word, Excel, CSV, Markdown,
the print view)."""

import csv
import io
import re
from dataclasses import replace

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from seminar.exports import excel, table, text, word
from seminar.exports.formatting import local_time
from seminar.services.report import build_report
from tests.conftest import NOW
from tests.hall_reports import hall_seminar
from tests.test_pages import _organiser_login


def english(message: str) -> str:
    """The exports' labels as their English msgids (the bokmål is merged by the lead)."""
    return message


@pytest.fixture
def hall(store):
    return hall_seminar(store)


@pytest.fixture
def report(store, hall):
    return build_report(store, hall[0].code, NOW + 900)


PANEL_ORDER = [  # most votes first, then the time of asking
    ("Hvordan følger dere opp?", 3, "answered", False),
    ("Hva med økonomien?", 2, "visible", True),
    ('=HYPERLINK("http://x") <b>fet</b>', 1, "visible", False),
    ("Tull og tøys", 0, "hidden", False),
    ("Kommer det mer?", 0, "visible", False),
]


def test_the_report_has_the_facilitators_panel_list_with_hidden_ones_marked(report):
    assert [(q.text, q.votes, q.state, q.pinned) for q in report.panel] == PANEL_ORDER
    assert [q.asked_at for q in report.panel] == [NOW, NOW + 2, NOW + 1, NOW + 3, NOW + 20]
    assert [q.name for q in report.panel] == [""] * 5  # names left out unless asked for
    assert report.panel[0].answered and report.panel[3].hidden
    assert report.panel_approval is False  # as the setting is now


def test_the_panel_names_are_in_only_when_names_are_included(store, hall):
    report = build_report(store, hall[0].code, NOW + 900, include_names=True)
    assert [q.name for q in report.panel] == ["Kari", "", "", "", "Per"]


def test_the_polls_carry_the_tallies_and_the_breakdown_of_the_polls_domain(report):
    scale, choice, cloud, open_ = report.polls
    assert (scale.block, scale.results["distribution"], scale.results["mean"]) == (
        "Velkommen", [0, 1, 1, 1, 1], 3.5)
    assert [(g["name"], g["results"]["count"], g["results"]["mean"]) for g in scale.groups] == [
        ("Bærum", 2, 4.5), ("Sør-Fron", 1, 2.0), (None, 1, 3.0)]
    assert choice.results["options"] == [1, 2, 1] and choice.count == 3
    assert cloud.results["words"] == [{"word": "samarbeid", "count": 3},
                                      {"word": "tillit", "count": 1}]  # "tull" banned
    assert cloud.results["banned"] == ["tull"]
    assert [(a["text"], a["hidden"]) for a in open_.results["answers"]] == [
        ("Mer tid til **dialog**", False), ("<script>alert(1)</script>", True)]
    assert (scale.opened_at, scale.closed_at) == (NOW + 30, NOW + 40)
    useful, take_home = report.evaluation
    assert (useful.block, useful.results["mean"], take_home.closed_at) == (None, 7.0, None)
    assert [a["text"] for a in take_home.results["answers"]] == ["Nye kontakter"]


# -- every export ----------------------------------------------------------------------------

def test_word_has_the_panel_the_polls_and_the_evaluation_before_the_groups(report):
    document = Document(io.BytesIO(word.render(report, english)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    headings = [p for p in paragraphs if p[0].startswith("Heading")]
    start = headings.index(("Heading 1", "Questions to the panel"))
    assert headings[start:] == [
        ("Heading 1", "Questions to the panel"), ("Heading 1", "Polls"),
        ("Heading 2", "Hvor nyttig var samtalen?"), ("Heading 3", "By group"),
        ("Heading 2", "Hvilke tema vil du høre mer om?"), ("Heading 3", "By group"),
        ("Heading 2", "Ett ord om dagen så langt"), ("Heading 3", "By group"),
        ("Heading 2", "Hva tenker du nå?"), ("Heading 3", "By group"),
        ("Heading 1", "Evaluation"),
        ("Heading 2", "Hvor nyttig var dagen?"), ("Heading 3", "By group"),
        ("Heading 2", "Hva tar du med deg hjem?"), ("Heading 3", "By group"),
        ("Heading 1", "Groups")]
    panel = [t for style, t in paragraphs[paragraphs.index(headings[start]):]
             if style == "List Number"][:5]
    assert panel == ["Hvordan følger dere opp? (votes: 3) (answered)",
                     "Hva med økonomien? (votes: 2)",
                     '=HYPERLINK("http://x") <b>fet</b> (votes: 1)',
                     "Tull og tøys (votes: 0) (hidden)", "Kommer det mer? (votes: 0)"]
    assert ("Normal", "Block: Velkommen. Scale. closed. answers: 4. mean 3.5 of 5.") in paragraphs
    assert ("List Bullet", "<script>alert(1)</script> (hidden)") in paragraphs
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["1 (lite nyttig)", "0"] in cells and ["5 (svært nyttig)", "1"] in cells
    assert ["samarbeid", "3"] in cells and ["tull", "1"] not in cells
    assert ["Bærum", "2", "mean 4.5 of 5"] in cells
    assert ["Bærum", "2", "Samarbeid med skolen: 1, =Rekruttering: 2, Finansiering: 0"] in cells


def test_markdown_has_the_sections_and_escapes_the_halls_text(report):
    markdown = text.render_markdown(report, english)
    hall = markdown[markdown.index("## Questions to the panel"):markdown.index("## Groups")]
    assert hall.index("## Polls") < hall.index("### Ett ord om dagen så langt") < hall.index(
        "## Evaluation") < hall.index("### Hva tar du med deg hjem?")
    assert "1. Hvordan følger dere opp? (votes: 3) (answered)" in hall
    assert "- &lt;script>alert(1)&lt;/script> (hidden)" in hall
    assert "- Mer tid til \\*\\*dialog\\*\\*" in hall
    assert "| samarbeid | 3 |" in hall
    assert "<b>" not in hall and "<script>" not in hall


def test_excel_has_a_sheet_each_with_formula_like_text_kept_as_text(report):
    workbook = load_workbook(io.BytesIO(excel.render(report, english)))
    assert workbook.sheetnames == ["Points", "Ranking", "Groups", "Panel", "Polls", "Evaluation"]
    panel = [[c.value for c in row] for row in workbook["Panel"].iter_rows()]
    assert panel[0] == ["Asked", "Question to the panel", "Name", "State", "Votes", "Answered",
                        "Pinned"]
    assert panel[1] == [local_time(NOW), "Hvordan følger dere opp?", None, "answered", 3, "yes",
                        None]
    formula = workbook["Panel"]["B4"]
    assert (formula.value, formula.data_type) == ('=HYPERLINK("http://x") <b>fet</b>', "s")
    polls = [[c.value for c in row] for row in workbook["Polls"].iter_rows(values_only=False)]
    assert polls[0] == ["Block", "Item", "Kind", "Group", "Answers", "Mean", "Answer", "Count",
                        "Hidden"]
    assert ["Velkommen", "Hvor nyttig var samtalen?", "Scale", "All", 4, 3.5, "5 (svært nyttig)",
            1, None] in polls
    assert ["Velkommen", "Ett ord om dagen så langt", "Word cloud", "Bærum", 2, None,
            "samarbeid", 2, None] in polls
    assert ["Velkommen", "Hva tenker du nå?", "Open answer", "All", 2, None,
            "<script>alert(1)</script>", 1, "yes"] in polls
    rekruttering = next(row for row in workbook["Polls"].iter_rows() if row[6].value
                        == "=Rekruttering")
    assert rekruttering[6].data_type == "s"
    evaluation = [[c.value for c in row] for row in workbook["Evaluation"].iter_rows()]
    assert [None, "Hva tar du med deg hjem?", "Open answer", "Sør-Fron"] not in evaluation
    assert [None, "Hvor nyttig var dagen?", "Scale", "All", 2, 7.0, "8", 1, None] in evaluation


def test_csv_adds_the_halls_tables_after_the_points_with_formulas_neutralised(report):
    rows = list(csv.reader(io.StringIO(table.render(report, english).decode("utf-8-sig")),
                           delimiter=";"))
    panel_at = rows.index(["Asked", "Question to the panel", "Name", "State", "Votes",
                           "Answered", "Pinned"])
    assert rows[panel_at - 1] == []
    assert rows[panel_at + 3][1] == "'=HYPERLINK(\"http://x\") <b>fet</b>"
    polls_at = rows.index(["Polls", "Block", "Item", "Kind", "Group", "Answers", "Mean",
                           "Answer", "Count", "Hidden"])
    assert ["Polls", "Velkommen", "Hvor nyttig var samtalen?", "Scale", "All", "4", "3,5",
            "4", "1", ""] in rows[polls_at:]
    assert ["Polls", "Velkommen", "Hvilke tema vil du høre mer om?", "Choice", "All", "3", "",
            "'=Rekruttering", "2", ""] in rows[polls_at:]
    evaluation_at = rows.index(["Evaluation", "Block", "Item", "Kind", "Group", "Answers",
                                "Mean", "Answer", "Count", "Hidden"])
    assert ["Evaluation", "", "Hva tar du med deg hjem?", "Open answer", "Bærum", "1", "",
            "Nye kontakter", "1", ""] in rows[evaluation_at:]


def test_a_seminar_without_a_hall_has_none_of_it(store, seminar):
    report = build_report(store, seminar.code, NOW)
    assert (report.panel, report.polls, report.evaluation) == ((), (), ())
    assert "Questions to the panel" not in text.render_markdown(report, english)
    assert load_workbook(io.BytesIO(excel.render(report, english))).sheetnames == [
        "Points", "Ranking", "Groups"]
    assert len(table.render(report, english).decode("utf-8-sig").split("\r\n\r\n")) == 1


def test_the_print_view_shows_the_hall_escaped_with_hidden_ones_marked(app, app_store):
    seminar, _ = hall_seminar(app_store)
    organiser = app.test_client()
    _organiser_login(organiser)
    page = organiser.get(f"/s/{seminar.code}/report").get_data(as_text=True)
    hall = page[page.index('id="panel-heading"'):page.index('id="programme-heading"')]
    assert hall.index("Hvordan følger dere opp?") < hall.index("Hva med økonomien?") < hall.index(
        'id="polls-heading"') < hall.index("Ett ord om dagen så langt") < hall.index(
        'id="evaluation-heading"') < hall.index("Hva tar du med deg hjem?")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hall and "<script>" not in hall
    assert "&lt;b&gt;fet&lt;/b&gt;" in hall and "<b>" not in hall
    assert '<tr class="report-panel-hidden"><td>Tull og tøys</td>' in hall
    assert re.search(r"&lt;/script&gt; <em>\([^)]+\)</em></li>", hall)  # marked hidden
    assert re.search(r"<td>samarbeid</td><td>3</td>", hall)
    assert ">Bærum</th><td>2</td>" in hall


# -- any text the hall can type ------------------------------------------------------------------

_typed = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1,
                 max_size=40)


def _hall_of(texts: list[str], report) -> object:
    """``report`` with one panel question, one open answer and one cloud word per text."""
    scale, choice, cloud, open_ = report.polls
    panel = tuple(replace(report.panel[0], text=text, name=text) for text in texts)
    cloud = replace(cloud, results={**cloud.results,
                                    "words": [{"word": t, "count": 1} for t in texts]})
    open_ = replace(open_, results={**open_.results, "answers": [
        {"id": n, "text": t, "hidden": n % 2 == 1} for n, t in enumerate(texts)]})
    return replace(report, panel=panel, polls=(scale, choice, cloud, open_))


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_typed, min_size=1, max_size=4))
def test_every_export_keeps_any_typed_text_inert(report, texts):
    """Markdown escapes it ("<" never starts a tag), the spreadsheet keeps it as text, the CSV
    file neutralises a formula; nothing typed breaks a file."""
    hall = _hall_of(texts, report)
    markdown = text.render_markdown(hall, english)
    assert "<" not in markdown.replace("<br>", "")
    Document(io.BytesIO(word.render(hall, english)))  # a valid .docx
    workbook = load_workbook(io.BytesIO(excel.render(hall, english)))
    assert all(cell.data_type == "s" for row in workbook["Panel"].iter_rows(min_row=2)
               for cell in row[1:3] if cell.value is not None)
    rows = list(csv.reader(io.StringIO(table.render(hall, english).decode("utf-8-sig")),
                           delimiter=";"))
    assert not any(cell.startswith(table.FORMULA_STARTS) for row in rows for cell in row)
