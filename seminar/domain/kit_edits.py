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

from dataclasses import dataclass, replace

from seminar.domain.errors import KitErrors, KitInvalid, KitProblem
from seminar.domain.kit import Block, BlockKind, ItemKind, Kit, PollItem, Question, Role
from seminar.domain.kit_edit_fields import (
    At,
    clock_field,
    clock_text,
    id_field,
    item_text_field,
    labels_field,
    line_field,
    markdown_field,
    normalise_markdown,
    numbered_field,
    of_kind,
    options_field,
    priorities_field,
    refuse,
    scale_field,
    text_field,
    title_field,
    votes_field,
    within,
)
from seminar.domain.kit_edit_ops import (
    AddBlock,
    AddItem,
    AddQuestion,
    AddRole,
    AnyOp,
    MoveBlock,
    MoveItem,
    MoveQuestion,
    MoveRole,
    Op,
    RemoveBlock,
    RemoveItem,
    RemoveQuestion,
    RemoveRole,
    SetBlock,
    SetItem,
    SetQuestion,
    SetRole,
    SetSeminar,
    ShiftTimes,
)
from seminar.domain.kit_parser import (
    parse_kit,
)
from seminar.domain.kit_writer import place_of_line, write_kit_places
from seminar.domain.messages import N_

# Read from here by the services and the tests.
__all__ = ["AnyOp", "Op", "clock_text", "normalise_markdown"]


@dataclass(frozen=True)
class KitChange:
    """The edited kit, and for each of its blocks the index of the block it was in the kit
    before (``None``: a new block)."""

    kit: Kit
    origins: tuple[int | None, ...]


_NEW_WORDS = {
    "nb": {"role": "Ny rolle", "block": "Ny blokk", "question": "Nytt spørsmål",
           "item": "Nytt spørsmål til salen", "option": "Alternativ"},
    "nn": {"role": "Ny rolle", "block": "Ny blokk", "question": "Nytt spørsmål",
           "item": "Nytt spørsmål til salen", "option": "Alternativ"},
    "en": {"role": "New role", "block": "New block", "question": "New question",
           "item": "New question to the hall", "option": "Option"},
}
_HALL = (BlockKind.PLENARY, BlockKind.DIALOGUE)  # the blocks that can have poll items
_NEW_BLOCK_SECONDS = 15 * 60


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


def _placed(line: int, template: str, params: dict[str, object], places: tuple) -> KitProblem:
    place = place_of_line(places, line)
    if place is None:
        return KitProblem(template, line=line, part="title", params=params)
    return KitProblem(template, line=line, part=place.part, block=place.block,
                      question=place.question, role=place.role, item=place.item, params=params)


_NO_POLLS = N_("Only plenary and dialogue blocks (type: plenum or dialogtema) can have poll "
               "items.")


