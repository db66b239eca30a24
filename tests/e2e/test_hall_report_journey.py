"""The print view of a seminar whose hall took part (issue 16), in Chromium: the questions to the
panel, the polls and the evaluation are there with their results, participants' markup is shown
as text, axe finds nothing, and on a 360-pixel phone the page does not scroll sideways."""

import pytest
from playwright.sync_api import expect

from seminar.store import Store
from tests.hall_reports import OPEN, hall_seminar

pytestmark = pytest.mark.e2e


def test_the_print_view_shows_the_hall_readably(server_factory, new_page, axe_audit):
    server = server_factory(start=False)
    store = Store(server.instance_dir / "seminar.db")
    seminar, people = hall_seminar(store)
    store.close()
    server.start()
    page = new_page({"width": 1280, "height": 900})
    page.goto(server.url(f"/s/{seminar.code}/facilitator?key={people['key']}"))
    page.goto(server.url(f"/s/{seminar.code}/report"))
    panel = page.locator("section.report-panel")
    expect(panel.locator("tbody tr")).to_have_count(5)
    expect(panel.locator("tbody tr").first).to_contain_text("Hvordan følger dere opp?")
    expect(page.locator("section.report-polls h3")).to_have_count(4)
    expect(page.locator("section.report-evaluation h3")).to_have_count(2)
    expect(page.locator("section.report-polls .report-open-answers li").nth(1)).to_contain_text(
        OPEN["per"])  # the script tag as text
    assert page.locator(".report-page script, .report-page b").count() == 0
    assert axe_audit(page) == []
    phone = new_page({"width": 360, "height": 740})
    phone.goto(server.url(f"/s/{seminar.code}/facilitator?key={people['key']}"))
    phone.goto(server.url(f"/s/{seminar.code}/report"))
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 360
