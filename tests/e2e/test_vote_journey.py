"""The vote across groups, end to end in Chromium: two groups have answered and prioritised a
question with `stemmer: 2`; the facilitator opens the vote from the console's summary; two
phones vote (one tries a third vote and is refused with the message); the big screen shows the
result building up; the facilitator closes it, and a phone's further vote is refused. Axe
audits the phone's vote, the console's vote and the big screen's vote mode.

The groups' points and priorities are written through the services on the server's database
(the plenary journey drives them through the phones already)."""

import json
import re
import time

import pytest
from playwright.sync_api import expect

from seminar.services import answers, groups, plenary
from seminar.services.seminars import find_seminar
from seminar.store import Store
from tests.e2e.harness import format_violations, open_console_task, wait_for_layout
from tests.e2e.test_answers_journey import choose_group, start
from tests.e2e.test_programme_journey import wait_connected

pytestmark = pytest.mark.e2e

CONSOLE = {"width": 1366, "height": 768}
BIG_SCREEN = {"width": 1920, "height": 1080}
PHONE = {"width": 360, "height": 740}

KIT = """# Salen stemmer
dato: 2026-12-02
sted: Storsalen

## Roller

### Skriver
id: skriver
skriver: ja

Skriver gruppens svar.

## Program

### Gruppearbeid
type: gruppearbeid
varighet: 20 min

#### Hva er viktigst?
id: viktigst
prioriter: 1-2
stemmer: 2

Velg ett eller to punkt.

### Oppsummering
type: plenum
varighet: 10 min
"""

POINTS = {"Bergen": ["Mer tid til samarbeid", "Felles <b>kalender</b>"],
          "Sunnfjord": ["Bedre skyss"]}


@pytest.fixture
def vote_server(server_factory, tmp_path):
    kits = tmp_path / "kits"
    kits.mkdir()
    (kits / "stemmer.md").write_text(KIT)
    return server_factory(kits_dir=kits, default_kit="stemmer.md")


def prepare(server) -> None:
    """Two groups, each with its scribe, answer `viktigst` and prioritise all their points."""
    store = Store(server.instance_dir / "seminar.db")
    try:
        seminar = find_seminar(store, server.code)
        now = time.time()
        groups.prepare_groups(store, seminar, "\n".join(POINTS), now)
        plenary.configure(store, seminar, "viktigst", priorities_open=True)
        for number, (group, texts) in enumerate(zip(store.groups.all(seminar.record.id),
                                                    POINTS.values(), strict=True)):
            person, _ = groups.enter_seminar(store, seminar, f"scribe-{number}-abcdef", now)
            groups.choose_group(store, seminar, person.id, group.id, now)
            groups.take_role(store, seminar, person.id, "skriver", now)
            ids = [f"point-{number}-{n:04d}" for n in range(len(texts))]
            for point, text in zip(ids, texts, strict=True):
                answers.apply_edit(store, seminar, person.id, {
                    "id": f"edit-{point}", "kind": "add", "point": point,
                    "question": "viktigst", "text": text}, now)
            answers.apply_edit(store, seminar, person.id, {
                "id": f"edit-pick-{number}", "kind": "prioritise", "question": "viktigst",
                "points": ids}, now)
    finally:
        store.close()


def strings(page, block: str) -> dict:
    return json.loads(page.locator(f"#{block}").text_content())


def text(template: str, **params) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)]), template)


def audit(axe_audit, page, where: str):
    violations = axe_audit(page)
    assert violations == [], format_violations(violations, where)


def toggle(page, title: str):
    return page.locator("[data-vote] .vote-item").filter(has_text=title).locator(
        "[data-vote-item]")


