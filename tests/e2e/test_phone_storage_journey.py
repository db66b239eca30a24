"""What a phone keeps, end to end in Chromium: its service worker covers the seminar's phone
page and keeps only that page and the static files (never a report, an export or anything
sent with ``no-store``); localStorage holds only the unsent edits, which survive a reload, and
nothing of a seminar once it is deleted. And the big screen of an anonymous seminar shows
each group by its number, from a view the server built without the names."""

import pytest
from playwright.sync_api import expect

from tests.e2e.harness import open_console_task
from tests.e2e.test_answers_journey import _add, _phone, _points, group_work
from tests.e2e.test_programme_journey import (
    FACILITATOR_VIEWPORT,
    PHONE,
    PROJECTOR_VIEWPORT,
    wait_connected,
)

pytestmark = pytest.mark.e2e

CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    urls.push(...(await cache.keys()).map((request) => request.url));
  }
  return urls;
}"""

STORED_KEYS = "() => Object.keys(localStorage)"


def _stored(page, code):
    return sorted(key for key in page.evaluate(STORED_KEYS) if code in key)


def _wait_stored_nothing(page, code):
    """Wait until the phone keeps nothing of the seminar in localStorage (it removes its entry
    once the last acknowledgement has come)."""
    page.wait_for_function("(code) => !Object.keys(localStorage).some((k) => k.includes(code))",
                           arg=code, polling=100)
    assert _stored(page, code) == []


def _controlled(page):
    """Wait until the phone page's service worker controls it; return the registration's
    scope."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    return page.evaluate("async () => (await navigator.serviceWorker.ready).scope")


def test_the_service_worker_covers_the_phone_page_and_keeps_no_report_or_export(
        server, new_page):
    # The facilitator's browser may fetch the report and the exports; it opens the phone page.
    page = new_page(FACILITATOR_VIEWPORT, name="facilitator's phone page")
    page.goto(server.facilitator_url)
    expect(page).to_have_url(server.facilitator_clean_url)
    page.goto(server.participant_url)
    wait_connected(page, current=0)
    assert _controlled(page) == server.participant_url
    code = server.code
    private = [f"/s/{code}/report", f"/s/{code}/export/csv", f"/s/{code}/export/md",
               f"/s/{code}/export/json", f"/s/{code}/facilitator", f"/s/{code}/projector",
               f"/s/{code}/qr.svg"]
    statuses = page.evaluate("""async (urls) => {
      const statuses = [];
      for (const url of urls) statuses.push((await fetch(url)).status);
      // A static file fetched last: once it is kept, the responses before it were seen.
      await fetch("/static/favicon.svg?after=1");
      return statuses;
    }""", private)
    assert statuses == [200] * len(private)
    page.wait_for_function("""async () => {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        if (await cache.match("/static/favicon.svg?after=1")) return true;
      }
      return false;
    }""", polling=100)
    kept = [url.removeprefix(server.base_url) for url in page.evaluate(CACHED_URLS)]
    assert kept, "the phone page and its files are kept for an offline reload"
    assert f"/s/{code}" in kept
    assert [url for url in kept if not url.startswith("/static/")] == [f"/s/{code}"]
    # The console (in the same scope) is not controlled by the phone's worker into caching.
    page.goto(server.facilitator_clean_url)
    page.evaluate("async () => { await fetch(location.href); }")
    kept = [url.removeprefix(server.base_url) for url in page.evaluate(CACHED_URLS)]
    assert [url for url in kept if not url.startswith("/static/")] == [f"/s/{code}"]


