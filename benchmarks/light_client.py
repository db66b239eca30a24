"""A minimal Socket.IO client for the benchmarks' simulated phones.

Why: benchmarks.bursts drives 1,000 phones from one client process. With python-socketio's
AsyncClient (an Engine.IO client with a write queue, a write task and a ping watchdog per
connection, packet objects, an event dispatch through tasks) those phones needed 70-80 % of
one of this machine's two cores, so even the bare relay looked slow: the client, not the
server, set the pace. This client does only what a phone in the benchmarks needs, over one
aiohttp WebSocket and one reading task per connection, parsing with msgspec:

- Engine.IO v4 over WebSocket only (``/socket.io/?EIO=4&transport=websocket``, the page's
  cookie in the headers): the ``0{...}`` open packet, the server's pings answered (``2`` →
  ``3``); one Engine.IO packet per WebSocket message (no polling, no batching, no binary);
- Socket.IO v5 on the default namespace: ``40`` → ``40{...}`` (``44{...}`` is a refusal),
  events with acknowledgements ``42<id>["event",payload]`` answered by ``43<id>[...]``,
  server events ``42["event",payload]`` dispatched to the handlers, ``41`` a disconnect.

It never leaves on its own (no ping watchdog): a phone waits for a busy server rather than
give up. ``abort()`` cuts the TCP connection with no goodbye, as a Wi-Fi drop does.
Anything the benchmarks need a full client for can still use python-socketio's.
"""

import asyncio
import contextlib
import inspect
import itertools
import traceback
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import msgspec

_encode = msgspec.json.encode
_decode = msgspec.json.decode


class ConnectError(ConnectionError):
    """The server refused the connection or it ended before the namespace was joined."""


def socket_url(base: str) -> str:
    """The Engine.IO WebSocket address for a page's base address (``http://host:port``)."""
    parts = urlsplit(base)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return urlunsplit((scheme, parts.netloc, "/socket.io/", "EIO=4&transport=websocket", ""))


