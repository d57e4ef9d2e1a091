"""One-to-one matching (一对一, C11) computed for every group at once equals the greedy walk."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gkrules.engine.matching import match_one_to_one


def _walk(
    t_lo: np.ndarray, group: np.ndarray, f_hi: np.ndarray, f_group: np.ndarray, f_rows: np.ndarray
) -> np.ndarray:
    """The reference: per group, fulfilments by end (stable), instances in order, two pointers."""
    result = np.full(len(t_lo), -1, dtype=np.int64)
    for g in sorted(set(f_group.tolist())):
        mine = np.flatnonzero(f_group == g)
        mine = mine[np.argsort(f_hi[mine], kind="stable")]
        pointer = 0
        for i in np.flatnonzero(group == g).tolist():
            while pointer < len(mine) and f_hi[mine[pointer]] < t_lo[i]:
                pointer += 1
            if pointer < len(mine):
                result[i] = f_rows[mine[pointer]]
                pointer += 1
    return result


@st.composite
def cases(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    groups = draw(st.integers(1, 5))
    n = draw(st.integers(0, 25))
    m = draw(st.integers(0, 25))
    t_lo = np.array(draw(st.lists(st.integers(0, 30), min_size=n, max_size=n)), dtype=np.int64)
    group = np.array(draw(st.lists(st.integers(-1, groups - 1), min_size=n, max_size=n)), np.int64)
    f_hi = np.array(draw(st.lists(st.integers(0, 30), min_size=m, max_size=m)), dtype=np.int64)
    f_group = np.array(draw(st.lists(st.integers(0, groups - 1), min_size=m, max_size=m)), np.int64)
    f_rows = np.array(draw(st.permutations(range(100, 100 + m))), dtype=np.int64)
    return t_lo, group, f_hi, f_group, f_rows


@settings(max_examples=400)
@given(cases())
def test_the_vectorized_matching_equals_the_greedy_walk(case: tuple[np.ndarray, ...]) -> None:
    t_lo, group, f_hi, f_group, f_rows = case
    got = match_one_to_one(t_lo, group, f_hi, f_group, f_rows)
    assert got.tolist() == _walk(t_lo, group, f_hi, f_group, f_rows).tolist()
