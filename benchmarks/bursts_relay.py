"""The floor for benchmarks.bursts: a bare python-socketio server (gevent) with the app's messages.

It speaks the app's event names and payload shapes, so the same simulated phones drive it,
but it keeps everything in memory, with no Flask, no database, no rate limits:
- ``GET /s/<code>``: a page with an identity cookie (``phone``), as the seminar page gives one;
- ``seminar:join``: joins the rooms and answers with the state (programme, the groups' public
  view, the phone's own group as ``mine``); a phone that comes back online changes its group;
- ``group:choose``: records the name and the group; the change is announced coalesced like
  the app's (the first at once, later ones at most once per INTERVAL seconds): ``groups:state``
  to everyone and ``group:mine`` to each member of every changed group;
- ``roles:assign``: rotates the scribe (``skriver``) in every group, announced the same way;
- ``answer:edit``: relayed as ``answers:question`` to the group's room, acknowledged;
- ``programme:control``: ``programme:state`` to everyone, acknowledged with the state;
- ``groups:prepare``: makes the groups; a disconnect that leaves a member offline changes its
  group, as presence does in the app.
Usage: ``python -m benchmarks.bursts_relay PORT [INTERVAL]`` (INTERVAL 0.2 s by default, the
app's SEMINAR_GROUPS_BROADCAST_INTERVAL).
"""

from gevent import monkey

monkey.patch_all()

import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from http.cookies import SimpleCookie  # noqa: E402

import gevent  # noqa: E402
import socketio  # noqa: E402
from gevent import pywsgi  # noqa: E402

server = socketio.Server(async_mode="gevent")
INTERVAL = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
PAGE = ("<!doctype html><html><head><title>Seminar</title></head><body>"
        + "<p>" + "tekst " * 1500 + "</p></body></html>").encode()

groups: dict[int, dict] = {}  # id -> {name, members: [identity], roles: {role: identity}}
people: dict[str, dict] = {}  # identity -> {name, group, sids: set}
sockets: dict[str, str] = {}  # sid -> identity
points: dict[str, dict] = {}  # point id -> {id, question, text, revision}
programme = {"version": 0, "current": 0}
announcer = {"version": 0, "pending": False, "last": float("-inf"), "changed": set()}


def page(environ, start_response):
    if re.fullmatch(r"/s/[A-Z0-9]+", environ.get("PATH_INFO", "")):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                  ("Set-Cookie", f"phone={uuid.uuid4().hex}; Path=/")])
        return [PAGE]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]


app = socketio.WSGIApp(server, page)


def public_view() -> dict:
    return {"version": announcer["version"],
            "groups": [{"id": gid, "name": group["name"], "count": len(group["members"]),
                        "online": sum(bool(people[m]["sids"]) for m in group["members"])}
                       for gid, group in groups.items()]}


def mine_view(identity: str) -> dict:
    person = people.get(identity) or {"name": "", "group": None}
    group = groups.get(person["group"])
    return {"version": announcer["version"], "me": {"id": identity, "name": person["name"]},
            "group": None if group is None else {
                "id": person["group"], "name": group["name"], "max_size": None, "limit": None,
                "members": [{"id": m, "name": people[m]["name"], "online": bool(people[m]["sids"])}
                            for m in group["members"]],
                "roles": dict(group["roles"]), "requests": []},
            "may_write": group is not None and group["roles"].get("skriver") == identity,
            "placed": None, "asked": None}


def changed(*group_ids) -> None:
    """Announce the changed groups: the first change at once, later ones coalesced."""
    announcer["version"] += 1
    announcer["changed"].update(gid for gid in group_ids if gid is not None)
    if announcer["pending"]:
        return
    announcer["pending"] = True
    wait = announcer["last"] + INTERVAL - time.monotonic()
    if wait > 0:
        gevent.spawn_later(wait, announce)
    else:
        announce()


