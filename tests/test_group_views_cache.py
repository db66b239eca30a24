"""The groups' snapshot is kept while it is current, and never shown stale: not after a change
made through this store, nor after one made through another (another process on the file)."""

import pytest

from seminar.services import group_views
from seminar.services import groups as svc
from seminar.services.plenary import configure
from seminar.store import Store
from tests.conftest import NOW
from tests.query_count import statements
from tests.services_fixtures import kari_ola_and_per, seat


@pytest.fixture
def other(store):
    """Another store on the same database file, as another process has."""
    other = Store(store.path)
    yield other
    other.close()


def _views(snap):
    return (group_views.facilitator_view(snap, set()),
            {pid: group_views.member_view(snap, pid, set()) for pid in snap.people_by_id})


def test_a_kept_snapshot_is_used_again_while_nothing_changed(store, seminar):
    kari_ola_and_per(store, seminar)
    cache = group_views.SnapshotCache()
    first = cache.snapshot(store, seminar)
    assert cache.snapshot(store, seminar) is first
    assert _views(first) == _views(group_views.snapshot(store, seminar))


def test_every_change_made_through_another_store_is_seen_at_once(store, other, seminar):
    people = kari_ola_and_per(store, seminar)
    cache = group_views.SnapshotCache()
    changes = [
        lambda: svc.enter_seminar(other, seminar, "new-participant", NOW),
        lambda: svc.choose_group(other, seminar, "new-participant", people["b"], NOW),
        lambda: svc.rename_participant(other, seminar, people["ola"], "Ola N.", NOW),
        lambda: svc.take_role(other, seminar, people["ola"], "skriver", NOW, take_over=True),
        lambda: svc.take_role(other, seminar, people["per"], "skriver", NOW),
        lambda: svc.configure_groups(other, seminar, True, 4, NOW, locked=True),
        lambda: svc.ask_to_join(other, seminar, people["per"], people["a"], NOW),
        lambda: svc.rename_group(other, seminar, people["b"], "Bord B", NOW),
        lambda: svc.set_group_size(other, seminar, people["a"], 9, NOW),
        lambda: svc.leave_group(other, seminar, people["kari"], NOW),
        lambda: svc.merge_groups(other, seminar, people["b"], people["a"], NOW),
    ]
    for change in changes:
        before = cache.snapshot(store, seminar)
        change()
        after = cache.snapshot(store, seminar)
        fresh = group_views.snapshot(other, seminar)
        assert after.version > before.version
        assert _views(after) == _views(fresh)
        assert group_views.projector_view(after) == group_views.projector_view(fresh)


def test_turning_anonymity_on_is_seen_by_the_big_screens_view(store, other, seminar):
    seat(store, seminar, {"A": ["kari-participant"]})
    cache = group_views.SnapshotCache()
    assert group_views.projector_view(cache.snapshot(store, seminar))["groups"][0][
        "name"] == "A"
    configure(other, seminar, anonymous=True)
    assert group_views.projector_view(cache.snapshot(store, seminar))["groups"][0][
        "name"] is None


@pytest.mark.parametrize("people", [3, 60])
def test_a_current_snapshot_costs_one_query_whatever_the_seminar_holds(store, seminar, people):
    seat(store, seminar, {"A": [f"p{n}" for n in range(people)], "B": ["q"]})
    cache = group_views.SnapshotCache()
    cache.snapshot(store, seminar)
    ran = statements(store, lambda: cache.snapshot(store, seminar))
    assert [s.split()[0].upper() for s in ran] == ["BEGIN", "SELECT", "COMMIT"]


def test_a_phones_own_snapshot_gives_it_the_same_views_as_the_whole_one(store, seminar):
    """When a phone's own action just changed the groups, its answer is built from its own
    group only; what it shows is the same as from everyone read."""
    people = kari_ola_and_per(store, seminar)
    svc.enter_seminar(store, seminar, "without-group", NOW)
    svc.take_role(store, seminar, people["ola"], "skriver", NOW, take_over=True)
    svc.configure_groups(store, seminar, True, 2, NOW, locked=True)
    svc.ask_to_join(store, seminar, people["per"], people["a"], NOW)
    whole = group_views.snapshot(store, seminar)
    online = {people["kari"], people["per"]}
    for phone in [*people.values(), "without-group", "not-a-participant"]:
        if isinstance(phone, int):
            continue
        cache = group_views.SnapshotCache()
        own = cache.snapshot(store, seminar, phone=phone)
        assert group_views.public_view(own) == group_views.public_view(whole)
        assert group_views.projector_view(own) == group_views.projector_view(whole)
        assert (group_views.member_view(own, phone, online)
                == group_views.member_view(whole, phone, online)), phone
        ran = statements(store, lambda c=cache, p=phone: c.snapshot(store, seminar, phone=p))
        assert not [s for s in ran if "FROM [participants] WHERE seminar_id = ? ORDER" in s]
    assert group_views.member_view(whole, people["ola"], online)["group"]["requests"]
    assert group_views.member_view(whole, people["per"], online)["asked"] == people["a"]


def _reads_groups(store, read) -> bool:
    return any("FROM [groups]" in s for s in statements(store, read))


def test_the_groups_own_rows_are_read_again_only_when_they_changed(store, other, seminar):
    """While a hall joins, the groups' version moves with every phone, but their names and
    sizes do not: a phone's answer reads them again only when a group was made, renamed,
    resized or deleted (``groups_layout``, moved by triggers), whoever wrote it."""
    people = kari_ola_and_per(store, seminar)
    cache = group_views.SnapshotCache()
    for phone in ("kari-participant", "ola-participant"):
        cache.snapshot(store, seminar, phone=phone)

    def phone_view(phone="per-participant"):
        return cache.snapshot(store, seminar, phone=phone)

    svc.enter_seminar(other, seminar, "new-participant", NOW)
    svc.choose_group(other, seminar, "new-participant", people["b"], NOW)
    with other.write():
        other.answers.bump_seq(people["a"])  # an answer's counter lives in the group's row
    assert not _reads_groups(store, phone_view)
    assert group_views.public_view(phone_view()) == group_views.public_view(
        group_views.snapshot(other, seminar))
    changes = [
        (lambda: svc.rename_group(other, seminar, people["b"], "Bord B", NOW),
         lambda view: view["groups"][1]["name"] == "Bord B"),
        (lambda: svc.set_group_size(other, seminar, people["a"], 9, NOW),
         lambda view: view["groups"][0]["limit"] == 9),
        (lambda: svc.prepare_groups(other, seminar, "C", NOW),
         lambda view: [group["name"] for group in view["groups"]][-1] == "C"),
        (lambda: svc.merge_groups(other, seminar, people["b"], people["a"], NOW),
         lambda view: "Bord B" not in [group["name"] for group in view["groups"]]),
    ]
    for change, shows in changes:
        change()
        assert _reads_groups(store, phone_view)
        view = group_views.public_view(phone_view())
        assert shows(view), view
        assert view == group_views.public_view(group_views.snapshot(other, seminar))
        assert not _reads_groups(store, lambda: cache.snapshot(store, seminar, phone="ola"))
