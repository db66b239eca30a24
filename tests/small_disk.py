"""A small real filesystem for a database, that a test can fill and free again.

A tmpfs mounted in the test's folder: SQLite then meets the real ``ENOSPC`` ("database or disk
is full"), as on a venue laptop whose disk ran full. (A disk cannot be made read-only while a
server has its files open for writing: Linux refuses the remount as busy.) Mounting needs a
machine that allows it (root, or a container with the capability); elsewhere the tests that
need it are skipped, saying why.
"""

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

SIZE = "16m"


class SmallDisk:
    def __init__(self, mount: Path) -> None:
        self.mount = mount
        self._filler = mount / "filler"

    @property
    def database(self) -> Path:
        return self.mount / "seminar.db"

    def fill(self) -> None:
        """Take every free byte (a file that grows until the disk refuses it)."""
        with open(self._filler, "ab", buffering=0) as filler:
            for size in (1 << 20, 65536, 4096, 1):
                with contextlib.suppress(OSError):
                    while filler.write(b"\0" * size):
                        pass

    def free(self) -> None:
        self._filler.unlink(missing_ok=True)


@contextlib.contextmanager
def small_disk(folder: Path) -> Iterator[SmallDisk]:
    """Mount a tmpfs of ``SIZE`` at ``folder``/disk for the block, or skip the test."""
    mount = folder / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a small disk: {done.stderr.strip()}")
    disk = SmallDisk(mount)
    try:
        yield disk
    finally:
        disk.free()
        # Everything on it is closed by now; a busy disk is left mounted rather than hung.
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)
