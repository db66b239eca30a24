"""Join-code guessing: misses per address are answered ever later, and past the limit every
code from that address looks unknown, over Socket.IO and HTTP alike; a browser that knows the
seminar (its phone page's identity, the facilitator) is still served."""

import time

import pytest

from seminar.extensions import socketio

UNKNOWN = ["2222AA", "2222AB", "2222AC", "2222AD", "2222AE", "2222AF", "2222AG"]


@pytest.fixture
def guessing(app, set_limits):
    """Small numbers: two misses free, then 0.5 s, 1 s, 1 s...; five misses an hour. (An
    answer at once takes well under 0.4 s even on a busy machine.)"""
    app.config.update(CODE_MISSES_FREE=2, CODE_MISS_DELAY=0.5, CODE_MISS_DELAY_MAX=1.0)
    set_limits(LIMIT_CODE_MISSES_PER_ADDRESS="5 per hour")


def _timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_guesses_over_the_socket_wait_longer_and_then_even_the_right_code_looks_unknown(
        app, make_seminar, guessing):
    seminar, _ = make_seminar()
    sio = socketio.test_client(app)

    def join(code):
        return _timed(lambda: sio.emit("seminar:join", {"code": code, "view": "projector"},
                                       callback=True))

    assert join(seminar.code)[0]["ok"]  # a right code is answered at once, misses or not
    answers = [join(code) for code in UNKNOWN[:5]]
    unknown = answers[0][0]
    assert unknown["error"]["code"] == "not_found"
    assert all(ack == unknown for ack, _ in answers)
    waits = [wait for _, wait in answers]
    assert waits[0] < 0.4 and waits[1] < 0.4
    assert 0.5 <= waits[2] < 0.9 and 1.0 <= waits[3] < 1.4 and 1.0 <= waits[4] < 1.4
    # The address has used up its misses: the right code gets the same answer, as slowly.
    ack, wait = join(seminar.code)
    assert ack == unknown and wait >= 1.0
    ack, wait = join(UNKNOWN[5])
    assert ack == unknown and wait >= 1.0


def test_a_phone_or_facilitator_who_knows_the_seminar_is_still_served(
        app, make_seminar, connect, guessing):
    seminar, key = make_seminar()
    facilitator = connect(facilitator_of=(seminar, key))  # logged in before the guessing
    http = app.test_client()
    assert http.get(f"/s/{seminar.code}").status_code == 200  # before the guessing
    guesser = socketio.test_client(app, flask_test_client=app.test_client())  # same address
    for code in UNKNOWN[:5]:
        guesser.emit("seminar:join", {"code": code, "view": "projector"}, callback=True)
    phone = socketio.test_client(app, flask_test_client=http)
    assert phone.emit("seminar:join", {"code": seminar.code, "view": "participant"},
                      callback=True)["ok"]
    assert http.get(f"/s/{seminar.code}").status_code == 200
    assert facilitator.emit("seminar:join", {"code": seminar.code, "view": "facilitator"},
                            callback=True)["ok"]
    # A new phone of the same hall, without the page yet, is told the code is unknown.
    stranger = app.test_client()
    assert stranger.get(f"/s/{seminar.code}").status_code == 404


def test_http_guesses_get_the_unknown_codes_page_and_then_so_does_the_right_code(
        app, client, make_seminar, guessing):
    seminar, _ = make_seminar()
    pages = [_timed(lambda code=code: client.get(f"/s/{code}")) for code in UNKNOWN[:5]]
    assert {page.status_code for page, _ in pages} == {404}

    def body(page, code):  # the page names its own address (the language links)
        return page.get_data(as_text=True).replace(code, "CODE")

    assert all(body(page, code) == body(pages[0][0], UNKNOWN[0])
               for (page, _), code in zip(pages, UNKNOWN, strict=False))
    assert pages[0][1] < 0.4 and pages[4][1] >= 1.0
    refused, wait = _timed(lambda: client.get(f"/s/{seminar.code}"))
    assert refused.status_code == 404
    assert body(refused, seminar.code) == body(pages[0][0], UNKNOWN[0])
    assert wait >= 1.0
    # The start page's form: the right code is answered as an unknown one.
    typed = client.post("/join", data={"code": seminar.code})
    unknown = client.post("/join", data={"code": UNKNOWN[6]})
    assert typed.status_code == unknown.status_code == 404
    assert (typed.get_data(as_text=True).replace(seminar.code, "CODE")
            == unknown.get_data(as_text=True).replace(UNKNOWN[6], "CODE"))


def test_a_few_typos_are_answered_at_once_and_other_addresses_are_not_affected(
        app, client, make_seminar, guessing):
    seminar, _ = make_seminar()
    for code in UNKNOWN[:5]:
        client.get(f"/s/{code}")
    other = app.test_client()
    page, wait = _timed(lambda: other.get(f"/s/{UNKNOWN[0]}",
                                          environ_base={"REMOTE_ADDR": "198.51.100.9"}))
    assert page.status_code == 404 and wait < 0.4
    page = other.get(f"/s/{seminar.code}", environ_base={"REMOTE_ADDR": "198.51.100.9"})
    assert page.status_code == 200


def test_with_the_default_numbers_typos_cost_nothing(app, client, make_seminar):
    seminar, _ = make_seminar()
    for code in UNKNOWN:  # seven typos on one address: well within the free misses
        page, wait = _timed(lambda code=code: client.post("/join", data={"code": code}))
        assert page.status_code == 404 and wait < 0.4
    assert client.post("/join", data={"code": seminar.code}).status_code == 302


def test_any_event_naming_an_unknown_code_counts_as_a_guess(app, make_seminar, guessing):
    seminar, _ = make_seminar()
    sio = socketio.test_client(app)
    for code in UNKNOWN[:5]:
        ack = sio.emit("display:fetch", {"code": code}, callback=True)
        assert ack["error"]["code"] == "not_found"
    ack = sio.emit("display:fetch", {"code": seminar.code}, callback=True)
    assert ack["error"]["code"] == "not_found"
