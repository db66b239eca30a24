"""Markdown to safe HTML: Python-Markdown, then nh3 removes anything a kit should not inject.

A kit's texts are rendered once per distinct text (the cache) and off the event loop: the
largest introduction a kit may have (``MAX_KIT_CHARS``) takes most of a second to render, which
no other client of the process should wait for (``seminar.concurrency.off_loop``).
"""

from functools import lru_cache

import markdown
import nh3

from seminar.concurrency import off_loop

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
_OFF_LOOP_CHARS = 2_000  # a shorter text renders in well under a millisecond: not worth a thread


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Return sanitised HTML for Markdown ``text`` (raw HTML and unsafe links removed)."""
    if len(text) > _OFF_LOOP_CHARS:
        return off_loop(_render, text)
    return _render(text)


def _render(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"],
                             output_format="html")
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
