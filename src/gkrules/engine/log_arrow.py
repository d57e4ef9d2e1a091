"""pyarrow, when installed: Arrow tables as logs, and a fast path for CSV files.

pyarrow is imported only when a function here runs (the ``fast`` extra installs
it).  The CSV fast path reads a file with ``pyarrow.csv.read_csv`` when that
provably gives what the standard-library reader gives: UTF-8 (with or without
BOM), the header on the first line without quotes, one record on every line
(a blank line is a row of empty cells, counted as blank) and every double quote
part of a quoted field on one line (opened at the field's start, closed at its end,
doubled inside; checked with numpy), with no line longer than the ``csv``
module's field limit.  Any other file, or any row problem, and it returns
``None``: the standard reader takes the file and reports what it finds.  A
large file is cut at line feeds into parts that threads parse side by side (as
every line is one record, the rows are the same).  Cells are parsed as bytes and
checked as UTF-8 once the rows of events not read are gone (a column of few
values in its dictionary).  Text columns are dictionary-encoded by Arrow (a
mostly empty column only where it has values) and times parsed straight from
Arrow's buffers, with no Python object per row.
"""

from __future__ import annotations

import codecs
import importlib
import io
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from itertools import pairwise
from types import ModuleType
from typing import Any

import numpy as np
from attrs import evolve, frozen

from gkrules.engine.log_cells import plain_quotes
from gkrules.engine.log_check import skipped_events, tally_skipped
from gkrules.engine.log_columns import (
    BadValue,
    Coded,
    RawChunk,
    Texts,
    clean_values,
    normalize_vocab,
)
from gkrules.engine.log_sources import Source, SourceState
from gkrules.engine.log_tables import check_columns, times_from_clock
from gkrules.engine.messages import diagnostic
from gkrules.engine.timeparse import DAY_US, ParsedTimes, parse_time_utf8, parse_time_values
from gkrules.engine.utf8_texts import Utf8Texts
from gkrules.errors import UsageError

__all__ = ["arrow_available", "read_csv_arrow", "read_table"]