def announce() -> None:
    announcer["pending"] = False
    announcer["last"] = time.monotonic()
    group_ids, announcer["changed"] = announcer["changed"], set()
    server.emit("groups:state", public_view(), room="all")
    server.emit("groups:detail", {"version": announcer["version"], "summary": public_view()},
                room="facilitator")
    for gid in group_ids:
        for identity in groups[gid]["members"]:
            view = mine_view(identity)
            for sid in people[identity]["sids"]:
                server.emit("group:mine", view, to=sid)


def _identity(sid: str) -> str:
    cookie = SimpleCookie(server.get_environ(sid).get("HTTP_COOKIE", ""))
    return cookie["phone"].value if "phone" in cookie else f"anonymous-{sid}"


@server.on("seminar:join")
def join(sid, data):
    identity = sockets[sid] = _identity(sid)
    person = people.setdefault(identity, {"name": "", "group": None, "sids": set()})
    came_back = not person["sids"]
    person["sids"].add(sid)
    server.enter_room(sid, "all")
    if data.get("view") == "facilitator":
        server.enter_room(sid, "facilitator")
    if person["group"] is not None:
        server.enter_room(sid, f"g{person['group']}")
        if came_back:
            changed(person["group"])
    return {"ok": True, "state": dict(programme), "me": identity, "language": "nb",
            "groups": public_view(), "mine": mine_view(identity), "plenary": {}}


@server.on("disconnect")
def disconnect(sid, *reason):
    identity = sockets.pop(sid, None)
    person = people.get(identity)
    if person is not None:
        person["sids"].discard(sid)
        if not person["sids"] and person["group"] is not None:
            changed(person["group"])


@server.on("groups:prepare")
def prepare(sid, data):
    count = int(re.search(r"(\d+)\s*$", data["text"])[1])
    for gid in range(1, count + 1):
        groups.setdefault(gid, {"name": f"Bord {gid}", "members": [], "roles": {}})
    changed()
    return {"ok": True, "groups": public_view()}


@server.on("group:choose")
def choose(sid, data):
    identity = sockets[sid]
    person = people[identity]
    old, new = person["group"], data["group"]
    if "display_name" in data:
        person["name"] = data["display_name"]
    if old != new:
        if old is not None:
            groups[old]["members"].remove(identity)
            for own in person["sids"]:
                server.leave_room(own, f"g{old}")
        groups[new]["members"].append(identity)
        person["group"] = new
        for own in person["sids"]:
            server.enter_room(own, f"g{new}")
    changed(old, new)
    return {"ok": True, "mine": mine_view(identity)}


@server.on("roles:assign")
def assign(sid, data):
    for group in groups.values():
        if group["members"]:
            holder = group["roles"].get("skriver")
            members = group["members"]
            at = (members.index(holder) + 1) % len(members) if holder in members else 0
            group["roles"]["skriver"] = members[at]
    changed(*groups)
    return {"ok": True, "groups": public_view()}


@server.on("answer:edit")
def edit(sid, data):
    person = people[sockets[sid]]
    change = data["edit"]
    point = points.setdefault(change["point"], {"id": change["point"], "revision": 0,
                                                 "question": change.get("question")})
    point["text"] = change["text"]
    point["revision"] += 1
    server.emit("answers:question", {"group": person["group"], "question": point["question"],
                                     "points": [point]}, room=f"g{person['group']}")
    return {"ok": True, "result": {"point": point, "duplicate": False}}


@server.on("programme:control")
def control(sid, data):
    programme["version"] += 1
    programme["current"] += 1 if data.get("action") == "next" else -1
    server.emit("programme:state", dict(programme), room="all")
    return {"ok": True, "state": dict(programme)}


if __name__ == "__main__":
    port = int(sys.argv[1])
    print(f"listening on {port}", flush=True)
    # The app's listen queue (seminar.concurrency.LISTEN_BACKLOG): with gevent's default of
    # 128, 1,000 phones at once overflow it and the dropped ones retry 1, 3, 7 s later.
    pywsgi.WSGIServer(("127.0.0.1", port), app, log=None, backlog=2048).serve_forever()
