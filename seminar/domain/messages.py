"""Mark user-facing strings for translation without translating them here.

Domain code must not depend on Flask or on a request's language, so it raises errors that carry
an English message template (the gettext msgid) and its parameters; the web and CLI layers
translate them for the person who caused them. ``N_`` only marks a string for extraction.
"""


def N_(message: str) -> str:
    """Return ``message`` unchanged; marks it for the translation catalogue."""
    return message
