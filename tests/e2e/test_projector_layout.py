"""The projector's geometry, in Chromium: in every mode, at 1920×1080 and 1280×720, with the
reviewer's 12-group national hall and the 40-group pilot hall (and a point of 2,000 characters,
and a group reporting back three long priorities), every text the audience should read is on
screen at a readable size on some page, nothing is cut by an overflow, and the page number says
"Side n av N" when there is more than one page.

The halls are built through the services (tests/halls.py), exported as archives, and imported
into the running server with ``python -m seminar import``. The facilitator drives the big
screen over its own socket; the paging is paused and stepped with ``display:page`` so that
every page is looked at. Screenshots of every mode and page are saved (``SEMINAR_E2E_ARTIFACTS``
or the test's tmp folder).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from seminar.domain.kit_parser import parse_kit
from seminar.store import Store
from tests import halls
from tests.e2e.harness import ROOT, format_violations, wait_for_layout, wait_until
from tests.e2e.test_programme_journey import wait_connected

pytestmark = pytest.mark.e2e

# The two sizes the review used; SEMINAR_E2E_PROJECTOR_SIZES="1024x768,1280x800" tries others.
VIEWPORTS = tuple(tuple(int(n) for n in size.split("x")) for size in os.environ.get(
    "SEMINAR_E2E_PROJECTOR_SIZES", "1920x1080,1280x720").split(","))
LONG_POINT = ("Langt innspill: " + "Kulturskolen, skolen og SFO trenger felles planer, felles "
              "møteplasser og felles ansvar for at alle barn får ta del. ") * 18
LONG_POINT = LONG_POINT[:2000]
LONG_PRIORITIES = [
    "Første prioritet: " + halls.LONG_POINTS[0],
    "Andre prioritet: " + halls.LONG_POINTS[1],
    "Tredje prioritet: " + halls.LONG_POINTS[2],
]
READABLE = 3.5  # % of the viewport height, promised for titles, names and points
LEAST = 2.6  # % of the viewport height, for everything the audience reads


# -- the hall --------------------------------------------------------------------------------------

def _hall_archive(which: str, folder: Path) -> dict:
    store = Store(folder / f"{which}.db")
    try:
        hall = halls.national_hall(store) if which == "national" else halls.pilot_hall(store)
        archive = halls.hall_archive(store, hall)
    finally:
        store.close()
    return archive


def _stress(archive: dict, question: str) -> dict:
    """A point of 2,000 characters (group 1's first pick) and a group (group 2) whose three
    priorities are long."""
    seminar = archive["seminar"]
    points = [p for p in seminar["points"] if p["question"] == question and not p["deleted"]
              and not p["suggested"]]
    first = [p for p in points if p["group"] == "g1"]
    picks = {(pick["group"], pick["question"]): pick for pick in seminar["priorities"]}
    first_pick = picks[("g1", question)]["points"][0]
    next(p for p in first if p["key"] == first_pick)["text"] = LONG_POINT
    second = [p for p in points if p["group"] == "g2"][:3]
    for extra in range(3 - len(second)):  # the pilot's groups wrote fewer
        point = {**second[-1], "key": f"pt-long-{extra}",
                 "position": second[-1]["position"] + 1}
        seminar["points"].append(point)
        second.append(point)
    for point, text in zip(second, LONG_PRIORITIES, strict=True):
        point["text"] = text
    picks[("g2", question)]["points"] = [p["key"] for p in second]
    return archive


def _import(server, archive: dict, folder: Path) -> tuple[str, str]:
    path = folder / "hall.json"
    path.write_text(json.dumps(archive, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "seminar", "import", str(path)], cwd=ROOT,
                            env=server._env(), capture_output=True, text=True, timeout=120,
                            check=True)
    found = re.search(r"(/s/([^/\s]+)/facilitator\?key=\S+)", result.stdout)
    assert found, result.stdout + result.stderr
    link, code = found.groups()
    return code, server.url(link)


def _prioritised_question(kit) -> str:
    return next(q.id for q in kit.questions() if q.prioritise)


# -- the facilitator's remote control --------------------------------------------------------------

class Remote:
    """The facilitator's own socket, in the console's page (its session is the facilitator's)."""

    def __init__(self, page, code: str):
        self.page, self.code = page, code
        page.evaluate("""() => new Promise((resolve, reject) => {
            window.__remote = io({forceNew: true, transports: ['websocket']});
            window.__remote.once('connect', resolve);
            window.__remote.once('connect_error', reject);
        })""")

    def __call__(self, event: str, **payload) -> dict:
        ack = self.page.evaluate("""async ([event, payload]) =>
            await window.__remote.timeout(8000).emitWithAck(event, payload)""",
                                 [event, {"code": self.code, **payload}])
        assert ack["ok"], (event, payload, ack)
        return ack


# -- what a screen shows ---------------------------------------------------------------------------

GEOMETRY = """() => {
  const vh = innerHeight / 100;
  const screen = document.querySelector('.projector-screen');
  const texts = [];
  const problems = [];
  const walker = document.createTreeWalker(screen, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (!text) continue;
    const el = node.parentElement;
    const skipped = '[data-connection], .visually-hidden, template, [hidden], .page-probe';
    if (el.closest(skipped)) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) continue;
    const box = {left: Math.min(...rects.map((r) => r.left)),
                 top: Math.min(...rects.map((r) => r.top)),
                 right: Math.max(...rects.map((r) => r.right)),
                 bottom: Math.max(...rects.map((r) => r.bottom))};
    const size = parseFloat(style.fontSize) / vh;
    const where = `${el.tagName.toLowerCase()}.${el.className} «${text.slice(0, 60)}»`;
    if (box.left < -0.5 || box.top < -0.5 || box.right > innerWidth + 0.5
        || box.bottom > innerHeight + 0.5) {
      problems.push(`outside the viewport: ${where} ${JSON.stringify(box)}`);
    }
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const r = a.getBoundingClientRect();
      if (box.left < r.left - 0.5 || box.top < r.top - 0.5 || box.right > r.right + 0.5
          || box.bottom > r.bottom + 0.5) {
        problems.push(`cut by ${a.tagName.toLowerCase()}.${a.className}: ${where}`);
        break;
      }
    }
    const fitted = Boolean(el.closest('[style*="--fit:"]'));
    texts.push({text, size, fitted, classes: [...el.classList],
                within: [...new Set([...(function* () {
                  for (let a = el; a && a !== screen; a = a.parentElement) yield* a.classList;
                })()])]});
  }
  const indicator = document.querySelector('[data-page-indicator]');
  return {texts, problems, indicator: indicator.hidden ? '' : indicator.textContent,
          mode: screen.dataset.display};
}"""


def _look(page) -> dict:
    wait_for_layout(page)  # the pages are laid out
    return page.evaluate(GEOMETRY)


def _texts_within(look: dict, cls: str) -> list[str]:
    return [t["text"] for t in look["texts"] if cls in t["within"]]


def _pages(page, remote: Remote, shots: Path, name: str) -> list[dict]:
    """Every page of what the screen shows: paused, stepped with ``display:page``; each checked
    for cut or small text and photographed."""
    looks = []
    first = _look(page)
    total = 1
    found = re.fullmatch(r"Side (\d+) av (\d+)", first["indicator"])
    if first["indicator"]:
        assert found, first["indicator"]
        total = int(found.group(2))
    for number in range(1, total + 1):
        if total > 1:
            wait_until(lambda n=number: page.locator("[data-page-indicator]").inner_text()
                       == f"Side {n} av {total}", message=f"{name}: page {number} of {total}")
        look = _look(page)
        page.screenshot(path=shots / f"{name}-p{number}.png")
        assert look["problems"] == [], f"{name}, page {number}: " + "\n".join(look["problems"])
        small = [t for t in look["texts"] if t["size"] < LEAST - 0.01]
        assert small == [], f"{name}, page {number}: text below {LEAST} % of the height: {small}"
        looks.append(look)
        if number < total:
            remote("display:page", step=1)
    return looks


def _joined(texts: list[str]) -> list[str]:
    """Texts as written: a text too long for a page even in the smallest type goes on over
    pages, "… " where it goes on and " …" where it breaks off."""
    joined = []
    for text in texts:
        if joined and joined[-1].endswith(" …") and text.startswith("… "):
            joined[-1] = joined[-1][:-2] + " " + text[2:]
        else:
            joined.append(text)
    return joined


def _seen(looks: list[dict], cls: str) -> list[str]:
    return _joined([text for look in looks for text in _texts_within(look, cls)])


def _own(looks: list[dict], cls: str) -> list[str]:
    """The texts of the elements with class ``cls`` themselves (not of their children)."""
    return [t["text"] for look in looks for t in look["texts"] if cls in t["classes"]]


def _assert_readable(looks: list[dict], classes: tuple[str, ...], name: str):
    for look in looks:
        for t in look["texts"]:
            if set(classes) & set(t["classes"]) and not t["fitted"]:
                assert t["size"] >= READABLE - 0.01, f"{name}: {t}"


def _card_points(looks: list[dict]) -> set[tuple[str, str]]:
    """(group, point text) of every point seen on the wall's cards, over all pages."""
    seen = []
    for look in looks:
        group = None
        for t in look["texts"]:
            if "wall-group" in t["classes"]:
                group = re.sub(r" \(forts\.\)$", "", t["text"])
            elif "wall-point" in t["classes"]:
                if seen and seen[-1][0] == group and seen[-1][1].endswith(" …") \
                        and t["text"].startswith("… "):
                    seen[-1] = (group, seen[-1][1][:-2] + " " + t["text"][2:])
                else:
                    seen.append((group, t["text"]))
    return set(seen)


def _label(group: dict) -> str:
    return group["name"] or f"Gruppe {group['number']}"


def _wait_mode(pages, mode: str):
    for page in pages:
        expect(page.locator("[data-live]")).to_have_attribute("data-display", mode)


# -- the test --------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["national", "pilot"])
def test_every_mode_shows_everything_readable_and_uncut(server, new_page, axe_audit, tmp_path,
                                                        which):
    shots = Path(os.environ.get("SEMINAR_E2E_ARTIFACTS") or tmp_path) / f"projector-{which}"
    shots.mkdir(parents=True, exist_ok=True)
    archive = _hall_archive(which, tmp_path)
    kit = parse_kit(archive["seminar"]["kit_source"])
    question = _prioritised_question(kit)
    code, link = _import(server, _stress(archive, question), tmp_path)

    console = new_page({"width": 1280, "height": 800}, name="facilitator")
    console.goto(link)
    wait_connected(console)
    remote = Remote(console, code)
    remote("display:paging", paused=True)
    screens = {}
    for width, height in VIEWPORTS:
        page = new_page({"width": width, "height": height}, name=f"projector {width}x{height}")
        page.goto(server.url(f"/s/{code}/projector"))
        wait_connected(page, current=0)
        screens[(width, height)] = page
    pages = list(screens.values())
    audits = []

    def each_screen(mode: str, check, show: dict, label: str = ""):
        """Check every page of ``mode`` on each screen, from its first page (``show`` puts
        the display on the screen again, on its first page)."""
        for (width, height), page in screens.items():
            remote("display:show", **show)
            _wait_mode(pages, mode)
            name = f"{which}-{width}x{height}-{label or mode}"
            looks = _pages(page, remote, shots, name)
            check(page, looks, name, width, height)
            violations = axe_audit(page)
            if violations:
                audits.append(format_violations(violations, where=f"[{name}] "))

    # The programme: the current block, the countdown, every block of the day.
    day_one = [block.title for block in kit.blocks if block.day == kit.blocks[0].day]

    def programme(page, looks, name, *_):
        assert set(day_one) <= set(_seen(looks, "day-title")), name
        assert kit.blocks[0].title in _seen(looks, "block-title"), name
        expect(page.locator("[data-countdown-value]")).to_be_visible()
        expect(page.locator(".bar-code")).to_have_text(code)
        _assert_readable(looks, ("block-title",), name)
    each_screen("programme", programme, {"mode": "programme"})

    # Group work: the running block's questions, large, with the countdown.
    work = next(index for index, block in enumerate(kit.blocks) if block.questions)
    remote("programme:control", action="go_to", block=work)

    def groupwork(page, looks, name, *_):
        titles = [q.title for q in kit.blocks[work].questions]
        assert set(titles) <= set(_seen(looks, "question-title")), name
        expect(page.locator("[data-countdown-value]")).to_be_visible()
        _assert_readable(looks, ("question-title", "block-title"), name)
        assert not page.locator(f"[data-block-detail='{work}'] > .prose").first.is_visible()
    each_screen("groupwork", groupwork, {"mode": "programme"})

    # How to join: the QR code on at least half the height, the code at least 120 px at 1080p.
    def join(page, looks, name, width, height):
        qr = page.locator("img.join-qr").bounding_box()
        assert qr["height"] >= 0.5 * height and qr["y"] + qr["height"] <= height, (name, qr)
        box = page.locator(".join-code strong").bounding_box()
        assert box["height"] >= 120 * height / 1080, (name, box)
        seen = _seen(looks, "join-slide")
        assert code in seen and any(server.base_url in text for text in seen), name
        expect(page.locator("[data-bar]")).to_be_hidden()
    each_screen("join", join, {"mode": "join"})

    # The wall: how many points each group has, then every point, page by page.
    shown = remote("display:show", mode="wall", question=question)["display"]
    groups = [_label(group) for group in shown["groups"]]

    def wall_hidden(page, looks, name, *_):
        names = [re.sub(r" \(forts\.\)$", "", text) for text in _own(looks, "wall-group")]
        assert set(groups) == set(names), name
        _assert_readable(looks, ("wall-group", "wall-count"), name)
    wall = {"mode": "wall", "question": question}
    each_screen("wall", wall_hidden, wall, "wall-hidden")
    revealed = remote("plenary:configure", question=question, revealed=True)
    assert revealed["ok"]
    shown = remote("display:fetch")["display"]
    expected = {(_label(group), point["text"]) for group in shown["groups"]
                for point in group["points"]}
    assert (groups[0], LONG_POINT) in expected
    wait_until(lambda: all(page.locator(".wall-point").count() for page in pages))

    def wall_revealed(page, looks, name, *_):
        seen = _card_points(looks)
        missing = expected - seen
        assert not missing, f"{name}: {len(missing)} points never on screen: {sorted(missing)[:3]}"
        _assert_readable(looks, ("wall-group", "wall-point"), name)
    each_screen("wall", wall_revealed, wall, "wall-revealed")
    for page in pages:
        expect(page.locator(".wall-point.is-highlighted")).to_have_count(0)

    # The report-back of the group with three long priorities.

    def report_back(page, looks, name, *_):
        assert _seen(looks, "report-group")[0] == groups[1]
        assert set(LONG_PRIORITIES) <= set(_seen(looks, "report-points")), name
        _assert_readable(looks, ("report-group", "report-points"), name)
    each_screen("report", report_back, {"mode": "report", "question": question, "step": 1},
                "report-long-priorities")

    def report_long(page, looks, name, *_):
        assert LONG_POINT in _seen(looks, "report-points"), name
    each_screen("report", report_long, {"mode": "report", "question": question, "step": 0},
                "report-2000-characters")

    # The summary with every item revealed.
    summary = remote("display:show", mode="summary", question=question, step=10)["display"]
    titles = [item["title"] for item in summary["items"]]
    assert len(titles) == summary["total"] > 2

    def summary_all(page, looks, name, width, _):
        assert set(titles) <= set(_seen(looks, "slide-text")), name
        _assert_readable(looks, ("slide-text", "slide-groups", "slide-weight"), name)
        # the weight right after the end of its bar
        for item in page.locator(".slide-item").all():
            bar = item.locator(".slide-bar").bounding_box()
            weight = item.locator(".slide-weight").bounding_box()
            assert 0 <= weight["x"] - (bar["x"] + bar["width"]) <= 0.03 * width, (name, bar, weight)
    each_screen("summary", summary_all, {"mode": "summary", "question": question, "step": 10})

    # The closing slide: no countdown, no join code.

    def closing(page, looks, name, *_):
        assert "Takk for innsatsen!" in _seen(looks, "mode-title")
        expect(page.locator("[data-countdown-value]")).to_be_hidden()
        seen = " ".join(t["text"] for look in looks for t in look["texts"])
        assert code not in seen and "Kode" not in seen, name
    each_screen("closing", closing, {"mode": "closing"})

    assert not audits, "axe found WCAG 2.1 A/AA violations (screenshots in " \
        f"{shots}):\n" + "\n".join(audits)
