"""Edit a seminar's kit field by field: the operations the browser's kit editor sends.

Each operation is a typed model (the socket payload ``kit:edit`` carries a list of them) and
``apply_ops`` applies a list in order, all or nothing, to a ``Kit``, returning a new one. Each
field is checked as it is set (a title is one line, an id is made of a-z, 0-9 and -, a
Markdown text cannot hold a heading that would start a part of the kit of its own); then the
whole kit is checked exactly as ``seminar check`` checks a kit file, by writing it and parsing
it again, so that the editor shows the same messages. Every problem names the part of the kit
it concerns (``seminar.domain.kit_writer.write_kit_places``).

The result also says where each block of the new kit came from (``KitChange.origins``), so
that the programme's timers can follow their blocks (``seminar.domain.kit_changes``).
"""

import re
from dataclasses import dataclass, replace
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from seminar.domain.clock import format_minute_of_day
from seminar.domain.errors import InvalidInput, KitErrors, KitInvalid, KitProblem
from seminar.domain.kit import Block, BlockKind, Kit, Question, Role
from seminar.domain.kit_parser import markdown_headings, parse_clock, parse_kit
from seminar.domain.kit_writer import place_of_line, write_kit_places
from seminar.domain.limits import MAX_BLOCKS, MAX_KIT_FIELD_CHARS, MAX_PRIORITIES
from seminar.domain.messages import N_

MAX_MINUTES = 720  # a block's duration, as the editor sets it (the parser's MAX_DURATION)
MAX_DAY = 14

Index = Annotated[int, Meta(ge=0, le=MAX_BLOCKS * 10)]
FieldValue = Annotated[str, Meta(max_length=MAX_KIT_FIELD_CHARS, extra={
    "max_length": N_("A text of the kit can be at most %(max)s characters here.")})]
Shift = Annotated[int, Meta(ge=-MAX_MINUTES * 2, le=MAX_MINUTES * 2)]


class Op(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True, tag_field="op"):
    """One change to the kit; indexes refer to the kit as the previous operation left it."""


class SetSeminar(Op, frozen=True, kw_only=True, tag="seminar"):
    field: Literal["title", "date", "place", "organiser", "subject", "language",
                   "introduction", "preparation", "answering"]
    value: FieldValue


class AddRole(Op, frozen=True, kw_only=True, tag="role.add"):
    at: Index


class SetRole(Op, frozen=True, kw_only=True, tag="role.set"):
    index: Index
    field: Literal["name", "id", "description", "writes", "keeps_time", "keeps_topic"]
    value: FieldValue | bool


class RemoveRole(Op, frozen=True, kw_only=True, tag="role.remove"):
    index: Index


class MoveRole(Op, frozen=True, kw_only=True, tag="role.move"):
    index: Index
    to: Index


class AddBlock(Op, frozen=True, kw_only=True, tag="block.add"):
    at: Index
    kind: BlockKind | None = None


class SetBlock(Op, frozen=True, kw_only=True, tag="block.set"):
    index: Index
    field: Literal["title", "kind", "minutes", "day", "start", "description"]
    value: FieldValue | int


class RemoveBlock(Op, frozen=True, kw_only=True, tag="block.remove"):
    index: Index


class MoveBlock(Op, frozen=True, kw_only=True, tag="block.move"):
    index: Index
    to: Index


class AddQuestion(Op, frozen=True, kw_only=True, tag="question.add"):
    block: Index
    at: Index


class SetQuestion(Op, frozen=True, kw_only=True, tag="question.set"):
    block: Index
    index: Index
    field: Literal["title", "id", "text", "prioritise"]
    value: FieldValue


class RemoveQuestion(Op, frozen=True, kw_only=True, tag="question.remove"):
    block: Index
    index: Index


class MoveQuestion(Op, frozen=True, kw_only=True, tag="question.move"):
    block: Index
    index: Index
    to: Index


class ShiftTimes(Op, frozen=True, kw_only=True, tag="times.shift"):
    """Re-anchor: move the clock times of block ``from`` and of every later block of its day
    that has one by ``minutes`` (a seminar that started late plans against the actual start)."""

    start: Index = msgspec.field(name="from")
    minutes: Shift


AnyOp = (SetSeminar | AddRole | SetRole | RemoveRole | MoveRole | AddBlock | SetBlock
         | RemoveBlock | MoveBlock | AddQuestion | SetQuestion | RemoveQuestion | MoveQuestion
         | ShiftTimes)
OPS: tuple[type[Op], ...] = (SetSeminar, AddRole, SetRole, RemoveRole, MoveRole, AddBlock,
                             SetBlock, RemoveBlock, MoveBlock, AddQuestion, SetQuestion,
                             RemoveQuestion, MoveQuestion, ShiftTimes)


