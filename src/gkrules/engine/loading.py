"""``load_events``: read logs, check every row, account for every row, build the columns.

The pipeline, per source: classify → choose encoding and format → read chunks
(encoding each column as it comes) → check the distinct values → set problem
rows aside (lenient) or collect them all (strict).  Then, across sources:
times to UTC → one shared vocabulary per column → duplicates → :class:`EventLog`.
"""

from __future__ import annotations

import codecs
import zlib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import tzinfo
from typing import Literal

import numpy as np
from attrs import define, field

from gkrules.diagnostics import Diagnostic
from gkrules.engine.events import EventLog
from gkrules.engine.log_arrow import arrow_available, read_csv_arrow, read_table
from gkrules.engine.log_check import (
    CheckedTable,
    TableData,
    check_table,
    diagnose,
    diagnose_rows,
    find_duplicates,
    rows_for_listing,
)
from gkrules.engine.log_columns import (
    Coded,
    Column,
    ColumnEncoder,
    RawChunk,
    Texts,
    merge_columns,
)
from gkrules.engine.log_csv import read_csv
from gkrules.engine.log_report import MAX_LISTED, DuplicateRow, LoadReport, SourceReport
from gkrules.engine.log_sources import (
    Source,
    SourceState,
    classify,
    initial_encoding,
    locate_bad_byte,
    open_text,
    read_head,
    sniff_format,
    undecodable,
    unreadable,
    usage_error,
)
from gkrules.engine.log_tables import read_dataframe, read_jsonl, read_records
from gkrules.engine.messages import diagnostic, message, shorten
from gkrules.engine.ordering import stable_order
from gkrules.engine.timeparse import DAY_US, ParsedTimes, local_to_utc, resolve_zone, utc_to_local
from gkrules.errors import EventLogError, UsageError

__all__ = ["load_events"]

#: In ``csv_reader="auto"`` mode, CSV files at least this large go through pyarrow if installed.
AUTO_ARROW_BYTES = 1 << 20
#: A strict load's error details at most this many problems (all are counted).
MAX_DIAGNOSTICS = 1000

Dedupe = Literal["keep", "drop", "error"]
CsvReader = Literal["auto", "python", "pyarrow"]


def load_events(
    *sources: object,
    encoding: str | None = None,
    lenient: bool = False,
    tz: str | tzinfo = "Asia/Shanghai",
    dedupe: Dedupe = "keep",
    csv_reader: CsvReader = "auto",
    columns: str | Iterable[str] | None = None,
    events: str | Iterable[str] | None = None,
) -> EventLog:
    """Load one or more event logs into one :class:`EventLog`.

    *sources*: paths (``.csv``, ``.jsonl``/``.ndjson``, optionally ``.gz``; other names are
    sniffed), open files (text or binary), iterables of mappings, pandas DataFrames and
    pyarrow Tables.  Files are UTF-8 (a BOM is fine) or GB18030, told apart with certainty;
    *encoding* overrides.  Times without a zone are read in *tz*.  Rows repeating an earlier
    row exactly are kept, dropped, or an error, as *dedupe* says.  *csv_reader* picks
    pyarrow's CSV reader (``"pyarrow"``), the standard library's (``"python"``), or pyarrow
    for files over 1 MiB when it is installed (``"auto"``); both give the same log.

    *columns* (a name or names; default: all) reads only ``time``, ``event`` and these columns:
    the cells of other columns are not read at all, so they cannot set a row aside, and
    duplicates are rows equal in the columns read.  Names no source has are simply absent
    from the log; ``row`` numbers are the same as in a full load.

    *events* (a name or names; default: all) reads in full only the rows of these events.  A
    row whose event is another name is counted (``log.report.skipped_events``, and in
    ``rows_read``) but not read: its other cells are not checked, so it cannot be set aside,
    and it is not in the log.  A row without an event, or one the reader could not split into
    fields, is read as usual.  :meth:`gkrules.RuleSet.check` refuses a log that lacks rows of
    an event its rules read (GK525).

    Strict (the default): any row with a problem raises :class:`~gkrules.errors.EventLogError`
    listing all of them.  Lenient: such rows are set aside, counted and listed in
    ``log.report``.  A source that cannot be read at all is an error either way.
    """
    zone, tz_name = _check_options(sources, encoding, tz, dedupe, csv_reader)
    wanted = _wanted(columns, "columns")
    kept = _wanted(events, "events")
    counts: dict[str, int] = {}
    tables: list[TableData] = []
    file_problems: list[Diagnostic] = []
    for position, given in enumerate(sources):
        source = classify(given, position, counts)
        if isinstance(source, Diagnostic):
            file_problems.append(source)
            continue
        table = _read(source, encoding, csv_reader, wanted, kept)
        file_problems.extend(table.state.file_problems)
        tables.append(table)
    if file_problems:
        raise EventLogError([_headline(len(file_problems), rows=False), *file_problems])
    checked = [check_table(table) for table in tables]
    problems = sum(c.problem_count for c in checked)
    if problems and not lenient:
        shown = [d for _, d in zip(range(MAX_DIAGNOSTICS), _all_diagnostics(checked), strict=False)]
        raise EventLogError([_headline(problems, rows=True), *shown])
    return _assemble(checked, zone, tz_name, dedupe)


