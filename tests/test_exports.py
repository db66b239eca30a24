"""The report exports: Word, Excel, CSV, Markdown and e-mail, read back and checked in bokmål."""

import ast
import csv
import io
import json
import time
import tomllib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from babel.messages.pofile import read_po
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from seminar import exports
from seminar.domain.report import Report, ReportBlock, ReportGroup, ReportPoint, ReportQuestion
from seminar.domain.summary import Pick, rank_items
from seminar.exports import excel, table, text, word

EXPORTS = Path(exports.__file__).parent
# The exports' msgids and their bokmål, until they are merged into the catalogue.
EXPORT_TRANSLATIONS = Path("/tmp/tools/t_exports.json")
CATALOGUE = EXPORTS.parent / "translations" / "nb" / "LC_MESSAGES" / "messages.po"
T = datetime(2026, 5, 12, 8, 0, tzinfo=UTC).timestamp()  # 10:00 in Oslo
NAMES = ("Kari Nordmann", "Ola Hansen", "Per Ås")
GROUP_IDS = {1: "Bærum", 2: "Sør-Fron", 3: "Ålesund"}
Q1 = [("p1", 1, "Felles møteplasser", 2, "Møteplasser"), ("p2", 1, '=HYPERLINK("http://x")'),
      ("p3", 1, "Kort vei til ledelsen", 1), ("p4", 2, "Møteplasser på tvers", 1, "Møteplasser"),
      ("p5", 2, "+47 123 45 678 | ring oss", 2), ("p6", 3, "@sum", 1),
      ("p7", 3, "# Overskrift <script>")]
Q2 = [("q1", 1, "Mer tid til refleksjon\nog færre lysbilder"),
      ("q2", 1, "Kaffe & kake *hele* dagen"), ("q3", 2, "-mindre prat, mer handling")]
RANKING = [(1, "Møteplasser", 5, "Bærum, Sør-Fron"), (2, "Kort vei til ledelsen", 3, "Bærum"),
           (2, "@sum", 3, "Ålesund"), (4, "+47 123 45 678 | ring oss", 2, "Sør-Fron")]
FORMULA_LIKE = ['=HYPERLINK("http://x")', "+47 123 45 678 | ring oss", "@sum",
                "-mindre prat, mer handling"]
GROUP_HEADINGS = [("Heading 3", name) for name in GROUP_IDS.values()]


def _question(qid: str, title: str, rows: list, prioritise=None) -> ReportQuestion:
    rows = [(pid, group, txt, *rest, None, None)[:5] for pid, group, txt, *rest in rows]
    points = tuple(ReportPoint(pid, GROUP_IDS[group], txt, priority, theme, T + 60 * n,
                               T + 60 * n + 30)
                   for n, (pid, group, txt, priority, theme) in enumerate(rows))
    picks = [Pick(pid, group, txt, priority) for pid, group, txt, priority, _ in rows]
    ranking = rank_items(picks, {7: ("Møteplasser", ["p1", "p4"])}, 3) if prioritise else []
    return ReportQuestion(qid, title, "", "Samarbeid i praksis", prioritise, points,
                          tuple(ranking), GROUP_IDS)


@pytest.fixture
def report() -> Report:
    """A report with names in its groups but include_names off: the renderers must hide them."""
    programme = (
        ReportBlock("Velkommen", "plenary", 1, 540, 15, T - 3600, 16.4, "done"),
        ReportBlock("Samarbeid i praksis", "group-work", 1, 555, 45, T - 2600, 30.6, "current"),
        ReportBlock("Lunsj", "meal", 1, None, 30, None, None, "upcoming"),
        ReportBlock("Oppsummering", "plenary", 2, 780, 20, None, None, "skipped"))
    groups = (ReportGroup("Bærum", NAMES[:2], 4, (("Ordstyrer", "Kari Nordmann"),)),
              ReportGroup("Sør-Fron", NAMES[2:], 3, ()), ReportGroup("Ålesund", (), 5, ()))
    questions = (_question("q-1", "Hva fungerer godt?", Q1, (1, 3)),
                 _question("q-2", "Hva kan bli bedre?", Q2))
    return Report("Dialogseminar om samarbeid", "ABC123", "12. mai 2026", "Lillehammer", "KS",
                  None, T + 4 * 3600, False, programme, groups, questions)


