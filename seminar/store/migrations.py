"""The schema, applied step by step with sqlite-utils ``Migrations``."""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("seminar")


@migrations()
def m001_seminars_and_timers(db: Database) -> None:
    db["seminars"].create(
        {
            "id": int,
            "code": str,
            "title": str,
            "kit_name": str,
            "kit_source": str,
            "facilitator_key_hash": str,
            "is_default": int,
            "created_at": float,
            "current_block": int,
            "version": int,
        },
        pk="id",
        not_null={"code", "title", "kit_source", "facilitator_key_hash", "created_at"},
        defaults={"is_default": 0, "current_block": 0, "version": 0},
    )
    db["seminars"].create_index(["code"], unique=True)
    db["block_timers"].create(
        {
            "seminar_id": int,
            "block_index": int,
            "duration": int,
            "started_at": float,
            "paused_at": float,
            "paused_seconds": float,
            "extra_seconds": int,
        },
        pk=("seminar_id", "block_index"),
        foreign_keys=[("seminar_id", "seminars", "id")],
        not_null={"duration"},
        defaults={"paused_seconds": 0.0, "extra_seconds": 0},
    )
