"""The phone's layout, measured in Chromium on the national dialogue seminar kit: every step
(the start's two steps with 12 and with 40 groups, group work as scribe and as member with
long points and a suggestion, prioritising, the role card) at 360×740 and 320×568, at 320 px
with 200 % text size, and at 200 % zoom.

At each size and step the test asserts that the page does not scroll sideways, that no text is
cut (every line of text lies inside the screen and inside every ancestor that clips it), that
every button, link, input and disclosure is at least 44×44 CSS px, that during group work the
task comes first (the scribe's field for a new point, or the member's first point, starts on
the first screen; at 200 % text or zoom, where a screen holds a few lines, the question it
answers must start on the first screen), and that axe finds nothing. Screenshots of every step
and size (the first screen, and the whole page as ``-full``) are saved in
``test-artifacts/phone-layout/`` for a reviewer to look at.

How the sizes are made:

- 200 % text size: the root font size is set to 200 % (what a phone's larger-text setting
  does to a page sized in rem, as this one is). The viewport stays 320×568.
- 200 % zoom: Chromium's page zoom halves the CSS pixels of the viewport (``innerWidth`` and
  the media queries and ``vw`` follow), so a 360×740 phone at 200 % zoom is laid out exactly
  like a 180×370 viewport. The test sets that viewport (screenshots are at 4× pixels).
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import ROOT, format_violations, wait_for_layout
from tests.e2e.test_programme_journey import wait_connected

pytestmark = pytest.mark.e2e

ARTIFACTS = ROOT / "test-artifacts" / "phone-layout"
KIT = "nasjonalt-dialogseminar-2023.md"
GROUP_WORK_1, GROUP_WORK_2 = 2, 4  # block indexes in the national kit

# name → (viewport, root font size)
SIZES = {
    "360x740": ({"width": 360, "height": 740}, None),
    "320x568": ({"width": 320, "height": 568}, None),
    "320x568-text200": ({"width": 320, "height": 568}, "200%"),
    "360x740-zoom200": ({"width": 180, "height": 370}, None),
}

NORMAL_SIZES = ("360x740", "320x568")

TWELVE = ["Asker", "Bodø", "Gjesdal", "Høyanger", "Inderøy", "Lillestrøm", "Målselv", "Nes",
          "Porsgrunn", "Steinkjer", "Stjørdal", "Sunnfjord"]
MORE = [f"Kommune {n} – Vestland og Trøndelag" for n in range(1, 29)]
LONG_POINTS = [
    "Vi trenger en fast møteplass mellom rektorene og kulturskolelederen – i dag skjer alt på "
    "tilfeldige telefoner, og samarbeidet står og faller på enkeltpersoner. Forslag: fire faste "
    "møter i året, med referat som går til kommunalsjefen og til alle lærerne på trinnet.",
    "Felles planleggingsdager for kulturskolelærere og kontaktlærere i august, slik at "
    "årsplanene kan sees i sammenheng og kulturskolen kan bidra inn i fagene der det passer, "
    "for eksempel i musikk, kunst og håndverk og i tverrfaglige prosjekter på mellomtrinnet.",
    "Kulturskolen inn i skoletiden: korps, kor og visuell kunst som valgfag på "
    "ungdomsskoletrinnet, med kulturskolelærere som underviser, og med en avtale om hvem som "
    "har ansvaret for vurderingen, for rom og for instrumenter som elevene trenger å låne.",
    "Skyss er den største hindringen for barna i distriktene: uten at noen kjører dem, kommer "
    "mange ikke til kulturskolen i det hele tatt. Kan undervisningen legges til skolene, rett "
    "etter skoletid, og kan skolebussen gå en time senere to dager i uka?",
    "Kulturskoletilbud i SFO-tiden for de yngste, med gratis prøvetimer, slik at alle barn får "
    "prøve et instrument, dans eller teater før de må søke om plass og betale full pris.",
]
SUGGESTION = ("Kanskje vi skal nevne samarbeid med frivilligheten? Mange korps og kor mangler "
              "dirigenter, og kulturskolelærerne kan ha en del av stillingen sin der, i en "
              "avtale som kommunen, korpsforbundet og kulturskolen står bak sammen.")

# -- measuring ---------------------------------------------------------------------------------

_LAYOUT_PROBLEMS = """() => {
  const width = window.innerWidth;
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > width) {
    problems.push(`the page scrolls sideways: ${doc.scrollWidth} > ${width}`);
  }
  const shown = (el) => el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden' && !el.closest('.visually-hidden');
  const describe = (el) => `${el.tagName.toLowerCase()} «${(el.innerText || el.value
    || el.getAttribute('aria-label') || '').trim().slice(0, 40)}»`;
  // Text: every line inside the screen and inside every ancestor that clips it.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !shown(el)
        || el.closest('script, template, style, option')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const clips = [];
    for (let a = el; a && a !== doc; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX !== 'visible' || style.textOverflow === 'ellipsis') clips.push(a);
    }
    for (const r of range.getClientRects()) {
      if (!r.width) continue;
      const text = node.textContent.trim().slice(0, 50);
      if (r.left < -0.5 || r.right > width + 0.5) {
        const where = `${Math.round(r.left)}–${Math.round(r.right)}`;
        problems.push(`text off the screen (${where}): «${text}»`);
        break;
      }
      const clip = clips.find((a) => {
        const box = a.getBoundingClientRect();
        return r.left < box.left - 0.5 || r.right > box.right + 0.5;
      });
      if (clip) {
        problems.push(`text cut by ${describe(clip)}: «${text}»`);
        break;
      }
    }
  }
  // Touch targets. Links inside a sentence of kit text are exempt (WCAG 2.5.5, inline).
  for (const el of document.querySelectorAll(
      'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=tab]')) {
    if (!shown(el) || (el.matches('a') && el.closest('.prose p, .prose li'))) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 43.5 || r.height < 43.5) {
      problems.push(`${describe(el)} is ${r.width.toFixed(0)}×${r.height.toFixed(0)} px`);
    }
  }
  return problems;
}"""


def _top(page, selector) -> float:
    return page.locator(selector).first.evaluate("el => el.getBoundingClientRect().top")


def _set_size(page, size):
    viewport, font_size = SIZES[size]
    page.set_viewport_size(viewport)
    page.evaluate("size => { document.documentElement.style.fontSize = size || ''; }", font_size)
    page.evaluate("() => window.scrollTo(0, 0)")
    wait_for_layout(page)


def check_step(page, step, axe_audit, *, task=None):
    """Measure ``page`` at every size; ``task`` is the selector that must start on the first
    screen. Returns every problem found, by size."""
    found = {}
    for size in SIZES:
        _set_size(page, size)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{step}-{size}.png"))  # the first screen
        page.screenshot(path=str(ARTIFACTS / f"{step}-{size}-full.png"), full_page=True,
                        timeout=60_000)
        problems = page.evaluate(_LAYOUT_PROBLEMS)
        if task is not None:
            # At 200 % the question itself (the task's first line) must start on the first
            # screen; the field or point follows it directly.
            first = task if size in NORMAL_SIZES else ".answer:not([hidden]) .question-heading"
            top, height = _top(page, first), page.evaluate("() => window.innerHeight")
            if top >= height:
                problems.append(f"the task ({first}) starts at {top:.0f} px, below the first "
                                f"screen of {height} px")
        violations = axe_audit(page)
        if violations:
            problems.append(format_violations(violations, f"{step} {size}: "))
        if problems:
            found[size] = problems
    _set_size(page, "360x740")
    return found


def assert_no_problems(problems):
    lines = [f"{step} at {size}: {problem}" for step, sizes in problems.items()
             for size, found in sizes.items() for problem in found]
    assert not lines, "\n".join(lines)


# -- setting the hall up (through the server's own events, not the console's screens) -----------

def _socket_page(page):
    """A second Socket.IO connection in ``page``, with the page's cookie (the same person)."""
    if not page.evaluate("() => typeof window.io === 'function'"):
        page.add_script_tag(url="/static/vendor/socket.io/socket.io.min.js")
    page.evaluate("""() => new Promise((resolve) => {
        if (window.__extra && window.__extra.connected) return resolve();
        window.__extra = io({ forceNew: true });
        window.__extra.on('connect', resolve);
    })""")


