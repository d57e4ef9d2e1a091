"""Reading JSON Lines logs, rows given as Python mappings, and pandas DataFrames.

JSON Lines: one object a line; ``row`` is the line number.  A line that is not
valid JSON, or not an object, is reported with its number and reading goes on.
Mappings: ``row`` is the 1-based position.  DataFrames: ``row`` is the 1-based
position; datetime columns are taken as instants (naive ones in the log's zone).
pandas is never imported: a DataFrame brings its own methods.
"""

from __future__ import annotations

import itertools
import json
import operator
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any

import numpy as np

from gkrules.diagnostics import Message
from gkrules.engine.log_columns import Coded, RawChunk
from gkrules.engine.log_sources import SourceState
from gkrules.engine.messages import diagnostic, message, shorten
from gkrules.engine.timeparse import (
    DAY_US,
    YEAR_FIRST,
    YEAR_LAST,
    ParsedTimes,
    TimeFailure,
    parse_time_values,
)
from gkrules.source import Span

__all__ = [
    "check_columns",
    "read_dataframe",
    "read_jsonl",
    "read_records",
    "render_record",
    "times_from_clock",
]

CHUNK_ROWS = 1 << 16

#: Chinese readings of the json module's most common complaints.
_JSON_REASONS_ZH = {
    "Expecting value": "此处应为一个值",
    "Expecting ',' delimiter": "此处应为逗号",
    "Expecting ':' delimiter": "此处应为冒号",
    "Expecting property name enclosed in double quotes": "属性名须用英文双引号括起",
    "Unterminated string starting at": "字符串缺少结尾的引号",
    "Extra data": "对象之后还有多余的内容",
    "Invalid control character at": "字符串中有控制字符",
    "Invalid \\escape": "无效的转义序列",
}


def read_jsonl(stream: IO[str], state: SourceState) -> Iterator[RawChunk]:
    """The rows of a JSON Lines log, a chunk at a time; bad lines go to *state*."""
    first = 1
    content = 0
    while True:
        lines = list(itertools.islice(stream, CHUNK_ROWS))
        if not lines:
            break
        texts = list(map(str.strip, lines))
        numbers = range(first, first + len(lines))
        first += len(lines)
        if "" in texts:
            kept = [i for i, text in enumerate(texts) if text]
            state.blank_rows += len(texts) - len(kept)
            lines = [lines[i] for i in kept]
            texts = [texts[i] for i in kept]
            numbers = [numbers[i] for i in kept]  # type: ignore[assignment]
        content += len(texts)
        try:  # the usual case: every line an object, decoded without a Python step between
            objects = list(map(json.loads, texts))
            if set(map(type, objects)) != {dict}:
                raise ValueError
            chunk_rows = list(numbers)
        except (ValueError, RecursionError):
            objects, chunk_rows = _decode_lines(lines, texts, numbers, state)
        if objects:
            yield mapping_chunk(objects, chunk_rows, state)
    if not content:
        problem = diagnostic("GK405", hint="GK405.jsonl", path=shorten(state.source.name, 200))
        state.file_problems.append(problem)


def _decode_lines(
    lines: Sequence[str], texts: Sequence[str], numbers: Sequence[int], state: SourceState
) -> tuple[list[Mapping[Any, object]], list[int]]:
    """Line by line, for a chunk with a bad line: the objects, and a problem for each bad line."""
    objects: list[Mapping[Any, object]] = []
    rows: list[int] = []
    for line, text, number in zip(lines, texts, numbers, strict=True):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            column = len(line) - len(line.lstrip()) + error.colno - 1
            reason = Message(error.msg, _JSON_REASONS_ZH.get(error.msg, error.msg))
            state.problem(number, "GK430", at=column, reason=reason)
            continue
        except (ValueError, RecursionError) as error:  # digit limits, nesting depth
            reason = Message.same(shorten(str(error) or type(error).__name__, 80))
            state.problem(number, "GK430", at=0, reason=reason)
            continue
        if type(value) is not dict:
            kind = message(f"json.{_json_kind(value)}")
            state.problem(number, "GK431", at=0, kind=kind)
            continue
        objects.append(value)
        rows.append(number)
    return objects, rows


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return "number"


def read_records(records: Sequence[object], state: SourceState) -> Iterator[RawChunk]:
    """Rows given as mappings (dicts, or any :class:`~collections.abc.Mapping`)."""
    for start in range(0, len(records), CHUNK_ROWS):
        objects: list[Mapping[Any, object]] = []
        rows: list[int] = []
        for number, record in enumerate(records[start : start + CHUNK_ROWS], start + 1):
            if isinstance(record, Mapping):
                objects.append(record)
                rows.append(number)
            else:
                kind = shorten(type(record).__name__)
                state.problem(number, "GK432", index=number, kind=kind)
        if objects:
            yield mapping_chunk(objects, rows, state)


