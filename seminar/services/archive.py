"""Archive a whole seminar as JSON, and restore such an archive as a new seminar.

The format is ``seminar.domain.archive``. Export names groups, participants and points by keys
made from their order (``g1``, ``p1``, ``pt1``); import makes new database ids, new participant
and point ids and a new facilitator key, and keeps the join code if it is free on this server.
A kit in the archive that does not parse here is refused as ``ArchiveInvalid`` (with the path
``seminar.kit_source``), like every other problem with the file.
"""

import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from msgspec.structs import replace

from seminar.concurrency import off_loop, pause
from seminar.domain.answers import clean_client_id
from seminar.domain.archive import (
    Archive,
    ArchivedDisplay,
    ArchivedGroup,
    ArchivedParticipant,
    ArchivedPoint,
    ArchivedPriorities,
    ArchivedQuestionSetting,
    ArchivedRemovedQuestion,
    ArchivedRole,
    ArchivedSeminar,
    ArchivedSettings,
    ArchivedStatus,
    ArchivedTheme,
    ArchivedTimer,
    ArchivedVersion,
    archive_to_json,
    decode_archive,
    encode_archive,
)
from seminar.domain.archive_parser import check_against_kit, parse_archive
from seminar.domain.errors import ArchiveInvalid, KitErrors, NotFound
from seminar.domain.kit import Kit, Question, RemovedQuestion
from seminar.domain.limits import MAX_ARCHIVE_VERSIONS
from seminar.domain.plenary import Display, DisplayMode, fit_to_kit
from seminar.domain.timer import Timer
from seminar.services.archive_hall import HallRows, build_hall, fetch_hall, hall_inserts
from seminar.services.archive_votes import archived_votes, restore_vote, vote_rows
from seminar.services.groups import new_participant_id
from seminar.services.kits import load_kit
from seminar.services.seminars import (
    Seminar,
    find_seminar,
    hash_key,
    new_facilitator_key,
    unused_code,
)
from seminar.store import GroupRecord, ParticipantRecord, SeminarRecord, Store
from seminar.store.rows import Row
from seminar.store.votes import Ballot, VoteRecord


def archive_filename(code: str, now: float) -> str:
    """The archive's file name, e.g. "dialogseminar-K7M4QX-2026-05-12-arkiv.json"."""
    return f"dialogseminar-{code}-{datetime.fromtimestamp(now):%Y-%m-%d}-arkiv.json"


def export_archive(store: Store, code: str, now: float, *, include_names: bool) -> dict:
    """Seminar ``code`` as archive JSON; participants' names only if asked (else "")."""
    seminar = find_seminar(store, code)
    rows = _fetch(store, seminar)
    return archive_to_json(Archive(now, _build(seminar, rows, include_names)))


def export_archive_file(store: Store, code: str, now: float, *, include_names: bool) -> bytes:
    """Seminar ``code`` as an archive file (``encode_archive``). Only the reading holds the
    store; making the file from the rows, the longer part, runs off the event loop."""
    seminar = find_seminar(store, code)
    rows = _fetch(store, seminar)
    return off_loop(_encoded, seminar, rows, now, include_names)


def import_archive(store: Store, data: object, now: float) -> tuple[Seminar, str]:
    """Restore archive JSON as a new seminar; return it and its new facilitator key (shown
    only now). The seminar keeps the times in the archive; ``now`` is when its restore began
    (it is hidden until the restore is done, see ``_restore``)."""
    return _restore(store, *_checked(data), now)


def import_archive_file(store: Store, raw: bytes, now: float) -> tuple[Seminar, str]:
    """Restore an archive file (``decode_archive``) as ``import_archive`` does. Reading and
    checking the file, the longer part, runs off the event loop; the store only writes."""
    return _restore(store, *off_loop(_decoded_and_checked, raw), now)


def _decoded_and_checked(raw: bytes) -> tuple[ArchivedSeminar, Kit]:
    return _checked(decode_archive(raw))


def _checked(data: object) -> tuple[ArchivedSeminar, Kit]:
    """The archive in ``data`` and its kit, checked against each other (pure computation)."""
    archive = parse_archive(data)
    archived = archive.seminar
    try:
        kit = load_kit(archived.kit_source, archived.kit_name or "<archive>")
    except KitErrors:
        raise ArchiveInvalid(problem="seminar.kit_source") from None
    check_against_kit(archive, kit)
    return archived, kit


