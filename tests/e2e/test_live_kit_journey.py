"""The kit edited while a block runs, end to end in Chromium: the big screen, the phones and the
console show the change within a second, without a reload; what a phone user is typing stays
(focus and all), and the text typed for a question that was removed is kept to copy, with a
plain word why."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import facilitate, open_console_task
from tests.e2e.test_answers_journey import _phone, group_work, tab
from tests.e2e.test_programme_journey import PROJECTOR_VIEWPORT, wait_connected
from tests.e2e.test_projector_layout import _look

pytestmark = pytest.mark.e2e

QUICKLY_MS = 1000  # "at once": every screen shows the edit within a second
# A long text for the new question: the big screen lays it out again, nothing cut off.
LONG_TEXT = " ".join(["Tenk på tilbudene i kommunen, samarbeidet mellom skole og kulturskole,"
                      " og hva som skal til for at flere barn får delta."] * 6)


# The short kit as the facilitator adapts it while "Gruppearbeid" runs: a new seminar title,
# the running block's title, question 1 reworded, question 2 removed, a new question 3, and
# the last block renamed, the scribe's role renamed (kit:edit operations, docs/socket-events.md).
EDITS = [
    {"op": "seminar", "field": "title", "value": "Kort testsamling i Sunnfjord"},
    {"op": "block.set", "index": 1, "field": "title", "value": "Gruppearbeid i kommunegruppene"},
    {"op": "question.set", "block": 1, "index": 0, "field": "title",
     "value": "Hva fungerer godt hos dere?"},
    {"op": "question.remove", "block": 1, "index": 1},
    {"op": "question.add", "block": 1, "at": 1},
    {"op": "question.set", "block": 1, "index": 1, "field": "id", "value": "q3"},
    {"op": "question.set", "block": 1, "index": 1, "field": "title",
     "value": "Hva vil dere prøve neste år?"},
    {"op": "question.set", "block": 1, "index": 1, "field": "text",
     "value": "Skriv ett punkt per idé. " + LONG_TEXT},
    {"op": "block.set", "index": 2, "field": "title", "value": "Oppsummering i plenum"},
    {"op": "role.set", "index": 1, "field": "name", "value": "Referent"},
]


def edit_kit(server, ops):
    """Edit the seminar's kit as the console does (kit:get for its version, then kit:edit)."""
    version = facilitate(server, "kit:get", {})["version"]
    ack = facilitate(server, "kit:edit", {"version": version, "ops": ops})
    assert ack["ok"], ack


