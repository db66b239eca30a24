"""The timed programme, end to end: facilitator, projector and a phone against a real server.

Covers starting, pausing, resuming, extending and moving between blocks, the server being
restarted (or killed) in the middle of a running block, the projector's layout, an axe audit
of every page, and a participant trying to drive the programme.
"""

import json
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import (
    countdown_seconds,
    countdown_status,
    facilitate,
    format_violations,
    populate_hall,
    wait_until,
)

pytestmark = pytest.mark.e2e

FACILITATOR_VIEWPORT = {"width": 1280, "height": 800}
PROJECTOR_VIEWPORT = {"width": 1920, "height": 1080}
PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}

# The short kit: "Velkommen" 10 min, "Gruppearbeid" 20 min, "Avslutning" 5 min.
BLOCK_SECONDS = (600, 1200, 300)
BLOCK_TITLES = ("Velkommen", "Gruppearbeid", "Avslutning")


# -- helpers --------------------------------------------------------------------------------------

def wait_connected(page, current: int | None = None):
    """Wait for the socket to be connected and the seminar joined (the ack was rendered)."""
    expect(page.locator("[data-connection]")).to_have_attribute("data-state", "connected")
    if current is not None:
        expect(page.locator("[data-live]")).to_have_attribute("data-current", str(current))


def open_screens(server, new_page):
    """Open the facilitator console, the projector and a phone; return them by name."""
    facilitator = new_page(FACILITATOR_VIEWPORT, name="facilitator")
    facilitator.goto(server.facilitator_url)
    # Opening the ?key= link sets the session and redirects to the clean address.
    expect(facilitator).to_have_url(server.facilitator_clean_url)
    projector = new_page(PROJECTOR_VIEWPORT, name="projector")
    projector.goto(server.projector_url)
    phone = new_page(PHONE["viewport"], name="phone",
                     **{key: value for key, value in PHONE.items() if key != "viewport"})
    phone.goto(server.join_url)
    expect(phone).to_have_url(server.participant_url)
    pages = {"facilitator": facilitator, "projector": projector, "phone": phone}
    for page in pages.values():
        expect(page.locator("html")).to_have_attribute("lang", "nb")
        wait_connected(page, current=0)
    return pages


def control(facilitator, action: str, seconds: int | None = None):
    """Click a facilitator button and wait for the server's acknowledgement without error."""
    selector = f"[data-action={action}]"
    if seconds is not None:
        selector += f"[data-seconds='{seconds}']"
    button = facilitator.locator(selector)
    expect(button).to_be_enabled()
    button.click()
    expect(button).not_to_have_attribute("aria-busy", "true")
    expect(facilitator.locator("[data-feedback]")).to_have_text("")


def expect_status(pages, status: str):
    for page in pages.values():
        expect(page.locator("[data-countdown]")).to_have_attribute("data-status", status)


def expect_current(pages, current: int):
    """Every screen shows block ``current``: programme statuses and the block detail."""
    for page in pages.values():
        expect(page.locator("[data-live]")).to_have_attribute("data-current", str(current))
        for index in range(len(BLOCK_SECONDS)):
            item = page.locator(f"li[data-block='{index}']")
            detail = page.locator(f"[data-block-detail='{index}']")
            if index == current:
                expect(item).to_have_attribute("data-status", "current")
                expect(item).to_have_attribute("aria-current", "step")
                expect(detail).to_be_visible()
                expect(detail.locator(".block-title")).to_have_text(BLOCK_TITLES[index])
            else:
                expect(item).not_to_have_attribute("data-status", "current")
                expect(detail).to_be_hidden()


def read_countdowns(pages) -> dict[str, int]:
    return {name: countdown_seconds(page) for name, page in pages.items()}


def assert_agree(values: dict[str, int], tolerance: int = 1):
    assert max(values.values()) - min(values.values()) <= tolerance, \
        f"the screens disagree by more than {tolerance} s: {values}"


def mark_pages(pages):
    """Remember, in each page, that it was not reloaded and every connection state it shows."""
    for page in pages.values():
        page.evaluate("""() => {
            window.__e2eNotReloaded = true;
            window.__e2eConnection = [];
            const el = document.querySelector('[data-connection]');
            new MutationObserver(() => window.__e2eConnection.push(el.dataset.state))
                .observe(el, {attributes: true, attributeFilter: ['data-state']});
        }""")


