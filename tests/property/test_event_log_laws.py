"""Laws of event-log loading: round trips, accounting, order and splitting, and no crashes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gkrules.engine import EventLog, load_events, loading, log_arrow
from gkrules.engine.timeparse import parse_time_values
from gkrules.engine.timetext import parse_value
from gkrules.errors import GkError

SHANGHAI = ZoneInfo("Asia/Shanghai")
EVENTS = ["收到申请", "答复", "补正告知", "延期告知", "舆情发生", "舆情回应", "指标报告"]
PLAIN = "甲乙丙丁文号办发〔〕号ABCxyz0123456789-_/"
# Attribute values may hold anything a cell can: commas, quotes, spaces, line breaks.
ATTRIBUTE = PLAIN + ' ,"\n，。　'

moments = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 12, 31))


@st.composite
def times(draw: st.DrawFn) -> tuple[str, int, bool]:
    """A time as a log writes it, the UTC µs it means, and whether it is a date alone."""
    moment = draw(moments).replace(microsecond=0)
    if draw(st.booleans()):
        day = moment.date()
        form = draw(st.sampled_from(["%Y-%m-%d", "{y}年{m}月{d}日", "{y}/{m}/{d}", "{y}.{m}.{d}"]))
        text = _format(day, form)
        local = dt.datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)
        return text, _micros(local), True
    form = draw(
        st.sampled_from(
            [
                "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%dT%H:%M:%S",
                "%Y-%m-%dT%H:%M",
                "{y}年{m}月{d}日 {H}时{M}分",
                "{y}-{m}-{d} {H}:%M",
            ]
        )
    )
    if "%S" not in form:
        moment = moment.replace(second=0)
    text = _format(moment, form)
    if draw(st.booleans()) and "{" not in form:
        offset = draw(st.integers(-12 * 4, 14 * 4)) * 15
        zone = dt.timezone(dt.timedelta(minutes=offset))
        text += (
            "Z"
            if offset == 0 and draw(st.booleans())
            else moment.replace(tzinfo=zone).strftime("%z")
        )
        return text, _micros(moment.replace(tzinfo=zone)), False
    return text, _micros(moment.replace(tzinfo=SHANGHAI)), False


def _format(value: dt.date, form: str) -> str:
    text = value.strftime(form) if "%" in form else form
    hour = getattr(value, "hour", 0)
    minute = getattr(value, "minute", 0)
    return text.format(y=value.year, m=value.month, d=value.day, H=hour, M=minute)


def _micros(moment: dt.datetime) -> int:
    return (moment - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)


@st.composite
def rows(draw: st.DrawFn) -> dict[str, Any]:
    text, micros, date_only = draw(times())
    row: dict[str, Any] = {
        "time": text,
        "event": draw(st.sampled_from(EVENTS)),
        "case": draw(st.none() | st.text(PLAIN, min_size=1, max_size=8)),
        "unit": draw(st.none() | st.sampled_from(["办公室", "市政府", "U-1"])),
        "note": draw(st.none() | st.text(ATTRIBUTE, min_size=1, max_size=12)),
        "_micros": micros,
        "_date_only": date_only,
    }
    return row


COLUMNS = ("time", "event", "case", "unit", "note")


def to_csv(items: Sequence[dict[str, Any]], ending: str = "\n") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=ending)
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow(["" if item[c] is None else item[c] for c in COLUMNS])
    return out.getvalue().encode("utf-8")


def to_jsonl(items: Sequence[dict[str, Any]]) -> bytes:
    lines = [json.dumps({c: item[c] for c in COLUMNS}, ensure_ascii=False) for item in items]
    return ("\n".join(lines) + "\n").encode("utf-8")


def expected(item: dict[str, Any]) -> tuple[object, ...]:
    return (item["_micros"], item["_date_only"], *(item[c] for c in COLUMNS[1:]))


def loaded(log: EventLog) -> list[tuple[object, ...]]:
    columns = [log.column(c) for c in COLUMNS[1:]]
    return [
        (
            int(log.time[i]),
            bool(log.date_only[i]),
            *(col[i] if col is not None else None for col in columns),
        )
        for i in range(len(log))
    ]


def load_bytes(data: bytes, **options: Any) -> EventLog:
    return load_events(io.BytesIO(data), **options)


@given(
    st.lists(rows(), max_size=25),
    st.sampled_from(["csv", "jsonl"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_load_of_write_round_trips(items: list[dict[str, Any]], fmt: str, ending: str) -> None:
    data = to_csv(items, ending) if fmt == "csv" else to_jsonl(items)
    if fmt == "jsonl" and not items:
        return  # an empty JSON Lines file is an error (tested elsewhere)
    log = load_bytes(data)
    assert loaded(log) == [expected(item) for item in items]
    assert log.row.tolist() == _row_numbers(items, fmt)
    assert log.report.balanced
    assert log.report.rows_read == len(items)


def _row_numbers(items: Sequence[dict[str, Any]], fmt: str) -> list[int]:
    if fmt == "jsonl":
        return list(range(1, len(items) + 1))
    numbers, line = [], 2
    for item in items:
        numbers.append(line)
        line += (item["note"] or "").count("\n") + 1
    return numbers


FAULTS = ("time", "event", "control", "ragged")


def _inject(
    item: dict[str, Any], data: st.DataObject, fmt: str, bad_times: Sequence[str]
) -> bytes | None:
    """Give *item* a drawn fault, in place; a ragged row is a line of its own, returned."""
    fault = data.draw(st.sampled_from(FAULTS))
    if fault == "time":
        item["time"] = data.draw(st.sampled_from(bad_times))
    elif fault == "event":
        item["event"] = None
    elif fault == "control":
        item["case"] = "a\x00b"
    else:
        return b"2021-06-18,a,b\n" if fmt == "csv" else b"{not json\n"
    return None


@given(st.lists(rows(), min_size=1, max_size=25), st.data(), st.sampled_from(["csv", "jsonl"]))
def test_lenient_loading_accounts_for_every_row(
    items: list[dict[str, Any]], data: st.DataObject, fmt: str
) -> None:
    faulty = data.draw(st.sets(st.integers(0, len(items) - 1)))
    lines: list[bytes] = []
    for index, item in enumerate(items):
        item = dict(item)
        if index in faulty:
            ragged = _inject(item, data, fmt, ["6/18/2021", "21-6-18", "9:05", "x", ""])
            if ragged is not None:
                lines.append(ragged)
                continue
        encoded = to_csv([item]) if fmt == "csv" else to_jsonl([item])
        lines.append(encoded.split(b"\n", 1)[1] if fmt == "csv" else encoded)
    header = ",".join(COLUMNS).encode() + b"\n" if fmt == "csv" else b""
    log = load_bytes(header + b"".join(lines), lenient=True)
    report = log.report
    assert report.rows_read == len(items)
    assert report.rows_set_aside == len(faulty)
    assert report.rows_loaded == len(items) - len(faulty) == len(log)
    assert (
        report.rows_read == report.rows_loaded + report.rows_set_aside + report.duplicates_dropped
    )
    assert report.balanced


@given(st.lists(rows(), max_size=25), st.randoms(use_true_random=False), st.booleans())
def test_shuffling_and_splitting_keep_the_events(
    items: list[dict[str, Any]], rng: random.Random, drop: bool
) -> None:
    dedupe = "drop" if drop else "keep"
    whole = load_bytes(to_csv(items), dedupe=dedupe)
    shuffled = list(items)
    rng.shuffle(shuffled)
    cut = rng.randint(0, len(items))
    split = load_events(
        io.BytesIO(to_csv(shuffled[:cut])), io.BytesIO(to_csv(shuffled[cut:])), dedupe=dedupe
    )
    assert Counter(loaded(split)) == Counter(loaded(whole))
    assert split.report.rows_read == whole.report.rows_read
    assert split.report.duplicates_found == whole.report.duplicates_found


@given(st.lists(rows(), min_size=1, max_size=10))
def test_duplicates_dropped_leave_distinct_rows(items: list[dict[str, Any]]) -> None:
    doubled = items + items[:1]
    log = load_bytes(to_csv(doubled), dedupe="drop")
    assert len(set(loaded(log))) == len(log)
    assert log.report.duplicates_dropped >= 1


@given(times())
def test_the_vectorized_path_and_the_general_path_agree(sample: tuple[str, int, bool]) -> None:
    text, _, _ = sample
    column = parse_time_values([text, text.strip()])
    general = parse_value(text)
    assert not isinstance(general, tuple)
    assert column.clock_us.tolist() == [general.clock_us] * 2
    assert column.offset_us.tolist() == [general.offset_us] * 2
    assert column.date_only.tolist() == [general.date_only] * 2


@given(
    st.lists(times().map(lambda sample: sample[0]) | st.text(max_size=12), max_size=30),
    st.integers(1, 4),
)
def test_parsing_times_in_blocks_changes_nothing(texts: list[str], block: int) -> None:
    """The vectorised parser reads a block of ``_BLOCK`` values at a time: blocks of one to four
    give every instant, offset, flag and failure of one block for all."""
    from unittest import mock

    from gkrules.engine import timeparse

    whole = parse_time_values(texts)
    with mock.patch.object(timeparse, "_BLOCK", block):
        blocks = parse_time_values(texts)
    for name in ("clock_us", "offset_us", "has_offset", "date_only", "failed"):
        assert getattr(blocks, name).tolist() == getattr(whole, name).tolist(), name
    assert [(f.code, f.value, f.indices.tolist()) for f in blocks.failures] == [
        (f.code, f.value, f.indices.tolist()) for f in whole.failures
    ]


@given(st.binary(max_size=300), st.sampled_from([".csv", ".jsonl", "", ".csv.gz"]), st.booleans())
def test_random_bytes_raise_only_gkrules_errors(data: bytes, suffix: str, lenient: bool) -> None:
    _load_only_gk_errors(data, suffix, lenient)


CSVISH = st.text(alphabet='time,event,case"\n\r\t 2021-06-18年月日:T+Z\x00\ufeff答复', max_size=200)


@given(CSVISH, st.sampled_from([".csv", ".jsonl"]), st.booleans())
def test_csv_shaped_text_raises_only_gkrules_errors(text: str, suffix: str, lenient: bool) -> None:
    _load_only_gk_errors(text.encode("utf-8", "surrogatepass"), suffix, lenient)


def _load_only_gk_errors(data: bytes, suffix: str, lenient: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "log" + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        try:
            log = load_events(path, lenient=lenient)
        except GkError as error:
            _assert_printable(error.render("en"))
            _assert_printable(error.render("zh"))
            return
        assert log.report.balanced
        _assert_printable(log.report.summary("zh"))


def _assert_printable(text: str) -> None:
    """What gkrules shows can be printed: valid UTF-8, no controls (but line breaks), no reordering."""
    text.encode("utf-8")
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)


@given(st.lists(rows(), min_size=1, max_size=20))
def test_the_pyarrow_reader_agrees(items: list[dict[str, Any]]) -> None:
    pytest.importorskip("pyarrow")
    assume(all('"' not in (item["note"] or "") for item in items))
    data = to_csv(items)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "log.csv")
        with open(path, "wb") as handle:
            handle.write(data)
        fast = load_events(path, csv_reader="pyarrow")
        slow = load_events(path, csv_reader="python")
    assert loaded(fast) == loaded(slow)
    assert fast.row.tolist() == slow.row.tolist()


@given(
    st.lists(rows(), min_size=1, max_size=25),
    st.data(),
    st.sampled_from(["csv", "jsonl"]),
    st.sets(st.sampled_from(EVENTS)),
)
def test_reading_some_events_reads_their_rows_and_counts_the_others(
    items: list[dict[str, Any]], data: st.DataObject, fmt: str, wanted: set[str]
) -> None:
    """``events=E`` loads what a full load does, less the rows of clean event names not in E:
    those are counted (``skipped_events``, ``rows_read``), never set aside.  Rows without an
    event, and rows the reader cannot split, are read as usual."""
    faulty = data.draw(st.sets(st.integers(0, len(items) - 1)))
    lines: list[bytes] = []
    read_anyway: set[int] = set()  # row numbers read whatever E is (no event, or ragged)
    events: dict[int, str | None] = {}
    for index, item in enumerate(items):
        number = index + 2 if fmt == "csv" else index + 1
        item = dict(item)
        if index in faulty:
            ragged = _inject(item, data, fmt, ["6/18/2021", "x", ""])
            if ragged is not None:
                lines.append(ragged)
                read_anyway.add(number)
                continue
        item["note"] = None  # one line per row: row numbers are line numbers
        events[number] = item["event"]
        if item["event"] is None:
            read_anyway.add(number)
        encoded = to_csv([item]) if fmt == "csv" else to_jsonl([item])
        lines.append(encoded.split(b"\n", 1)[1] if fmt == "csv" else encoded)
    header = ",".join(COLUMNS).encode() + b"\n" if fmt == "csv" else b""
    body = header + b"".join(lines)
    # "pyarrow in parts": the file cut at line feeds, each part's rows sifted by its thread.
    readers = ["python", "pyarrow", "pyarrow in parts"] if fmt == "csv" else ["auto"]
    workers = data.draw(st.integers(2, 4))
    for reader in readers:
        if reader.startswith("pyarrow"):
            pytest.importorskip("pyarrow")
        options: dict[str, Any] = {"lenient": True, "csv_reader": reader.split()[0]}
        with pytest.MonkeyPatch.context() as patch:
            if reader == "pyarrow in parts":
                patch.setattr(log_arrow, "_SPLIT_BYTES", 0)
                patch.setattr(log_arrow, "_WORKERS", workers)
                patch.setattr(log_arrow, "_PART_BYTES", 1)
                patch.setattr(log_arrow, "_SKIP_SHARE", data.draw(st.sampled_from([0.0, 0.25])))
            full = load_bytes(body, **options)
            some = load_bytes(body, events=wanted, **options)
        kept = [i for i in range(len(full)) if full.column("event")[i] in wanted]
        assert some.row.tolist() == [int(full.row[i]) for i in kept]
        assert loaded(some) == [loaded(full)[i] for i in kept]
        expected_aside = [
            r.row
            for r in full.report.set_aside
            if r.row in read_anyway or events.get(r.row) in wanted
        ]
        assert [r.row for r in some.report.set_aside] == expected_aside
        skipped = Counter(
            name
            for number, name in events.items()
            if name is not None and name not in wanted and number not in read_anyway
        )
        assert dict(some.report.skipped_events) == dict(skipped)
        assert some.report.rows_read == full.report.rows_read
        assert some.report.rows_skipped == sum(skipped.values())
        assert some.report.balanced


@pytest.mark.parametrize("threaded", [False, True])
@given(
    items=st.lists(rows(), max_size=25),
    dedupe=st.sampled_from(["keep", "drop"]),
    data=st.data(),
)
def test_the_time_order_a_load_gives_is_a_stable_sort_by_time(
    threaded: bool, items: list[dict[str, Any]], dedupe: str, data: st.DataObject
) -> None:
    """``EventLog.by_time`` (worked out beside the rest of a load, in a thread on a large log)
    is the stable sort of the loaded rows by time — after duplicates are dropped too."""
    doubled = items + data.draw(st.lists(st.sampled_from(items), max_size=5)) if items else []
    with pytest.MonkeyPatch.context() as patch:
        if threaded:
            patch.setattr(loading, "_PARALLEL_ROWS", 0)
        log = load_bytes(to_csv(doubled), dedupe=dedupe)
    assert log.by_time is not None
    assert log.by_time.tolist() == np.argsort(log.time, kind="stable").tolist()
    assert not log.by_time.flags.writeable
    assert log.take(np.arange(len(log))[::-1]).by_time is None  # other rows, other order