@dataclass(frozen=True)
class KitChange:
    """The edited kit, and for each of its blocks the index of the block it was in the kit
    before (``None``: a new block)."""

    kit: Kit
    origins: tuple[int | None, ...]


# Where a heading of each level would start a part of the kit, by the text's place: in the
# introduction, preparation and "how we answer" levels 1-2, in a role level 3 too, in a block
# or a question level 4 too (docs/kit-format.md).
_STRUCTURAL = {"kit": 2, "role": 3, "block": 4}
_NEW_WORDS = {
    "nb": {"role": "Ny rolle", "block": "Ny blokk", "question": "Nytt spørsmål"},
    "nn": {"role": "Ny rolle", "block": "Ny blokk", "question": "Nytt spørsmål"},
    "en": {"role": "New role", "block": "New block", "question": "New question"},
}
_NEW_BLOCK_SECONDS = 15 * 60
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def apply_ops(kit: Kit, ops: list[Op], reserved_ids: frozenset[str] = frozenset()
              ) -> KitChange:
    """Apply ``ops`` in order to ``kit``; ``KitInvalid`` (naming the part) or ``InvalidInput``
    (an index that does not exist) if one cannot be applied or the result is not a kit.
    ``reserved_ids`` are question ids a new question must not take (removed questions whose
    answers are kept)."""
    editing = _Editing(kit, reserved_ids)
    for op in ops:
        editing.apply(op)
    edited = editing.result()
    return KitChange(check_kit(edited), tuple(editing.origins))


def check_kit(kit: Kit) -> Kit:
    """``kit`` if ``seminar check`` accepts it as written; else ``KitInvalid`` with every
    problem ``seminar check`` finds, each with the part of the kit its line belongs to."""
    text, places = write_kit_places(kit)
    try:
        parsed = parse_kit(text)
    except KitErrors as errors:
        raise KitInvalid([_placed(error.line, error.template, error.params, places)
                          for error in errors.errors]) from None
    if parsed != kit:  # a field the checks above let through and the parser reads otherwise
        raise KitInvalid([KitProblem(N_("This change cannot be written as a kit file."))])
    return kit


def kit_problems(text: str) -> list[KitProblem]:
    """Every problem ``seminar check`` finds in kit ``text`` (none: it is a kit)."""
    try:
        parse_kit(text)
    except KitErrors as errors:
        return [KitProblem(error.template, line=error.line, params=error.params)
                for error in errors.errors]
    return []