def _restore(store: Store, archived: ArchivedSeminar, kit: Kit,
             now: float) -> tuple[Seminar, str]:
    """Write the seminar in short transactions, so that no client waits long for the store:
    it is hidden (``restoring_since``) until the last one makes it whole. If the server stops
    meanwhile, nothing of it is ever shown, and ``remove_unfinished_restores`` takes it away."""
    key = new_facilitator_key()
    seminar_id, code = None, ""
    try:
        for step in _steps(replace(archived, title=kit.title), hash_key(key), now):
            with store.write():
                seminar_id, code = step(store, seminar_id, code)
            pause()
    except BaseException:
        if seminar_id is not None:
            with store.write():
                store.seminars.delete(seminar_id)
        raise
    return find_seminar(store, code), key


def remove_unfinished_restores(store: Store, now: float) -> None:
    """Delete what restores that never finished left (the server stopped during one). A
    restore still running in another server process (sharing the database) is left alone for
    ten minutes; meanwhile a leftover stays hidden, as it always is."""
    with store.write():
        for seminar_id in store.seminars.unfinished_restores(now - _RESTORE_GRACE):
            store.seminars.delete(seminar_id)


# -- export --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Rows:
    """Every row of one seminar, as the store gives them (read in one read transaction)."""

    record: SeminarRecord
    timers: tuple[Timer, ...]
    groups: list[GroupRecord]
    people: list[ParticipantRecord]
    points: list[Row]
    display: dict[str, Any] | None
    roles: list[Row]
    status: list[Row]
    question_settings: dict[str, dict[str, bool]]
    priorities: list[Row]
    themes: list[Row]
    rejected_pairs: set[frozenset[str]]
    versions: list[Row]
    removed_questions: list[RemovedQuestion]
    hall: HallRows  # questions to the panel and polls (issue 16)
    votes: list[tuple[VoteRecord, list[Ballot]]] = field(default_factory=list)


def _fetch(store: Store, seminar: Seminar) -> _Rows:
    """Read every row of the seminar: everything but the points in one read transaction, then
    the points a group at a time (each its own read, so no client waits long for the store).
    A change made to a running seminar meanwhile is in the archive group by group; what
    refers to a point read before it existed is left out, as ``_Points`` leaves out what
    cannot be restored."""
    seminar_id = seminar.record.id
    with store.read():
        record = store.seminars.by_id(seminar_id)
        if record is None:  # deleted since it was found
            raise NotFound()
        rows = _Rows(
            record=record, timers=store.seminars.timers(seminar_id),
            groups=store.groups.all(seminar_id), people=store.groups.participants(seminar_id),
            points=[], display=store.plenary.display(seminar_id)[0],
            roles=store.archive.role_rows(seminar_id),
            status=store.archive.status_rows(seminar_id),
            question_settings=store.plenary.question_settings(seminar_id),
            priorities=store.archive.priority_rows(seminar_id),
            themes=store.archive.theme_rows(seminar_id),
            rejected_pairs=store.summary.rejected_pairs(seminar_id),
            versions=store.archive.version_rows(seminar_id),
            removed_questions=store.seminars.removed_questions(seminar_id),
            hall=fetch_hall(store, seminar_id),
            votes=vote_rows(store, seminar_id))
    for group in sorted(rows.groups, key=lambda group: group.id):  # the order of point_rows
        pause()
        with store.read():
            rows.points.extend(store.archive.group_point_rows(group.id))
    return rows


def _encoded(seminar: Seminar, rows: _Rows, now: float, include_names: bool) -> bytes:
    return encode_archive(archive_to_json(Archive(now, _build(seminar, rows, include_names))))