def test_a_phone_keeps_only_its_unsent_edits_and_forgets_a_deleted_seminar(server, new_page):
    facilitator = group_work(server, new_page)
    code = server.code
    kari = _phone(server, new_page, "Kari", "Bergen")
    kari.get_by_role("button", name="Ta rollen: Skriver").click()
    expect(kari.locator("[data-answers-who]").first).to_contain_text("Du skriver gruppens punkter")
    _add(kari, "q1", "Sendt med en gang")
    expect(kari.locator('[data-question="q1"] .point-badges')).to_have_count(0)
    _wait_stored_nothing(kari, code)  # everything is sent: nothing is kept
    # A second phone is still at its first step: the name it typed is an unsent edit too.
    fresh = new_page(PHONE["viewport"], name="phone at the start",
                     **{key: value for key, value in PHONE.items() if key != "viewport"})
    fresh.goto(server.join_url)
    wait_connected(fresh, current=1)
    fresh.fill("#display-name", "Ola")
    assert _stored(fresh, code) == [f"seminar-name:{code}"]

    # Offline, the edit is kept and survives a reload; once sent, it is no longer kept.
    new_page.tolerate(r"ERR_INTERNET_DISCONNECTED|WebSocket connection|ERR_FAILED",
                      url=server.base_url, reason="the phone is deliberately offline")
    assert _controlled(kari) == server.participant_url
    kari.context.set_offline(True)
    expect(kari.locator("[data-connection]")).to_have_attribute("data-state", "disconnected")
    _add(kari, "q2", "Skrevet uten nett")
    assert _stored(kari, code) == [f"seminar-answers:{code}"]
    kari.reload()
    expect(_points(kari, "q2")).to_have_text(["Skrevet uten nett"])
    expect(kari.locator('[data-question="q2"] .point-badges')).to_have_text(["ikke sendt ennå"])
    kari.context.set_offline(False)
    expect(kari.locator('[data-question="q2"] .point-badges')).to_have_count(0, timeout=20_000)
    expect(_points(kari, "q2")).to_have_text(["Skrevet uten nett"])
    _wait_stored_nothing(kari, code)

    # The seminar is deleted: the phones keep nothing of it, nor its page.
    facilitator.goto(server.url(f"/s/{code}/delete"))
    facilitator.get_by_label(f"Skriv koden {code} for å bekrefte").fill(code)
    facilitator.get_by_role("button", name="Slett samlingen og alle svarene").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Samlingen er slettet")
    for phone in (kari, fresh):
        expect(phone.locator("[data-live] > p.notice[role=alert]")).to_have_text(
            "Denne samlingen er slettet. Ingenting mer kan sendes til den.")
    fresh.fill("#display-name", "Ola Nordmann")  # typing afterwards keeps nothing either
    for phone in (kari, fresh):
        phone.wait_for_function(
            """async (path) => !(await navigator.serviceWorker.getRegistrations())
                 .some((registration) => new URL(registration.scope).pathname === path)""",
            arg=f"/s/{code}", polling=100)
        assert _stored(phone, code) == []
        kept = [url.removeprefix(server.base_url) for url in phone.evaluate(CACHED_URLS)]
        assert not [url for url in kept if url.startswith(f"/s/{code}")]


def test_the_big_screen_of_an_anonymous_seminar_shows_the_groups_by_number(server, new_page):
    facilitator = group_work(server, new_page)
    projector = new_page(PROJECTOR_VIEWPORT, name="projector")
    projector.goto(server.projector_url)
    wait_connected(projector, current=1)
    _phone(server, new_page, "Kari", "Sunnfjord")
    open_console_task(facilitator, "plenary")
    facilitator.locator("[data-display-panel] button[data-show=join]").click()
    sizes = projector.locator("[data-group-sizes]")
    expect(sizes).to_have_text("Bergen (0) · Sunnfjord (1)")
    facilitator.locator("[data-anonymous]").check()
    expect(sizes).to_have_text("Gruppe 1 (0) · Gruppe 2 (1)")
    projector.reload()
    wait_connected(projector, current=1)
    expect(sizes).to_have_text("Gruppe 1 (0) · Gruppe 2 (1)")
    facilitator.locator("[data-anonymous]").uncheck()
    expect(sizes).to_have_text("Bergen (0) · Sunnfjord (1)")
