"""Reading CSV event logs with the standard library, fast where the file allows it.

The header is the first record that is not blank.  The rest is read in blocks
of whole lines.  A block without double quotes cannot hold a record that spans
lines, so each of its lines is one record: when every line has as many cells
as the header has names, the block's cells are found and encoded with numpy
(:mod:`~gkrules.engine.log_cells`: no Python object per cell, one per distinct
value); otherwise the ``csv`` module reads the block and uneven rows are
reported.  From the first block with a quote on, the ``csv`` module's reading
is the reference: a block whose quotes are plain (quoted fields on one line,
:func:`~gkrules.engine.log_cells.plain_quotes`) is still read as cells, and at
the first block that is not, the ``csv`` module reads every record to the end,
tracking the line each starts on (``row`` numbers are those lines).  The whole
file is handed over as one chunk, its columns encoded.

A blank line, or a record whose fields are all blank, is skipped and counted,
never a row.  In CSV an empty cell is a missing value.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, cast

import numpy as np

from gkrules.diagnostics import Diagnostic, Message, closest
from gkrules.engine.log_cells import CellEncoder, Cells, longest_line, split_cells
from gkrules.engine.log_columns import Coded, RawChunk
from gkrules.engine.log_sources import SourceState
from gkrules.engine.messages import diagnostic, message, shorten
from gkrules.engine.timeparse import ParsedTimes, parse_time_bytes, parse_time_values, parse_value
from gkrules.source import Span

__all__ = ["check_header", "csv_error", "field_position", "read_csv"]

BLOCK_CHARS = 1 << 23
CHUNK_ROWS = 1 << 17
#: Header names users write for the required columns, and what gkrules calls them.
_ALIASES = {
    "时间": "time",
    "日期": "time",
    "发生时间": "time",
    "日期时间": "time",
    "事件": "event",
    "事项": "event",
    "事件类型": "event",
    "类型": "event",
    "案号": "case",
    "文号": "case",
    "单位": "unit",
}


def read_csv(stream: IO[str], state: SourceState, *, cells: bool = True) -> Iterator[RawChunk]:
    """The data rows of a CSV log as one chunk; header and row problems go to *state*.

    ``cells=False`` reads every block with the ``csv`` module: what the fast path is tested
    against.
    """
    state.empty_is_missing = True
    next_line = _read_header(stream, state)
    if next_line is None:
        return
    reader = _Rows(state, cells=cells)
    quoted = False  # from the first quote on, the csv module's reading is the reference
    while True:
        block = stream.read(BLOCK_CHARS)
        if not block:
            break
        if not block.endswith("\n"):
            block += stream.readline()
        raw = block.encode("utf-8", "surrogatepass")
        quoted = quoted or b'"' in raw
        count = reader.cell_block(raw, next_line, quoted=quoted) if cells else None
        if count is None and quoted:
            lines = itertools.chain(io.StringIO(block, newline=""), stream)
            reader.quoted(lines, next_line)
            break
        if count is None:
            count = reader.plain_block(block, next_line)
        next_line += count
    chunk = reader.finish()
    if chunk is not None:
        yield chunk


def _read_header(stream: IO[str], state: SourceState) -> int | None:
    """Read up to the header; return the line after it (``None`` if there is no usable header)."""
    seen: list[str] = []

    def lines() -> Iterator[str]:
        for line in iter(stream.readline, ""):
            seen.append(line)
            yield line

    reader = csv.reader(lines(), strict=True)
    before = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            problem = diagnostic("GK405", hint="GK405.hint", path=shorten(state.source.name, 200))
            state.file_problems.append(problem)
            return None
        except csv.Error as error:
            state.header_line = before + 1
            state.header_text = _strip_break(seen[before] if before < len(seen) else "")
            code, args = csv_error(str(error))
            state.file_problems.append(
                _header_problem(state, code, 1, **cast("dict[str, Any]", args))
            )
            return None
        if any(f.strip() for f in record):
            break
        before = reader.line_num
    state.header_line = before + 1
    state.header_text = _strip_break(seen[before])
    names = check_header(record, state)
    if names is None:
        return None
    return reader.line_num + 1


def _strip_break(line: str) -> str:
    return line.rstrip("\r\n")


def csv_error(text: str) -> tuple[str, dict[str, object]]:
    """The catalog code and arguments for an error of the ``csv`` module."""
    if "field larger than field limit" in text:
        return "GK426", {"limit": csv.field_size_limit()}
    if "expected after" in text:
        return "GK427", {"reason": message("GK427.quote")}
    if "unexpected end of data" in text:
        return "GK427", {"reason": message("GK427.eof")}
    return "GK427", {"reason": message("GK427.other", error=shorten(text, 80))}


def check_header(fields: Sequence[str], state: SourceState) -> tuple[str, ...] | None:
    """The column names, or ``None`` after recording why the header cannot be used."""
    names = [f.strip() for f in fields]
    names[0] = names[0].lstrip("\ufeff").strip()
    first_at: dict[str, int] = {}
    ok = True
    for index, name in enumerate(names):
        if name and name in first_at:
            state.file_problems.append(
                _header_problem(
                    state,
                    "GK407",
                    index + 1,
                    hint="GK407.hint",
                    column=shorten(name),
                    first=first_at[name] + 1,
                    second=index + 1,
                )
            )
            ok = False
        first_at.setdefault(name, index)
    for required in ("time", "event"):
        if required not in first_at:
            state.file_problems.append(_missing_column(state, required, names))
            ok = False
    state.header = tuple(names)
    return tuple(names) if ok else None


def _missing_column(state: SourceState, column: str, names: Sequence[str]) -> Diagnostic:
    listed = ", ".join(shorten(n, 20) for n in names[:12]) + (", …" if len(names) > 12 else "")
    notes = [message("GK406.columns", columns=listed)]
    if any(not isinstance(parse_value(n), tuple) for n in names if n):
        return _header_problem(state, "GK406", 1, hint="GK406.data", notes=notes, column=column)
    if len(names) == 1 and "\t" in names[0]:
        return _header_problem(state, "GK406", 1, hint="GK406.tabs", notes=notes, column=column)
    found = next((n for n in names if _ALIASES.get(n) == column or n.lower() == column), None)
    if found is None:
        found = closest(column, [n for n in names if n.isascii()], cutoff=0.6)
    if found is not None:
        where = names.index(found) + 1
        return _header_problem(
            state, "GK406", where, hint="GK406.rename", notes=notes, column=column, found=found
        )
    return _header_problem(state, "GK406", 1, notes=notes, column=column)


def _header_problem(
    state: SourceState,
    code: str,
    field: int,
    *,
    hint: str | None = None,
    notes: Sequence[Message] = (),
    **args: object,
) -> Diagnostic:
    """A diagnostic on the header line, pointing at its *field*-th field (1-based)."""
    text = state.header_text
    _, start, length = field_position([text], field - 1) if text else (0, 0, 1)
    span = Span.for_line(state.source.name, state.header_line, start + 1, length)
    return diagnostic(code, span, text, hint=hint, notes=notes, **args)


class _Rows:
    """Collects the records: checks their width, encodes their columns, parses their times."""

    def __init__(self, state: SourceState, *, cells: bool = True) -> None:
        self.state = state
        self.cells = cells
        self.names = state.header
        self.width = len(self.names)
        # Values in a column without a name are problems — unless only some columns are read.
        self.unnamed = [i for i, n in enumerate(self.names) if not n and state.columns is None]
        self.time = self.names.index("time")
        self.named = [
            (i, n) for i, n in enumerate(self.names) if n and n != "time" and state.reads(n)
        ]
        self.encoders = {name: CellEncoder() for _, name in self.named}
        self.codes: dict[str, list[np.ndarray]] = {name: [] for _, name in self.named}
        self.rows: list[np.ndarray] = []
        self.times: list[ParsedTimes] = []

    def cell_block(self, raw: bytes, first_line: int, *, quoted: bool) -> int | None:
        """A block of UTF-8 lines read as cells, if each line holds one record of the right
        width.  Returns its line count, or ``None`` when the ``csv`` module must read it.

        *quoted* (a quote seen in the file): the block's quotes must be plain and no line may
        exceed the ``csv`` module's field limit, as it reads the rest of the file; and there may
        be one column without a name at most (the order in which the ``csv`` module reports
        values in several such columns depends on how it chunks the records).
        """
        if quoted and len(self.unnamed) > 1:
            return None
        crlf = b"\r" in raw
        if crlf and raw.count(b"\r") != raw.count(b"\r\n"):
            return None
        body = raw.replace(b"\r\n", b"\n") if crlf else raw
        body = body if body.endswith(b"\n") else body + b"\n"
        if quoted and b'"' not in body:
            text = np.frombuffer(body, np.uint8)
            if longest_line(text) > csv.field_size_limit():
                return None
        cells = split_cells(body, self.width, quoted=quoted and b'"' in body)
        if cells is None:
            return None
        lines = cells.rows
        self.add_cells(cells, np.arange(first_line, first_line + lines, dtype=np.int64))
        return lines

    def plain_block(self, block: str, first_line: int) -> int:
        """A block with no quotes that is not all records of the right width, read with the
        ``csv`` module.  Returns its line count."""
        records: list[list[str]] = []
        starts: list[int] = []
        for start, record in self._careful(io.StringIO(block, newline=""), first_line):
            records.append(record)
            starts.append(start)
        self.records(records, np.array(starts, np.int64))
        return block.count("\n") + block.count("\r") - block.count("\r\n")

    def quoted(self, lines: Iterable[str], first_line: int) -> None:
        records: list[list[str]] = []
        starts: list[int] = []
        for start, record in self._careful(lines, first_line):
            records.append(record)
            starts.append(start)
            if len(records) >= CHUNK_ROWS:
                self.records(records, np.array(starts, np.int64))
                records, starts = [], []
        self.records(records, np.array(starts, np.int64))

    def _careful(self, lines: Iterable[str], first_line: int) -> Iterator[tuple[int, list[str]]]:
        """Each record with the line it starts on; records the csv module rejects are reported."""
        reader = csv.reader(lines, strict=True)
        base = first_line - 1
        done = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                code, args = csv_error(str(error))
                self.state.problem(base + done + 1, code, **cast("dict[str, Any]", args))
                done = reader.line_num
                continue
            yield base + done + 1, record
            done = reader.line_num

    def records(self, records: list[list[str]], rows: np.ndarray) -> None:
        if not records:
            return
        widths = np.fromiter(map(len, records), np.int64, len(records))
        uneven = widths != self.width
        if uneven.any():
            for index in np.flatnonzero(uneven).tolist():
                record = records[index]
                if any(f.strip() for f in record):
                    row = int(rows[index])
                    self.state.problem(row, "GK425", fields=len(record), columns=self.width)
                else:
                    self.state.blank_rows += 1
            keep = np.flatnonzero(~uneven)
            records = [records[i] for i in keep.tolist()]
            rows = rows[keep]
            if not records:
                return
        columns: dict[int, list[str]]
        if self.state.columns is None:
            columns = dict(enumerate(list(column) for column in zip(*records, strict=True)))
        else:  # only the columns read
            wanted = [self.time, *(index for index, _ in self.named)]
            columns = {index: [record[index] for record in records] for index in wanted}
        for index, name in self.named:
            self.codes[name].append(self.encoders[name].encode_texts(columns[index]))
        for index in self.unnamed:
            self._unnamed(rows, index, columns[index])
        self.rows.append(rows)
        self.times.append(parse_time_values(columns[self.time]))

    def add_cells(self, cells: Cells, rows: np.ndarray) -> None:
        for index, name in self.named:
            starts, lengths, doubled = cells.column(index)
            encoder = self.encoders[name]
            self.codes[name].append(encoder.encode_cells(cells.data, starts, lengths, doubled))
        for index in self.unnamed:
            filled = np.flatnonzero(cells.column(index)[1])
            values = [cells.text(index, at) for at in filled.tolist()]
            self._unnamed(rows[filled], index, values)
        self.rows.append(rows)
        time = self.time
        starts, lengths, _ = cells.column(time)
        self.times.append(
            parse_time_bytes(cells.data, starts, lengths, lambda at: cells.text(time, at))
        )

    def _unnamed(self, rows: np.ndarray, index: int, values: Sequence[str]) -> None:
        """A value in a column without a name is a problem."""
        for row, value in zip(rows.tolist(), values, strict=True):
            if value.strip():
                self.state.problem(row, "GK408", at=index, index=index + 1)

    def finish(self) -> RawChunk | None:
        """Every row read, as one chunk (``None`` if there is none)."""
        if not self.rows:
            return None
        columns: dict[str, Sequence[object] | Coded] = {}
        for _, name in self.named:
            encoder = self.encoders[name]
            parts = self.codes[name]
            codes = parts[0] if len(parts) == 1 else np.concatenate(parts)
            columns[name] = Coded(codes, encoder.vocab, encoder.clean)
        rows = self.rows[0] if len(self.rows) == 1 else np.concatenate(self.rows)
        times = self.times[0] if len(self.times) == 1 else ParsedTimes.concat(self.times)
        return RawChunk(rows, times, columns)


_QUOTE_OR_COMMA = re.compile('[",]')


def field_position(lines: Sequence[str], field: int) -> tuple[int, int, int]:
    """Where the *field*-th field (0-based) of a record starting at ``lines[0]`` stands.

    Returns ``(line offset, 0-based column, length)``; quotes are honoured, so a field may
    sit on a later line of a record that spans several.  Past the last field: the line's end.
    """
    index = 0
    line = 0
    column = 0
    quoted = False
    start = (0, 0)
    while line < len(lines):
        text = lines[line]
        while True:  # jump from quote to comma with C-speed searches: a 50 MB cell stays fast
            if quoted:
                column = text.find('"', column)
                if column < 0:
                    break
                if column + 1 < len(text) and text[column + 1] == '"':
                    column += 2
                    continue
                quoted = False
            else:
                found = _QUOTE_OR_COMMA.search(text, column)
                if found is None:
                    break
                column = found.start()
                if text[column] == '"':
                    quoted = True
                else:
                    if index == field:
                        width = max(1, column - start[1]) if line == start[0] else 1
                        return start[0], start[1], width
                    index += 1
                    start = (line, column + 1)
            column += 1
        if not quoted:
            break
        line += 1
        column = 0
    if index == field:
        end = len(lines[start[0]]) if start[0] < len(lines) else 0
        return start[0], start[1], max(1, end - start[1])
    last = min(line, len(lines) - 1) if lines else 0
    return last, len(lines[last]) if lines else 0, 1