def test_an_edit_of_the_kit_reaches_every_screen_at_once(server, new_page):
    facilitator = group_work(server, new_page)
    facilitator.click('[data-action="start"]')
    projector = new_page(PROJECTOR_VIEWPORT, name="projector")
    projector.goto(server.projector_url)
    wait_connected(projector, current=1)
    kari = _phone(server, new_page, "Kari", "Bergen")
    ola = _phone(server, new_page, "Ola", "Bergen")
    kari.get_by_role("button", name="Ta rollen: Skriver").click()
    expect(kari.locator("[data-answers-who]").first).to_contain_text("Du skriver gruppens punkter")
    expect(projector.locator("[data-groupwork] .question-title")).to_have_text(
        ["Spørsmål 1", "Spørsmål 2"])

    # Kari is typing a point for question 1; Ola a suggestion for question 2.
    tab(kari, "q1")
    kari.locator("#new-point-q1").click()
    kari.keyboard.type("Vi deler lokaler")
    tab(ola, "q2")
    ola.locator("#new-point-q2").fill("Et forslag til spørsmål 2")

    started = time.monotonic()
    edit_kit(server, EDITS)
    quickly = {"timeout": QUICKLY_MS}
    expect(projector.locator("[data-now-block] .block-title:visible")).to_have_text(
        "Gruppearbeid i kommunegruppene", **quickly)
    expect(projector.locator('[data-block-detail="1"] .question-title')).to_have_text(
        ["Hva fungerer godt hos dere?", "Hva vil dere prøve neste år?"], **quickly)
    # The new question's long text does not fit beside the first: the questions are paged
    # (the pages turn by themselves), one question a page.
    expect(projector.locator("[data-groupwork] .question-title")).to_have_count(1, **quickly)
    expect(projector.locator("[data-page-indicator]")).to_have_text(re.compile(r"\b2$"),
                                                                    **quickly)
    expect(projector.locator("#projector-seminar")).to_have_text("Kort testsamling i Sunnfjord")
    assert _look(projector)["problems"] == []
    expect(kari.locator('[data-question="q1"] .question-heading')).to_have_text(
        "Hva fungerer godt hos dere?", **quickly)
    expect(kari.locator("[data-timer-title]")).to_have_text("Gruppearbeid i kommunegruppene",
                                                            **quickly)
    expect(facilitator.locator("[data-bar-title]:visible strong")).to_have_text(
        "Gruppearbeid i kommunegruppene", **quickly)
    assert time.monotonic() - started < 5  # the edit itself, a socket round trip, the pages

    # What Kari types is still there, and she is still typing in it.
    expect(kari.locator("#new-point-q1")).to_have_value("Vi deler lokaler")
    expect(kari.locator("#new-point-q1")).to_be_focused()
    kari.keyboard.type(" med skolen")
    expect(kari.locator("#new-point-q1")).to_have_value("Vi deler lokaler med skolen")

    # Question 2 is gone; Ola's text is kept to copy, and the phone says why.
    expect(ola.locator('[data-question="q2"]')).to_have_count(0)
    refused = ola.locator("[data-answers-refused]")
    expect(refused).to_be_visible()
    expect(refused.locator(".refused-text")).to_have_text(["Et forslag til spørsmål 2"])
    expect(refused.locator(".refused-reason")).to_contain_text("«Spørsmål 2»")
    expect(ola.locator('[data-tab="q3"]')).to_be_visible()

    # The edited page works as before: Kari sends her point, and one for the new question.
    kari.locator('[data-question="q1"]').get_by_role("button", name="Legg til punkt").click()
    expect(ola.locator('[data-question="q1"] .point-text')).to_have_text(
        ["Vi deler lokaler med skolen"])
    tab(kari, "q3")
    kari.locator("#new-point-q3").fill("Felles kurs")
    kari.locator('[data-question="q3"]').get_by_role("button", name="Legg til punkt").click()
    tab(ola, "q3")
    expect(ola.locator('[data-question="q3"] .point-text')).to_have_text(["Felles kurs"])

    # The programme on the phone and in the console has the new titles; nothing was reloaded.
    expect(kari.locator("[data-programme] .programme-title")).to_have_text(
        ["Velkommen", "Gruppearbeid i kommunegruppene", "Oppsummering i plenum"])
    expect(facilitator.locator("[data-programme] .programme-title")).to_have_text(
        ["Velkommen", "Gruppearbeid i kommunegruppene", "Oppsummering i plenum"])
    expect(facilitator.locator("[data-next-title]")).to_have_text("Oppsummering i plenum")
    # The roles too: Kari's phone and the console's groups say "Referent" now.
    expect(kari.locator("[data-group-roles]")).to_contain_text("Referent")
    expect(kari.locator("[data-group-roles]")).not_to_contain_text("Skriver")
    groups = open_console_task(facilitator, "groups")
    expect(groups.locator(".group-admin").first).to_contain_text("Referent")
    for page in (projector, kari, ola, facilitator):
        assert page.evaluate("performance.getEntriesByType('navigation')[0].type") == "navigate"


def test_a_phone_away_during_the_edit_shows_it_once_it_is_back(server, new_page):
    group_work(server, new_page)
    kari = _phone(server, new_page, "Kari", "Bergen")
    tab(kari, "q1")
    kari.locator("#new-point-q1").fill("Skrevet uten nett")
    new_page.tolerate(r"ERR_INTERNET_DISCONNECTED|WebSocket connection|ERR_FAILED",
                      url=server.base_url, reason="the phone is deliberately offline")
    kari.context.set_offline(True)
    expect(kari.locator("[data-connection]")).to_have_attribute("data-state", "disconnected")

    edit_kit(server, EDITS[1:3])  # it hears no kit:changed
    kari.context.set_offline(False)
    # The join's programme state has the new kit version: the phone fetches the kit again.
    expect(kari.locator('[data-question="q1"] .question-heading')).to_have_text(
        "Hva fungerer godt hos dere?")
    expect(kari.locator("[data-timer-title]")).to_have_text("Gruppearbeid i kommunegruppene")
    expect(kari.locator("#new-point-q1")).to_have_value("Skrevet uten nett")
