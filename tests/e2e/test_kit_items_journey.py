"""The console's kit editor edits the hall's parts of a kit in Chromium against a real server:
a plenary block takes questions from the hall, a scale with its end labels and a choice with
three options and several answers; the evaluation gets an item; a prioritised question gets
its votes. The downloaded kit (`/s/<code>/kit.md`) has them in the kit format. A label too long
and a choice left with one option are refused next to their field; a poll item people
answered is removed only after the confirmation. Axe audits the form with the item fields
open, and at 200 % zoom it never scrolls sideways.

Selectors are ids and data attributes, not words: the strings are translated after merging."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import facilitate, open_console_task
from tests.e2e.test_kit_editor_journey import (
    LAPTOP,
    audit,
    no_sideways_scroll,
    open_block,
    saved,
    stored,
)
from tests.e2e.test_programme_journey import wait_connected

pytestmark = pytest.mark.e2e


def leave(field, value: str):
    """Type `value` into `field` and leave it (the change is sent on leaving)."""
    field.fill(value)
    field.press("Tab")


def answer_from_a_phone(server, item: str, value) -> dict:
    """A phone (its own cookie, as the join page gives it) answers poll `item`."""
    with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright keeps a loop on this thread
        return pool.submit(asyncio.run, _answer(server, item, value)).result()


async def _answer(server, item, value):
    import aiohttp
    import socketio

    async with aiohttp.ClientSession() as http, http.get(
            server.url(f"/s/{server.code}")) as response:
        assert response.status == 200, response.status
        cookie = "; ".join(f"{c.key}={c.value}" for c in response.cookies.values())
    client = socketio.AsyncClient(reconnection=False)
    await client.connect(server.base_url, transports=["websocket"], wait_timeout=20,
                         headers={"Cookie": cookie})
    try:
        return await client.call("poll:answer", {"code": server.code, "item": item,
                                                 "value": value}, timeout=20)
    finally:
        await client.disconnect()


def add_item(page, owner: str, kind: str):
    """Add an item of `kind` to a block (`owner` "block.N") or to the evaluation."""
    page.locator(f'[data-kit-key="{owner}.add-kind"]').select_option(kind)
    add = "evaluation.add" if owner == "evaluation" else f"{owner}.add-item"
    page.locator(f'[data-kit-key="{add}"]').click()
    saved(page)


def test_poll_items_in_the_kit_editor(server, new_page, axe_audit):
    page = new_page(LAPTOP, name="console")
    page.goto(server.facilitator_url)
    wait_connected(page, current=0)
    open_console_task(page, "kit")
    open_block(page, 0)  # Velkommen, a plenary block

    # Questions from the hall while it runs.
    page.locator("#kit-block-0-audience_questions").check()
    saved(page)
    assert stored(server)["kit"]["blocks"][0]["audience_questions"] is True

    # A scale of 1 to 10 with its end labels; the focus goes to the new item's title.
    add_item(page, "block.0", "scale")
    title = page.locator("#kit-item-0-0-title")
    expect(title).to_be_focused()
    leave(title, "Hvor nyttig var innledningen?")
    saved(page)
    leave(page.locator("#kit-item-0-0-id"), "nytte-innledning")
    saved(page)
    page.locator("#kit-item-0-0-scale").select_option("1-10")
    saved(page)
    leave(page.locator("#kit-item-0-0-label_low"), "lite nyttig")
    saved(page)
    leave(page.locator("#kit-item-0-0-label_high"), "svært nyttig")
    saved(page)
    # A label longer than a phone can show: refused next to it, what was typed kept.
    low = page.locator("#kit-item-0-0-label_low")
    leave(low, "x" * 61)
    error = page.locator("#kit-item-0-0-label_low-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("60")
    expect(low).to_have_attribute("aria-invalid", "true")
    expect(low).to_have_value("x" * 61)
    audit(page, axe_audit, "a scale item with an error")
    leave(low, "lite nyttig")
    expect(error).to_be_hidden()
    scale = stored(server)["kit"]["blocks"][0]["items"][0]
    assert {key: scale[key] for key in ("id", "title", "kind", "scale", "labels")} == {
        "id": "nytte-innledning", "title": "Hvor nyttig var innledningen?", "kind": "scale",
        "scale": [1, 10], "labels": ["lite nyttig", "svært nyttig"]}

    # A choice: its text previewed, three options, several answers.
    add_item(page, "block.0", "choice")
    leave(page.locator("#kit-item-0-1-title"), "Hvilke tema vil du høre mer om?")
    saved(page)
    leave(page.locator("#kit-item-0-1-id"), "tema")
    saved(page)
    text = page.locator("#kit-item-0-1-text")
    text.fill("Velg **alle** som passer.")
    expect(page.locator('[data-kit-preview-for="item.0.1.text"] strong')).to_have_text("alle")
    text.press("Tab")
    saved(page)
    expect(page.locator('[data-kit-key^="item.0.1.option."][data-kit-option]')).to_have_count(2)
    page.locator('[data-kit-key="item.0.1.add-option"]').click()
    saved(page)
    third = page.locator("#kit-item-0-1-option-2")
    expect(third).to_be_focused()
    for n, option in enumerate(["Skole", "Helse", "Kultur"]):
        leave(page.locator(f"#kit-item-0-1-option-{n}"), option)
        saved(page)
    page.locator("#kit-item-0-1-multiple").check()
    saved(page)
    choice = stored(server)["kit"]["blocks"][0]["items"][1]
    assert (choice["text"], choice["options"], choice["multiple"]) == (
        "Velg **alle** som passer.", ["Skole", "Helse", "Kultur"], True)

    # Alt+ArrowUp moves the choice above the scale; the focus follows it.
    page.locator("#kit-item-0-1-title").focus()
    page.keyboard.press("Alt+ArrowUp")
    saved(page)
    expect(page.locator("#kit-item-0-0-title")).to_be_focused()
    assert [i["id"] for i in stored(server)["kit"]["blocks"][0]["items"]] == [
        "tema", "nytte-innledning"]
    page.locator('[data-kit-key="item.0.0.down"]').click()
    saved(page)
    assert [i["id"] for i in stored(server)["kit"]["blocks"][0]["items"]] == [
        "nytte-innledning", "tema"]

    # A choice of one option is refused next to the options, and the three stay.
    page.locator('[data-kit-key="item.0.1.option.2.remove"]').click()
    saved(page)
    page.locator('[data-kit-key="item.0.1.option.1.remove"]').click()
    options_error = page.locator("#kit-item-0-1-options-error")
    expect(options_error).to_be_visible()
    expect(options_error).not_to_be_empty()
    assert stored(server)["kit"]["blocks"][0]["items"][1]["options"] == ["Skole", "Helse"]
    page.locator('[data-kit-key="item.0.1.add-option"]').click()
    saved(page)
    expect(options_error).to_be_hidden()
    leave(page.locator("#kit-item-0-1-option-2"), "Kultur")
    saved(page)

    # The evaluation: an open item.
    add_item(page, "evaluation", "open")
    leave(page.locator("#kit-item-evaluation-0-title"), "Hva tar du med deg hjem?")
    saved(page)
    leave(page.locator("#kit-item-evaluation-0-id"), "med-hjem")
    saved(page)

    # Votes on the prioritised question (q2 of the group work).
    open_block(page, 1)
    votes = page.locator("#kit-question-1-1-votes")
    leave(votes, "11")
    expect(page.locator("#kit-question-1-1-votes-error")).to_be_visible()
    leave(votes, "3")
    saved(page)
    expect(page.locator("#kit-question-1-1-votes-error")).to_be_hidden()
    assert stored(server)["kit"]["blocks"][1]["questions"][1]["votes"] == 3
    expect(page.locator("#kit-question-1-0-votes")).to_have_count(0)  # q1 is not prioritised

    no_sideways_scroll(page, "the form with items")
    audit(page, axe_audit, "the form with the item fields open")

    # The kit as downloaded, in the kit format.
    response = page.request.get(server.url(f"/s/{server.code}/kit.md"))
    assert response.ok
    kit = response.text()
    for written in ("### Velkommen\ntype: plenum\nvarighet: 10 min\nspørsmål fra salen: ja\n",
                    "#### Hvilke tema vil du høre mer om?\nid: tema\ntype: flervalg\nflere: ja\n"
                    "\nVelg **alle** som passer.\n\n- Skole\n- Helse\n- Kultur\n",
                    "#### Hvor nyttig var innledningen?\nid: nytte-innledning\ntype: skala\n"
                    "skala: 1-10\nytterpunkter: lite nyttig | svært nyttig\n",
                    "prioriter: 1-3\nstemmer: 3\n",
                    "## Evaluering\n\n### Hva tar du med deg hjem?\nid: med-hjem\ntype: åpent\n"):
        assert written in kit, (written, kit)

    # Answered by a phone, the scale goes only after the confirmation.
    assert facilitate(server, "poll:open", {"item": "nytte-innledning"})["ok"]
    assert answer_from_a_phone(server, "nytte-innledning", 7)["ok"]
    page.reload()
    wait_connected(page, current=0)
    open_console_task(page, "kit")
    open_block(page, 0)
    page.locator('[data-kit-key="item.0.0.remove"]').click()
    dialog = page.locator("[data-kit-confirm]")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-kit-confirm-list]")).to_contain_text("Hvor nyttig")
    dialog.locator("[data-kit-confirm-no]").click()
    expect(dialog).to_be_hidden()
    assert len(stored(server)["kit"]["blocks"][0]["items"]) == 2
    page.locator('[data-kit-key="item.0.0.remove"]').click()
    dialog.locator("[data-kit-confirm-yes]").click()
    saved(page)
    assert [i["id"] for i in stored(server)["kit"]["blocks"][0]["items"]] == ["tema"]


def test_the_item_fields_at_200_percent_zoom(server, new_page, axe_audit):
    """1366×768 at 200 % is a 683×384 viewport: the item fields flow as one column."""
    version = stored(server)["version"]
    ack = facilitate(server, "kit:edit", {"version": version, "ops": [
        {"op": "item.add", "block": 0, "at": 0, "kind": "scale"},
        {"op": "item.set", "block": 0, "index": 0, "field": "labels",
         "value": "lite nyttig | svært nyttig"},
        {"op": "item.add", "block": 0, "at": 1, "kind": "choice"},
        {"op": "item.add", "block": "evaluation", "at": 0, "kind": "word-cloud"},
        {"op": "block.set", "index": 0, "field": "audience_questions", "value": True},
        {"op": "question.set", "block": 1, "index": 1, "field": "votes", "value": "3"}]})
    assert ack["ok"], ack
    page = new_page({"width": 683, "height": 384}, name="console at 200 %")
    page.goto(server.facilitator_url)
    wait_connected(page, current=0)
    open_console_task(page, "kit")
    open_block(page, 0)
    open_block(page, 1)
    expect(page.locator("#kit-item-0-0-label_high")).to_have_value("svært nyttig")
    expect(page.locator("#kit-item-0-1-option-1")).to_be_visible()
    expect(page.locator("#kit-question-1-1-votes")).to_have_value("3")
    no_sideways_scroll(page, "the item fields at 200 %")
    audit(page, axe_audit, "the item fields at 200 %")
