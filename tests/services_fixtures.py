"""Set-ups shared by the service tests (``test_answers``, ``test_plenary``, ``test_summary``…):
groups with people in them, and an answer edit with a fresh id, all through the services.

The ``seminar`` fixture (the short test kit on the test's store) is in ``conftest.py``.
"""

import itertools

from seminar.services import answers, groups
from tests.conftest import NOW

_ids = (f"edit-{n:06d}" for n in itertools.count())


def seat(store, seminar, members: dict[str, list[str]]) -> tuple[list[int], list[str]]:
    """Make a group for each name in ``members`` and seat its participants (ids) in it, in
    order; return the groups' ids and the participants' ids."""
    groups.prepare_groups(store, seminar, "\n".join(members), NOW)
    ids = [g.id for g in store.groups.all(seminar.record.id)]
    people = []
    for group_id, participants in zip(ids, members.values(), strict=True):
        for participant in participants:
            person, _ = groups.enter_seminar(store, seminar, participant, NOW)
            groups.choose_group(store, seminar, person.id, group_id, NOW)
            people.append(person.id)
    return ids, people


def kari_ola_and_per(store, seminar, first: str = "A", second: str = "B") -> dict:
    """Group ``first`` with Kari (the scribe) and Ola, group ``second`` with Per: the groups'
    ids as "a" and "b", and each person's participant id by name."""
    (a, b), (kari, ola, per) = seat(store, seminar, {
        first: ["kari-participant", "ola-participant"], second: ["per-participant"]})
    groups.take_role(store, seminar, kari, "skriver", NOW)
    return {"a": a, "b": b, "kari": kari, "ola": ola, "per": per}


def edit(store, seminar, who, kind, **fields):
    """Apply one answer edit of ``kind`` (with a new edit id) as ``who``; return its result."""
    result, _ = answers.apply_edit(store, seminar, who,
                                   {"id": next(_ids), "kind": kind, **fields}, NOW)
    return result
