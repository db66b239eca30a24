"""The page scripts share one module (static/js/live.js) for what every one of them needs:
building elements, sending an event with its acknowledgement, timeout and feedback, and
comparing versions. A second copy in a page script fails here."""

import re
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parents[1] / "static" / "js"
SHARED = "live.js"

# What only the shared module may contain: a definition of the element builder, a socket
# emit with a timeout (the send helper), a bare createElement (the element builder's body),
# and a "this version is older" comparison.
COPIES = {
    "an element() helper": re.compile(
        r"function\s+(element|el)\s*\(|(const|let|var)\s+(element|el)\s*=\s*(\(|function)"),
    "a send helper (an emit with a timeout)": re.compile(r"\.timeout\s*\(|emitWithAck"),
    "document.createElement": re.compile(r"document\.createElement\s*\("),
    "a version comparison": re.compile(r"\.version\s*(<|>=)\s*\w"),
}


def page_scripts() -> list[Path]:
    return sorted(path for path in JS.glob("*.js") if path.name not in (SHARED, "sw.js"))


def test_the_page_scripts_are_found():
    names = {path.name for path in page_scripts()}
    assert {"facilitator.js", "participant.js", "projector.js", "report.js"} <= names


@pytest.mark.parametrize("what", sorted(COPIES))
def test_no_page_script_has_its_own_copy(what):
    pattern = COPIES[what]
    found = [f"{path.name}:{number}: {line.strip()}"
             for path in page_scripts()
             for number, line in enumerate(path.read_text().splitlines(), start=1)
             if pattern.search(line)]
    assert found == [], f"{what} outside {SHARED}"


@pytest.mark.parametrize("what", sorted(COPIES))
def test_the_shared_module_has_each_helper(what):
    assert COPIES[what].search((JS / SHARED).read_text())


def test_the_shared_module_defines_each_helper_once():
    text = (JS / SHARED).read_text()
    assert len(re.findall(r"export function element\(", text)) == 1
    assert len(re.findall(r"function send\(", text)) == 1
    assert len(re.findall(r"export function newer\(", text)) == 1