def normalise_markdown(text: str) -> str:
    """A Markdown text as a kit keeps it: lines without trailing spaces, no blank lines
    around it, ``\\n`` line endings."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def _placed(line: int, template: str, params: dict[str, object], places: tuple) -> KitProblem:
    place = place_of_line(places, line)
    if place is None:
        return KitProblem(template, line=line, part="title", params=params)
    return KitProblem(template, line=line, part=place.part, block=place.block,
                      question=place.question, role=place.role, item=place.item, params=params)


class _Editing:
    """The kit being edited, as lists, with each block's origin."""

    def __init__(self, kit: Kit, reserved_ids: frozenset[str]) -> None:
        self.kit = kit
        self.roles = list(kit.roles)
        self.blocks = list(kit.blocks)
        self.origins: list[int | None] = list(range(len(kit.blocks)))
        self.reserved = reserved_ids
        self.words = _NEW_WORDS.get(kit.language, _NEW_WORDS["nb"])

    def result(self) -> Kit:
        return replace(self.kit, roles=tuple(self.roles), blocks=tuple(self.blocks))

    def apply(self, op: Op) -> None:
        getattr(self, "_" + type(op).__name__)(op)

    # -- the seminar's own fields --------------------------------------------------------------

    def _SetSeminar(self, op: SetSeminar) -> None:
        place = _At(op.field if op.field in ("introduction", "preparation", "answering")
                    else "title")
        if op.field in ("introduction", "preparation", "answering"):
            value: str | None = _markdown(op.value, "kit", place)
        elif op.field == "title":
            value = _title(op.value, place)
        else:
            value = _line(op.value, place) or None
            if op.field == "language":
                value = (value or "").lower()
        self.kit = replace(self.kit, **{op.field: value})  # type: ignore[arg-type]  # a str field

    # -- roles ------------------------------------------------------------------------------------

    def _AddRole(self, op: AddRole) -> None:
        _within(op.at, len(self.roles) + 1, N_("There is no such role."))
        taken = {role.id for role in self.roles}
        number = next(n for n in range(1, len(taken) + 2) if f"role-{n}" not in taken)
        self.roles.insert(op.at, Role(f"role-{number}", self.words["role"], ""))

    def _SetRole(self, op: SetRole) -> None:
        _within(op.index, len(self.roles), N_("There is no such role."))
        place = _At("role", role=op.index)
        role = self.roles[op.index]
        if op.field in ("writes", "keeps_time", "keeps_topic"):
            if not isinstance(op.value, bool):
                raise _refuse(place, N_("Choose yes or no."))
            self.roles[op.index] = replace(role, **{op.field: op.value})  # type: ignore[arg-type]
            return
        text = _text(op.value, place)
        if op.field == "name":
            self.roles[op.index] = replace(role, name=_title(text, place))
        elif op.field == "id":
            self.roles[op.index] = replace(role, id=_id(text, place))
        else:
            self.roles[op.index] = replace(role, description=_markdown(text, "role", place))

    def _RemoveRole(self, op: RemoveRole) -> None:
        _within(op.index, len(self.roles), N_("There is no such role."))
        del self.roles[op.index]

    def _MoveRole(self, op: MoveRole) -> None:
        _within(op.index, len(self.roles), N_("There is no such role."))
        _within(op.to, len(self.roles), N_("There is no such role."))
        self.roles.insert(op.to, self.roles.pop(op.index))

    # -- blocks -----------------------------------------------------------------------------------

    def _AddBlock(self, op: AddBlock) -> None:
        _within(op.at, len(self.blocks) + 1, N_("There is no such block in the programme."))
        near = self.blocks[op.at - 1] if op.at else (self.blocks[0] if self.blocks else None)
        block = Block(self.words["block"], op.kind or BlockKind.PLENARY, _NEW_BLOCK_SECONDS,
                      day=near.day if near else 1)
        self.blocks.insert(op.at, block)
        self.origins.insert(op.at, None)

    def _SetBlock(self, op: SetBlock) -> None:
        _within(op.index, len(self.blocks), N_("There is no such block in the programme."))
        place = _At("block", block=op.index)
        block = self.blocks[op.index]
        if op.field in ("minutes", "day"):
            self.blocks[op.index] = _numbered(block, op.field, op.value, place)
            return
        text = _text(op.value, place)
        if op.field == "title":
            block = replace(block, title=_title(text, place))
        elif op.field == "kind":
            try:
                block = replace(block, kind=BlockKind(text))
            except ValueError:
                raise _refuse(place, N_("Unknown block type «%(value)s»."),
                              value=text) from None
        elif op.field == "start":
            block = replace(block, start=_clock(text, place))
        else:
            block = replace(block, description=_markdown(text, "block", place))
        self.blocks[op.index] = block

    def _RemoveBlock(self, op: RemoveBlock) -> None:
        _within(op.index, len(self.blocks), N_("There is no such block in the programme."))
        del self.blocks[op.index]
        del self.origins[op.index]

    def _MoveBlock(self, op: MoveBlock) -> None:
        _within(op.index, len(self.blocks), N_("There is no such block in the programme."))
        _within(op.to, len(self.blocks), N_("There is no such block in the programme."))
        self.blocks.insert(op.to, self.blocks.pop(op.index))
        self.origins.insert(op.to, self.origins.pop(op.index))

    def _ShiftTimes(self, op: ShiftTimes) -> None:
        _within(op.start, len(self.blocks), N_("There is no such block in the programme."))
        day = self.blocks[op.start].day
        for index in range(op.start, len(self.blocks)):
            block = self.blocks[index]
            if block.day != day or block.start is None:
                continue
            start = block.start + op.minutes
            if not 0 <= start < 24 * 60 or start + block.duration // 60 > 24 * 60:
                raise _refuse(_At("block", block=index), N_(
                    "Moved by %(minutes)s minutes, «%(title)s» would no longer be within its "
                    "day."), minutes=op.minutes, title=block.title)
            self.blocks[index] = replace(block, start=start)

    # -- questions --------------------------------------------------------------------------------

    def _questions(self, block: int) -> list[Question]:
        _within(block, len(self.blocks), N_("There is no such block in the programme."))
        return list(self.blocks[block].questions)

    def _store_questions(self, block: int, questions: list[Question]) -> None:
        self.blocks[block] = replace(self.blocks[block], questions=tuple(questions))

    def _AddQuestion(self, op: AddQuestion) -> None:
        questions = self._questions(op.block)
        _within(op.at, len(questions) + 1, N_("There is no such question."))
        taken = {q.id for b in self.blocks for q in b.questions} | self.reserved
        number = next(n for n in range(1, len(taken) + 2) if f"q{n}" not in taken)
        questions.insert(op.at, Question(f"q{number}", self.words["question"], ""))
        self._store_questions(op.block, questions)

    def _SetQuestion(self, op: SetQuestion) -> None:
        questions = self._questions(op.block)
        _within(op.index, len(questions), N_("There is no such question."))
        place = _At("question", block=op.block, question=op.index)
        question = questions[op.index]
        if op.field == "title":
            question = replace(question, title=_title(op.value, place))
        elif op.field == "id":
            question = replace(question, id=_id(op.value, place))
        elif op.field == "text":
            question = replace(question, text=_markdown(op.value, "block", place))
        else:
            question = replace(question, prioritise=_priorities(op.value, place))
        questions[op.index] = question
        self._store_questions(op.block, questions)

    def _RemoveQuestion(self, op: RemoveQuestion) -> None:
        questions = self._questions(op.block)
        _within(op.index, len(questions), N_("There is no such question."))
        del questions[op.index]
        self._store_questions(op.block, questions)

    def _MoveQuestion(self, op: MoveQuestion) -> None:
        questions = self._questions(op.block)
        _within(op.index, len(questions), N_("There is no such question."))
        _within(op.to, len(questions), N_("There is no such question."))
        questions.insert(op.to, questions.pop(op.index))
        self._store_questions(op.block, questions)


