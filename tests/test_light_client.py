"""benchmarks.light_client against real servers: it must speak Socket.IO well enough that the
bursts benchmark measures the server, not a client that misses pings, acks or events.

Against a real ``seminar run`` (benchmarks.common.seminar_server): a phone joins with its
page's cookie, gets its acknowledgements and receives the facilitator's ``programme:state``.
The app's ping interval is python-socketio's 25 s, too long for a test, so the pings are
checked against a real python-socketio server (aiohttp) pinging every 0.2 s: a client that
does not answer is dropped after 0.4 s; a handler that raises does not end the connection.
"""

import asyncio

import aiohttp
import pytest
import socketio
from aiohttp import web

from benchmarks.common import seminar_server
from benchmarks.light_client import ConnectError, LightClient
from benchmarks.programme_broadcast import _facilitator_cookie
from tests.socket_helpers import run_apart


async def _page_cookie(base: str, code: str) -> str:
    async with aiohttp.ClientSession() as session, session.get(f"{base}/s/{code}") as response:
        assert response.status == 200
        return "; ".join(f"{c.key}={c.value}" for c in response.cookies.values())


async def _join_ack_event(addresses: dict) -> None:
    base, code = addresses["base"], addresses["code"]
    states: list[dict] = []
    phone = LightClient({"programme:state": states.append})
    await phone.connect(base, headers={"Cookie": await _page_cookie(base, code)}, timeout=20)
    facilitator = LightClient()
    await facilitator.connect(base, headers={
        "Cookie": await _facilitator_cookie(addresses["facilitator"])}, timeout=20)
    try:
        assert phone.connected and phone.sid
        ack = await phone.call("seminar:join", {"code": code, "view": "participant"},
                               timeout=20)
        assert ack["ok"] and ack["me"], ack
        assert (await facilitator.call("seminar:join", {"code": code, "view": "facilitator"},
                                       timeout=20))["ok"]
        ack = await facilitator.call("programme:control", {"code": code, "action": "next"},
                                     timeout=20)
        assert ack["ok"], ack
        for _ in range(200):
            if any(state["version"] == ack["state"]["version"] for state in states):
                break
            await asyncio.sleep(0.02)
        assert [state["version"] for state in states] == [ack["state"]["version"]]
        refused = await phone.call("programme:control", {"code": code, "action": "next"},
                                   timeout=20)
        assert not refused["ok"], refused  # a participant may not steer: the app's own answer

        phone.abort()
        for _ in range(100):
            if not phone.connected:
                break
            await asyncio.sleep(0.02)
        assert not phone.connected
        with pytest.raises(ConnectionError):
            await phone.call("seminar:join", {"code": code, "view": "participant"})
    finally:
        await phone.disconnect()
        await facilitator.disconnect()


def test_joins_gets_acks_and_server_events_from_a_real_seminar():
    with seminar_server("gevent") as addresses:
        run_apart(_join_ack_event(addresses))


async def _pinged(refuse: bool) -> None:
    server = socketio.AsyncServer(async_mode="aiohttp", ping_interval=0.2, ping_timeout=0.2)

    @server.event
    async def connect(sid, environ, auth):
        if refuse:
            return False
        await server.emit("broken", {}, to=sid)  # its handler raises: reported, not fatal
        await server.emit("nobody", {"listens": False}, to=sid)  # no handler: skipped
        await server.emit("hello", {"to": sid, "cookie": environ.get("HTTP_COOKIE")}, to=sid)
        return None

    @server.on("echo")
    async def echo(sid, data):
        return {"echo": data}

    app = web.Application()
    server.attach(app)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    hellos: list[dict] = []

    broken_calls: list[dict] = []

    def broken(data):
        broken_calls.append(data)
        raise ValueError("a handler's own error")

    client = LightClient({"hello": hellos.append, "broken": broken})
    try:
        if refuse:
            with pytest.raises(ConnectError, match="refused"):
                await client.connect(f"http://127.0.0.1:{port}", timeout=5)
            return
        await client.connect(f"http://127.0.0.1:{port}", headers={"Cookie": "phone=1"},
                             timeout=5)
        await asyncio.sleep(1.5)  # 7 pings: without pongs the server drops it after 0.4 s
        assert client.connected
        assert await client.call("echo", [1, "två"], timeout=5) == {"echo": [1, "två"]}
        assert hellos == [{"to": client.sid, "cookie": "phone=1"}]
        assert broken_calls == [{}]
    finally:
        await client.disconnect()
        await runner.cleanup()


def test_answers_pings_and_stays_connected():
    run_apart(_pinged(refuse=False))


def test_a_refused_connection_is_an_error():
    run_apart(_pinged(refuse=True))
