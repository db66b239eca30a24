"""Groups protected from their own guests, end to end in Chromium: the facilitator restores a
changed and a deleted point from the console's history and the group's phones see them again;
while the groups are locked, a phone asks to join and is let in by the facilitator.

(Taking a held role with the holder's consent, on two phones, is in test_groups_journey.)
New strings are found by their data attributes, so the tests do not depend on which
translations are merged."""

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import open_console_task
from tests.e2e.test_answers_journey import _add, _phone, _points, group_work, start
from tests.e2e.test_programme_journey import FACILITATOR_VIEWPORT, PHONE, wait_connected

pytestmark = pytest.mark.e2e


def test_the_facilitator_restores_a_changed_and_a_deleted_point(server, new_page, axe_audit):
    facilitator = group_work(server, new_page)
    kari = _phone(server, new_page, "Kari", "Bergen")
    ola = _phone(server, new_page, "Ola", "Bergen")
    kari.get_by_role("button", name="Ta rollen: Skriver").click()
    expect(ola.locator("[data-answers-who]").first).to_contain_text("Du kan foreslå et punkt")
    for text in ("Første punkt", "Andre punkt"):
        _add(kari, "q1", text)
    expect(_points(ola, "q1")).to_have_text(["Første punkt", "Andre punkt"])

    # A guest with the scribe's role overwrites one point and deletes the other.
    points = kari.locator('[data-question="q1"] [data-points]')
    points.get_by_role("button", name="Første punkt").click()
    kari.get_by_label("Endre punkt 1").fill("Tull")
    kari.get_by_role("button", name="Lagre").click()
    kari.get_by_role("button", name="Mer for punkt 2").click()
    kari.get_by_role("button", name="Slett: punkt 2").click()
    expect(_points(ola, "q1")).to_have_text(["Tull"])

    # The facilitator opens the answer's history in the group-work overview.
    open_console_task(facilitator, "work")
    bergen = facilitator.locator("[data-overview-table] tbody tr").filter(has_text="Bergen")
    bergen.locator("td").nth(1).get_by_role("button").click()
    history = facilitator.locator("[data-history]")
    expect(history).to_be_visible()
    expect(facilitator.locator("[data-history-heading]")).to_be_focused()
    changed, deleted = history.locator("[data-history-point]").all()
    expect(changed.locator(".history-versions li")).to_have_count(1)
    expect(changed.locator(".history-versions li")).to_contain_text("Første punkt")
    expect(deleted.locator(".history-versions li")).to_contain_text("Andre punkt")
    assert axe_audit(facilitator) == []

    # Restoring brings the deleted point back, and the old text of the changed one.
    deleted.locator("[data-restore-version]").click()
    expect(_points(ola, "q1")).to_have_text(["Tull", "Andre punkt"])
    expect(_points(kari, "q1")).to_have_text(["Tull", "Andre punkt"])
    history.locator("[data-history-point]").first.locator("[data-restore-version]").click()
    expect(_points(ola, "q1")).to_have_text(["Første punkt", "Andre punkt"])
    # What the restore replaced is kept too.
    expect(history.locator("[data-history-point]").first.locator(".history-versions li")
           ).to_have_count(2)
    assert axe_audit(facilitator) == []


def test_a_locked_group_lets_a_phone_in_when_the_facilitator_does(server, new_page, axe_audit):
    facilitator = new_page(FACILITATOR_VIEWPORT, name="facilitator")
    facilitator.goto(server.facilitator_url)
    wait_connected(facilitator, current=0)
    open_console_task(facilitator, "groups")
    facilitator.fill("#group-list", "Bergen\nSunnfjord")
    facilitator.click("[data-prepare-groups] button")
    expect(facilitator.locator(".group-admin")).to_have_count(2)
    facilitator.locator("#lock-groups").check()
    facilitator.click("[data-configure-groups] button")
    expect(facilitator.locator("[data-groups-feedback]")).to_have_text("Lagret.")

    phone = new_page(PHONE["viewport"], name="phone Kari",
                     **{key: value for key, value in PHONE.items() if key != "viewport"})
    phone.goto(server.join_url)
    wait_connected(phone, current=0)
    start(phone, "Kari")
    expect(phone.locator("[data-locked-hint]")).to_be_visible()
    bergen = phone.locator('[data-group-choices] button[data-asks="1"]').filter(
        has=phone.locator(".group-choice-name", has_text="Bergen"))
    bergen.click()
    expect(phone.locator("[data-ask-status]")).to_be_visible()
    expect(bergen).to_be_disabled()
    assert axe_audit(phone) == []

    requests = facilitator.locator("[data-join-requests]")
    expect(requests.locator("li")).to_have_count(1)
    expect(requests.locator("li")).to_contain_text("Kari")
    assert axe_audit(facilitator) == []
    requests.locator('[data-focus-key^="admit-"]').click()
    expect(phone.locator("[data-my-group-name]")).to_have_text("Bergen")
    expect(requests).to_be_hidden()

    # The facilitator moves her to Sunnfjord with "place a participant".
    place = facilitator.locator("[data-place-participant]")
    place.locator("#place-person").select_option(label="Kari (tilkoblet)")
    place.locator("#place-group").select_option(label="Sunnfjord")
    place.locator("button").click()
    expect(phone.locator("[data-my-group-name]")).to_have_text("Sunnfjord")
