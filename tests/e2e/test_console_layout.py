"""The facilitator's console on a 1366×768 laptop, in halls of 12 and 40 groups: one task at a
time, each fitting the screen (long lists scroll in their own regions), the bar with the
countdown, the controls and the live preview of the big screen always in view, the keyboard
shortcuts, the focus after a button disables itself, and an axe audit of every task.

Screenshots of every task are saved in the test's tmp folder (and in test-artifacts/console/
when that folder exists) for a reviewer to look at."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from seminar.domain.kit import BlockKind
from seminar.domain.kit_parser import parse_kit
from tests.e2e.harness import (
    CONSOLE_TASKS,
    ROOT,
    format_violations,
    open_console_task,
    populate_hall,
    wait_for_layout,
)
from tests.e2e.test_programme_journey import wait_connected

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}
SMALL_LAPTOP = {"width": 1280, "height": 720}
KITS = ROOT / "sessions"
# The review's halls: 12 municipality groups on the national kit, 40 on the two-day kit.
HALLS = {12: "nasjonalt-dialogseminar-2023.md", 40: "pilotsamling-2021.md"}
MUNICIPALITIES = [
    "Asker", "Bodø", "Gjesdal", "Høyanger", "Inderøy", "Lillestrøm", "Målselv", "Nes",
    "Porsgrunn", "Steinkjer", "Stjørdal", "Stranda", "Sunnfjord", "Ullensvang", "Ås", "Bergen",
    "Trondheim", "Tromsø", "Kristiansand", "Drammen", "Fredrikstad", "Sandnes", "Sarpsborg",
    "Skien", "Ålesund", "Sandefjord", "Larvik", "Arendal", "Karmøy", "Ullensaker", "Haugesund",
    "Molde", "Hamar", "Lørenskog", "Gjøvik", "Halden", "Moss", "Kongsberg", "Harstad",
    "Nord-Aurdal kommune med et langt navn",
]
LONG = ("Vi trenger faste møteplasser mellom kulturskolen, skolen og SFO, med tid avsatt i "
        "arbeidsplanen til begge, slik at lærerne kan planlegge sammen og barna møter de samme "
        "voksne gjennom hele dagen – ikke bare i enkeltprosjekter som forsvinner når pengene "
        "tar slutt.")
SHORT = ["Felles kalender", "Delte stillinger mellom kulturskole og grunnskole"]
# Each task is sized to the screen below the bar (and what stands above it), its long lists
# scrolling in their own regions: the document itself must not scroll, but for rounding.
SLACK_PX = 16


def _artifacts(tmp_path: Path) -> list[Path]:
    folders = [tmp_path]
    shared = ROOT / "test-artifacts"
    if shared.is_dir():
        folder = shared / "console"
        folder.mkdir(exist_ok=True)
        folders.append(folder)
    return folders


def _shoot(page, folders, name):
    for folder in folders:
        page.screenshot(path=folder / f"{name}.png")


def _first_group_work(kit_name: str):
    kit = parse_kit((KITS / kit_name).read_text(encoding="utf-8"))
    index, block = next((i, b) for i, b in enumerate(kit.blocks)
                        if b.kind == BlockKind.GROUP_WORK and b.questions)
    return kit, index, block


def _hall(server, new_page, groups: int, kit_name: str, viewport=LAPTOP):
    """The console with ``groups`` groups of members and points, in the first group-work
    block, running, with the answer wall on the big screen."""
    kit, index, block = _first_group_work(kit_name)
    page = new_page(viewport, name=f"console {groups} groups")
    page.goto(server.facilitator_url)
    wait_connected(page, current=0)
    open_console_task(page, "groups")
    page.fill("#group-list", "\n".join(MUNICIPALITIES[:groups]))
    page.click("[data-prepare-groups] button")
    expect(page.locator(".group-admin")).to_have_count(groups)
    points = {question.id: [LONG, *SHORT] for question in block.questions[:2]}
    populate_hall(server, groups, members=5 if groups <= 12 else 3, points=points)
    # The console catches up with a hall that joined in seconds (the groups' view is sent at
    # most a few times a second, and this machine is shared).
    expect(page.locator("[data-groups-summary]")).to_contain_text(
        f"{groups * (5 if groups <= 12 else 3)} deltakere i {groups} grupper", timeout=60_000)
    open_console_task(page, "programme")
    page.click(f'[data-go-to="{index}"]')
    expect(page.locator("[data-live]")).to_have_attribute("data-current", str(index))
    page.click("[data-action=start]")
    expect(page.locator("[data-countdown]")).to_have_attribute("data-status", "running")
    plenary = open_console_task(page, "plenary")
    plenary.locator("[data-display-question]").select_option(block.questions[0].id)
    plenary.get_by_role("button", name="Vis svarveggen").click()
    plenary.locator("#wall-revealed").check()
    expect(plenary.locator("[data-display-now]")).to_contain_text("svarveggen")
    return page, kit, index


def _metrics(page):
    return page.evaluate("""() => {
        const box = (el) => { const r = el.getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                    width: r.width, height: r.height}; };
        return {scrollHeight: document.scrollingElement.scrollHeight,
                scrollWidth: document.scrollingElement.scrollWidth,
                innerHeight, innerWidth,
                bar: box(document.querySelector('[data-console-bar]')),
                preview: box(document.querySelector('[data-preview]').parentElement)};
    }""")


def _assert_in_view(box, metrics, what):
    assert box["top"] >= -1 and box["bottom"] <= metrics["innerHeight"] + 1 \
        and box["left"] >= -1 and box["right"] <= metrics["innerWidth"] + 1, \
        f"{what} is not inside the viewport: {box} ({metrics['innerWidth']}×" \
        f"{metrics['innerHeight']})"


@pytest.mark.parametrize("groups", sorted(HALLS), ids=lambda n: f"{n}-groups")
def test_every_task_fits_a_laptop_with_the_bar_in_view(server_factory, new_page, axe_audit,
                                                       tmp_path, groups):
    kit_name = HALLS[groups]
    server = server_factory(kits_dir=KITS, default_kit=kit_name)
    # Seen on main too, not caused by the console: while a 40-group hall joins, the gevent
    # server now and then breaks a large frame on a browser's WebSocket (Chromium: "Invalid
    # frame header"); the client reconnects and fetches the whole state again. This test is
    # about the layout, so that one error is let through; everything it shows is asserted.
    new_page.tolerate(r"^WebSocket connection to '.*/socket\.io/.*' failed: Invalid frame header",
                      url=server.url("/static/"),
                      reason="gevent/simple-websocket frame broken under load (reported)")
    page, kit, index = _hall(server, new_page, groups, kit_name)
    folders = _artifacts(tmp_path)
    preview = page.frame_locator("[data-preview]")
    # The preview is the real projector page, showing what the hall sees.
    expect(preview.locator("[data-wall]")).to_be_visible()
    expect(page.locator("[data-preview-mode]")).to_contain_text("svarveggen")
    report = []
    for name in CONSOLE_TASKS:
        task = open_console_task(page, name)
        wait_for_layout(page)  # the lists are drawn
        _shoot(page, folders, f"console-{groups}-groups-{name}")
        metrics = _metrics(page)
        assert metrics["scrollHeight"] <= metrics["innerHeight"] + SLACK_PX, \
            f"the {name} task makes the page scroll: {metrics}"
        assert metrics["scrollWidth"] <= metrics["innerWidth"], f"{name} scrolls sideways"
        # Scrolled to the bottom, the bar and the preview are still in view (sticky).
        page.evaluate("() => window.scrollTo(0, document.scrollingElement.scrollHeight)")
        metrics = _metrics(page)
        _assert_in_view(metrics["bar"], metrics, f"the bar ({name})")
        _assert_in_view(metrics["preview"], metrics, f"the preview ({name})")
        assert round(metrics["preview"]["width"]) == 192 and \
            round(metrics["preview"]["height"]) == 108, metrics["preview"]
        expect(page.locator("[data-console-bar] [data-countdown-value]")).to_be_visible()
        for action in ("start", "next"):
            expect(page.locator(f"[data-action={action}]")).to_be_visible()
        # Everything in the task can be reached: its last element is shown when scrolled to.
        last = task.locator(":is(button, a, select, input, textarea, li, tr):visible").last
        last.scroll_into_view_if_needed()
        expect(last).to_be_in_viewport()
        page.evaluate("() => window.scrollTo(0, 0)")
        violations = axe_audit(page)
        if violations:
            report.append(format_violations(violations, where=f"[{name}] "))
    assert not report, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(report)

    # The long lists scroll in their own regions, and nothing is left out.
    open_console_task(page, "groups")
    expect(page.locator(".group-admin")).to_have_count(groups)
    region = page.locator("[data-task=groups] .scroll-region")
    if groups > 12:
        assert region.evaluate("(el) => el.scrollHeight > el.clientHeight")
    open_console_task(page, "work")
    expect(page.locator("[data-overview-table] tbody tr")).to_have_count(groups)

    # The seminar's language of the screens is set in the settings task.
    settings = open_console_task(page, "settings")
    expect(settings.locator("#language-setting")).to_be_visible()

    # The chosen task survives a reload.
    open_console_task(page, "summary")
    page.reload()
    wait_connected(page, current=index)
    expect(page.locator("[data-task=summary]")).to_be_visible()
    expect(page.locator("[data-task=programme]")).to_be_hidden()


def test_first_view_on_a_small_laptop(server_factory, new_page, tmp_path):
    server = server_factory(kits_dir=KITS, default_kit=HALLS[12])
    page = new_page(SMALL_LAPTOP, name="console 1280x720")
    page.goto(server.facilitator_url)
    wait_connected(page, current=0)
    expect(page.locator("[data-task=programme]")).to_be_visible()
    for name in CONSOLE_TASKS[1:]:
        expect(page.locator(f"[data-task={name}]")).to_be_hidden()
    expect(page.frame_locator("[data-preview]").locator("[data-countdown-value]")) \
        .to_have_text("25:00")
    metrics = _metrics(page)
    assert metrics["scrollHeight"] <= metrics["innerHeight"] + SLACK_PX, metrics
    _shoot(page, _artifacts(tmp_path), "console-first-view-1280x720")
    # Creating groups is a few Tab stops away (it was more than 120): the skip links first.
    # Tab 1: the skip link to the main content; 2: to the programme; 3: to the groups.
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Gå rett til: Grupper og roller")
    page.keyboard.press("Enter")
    expect(page.locator("[data-task=groups]")).to_be_visible()
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "group-list":
            break
    expect(page.locator("#group-list")).to_be_focused()


def _status(page):
    return page.locator("[data-countdown]").get_attribute("data-status")


def test_shortcuts_and_the_focus_after_a_button_disables_itself(server, new_page):
    page = new_page(LAPTOP, name="console")
    page.goto(server.facilitator_url)
    wait_connected(page, current=0)
    countdown = page.locator("[data-countdown]")
    focused = page.locator(":focus")

    # Buttons that disable themselves hand the focus on: Start → Pause → Resume → Pause.
    page.focus("[data-action=start]")
    page.keyboard.press("Enter")
    expect(countdown).to_have_attribute("data-status", "running")
    expect(focused).to_have_attribute("data-action", "pause")
    page.keyboard.press("Enter")
    expect(countdown).to_have_attribute("data-status", "paused")
    expect(focused).to_have_attribute("data-action", "resume")
    assert page.evaluate("() => document.activeElement !== document.body")
    page.keyboard.press("Enter")
    expect(countdown).to_have_attribute("data-status", "running")
    expect(focused).to_have_attribute("data-action", "pause")

    # Alt+Shift+P pauses and resumes, from anywhere but a field.
    page.locator("[data-task-link=groups]").focus()
    page.keyboard.press("Alt+Shift+KeyP")
    expect(countdown).to_have_attribute("data-status", "paused")
    page.keyboard.press("Alt+Shift+KeyP")
    expect(countdown).to_have_attribute("data-status", "running")

    # Alt+Shift+G goes on to the next block; never while typing in a field.
    open_console_task(page, "groups")
    page.focus("#group-list")
    page.keyboard.press("Alt+Shift+KeyG")
    page.keyboard.press("Alt+Shift+KeyP")
    # Had either been sent, it would be back before a pause sent after them from outside the
    # field: so pause (and resume) from the task link, then look.
    page.locator("[data-task-link=groups]").focus()
    page.keyboard.press("Alt+Shift+KeyP")
    expect(countdown).to_have_attribute("data-status", "paused")
    expect(page.locator("[data-live]")).to_have_attribute("data-current", "0")
    page.keyboard.press("Alt+Shift+KeyP")
    expect(countdown).to_have_attribute("data-status", "running")
    assert _status(page) == "running"
    page.locator("[data-task-link=groups]").focus()
    page.keyboard.press("Alt+Shift+KeyG")
    expect(page.locator("[data-live]")).to_have_attribute("data-current", "1")
    expect(countdown).to_have_attribute("data-status", "ready")
    # The next block has not started: Alt+Shift+P starts it.
    page.keyboard.press("Alt+Shift+KeyP")
    expect(countdown).to_have_attribute("data-status", "running")

    # Next block onto the last block: the button disables itself, the focus goes to Start.
    page.focus("[data-action=next]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-live]")).to_have_attribute("data-current", "2")
    expect(page.locator("[data-action=next]")).to_be_disabled()
    expect(focused).to_have_attribute("data-action", "start")

    # Alt+Shift+V turns the big screen's page: it clicks the plenary panel's "next page"
    # button, even while another task is shown. A stand-in takes the button's attribute for
    # the test (so it counts the clicks whether or not this build has the real one).
    page.evaluate("""() => {
        const real = document.querySelector('[data-display-page-next]');
        if (real) real.removeAttribute('data-display-page-next');
        const button = document.createElement('button');
        button.type = 'button';
        button.dataset.displayPageNext = '';
        button.textContent = 'stand-in';
        document.querySelector('[data-display-panel]').append(button);
        window.__pageClicks = 0;
        button.addEventListener('click', () => { window.__pageClicks += 1; });
    }""")
    open_console_task(page, "programme")
    expect(page.locator("[data-task=plenary]")).to_be_hidden()
    page.locator("[data-task-link=programme]").focus()
    page.keyboard.press("Alt+Shift+KeyV")
    page.wait_for_function("() => window.__pageClicks === 1")
    # Not while typing: in the summary's theme title field nothing is clicked.
    open_console_task(page, "summary")
    page.focus("#theme-title")
    page.keyboard.press("Alt+Shift+KeyV")
    # The same keys from outside the field click once more; had the first press clicked, it
    # would have counted before this one.
    page.locator("[data-task-link=summary]").focus()
    page.keyboard.press("Alt+Shift+KeyV")
    page.wait_for_function("() => window.__pageClicks >= 2")
    assert page.evaluate("() => window.__pageClicks") == 2
    # The shortcuts are documented in the console.
    page.get_by_text("Tastatursnarveier").click()
    help_box = page.locator("[data-shortcuts]")
    expect(help_box).to_contain_text("Start, pause eller fortsett programposten")
    expect(help_box).to_contain_text("Gå videre til neste programpost")
