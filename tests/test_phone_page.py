"""The phone page is rendered once for every phone asking for the same page, and is never stale."""

import re

from flask import template_rendered

from seminar.domain.clock import format_countdown
from seminar.services.programme import control_programme
from seminar.services.seminars import set_seminar_language
from seminar.web.pages import _shown_state
from tests.conftest import NOW


def _renders(app):
    """The list of phone pages rendered from now on (one entry per render)."""
    rendered: list[str] = []

    def record(sender, template, context, **extra):
        if template.name == "participant/seminar.html":
            rendered.append(template.name)

    template_rendered.connect(record, app, weak=False)
    return rendered


def _countdown(page: str) -> str:
    return re.search(r"data-countdown-value[^>]*>\s*([^<\s]+)", page)[1]


def test_phones_asking_for_the_same_page_share_one_render(app, make_seminar):
    seminar, _ = make_seminar()
    app.extensions["seminar.clock"] = lambda: NOW
    rendered = _renders(app)
    first, second = app.test_client(), app.test_client()
    pages = [client.get(f"/s/{seminar.code}") for client in (first, second, first)]
    assert [page.status_code for page in pages] == [200, 200, 200]
    assert len({page.get_data(as_text=True) for page in pages}) == 1
    assert rendered == ["participant/seminar.html"]
    # Each phone still gets an identity of its own (in the cookie, not in the page).
    with first.session_transaction() as one, second.session_transaction() as other:
        assert one["participants"][seminar.code] != other["participants"][seminar.code]


def test_the_page_follows_the_programme_the_clock_and_the_language(app, app_store,
                                                                    make_seminar):
    seminar, _ = make_seminar()
    clock = [NOW]
    app.extensions["seminar.clock"] = lambda: clock[0]
    client = app.test_client()
    path = f"/s/{seminar.code}"
    ready = client.get(path).get_data(as_text=True)
    assert 'data-status="ready"' in ready

    seminar, _ = control_programme(app_store, seminar, "start", clock[0])
    running = client.get(path).get_data(as_text=True)
    assert 'data-status="running"' in running and running != ready
    clock[0] += 0.4  # the countdown shows the same second: the same page
    assert client.get(path).get_data(as_text=True) == running
    clock[0] += 1  # the next second
    later = client.get(path).get_data(as_text=True)
    assert later != running
    assert later.replace(_countdown(later), "") == running.replace(_countdown(running), "")

    seminar, _ = control_programme(app_store, seminar, "next", clock[0])
    moved = client.get(path).get_data(as_text=True)
    assert re.search(r'data-block="0"[^>]*data-status="done"', moved)

    # A phone that chose English keeps it; another phone still gets the seminar's language.
    assert '<html lang="en">' in client.get(f"{path}?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in client.get(path).get_data(as_text=True)
    other = app.test_client()
    assert '<html lang="nb">' in other.get(path).get_data(as_text=True)
    set_seminar_language(app_store, seminar, "nn")
    assert '<html lang="nn">' in other.get(path).get_data(as_text=True)


def test_the_shown_time_left_is_what_the_countdown_shows():
    for remaining in [*range(-3_001, 3_002, 250), -1, 0, 1, 999, 1_000, 1_001, 3_600_000,
                      -3_600_500]:
        state = {"current": 0, "statuses": ["current"],
                 "timer": {"status": "running", "remaining_ms": remaining, "total_ms": 9}}
        shown = _shown_state(state)
        assert format_countdown(shown["timer"]["remaining_ms"]) == format_countdown(remaining)
        assert set(shown["timer"]) == {"status", "remaining_ms"}
