"""Answers, end to end in Chromium: the scribe writes and the group sees it live, a member
suggests and the scribe accepts, the scribe writes three points offline and reloads while
still offline, they arrive exactly once when the phone is back, and a killed server loses no
acknowledged point."""

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import open_console_task
from tests.e2e.test_programme_journey import FACILITATOR_VIEWPORT, PHONE, wait_connected

pytestmark = pytest.mark.e2e

OFFLINE_POINTS = ["Felles møteplass for kulturskole og skole", "Delte lærerstillinger",
                  "Kulturskoletilbud i SFO-tiden"]


def _phone(server, new_page, name, group):
    page = new_page(PHONE["viewport"], name=f"phone {name}",
                    **{key: value for key, value in PHONE.items() if key != "viewport"})
    page.goto(server.join_url)
    wait_connected(page, current=1)
    page.fill("#display-name", name)
    page.click("[data-name-form] button")
    page.get_by_role("button", name=f"Bli med i {group}").click()
    expect(page.locator("[data-my-group-name]")).to_have_text(group)
    return page


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
    expect(kari.locator("[data-answers-who]")).to_contain_text("Du skriver gruppens punkter")
    expect(ola.locator("[data-answers-who]")).to_contain_text("Du kan foreslå et punkt")

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
    kari.get_by_role("button", name="Godta: punkt 2").click()
    expect(ola.locator('[data-question="q1"] .point-badges')).to_have_count(0)
    expect(_points(ola, "q1")).to_have_text(["Bedre samarbeid <b>med</b> skolen",
                                             "Olas forslag"])
    # The facilitator lets every member write; Ola's phone says so at once, and back.
    facilitator.locator("#all-members-write").check()
    expect(ola.locator("[data-answers-who]")).to_contain_text("Du skriver gruppens punkter")
    facilitator.locator("#all-members-write").uncheck()
    expect(ola.locator("[data-answers-who]")).to_contain_text("Du kan foreslå et punkt")
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