def restart_mid_block(server, new_page, pages, *, kill: bool, current: int):
    """Restart the server while a block runs; every page must reconnect by itself and show
    the block and the time left as they should be. Return the time left before the restart."""
    mark_pages(pages)
    before = countdown_seconds(pages["facilitator"])
    read_at = time.monotonic()
    code, key, organiser_key = server.code, server.facilitator_key, server.organiser_key
    with new_page.tolerating_reconnect(server, pages.values()):
        server.restart(kill=kill)
        # The same instance folder means the same seminar and keys.
        assert (server.code, server.facilitator_key, server.organiser_key) \
            == (code, key, organiser_key)
        for page in pages.values():
            # Wait until each page has noticed the outage and is connected again.
            page.wait_for_function("() => window.__e2eConnection.includes('disconnected')"
                                   " && document.querySelector('[data-connection]')"
                                   ".dataset.state === 'connected'", timeout=20_000)
    for name, page in pages.items():
        assert page.evaluate("() => window.__e2eNotReloaded === true"), f"{name} was reloaded"
    expect_current(pages, current)
    expect_status(pages, "running")
    values = read_countdowns(pages)
    expected = before - (time.monotonic() - read_at)
    for name, value in values.items():
        assert abs(value - expected) <= 2, \
            f"{name} shows {value} s left after the restart, expected about {expected:.1f}"
    assert_countdowns_move(pages, values)
    return before


def assert_countdowns_move(pages, values: dict[str, int]):
    """Every countdown goes on counting down from ``values``."""
    wait_until(lambda: all(countdown_seconds(page) < values[name]
                           for name, page in pages.items()),
               timeout=3, message=f"the countdowns kept counting down from {values}")


# -- journeys -------------------------------------------------------------------------------------

def test_programme_journey_smoke(server, new_page):
    pages = open_screens(server, new_page)
    facilitator = pages["facilitator"]
    expect_status(pages, "ready")
    expect_current(pages, 0)
    for page in pages.values():
        expect(page.locator("[data-countdown-value]")).to_have_text("10:00")

    # Start: every screen runs the same countdown.
    control(facilitator, "start")
    expect_status(pages, "running")
    values = read_countdowns(pages)
    assert_agree(values)
    assert all(BLOCK_SECONDS[0] - 5 <= value <= BLOCK_SECONDS[0] for value in values.values()), \
        values
    expect(facilitator.locator("[data-schedule]")).not_to_have_text("")

    # Pause: every screen stops at the same value.
    control(facilitator, "pause")
    expect_status(pages, "paused")
    paused = read_countdowns(pages)
    assert len(set(paused.values())) == 1, f"paused screens disagree: {paused}"
    # Time passes (what is tested): each screen's own clock, which its countdown is drawn
    # from, goes 1.5 s past the pause, so a countdown still running would have moved.
    until = {name: page.evaluate("() => Date.now() + 1500") for name, page in pages.items()}
    for name, page in pages.items():
        page.wait_for_function("(until) => Date.now() >= until", arg=until[name])
    assert read_countdowns(pages) == paused

    # Resume: counting down again from where it stopped.
    control(facilitator, "resume")
    expect_status(pages, "running")
    assert_countdowns_move(pages, paused)
    values = read_countdowns(pages)
    assert_agree(values)
    assert all(value >= paused["facilitator"] - 5 for value in values.values()), (paused, values)

    # +5 min: about five minutes more everywhere.
    before = countdown_seconds(facilitator)
    read_at = time.monotonic()
    control(facilitator, "adjust", seconds=300)
    wait_until(lambda: all(countdown_seconds(page) >= before + 290 for page in pages.values()),
               timeout=5, message="+5 min reached every screen")
    values = read_countdowns(pages)
    assert_agree(values)
    expected = before + 300 - (time.monotonic() - read_at)
    for name, value in values.items():
        assert abs(value - expected) <= 2, f"{name}: {value} s, expected about {expected:.0f}"

    # Next: block 1 everywhere, block 0 done, block 1 not started yet.
    control(facilitator, "next")
    expect_current(pages, 1)
    expect_status(pages, "ready")
    for page in pages.values():
        expect(page.locator("li[data-block='0']")).to_have_attribute("data-status", "done")
        expect(page.locator("[data-countdown-value]")).to_have_text("20:00")

    control(facilitator, "start")
    expect_status(pages, "running")
    assert_agree(read_countdowns(pages))

    # The server goes away in the middle of the running block and comes back.
    restart_mid_block(server, new_page, pages, kill=False, current=1)

    # The screens joined the seminar again: they receive the facilitator's next command.
    before = countdown_seconds(facilitator)
    control(facilitator, "adjust", seconds=60)
    wait_until(lambda: all(countdown_seconds(page) >= before + 55 for page in pages.values()),
               timeout=5, message="+1 min after the restart reached every screen")
    assert_agree(read_countdowns(pages))


