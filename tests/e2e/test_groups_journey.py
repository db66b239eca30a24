"""Groups and roles, end to end: the facilitator prepares groups, three phones join two groups,
the app hands out roles, every phone shows its role card, and a reloaded phone keeps both. The
facilitator sees who is connected, hands a vanished scribe's role on, renames and merges."""

import re

import pytest
from playwright.sync_api import expect

from seminar.domain.limits import MAX_GROUP_LIST_CHARS
from tests.e2e.harness import open_console_task
from tests.e2e.test_answers_journey import choose_group, start
from tests.e2e.test_programme_journey import FACILITATOR_VIEWPORT, PHONE, wait_connected

pytestmark = pytest.mark.e2e


def _phone(server, new_page, name):
    page = new_page(PHONE["viewport"], name=f"phone {name or 'anonymous'}",
                    **{key: value for key, value in PHONE.items() if key != "viewport"})
    page.goto(server.join_url)
    wait_connected(page, current=0)
    start(page, name)  # the name is saved with the group choice
    return page


def _card(facilitator, group):
    heading = facilitator.get_by_role("heading", name=re.compile(f"^{group} "))
    return facilitator.locator(".group-admin").filter(has=heading)


def test_groups_and_role_cards(server, new_page, axe_audit):
    facilitator = new_page(FACILITATOR_VIEWPORT, name="facilitator")
    facilitator.goto(server.facilitator_url)
    wait_connected(facilitator, current=0)
    open_console_task(facilitator, "groups")
    facilitator.fill("#group-list", "Bergen\nSunnfjord")
    facilitator.click("[data-prepare-groups] button")
    expect(facilitator.locator(".group-admin")).to_have_count(2)

    kari = _phone(server, new_page, "Kari")
    anonymous = _phone(server, new_page, "")
    ola = _phone(server, new_page, "<b>Ola</b>")
    for page, group in ((kari, "Bergen"), (anonymous, "Bergen"), (ola, "Sunnfjord")):
        choose_group(page, group)
    expect(facilitator.locator("[data-groups-summary]")).to_have_text(
        "3 deltakere i 2 grupper · 3 tilkoblet nå")
    projector = new_page({"width": 1920, "height": 1080}, name="projector")
    projector.goto(server.projector_url)
    expect(projector.locator("[data-joined]")).to_have_text("3 deltakere i 2 grupper")
    expect(projector.locator("[data-group-sizes]")).to_have_text("Bergen (2) · Sunnfjord (1)")

    facilitator.click("[data-assign-roles]")
    # Two people in Bergen: one writes, the other chairs and keeps time. One in Sunnfjord: all.
    expect(kari.locator("[data-role-title]")).not_to_have_text("Du har ingen rolle ennå.")
    expect(anonymous.locator("[data-role-title]")).not_to_have_text("Du har ingen rolle ennå.")
    bergen = {kari.locator("[data-role-title]").inner_text(),
              anonymous.locator("[data-role-title]").inner_text()}
    assert bergen == {"Din rolle: Skriver", "Din rolle: Møteleder og tidtaker"}
    expect(ola.locator("[data-role-title]")).to_have_text(
        "Din rolle: Møteleder og tidtaker + Skriver")
    # Markup in a name is shown as text, never rendered.
    expect(ola.locator("[data-group-members] li")).to_have_text(["<b>Ola</b> (deg)"])
    assert ola.locator("[data-group-members] b").count() == 0
    expect(facilitator.locator("[data-group-list]")).to_contain_text("<b>Ola</b> (tilkoblet) – ")

    # The timekeeper's countdown is large; the role card says what the role means now.
    timekeeper = kari if "Møteleder" in kari.locator("[data-role-title]").inner_text() \
        else anonymous
    expect(timekeeper.locator("body")).to_have_class(re.compile(r"\bkeeps-time\b"))
    expect(timekeeper.locator("[data-role-now]")).to_contain_text("Du holder tiden")

    # A member asks for the scribe's role: confirmed first, in the page; then the holder's
    # phone asks them, and the role moves only when they say yes.
    other = anonymous if timekeeper is kari else kari
    timekeeper.get_by_role("button", name="Ta rollen: Skriver").click()
    confirm = timekeeper.locator("[data-group-roles] .confirm")
    expect(confirm).to_have_count(1)
    timekeeper.get_by_role("button", name="Avbryt").click()
    expect(confirm).to_have_count(0)
    expect(other.locator("[data-role-request]")).to_have_count(0)
    expect(other.locator("[data-role-title]")).to_have_text("Din rolle: Skriver")
    timekeeper.get_by_role("button", name="Ta rollen: Skriver").click()
    confirm.locator(".button-primary").click()
    expect(timekeeper.locator('[data-role-waiting="skriver"]')).to_be_focused()
    request = other.locator('[data-role-request="skriver"]')
    expect(request).to_have_count(1)
    expect(other.locator("[data-role-notice]")).to_be_visible()
    # Wherever the holder is on the page, the question is in view and leads to the answer.
    other.evaluate("window.scrollTo(0, 0)")
    expect(other.locator("[data-role-notice]")).to_be_in_viewport()
    assert axe_audit(other) == []
    assert axe_audit(timekeeper) == []
    other.locator("[data-role-notice] button").click()
    expect(request.locator('[data-role-answer="yes"]')).to_be_focused()
    expect(request.locator('[data-role-answer="yes"]')).to_be_in_viewport()
    request.locator('[data-role-answer="no"]').click()  # the holder keeps it
    expect(timekeeper.locator("[data-role-waiting]")).to_have_count(0)
    expect(other.locator("[data-role-title]")).to_have_text("Din rolle: Skriver")
    expect(timekeeper.locator("[data-role-title]")).to_have_text(
        "Din rolle: Møteleder og tidtaker")
    timekeeper.get_by_role("button", name="Ta rollen: Skriver").click()
    confirm.locator(".button-primary").click()
    request.locator('[data-role-answer="yes"]').click()  # and now gives it
    expect(other.locator("[data-role-notice]")).to_be_hidden()  # answered: the notice goes
    expect(other.locator("[data-role-title]")).to_have_text("Du har ingen rolle ennå.")
    expect(timekeeper.locator("[data-role-title]")).to_have_text(
        "Din rolle: Møteleder og tidtaker + Skriver")
    expect(timekeeper.locator("[data-role-notice]")).to_be_visible()

    # A reload keeps the phone's group and role (identity is in the signed cookie).
    before = timekeeper.locator("[data-role-title]").inner_text()
    timekeeper.reload()
    wait_connected(timekeeper, current=0)
    expect(timekeeper.locator("[data-my-group-name]")).to_have_text("Bergen")
    expect(timekeeper.locator("[data-role-title]")).to_have_text(before)

    assert axe_audit(kari) == []

    # The scribe's phone disappears: the console shows it, and the facilitator hands the role on.
    scribe, successor = timekeeper, other
    scribe.close()
    bergen_card = _card(facilitator, "Bergen")
    expect(bergen_card.locator(".is-offline")).to_have_count(1)
    expect(facilitator.locator("[data-groups-summary]")).to_contain_text("2 tilkoblet nå")
    successor_name = "Kari (tilkoblet)" if successor is kari else "Anonym deltaker (tilkoblet)"
    bergen_card.get_by_label("Skriver (Bergen)").select_option(label=successor_name)
    expect(successor.locator("[data-role-title]")).to_have_text("Din rolle: Skriver")

    # Rename Sunnfjord and merge it into Bergen: Ola's phone follows both.
    sunnfjord_card = _card(facilitator, "Sunnfjord")
    sunnfjord_card.locator("summary").click()
    sunnfjord_card.get_by_label("Nytt navn").fill("Sunnfjord kommune")
    sunnfjord_card.get_by_role("button", name="Gi nytt navn").click()
    expect(ola.locator("[data-my-group-name]")).to_have_text("Sunnfjord kommune")
    assert axe_audit(facilitator) == []
    facilitator.once("dialog", lambda dialog: dialog.accept())
    sunnfjord_card.get_by_role("button", name="Slå sammen").click()
    expect(ola.locator("[data-my-group-name]")).to_have_text("Bergen")
    expect(facilitator.locator(".group-admin")).to_have_count(1)
    expect(ola.locator("[data-group-members] li")).to_have_count(3)


