"""Small helpers shared by the store's parts."""

from typing import Any, TypeVar

from sqlite_utils.db import Table

Row = dict[str, Any]
"""A row as sqlite-utils gives it: column name → value."""

T = TypeVar("T")


def new_id(table: Table) -> int:
    """The integer primary key of the row just inserted into ``table``."""
    if table.last_pk is None:
        raise RuntimeError(f"no row was just inserted into {table.name}")
    return int(table.last_pk)


def read_back(record: T | None, table: str) -> T:
    """The record of a row just written, which must be there inside the same transaction."""
    if record is None:
        raise RuntimeError(f"the row just written to {table} cannot be read back")
    return record
