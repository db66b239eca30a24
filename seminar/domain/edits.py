"""The kinds of edit a member's phone makes to their own group's answers, as typed models.

Every edit carries an ``id`` made by the phone (so a resent edit is applied once) and its
``kind``; the group is never named: it is always the sender's own. The socket payload
``answer:edit`` carries one of these, and the answers service takes nothing else.
"""

from typing import Annotated, Any, ClassVar

import msgspec
from msgspec import Meta

from seminar.domain.limits import MAX_POINT_CHARS, MAX_POINTS_PER_QUESTION, MAX_PRIORITIES
from seminar.domain.messages import N_
from seminar.domain.validation import convert

MAX_REVISION = 2**63 - 1

ClientId = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_-]{8,64}\Z", extra={
    "pattern": N_("The change is missing a valid id. Reload the page."),
    "type": N_("The change is missing a valid id. Reload the page.")})]
QuestionId = Annotated[str, Meta(min_length=1, max_length=200)]
PointText = Annotated[str, Meta(max_length=MAX_POINT_CHARS, extra={
    "max_length": N_("A point can be at most %(max)s characters.")})]
Revision = Annotated[int, Meta(ge=1, le=MAX_REVISION)]


class Edit(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True,
           tag_field="kind"):
    """One edit; ``writer_only`` kinds are the group's writer's alone (the scribe's)."""

    writer_only: ClassVar[bool] = False
    id: ClientId


class Add(Edit, frozen=True, kw_only=True, tag="add"):
    point: ClientId
    question: QuestionId
    text: PointText


class Change(Edit, frozen=True, kw_only=True, tag="edit"):
    point: ClientId
    revision: Revision
    text: PointText


class Delete(Edit, frozen=True, kw_only=True, tag="delete"):
    point: ClientId
    revision: Revision


class Restore(Edit, frozen=True, kw_only=True, tag="restore"):
    point: ClientId


class Move(Edit, frozen=True, kw_only=True, tag="move"):
    writer_only: ClassVar[bool] = True
    question: QuestionId
    order: Annotated[list[ClientId], Meta(max_length=MAX_POINTS_PER_QUESTION)]


class Accept(Edit, frozen=True, kw_only=True, tag="accept"):
    writer_only: ClassVar[bool] = True
    point: ClientId


class Done(Edit, frozen=True, kw_only=True, tag="done"):
    writer_only: ClassVar[bool] = True
    question: QuestionId
    done: bool


class Prioritise(Edit, frozen=True, kw_only=True, tag="prioritise"):
    writer_only: ClassVar[bool] = True
    question: QuestionId
    points: Annotated[list[ClientId], Meta(max_length=MAX_PRIORITIES)]


AnyEdit = Add | Change | Delete | Restore | Move | Accept | Done | Prioritise
KINDS: tuple[type[Edit], ...] = (Add, Change, Delete, Restore, Move, Accept, Done, Prioritise)


def parsed(edit: Any) -> Edit:
    """``edit`` as a typed edit (a plain ``{"id", "kind", ...}`` object is checked and
    converted), or ``InvalidInput`` naming the field."""
    if isinstance(edit, Edit):
        return edit
    return convert(edit, AnyEdit)  # type: ignore[arg-type]  # a union of Structs is a type
