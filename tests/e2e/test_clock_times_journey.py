"""A day planned against the clock, end to end: the seminar starts late, the console says how
far behind the published times it is and offers to move the rest of today's plan or keep the
published times; kept, the big screen keeps the kit's times; moved, it shows the new ones."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import format_violations
from tests.e2e.test_programme_journey import (
    FACILITATOR_VIEWPORT,
    PROJECTOR_VIEWPORT,
    wait_connected,
)

pytestmark = pytest.mark.e2e

LATE_MINUTES = 12


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def late_kit(start: int) -> str:
    """A short day with clock times that began ``LATE_MINUTES`` ago (minutes after midnight)."""
    return f"""# Klokkesamling
dato: 2026-12-02

## Program

### Oppstart
type: plenum
start: {clock(start)}
slutt: {clock(start + 30)}

Velkommen.

### Samtale
type: dialogtema
start: {clock(start + 30)}
slutt: {clock(start + 90)}

Vi snakker sammen.
"""


@pytest.fixture
def late_server(server_factory, tmp_path):
    hall = hall_zone()
    now = dt.datetime.now(ZoneInfo(hall))
    minute = now.hour * 60 + now.minute
    kits = tmp_path / "kits"
    kits.mkdir()
    start = minute - LATE_MINUTES
    (kits / "klokke.md").write_text(late_kit(start))
    server = server_factory(kits_dir=kits, default_kit="klokke.md",
                            env={"TZ": hall})
    server.hall_zone = hall
    return server, start


def hall_zone(now: dt.datetime | None = None) -> str:
    """A time zone in which it is about noon now, so the day's clock times never pass midnight
    whenever the test runs ("Etc/GMT-N" is UTC+N)."""
    hour = (now or dt.datetime.now(dt.UTC)).hour
    offset = (12 - hour + 12) % 24 - 12  # -12 … +11 hours from UTC
    return "Etc/GMT" + (f"{-offset:+d}" if offset else "")


def test_a_late_start_is_shown_and_the_rest_of_the_day_moved(late_server, new_page, axe_audit):
    server, start = late_server
    # The console's browser is in the hall, as the server is: its clock times are the kit's.
    console = new_page(FACILITATOR_VIEWPORT, name="facilitator", timezone_id=server.hall_zone)
    console.goto(server.facilitator_url)
    wait_connected(console, current=0)
    projector = new_page(PROJECTOR_VIEWPORT, name="projector")
    projector.goto(server.projector_url)
    wait_connected(projector, current=0)
    times = projector.locator("[data-day-list] .day-time")
    expect(times).to_have_text([clock(start), clock(start + 30)])

    offer = console.locator("[data-replan]")
    behind = re.compile(rf"^({LATE_MINUTES}|{LATE_MINUTES + 1}) min etter de oppsatte tidene$")
    expect(offer.locator("[data-replan-text]")).to_have_text(behind)
    expect(console.locator("[data-schedule]")).to_contain_text(
        f"Oppsatt slutt {clock(start + 90)}")
    violations = axe_audit(console)
    assert violations == [], format_violations(violations, "console")

    # Kept: the offer goes, the schedule line still says how far behind; the big screen keeps
    # the kit's times. It stays kept after a reload.
    offer.get_by_role("button", name="Behold de oppsatte tidene").click()
    expect(offer).to_be_hidden()
    expect(console.locator("[data-schedule]")).to_contain_text("min etter de oppsatte tidene")
    expect(times).to_have_text([clock(start), clock(start + 30)])
    console.reload()
    wait_connected(console, current=0)
    console.wait_for_timeout(1500)  # the schedule line is drawn every second
    expect(console.locator("[data-schedule]")).to_contain_text("min etter de oppsatte tidene")
    expect(offer).to_be_hidden()

    # Asked again (another console) and moved: the big screen shows the new times at once.
    console.evaluate("localStorage.clear()")
    console.reload()
    wait_connected(console, current=0)
    expect(offer.locator("[data-replan-text]")).to_have_text(behind)
    minutes = int(offer.locator("[data-replan-text]").text_content().split()[0])
    offer.get_by_role("button", name="Flytt resten av dagens plan").click()
    expect(console.locator("[data-feedback]")).to_have_text(
        f"Resten av dagens klokkeslett er flyttet {minutes} min.")
    expect(times).to_have_text([clock(start + minutes), clock(start + minutes + 30)])
    expect(offer).to_be_hidden()
    expect(console.locator("[data-schedule]")).to_contain_text("I rute etter de oppsatte tidene")