def test_survives_sigkill_mid_block(server, new_page):
    pages = open_screens(server, new_page)
    facilitator = pages["facilitator"]
    control(facilitator, "start")
    expect_status(pages, "running")
    assert_agree(read_countdowns(pages))

    restart_mid_block(server, new_page, pages, kill=True, current=0)

    # A reload renders the state kept in SQLite and connects again.
    values = read_countdowns(pages)
    read_at = time.monotonic()
    for page in pages.values():
        page.reload()
    expect(facilitator).to_have_url(server.facilitator_clean_url)  # the session survived
    for page in pages.values():
        wait_connected(page, current=0)
    expect_current(pages, 0)
    expect_status(pages, "running")
    after = read_countdowns(pages)
    assert_agree(after)
    elapsed = time.monotonic() - read_at
    for name, value in after.items():
        assert abs(value - (values[name] - elapsed)) <= 2, (name, values[name], value, elapsed)
    assert_countdowns_move(pages, after)
    # The facilitator is still the facilitator.
    control(facilitator, "pause")
    expect_status(pages, "paused")


@pytest.mark.parametrize("viewport", [(1920, 1080), (1280, 720)], ids=["1080p", "720p"])
def test_projector_layouts(server, new_page, viewport):
    width, height = viewport
    page = new_page({"width": width, "height": height}, name=f"projector {width}x{height}")
    page.goto(server.projector_url)
    wait_connected(page, current=0)

    def inside(parts):
        for name, locator in parts.items():
            expect(locator, f"{name} is visible").to_be_visible()
            box = locator.bounding_box()
            assert box is not None, name
            assert box["x"] >= 0 and box["y"] >= 0 \
                and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, \
                f"{name} is not inside the {width}×{height} viewport: {box}"

    # The programme: the countdown, the current block, the join code in the slim bar.
    parts = {
        "countdown": page.locator("[data-countdown-value]"),
        "current block title": page.locator("[data-block-detail='0'] .block-title"),
        "join code": page.locator(".bar-code"),
    }
    expect(parts["current block title"]).to_have_text(BLOCK_TITLES[0])
    expect(parts["join code"]).to_have_text(server.code)
    expect(parts["countdown"]).to_have_text("10:00")
    inside(parts)

    # How to join, on the facilitator's word: the QR code on at least half the height.
    facilitator = new_page(FACILITATOR_VIEWPORT, name="facilitator")
    facilitator.goto(server.facilitator_url)
    wait_connected(facilitator)
    ack = facilitator.evaluate("""async (code) => {
        const socket = io({forceNew: true, transports: ['websocket']});
        await new Promise((resolve) => socket.once('connect', resolve));
        return await socket.timeout(5000).emitWithAck('display:show', {code, mode: 'join'});
    }""", server.code)
    assert ack["ok"], ack
    page.wait_for_function("() => { const img = document.querySelector('img.join-qr');"
                           " return img.complete && img.naturalWidth > 0; }")
    parts = {"QR code": page.locator("img.join-qr"), "join code": page.locator(".join-code")}
    expect(parts["join code"]).to_contain_text(server.code)
    inside(parts)
    qr_box = parts["QR code"].bounding_box()
    assert min(qr_box["width"], qr_box["height"]) >= height / 2, f"the QR code is small: {qr_box}"
    scroll = page.evaluate("() => ({height: document.scrollingElement.scrollHeight,"
                           " width: document.scrollingElement.scrollWidth,"
                           " innerHeight: innerHeight, innerWidth: innerWidth})")
    assert scroll["height"] <= scroll["innerHeight"], f"the projector page scrolls: {scroll}"
    assert scroll["width"] <= scroll["innerWidth"], f"the projector page scrolls: {scroll}"


def test_accessibility_audit(server, new_page, axe_audit, tmp_path):
    new_page.tolerate(r"status of 401", url=server.url("/organiser/"),
                      reason="the organiser login page is answered with 401 on purpose "
                             "(tests/test_pages.py)")
    screens = [
        ("start page", server.url("/"), {"viewport": {"width": 1280, "height": 800}}, False),
        ("participant", server.participant_url, PHONE, True),
        ("projector", server.projector_url, {"viewport": PROJECTOR_VIEWPORT}, True),
        ("facilitator", server.facilitator_url, {"viewport": FACILITATOR_VIEWPORT}, True),
        ("organiser login", server.url("/organiser/"),
         {"viewport": {"width": 1280, "height": 800}}, False),
    ]
    report = []
    for name, url, options, live in screens:
        options = dict(options)
        page = new_page(options.pop("viewport"), name=name, **options)
        page.goto(url)
        if live:
            wait_connected(page, current=0)
        page.screenshot(path=tmp_path / f"{name.replace(' ', '-')}.png", full_page=True)
        violations = axe_audit(page)
        if violations:
            report.append(format_violations(violations, where=f"[{name}] "))
        if name == "participant":
            # The folded sections (programme, preparation, roles...) too.
            page.evaluate("() => document.querySelectorAll('details')"
                          ".forEach((d) => { d.open = true; })")
            page.screenshot(path=tmp_path / "participant-open.png", full_page=True)
            violations = axe_audit(page)
            if violations:
                report.append(format_violations(violations, where="[participant, opened] "))
    assert not report, "axe found WCAG 2.1 A/AA violations (screenshots in " \
        f"{tmp_path}):\n" + "\n".join(report)