def emit(page, event, payload):
    _socket_page(page)
    ack = page.evaluate("([event, payload]) => window.__extra.timeout(8000)"
                        ".emitWithAck(event, payload)", [event, payload])
    assert ack["ok"], (event, payload, ack)
    return ack


def _edit(page, code, n, **edit):
    return emit(page, "answer:edit", {"code": code, "edit": {"id": f"edit-layout-{n:04d}",
                                                             **edit}})


@pytest.fixture
def hall(server_factory, new_page):
    server = server_factory(kits_dir=ROOT / "sessions", default_kit=KIT)
    facilitator = new_page((1280, 800), name="facilitator")
    facilitator.goto(server.facilitator_url)
    facilitator.goto(server.url("/"))  # the session is set; no console scripts needed
    code = server.code
    emit(facilitator, "groups:prepare", {"code": code, "text": "\n".join(TWELVE)})
    return server, facilitator


def _phone(server, new_page, name):
    page = new_page({"width": 360, "height": 740}, name=name, is_mobile=True, has_touch=True,
                    device_scale_factor=2)
    page.goto(server.join_url)
    wait_connected(page)
    return page


def _choose(page, group, name=None):
    if name is not None:
        page.fill("#display-name", name)
    page.get_by_role("button", name="Neste").click()
    page.locator("[data-group-choices] button").filter(
        has=page.locator(".group-choice-name", has_text=group)).first.click()
    expect(page.locator("[data-my-group-name]")).to_have_text(group)


