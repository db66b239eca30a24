"""Polls, a word cloud and the evaluation, end to end in Chromium: the facilitator opens a
scale, a choice and a word cloud from the console; three phones in two groups answer, one
changes its answer; the big screen shows each result; the console shows the breakdown by group
and leaves a word out of the cloud; a closed item refuses answers on the phone with a clear
message; the evaluation goes to the big screen only when the facilitator puts it there. Axe
audits the phone's item, the console's panel and the big screen's poll mode.

Screenshots (1920×1080 and 1280×720 big screen, 1366×768 console, 360×740 and 320×568 phones)
are saved in the test's tmp folder for a reviewer to look at."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import format_violations, open_console_task, wait_for_layout
from tests.e2e.test_answers_journey import choose_group, start
from tests.e2e.test_programme_journey import wait_connected

pytestmark = pytest.mark.e2e

CONSOLE = {"width": 1366, "height": 768}
BIG_SCREEN = {"width": 1920, "height": 1080}
SMALL_SCREEN = {"width": 1280, "height": 720}
PHONES = {"Kari": ({"width": 360, "height": 740}, "Bergen"),
          "Ola": ({"width": 320, "height": 568}, "Bergen"),
          "Aisha": ({"width": 360, "height": 740}, "Sunnfjord")}

KIT = """# Salen svarer
dato: 2026-12-02
sted: Storsalen

## Roller

### Skriver
id: skriver
skriver: ja

Skriver gruppens svar.

## Program

### Åpning
type: plenum
varighet: 20 min

Velkommen til samlingen.

#### Hvor nyttig er temaet for deg?
id: nyttig
type: skala
ytterpunkter: lite nyttig | svært nyttig

#### Hva trenger dere mest?
id: trenger
type: flervalg

- Tid
- Penger
- Folk

#### Ett ord om samarbeid
id: ord
type: ordsky

### Gruppearbeid
type: gruppearbeid
varighet: 20 min

#### Hva fungerer?
id: q1

Hva fungerer godt?

## Evaluering

