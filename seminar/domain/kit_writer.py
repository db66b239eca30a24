"""Write a ``Kit`` back as kit text in the documented format (docs/kit-format.md).

The writer is the parser's inverse: ``parse_kit(write_kit(kit)) == kit`` for every kit the parser
produces, and writing is canonical (a kit written, read and written again gives the same text).
Keys and section names are written in the kit's own language (bokmål keys are canonical; a
nynorsk kit gets the nynorsk spellings, an English kit the English aliases), so a municipality's
adapted kit reads like the kit it started from.

``write_kit_places`` also says which line starts which part (the title, a role, a block, a
question, a poll item), so that a message of ``seminar check`` about a written kit can be shown
next to the field of the browser's kit editor it concerns.
"""

from dataclasses import dataclass

from seminar.domain.clock import format_minute_of_day
from seminar.domain.kit import Block, BlockKind, ItemKind, Kit, PollItem, Question, Role

_WORDS = {
    "nb": {"date": "dato", "place": "sted", "organiser": "arrangør", "subject": "emne",
           "language": "språk", "preparation": "Forberedelser",
           "answering": "Hvordan svarer vi?", "roles": "Roller", "programme": "Program",
           "writes": "skriver", "keeps_time": "tidtaker", "keeps_topic": "tematisk",
           "kind": "type", "duration": "varighet", "day": "dag", "start": "start",
           "prioritise": "prioriter", "yes": "ja", "hours": "t",
           "audience_questions": "spørsmål fra salen", "evaluation": "Evaluering",
           "scale": "skala", "labels": "ytterpunkter", "multiple": "flere", "votes": "stemmer"},
    "nn": {"date": "dato", "place": "stad", "organiser": "arrangør", "subject": "emne",
           "language": "språk", "preparation": "Førebuingar",
           "answering": "Korleis svarar vi?", "roles": "Roller", "programme": "Program",
           "writes": "skrivar", "keeps_time": "tidtakar", "keeps_topic": "tematisk",
           "kind": "type", "duration": "varigheit", "day": "dag", "start": "start",
           "prioritise": "prioriter", "yes": "ja", "hours": "t",
           "audience_questions": "spørsmål frå salen", "evaluation": "Evaluering",
           "scale": "skala", "labels": "ytterpunkt", "multiple": "fleire", "votes": "stemmer"},
    "en": {"date": "date", "place": "place", "organiser": "organiser", "subject": "subject",
           "language": "language", "preparation": "Preparation",
           "answering": "How we answer", "roles": "Roles", "programme": "Programme",
           "writes": "writes", "keeps_time": "keeps-time", "keeps_topic": "keeps-topic",
           "kind": "kind", "duration": "duration", "day": "day", "start": "start",
           "prioritise": "prioritise", "yes": "yes", "hours": "h",
           "audience_questions": "audience-questions", "evaluation": "Evaluation",
           "scale": "scale", "labels": "labels", "multiple": "multiple", "votes": "votes"},
}
_KIND_WORDS = {
    "nb": {BlockKind.PLENARY: "plenum", BlockKind.DIALOGUE: "dialogtema",
           BlockKind.GROUP_WORK: "gruppearbeid", BlockKind.BREAK: "pause",
           BlockKind.MEAL: "måltid", BlockKind.OTHER: "annet"},
    "nn": {BlockKind.PLENARY: "plenum", BlockKind.DIALOGUE: "dialogtema",
           BlockKind.GROUP_WORK: "gruppearbeid", BlockKind.BREAK: "pause",
           BlockKind.MEAL: "måltid", BlockKind.OTHER: "anna"},
    "en": {kind: str(kind) for kind in BlockKind},
}
_ITEM_WORDS = {
    "nb": {ItemKind.SCALE: "skala", ItemKind.CHOICE: "flervalg", ItemKind.WORD_CLOUD: "ordsky",
           ItemKind.OPEN: "åpent"},
    "nn": {ItemKind.SCALE: "skala", ItemKind.CHOICE: "fleirval", ItemKind.WORD_CLOUD: "ordsky",
           ItemKind.OPEN: "ope"},
    "en": {kind: str(kind) for kind in ItemKind},
}


@dataclass(frozen=True)
class Place:
    """Which part of the kit a line of written kit text starts.

    ``part`` is ``title``, ``introduction``, ``preparation``, ``answering``, ``role``,
    ``block``, ``question``, ``evaluation`` (the section's heading) or ``item``;
    ``role``/``block`` are indexes into ``kit.roles``/``kit.blocks``, ``question`` an index
    into that block's questions and ``item`` into its items; an item of the evaluation has
    ``block="evaluation"`` and ``item`` an index into ``kit.evaluation``.
    """

    line: int
    part: str
    role: int | None = None
    block: int | str | None = None
    question: int | None = None
    item: int | None = None


def write_kit(kit: Kit) -> str:
    """Return ``kit`` as kit text (ending with one newline)."""
    return write_kit_places(kit)[0]


def write_kit_places(kit: Kit) -> tuple[str, tuple[Place, ...]]:
    """Return ``kit`` as kit text, with the line on which each part of it starts."""
    language = kit.language if kit.language in _WORDS else "nb"
    writer = _Writer(_WORDS[language], _KIND_WORDS[language], _ITEM_WORDS[language])
    writer.kit(kit)
    return "\n".join(writer.lines).rstrip("\n") + "\n", tuple(writer.places)


