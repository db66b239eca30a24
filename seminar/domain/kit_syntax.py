"""The kit format's syntax: its keys and words in the three languages, the heading tree, and the
readers of single values (durations, clock times, priority ranges, end labels, a choice's
options) that the parser and the kit editor share."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from seminar.domain.kit import BlockKind, ItemKind, PollItem, Question
from seminar.domain.limits import (
    MAX_ITEMS,
    MAX_LABEL_CHARS,
    MAX_OPTION_CHARS,
    MAX_OPTIONS,
    MAX_PRIORITIES,
    MAX_QUESTIONS,
    MIN_OPTIONS,
)
from seminar.domain.messages import N_

ErrorSink = Callable[..., None]  # error(line, template, **params)

HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
# A key is one word, or one of the few keys of several words (``spørsmål fra salen``): a line
# such as «Tenk over dette: ...» right under a heading stays text, as it always was.
ATTRIBUTE = re.compile(r"^([a-zæøå][a-zæøå -]*?)\s*:\s*(.*?)\s*$")
SPACED_KEYS = frozenset({"spørsmål fra salen", "spørsmål frå salen"})
LIST_ITEM = re.compile(r"^(?:[-*+]|[0-9]{1,3}[.)])(?:\s+(.*))?$")
SCALES = {"1-5": (1, 5), "1-10": (1, 10)}
FENCE = re.compile(r"^\s*(```|~~~)")
CLOCK = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")
DURATION = re.compile(
    r"^(?:(?P<h>[0-9]{1,3})\s*(?:timer|timar|time|t|h)\.?)?\s*(?:(?P<m>[0-9]{1,4})\s*(?:minutter|minutt|min|m)?\.?)?$"
)
PRIORITY = re.compile(r"^(?:([0-9]{1,3})\s*[-–]\s*)?([0-9]{1,3})$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

SECTIONS = {
    "forberedelser": "preparation", "preparation": "preparation",
    "førebuingar": "preparation",
    "hvordan svarer vi?": "answering", "hvordan svarer vi": "answering",
    "korleis svarar vi?": "answering", "korleis svarar vi": "answering",
    "how we answer": "answering",
    "roller": "roles", "roles": "roles",
    "program": "programme", "programme": "programme",
    "evaluering": "evaluation", "evaluation": "evaluation",
}
KINDS = {
    "plenum": BlockKind.PLENARY, "plenary": BlockKind.PLENARY,
    "dialogtema": BlockKind.DIALOGUE, "dialogue": BlockKind.DIALOGUE,
    "gruppearbeid": BlockKind.GROUP_WORK, "group-work": BlockKind.GROUP_WORK,
    "pause": BlockKind.BREAK, "break": BlockKind.BREAK,
    "måltid": BlockKind.MEAL, "meal": BlockKind.MEAL,
    "annet": BlockKind.OTHER, "anna": BlockKind.OTHER, "other": BlockKind.OTHER,
}
ITEM_KINDS = {
    "skala": ItemKind.SCALE, "scale": ItemKind.SCALE,
    "flervalg": ItemKind.CHOICE, "fleirval": ItemKind.CHOICE, "choice": ItemKind.CHOICE,
    "ordsky": ItemKind.WORD_CLOUD, "word-cloud": ItemKind.WORD_CLOUD,
    "åpent": ItemKind.OPEN, "ope": ItemKind.OPEN, "open": ItemKind.OPEN,
}
KEYS = {
    "title": {"dato": "date", "date": "date", "sted": "place", "stad": "place", "place": "place",
              "arrangør": "organiser", "organiser": "organiser",
              "emne": "subject", "subject": "subject",
              "språk": "language", "language": "language"},
    "role": {"id": "id", "skriver": "writes", "skrivar": "writes", "writes": "writes",
             "tidtaker": "keeps_time", "tidtakar": "keeps_time",
             "keeps-time": "keeps_time", "tematisk": "keeps_topic", "keeps-topic": "keeps_topic"},
    "block": {"type": "kind", "kind": "kind", "varighet": "duration", "varigheit": "duration",
              "duration": "duration",
              "dag": "day", "day": "day", "start": "start", "slutt": "end", "end": "end",
              "spørsmål fra salen": "audience_questions",
              "spørsmål frå salen": "audience_questions",
              "audience-questions": "audience_questions"},
    "question": {"id": "id", "prioriter": "prioritise", "prioritise": "prioritise",
                 "stemmer": "votes", "stemmar": "votes", "votes": "votes",
                 "type": "kind", "kind": "kind"},
    "item": {"id": "id", "type": "kind", "kind": "kind", "skala": "scale", "scale": "scale",
             "ytterpunkter": "labels", "ytterpunkt": "labels", "labels": "labels",
             "flere": "multiple", "fleire": "multiple", "multiple": "multiple"},
}
YES = {"ja": True, "yes": True, "nei": False, "no": False}
LANGUAGES = ("nb", "nn", "en")  # bokmål, nynorsk, English: a kit's language and the interface's


@dataclass
class Node:
    """A heading with its attribute lines and the Markdown under it."""

    level: int
    title: str
    line: int
    attributes: dict[str, tuple[str, int]] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    body_line: int = 0  # the line of ``body[0]``: the body's lines follow one another

    @property
    def text(self) -> str:
        return "\n".join(self.body).strip("\n")


def slugify(text: str) -> str:
    """Return an identifier made of ``a-z0-9-`` from ``text`` (æ→ae, ø→o, å→a)."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def parse_duration(value: str) -> int | None:
    """Return seconds for ``25 min``, ``1 t 30 min``, ``90``; ``None`` if unreadable."""
    match = DURATION.match(value.strip().lower())
    if not match or not (match["h"] or match["m"]):
        return None
    return (int(match["h"] or 0) * 60 + int(match["m"] or 0)) * 60


