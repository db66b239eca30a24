"""The async mode: the one place that knows about gevent, eventlet and threading.

gevent is the default. eventlet (the design card's choice, in legacy mode upstream) and
threading also work. The mode must be chosen, and gevent or eventlet must monkey-patch the
standard library, before Flask, Socket.IO, ``threading`` or ``socket`` are used — so it is read
from the environment (``SEMINAR_ASYNC_MODE``) by the launcher, not from the app config.
"""

import gc
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Literal, ParamSpec, TypeVar

AsyncMode = Literal["gevent", "eventlet", "threading"]
MODES: tuple[AsyncMode, ...] = ("gevent", "eventlet", "threading")
DEFAULT_MODE: AsyncMode = "gevent"
_patched: str | None = None
_Params = ParamSpec("_Params")
_Result = TypeVar("_Result")


def async_mode_from_env() -> str:
    mode = os.environ.get("SEMINAR_ASYNC_MODE", DEFAULT_MODE).strip().lower() or DEFAULT_MODE
    if mode not in MODES:
        raise SystemExit(f"SEMINAR_ASYNC_MODE must be one of {', '.join(MODES)}, not {mode!r}")
    return mode


def checked_mode(mode: str) -> AsyncMode:
    """``mode`` if it is one of ``MODES``; ``ValueError`` otherwise."""
    for known in MODES:
        if mode == known:
            return known
    raise ValueError(f"the async mode must be one of {', '.join(MODES)}, not {mode!r}")


def prepare(mode: str) -> str:
    """Monkey-patch the standard library for ``mode``; call before importing Flask-SocketIO."""
    global _patched
    if _patched is not None:
        return _patched
    if mode in ("gevent", "eventlet"):
        # The hub shares the GIL with ``off_loop``'s threads: let it have it back within a
        # millisecond (instead of five) when it has a client to answer.
        sys.setswitchinterval(0.001)
    if mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
    elif mode == "eventlet":
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # EventletDeprecationWarning: we know
            import eventlet

        eventlet.monkey_patch()
    _patched = mode
    return mode


GC_THRESHOLDS = (50_000, 20, 100)


def tune_collector() -> None:
    """Python's cyclic garbage collector, for a server whose heap grows by a third of a million
    objects while a hall joins (each socket's engine, queues, greenlets and session): by
    default the collector goes through the whole heap each time it has grown by a quarter,
    which was a quarter of the server's CPU while 1,000 phones joined at once, in pauses of up
    to a third of a second (benchmarks/bursts.py, measured with ``gc.callbacks``). What was
    made while starting is frozen (never looked through again), and the young objects are
    collected less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


LISTEN_BACKLOG = 2048  # connections the kernel keeps waiting to be accepted (gevent)


def run_server(socketio, app, host: str, port: int) -> None:
    """Serve ``app`` with the server that belongs to the async mode."""
    tune_collector()
    options = {"host": host, "port": port, "use_reloader": False, "log_output": False}
    if socketio.async_mode == "gevent":
        # A hall arriving at once: gevent's default queue of 128 waiting connections lets the
        # kernel drop the rest, and each dropped phone tries again only 1, 3, 7 s later
        # (benchmarks/bursts.py counted thousands of overflows at 1,000 phones).
        options["backlog"] = LISTEN_BACKLOG
    if socketio.async_mode == "threading":
        options["allow_unsafe_werkzeug"] = True
    socketio.run(app, **options)


def off_loop(work: Callable[_Params, _Result], *args: _Params.args,
             **kwargs: _Params.kwargs) -> _Result:
    """Run ``work`` in a real OS thread and wait for it without holding up anyone else.

    Under gevent or eventlet every client is served by one thread (the hub): a long CPU-bound
    call there stalls them all. In another OS thread the interpreter hands the hub the GIL
    every few milliseconds, so the hub keeps serving while this greenlet waits (gevent's hub
    threadpool, eventlet's tpool). In threading mode (and before ``prepare``) every request
    already has its own thread: ``work`` is called directly. ``work`` must be pure computation:
    no store, no lock, no socket (those are cooperative objects of the hub's thread). Its
    exception is raised here.
    """
    if _patched == "gevent":
        from gevent import get_hub

        return get_hub().threadpool.apply(work, args, kwargs)
    if _patched == "eventlet":
        from eventlet import tpool

        return tpool.execute(work, *args, **kwargs)
    return work(*args, **kwargs)


def pause() -> None:
    """Let every other client be served before going on: between the short transactions of a
    long piece of work (under gevent and eventlet ``time.sleep`` is the hub's, which runs the
    other greenlets and reads the sockets; in threading mode it gives up the GIL)."""
    time.sleep(0.001)


def in_process(module: str, data: bytes, *, timeout: float = 120) -> bytes:
    """Run ``python -m module`` with ``data`` on its standard input; return its output.

    For pure computation long enough that even a thread would hold up the hub: a thread shares
    the GIL with it, and some C calls (a regular expression over a long text) keep the GIL for
    tens of milliseconds each. Another process shares nothing. ``subprocess`` is cooperative
    under gevent and eventlet (both patch it), so only this greenlet waits.
    """
    done = subprocess.run([sys.executable, "-m", module], input=data, capture_output=True,
                          timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed: {done.stderr.decode(errors='replace')[-2000:]}")
    return done.stdout
