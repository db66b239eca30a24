"""The plenary, end to end in Chromium: two groups answer two questions; the facilitator puts
the answer wall on the big screen, reveals it, highlights and hides points and hides the group
names; opens prioritising; each group picks its points in order; the report-back steps through
the groups' priorities on the projector, driven from the console; a theme is made, the summary
is revealed item by item on the projector, then the closing slide; the report is opened,
downloaded and printed."""

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.e2e.harness import open_console_task
from tests.e2e.test_answers_journey import _add, _phone, _points, group_work, tab
from tests.e2e.test_programme_journey import (
    PROJECTOR_VIEWPORT,
    wait_connected,
)

pytestmark = pytest.mark.e2e

BERGEN = {"q1": ["Møteplasser på tvers", "Felles kalender"],
          "q2": ["Kompetanse i kommunen", "Tid til samarbeid", "Økonomi <i>som</i> setter grenser"]}
SUNNFJORD = {"q1": ["Tillit mellom nivåene"], "q2": ["Lange avstander", "Digitale møter"]}


def _pick(phone, text):
    """Tap a point to give it the next rank (tap it again to take it out)."""
    phone.locator('[data-question="q2"] [data-rank-choices] button').filter(
        has=phone.locator(".rank-text", has_text=text)).click()


def test_wall_priorities_and_report_back(server, new_page, axe_audit):
    facilitator = group_work(server, new_page)
    projector = new_page(PROJECTOR_VIEWPORT, name="projector")
    projector.goto(server.projector_url)
    wait_connected(projector, current=1)

    kari = _phone(server, new_page, "Kari", "Bergen")
    ola = _phone(server, new_page, "Ola", "Bergen")
    per = _phone(server, new_page, "Per", "Sunnfjord")
    kari.get_by_role("button", name="Ta rollen: Skriver").click()
    expect(ola.locator("[data-answers-who]").first).to_contain_text("Du kan foreslå et punkt")
    for phone, answers in ((kari, BERGEN), (per, SUNNFJORD)):
        for question, texts in answers.items():
            for text in texts:
                _add(phone, question, text)
    expect(_points(ola, "q2")).to_have_text(BERGEN["q2"])
    expect(_points(per, "q2")).to_have_text(SUNNFJORD["q2"])

    # The answer wall: counts only until the facilitator reveals the points.
    panel = open_console_task(facilitator, "plenary").locator("[data-display-panel]")
    expect(panel.get_by_label("Spørsmål", exact=True)).to_have_value("q1")
    panel.get_by_role("button", name="Vis svarveggen").click()
    wall = projector.locator("[data-wall]")
    expect(wall).to_be_visible()
    expect(projector.locator(".block-detail").first).to_be_hidden()
    expect(wall.locator(".wall-group")).to_have_text(["Bergen", "Sunnfjord"])
    expect(wall.locator(".wall-count")).to_have_text(["Punkter: 2", "Punkter: 1"])
    expect(wall.locator(".wall-point")).to_have_count(0)
    expect(panel.locator("[data-display-now]")).to_have_text(
        "Storskjermen viser svarveggen: Spørsmål 1")
    panel.get_by_label("Vis punktene på dette spørsmålet").check()
    expect(wall.locator(".wall-point")).to_have_text([*BERGEN["q1"], *SUNNFJORD["q1"]])
    # A new point on the shown question appears on the wall as it is written.
    _add(per, "q1", "Mer tid")
    expect(wall.locator(".wall-card").nth(1).locator(".wall-point")).to_have_text(
        ["Tillit mellom nivåene", "Mer tid"])

    # Moderation: highlight one point, hide another; the group still sees the hidden one.
    panel.get_by_role("button", name="Fremhev: Bergen, punkt 2").click()
    expect(wall.locator(".wall-point.is-highlighted")).to_have_text("★ fremhevet: Felles kalender")
    panel.get_by_role("button", name="Skjul: Sunnfjord, punkt 2").click()
    expect(wall.locator(".wall-card").nth(1).locator(".wall-point")).to_have_text(
        ["Tillit mellom nivåene"])
    expect(panel.get_by_role("button", name="Skjul: Sunnfjord, punkt 2")).to_have_attribute(
        "aria-pressed", "true")
    expect(_points(per, "q1")).to_have_text(["Tillit mellom nivåene", "Mer tid"])
    panel.get_by_label("Skjul gruppenavnene på storskjermen").check()
    expect(wall.locator(".wall-group")).to_have_text(["Gruppe 1", "Gruppe 2"])
    assert "Bergen" not in projector.locator("[data-wall]").inner_text()
    expect(projector.locator("[data-group-sizes]")).to_have_text("Gruppe 1 (2) · Gruppe 2 (1)")
    assert axe_audit(projector) == []
    panel.get_by_label("Skjul gruppenavnene på storskjermen").uncheck()
    expect(wall.locator(".wall-group")).to_have_text(["Bergen", "Sunnfjord"])
    expect(projector.locator("[data-group-sizes]")).to_have_text("Bergen (2) · Sunnfjord (1)")

    # Prioritising opens for q2; the scribe picks two points in order, Per picks one.
    panel.get_by_label("Spørsmål", exact=True).select_option("q2")
    tab(kari, "q2")
    tab(per, "q2")
    priorities = kari.locator('[data-question="q2"] [data-priorities]')
    expect(priorities).to_be_hidden()
    panel.get_by_label("Gruppene kan prioritere på dette spørsmålet nå").check()
    expect(priorities).to_be_visible()
    expect(ola.locator('[data-question="q2"] [data-priority-form]')).to_be_hidden()
    _pick(kari, "Økonomi <i>som</i> setter grenser")
    _pick(kari, "Kompetanse i kommunen")
    ranks = kari.locator('[data-question="q2"] .rank-badge')
    expect(ranks).to_have_text(["2", "", "1"])  # full texts, in the group's order
    kari.get_by_role("button", name="Send prioriteringene våre").click()
    expected = ["Økonomi <i>som</i> setter grenser", "Kompetanse i kommunen"]
    expect(ola.locator('[data-question="q2"] [data-priority-list] li')).to_have_text(expected)
    expect(panel.locator("[data-priorities-status]")).to_have_text(
        "Har prioritert: Bergen. Ikke ennå: Sunnfjord.")
    assert axe_audit(kari) == []
    _pick(per, "Digitale møter")
    _pick(per, "Digitale møter")  # a second tap takes it out again
    per.get_by_role("button", name="Send prioriteringene våre").click()
    expect(per.locator('[data-question="q2"] [data-pick-feedback]')).to_have_text(
        "Velg fra 1 til 3 punkt.")
    _pick(per, "Digitale møter")
    per.get_by_role("button", name="Send prioriteringene våre").click()
    expect(panel.locator("[data-priorities-status]")).to_have_text(
        "Har prioritert: Bergen, Sunnfjord. Ikke ennå: –.")
    open_console_task(facilitator, "work")
    bergen = facilitator.locator("[data-overview-table] tbody tr").filter(has_text="Bergen")
    expect(bergen.locator("td").nth(2)).to_contain_text("prioritert ✓")
    open_console_task(facilitator, "plenary")

    # The report-back: group by group, each group's priorities in its order.
    panel.get_by_role("button", name="Vis tilbakemeldingen").click()
    expect(projector.locator("[data-wall-kind]")).to_have_text(
        "Tilbakemelding · gruppe 1 av 2")
    expect(projector.locator(".report-group")).to_have_text("Bergen")
    expect(projector.locator(".report-points li")).to_have_text(expected)
    expect(projector.locator("[data-wall-note]")).to_have_text("Neste: Sunnfjord")
    assert projector.locator(".report-points i").count() == 0  # text, never markup
    assert axe_audit(projector) == []
    panel.get_by_role("button", name="Neste gruppe →").click()
    expect(projector.locator(".report-group")).to_have_text("Sunnfjord")
    expect(projector.locator(".report-points li")).to_have_text(["Digitale møter"])
    expect(panel.locator("[data-display-now]")).to_have_text(
        "Storskjermen viser tilbakemeldingen på Spørsmål 2: gruppe 2 av 2 (Sunnfjord)")
    assert axe_audit(facilitator) == []
    panel.get_by_role("button", name="← Forrige gruppe").click()
    expect(projector.locator(".report-group")).to_have_text("Bergen")

    # A reloaded projector comes back to the same screen; back to the programme.
    projector.reload()
    expect(projector.locator(".report-group")).to_have_text("Bergen")

    # How to join, on the whole screen; the pages' turning paused and resumed from the console.
    panel.get_by_role("button", name="Vis hvordan man blir med").click()
    expect(projector.locator("[data-join-slide]")).to_be_visible()
    expect(projector.locator("[data-bar]")).to_be_hidden()
    expect(panel.locator("[data-display-now]")).to_have_text(
        "Storskjermen viser hvordan man blir med.")
    toggle = panel.get_by_role("button", name="Stopp sidevendingen")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(panel.locator("[data-paging-status]")).to_contain_text("står stille")
    panel.get_by_role("button", name="Neste side →").click()
    expect(panel.locator("[data-display-feedback]")).to_have_text("")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert axe_audit(projector) == []
    panel.get_by_role("button", name="Vis programmet").click()
    expect(wall).to_be_hidden()
    expect(projector.locator('[data-block-detail="1"]')).to_be_visible()

    # The summary: the ranking across groups, and a theme of two groups' points.
    summary = open_console_task(facilitator, "summary").locator("[data-summary-panel]")
    summary.get_by_label("Spørsmål", exact=True).select_option("q2")
    ranking = summary.locator("[data-summary-ranking] li")
    expect(ranking.first).to_contain_text("vekt 3")
    summary.get_by_label("Kompetanse i kommunen (Bergen · prioritet 2)").check()
    summary.get_by_label("Digitale møter (Sunnfjord · prioritet 1)").check()
    summary.get_by_label("Tittel på temaet").fill("Kompetanse og møter")
    summary.get_by_role("button", name="Lag et tema av de valgte punktene").click()
    expect(ranking.first).to_contain_text("1. Kompetanse og møter – vekt 5 · Bergen, Sunnfjord")
    assert axe_audit(facilitator) == []

    # The summary on the big screen, revealed item by item, then the closing slide.
    open_console_task(facilitator, "plenary")
    panel.get_by_role("button", name="Vis oppsummeringen").click()
    slide = projector.locator("[data-summary]")
    expect(slide.locator("[data-summary-title]")).to_have_text("Spørsmål 2")
    expect(slide.locator("[data-summary-note]")).to_have_text(
        "2 av 2 grupper har prioritert. Rangeringen vises punkt for punkt.")
    expect(slide.locator(".slide-item")).to_have_count(0)
    panel.get_by_role("button", name="Vis neste punkt →").click()
    expect(slide.locator(".slide-item")).to_have_count(1)
    first_item = slide.locator(".slide-item").first
    expect(first_item.locator(".slide-text")).to_have_text("Kompetanse og møter")
    expect(first_item.locator(".slide-weight")).to_have_text("5 poeng · tema med 2 punkter")
    expect(first_item.locator(".slide-groups")).to_have_text("Fra: Bergen, Sunnfjord")
    assert first_item.locator("svg rect").get_attribute("width") == "100"
    expect(panel.locator("[data-display-now]")).to_have_text(
        "Storskjermen viser oppsummeringen av Spørsmål 2: 1 av 2 punkter vist.")
    panel.get_by_role("button", name="Vis alle").click()
    expect(slide.locator(".slide-text")).to_have_text(
        ["Kompetanse og møter", "Økonomi <i>som</i> setter grenser"])
    assert float(slide.locator(".slide-item").nth(1).locator("svg rect")
                 .get_attribute("width")) == 60
    expect(panel.get_by_role("button", name="Vis neste punkt →")).to_be_disabled()
    assert axe_audit(projector) == []
    panel.get_by_role("button", name="Vis avslutningen").click()
    expect(slide.locator("[data-summary-title]")).to_have_text("Takk for innsatsen!")
    expect(slide.locator("[data-summary-note]")).to_have_text("2 grupper skrev 9 punkter.")
    assert axe_audit(projector) == []

    # The report: the print view, and the Word file downloaded from it.
    facilitator.goto(server.url(f"/s/{server.code}/report"))
    for heading in ("Oppsummering av prioriteringene", "Gruppenes svar",
                    "Programmet slik det ble kjørt"):
        expect(facilitator.get_by_role("heading", name=heading)).to_be_visible()
    expect(facilitator.locator(".report-ranking tbody tr").first).to_contain_text(
        "Kompetanse og møter")
    assert axe_audit(facilitator) == []
    with facilitator.expect_download() as download:
        facilitator.get_by_role("link", name="Word (.docx)").click()
    document = Document(download.value.path())
    text = "\n".join(p.text for p in document.paragraphs)
    for expected_text in [*BERGEN["q2"], *SUNNFJORD["q2"], "Kompetanse og møter"]:
        assert expected_text in text
    facilitator.emulate_media(media="print")
    expect(facilitator.locator(".report-actions")).to_be_hidden()
    assert facilitator.pdf(format="A4")[:5] == b"%PDF-"
