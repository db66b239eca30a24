"""The kit editor's operations: each one change to the kit, a typed model (the socket payload
``kit:edit`` carries a list of them, decoded by msgspec with its limits); ``kit_edits`` applies
them."""

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from seminar.domain.kit import BlockKind, ItemKind
from seminar.domain.kit_edit_fields import MAX_MINUTES
from seminar.domain.limits import MAX_BLOCKS, MAX_KIT_FIELD_CHARS
from seminar.domain.messages import N_

Index = Annotated[int, Meta(ge=0, le=MAX_BLOCKS * 10)]
FieldValue = Annotated[str, Meta(max_length=MAX_KIT_FIELD_CHARS, extra={
    "max_length": N_("A text of the kit can be at most %(max)s characters here.")})]
Shift = Annotated[int, Meta(ge=-MAX_MINUTES * 2, le=MAX_MINUTES * 2)]
ItemsOf = Index | Literal["evaluation"]  # a block's poll items, or the evaluation's


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
    field: Literal["title", "kind", "minutes", "day", "start", "description",
                   "audience_questions"]
    value: FieldValue | int | bool


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
    field: Literal["title", "id", "text", "prioritise", "votes"]
    value: FieldValue


class RemoveQuestion(Op, frozen=True, kw_only=True, tag="question.remove"):
    block: Index
    index: Index


class MoveQuestion(Op, frozen=True, kw_only=True, tag="question.move"):
    block: Index
    index: Index
    to: Index


class AddItem(Op, frozen=True, kw_only=True, tag="item.add"):
    block: ItemsOf
    at: Index
    kind: ItemKind = ItemKind.SCALE


class SetItem(Op, frozen=True, kw_only=True, tag="item.set"):
    """Set a poll item's field: ``scale`` is ``1-5`` or ``1-10``, ``labels`` ``low | high``
    (empty: none), ``options`` one option per line, ``multiple`` a bool."""

    block: ItemsOf
    index: Index
    field: Literal["title", "id", "text", "kind", "scale", "labels", "options", "multiple"]
    value: FieldValue | bool


class RemoveItem(Op, frozen=True, kw_only=True, tag="item.remove"):
    block: ItemsOf
    index: Index


class MoveItem(Op, frozen=True, kw_only=True, tag="item.move"):
    block: ItemsOf
    index: Index
    to: Index


class ShiftTimes(Op, frozen=True, kw_only=True, tag="times.shift"):
    """Re-anchor: move the clock times of block ``from`` and of every later block of its day
    that has one by ``minutes`` (a seminar that started late plans against the actual start)."""

    start: Index = msgspec.field(name="from")
    minutes: Shift


AnyOp = (SetSeminar | AddRole | SetRole | RemoveRole | MoveRole | AddBlock | SetBlock
         | RemoveBlock | MoveBlock | AddQuestion | SetQuestion | RemoveQuestion | MoveQuestion
         | AddItem | SetItem | RemoveItem | MoveItem | ShiftTimes)
OPS: tuple[type[Op], ...] = (SetSeminar, AddRole, SetRole, RemoveRole, MoveRole, AddBlock,
                             SetBlock, RemoveBlock, MoveBlock, AddQuestion, SetQuestion,
                             RemoveQuestion, MoveQuestion, AddItem, SetItem, RemoveItem,
                             MoveItem, ShiftTimes)