def _check_options(
    sources: Sequence[object],
    encoding: str | None,
    tz: str | tzinfo,
    dedupe: str,
    csv_reader: str,
) -> tuple[tzinfo, str]:
    if not sources:
        raise usage_error("GK490.no_sources")
    for name, value, choices in (
        ("dedupe", dedupe, ("keep", "drop", "error")),
        ("csv_reader", csv_reader, ("auto", "python", "pyarrow")),
    ):
        if value not in choices:
            listed = ", ".join(repr(c) for c in choices)
            raise usage_error("GK490.choice", name=name, choices=listed, value=shorten(repr(value)))
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except (LookupError, TypeError):
            raise usage_error("GK490.encoding", encoding=shorten(str(encoding))) from None
    if csv_reader == "pyarrow" and not arrow_available():
        raise UsageError(diagnostic("GK491", package="pyarrow", extra="fast"))
    return resolve_zone(tz)


def _wanted(names: str | Iterable[str] | None, option: str) -> frozenset[str] | None:
    """The columns (or events) to read, as *option* names them (``None``: all of them)."""
    if names is None:
        return None
    if isinstance(names, str):
        return frozenset([names])
    try:
        return frozenset(str(name) for name in names)
    except TypeError:
        raise usage_error(
            "GK490.choice",
            name=option,
            choices="None, str, Iterable[str]",
            value=shorten(repr(names)),
        ) from None


def _headline(count: int, *, rows: bool) -> Diagnostic:
    return diagnostic("GK400", hint="GK400.hint" if rows else None, problems=count)


# --- reading one source ------------------------------------------------------------------------


@define
class _Collector:
    """Accumulates a source's chunks: codes per column (each distinct value once), times, rows."""

    rows: list[np.ndarray] = field(factory=list)
    times: list[ParsedTimes] = field(factory=list)
    encoders: dict[str, ColumnEncoder] = field(factory=dict)
    parts: dict[str, dict[int, np.ndarray]] = field(factory=dict)

    def add(self, chunk: RawChunk) -> None:
        at = len(self.rows)
        self.rows.append(chunk.rows)
        self.times.append(chunk.times)
        for name, values in chunk.columns.items():
            encoder = self.encoders.setdefault(name, ColumnEncoder())
            if isinstance(values, Coded):
                codes = encoder.encode_coded(values)
            else:
                codes = encoder.encode(values)
            self.parts.setdefault(name, {})[at] = codes

    def finish(self, source: Source, state: SourceState) -> TableData:
        columns: dict[str, tuple[np.ndarray, Sequence[object]]] = {}
        clean: dict[str, np.ndarray] = {}
        for name, encoder in self.encoders.items():
            if encoder.clean is not None:
                clean[name] = encoder.clean
            parts = self.parts[name]
            pieces = [
                parts[at] if at in parts else encoder.missing(len(rows))
                for at, rows in enumerate(self.rows)
            ]
            columns[name] = (_joined(pieces, np.int32), encoder.vocab)
        rows = _joined(self.rows, np.int64)
        times = self.times[0] if len(self.times) == 1 else ParsedTimes.concat(self.times)
        return TableData(source, state, rows, times, columns, clean)


