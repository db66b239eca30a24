"""Read a seminar archive (``seminar.domain.archive``) back, trusting nothing in it.

Every field's type and size is checked, every key must be unique and every reference must
resolve; the first problem is raised as ``ArchiveInvalid`` with its path (``problem``, such as
``seminar.groups[2].name``), so any JSON value gives either an ``Archive`` or that error.
``check_against_kit`` then checks the archive against the kit it carries.
"""

from collections import Counter

from seminar.domain import archive_fields as field
from seminar.domain.archive import (
    FORMAT,
    VERSION,
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
)
from seminar.domain.codes import normalise_join_code
from seminar.domain.groups import clean_display_name, clean_group_name
from seminar.domain.kit import Kit
from seminar.domain.kit_parser import LANGUAGES
from seminar.domain.limits import (
    MAX_GROUPS,
    MAX_KIT_CHARS,
    MAX_POINT_CHARS,
    MAX_POINTS_PER_QUESTION,
    MAX_THEME_TITLE,
)
from seminar.domain.plenary import DisplayMode

MAX_SECONDS = 10**7  # a block's duration, or what it was extended or shortened by
fail = field.fail


def parse_archive(data: object) -> Archive:
    """Return the archive in ``data`` (parsed JSON); raise ``ArchiveInvalid`` otherwise."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        fail("format")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version != VERSION:
        fail("version")
    top = field.json_object(data, "", ("format", "version", "exported_at", "seminar"))
    seminar = _SEMINAR(top["seminar"], "seminar")
    if not isinstance(seminar, ArchivedSeminar):
        fail("seminar")
    archive = Archive(field.timestamp(top["exported_at"], "exported_at"), seminar)
    _check_references(archive.seminar)
    return archive


def check_against_kit(archive: Archive, kit: Kit) -> None:
    """Refuse an archive whose timers, questions or roles are not those of its kit, or that
    goes beyond the app's limits."""
    seminar = archive.seminar
    if len(seminar.timers) != len(kit.blocks):
        fail("seminar.timers")
    questions = {question.id for question in kit.questions()}
    for name in ("points", "question_status", "question_settings", "priorities", "themes"):
        for index, item in enumerate(getattr(seminar, name)):
            if item.question not in questions:
                fail(f"seminar.{name}[{index}].question")
    roles = {role.id for role in kit.roles}
    for index, role in enumerate(seminar.roles):
        if role.role not in roles:
            fail(f"seminar.roles[{index}].role")
    display = seminar.display
    if display is not None and display.question is not None \
            and display.question not in questions:
        fail("seminar.display.question")
    _check_limits(seminar, kit)


def _check_limits(seminar: ArchivedSeminar, kit: Kit) -> None:
    """Refuse what the app itself never lets a seminar have: more groups than allowed, more
    live points on a question than all groups may write, picks outside the kit's bounds or on a
    question without priorities, a summary of such a question, a theme title too long. (The
    summary's cost grows with these, so a crafted file must not exceed them.)"""
    if len(seminar.groups) > MAX_GROUPS:
        fail("seminar.groups")
    live = Counter(point.question for point in seminar.points if not point.deleted)
    for question, count in live.items():
        if count > MAX_GROUPS * MAX_POINTS_PER_QUESTION:
            fail(f"seminar.points ({question})")
    bounds = {question.id: question.prioritise for question in kit.questions()}
    for index, picks in enumerate(seminar.priorities):
        question_bounds = bounds[picks.question]
        if question_bounds is None or len(picks.points) > question_bounds[1]:
            fail(f"seminar.priorities[{index}].points")
    for index, theme in enumerate(seminar.themes):
        if not theme.title.strip() or len(theme.title.strip()) > MAX_THEME_TITLE:
            fail(f"seminar.themes[{index}].title")
    display = seminar.display
    if display is not None and display.mode == DisplayMode.SUMMARY \
            and (display.question is None or bounds.get(display.question) is None):
        fail("seminar.display.mode")


# -- references ----------------------------------------------------------------------------------

def _check_references(seminar: ArchivedSeminar) -> None:
    """Keys are unique, and every group, participant and point named exists (and fits)."""
    groups = _unique([group.key for group in seminar.groups], "seminar.groups", ".key")
    _unique([group.name.casefold() for group in seminar.groups], "seminar.groups", ".name")
    people = _unique([person.key for person in seminar.participants], "seminar.participants",
                     ".key")
    _unique([point.key for point in seminar.points], "seminar.points", ".key")
    points = {point.key: point for point in seminar.points}
    if not seminar.current_block < len(seminar.timers):
        fail("seminar.current_block")
    if seminar.display is not None:
        _refer(seminar.display.group, groups, "seminar.display.group", may_be_none=True)
    for index, person in enumerate(seminar.participants):
        _refer(person.group, groups, f"seminar.participants[{index}].group", may_be_none=True)
    for index, role in enumerate(seminar.roles):
        _refer(role.group, groups, f"seminar.roles[{index}].group")
        _refer(role.participant, people, f"seminar.roles[{index}].participant")
    _unique([(r.group, r.round, r.role) for r in seminar.roles], "seminar.roles", "")
    for index, point in enumerate(seminar.points):
        _refer(point.group, groups, f"seminar.points[{index}].group")
        _refer(point.author or None, people, f"seminar.points[{index}].author",
               may_be_none=True)
    for index, status in enumerate(seminar.question_status):
        _refer(status.group, groups, f"seminar.question_status[{index}].group")
    _unique([(s.group, s.question) for s in seminar.question_status], "seminar.question_status",
            "")
    _unique([s.question for s in seminar.question_settings], "seminar.question_settings", "")
    for index, picks in enumerate(seminar.priorities):
        path = f"seminar.priorities[{index}]"
        _refer(picks.group, groups, f"{path}.group")
        _refer(picks.submitted_by or None, people, f"{path}.submitted_by", may_be_none=True)
        for number, point_key in enumerate(picks.points):  # the group's own, of this question
            _refer(point_key, points, f"{path}.points[{number}]")
            point = points[point_key]
            if (point.group, point.question) != (picks.group, picks.question):
                fail(f"{path}.points[{number}]")
        _unique(list(picks.points), f"{path}.points", "")
    _unique([(p.group, p.question) for p in seminar.priorities], "seminar.priorities", "")
    themed: set[str] = set()  # a point is in one theme at most
    for index, theme in enumerate(seminar.themes):
        for number, point_key in enumerate(theme.points):
            path = f"seminar.themes[{index}].points[{number}]"
            _refer(point_key, points, path)
            if points[point_key].question != theme.question or point_key in themed:
                fail(path)
            themed.add(point_key)
    for index, pair in enumerate(seminar.rejected_pairs):
        for number, point_key in enumerate(pair):
            _refer(point_key, points, f"seminar.rejected_pairs[{index}][{number}]")
    _unique([frozenset(pair) for pair in seminar.rejected_pairs], "seminar.rejected_pairs", "")