### Hvor nyttig var dagen?
id: dagen
type: skala
skala: 1-10
"""


@pytest.fixture
def hall_server(server_factory, tmp_path):
    kits = tmp_path / "kits"
    kits.mkdir()
    (kits / "salen.md").write_text(KIT)
    return server_factory(kits_dir=kits, default_kit="salen.md")


def strings(page, block: str) -> dict:
    """A screen's strings for its scripts (so the test reads what the page says in its
    language, whatever the translations say)."""
    return json.loads(page.locator(f"#{block}").text_content())


def text(template: str, **params) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)]), template)


def phone_form(page, item: str):
    return page.locator(f'[data-poll="{item}"]')


def answer_scale(page, item: str, value: int):
    form = phone_form(page, item)
    form.locator(f"#poll-{item}-{value}").click()  # the tap lands on the radio over its label
    form.locator("[data-poll-send]").click()
    expect(form.locator("[data-poll-state]")).to_have_text(strings(page, "i18n-polls")["saved"])


def console_row(console, item: str):
    return console.locator(f'[data-poll-row="{item}"]')


def open_item(console, item: str):
    row = console_row(console, item)
    row.locator("[data-poll-open]").click()
    expect(row.locator("[data-poll-close]")).to_be_visible()


def close_item(console, item: str):
    row = console_row(console, item)
    row.locator("[data-poll-close]").click()
    expect(row.locator("[data-poll-open]")).to_be_visible()


def show_on_big_screen(console, projector, item: str):
    console_row(console, item).locator("[data-poll-pick]").click()
    console.locator("[data-poll-show]").click()
    expect(projector.locator("[data-live]")).to_have_attribute("data-display", "poll")
    expect(projector.locator("[data-poll-title]")).to_have_text(
        console_row(console, item).locator("[data-poll-pick]").text_content())


def audit(axe_audit, page, where: str, context: str | None = None):
    violations = axe_audit(page, context=context) if context else axe_audit(page)
    assert violations == [], format_violations(violations, where)


def test_the_hall_answers_polls_and_the_screens_follow(hall_server, new_page, axe_audit,
                                                       tmp_path):
    server = hall_server
    console = new_page(CONSOLE, name="console")
    console.goto(server.facilitator_url)
    wait_connected(console, current=0)
    open_console_task(console, "groups")
    console.fill("#group-list", "Bergen\nSunnfjord")
    console.click("[data-prepare-groups] button")
    expect(console.locator(".group-admin")).to_have_count(2)
    projector = new_page(BIG_SCREEN, name="projector")
    projector.goto(server.projector_url)
    wait_connected(projector, current=0)

    phones = {}
    for name, (viewport, group) in PHONES.items():
        page = new_page(viewport, name=f"phone {name}", is_mobile=True, has_touch=True)
        page.goto(server.join_url)
        wait_connected(page, current=0)
        start(page, name)
        choose_group(page, group)
        expect(page.locator("[data-polls]")).to_be_hidden()  # nothing is open yet
        phones[name] = page
    kari, ola, aisha = phones.values()

    # -- a scale: opened in the console, on every phone at once, the person's task first ----
    hall = open_console_task(console, "hall")
    expect(hall.locator("[data-polls-panel]")).to_be_visible()
    open_item(console, "nyttig")
    for page in phones.values():
        form = phone_form(page, "nyttig")
        expect(form).to_be_visible()
        expect(form.locator("input[type=radio]")).to_have_count(5)
    box = phone_form(ola, "nyttig").locator('label[for="poll-nyttig-1"]').bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    # Above the block's details: the first thing on the phone after the countdown.
    assert (phone_form(ola, "nyttig").bounding_box()["y"]
            < ola.locator("[data-now]").bounding_box()["y"])
    scroll = ola.evaluate("() => document.scrollingElement.scrollWidth - innerWidth")
    assert scroll <= 0, f"the phone scrolls sideways by {scroll} px"
    audit(axe_audit, ola, "phone, scale item")
    ola.screenshot(path=tmp_path / "phone-320-scale.png", full_page=True)

    for page, value in ((kari, 4), (ola, 5), (aisha, 3)):
        answer_scale(page, "nyttig", value)
    # Aisha changes her mind: the button says so, the new answer replaces the old.
    expect(phone_form(aisha, "nyttig").locator("[data-poll-send]")).to_have_text(
        strings(aisha, "i18n-polls")["change"])
    answer_scale(aisha, "nyttig", 2)
    kari.reload()  # her answer is still hers after a reload
    wait_connected(kari, current=0)
    expect(phone_form(kari, "nyttig").locator("#poll-nyttig-4")).to_be_checked()
    kari.screenshot(path=tmp_path / "phone-360-scale.png", full_page=True)

    # The console: the live count, the breakdown by group.
    words = strings(console, "i18n-poll-console")
    expect(console_row(console, "nyttig").locator("[data-poll-facts]")).to_contain_text(
        text(words["answers"], count=3))
    console_row(console, "nyttig").locator("[data-poll-pick]").click()
    table = console.locator("[data-poll-breakdown]")
    expect(table.locator("tbody tr")).to_have_count(2)
    mean = lambda value: text(words["mean"], mean=value, high=5)  # noqa: E731
    expect(table.locator("tbody tr").nth(0)).to_have_text(re.compile(
        rf"^Bergen\s*2\s*{re.escape(mean('4,5'))}$"))
    expect(table.locator("tbody tr").nth(1)).to_have_text(re.compile(
        rf"^Sunnfjord\s*1\s*{re.escape(mean('2,0'))}$"))

    # The big screen: the distribution with the mean.
    show_on_big_screen(console, projector, "nyttig")
    screen = strings(projector, "i18n-poll-screen")
    expect(projector.locator("[data-poll-summary]")).to_have_text(
        text(screen["mean"], mean="3,7", high=5, count=3))
    expect(projector.locator(".poll-column-count")).to_have_text(["0", "1", "0", "1", "1"])
    wait_for_layout(projector)
    projector.screenshot(path=tmp_path / "projector-1920-scale.png")
    audit(axe_audit, projector, "big screen, scale")

    # Closed: the phones say so, and nothing more can be sent.
    close_item(console, "nyttig")
    form = phone_form(ola, "nyttig")
    expect(form.locator("[data-poll-state]")).to_have_text(
        strings(ola, "i18n-polls")["closed_saved"])
    expect(form.locator("[data-poll-send]")).to_be_hidden()
    expect(form.locator("#poll-nyttig-3")).to_be_disabled()

    # -- a choice ----------------------------------------------------------------------------
    open_item(console, "trenger")
    for page, option in ((kari, 0), (ola, 2), (aisha, 2)):
        form = phone_form(page, "trenger")
        form.locator(f'label[for="poll-trenger-{option}"]').click()
        form.locator("[data-poll-send]").click()
        expect(form.locator("[data-poll-state]")).to_have_text(strings(page, "i18n-polls")["saved"])
    show_on_big_screen(console, projector, "trenger")
    expect(projector.locator(".poll-bar-figure")).to_have_text(
        [text(screen["figure"], count=1, percent="33 %"),
         text(screen["figure"], count=0, percent="0 %"),
         text(screen["figure"], count=2, percent="67 %")])
    expect(table.locator("tbody tr").nth(1)).to_have_text(re.compile(r"^Sunnfjord\s*1\s*Folk$"))
    projector.set_viewport_size(SMALL_SCREEN)
    wait_for_layout(projector)
    projector.screenshot(path=tmp_path / "projector-1280-choice.png")
    projector.set_viewport_size(BIG_SCREEN)

    # -- a word cloud: words sized by count, escaped; a word left out by the facilitator ----
    open_item(console, "ord")
    answers = {kari: ["tillit", "tid", "<b>fet</b>"], ola: ["Tillit", "kaffe"], aisha: ["tillit"]}
    for page, given in answers.items():
        form = phone_form(page, "ord")
        for index, word in enumerate(given, start=1):
            form.locator(f"#poll-ord-word-{index}").fill(word)
        form.locator("[data-poll-send]").click()
        expect(form.locator("[data-poll-state]")).to_have_text(strings(page, "i18n-polls")["saved"])
    show_on_big_screen(console, projector, "ord")
    cloud = projector.locator(".poll-word")
    expect(cloud.filter(has_text=re.compile("^tillit$"))).to_have_count(1)
    # Markup typed as a word is never markup on the big screen (the server keeps its letters).
    expect(cloud.filter(has_text="fet")).to_have_count(1)
    assert projector.locator(".poll-cloud b").count() == 0
    wait_for_layout(projector)  # the cloud is sized to fit once it is laid out
    size = lambda word: projector.locator(".poll-word").filter(  # noqa: E731
        has_text=re.compile(f"^{word}$")).evaluate("n => parseFloat(getComputedStyle(n).fontSize)")
    assert size("tillit") > size("kaffe"), (size("tillit"), size("kaffe"))
    projector.screenshot(path=tmp_path / "projector-1920-cloud.png")
    audit(axe_audit, projector, "big screen, word cloud")
    console.fill("#poll-ban-word", "kaffe")
    console.locator("[data-poll-ban] button").click()
    expect(cloud.filter(has_text=re.compile("^kaffe$"))).to_have_count(0)
    expect(console.locator("[data-poll-bans] button")).to_have_count(1)
    console.screenshot(path=tmp_path / "console-1366-polls.png")
    audit(axe_audit, console, "console, polls panel")
    assert console.evaluate("() => document.scrollingElement.scrollHeight - innerHeight") <= 16

    # -- the evaluation: on the phones when opened, on the big screen only when shown ---------
    close_item(console, "ord")
    open_item(console, "dagen")
    form = phone_form(ola, "dagen")
    expect(form.locator("input[type=radio]")).to_have_count(10)
    scroll = ola.evaluate("() => document.scrollingElement.scrollWidth - innerWidth")
    assert scroll <= 0, f"the phone scrolls sideways by {scroll} px"
    answer_scale(ola, "dagen", 9)
    expect(projector.locator("[data-poll-title]")).not_to_have_text(
        console_row(console, "dagen").locator("[data-poll-pick]").text_content())
    show_on_big_screen(console, projector, "dagen")
    expect(projector.locator("[data-poll-summary]")).to_have_text(
        text(screen["mean"], mean="9,0", high=10, count=1))
    ola.screenshot(path=tmp_path / "phone-320-evaluation.png", full_page=True)


def test_an_item_set_to_open_with_its_block_opens_when_the_block_starts(hall_server, new_page,
                                                                        axe_audit):
    server = hall_server
    console = new_page(CONSOLE, name="console")
    console.goto(server.facilitator_url)
    wait_connected(console, current=0)
    open_console_task(console, "groups")
    console.fill("#group-list", "Bergen")
    console.click("[data-prepare-groups] button")
    phone = new_page(PHONES["Ola"][0], name="phone", is_mobile=True, has_touch=True)
    phone.goto(server.join_url)
    wait_connected(phone, current=0)
    start(phone, "Ola")
    choose_group(phone, "Bergen")
    open_console_task(console, "hall")
    follows = console_row(console, "trenger").locator("[data-poll-with-block]")
    follows.check()
    expect(follows).to_be_checked()
    # The evaluation has no block to follow.
    expect(console_row(console, "dagen").locator("[data-poll-with-block]")).to_have_count(0)
    console.reload()  # the setting is stored
    wait_connected(console, current=0)
    hall = open_console_task(console, "hall")
    expect(console_row(console, "trenger").locator("[data-poll-with-block]")).to_be_checked()
    audit(axe_audit, console, "console, an item set to open with its block", "[data-polls-panel]")
    expect(phone.locator("[data-polls]")).to_be_hidden()

    console.locator("[data-action=start]").click()
    expect(phone_form(phone, "trenger")).to_be_visible()
    expect(phone_form(phone, "nyttig")).to_be_hidden()  # not set to follow: stays closed
    expect(console_row(console, "trenger").locator("[data-poll-close]")).to_be_visible()
    assert hall.is_visible()

    console.locator("[data-action=next]").click()  # the programme leaves the block: it closes
    expect(console_row(console, "trenger").locator("[data-poll-open]")).to_be_visible()
    expect(phone_form(phone, "trenger").locator("[data-poll-send]")).to_be_hidden()
