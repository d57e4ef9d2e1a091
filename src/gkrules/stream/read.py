"""Reading CSV logs in batches of raw text, each row with its file and line.

The streaming check reads every source once, a batch of rows at a time, as Arrow tables of the
cells' text (an empty cell is missing, as in the engine's CSV reader), with the columns
``_gk_order`` (the source's position), ``_gk_row`` (the line the record starts on) and
``_gk_malformed`` (the record as text when its fields do not match the header).  The engine's own
loader then reads each batch (:func:`gkrules.spark.worker.annotate`), so rows are judged exactly as
``load_events`` judges them.
"""

from __future__ import annotations

import csv
import importlib
import io
import zlib
from collections.abc import Iterator, Sequence
from typing import Any, cast

from attrs import frozen

from gkrules.diagnostics import Diagnostic
from gkrules.engine.log_csv import check_header, csv_error
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
)
from gkrules.engine.messages import diagnostic, message, shorten
from gkrules.errors import EventLogError
from gkrules.spark.worker import MALFORMED, ORDER, ROW

__all__ = ["BATCH_ROWS", "CsvSource", "open_sources", "read_batches"]

#: Rows per batch read (and annotated) at once.
BATCH_ROWS = 100_000


@frozen
class CsvSource:
    """One CSV log, its header read: where it is, how it decodes, its columns."""

    source: Source
    order: int
    encoding: str
    columns: tuple[str, ...]
    #: The line after the header.
    first_line: int


def _pa() -> Any:
    return importlib.import_module("pyarrow")


def _pc() -> Any:
    return importlib.import_module("pyarrow.compute")


def open_sources(paths: Sequence[object], encoding: str | None) -> list[CsvSource]:
    """Every source's header; all problems found (unreadable files, bad headers) raised together."""
    counts: dict[str, int] = {}
    found: list[CsvSource] = []
    problems: list[Diagnostic] = []
    for position, given in enumerate(paths):
        source = classify(given, position, counts)
        if isinstance(source, Diagnostic):
            problems.append(source)
            continue
        opened = _open(source, position, encoding)
        if isinstance(opened, list):
            problems.extend(opened)
        else:
            found.append(opened)
    if problems:
        headline = diagnostic("GK400", problems=len(problems))
        raise EventLogError([headline, *problems])
    return found


def _open(source: Source, order: int, encoding: str | None) -> CsvSource | list[Diagnostic]:
    if source.open_bytes is None:
        return [diagnostic("GK409", path=shorten(source.name, 200), reason=_not_a_file())]
    try:
        head = read_head(source)
    except (OSError, EOFError, zlib.error) as error:
        return [unreadable(source, error)]
    codec, guessed = initial_encoding(head, encoding)
    fmt = source.format or sniff_format(head, codec)
    if fmt != "csv":
        return [diagnostic("GK409", path=shorten(source.name, 200), reason=_not_csv())]
    state = SourceState(source, "csv", encoding=codec)
    try:
        header = _header(source, codec, state)
    except UnicodeDecodeError:
        if guessed and codec == "utf-8" and locate_bad_byte(source, "gb18030") is None:
            codec = "gb18030"
            state = SourceState(source, "csv", encoding=codec)
            header = _header(source, codec, state)
        else:
            return [undecodable(source, codec, guessed=False)]
    except (OSError, EOFError, zlib.error) as error:
        return [unreadable(source, error)]
    if header is None:
        return state.file_problems or [
            diagnostic("GK405", hint="GK405.hint", path=shorten(source.name, 200))
        ]
    names, first_line = header
    if guessed and codec == "utf-8" and locate_bad_byte(source, "utf-8") is not None:
        if locate_bad_byte(source, "gb18030") is None:
            codec = "gb18030"
        else:
            return [undecodable(source, codec, guessed=False)]
    return CsvSource(source, order, codec, names, first_line)


def _header(source: Source, codec: str, state: SourceState) -> tuple[tuple[str, ...], int] | None:
    with open_text(source, codec) as stream:
        reader = csv.reader(stream, strict=True)
        for record in reader:
            if any(field.strip() for field in record):
                state.header_line = reader.line_num
                state.header_text = ",".join(record)
                names = check_header(record, state)
                return None if names is None else (names, reader.line_num + 1)
    return None


def _not_a_file() -> Any:
    return message("GK401.other", error="the streaming check reads files")


def _not_csv() -> Any:
    return message(
        "GK401.other",
        error="the streaming check reads CSV files; use --engine local for JSON Lines",
    )


def read_batches(
    log: CsvSource, columns: Sequence[str], batch_rows: int = BATCH_ROWS
) -> Iterator[Any]:
    """The data rows of *log* as Arrow tables with *columns* (the union of all logs' columns, text;
    a column this log lacks is missing in every row) and the provenance columns.

    A record the csv module rejects (an unclosed quote) stops the read with its line: the streaming
    check never skips a row.  Records of only blank fields are skipped, as the engine skips them.
    """
    width = len(log.columns)
    position = {name: index for index, name in enumerate(log.columns) if name}
    with open_text(log.source, log.encoding) as stream:
        for _ in range(log.first_line - 1):
            _skip_record(stream)
        reader = csv.reader(stream, strict=True)
        base = log.first_line - 1
        done = 0
        records: list[list[str]] = []
        rows: list[int] = []
        malformed: list[str | None] = []
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                code, args = csv_error(str(error))
                raise EventLogError([_record_problem(log, base + done + 1, code, args)]) from None
            start = base + done + 1
            done = reader.line_num
            if len(record) != width:
                if not any(field.strip() for field in record):
                    continue
                malformed.append(_as_line(record))
                records.append([""] * width)
            else:
                malformed.append(None)
                records.append(record)
            rows.append(start)
            if len(records) >= batch_rows:
                yield _table(log, columns, position, records, rows, malformed)
                records, rows, malformed = [], [], []
        if records:
            yield _table(log, columns, position, records, rows, malformed)


def _skip_record(stream: Any) -> None:
    stream.readline()


def _record_problem(log: CsvSource, line: int, code: str, args: dict[str, object]) -> Diagnostic:
    """GK426/GK427 for a record the csv module rejects, shown at its line."""
    from gkrules.source import Span

    text = _line_text(log, line)
    span = Span.for_line(log.source.name, line, 1, max(1, len(text)))
    return diagnostic(code, span, text, **cast("dict[str, Any]", args))


def _line_text(log: CsvSource, line: int) -> str:
    with open_text(log.source, log.encoding) as stream:
        for number, text in enumerate(stream, start=1):
            if number == line:
                return text.rstrip("\r\n")[:1000]
    return ""


def _as_line(record: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(record)
    return out.getvalue()


def _table(
    log: CsvSource,
    columns: Sequence[str],
    position: dict[str, int],
    records: list[list[str]],
    rows: list[int],
    malformed: list[str | None],
) -> Any:
    pa, pc = _pa(), _pc()
    transposed = list(zip(*records, strict=True))
    count = len(records)
    arrays = []
    empty = pa.scalar(None, pa.string())
    for name in columns:
        at = position.get(name)
        if at is None:
            arrays.append(pa.nulls(count, pa.string()))
            continue
        values = pa.array(transposed[at], pa.string())
        arrays.append(pc.if_else(pc.equal(values, ""), empty, values))
    arrays.append(pa.array([log.order] * count, pa.int32()))
    arrays.append(pa.array(rows, pa.int64()))
    arrays.append(pa.array(malformed, pa.string()))
    return pa.Table.from_arrays(arrays, names=[*columns, ORDER, ROW, MALFORMED])