def _received_messages(page) -> list[str]:
    """Record every Engine.IO packet ``page`` receives on a WebSocket from now on."""
    messages: list[str] = []
    page.on("websocket", lambda socket: socket.on(
        "framereceived", lambda frame: messages.append(frame if isinstance(frame, str) else "")))
    return messages


def _event(message: str) -> tuple[str | None, object]:
    """A Socket.IO event packet ('42["name",payload]') as (name, payload); else (None, None)."""
    if not message.startswith("42["):
        return None, None
    name, *args = json.loads(message[2:])
    return name, args[0] if args else None


def _wait_for_message(page, messages: list[str], predicate, what: str, timeout: float = 15.0):
    """Wait until one of ``messages`` (filled by Playwright while it works for ``page``)
    satisfies ``predicate``."""
    deadline = time.monotonic() + timeout
    while not any(predicate(message) for message in messages):
        assert time.monotonic() < deadline, f"no {what} within {timeout} s: {messages}"
        page.evaluate("() => new Promise((done) => requestAnimationFrame(done))")


def test_participant_cannot_drive_programme(server, new_page):
    projector = new_page(PROJECTOR_VIEWPORT, name="projector")
    received = {"projector": _received_messages(projector)}
    projector.goto(server.projector_url)
    wait_connected(projector, current=0)
    phone = new_page(PHONE["viewport"], name="phone",
                     **{key: value for key, value in PHONE.items() if key != "viewport"})
    received["phone"] = _received_messages(phone)
    phone.goto(server.join_url)
    wait_connected(phone, current=0)
    # Both screens are on the WebSocket (upgraded from polling) before anything is tried, so
    # every broadcast they get from now on is seen here.
    for name, page in (("projector", projector), ("phone", phone)):
        _wait_for_message(page, received[name], lambda m: m == "3probe", "WebSocket upgrade")
    before = {name: len(seen) for name, seen in received.items()}

    attempts = [{"action": "start"}, {"action": "adjust", "seconds": 300},
                {"action": "next"}, {"action": "go_to", "block": 2}]
    acks = phone.evaluate("""async ([code, attempts]) => {
        const socket = io({forceNew: true, transports: ['websocket']});
        await new Promise((resolve, reject) => {
            socket.once('connect', resolve);
            socket.once('connect_error', reject);
        });
        const acks = [];
        for (const attempt of attempts) {
            acks.push(await socket.timeout(5000)
                .emitWithAck('programme:control', {code, ...attempt}));
        }
        // Joining as the facilitator is refused too.
        acks.push(await socket.timeout(5000)
            .emitWithAck('seminar:join', {code, view: 'facilitator'}));
        const state = await socket.timeout(5000)
            .emitWithAck('seminar:join', {code, view: 'participant'});
        socket.disconnect();
        return {acks, state};
    }""", [server.code, attempts])

    for attempt, ack in zip(attempts + [{"join": "facilitator"}], acks["acks"], strict=True):
        assert ack["ok"] is False, (attempt, ack)
        assert ack["error"]["code"] == "not_allowed", (attempt, ack)
        assert isinstance(ack["error"]["message"], str) and ack["error"]["message"], ack
    state = acks["state"]
    assert state["ok"] is True, state
    assert state["state"]["current"] == 0
    assert state["state"]["timer"]["status"] == "ready"
    assert state["state"]["timer"]["remaining_ms"] == BLOCK_SECONDS[0] * 1000

    # A broadcast, had there been one, would reach each screen before one sent after it: a
    # phone joining a group makes the server announce the groups (now one participant: a phone
    # that only connected is none) to every screen.
    assert facilitate(server, "groups:prepare", {"text": "Bord 1"})["ok"]
    populate_hall(server, 1, members=1)
    for name, page in (("projector", projector), ("phone", phone)):
        _wait_for_message(page, received[name], lambda m: _event(m)[0] == "groups:state"
                          and _event(m)[1]["joined"] == 1, "announcement of the participant")
        names = [_event(message)[0] for message in received[name][before[name]:]]
        assert "programme:state" not in names, (name, names)
    for page in (projector, phone):
        expect(page.locator("[data-countdown]")).to_have_attribute("data-status", "ready")
        expect(page.locator("[data-countdown-value]")).to_have_text("10:00")
        expect(page.locator("li[data-block='0']")).to_have_attribute("data-status", "current")
    assert countdown_status(projector) == "ready"