def mapping_chunk(
    objects: Sequence[Mapping[Any, object]], rows: Sequence[int], state: SourceState
) -> RawChunk:
    """Columns from mappings: every key that any of them has (absent keys are missing values)."""
    keys = dict.fromkeys(itertools.chain.from_iterable(objects))
    columns: dict[str, Sequence[object] | Coded] = {}
    times: ParsedTimes | None = None
    for key in keys:
        name = key if isinstance(key, str) else str(key)
        state.keys_seen.add(name)
        if not state.reads(name):
            continue
        values = list(map(operator.methodcaller("get", key), objects))
        if name == "time":
            times = parse_time_values(values)
        else:
            columns[name] = values
    if times is None:
        times = ParsedTimes.missing(len(objects))
    return RawChunk(np.array(rows, np.int64), times, columns)


def check_columns(names: Sequence[str], state: SourceState) -> bool:
    """For in-memory tables: the column names are unique and include ``time`` and ``event``.

    Problems point at the names, shown as a line ``0`` (the row before the first).
    """
    state.header = tuple(names)
    state.header_line = 0
    state.header_text = ",".join(names)
    starts = list(itertools.accumulate((len(n) + 1 for n in names), initial=0))

    def span(index: int) -> Span:
        length = len(names[index]) if index < len(names) else 1
        return Span.for_line(state.source.name, 0, starts[index] + 1, max(1, length))

    seen: dict[str, int] = {}
    ok = True
    for index, name in enumerate(names):
        if name in seen:
            problem = diagnostic(
                "GK407",
                span(index),
                state.header_text,
                hint="GK407.hint",
                column=shorten(name),
                first=seen[name] + 1,
                second=index + 1,
            )
            state.file_problems.append(problem)
            ok = False
        seen.setdefault(name, index)
    listed = ", ".join(shorten(n, 20) for n in names[:12]) + (", …" if len(names) > 12 else "")
    for required in ("time", "event"):
        if required not in seen:
            notes = [message("GK406.columns", columns=listed)]
            where = span(0) if names else None
            text = state.header_text if names else None
            state.file_problems.append(
                diagnostic("GK406", where, text, notes=notes, column=required)
            )
            ok = False
    return ok


def read_dataframe(frame: Any, state: SourceState) -> Iterator[RawChunk]:
    """A pandas DataFrame: one row an event, columns by name."""
    names = [str(c) for c in frame.columns]
    if not check_columns(names, state):
        return
    count = len(frame)
    rows = np.arange(1, count + 1, dtype=np.int64)
    columns: dict[str, Sequence[object] | Coded] = {}
    times = ParsedTimes.missing(count)
    for index, name in enumerate(names):
        if not state.reads(name):
            continue
        series = frame.iloc[:, index]
        if name == "time" and series.dtype.kind == "M":
            aware = getattr(series.dtype, "tz", None) is not None
            if aware:
                series = series.dt.tz_convert("UTC").dt.tz_localize(None)
            values = series.to_numpy(dtype="datetime64[us]")
            times = times_from_clock(values.view(np.int64), np.isnat(values), has_offset=aware)
            continue
        objects = series.to_numpy(dtype=object, na_value=None).tolist()
        if name == "time":
            times = parse_time_values(objects)
        else:
            columns[name] = objects
    yield RawChunk(rows, times, columns)


def times_from_clock(clock: np.ndarray, missing: np.ndarray, *, has_offset: bool) -> ParsedTimes:
    """Times that arrive as clock readings in µs (datetime columns), checked for the year range."""
    clock = np.where(missing, 0, clock).astype(np.int64)
    years = np.floor_divide(clock, DAY_US).astype("datetime64[D]").astype("datetime64[Y]")
    year = years.astype(np.int64) + 1970
    outside = ~missing & ((year < YEAR_FIRST) | (year > YEAR_LAST))
    failures = []
    if missing.any():
        failures.append(TimeFailure("GK410", "", np.flatnonzero(missing)))
    for index in np.flatnonzero(outside).tolist():
        text = str(clock[index].astype("datetime64[us]"))
        failures.append(TimeFailure("GK419", shorten(text), np.array([index], np.int64)))
    return ParsedTimes(
        clock,
        np.zeros(clock.size, np.int64),
        np.full(clock.size, has_offset, np.bool_),
        np.zeros(clock.size, np.bool_),
        missing | outside,
        tuple(failures),
    )


def render_record(record: object) -> str:
    """One in-memory row as a line of JSON, for showing it in a diagnostic."""
    if isinstance(record, Mapping):
        record = {str(k): v for k, v in record.items()}
    try:
        return json.dumps(record, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return shorten(repr(record), 200)
