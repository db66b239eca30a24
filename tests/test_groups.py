"""Groups service: joining, preparing, choosing and leaving groups, roles; with real SQLite."""

import random

import pytest

from seminar.domain.errors import InvalidInput, InvalidTransition, NotAllowed
from seminar.domain.limits import MAX_GROUPS, MAX_POINTS_PER_QUESTION
from seminar.services import answers, group_views
from seminar.services import groups as svc
from seminar.services.seminars import create_seminar
from tests.conftest import NOW, SHORT_KIT
from tests.test_answers import edit


def _join(store, seminar, name=None):
    participant, _ = svc.enter_seminar(store, seminar, svc.new_participant_id(), NOW)
    if name is not None:
        svc.rename_participant(store, seminar, participant.id, name, NOW)
    return store.groups.participant(seminar.record.id, participant.id)


def _state(store, seminar, online=frozenset()):
    """What the facilitator sees (every group in full), with ``online`` connected."""
    state = group_views.facilitator_view(group_views.snapshot(store, seminar), set(online))
    return {**state, "without_group": len(state["without_group"])}


def _group_ids(store, seminar):
    return {group["name"]: group["id"] for group in _state(store, seminar)["groups"]}


def test_a_phone_joins_once_and_keeps_its_identity(store, seminar):
    first = _join(store, seminar, "  Kari ")
    again, events = svc.enter_seminar(store, seminar, first.id, NOW)
    assert (first.name, again, events) == ("Kari", first, [])
    svc.rename_participant(store, seminar, first.id, "Kari N.", NOW)
    assert store.groups.participant(seminar.record.id, first.id).name == "Kari N."
    assert _state(store, seminar)["without_group"] == 1


def test_an_identity_from_another_seminar_is_not_reused(store, seminar):
    other = create_seminar(store, "short.md", SHORT_KIT, NOW)[0]
    mine = _join(store, seminar)
    with pytest.raises(svc.UnknownParticipant):
        svc.enter_seminar(store, other, mine.id, NOW)
    with pytest.raises(svc.UnknownParticipant):
        svc.rename_participant(store, other, mine.id, "Kari", NOW)
    assert store.groups.participants(other.record.id) == []


def test_prepared_groups_from_a_pasted_list(store, seminar):
    created, [event] = svc.prepare_groups(store, seminar, "Bergen\nSunnfjord", NOW)
    assert event == svc.GroupsChanged(seminar.code)
    assert list(_group_ids(store, seminar)) == ["Bergen", "Sunnfjord"]
    again, _ = svc.prepare_groups(store, seminar, "bergen\nTromsø", NOW)
    assert (created, again) == (2, 1)
    assert list(_group_ids(store, seminar)) == ["Bergen", "Sunnfjord", "Tromsø"]


def test_choosing_moving_and_leaving_groups(store, seminar):
    svc.prepare_groups(store, seminar, "A\nB", NOW)
    ids = _group_ids(store, seminar)
    kari, ola = _join(store, seminar, "Kari"), _join(store, seminar, "Ola")
    svc.choose_group(store, seminar, kari.id, ids["A"], NOW)
    svc.choose_group(store, seminar, ola.id, ids["A"], NOW)
    svc.choose_group(store, seminar, ola.id, ids["A"], NOW)  # a double click changes nothing
    svc.choose_group(store, seminar, kari.id, ids["B"], NOW)
    state = _state(store, seminar)
    assert [(g["name"], [m["name"] for m in g["members"]]) for g in state["groups"]] == [
        ("A", ["Ola"]), ("B", ["Kari"])]
    svc.leave_group(store, seminar, kari.id, NOW)
    assert _state(store, seminar)["without_group"] == 1


