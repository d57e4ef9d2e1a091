"""``find_duplicates`` (hash, then exact comparison) agrees with a dictionary of rows seen."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gkrules.engine.log_check import find_duplicates


@st.composite
def tables(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    rows = draw(st.integers(0, 300))
    width = draw(st.integers(0, 4))
    # Few distinct values per column: many rows repeat each other, some only in part.
    time = np.array(draw(st.lists(st.integers(-3, 3), min_size=rows, max_size=rows)), np.int64)
    time *= 86_400_000_000
    date_only = np.array(draw(st.lists(st.booleans(), min_size=rows, max_size=rows)), np.bool_)
    columns = [
        np.array(draw(st.lists(st.integers(-1, 2), min_size=rows, max_size=rows)), np.int32)
        for _ in range(width)
    ]
    return time, date_only, columns


def _brute_force(
    time: np.ndarray, date_only: np.ndarray, columns: list[np.ndarray]
) -> tuple[list[int], list[int]]:
    seen: dict[tuple[int, ...], int] = {}
    duplicates, firsts = [], []
    for index in range(time.size):
        key = (int(time[index]), int(date_only[index]), *(int(c[index]) for c in columns))
        first = seen.setdefault(key, index)
        if first != index:
            duplicates.append(index)
            firsts.append(first)
    return duplicates, firsts


@settings(max_examples=300, deadline=None)
@given(table=tables())
def test_duplicates_are_the_rows_equal_to_an_earlier_row(
    table: tuple[np.ndarray, np.ndarray, list[np.ndarray]],
) -> None:
    duplicates, firsts = find_duplicates(*table)
    expected = _brute_force(*table)
    order = np.argsort(duplicates, kind="stable")
    assert (duplicates[order].tolist(), firsts[order].tolist()) == expected


def test_a_million_distinct_rows_have_no_duplicates_and_one_repeat_is_found() -> None:
    time = np.arange(1_000_000, dtype=np.int64) * 1_000_000
    date_only = np.zeros(time.size, np.bool_)
    codes = (np.arange(time.size) % 7).astype(np.int32)
    assert [a.size for a in find_duplicates(time, date_only, [codes])] == [0, 0]
    time[777_777] = time[3]
    codes[777_777] = codes[3]
    duplicates, firsts = find_duplicates(time, date_only, [codes])
    assert duplicates.tolist() == [777_777]
    assert firsts.tolist() == [3]
