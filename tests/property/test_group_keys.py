"""Group keys ranked by counting equal group keys ranked by sorting (engine/table.py)."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gkrules.engine.table import (
    _factorize_by_counting,
    _factorize_by_sorting,
    event_table,
    factorize_keys,
)
from tests.engine_support import RecordLog

AS_OF = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
NAMES = ("unit", "platform", "case")


@st.composite
def logs(draw: st.DrawFn) -> RecordLog:
    values = {
        "unit": draw(
            st.lists(st.sampled_from(("甲", "乙", "丙", "", "丁")), min_size=1, max_size=4)
        ),
        "platform": draw(st.lists(st.sampled_from(("微信", "微博", "")), min_size=1, max_size=3)),
        "case": draw(st.lists(st.text("AB", min_size=0, max_size=2), min_size=1, max_size=5)),
    }
    rows = []
    for _ in range(draw(st.integers(0, 30))):
        row = {"time": draw(st.dates(dt.date(2021, 1, 1), dt.date(2021, 3, 1))).isoformat()}
        row["event"] = "e"
        for name, choices in values.items():
            if draw(st.booleans()):
                row[name] = draw(st.sampled_from(choices))
        rows.append(row)
    return RecordLog(rows)


def _decoded(codes: np.ndarray, keys: object) -> list[object]:
    return [keys[int(c)] if c >= 0 else None for c in codes.tolist()]  # type: ignore[index]


@settings(max_examples=300, deadline=None)
@given(
    log=logs(),
    names=st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True),
    every=st.booleans(),
    data=st.data(),
)
def test_counting_equals_sorting(
    log: RecordLog, names: list[str], every: bool, data: st.DataObject
) -> None:
    table, _ = event_table(log, AS_OF)
    rows = (
        np.arange(len(table), dtype=np.int64)
        if every
        else np.asarray(
            data.draw(st.lists(st.integers(0, max(len(table) - 1, 0)), max_size=len(table))),
            dtype=np.int64,
        )
    )
    parts = [table.coded(name) for name in names]
    sizes = [max(len(vocab), 1) for _, vocab in parts]
    space = int(np.prod(sizes))
    counted, counted_keys = _factorize_by_counting(names, parts, sizes, space, rows)
    sorted_, sorted_keys = _factorize_by_sorting(names, parts, rows)
    assert counted.tolist() == sorted_.tolist()
    assert len(counted_keys) == len(sorted_keys)
    assert [counted_keys[g] for g in range(len(counted_keys))] == [
        sorted_keys[g] for g in range(len(sorted_keys))
    ]
    assert _decoded(counted, counted_keys) == _decoded(sorted_, sorted_keys)
    if every:
        whole, whole_keys = factorize_keys(table, names)
        assert whole.tolist() == sorted_.tolist()
        assert _decoded(whole, whole_keys) == _decoded(sorted_, sorted_keys)
        for position, name in enumerate(names):
            groups = np.arange(-1, len(whole_keys), dtype=np.int64)
            assert whole_keys.values(name, groups) == [None] + [
                whole_keys[g][position] for g in range(len(whole_keys))
            ]


@settings(max_examples=200, deadline=None)
@given(
    events=st.lists(st.sampled_from([f"事件{i}" for i in range(9)]), max_size=60),
    asked=st.lists(
        st.lists(st.sampled_from([f"事件{i}" for i in range(10)]), max_size=4), max_size=5
    ),
)
def test_event_rows_found_at_once_are_those_found_one_scan_each(
    events: list[str], asked: list[list[str]]
) -> None:
    """A table of many event names finds every event's rows with one sort of the rows by code;
    the rows are those a scan for each event finds, ascending."""
    log = RecordLog(
        [{"time": f"2021-01-{i % 28 + 1:02d}", "event": e} for i, e in enumerate(events)]
    )
    table, _ = event_table(log, AS_OF)
    names = table.event_names
    for wanted in [*asked, list(names)]:
        expected = np.flatnonzero(
            np.isin(table.event, [names.index(n) for n in wanted if n in names])
        )
        assert table.event_rows(wanted).tolist() == expected.tolist()
    for code in range(len(names)):
        assert table._rows_of_code(code).tolist() == np.flatnonzero(table.event == code).tolist()


@settings(max_examples=300, deadline=None)
@given(log=logs(), name=st.sampled_from(NAMES), every=st.booleans(), data=st.data())
def test_column_codes_group_as_dense_codes(
    log: RecordLog, name: str, every: bool, data: st.DataObject
) -> None:
    """``dense=False`` (a single key's own column codes) groups the rows as the dense codes do,
    in the same order, with the same key values; -1 exactly where the key is missing."""
    table, _ = event_table(log, AS_OF)
    rows = (
        None
        if every
        else np.asarray(
            data.draw(st.lists(st.integers(0, max(len(table) - 1, 0)), max_size=len(table))),
            dtype=np.int64,
        )
    )
    dense, dense_keys = factorize_keys(table, [name], rows)
    own, own_keys = factorize_keys(table, [name], rows, dense=False)
    assert own.dtype == np.int64
    assert (own < 0).tolist() == (dense < 0).tolist()
    present = dense >= 0
    # The same partition, in the same order: one code maps to one code, increasingly.
    pairs = sorted(set(zip(dense[present].tolist(), own[present].tolist(), strict=True)))
    assert [d for d, _ in pairs] == sorted({d for d, _ in pairs})
    assert [o for _, o in pairs] == sorted({o for _, o in pairs})
    assert _decoded(own, own_keys) == _decoded(dense, dense_keys)