def _build(seminar: Seminar, rows: _Rows, include_names: bool) -> ArchivedSeminar:
    """Name the seminar's groups, people and points by keys in the order the store gave them
    (pure computation)."""
    record, groups, people = rows.record, rows.groups, rows.people
    group_key = {group.id: f"g{n}" for n, group in enumerate(groups, start=1)}
    person_key = {person.id: f"p{n}" for n, person in enumerate(people, start=1)}
    point_rows = [row for row in rows.points if row["group_id"] in group_key]
    points = _Points({row["id"]: (f"pt{n}", row["group_id"], row["question_id"])
                      for n, row in enumerate(point_rows, start=1)})
    kit = load_kit(record.kit_source, record.kit_name)  # as read with the rows (cached)
    # What the projector shows: not a question removed from the kit since it was chosen.
    display = None if rows.display is None else fit_to_kit(Display.from_json(rows.display), kit)
    in_kit = {question.id for question in kit.questions()}
    return ArchivedSeminar(
        code=record.code, title=record.title, kit_name=record.kit_name,
        kit_source=record.kit_source, created_at=record.created_at,
        settings=ArchivedSettings(record.allow_participant_groups, record.max_group_size,
                                  record.all_members_write, record.anonymous_wall,
                                  seminar.language, record.groups_locked),
        current_block=record.current_block,
        timers=tuple(ArchivedTimer(t.duration, t.started_at, t.paused_at, t.paused_seconds,
                                   t.extra_seconds) for t in rows.timers),
        display=None if display is None else ArchivedDisplay(
            display.mode, display.question, display.step, _mapped(group_key, display.group)),
        groups=tuple(ArchivedGroup(group_key[g.id], g.name, g.max_size, g.created_at,
                                   g.created_by) for g in groups),
        participants=tuple(ArchivedParticipant(
            person_key[p.id], (p.name or "") if include_names else "",
            _mapped(group_key, p.group_id), p.created_at,
            _mapped(group_key, p.placed_group_id)) for p in people),
        roles=tuple(ArchivedRole(group_key[row["group_id"]], row["round"], row["role_id"],
                                 person_key[row["participant_id"]], row["assigned_at"],
                                 row["source"])
                    for row in rows.roles
                    if row["group_id"] in group_key and row["participant_id"] in person_key),
        points=tuple(ArchivedPoint(
            points.key(row["id"]), group_key[row["group_id"]], row["question_id"], row["text"],
            row["position"], row["revision"], person_key.get(row["author"], ""),
            bool(row["suggested"]), bool(row["deleted"]), bool(row["hidden"]),
            bool(row["highlighted"]), row["created_at"], row["updated_at"])
            for row in point_rows),
        question_status=tuple(
            ArchivedStatus(group_key[row["group_id"]], row["question_id"], bool(row["done"]),
                           row["updated_at"])
            for row in rows.status if row["group_id"] in group_key),
        question_settings=tuple(
            ArchivedQuestionSetting(question, values["revealed"], values["priorities_open"])
            for question, values in sorted(rows.question_settings.items())),
        priorities=tuple(
            ArchivedPriorities(group_key[row["group_id"]], row["question_id"],
                               points.keys(row["point_ids"], row["group_id"],
                                           row["question_id"], keep_order=True),
                               row["submitted_at"], person_key.get(row["submitted_by"], ""))
            for row in rows.priorities if row["group_id"] in group_key),
        themes=tuple(
            ArchivedTheme(row["question_id"], row["title"], row["created_at"],
                          points.keys(row["point_ids"], None, row["question_id"]))
            for row in rows.themes),
        rejected_pairs=points.pairs(rows.rejected_pairs),
        point_versions=tuple(ArchivedVersion(
            points.key(row["point_id"]), row["text"], row["revision"],
            person_key.get(row["author"], ""), bool(row["suggested"]), bool(row["deleted"]),
            row["updated_at"], row["replaced_at"])
            for row in _newest(rows.versions, MAX_ARCHIVE_VERSIONS)
            if row["point_id"] in points.found),
        kit_version=record.kit_version,
        removed_questions=tuple(
            ArchivedRemovedQuestion(gone.question.id, gone.question.title, gone.question.text,
                                    gone.question.prioritise, gone.block_title, gone.removed_at)
            for gone in rows.removed_questions if gone.question.id not in in_kit),
        **build_hall(rows.hall, kit, person_key, group_key, include_names),
        votes=archived_votes(kit, rows.votes, rows.themes, person_key,
                             lambda ref: points.key(ref) if ref in points.found else None),
    )


