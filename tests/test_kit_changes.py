"""What an edit of the kit does to the running programme: timers follow their blocks, the
current block stays current, the started current block keeps its kind and duration and stays,
and which questions an edit removes."""

from dataclasses import replace

import pytest

from seminar.domain.errors import BlockRunning
from seminar.domain.kit import Block, BlockKind
from seminar.domain.kit_changes import match_blocks, reconcile, removed_questions
from seminar.domain.kit_parser import parse_kit
from seminar.domain.programme import Programme
from seminar.domain.timer import Timer
from tests.conftest import NOW, SHORT_KIT

KIT = parse_kit(SHORT_KIT)
WELCOME, GROUP_WORK, CLOSING = KIT.blocks


def _running_group_work() -> Programme:
    """The welcome done, group work running since NOW."""
    programme = Programme.new(KIT.blocks).start(NOW - 700).next(NOW - 100).start(NOW)
    assert programme.current == 1
    return programme


def test_a_moved_block_keeps_its_timer_and_the_current_index_follows_it():
    before = _running_group_work()
    after = reconcile(before, (GROUP_WORK, WELCOME, CLOSING), (1, 0, 2))
    assert after.current == 0
    assert after.timers == (before.timers[1], before.timers[0], before.timers[2])
    assert after.timers[0].started_at == NOW and after.timers[1].started_at == NOW - 700


def test_adding_and_removing_before_the_current_block_moves_its_index():
    before = _running_group_work()
    extra = Block("Kaffe", BlockKind.BREAK, 600)
    added = reconcile(before, (extra, WELCOME, GROUP_WORK, CLOSING), (None, 0, 1, 2))
    assert added.current == 2
    assert added.timers == (Timer(600), *before.timers)
    removed = reconcile(before, (GROUP_WORK, CLOSING), (1, 2))
    assert removed.current == 0 and removed.timers == before.timers[1:]


def test_the_started_current_block_keeps_its_kind():
    with pytest.raises(BlockRunning) as refused:
        reconcile(_running_group_work(),
                  (WELCOME, replace(GROUP_WORK, kind=BlockKind.PLENARY, questions=()),
                   CLOSING), (0, 1, 2))
    assert refused.value.code == "block_running"
    assert str(refused.value) == "«Gruppearbeid» has started: its type cannot change while it runs."


def test_the_started_current_block_keeps_its_duration_even_when_paused():
    paused = _running_group_work().pause(NOW + 60)
    with pytest.raises(BlockRunning) as refused:
        reconcile(paused, (WELCOME, replace(GROUP_WORK, duration=2400), CLOSING), (0, 1, 2))
    assert str(refused.value) == ("«Gruppearbeid» has started: change its time with the "
                                  "extend and shorten buttons.")


def test_the_started_current_block_cannot_be_removed():
    with pytest.raises(BlockRunning) as refused:
        reconcile(_running_group_work(), (WELCOME, CLOSING), (0, 2))
    assert str(refused.value) == ("«Gruppearbeid» has started, so it cannot be removed. Go to "
                                  "another block first.")


def test_a_current_block_not_started_may_change_or_go_and_the_next_one_becomes_current():
    before = Programme.new(KIT.blocks).go_to(1, NOW)
    changed = reconcile(before, (WELCOME, replace(GROUP_WORK, duration=2400), CLOSING),
                        (0, 1, 2))
    assert changed.current == 1 and changed.timers[1] == Timer(2400)
    gone = reconcile(before, (WELCOME, CLOSING), (0, 2))
    assert gone.current == 1 and gone.timers == (Timer(600), Timer(300))
    last = reconcile(Programme.new(KIT.blocks).go_to(2, NOW), (WELCOME, GROUP_WORK), (0, 1))
    assert last.current == 1


def test_a_later_block_not_started_gets_its_new_duration_a_done_one_keeps_its_times():
    before = _running_group_work().adjust(120)
    after = reconcile(before, (replace(WELCOME, duration=60), GROUP_WORK,
                               replace(CLOSING, duration=900)), (0, 1, 2))
    assert after.timers[0] == before.timers[0]  # done: as it ran
    assert after.timers[1] == before.timers[1]  # current: extended by 2 minutes, running
    assert after.timers[2] == Timer(900)


def test_a_replaced_text_matches_blocks_by_title_then_by_position():
    renamed = replace(WELCOME, title="Velkommen alle")
    new = Block("Ny", BlockKind.OTHER, 60)
    assert match_blocks(KIT.blocks, (renamed, CLOSING, GROUP_WORK)) == (0, 2, 1)
    assert match_blocks(KIT.blocks, (GROUP_WORK, new, new, new)) == (1, None, 2, None)
    assert match_blocks(KIT.blocks, (WELCOME, WELCOME)) == (0, 1)


def test_the_questions_an_edit_removes_are_those_whose_id_goes():
    without_q1 = replace(KIT, blocks=(WELCOME, replace(GROUP_WORK,
                                                       questions=GROUP_WORK.questions[1:]),
                                      CLOSING))
    assert removed_questions(KIT, without_q1) == [(GROUP_WORK.questions[0], "Gruppearbeid")]
    renamed = replace(GROUP_WORK, questions=(replace(GROUP_WORK.questions[0], id="q9"),
                                             GROUP_WORK.questions[1]))
    assert [q.id for q, _ in removed_questions(
        KIT, replace(KIT, blocks=(WELCOME, renamed, CLOSING)))] == ["q1"]
    assert removed_questions(KIT, replace(KIT, blocks=(WELCOME, CLOSING))) == [
        (GROUP_WORK.questions[0], "Gruppearbeid"), (GROUP_WORK.questions[1], "Gruppearbeid")]
    assert removed_questions(KIT, KIT) == []
