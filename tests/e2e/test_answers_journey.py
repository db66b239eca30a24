"""Answers, end to end in Chromium: the scribe writes and the group sees it live, a member
suggests and the scribe accepts, the scribe writes three points offline and reloads while
still offline, they arrive exactly once when the phone is back, and a killed server loses no
acknowledged point."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import open_console_task
from tests.e2e.test_programme_journey import FACILITATOR_VIEWPORT, PHONE, wait_connected

pytestmark = pytest.mark.e2e

OFFLINE_POINTS = ["Felles møteplass for kulturskole og skole", "Delte lærerstillinger",
                  "Kulturskoletilbud i SFO-tiden"]


def start(page, name):
    """The phone's first step: type the name (or not) and go on to the groups."""
    page.fill("#display-name", name)
    page.get_by_role("button", name="Neste").click()
    expect(page.locator("[data-group-choices]")).to_be_visible()


def choose_group(page, group):
    """The second step: tap the group (its button shows the name and how many are in it)."""
    page.locator("[data-group-choices] button").filter(
        has=page.locator(".group-choice-name", has_text=re.compile(f"^{re.escape(group)}$"))
    ).click()
    expect(page.locator("[data-my-group-name]")).to_have_text(group)


def _phone(server, new_page, name, group):
    page = new_page(PHONE["viewport"], name=f"phone {name}",
                    **{key: value for key, value in PHONE.items() if key != "viewport"})
    page.goto(server.join_url)
    wait_connected(page, current=1)
    start(page, name)
    choose_group(page, group)
    return page


def tab(page, question):
    """Show ``question``'s tab (a block with several questions has one tab each)."""
    page.locator(f'[data-tab="{question}"]').click()
    expect(page.locator(f'[data-question="{question}"]')).to_be_visible()


def group_work(server, new_page, groups=("Bergen", "Sunnfjord")):
    """The facilitator's console with the groups (Bergen and Sunnfjord), in the group-work
    block."""
    facilitator = new_page(FACILITATOR_VIEWPORT, name="facilitator")
    facilitator.goto(server.facilitator_url)
    wait_connected(facilitator, current=0)
    open_console_task(facilitator, "groups")
    facilitator.fill("#group-list", "\n".join(groups))
    facilitator.click("[data-prepare-groups] button")
    expect(facilitator.locator(".group-admin")).to_have_count(len(groups))
    facilitator.click('[data-action="next"]')
    wait_connected(facilitator, current=1)
    return facilitator


def _add(page, question, text, label="Nytt punkt", button="Legg til punkt"):
    tab(page, question)
    section = page.locator(f'[data-question="{question}"]')
    section.get_by_label(label, exact=True).fill(text)
    section.get_by_role("button", name=button).click()


def _points(page, question):
    return page.locator(f'[data-question="{question}"] .point-text')


def test_answers_live_offline_and_after_a_crash(server, new_page, axe_audit):
    facilitator = group_work(server, new_page)

    kari = _phone(server, new_page, "Kari", "Bergen")
    ola = _phone(server, new_page, "Ola", "Bergen")
    per = _phone(server, new_page, "Per", "Sunnfjord")
    kari.get_by_role("button", name="Ta rollen: Skriver").click()
    expect(kari.locator("[data-answers-who]").first).to_contain_text("Du skriver gruppens punkter")
    expect(ola.locator("[data-answers-who]").first).to_contain_text("Du kan foreslå et punkt")

    # The scribe writes; the group sees it at once, the other group does not.
    _add(kari, "q1", "Bedre samarbeid <b>med</b> skolen")
    expect(_points(ola, "q1")).to_have_text(["Bedre samarbeid <b>med</b> skolen"])
    assert ola.locator('[data-question="q1"] .point-text b').count() == 0
    expect(_points(per, "q1")).to_have_count(0)
    open_console_task(facilitator, "work")
    bergen = facilitator.locator("[data-overview-table] tbody tr").filter(has_text="Bergen")
    expect(bergen.locator("td").nth(0)).to_have_text("2/2")
    expect(bergen.locator("td").nth(1)).to_contain_text("Punkter: 1")

    # A member suggests a point; the scribe accepts it.
    _add(ola, "q1", "Olas forslag", label="Ditt forslag", button="Foreslå punkt")
    expect(kari.locator('[data-question="q1"] .point-badges')).to_have_text(["forslag"])
    kari.get_by_role("button", name="Godta: forslag 1").click()
    expect(ola.locator('[data-question="q1"] .point-badges')).to_have_count(0)
    expect(_points(ola, "q1")).to_have_text(["Bedre samarbeid <b>med</b> skolen",
                                             "Olas forslag"])
    # The facilitator lets every member write; Ola's phone says so at once, and back.
    facilitator.locator("#all-members-write").check()
    expect(ola.locator("[data-answers-who]").first).to_contain_text("Du skriver gruppens punkter")
    facilitator.locator("#all-members-write").uncheck()
    expect(ola.locator("[data-answers-who]").first).to_contain_text("Du kan foreslå et punkt")
    tab(kari, "q1")
    kari.locator("#done-q1").check()
    expect(bergen.locator("td").nth(1)).to_contain_text("ferdig ✓")
    expect(ola.locator('[data-question="q1"] [data-done-note]')).to_be_visible()
    assert axe_audit(kari) == []
    assert axe_audit(ola) == []
    assert axe_audit(facilitator) == []

    # Offline: three points are kept on the phone, survive a reload, and arrive exactly once.
    new_page.tolerate(r"ERR_INTERNET_DISCONNECTED|WebSocket connection|ERR_FAILED",
                      url=server.base_url, reason="the phone is deliberately offline")
    kari.context.set_offline(True)
    expect(kari.locator("[data-connection]")).to_have_attribute("data-state", "disconnected")
    for text in OFFLINE_POINTS:
        _add(kari, "q2", text)
    expect(kari.locator("[data-answers-pending]")).to_contain_text("3 endringer venter")
    kari.reload()  # still offline: the service worker serves the page it kept
    expect(_points(kari, "q2")).to_have_text(OFFLINE_POINTS)
    expect(kari.locator('[data-question="q2"] .point-badges')).to_have_text(
        ["ikke sendt ennå"] * 3)
    expect(_points(ola, "q2")).to_have_count(0)
    kari.context.set_offline(False)
    expect(_points(ola, "q2")).to_have_text(OFFLINE_POINTS, timeout=20_000)
    expect(kari.locator('[data-question="q2"] .point-badges')).to_have_count(0)
    expect(kari.locator("[data-answers-pending]")).to_have_text("")
    ola.reload()
    wait_connected(ola, current=1)
    expect(_points(ola, "q2")).to_have_text(OFFLINE_POINTS)  # stored once, not three times

    # The server is killed mid-block: every acknowledged point is still there afterwards.
    pages = [facilitator, kari, ola, per]
    with new_page.tolerating_reconnect(server, pages):
        server.restart(kill=True)
        for page in pages:
            expect(page.locator("[data-connection]")).to_have_attribute(
                "data-state", "connected", timeout=20_000)
    for page in (kari, ola):
        page.reload()
        wait_connected(page, current=1)
        expect(_points(page, "q1")).to_have_text(["Bedre samarbeid <b>med</b> skolen",
                                                  "Olas forslag"])
        expect(_points(page, "q2")).to_have_text(OFFLINE_POINTS)
    expect(_points(per, "q2")).to_have_count(0)