def test_a_list_too_long_for_the_transport_is_refused_in_the_browser_and_the_line_stays_up(
        server, new_page):
    """A list longer than the server takes (``MAX_GROUP_LIST_CHARS``, which always fits under
    the transport's limit) is refused by the console, which says why and carries on."""
    facilitator = new_page(FACILITATOR_VIEWPORT, name="facilitator")
    facilitator.goto(server.facilitator_url)
    wait_connected(facilitator, current=0)
    open_console_task(facilitator, "groups")
    names = "\n".join(f"Kommune {n:03d} med et langt navn på gruppa, ærlig og ødslig"
                      for n in range(300))  # some 19 KB in UTF-8
    facilitator.fill("#group-list", names)
    facilitator.click("[data-prepare-groups] button")
    feedback = facilitator.locator("[data-groups-feedback]")
    expect(feedback).to_contain_text(str(len(names)))  # how long it is, and the limit
    expect(feedback).to_contain_text(str(MAX_GROUP_LIST_CHARS))
    expect(facilitator.locator("#group-list")).to_have_value(names)  # nothing typed is lost
    facilitator.fill("#group-list", "Bergen\nSunnfjord")
    facilitator.click("[data-prepare-groups] button")
    expect(facilitator.locator(".group-admin")).to_have_count(2)  # still connected
    expect(facilitator.locator("[data-connection]")).to_have_text("Tilkoblet")


def test_a_group_list_over_its_limit_is_refused_before_it_is_sent(server, new_page):
    facilitator = new_page(FACILITATOR_VIEWPORT, name="facilitator")
    facilitator.goto(server.facilitator_url)
    wait_connected(facilitator, current=0)
    open_console_task(facilitator, "groups")
    sent = []
    facilitator.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    facilitator.reload()  # the socket again, now watched
    wait_connected(facilitator, current=0)
    open_console_task(facilitator, "groups")
    facilitator.fill("#group-list", "Å" * (MAX_GROUP_LIST_CHARS + 1))
    facilitator.click("[data-prepare-groups] button")
    expect(facilitator.locator("[data-groups-feedback]")).to_contain_text(
        str(MAX_GROUP_LIST_CHARS + 1))
    expect(facilitator.locator("[data-groups-feedback]")).to_contain_text(
        str(MAX_GROUP_LIST_CHARS))
    assert not [frame for frame in sent if "groups:prepare" in str(frame)]
    expect(facilitator.locator(".group-admin")).to_have_count(0)
    facilitator.fill("#group-list", "Bergen")  # a list within it goes
    facilitator.click("[data-prepare-groups] button")
    expect(facilitator.locator(".group-admin")).to_have_count(1)
