"""Checking the rows of one source, showing its problems, and finding repeated rows.

Checks run on the distinct values of each column, then reach the rows through
their codes, so a bad value repeated a million times is found once.  A
problem is a *kind* (code, column, message arguments) and the rows that have
it; diagnostics — with the row's line read again from the source and a caret
under the field — are built only for the problems shown.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from attrs import Factory, define, frozen

from gkrules.diagnostics import Diagnostic
from gkrules.engine.log_columns import (
    MAX_CELL_CHARS,
    STANDARD_COLUMNS,
    Texts,
    blank_vocab,
    normalize_vocab,
)
from gkrules.engine.log_csv import field_position
from gkrules.engine.log_report import SetAsideRow
from gkrules.engine.log_sources import Source, SourceState, open_text
from gkrules.engine.log_tables import render_record
from gkrules.engine.messages import EVENT_LOG_MESSAGES, diagnostic, message
from gkrules.engine.timeparse import YEAR_FIRST, YEAR_LAST, ParsedTimes
from gkrules.source import Span

__all__ = [
    "CheckedTable",
    "TableData",
    "check_table",
    "count_skipped",
    "diagnose",
    "diagnose_rows",
    "find_duplicates",
    "rows_for_listing",
    "skipped_events",
    "tally_skipped",
]

_TIME_CODES = {"GK411", "GK412", "GK413", "GK414", "GK415", "GK416", "GK417", "GK418", "GK419"}
#: A record is looked for on at most this many lines (quoted values may span lines).
_MAX_RECORD_LINES = 50


@define
class TableData:
    """One source as read: row numbers, times, and per column the codes and distinct raw values."""

    source: Source
    state: SourceState
    rows: np.ndarray
    times: ParsedTimes
    columns: dict[str, tuple[np.ndarray, Sequence[object]]]
    #: Per column, the distinct values the reader proved clean (``clean_values``), if it did.
    clean: dict[str, np.ndarray] = Factory(dict)


@frozen
class _Kind:
    code: str
    column: str | None
    args: tuple[tuple[str, object], ...]
    field: int | None = None


@define
class CheckedTable:
    """A source after checking: which rows are good, and every problem as (row, kind)."""

    data: TableData
    texts: dict[str, Texts]
    good: np.ndarray
    kinds: list[_Kind]
    problem_rows: np.ndarray
    problem_kinds: np.ndarray
    rows_read: int
    rows_set_aside: int
    #: Rows of events not asked for (``load_events(events=...)``): counted, not read.
    rows_skipped: int = 0

    @property
    def problem_count(self) -> int:
        return int(self.problem_rows.size)


class _Problems:
    def __init__(self) -> None:
        self.kinds: list[_Kind] = []
        self.ids: dict[_Kind, int] = {}
        self.inside: list[tuple[np.ndarray, np.ndarray]] = []
        self.outside: list[tuple[int, int]] = []

    def kind(self, kind: _Kind) -> int:
        if kind not in self.ids:
            self.ids[kind] = len(self.kinds)
            self.kinds.append(kind)
        return self.ids[kind]

    def add(self, indices: np.ndarray, kind: _Kind | np.ndarray) -> None:
        if not indices.size:
            return
        ids = np.full(indices.size, self.kind(kind)) if isinstance(kind, _Kind) else kind
        self.inside.append((indices, ids.astype(np.int64)))


def check_table(data: TableData) -> CheckedTable:
    """Find every problem in *data*'s rows; skip blank CSV rows; count what was read."""
    state = data.state
    rows = data.rows
    count = rows.size
    problems = _Problems()
    present = np.ones(count, np.bool_)
    if state.format == "csv" and count:
        # A blank row has no time, so only rows without one need looking at.
        blank = np.zeros(count, np.bool_)
        for failure in data.times.failures:
            if failure.code == "GK410":
                blank[failure.indices] = True
        if blank.any():
            for codes, vocab in data.columns.values():
                blank &= blank_vocab(vocab)[codes]
        present = ~blank
    # Rows the readers flagged: inside the table (then never blank) or never read into it.
    for row, column, code, args, field in state.row_problems:
        kind = _Kind(code, column, tuple(args.items()), field)
        at = int(np.searchsorted(rows, row))
        if at < count and rows[at] == row:
            present[at] = True
            problems.add(np.array([at], np.int64), kind)
        else:
            problems.outside.append((row, problems.kind(kind)))
    state.blank_rows += int(count - np.count_nonzero(present))
    normalized = {
        name: normalize_vocab(
            vocab,
            standard=name in STANDARD_COLUMNS,
            empty_is_missing=state.empty_is_missing,
            clean=data.clean.get(name),
        )
        for name, (codes, vocab) in data.columns.items()
    }
    read = present
    skipped = sum(state.skipped.values())  # by the reader, before the rows reached this table
    if state.events is not None and "event" in data.columns:
        # Rows of events not asked for: counted by name, not read (no problem found in them).
        # Rows the reader flagged are read: their event cell may not be where it seems.
        codes = data.columns["event"][0]
        text, found = normalized["event"]
        skip = skipped_events(text, found, state)[codes] & present
        for indices, _ in problems.inside:
            skip[indices] = False
        if skip.any():
            skipped += count_skipped(state, text, codes[skip])
            read = present & ~skip
    texts: dict[str, Texts] = {}
    for name, (codes, vocab) in data.columns.items():
        text, found = normalized[name]
        texts[name] = text
        if name == "event":
            absent = np.zeros(len(text.values) + 1, np.bool_)  # missing, and not for a problem
            absent[text.missing] = True
            absent[list(found)] = False
            absent[-1] = True
            problems.add(np.flatnonzero(absent[codes] & read), _Kind("GK420", "event", ()))
        if found:
            per_value = np.full(len(vocab) + 1, -1, np.int64)
            for position, problem in found.items():
                args = dict(problem.args)
                args["column"] = name
                if problem.code == "GK422":
                    args["limit"] = MAX_CELL_CHARS
                if problem.code == "GK423":
                    args["kind"] = message(f"GK423.{args['kind']}", type=args.pop("type", ""))
                per_value[position] = problems.kind(_Kind(problem.code, name, tuple(args.items())))
            row_kinds = per_value[codes]
            hit = np.flatnonzero((row_kinds >= 0) & read)
            problems.add(hit, row_kinds[hit])
    if "event" not in data.columns:
        problems.add(np.flatnonzero(read), _Kind("GK420", "event", ()))
    for failure in data.times.failures:
        hit = failure.indices[read[failure.indices]]
        problems.add(hit, _time_kind(failure.code, failure.value))
    return _summarise(data, texts, read, problems, skipped)


