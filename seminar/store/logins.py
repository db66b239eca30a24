"""Logins (the organiser's and facilitators' sessions): the store's SQL for them."""

from sqlite_utils import Database


class LoginsStore:
    """The ``logins`` table: a row per browser logged in, keyed by its token's hash. A row
    without a seminar is the organiser's."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, token_hash: str, seminar_id: int | None, created_at: float) -> None:
        self.db.table("logins").insert(
            {"token_hash": token_hash, "seminar_id": seminar_id, "created_at": created_at})

    def exists(self, token_hash: str, seminar_id: int | None, created_after: float) -> bool:
        """One lookup by primary key: is this login (of this seminar, or the organiser's)
        still there, and younger than ``created_after``?"""
        row = self.db.execute(
            "SELECT 1 FROM logins WHERE token_hash = ? AND seminar_id IS ? AND created_at >= ?",
            [token_hash, seminar_id, created_after]).fetchone()
        return row is not None

    def delete(self, token_hash: str) -> None:
        self.db.execute("DELETE FROM logins WHERE token_hash = ?", [token_hash])

    def delete_seminar_logins(self, seminar_id: int, *, keep: str | None = None) -> int:
        """Log every facilitator of the seminar out (but the login ``keep``); return how many
        logins went."""
        cursor = self.db.execute(
            "DELETE FROM logins WHERE seminar_id = ? AND token_hash IS NOT ?",
            [seminar_id, keep])
        return cursor.rowcount

    def delete_older_than(self, created_before: float) -> None:
        """Forget logins whose cookies have expired."""
        self.db.execute("DELETE FROM logins WHERE created_at < ?", [created_before])