def test_the_start_steps_fit_every_phone(hall, new_page, axe_audit):
    server, facilitator = hall
    phone = _phone(server, new_page, "new phone")
    problems = {}
    expect(phone.locator("#display-name")).to_be_visible()
    problems["start-1-name"] = check_step(phone, "start-1-name", axe_audit)
    phone.fill("#display-name", "Kari Nordmann-Kulturskolelærer")
    phone.get_by_role("button", name="Neste").click()
    expect(phone.locator("[data-group-choices] button")).to_have_count(12)
    expect(phone.locator("[data-group-search-box]")).to_be_visible()  # more than ten groups
    problems["start-2-12-groups"] = check_step(phone, "start-2-12-groups", axe_audit)
    emit(facilitator, "groups:prepare", {"code": server.code, "text": "\n".join(MORE)})
    expect(phone.locator("[data-group-choices] button")).to_have_count(40)
    problems["start-2-40-groups"] = check_step(phone, "start-2-40-groups", axe_audit)
    phone.fill("#group-search", "kommune 2")
    expect(phone.locator("[data-group-choices] li:visible")).to_have_count(10)  # 2, 20–28
    problems["start-2-40-groups-search"] = check_step(phone, "start-2-40-search", axe_audit)
    assert_no_problems(problems)

    # The typed name is never lost: not by going back, not by a reload, and it is saved with
    # the group choice (there is no separate "save name" to forget).
    phone.get_by_role("button", name="Endre navn").click()
    expect(phone.locator("#display-name")).to_have_value("Kari Nordmann-Kulturskolelærer")
    phone.reload()
    wait_connected(phone)
    expect(phone.locator("#display-name")).to_have_value("Kari Nordmann-Kulturskolelærer")
    _choose(phone, "Kommune 7 – Vestland og Trøndelag")
    expect(phone.locator("[data-group-members] li")).to_have_text(
        ["Kari Nordmann-Kulturskolelærer (deg)"])


def test_group_work_prioritising_and_the_role_card_fit_every_phone(hall, new_page, axe_audit):
    server, facilitator = hall
    code = server.code
    emit(facilitator, "programme:control", {"code": code, "action": "go_to",
                                            "block": GROUP_WORK_1})
    emit(facilitator, "programme:control", {"code": code, "action": "start"})
    scribe = _phone(server, new_page, "scribe")
    _choose(scribe, "Høyanger", "Kari")
    member = _phone(server, new_page, "member")
    _choose(member, "Høyanger", "Ola")
    emit(scribe, "role:take", {"code": code, "role": "skriver"})
    emit(member, "role:take", {"code": code, "role": "moteleder"})
    for n, text in enumerate(LONG_POINTS):
        _edit(scribe, code, n, kind="add", point=f"point-layout-{n:04d}", question="dt1-1",
              text=text)
    _edit(member, code, 100, kind="add", point="point-layout-0100", question="dt1-1",
          text=SUGGESTION)
    expect(scribe.locator('[data-question="dt1-1"] [data-points] .point')).to_have_count(5)
    expect(scribe.locator('[data-question="dt1-1"] [data-suggestion-list] li')).to_have_count(1)
    expect(member.locator('[data-question="dt1-1"] [data-points] .point')).to_have_count(5)
    # The questions are shown once (in their tab), not again in the block's details.
    for page in (scribe, member):
        question = page.get_by_text("På hvilke områder kan kulturskolen og skolen samarbeide?")
        expect(question.locator("visible=true")).to_have_count(1)
        expect(page.get_by_role("tab")).to_have_count(4)
    problems = {
        "group-work-scribe": check_step(scribe, "group-work-scribe", axe_audit,
                                        task='[data-question="dt1-1"] [data-add-point] textarea'),
        "group-work-member": check_step(member, "group-work-member", axe_audit,
                                        task='[data-question="dt1-1"] [data-points] .point'),
    }
    scribe.locator("[data-role-card] summary").click()
    expect(scribe.locator("[data-role-card] [data-role-now]")).to_be_visible()
    problems["role-card"] = check_step(scribe, "role-card", axe_audit)
    scribe.locator("[data-role-card] summary").click()
    scribe.get_by_role("button", name="Mer for punkt 2").click()
    problems["point-menu"] = check_step(scribe, "point-menu", axe_audit)

    # Prioritising in group work 2, question 2.
    emit(facilitator, "programme:control", {"code": code, "action": "go_to",
                                            "block": GROUP_WORK_2})
    emit(facilitator, "plenary:configure", {"code": code, "question": "dt2-2",
                                            "priorities_open": True})
    for n, text in enumerate(LONG_POINTS[:4]):
        _edit(scribe, code, 200 + n, kind="add", point=f"point-layout-{200 + n:04d}",
              question="dt2-2", text=text)
    scribe.get_by_role("tab", name="Spørsmål 2").click()
    choices = scribe.locator('[data-question="dt2-2"] [data-rank-choices] button')
    expect(choices).to_have_count(4)
    choices.nth(2).click()
    choices.nth(0).click()
    expect(choices.nth(2)).to_have_attribute("aria-pressed", "true")
    problems["prioritising"] = check_step(scribe, "prioritising", axe_audit)

    # A plenary block with a group: the large countdown, the role card, the group.
    emit(facilitator, "programme:control", {"code": code, "action": "next"})
    expect(member.locator("[data-answers]")).to_be_hidden()
    problems["plenary-with-group"] = check_step(member, "plenary-with-group", axe_audit)
    assert_no_problems(problems)