class _Editing:
    """The kit being edited, as lists, with each block's origin."""

    def __init__(self, kit: Kit, reserved_ids: frozenset[str]) -> None:
        self.kit = kit
        self.roles = list(kit.roles)
        self.blocks = list(kit.blocks)
        self.evaluation = list(kit.evaluation)
        self.origins: list[int | None] = list(range(len(kit.blocks)))
        self.reserved = reserved_ids
        self.words = _NEW_WORDS.get(kit.language, _NEW_WORDS["nb"])

    def result(self) -> Kit:
        return replace(self.kit, roles=tuple(self.roles), blocks=tuple(self.blocks),
                       evaluation=tuple(self.evaluation))

    def apply(self, op: Op) -> None:
        getattr(self, "_" + type(op).__name__)(op)

    # -- the seminar's own fields --------------------------------------------------------------

    def _SetSeminar(self, op: SetSeminar) -> None:
        place = At(op.field if op.field in ("introduction", "preparation", "answering")
                    else "title")
        if op.field in ("introduction", "preparation", "answering"):
            value: str | None = markdown_field(op.value, "kit", place)
        elif op.field == "title":
            value = title_field(op.value, place)
        else:
            value = line_field(op.value, place) or None
            if op.field == "language":
                value = (value or "").lower()
        self.kit = replace(self.kit, **{op.field: value})  # type: ignore[arg-type]  # a str field

    # -- roles ------------------------------------------------------------------------------------

    def _AddRole(self, op: AddRole) -> None:
        within(op.at, len(self.roles) + 1, N_("There is no such role."))
        taken = {role.id for role in self.roles}
        number = next(n for n in range(1, len(taken) + 2) if f"role-{n}" not in taken)
        self.roles.insert(op.at, Role(f"role-{number}", self.words["role"], ""))

    def _SetRole(self, op: SetRole) -> None:
        within(op.index, len(self.roles), N_("There is no such role."))
        place = At("role", role=op.index)
        role = self.roles[op.index]
        if op.field in ("writes", "keeps_time", "keeps_topic"):
            if not isinstance(op.value, bool):
                raise refuse(place, N_("Choose yes or no."))
            self.roles[op.index] = replace(role, **{op.field: op.value})  # type: ignore[arg-type]
            return
        text = text_field(op.value, place)
        if op.field == "name":
            self.roles[op.index] = replace(role, name=title_field(text, place))
        elif op.field == "id":
            self.roles[op.index] = replace(role, id=id_field(text, place))
        else:
            self.roles[op.index] = replace(role, description=markdown_field(text, "role", place))

    def _RemoveRole(self, op: RemoveRole) -> None:
        within(op.index, len(self.roles), N_("There is no such role."))
        del self.roles[op.index]

    def _MoveRole(self, op: MoveRole) -> None:
        within(op.index, len(self.roles), N_("There is no such role."))
        within(op.to, len(self.roles), N_("There is no such role."))
        self.roles.insert(op.to, self.roles.pop(op.index))

    # -- blocks -----------------------------------------------------------------------------------

    def _AddBlock(self, op: AddBlock) -> None:
        within(op.at, len(self.blocks) + 1, N_("There is no such block in the programme."))
        near = self.blocks[op.at - 1] if op.at else (self.blocks[0] if self.blocks else None)
        block = Block(self.words["block"], op.kind or BlockKind.PLENARY, _NEW_BLOCK_SECONDS,
                      day=near.day if near else 1)
        self.blocks.insert(op.at, block)
        self.origins.insert(op.at, None)

    def _SetBlock(self, op: SetBlock) -> None:
        within(op.index, len(self.blocks), N_("There is no such block in the programme."))
        place = At("block", block=op.index)
        block = self.blocks[op.index]
        if op.field in ("minutes", "day"):
            self.blocks[op.index] = numbered_field(block, op.field, op.value, place)
            return
        if op.field == "audience_questions":
            if not isinstance(op.value, bool):
                raise refuse(place, N_("Choose yes or no."))
            self.blocks[op.index] = replace(block, audience_questions=op.value)
            return
        text = text_field(op.value, place)
        if op.field == "title":
            block = replace(block, title=title_field(text, place))
        elif op.field == "kind":
            try:
                block = replace(block, kind=BlockKind(text))
            except ValueError:
                raise refuse(place, N_("Unknown block type «%(value)s»."),
                              value=text) from None
            if block.items and block.kind not in _HALL:  # a group-work ####  would be a question
                raise refuse(place, _NO_POLLS)
        elif op.field == "start":
            block = replace(block, start=clock_field(text, place))
        else:
            block = replace(block, description=markdown_field(text, "block", place))
        self.blocks[op.index] = block

    def _RemoveBlock(self, op: RemoveBlock) -> None:
        within(op.index, len(self.blocks), N_("There is no such block in the programme."))
        del self.blocks[op.index]
        del self.origins[op.index]

    def _MoveBlock(self, op: MoveBlock) -> None:
        within(op.index, len(self.blocks), N_("There is no such block in the programme."))
        within(op.to, len(self.blocks), N_("There is no such block in the programme."))
        self.blocks.insert(op.to, self.blocks.pop(op.index))
        self.origins.insert(op.to, self.origins.pop(op.index))

    def _ShiftTimes(self, op: ShiftTimes) -> None:
        within(op.start, len(self.blocks), N_("There is no such block in the programme."))
        day = self.blocks[op.start].day
        for index in range(op.start, len(self.blocks)):
            block = self.blocks[index]
            if block.day != day or block.start is None:
                continue
            start = block.start + op.minutes
            if not 0 <= start < 24 * 60 or start + block.duration // 60 > 24 * 60:
                raise refuse(At("block", block=index), N_(
                    "Moved by %(minutes)s minutes, «%(title)s» would no longer be within its "
                    "day."), minutes=op.minutes, title=block.title)
            self.blocks[index] = replace(block, start=start)

    # -- questions --------------------------------------------------------------------------------

    def _questions(self, block: int) -> list[Question]:
        within(block, len(self.blocks), N_("There is no such block in the programme."))
        return list(self.blocks[block].questions)

    def _store_questions(self, block: int, questions: list[Question]) -> None:
        self.blocks[block] = replace(self.blocks[block], questions=tuple(questions))

    def _AddQuestion(self, op: AddQuestion) -> None:
        questions = self._questions(op.block)
        within(op.at, len(questions) + 1, N_("There is no such question."))
        taken = {q.id for b in self.blocks for q in b.questions} | self.reserved
        number = next(n for n in range(1, len(taken) + 2) if f"q{n}" not in taken)
        questions.insert(op.at, Question(f"q{number}", self.words["question"], ""))
        self._store_questions(op.block, questions)

    def _SetQuestion(self, op: SetQuestion) -> None:
        questions = self._questions(op.block)
        within(op.index, len(questions), N_("There is no such question."))
        place = At("question", block=op.block, question=op.index)
        question = questions[op.index]
        if op.field == "title":
            question = replace(question, title=title_field(op.value, place))
        elif op.field == "id":
            question = replace(question, id=id_field(op.value, place))
        elif op.field == "text":
            question = replace(question, text=markdown_field(op.value, "block", place))
        elif op.field == "votes":
            question = replace(question, votes=votes_field(op.value, place))
        else:
            question = replace(question, prioritise=priorities_field(op.value, place))
        questions[op.index] = question
        self._store_questions(op.block, questions)

    def _RemoveQuestion(self, op: RemoveQuestion) -> None:
        questions = self._questions(op.block)
        within(op.index, len(questions), N_("There is no such question."))
        del questions[op.index]
        self._store_questions(op.block, questions)

    def _MoveQuestion(self, op: MoveQuestion) -> None:
        questions = self._questions(op.block)
        within(op.index, len(questions), N_("There is no such question."))
        within(op.to, len(questions), N_("There is no such question."))
        questions.insert(op.to, questions.pop(op.index))
        self._store_questions(op.block, questions)

    # -- poll items -------------------------------------------------------------------------------

    def _items(self, block: int | str) -> list[PollItem]:
        if block == "evaluation":
            return list(self.evaluation)
        assert isinstance(block, int)
        within(block, len(self.blocks), N_("There is no such block in the programme."))
        return list(self.blocks[block].items)

    def _store_items(self, block: int | str, items: list[PollItem]) -> None:
        if isinstance(block, int):
            self.blocks[block] = replace(self.blocks[block], items=tuple(items))
        else:
            self.evaluation = items

    def _AddItem(self, op: AddItem) -> None:
        items = self._items(op.block)
        within(op.at, len(items) + 1, N_("There is no such poll item."))
        if isinstance(op.block, int) and self.blocks[op.block].kind not in _HALL:
            raise refuse(At("block", block=op.block), _NO_POLLS)
        taken = ({q.id for b in self.blocks for q in b.questions} | self.reserved
                 | {item.id for b in self.blocks for item in b.items}
                 | {item.id for item in self.evaluation})
        number = next(n for n in range(1, len(taken) + 2) if f"item-{n}" not in taken)
        item = of_kind(PollItem(f"item-{number}", self.words["item"], op.kind), op.kind,
                        self.words["option"])
        items.insert(op.at, item)
        self._store_items(op.block, items)

    def _SetItem(self, op: SetItem) -> None:
        items = self._items(op.block)
        within(op.index, len(items), N_("There is no such poll item."))
        place = At("item", block=op.block, item=op.index)
        item = items[op.index]
        if op.field == "multiple":
            if not isinstance(op.value, bool):
                raise refuse(place, N_("Choose yes or no."))
            if item.kind is not ItemKind.CHOICE:
                raise refuse(place, N_("Only a choice item can take several answers."))
            items[op.index] = replace(item, multiple=op.value)
            self._store_items(op.block, items)
            return
        text = text_field(op.value, place)
        if op.field == "title":
            item = replace(item, title=title_field(text, place))
        elif op.field == "id":
            item = replace(item, id=id_field(text, place))
        elif op.field == "text":
            item = replace(item, text=item_text_field(item, text, place))
        elif op.field == "kind":
            try:
                kind = ItemKind(text)
            except ValueError:
                raise refuse(place, N_("Unknown poll item type «%(value)s»."),
                              value=text) from None
            item = of_kind(item, kind, self.words["option"])
        elif op.field == "scale":
            item = replace(item, scale=scale_field(item, text, place))
        elif op.field == "labels":
            item = replace(item, labels=labels_field(item, text, place))
        else:
            item = replace(item, options=options_field(item, text, place))
        items[op.index] = item
        self._store_items(op.block, items)

    def _RemoveItem(self, op: RemoveItem) -> None:
        items = self._items(op.block)
        within(op.index, len(items), N_("There is no such poll item."))
        del items[op.index]
        self._store_items(op.block, items)

    def _MoveItem(self, op: MoveItem) -> None:
        items = self._items(op.block)
        within(op.index, len(items), N_("There is no such poll item."))
        within(op.to, len(items), N_("There is no such poll item."))
        items.insert(op.to, items.pop(op.index))
        self._store_items(op.block, items)
