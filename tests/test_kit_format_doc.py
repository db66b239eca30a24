"""docs/kit-format.md says what the parser does: every kit example in it (a ```markdown
fence) is a kit `seminar check` accepts, unless a ```console fence of `seminar check` follows
it, which then shows exactly what `seminar check` prints for it. The example's English and
nynorsk keys, as the document lists them, read as the same kit."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from seminar.domain.kit_parser import parse_kit

DOC = Path(__file__).resolve().parents[1] / "docs" / "kit-format.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)


def examples() -> list[tuple[str, str | None]]:
    """Each kit example of the document, with the `seminar check` session after it (if any)."""
    fences = [(match[1], match[2]) for match in FENCE.finditer(DOC.read_text(encoding="utf-8"))]
    found = []
    for index, (info, text) in enumerate(fences):
        if info != "markdown":
            continue
        after = fences[index + 1] if index + 1 < len(fences) else ("", "")
        found.append((text, after[1] if after[0] == "console" else None))
    return found


def test_the_document_has_the_examples():
    kinds = [session is None for _, session in examples()]
    assert kinds.count(True) >= 2 and kinds.count(False) >= 1, kinds


@pytest.mark.parametrize("text, session", examples())
def test_every_kit_example_is_checked_as_the_document_says(tmp_path, text, session):
    if session is None:
        parse_kit(text)  # raises KitErrors, with every problem, if it is not a kit
        return
    command, *expected = session.strip("\n").split("\n")
    name = command.removeprefix("$ seminar check ")
    assert name != command, command
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "seminar", "check", name], cwd=tmp_path,
                            capture_output=True, text=True, check=False,
                            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    assert result.returncode == 1
    assert result.stderr.strip("\n").split("\n") == expected


# The hall's keys in the example, and their English and nynorsk spellings (as listed under it).
ENGLISH = {"spørsmål fra salen: ja": "audience-questions: yes", "type: skala": "kind: scale",
           "skala: ": "scale: ", "ytterpunkter: ": "labels: ", "type: flervalg": "kind: choice",
           "flere: ja": "multiple: yes", "type: ordsky": "kind: word-cloud",
           "type: åpent": "kind: open", "stemmer: ": "votes: ",
           "## Evaluering": "## Evaluation"}
NYNORSK = {"spørsmål fra salen: ja": "spørsmål frå salen: ja", "type: flervalg": "type: fleirval",
           "flere: ja": "fleire: ja", "ytterpunkter: ": "ytterpunkt: ", "type: åpent": "type: ope",
           "stemmer: ": "stemmar: "}


@pytest.mark.parametrize("aliases", [ENGLISH, NYNORSK], ids=["English", "nynorsk"])
def test_the_aliases_read_as_the_same_kit(aliases):
    example = next(text for text, session in examples()
                   if session is None and "## Evaluering" in text)
    written = example
    for key, alias in aliases.items():
        assert key in written, key
        written = written.replace(key, alias)
    assert parse_kit(written) == parse_kit(example)