def skipped_events(texts: Texts, found: Mapping[int, object], state: SourceState) -> np.ndarray:
    """For each distinct event value (and a last entry, for a missing one): whether its rows
    are skipped — a clean name that is not one of ``state.events``."""
    skip = np.zeros(len(texts.values) + 1, np.bool_)
    for position, name in enumerate(texts.values):
        skip[position] = state.skips(name, problem=position in found)
    return skip


def count_skipped(state: SourceState, texts: Texts, codes: np.ndarray) -> int:
    """Count rows skipped in ``state.skipped``, by event name: *codes* are their event codes
    (positions in *texts*).  Returns how many there were."""
    return tally_skipped(state, texts, np.bincount(codes, minlength=len(texts.values)))


def tally_skipped(state: SourceState, texts: Texts, counts: np.ndarray) -> int:
    """:func:`count_skipped` from the number of skipped rows of each value of *texts*."""
    for name, count in zip(texts.values, counts.tolist(), strict=True):
        if name is not None and count:
            state.skipped[name] = state.skipped.get(name, 0) + count
    return int(counts.sum())


def _time_kind(code: str, value: str) -> _Kind:
    args: dict[str, object] = {"value": value, "column": "time"}
    if code == "GK419":
        args.update(first=YEAR_FIRST, last=YEAR_LAST)
    if code == "GK423":
        args["kind"] = message(
            f"GK423.{value}" if value in ("list", "object", "boolean") else "GK423.other",
            type=value,
        )
    return _Kind(code, "time", tuple(args.items()))