def place_of_line(places: tuple[Place, ...], line: int) -> Place | None:
    """The part of the kit that ``line`` of its written text belongs to."""
    found = None
    for place in places:
        if place.line > line:
            break
        found = place
    return found


def format_duration(seconds: int, hours_word: str = "t") -> str:
    """``25 min``, ``1 t``, ``1 t 30 min``: a duration as a kit writes it."""
    hours, minutes = divmod(seconds // 60, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} {hours_word}" + (f" {minutes} min" if minutes else "")


class _Writer:
    def __init__(self, words: dict[str, str], kinds: dict[BlockKind, str],
                 item_kinds: dict[ItemKind, str]) -> None:
        self.words = words
        self.kinds = kinds
        self.item_kinds = item_kinds
        self.lines: list[str] = []
        self.places: list[Place] = []

    def heading(self, level: int, title: str, place: Place | None = None,
                attributes: tuple[tuple[str, str], ...] = ()) -> None:
        if self.lines:
            self.lines.append("")
        if place is not None:
            self.places.append(_at(place, len(self.lines) + 1))
        self.lines.append(f"{'#' * level} {title}")
        self.lines.extend(f"{key}: {value}" for key, value in attributes)

    def body(self, text: str, place: Place | None = None) -> None:
        if not text:
            return
        self.lines.append("")
        if place is not None:
            self.places.append(_at(place, len(self.lines) + 1))
        self.lines.extend(text.split("\n"))

    def kit(self, kit: Kit) -> None:
        words = self.words
        attributes = tuple((words[name], value) for name, value in (
            ("date", kit.date), ("place", kit.place), ("organiser", kit.organiser),
            ("subject", kit.subject)) if value is not None)
        self.heading(1, kit.title, Place(0, "title"),
                     (*attributes, (words["language"], kit.language)))
        self.body(kit.introduction, Place(0, "introduction"))
        if kit.preparation:
            self.heading(2, words["preparation"], Place(0, "preparation"))
            self.body(kit.preparation)
        if kit.answering:
            self.heading(2, words["answering"], Place(0, "answering"))
            self.body(kit.answering)
        if kit.roles:
            self.heading(2, words["roles"])
            for index, role in enumerate(kit.roles):
                self.role(index, role)
        self.heading(2, words["programme"])
        several_days = kit.days != (1,)
        for index, block in enumerate(kit.blocks):
            self.block(index, block, several_days)
        if kit.evaluation:
            self.heading(2, words["evaluation"], Place(0, "evaluation", block="evaluation"))
            for position, item in enumerate(kit.evaluation):
                self.item(3, Place(0, "item", block="evaluation", item=position), item)

    def role(self, index: int, role: Role) -> None:
        flags = tuple((self.words[flag], self.words["yes"])
                      for flag in ("writes", "keeps_time", "keeps_topic")
                      if getattr(role, flag))
        self.heading(3, role.name, Place(0, "role", role=index), (("id", role.id), *flags))
        self.body(role.description)

    def block(self, index: int, block: Block, several_days: bool) -> None:
        words = self.words
        attributes = [(words["kind"], self.kinds[block.kind])]
        if several_days:
            attributes.append((words["day"], str(block.day)))
        if block.start is not None:
            attributes.append((words["start"], format_minute_of_day(block.start)))
        attributes.append((words["duration"], format_duration(block.duration, words["hours"])))
        if block.audience_questions:
            attributes.append((words["audience_questions"], words["yes"]))
        self.heading(3, block.title, Place(0, "block", block=index), tuple(attributes))
        self.body(block.description)
        for position, question in enumerate(block.questions):
            self.question(index, position, question)
        for position, item in enumerate(block.items):
            self.item(4, Place(0, "item", block=index, item=position), item)

    def question(self, block: int, index: int, question: Question) -> None:
        attributes = [("id", question.id)]
        if question.prioritise is not None:
            low, high = question.prioritise
            attributes.append((self.words["prioritise"], f"{low}-{high}"))
        if question.votes is not None:
            attributes.append((self.words["votes"], str(question.votes)))
        self.heading(4, question.title, Place(0, "question", block=block, question=index),
                     tuple(attributes))
        self.body(question.text)

    def item(self, level: int, place: Place, item: PollItem) -> None:
        words = self.words
        attributes = [("id", item.id), (words["kind"], self.item_kinds[item.kind])]
        if item.scale is not None:
            attributes.append((words["scale"], f"{item.scale[0]}-{item.scale[1]}"))
        if item.labels is not None:
            attributes.append((words["labels"], f"{item.labels[0]} | {item.labels[1]}"))
        if item.multiple:
            attributes.append((words["multiple"], words["yes"]))
        self.heading(level, item.title, place, tuple(attributes))
        self.body(item.text)
        if item.options:
            self.lines.append("")
            self.lines.extend(f"- {option}" for option in item.options)


def _at(place: Place, line: int) -> Place:
    return Place(line, place.part, place.role, place.block, place.question, place.item)
