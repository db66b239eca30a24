"""A hall behind one address (NAT): 300 real phones (python-socketio clients over WebSocket,
with their identity cookies) join a real server from 127.0.0.1 within a minute, with the
default limits, and none is refused; one socket flooding from the same address is.

The phones do what the phone's page does: open the QR code's address (``/j/<code>``, which
leads to the page and its cookie), connect, join, sync the clock, fetch their answers, and
choose a group with their name.
"""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import pytest
import socketio

pytestmark = pytest.mark.e2e

PHONES = 300
GROUPS = 30


def _session() -> aiohttp.ClientSession:
    # unsafe: keep the cookies of a server addressed by its IP address (127.0.0.1)
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def _hall(server) -> dict:
    code = server.code
    base = server.base_url

    def cookies(http: aiohttp.ClientSession) -> str:
        return "; ".join(f"{c.key}={c.value}" for c in http.cookie_jar)

    async with _session() as http:
        async with http.get(server.facilitator_url) as response:
            assert response.status == 200
        cookie = cookies(http)
        facilitator = socketio.AsyncClient(reconnection=False)
        await facilitator.connect(base, transports=["websocket"], headers={"Cookie": cookie})
        await facilitator.call("seminar:join", {"code": code, "view": "facilitator"})
        ack = await facilitator.call("groups:prepare",
                                     {"code": code, "text": f"Bord 1-{GROUPS}"})
        groups = [group["id"] for group in ack["groups"]["groups"]]

    refusals: list[dict] = []

    async def phone(index: int, http: aiohttp.ClientSession) -> socketio.AsyncClient:
        async with http.get(f"{base}/j/{code}") as response:  # → /s/<code>, the cookie
            assert response.status == 200, response.status
        cookie = cookies(http)
        client = socketio.AsyncClient(reconnection=False)
        await client.connect(base, transports=["websocket"], headers={"Cookie": cookie},
                             wait_timeout=60)
        for event, payload in (
                ("seminar:join", {"view": "participant"}),
                *(("clock:sync", None) for _ in range(5)),
                ("answers:fetch", {}),
                ("group:choose", {"group": groups[index % GROUPS],
                                  "display_name": f"Deltaker {index + 1}"}),
                ("answers:fetch", {})):
            data = {} if payload is None else {"code": code, **payload}
            ack = await client.call(event, data, timeout=120)
            if not ack["ok"]:
                refusals.append({"event": event, **ack["error"]})
        return client

    async def one_phone(index: int) -> socketio.AsyncClient:
        async with _session() as http:  # a cookie jar of its own
            return await phone(index, http)

    # Every phone arrives at the same moment: each per-address window (a minute) sees the whole
    # hall at once, the worst case for the limits.
    started = time.monotonic()
    clients = await asyncio.gather(*(one_phone(index) for index in range(PHONES)))
    joined_s = time.monotonic() - started
    detail = (await facilitator.call("seminar:join",
                                      {"code": code, "view": "facilitator"}))["detail"]
    members = sum(len(group["members"]) for group in detail["groups"])

    # One socket of the same address flooding the joins is refused.
    flooder = clients[0]
    flood = [await flooder.call("seminar:join", {"code": code, "view": "participant"})
             for _ in range(15)]
    for client in [*clients, facilitator]:
        await client.disconnect()
    return {"refusals": refusals, "joined_s": joined_s, "members": members,
            "flood": [ack["ok"] or ack["error"]["code"] for ack in flood]}


def test_a_hall_of_300_phones_behind_one_address_joins_within_a_minute(server_factory):
    server = server_factory()
    # In a thread of its own: a Playwright test before this one may have left its event loop
    # running in this thread, where asyncio.run() refuses to start another.
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(lambda: asyncio.run(_hall(server))).result()
    assert result["refusals"] == []
    assert result["members"] == PHONES
    assert result["joined_s"] < 60, result["joined_s"]
    # The per-socket limit: 10 joins in 10 seconds (the phone joined once already).
    assert result["flood"].count("rate_limited") >= 5
