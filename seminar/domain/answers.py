"""The rules for a group's answers: points, their text, order and revisions, and who may write.

An answer is a list of points (short paragraphs) per question per group. Every point has an id
made by the phone that created it (so a resent "add" is recognised) and a revision that grows
with every change. An edit or a delete names the revision it was made against; if the point has
changed since, the change is refused as a conflict and the phone shows the current text, so two
members never silently overwrite each other.
"""

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from seminar.domain.errors import InvalidInput, InvalidTransition, NotAllowed, SeminarError
from seminar.domain.limits import MAX_POINT_CHARS, MAX_POINTS_PER_QUESTION
from seminar.domain.messages import N_

_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}\Z")


class PointConflict(SeminarError):
    code = "conflict"
    template = N_("Someone else changed this point at the same time. Here is the latest "
                  "version; make your change again if it is still needed.")


class PointNotFound(SeminarError):
    code = "point_not_found"
    template = N_("That point no longer exists.")


@dataclass(frozen=True)
class Point:
    id: str
    group_id: int
    question_id: str
    text: str
    position: int
    revision: int
    author: str
    suggested: bool
    created_at: float
    updated_at: float

    def as_json(self) -> dict:
        return {"id": self.id, "question": self.question_id, "text": self.text,
                "revision": self.revision, "suggested": self.suggested,
                "author": self.author, "updated_at": self.updated_at}


def clean_client_id(value: object) -> str:
    """An id made by a phone (a point's or an edit's): 8–64 letters, digits, - or _."""
    if not isinstance(value, str) or not _CLIENT_ID.match(value):
        raise InvalidInput(N_("The change is missing a valid id. Reload the page."))
    return value


def clean_point_text(value: object) -> str:
    """The text of a point, stored exactly as typed (only checked, never rewritten)."""
    if not isinstance(value, str):
        raise InvalidInput()
    if not value.strip():
        raise InvalidInput(N_("Write something in the point first."))
    if len(value) > MAX_POINT_CHARS:
        raise InvalidInput(N_("A point can be at most %(max)s characters."),
                           max=MAX_POINT_CHARS)
    return value


def check_room_for_point(existing: int) -> None:
    if existing >= MAX_POINTS_PER_QUESTION:
        raise InvalidTransition(N_("A question can have at most %(max)s points."),
                                max=MAX_POINTS_PER_QUESTION)


def check_room_for_merge(live_points: Iterable[str]) -> None:
    """Refuse a merge that would give the group more points on a question than one group may
    write (``live_points``: the question of each of the two groups' live points)."""
    if any(count > MAX_POINTS_PER_QUESTION for count in Counter(live_points).values()):
        raise InvalidTransition(N_("Together the groups have more than %(max)s points on a "
                                   "question. Delete some first."), max=MAX_POINTS_PER_QUESTION)


def check_revision(point: Point, revision: int) -> None:
    """Refuse a change made against an older revision than the stored one."""
    if point.revision != revision:
        raise PointConflict()


def check_order(current: list[str], proposed: object) -> list[str]:
    """A new order must list exactly the question's points, each once."""
    if (not isinstance(proposed, list) or not all(isinstance(p, str) for p in proposed)
            or sorted(proposed) != sorted(current)):
        raise PointConflict()
    return proposed


def may_write(member: str, roles: Mapping[str, str], writing_roles: Collection[str],
              all_members_write: bool) -> bool:
    """Whether ``member`` writes the group's points directly (the others suggest points).

    ``roles`` is the group's current round (role id → the member holding it, members of the
    group only). The holder of a writing role (the scribe) writes; every member writes when
    the facilitator allows it, when the kit has no writing role, or while nobody in the group
    holds one.
    """
    if all_members_write or not writing_roles:
        return True
    writers = {holder for role, holder in roles.items() if role in writing_roles}
    return not writers or member in writers


def check_may_change(point: Point, actor: str, writes: bool) -> None:
    """A writer may change any point; others only their own suggestions."""
    if not writes and not (point.suggested and point.author == actor):
        raise NotAllowed(N_("Only the scribe can change the group's points. You can suggest "
                            "a point."))