class LightClient:
    """One phone's Socket.IO connection: ``connect``, ``call``, ``emit``, ``on`` handlers,
    ``disconnect`` and ``abort``; ``connected`` while it is up."""

    def __init__(self, handlers: dict[str, Callable[..., Any]] | None = None, *,
                 session: aiohttp.ClientSession | None = None) -> None:
        self.handlers: dict[str, Callable[..., Any]] = dict(handlers or {})
        self._own_session = session is None
        self.session = session
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.sid: str | None = None
        self.connected = False
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future] = {}
        self._reader: asyncio.Task | None = None

    def on(self, event: str, handler: Callable[..., Any]) -> None:
        self.handlers[event] = handler

    async def connect(self, base: str, headers: dict[str, str] | None = None,
                      timeout: float = 90.0) -> None:
        """Open the WebSocket, read the open packet, join the default namespace."""
        if self.session is None:
            self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(
                total=None, sock_connect=timeout))
        try:
            async with asyncio.timeout(timeout):
                self.ws = await self.session.ws_connect(socket_url(base), headers=headers,
                                                        max_msg_size=0, autoping=True)
                opened = await self._next_text()
                if not opened.startswith("0"):
                    raise ConnectError(f"not an Engine.IO open packet: {opened[:80]!r}")
                await self.ws.send_str("40")
                early = []  # events the server sent before its connect (from its handler)
                while True:
                    text = await self._next_text()
                    if text == "2":
                        await self.ws.send_str("3")
                    elif text.startswith("40"):
                        self.sid = _decode(text[2:])["sid"]
                        break
                    elif text.startswith("42"):
                        early.append(text)
                    elif text.startswith("44"):
                        raise ConnectError(f"refused: {text[2:300]}")
                    else:
                        raise ConnectError(f"unexpected before the connect: {text[:80]!r}")
        except BaseException:
            await self.close()
            raise
        self.connected = True
        for text in early:
            self._event(text)
        self._reader = asyncio.create_task(self._read())

    async def _next_text(self) -> str:
        assert self.ws is not None
        message = await self.ws.receive()
        if message.type is not aiohttp.WSMsgType.TEXT:
            raise ConnectError(f"the connection ended: {message.type.name}")
        return message.data

    async def _read(self) -> None:
        assert self.ws is not None
        try:
            async for message in self.ws:
                if message.type is not aiohttp.WSMsgType.TEXT:
                    continue
                text: str = message.data
                if text.startswith("42"):
                    self._event(text)
                elif text.startswith("43"):
                    self._ack(text)
                elif text == "2":
                    await self.ws.send_str("3")
                elif text.startswith("41") or text == "1":
                    break
        except (aiohttp.ClientError, ConnectionError):
            pass
        finally:
            self.connected = False
            for future in self._waiting.values():
                if not future.done():
                    future.set_exception(ConnectionError("disconnected"))
            self._waiting.clear()

    @staticmethod
    def _split(text: str) -> tuple[int | None, list]:
        """A ``42``/``43`` packet's ack id (or None) and its JSON array of arguments."""
        start = 2
        if text.startswith("/", start):  # a namespace: only "/" is used, skip it
            start = text.index(",", start) + 1
        bracket = text.index("[", start)
        return (int(text[start:bracket]) if bracket > start else None), _decode(text[bracket:])

    def _event(self, text: str) -> None:
        if self._unwanted(text):
            return
        ack_id, arguments = self._split(text)
        handler = self.handlers.get(arguments[0]) if arguments else None
        if ack_id is not None and self.ws is not None:  # the server asks for an answer
            asyncio.ensure_future(self.ws.send_str(f"43{ack_id}[]"))
        if handler is None:
            return
        try:
            result = handler(*arguments[1:])
        except Exception:  # noqa: BLE001 - as python-socketio: reported, the connection stays
            traceback.print_exc()
            return
        if inspect.isawaitable(result):
            asyncio.ensure_future(result)

    def _unwanted(self, text: str) -> bool:
        """An event with no handler and no ack asked for: not parsed at all. A phone ignores
        ``groups:state``, sent to everyone several times a second while a hall arrives:
        1,000 phones would each parse every one."""
        if not text.startswith('42["'):
            return False  # an ack asked for, or a namespace: parsed in full
        end = text.find('"', 4)
        return end > 0 and text[end - 1] != "\\" and text[4:end] not in self.handlers

    def _ack(self, text: str) -> None:
        ack_id, arguments = self._split(text)
        future = self._waiting.pop(ack_id, None) if ack_id is not None else None
        if future is not None and not future.done():
            future.set_result(arguments)

    async def emit(self, event: str, *data: Any) -> None:
        if not self.connected or self.ws is None:
            raise ConnectionError("not connected")
        await self.ws.send_str("42" + _encode([event, *data]).decode())

    async def call(self, event: str, *data: Any, timeout: float = 60.0) -> Any:
        """Emit with an acknowledgement; its argument (a tuple if several), as
        python-socketio's ``call`` answers."""
        if not self.connected or self.ws is None:
            raise ConnectionError("not connected")
        ack_id = next(self._ids)
        future = self._waiting[ack_id] = asyncio.get_running_loop().create_future()
        try:
            await self.ws.send_str(f"42{ack_id}" + _encode([event, *data]).decode())
            async with asyncio.timeout(timeout):
                arguments = await future
        finally:
            self._waiting.pop(ack_id, None)
        return arguments[0] if len(arguments) == 1 else tuple(arguments) or None

    def abort(self) -> None:
        """Cut the TCP connection as a Wi-Fi drop does: no Socket.IO or WebSocket goodbye."""
        if self.ws is None:
            return
        transport = getattr(getattr(self.ws, "_writer", None), "transport", None)
        if transport is None:
            transport = self.ws._response.connection.transport
        transport.abort()

    async def disconnect(self) -> None:
        """Leave politely (``41``, then the WebSocket close) and release the session."""
        if self.ws is not None and self.connected and not self.ws.closed:
            with contextlib.suppress(aiohttp.ClientError, ConnectionError):
                await self.ws.send_str("41")
        await self.close()

    async def close(self) -> None:
        self.connected = False
        if self.ws is not None and not self.ws.closed:
            with contextlib.suppress(aiohttp.ClientError, ConnectionError, TimeoutError):
                await self.ws.close()
        if self._reader is not None and self._reader is not asyncio.current_task():
            await asyncio.gather(self._reader, return_exceptions=True)
        if self._own_session and self.session is not None:
            await self.session.close()
