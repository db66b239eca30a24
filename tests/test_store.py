"""The store: schema by migrations, state survives reopening, concurrent writers never fail."""

import sqlite3
import threading

import pytest

from seminar.domain.errors import InvalidTransition
from seminar.services.programme import control_programme
from seminar.services.seminars import create_seminar, find_seminar
from seminar.store import Store
from tests.conftest import NOW, SHORT_KIT
from tests.query_count import statements


def test_migrations_create_the_schema_once(tmp_path):
    path = tmp_path / "seminar.db"
    Store(path).close()
    store = Store(path)  # applying again is a no-op
    assert {"seminars", "block_timers", "_sqlite_migrations"} <= set(store.db.table_names())
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_the_programme_survives_reopening_the_database(tmp_path):
    path = tmp_path / "seminar.db"
    store = Store(path)
    seminar, _ = create_seminar(store, "short.md", SHORT_KIT, NOW)
    seminar, _ = control_programme(store, seminar, "start", NOW + 1)
    seminar, _ = control_programme(store, seminar, "adjust", NOW + 2, seconds=120)
    store.close()

    reopened = Store(path)
    again = find_seminar(reopened, seminar.code)
    assert again.programme == seminar.programme
    assert again.programme.timer.deadline == NOW + 1 + 600 + 120
    reopened.close()


def test_a_failed_command_rolls_back_and_stores_nothing(store):
    seminar, _ = create_seminar(store, "short.md", SHORT_KIT, NOW)
    with pytest.raises(InvalidTransition):
        control_programme(store, seminar, "pause", NOW)
    assert find_seminar(store, seminar.code).record.version == 0


def test_concurrent_writers_from_many_threads_and_two_connections_never_fail(tmp_path):
    """Like many socket events at once, plus a second server process on the same file."""
    path = tmp_path / "seminar.db"
    first, second = Store(path), Store(path)
    seminars = [create_seminar(first, "short.md", SHORT_KIT, NOW)[0] for _ in range(4)]
    errors: list[Exception] = []
    commands_per_thread = 25

    def hammer(store: Store, index: int) -> None:
        seminar = seminars[index % len(seminars)]
        for step in range(commands_per_thread):
            try:
                control_programme(store, seminar, "adjust", NOW + step, seconds=60)
            except (sqlite3.Error, Exception) as error:  # noqa: BLE001 - collect everything
                errors.append(error)

    threads = [threading.Thread(target=hammer, args=(first if i % 2 else second, i))
               for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    versions = [find_seminar(first, s.code).record.version for s in seminars]
    assert versions == [4 * commands_per_thread] * 4
    extra = [find_seminar(second, s.code).programme.timer.extra_seconds for s in seminars]
    assert extra == [4 * commands_per_thread * 60] * 4
    first.close()
    second.close()


def _add_group_elsewhere(other: Store, seminar_id: int, name: str) -> None:
    """Commit a new group through another connection (another server process), in a thread."""
    def add() -> None:
        with other.write():
            other.groups.insert(seminar_id, name, None, NOW, "facilitator")

    thread = threading.Thread(target=add)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive()


def _names(store: Store, seminar_id: int) -> list[str]:
    return [group.name for group in store.groups.all(seminar_id)]


def test_a_read_does_not_see_another_process_commit_between_its_queries(tmp_path):
    path = tmp_path / "seminar.db"
    reader, other = Store(path), Store(path)
    seminar, _ = create_seminar(other, "short.md", SHORT_KIT, NOW)
    seminar_id = seminar.record.id

    with reader.read():
        before = _names(reader, seminar_id)
        _add_group_elsewhere(other, seminar_id, "Bord 1")
        after = _names(reader, seminar_id)
    assert (before, after) == ([], [])
    with reader.read():
        assert _names(reader, seminar_id) == ["Bord 1"]  # the next read sees the commit
    reader.close()
    other.close()


def test_a_nested_read_keeps_the_outer_view_and_a_read_inside_a_write_joins_it(tmp_path):
    path = tmp_path / "seminar.db"
    reader, other = Store(path), Store(path)
    seminar, _ = create_seminar(other, "short.md", SHORT_KIT, NOW)
    seminar_id = seminar.record.id

    with reader.read():
        with reader.read():
            assert _names(reader, seminar_id) == []
        _add_group_elsewhere(other, seminar_id, "Bord 1")
        with reader.read():  # the inner read ended, the outer one's view holds
            assert _names(reader, seminar_id) == []

    with pytest.raises(ZeroDivisionError), reader.write():
        reader.groups.insert(seminar_id, "Bord 2", None, NOW, "facilitator")
        with reader.read():  # sees the write's own, uncommitted group
            assert _names(reader, seminar_id) == ["Bord 1", "Bord 2"]
        1 / 0  # noqa: B018 - the write fails after the nested read: nothing is kept
    with reader.read():
        assert _names(reader, seminar_id) == ["Bord 1"]
    reader.close()
    other.close()


def test_a_write_cannot_begin_inside_a_read(store):
    with store.read(), pytest.raises(RuntimeError, match="cannot begin inside"), store.write():
        pass
    with store.write():  # the store is usable afterwards
        pass


def test_reading_a_seminar_asks_the_database_only_for_its_rows(store, seminar):
    """Every event of every phone looks its seminar up: two queries (the seminar, its
    timers) inside one read transaction, and no look into the schema."""
    ran = statements(store, lambda: find_seminar(store, seminar.code))
    assert [s.split()[0].upper() for s in ran] == ["BEGIN", "SELECT", "SELECT", "COMMIT"]
    assert not [s for s in ran if "sqlite_master" in s]
    assert find_seminar(store, seminar.code) == seminar


def test_a_groups_members_are_read_through_the_index_not_by_scanning(store, seminar):
    from tests.services_fixtures import seat
    (a, b), _ = seat(store, seminar, {"A": ["kari", "ola"], "B": ["per"]})
    assert (store.groups.member_ids(a), store.groups.member_ids(b)) == (["kari", "ola"], ["per"])
    assert (store.groups.count_members(a), store.groups.count_members(b)) == (2, 1)
    plans = []
    for sql in (f"SELECT id {store.groups._MEMBERS}", f"SELECT count(*) {store.groups._MEMBERS}"):
        plans += [row[3] for row in store.db.execute(f"EXPLAIN QUERY PLAN {sql}", [a])]
    assert not [plan for plan in plans if plan.startswith("SCAN participants")], plans


def test_a_phones_arrival_and_a_scribes_edits_never_look_into_the_schema(store, seminar):
    """The writes every phone makes (becoming a participant, choosing a group, a scribe's
    add and edit) are plain statements: sqlite-utils' ``insert`` and ``update`` look at the
    table's columns and keys first (PRAGMA, sqlite_master), three more queries per write."""
    from seminar.services import groups as svc
    from tests.services_fixtures import edit

    svc.prepare_groups(store, seminar, "A", NOW)
    group = store.groups.all(seminar.record.id)[0].id
    ran = statements(store, lambda: svc.choose_group(store, seminar, "kari", group, NOW,
                                                     name="Kari"))
    added = {}
    ran += statements(store, lambda: added.update(edit(
        store, seminar, "kari", "add", point="point-0001", question="q1", text="Første")))
    ran += statements(store, lambda: edit(store, seminar, "kari", "edit", point="point-0001",
                                          revision=added["point"]["revision"], text="Andre"))
    looks = [s for s in ran if "PRAGMA" in s.upper() or "sqlite_master" in s]
    assert looks == []
    assert store.groups.participant(seminar.record.id, "kari").name == "Kari"
    assert [point.text for point in store.answers.points(group)] == ["Andre"]
