"""docs/socket-events.md's tables of client events, generated from the protocol's registry.

    python -m seminar.web.protocol_docs          # rewrite the tables in docs/socket-events.md
    python -m seminar.web.protocol_docs --check  # exit 1 if the file differs from the registry

tests/test_protocol.py fails when the file and the registry drift apart.
"""

import re
import sys
from pathlib import Path

import msgspec.inspect as inspect

from seminar.config import Defaults
from seminar.domain.edits import KINDS
from seminar.web.audiences import MEMBER, WRITER, describe
from seminar.web.payloads import SeminarPayload
from seminar.web.protocol import Declared

DOCS = Path(__file__).resolve().parents[2] / "docs" / "socket-events.md"
BEGIN, END = "<!-- generated from the registry: begin -->", "<!-- generated: end -->"


def payload_keys(model: type) -> str:
    """``{code, group, display_name?}``: the payload's keys, optional ones marked ``?``."""
    info = inspect.type_info(model)
    assert isinstance(info, inspect.StructType)
    keys = [field.encode_name + ("" if field.required else "?") for field in info.fields]
    if info.tag_field is not None:
        keys.insert(0, f"{info.tag_field}: {info.tag}")
    return "{" + ", ".join(keys) + "}"


# The sections of the table, by the module that declares the events.
SECTIONS = {
    "seminar.web.sockets": "Any screen, and the programme",
    "seminar.web.group_sockets": "Participants, groups and roles",
    "seminar.web.answer_sockets": "Answers",
    "seminar.web.plenary_sockets": "The big screen and the plenary",
    "seminar.web.summary_sockets": "The summary",
    "seminar.web.poll_sockets": "Polls, word clouds and the evaluation",
    "seminar.web.kit_sockets": "The seminar's kit (the kit editor)",
    "seminar.web.panel_sockets": "Questions to the panel",
    "seminar.web.vote_sockets": "The vote across groups",
}


def who_may(declared: Declared) -> str:
    if not issubclass(declared.payload, SeminarPayload):
        return "anyone"
    text = describe(declared.who)
    narrowed = declared.payload.who
    note = " ".join((narrowed.__doc__ or "").split()).replace("``", "`").rstrip(".")
    return f"{text} ({note[0].lower()}{note[1:]})" if note else text


def limits_of(declared: Declared) -> str:
    """``10 per 10 seconds per socket (`LIMIT_JOINS_PER_SOCKET`)``, for each declared limit
    (its default: docs/limits.md says how to change it)."""
    return "; ".join(
        f"{getattr(Defaults, rule.setting)} {rule.per.value}"
        f"{' ' + rule.when if rule.when else ''} (`{rule.setting}`)"
        for rule in declared.limit)


def event_table(events: dict[str, Declared]) -> str:
    rows = ["| event | payload | who may | what it does | limit | then |",
            "| --- | --- | --- | --- | --- | --- |"]
    ordered = sorted(events.values(), key=lambda d: list(SECTIONS).index(d.handler.__module__))
    section = None
    for declared in ordered:
        if declared.handler.__module__ != section:
            section = declared.handler.__module__
            rows.append(f"| **{SECTIONS[section]}** | | | | | |")
        emits = ", ".join(f"`{name}`" for name in declared.emits) or "—"
        rows.append(f"| `{declared.name}` | `{payload_keys(declared.payload)}` | "
                    f"{who_may(declared)} | {declared.summary} | {limits_of(declared)} | "
                    f"{emits} |")
    return "\n".join(rows)


def edit_table() -> str:
    rows = ["| kind | edit | who may |", "| --- | --- | --- |"]
    for kind in KINDS:
        info = inspect.type_info(kind)
        assert isinstance(info, inspect.StructType)
        who = WRITER if kind.writer_only else MEMBER
        rows.append(f"| `{info.tag}` | `{payload_keys(kind)}` | {describe(who)} |")
    return "\n".join(rows)


def generated(events: dict[str, Declared]) -> str:
    return "\n\n".join([
        BEGIN,
        "Every event a client may send (its payload's keys, `?` for optional ones), who may "
        "send it, its rate limits (the defaults; a limited event answers `rate_limited`, see "
        "[limits.md](limits.md)), and what the server then announces:",
        event_table(events),
        "The kinds of `answer:edit`'s `edit` (the group is always the sender's own):",
        edit_table(),
        END,
    ])


def rewritten(text: str, events: dict[str, Declared]) -> str:
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise ValueError(f"{DOCS} has no generated section")
    return pattern.sub(lambda _: generated(events), text)


def main(argv: list[str]) -> int:
    from seminar.web.handlers import EVENTS

    text = DOCS.read_text(encoding="utf-8")
    fresh = rewritten(text, EVENTS)
    if "--check" in argv:
        return 0 if fresh == text else 1
    DOCS.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