def test_the_scribe_edits_by_tapping_deletes_with_undo_and_members_edit_their_suggestions(
        server, new_page, axe_audit):
    group_work(server, new_page, groups=("Bergen",))
    kari = _phone(server, new_page, "Kari", "Bergen")
    ola = _phone(server, new_page, "Ola", "Bergen")
    siri = _phone(server, new_page, "Siri", "Bergen")
    kari.get_by_role("button", name="Ta rollen: Skriver").click()
    expect(ola.locator("[data-answers-who]").first).to_contain_text("Du kan foreslå et punkt")
    for text in ("Første punkt", "Andre punkt", "Tredje punkt"):
        _add(kari, "q1", text)
    expect(_points(ola, "q1")).to_have_text(["Første punkt", "Andre punkt", "Tredje punkt"])

    # Tap a point to edit it.
    points = kari.locator('[data-question="q1"] [data-points]')
    points.get_by_role("button", name="Andre punkt").click()
    kari.get_by_label("Endre punkt 2").fill("Andre punkt, bedre")
    kari.get_by_role("button", name="Lagre").click()
    expect(_points(ola, "q1")).to_have_text(["Første punkt", "Andre punkt, bedre",
                                             "Tredje punkt"])
    # Delete is behind "…", and can be undone from the toast.
    kari.get_by_role("button", name="Mer for punkt 2").click()
    kari.get_by_role("button", name="Slett: punkt 2").click()
    toast = kari.locator("[data-toast]")
    expect(toast).to_contain_text("Slettet punkt 2.")
    expect(_points(ola, "q1")).to_have_text(["Første punkt", "Tredje punkt"])
    assert axe_audit(kari) == []
    toast.get_by_role("button", name="Angre").click()
    expect(toast).to_be_hidden()
    expect(_points(ola, "q1")).to_have_text(["Første punkt", "Andre punkt, bedre",
                                             "Tredje punkt"])  # back in its place
    expect(_points(kari, "q1")).to_have_text(["Første punkt", "Andre punkt, bedre",
                                              "Tredje punkt"])

    # A member suggests, edits and withdraws their suggestion; the others cannot.
    _add(ola, "q1", "Olas forslag", label="Ditt forslag", button="Foreslå punkt")
    tray = '[data-question="q1"] [data-suggestion-list]'
    expect(siri.locator(tray)).to_contain_text("Olas forslag")
    assert siri.locator(tray).get_by_role("button").count() == 0
    ola.locator(tray).get_by_role("button", name="Endre: forslag 1").click()
    ola.get_by_label("Endre forslag 1").fill("Olas forslag, endret")
    ola.get_by_role("button", name="Lagre").click()
    expect(kari.locator(tray + " .point-text")).to_have_text(["Olas forslag, endret"])
    ola.locator(tray).get_by_role("button", name="Trekk tilbake: forslag 1").click()
    expect(kari.locator(tray + " li")).to_have_count(0)
    # The scribe's tray: accept (primary) and reject (with undo).
    _add(ola, "q1", "Nytt forslag", label="Ditt forslag", button="Foreslå punkt")
    accept = kari.locator(tray).get_by_role("button", name="Godta: forslag 1")
    expect(accept).to_have_class(re.compile(r"\bbutton-primary\b"))
    kari.locator(tray).get_by_role("button", name="Avvis: forslag 1").click()
    expect(ola.locator(tray + " li")).to_have_count(0)
    kari.locator("[data-toast]").get_by_role("button", name="Angre").click()
    expect(ola.locator(tray + " .point-text")).to_have_text(["Nytt forslag"])
    accept.click()
    expect(_points(siri, "q1")).to_have_text(["Første punkt", "Andre punkt, bedre",
                                              "Tredje punkt", "Nytt forslag"])
    assert axe_audit(ola) == []