def _import(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError:
        raise UsageError(diagnostic("GK491", package="pyarrow", extra="fast")) from None


def arrow_available() -> bool:
    try:
        importlib.import_module("pyarrow.csv")
    except ImportError:
        return False
    return True


def read_table(table: Any, state: SourceState) -> Iterator[RawChunk]:
    """An Arrow Table (or RecordBatch): one row an event, columns by name."""
    pa = _import("pyarrow")
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    names = [str(n) for n in table.column_names]
    if not check_columns(names, state):
        return
    rows = np.arange(1, table.num_rows + 1, dtype=np.int64)
    read = [i for i, name in enumerate(names) if state.reads(name)]
    table = table.select(read)
    yield _chunk(pa, table, [names[i] for i in read], rows, empty_is_missing=False)


def _chunk(
    pa: Any,
    table: Any,
    names: Sequence[str],
    rows: np.ndarray,
    *,
    empty_is_missing: bool,
    done: Mapping[str, Coded] | None = None,
    unique: bool = False,
) -> RawChunk:
    """The columns of *table* converted, the columns *done* already taken as they are.
    *unique*: its dictionary columns hold each value once (pyarrow's CSV reader made them)."""

    def convert(index: int) -> ParsedTimes | Coded:
        if done and names[index] in done:
            return done[names[index]]
        column = table.column(index)
        if names[index] == "time":
            return _times(pa, column.combine_chunks())
        chunked = _coded_chunks(pa, column, empty_is_missing=empty_is_missing)
        if chunked is not None:
            return chunked
        return _coded(pa, column.combine_chunks(), empty_is_missing=empty_is_missing, unique=unique)

    # Arrow's encoding and numpy's arithmetic let go of the GIL: columns convert side by side.
    order = sorted(range(len(names)), key=lambda i: -table.column(i).nbytes)
    if table.num_rows >= _PARALLEL_ROWS and len(names) > 1:
        with ThreadPoolExecutor(_WORKERS) as pool:
            converted = dict(zip(order, pool.map(convert, order), strict=True))
    else:
        converted = {index: convert(index) for index in order}
    columns: dict[str, Sequence[object] | Coded] = {}
    times = None
    for index, name in enumerate(names):
        value = converted[index]
        if isinstance(value, ParsedTimes):
            times = value
        else:
            columns[name] = value
    return RawChunk(rows, ParsedTimes.missing(len(rows)) if times is None else times, columns)


#: Columns of at least this many rows are converted by a pool of threads, this many.
_PARALLEL_ROWS = 100_000
_WORKERS = min(4, os.cpu_count() or 1)


def _coded(pa: Any, array: Any, *, empty_is_missing: bool, unique: bool = False) -> Coded:
    """A column as Arrow's dictionary encoding: codes (``-1`` for nulls) and distinct values.

    With *empty_is_missing* (CSV), empty strings are coded ``-1`` as well, and a column that
    is mostly empty is encoded only where it has values.  A column that arrives
    dictionary-encoded is taken as it is when its dictionary is known to hold each value once
    (*unique*: pyarrow's CSV reader built it); otherwise it is decoded and encoded again.
    """
    types = pa.types
    if types.is_dictionary(array.type):
        if unique and _is_text(pa, array.type.value_type) and not array.dictionary.null_count:
            return _coded_dictionary(pa, array, empty_is_missing=empty_is_missing)
        array = array.dictionary_decode()
    if not (types.is_string(array.type) or types.is_large_string(array.type)):
        try:
            array = array.cast(pa.string())
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
            kind = (
                "list"
                if types.is_list(array.type) or types.is_large_list(array.type)
                else (
                    "object" if types.is_struct(array.type) or types.is_map(array.type) else "other"
                )
            )
            bad = BadValue(kind, str(array.type))
            valid = array.is_valid().to_numpy(zero_copy_only=False)
            return Coded(np.where(valid, 0, -1).astype(np.int32), [bad])
    if empty_is_missing and array.null_count == 0:
        nonempty = _nonempty(pa, array)
        if _mostly_empty(int(np.count_nonzero(nonempty)), len(array)):
            filled = np.flatnonzero(nonempty)
            codes = np.full(len(array), -1, np.int32)
            encoded = array.take(_positions(pa, filled)).dictionary_encode()
            codes[filled] = _indices(encoded.indices)
            return _vocab(pa, encoded.dictionary, codes)
    return _coded_dictionary(
        pa, array.dictionary_encode(null_encoding="mask"), empty_is_missing=empty_is_missing
    )


def _coded_chunks(pa: Any, column: Any, *, empty_is_missing: bool) -> Coded | None:
    """A text column in several chunks (the parts of a file) encoded as it is, without first
    copying its values into one array — or ``None`` to leave it to :func:`_coded`: a column
    in one chunk, of another type, or mostly empty (CSV)."""
    if column.num_chunks < 2 or not _is_text(pa, column.type) or not len(column):
        return None
    if empty_is_missing:
        filled = sum(int(np.count_nonzero(_nonempty(pa, chunk))) for chunk in column.chunks)
        if _mostly_empty(filled, len(column)):
            return None
    encoded = column.dictionary_encode(null_encoding="mask")
    dictionary = encoded.chunks[-1].dictionary
    # Each chunk's indices point into the one dictionary of the whole column (the encoding's
    # last chunk has every value; the others have the same, if Arrow gave them all of it).
    if any(len(chunk.dictionary) != len(dictionary) for chunk in encoded.chunks):
        return None
    codes = np.concatenate([_codes(chunk.indices) for chunk in encoded.chunks])
    return _coded_values(pa, codes, dictionary, empty_is_missing=empty_is_missing)


def _positions(pa: Any, positions: np.ndarray) -> Any:
    """Row positions as an Arrow ``int64`` array over numpy's buffer.

    Not ``pa.array``: it imports pandas, when installed, the first time it runs (a quarter
    of a second or more, paid by every process that reads a log).
    """
    values = np.ascontiguousarray(positions, np.int64)
    return pa.Array.from_buffers(pa.int64(), values.size, [None, pa.py_buffer(values)])


def _nonempty(pa: Any, array: Any) -> np.ndarray:
    """Which values of an Arrow string array are not empty."""
    offsets = _offsets(pa, array)
    nonempty: np.ndarray = offsets[1:] != offsets[:-1]
    return nonempty


def _mostly_empty(filled: int, size: int) -> bool:
    """Whether a CSV column of *size* cells, *filled* of them not empty, is encoded only where
    it has values."""
    return filled * 2 < size


def _is_text(pa: Any, kind: Any) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _coded_dictionary(pa: Any, encoded: Any, *, empty_is_missing: bool) -> Coded:
    """A dictionary array of text, each value once in its dictionary, as codes and values."""
    return _coded_values(
        pa, _codes(encoded.indices), encoded.dictionary, empty_is_missing=empty_is_missing
    )


def _codes(indices: Any) -> np.ndarray:
    """Dictionary indices as ``int32`` codes, ``-1`` for nulls."""
    if indices.null_count:
        codes: np.ndarray = indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32)
        return codes
    return _indices(indices)