def test_the_hall_votes_across_groups(vote_server, new_page, axe_audit, tmp_path):
    server = vote_server
    prepare(server)
    console = new_page(CONSOLE, name="console")
    console.goto(server.facilitator_url)
    wait_connected(console, current=0)
    projector = new_page(BIG_SCREEN, name="projector")
    projector.goto(server.projector_url)
    wait_connected(projector, current=0)
    phones = []
    for name in ("Kari", "Ola"):
        page = new_page(PHONE, name=f"phone {name}", is_mobile=True, has_touch=True)
        page.goto(server.join_url)
        wait_connected(page, current=0)
        start(page, name)
        choose_group(page, "Bergen")
        expect(page.locator("[data-votes]")).to_be_hidden()  # no vote is open yet
        phones.append(page)
    kari, ola = phones

    # -- the console: the ranking with the vote beside it; the facilitator opens the vote ----
    task = open_console_task(console, "summary")
    task.locator("[data-summary-question]").select_option("viktigst")
    box = task.locator("[data-vote-console]")
    expect(box).to_be_visible()
    words = strings(console, "i18n-vote-console")
    expect(box.locator("[data-vote-console-allowed]")).to_have_text(
        text(words["allowed"], allowed=2))
    box.locator("[data-vote-console-toggle]").click()
    expect(box.locator("[data-vote-console-toggle]")).to_have_text(words["close"])
    expect(box.locator("[data-vote-console-results] li")).to_have_count(3)
    box.locator("[data-vote-console-show]").click()
    expect(projector.locator("[data-live]")).to_have_attribute("data-display", "vote")
    expect(projector.locator(".vote-slide .poll-bar")).to_have_count(3)

    # -- the phones: every item with its toggle, "X of N votes left" ------------------------
    phone_words = strings(kari, "i18n-votes")
    for page in phones:
        expect(page.locator("[data-vote] [data-vote-item]")).to_have_count(3)
        expect(page.locator("[data-vote-left]")).to_have_text(
            text(phone_words["left"], left=2, allowed=2))
    # The title typed with markup is text on every screen.
    assert kari.locator("[data-vote] b").count() == 0
    assert projector.locator(".vote-slide b").count() == 0
    first = toggle(kari, "Mer tid")
    size = first.bounding_box()
    assert size["height"] >= 44 and size["width"] >= 44, size
    audit(axe_audit, kari, "phone, the vote")
    first.click()
    expect(first).to_have_attribute("aria-pressed", "true")
    expect(kari.locator("[data-vote-left]")).to_have_text(
        text(phone_words["left"], left=1, allowed=2))
    toggle(kari, "Bedre skyss").click()
    expect(kari.locator("[data-vote-left]")).to_have_text(
        text(phone_words["left"], left=0, allowed=2))
    third = toggle(kari, "kalender")
    third.click()  # a third vote: refused, saying why
    expect(third).to_have_attribute("aria-pressed", "false")
    refusal = kari.locator("[data-vote] [data-vote-state]")
    expect(refusal).to_have_text(re.compile(r"\b2\b"))
    kari.screenshot(path=tmp_path / "phone-360-vote.png", full_page=True)

    # -- the big screen: the result builds up ----------------------------------------------
    screen = strings(projector, "i18n-vote-screen")
    figures = projector.locator(".vote-slide .poll-bar-figure")

    def counts(*numbers):
        return [text(screen["votes_one" if n == 1 else "votes_n"], n=n) for n in numbers]

    expect(figures).to_have_text(counts(1, 1, 0))
    toggle(ola, "Mer tid").click()
    expect(toggle(ola, "Mer tid")).to_have_attribute("aria-pressed", "true")
    expect(figures).to_have_text(counts(2, 1, 0))
    expect(projector.locator("[data-vote-summary]")).to_contain_text(
        text(screen["voters"], voters=2))
    wait_for_layout(projector)
    projector.screenshot(path=tmp_path / "projector-1920-vote.png")
    audit(axe_audit, projector, "big screen, the vote")
    expect(box.locator("[data-vote-console-results] li").first).to_contain_text(
        text(words["votes_n"], n=2))
    audit(axe_audit, console, "console, the vote")
    console.screenshot(path=tmp_path / "console-1366-vote.png")

    # -- closed: frozen everywhere, and a further vote is refused -----------------------------
    box.locator("[data-vote-console-toggle]").click()
    expect(box.locator("[data-vote-console-toggle]")).to_have_text(words["reopen"])
    expect(ola.locator("[data-vote-left]")).to_have_text(phone_words["closed"])
    late = toggle(ola, "Bedre skyss")
    expect(late).to_be_disabled()
    late.evaluate("button => { button.disabled = false; }")  # a phone that did not hear yet
    late.click()
    expect(ola.locator("[data-votes-status]")).not_to_have_text("")
    expect(toggle(ola, "Bedre skyss")).to_have_attribute("aria-pressed", "false")
    expect(projector.locator("[data-vote-summary]")).to_contain_text(screen["closed"])
    expect(figures).to_have_text(counts(2, 1, 0))
    # The summary's ranking shows the votes beside the groups' own weight.
    expect(task.locator(".summary-votes")).to_have_count(3)
    audit(axe_audit, ola, "phone, the vote closed")