def _unique(values: list, path: str, suffix: str) -> set:
    """The values as a set; fail at the first one that repeats an earlier one."""
    seen = set()
    for index, value in enumerate(values):
        if value in seen:
            fail(f"{path}[{index}]{suffix}")
        seen.add(value)
    return seen


def _refer(reference: str | None, known: set | dict, path: str, *,
           may_be_none: bool = False) -> None:
    """``reference`` names something in ``known`` (or is None, where that is allowed)."""
    if reference is None and may_be_none:
        return
    if reference not in known:
        fail(path)


# -- the fields of this format -------------------------------------------------------------------

def _code(value: object, path: str) -> str:
    """A join code as the app makes them (it is kept on import if it is free)."""
    if not isinstance(value, str) or normalise_join_code(value) != value:
        fail(path)
    return value


def _pair(value: object, path: str) -> tuple[str, str]:
    if not isinstance(value, list) or len(value) != 2:
        fail(path)
    return field.key(value[0], f"{path}[0]"), field.key(value[1], f"{path}[1]")


_QUESTION = field.text(1, 100)
_SIZE = field.optional(field.whole(1, 100))
_TIME = field.timestamp
_KEY = field.key
_MANY = field.MAX_ITEMS

_SEMINAR = field.record(ArchivedSeminar, {
    "code": _code, "title": field.text(0, 1000), "kit_name": field.text(0, 255),
    "kit_source": field.text(1, MAX_KIT_CHARS), "created_at": _TIME,
    "settings": field.record(ArchivedSettings, {
        "allow_participant_groups": field.flag, "max_group_size": _SIZE,
        "all_members_write": field.flag, "anonymous_wall": field.flag,
        "language": field.optional(field.choice(*LANGUAGES))}, later=("language",)),
    "current_block": field.whole(0, _MANY),
    "timers": field.list_of(field.record(ArchivedTimer, {
        "duration": field.whole(0, MAX_SECONDS), "started_at": field.optional(_TIME),
        "paused_at": field.optional(_TIME), "paused_seconds": _TIME,
        "extra_seconds": field.whole(-MAX_SECONDS, MAX_SECONDS)})),
    "display": field.optional(field.record(ArchivedDisplay, {
        "mode": field.choice(*map(str, DisplayMode)), "question": field.optional(_QUESTION),
        "step": field.whole(0, _MANY), "group": field.optional(_KEY)})),
    "groups": field.list_of(field.record(ArchivedGroup, {
        "key": _KEY, "name": field.cleaned(clean_group_name), "max_size": _SIZE,
        "created_at": _TIME, "created_by": field.choice("facilitator", "participant")})),
    "participants": field.list_of(field.record(ArchivedParticipant, {
        "key": _KEY, "name": field.cleaned(clean_display_name),
        "group": field.optional(_KEY), "created_at": _TIME})),
    "roles": field.list_of(field.record(ArchivedRole, {
        "group": _KEY, "round": field.whole(0, _MANY), "role": field.text(1, 100),
        "participant": _KEY, "assigned_at": _TIME,
        "source": field.choice("app", "facilitator", "member", "left")})),
    "points": field.list_of(field.record(ArchivedPoint, {
        "key": _KEY, "group": _KEY, "question": _QUESTION,
        "text": field.text(1, MAX_POINT_CHARS), "position": field.whole(0, _MANY),
        "revision": field.whole(1, 10**9), "author": field.key_or_blank,
        "suggested": field.flag, "deleted": field.flag, "hidden": field.flag,
        "highlighted": field.flag, "created_at": _TIME, "updated_at": _TIME})),
    "question_status": field.list_of(field.record(ArchivedStatus, {
        "group": _KEY, "question": _QUESTION, "done": field.flag,
        "updated_at": field.optional(_TIME)})),
    "question_settings": field.list_of(field.record(ArchivedQuestionSetting, {
        "question": _QUESTION, "revealed": field.flag, "priorities_open": field.flag})),
    "priorities": field.list_of(field.record(ArchivedPriorities, {
        "group": _KEY, "question": _QUESTION, "points": field.list_of(_KEY, 100),
        "submitted_at": _TIME, "submitted_by": field.key_or_blank})),
    "themes": field.list_of(field.record(ArchivedTheme, {
        "question": _QUESTION, "title": field.text(1, 500), "created_at": _TIME,
        "points": field.list_of(_KEY)})),
    "rejected_pairs": field.list_of(_pair),
})
