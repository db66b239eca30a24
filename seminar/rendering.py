"""Markdown to safe HTML: Python-Markdown, then nh3 removes anything a kit should not inject.

A kit's texts are rendered once per distinct text (the cache) and off the event loop: the
largest introduction a kit may have (``MAX_KIT_CHARS``) takes most of a second to render, and a
kit's hundred-odd short texts about as long together, which no other client of the process
should wait for. ``render_all`` renders a kit's texts in one go before its first page, in a
process of its own when they are long (``seminar.concurrency.in_process``: a thread would share
the GIL, which some of Python-Markdown's regular expressions hold for 50–90 ms at a time over
such a text), else in a thread (``off_loop``); ``render_markdown`` then finds them rendered.
"""

import json
import sys
from collections.abc import Iterable

import markdown
import nh3

from seminar.concurrency import in_process, off_loop

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
_OFF_LOOP_CHARS = 2_000  # a shorter text renders in about a millisecond: not worth a thread
_IN_PROCESS_CHARS = 20_000  # more than this together is rendered in its own process
_CACHED = 10_000  # texts: some 70 kits at every kit limit
_rendered: dict[str, str] = {}


def render_markdown(text: str) -> str:
    """Return sanitised HTML for Markdown ``text`` (raw HTML and unsafe links removed)."""
    html = _rendered.get(text)
    if html is None:
        html = off_loop(_render, text) if len(text) > _OFF_LOOP_CHARS else _render(text)
        _remember({text: html})
    return html


def render_preview(text: str) -> str:
    """Render ``text`` as ``render_markdown`` does, without keeping it: the kit editor's live
    preview renders a new text at every pause in the typing."""
    if text in _rendered:
        return _rendered[text]
    return off_loop(_render, text) if len(text) > _OFF_LOOP_CHARS else _render(text)


def render_all(texts: Iterable[str]) -> None:
    """Render those of ``texts`` not rendered yet, together and off the event loop."""
    missing = [text for text in dict.fromkeys(texts) if text not in _rendered]
    if sum(map(len, missing)) > _IN_PROCESS_CHARS:  # a thread would still share the GIL
        rendered = json.loads(in_process(__name__, json.dumps(missing).encode()))
        _remember(dict(zip(missing, rendered, strict=True)))
    elif missing:
        _remember(dict(zip(missing, off_loop(_render_each, missing), strict=True)))


def _remember(rendered: dict[str, str]) -> None:
    if len(_rendered) + len(rendered) > _CACHED:
        _rendered.clear()  # a server that has shown that many kits starts afresh
    _rendered.update(rendered)


def _render_each(texts: list[str]) -> list[str]:
    return [_render(text) for text in texts]


def _render(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"],
                             output_format="html")
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


if __name__ == "__main__":  # in_process: a JSON list of texts in, their HTML out
    sys.stdout.write(json.dumps(_render_each(json.load(sys.stdin))))