def test_a_full_group_refuses_newcomers(store, seminar):
    svc.prepare_groups(store, seminar, "A", NOW)
    svc.configure_groups(store, seminar, False, 1, NOW)
    group = _group_ids(store, seminar)["A"]
    svc.choose_group(store, seminar, _join(store, seminar).id, group, NOW)
    with pytest.raises(svc.GroupFull) as caught:
        svc.choose_group(store, seminar, _join(store, seminar).id, group, NOW)
    assert caught.value.params == {"name": "A"}


def test_a_deleted_group_cannot_be_joined_and_its_members_are_freed(store, seminar):
    svc.prepare_groups(store, seminar, "A", NOW)
    group = _group_ids(store, seminar)["A"]
    kari = _join(store, seminar)
    svc.choose_group(store, seminar, kari.id, group, NOW)
    svc.remove_group(store, seminar, group, NOW)
    with pytest.raises(svc.GroupNotFound):
        svc.choose_group(store, seminar, kari.id, group, NOW)
    state = _state(store, seminar)
    assert (state["groups"], state["without_group"]) == ([], 1)


def test_participants_create_groups_only_when_allowed(store, seminar):
    kari = _join(store, seminar)
    with pytest.raises(NotAllowed):
        svc.create_group(store, seminar, kari.id, "Bord 9", NOW)
    svc.configure_groups(store, seminar, True, None, NOW)
    group, _ = svc.create_group(store, seminar, kari.id, "Bord 9", NOW)
    assert _state(store, seminar)["groups"][0]["members"] == [
        {"id": kari.id, "name": "", "online": False}]
    with pytest.raises(svc.NameTaken):
        svc.create_group(store, seminar, svc.FACILITATOR, "bord 9", NOW)
    assert group.created_by == "participant"


def test_rename_and_merge(store, seminar):
    svc.prepare_groups(store, seminar, "A\nB", NOW)
    ids = _group_ids(store, seminar)
    kari, ola = _join(store, seminar, "Kari"), _join(store, seminar, "Ola")
    svc.choose_group(store, seminar, kari.id, ids["A"], NOW)
    svc.choose_group(store, seminar, ola.id, ids["B"], NOW)
    with pytest.raises(svc.NameTaken):
        svc.rename_group(store, seminar, ids["A"], "b", NOW)
    svc.rename_group(store, seminar, ids["A"], "Bord A", NOW)
    svc.merge_groups(store, seminar, ids["B"], ids["A"], NOW)
    [group] = _state(store, seminar)["groups"]
    assert (group["name"], [m["name"] for m in group["members"]]) == ("Bord A", ["Kari", "Ola"])
    with pytest.raises(InvalidInput):
        svc.merge_groups(store, seminar, ids["A"], ids["A"], NOW)


def test_the_app_assigns_roles_fairly_and_rotates_them(store, seminar):
    svc.prepare_groups(store, seminar, "A\nB", NOW)
    ids = _group_ids(store, seminar)
    members = [_join(store, seminar, f"P{i}") for i in range(5)]
    for member in members[:3]:
        svc.choose_group(store, seminar, member.id, ids["A"], NOW)
    for member in members[3:]:
        svc.choose_group(store, seminar, member.id, ids["B"], NOW)
    rng = random.Random(4)
    scribes = []
    for _ in range(3):
        svc.assign_roles_by_app(store, seminar, NOW, rng)
        state = _state(store, seminar)
        a, b = state["groups"]
        assert sorted(a["roles"]) == ["moteleder", "skriver"]
        assert len(set(a["roles"].values())) == 2
        assert b["roles"]["moteleder"] != b["roles"]["skriver"]
        scribes.append(a["roles"]["skriver"])
    assert sorted(scribes) == sorted(m.id for m in members[:3])


