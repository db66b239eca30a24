"""Times as every screen and export writes them: "HH:MM" of a day, and the countdown."""

import pytest

from seminar.domain.clock import format_countdown, format_minute_of_day
from tests.conftest import SHORT_KIT


@pytest.mark.parametrize(("minutes", "text"), [
    (0, "00:00"),  # midnight
    (9 * 60 + 5, "09:05"),
    (23 * 60 + 59, "23:59"),
    (24 * 60, "00:00"),  # a block that ends at midnight
    (24 * 60 + 30, "00:30"),  # and one that runs past it
])
def test_a_minute_of_the_day_is_written_hh_mm(minutes, text):
    assert format_minute_of_day(minutes) == text


@pytest.mark.parametrize(("remaining_ms", "text"), [
    (20 * 60_000, "20:00"),
    (0, "0:00"),
    (1, "0:01"),  # a second begun is a second left: the count never shows 0:00 too early
    (59_001, "1:00"),
    (9 * 60_000 + 59_999, "10:00"),
    (90 * 60_000, "1:30:00"),  # an hour and more
    (-1, "+0:00"),  # over time: the seconds gone, rounded down, after a plus
    (-42_999, "+0:42"),
    (-(65 * 60_000), "+1:05:00"),
])
def test_the_countdown_is_written_as_the_screens_write_it(remaining_ms, text):
    # The same rules as formatRemaining() in static/js/live.js, which takes over in the browser.
    assert format_countdown(remaining_ms) == text


def test_pages_write_the_countdown_and_the_clock_times_with_the_same_formatters(client, app_store):
    from seminar.services.seminars import create_seminar

    kit = SHORT_KIT.replace("### Velkommen\ntype: plenum\nvarighet: 10 min",
                            "### Velkommen\ntype: plenum\nstart: 09:00\nslutt: 10:30")
    assert kit != SHORT_KIT
    seminar, _ = create_seminar(app_store, "short.md", kit, 1e9)
    for path in (f"/s/{seminar.code}", f"/s/{seminar.code}/projector"):
        page = client.get(path).get_data(as_text=True)
        assert "data-countdown-value>\n    1:30:00\n" in page, path
    page = client.get(f"/s/{seminar.code}").get_data(as_text=True)
    assert '<span class="programme-time">09:00</span>' in page
    assert " · 09:00–10:30" in page
