"""Strict readers for the fields of a seminar archive, which ``archive_parser`` is made of.

A reader takes a JSON value and its path in the file (``seminar.groups[2].name``) and returns
the value, or raises ``ArchiveInvalid`` naming that path. Nothing is converted except whole
numbers given for times (``1800000000`` is read as ``1800000000.0``).
"""

import re
from collections.abc import Callable
from typing import NoReturn

from seminar.domain.errors import ArchiveInvalid, InvalidInput

MAX_ITEMS = 100_000  # in each list
MAX_TIME = 1e11  # seconds since 1970: the year 5138
_KEY = re.compile(r"[A-Za-z0-9_-]{1,32}")

Reader = Callable[[object, str], object]


def fail(path: str) -> NoReturn:
    raise ArchiveInvalid(problem=path or "the top level")


def json_object(value: object, path: str, keys: tuple[str, ...],
                later: tuple[str, ...] = ()) -> dict:
    """A JSON object with exactly ``keys``: none missing (except the ``later`` ones, added to
    the format after its first files were written), none unknown."""
    if not isinstance(value, dict):
        fail(path)
    prefix = f"{path}." if path else ""
    missing = [key for key in keys if key not in value and key not in later]
    unknown = [key for key in value if key not in keys]
    if missing or unknown:
        fail(prefix + str((missing or unknown)[0])[:40])
    return value


def record(cls: type, spec: dict[str, Reader], later: tuple[str, ...] = ()) -> Reader:
    """An object with the keys of ``spec``, each read by its reader, made into a ``cls``; a
    missing ``later`` key is read as ``null``."""
    def read(value: object, path: str) -> object:
        found = json_object(value, path, tuple(spec), later)
        return cls(**{name: reader(found.get(name), f"{path}.{name}")
                      for name, reader in spec.items()})
    return read


def list_of(reader: Reader, limit: int = MAX_ITEMS) -> Reader:
    """A list of at most ``limit`` items, read into a tuple."""
    def read(value: object, path: str) -> tuple:
        if not isinstance(value, list) or len(value) > limit:
            fail(path)
        return tuple(reader(item, f"{path}[{index}]") for index, item in enumerate(value))
    return read


def optional(reader: Reader) -> Reader:
    """``null``, or what ``reader`` reads."""
    return lambda value, path: None if value is None else reader(value, path)


def text(low: int, high: int) -> Reader:
    """A string of ``low`` to ``high`` characters."""
    def read(value: object, path: str) -> str:
        if not isinstance(value, str) or not low <= len(value) <= high:
            fail(path)
        return value
    return read


def whole(low: int, high: int) -> Reader:
    """A whole number (not a boolean) from ``low`` to ``high``."""
    def read(value: object, path: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            fail(path)
        return value
    return read


def timestamp(value: object, path: str) -> float:
    """Seconds since 1970 (or a number of seconds): finite, not negative."""
    if not isinstance(value, int | float) or isinstance(value, bool) \
            or not 0 <= value <= MAX_TIME:
        fail(path)  # NaN and infinity fail the comparison too
    return float(value)


def flag(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        fail(path)
    return value


def choice(*options: str) -> Reader:
    def read(value: object, path: str) -> str:
        if not isinstance(value, str) or value not in options:
            fail(path)
        return value
    return read


def key(value: object, path: str) -> str:
    """A key naming a group, participant or point inside the file: 1–32 letters, digits, - _."""
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        fail(path)
    return value


def key_or_blank(value: object, path: str) -> str:
    return "" if value == "" else key(value, path)


def cleaned(clean: Callable[[object], str]) -> Reader:
    """A name exactly as the app stores it: one that ``clean`` accepts and leaves unchanged."""
    def read(value: object, path: str) -> str:
        try:
            unchanged = isinstance(value, str) and clean(value) == value
        except InvalidInput:
            unchanged = False
        if not unchanged or not isinstance(value, str):
            fail(path)
        return value
    return read
