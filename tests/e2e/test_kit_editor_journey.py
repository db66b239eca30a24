"""The console's kit editor in Chromium against a real server: edit a seminar field, shorten a
block, refuse an invalid duration next to its field (keeping what was typed), add a question,
remove one without answers (at once) and one with answers (after a confirmation dialog), move
a block by keyboard (buttons and Alt+Arrow, the focus following it) and by dragging its
handle, follow another tab's change, lock the running block's kind and duration, and edit the
plain kit text with an error shown on its line. Axe audits the editor in both modes, with an
error showing and with the dialog open.

Selectors are ids and data attributes, not words: the strings are translated after merging."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import facilitate, format_violations, open_console_task, populate_hall
from tests.e2e.test_programme_journey import wait_connected

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}


def stored(server) -> dict:
    ack = facilitate(server, "kit:get", {})
    assert ack["ok"], ack
    return ack


def titles(server) -> list[str]:
    return [block["title"] for block in stored(server)["kit"]["blocks"]]


def saved(page):
    """Wait until the editor has no change on its way."""
    expect(page.locator("[data-kit-editor]")).not_to_have_attribute("data-kit-sending", "true")


def open_block(page, index: int):
    """Open a block's fields with its header's button (if they are not open yet)."""
    toggle = page.locator(f'[data-kit-key="block.{index}"]')
    if toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")


def audit(page, axe_audit, where: str):
    violations = axe_audit(page, context="[data-kit-editor]")
    assert violations == [], format_violations(violations, f"{where}: ")


def no_sideways_scroll(page, where: str):
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], f"{where} scrolls sideways: {widths}"


def test_edit_the_kit_in_the_console(server, new_page, axe_audit):
    # A group has answered q1 (the short kit's first question).
    assert facilitate(server, "groups:prepare", {"text": "Asker"})["ok"]
    populate_hall(server, 1, members=1, points={"q1": ["Faste møteplasser"]})

    page = new_page(LAPTOP, name="console")
    page.goto(server.facilitator_url)
    wait_connected(page, current=0)
    open_console_task(page, "kit")
    place = page.locator("#kit-seminar-place")
    expect(place).to_have_value("Testsalen")
    no_sideways_scroll(page, "the form")
    audit(page, axe_audit, "the form")

    # A seminar field, saved on leaving it.
    place.fill("Kulturhuset")
    place.press("Tab")
    saved(page)
    assert stored(server)["kit"]["place"] == "Kulturhuset"

    # A role: add it (the focus goes to its name), name it, make it keep the time, remove it.
    page.locator('[data-kit-key="roles.add"]').click()
    name = page.locator("#kit-role-2-name")
    expect(name).to_be_focused()
    name.fill("Ordstyrer")
    name.press("Tab")
    saved(page)
    page.locator("#kit-role-2-keeps_time").check()
    saved(page)
    role = stored(server)["kit"]["roles"][2]
    assert (role["name"], role["keeps_time"], role["writes"]) == ("Ordstyrer", True, False)
    page.locator('[data-kit-key="role.2.remove"]').click()
    saved(page)
    expect(page.locator("#kit-role-2-name")).to_have_count(0)
    assert [r["name"] for r in stored(server)["kit"]["roles"]] \
        == ["Møteleder og tidtaker", "Skriver"]

    # Shorten the group work (its fields open with its header's button); an impossible
    # duration is refused next to the field, as typed.
    group_work = page.locator('[data-kit-key="block.1"]')
    expect(group_work).to_have_attribute("aria-expanded", "false")
    group_work.click()
    expect(group_work).to_have_attribute("aria-expanded", "true")
    minutes = page.locator("#kit-block-1-minutes")
    minutes.fill("15")
    minutes.press("Tab")
    saved(page)
    assert stored(server)["kit"]["blocks"][1]["minutes"] == 15
    minutes.fill("0")
    minutes.press("Tab")
    error = page.locator("#kit-block-1-minutes-error")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect(minutes).to_have_value("0")
    expect(minutes).to_have_attribute("aria-invalid", "true")
    assert stored(server)["kit"]["blocks"][1]["minutes"] == 15
    audit(page, axe_audit, "the form with an error")
    minutes.fill("15")
    minutes.press("Tab")
    expect(error).to_be_hidden()
    expect(minutes).not_to_have_attribute("aria-invalid", "true")

    # The Markdown preview is the server's rendering.
    description = page.locator("#kit-block-1-description")
    description.fill("Snakk **sammen** i gruppen.")
    expect(page.locator('[data-kit-preview-for="block.1.description"] strong')) \
        .to_have_text("sammen")
    description.press("Tab")
    saved(page)
    assert stored(server)["kit"]["blocks"][1]["description"] == "Snakk **sammen** i gruppen."

    # Add a question: the focus goes to its title.
    page.locator('[data-kit-key="block.1.add-question"]').click()
    new_title = page.locator("#kit-question-1-2-title")
    expect(new_title).to_be_focused()
    new_title.fill("Hva vil vi prøve?")
    new_title.press("Tab")
    saved(page)
    questions = stored(server)["kit"]["blocks"][1]["questions"]
    assert [q["title"] for q in questions] == ["Spørsmål 1", "Spørsmål 2", "Hva vil vi prøve?"]

    # Remove q2 (no answers): no dialog.
    page.locator('[data-kit-key="question.1.1.remove"]').click()
    saved(page)
    expect(page.locator("#kit-question-1-2-title")).to_have_count(0)
    assert [q["id"] for q in stored(server)["kit"]["blocks"][1]["questions"]][0] == "q1"
    dialog = page.locator("[data-kit-confirm]")
    expect(dialog).to_be_hidden()

    # Remove q1 (answered): the dialog says how many answers; cancel keeps it, confirm removes.
    page.locator('[data-kit-key="question.1.0.remove"]').click()
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-kit-confirm-text]")).to_contain_text("1")
    expect(dialog.locator("[data-kit-confirm-no]")).to_be_focused()
    audit(page, axe_audit, "the confirmation")
    dialog.locator("[data-kit-confirm-no]").click()
    expect(dialog).to_be_hidden()
    assert stored(server)["kit"]["blocks"][1]["questions"][0]["id"] == "q1"
    page.locator('[data-kit-key="question.1.0.remove"]').click()
    expect(dialog).to_be_visible()
    dialog.locator("[data-kit-confirm-yes]").click()
    expect(dialog).to_be_hidden()
    saved(page)
    assert [q["title"] for q in stored(server)["kit"]["blocks"][1]["questions"]] \
        == ["Hva vil vi prøve?"]

    # Move "Avslutning" up with its button, then with Alt+ArrowUp: the focus follows it, and
    # the open group work stays open.
    page.locator('[data-kit-key="block.2.up"]').click()
    saved(page)
    assert titles(server) == ["Velkommen", "Avslutning", "Gruppearbeid"]
    expect(page.locator('[data-kit-key="block.1.up"]')).to_be_focused()
    expect(page.locator("[data-kit-announce]")).to_contain_text("Avslutning")
    expect(page.locator('[data-kit-key="block.2"]')).to_have_attribute("aria-expanded", "true")
    page.locator('[data-kit-key="block.1"]').focus()
    page.keyboard.press("Alt+ArrowUp")
    saved(page)
    expect(page.locator('[data-kit-key="block.0"]')).to_be_focused()
    expect(page.locator("#kit-block-0-title")).to_have_value("Avslutning")
    assert titles(server) == ["Avslutning", "Velkommen", "Gruppearbeid"]

    # Drag "Avslutning" by its handle below the last block (closed, as they all are now).
    page.locator('[data-kit-key="block.2"]').click()
    expect(page.locator('[data-kit-key="block.2"]')).to_have_attribute("aria-expanded", "false")
    last = page.locator('[data-kit-block="2"]')
    box = last.bounding_box()
    page.locator('[data-kit-handle="0"]').drag_to(
        last, target_position={"x": box["width"] / 2, "y": box["height"] - 4})
    saved(page)
    expect(page.locator("#kit-block-2-title")).to_have_value("Avslutning")
    assert titles(server) == ["Velkommen", "Gruppearbeid", "Avslutning"]

    # A title typed and then, straight away, Move up: both are kept, in that order.
    page.locator('[data-kit-key="block.2"]').click()
    page.locator("#kit-block-2-title").fill("Avslutning og takk")
    page.locator('[data-kit-key="block.2.up"]').click()
    saved(page)
    assert titles(server) == ["Velkommen", "Avslutning og takk", "Gruppearbeid"]
    page.locator('[data-kit-key="block.1.down"]').click()
    saved(page)
    assert titles(server) == ["Velkommen", "Gruppearbeid", "Avslutning og takk"]

    # Clock times, and re-anchoring them: this block and the later ones of its day move.
    for index, start in ((0, "09:00"), (1, "09:10")):
        open_block(page, index)
        page.locator(f"#kit-block-{index}-start").fill(start)
        page.locator(f"#kit-block-{index}-start").press("Tab")
        saved(page)
    page.locator("#kit-block-0-shift").fill("5")
    page.locator('[data-kit-key="block.0.shift"]').click()
    saved(page)
    assert [b["start"] for b in stored(server)["kit"]["blocks"]] == ["09:05", "09:15", None]
    expect(page.locator("#kit-block-1-start")).to_have_value("09:15")
    expect(page.locator('[data-kit-key="block.0.shift"]')).to_be_focused()

    # Another tab's change reaches this one (nothing typed here).
    version = stored(server)["version"]
    ack = facilitate(server, "kit:edit", {"version": version, "ops": [
        {"op": "seminar", "field": "organiser", "value": "Kulturtanken"}]})
    assert ack["ok"], ack
    expect(page.locator("#kit-seminar-organiser")).to_have_value("Kulturtanken")
    # ...and with something typed here, a notice instead, the typing kept.
    page.locator("#kit-seminar-subject").fill("Skriver fortsatt")
    ack = facilitate(server, "kit:edit", {"version": stored(server)["version"], "ops": [
        {"op": "seminar", "field": "organiser", "value": "Kommunen"}]})
    assert ack["ok"], ack
    expect(page.locator("[data-kit-notice]")).to_be_visible()
    expect(page.locator("[data-kit-reload]")).to_be_visible()
    expect(page.locator("#kit-seminar-subject")).to_have_value("Skriver fortsatt")
    # Leaving the field sends the change against the version this tab had: refused
    # (kit_conflict), reloaded, and what was typed is shown, not lost.
    page.locator("[data-kit-reload]").click()
    expect(page.locator("#kit-seminar-organiser")).to_have_value("Kommunen")
    expect(page.locator("[data-kit-typed]")).to_have_value(re.compile("Skriver fortsatt"))
    assert stored(server)["kit"]["subject"] != "Skriver fortsatt"
    page.locator("[data-kit-notice-close]").click()

    # The running block: its kind and duration are locked, with the reason said.
    page.locator("[data-action=start]").click()
    open_block(page, 0)
    expect(page.locator("#kit-block-0-minutes")).to_be_disabled()
    expect(page.locator("#kit-block-0-kind")).to_be_disabled()
    expect(page.locator("#kit-block-0-running")).to_be_visible()
    expect(page.locator("#kit-block-1-minutes")).to_be_enabled()

    # The plain text: an error on its line, found by clicking the message.
    page.locator('[data-kit-mode="text"]').click()
    area = page.locator("[data-kit-textarea]")
    expect(area).to_have_value(re.compile("sted: Kulturhuset"))
    text = area.input_value()
    # The running block's duration is not changed here either: said so, the text kept.
    area.fill(text.replace("varighet: 10 min", "varighet: 8 min"))
    expect(page.locator("[data-kit-check-status]")).not_to_have_text(re.compile("…"))
    page.locator("[data-kit-save-text]").click()
    expect(page.locator("[data-kit-status]")).to_contain_text("+/−")
    expect(area).to_have_value(re.compile("varighet: 8 min"))
    assert stored(server)["kit"]["blocks"][0]["minutes"] == 10
    area.fill(text)
    lines = text.split("\n")
    broken = next(n for n, line in enumerate(lines, start=1) if line.startswith("varighet: 15"))
    lines[broken - 1] = "varighet: femten"
    area.fill("\n".join(lines))
    message = page.locator("[data-kit-messages] button").first
    expect(message).to_contain_text(str(broken))
    expect(page.locator("[data-kit-gutter]")).to_contain_text(f"! {broken}")
    no_sideways_scroll(page, "the plain text")
    audit(page, axe_audit, "the plain text with an error")
    message.click()
    expect(area).to_be_focused()
    caret_line = page.evaluate(
        "() => { const a = document.querySelector('[data-kit-textarea]');"
        " return a.value.slice(0, a.selectionStart).split('\\n').length; }")
    assert caret_line == broken
    lines[broken - 1] = "varighet: 15 min"
    fixed = "\n".join(lines).replace("Kulturhuset", "Biblioteket")
    area.fill(fixed)
    expect(page.locator("[data-kit-messages] button")).to_have_count(0)
    page.locator("[data-kit-save-text]").click()
    expect(page.locator("[data-kit-status]")).not_to_be_empty()
    saved(page)
    page.wait_for_function("() => !document.querySelector('[data-kit-textarea]')"
                           ".getAttribute('aria-invalid') ||"
                           " document.querySelector('[data-kit-textarea]')"
                           ".getAttribute('aria-invalid') === 'false'")
    assert stored(server)["kit"]["place"] == "Biblioteket"
    audit(page, axe_audit, "the plain text")

    # Back to the form: the same kit.
    page.locator('[data-kit-mode="form"]').click()
    expect(page.locator("#kit-seminar-place")).to_have_value("Biblioteket")


def test_the_editor_at_200_percent_zoom(server, new_page, axe_audit):
    """1366×768 at 200 % is a 683×384 viewport: the page flows as one column, never sideways."""
    page = new_page({"width": 683, "height": 384}, name="console at 200 %")
    page.goto(server.facilitator_url)
    wait_connected(page, current=0)
    open_console_task(page, "kit")
    page.locator('[data-kit-key="block.1"]').click()
    expect(page.locator("#kit-block-1-minutes")).to_have_value("20")
    no_sideways_scroll(page, "the form at 200 %")
    page.locator('[data-kit-mode="text"]').click()
    expect(page.locator("[data-kit-textarea]")).to_have_value(re.compile("varighet: 20 min"))
    no_sideways_scroll(page, "the plain text at 200 %")
    audit(page, axe_audit, "the plain text at 200 %")