def _summarise(
    data: TableData,
    texts: dict[str, Texts],
    present: np.ndarray,
    problems: _Problems,
    skipped: int,
) -> CheckedTable:
    bad = np.zeros(data.rows.size, np.bool_)
    row_parts = [data.rows[indices] for indices, _ in problems.inside]
    kind_parts = [ids for _, ids in problems.inside]
    for indices, _ in problems.inside:
        bad[indices] = True
    if problems.outside:
        row_parts.append(np.array([r for r, _ in problems.outside], np.int64))
        kind_parts.append(np.array([k for _, k in problems.outside], np.int64))
    all_rows = np.concatenate(row_parts) if row_parts else np.zeros(0, np.int64)
    all_kinds = np.concatenate(kind_parts) if kind_parts else np.zeros(0, np.int64)
    order = np.lexsort((all_kinds, all_rows))
    outside = len({r for r, _ in problems.outside})
    return CheckedTable(
        data=data,
        texts=texts,
        good=present & ~bad,
        kinds=problems.kinds,
        problem_rows=all_rows[order],
        problem_kinds=all_kinds[order],
        rows_read=int(np.count_nonzero(present)) + outside + skipped,
        rows_set_aside=int(np.count_nonzero(bad & present)) + outside,
        rows_skipped=skipped,
    )


# --- showing problems ----------------------------------------------------------------------


def diagnose(table: CheckedTable, limit: int) -> list[Diagnostic]:
    """Diagnostics for the first *limit* problems of *table*, in row order."""
    rows = table.problem_rows[:limit].tolist()
    kinds = table.problem_kinds[:limit].tolist()
    lines = _lines(table.data, rows)
    return [
        _diagnostic(table.data, table.kinds[k], r, lines) for r, k in zip(rows, kinds, strict=True)
    ]


def diagnose_rows(table: CheckedTable, rows: Sequence[tuple[int, str]]) -> list[Diagnostic]:
    """GK440 diagnostics: each (row, where its first copy is)."""
    lines = _lines(table.data, [row for row, _ in rows])
    return [
        _diagnostic(table.data, _Kind("GK440", None, (("first", first),)), row, lines)
        for row, first in rows
    ]


def rows_for_listing(
    checked: Sequence[CheckedTable], limit: int
) -> tuple[list[SetAsideRow], tuple[tuple[str, int], ...]]:
    """The first *limit* set-aside rows with their diagnostics; set-aside rows by code."""
    listed: list[SetAsideRow] = []
    by_code: Counter[str] = Counter()
    for table in checked:
        codes = [table.kinds[k].code for k in table.problem_kinds.tolist()]
        pairs = set(zip(table.problem_rows.tolist(), codes, strict=True))
        by_code.update(code for _, code in pairs)
        room = limit - len(listed)
        if room <= 0 or not table.problem_rows.size:
            continue
        wanted = np.unique(table.problem_rows)[:room]
        last = int(np.searchsorted(table.problem_rows, wanted[-1], side="right"))
        diagnostics = diagnose(table, last)
        grouped: dict[int, list[Diagnostic]] = {}
        for row, shown in zip(table.problem_rows[:last].tolist(), diagnostics, strict=True):
            grouped.setdefault(row, []).append(shown)
        for row, found in grouped.items():
            row_codes = tuple(sorted({d.code for d in found}))
            listed.append(SetAsideRow(table.data.source.name, row, row_codes, tuple(found)))
    return listed, tuple(sorted(by_code.items()))


def _diagnostic(data: TableData, kind: _Kind, row: int, lines: dict[int, list[str]]) -> Diagnostic:
    texts = lines.get(row) or [""]
    state = data.state
    if state.format == "csv":
        field = kind.field
        if field is None and kind.column is not None and kind.column in state.header:
            field = state.header.index(kind.column)
        if field is None:
            line_offset, column, length = 0, 0, max(1, len(texts[0]))
        else:
            line_offset, column, length = field_position(texts, field)
    else:
        line_offset, column, length = 0, *_key_position(texts[0], kind)
    span = Span.for_line(data.source.name, row + line_offset, column + 1, max(1, length))
    hint = f"{kind.code}.hint" if f"{kind.code}.hint" in EVENT_LOG_MESSAGES.entries else None
    notes = [message("time.accepted")] if kind.code in _TIME_CODES else []
    return diagnostic(
        kind.code, span, texts[line_offset], hint=hint, notes=notes, **dict(kind.args)
    )


