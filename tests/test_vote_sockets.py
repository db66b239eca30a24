"""The vote across groups over Socket.IO: only the facilitator opens and closes; a phone gives
at most N votes, one per item, across reconnects; a closed vote refuses; results reach the
facilitators and the big screen, counts only; deleting the seminar deletes the votes."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seminar.extensions import socketio
from seminar.services import votes
from seminar.services.seminars import find_seminar
from tests import vote_fixtures
from tests.conftest import SHORT_KIT

make_seminar = vote_fixtures.make_seminar  # the hall on the vote kit
vote_hall = vote_fixtures.vote_hall

VOTE_EVENTS = ["vote:open", "vote:close", "vote:cast", "vote:fetch"]


def facilitate(hall, event, **payload):
    return hall["facilitator"].emit(event, {"code": hall["code"], **payload}, callback=True)


def vote(hall, phone, item, up=True):
    return hall[phone].emit("vote:cast", {"code": hall["code"], "question": "q2", "item": item,
                                          "up": up}, callback=True)


def keys(hall):
    return [entry["key"] for entry in facilitate(hall, "vote:fetch")["state"]["votes"][0]["items"]]


def test_only_the_facilitator_opens_and_closes(vote_hall):
    for sender in ("kari", "per", "projector"):
        for event in ("vote:open", "vote:close"):
            ack = vote_hall[sender].emit(event, {"code": vote_hall["code"], "question": "q2"},
                                         callback=True)
            assert ack["ok"] is False and ack["error"]["code"] == "not_allowed", (sender, event)
    assert facilitate(vote_hall, "vote:fetch")["state"]["votes"] == []
    assert facilitate(vote_hall, "vote:open", question="q1")["error"]["code"] == \
        "vote_not_found"
    ack = vote_hall["facilitator"].emit("vote:cast", {"code": vote_hall["code"], "question": "q2",
                                                      "item": "point:x"}, callback=True)
    assert ack["error"]["code"] == "unknown_participant"  # the console has no phone identity


def test_opening_freezes_the_ranking_and_tells_every_screen(vote_hall):
    assert vote(vote_hall, "kari", "point:point-a-0001")["error"]["code"] == "vote_closed"
    ack = facilitate(vote_hall, "vote:open", question="q2")
    assert ack["ok"] and ack["state"]["open"] == ["q2"]
    items = [{"key": "point:point-a-0001", "title": "Mer tid", "rank": 1},
             {"key": "point:point-b-0001", "title": "Bedre skyss", "rank": 1},
             {"key": "point:point-a-0002", "title": "Felles kalender", "rank": 3}]
    for screen in ("kari", "per", "projector", "facilitator"):
        got = vote_hall[screen].get_received()
        [state] = [p["args"][0] for p in got if p["name"] == "vote:state"]
        assert state == {"code": vote_hall["code"], "open": ["q2"], "votes": [
            {"question": "q2", "title": "Spørsmål 2", "allowed": 2, "open": True,
             "items": items}]}, screen
        results = [p["args"][0] for p in got if p["name"] == "vote:results"]
        if screen in ("kari", "per"):
            assert results == []
        else:
            assert results[-1]["voters"] == 0
            assert [i["votes"] for i in results[-1]["items"]] == [0, 0, 0]
    # a theme made afterwards does not change what people vote on
    vote_hall["facilitator"].emit("theme:create", {
        "code": vote_hall["code"], "question": "q2", "title": "Tid",
        "points": ["point-a-0001", "point-b-0001"]}, callback=True)
    assert keys(vote_hall) == [i["key"] for i in items]


def test_n_votes_one_per_item_and_a_closed_vote_refuses(vote_hall):
    facilitate(vote_hall, "vote:open", question="q2")
    a1, b1, a2 = keys(vote_hall)
    assert vote(vote_hall, "kari", a1) == {"ok": True, "question": "q2", "mine": [a1]}
    assert vote(vote_hall, "kari", a1)["mine"] == [a1]  # twice: still one vote
    assert vote(vote_hall, "kari", b1)["mine"] == [a1, b1]
    refused = vote(vote_hall, "kari", a2)
    assert refused["ok"] is False and refused["error"]["code"] == "no_votes_left"
    assert "2" in refused["error"]["message"]
    assert vote(vote_hall, "kari", a1, up=False)["mine"] == [b1]
    assert vote(vote_hall, "kari", a2)["mine"] == [b1, a2]
    assert vote(vote_hall, "per", a2)["ok"]
    assert vote(vote_hall, "per", "point:nope")["error"]["code"] == "invalid_input"
    [results] = facilitate(vote_hall, "vote:fetch", question="q2")["results"]
    assert (results["voters"], results["cast"]) == (2, 3)
    assert [i["votes"] for i in results["items"]] == [0, 1, 2]
    assert facilitate(vote_hall, "vote:close", question="q2")["state"]["open"] == []
    closed = vote(vote_hall, "per", b1)
    assert closed["ok"] is False and closed["error"]["code"] == "vote_closed"
    assert vote(vote_hall, "kari", a2, up=False)["error"]["code"] == "vote_closed"
    [frozen] = facilitate(vote_hall, "vote:fetch", question="q2")["results"]
    assert frozen["items"] == results["items"] and frozen["open"] is False


def test_one_vote_per_item_across_reconnects(vote_hall, app):
    facilitate(vote_hall, "vote:open", question="q2")
    a1, b1, a2 = keys(vote_hall)
    assert vote(vote_hall, "ola", a1)["ok"]
    again = vote_hall["ola"]
    again.disconnect()
    again.connect()
    again.emit("seminar:join", {"code": vote_hall["code"], "view": "participant"}, callback=True)
    fetched = again.emit("vote:fetch", {"code": vote_hall["code"]}, callback=True)
    assert fetched["mine"] == {"q2": [a1]} and "results" not in fetched
    ack = again.emit("vote:cast", {"code": vote_hall["code"], "question": "q2", "item": a1},
                     callback=True)
    assert ack["mine"] == [a1]
    again.emit("vote:cast", {"code": vote_hall["code"], "question": "q2", "item": b1},
               callback=True)
    ack = again.emit("vote:cast", {"code": vote_hall["code"], "question": "q2", "item": a2},
                     callback=True)
    assert ack["error"]["code"] == "no_votes_left"
    [results] = facilitate(vote_hall, "vote:fetch", question="q2")["results"]
    assert results["voters"] == 1 and results["cast"] == 2
    other_tab = socketio.test_client(app, flask_test_client=again.flask_test_client)
    other_tab.emit("seminar:join", {"code": vote_hall["code"], "view": "participant"},
                   callback=True)
    ack = other_tab.emit("vote:cast", {"code": vote_hall["code"], "question": "q2", "item": a2},
                         callback=True)
    assert ack["error"]["code"] == "no_votes_left"  # the same person in a second tab
    other_tab.disconnect()


def test_the_projector_shows_the_vote_and_its_result(vote_hall):
    facilitate(vote_hall, "vote:open", question="q2")
    a1, *_ = keys(vote_hall)
    ack = facilitate(vote_hall, "display:show", mode="vote", question="q2")
    assert ack["ok"], ack
    vote(vote_hall, "per", a1)
    fetched = vote_hall["projector"].emit("display:fetch", {"code": vote_hall["code"]},
                                          callback=True)
    display = fetched.get("display", fetched)
    assert display["mode"] == "vote" and display["vote"]["items"][0]["votes"] == 1
    assert facilitate(vote_hall, "display:show", mode="vote", question="q1")["ok"] is False
    [results] = vote_hall["projector"].emit("vote:fetch", {"code": vote_hall["code"]},
                                            callback=True)["results"]
    assert "participant" not in str(results) and results["voters"] == 1


def test_a_vote_needs_a_summary_with_items(app_store, make_seminar, connect):  # noqa: F811
    seminar, key = make_seminar()
    facilitator = connect(facilitator_of=(seminar, key))
    facilitator.emit("seminar:join", {"code": seminar.code, "view": "facilitator"}, callback=True)
    ack = facilitator.emit("vote:open", {"code": seminar.code, "question": "q2"}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid_input"
    plain, plain_key = make_seminar(SHORT_KIT)
    assert votes.vote_state(app_store, find_seminar(app_store, plain.code))["votes"] == []


def test_deleting_the_seminar_deletes_its_votes(vote_hall, app_store):
    facilitate(vote_hall, "vote:open", question="q2")
    vote(vote_hall, "per", keys(vote_hall)[0])
    seminar = find_seminar(app_store, vote_hall["code"])
    with app_store.write():
        app_store.seminars.delete(seminar.record.id)
    assert app_store.db.execute("SELECT COUNT(*) FROM votes").fetchone()[0] == 0
    assert app_store.db.execute("SELECT COUNT(*) FROM vote_ballots").fetchone()[0] == 0


payloads = st.fixed_dictionaries({}, optional={
    "question": st.one_of(st.sampled_from(["q1", "q2", ""]), st.integers(), st.none(),
                          st.text(max_size=300)),
    "item": st.one_of(st.sampled_from(["point:point-a-0001", "theme:1", ""]), st.integers(),
                      st.text(max_size=300), st.lists(st.text(max_size=3), max_size=3)),
    "up": st.one_of(st.booleans(), st.integers(), st.none()),
    "extra": st.text(max_size=5)})


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(event=st.sampled_from(VOTE_EVENTS), payload=payloads,
       sender=st.sampled_from(["kari", "facilitator", "projector"]))
def test_fuzzed_vote_events_answer_ok_or_a_known_error(vote_hall, unlimited, event, payload,
                                                       sender):
    ack = vote_hall[sender].emit(event, {"code": vote_hall["code"], **payload}, callback=True)
    assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool)
    if not ack["ok"]:
        assert ack["error"]["code"] in {"invalid_input", "not_allowed", "vote_closed",
                                        "vote_not_found", "no_votes_left",
                                        "unknown_participant"}, ack
    mine = vote_hall["kari"].emit("vote:fetch", {"code": vote_hall["code"]},
                                  callback=True)["mine"]
    assert all(len(keys_) <= 2 for keys_ in mine.values())


def test_the_summary_shows_the_votes_beside_the_groups_ranking(vote_hall):
    facilitate(vote_hall, "vote:open", question="q2")
    a1, b1, _ = keys(vote_hall)
    vote(vote_hall, "kari", a1)
    vote(vote_hall, "per", a1)
    vote(vote_hall, "per", b1)
    summary = facilitate(vote_hall, "summary:fetch")["summary"]
    q2 = next(q for q in summary["questions"] if q["id"] == "q2")
    assert q2["vote"] == {"allowed": 2, "opened": True, "open": True, "voters": 2}
    assert [(i["title"], i["rank"], i["votes"]) for i in q2["ranking"]] == [
        ("Mer tid", 1, 2), ("Bedre skyss", 1, 1), ("Felles kalender", 3, 0)]
    q1 = next(q for q in summary["questions"] if q["id"] == "q1")
    assert q1["vote"] is None
    ack = facilitate(vote_hall, "display:show", mode="summary", question="q2", step=3)
    assert ack["ok"], ack
    display = vote_hall["projector"].emit("display:fetch", {"code": vote_hall["code"]},
                                          callback=True)
    display = display.get("display", display)
    assert display["voted"] is True
    assert [i["votes"] for i in display["items"]] == [2, 1, 0]
