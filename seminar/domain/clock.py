"""Times as every screen, message and export writes them.

The one place that writes a time of day ("09:05") or a countdown ("12:05", "1:02:00",
"+0:42"). The browser's copy of the countdown rules is ``formatRemaining`` in
``static/js/live.js``: the server writes the first frame, the script takes over.
"""

MINUTES_PER_DAY = 24 * 60


def format_minute_of_day(minutes: int) -> str:
    """Return "HH:MM" for ``minutes`` after midnight; a time past midnight wraps round."""
    hours, minute = divmod(minutes % MINUTES_PER_DAY, 60)
    return f"{hours:02d}:{minute:02d}"


def format_countdown(remaining_ms: int) -> str:
    """Return the time left as "M:SS" ("H:MM:SS" from an hour), "+M:SS" once over time.

    A second begun counts as left, so the count reaches "0:00" when the time is up; over time
    only whole seconds gone count.
    """
    over = remaining_ms < 0
    seconds = -remaining_ms // 1000 if over else -(-remaining_ms // 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    return f"+{text}" if over else text