def parse_priorities(value: str) -> tuple[int, int] | None:
    """Return ``(low, high)`` for ``1-3`` (or ``3``, meaning 1-3); ``None`` if unreadable or
    outside 1..``MAX_PRIORITIES``."""
    match = PRIORITY.match(value.replace(" ", ""))
    if not match:
        return None
    low, high = int(match[1] or 1), int(match[2])
    return (low, high) if 1 <= low <= high <= MAX_PRIORITIES else None


def parse_clock(value: str) -> int | None:
    """Return minutes after midnight for ``10:00`` or ``10.00``; ``None`` if unreadable."""
    match = CLOCK.match(value.strip())
    return int(match[1]) * 60 + int(match[2]) if match else None


def split_options(node: Node, error: ErrorSink) -> tuple[str, tuple[str, ...]]:
    """Split a choice item's text into its options (the top-level Markdown list, each
    item one line) and the rest of the text; each problem goes to ``error``."""
    kept: list[str] = []
    options: list[str] = []
    in_fence = in_list = after_option = False
    for number, line in enumerate(node.body, start=node.body_line):
        if FENCE.match(line):
            in_fence = not in_fence
        option = None if in_fence else LIST_ITEM.match(line)
        if option:
            text = (option[1] or "").strip()
            if not text:
                error(number, N_("An option is empty."))
            elif len(text) > MAX_OPTION_CHARS:
                error(number, N_("An option can have at most %(max)s characters."),
                           max=MAX_OPTION_CHARS)
            elif text in options:
                error(number, N_("The option «%(option)s» is given twice."), option=text)
            options.append(text)
            in_list = after_option = True
            continue
        if line.strip() and (after_option or (in_list and line[:1].isspace())):
            error(number, N_("Each option is one line: this line continues the "
                                  "option above it."))
            continue
        after_option = False
        if line.strip():
            in_list = False
        kept.append(line)
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        error(node.line, N_("The choice item «%(title)s» needs from %(min)s to %(max)s "
                                 "options (a Markdown list: - option), not %(count)s."),
                   title=node.title, min=MIN_OPTIONS, max=MAX_OPTIONS, count=len(options))
    return "\n".join(kept).strip("\n"), tuple(options)


