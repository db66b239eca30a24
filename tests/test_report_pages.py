"""The report over HTTP and on the command line: who may download it, the print view, and
``seminar export``."""

import csv
import html
import io
import re

import pytest
from click.testing import CliRunner
from docx import Document

from seminar.cli import cli
from seminar.services import answers, groups
from seminar.services.seminars import create_seminar
from seminar.store import Store
from tests.conftest import NOW, SHORT_KIT
from tests.report_halls import THEME_TITLE, themed_national_hall
from tests.test_pages import _organiser_login


def _answer(store, seminar):
    """Group Bærum with Kari, who wrote two points on q1."""
    groups.prepare_groups(store, seminar, "Bærum", NOW)
    group = store.groups.all(seminar.record.id)[0].id
    kari, _ = groups.enter_seminar(store, seminar, "kari-participant", NOW)
    groups.choose_group(store, seminar, kari.id, group, NOW)
    groups.rename_participant(store, seminar, kari.id, "Kari Nordmann", NOW)
    for n, text in enumerate(["Felles møteplasser", "=1+1 ærlig talt"], start=1):
        answers.apply_edit(store, seminar, kari.id, {
            "id": f"edit-report-{n:03d}", "kind": "add", "point": f"point-report-{n:03d}",
            "question": "q1", "text": text}, NOW)


@pytest.fixture
def answered(make_seminar, app_store):
    seminar, key = make_seminar()
    _answer(app_store, seminar)
    return seminar, key


def test_only_the_facilitator_and_the_organiser_may_download(app, client, answered):
    seminar, key = answered
    for path in (f"/s/{seminar.code}/export/docx", f"/s/{seminar.code}/report"):
        assert client.get(path).status_code == 403
    client.get(f"/s/{seminar.code}")  # a participant's cookie changes nothing
    assert client.get(f"/s/{seminar.code}/export/csv").status_code == 403
    organiser = app.test_client()
    _organiser_login(organiser)
    assert organiser.get(f"/s/{seminar.code}/export/csv").status_code == 200
    assert client.get(f"/s/{seminar.code}/export/pdf").status_code == 404


def test_the_facilitator_downloads_word_and_csv_with_names_only_when_asked(client, answered):
    seminar, key = answered
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    response = client.get(f"/s/{seminar.code}/export/docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith(
        f'attachment; filename="dialogseminar-{seminar.code}-')
    assert response.headers["Cache-Control"] == "no-store"
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert "Felles møteplasser" in text and "Kari Nordmann" not in text
    named = client.get(f"/s/{seminar.code}/export/docx?names=1")
    assert "Kari Nordmann" in "\n".join(
        cell.text for table in Document(io.BytesIO(named.data)).tables
        for row in table.rows for cell in row.cells)
    rows = list(csv.reader(io.StringIO(
        client.get(f"/s/{seminar.code}/export/csv").data.decode("utf-8-sig")), delimiter=";"))
    assert any("'=1+1 ærlig talt" in row for row in rows)


def test_the_print_view_has_the_reports_sections_and_an_email_link(client, answered):
    seminar, key = answered
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    page = client.get(f"/s/{seminar.code}/report").get_data(as_text=True)
    for heading in ("Kort testsamling", "Oppsummering av prioriteringene", "Gruppenes svar",
                    "Programmet slik det ble kjørt", "Felles møteplasser"):
        assert heading in page
    assert 'href="mailto:?subject=' in page
    assert "Kari Nordmann" not in page
    assert "Kari Nordmann" in client.get(f"/s/{seminar.code}/report?names=1").get_data(
        as_text=True)


def test_the_print_view_summarises_a_theme_and_prints_from_a_script_file(client, app_store):
    hall = themed_national_hall(app_store)
    client.get(f"/s/{hall.hall.code}/facilitator?key={hall.hall.facilitator_key}")
    page = client.get(f"/s/{hall.hall.code}/report").get_data(as_text=True)
    assert "<script>" not in page and re.search(r'<script src="/static/js/report\.js[?"]', page)
    assert re.search(r"<button [^>]*data-print-report hidden>Skriv ut eller lagre som PDF<", page)
    first = hall.first_item()
    row = page[page.index(f"<strong>{THEME_TITLE}</strong>"):]
    row = row[:row.index("</tr>")]
    assert f"Tema, {len(first.points)} punkt. Eksempler:" in row
    examples = [html.unescape(text) for text in re.findall(r"<li>([^<]*)</li>", row)]
    assert len(examples) == 3 and len(set(examples)) == 3
    assert all(len(text) <= 161 for text in examples)
    assert "Alle punktene står under «Gruppenes svar»." in row
    assert html.unescape(re.search(r'class="report-groups">([^<]*)<', row)[1]) == ", ".join(
        hall.first_item_groups())


def test_the_command_line_exports_from_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("SEMINAR_INSTANCE_PATH", str(tmp_path))
    store = Store(tmp_path / "seminar.db")
    seminar, _ = create_seminar(store, "short.md", SHORT_KIT, NOW)
    _answer(store, seminar)
    store.close()
    out = tmp_path / "rapport.xlsx"
    result = CliRunner().invoke(cli, ["export", seminar.code, "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Skrev {out}.\n"
    from openpyxl import load_workbook
    sheet = load_workbook(out).worksheets[0]
    assert "Felles møteplasser" in [cell.value for row in sheet.iter_rows() for cell in row]
    result = CliRunner().invoke(cli, ["export", "NOSUCH", "--format", "md", "-o", "-"])
    assert result.exit_code == 1 and "Ingen samling har den koden" in result.output


def test_the_report_speaks_the_seminars_language(tmp_path, monkeypatch, client, app_store):
    nynorsk = SHORT_KIT.replace("sted: Testsalen\n", "sted: Testsalen\nspråk: nn\n")
    seminar, key = create_seminar(app_store, "short.md", nynorsk, NOW)
    _answer(app_store, seminar)
    client.get(f"/s/{seminar.code}/facilitator?key={key}")
    page = client.get(f"/s/{seminar.code}/report").get_data(as_text=True)
    assert "Programmet slik det vart køyrt" in page
    assert "Oppsummering av prioriteringane" in page
    monkeypatch.setenv("SEMINAR_INSTANCE_PATH", str(tmp_path / "cli"))
    store = Store(tmp_path / "cli" / "seminar.db")
    seminar, _ = create_seminar(store, "short.md", nynorsk, NOW)
    _answer(store, seminar)
    store.close()
    result = CliRunner().invoke(cli, ["export", seminar.code, "--format", "md", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert "Stad: Testsalen\n\nRapporten vart laga " in result.output