class _Points:
    """The seminar's points by id: their keys, in order, with their group and question."""

    def __init__(self, found: dict[str, tuple[str, int, str]]) -> None:
        self.found = found
        self.order = {point_id: n for n, point_id in enumerate(found)}

    def key(self, point_id: str) -> str:
        return self.found[point_id][0]

    def keys(self, point_ids: list[str], group: int | None, question: str, *,
             keep_order: bool = False) -> tuple[str, ...]:
        """The keys of those points that are of ``question`` (and of ``group`` if given), in
        the given order or else in the points' order. Others cannot be restored and would not
        count anyway: the summary only counts a group's own points of the question."""
        kept = [p for p in point_ids if p in self.found and self.found[p][2] == question
                and group in (None, self.found[p][1])]
        return tuple(self.key(p) for p in (kept if keep_order else
                                           sorted(kept, key=self.order.__getitem__)))

    def pairs(self, pairs: set[frozenset[str]]) -> tuple[tuple[str, str], ...]:
        """Rejected pairs of points that still exist, each and all in the points' order."""
        ordered = sorted(sorted(self.order[p] for p in pair) for pair in pairs
                         if all(p in self.order for p in pair))
        ids = list(self.found)
        return tuple((self.key(ids[pair[0]]), self.key(ids[pair[-1]])) for pair in ordered)


# -- import --------------------------------------------------------------------------------------

_RESTORE_GRACE = 10 * 60  # seconds: a restore takes a few seconds at most (MAX_ARCHIVE_BYTES)
# Rows written in one transaction: some 10 ms of SQLite's time here (a group is several rows).
_ROWS_AT_ONCE = 200
_GROUPS_AT_ONCE = 20
_Step = Callable[[Store, "int | None", str], tuple[int, str]]


def _steps(archived: ArchivedSeminar, key_hash: str, now: float) -> Iterator[_Step]:
    """The transactions that restore ``archived`` with new ids, in order (each a function of
    the store, the seminar's id and its code so far; it returns them)."""
    group_id: dict[str, int] = {}
    person_id = {p.key: new_participant_id() for p in archived.participants}
    point_id = {p.key: _new_point_id() for p in archived.points}

    def begin(store: Store, _: int | None, __: str) -> tuple[int, str]:
        code = unused_code(store) if store.seminars.code_exists(archived.code) else archived.code
        return _insert_seminar(store, archived, code, key_hash, now), code

    def insert_removed_questions(store: Store, seminar_id: int,
                                 part: list[ArchivedRemovedQuestion]) -> None:
        for gone in part:
            store.seminars.add_removed_question(seminar_id, RemovedQuestion(
                Question(gone.id, gone.title, gone.text, gone.prioritise), gone.block_title,
                gone.removed_at))

    yield begin
    rows: list[tuple[int, Callable[[Store, int, list[Any]], None], list[Any]]] = [
        (_ROWS_AT_ONCE, insert_removed_questions, list(archived.removed_questions)),
        (_GROUPS_AT_ONCE, lambda store, seminar_id, part: group_id.update({
            g.key: store.groups.insert(seminar_id, g.name, g.max_size, g.created_at,
                                       g.created_by).id for g in part}),
         list(archived.groups)),
        (_ROWS_AT_ONCE, lambda store, seminar_id, part: store.archive.insert_participants(
            seminar_id, [{"id": person_id[p.key], "name": p.name,
                          "group_id": _mapped(group_id, p.group),
                          "placed_group_id": _mapped(group_id, p.placed),
                          "created_at": p.created_at}
                         for p in part]), list(archived.participants)),
        (_ROWS_AT_ONCE, lambda store, _, part: store.archive.insert_role_rows([
            {"group_id": group_id[r.group], "round": r.round, "role_id": r.role,
             "participant_id": person_id[r.participant], "assigned_at": r.assigned_at,
             "source": r.source} for r in part]), list(archived.roles)),
        (_ROWS_AT_ONCE, lambda store, sid, part: store.archive.insert_point_rows(sid, [
            {"id": point_id[p.key], "group_id": group_id[p.group], "question_id": p.question,
             "text": p.text, "position": p.position, "revision": p.revision,
             "author": person_id.get(p.author, ""), "suggested": p.suggested,
             "deleted": p.deleted, "hidden": p.hidden, "highlighted": p.highlighted,
             "created_at": p.created_at, "updated_at": p.updated_at} for p in part]),
         list(archived.points)),
        (_ROWS_AT_ONCE, lambda store, sid, part: store.archive.insert_version_rows(sid, [
            {"point_id": point_id[v.point], "text": v.text, "revision": v.revision,
             "author": person_id.get(v.author, ""), "suggested": v.suggested,
             "deleted": v.deleted, "updated_at": v.updated_at, "replaced_at": v.replaced_at}
            for v in part]), list(archived.point_versions)),
        (_ROWS_AT_ONCE, lambda store, _, part: store.archive.insert_status_rows([
            {"group_id": group_id[s.group], "question_id": s.question, "done": s.done,
             "updated_at": s.updated_at} for s in part]), list(archived.question_status)),
        (_ROWS_AT_ONCE, lambda store, _, part: store.archive.insert_priority_rows([
            {"group_id": group_id[picks.group], "question_id": picks.question,
             "point_ids": [point_id[key] for key in picks.points],
             "submitted_at": picks.submitted_at,
             "submitted_by": _mapped(person_id, picks.submitted_by)} for picks in part]),
         list(archived.priorities)),
        (_ROWS_AT_ONCE, lambda store, seminar_id, part: store.archive.insert_rejected_pairs(
            seminar_id, [(point_id[first], point_id[second]) for first, second in part]),
         list(archived.rejected_pairs)),
        (_ROWS_AT_ONCE, lambda store, sid, part: store.archive.insert_theme_rows(sid, [
            {"question_id": theme.question, "title": theme.title, "created_at": theme.created_at,
             "point_ids": [point_id[key] for key in theme.points]} for theme in part]),
         list(archived.themes)),
        *hall_inserts(archived, person_id, group_id),
    ]
    for at_once, insert, items in rows:
        for start in range(0, len(items), at_once):
            yield _part(insert, items[start:start + at_once])
    for vote in archived.votes:  # after the themes: an item may name one
        yield _part(lambda store, sid, part: restore_vote(store, sid, part[0], person_id,
                                                           point_id), [vote])

    def finish(store: Store, seminar_id: int | None, code: str) -> tuple[int, str]:
        assert seminar_id is not None
        for setting in archived.question_settings:
            store.plenary.set_question_setting(seminar_id, setting.question,
                                               revealed=setting.revealed,
                                               priorities_open=setting.priorities_open)
        if archived.display is not None:
            shown = archived.display
            display = Display(DisplayMode(shown.mode), shown.question, shown.step,
                              _mapped(group_id, shown.group))
            store.plenary.save_display(seminar_id, display.as_json())
        store.seminars.finish_restoring(seminar_id)
        return seminar_id, code

    yield finish