def test_members_take_and_hand_over_roles_within_their_group_only(store, seminar):
    svc.prepare_groups(store, seminar, "A\nB", NOW)
    ids = _group_ids(store, seminar)
    kari, ola, per = (_join(store, seminar, n) for n in ("Kari", "Ola", "Per"))
    svc.choose_group(store, seminar, kari.id, ids["A"], NOW)
    svc.choose_group(store, seminar, ola.id, ids["A"], NOW)
    svc.choose_group(store, seminar, per.id, ids["B"], NOW)
    svc.take_role(store, seminar, kari.id, "skriver", NOW)
    assert _state(store, seminar)["groups"][0]["roles"] == {"skriver": kari.id}
    svc.take_role(store, seminar, kari.id, "skriver", NOW, member_id=ola.id)
    assert _state(store, seminar)["groups"][0]["roles"] == {"skriver": ola.id}
    with pytest.raises(NotAllowed):
        svc.take_role(store, seminar, kari.id, "skriver", NOW, member_id=per.id)
    with pytest.raises(InvalidInput):
        svc.take_role(store, seminar, kari.id, "sjef", NOW)
    svc.take_role(store, seminar, svc.FACILITATOR, "skriver", NOW, member_id=kari.id)
    assert _state(store, seminar)["groups"][0]["roles"] == {"skriver": kari.id}


def test_leaving_frees_the_roles_held(store, seminar):
    svc.prepare_groups(store, seminar, "A", NOW)
    group = _group_ids(store, seminar)["A"]
    kari = _join(store, seminar)
    svc.choose_group(store, seminar, kari.id, group, NOW)
    svc.take_role(store, seminar, kari.id, "skriver", NOW)
    svc.leave_group(store, seminar, kari.id, NOW)
    assert _state(store, seminar)["groups"][0]["roles"] == {}


def test_every_view_carries_the_version_of_the_data_it_was_built_from(store, seminar):
    def version():
        return group_views.snapshot(store, seminar).version

    start = version()
    svc.prepare_groups(store, seminar, "A", NOW)
    kari = _join(store, seminar, "Kari")  # joining, then naming: two changes
    assert version() == start + 3 == version()  # reading changes nothing
    svc.choose_group(store, seminar, kari.id, _group_ids(store, seminar)["A"], NOW)
    snap = group_views.snapshot(store, seminar)
    assert snap.version == start + 4
    assert group_views.member_view(snap, kari.id, set())["version"] == snap.version
    assert group_views.public_view(snap)["version"] == snap.version
    with pytest.raises(svc.GroupFull):  # a refused change moves nothing on
        svc.configure_groups(store, seminar, False, 1, NOW)
        svc.choose_group(store, seminar, _join(store, seminar).id,
                         _group_ids(store, seminar)["A"], NOW)
    assert version() == start + 6  # configure and the new phone's join, not the refusal


def test_a_held_role_moves_only_with_the_holders_consent(store, seminar):
    svc.prepare_groups(store, seminar, "A", NOW)
    group = _group_ids(store, seminar)["A"]
    kari, ola = _join(store, seminar, "Kari"), _join(store, seminar, "Ola")
    for person in (kari, ola):
        svc.choose_group(store, seminar, person.id, group, NOW)
    svc.take_role(store, seminar, kari.id, "skriver", NOW)
    with pytest.raises(svc.RoleHeld):
        svc.take_role(store, seminar, ola.id, "skriver", NOW)
    assert _state(store, seminar)["groups"][0]["requests"] == []
    # Asking does not take: the holder is asked, and the request waits in the group's view.
    events = svc.take_role(store, seminar, ola.id, "skriver", NOW, take_over=True)
    assert events == [svc.GroupsChanged(seminar.code),
                      svc.RoleRequested(seminar.code, kari.id, "skriver", ola.id, "Ola")]
    [state] = _state(store, seminar)["groups"]
    assert (state["roles"], state["requests"]) == (
        {"skriver": kari.id}, [{"role": "skriver", "from": ola.id, "to": kari.id}])
    # Only the holder answers; a no changes nothing but the request.
    with pytest.raises(svc.RequestGone):
        svc.answer_role_request(store, seminar, ola.id, "skriver", ola.id, True, NOW)
    events = svc.answer_role_request(store, seminar, kari.id, "skriver", ola.id, False, NOW)
    assert events == [svc.GroupsChanged(seminar.code),
                      svc.RoleAnswered(seminar.code, ola.id, "skriver", False, kari.id, "Kari")]
    [state] = _state(store, seminar)["groups"]
    assert (state["roles"], state["requests"]) == ({"skriver": kari.id}, [])
    with pytest.raises(svc.RequestGone):  # answered once
        svc.answer_role_request(store, seminar, kari.id, "skriver", ola.id, True, NOW)
    # Asked again, a yes hands the role over.
    svc.take_role(store, seminar, ola.id, "skriver", NOW, take_over=True)
    svc.answer_role_request(store, seminar, kari.id, "skriver", ola.id, True, NOW)
    [state] = _state(store, seminar)["groups"]
    assert (state["roles"], state["requests"]) == ({"skriver": ola.id}, [])
    # The facilitator hands roles on without asking, and nobody is told.
    events = svc.take_role(store, seminar, svc.FACILITATOR, "skriver", NOW, member_id=kari.id)
    assert events == [svc.GroupsChanged(seminar.code)]