def _key_position(text: str, kind: _Kind) -> tuple[int, int]:
    if kind.field is not None:
        return kind.field, 1
    if kind.column is not None:
        key = json.dumps(kind.column, ensure_ascii=False)
        found = re.search(re.escape(key) + r"\s*:", text)
        if found:
            return found.start(), len(key)
    return 0, max(1, len(text))


def _lines(data: TableData, rows: Iterable[int]) -> dict[int, list[str]]:
    """The text of each row: its line(s) in the file, or the in-memory row as JSON."""
    wanted = set(rows)
    if not wanted:
        return {}
    state = data.state
    if state.format == "records":
        return {r: [render_record(state.records[r - 1])] for r in wanted if r <= len(state.records)}
    if state.format == "DataFrame":
        frame = data.source.obj
        return {r: [render_record(frame.iloc[r - 1].to_dict())] for r in wanted}
    if state.format == "Table":
        table = data.source.obj
        return {r: [render_record(table.slice(r - 1, 1).to_pylist()[0])] for r in wanted}
    found: dict[int, list[str]] = {}
    open_records: list[int] = []
    last = max(wanted)
    with open_text(data.source, state.encoding or "utf-8") as stream:
        for number, line in enumerate(stream, 1):
            text = line.rstrip("\r\n")
            still_open = []
            for start in open_records:
                record = found[start]
                record.append(text)
                if _quotes_open("\n".join(record)) and len(record) < _MAX_RECORD_LINES:
                    still_open.append(start)
            open_records = still_open
            if number in wanted:
                found[number] = [text]
                if state.format == "csv" and _quotes_open(text):
                    open_records.append(number)
            if number >= last and not open_records:
                break
    return found


def _quotes_open(text: str) -> bool:
    return text.count('"') % 2 == 1


# --- repeated rows -------------------------------------------------------------------------


def find_duplicates(
    time: np.ndarray, date_only: np.ndarray, columns: Sequence[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Rows equal to an earlier row in every column: their indices, and the earlier row's.

    A 64-bit hash of each row narrows the search to rows whose hashes collide; those are
    compared exactly.  The earliest copy (by source, then row) is the original.
    """
    count = time.size
    empty = np.zeros(0, np.int64)
    if count < 2:
        return empty, empty
    mixed = time.astype(np.uint64)
    mixed *= np.uint64(0x9E3779B97F4A7C15)
    mixed += date_only
    for codes in columns:  # a polynomial in an odd multiplier, in place: two passes a column
        mixed *= np.uint64(0xBF58476D1CE4E5B9)
        mixed += codes.astype(np.int32, copy=False).view(np.uint32)
    mixed ^= mixed >> np.uint64(29)
    ordered = np.sort(mixed)
    same = ordered[1:] == ordered[:-1]
    if not same.any():  # the usual case: no two rows alike
        return empty, empty
    # The rows whose hash is shared: those whose low 20 bits mark a table of the (few) shared
    # hashes, and then of those, the ones a binary search finds — no sort of every row.
    shared = np.unique(ordered[1:][same])
    low = np.uint64((1 << 20) - 1)
    marked = np.zeros(1 << 20, np.bool_)
    marked[shared & low] = True
    maybe = np.flatnonzero(marked[mixed & low])
    at = np.minimum(np.searchsorted(shared, mixed[maybe]), shared.size - 1)
    candidates = maybe[shared[at] == mixed[maybe]]
    stacked = np.stack(
        [time[candidates], date_only[candidates].astype(np.int64)]
        + [c[candidates].astype(np.int64) for c in columns]
    )
    first_seen: dict[tuple[int, ...], int] = {}
    duplicates: list[int] = []
    firsts: list[int] = []
    for index, key in zip(candidates.tolist(), stacked.T.tolist(), strict=True):
        first = first_seen.setdefault(tuple(key), index)
        if first != index:
            duplicates.append(index)
            firsts.append(first)
    return np.array(duplicates, np.int64), np.array(firsts, np.int64)
