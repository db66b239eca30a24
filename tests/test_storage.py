"""The database as a file on a disk: a server that cannot write it refuses to start, the
write-ahead log is folded into the file, and a backup is consistent while others write."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from seminar.cli import cli
from seminar.domain.errors import StorageUnavailable
from seminar.services.seminars import create_seminar
from seminar.store import Store
from seminar.web.maintenance import start_checkpoints
from tests.conftest import NOW, SHORT_KIT
from tests.services_fixtures import edit, kari_ola_and_per

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def unwritable_database(tmp_path: Path):
    """A database file that exists but cannot be written: on a read-only tmpfs where the
    machine lets us mount one, else one whose folder cannot be made (a file is in the way)."""
    mount = tmp_path / "ro"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                             capture_output=True).returncode == 0
    try:
        if mounted:
            Store(mount / "seminar.db").close()  # a real database …
            subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
            yield mount / "seminar.db"  # … on a disk that is now read-only
        else:
            (tmp_path / "not-a-folder").write_text("")
            yield tmp_path / "not-a-folder" / "seminar.db"
    finally:
        if mounted:  # nothing may keep the disk busy: the store closed what it opened
            assert subprocess.run(["umount", str(mount)], capture_output=True).returncode == 0


def test_a_database_that_cannot_be_written_is_refused_when_opened(tmp_path):
    with unwritable_database(tmp_path) as path, pytest.raises(StorageUnavailable) as refused:
        Store(path)
    assert refused.value.params["path"] == str(path)


def test_a_server_that_cannot_write_its_database_refuses_to_start(tmp_path):
    with unwritable_database(tmp_path) as path:
        env = {**os.environ, "SEMINAR_INSTANCE_PATH": str(tmp_path / "instance"),
               "SEMINAR_DATABASE": str(path), "SEMINAR_PORT": "0",
               "SEMINAR_ASYNC_MODE": "threading"}
        done = subprocess.run([sys.executable, "-m", "seminar", "run"], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"Databasen {path} kan ikke skrives" in done.stderr
    assert "Traceback" not in done.stderr
    assert "/facilitator" not in done.stdout  # no links printed for a server that cannot work


@pytest.fixture
def answered(tmp_path):
    store = Store(tmp_path / "seminar.db")
    seminar, _ = create_seminar(store, "short.md", SHORT_KIT, NOW)
    people = kari_ola_and_per(store, seminar)
    yield store, seminar, people
    store.close()


def _points(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {row[0] for row in db.execute("SELECT id FROM points")}


def test_a_checkpoint_makes_the_database_file_complete_without_its_log(answered, tmp_path):
    store, seminar, people = answered
    for n in range(20):
        edit(store, seminar, people["kari"], "add", point=f"point-{n:04d}", question="q1",
             text=f"Punkt {n}")
    store.checkpoint()
    alone = tmp_path / "copy.db"
    shutil.copy(tmp_path / "seminar.db", alone)  # the main file only, as a plain `cp` would
    assert _points(alone) == {f"point-{n:04d}" for n in range(20)}


def test_closing_leaves_one_file(answered, tmp_path):
    store, seminar, people = answered
    edit(store, seminar, people["kari"], "add", point="point-0001", question="q1", text="Én")
    store.close()
    wal = tmp_path / "seminar.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    assert _points(tmp_path / "seminar.db") == {"point-0001"}


def test_the_server_checkpoints_by_itself(app, tmp_path):
    app.config["CHECKPOINT_INTERVAL"] = 0.05
    store = app.extensions["seminar.store"]
    seminar, _ = create_seminar(store, "short.md", SHORT_KIT, NOW)
    people = kari_ola_and_per(store, seminar)
    edit(store, seminar, people["kari"], "add", point="point-0001", question="q1", text="Én")
    start_checkpoints(app)
    alone = tmp_path / "copy.db"
    for _ in range(100):
        shutil.copy(tmp_path / "seminar.db", alone)
        with contextlib.suppress(sqlite3.Error, AssertionError):
            if _points(alone) == {"point-0001"}:
                break
        threading.Event().wait(0.05)
    assert _points(alone) == {"point-0001"}


def test_a_backup_while_a_scribe_writes_holds_every_point_acknowledged_before_it(answered,
                                                                                 tmp_path):
    store, seminar, people = answered
    acknowledged: list[str] = []
    stop = threading.Event()

    def scribe() -> None:
        n = 0
        while not stop.is_set() and n < 100:  # 50 points a question, two questions
            point = f"point-{n:05d}"
            edit(store, seminar, people["kari"], "add", point=point,
                 question=("q1", "q2")[n % 2], text=f"Punkt {n}")
            acknowledged.append(point)
            n += 1

    writer = threading.Thread(target=scribe)
    writer.start()
    while len(acknowledged) < 20:
        threading.Event().wait(0.01)
    before = set(acknowledged)
    other = Store(tmp_path / "seminar.db")  # the backup runs in another process's connection
    other.backup(tmp_path / "backup.db")
    other.close()
    stop.set()
    writer.join()
    assert before <= _points(tmp_path / "backup.db") <= set(acknowledged)


def test_seminar_backup_writes_a_copy_and_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.setenv("SEMINAR_INSTANCE_PATH", str(tmp_path / "instance"))
    store = Store(tmp_path / "instance" / "seminar.db")
    create_seminar(store, "short.md", SHORT_KIT, NOW)
    store.close()
    target = tmp_path / "backup.db"
    done = CliRunner().invoke(cli, ["backup", str(target)])
    assert done.exit_code == 0, done.output
    assert f"Databasen er kopiert til {target}." in done.output
    with contextlib.closing(sqlite3.connect(target)) as db:
        assert db.execute("SELECT count(*) FROM seminars").fetchone() == (1,)
    again = CliRunner().invoke(cli, ["backup", str(target)])
    assert again.exit_code == 1 and "finnes allerede" in again.output


def test_seminar_backup_while_a_scribe_writes_holds_every_point_acknowledged_before_it(
        answered, tmp_path):
    """The command, in a process of its own, against a database another process writes."""
    store, seminar, people = answered
    acknowledged: list[str] = []
    stop = threading.Event()

    def scribe() -> None:
        for n in range(100):  # 50 points a question, two questions, over about three seconds
            if stop.is_set():
                return
            point = f"point-{n:05d}"
            edit(store, seminar, people["kari"], "add", point=point,
                 question=("q1", "q2")[n % 2], text=f"Punkt {n}")
            acknowledged.append(point)
            threading.Event().wait(0.03)

    writer = threading.Thread(target=scribe)
    writer.start()
    while len(acknowledged) < 5:
        threading.Event().wait(0.01)
    before = set(acknowledged)
    env = {**os.environ, "SEMINAR_INSTANCE_PATH": str(tmp_path / "instance"),
           "SEMINAR_DATABASE": str(tmp_path / "seminar.db")}
    done = subprocess.run([sys.executable, "-m", "seminar", "backup", str(tmp_path / "b.db")],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    during = set(acknowledged)
    stop.set()
    writer.join()
    assert done.returncode == 0, done.stderr
    assert len(during) > len(before)  # the scribe went on writing while the command ran
    assert before <= _points(tmp_path / "b.db") <= during
