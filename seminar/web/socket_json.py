"""The JSON module Socket.IO packets are read and written with (``SocketIO(json=...)``).

Reading is the standard module's, except for one thing: a payload nested too deeply for the
decoder (about a thousand levels; no event of the protocol nests more than three) raises
``RecursionError`` inside python-socketio, which logs a traceback and answers nothing. Here such
an event is read as its name with a payload that no event's model accepts, so the sender gets
the usual ``invalid_input`` acknowledgement (``seminar.web.protocol``).

Writing is msgspec's: the same JSON, with text as UTF-8 rather than escaped, several
times faster than the standard module, which mattered because every announcement is written
once per phone it goes to when its content is the phone's own (``group:mine``).
"""

import json
import re
from typing import Any

import msgspec
from socketio.packet import Packet

_encoder = msgspec.json.Encoder()
TOO_DEEP = "(nested too deeply to be read)"  # a string: refused where every payload is an object
_EVENT = re.compile(r'\s*\[\s*("(?:[^"\\]|\\.){0,200}")\s*,')


def dumps(data: Any, **options: Any) -> str:
    """The JSON of ``data`` (python-socketio asks for compact separators: msgspec's are)."""
    return _encoder.encode(data).decode()


def loads(text: str | bytes, **options: Any) -> Any:
    """``json.loads``; an event whose payload is too deep comes back as ``[name, TOO_DEEP]``."""
    try:
        return json.loads(text, **options)
    except RecursionError:
        match = _EVENT.match(text.decode("utf-8", "replace") if isinstance(text, bytes)
                             else text)
        if match is None:
            raise ValueError("the JSON is nested too deeply") from None
        return [json.loads(match[1]), TOO_DEEP]


class TextPacket(Packet):
    """Socket.IO packets that never carry binary attachments (``SocketIO(serializer=...)``):
    the protocol's payloads are JSON only, and the library looked for bytes in every payload
    it sent, walking each list and dict of it (10 % of the server's CPU while 1,000 phones
    joined at once, benchmarks/bursts.py: the acknowledgements hold the groups' views)."""

    uses_binary_events = False