def _part(insert: Callable[[Store, int, list[Any]], None], part: list[Any]) -> _Step:
    def step(store: Store, seminar_id: int | None, code: str) -> tuple[int, str]:
        assert seminar_id is not None
        insert(store, seminar_id, part)
        return seminar_id, code

    return step


def _insert_seminar(store: Store, archived: ArchivedSeminar, code: str, key_hash: str,
                    now: float) -> int:
    """The seminar's own row, its programme and its settings, hidden until restored."""
    timers = tuple(Timer(t.duration, t.started_at, t.paused_at, t.paused_seconds,
                         t.extra_seconds) for t in archived.timers)
    seminar_id = store.seminars.insert(
        code=code, title=archived.title, kit_name=archived.kit_name,
        kit_source=archived.kit_source, facilitator_key_hash=key_hash, is_default=False,
        created_at=archived.created_at, durations=[t.duration for t in timers],
        restoring_since=now).id
    store.seminars.save_programme(seminar_id, archived.current_block, timers,
                                  set(range(len(timers))))
    settings = archived.settings
    store.seminars.update_group_settings(seminar_id,
                                         allow_participant_groups=settings.allow_participant_groups,
                                         max_group_size=settings.max_group_size)
    store.seminars.set_all_members_write(seminar_id, settings.all_members_write)
    store.plenary.set_anonymous_wall(seminar_id, settings.anonymous_wall)
    if settings.language is not None:
        store.seminars.set_language(seminar_id, settings.language)
    store.seminars.set_groups_locked(seminar_id, settings.groups_locked)
    store.archive.set_kit_version(seminar_id, archived.kit_version)
    return seminar_id


def _newest(versions: list[Row], most: int) -> list[Row]:
    """The newest ``most`` of ``versions`` (oldest first), in their order."""
    return versions[-most:] if len(versions) > most else versions


_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


def _mapped(keys: dict[_Key, _Value], value: _Key | None) -> _Value | None:
    """What ``keys`` maps ``value`` to; None for None (no group, nobody)."""
    return None if value is None else keys.get(value)


def _new_point_id() -> str:
    """A new point id of the kind the phones make (``clean_client_id`` accepts it)."""
    return clean_client_id(secrets.token_urlsafe(12))
