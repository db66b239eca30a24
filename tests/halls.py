"""Realistic halls for screen, layout and report tests: the seminars a reviewer tried.

``build_hall`` fills a seminar through the services, as phones would: municipality groups,
participants with names, points of every length (some over 200 characters), a scribe per group
and, on the prioritised question, every group's 1–3 picks. ``hall_archive`` returns it as the JSON
archive (``seminar import FILE`` or the organiser's upload restores it on a running server).

- ``national_hall(store)``: the national kit, 12 municipality groups, 61 participants,
  about 230 points on its six questions.
- ``pilot_hall(store, groups=40)``: the two-day pilot kit (clock times), 40 groups.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from pathlib import Path

from seminar.services import answers, groups, plenary
from seminar.services.archive import export_archive
from seminar.services.seminars import create_seminar
from seminar.store import Store

SESSIONS = Path(__file__).resolve().parent.parent / "sessions"
NATIONAL_KIT = "nasjonalt-dialogseminar-2023.md"
PILOT_KIT = "pilotsamling-2021.md"
NOW = 1_800_000_000.0

MUNICIPALITIES = (
    "Asker", "Bodø", "Gjesdal", "Høyanger", "Inderøy", "Lillestrøm", "Målselv", "Nes",
    "Porsgrunn", "Steinkjer", "Stjørdal", "Sunnfjord", "Ullensvang", "Stranda", "Tromsø",
    "Kristiansand", "Lillehammer", "Sør-Fron", "Ålesund", "Bærum", "Hamar", "Molde", "Narvik",
    "Alta", "Vefsn", "Levanger", "Namsos", "Røros", "Kongsberg", "Horten", "Larvik", "Skien",
    "Arendal", "Grimstad", "Flekkefjord", "Sandnes", "Karmøy", "Stord", "Voss", "Førde",
)
SIZES = (8, 5, 6, 4, 5, 4, 5, 4, 6, 4, 4, 6)  # 61 participants in the national hall

SHORT_POINTS = (
    "Felles planleggingsdager for kulturskolelærere og kontaktlærere i august",
    "Kulturskolen inn i skoletiden: korps, kor og visuell kunst som valgfag på ungdomstrinnet",
    "Tydelig ansvar i kommunens planverk",
    "Skyss fra SFO til kulturskolen to dager i uka",
    "Felles kalender for skole, SFO og kulturskole",
    "Øremerkede midler og forskning på samhandling",
    "Rammeplanen for kulturskolen må gjøres mer forpliktende",
    "Kompetanseheving for barnehagelærere i musikk og drama",
)
LONG_POINTS = (
    "Vi trenger en fast møteplass mellom rektorene og kulturskolelederen – i dag skjer alt på "
    "tilfeldige telefoner, og samarbeidet står og faller på enkeltpersoner. Forslag: fire faste "
    "møter i året, med referat som går til kommunalsjef.",
    "Kanskje vi skal nevne skyss? Mange barn på bygda kommer seg ikke til kulturskolen uten at "
    "noen kjører dem, og det rammer særlig familier med lav inntekt og barn som bor langt fra "
    "sentrum. Kan SFO-tiden brukes til å følge barna til undervisningen?",
    "Kulturskolen bør være med når kommunen lager planer for barnehage, skole og SFO, ikke bare "
    "bli invitert til å kommentere etterpå. Det betyr at kulturskolelederen må sitte i "
    "ledergruppen for oppvekst og ha et eget punkt på dagsordenen hver måned.",
)


@dataclass(frozen=True)
class Hall:
    code: str
    facilitator_key: str
    groups: int
    participants: int
    points: int


def _points_for(rng: random.Random, count: int) -> list[str]:
    texts = []
    for index in range(count):
        pool = LONG_POINTS if index % 4 == 2 else SHORT_POINTS
        texts.append(rng.choice(pool))
    return texts


def build_hall(store: Store, kit_name: str, sizes: tuple[int, ...], points_per_question: int,
               *, seed: int = 12, now: float = NOW) -> Hall:
    """Fill a new seminar from ``kit_name`` with ``len(sizes)`` groups of those sizes."""
    kit_text = (SESSIONS / kit_name).read_text(encoding="utf-8")
    seminar, key = create_seminar(store, kit_name, kit_text, now)
    names = MUNICIPALITIES[:len(sizes)]
    groups.prepare_groups(store, seminar, "\n".join(names), now)
    group_ids = [group.id for group in store.groups.all(seminar.record.id)]
    questions = [q for block in seminar.kit.blocks for q in block.questions]
    rng = random.Random(seed)
    edit_ids = itertools.count(1)
    point_ids = itertools.count(1)
    total_points = 0
    people = 0
    for number, (group_id, size) in enumerate(zip(group_ids, sizes, strict=True)):
        members = []
        for member in range(size):
            phone = f"{seminar.code}-{number:03d}-{member:02d}"
            person, _ = groups.enter_seminar(store, seminar, phone, now)
            groups.choose_group(store, seminar, person.id, group_id, now)
            groups.rename_participant(store, seminar, person.id,
                                      f"Deltaker {number + 1}.{member + 1}", now)
            members.append(person.id)
        people += size
        scribe = members[0]
        groups.take_role(store, seminar, scribe, "skriver", now)
        for question in questions:
            count = max(1, points_per_question + rng.randint(-1, 1))
            ids = []
            for text in _points_for(rng, count):
                point = f"{seminar.code}-point-{next(point_ids):06d}"
                answers.apply_edit(store, seminar, scribe, {
                    "id": f"{seminar.code}-edit-{next(edit_ids):06d}", "kind": "add",
                    "point": point, "question": question.id, "text": text}, now)
                ids.append(point)
            total_points += len(ids)
            if question.prioritise:
                low, high = question.prioritise
                picks = ids[:min(len(ids), rng.randint(low, high))]
                plenary.configure(store, seminar, question.id, priorities_open=True)
                answers.apply_edit(store, seminar, scribe, {
                    "id": f"{seminar.code}-edit-{next(edit_ids):06d}", "kind": "prioritise",
                    "question": question.id, "points": picks}, now)
    return Hall(seminar.code, key, len(sizes), people, total_points)


def national_hall(store: Store) -> Hall:
    """The national kit with the reviewer's 12 municipality groups (61 phones)."""
    return build_hall(store, NATIONAL_KIT, SIZES, points_per_question=3)


def pilot_hall(store: Store, groups_count: int = 40) -> Hall:
    """The two-day pilot kit with ``groups_count`` groups of four."""
    return build_hall(store, PILOT_KIT, (4,) * groups_count, points_per_question=2, seed=40)


def hall_archive(store: Store, hall: Hall) -> dict:
    """The hall as a JSON archive (names included), ready for ``seminar import``."""
    return export_archive(store, hall.code, NOW, include_names=True)


def main(argv: list[str] | None = None) -> None:
    """``python -m tests.halls national|pilot OUT.json``: write a hall's archive to a file."""
    import json
    import sys
    import tempfile

    which, out = (argv if argv is not None else sys.argv[1:])
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "hall.db")
        hall = national_hall(store) if which == "national" else pilot_hall(store)
        Path(out).write_text(json.dumps(hall_archive(store, hall), ensure_ascii=False),
                             encoding="utf-8")
        store.close()
    print(f"{out}: {hall.groups} groups, {hall.participants} participants, {hall.points} points")


if __name__ == "__main__":
    main()