def test_a_request_goes_stale_when_the_role_moves_or_the_asker_leaves(store, seminar):
    svc.prepare_groups(store, seminar, "A", NOW)
    group = _group_ids(store, seminar)["A"]
    kari, ola = _join(store, seminar, "Kari"), _join(store, seminar, "Ola")
    for person in (kari, ola):
        svc.choose_group(store, seminar, person.id, group, NOW)
    svc.take_role(store, seminar, kari.id, "skriver", NOW)
    svc.take_role(store, seminar, ola.id, "skriver", NOW, take_over=True)
    svc.leave_group(store, seminar, ola.id, NOW)
    assert _state(store, seminar)["groups"][0]["requests"] == []
    with pytest.raises(svc.RequestGone):
        svc.answer_role_request(store, seminar, kari.id, "skriver", ola.id, True, NOW)
    assert _state(store, seminar)["groups"][0]["roles"] == {"skriver": kari.id}


def _locked_hall(store, seminar):
    """Groups A and B; Kari in A; the groups then locked; Ola joined after, without a group."""
    svc.prepare_groups(store, seminar, "A\nB", NOW)
    ids = _group_ids(store, seminar)
    kari, ola = _join(store, seminar, "Kari"), _join(store, seminar, "Ola")
    svc.choose_group(store, seminar, kari.id, ids["A"], NOW)
    svc.configure_groups(store, seminar, False, None, NOW, locked=True)
    return ids, kari, ola


def test_locked_groups_take_only_their_placed_members(store, seminar):
    ids, kari, ola = _locked_hall(store, seminar)
    with pytest.raises(svc.GroupsLocked):
        svc.choose_group(store, seminar, kari.id, ids["B"], NOW)
    with pytest.raises(svc.GroupsLocked):
        svc.choose_group(store, seminar, ola.id, ids["A"], NOW)
    # Kari was in A when the groups locked: she may leave and come back.
    svc.leave_group(store, seminar, kari.id, NOW)
    svc.choose_group(store, seminar, kari.id, ids["A"], NOW)
    # The facilitator places Ola in B (and moves her as often as needed).
    svc.place_participant(store, seminar, ola.id, ids["B"], NOW)
    svc.leave_group(store, seminar, ola.id, NOW)
    svc.choose_group(store, seminar, ola.id, ids["B"], NOW)
    with pytest.raises(NotAllowed):
        svc.create_group(store, seminar, ola.id, "C", NOW)
    assert [len(group["members"]) for group in _state(store, seminar)["groups"]] == [1, 1]


