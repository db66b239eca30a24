"""The floor of the stack: a bare python-socketio server (gevent, like ours) that only relays.

On ``relay`` it broadcasts the payload to every client in a room (``all``, or the ``room``
named in the payload) and acknowledges; no Flask, no database.
Usage: ``python -m benchmarks.bare_relay_server PORT``.
"""

from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402

import socketio  # noqa: E402
from gevent import pywsgi  # noqa: E402

server = socketio.Server(async_mode="gevent")
app = socketio.WSGIApp(server)


@server.on("join")
def join(sid, data=None):
    server.enter_room(sid, (data or {}).get("room", "all"))
    return {"ok": True}


@server.on("relay")
def relay(sid, data=None):
    server.emit("state", data, room=data.get("room", "all"))
    return {"ok": True}


if __name__ == "__main__":
    port = int(sys.argv[1])
    print(f"listening on {port}", flush=True)
    pywsgi.WSGIServer(("127.0.0.1", port), app, log=None).serve_forever()
