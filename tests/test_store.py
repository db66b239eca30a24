"""The store: schema by migrations, state survives reopening, concurrent writers never fail."""

import sqlite3
import threading

import pytest

from seminar.domain.errors import InvalidTransition
from seminar.services.programme import control_programme
from seminar.services.seminars import create_seminar, find_seminar
from seminar.store import Store
from tests.conftest import NOW, SHORT_KIT


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
