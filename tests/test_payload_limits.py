"""Every message the protocol accepts fits under the transport's limit, whatever its text: the
transport closes the connection on a larger one without an answer, so a text over its own limit
must still arrive to be answered (``invalid_input`` naming the limit)."""

import json
import re

import msgspec
import pytest
from msgspec import inspect

from seminar.domain.limits import MAX_GROUP_LIST_CHARS, MAX_PAYLOAD_BYTES
from seminar.web import handlers  # noqa: F401  (declares every event)
from seminar.web.payloads import PrepareGroups
from seminar.web.protocol import EVENTS

# A character takes at most 6 bytes in JSON as the browser writes it (JSON.stringify): a control
# character is written \u0001; everything else is itself in UTF-8 (at most 4 bytes).
_CHARACTER = 6
_NUMBER = 24  # -1.7976931348623157e+308
_ENVELOPE = 32  # 42<acknowledgement id>[ , ]: the packet around the event name and payload


def _largest(kind: inspect.Type) -> int:
    """The most bytes a JSON value of ``kind`` can take (``ValueError`` if it has no bound)."""
    if isinstance(kind, inspect.Metadata):
        return _largest(kind.type)
    if isinstance(kind, inspect.StrType):
        if kind.max_length is not None:
            return 2 + _CHARACTER * kind.max_length
        ascii_run = re.fullmatch(r"\^\[A-Za-z0-9_-\]\{\d+,(\d+)\}\\Z", kind.pattern or "")
        if ascii_run is None:  # a pattern such as ^[A-Za-z0-9_-]{8,64}\Z bounds it too
            raise ValueError("a string without a maximum length")
        return 2 + int(ascii_run[1])
    if isinstance(kind, (inspect.IntType, inspect.FloatType)):
        return _NUMBER
    if isinstance(kind, (inspect.BoolType, inspect.NoneType)):
        return 5
    if isinstance(kind, inspect.LiteralType):
        return max(len(json.dumps(value)) for value in kind.values)
    if isinstance(kind, inspect.EnumType):
        return max(len(json.dumps(member.value)) for member in kind.cls)
    if isinstance(kind, inspect.UnionType):
        return max(_largest(member) for member in kind.types)
    if isinstance(kind, (inspect.ListType, inspect.TupleType, inspect.VarTupleType)):
        if kind.max_length is None:
            raise ValueError("a list without a maximum length")
        return 2 + kind.max_length * (_largest(kind.item_type) + 1)
    if isinstance(kind, inspect.StructType):
        tag = 0 if kind.tag is None else len(json.dumps([kind.tag_field, kind.tag]))
        return 2 + tag + sum(len(field.encode_name) + 4 + _largest(field.type)
                       for field in kind.fields)
    raise ValueError(f"no bound known for {kind!r}")


@pytest.mark.parametrize("name", sorted(EVENTS))
def test_the_largest_payload_of_every_event_fits_the_transport(name):
    declared = EVENTS[name]
    largest = _largest(inspect.type_info(declared.payload)) + len(name) + _ENVELOPE
    assert largest <= MAX_PAYLOAD_BYTES, (name, largest)


def test_the_longest_group_list_is_the_largest_message():
    assert _largest(inspect.type_info(PrepareGroups)) > _CHARACTER * MAX_GROUP_LIST_CHARS
    assert (msgspec.json.encode(["groups:prepare", {"code": "X" * 64, "text": "\u0001" *
                                                    MAX_GROUP_LIST_CHARS}]).__len__()
            <= MAX_PAYLOAD_BYTES)