def _joined(parts: Sequence[np.ndarray], dtype: type) -> np.ndarray:
    """The parts one after another (a single part as it is, not copied)."""
    if len(parts) == 1:
        return parts[0]
    return np.concatenate(parts) if parts else np.zeros(0, dtype)


def _read(
    source: Source,
    encoding: str | None,
    csv_reader: str,
    wanted: frozenset[str] | None,
    kept: frozenset[str] | None,
) -> TableData:
    if source.format in ("records", "DataFrame", "Table"):
        state = SourceState(source, source.format, columns=wanted, events=kept)
        collector = _Collector()
        if source.format == "records":
            records = list(source.obj)
            state.records = records
            chunks = read_records(records, state)
        elif source.format == "DataFrame":
            chunks = read_dataframe(source.obj, state)
        else:
            chunks = read_table(source.obj, state)
        for chunk in chunks:
            collector.add(chunk)
        if source.format == "records":
            _check_keys(state, collector)
        return collector.finish(source, state)
    return _read_file(source, encoding, csv_reader, wanted, kept)


def _read_file(
    source: Source,
    encoding: str | None,
    csv_reader: str,
    wanted: frozenset[str] | None,
    kept: frozenset[str] | None,
) -> TableData:
    if source.open_bytes is not None:
        try:
            head = read_head(source)
        except (OSError, EOFError, zlib.error):
            head = b""
        codec, guessed = initial_encoding(head, encoding)
        fmt = source.format or sniff_format(head, codec)
    else:
        codec, guessed = "text", False
        assert source.open_text is not None
        with source.open_text() as stream:
            head_text = stream.read(4096)
            fmt = source.format or sniff_format(head_text.encode("utf-8", "replace"), "utf-8")
    detected = False
    while True:
        state = SourceState(
            source,
            fmt,
            encoding=codec if codec != "text" else None,
            columns=wanted,
            events=kept,
        )
        state.encoding_detected = detected
        collector = _Collector()
        try:
            chunks = None
            if fmt == "csv" and _use_arrow(source, csv_reader):
                chunks = read_csv_arrow(source, state, codec)
            if chunks is None:
                state.reader = "python"
                with open_text(source, codec) as stream:
                    reader = read_csv if fmt == "csv" else read_jsonl
                    for chunk in reader(stream, state):
                        collector.add(chunk)
            else:
                for chunk in chunks:
                    collector.add(chunk)
        except UnicodeDecodeError:
            if guessed and codec == "utf-8" and locate_bad_byte(source, "gb18030") is None:
                codec, guessed, detected = "gb18030", False, True
                continue
            state.file_problems = [undecodable(source, codec, guessed)]
            collector = _Collector()
        except (OSError, EOFError, zlib.error) as error:
            state.file_problems = [unreadable(source, error)]
            collector = _Collector()
        if fmt == "jsonl":
            _check_keys(state, collector)
        return collector.finish(source, state)


def _use_arrow(source: Source, csv_reader: str) -> bool:
    if csv_reader == "pyarrow":
        return True
    if csv_reader == "python" or source.open_bytes is None:
        return False
    return (source.size or 0) >= AUTO_ARROW_BYTES and arrow_available()


