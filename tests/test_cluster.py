"""Two ``seminar run`` processes behind nginx with Redis, all real (benchmarks/cluster.py).

The shipped ``deploy/nginx.conf`` routes a page's connection by the page's random id (``tab``)
and anything else by the client's address, so each screen here (a client without ``tab``)
comes from a loopback address of its own (127.0.0.x), chosen by asking nginx's log which
process serves it: some land on one process, some on the other. Then one process is
SIGKILLed.
"""

from __future__ import annotations

import asyncio
import gc
import subprocess
import time
import warnings

import aiohttp
import pytest
import socketio
from yarl import URL

from benchmarks.cluster import (
    SITE_FILE,
    cluster,
    main_config,
    nginx_command,
    served,
    site_config,
)
from tests.socket_helpers import run_apart

# The contract's promise: a dead process's phones are no longer online within this.
PRESENCE_TIMEOUT_S = 10.0


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    with cluster(tmp_path_factory.mktemp("cluster"), processes=2) as running:
        yield running


class Screen:
    """One screen (a phone, the projector, the console) from its own loopback address: a
    real python-socketio client over WebSocket through nginx, recording what it receives."""

    def __init__(self, name: str, address: str, front: str) -> None:
        self.name, self.address, self.front = name, address, front
        self.http = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(local_addr=(address, 0)),
            # python-engineio moves a Cookie header into the session's jar: a real one.
            cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.cookie = ""
        self.client: socketio.AsyncClient | None = None
        self.received: list[tuple[str, object]] = []

    async def open(self, path: str) -> None:
        """Open a page (as the browser does first); keep the cookie it sets."""
        async with self.http.get(self.front + path, allow_redirects=False) as response:
            assert response.status in (200, 302), (self.name, path, response.status)
            cookies = "; ".join(f"{c.key}={c.value}" for c in response.cookies.values())
            self.cookie = cookies or self.cookie

    def same_person_as(self, other: Screen) -> None:
        """Take ``other``'s cookies: another screen of the same person."""
        self.http.cookie_jar.update_cookies({c.key: c.value for c in other.http.cookie_jar},
                                            URL(self.front))
        self.cookie = other.cookie

    async def connect(self, transports: tuple[str, ...] = ("websocket",),
                      tab: str | None = None) -> None:
        """Connect; with ``tab``, as a page does (its own random id in the query)."""
        await self._drop_broken_websocket()
        self.client = socketio.AsyncClient(reconnection=False, http_session=self.http)
        self.client.on("*", lambda event, data=None: self.received.append((event, data)))
        url = self.front if tab is None else f"{self.front}/?tab={tab}"
        await self.client.connect(url, transports=list(transports), wait_timeout=10,
                                  headers={"Cookie": self.cookie})

    async def call(self, event: str, payload: dict, timeout: float = 10) -> dict:
        assert self.client is not None
        return await self.client.call(event, payload, timeout=timeout)

    def last(self, event: str):
        return next((data for name, data in reversed(self.received) if name == event), None)

    def mark(self) -> int:
        """Where the next payload will be in ``received`` (for ``wait_for(since=)``)."""
        return len(self.received)

    async def wait_for(self, event: str, predicate, timeout: float = 5.0, since: int = 0):
        """The first payload of ``event`` received from ``since`` on (before or after now)
        that satisfies ``predicate``; fail after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            for name, data in self.received[since:]:
                if name == event and predicate(data):
                    return data
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} got no matching {event} within {timeout} s; "
                                     f"last: {self.last(event)!r}")
            await asyncio.sleep(0.02)

    async def disconnected(self, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while self.client is not None and self.client.connected:
            assert time.monotonic() < deadline, f"{self.name} is still connected"
            await asyncio.sleep(0.02)

    async def _drop_broken_websocket(self) -> None:
        """python-engineio leaves a WebSocket that broke under it (its process was killed)
        unclosed, and aiohttp warns about the connection when it is collected: close it."""
        ws = getattr(self.client.eio, "ws", None) if self.client is not None else None
        if ws is not None and not self.client.connected:
            await ws.close()

    async def close(self) -> None:
        if self.client is not None and self.client.connected:
            await self.client.disconnect()
        await self._drop_broken_websocket()
        await self.http.close()
        # python-engineio cancels a long-poll that is still waiting when it disconnects, and
        # aiohttp then warns, when the cancelled request's connection is collected, that it
        # was never released (the connection is closed with the session all the same). That
        # is the client library's, not the server's: it is collected here, without the warning.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            await asyncio.sleep(0)
            gc.collect()


async def addresses_by_process(front: str, log, wanted: dict[str, int],
                               network: str = "127.0.0") -> dict[str, list[str]]:
    """``wanted[upstream]`` loopback addresses in ``network`` (a /24 of 127.0.0.0/8, one per
    test: a fresh address has no earlier line in nginx's log) that nginx's hash sends to each
    upstream."""
    found: dict[str, list[str]] = {upstream: [] for upstream in wanted}
    for host in range(2, 250):
        address = f"{network}.{host}"
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(
                local_addr=(address, 0))) as http, http.get(front + "/sw.js") as response:
            assert response.status == 200
        [row] = await logged(log, address)
        if len(found[row.upstream]) < wanted[row.upstream]:
            found[row.upstream].append(address)
        if all(len(found[upstream]) == count for upstream, count in wanted.items()):
            return found
    raise AssertionError(f"nginx did not spread 250 addresses over both processes: {found}")


async def logged(log, address: str, count: int = 1, request: str = "", timeout: float = 2.0):
    """nginx's log lines of ``address``'s requests (with ``request`` in them), once there
    are ``count`` (a line is written just after the response, or when a WebSocket closes)."""
    deadline = time.monotonic() + timeout
    while len(rows := [row for row in served(log) if row.client == address
                       and request in row.request]) < count:
        assert time.monotonic() < deadline, f"nginx logged {rows} from {address}"
        await asyncio.sleep(0.01)
    return rows


def members(view: dict) -> dict[str, bool]:
    """``{name: online}`` of a group in ``group:mine`` or ``groups:detail``."""
    return {member["name"]: member["online"] for member in view["members"]}


def presence(detail: dict) -> dict[str, bool]:
    """``{name: online}`` of every participant in a ``groups:detail``."""
    found = {name: online for group in detail["groups"]
             for name, online in members(group).items()}
    found.update({person["name"]: person["online"] for person in detail["without_group"]})
    return found


async def _scenario(hall) -> dict[str, float]:  # noqa: PLR0915 - one story, told in order
    a, b = hall.processes
    code = hall.code
    # Kari writes from a phone on A and keeps a second screen (the same cookie) on B.
    on_a = ["kari", "aisha", "ingrid"]
    on_b = ["kari2", "ola", "per", "console", "projector"]
    addresses = await addresses_by_process(hall.url, hall.access_log,
                                           {a.upstream: len(on_a), b.upstream: len(on_b)})
    screens = {name: Screen(name, address, hall.url)
               for names, upstream in ((on_a, a.upstream), (on_b, b.upstream))
               for name, address in zip(names, addresses[upstream], strict=True)}
    try:
        return await _story(hall, code, screens, a, b)
    finally:
        for screen in screens.values():
            await screen.close()


async def _story(hall, code, screens, a, b) -> dict[str, float]:
    console, projector = screens["console"], screens["projector"]
    kari, kari2, ola, aisha, per, ingrid = (screens[name] for name in
                                            ("kari", "kari2", "ola", "aisha", "per", "ingrid"))
    await console.open(hall.facilitator_url.removeprefix(hall.url))
    await console.connect()
    ack = await console.call("seminar:join", {"code": code, "view": "facilitator"})
    assert ack["ok"], ack
    ack = await console.call("groups:prepare", {"code": code, "text": "Bord 1-2"})
    one, two = (group["id"] for group in ack["groups"]["groups"])
    for event, payload in [("display:show", {"mode": "wall", "question": "q1"}),
                           ("plenary:configure", {"question": "q1", "revealed": True})]:
        assert (await console.call(event, {"code": code, **payload}))["ok"]
    await projector.open(f"/s/{code}/projector")
    await projector.connect()
    assert (await projector.call("seminar:join", {"code": code, "view": "projector"}))["ok"]

    ids = {}
    for screen, group, name in [(kari, one, "Kari"), (ola, one, "Ola"), (aisha, one, "Aisha"),
                                (per, two, "Per"), (ingrid, two, "Ingrid")]:
        await screen.open(f"/s/{code}")
        await screen.connect()
        ack = await screen.call("seminar:join", {"code": code, "view": "participant"})
        assert ack["ok"], ack
        ack = await screen.call("group:choose", {"code": code, "group": group,
                                                 "display_name": name})
        assert ack["ok"], ack
        ids[name] = ack["mine"]["me"]["id"]
    kari2.same_person_as(kari)  # Kari's second screen
    await kari2.open(f"/s/{code}")
    await kari2.connect()
    ack = await kari2.call("seminar:join", {"code": code, "view": "participant"})
    assert ack["mine"]["me"]["id"] == ids["Kari"]
    assert (await kari.call("role:take", {"code": code, "role": "skriver"}))["ok"]

    # Every screen went through nginx to the process its address hashes to: both are used.
    upstreams = {row.client: row.upstream for row in served(hall.access_log)
                 if row.request.startswith(f"GET /s/{code}")}
    assert {name: upstreams[screen.address] for name, screen in screens.items()} == {
        "kari": a.upstream, "aisha": a.upstream, "ingrid": a.upstream,
        "kari2": b.upstream, "ola": b.upstream, "per": b.upstream,
        "console": b.upstream, "projector": b.upstream}

    # Group announcements reach every member, whichever process holds their socket.
    everyone_online = {"Kari": True, "Ola": True, "Aisha": True}
    mine = await kari.wait_for("group:mine", lambda view: view["group"] and members(
        view["group"]) == everyone_online and view["group"]["roles"].get("skriver"))
    assert mine["group"]["roles"]["skriver"] == ids["Kari"]
    await ola.wait_for("group:mine", lambda view: view["group"]["roles"].get("skriver")
                       == ids["Kari"] and members(view["group"]) == everyone_online)
    # Presence counts every person once, wherever their sockets are (Kari has two).
    all_five = {"Kari": True, "Ola": True, "Aisha": True, "Per": True, "Ingrid": True}
    detail = await console.wait_for("groups:detail", lambda d: presence(d) == all_five)
    assert (detail["summary"]["joined"], detail["summary"]["online"]) == (5, 5)

    # A scribe on A reaches the projector, the group's phones and Kari's screen on B.
    edit = {"id": "edit-0000001", "kind": "add", "point": "point-0000001", "question": "q1",
            "text": "Møteplasser"}
    ack = await kari.call("answer:edit", {"code": code, "edit": edit})
    assert ack["ok"], ack
    for screen in (ola, kari2, aisha, console):
        state = await screen.wait_for("answers:question", lambda s: s["points"])
        assert [p["text"] for p in state["points"]] == ["Møteplasser"], screen.name
    card = await projector.wait_for("wall:group", lambda c: c["group"]["points"])
    assert [p["text"] for p in card["group"]["points"]] == ["Møteplasser"]
    assert not [name for name, _ in per.received if name == "answers:question"]

    # A dies while Kari is writing: whatever was acknowledged must survive.
    acknowledged = ["Møteplasser"]

    async def keep_writing():
        for n in range(2, 12):
            edit = {"id": f"edit-{n:07d}", "kind": "add", "point": f"point-{n:07d}",
                    "question": "q1", "text": f"Punkt {n}"}
            try:
                ack = await kari.call("answer:edit", {"code": code, "edit": edit}, timeout=3)
            except (TimeoutError, socketio.exceptions.SocketIOError):
                return
            if not ack["ok"]:
                return
            acknowledged.append(edit["text"])

    marks = {screen: screen.mark() for screen in (console, ola)}
    writing = asyncio.create_task(keep_writing())
    while len(acknowledged) < 4:
        await asyncio.sleep(0.01)
    await asyncio.to_thread(a.kill)
    killed = time.monotonic()
    await writing
    for screen in (kari, aisha, ingrid):
        await screen.disconnected()
    # nginx logged the dead process's WebSockets as they closed: they were on A.
    for screen in (kari, aisha, ingrid):
        [socket] = await logged(hall.access_log, screen.address, request="GET /socket.io/")
        assert socket.upstream == a.upstream, screen.name

    # Presence drops A's sockets within the stated time; Kari is still there on B.
    after = {"Kari": True, "Ola": True, "Aisha": False, "Per": True, "Ingrid": False}
    detail = await console.wait_for("groups:detail", lambda d: presence(d) == after,
                                    timeout=PRESENCE_TIMEOUT_S, since=marks[console])
    dropped_s = time.monotonic() - killed
    assert (detail["summary"]["joined"], detail["summary"]["online"]) == (5, 3)
    # Ola, on B, sees her group's members on A go offline (her own view, sent by B).
    await ola.wait_for("group:mine", lambda view: members(view["group"]) == {
        "Kari": True, "Ola": True, "Aisha": False}, timeout=1,
        since=marks[ola])
    mark = console.mark()

    # A's phones reconnect through nginx (the same addresses) and land on B.
    for screen in (kari, aisha, ingrid):
        await screen.connect()
        ack = await screen.call("seminar:join", {"code": code, "view": "participant"})
        assert ack["ok"] and ack["mine"]["group"], ack
    answers = (await kari.call("answers:fetch", {"code": code}))["answers"]
    texts = [p["text"] for p in answers["points"] if p["question"] == "q1"]
    assert texts[:len(acknowledged)] == acknowledged, (texts, acknowledged)
    detail = await console.wait_for("groups:detail", lambda d: presence(d) == all_five,
                                    since=mark)
    assert (detail["summary"]["joined"], detail["summary"]["online"]) == (5, 5)
    for screen in screens.values():
        await screen.client.disconnect()
    # nginx logs each WebSocket as it closes: A's phones' last ones went to B.
    for screen in (kari, aisha, ingrid):
        sockets = await logged(hall.access_log, screen.address, count=2,
                               request="GET /socket.io/")
        assert [row.upstream for row in sockets] == [a.upstream, b.upstream], screen.name
    return {"presence_dropped_s": dropped_s, "acknowledged": len(acknowledged)}


async def _long_polling(hall) -> None:
    code = hall.code
    addresses = await addresses_by_process(hall.url, hall.access_log,
                                           {process.upstream: 1 for process in hall.processes},
                                           network="127.0.1")
    for upstream, [address] in addresses.items():
        phone = Screen(f"polling phone on {upstream}", address, hall.url)
        try:
            await phone.open(f"/s/{code}")
            await phone.connect(transports=("polling",))
            for _ in range(3):
                ack = await phone.call("seminar:join", {"code": code, "view": "participant"})
                assert ack["ok"], ack
            await phone.client.disconnect()
            # The poll that waited is answered as the session closes: its connection is
            # back in the pool before the pool closes.
            await logged(hall.access_log, address, count=6, request="/socket.io/")
        finally:
            await phone.close()
        # The handshake, every poll and every post reached the process holding the session
        # (round robin would send the second to the other process: 400, unknown session).
        # The last poll may be answered 400: the session closed while it waited.
        rows = await logged(hall.access_log, address, count=6, request="/socket.io/")
        assert {row.upstream for row in rows} == {upstream}, rows
        assert {row.status for row in rows[:-1]} == {"200"}, rows


async def _pages_behind_one_address(hall) -> dict[str, str]:
    """Twelve pages from one address (a hall behind NAT), each connecting with its own
    ``tab`` as static/js/live.js does: nginx sends each page by its id, so both processes get
    some (the long-polling test shows one id's requests all reach one process)."""
    code, address = hall.code, "127.0.2.2"
    routes = {}
    for index in range(12):
        tab = f"page{index:02d}"
        phone = Screen(tab, address, hall.url)
        try:
            await phone.open(f"/s/{code}")
            await phone.connect(tab=tab)
            assert (await phone.call("seminar:join", {"code": code,
                                                      "view": "participant"}))["ok"]
            await phone.client.disconnect()
        finally:
            await phone.close()
        [row] = await logged(hall.access_log, address, request=f"tab={tab}")
        routes[tab] = row.upstream
    return routes


def test_pages_behind_one_address_spread_over_the_processes_each_staying_on_one(
        two_processes):
    assert all(process.running for process in two_processes.processes)
    routes = run_apart(_pages_behind_one_address(two_processes))
    assert set(routes.values()) == {process.upstream for process in two_processes.processes}


def test_a_long_polling_phone_stays_with_the_process_that_holds_its_session(two_processes):
    # Before the test that kills a process (same cluster): both must be up.
    assert all(process.running for process in two_processes.processes)
    run_apart(_long_polling(two_processes))


def test_phones_on_two_processes_share_a_seminar_and_survive_one_being_killed(two_processes):
    figures = run_apart(_scenario(two_processes))
    print(f"figures: {figures}")
    assert figures["presence_dropped_s"] < PRESENCE_TIMEOUT_S
    assert figures["acknowledged"] >= 4


def test_the_running_site_file_is_the_shipped_one_but_listen_and_upstream_servers(
        two_processes):
    shipped = SITE_FILE.read_text(encoding="utf-8").splitlines()
    running = (two_processes.workdir / "nginx" / "site.conf").read_text(
        encoding="utf-8").splitlines()
    ports = [process.port for process in two_processes.processes]
    assert running == site_config(ports, int(two_processes.url.rsplit(":", 1)[1])).splitlines()

    def substituted(line: str) -> bool:
        return line.strip().startswith(("listen ", "server 127.0.0.1:"))

    assert [line for line in running if not substituted(line)] == [
        line for line in shipped if not substituted(line)]
    assert [line.strip() for line in running if substituted(line)] == [
        *(f"server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;" for port in ports),
        f"listen 127.0.0.1:{two_processes.url.rsplit(':', 1)[1]};"]
    assert [line.strip() for line in shipped if substituted(line)] == [
        "server 127.0.0.1:5001 max_fails=3 fail_timeout=10s;",
        "server 127.0.0.1:5002 max_fails=3 fail_timeout=10s;", "listen 80;"]


def test_nginx_accepts_the_shipped_site_file_as_it_is(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(main_config(tmp_path, SITE_FILE), encoding="utf-8")
    (tmp_path / "temp").mkdir()
    result = subprocess.run(nginx_command(tmp_path, conf, "-t"), capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr
