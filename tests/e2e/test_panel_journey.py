"""Questions to the panel, end to end in Chromium: with approval on, two phones ask (their own
questions wait for approval, on their phones only), the facilitator approves, hides and pins
from the console, a third phone upvotes, the big screen shows the pinned question and then
(unpinned) the top ones in vote order; a phone takes its vote back and the count drops; with
approval off, long questions show at once and are never cut off on a 1280×720 big screen.
Axe audits the phone's section, the console's section and the big screen's panel mode; the
320 px phone has 44 px targets and nothing sideways.

Screenshots (1920×1080 and 1280×720 big screen, 1366×768 console, 320×568 phone) are saved in
the test's tmp folder for a reviewer to look at."""

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
MIN_TYPE = 0.026  # the big screen's smallest type, as a share of its height (projector.js)

KIT = """# Panelet svarer
dato: 2026-12-02
sted: Storsalen

## Program

### Panelsamtale
type: plenum
varighet: 30 min
spørsmål fra salen: ja

Panelet svarer på spørsmål fra salen.

### Gruppearbeid
type: gruppearbeid
varighet: 20 min

#### Hva fungerer?
id: q1

Hva fungerer godt?
"""

SHORT = "Hvordan når vi <b>ungdommen</b>?"
LONG = ("Hvordan kan kommunene, fylket og de frivillige organisasjonene samarbeide bedre om "
        "tilbudet til barn og unge i distriktene, når både økonomien, rekrutteringen av "
        "fagfolk og avstandene gjør det vanskelig med et likeverdig tilbud, og hva kan "
        "staten gjøre for at gode prosjekter lever videre? Og når?")
assert 280 < len(LONG) <= 300, len(LONG)


@pytest.fixture
def panel_server(server_factory, tmp_path):
    kits = tmp_path / "kits"
    kits.mkdir()
    (kits / "panel.md").write_text(KIT)
    return server_factory(kits_dir=kits, default_kit="panel.md")


def strings(page, block: str) -> dict:
    """A screen's strings for its scripts (the test reads what the page says in its language)."""
    return json.loads(page.locator(f"#{block}").text_content())


def text(template: str, **params) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)]), template)


def ask(page, question: str, name: str = ""):
    section = page.locator("[data-panel]")
    section.locator("#panel-text").fill(question)
    if name:
        section.locator("#panel-name").fill(name)
    section.locator("[data-panel-send]").click()
    words = strings(page, "i18n-panel")
    expect(section.locator("[data-panel-feedback]")).to_have_text(
        re.compile(f"^({re.escape(words['sent'])}|{re.escape(words['sent_pending'])})$"))
    expect(section.locator("#panel-text")).to_have_value("")


def phone_question(page, question: str):
    return page.locator("[data-panel-question]").filter(
        has=page.locator(".panel-question-text", has_text=question))


def console_question(console, question: str):
    return console.locator("[data-panel-console] [data-panel-question]").filter(
        has=console.locator(".panel-mod-text", has_text=question))


def moderate(console, question: str, action: str):
    row = console_question(console, question)
    row.locator(f'[data-panel-action="{action}"]').click()
    return row


def upvote(page, question: str, *, up: bool = True, votes: int):
    button = phone_question(page, question).locator("[data-panel-vote]")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true" if up else "false")
    words = strings(page, "i18n-panel")
    expect(button.locator(".panel-vote-count")).to_have_text(
        text(words["votes_one" if votes == 1 else "votes"], count=votes))


def audit(axe_audit, page, where: str, context: str | None = None):
    violations = axe_audit(page, context=context) if context else axe_audit(page)
    assert violations == [], format_violations(violations, where)


def assert_nothing_cut_off(projector):
    """Every question on the big screen lies inside its area, in type no smaller than the
    big screen's smallest."""
    facts = projector.evaluate("""() => {
      const area = document.querySelector('[data-panel-area]');
      const box = area.getBoundingClientRect();
      const texts = [...area.querySelectorAll('.panel-pinned, .panel-top-text')];
      return {over: area.scrollHeight - area.clientHeight, bottom: box.bottom,
              height: innerHeight, count: texts.length,
              sizes: texts.map((n) => parseFloat(getComputedStyle(n).fontSize)),
              bottoms: texts.map((n) => n.getBoundingClientRect().bottom)};
    }""")
    assert facts["count"] >= 1, facts
    assert facts["over"] <= 0, facts
    assert all(b <= facts["bottom"] + 0.5 for b in facts["bottoms"]), facts
    assert min(facts["sizes"]) >= MIN_TYPE * facts["height"] - 0.5, facts