def _coded_values(pa: Any, codes: np.ndarray, dictionary: Any, *, empty_is_missing: bool) -> Coded:
    """Codes into *dictionary* (text, each value once) as codes and values; with
    *empty_is_missing*, the empty string's code is ``-1``."""
    coded = _vocab(pa, dictionary, codes)
    empty = _empty_position(coded.vocab) if empty_is_missing else -1
    if empty < 0:
        return coded
    # The empty string is a missing value: code -1, and out of the vocabulary.
    codes = np.where(codes == empty, -1, codes - (codes > empty)).astype(np.int32)
    vocab = coded.vocab
    if isinstance(vocab, Utf8Texts):
        vocab = vocab.without(empty)
    else:
        vocab = [*vocab[:empty], *vocab[empty + 1 :]]
    assert coded.clean is not None
    return Coded(codes, vocab, np.delete(coded.clean, empty))


def _empty_position(vocab: Sequence[object]) -> int:
    """Where the empty string stands in *vocab* (``-1``: nowhere; :class:`Utf8Texts` searches
    its bytes, decoding nothing)."""
    try:
        return vocab.index("")
    except ValueError:
        return -1


def _offsets(pa: Any, array: Any) -> np.ndarray:
    """The value offsets of an Arrow string array, as a numpy view of its buffer."""
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    return np.frombuffer(array.buffers()[1], width)[array.offset : array.offset + len(array) + 1]


def _indices(indices: Any) -> np.ndarray:
    """Dictionary indices without nulls as ``int32`` codes (a view of Arrow's buffer if it can)."""
    if str(indices.type) == "int32":
        view: np.ndarray = np.frombuffer(indices.buffers()[1], np.int32)
        return view[indices.offset : indices.offset + len(indices)]
    codes: np.ndarray = indices.to_numpy(zero_copy_only=False).astype(np.int32)
    return codes


def _vocab(pa: Any, dictionary: Any, codes: np.ndarray) -> Coded:
    """The column's codes with its distinct values, checked in bulk.

    Few values are made Python strings at once.  Many (a case column) are kept as
    :class:`Utf8Texts` over the dictionary's bytes: a check needs the text of few of them.
    """
    offsets = _offsets(pa, dictionary)
    data = dictionary.buffers()[2]
    text = np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8)
    clean = clean_values(text, offsets[:-1], offsets[1:])
    values: Sequence[object]
    if len(dictionary) < LAZY_VALUES:
        values = dictionary.to_pylist()
    else:
        values = Utf8Texts.from_offsets(text, offsets)
    return Coded(codes, values, clean)


#: A column with at least this many distinct values keeps them as UTF-8 bytes until read.
LAZY_VALUES = 50_000


