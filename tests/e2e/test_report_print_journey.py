"""The print view of the reviewer's 12-group seminar, printed to PDF by Chromium: the ranking
starts on page 1 (a theme of eleven long points is summarised, not printed whole), the whole
report fits on fewer than 8 A4 pages, and in the ranking no cell's text runs into the next
cell. The print button prints, and is not printed itself. On a 360-pixel phone the page does
not scroll sideways."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from seminar.store import Store
from tests.report_halls import THEME_TITLE, themed_national_hall

pytestmark = pytest.mark.e2e

# For every cell of the ranking: the boxes of its text, and its own box. Text outside its own
# cell is text that overlaps the neighbouring column (the old weight over the group names).
CELL_OVERFLOWS = """() => {
  const problems = [];
  for (const row of document.querySelectorAll(".report-ranking tr")) {
    for (const cell of row.cells) {
      const own = cell.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(cell);
      for (const box of range.getClientRects()) {
        if (box.width === 0) continue;
        if (box.left < own.left - 0.5 || box.right > own.right + 0.5) {
          problems.push(`${row.rowIndex}:${cell.cellIndex} ${box.left}-${box.right} ` +
                        `outside ${own.left}-${own.right}`);
        }
      }
    }
  }
  return problems;
}"""

# The boxes of the first ranked line's weight (number and bar) and of its groups.
FIRST_ROW_BOXES = """() => {
  const row = document.querySelector(".report-ranking tbody tr");
  const box = (element) => { const r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const range = document.createRange();
  range.selectNodeContents(row.querySelector(".report-groups"));
  return {number: box(row.querySelector(".report-weight-number")),
          bar: box(row.querySelector(".report-bar")),
          groups: [...range.getClientRects()].map((r) => ({left: r.left, right: r.right,
                                                          top: r.top, bottom: r.bottom}))};
}"""


def _intersect(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and \
        a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_12_group_report_prints_its_ranking_first_on_under_8_pages(
        server_factory, new_page, axe_audit):
    server = server_factory(start=False)
    store = Store(server.instance_dir / "seminar.db")
    hall = themed_national_hall(store)
    store.close()
    server.start()
    first, groups = hall.first_item(), hall.first_item_groups()
    assert first.title == THEME_TITLE and len(first.points) > 8 and len(groups) > 5

    page = new_page({"width": 1280, "height": 900})
    page.goto(server.url(f"/s/{hall.hall.code}/facilitator?key={hall.hall.facilitator_key}"))
    page.goto(server.url(f"/s/{hall.hall.code}/report"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nasjonalt dialogseminar 2023")
    assert axe_audit(page) == []
    button = page.get_by_role("button", name="Skriv ut eller lagre som PDF")
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    button.click()
    assert page.evaluate("() => window.printed") is True

    # The theme is summarised: its size and three examples, not its eleven points.
    theme = page.locator(".report-ranking tbody tr").first
    expect(theme.locator(".report-theme-count")).to_have_text(
        f"Tema, {len(first.points)} punkt. Eksempler:")
    assert theme.locator(".report-theme-points li").count() == 3

    page.emulate_media(media="print")
    expect(button).to_be_hidden()
    assert page.evaluate(CELL_OVERFLOWS) == []
    boxes = page.evaluate(FIRST_ROW_BOXES)
    assert boxes["groups"] and not any(
        _intersect(weight, text) for weight in (boxes["number"], boxes["bar"])
        for text in boxes["groups"])

    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) < 8
    page_one = _words(pdf.pages[0].extract_text())
    assert "Oppsummering av prioriteringene" in page_one
    # The first line of the ranking, in reading order: its title, its weight, its groups.
    title_at = page_one.index(THEME_TITLE)
    weight = re.compile(rf"\b{first.weight}\b").search(page_one, title_at + len(THEME_TITLE))
    assert weight is not None
    assert page_one.index(", ".join(groups), weight.end()) > weight.end()
    assert "Word (.docx)" not in page_one

    # On a phone: no sideways scrolling of the page, and nothing runs out of its cell.
    phone = new_page({"width": 360, "height": 740})
    phone.goto(server.url(f"/s/{hall.hall.code}/facilitator?key={hall.hall.facilitator_key}"))
    phone.goto(server.url(f"/s/{hall.hall.code}/report"))
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert phone.evaluate(CELL_OVERFLOWS) == []
