"""The Word and Excel reports of the reviewer's 12-group seminar, opened in an independent
reader: LibreOffice (headless) converts them to PDF, and the PDFs are read back with pypdf.

The Word report puts the result first: page 1 holds the ranking (its heading, the first ranked
item and the groups behind it), and the whole report is under 10 pages. The workbook prints
each sheet one page wide in landscape, with its header row on every page.

LibreOffice is required, not optional: scripts/test.sh installs it (Debian's
libreoffice-writer-nogui and libreoffice-calc-nogui) when ``soffice`` is missing.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from seminar import exports
from seminar.i18n import cli_translations
from seminar.store import Store
from tests.report_halls import THEME_TITLE, themed_national_hall

CONVERT_TIMEOUT = 300  # seconds, for both files; about 15 s on an idle machine
A4_LANDSCAPE_WIDTH, A4_LANDSCAPE_HEIGHT = 841.9, 595.3  # points
POINTS_PER_INCH, POINT_PER_WIDTH = 72, 5.0


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """The hall's reports as .docx and .xlsx, and LibreOffice's PDFs of them."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed for this test: run scripts/test.sh, which installs it"
    folder = tmp_path_factory.mktemp("office")
    store = Store(folder / "hall.db")
    hall = themed_national_hall(store)
    store.close()
    gettext = cli_translations("nb").gettext
    files = {fmt: folder / f"rapport-{fmt}.{fmt}" for fmt in ("docx", "xlsx")}
    for fmt, path in files.items():
        path.write_bytes(exports.render(hall.report, fmt, gettext))
    # A profile of its own, so that parallel runs (and a LibreOffice the developer has open)
    # do not share one and wait for each other's lock.
    profile = (folder / "libreoffice-profile").as_uri()
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder / "pdf"), *map(str, files.values())],
        capture_output=True, text=True, timeout=CONVERT_TIMEOUT, check=False)
    missing = [fmt for fmt in files if not (folder / "pdf" / f"rapport-{fmt}.pdf").exists()]
    assert not missing, f"soffice made no PDF of {missing}: {result.stdout}\n{result.stderr}"
    return hall, files, folder / "pdf"


def _words(text: str) -> str:
    return " ".join(text.split())


def _pages(folder: Path, stem: str) -> list[str]:
    return [_words(page.extract_text()) for page in PdfReader(folder / f"{stem}.pdf").pages]


def test_the_word_report_has_the_ranking_on_page_1_and_fewer_than_10_pages(office):
    hall, _, pdfs = office
    pages = _pages(pdfs, "rapport-docx")
    assert len(pages) < 10
    first, groups = hall.first_item(), hall.first_item_groups()
    page_one = pages[0]
    assert page_one.startswith("Nasjonalt dialogseminar 2023")
    assert "Oppsummering av prioriteringene" in page_one
    title_at = page_one.index(THEME_TITLE)
    assert first.title == THEME_TITLE and len(groups) > 5
    assert page_one.index(", ".join(groups), title_at) > title_at
    # Every ranked item is on page 1 in this seminar (19 lines).
    assert all(_words(item.title) in page_one
               for item in hall.report.prioritised()[0].ranking)


def _pages_fitted_to_width(sheet) -> int:
    """How many pages the sheet prints on when it is shrunk to one page wide: its rows kept
    whole, its header row on every page. A column ``w`` wide is taken as ``w`` × 5 pt (Excel:
    7 pixels, 5.25 pt, per width unit), which if anything overstates the scale, and so the
    pages: this is an upper bound."""
    margins = sheet.page_margins
    width = sum(sheet.column_dimensions[column.column_letter].width for column in sheet[1])
    scale = min(1.0, (A4_LANDSCAPE_WIDTH - (margins.left + margins.right) * POINTS_PER_INCH)
                / (width * POINT_PER_WIDTH))
    room = A4_LANDSCAPE_HEIGHT - (margins.top + margins.bottom) * POINTS_PER_INCH
    room = room / scale - sheet.row_dimensions[1].height
    pages, used = 1, 0.0
    for number in range(2, sheet.max_row + 1):
        height = sheet.row_dimensions[number].height
        if used + height > room:
            pages, used = pages + 1, 0.0
        used += height
    return pages


def test_the_workbook_prints_one_page_wide_in_landscape(office):
    hall, files, pdfs = office
    reader = PdfReader(pdfs / "rapport-xlsx.pdf")
    workbook = load_workbook(files["xlsx"])
    # The bound: each sheet one page wide, and as long as its rows make it at that scale.
    bound = sum(_pages_fitted_to_width(sheet) for sheet in workbook)
    assert len(reader.pages) <= bound <= 20  # it was 38, one column at a time
    assert all(page.mediabox.width > page.mediabox.height for page in reader.pages)
    header = [cell.value for cell in workbook["Punkter"][1]]
    printed = [_words(page.extract_text()) for page in reader.pages]
    # The footer names the sheet and the page: "Punkter – 2 / 13".
    points_pages = [text for text in printed if text.startswith("Punkter – ")]
    assert len(points_pages) >= 2
    for text in points_pages:  # every column, and the header row on every page
        assert " ".join(header) in text, text[:200]
    printed = " ".join(printed)
    assert all(_words(point.text)[:40] in printed
               for question in hall.report.questions for point in question.points)