def test_the_hall_asks_the_panel_and_the_screens_follow(panel_server, new_page, axe_audit,
                                                        tmp_path):
    server = panel_server
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

    # The facilitator wants to approve every question first.
    hall = open_console_task(console, "hall")
    section = hall.locator("[data-panel-console]")
    expect(section).to_be_visible()
    section.locator("[data-panel-approval]").check()
    expect(section).to_have_attribute("data-approval", "true")

    phones = {}
    for name, (viewport, group) in PHONES.items():
        page = new_page(viewport, name=f"phone {name}", is_mobile=True, has_touch=True)
        page.goto(server.join_url)
        wait_connected(page, current=0)
        start(page, name)
        choose_group(page, group)
        expect(page.locator("[data-panel]")).to_be_visible()  # the block takes questions
        phones[name] = page
    kari, ola, aisha = phones.values()
    phone_words = strings(ola, "i18n-panel")
    # Near the top: above the block's details.
    assert (ola.locator("[data-panel]").bounding_box()["y"]
            < ola.locator("[data-now]").bounding_box()["y"])

    # Nothing written: the phone says so and sends nothing.
    ola.locator("#panel-text").fill("   ")
    ola.locator("[data-panel-send]").click()
    expect(ola.locator("[data-panel-feedback]")).to_have_text(phone_words["text_first"])

    # -- two phones ask; their questions wait for approval, on their own phones only ---------
    ask(kari, SHORT, "Kari")
    expect(kari.locator("[data-panel-feedback]")).to_have_text(phone_words["sent_pending"])
    ask(kari, "Skal vi <i>slette</i> dette?")
    ask(ola, LONG)
    expect(phone_question(kari, SHORT).locator(".panel-mark")).to_have_text(
        phone_words["pending"])
    expect(phone_question(ola, LONG).locator(".panel-mark")).to_have_text(phone_words["pending"])
    expect(phone_question(ola, LONG).locator("[data-panel-vote]")).to_have_count(0)
    expect(ola.locator("[data-panel-question]")).to_have_count(1)  # not Kari's waiting ones
    expect(aisha.locator("[data-panel-question]")).to_have_count(0)
    # Typed markup stays text.
    assert kari.locator("[data-panel-list] b, [data-panel-list] i").count() == 0

    # -- the console: every question with its state; approve, hide -------------------------
    words = strings(console, "i18n-panel-console")
    expect(section.locator("[data-panel-question]")).to_have_count(3)
    expect(section.locator("[data-panel-counts]")).to_have_text(
        text(words["counts"], pending=3, visible=0, answered=0, hidden=0))
    moderate(console, SHORT, "approve")
    moderate(console, LONG, "approve")
    row = moderate(console, "slette", "hide")
    expect(row).to_have_attribute("data-state", "hidden")
    expect(section.locator("[data-panel-counts]")).to_have_text(
        text(words["counts"], pending=0, visible=2, answered=0, hidden=1))
    expect(aisha.locator("[data-panel-question]")).to_have_count(2)
    expect(phone_question(kari, "slette")).to_have_count(0)  # hidden: not even on her phone
    assert console.locator("[data-panel-console] b, [data-panel-console] i").count() == 0

    # -- upvotes: one per person, on every phone ---------------------------------------------
    upvote(aisha, LONG, votes=1)
    upvote(kari, LONG, votes=2)
    upvote(ola, SHORT, votes=1)
    expect(phone_question(aisha, LONG).locator(".panel-vote-count")).to_have_text(
        text(phone_words["votes"], count=2))
    # The list on the phone is in vote order.
    expect(aisha.locator(".panel-question-text")).to_have_text([LONG, SHORT])
    expect(console_question(console, LONG).locator(".panel-mod-facts")).to_contain_text(
        text(words["votes"], count=2))

    # -- the 320 px phone: 44 px targets, nothing sideways, axe ------------------------------
    for target in (ola.locator("[data-panel-send]"),
                   *ola.locator("[data-panel-vote]").all()):
        target.wait_for(state="visible")  # the list is drawn again at each announcement
        box = target.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, box
    scroll = ola.evaluate("() => document.scrollingElement.scrollWidth - innerWidth")
    assert scroll <= 0, f"the phone scrolls sideways by {scroll} px"
    ola.screenshot(path=tmp_path / "phone-320-panel.png", full_page=True)
    audit(axe_audit, ola, "phone, questions to the panel")

    # -- pinned, on the big screen: very large, never cut off --------------------------------
    moderate(console, LONG, "pin")
    expect(console_question(console, LONG).locator(".panel-mod-facts")).to_contain_text(
        words["pinned"])
    section.locator("[data-panel-show]").click()
    expect(projector.locator("[data-live]")).to_have_attribute("data-display", "panel")
    expect(projector.locator(".panel-pinned")).to_have_text(LONG)
    expect(console.locator("[data-preview-mode]")).to_have_text(
        text(words["screen_panel_pinned"], text=LONG[:59].rstrip() + "…"))
    wait_for_layout(projector)
    assert_nothing_cut_off(projector)
    projector.screenshot(path=tmp_path / "projector-1920-pinned.png")
    audit(axe_audit, projector, "big screen, the pinned question")
    projector.set_viewport_size(SMALL_SCREEN)
    wait_for_layout(projector)
    assert_nothing_cut_off(projector)
    projector.screenshot(path=tmp_path / "projector-1280-pinned.png")
    projector.set_viewport_size(BIG_SCREEN)

    console.screenshot(path=tmp_path / "console-1366-pinned.png")

    # -- unpinned: the top ones in vote order ------------------------------------------------
    moderate(console, LONG, "unpin")
    expect(projector.locator(".panel-top-text")).to_have_count(2)
    expect(projector.locator(".panel-top-votes")).to_have_text(["2", "1"])
    expect(projector.locator(".panel-top-text").nth(0)).to_contain_text(LONG)
    expect(projector.locator(".panel-top-text").nth(1)).to_have_text(
        re.compile(f"^{re.escape(SHORT)}\\s*Kari$"))
    assert projector.locator("[data-panel-area] b").count() == 0
    expect(console.locator("[data-preview-mode]")).to_have_text(words["screen_panel"])

    # A phone takes its vote back: the count drops everywhere; equal votes: the first asked first.
    upvote(kari, LONG, up=False, votes=1)
    expect(projector.locator(".panel-top-votes")).to_have_text(["1", "1"])
    expect(projector.locator(".panel-top-text").nth(0)).to_contain_text(SHORT)
    expect(phone_question(aisha, LONG).locator(".panel-vote-count")).to_have_text(
        text(phone_words["votes_one"], count=1))

    # Answered: marked on the phones, off the big screen.
    moderate(console, SHORT, "answered")
    expect(phone_question(ola, SHORT).locator(".panel-mark")).to_contain_text(
        phone_words["answered"])
    expect(projector.locator(".panel-top-text")).to_have_count(1)

    # -- approval off: questions show at once; five long ones still fit the small screen -----
    section.locator("[data-panel-approval]").uncheck()
    expect(section).to_have_attribute("data-approval", "false")
    for n, page in enumerate((aisha, aisha, ola, kari)):
        ask(page, f"{n + 1}. {LONG}"[:300])
    expect(projector.locator(".panel-top-text")).to_have_count(5)
    wait_for_layout(projector)
    assert_nothing_cut_off(projector)
    projector.screenshot(path=tmp_path / "projector-1920-list.png")
    audit(axe_audit, projector, "big screen, the top questions")
    projector.set_viewport_size(SMALL_SCREEN)
    wait_for_layout(projector)
    assert_nothing_cut_off(projector)
    projector.screenshot(path=tmp_path / "projector-1280-list.png")

    console.screenshot(path=tmp_path / "console-1366-panel.png")
    audit(axe_audit, console, "console, questions to the panel", "[data-panel-console]")
    assert console.evaluate("() => document.scrollingElement.scrollHeight - innerHeight") <= 16


