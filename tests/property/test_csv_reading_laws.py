"""Laws of the CSV readers: the fast paths read every file exactly as the ``csv`` module does.

The standard reader codes plain blocks with numpy (engine/log_cells.py) and leaves other blocks
to the ``csv`` module; pyarrow reads files whose quotes it provably reads alike.  On generated
texts — quotes, commas, spaces of every kind, control characters, empty cells, long values,
BOM, CRLF, blank and uneven lines — each gives what the ``csv`` module alone gives.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkrules.engine import EventLog, load_events, log_arrow, log_csv
from gkrules.engine.log_columns import Coded, RawChunk
from gkrules.engine.log_sources import Source, SourceState
from gkrules.errors import EventLogError

NAMES = ("time", "event", "case", "unit", "note", "", " ")  # two names blank once stripped
TIMES = st.sampled_from(
    [
        "2021-06-18",
        "2021-06-18 09:30",
        "2021-06-18T09:30:00+08:00",
        " 2021/6/18 ",
        "2021年6月18日 9时5分",
        "2021-02-30",
        "21-6-18",
        "",
        "2021-06-18,09:30",
    ]
)
PIECES = ["甲", "案", "a", "B", "1", " ", "\u3000", "\xa0", "\t", ",", '"', "\x07", "\u202e", "é"]
CELLS = st.one_of(
    st.just(""),
    st.text(st.sampled_from(PIECES), min_size=1, max_size=6),
    st.sampled_from(["收到申请", "答复", " 答复", "答复 ", "长" * 30, '""', '"a"']),
    st.text(st.sampled_from("xy长"), min_size=1, max_size=3).map(lambda end: "x" * 62 + end),
)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """A CSV log: some columns, rows written by the csv module or joined by hand."""
    extra = draw(st.lists(st.sampled_from(NAMES[2:]), unique=True, max_size=4))
    names = ["time", "event", *extra]
    order = draw(st.permutations(names))
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        row = {name: draw(CELLS) for name in order}
        row["time"] = draw(TIMES)
        rows.append([row[name] for name in order])
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    out = io.StringIO(newline="")
    if draw(st.booleans()):
        writer = csv.writer(out, lineterminator=ending)
        writer.writerow(order)
        writer.writerows(rows)
    else:  # by hand: a cell with a comma or a quote makes an uneven or quoted line
        out.write(ending.join(",".join(r) for r in [order, *rows]) + ending)
    text = out.getvalue()
    if draw(st.booleans()):
        text = text.replace(ending, ending + ending, 1)  # a blank line after the header
    lines = text.split(ending)
    for _ in range(draw(st.integers(0, 3))):  # blank lines anywhere, a run of them at the end
        at = draw(st.integers(1, len(lines)))
        lines.insert(at, draw(st.sampled_from(["", "", ",", " "])))
    text = ending.join(lines)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return ("\ufeff" if draw(st.booleans()) else "") + text


def _read(text: str, *, cells: bool) -> tuple[SourceState, RawChunk | None]:
    source = Source("log.csv", "csv", open_text=lambda: io.StringIO(text, newline=""))
    state = SourceState(source, "csv")
    assert source.open_text is not None
    with source.open_text() as stream:
        chunks = list(log_csv.read_csv(stream, state, cells=cells))
    assert len(chunks) <= 1
    return state, chunks[0] if chunks else None


def _rows(chunk: RawChunk | None) -> dict[str, Any]:
    if chunk is None:
        return {}
    values: dict[str, list[object]] = {}
    for name, column in chunk.columns.items():
        assert isinstance(column, Coded)
        vocab = list(column.vocab)
        values[name] = [vocab[c] if c >= 0 else None for c in column.codes.tolist()]
    times = chunk.times
    return {
        "rows": chunk.rows.tolist(),
        "values": values,
        "clock": times.clock_us[~times.failed].tolist(),
        "offset": times.offset_us.tolist(),
        "flags": (times.has_offset.tolist(), times.date_only.tolist(), times.failed.tolist()),
        "failures": _failures(chunk),
    }


def _failures(chunk: RawChunk) -> list[tuple[str, str, list[int]]]:
    """Time failures by (code, value) in order of first appearance — how the check sees them
    (a value failing in two blocks is one failure then)."""
    merged: dict[tuple[str, str], list[int]] = {}
    for failure in chunk.times.failures:
        merged.setdefault((failure.code, failure.value), []).extend(failure.indices.tolist())
    return [(code, value, sorted(rows)) for (code, value), rows in merged.items()]


def _state(state: SourceState) -> tuple[object, ...]:
    """What a reader found out, problems as the check sees them: row by row."""
    problems = sorted(state.row_problems, key=lambda problem: problem[0])
    return (state.header, state.header_line, state.blank_rows, problems)


@given(csv_texts(), st.sampled_from([40, 200, 1 << 23]))
@settings(max_examples=300, deadline=None)
def test_coded_blocks_read_as_the_csv_module_reads(text: str, block: int) -> None:
    original = log_csv.BLOCK_CHARS
    try:
        log_csv.BLOCK_CHARS = block  # several blocks: values seen first in one, again in others
        fast_state, fast = _read(text, cells=True)
        slow_state, slow = _read(text, cells=False)
    finally:
        log_csv.BLOCK_CHARS = original
    assert _state(fast_state) == _state(slow_state)
    assert _rows(fast) == _rows(slow)
    if fast is not None and slow is not None:
        for name, column in fast.columns.items():
            other = slow.columns[name]
            assert isinstance(column, Coded)
            assert isinstance(other, Coded)
            assert list(column.vocab) == list(other.vocab)  # first-appearance order
            assert np.array_equal(column.codes, other.codes)


def _same(fast: EventLog, slow: EventLog) -> None:
    assert list(fast.records()) == list(slow.records())
    assert fast.row.tolist() == slow.row.tolist()
    assert fast.time.tolist() == slow.time.tolist()
    assert fast.zone_assumed.tolist() == slow.zone_assumed.tolist()
    assert {n: c.vocab for n, c in fast.columns.items()} == {
        n: c.vocab for n, c in slow.columns.items()
    }
    assert fast.report.summary("zh") == slow.report.summary("zh")
    assert fast.report.set_aside == slow.report.set_aside
    assert fast.report.duplicates == slow.report.duplicates


@given(csv_texts(), st.booleans())
@settings(max_examples=200, deadline=None)
def test_the_pyarrow_reader_reads_quoted_files_alike(text: str, lenient: bool) -> None:
    pytest.importorskip("pyarrow")
    _read_alike(text, lenient)


@given(csv_texts(), st.booleans())
@settings(max_examples=150, deadline=None)
def test_values_kept_undecoded_read_alike(text: str, lenient: bool) -> None:
    """The pyarrow reader keeps a column of many distinct values as UTF-8 bytes
    (:class:`Utf8Texts`); here every column is kept so, and the log is the same."""
    pytest.importorskip("pyarrow")
    with mock.patch.object(log_arrow, "LAZY_VALUES", 1):
        _read_alike(text, lenient)


@given(csv_texts(), st.booleans(), st.integers(2, 4), st.booleans(), st.booleans(), st.booleans())
@settings(max_examples=200, deadline=None)
def test_a_file_parsed_in_parts_reads_alike(
    text: str, lenient: bool, workers: int, cr_alone: bool, lazy: bool, small_parts: bool
) -> None:
    """The pyarrow reader cuts a large file at line feeds and parses the parts side by side,
    then encodes each column's parts together; here every file is cut (into as many parts as
    workers, or four times as many), with values kept as UTF-8 bytes or not, and the log is
    the one the standard reader reads.  Lines ending in a carriage return alone are not cut between."""
    pytest.importorskip("pyarrow")
    if cr_alone:
        text = text.replace("\r\n", "\r").replace("\n", "\r")
    with (
        mock.patch.object(log_arrow, "_SPLIT_BYTES", 0),
        mock.patch.object(log_arrow, "_WORKERS", workers),
        mock.patch.object(log_arrow, "_PART_BYTES", 1 if small_parts else log_arrow._PART_BYTES),
        mock.patch.object(log_arrow, "LAZY_VALUES", 1 if lazy else log_arrow.LAZY_VALUES),
    ):
        _read_alike(text, lenient)


@given(
    csv_texts(),
    st.booleans(),
    st.data(),
    st.sampled_from([b"\xff", b"\x80", b"\xc4\xe3", b"\xe4\xb8", b"\xed\xa0\x80"]),
    st.booleans(),
    st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_bytes_not_utf8_read_alike(
    text: str, lenient: bool, data: st.DataObject, bad: bytes, in_parts: bool, lazy: bool
) -> None:
    """The pyarrow reader parses cells as bytes and checks them as UTF-8 afterwards (a column
    of few values in its dictionary); bytes that are not UTF-8 anywhere in a cell read, in one
    part or several, values kept as UTF-8 bytes or not, give what the standard reader gives
    (GB18030 detected, or the error)."""
    pytest.importorskip("pyarrow")
    at = data.draw(st.integers(0, len(text)))
    raw = text[:at].encode("utf-8") + bad + text[at:].encode("utf-8")
    with (
        mock.patch.object(log_arrow, "_SPLIT_BYTES", 0 if in_parts else log_arrow._SPLIT_BYTES),
        mock.patch.object(log_arrow, "_WORKERS", 2),
        mock.patch.object(log_arrow, "_PART_BYTES", 1),
        mock.patch.object(log_arrow, "LAZY_VALUES", 1 if lazy else log_arrow.LAZY_VALUES),
    ):
        _read_alike(raw, lenient)


def test_parts_end_at_line_feeds_after_the_header() -> None:
    pa = pytest.importorskip("pyarrow")
    data = b"time,event\n" + b"".join(b"2024-01-%02d,e\r\n" % (day % 28 + 1) for day in range(90))
    for count in (2, 3, 4, 9):
        parts = log_arrow._parts(pa.py_buffer(data), count, len(b"time,event"))
        assert b"".join(part.to_pybytes() for part in parts) == data
        assert len(parts) == count
        assert all(part.to_pybytes().endswith(b"\n") for part in parts)
        assert parts[0].to_pybytes().startswith(b"time,event\n2024")
    # Lines longer than the first 64 KiB looked at: the cut is at the next line feed all the same.
    long = b"time,event\n" + b"".join(b"2024-01-01," + b"e" * 100_000 + b"\n" for _ in range(6))
    parts = log_arrow._parts(pa.py_buffer(long), 3, len(b"time,event"))
    assert b"".join(part.to_pybytes() for part in parts) == long
    assert len(parts) == 3
    assert all(part.to_pybytes().endswith(b"\n") for part in parts)
    # No line feed to cut at: one part.
    alone = b"time,event\r" + b"2024-01-01,e\r" * 50
    assert len(log_arrow._parts(pa.py_buffer(alone), 4, len(b"time,event"))) == 1


def _read_alike(text: str | bytes, lenient: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "log.csv")
        with open(path, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
        results = []
        for reader in ("pyarrow", "python"):
            try:
                results.append(load_events(path, csv_reader=reader, lenient=lenient))
            except EventLogError as error:
                results.append(error.render("en"))
    fast, slow = results
    if isinstance(fast, EventLog) and isinstance(slow, EventLog):
        _same(fast, slow)
    else:
        assert fast == slow
