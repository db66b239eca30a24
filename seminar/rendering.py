"""Markdown to safe HTML: Python-Markdown, then nh3 removes anything a kit should not inject."""

from functools import lru_cache

import markdown
import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


@lru_cache(maxsize=1024)
def render_markdown(text: str) -> str:
    """Return sanitised HTML for Markdown ``text`` (raw HTML and unsafe links removed)."""
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"],
                             output_format="html")
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
