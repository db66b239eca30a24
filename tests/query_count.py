"""Count the SQL statements a call runs on a store's connection."""

from collections.abc import Callable

from seminar.domain.answers import Point
from seminar.services.groups import prepare_groups
from seminar.services.seminars import Seminar, create_seminar
from seminar.store import Store
from tests.conftest import NOW, SHORT_KIT


def statements(store: Store, call: Callable[[], object]) -> list[str]:
    """The statements ``call`` runs (every one, BEGIN and COMMIT included)."""
    ran: list[str] = []
    store.db.conn.set_trace_callback(ran.append)
    try:
        call()
    finally:
        store.db.conn.set_trace_callback(None)
    return ran


def seminar_with_groups(store: Store, count: int) -> Seminar:
    """A seminar with ``count`` groups, each with a point on q1 and q2 and q1 marked done."""
    seminar = create_seminar(store, "short.md", SHORT_KIT, NOW)[0]
    prepare_groups(store, seminar, "\n".join(f"Bord {n}" for n in range(1, count + 1)), NOW)
    with store.write():
        for group in store.groups.all(seminar.record.id):
            for question in ("q1", "q2"):
                store.answers.insert_point(seminar.record.id, Point(
                    f"point-{group.id}-{question}", group.id, question, "Et punkt", 1, 1, "",
                    False, NOW, NOW))
            store.answers.bump_seq(group.id)
            store.answers.set_done(group.id, "q1", True, NOW)
    return seminar
