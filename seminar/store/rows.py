"""Small helpers shared by the store's parts."""

from collections.abc import Iterator
from typing import Any, TypeVar

from sqlite_utils import Database
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


def rows_where(db: Database, table: str, where: str, args: list[Any], *,
               order_by: str | None = None, limit: int | None = None) -> Iterator[Row]:
    """The rows of ``table`` that ``where`` picks, as sqlite-utils' ``rows_where`` gives them,
    without its look into the schema first (whether the table exists: ours always do), which
    cost one more query per read on the paths every phone takes."""
    sql = f"SELECT * FROM [{table}] WHERE {where}"
    if order_by is not None:
        sql += f" ORDER BY {order_by}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    cursor = db.execute(sql, args)
    columns = [column[0] for column in cursor.description]
    for row in cursor:
        yield dict(zip(columns, row, strict=True))


# The writes on the paths every phone takes (its arrival, a scribe's edit), as plain statements:
# sqlite-utils' ``insert`` and ``update`` first look into the schema (the table's columns and
# keys: three more queries per write). Column names come from the store's code, never from
# input; values are always bound.

def insert_row(db: Database, table: str, values: Row) -> None:
    """Insert one row of ``values`` into ``table``."""
    columns = ", ".join(f"[{column}]" for column in values)
    marks = ", ".join("?" * len(values))
    db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(values.values()))


def update_row(db: Database, table: str, key: Any, values: Row, *, key_column: str = "id"
               ) -> None:
    """Set ``values`` in the row of ``table`` whose ``key_column`` is ``key``."""
    if not values:
        raise ValueError(f"nothing to change in {table}")
    assignments = ", ".join(f"[{column}] = ?" for column in values)
    db.execute(f"UPDATE [{table}] SET {assignments} WHERE [{key_column}] = ?",
               [*values.values(), key])
