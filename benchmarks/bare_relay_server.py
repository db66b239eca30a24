"""The floor of the stack: a bare python-socketio server (gevent, like ours) that only relays.

On ``relay`` it broadcasts the payload to every client in a room (``all``, or the ``room``
named in the payload) and acknowledges; no Flask, no database.
On ``answer`` (``{value}``) it keeps each client's last value in memory, acknowledges, and
sends the aggregate ``tally`` (``{version, count, counts: {value: n}}``, ``version`` one more
per answer) to the room ``tally``, coalesced as the seminar's poll results are: the first
change at once, later ones at most once per INTERVAL seconds (default 0.25).
Usage: ``python -m benchmarks.bare_relay_server PORT [INTERVAL]``.
"""

from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

import gevent  # noqa: E402
import socketio  # noqa: E402
from gevent import pywsgi  # noqa: E402

server = socketio.Server(async_mode="gevent")
app = socketio.WSGIApp(server)
INTERVAL = float(sys.argv[2]) if len(sys.argv) > 2 else 0.25
_answers: dict[str, object] = {}
_tally = {"version": 0, "pending": False, "last": float("-inf")}


@server.on("join")
def join(sid, data=None):
    server.enter_room(sid, (data or {}).get("room", "all"))
    return {"ok": True}


@server.on("relay")
def relay(sid, data=None):
    server.emit("state", data, room=data.get("room", "all"))
    return {"ok": True}


@server.on("answer")
def answer(sid, data=None):
    _answers[sid] = (data or {}).get("value")
    _tally["version"] += 1
    if not _tally["pending"]:
        _tally["pending"] = True
        wait = _tally["last"] + INTERVAL - time.monotonic()
        if wait > 0:
            gevent.spawn_later(wait, _announce)
        else:
            _announce()
    return {"ok": True}


def _announce():
    _tally["pending"] = False
    _tally["last"] = time.monotonic()
    counts = Counter(str(value) for value in _answers.values())
    server.emit("tally", {"version": _tally["version"], "count": len(_answers),
                          "counts": dict(counts)}, room="tally")


if __name__ == "__main__":
    port = int(sys.argv[1])
    print(f"listening on {port}", flush=True)
    pywsgi.WSGIServer(("127.0.0.1", port), app, log=None).serve_forever()
