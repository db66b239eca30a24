"""The kit editor's fields: each value read and checked as it is set, with the part of the kit
it belongs to named in the refusal (``KitInvalid``). The whole kit is checked after, by
``seminar.domain.kit_edits.check_kit``."""

from dataclasses import dataclass, replace

from seminar.domain.clock import format_minute_of_day
from seminar.domain.errors import InvalidInput, KitInvalid, KitProblem
from seminar.domain.kit import Block, ItemKind, PollItem
from seminar.domain.kit_syntax import (
    ID_PATTERN,
    SCALES,
    is_list_item,
    markdown_headings,
    parse_clock,
    parse_priorities,
    read_labels,
)
from seminar.domain.limits import MAX_VOTES
from seminar.domain.messages import N_

MAX_MINUTES = 720  # a block's duration, as the editor sets it (the parser's MAX_DURATION)
MAX_DAY = 14

# Where a heading of each level would start a part of the kit, by the text's place: in the
# introduction, preparation and "how we answer" levels 1-2, in a role level 3 too, in a block
# or a question level 4 too (docs/kit-format.md).
STRUCTURAL = {"kit": 2, "role": 3, "block": 4}


def normalise_markdown(text: str) -> str:
    """A Markdown text as a kit keeps it: lines without trailing spaces, no blank lines
    around it, ``\\n`` line endings."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


@dataclass(frozen=True)
class At:
    """The part of the kit a field belongs to (as ``KitProblem`` names it)."""

    part: str
    block: int | str | None = None
    question: int | None = None
    role: int | None = None
    item: int | None = None


def refuse(at: "At", template: str, **params: object) -> KitInvalid:
    return KitInvalid([KitProblem(template, part=at.part, block=at.block, question=at.question,
                                  role=at.role, item=at.item, params=params)])


def within(index: int, count: int, template: str) -> None:
    if not 0 <= index < count:
        raise InvalidInput(template)


def text_field(value: object, place: At) -> str:
    if not isinstance(value, str):
        raise refuse(place, N_("This field takes text."))
    return value


def line_field(value: str, place: At) -> str:
    """A one-line field: no line break, no spaces around it."""
    if "\n" in value or "\r" in value:
        raise refuse(place, N_("This field is one line: it cannot hold a line break."))
    return value.strip()


def title_field(value: str, place: At) -> str:
    """A heading's text: one line, not ending with ``#`` (Markdown would drop it)."""
    title = line_field(value, place)
    if title.endswith("#"):
        raise refuse(place, N_("A title or name cannot end with «#»."))
    return title


def id_field(value: str, place: At) -> str:
    written = line_field(value, place)
    if not ID_PATTERN.match(written):  # the parser's rule
        raise refuse(place, N_("The id «%(id)s» may only contain a-z, 0-9 and -."),
                      id=written)
    return written


def markdown_field(value: str, where: str, place: At) -> str:
    """A Markdown text, normalised; refused if a line of it would be read as a heading that
    starts a part of the kit in this place, or if it leaves a code block open."""
    text = normalise_markdown(value)
    headings, open_fence = markdown_headings(text)
    deepest = STRUCTURAL[where]
    for line, level in headings:
        if level <= deepest:
            raise refuse(place, N_(
                "Line %(text_line)s of the text is a heading (%(hashes)s) that would start a "
                "new part of the kit. Use ##### or deeper for a heading inside a text."),
                text_line=line, hashes="#" * level)
    if open_fence is not None:
        raise refuse(place, N_(
            "The code block that begins on line %(text_line)s of the text is not closed (``` "
            "or ~~~)."), text_line=open_fence)
    return text