def nested_nodes(nodes: list[Node], index: int) -> list[Node]:
    """Return the nodes nested under ``nodes[index]`` (deeper headings until a sibling)."""
    level = nodes[index].level
    children = []
    for node in nodes[index + 1:]:
        if node.level <= level:
            break
        children.append(node)
    return children


def first_text_line(node: Node) -> int:
    for offset, line in enumerate(node.body, start=1):
        if line.strip():
            return offset
    return 1


def is_list_item(line: str) -> bool:
    """Whether ``line`` is an item of a top-level Markdown list (in a choice item's text: one
    of its options)."""
    return LIST_ITEM.match(line) is not None


def read_labels(value: str) -> tuple[tuple[str, str] | None,
                                     tuple[str, dict[str, object]] | None]:
    """A scale's end labels written ``low | high``: the labels, or the problem (a message
    template and its parameters)."""
    parts = [part.strip() for part in value.split("|")]
    if len(parts) != 2 or not all(parts):
        return None, (N_("Write the end labels as «low | high» (two labels and a |), not "
                         "«%(value)s»."), {"value": value})
    if max(map(len, parts)) > MAX_LABEL_CHARS:
        return None, (N_("An end label can have at most %(max)s characters."),
                      {"max": MAX_LABEL_CHARS})
    return (parts[0], parts[1]), None


def markdown_headings(text: str) -> tuple[list[tuple[int, int]], int | None]:
    """The ``(line, level)`` of each heading of Markdown ``text`` that the parser would see
    (outside code fences), and the line of a code fence left open (``None`` if all close):
    what a text put into a kit must avoid so that it does not start a part of its own."""
    headings: list[tuple[int, int]] = []
    open_fence: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            open_fence = number if open_fence is None else None
            continue
        heading = None if open_fence is not None else HEADING.match(line.rstrip())
        if heading:
            headings.append((number, len(heading[1])))
    return headings, open_fence


def check_ids(question_lines: list[tuple[Question, int]],
              item_lines: list[tuple[PollItem, int]], error: ErrorSink) -> None:
    """Question and poll item ids: present, well-formed, unique across the kit (one id
    space for both, so that an id names one thing)."""
    seen: dict[str, tuple[int, bool]] = {}  # id -> (line, is a question)
    if len(question_lines) > MAX_QUESTIONS:
        error(question_lines[MAX_QUESTIONS][1],
              N_("A kit can have at most %(max)s questions."), max=MAX_QUESTIONS)
    if len(item_lines) > MAX_ITEMS:
        error(item_lines[MAX_ITEMS][1],
              N_("A kit can have at most %(max)s poll items."), max=MAX_ITEMS)
    entries = sorted([(line, True, q.id, q.title) for q, line in question_lines]
                     + [(line, False, item.id, item.title) for item, line in item_lines])
    for line, is_question, some_id, title in entries:
        if not some_id:
            error(line, N_("The question «%(title)s» has no id (id: ...).") if is_question
                  else N_("The poll item «%(title)s» has no id (id: ...)."), title=title)
        elif not ID_PATTERN.match(some_id):
            error(line, N_("The id «%(id)s» may only contain a-z, 0-9 and -."), id=some_id)
        elif some_id in seen and is_question and seen[some_id][1]:
            error(line, N_("The question id «%(id)s» is used before (line %(first)s)."),
                  id=some_id, first=seen[some_id][0])
        elif some_id in seen:
            error(line, N_("The id «%(id)s» is used before (line %(first)s): questions and "
                           "poll items each need an id of their own."),
                  id=some_id, first=seen[some_id][0])
        else:
            seen[some_id] = (line, is_question)
