"""Archive a whole seminar as JSON, and restore such an archive as a new seminar.

The format is ``seminar.domain.archive``. Export names groups, participants and points by keys
made from their order (``g1``, ``p1``, ``pt1``); import makes new database ids, new participant
and point ids and a new facilitator key, and keeps the join code if it is free on this server.
A kit in the archive that does not parse here is refused as ``ArchiveInvalid`` (with the path
``seminar.kit_source``), like every other problem with the file.
"""

import secrets
from datetime import datetime
from typing import TypeVar

from msgspec.structs import replace

from seminar.domain.answers import clean_client_id
from seminar.domain.archive import (
    Archive,
    ArchivedDisplay,
    ArchivedGroup,
    ArchivedParticipant,
    ArchivedPoint,
    ArchivedPriorities,
    ArchivedQuestionSetting,
    ArchivedRole,
    ArchivedSeminar,
    ArchivedSettings,
    ArchivedStatus,
    ArchivedTheme,
    ArchivedTimer,
    ArchivedVersion,
    archive_to_json,
)
from seminar.domain.archive_parser import check_against_kit, parse_archive
from seminar.domain.errors import ArchiveInvalid, KitErrors, NotFound
from seminar.domain.plenary import Display, DisplayMode
from seminar.domain.timer import Timer
from seminar.services.groups import new_participant_id
from seminar.services.kits import load_kit
from seminar.services.seminars import (
    Seminar,
    find_seminar,
    hash_key,
    new_facilitator_key,
    unused_code,
)
from seminar.store import Store


def archive_filename(code: str, now: float) -> str:
    """The archive's file name, e.g. "dialogseminar-K7M4QX-2026-05-12-arkiv.json"."""
    return f"dialogseminar-{code}-{datetime.fromtimestamp(now):%Y-%m-%d}-arkiv.json"


def export_archive(store: Store, code: str, now: float, *, include_names: bool) -> dict:
    """Seminar ``code`` as archive JSON; participants' names only if asked (else "")."""
    seminar = find_seminar(store, code)
    with store.read():
        archived = _read(store, seminar, include_names)
    return archive_to_json(Archive(now, archived))


def import_archive(store: Store, data: object, now: float) -> tuple[Seminar, str]:
    """Restore archive JSON as a new seminar; return it and its new facilitator key (shown
    only now). ``now`` is not stored: the seminar keeps the times in the archive."""
    archive = parse_archive(data)
    archived = archive.seminar
    try:
        kit = load_kit(archived.kit_source, archived.kit_name or "<archive>")
    except KitErrors:
        raise ArchiveInvalid(problem="seminar.kit_source") from None
    check_against_kit(archive, kit)
    key = new_facilitator_key()
    with store.write():
        code = unused_code(store) if store.seminars.code_exists(archived.code) else archived.code
        _write(store, replace(archived, title=kit.title), code, hash_key(key))
    return find_seminar(store, code), key


# -- export --------------------------------------------------------------------------------------

def _read(store: Store, seminar: Seminar, include_names: bool) -> ArchivedSeminar:
    """Read every row of the seminar (inside the caller's read) and name its groups, people
    and points by keys in the order the store gives them."""
    seminar_id = seminar.record.id
    record = store.seminars.by_id(seminar_id)
    if record is None:  # deleted since it was found
        raise NotFound()
    groups = store.groups.all(seminar_id)
    people = store.groups.participants(seminar_id)
    group_key = {group.id: f"g{n}" for n, group in enumerate(groups, start=1)}
    person_key = {person.id: f"p{n}" for n, person in enumerate(people, start=1)}
    rows = [row for row in store.archive.point_rows(seminar_id) if row["group_id"] in group_key]
    points = _Points({row["id"]: (f"pt{n}", row["group_id"], row["question_id"])
                      for n, row in enumerate(rows, start=1)})
    stored = store.plenary.display(seminar_id)[0]
    display = None if stored is None else Display.from_json(stored)
    return ArchivedSeminar(
        code=record.code, title=record.title, kit_name=record.kit_name,
        kit_source=record.kit_source, created_at=record.created_at,
        settings=ArchivedSettings(record.allow_participant_groups, record.max_group_size,
                                  record.all_members_write, record.anonymous_wall,
                                  seminar.language, record.groups_locked),
        current_block=record.current_block,
        timers=tuple(ArchivedTimer(t.duration, t.started_at, t.paused_at, t.paused_seconds,
                                   t.extra_seconds) for t in store.seminars.timers(seminar_id)),
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
                    for row in store.archive.role_rows(seminar_id)
                    if row["group_id"] in group_key and row["participant_id"] in person_key),
        points=tuple(ArchivedPoint(
            points.key(row["id"]), group_key[row["group_id"]], row["question_id"], row["text"],
            row["position"], row["revision"], person_key.get(row["author"], ""),
            bool(row["suggested"]), bool(row["deleted"]), bool(row["hidden"]),
            bool(row["highlighted"]), row["created_at"], row["updated_at"]) for row in rows),
        question_status=tuple(
            ArchivedStatus(group_key[row["group_id"]], row["question_id"], bool(row["done"]),
                           row["updated_at"])
            for row in store.archive.status_rows(seminar_id) if row["group_id"] in group_key),
        question_settings=tuple(
            ArchivedQuestionSetting(question, values["revealed"], values["priorities_open"])
            for question, values in sorted(store.plenary.question_settings(seminar_id).items())),
        priorities=tuple(
            ArchivedPriorities(group_key[row["group_id"]], row["question_id"],
                               points.keys(row["point_ids"], row["group_id"],
                                           row["question_id"], keep_order=True),
                               row["submitted_at"], person_key.get(row["submitted_by"], ""))
            for row in store.archive.priority_rows(seminar_id) if row["group_id"] in group_key),
        themes=tuple(
            ArchivedTheme(row["question_id"], row["title"], row["created_at"],
                          points.keys(row["point_ids"], None, row["question_id"]))
            for row in store.archive.theme_rows(seminar_id)),
        rejected_pairs=points.pairs(store.summary.rejected_pairs(seminar_id)),
        point_versions=tuple(ArchivedVersion(
            points.key(row["point_id"]), row["text"], row["revision"],
            person_key.get(row["author"], ""), bool(row["suggested"]), bool(row["deleted"]),
            row["updated_at"], row["replaced_at"])
            for row in store.archive.version_rows(seminar_id) if row["point_id"] in points.found),
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

