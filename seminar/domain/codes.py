"""Join codes: short, easy to read aloud, hard enough to guess for a day's seminar."""

import secrets

# Digits and capitals without the look-alikes 0/O and 1/I/L: 31 symbols.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 6


def new_join_code() -> str:
    """Return a random code such as ``K7M4QX`` (31**6 ≈ 887 million possibilities)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_join_code(text: object) -> str | None:
    """Return the canonical code for what a person typed, or ``None`` if it cannot be one.

    Case, spaces and hyphens do not matter (``k7m 4qx`` is ``K7M4QX``).
    """
    if not isinstance(text, str) or len(text) > 32:
        return None
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code