def numbered_field(block: Block, field: str, value: object, place: At) -> Block:
    if not isinstance(value, int) or isinstance(value, bool):
        raise refuse(place, N_("This field takes a whole number."))
    if field == "minutes":
        if not 1 <= value <= MAX_MINUTES:
            raise refuse(place, N_("A block lasts from 1 to %(max)s minutes."),
                          max=MAX_MINUTES)
        return replace(block, duration=value * 60)
    if not 1 <= value <= MAX_DAY:
        raise refuse(place, N_("The day must be a number from 1 to 14, not «%(value)s»."),
                      value=value)
    return replace(block, day=value)


def clock_field(value: str, place: At) -> int | None:
    written = line_field(value, place)
    if not written:
        return None
    minutes = parse_clock(written)
    if minutes is None:
        raise refuse(place, N_("Cannot read the clock time «%(value)s» (write HH:MM)."),
                      value=written)
    return minutes


def priorities_field(value: str, place: At) -> tuple[int, int] | None:
    written = line_field(value, place)
    if not written:
        return None
    bounds = parse_priorities(written)  # the parser's rule
    if bounds is None:
        raise refuse(place, N_("Cannot read the priority range «%(value)s» (write e.g. 1-3; "
                                "at most 10)."), value=written)
    return bounds


def votes_field(value: str, place: At) -> int | None:
    written = line_field(value, place)
    if not written:
        return None
    if not (written.isdigit() and len(written) <= 2 and 1 <= int(written) <= MAX_VOTES):
        raise refuse(place, N_("Cannot read the number of votes «%(value)s» (write a number "
                                "from 1 to %(max)s)."), value=written, max=MAX_VOTES)
    return int(written)


def of_kind(item: PollItem, kind: ItemKind, option_word: str) -> PollItem:
    """``item`` made a ``kind`` item: a scale gets the 1-5 scale, a choice two options to
    start from; what the new kind has no use for is dropped."""
    if kind is ItemKind.SCALE:
        return PollItem(item.id, item.title, kind, item.text, item.scale or (1, 5), item.labels)
    if kind is ItemKind.CHOICE:
        options = item.options or (f"{option_word} 1", f"{option_word} 2")
        text = "\n".join(line for line in item.text.split("\n") if not is_list_item(line))
        return PollItem(item.id, item.title, kind, normalise_markdown(text), options=options,
                        multiple=item.multiple)
    return PollItem(item.id, item.title, kind, item.text)


def item_text_field(item: PollItem, value: str, place: At) -> str:
    text = markdown_field(value, "block", place)
    if item.kind is ItemKind.CHOICE and any(map(is_list_item, text.split("\n"))):
        raise refuse(place, N_("The text of a choice item cannot hold a list: its options "
                                "are set in their own field."))
    return text


def scale_field(item: PollItem, value: str, place: At) -> tuple[int, int]:
    if item.kind is not ItemKind.SCALE:
        raise refuse(place, N_("Only a scale item has a scale."))
    written = line_field(value, place)
    scale = SCALES.get(written.replace(" ", ""))
    if scale is None:
        raise refuse(place, N_("Cannot read the scale «%(value)s» (write 1-5 or 1-10)."),
                      value=written)
    return scale


def labels_field(item: PollItem, value: str, place: At) -> tuple[str, str] | None:
    if item.kind is not ItemKind.SCALE:
        raise refuse(place, N_("Only a scale item has end labels."))
    written = line_field(value, place)
    if not written:
        return None
    labels, problem = read_labels(written)
    if problem is not None:
        raise refuse(place, problem[0], **problem[1])
    return labels


def options_field(item: PollItem, value: str, place: At) -> tuple[str, ...]:
    """The options, one a line (blank lines skipped); their number and length are checked
    with the whole kit, as ``seminar check`` checks them."""
    if item.kind is not ItemKind.CHOICE:
        raise refuse(place, N_("Only a choice item has options."))
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return tuple(line.strip() for line in text.split("\n") if line.strip())


def clock_text(minutes: int | None) -> str | None:
    """A block's start as the editor shows it: ``HH:MM``, or ``None``."""
    return None if minutes is None else format_minute_of_day(minutes)