def _write(store: Store, archived: ArchivedSeminar, code: str, key_hash: str) -> None:
    """Insert the archived seminar under ``code`` with new ids (inside the caller's write)."""
    timers = tuple(Timer(t.duration, t.started_at, t.paused_at, t.paused_seconds,
                         t.extra_seconds) for t in archived.timers)
    seminar_id = store.seminars.insert(
        code=code, title=archived.title, kit_name=archived.kit_name,
        kit_source=archived.kit_source, facilitator_key_hash=key_hash, is_default=False,
        created_at=archived.created_at, durations=[t.duration for t in timers]).id
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
    group_id = {g.key: store.groups.insert(seminar_id, g.name, g.max_size, g.created_at,
                                           g.created_by).id for g in archived.groups}
    person_id = {p.key: new_participant_id() for p in archived.participants}
    point_id = {p.key: _new_point_id() for p in archived.points}
    store.archive.insert_participants(seminar_id, [
        {"id": person_id[p.key], "name": p.name, "group_id": _mapped(group_id, p.group),
         "placed_group_id": _mapped(group_id, p.placed), "created_at": p.created_at}
        for p in archived.participants])
    store.archive.insert_role_rows([
        {"group_id": group_id[r.group], "round": r.round, "role_id": r.role,
         "participant_id": person_id[r.participant], "assigned_at": r.assigned_at,
         "source": r.source} for r in archived.roles])
    store.archive.insert_point_rows(seminar_id, [
        {"id": point_id[p.key], "group_id": group_id[p.group], "question_id": p.question,
         "text": p.text, "position": p.position, "revision": p.revision,
         "author": person_id.get(p.author, ""), "suggested": p.suggested,
         "deleted": p.deleted, "hidden": p.hidden, "highlighted": p.highlighted,
         "created_at": p.created_at, "updated_at": p.updated_at} for p in archived.points])
    store.archive.insert_version_rows(seminar_id, [
        {"point_id": point_id[v.point], "text": v.text, "revision": v.revision,
         "author": person_id.get(v.author, ""), "suggested": v.suggested, "deleted": v.deleted,
         "updated_at": v.updated_at, "replaced_at": v.replaced_at}
        for v in archived.point_versions])
    store.archive.insert_status_rows([
        {"group_id": group_id[s.group], "question_id": s.question, "done": s.done,
         "updated_at": s.updated_at} for s in archived.question_status])
    for setting in archived.question_settings:
        store.plenary.set_question_setting(seminar_id, setting.question, revealed=setting.revealed,
                                           priorities_open=setting.priorities_open)
    for picks in archived.priorities:
        store.plenary.save_priorities(group_id[picks.group], picks.question,
                                      [point_id[key] for key in picks.points], picks.submitted_at,
                                      _mapped(person_id, picks.submitted_by))
    for theme in archived.themes:
        theme_id = store.summary.insert_theme(seminar_id, theme.question, theme.title,
                                              theme.created_at)
        store.summary.put_in_theme(theme_id, [point_id[key] for key in theme.points])
    for first, second in archived.rejected_pairs:
        store.summary.reject_pair(seminar_id, point_id[first], point_id[second])
    if archived.display is not None:
        shown = archived.display
        display = Display(DisplayMode(shown.mode), shown.question, shown.step,
                          _mapped(group_id, shown.group))
        store.plenary.save_display(seminar_id, display.as_json())


_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


def _mapped(keys: dict[_Key, _Value], value: _Key | None) -> _Value | None:
    """What ``keys`` maps ``value`` to; None for None (no group, nobody)."""
    return None if value is None else keys.get(value)


def _new_point_id() -> str:
    """A new point id of the kind the phones make (``clean_client_id`` accepts it)."""
    return clean_client_id(secrets.token_urlsafe(12))
