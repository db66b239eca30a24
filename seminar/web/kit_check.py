"""What the organiser's page shows for an uploaded kit with errors: every message (for the
list at the top, each linking to its line) and the uploaded text line by line with each
message next to the line it concerns."""

from collections.abc import Callable
from dataclasses import dataclass, field

from seminar.domain.errors import KitErrors, SeminarError


@dataclass(frozen=True)
class Problem:
    line: int  # 0 when the text has no line to show it at (an empty file)
    message: str


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    messages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KitCheck:
    problems: list[Problem]
    lines: list[Line]


def kit_check(text: str, problems: KitErrors, translate: Callable[[SeminarError], str]
              ) -> KitCheck:
    """Pair each of the parser's messages with its line of ``text``, split as the parser
    splits it (``str.splitlines``). A message about a line past the end (or before the start)
    is shown at the nearest line."""
    lines = [Line(number, raw) for number, raw in enumerate(text.splitlines(), start=1)]
    found = []
    for error in sorted(problems.errors, key=lambda error: error.line):
        line = min(max(error.line, 1), len(lines))
        message = translate(error)
        found.append(Problem(line, message))
        if line:
            lines[line - 1].messages.append(message)
    return KitCheck(found, lines)
