"""The processes of one instance, through a real Redis: presence is the union of the live
processes' people, a dead process drops out when its heartbeat expires and is swept by a
survivor (which announces its seminars), a frozen process that was swept publishes its
presence again, and a signal reaches the other processes only."""

import json
import logging
import shutil
import socket
import subprocess
import time

import pytest
from flask import Flask

from seminar.web.presence import SharedPresence
from seminar.web.processes import Processes


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no", "--dir", str(workdir)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


_prefixes = iter(range(1_000_000))


@pytest.fixture
def instance(redis_url):
    """A fresh key prefix (one instance) and a way to make its processes."""
    prefix = f"test{next(_prefixes)}"
    made: list[Processes] = []

    def process(timeout: float = 0.5) -> tuple[Processes, SharedPresence]:
        processes = Processes(redis_url, prefix, heartbeat=0.1, timeout=timeout)
        presence = SharedPresence(processes)
        processes.beat()
        made.append(processes)
        return processes, presence

    yield process
    for processes in made:
        processes.client.close()


def test_presence_is_everyone_connected_to_any_live_process(instance):
    (_, here), (_, there) = instance(), instance()
    assert here.connected("sid-a", "ABC", "anna")
    assert there.connected("sid-b", "ABC", "bo")
    there.connected("sid-c", "ABC", "anna")  # Anna's second tab, on the other process
    assert here.online("ABC") == there.online("ABC") == {"anna", "bo"}
    assert here.local("ABC") == {"anna"}
    assert here.online("XYZ") == set()  # another seminar of the same instance
    assert there.disconnected("sid-c") == "ABC"  # Anna's tab there closed ...
    assert here.online("ABC") == {"anna", "bo"}  # ... but she is still here
    assert there.disconnected("sid-b") == "ABC"
    assert here.online("ABC") == {"anna"}


def test_a_dead_process_drops_out_when_its_heartbeat_expires_and_is_swept(instance):
    (alive, here), (dead, there) = instance(), instance(timeout=0.3)
    announced: list[str] = []
    alive.on("presence", announced.append)
    here.connected("sid-a", "ABC", "anna")
    there.connected("sid-b", "ABC", "bo")
    there.connected("sid-c", "DEF", "cy")
    assert here.online("ABC") == {"anna", "bo"}
    assert alive.sweep() == []  # nobody is dead yet
    time.sleep(0.4)  # the killed process beats no more: its heartbeat expires
    assert here.online("ABC") == {"anna"}  # left out at once, before any sweep
    assert sorted(alive.sweep()) == ["ABC", "DEF"]
    assert sorted(announced) == ["ABC", "DEF"]  # its seminars are announced again
    assert alive.sweep() == []  # swept once
    assert not alive.client.keys(f"{alive.prefix}:*:{dead.id}")  # nothing of it is left


def test_a_frozen_process_that_was_swept_publishes_its_presence_again(instance):
    (alive, here), (frozen, there) = instance(), instance(timeout=0.3)
    there.connected("sid-b", "ABC", "bo")
    time.sleep(0.4)
    alive.sweep()
    assert here.online("ABC") == set()
    frozen.beat()  # it wakes up: its sockets are still there
    assert here.online("ABC") == {"bo"}


def test_a_signal_reaches_the_other_processes_only(instance):
    (one, _), (other, _) = instance(), instance()
    listener = other.client.pubsub(ignore_subscribe_messages=True)
    listener.subscribe(f"{other.prefix}:signals")
    one.publish("groups", "ABC")
    message = None
    deadline = time.monotonic() + 5
    while message is None and time.monotonic() < deadline:
        message = listener.get_message(timeout=0.5)
    assert message is not None
    assert json.loads(message["data"]) == {"from": one.id, "kind": "groups", "code": "ABC"}
    received: list[tuple[str, str]] = []
    one.on("groups", lambda code: received.append(("one", code)))
    other.on("groups", lambda code: received.append(("other", code)))
    app = Flask("test")
    one._receive(app, message)  # its own signal: it announced the change itself
    other._receive(app, message)
    assert received == [("other", "ABC")]
    listener.close()


def test_a_deleted_seminars_presence_is_removed_in_every_process(instance):
    (one, here), (_, there) = instance(), instance()
    here.connected("sid-a", "ABC", "anna")
    there.connected("sid-b", "ABC", "bo")
    one.forget_seminar("ABC")
    assert there.online("ABC") == set() | there.local("ABC")
    assert not one.client.keys(f"{one.prefix}:presence:ABC:*")


def test_the_rate_limits_of_the_processes_count_together_in_the_queues_redis(redis_url):
    """Two processes' limiters, with the message queue set and no storage of their own: a
    client spread over both gets the limit once, not once per process."""
    from limits.storage import RedisStorage

    from seminar.config import Defaults
    from seminar.web.rate_limit import Limiter, TooFast, per_address

    config = {key: getattr(Defaults, key) for key in dir(Defaults) if key.isupper()}
    config.update(MESSAGE_QUEUE=redis_url, LIMIT_TEST="5 per 10 seconds")
    one, other = Limiter(config), Limiter(config)
    assert isinstance(one._window.storage, RedisStorage)
    limit = per_address("LIMIT_TEST")
    address = f"10.0.0.{next(_prefixes) % 250}"
    for limiter in (one, other, one, other, one):
        limiter.check([(limit, address)])
    with pytest.raises(TooFast):
        other.check([(limit, address)])
    assert one.used("LIMIT_TEST", address) == 5


def test_presence_that_drifted_in_redis_is_written_again_and_announced_at_the_next_beat(
        instance):
    """The writes of a coming and a going may reach Redis out of order (or not at all while it
    is away): each heartbeat writes the process's people again from memory, and the seminars
    whose stored set was wrong are announced."""
    (one, here), (_, there) = instance(), instance()
    announced: list[str] = []
    one.on("presence", announced.append)
    here.connected("sid-a", "ABC", "anna")
    one.client.sadd(one._present("ABC", one.id), "ghost")  # a going that was lost
    one.client.srem(one._present("ABC", one.id), "anna")  # a coming that came too early
    assert there.online("ABC") == {"ghost"}
    assert one.beat() == ["ABC"]
    assert there.online("ABC") == {"anna"}
    assert announced == ["ABC"]
    assert one.beat() == []  # nothing wrong: nothing announced
    here.disconnected("sid-a")
    one.beat()
    assert not one.client.sismember(f"{one.prefix}:holders:ABC", one.id)  # holds nothing


def test_the_rate_limits_let_requests_through_while_their_redis_does_not_answer(caplog):
    from seminar.config import Defaults
    from seminar.web.rate_limit import Limiter, per_address

    config = {key: getattr(Defaults, key) for key in dir(Defaults) if key.isupper()}
    config.update(MESSAGE_QUEUE=f"redis://127.0.0.1:{_free_port()}/0",
                  LIMIT_TEST="1 per 10 seconds")
    limiter = Limiter(config)
    with caplog.at_level(logging.WARNING, logger="seminar.web.rate_limit"):
        for _ in range(3):  # nothing listens there: every request goes through
            limiter.check([(per_address("LIMIT_TEST"), "10.0.0.1")])
        assert not limiter.full("LIMIT_TEST", "10.0.0.1")
    # said once, not at every request of a hall
    assert len([r for r in caplog.records if "did not answer" in r.getMessage()]) == 1
