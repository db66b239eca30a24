"""The organisers' end of the day, in Chromium: after a seminar with three groups, the
facilitator downloads the report in every format from the report page and each file holds the
groups' answers; the print view rendered to PDF by Chromium has the report's headings; then the
facilitator deletes the seminar and the phones still open are told."""

import csv
import io
import json
from urllib.parse import unquote

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.harness import open_console_task
from tests.e2e.test_answers_journey import _add, _phone, group_work, tab

pytestmark = pytest.mark.e2e

ANSWERS = {
    "Bergen": {"q1": ["Møteplasser på tvers"], "q2": ["Kompetanse i kommunen", "Økonomi"]},
    "Sunnfjord": {"q1": ["Tillit mellom nivåene"], "q2": ["=SUM(A1:A3) lange avstander"]},
    "Ålesund": {"q1": ["Felles kalender"], "q2": ["Kulturskole i SFO-tiden", "Skyss"]},
}
PICKS = {"Bergen": ["Økonomi", "Kompetanse i kommunen"],
         "Sunnfjord": ["=SUM(A1:A3) lange avstander"],
         "Ålesund": ["Kulturskole i SFO-tiden"]}
ALL_POINTS = [text for group in ANSWERS.values() for texts in group.values() for text in texts]


def _download(page, link_name):
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name, exact=True).click()
    return download.value


def test_three_groups_then_every_format_the_pdf_and_deleting(server, new_page, axe_audit):
    facilitator = group_work(server, new_page, groups=tuple(ANSWERS))
    phones = {group: _phone(server, new_page, name, group)
              for name, group in zip(("Kari", "Per", "Åse"), ANSWERS, strict=True)}
    for group, answers in ANSWERS.items():
        for question, texts in answers.items():
            for text in texts:
                _add(phones[group], question, text)
    panel = open_console_task(facilitator, "plenary").locator("[data-display-panel]")
    panel.get_by_label("Spørsmål", exact=True).select_option("q2")
    panel.get_by_label("Gruppene kan prioritere på dette spørsmålet nå").check()
    for group, picks in PICKS.items():
        section = phones[group].locator('[data-question="q2"]')
        tab(phones[group], "q2")
        for text in picks:  # tapped in order: the first tapped is priority 1
            section.locator("[data-rank-choices] button").filter(
                has=phones[group].locator(".rank-text", has_text=text)).click()
        section.get_by_role("button", name="Send prioriteringene våre").click()
    expect(panel.locator("[data-priorities-status]")).to_have_text(
        "Har prioritert: Bergen, Sunnfjord, Ålesund. Ikke ennå: –.")

    report = facilitator
    report.goto(server.url(f"/s/{server.code}/report"))
    expect(report.get_by_role("heading", level=1)).to_have_text("Kort testsamling")

    docx = Document(_download(report, "Word (.docx)").path())
    text = "\n".join(p.text for p in docx.paragraphs)
    text += "\n".join(cell.text for table in docx.tables for row in table.rows
                      for cell in row.cells)
    assert all(point in text for point in ALL_POINTS)

    workbook = load_workbook(io.BytesIO(_download(report, "Excel (.xlsx)").path().read_bytes()))
    assert workbook.sheetnames == ["Punkter", "Rangering", "Grupper"]
    points_sheet = [row for row in workbook["Punkter"].iter_rows(values_only=True)][1:]
    assert sorted(row[4] for row in points_sheet) == sorted(ALL_POINTS)
    assert workbook["Punkter"].cell(row=2, column=5).data_type == "s"

    raw = _download(report, "CSV").path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    texts = [row[4] for row in rows[1:]]
    assert "'=SUM(A1:A3) lange avstander" in texts and "Møteplasser på tvers" in texts
    assert len(texts) == len(ALL_POINTS)

    markdown = _download(report, "Markdown").path().read_text(encoding="utf-8")
    assert markdown.startswith("# Kort testsamling")
    assert all(point in markdown for point in ["Ålesund", "Kulturskole i SFO-tiden"])

    archive = json.loads(_download(report, "Arkiv (JSON)").path().read_text(encoding="utf-8"))
    seminar = archive["seminar"]
    assert [group["name"] for group in seminar["groups"]] == list(ANSWERS)
    assert sorted(point["text"] for point in seminar["points"]) == sorted(ALL_POINTS)
    assert "Kari" not in json.dumps(archive, ensure_ascii=False)  # names only when asked

    mailto = report.get_by_role("link", name="Send oppsummeringen på e-post")
    href = unquote(mailto.get_attribute("href"))
    assert href.startswith("mailto:?subject=") and "Kulturskole i SFO-tiden" in href

    # The print view as a PDF: the report's headings, without the download links.
    report.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(report.pdf(format="A4")))
    printed = "\n".join(page.extract_text() for page in pdf.pages)
    for heading in ("Kort testsamling", "Oppsummering av prioriteringene",
                    "Programmet slik det ble kjørt", "Gruppenes svar", "Spørsmål 2",
                    "Kompetanse i kommunen", "Ålesund"):
        assert heading in printed, heading
    assert "Word (.docx)" not in printed

    # Deleting the seminar: the code typed to confirm; the open phones are told.
    facilitator.emulate_media(media="screen")
    facilitator.goto(server.facilitator_url)
    open_console_task(facilitator, "settings")
    facilitator.get_by_role("link", name="Slett samlingen …").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Slett samlingen")
    assert axe_audit(facilitator) == []
    facilitator.get_by_label(f"Skriv koden {server.code} for å bekrefte").fill(server.code)
    facilitator.get_by_role("button", name="Slett samlingen og alle svarene").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Samlingen er slettet")
    for phone in phones.values():
        expect(phone.locator("[data-live] > p.notice[role=alert]")).to_have_text(
            "Denne samlingen er slettet. Ingenting mer kan sendes til den.")
    gone = server.url(f"/s/{server.code}/report")
    new_page.tolerate("status of 404", url=gone, reason="the deleted seminar's report is gone")
    assert facilitator.goto(gone).status == 404
