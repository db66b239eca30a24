"""Helpers shared by the socket tests: sending an edit, reading what a client received, and
any JSON value (for hypothesis)."""

from hypothesis import strategies as st

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12)


def send(sio, code, kind, edit_id, **fields):
    return sio.emit("answer:edit", {"code": code, "edit": {"id": edit_id, "kind": kind,
                                                            **fields}}, callback=True)


def received(sio, *events):
    """The payloads ``sio`` received since last asked, per event name (drains the buffer)."""
    packets = sio.get_received()
    found = [[p["args"][0] for p in packets if p["name"] == event] for event in events]
    return found[0] if len(events) == 1 else found


def run_apart(coroutine):
    """``asyncio.run(coroutine)`` in a thread of its own, and its result: while the end-to-end
    tests' browser lives (a session fixture), Playwright's sync API keeps an event loop
    running in the main thread, where ``asyncio.run`` refuses to start another."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