def _times(pa: Any, array: Any) -> ParsedTimes:
    types = pa.types
    if types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if array.null_count:
        missing = array.is_null().to_numpy(zero_copy_only=False)
    else:
        missing = np.zeros(len(array), np.bool_)
    if types.is_timestamp(array.type):
        micros = array.cast(pa.timestamp("us", tz=array.type.tz)).cast(pa.int64())
        clock = micros.fill_null(0).to_numpy(zero_copy_only=False)
        return times_from_clock(clock, missing, has_offset=array.type.tz is not None)
    if types.is_date(array.type):
        days = array.cast(pa.date32()).cast(pa.int32()).fill_null(0).to_numpy(zero_copy_only=False)
        parsed = times_from_clock(days.astype(np.int64) * DAY_US, missing, has_offset=False)
        return ParsedTimes(
            parsed.clock_us,
            parsed.offset_us,
            parsed.has_offset,
            ~parsed.failed,
            parsed.failed,
            parsed.failures,
        )
    if not (types.is_string(array.type) or types.is_large_string(array.type)):
        return parse_time_values(array.to_pylist())
    buffers = array.buffers()
    offsets = _offsets(pa, array)
    data = np.frombuffer(buffers[2], np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
    value_for: Callable[[int], object] = lambda index: array[index].as_py()  # noqa: E731
    return parse_time_utf8(offsets, data, ~missing, value_for)


def read_csv_arrow(source: Source, state: SourceState, encoding: str) -> list[RawChunk] | None:
    """The rows of a CSV file via ``pyarrow.csv``, or ``None`` if the standard reader must read it."""
    if encoding not in ("utf-8", "utf-8-sig") or source.open_bytes is None:
        return None
    pa = _import("pyarrow")
    with _contents(pa, source) as buffer:  # the file mapped into memory if it can be
        return _read_buffer(pa, buffer, state)


@contextmanager
def _contents(pa: Any, source: Source) -> Iterator[Any]:
    """The bytes of *source* as an Arrow buffer: a plain file mapped, anything else read."""
    assert source.open_bytes is not None
    mapping = None
    if source.path is not None:
        with source.open_bytes() as raw:
            plain = isinstance(raw, io.BufferedReader)  # not decompressed on the way
        try:
            mapping = pa.memory_map(source.path) if plain else None
        except OSError:
            mapping = None
    if mapping is not None:
        with mapping:
            yield mapping.read_buffer()
        return
    with source.open_bytes() as raw:
        yield pa.py_buffer(raw.read())


def _read_buffer(pa: Any, buffer: Any, state: SourceState) -> list[RawChunk] | None:
    pa_csv = _import("pyarrow.csv")
    data = np.frombuffer(buffer, np.uint8)
    if bytes(data[:3]) == codecs.BOM_UTF8:
        buffer, data = buffer.slice(3), data[3:]
    head = bytes(data[: 1 << 16])
    ends = [i for i in (head.find(b"\n"), head.find(b"\r")) if i >= 0]
    if not ends and data.size > len(head):
        head = bytes(data)
        ends = [i for i in (head.find(b"\n"), head.find(b"\r")) if i >= 0]
    header = head[: min(ends) if ends else len(head)]
    try:
        names = [n.strip() for n in header.decode("utf-8").split(",")]
    except UnicodeDecodeError:
        return None
    if len(set(names)) != len(names) or "" in names or not {"time", "event"} <= set(names):
        return None
    if b'"' in header:
        return None
    parts = _parse(pa, pa_csv, buffer, names, state, len(header))
    # A file whose quotes pyarrow might read otherwise is left to the standard reader.
    if parts is None or (any(part.quoted for part in parts) and not plain_quotes(data)):
        return None
    state.header = tuple(names)
    state.header_line = 1
    state.empty_is_missing = True
    state.reader = "pyarrow"
    table, rows, done = _one_table(pa, parts, state)
    return [
        _chunk(pa, table, table.column_names, rows, empty_is_missing=True, done=done, unique=True)
    ]


@frozen(eq=False)
class _Part:
    """One part of a file as parsed: its table (only the rows of the events read, when
    others were filtered out), the part's own row count, the indices of the rows it kept
    (``None``: all), its event column encoded (kept rows), the skipped rows by event value,
    and whether its bytes hold a double quote."""

    table: Any
    size: int
    keep: np.ndarray | None = None
    event: Coded | None = None
    skipped: tuple[Texts, np.ndarray] | None = None
    quoted: bool = False


def _sift(pa: Any, table: Any, state: SourceState) -> _Part:
    """A part's rows of the events ``state`` reads in full, and its event column encoded.

    Rows of other events are filtered out here (beside the other parts) when they are at
    least :data:`_SKIP_SHARE` of the part, and their cells are then never converted; they are
    counted by value, for the reader to tally.  Fewer are left to ``check_table``, which
    counts them the same way (filtering costs more than it saves for a few).  The part's
    other columns of few values are dictionary-encoded here, from the rows kept
    (:func:`_encoded`).
    """
    size = table.num_rows
    if state.events is None or "event" not in table.column_names:
        return _Part(_as_text(pa, _encoded(table)), size)
    table = _as_text(pa, table, ("event",))
    event = _coded(pa, table.column("event").combine_chunks(), empty_is_missing=True, unique=True)
    texts, found = normalize_vocab(
        event.vocab, standard=True, empty_is_missing=True, clean=event.clean
    )
    skips = skipped_events(texts, found, state)  # per value, then the missing one
    skip = skips[event.codes]
    if np.count_nonzero(skip) < _SKIP_SHARE * size:
        return _Part(_as_text(pa, _encoded(table)), size, None, event)
    rows_of = np.bincount(event.codes + 1, minlength=len(skips))  # first: missing
    keep = ~skip
    kept = np.flatnonzero(keep)
    return _Part(
        _as_text(pa, _encoded(table.take(_positions(pa, kept)))),
        size,
        kept,
        Coded(event.codes[keep], event.vocab, event.clean),
        (texts, rows_of[1:] * skips[:-1]),
    )


def _encoded(table: Any) -> Any:
    """*table* with its columns of few values (:data:`_ENCODED_AFTER`) dictionary-encoded.

    The parse reads them as plain bytes, and they are encoded once the rows of other events
    are gone: Arrow's encoding in the reader costs as much as reading the bytes and encoding
    them after, for every row, and three times as much when four rows in five are then
    filtered out (the ``unit`` column of a check of S3).
    """
    for name in _ENCODED_AFTER.intersection(table.column_names):
        index = table.column_names.index(name)
        table = table.set_column(index, name, table.column(index).dictionary_encode())
    return table


def _as_text(pa: Any, table: Any, names: Sequence[str] | None = None) -> Any:
    """*table* with its columns *names* (default: all) of bytes read as UTF-8 text.

    The parse keeps cells as bytes, so that the text is checked here, after the rows of
    other events are gone: a column of few values (dictionary-encoded) is checked value by
    value in its dictionary, not row by row.  Bytes that are not UTF-8 raise
    ``ArrowInvalid``, and the standard reader takes the file.
    """
    for name in table.column_names if names is None else names:
        index = table.column_names.index(name)
        column = table.column(index)
        kind = column.type
        coded = pa.types.is_dictionary(kind)
        if coded and pa.types.is_binary(kind.value_type):
            text = pa.dictionary(kind.index_type, pa.string())
        elif pa.types.is_binary(kind):
            text = pa.string()
        else:
            continue
        # The same buffers seen as text, and checked (Arrow's full validation: UTF-8 included).
        # Not a cast: the first cast in a process sets up Arrow's cast table (50 ms).
        chunks = [chunk.view(text) for chunk in column.chunks]
        for chunk in chunks:
            values = chunk.dictionary if coded else chunk
            if not _ascii(values):  # bytes below 0x80 are UTF-8 whatever their cells
                values.validate(full=True)
        table = table.set_column(index, name, pa.chunked_array(chunks, text))
    return table


def _ascii(array: Any) -> bool:
    """Whether the value bytes of an Arrow text array are all ASCII (its whole data buffer
    is looked at, a slice's neighbours too: a byte of 0x80 or more anywhere says no)."""
    data = array.buffers()[2]
    values = np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8)
    return not values.size or int(values.max()) < 0x80