def _check_keys(state: SourceState, collector: _Collector) -> None:
    """Rows of JSON or mappings, none of which has ``time`` (or ``event``): a missing column."""
    if not collector.rows or state.file_problems:
        return
    keys = sorted(state.keys_seen)
    listed = ", ".join(shorten(k, 20) for k in keys[:12]) + (", …" if len(keys) > 12 else "")
    for required in ("time", "event"):
        if required not in state.keys_seen:
            notes = [message("GK406.columns", columns=listed or "—")]
            problem = diagnostic("GK406", notes=notes, column=required)
            state.file_problems.append(problem)


# --- all sources together ----------------------------------------------------------------------


def _all_diagnostics(checked: Sequence[CheckedTable]) -> list[Diagnostic]:
    """Every problem's diagnostic, in source and row order, lazily built up to the cap."""
    shown: list[Diagnostic] = []
    for table in checked:
        room = MAX_DIAGNOSTICS - len(shown)
        if room <= 0:
            break
        shown.extend(diagnose(table, room))
    return shown


def _assemble(checked: list[CheckedTable], zone: tzinfo, tz_name: str, dedupe: str) -> EventLog:
    """The good rows of every source as one log: times in UTC, shared vocabularies, duplicates."""
    goods = [None if c.good.all() else np.flatnonzero(c.good) for c in checked]
    sizes = [c.good.size if g is None else g.size for c, g in zip(checked, goods, strict=True)]

    def joined(part: Callable[[CheckedTable], np.ndarray]) -> np.ndarray:
        return _joined(
            [part(c) if g is None else part(c)[g] for c, g in zip(checked, goods, strict=True)],
            np.int64,
        )

    clock = joined(lambda c: c.data.times.clock_us)
    assumed = ~joined(lambda c: c.data.times.has_offset)
    date_only = joined(lambda c: c.data.times.date_only)
    row = joined(lambda c: c.data.rows)
    source = np.repeat(np.arange(len(goods), dtype=np.int32), sizes)
    if assumed.all():  # the usual case: no time names its offset
        utc, local = local_to_utc(clock, zone), clock
    else:
        utc = clock - joined(lambda c: c.data.times.offset_us)
        utc[assumed] = local_to_utc(clock[assumed], zone)
        local = clock.copy()
        local[~assumed] = utc_to_local(utc[~assumed], zone)
    # The rows' time order (which a check sorts by) is worked out beside the rest, on a large
    # log in a thread of its own (numpy's sort lets go of the GIL).
    by_time = _beside(lambda: stable_order(utc), thread=utc.size >= _PARALLEL_ROWS)
    day = np.floor_divide(local, DAY_US).astype("datetime64[D]")
    columns = _merged_columns(checked, goods)
    duplicates, firsts = find_duplicates(utc, date_only, [col.codes for col in columns.values()])
    order = by_time()
    if dedupe == "error" and duplicates.size:
        raise EventLogError(_duplicate_error(checked, source, row, duplicates, firsts))
    keep = np.ones(utc.size, np.bool_)
    if dedupe == "drop":
        keep[duplicates] = False
    sources = tuple(c.data.source.name for c in checked)
    listed = tuple(
        DuplicateRow(sources[source[d]], int(row[d]), sources[source[f]], int(row[f]))
        for d, f in zip(duplicates[:MAX_LISTED].tolist(), firsts[:MAX_LISTED].tolist(), strict=True)
    )
    reports = []
    for index, c in enumerate(checked):
        found = int(np.count_nonzero(source[duplicates] == index))
        loaded = (source == index) & keep
        state = c.data.state
        reports.append(
            SourceReport(
                name=c.data.source.name,
                format=state.format,
                encoding=state.encoding,
                encoding_detected=state.encoding_detected,
                reader=state.reader,
                rows_read=c.rows_read,
                rows_loaded=int(np.count_nonzero(loaded)),
                rows_set_aside=c.rows_set_aside,
                duplicates_found=found,
                duplicates_dropped=found if dedupe == "drop" else 0,
                zone_assumed=int(np.count_nonzero(loaded & assumed)),
                date_only=int(np.count_nonzero(loaded & date_only)),
                blank_rows=state.blank_rows,
                rows_skipped=c.rows_skipped,
            )
        )
    set_aside, by_code = rows_for_listing(checked, MAX_LISTED)
    skipped: dict[str, int] = {}
    for c in checked:
        for name, count in c.data.state.skipped.items():
            skipped[name] = skipped.get(name, 0) + count
    report = LoadReport(
        tuple(reports),
        tuple(set_aside),
        by_code,
        listed,
        dedupe,
        tz_name,
        tuple(sorted(skipped.items(), key=lambda item: (-item[1], item[0]))),
    )
    at = None if keep.all() else np.flatnonzero(keep)
    if at is not None:  # the order of the rows kept, numbered as kept
        order = (np.cumsum(keep) - 1)[order[keep[order]]]
    order.flags.writeable = False

    def final(array: np.ndarray) -> np.ndarray:
        kept = array if at is None else array[at]
        kept.flags.writeable = False
        return kept

    return EventLog(
        time=final(utc),
        date_only=final(date_only),
        zone_assumed=final(assumed),
        day=final(day),
        columns={n: c if at is None else c.take(at) for n, c in columns.items()},
        source=final(source),
        sources=sources,
        row=final(row),
        tz=tz_name,
        zone=zone,
        report=report,
        by_time=order,
    )


