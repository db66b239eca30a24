"""Typed input: turn untrusted JSON-like data into msgspec models, or say which field is wrong.

Every payload a socket event accepts, and the seminar archive, is a ``msgspec.Struct`` with
``forbid_unknown_fields``: exact keys, types, string lengths and integer ranges are declared on
the model and checked by msgspec. A refusal becomes an ``InvalidInput`` whose message names the
field (``name``, ``edit.text``, ``points[2]``) in the sender's language, and whose ``path`` is
the same field as a string for callers that report it their own way (the archive import).

A field can say in its own words what a broken constraint means, where the generic message
would be vague: ``Meta(max_length=40, extra={"max_length": N_("Your name can be at most
%(max)s characters.")})``. The keys are the constraint names (``max_length``, ``min_length``,
``ge``, ``le``, ``pattern``, ``type``); the templates get ``field``, ``max`` and ``min``.
"""

import re
from typing import Any, TypeVar

import msgspec
import msgspec.inspect as inspect

from seminar.domain.errors import InvalidInput
from seminar.domain.messages import N_

T = TypeVar("T")

_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_FIELD = re.compile(r"field `(?P<field>[^`]+)`")
# msgspec's messages, without the location: what went wrong, and the template that says so.
_PROBLEMS: list[tuple[str, re.Pattern[str], str]] = [
    ("missing", re.compile(r"^Object missing required field `"),
     N_("The field «%(field)s» is missing.")),
    ("unknown", re.compile(r"^Object contains unknown field `"),
     N_("The field «%(field)s» is not expected here.")),
    ("max_length", re.compile(r"^Expected `str` of length <= (?P<max>\d+)$"),
     N_("The field «%(field)s» can be at most %(max)s characters.")),
    ("min_length", re.compile(r"^Expected `str` of length >= (?P<min>\d+)$"),
     N_("The field «%(field)s» must have at least %(min)s characters.")),
    ("max_length", re.compile(r"^Expected `(?:array|object)` of length <= (?P<max>\d+)$"),
     N_("The field «%(field)s» can list at most %(max)s items.")),
    ("min_length", re.compile(r"^Expected `(?:array|object)` of length >= (?P<min>\d+)$"),
     N_("The field «%(field)s» must list at least %(min)s items.")),
    ("ge", re.compile(r"^Expected `(?:int|float)` >= (?P<min>-?[\d.]+)$"),
     N_("The field «%(field)s» must be at least %(min)s.")),
    ("le", re.compile(r"^Expected `(?:int|float)` <= (?P<max>-?[\d.]+)$"),
     N_("The field «%(field)s» can be at most %(max)s.")),
    ("pattern", re.compile(r"^Expected `str` matching regex "),
     N_("The field «%(field)s» has a value that is not allowed.")),
    ("type", re.compile(r"^Expected `str`, got `[^`]+`$"),
     N_("The field «%(field)s» must be text.")),
    ("type", re.compile(r"^Expected `int`, got `[^`]+`$"),
     N_("The field «%(field)s» must be a whole number.")),
    ("type", re.compile(r"^Expected `bool`, got `[^`]+`$"),
     N_("The field «%(field)s» must be true or false.")),
    ("type", re.compile(r"^Expected `array`, got `[^`]+`$"),
     N_("The field «%(field)s» must be a list.")),
    ("type", re.compile(r"^Expected `object`, got `[^`]+`$"),
     N_("The field «%(field)s» must be an object.")),
    ("type", re.compile(r"^Expected `[^`]+`, got `[^`]+`$"),
     N_("The field «%(field)s» has the wrong type.")),
]
_GENERIC = N_("The field «%(field)s» has a value that is not allowed.")


def convert(data: Any, model: type[T]) -> T:
    """``data`` as a ``model``, or ``InvalidInput`` naming the offending field."""
    try:
        return msgspec.convert(data, model, strict=True)
    except msgspec.ValidationError as error:
        raise refused(error, model) from None


def refused(error: msgspec.ValidationError, model: type | None = None) -> InvalidInput:
    """The ``InvalidInput`` that says what ``error`` found, naming the field."""
    message = str(error)
    located = _AT.search(message)
    path = located["path"] if located else ""
    problem = message[:located.start()] if located else message
    named = _FIELD.search(problem)
    if named and problem.startswith("Object "):
        path = f"{path}.{named['field']}"
    field = path.lstrip(".")[:80]  # a key of any length may come in; the message stays short
    if not field:  # the whole payload is not an object
        invalid = InvalidInput()
    else:
        own, bounds = _declared(model, field) if model is not None else ({}, {})
        invalid = _described(problem, field, own, bounds)
    invalid.path = field
    return invalid


def _described(problem: str, field: str, own: dict[str, str], bounds: dict[str, object]
               ) -> InvalidInput:
    for constraint, pattern, template in _PROBLEMS:
        match = pattern.match(problem)
        if match:
            params = {**bounds, **match.groupdict()}
            if "max" in params:  # some messages name the upper bound "limit"
                params["limit"] = params["max"]
            return InvalidInput(own.get(constraint, template), field=field, **params)
    return InvalidInput(_GENERIC, field=field)


_STEP = re.compile(r"\.(?P<name>[^.\[]+)|\[(?P<index>[^\]]*)\]")
_SEQUENCES = (inspect.ListType, inspect.SetType, inspect.FrozenSetType, inspect.VarTupleType)


def _declared(model: type, path: str) -> tuple[dict[str, str], dict[str, object]]:
    """The messages the field at ``path`` of ``model`` declares for itself (its ``extra``),
    and its bounds (``min``, ``max``) for those messages."""
    found: list[tuple[inspect.Type, dict[str, str]]] = _alternatives(inspect.type_info(model))
    for step in _STEP.finditer(f".{path}"):
        inner: list[inspect.Type] = []
        for kind, _ in found:
            if step["name"] is not None and isinstance(kind, inspect.StructType):
                inner += [field.type for field in kind.fields
                          if field.encode_name == step["name"]]
            elif step["name"] is None and isinstance(kind, _SEQUENCES):
                inner.append(kind.item_type)
            elif isinstance(kind, inspect.DictType):
                inner.append(kind.value_type)
        found = [alternative for kind in inner for alternative in _alternatives(kind)]
    messages: dict[str, str] = {}
    bounds: dict[str, object] = {}
    for kind, extra in found:
        messages.update(extra)
        for name, bound in (("ge", "min"), ("le", "max"), ("min_length", "min"),
                            ("max_length", "max")):
            if getattr(kind, name, None) is not None:
                bounds[bound] = getattr(kind, name)
    return messages, bounds


def _alternatives(kind: inspect.Type, extra: dict[str, str] | None = None
                  ) -> list[tuple[inspect.Type, dict[str, str]]]:
    """The types ``kind`` may be (a union's members, without their metadata), each with the
    ``extra`` declared on it."""
    if isinstance(kind, inspect.Metadata):
        return _alternatives(kind.type, {**(extra or {}), **(kind.extra or {})})
    if isinstance(kind, inspect.UnionType):
        return [alternative for member in kind.types
                for alternative in _alternatives(member, extra)]
    return [(kind, extra or {})]