def _one_table(
    pa: Any, parts: Sequence[_Part], state: SourceState
) -> tuple[Any, np.ndarray, dict[str, Coded]]:
    """The parts as one table: its columns, row numbers (row n is line n + 1) and the event
    column encoded already (one vocabulary, in order of first appearance in the file); the
    skipped rows tallied."""
    for part in parts:
        if part.skipped is not None:
            tally_skipped(state, *part.skipped)
    rows = _row_numbers(parts)
    table = pa.concat_tables([part.table for part in parts])
    events = [part.event for part in parts]
    if any(event is None for event in events):
        return table, rows, {}
    return table, rows, {"event": _one_event_column(events)}


def _row_numbers(parts: Sequence[_Part]) -> np.ndarray:
    """The row number of each kept row of *parts* (row n is line n + 1)."""
    if all(part.keep is None for part in parts):
        return np.arange(2, 2 + sum(part.size for part in parts), dtype=np.int64)
    rows: list[np.ndarray] = []
    start = 2
    for part in parts:
        if part.keep is None:
            rows.append(np.arange(start, start + part.size, dtype=np.int64))
        else:
            rows.append(part.keep + start)
        start += part.size
    return np.concatenate(rows)


def _one_event_column(events: Sequence[Coded | None]) -> Coded:
    """The parts' event codes into one vocabulary: each part's values in turn, new ones added."""
    coded = [event for event in events if event is not None]
    if len(coded) == 1:
        return coded[0]
    position: dict[object, int] = {}
    vocab: list[object] = []
    clean: list[bool] = []
    codes = []
    for event in coded:
        lookup = np.full(len(event.vocab) + 1, -1, np.int32)  # last: the missing code -1
        for index, value in enumerate(event.vocab):
            at = position.get(value)
            if at is None:
                at = position[value] = len(vocab)
                vocab.append(value)
                clean.append(bool(event.clean[index]) if event.clean is not None else False)
            lookup[index] = at
        codes.append(lookup[event.codes])
    known = all(event.clean is not None for event in coded)
    return Coded(np.concatenate(codes), vocab, np.array(clean, np.bool_) if known else None)