# -- the fields --------------------------------------------------------------------------------

@dataclass(frozen=True)
class _At:
    """The part of the kit a field belongs to (as ``KitProblem`` names it)."""

    part: str
    block: int | None = None
    question: int | None = None
    role: int | None = None


def _refuse(at: "_At", template: str, **params: object) -> KitInvalid:
    return KitInvalid([KitProblem(template, part=at.part, block=at.block, question=at.question,
                                  role=at.role, params=params)])


def _within(index: int, count: int, template: str) -> None:
    if not 0 <= index < count:
        raise InvalidInput(template)


def _text(value: object, place: _At) -> str:
    if not isinstance(value, str):
        raise _refuse(place, N_("This field takes text."))
    return value


def _line(value: str, place: _At) -> str:
    """A one-line field: no line break, no spaces around it."""
    if "\n" in value or "\r" in value:
        raise _refuse(place, N_("This field is one line: it cannot hold a line break."))
    return value.strip()


def _title(value: str, place: _At) -> str:
    """A heading's text: one line, not ending with ``#`` (Markdown would drop it)."""
    title = _line(value, place)
    if title.endswith("#"):
        raise _refuse(place, N_("A title or name cannot end with «#»."))
    return title


def _id(value: str, place: _At) -> str:
    written = _line(value, place)
    if not _ID.match(written):  # the parser's rule
        raise _refuse(place, N_("The id «%(id)s» may only contain a-z, 0-9 and -."),
                      id=written)
    return written


def _markdown(value: str, where: str, place: _At) -> str:
    """A Markdown text, normalised; refused if a line of it would be read as a heading that
    starts a part of the kit in this place, or if it leaves a code block open."""
    text = normalise_markdown(value)
    headings, open_fence = markdown_headings(text)
    deepest = _STRUCTURAL[where]
    for line, level in headings:
        if level <= deepest:
            raise _refuse(place, N_(
                "Line %(text_line)s of the text is a heading (%(hashes)s) that would start a "
                "new part of the kit. Use ##### or deeper for a heading inside a text."),
                text_line=line, hashes="#" * level)
    if open_fence is not None:
        raise _refuse(place, N_(
            "The code block that begins on line %(text_line)s of the text is not closed (``` "
            "or ~~~)."), text_line=open_fence)
    return text


def _numbered(block: Block, field: str, value: object, place: _At) -> Block:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _refuse(place, N_("This field takes a whole number."))
    if field == "minutes":
        if not 1 <= value <= MAX_MINUTES:
            raise _refuse(place, N_("A block lasts from 1 to %(max)s minutes."),
                          max=MAX_MINUTES)
        return replace(block, duration=value * 60)
    if not 1 <= value <= MAX_DAY:
        raise _refuse(place, N_("The day must be a number from 1 to 14, not «%(value)s»."),
                      value=value)
    return replace(block, day=value)


def _clock(value: str, place: _At) -> int | None:
    written = _line(value, place)
    if not written:
        return None
    minutes = parse_clock(written)
    if minutes is None:
        raise _refuse(place, N_("Cannot read the clock time «%(value)s» (write HH:MM)."),
                      value=written)
    return minutes


def _priorities(value: str, place: _At) -> tuple[int, int] | None:
    written = _line(value, place).replace(" ", "")
    if not written:
        return None
    low, _, high = written.partition("-")
    if not (low.isdigit() and high.isdigit() and len(low) <= 3 and len(high) <= 3
            and 1 <= int(low) <= int(high) <= MAX_PRIORITIES):
        raise _refuse(place, N_("Cannot read the priority range «%(value)s» (write e.g. 1-3; "
                                "at most 10)."), value=written)
    return int(low), int(high)


def clock_text(minutes: int | None) -> str | None:
    """A block's start as the editor shows it: ``HH:MM``, or ``None``."""
    return None if minutes is None else format_minute_of_day(minutes)
