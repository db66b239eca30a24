"""The garbage collector of a serving process: what was made while starting is frozen and the
young objects are collected less often (``seminar.concurrency.tune_collector``)."""

import gc

import pytest

from seminar import concurrency


@pytest.fixture
def collector():
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_serving_freezes_what_starting_made_and_collects_less_often(collector):
    kept = [[n] for n in range(1000)]  # objects made before serving
    concurrency.tune_collector()
    assert gc.get_threshold() == concurrency.GC_THRESHOLDS
    assert gc.get_freeze_count() >= len(kept)
    assert gc.get_threshold()[0] > 10 * 700  # Python's default young generation