def test_asking_to_join_a_locked_group_waits_for_the_facilitator(store, seminar):
    ids, kari, ola = _locked_hall(store, seminar)
    svc.ask_to_join(store, seminar, ola.id, ids["A"], NOW)
    snap = group_views.snapshot(store, seminar)
    assert group_views.facilitator_view(snap, set())["requests"] == [
        {"person": {"id": ola.id, "name": "Ola", "online": False}, "group": ids["A"]}]
    mine = group_views.member_view(snap, ola.id, set())
    assert (mine["group"], mine["asked"], mine["placed"]) == (None, ids["A"], None)
    svc.answer_join_request(store, seminar, ola.id, False, NOW)  # declined: nothing changes
    assert store.groups.participant(seminar.record.id, ola.id).group_id is None
    with pytest.raises(svc.RequestGone):
        svc.answer_join_request(store, seminar, ola.id, True, NOW)
    svc.ask_to_join(store, seminar, ola.id, ids["B"], NOW)
    svc.ask_to_join(store, seminar, ola.id, None, NOW)  # withdrawn
    assert group_views.facilitator_view(group_views.snapshot(store, seminar), set())[
        "requests"] == []
    svc.ask_to_join(store, seminar, ola.id, ids["A"], NOW)
    svc.answer_join_request(store, seminar, ola.id, True, NOW)
    mine = group_views.member_view(group_views.snapshot(store, seminar), ola.id, set())
    assert (mine["group"]["id"], mine["asked"], mine["placed"]) == (ids["A"], None, ids["A"])
    # Unlocked: everyone chooses freely again, and asking simply joins.
    svc.ask_to_join(store, seminar, kari.id, ids["B"], NOW)
    svc.configure_groups(store, seminar, False, None, NOW, locked=False)
    assert group_views.facilitator_view(group_views.snapshot(store, seminar), set())[
        "requests"] == []
    svc.choose_group(store, seminar, kari.id, ids["B"], NOW)
    svc.ask_to_join(store, seminar, ola.id, ids["B"], NOW)
    assert [len(group["members"]) for group in _state(store, seminar)["groups"]] == [0, 2]


def test_the_name_comes_with_the_group_choice_or_not_at_all(store, seminar):
    svc.prepare_groups(store, seminar, "A", NOW)
    group = _group_ids(store, seminar)["A"]
    kari = _join(store, seminar)
    with pytest.raises(InvalidInput):
        svc.choose_group(store, seminar, kari.id, group, NOW, name="x" * 41)
    assert store.groups.participant(seminar.record.id, kari.id).group_id is None
    svc.choose_group(store, seminar, kari.id, group, NOW, name=" Kari ")
    person = store.groups.participant(seminar.record.id, kari.id)
    assert (person.name, person.group_id) == ("Kari", group)


def test_a_seminar_never_has_more_groups_than_the_limit(store, seminar):
    """Pasting twice, or adding one by one, cannot pass MAX_GROUPS (the export of such a
    seminar would not import again)."""
    created, _ = svc.prepare_groups(store, seminar, f"Bord 1-{MAX_GROUPS}", NOW)
    assert created == MAX_GROUPS
    with pytest.raises(InvalidInput) as refused:
        svc.prepare_groups(store, seminar, "Rom 1-2", NOW)
    assert refused.value.params == {"limit": MAX_GROUPS}
    with pytest.raises(InvalidInput):
        svc.create_group(store, seminar, svc.FACILITATOR, "Bord ekstra", NOW)
    svc.configure_groups(store, seminar, True, None, NOW)
    with pytest.raises(InvalidInput):
        svc.create_group(store, seminar, _join(store, seminar).id, "Vår gruppe", NOW)
    assert svc.prepare_groups(store, seminar, "Bord 1\nbord 2", NOW)[0] == 0  # already there
    assert len(store.groups.all(seminar.record.id)) == MAX_GROUPS


def test_a_half_full_seminar_refuses_a_paste_that_would_pass_the_limit_whole(store, seminar):
    svc.prepare_groups(store, seminar, "Bord 1-150", NOW)
    with pytest.raises(InvalidInput):
        svc.prepare_groups(store, seminar, "Rom 1-51", NOW)
    assert len(store.groups.all(seminar.record.id)) == 150  # none of the 51 were made
    assert svc.prepare_groups(store, seminar, "Rom 1-50", NOW)[0] == 50


