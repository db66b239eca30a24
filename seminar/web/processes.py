"""The processes of one instance, connected through Redis when ``MESSAGE_QUEUE`` is set.

Flask-SocketIO's message queue carries every emit to the sockets of every process. What the
app keeps in a process's memory is made shared here:

- **presence** (``seminar.web.presence.SharedPresence``): each process keeps the set of people
  it holds a socket of, per seminar, in Redis, and refreshes a heartbeat key every
  ``PROCESS_HEARTBEAT_INTERVAL`` seconds that expires after ``PROCESS_TIMEOUT``. Who is online
  is the union of the sets of the processes whose heartbeat is alive, so a killed process's
  people drop out as soon as its heartbeat expires; the first surviving process to notice
  removes its sets and announces the seminars it held (``sweep``).
- **signals**: a change of a seminar's groups in one process is told to the others on a Redis
  channel (``publish``), so that each process announces it to the sockets it holds, coalesced
  and compared with what it sent each of them before (``seminar.web.group_broadcast``); so is a
  deleted seminar, which every process forgets.

Redis keys start with ``MESSAGE_QUEUE_CHANNEL`` (``seminar``): give each instance its own
Redis database or channel.
"""

import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Flask

from seminar.extensions import socketio
from seminar.web.rate_limit import redis_pool

if TYPE_CHECKING:
    from seminar.web.presence import Presence

log = logging.getLogger(__name__)

# One round trip for "who is online": the people of the processes still alive.
_ONLINE = """
local people = {}
for _, process in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. ':alive:' .. process) == 1 then
    table.insert(people, ARGV[1] .. ':presence:' .. ARGV[2] .. ':' .. process)
  end
end
if #people == 0 then return {} end
return redis.call('SUNION', unpack(people))
"""