def _parse(
    pa: Any, pa_csv: Any, buffer: Any, names: list[str], state: SourceState, header: int
) -> list[_Part] | None:
    """The file's columns as pyarrow parses them, in parts (``None`` if it cannot), each
    part's rows sifted (:func:`_sift`).

    A large file is cut into parts, each at a line's end (four for each worker, of at least
    :data:`_PART_BYTES`), and the workers parse them side by side, each part by one thread:
    every line is one row (a value never holds a line break here), so the rows are those of
    the whole file, in order.  One thread a part spends less than pyarrow's own threads on
    the whole (half the time on two cores, against two thirds), and with several parts a
    worker that falls behind (a shared machine) just takes fewer of them.
    """
    # Cells are read as bytes and checked as UTF-8 after the sift (:func:`_as_text`).
    dictionary = pa.dictionary(pa.int32(), pa.binary())
    pieces = [buffer]
    if buffer.size >= _SPLIT_BYTES and _WORKERS > 1:
        count = max(_WORKERS, min(4 * _WORKERS, buffer.size // _PART_BYTES))
        pieces = _parts(buffer, count, header)

    def parse(index: int) -> _Part:
        # Each thread looks for quotes in its own part (so the parts take equal time).
        quoted = _has_quote(np.frombuffer(pieces[index], np.uint8))
        # Every line one row, a blank line too (a row of empty cells, which ``check_table``
        # counts as blank, as the standard reader does): row n is line n + 1.
        table = pa_csv.read_csv(
            pa.BufferReader(pieces[index]),
            read_options=pa_csv.ReadOptions(
                column_names=names, skip_rows=1 if index == 0 else 0, use_threads=len(pieces) == 1
            ),
            parse_options=pa_csv.ParseOptions(newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types={
                    name: dictionary if name == "event" else pa.binary() for name in names
                },
                strings_can_be_null=False,
                include_columns=[name for name in names if state.reads(name)],
            ),
        )
        return evolve(_sift(pa, table, state), quoted=quoted)

    try:
        if len(pieces) == 1:
            return [parse(0)]
        with ThreadPoolExecutor(min(_WORKERS, len(pieces))) as pool:
            return list(pool.map(parse, range(len(pieces))))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


#: A file of at least this many bytes is parsed in parts, side by side.
_SPLIT_BYTES = 8 << 20
#: The least size of a part.
_PART_BYTES = 4 << 20


def _parts(buffer: Any, count: int, header: int) -> list[Any]:
    """*buffer* cut into (at most) *count* parts of about equal size, each but the last ending
    just after a line feed; the first holds the header line (*header* bytes and its end)."""
    data = np.frombuffer(buffer, np.uint8)
    cuts = [0]
    for index in range(1, count):
        start = max(data.size * index // count, cuts[-1] + 1, header + 1)
        found = _line_feed(data, start)
        if found < 0:  # no line feed near (lines end in CR alone, or are very long)
            break
        cuts.append(found + 1)
    cuts.append(data.size)
    return [buffer.slice(a, b - a) for a, b in pairwise(cuts) if b > a]


def _line_feed(data: np.ndarray, start: int) -> int:
    """The position of the first line feed at or after *start* within 1 MiB, or ``-1``
    (looked for in 64 KiB first: a line is rarely longer)."""
    for span in (1 << 16, 1 << 20):
        found = bytes(data[start : start + span]).find(b"\n")
        if found >= 0:
            return start + found
    return -1


#: Standard columns with few distinct values besides ``event`` (which pyarrow's CSV reader
#: encodes as it parses, for the sift): each part encodes them after its sift.
_ENCODED_AFTER = frozenset({"unit"})
#: Rows of other events are filtered out before conversion when they are this share of a file.
_SKIP_SHARE = 0.25


def _has_quote(data: np.ndarray, step: int = 1 << 20) -> bool:
    """Whether the bytes hold a double quote (looked for a slice at a time, stopping at one)."""
    return any(
        bool((data[start : start + step] == _QUOTE).any()) for start in range(0, data.size, step)
    )


_QUOTE = 34
