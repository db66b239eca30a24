"""The hall's part of the JSON archive (issue 16): questions to the panel, poll items' states,
answers and banned words, read for an archive and written back on restore.

Kept apart from ``seminar.services.archive`` (which calls it) so that each part of the archive
reads on its own. Participants and groups are named by the archive's keys; only the poll items
the kit still has are archived (the parser refuses others), as the projector's display is.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from seminar.domain.archive import (
    ArchivedPanelQuestion,
    ArchivedPanelVote,
    ArchivedPollAnswer,
    ArchivedPollBan,
    ArchivedPollItem,
    ArchivedSeminar,
)
from seminar.domain.kit import Kit
from seminar.store import Store
from seminar.store.rows import Row

_ROWS_AT_ONCE = 200  # rows written in one transaction, as the rest of the restore does
Insert = tuple[int, Callable[[Store, int, list[Any]], None], list[Any]]


@dataclass(frozen=True)
class HallRows:
    """The hall's rows of one seminar, as the store gives them."""

    panel_approval: bool
    panel_questions: list[Row]
    poll_items: list[Row]
    poll_answers: list[Row]
    poll_bans: list[Row]


def fetch_hall(store: Store, seminar_id: int) -> HallRows:
    """Read the hall's rows (inside the caller's read transaction)."""
    return HallRows(panel_approval=store.panel.settings(seminar_id)[0],
                    panel_questions=store.archive.panel_question_rows(seminar_id),
                    poll_items=store.archive.poll_item_rows(seminar_id),
                    poll_answers=store.archive.poll_answer_rows(seminar_id),
                    poll_bans=store.archive.poll_ban_rows(seminar_id))


def build_hall(rows: HallRows, kit: Kit, person_key: dict[str, str],
               group_key: dict[int, str], include_names: bool) -> dict[str, Any]:
    """The archive's fields for the hall (pure computation): a question's name only when
    names are asked for, as the participants' names."""
    items = {item.id for item in kit.items()}
    return {
        "panel_approval": rows.panel_approval,
        "panel_questions": tuple(
            ArchivedPanelQuestion(
                person_key[row["author_id"]], row["text"],
                row["name"] if include_names else "", row["state"], bool(row["pinned"]),
                row["asked_at"],
                tuple(ArchivedPanelVote(person_key[vote["participant_id"]], vote["voted_at"])
                      for vote in row["votes"] if vote["participant_id"] in person_key))
            for row in rows.panel_questions if row["author_id"] in person_key),
        "poll_items": tuple(
            ArchivedPollItem(row["item_id"], row["opened_at"], row["closed_at"], row["version"],
                             bool(row["with_block"]))
            for row in rows.poll_items if row["item_id"] in items),
        "poll_answers": tuple(
            ArchivedPollAnswer(row["item_id"], person_key[row["participant_id"]],
                               group_key.get(row["group_id"]), _tuple(row["value"]),
                               bool(row["hidden"]), row["updated_at"])
            for row in rows.poll_answers
            if row["item_id"] in items and row["participant_id"] in person_key),
        "poll_bans": tuple(ArchivedPollBan(row["item_id"], row["word"])
                           for row in rows.poll_bans if row["item_id"] in items),
    }


def _tuple(value: object) -> Any:
    """A stored list as the archive's tuple (its models are immutable)."""
    return tuple(value) if isinstance(value, list) else value


def hall_inserts(archived: ArchivedSeminar, person_id: dict[str, str],
                 group_id: dict[str, int]) -> list[Insert]:
    """The restore's writes for the hall, after the participants and groups exist (each
    ``(rows at once, insert, rows)``, as ``seminar.services.archive._steps`` runs them)."""
    return [
        (1, lambda store, sid, part: store.panel.set_approval(sid, part[0]),
         [archived.panel_approval]),
        (1, lambda store, sid, part: store.archive.insert_panel_questions(sid, [
            {"author_id": person_id[q.author], "text": q.text, "name": q.name,
             "state": q.state, "pinned": q.pinned, "asked_at": q.asked_at,
             "votes": [{"participant_id": person_id[v.participant], "voted_at": v.voted_at}
                       for v in q.votes]} for q in part[0]]),
         _by_rows(archived.panel_questions)),
        (_ROWS_AT_ONCE, lambda store, sid, part: store.archive.insert_poll_items(sid, [
            {"item_id": i.item, "opened_at": i.opened_at, "closed_at": i.closed_at,
             "version": i.version, "with_block": i.with_block} for i in part]),
         list(archived.poll_items)),
        (_ROWS_AT_ONCE, lambda store, sid, part: store.archive.insert_poll_answers(sid, [
            {"item_id": a.item, "participant_id": person_id[a.participant],
             "group_id": None if a.group is None else group_id[a.group],
             "value": list(a.value) if isinstance(a.value, tuple) else a.value,
             "hidden": a.hidden, "updated_at": a.updated_at} for a in part]),
         list(archived.poll_answers)),
        (_ROWS_AT_ONCE, lambda store, sid, part: store.archive.insert_poll_bans(sid, [
            {"item_id": b.item, "word": b.word} for b in part]), list(archived.poll_bans)),
    ]


def _by_rows(questions: tuple[ArchivedPanelQuestion, ...]) -> list[list[ArchivedPanelQuestion]]:
    """The questions in parts of about ``_ROWS_AT_ONCE`` rows, a question and its upvotes
    counted as rows (a much upvoted question is many rows), each part one transaction."""
    parts: list[list[ArchivedPanelQuestion]] = []
    rows = _ROWS_AT_ONCE
    for question in questions:
        if rows + 1 + len(question.votes) > _ROWS_AT_ONCE and (not parts or parts[-1]):
            parts.append([])
            rows = 0
        parts[-1].append(question)
        rows += 1 + len(question.votes)
    return parts