def test_a_merge_never_gives_a_group_more_points_than_one_may_write(store, seminar):
    svc.prepare_groups(store, seminar, "A\nB", NOW)
    ids = _group_ids(store, seminar)
    kari, ola = _join(store, seminar, "Kari"), _join(store, seminar, "Ola")
    svc.choose_group(store, seminar, kari.id, ids["A"], NOW)
    svc.choose_group(store, seminar, ola.id, ids["B"], NOW)
    answers.set_all_members_write(store, seminar, True)
    half = MAX_POINTS_PER_QUESTION // 2 + 1
    for who in (kari, ola):
        for n in range(half):
            edit(store, seminar, who.id, "add", point=f"{who.name}-point-{n:03d}",
                 question="q1", text=f"Punkt {n}")
    with pytest.raises(InvalidTransition):
        svc.merge_groups(store, seminar, ids["B"], ids["A"], NOW)
    assert [len(store.answers.points(ids[name], "q1")) for name in "AB"] == [half, half]
    edit(store, seminar, ola.id, "delete", point="Ola-point-000", revision=1)
    edit(store, seminar, ola.id, "delete", point="Ola-point-001", revision=1)
    svc.merge_groups(store, seminar, ids["B"], ids["A"], NOW)
    assert len(store.answers.points(ids["A"], "q1")) == MAX_POINTS_PER_QUESTION


def test_the_member_view_says_who_writes_by_the_same_rule_as_the_answers(store, seminar):
    from seminar.services import answers

    svc.prepare_groups(store, seminar, "A\nB", NOW)
    ids = _group_ids(store, seminar)
    kari, ola, per = (_join(store, seminar, name) for name in ("Kari", "Ola", "Per"))
    for person, group in ((kari, "A"), (ola, "A"), (per, "B")):
        svc.choose_group(store, seminar, person.id, ids[group], NOW)

    def writes():
        snap = group_views.snapshot(store, seminar)
        views = group_views.member_views(snap, set())
        assert all(views[p.id] == group_views.member_view(snap, p.id, set())
                   for p in (kari, ola, per))
        return {name: views[p.id]["may_write"]
                for name, p in (("kari", kari), ("ola", ola), ("per", per))}

    def suggests(person, n):
        result, _ = answers.apply_edit(store, seminar, person.id, {
            "id": f"edit-{person.id[:6]}-{n:04d}", "kind": "add", "question": "q1",
            "point": f"point-{person.id[:6]}-{n:04d}", "text": "Et punkt"}, NOW)
        return result["point"]["suggested"]

    # nobody holds the scribe's role yet: everyone writes
    assert writes() == {"kari": True, "ola": True, "per": True}
    svc.take_role(store, seminar, kari.id, "skriver", NOW)
    assert writes() == {"kari": True, "ola": False, "per": True}
    assert (suggests(kari, 1), suggests(ola, 1), suggests(per, 1)) == (False, True, False)
    svc.take_role(store, seminar, kari.id, "moteleder", NOW)  # not a writing role
    assert writes() == {"kari": True, "ola": False, "per": True}
    answers.set_all_members_write(store, seminar, True)
    assert writes() == {"kari": True, "ola": True, "per": True}
    assert suggests(ola, 2) is False
    answers.set_all_members_write(store, seminar, False)
    svc.leave_group(store, seminar, kari.id, NOW)  # the scribe's role is free again
    assert writes() == {"kari": False, "ola": True, "per": True}
    assert suggests(ola, 3) is False
    assert group_views.member_view(group_views.snapshot(store, seminar), "nobody", set()) == {
        "version": group_views.snapshot(store, seminar).version, "me": None, "group": None,
        "may_write": False, "placed": None, "asked": None}