#: A log of at least this many rows has its time order worked out in a thread of its own.
_PARALLEL_ROWS = 100_000


def _beside(work: Callable[[], np.ndarray], *, thread: bool) -> Callable[[], np.ndarray]:
    """*work* started in a thread of its own (or, without *thread*, left to be done when
    asked for); call the result to wait for it."""
    if not thread:
        return work
    pool = ThreadPoolExecutor(1)
    try:
        future = pool.submit(work)
    finally:
        pool.shutdown(wait=False)  # the thread ends with its one piece of work
    return future.result


def _merged_columns(
    checked: Sequence[CheckedTable], goods: Sequence[np.ndarray | None]
) -> dict[str, Column]:
    """Each column over all sources (all missing where a source lacks it), in first-seen order."""
    names: dict[str, None] = {"event": None}  # a log always has events, even an empty one
    for c in checked:
        state = c.data.state
        names.update(dict.fromkeys(n for n in state.header if n and n != "time" and state.reads(n)))
        names.update(dict.fromkeys(c.texts))
    columns = {}
    for name in names:
        parts: list[tuple[np.ndarray, Texts]] = []
        for c, g in zip(checked, goods, strict=True):
            if name in c.texts:
                codes = c.data.columns[name][0]
                parts.append((codes if g is None else codes[g], c.texts[name]))
            else:
                size = c.good.size if g is None else g.size
                parts.append((np.zeros(size, np.int32), Texts([None], True, [0])))
        columns[name] = merge_columns(parts)
    return columns


def _duplicate_error(
    checked: Sequence[CheckedTable],
    source: np.ndarray,
    row: np.ndarray,
    duplicates: np.ndarray,
    firsts: np.ndarray,
) -> list[Diagnostic]:
    sources = [c.data.source.name for c in checked]
    wanted: dict[int, list[tuple[int, str]]] = {}
    for d, f in zip(
        duplicates[:MAX_DIAGNOSTICS].tolist(), firsts[:MAX_DIAGNOSTICS].tolist(), strict=True
    ):
        first = f"{sources[source[f]]}:{int(row[f])}"
        wanted.setdefault(int(source[d]), []).append((int(row[d]), first))
    shown: list[Diagnostic] = []
    for index, rows in wanted.items():
        shown.extend(diagnose_rows(checked[index], rows))
    headline = diagnostic("GK400", problems=int(duplicates.size))
    return [headline, *shown]
