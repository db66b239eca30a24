"""The largest inputs the app allows: a kit at every kit limit, and an archive at the archive
limits (for the limit tests and the stall test).

``largest_kit()`` has ``MAX_ROLES`` roles, ``MAX_BLOCKS`` blocks over two days and
``MAX_QUESTIONS`` questions, and its introduction (Markdown of every kind a kit uses) fills it to
``MAX_KIT_CHARS``. ``largest_archive(store)`` restores as a seminar of that kit with
``MAX_GROUPS`` groups and ``MAX_ARCHIVE_POINTS`` points, as close to ``MAX_ARCHIVE_BYTES`` as
whole points make it.
"""

from __future__ import annotations

from seminar.domain.archive import encode_archive
from seminar.domain.limits import (
    MAX_ARCHIVE_BYTES,
    MAX_ARCHIVE_POINTS,
    MAX_BLOCKS,
    MAX_GROUPS,
    MAX_KIT_CHARS,
    MAX_POINTS_PER_QUESTION,
    MAX_QUESTIONS,
    MAX_ROLES,
)
from seminar.services.archive import export_archive
from seminar.services.seminars import create_seminar
from seminar.store import Store

NOW = 1_800_000_000.0
KIT_NAME = "storst.md"
_GROUP_WORK = MAX_QUESTIONS // 3  # group-work blocks, three questions each
_PARAGRAPH = (
    "Kulturskolen, **skolen** og *SFO* møtes: [planen](https://example.org/plan) sier at "
    "barn skal få `kunst` og kultur i hverdagen. Æ, ø og å er med.\n\n"
    "- ett punkt om skyss\n- et annet om rom\n  1. nummerert\n  2. og mer\n\n"
    "> Et sitat fra en rektor som ville ha faste møter.\n\n"
    "| Kommune | Elever |\n| --- | --- |\n| Asker | 12 |\n\n"
)


def _rest_of_kit() -> str:
    roles = "".join(
        f"### Rolle {n}\nid: rolle-{n}\n" + ("skriver: ja\n" if n == 1 else "")
        + f"\nRolle {n} gjør sitt.\n\n" for n in range(1, MAX_ROLES + 1))
    blocks = []
    for n in range(1, MAX_BLOCKS + 1):
        day = 1 if n <= MAX_BLOCKS // 2 else 2
        if n <= _GROUP_WORK:
            questions = "".join(
                f"#### Spørsmål {n}.{q}\nid: q{n}-{q}\n" + ("prioriter: 1-3\n" if q == 1 else "")
                + "\nHva tenker dere?\n\n" for q in range(1, 4))
            blocks.append(f"### Gruppearbeid {n}\ntype: gruppearbeid\nvarighet: 10 min\n"
                          f"dag: {day}\n\nSnakk sammen.\n\n{questions}")
        else:
            blocks.append(f"### Plenum {n}\ntype: plenum\nvarighet: 5 min\ndag: {day}\n\n"
                          "Alle samlet.\n\n")
    return ("## Forberedelser\n\nLes planen.\n\n## Roller\n\n" + roles + "## Program\n\n"
            + "".join(blocks))


def largest_kit(variant: int = 0) -> str:
    """A kit at every kit limit: exactly ``MAX_KIT_CHARS`` characters (another ``variant``
    differs in its introduction: a text no cache has seen)."""
    head = f"# Den største samlingen\ndato: 2026-05-12\n\nUtgave {variant:04d}.\n\n"
    rest = _rest_of_kit()
    room = MAX_KIT_CHARS - len(head) - len(rest)
    introduction = (_PARAGRAPH * (room // len(_PARAGRAPH) + 1))[:room - 2].rstrip() + "\n\n"
    introduction += "x" * (room - len(introduction))
    kit = head + introduction + rest
    assert len(kit) == MAX_KIT_CHARS
    return kit


def largest_archive(store: Store) -> dict:
    """An archive at the archive limits (its file just under ``MAX_ARCHIVE_BYTES``)."""
    seminar, _ = create_seminar(store, KIT_NAME, largest_kit(), NOW)
    archive = export_archive(store, seminar.code, NOW, include_names=True)
    data = archive["seminar"]
    questions = [q.id for q in seminar.kit.questions()]
    data["groups"] = [{"key": f"g{n}", "name": f"Bord {n}", "max_size": None, "created_at": NOW,
                       "created_by": "facilitator"} for n in range(1, MAX_GROUPS + 1)]
    data["participants"] = [{"key": f"p{n}", "name": f"Deltaker {n}",
                             "group": f"g{(n - 1) % MAX_GROUPS + 1}", "created_at": NOW,
                             "placed": None}
                            for n in range(1, 5 * MAX_GROUPS + 1)]
    # In the order an export gives them: by group, then question id.
    slots = [(g, q) for g in range(1, MAX_GROUPS + 1) for q in sorted(questions)]
    per_slot = -(-MAX_ARCHIVE_POINTS // len(slots))
    assert per_slot <= MAX_POINTS_PER_QUESTION

    def points(text_length: int) -> list[dict]:
        made = []
        for n in range(MAX_ARCHIVE_POINTS):
            group, question = slots[n // per_slot]
            made.append({"key": f"pt{n + 1}", "group": f"g{group}", "question": question,
                         "text": (f"Punkt {n + 1}: skyss, rom og samarbeid. " * 60)[:text_length],
                         "position": n % per_slot + 1, "revision": 1,
                         "author": f"p{group}", "suggested": False, "deleted": False,
                         "hidden": False, "highlighted": False, "created_at": NOW,
                         "updated_at": NOW})
        return made

    data["points"] = points(1)
    spare = MAX_ARCHIVE_BYTES - len(encode_archive(archive))
    data["points"] = points(1 + spare // MAX_ARCHIVE_POINTS)  # ASCII: a byte a character
    assert len(encode_archive(archive)) <= MAX_ARCHIVE_BYTES
    return archive