class Processes:
    """This process's part in the instance's shared state (see the module)."""

    def __init__(self, url: str, prefix: str, heartbeat: float, timeout: float) -> None:
        import redis  # the `redis` extra: only an instance with a message queue needs it

        self._redis_error: type[Exception] = redis.RedisError
        self.client = redis.Redis(connection_pool=redis_pool(url, decode_responses=True))
        # The listener waits for signals for as long as none comes: no read timeout there.
        self._listener = redis.Redis.from_url(url, decode_responses=True)
        self.prefix = prefix
        self.id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.heartbeat = heartbeat
        self.timeout = timeout
        self.presence: Presence | None = None
        self._online = self.client.register_script(_ONLINE)
        self._handlers: dict[str, Callable[[str], None]] = {}
        self._lock = threading.Lock()
        self._started = False

    # -- keys -----------------------------------------------------------------------------------

    def _key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    def _present(self, code: str, process: str) -> str:
        return self._key("presence", code, process)

    def _members(self, *key: str) -> set[str]:
        """The members of set ``key`` (decoded: the client answers in text)."""
        return {str(member) for member in self.client.smembers(self._key(*key))}

    # -- presence -------------------------------------------------------------------------------

    def came(self, code: str, participant_id: str) -> None:
        self._quietly(self._add, code, participant_id)

    def went(self, code: str, participant_id: str) -> None:
        self._quietly(self.client.srem, self._present(code, self.id), participant_id)

    def _add(self, code: str, participant_id: str) -> None:
        with self.client.pipeline(transaction=False) as pipe:
            pipe.sadd(self._present(code, self.id), participant_id)
            pipe.sadd(self._key("holders", code), self.id)
            pipe.sadd(self._key("held", self.id), code)
            pipe.execute()

    def online(self, code: str) -> set[str]:
        """The people of ``code`` with a socket in a live process (this one's own are added
        by ``SharedPresence`` from memory)."""
        people = self._quietly(self._online, keys=[self._key("holders", code)],
                               args=[self.prefix, code])
        return set(people or ())

    def forget_seminar(self, code: str) -> None:
        """Seminar ``code`` was deleted: remove its presence of every process."""
        def forget() -> None:
            holders = self._members("holders", code)
            with self.client.pipeline(transaction=False) as pipe:
                for process in holders:
                    pipe.delete(self._present(code, process))
                    pipe.srem(self._key("held", process), code)
                pipe.delete(self._key("holders", code))
                pipe.execute()
        self._quietly(forget)

    # -- signals --------------------------------------------------------------------------------

    def on(self, kind: str, handler: Callable[[str], None]) -> None:
        """Call ``handler(code)`` when another process publishes ``kind`` for a seminar."""
        self._handlers[kind] = handler

    def publish(self, kind: str, code: str) -> None:
        message = json.dumps({"from": self.id, "kind": kind, "code": code})
        self._quietly(self.client.publish, self._key("signals"), message)

    # -- the background tasks -------------------------------------------------------------------

    def start(self, app: Flask) -> None:
        """Start the heartbeat and the listener (once; ``seminar run`` does it)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        with app.app_context():
            try:
                self.beat()
            except Exception:  # the heartbeat goes on trying; the server must start
                log.exception("the first heartbeat of process %s failed", self.id)
        socketio.start_background_task(self._beating, app)
        socketio.start_background_task(self._listening, app)

    def beat(self) -> list[str]:
        """Refresh this process's heartbeat, write its presence again from memory, and sweep
        the dead. Return the seminars announced.

        The sets are rewritten at every beat, in one transaction per seminar, because the
        writes of ``came``/``went`` go out on whichever connection is free and may reach Redis
        out of order, or not at all while it is away; and a process swept while it was frozen
        (past the timeout) finds its sets gone. Wherever the stored set differed from memory,
        every process announces the seminar, so no screen keeps a ghost or misses a phone
        for longer than a heartbeat."""
        self.client.set(self._key("alive", self.id), "1", px=int(self.timeout * 1000))
        self.client.sadd(self._key("processes"), self.id)
        corrected = self._rewrite_presence()
        for code in corrected:
            self._announce_presence(code)
        return [*corrected, *self.sweep()]

    def _rewrite_presence(self) -> list[str]:
        """Make Redis hold exactly this process's people per seminar; the seminars whose
        stored set was different."""
        here = self.presence.seminars() if self.presence is not None else {}
        held = self._members("held", self.id)
        differed = []
        for code in sorted(held | set(here)):
            people = here.get(code, set())
            key = self._present(code, self.id)
            with self.client.pipeline(transaction=True) as pipe:
                pipe.smembers(key)
                pipe.delete(key)
                if people:
                    pipe.sadd(key, *people)
                    pipe.sadd(self._key("holders", code), self.id)
                    pipe.sadd(self._key("held", self.id), code)
                else:  # nobody of it here any more: the process holds nothing of it
                    pipe.srem(self._key("holders", code), self.id)
                    pipe.srem(self._key("held", self.id), code)
                stored = pipe.execute()[0]
            if {str(person) for person in stored} != people:
                differed.append(code)
        return differed

    def sweep(self) -> list[str]:
        """Remove the presence of every process whose heartbeat expired; announce (through
        the ``presence`` handler, in every process) the seminars they held."""
        announced: list[str] = []
        for process in self._members("processes"):
            if process == self.id or self.client.exists(self._key("alive", process)):
                continue
            if not self.client.srem(self._key("processes"), process):
                continue  # another process sweeps it
            held = sorted(self._members("held", process))
            with self.client.pipeline(transaction=False) as pipe:
                for code in held:
                    pipe.srem(self._key("holders", code), process)
                    pipe.delete(self._present(code, process))
                pipe.delete(self._key("held", process))
                pipe.execute()
            log.warning("process %s stopped answering; %d seminar(s) announced again",
                        process, len(held))
            announced.extend(held)
        for code in dict.fromkeys(announced):
            self._announce_presence(code)
        return announced

    def _announce_presence(self, code: str) -> None:
        """Every process announces who is connected in ``code``: the others first (one
        failing announcement here must not keep it from them)."""
        self.publish("presence", code)
        handler = self._handlers.get("presence")
        if handler is None:
            return
        try:
            handler(code)
        except Exception:  # the next change announces it; the log says why this one failed
            log.exception("announcing the presence of %s failed", code)

    def _beating(self, app: Flask) -> None:
        while True:
            socketio.sleep(self.heartbeat)  # type: ignore[arg-type]  # seconds may be a float
            with app.app_context():
                try:
                    self.beat()
                except Exception:  # a background task has nobody to report to but the log
                    log.exception("the heartbeat of process %s failed", self.id)

    def _listening(self, app: Flask) -> None:
        while True:
            try:
                pubsub = self._listener.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self._key("signals"))
                for message in pubsub.listen():
                    self._receive(app, message)
            except self._redis_error:
                log.exception("listening to the other processes failed; trying again")
                socketio.sleep(1)

    def _receive(self, app: Flask, message: dict[str, Any]) -> None:
        try:
            signal = json.loads(message["data"])
            if signal["from"] == self.id:
                return
            handler = self._handlers.get(signal["kind"])
            if handler is not None:
                with app.app_context():
                    handler(signal["code"])
        except Exception:  # one bad signal must not stop the listener
            log.exception("a signal from another process failed: %r", message)

    def _quietly(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Redis unreachable: the sockets of this process still work (presence is then only
        this process's); the log says so."""
        try:
            return call(*args, **kwargs)
        except self._redis_error:
            log.exception("Redis (the message queue) did not answer")
            return None
