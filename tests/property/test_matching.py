"""Matching keys (C11): one integer per row that orders fulfilments by end and finds, per
instance, the earliest fulfilment of its group ending at or after it, whichever way its ranks
are made (the instances' grid of steps, or a sort of the ends)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gkrules.engine import matching
from gkrules.engine.matching import match_first, time_keys

DAY = 86_400_000_000
MINUTE = 60_000_000
BASE = 1_700_000_000_000_000  # an instant in 2023, in microseconds


@st.composite
def rows(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    """Instance starts on a grid (days, minutes or any step), fulfilment ends on the same grid,
    at the last microsecond of a step (date-only rows), or anywhere; random groups."""
    step = draw(st.sampled_from([DAY, MINUTE, 7, 1]))
    groups = draw(st.integers(1, 4))
    n = draw(st.integers(1, 20))
    m = draw(st.integers(1, 20))
    t_steps = draw(st.lists(st.integers(0, 12), min_size=n, max_size=n))
    f_steps = draw(st.lists(st.integers(-2, 14), min_size=m, max_size=m))
    where = draw(st.sampled_from(["grid", "last", "mixed", "anywhere"]))
    within = {
        "grid": [0] * m,
        "last": [step - 1] * m,
        "mixed": draw(st.lists(st.sampled_from([0, step - 1]), min_size=m, max_size=m)),
        "anywhere": draw(st.lists(st.integers(0, step - 1), min_size=m, max_size=m)),
    }[where]
    t_lo = BASE + np.array(t_steps, np.int64) * step
    f_hi = BASE + np.array(f_steps, np.int64) * step + np.array(within, np.int64)
    t_group = np.array(draw(st.lists(st.integers(-1, groups - 1), min_size=n, max_size=n)))
    f_group = np.array(draw(st.lists(st.integers(0, groups - 1), min_size=m, max_size=m)))
    return t_lo, t_group.astype(np.int64), f_hi, f_group.astype(np.int64)


@settings(max_examples=500)
@given(rows())
def test_keys_compare_as_the_times_do_in_a_group(case: tuple[np.ndarray, ...]) -> None:
    t_lo, t_group, f_hi, f_group = case
    t_key, f_key = time_keys(t_lo, t_group, f_hi, f_group)
    for i in range(len(t_lo)):
        for j in range(len(f_hi)):
            if t_group[i] == f_group[j]:
                assert (f_key[j] >= t_key[i]) == (f_hi[j] >= t_lo[i])
            elif t_group[i] < f_group[j]:
                assert t_key[i] < f_key[j]
            else:
                assert t_key[i] > f_key[j]
    start = t_lo.min()
    for a in range(len(f_hi)):
        for b in range(len(f_hi)):
            if f_group[a] == f_group[b] and f_hi[a] < f_hi[b]:
                assert f_key[a] <= f_key[b]
                if f_hi[a] >= start:  # ends before every start may share a key
                    assert f_key[a] < f_key[b]


def _first(t_lo: np.ndarray, group: np.ndarray, f_hi: np.ndarray, f_group: np.ndarray) -> list[int]:
    """The reference: per instance, the earliest end at or after its start (first in order)."""
    found = []
    for lo, g in zip(t_lo.tolist(), group.tolist(), strict=True):
        best = -1
        for j, (hi, fg) in enumerate(zip(f_hi.tolist(), f_group.tolist(), strict=True)):
            if fg == g and hi >= lo and (best < 0 or hi < f_hi[best]):
                best = j
        found.append(100 + best if best >= 0 else -1)
    return found


@settings(max_examples=500)
@given(rows())
def test_match_first_finds_the_earliest_end_at_or_after_the_start(
    case: tuple[np.ndarray, ...],
) -> None:
    t_lo, t_group, f_hi, f_group = case
    f_rows = np.arange(100, 100 + len(f_hi), dtype=np.int64)
    got = match_first(t_lo, t_group, f_hi, f_group, f_rows)
    assert got.tolist() == _first(t_lo, t_group, f_hi, f_group)


@settings(max_examples=200)
@given(rows())
def test_both_ways_of_ranking_give_the_same_matches(case: tuple[np.ndarray, ...]) -> None:
    t_lo, t_group, f_hi, f_group = case
    f_rows = np.arange(100, 100 + len(f_hi), dtype=np.int64)
    grid = match_first(t_lo, t_group, f_hi, f_group, f_rows)
    sorted_ends = matching._grid_ranks
    try:
        matching._grid_ranks = lambda *_: None  # type: ignore[assignment]
        by_sort = match_first(t_lo, t_group, f_hi, f_group, f_rows)
    finally:
        matching._grid_ranks = sorted_ends
    assert grid.tolist() == by_sort.tolist()


def test_the_grid_serves_times_on_a_minute_grid_and_date_only_ends() -> None:
    starts = BASE + np.array([0, 3, 5], np.int64) * MINUTE
    assert matching._grid_ranks(starts, starts + 2 * MINUTE, 4) is not None
    days = BASE + np.array([0, 2, 9], np.int64) * DAY
    assert matching._grid_ranks(days, days + DAY - 1, 400_000) is not None
    # a date-only end among timed ones: two ends could share a step, so ranks come from a sort
    assert matching._grid_ranks(starts, np.array([starts[0], starts[1] + DAY - 1]), 4) is None