def _bokmal() -> dict[str, str]:
    if not EXPORT_TRANSLATIONS.exists():  # merged into the catalogue since
        return {m.id: m.string for m in read_po(io.BytesIO(CATALOGUE.read_bytes())) if m.string}
    return json.loads(EXPORT_TRANSLATIONS.read_text(encoding="utf-8"))


@pytest.fixture
def nb():
    """A strict gettext: a msgid without a bokmål translation fails the test."""
    return _bokmal().__getitem__


@pytest.fixture(autouse=True)
def oslo_time(monkeypatch):
    """The server's local time is Norway's, whatever the machine running the tests says."""
    monkeypatch.setenv("TZ", "Europe/Oslo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _paragraphs(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.text]


def _cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_word_puts_the_ranking_first_then_an_outline_of_real_headings_and_tables(report, nb):
    document = Document(io.BytesIO(word.render(report, nb)))
    paragraphs = _paragraphs(document)
    assert [text for _, text in paragraphs[1:5]] == [
        "Dato: 12. mai 2026", "Sted: Lillehammer", "Arrangør: KS",
        "Rapporten ble laget 12.05.2026 14:00"]
    assert [p for p in paragraphs if p[0] == "Title" or p[0].startswith("Heading")] == [
        ("Title", "Dialogseminar om samarbeid"),
        ("Heading 1", "Oppsummering av prioriteringene"), ("Heading 2", "Hva fungerer godt?"),
        ("Heading 1", "Program"), ("Heading 1", "Hva fungerer godt?"),
        ("Heading 2", "Tema: Møteplasser"), ("Heading 2", "Punkter fra gruppene"),
        *GROUP_HEADINGS, ("Heading 1", "Hva kan bli bedre?"),
        ("Heading 2", "Punkter fra gruppene"), *GROUP_HEADINGS, ("Heading 1", "Grupper")]
    ranking, programme, groups = document.tables
    assert _cells(programme) == [
        ["Dag", "Programpost", "Type", "Planlagt start", "Planlagte minutter", "Faktisk start",
         "Minutter brukt", "Status"],
        ["1", "Velkommen", "Plenum", "09:00", "15", "09:00", "16", "ferdig"],
        ["1", "Samarbeid i praksis", "Gruppearbeid", "09:15", "45", "09:16", "31", "pågår"],
        ["1", "Lunsj", "Måltid", "–", "30", "–", "–", "ikke gjennomført"],
        ["2", "Oppsummering", "Plenum", "13:00", "20", "–", "–", "hoppet over"]]
    assert _cells(ranking) == [["Plass", "Tittel", "Vekt", "Grupper"],
                               *([str(value) for value in row] for row in RANKING)]
    assert _cells(groups) == [["Gruppe", "Størrelse"], ["Bærum", "4"], ["Sør-Fron", "3"],
                              ["Ålesund", "5"]]


def test_word_is_a4_and_sizes_each_tables_columns_to_their_content(report, nb):
    document = Document(io.BytesIO(word.render(report, nb)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    text_width = section.page_width - section.left_margin - section.right_margin
    for grid in document.tables:
        widths = [column.width for column in grid.columns]
        assert grid.autofit is False and abs(sum(widths) - text_width) < Mm(1)
        assert all([cell.width for cell in row.cells] == widths for row in grid.rows)
    ranking, programme, _ = ([column.width for column in t.columns] for t in document.tables)
    rank, title, weight, groups = ranking
    assert title > groups > 2 * max(rank, weight)
    day, block, kind, planned, minutes, started, ran, status = programme
    assert block > max(kind, planned, minutes, started, ran, status) and kind > day


def test_word_column_widths_keep_every_word_whole_and_give_long_text_the_room():
    header = ("Dag", "Programpost", "Planlagte minutter")
    rows = (("1", "Gruppearbeid 1: Lokal samhandling mellom skole og kulturskole", "55"),
            ("2", "Avslutning", "10"))
    widths = word.column_widths(header, rows, Mm(100))
    assert abs(sum(widths) - Mm(100)) < 10
    assert [word._text_width(w) + word.CELL_MARGINS <= width for w, width in zip(
        ("Dag", "kulturskole", "minutter"), widths, strict=True)] == [True] * 3
    assert widths[1] > widths[2] > widths[0]
    assert word.column_widths(("A", "B"), (("1", "2"),), Mm(100)) == [Mm(50), Mm(50)]


def test_word_lists_each_groups_points_once_priorities_first(report, nb):
    document = Document(io.BytesIO(word.render(report, nb)))
    paragraphs = _paragraphs(document)
    start = paragraphs.index(("Heading 2", "Punkter fra gruppene"))
    end = paragraphs.index(("Heading 1", "Hva kan bli bedre?"))
    assert paragraphs[start + 1:end] == [
        ("Heading 3", "Bærum"), ("List Number", "Kort vei til ledelsen (prioritet 1)"),
        ("List Number", "Felles møteplasser (prioritet 2) (tema: Møteplasser)"),
        ("List Number", '=HYPERLINK("http://x")'), ("Heading 3", "Sør-Fron"),
        ("List Number", "Møteplasser på tvers (prioritet 1) (tema: Møteplasser)"),
        ("List Number", "+47 123 45 678 | ring oss (prioritet 2)"), ("Heading 3", "Ålesund"),
        ("List Number", "@sum (prioritet 1)"), ("List Number", "# Overskrift <script>")]
    assert [text for style, text in paragraphs if style == "List Bullet"] == [
        "Felles møteplasser (Bærum)", "Møteplasser på tvers (Sør-Fron)"]
    assert paragraphs[end + 3:end + 5] == [
        ("Heading 3", "Bærum"), ("List Number", "Mer tid til refleksjon\nog færre lysbilder")]
    assert paragraphs[-3:] == [("Heading 3", "Ålesund"), ("Normal", "Ingen punkter."),
                               ("Heading 1", "Grupper")]
    lists = [p._p.pPr.numPr.numId.val for p in document.paragraphs
             if p.style.name == "List Number"]
    assert len(set(lists)) == 5 and lists == sorted(lists)  # each group's list counts from 1


def test_excel_keeps_formula_like_text_as_text_and_times_as_datetimes(report, nb):
    workbook = load_workbook(io.BytesIO(excel.render(report, nb)))
    assert workbook.sheetnames == ["Punkter", "Rangering", "Grupper"]
    points = workbook["Punkter"]
    assert list(points.iter_rows(values_only=True)) == [
        ("Samling", "Programpost", "Spørsmål", "Gruppe", "Punkt", "Prioritet", "Tema",
         "Opprettet", "Endret"),
        *(("Dialogseminar om samarbeid", "Samarbeid i praksis", question.title, p.group, p.text,
           p.priority, p.theme, datetime(2026, 5, 12, 10, n), datetime(2026, 5, 12, 10, n, 30))
          for question in report.questions for n, p in enumerate(question.points))]
    assert {cell.data_type for cell in points["E"]} == {"s"}
    assert [cell.value for cell in points["E"] if cell.value[0] in "=+-@"] == FORMULA_LIKE
    assert points["A1"].font.b and points.freeze_panes == "A2"
    assert points["H2"].number_format == points["I2"].number_format == "dd.mm.yyyy hh:mm"
    assert list(workbook["Rangering"].iter_rows(min_row=2, values_only=True)) == [
        ("Hva fungerer godt?", *row, n) for row, n in zip(RANKING, (2, 1, 1, 1), strict=True)]
    assert list(workbook["Grupper"].iter_rows(values_only=True)) == [
        ("Gruppe", "Størrelse", "Medlemmer", "Roller"), ("Bærum", 4, None, None),
        ("Sør-Fron", 3, None, None), ("Ålesund", 5, None, None)]


def test_excel_sheets_filter_wrap_and_print_one_page_wide_in_landscape(report, nb):
    workbook = load_workbook(io.BytesIO(excel.render(report, nb)))
    for sheet, last_column in zip(workbook, "IFD", strict=True):
        assert sheet.auto_filter.ref == f"A1:{last_column}{sheet.max_row}"
        assert sheet.freeze_panes == "A2" and sheet.print_title_rows == "$1:$1"
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
            "landscape", int(sheet.PAPERSIZE_A4), 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        text = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
        assert text and all(cell.alignment.wrap_text for cell in text)
    points = workbook["Punkter"]
    widths = {points.cell(1, n).value: points.column_dimensions[chr(64 + n)].width
              for n in range(1, 10)}
    assert widths["Punkt"] == max(widths.values()) <= excel.MAX_MAIN_WIDTH
    assert widths["Prioritet"] < widths["Opprettet"] < widths["Spørsmål"]
    # A row is as high as its wrapped text (office suites do not measure it on opening).
    seminar_lines = -(-len(report.title) // (widths["Samling"] - 1))
    assert seminar_lines == 2 and [points.row_dimensions[n].height for n in (1, 2)] == [
        excel.LINE_HEIGHT * lines + 3 for lines in (1, seminar_lines)]


def test_csv_is_semicolon_separated_utf8_with_bom_and_neutralised_formulas(report, nb):
    data = table.render(report, nb)
    assert data.startswith(b"\xef\xbb\xbf")
    decoded = data.decode("utf-8-sig")
    header = "Samling;Programpost;Spørsmål;Gruppe;Punkt;Prioritet;Tema;Opprettet;Endret\r\n"
    assert decoded.startswith(header)
    rows = list(csv.reader(io.StringIO(decoded, newline=""), delimiter=";"))
    start = ["Dialogseminar om samarbeid", "Samarbeid i praksis", "Hva fungerer godt?", "Bærum"]
    assert rows[1:3] == [
        start + ["Felles møteplasser", "2", "Møteplasser", "2026-05-12 10:00", "2026-05-12 10:00"],
        start + ["'=HYPERLINK(\"http://x\")", "", "", "2026-05-12 10:01", "2026-05-12 10:01"]]
    everyone = [(point.group, point.text) for q in report.questions for point in q.points]
    assert [(row[3], row[4].removeprefix("'")) for row in rows[1:]] == everyone
    assert [row[4] for row in rows if row[4].startswith("'")] == ["'" + t for t in FORMULA_LIKE]


def test_markdown_has_the_outline_and_escapes_participants_text(report, nb):
    markdown = text.render_markdown(report, nb)
    lines = markdown.splitlines()
    groups = ["#### Bærum", "#### Sør-Fron", "#### Ålesund"]
    assert [line for line in lines if line.startswith("#")] == [
        "# Dialogseminar om samarbeid", "## Oppsummering av prioriteringene",
        "### Hva fungerer godt?", "## Program", "## Hva fungerer godt?",
        "### Tema: Møteplasser", "### Punkter fra gruppene", *groups, "## Hva kan bli bedre?",
        "### Punkter fra gruppene", *groups, "## Grupper"]
    assert "<script>" not in markdown and "2. \\# Overskrift &lt;script>" in lines
    assert "| 4 | +47 123 45 678 \\| ring oss | 2 | Sør-Fron |" in lines
    assert lines[lines.index("## Hva kan bli bedre?"):] == [
        "## Hva kan bli bedre?", "", "Programpost: Samarbeid i praksis", "",
        "### Punkter fra gruppene", "", "#### Bærum", "", "1. Mer tid til refleksjon  ",
        "   og færre lysbilder", "2. Kaffe & kake \\*hele\\* dagen", "", "#### Sør-Fron", "",
        "1. \\-mindre prat, mer handling", "", "#### Ålesund", "", "Ingen punkter.", "",
        "## Grupper", "", "| Gruppe | Størrelse |", "| --- | --- |", "| Bærum | 4 |",
        "| Sør-Fron | 3 |", "| Ålesund | 5 |"]


def test_markdown_escaping_keeps_quotes_lists_links_and_entities_literal():
    assert text.escape_markdown("> [lenke](x) &amp; & mer\n1. punkt\n- strek") == (
        "\\> \\[lenke\\](x) &amp;amp; & mer  \n1\\. punkt  \n\\- strek")


def test_email_puts_rankings_first_then_the_other_points(report, nb):
    assert text.render_email(report, nb) == ("Dialogseminar om samarbeid", "\n".join([
        "Dialogseminar om samarbeid", "12. mai 2026, Lillehammer", "", "Hva fungerer godt?",
        *(f"{rank}. {title} (vekt {weight}; {groups})" for rank, title, weight, groups in RANKING),
        "", "Hva kan bli bedre?", "Bærum:", "- Mer tid til refleksjon og færre lysbilder",
        "- Kaffe & kake *hele* dagen", "Sør-Fron:", "- -mindre prat, mer handling", ""]))
    assert text.render_email(replace(report, subject="Takk for i dag"), nb)[0] == "Takk for i dag"


def test_mailto_keeps_a_short_body_and_cuts_a_long_one_at_a_line(nb):
    assert text.mailto_url("Sør & nord", "Linje 1\nLinje 2\n", nb) == (
        "mailto:?subject=" + quote("Sør & nord", safe="") + "&body=Linje%201%0D%0ALinje%202%0D%0A")
    body = "".join(f"- Punkt nummer {n} om æøå\n" for n in range(200))
    url = text.mailto_url("Oppsummering", body, nb)
    assert 1700 < len(url) <= text.MAILTO_LIMIT
    sent = unquote(url.split("&body=")[1]).split("\r\n")
    assert sent[-3:] == ["", "Hele rapporten ligger i Word-filen.", ""]
    assert body.startswith("\n".join(sent[:-3]) + "\n")


def _all_text(report: Report, nb) -> dict[str, str]:
    document = Document(io.BytesIO(word.render(report, nb)))
    workbook = load_workbook(io.BytesIO(excel.render(report, nb)))
    return {
        "docx": "\n".join([p.text for p in document.paragraphs] + [
            cell.text for t in document.tables for row in t.rows for cell in row.cells]),
        "xlsx": "\n".join(str(v) for sheet in workbook
                          for row in sheet.iter_rows(values_only=True) for v in row),
        "csv": table.render(report, nb).decode("utf-8-sig"),
        "md": text.render_markdown(report, nb), "email": text.render_email(report, nb)[1]}


def test_participants_names_appear_only_when_included(report, nb):
    hidden = _all_text(report, nb)
    assert {fmt for fmt, content in hidden.items() if any(n in content for n in NAMES)} == set()
    shown = _all_text(replace(report, include_names=True), nb)
    assert {fmt for fmt, content in shown.items()
            if all(n in content for n in NAMES) and "Ordstyrer: Kari Nordmann" in content
            } == {"docx", "xlsx", "md"}


def test_office_files_drop_control_characters_they_cannot_store(report, nb):
    point = replace(report.questions[1].points[0], text="Ring\x07 meg")
    broken = replace(report, questions=(replace(report.questions[1], points=(point,)),))
    assert "Ring meg" in _all_text(broken, nb)["docx"].splitlines()
    assert load_workbook(io.BytesIO(excel.render(broken, nb)))["Punkter"]["E2"].value == "Ring meg"


def test_the_registry_names_files_and_refuses_unknown_formats(report, nb):
    assert list(exports.FORMATS) == ["docx", "xlsx", "csv", "md"]
    assert exports.filename(report, "xlsx") == "dialogseminar-ABC123-2026-05-12.xlsx"
    assert exports.render(report, "md", nb) == text.render_markdown(report, nb).encode()
    assert exports.render(report, "docx", nb).startswith(b"PK")
    with pytest.raises(ValueError):
        exports.render(report, "pdf", nb)


def test_every_msgid_of_the_exports_has_a_bokmal_translation():
    msgids = {node.args[0].value for path in EXPORTS.glob("*.py")
              for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
              if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"_", "N_"}
              and node.args and isinstance(node.args[0], ast.Constant)}
    assert len(msgids) > 40 and msgids - set(_bokmal()) == set()


def test_the_word_renderer_reaches_into_python_docx_in_one_function_and_pins_it():
    """python-docx's XML layer and the private attributes of its objects are used only in
    ``word._set_in_xml``, and pyproject.toml pins python-docx to the major version it was
    checked with."""
    source = Path(word.__file__).read_text(encoding="utf-8")
    outside = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inside = (child.name if isinstance(child, ast.FunctionDef) and function == ""
                      else function)
            private = (isinstance(child, ast.Attribute) and child.attr.startswith("_")
                       and not (isinstance(child.value, ast.Name) and child.value.id == "self"))
            xml = (isinstance(child, ast.ImportFrom) and (child.module or "").startswith(
                "docx.oxml"))
            if (private or xml) and inside != "_set_in_xml":
                outside.append((child.lineno, ast.unparse(child)))
            visit(child, inside)

    visit(ast.parse(source), "")
    assert outside == []
    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    [pin] = [d for d in pyproject["project"]["dependencies"] if d.startswith("python-docx")]
    assert pin.replace(" ", "") == "python-docx>=1.1,<2"
