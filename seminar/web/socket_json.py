"""The JSON module Socket.IO packets are read and written with (``SocketIO(json=...)``).

It is the standard one, except for one thing: a payload nested too deeply for the decoder
(about a thousand levels; no event of the protocol nests more than three) raises
``RecursionError`` inside python-socketio, which logs a traceback and answers nothing. Here such
an event is read as its name with a payload that no event's model accepts, so the sender gets
the usual ``invalid_input`` acknowledgement (``seminar.web.protocol``).
"""

import json
import re
from typing import Any

dumps = json.dumps
TOO_DEEP = "(nested too deeply to be read)"  # a string: refused where every payload is an object
_EVENT = re.compile(r'\s*\[\s*("(?:[^"\\]|\\.){0,200}")\s*,')


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
