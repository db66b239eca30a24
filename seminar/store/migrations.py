"""The schema, applied step by step with sqlite-utils ``Migrations``."""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("seminar")


@migrations()
def m001_seminars_and_timers(db: Database) -> None:
    db.table("seminars").create(
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
    db.table("seminars").create_index(["code"], unique=True)
    db.table("block_timers").create(
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


@migrations()
def m002_participants_groups_roles(db: Database) -> None:
    db.table("seminars").add_column("allow_participant_groups", int, not_null_default=0)
    db.table("seminars").add_column("max_group_size", int)
    db.table("groups").create(
        {"id": int, "seminar_id": int, "name": str, "name_key": str, "max_size": int,
         "created_at": float, "created_by": str},
        pk="id", not_null={"seminar_id", "name", "name_key", "created_at"},
        foreign_keys=[("seminar_id", "seminars", "id")],
    )
    db.table("groups").create_index(["seminar_id", "name_key"], unique=True)
    db.table("participants").create(
        {"id": str, "seminar_id": int, "name": str, "group_id": int, "created_at": float},
        pk="id", not_null={"seminar_id", "created_at"}, defaults={"name": ""},
        foreign_keys=[("seminar_id", "seminars", "id"), ("group_id", "groups", "id")],
    )
    db.table("participants").create_index(["seminar_id", "group_id"])
    db.table("role_assignments").create(
        {"id": int, "group_id": int, "round": int, "role_id": str, "participant_id": str,
         "assigned_at": float, "source": str},
        pk="id", not_null={"group_id", "round", "role_id", "participant_id", "assigned_at"},
        foreign_keys=[("group_id", "groups", "id"), ("participant_id", "participants", "id")],
    )
    db.table("role_assignments").create_index(["group_id", "round", "role_id"], unique=True)


@migrations()
def m003_answers(db: Database) -> None:
    db.table("seminars").add_column("all_members_write", int, not_null_default=0)
    db.table("groups").add_column("answer_seq", int, not_null_default=0)
    db.table("points").create(
        {"id": str, "seminar_id": int, "group_id": int, "question_id": str, "text": str,
         "position": int, "revision": int, "author": str, "suggested": int,
         "created_at": float, "updated_at": float, "deleted": int, "hidden": int,
         "highlighted": int},
        pk="id",
        not_null={"seminar_id", "group_id", "question_id", "text", "position", "revision",
                  "created_at", "updated_at"},
        defaults={"suggested": 0, "deleted": 0, "hidden": 0, "highlighted": 0},
        foreign_keys=[("seminar_id", "seminars", "id"), ("group_id", "groups", "id")],
    )
    db.table("points").create_index(["group_id", "question_id", "position"])
    db.table("applied_edits").create(
        {"seminar_id": int, "edit_id": str, "participant_id": str, "result": str,
         "applied_at": float},
        pk=("seminar_id", "edit_id"), not_null={"result", "applied_at"},
        foreign_keys=[("seminar_id", "seminars", "id")],
    )
    db.table("question_status").create(
        {"group_id": int, "question_id": str, "done": int, "updated_at": float},
        pk=("group_id", "question_id"), foreign_keys=[("group_id", "groups", "id")],
    )


@migrations()
def m004_groups_version(db: Database) -> None:
    db.table("seminars").add_column("groups_version", int, not_null_default=0)


@migrations()
def m005_plenary(db: Database) -> None:
    db.table("seminars").add_column("display", str)
    db.table("seminars").add_column("display_version", int, not_null_default=0)
    db.table("seminars").add_column("anonymous_wall", int, not_null_default=0)
    db.table("question_settings").create(
        {"seminar_id": int, "question_id": str, "revealed": int, "priorities_open": int},
        pk=("seminar_id", "question_id"), defaults={"revealed": 0, "priorities_open": 0},
        foreign_keys=[("seminar_id", "seminars", "id")],
    )
    db.table("priorities").create(
        {"group_id": int, "question_id": str, "point_ids": str, "submitted_at": float,
         "submitted_by": str},
        pk=("group_id", "question_id"), not_null={"point_ids", "submitted_at"},
        foreign_keys=[("group_id", "groups", "id")],
    )


@migrations()
def m006_themes(db: Database) -> None:
    db.table("themes").create(
        {"id": int, "seminar_id": int, "question_id": str, "title": str, "created_at": float},
        pk="id", not_null={"seminar_id", "question_id", "title", "created_at"},
        foreign_keys=[("seminar_id", "seminars", "id")],
    )
    db.table("theme_points").create(
        {"point_id": str, "theme_id": int}, pk="point_id", not_null={"theme_id"},
        foreign_keys=[("theme_id", "themes", "id"), ("point_id", "points", "id")],
    )
    db.table("theme_points").create_index(["theme_id"])
    db.table("rejected_pairs").create(
        {"seminar_id": int, "point_a": str, "point_b": str},
        pk=("seminar_id", "point_a", "point_b"),
        foreign_keys=[("seminar_id", "seminars", "id")],
    )


@migrations()
def m007_seminar_language(db: Database) -> None:
    """The language of the seminar's screens (nb, nn or en); NULL: the kit's language."""
    db.table("seminars").add_column("language", str)


@migrations()
def m008_logins(db: Database) -> None:
    """Who is logged in: one row per login (organiser: no seminar; facilitator: its seminar),
    found by the hash of the random token the browser's cookie carries. Logging out deletes
    the row, so a replayed cookie is refused."""
    db.table("logins").create(
        {"token_hash": str, "seminar_id": int, "created_at": float},
        pk="token_hash", not_null={"created_at"},
        foreign_keys=[("seminar_id", "seminars", "id")],
    )
    db.table("logins").create_index(["seminar_id"])


@migrations()
def m009_protected_groups(db: Database) -> None:
    """Groups protected from their own guests: locked membership (with the group each phone
    was placed in, and requests to join), role requests that wait for the holder's answer, and
    every point's earlier versions (so that the facilitator can restore any of them)."""
    db.table("seminars").add_column("groups_locked", int, not_null_default=0)
    db.table("participants").add_column("placed_group_id", int)
    db.table("group_requests").create(
        {"participant_id": str, "group_id": int, "requested_at": float},
        pk="participant_id", not_null={"group_id", "requested_at"},
        foreign_keys=[("participant_id", "participants", "id"), ("group_id", "groups", "id")],
    )
    db.table("role_requests").create(
        {"group_id": int, "role_id": str, "requester_id": str, "holder_id": str,
         "requested_at": float},
        pk=("group_id", "role_id", "requester_id"), not_null={"holder_id", "requested_at"},
        foreign_keys=[("group_id", "groups", "id"), ("requester_id", "participants", "id")],
    )
    db.table("point_versions").create(
        {"id": int, "seminar_id": int, "point_id": str, "text": str, "revision": int,
         "author": str, "suggested": int, "deleted": int, "updated_at": float,
         "replaced_at": float},
        pk="id",
        not_null={"seminar_id", "point_id", "text", "revision", "updated_at", "replaced_at"},
        defaults={"suggested": 0, "deleted": 0},
        foreign_keys=[("seminar_id", "seminars", "id"), ("point_id", "points", "id")],
    )
    db.table("point_versions").create_index(["point_id"])


@migrations()
def m010_restoring(db: Database) -> None:
    """When an archive's restore began, while it is written in several transactions; NULL for
    every seminar that is whole (only those are ever found or listed)."""
    db.table("seminars").add_column("restoring_since", float)


@migrations()
def m011_kit_editing(db: Database) -> None:
    """The seminar's kit is edited in the browser: ``kit_version`` counts its edits (a stale
    edit from a second tab is refused); ``removed_questions`` keeps what a question removed
    from the kit was, so that its answers stay in the report, marked as removed."""
    db.table("seminars").add_column("kit_version", int, not_null_default=0)
    db.table("removed_questions").create(
        {"seminar_id": int, "question_id": str, "block_title": str, "title": str, "text": str,
         "prioritise_low": int, "prioritise_high": int, "removed_at": float},
        pk=("seminar_id", "question_id"),
        not_null={"block_title", "title", "text", "removed_at"},
        foreign_keys=[("seminar_id", "seminars", "id")],
    )


@migrations()
def m012_panel_questions(db: Database) -> None:
    """Questions to the panel: each question (its author's participant id, state, pin), one
    upvote per person and question, and per seminar whether questions wait for approval and
    the version every panel view carries (a screen ignores an older view than it has)."""
    db.table("seminars").add_column("panel_approval", int, not_null_default=0)
    db.table("seminars").add_column("panel_version", int, not_null_default=0)
    db.table("panel_questions").create(
        {"id": int, "seminar_id": int, "author_id": str, "text": str, "name": str,
         "state": str, "pinned": int, "asked_at": float},
        pk="id", not_null={"seminar_id", "author_id", "text", "name", "state", "asked_at"},
        defaults={"pinned": 0},
        foreign_keys=[("seminar_id", "seminars", "id"), ("author_id", "participants", "id")],
    )
    db.table("panel_questions").create_index(["seminar_id"])
    db.table("panel_votes").create(
        {"question_id": int, "participant_id": str, "seminar_id": int, "voted_at": float},
        pk=("question_id", "participant_id"), not_null={"seminar_id", "voted_at"},
        foreign_keys=[("question_id", "panel_questions", "id"),
                      ("participant_id", "participants", "id"),
                      ("seminar_id", "seminars", "id")],
    )
    db.table("panel_votes").create_index(["seminar_id"])


@migrations()
def m013_polls(db: Database) -> None:
    """Polls, word clouds and the evaluation (issue 16): each item's state (opened, closed, the
    version its results are at, whether it opens with its block), one answer per person per
    item (replaced on change, with the group the person was in then; ``hidden``: an open
    answer taken off the big screen), and the words banned from a word cloud."""
    db.table("poll_items").create(
        {"seminar_id": int, "item_id": str, "opened_at": float, "closed_at": float,
         "version": int, "with_block": int},
        pk=("seminar_id", "item_id"), not_null={"version", "with_block"},
        defaults={"version": 0, "with_block": 0},
        foreign_keys=[("seminar_id", "seminars", "id")],
    )
    db.table("poll_answers").create(
        {"id": int, "seminar_id": int, "item_id": str, "participant_id": str, "group_id": int,
         "value": str, "hidden": int, "updated_at": float},
        pk="id", not_null={"seminar_id", "item_id", "participant_id", "value", "updated_at"},
        defaults={"hidden": 0},
        foreign_keys=[("seminar_id", "seminars", "id"), ("participant_id", "participants", "id")],
    )
    db.table("poll_answers").create_index(["seminar_id", "item_id", "participant_id"],
                                          unique=True)
    db.table("poll_answers").create_index(["participant_id"])
    db.table("poll_bans").create(
        {"seminar_id": int, "item_id": str, "word": str},
        pk=("seminar_id", "item_id", "word"),
        foreign_keys=[("seminar_id", "seminars", "id")],
    )


@migrations()
def m014_votes(db: Database) -> None:
    """The vote across groups (issue 16): per prioritised question its items as they were
    frozen when the vote first opened (JSON), when it opened and closed and the version its
    results are at; and each person's votes, one row per item voted for."""
    db.table("votes").create(
        {"seminar_id": int, "question_id": str, "items": str, "opened_at": float,
         "closed_at": float, "version": int},
        pk=("seminar_id", "question_id"), not_null={"items", "opened_at", "version"},
        defaults={"version": 0},
        foreign_keys=[("seminar_id", "seminars", "id")],
    )
    db.table("vote_ballots").create(
        {"seminar_id": int, "question_id": str, "participant_id": str, "item_key": str,
         "cast_at": float},
        pk=("seminar_id", "question_id", "participant_id", "item_key"), not_null={"cast_at"},
        foreign_keys=[("seminar_id", "seminars", "id"), ("participant_id", "participants", "id")],
    )
    db.table("vote_ballots").create_index(["participant_id"])


@migrations()
def m015_groups_layout(db: Database) -> None:
    """``groups_layout`` counts the changes of a seminar's groups as ``GroupRecord`` holds them
    (made, renamed, resized, deleted), moved on by triggers so that no way of writing them can
    miss it: the groups' own rows are read again only when it moved (``groups_version`` moves
    with every change of who is in which group too, many times a second while a hall joins;
    the answers' counter in the same rows is not part of it)."""
    db.table("seminars").add_column("groups_layout", int, not_null_default=0)
    for name, when, seminars in (("insert", "INSERT", "NEW.seminar_id"),
                                 ("update", "UPDATE OF seminar_id, name, max_size, created_at, "
                                  "created_by", "OLD.seminar_id, NEW.seminar_id"),
                                 ("delete", "DELETE", "OLD.seminar_id")):
        db.execute(f"CREATE TRIGGER groups_layout_{name} AFTER {when} ON [groups] BEGIN "
                   f"UPDATE seminars SET groups_layout = groups_layout + 1 "
                   f"WHERE id IN ({seminars}); END")