def test_a_phone_is_refused_past_its_limit_and_a_block_without_questions_shows_no_panel(
        panel_server, new_page):
    server = panel_server
    console = new_page(CONSOLE, name="console")
    console.goto(server.facilitator_url)
    wait_connected(console, current=0)
    phone = new_page(PHONES["Ola"][0], name="phone", is_mobile=True, has_touch=True)
    phone.goto(server.join_url)
    wait_connected(phone, current=0)
    expect(phone.locator("[data-panel]")).to_be_visible()
    # Five questions a minute from one phone: the sixth is refused, in the server's words.
    for n in range(1, 6):
        ask(phone, f"Spørsmål nummer {n}?")
    expect(phone.locator("[data-panel-question]")).to_have_count(5)
    phone.locator("#panel-text").fill("Ett til?")
    phone.locator("[data-panel-send]").click()
    words = strings(phone, "i18n-panel")
    feedback = phone.locator("[data-panel-feedback]")
    expect(feedback).not_to_have_text(re.compile(
        f"^({re.escape(words['sent'])}|{re.escape(words['sending'])}|)$"))
    assert feedback.text_content().strip(), "the refusal says nothing"
    expect(phone.locator("#panel-text")).to_have_value("Ett til?")  # kept, to send later
    expect(phone.locator("[data-panel-question]")).to_have_count(5)
    console.locator("[data-action=next]").click()  # on to the group work: no questions
    wait_connected(phone, current=1)
    expect(phone.locator("[data-panel]")).to_be_hidden()
    section = open_console_task(console, "hall").locator("[data-panel-console]")
    expect(section.locator("[data-panel-open]")).to_have_text(
        strings(console, "i18n-panel-console")["closed"])
