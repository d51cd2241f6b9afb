"""Several devices: one worker process per device, each shot equal to what one device renders.

On this CPU-only machine the two "devices" are two CPU worker processes, each loading the tiny
random-weight Wan pipeline from disk through the backend's own loading code.
"""

from __future__ import annotations

from functools import partial

import pytest

from render import RenderRequest
from render.pool import WorkerPool
from tests.support.backends import crash_once, tiny_wan
from tests.support.tiny import wan
from tools.probe import probe, read_frame
from tools.render_shot import render_shot


@pytest.fixture(scope="module")
def t2v(tmp_path_factory):
    return str(wan.build(tmp_path_factory.mktemp("wan-t2v"), "t2v"))


def shots(count=4):
    return [RenderRequest(shot_id=f"S01-0{i}", prompt=f"a red dog runs in the rain {i}", width=64, height=32,
                          fps=16, num_frames=3 + i, seed=i) for i in range(1, count + 1)]  # one segment each


def frames(path, count):
    return [read_frame(path, i).tobytes() for i in range(count)]


def test_two_workers_render_the_same_frames_as_one_backend(t2v, tmp_path):
    import concurrent.futures as cf

    single = tiny_wan(model=t2v)
    alone = [render_shot(single, r, tmp_path / "one") for r in shots()]
    pool = WorkerPool(partial(tiny_wan, model=t2v), ["cpu", "cpu"])
    try:
        assert pool.identity() == single.identity() and "2 workers" in pool.label
        with cf.ThreadPoolExecutor(4) as ex:
            pooled = list(ex.map(lambda r: render_shot(pool, r, tmp_path / "two"), shots()))
    finally:
        pool.close()
    workers = {r.details["worker"] for r in pooled}
    assert workers == {"cpu"}  # both workers report their device
    for a, b in zip(alone, pooled, strict=True):
        assert probe(b.clip_path).num_frames == a.num_frames
        assert frames(a.clip_path, a.num_frames) == frames(b.clip_path, b.num_frames)


def test_a_worker_that_dies_is_restarted_and_no_finished_shot_is_lost(t2v, tmp_path):
    marker = tmp_path / "crashed"
    pool = WorkerPool(partial(crash_once, model=t2v, marker=str(marker), crash_shot="S01-02"), ["cpu"])
    try:
        first = render_shot(pool, shots()[0], tmp_path / "cache")
        second = render_shot(pool, shots()[1], tmp_path / "cache")  # the worker dies once on this one
    finally:
        pool.close()
    assert marker.exists()
    assert probe(first.clip_path).num_frames == first.num_frames  # finished before the crash, still there
    assert probe(second.clip_path).num_frames == second.num_frames  # retried on the restarted worker
