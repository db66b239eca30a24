"""A seminar whose kit lost a question after the groups had answered it, made as the server
makes it (issue 15): the edited kit is stored with ``save_kit`` (as ``write_kit`` writes it)
and the question with ``add_removed_question``; its points stay in the store.

Shared by ``test_removed_questions`` (the report, the exports and the live views) and
``test_archive`` (the archive's round trip).
"""

from dataclasses import replace

from seminar.domain.kit import RemovedQuestion
from seminar.domain.kit_writer import write_kit
from seminar.services import plenary, summary
from seminar.services.seminars import Seminar, find_seminar
from seminar.store import Store
from tests.conftest import NOW
from tests.services_fixtures import edit, kari_ola_and_per

REMOVED_AT = NOW + 600
KEPT = {"Bærum": ["Felles kalender"], "Sør-Fron": ["Kortere møter"]}  # on q1, still in the kit
GONE = {"Bærum": ["Mer tid til samarbeid", "Kompetanse"], "Sør-Fron": ["Tid til samarbeid"]}


def answer_two_questions(store: Store, seminar: Seminar) -> dict:
    """Bærum (Kari, the scribe, and Ola) and Sør-Fron (Per) answer q1 and q2; on q2, which
    asks for priorities, both prioritise and the facilitator makes a theme of two points."""
    people = kari_ola_and_per(store, seminar, "Bærum", "Sør-Fron")
    writers = {"Bærum": people["kari"], "Sør-Fron": people["per"]}
    for question, texts in (("q1", KEPT), ("q2", GONE)):
        for group, lines in texts.items():
            for n, text in enumerate(lines, start=1):
                edit(store, seminar, writers[group], "add", question=question, text=text,
                     point=f"point-{question}-{group[0].lower()}-{n:03d}")
    plenary.configure(store, seminar, "q2", priorities_open=True)
    edit(store, seminar, people["kari"], "prioritise", question="q2",
         points=["point-q2-b-002", "point-q2-b-001"])
    edit(store, seminar, people["per"], "prioritise", question="q2", points=["point-q2-s-001"])
    summary.create_theme(store, seminar, "q2", "Samarbeid", ["point-q2-b-001", "point-q2-s-001"],
                         NOW)
    edit(store, seminar, people["per"], "done", question="q2", done=True)
    return people


def remove_question(store: Store, seminar: Seminar, question_id: str,
                    now: float = REMOVED_AT) -> Seminar:
    """Take ``question_id`` out of the seminar's kit as the server does; return the seminar
    as it is found afterwards."""
    kit = seminar.kit
    [(block, question)] = [(b, q) for b in kit.blocks for q in b.questions if q.id == question_id]
    edited = replace(kit, blocks=tuple(
        replace(b, questions=tuple(q for q in b.questions if q.id != question_id))
        for b in kit.blocks))
    with store.write():
        record = store.seminars.by_id(seminar.record.id)
        assert record is not None
        store.seminars.save_kit(seminar.record.id, title=edited.title,
                                kit_source=write_kit(edited), current=record.current_block,
                                timers=store.seminars.timers(seminar.record.id))
        store.seminars.add_removed_question(seminar.record.id,
                                            RemovedQuestion(question, block.title, now))
    return find_seminar(store, seminar.code)
