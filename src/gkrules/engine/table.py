"""The rows one evaluation may use: those known at the as-of instant, in time order, as columns.

Evaluators never touch a log's own structure: :func:`event_table` turns any loaded log (anything
with the :class:`LoadedLog` shape) into an :class:`EventTable` once per check — a stable sort by
time, the rows after the as-of instant dropped (and counted) — and every rule reads that.

Times are UTC epoch microseconds.  A date-only row means its whole day (C10), so each row has two
instants: ``lo`` (the earliest it may stand for: 00:00 of its day) and ``hi`` (the latest: the
last microsecond of its day); for a row with a time of day both are that time.  "Event F at or
after trigger T" is ``F.hi >= T.lo``: a date-only event on the trigger's day counts as after it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from gkrules.calendar.instants import SHANGHAI
from gkrules.diagnostics import Lang
from gkrules.engine.explain import row_text
from gkrules.engine.ordering import stable_order

__all__ = [
    "MICROS_PER_DAY",
    "SHANGHAI_OFFSET",
    "EventTable",
    "GroupKeys",
    "LoadedLog",
    "Moments",
    "event_names",
    "event_table",
    "instant_of",
    "micros",
    "missing",
    "stable_order",
]

MICROS_PER_DAY = 86_400_000_000
#: Columns an evidence line shows in its own places, not as ``name=value``.
_SHOWN_COLUMNS = frozenset({"time", "event"})
#: Beijing time is UTC+8 all year (no daylight saving since 1991).
SHANGHAI_OFFSET = 8 * 3_600_000_000

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]


class LoadedLog(Protocol):
    """What the engine needs of a loaded event log (gkrules.engine.events provides it)."""

    def __len__(self) -> int: ...

    @property
    def time_us(self) -> IntArray: ...

    @property
    def date_only(self) -> BoolArray: ...

    @property
    def event_codes(self) -> npt.NDArray[np.integer]: ...

    @property
    def event_names(self) -> Sequence[str]: ...

    def column(self, name: str) -> ObjectArray | None: ...

    def row_ref(self, index: int) -> tuple[str, int]: ...

    def row_dict(self, index: int) -> Mapping[str, str]: ...


def event_names(log: LoadedLog) -> tuple[str, ...]:
    """The log's event names (an empty log may have no event column at all)."""
    return tuple(log.event_names) if len(log) else ()


def micros(instant: dt.datetime) -> int:
    """UTC epoch microseconds of an aware instant."""
    delta = instant - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def instant_of(us: int) -> dt.datetime:
    """The Beijing-time aware datetime of UTC epoch microseconds."""
    return (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=us)).astimezone(
        SHANGHAI
    )


_NONE = np.array(None, dtype=object)


def missing(values: ObjectArray) -> BoolArray:
    """Where an object column holds ``None`` (an absent value)."""
    return np.asarray(np.equal(values, _NONE), dtype=bool)


#: Once a table has found the rows of this many events one by one, it finds every event's at once.
_BATCHED_EVENTS = 4


class EventTable:
    """The usable rows of a log, sorted by time (stable: ties keep the log's order)."""

    def __init__(self, log: LoadedLog, keep: BoolArray) -> None:
        self.log = log
        time_us = np.asarray(log.time_us, dtype=np.int64)
        date_only = np.asarray(log.date_only, dtype=bool)
        known = getattr(log, "by_time", None)  # the order a load worked out, if it did
        if known is not None and len(known) == len(time_us):
            order = known if keep.all() else known[keep[known]]
        else:
            kept = np.flatnonzero(keep)
            times = time_us[kept]
            # A log exported in time order is not sorted again.
            in_order = bool(np.all(times[1:] >= times[:-1]))
            order = kept if in_order else kept[stable_order(times)]
        # The five integer columns in one block (numpy asks the kernel for huge pages for a
        # block of 4 MiB or more: a few page faults instead of one per 4 KiB of every column).
        block = np.empty((5, len(order)), np.int64)
        #: Index of each row in the original log.
        self.origin: IntArray = block[0]
        self.origin[:] = order
        self.date_only: BoolArray = date_only[order]
        self.lo: IntArray = block[1]
        np.take(time_us, order, out=self.lo)
        self.day: IntArray = block[2]  # the local day (Beijing time)
        np.add(self.lo, SHANGHAI_OFFSET, out=self.day)
        self.day //= MICROS_PER_DAY
        self.hi: IntArray = block[3]  # a date-only row's last microsecond, else its instant
        np.add(self.day, 1, out=self.hi)
        self.hi *= MICROS_PER_DAY
        self.hi -= SHANGHAI_OFFSET + 1
        np.copyto(self.hi, self.lo, where=~self.date_only)
        self.event_names: tuple[str, ...] = event_names(log)
        codes = np.asarray(log.event_codes) if len(log) else np.zeros(0, np.int64)
        self.event: npt.NDArray[np.int64] = block[4]
        self.event[:] = codes[order]
        self._columns: dict[str, ObjectArray] = {}
        self._coded: dict[str, tuple[IntArray, Sequence[str]]] = {}
        self._event_rows: dict[int, IntArray] = {}
        self._batched = False  # every event's rows found at once (_rows_by_code)
        self._lock = threading.Lock()  # rules checked side by side share the table
        #: Rows quoted as evidence, worded once: a row is quoted by several rules and verdicts.
        self._evidence: dict[tuple[int, Lang], str] = {}

    def __len__(self) -> int:
        return len(self.origin)

    # --- columns ---------------------------------------------------------------------------

    def event_mask(self, names: Sequence[str]) -> BoolArray:
        """Rows whose event is one of *names*."""
        mask = np.zeros(len(self), dtype=bool)
        mask[self.event_rows(names)] = True
        return mask

    def event_rows(self, names: Sequence[str]) -> IntArray:
        """Rows whose event is one of *names*, ascending (each event's rows found once per table).

        The result is shared: callers must not write to it.
        """
        wanted = set(names)
        parts = [
            self._rows_of_code(code) for code, name in enumerate(self.event_names) if name in wanted
        ]
        if not parts:
            return np.zeros(0, dtype=np.int64)
        if len(parts) == 1:
            return parts[0]
        return np.sort(np.concatenate(parts))

    def _rows_of_code(self, code: int) -> IntArray:
        """The rows of one event code: the first few events asked for are each found by a scan
        of the table, and once :data:`_BATCHED_EVENTS` have been, every event's rows at once
        (a check of one or two rules reads few of a log's events; a check of many, most)."""
        cached = self._event_rows.get(code)
        if cached is not None:
            return cached
        with self._lock:
            if len(self._event_rows) >= _BATCHED_EVENTS and not self._batched:
                self._event_rows.update(self._rows_by_code())
                self._batched = True
                return self._event_rows[code]
        cached = np.flatnonzero(self.event == code).astype(np.int64)
        cached.flags.writeable = False
        return self._event_rows.setdefault(code, cached)

    def _rows_by_code(self) -> dict[int, IntArray]:
        """Every event's rows at once: one stable sort of the rows by event code (a radix
        sort, the codes being small), not one scan of the table per event."""
        count = len(self.event_names)
        shifted = (self.event + 1).astype(np.int16 if count < 32_000 else np.int32)
        order = np.argsort(shifted, kind="stable")  # rows ascending within each code
        ends = np.cumsum(np.bincount(shifted, minlength=count + 1))
        found: dict[int, IntArray] = {}
        for code in range(count):
            rows = order[ends[code] : ends[code + 1]].astype(np.int64)
            rows.flags.writeable = False
            found[code] = rows
        return found

    def column(self, name: str) -> ObjectArray:
        """The values of column *name* in table order: text, or ``None`` where absent or empty."""
        cached = self._columns.get(name)
        if cached is not None:
            return cached
        if name == "event":
            names = np.array([*self.event_names, ""], dtype=object)
            values = names[self.event]
        else:
            full = self.log.column(name)
            if full is None:
                values = np.full(len(self), None, dtype=object)
            else:
                values = np.asarray(full, dtype=object)[self.origin]
                empty = values == ""
                if empty.any():
                    values = values.copy()
                    values[empty] = None
        self._columns[name] = values
        return values

    def coded(self, name: str) -> tuple[IntArray, Sequence[str]]:
        """Column *name* as codes in table order (-1 missing) into its sorted vocabulary."""
        cached = self._coded.get(name)
        if cached is not None:
            return cached
        getter = getattr(self.log, "coded", None)
        column = getter(name) if getter is not None and name != "event" else None
        if column is not None:
            vocab = column.vocab  # a tuple, or undecoded texts (left so: few are ever read)
            codes = np.asarray(column.codes)[self.origin].astype(np.int64)
            if "" in vocab:
                codes = np.where(codes == vocab.index(""), -1, codes)
        else:
            values = self.column(name).tolist()
            vocab = tuple(sorted({v for v in values if v is not None}))
            index = {v: i for i, v in enumerate(vocab)}
            codes = np.fromiter(
                (index.get(v, -1) if v is not None else -1 for v in values), np.int64, len(values)
            )
        self._coded[name] = (codes, vocab)
        return codes, vocab

    def value(self, name: str, index: int) -> str | None:
        """The value of column *name* at table row *index* (``None`` when absent)."""
        codes, vocab = self.coded(name)
        code = int(codes[index])
        return vocab[code] if code >= 0 else None

    # --- single rows (explanations) ----------------------------------------------------------

    def ref(self, index: int) -> tuple[str, int]:
        """(file, row number) of table row *index*."""
        return self.log.row_ref(int(self.origin[index]))

    def row(self, index: int) -> Mapping[str, str]:
        return self.log.row_dict(int(self.origin[index]))

    def event_name(self, index: int) -> str:
        return self.event_names[int(self.event[index])]

    def moment(self, index: int) -> dt.datetime | dt.date:
        """The row's time as the log gave it: an aware datetime, or a date (the whole day)."""
        if self.date_only[index]:
            return dt.date(1970, 1, 1) + dt.timedelta(days=int(self.day[index]))
        return instant_of(int(self.lo[index]))

    def local_date(self, index: int) -> dt.date:
        return dt.date(1970, 1, 1) + dt.timedelta(days=int(self.day[index]))

    def evidence(self, index: int, lang: Lang = "zh") -> str:
        """Table row *index* as evidence in an explanation (:func:`explain.row_text`)."""
        key = (index, lang)
        found = self._evidence.get(key)
        if found is None:
            found = row_text(
                self.ref(index),
                self.moment(index),
                self.event_name(index),
                self._cells(index),
                lang,
            )
            self._evidence[key] = found
        return found

    def quote(self, rows: IntArray, lang: Lang = "zh") -> None:
        """Word the evidence of table *rows* at once (:meth:`evidence` then finds it): each
        column's codes read for all of them together, each distinct time made once.  A log
        without coded columns is left to :meth:`evidence`, row by row."""
        columns = getattr(self.log, "columns", None)
        if not isinstance(columns, Mapping):
            return
        todo = np.array(
            [row for row in dict.fromkeys(rows.tolist()) if (row, lang) not in self._evidence],
            dtype=np.int64,
        )
        if not len(todo):
            return
        origin = self.origin[todo]
        cells: list[dict[str, str]] = [{} for _ in range(len(todo))]
        for name, column in columns.items():  # the columns' order, as _cells gives it
            if name in _SHOWN_COLUMNS:
                continue
            codes = np.asarray(column.codes)[origin]
            filled = np.flatnonzero(codes >= 0)
            vocab = column.vocab
            for at, code in zip(filled.tolist(), codes[filled].tolist(), strict=True):
                cells[at][name] = vocab[code]
        moments = Moments(self).of_rows(todo)
        for row, moment, values in zip(todo.tolist(), moments, cells, strict=True):
            assert moment is not None
            self._evidence[(row, lang)] = row_text(
                self.ref(row), moment, self.event_name(row), values, lang
            )

    def _cells(self, index: int) -> Mapping[str, str]:
        """The row's values as :func:`explain.row_text` shows them: read from the columns' codes
        when the log has them (no time text, no dict of every column), else :meth:`row`."""
        columns = getattr(self.log, "columns", None)
        if not isinstance(columns, Mapping):
            return self.row(index)
        at = int(self.origin[index])
        cells: dict[str, str] = {}
        for name, column in columns.items():
            code = column.codes[at]
            if code >= 0 and name not in _SHOWN_COLUMNS:
                cells[name] = column.vocab[code]
        return cells


class Moments:
    """Table rows' times as verdicts show them (:meth:`EventTable.moment`), each distinct day
    or instant made once: records of many verdicts share them."""

    def __init__(self, table: EventTable) -> None:
        self._table = table
        self._days: dict[int, dt.date] = {}
        self._instants: dict[int, dt.datetime] = {}

    def day(self, day: int) -> dt.date:
        found = self._days.get(day)
        if found is None:
            found = self._days[day] = _EPOCH_DATE + dt.timedelta(days=day)
        return found

    def instant(self, us: int) -> dt.datetime:
        found = self._instants.get(us)
        if found is None:
            found = self._instants[us] = instant_of(us)
        return found

    def of_rows(self, rows: IntArray) -> list[dt.datetime | dt.date | None]:
        """The moment of each of table *rows* (``None`` for -1)."""
        table = self._table
        at = np.maximum(rows, 0)
        known_day, known_instant = self._days.get, self._instants.get
        return [
            None
            if row < 0
            else (known_day(day) or self.day(day))
            if date_only
            else (known_instant(lo) or self.instant(lo))
            for row, date_only, day, lo in zip(
                rows.tolist(),
                table.date_only[at].tolist(),
                table.day[at].tolist(),
                table.lo[at].tolist(),
                strict=True,
            )
        ]


_EPOCH_DATE = dt.date(1970, 1, 1)


def event_table(log: LoadedLog, as_of: dt.datetime) -> tuple[EventTable, BoolArray]:
    """The table of *log*'s rows known at *as_of* (a row's earliest instant at or before it).

    Returns the table and the mask of the log's rows left out for being after *as_of*.
    """
    time_us = np.asarray(log.time_us, dtype=np.int64)
    after = time_us > micros(as_of)
    return EventTable(log, ~after), after


class GroupKeys:
    """The key values of each group code, decoded only when asked for."""

    def __init__(
        self, names: Sequence[str], codes: list[IntArray], vocabs: list[Sequence[str]]
    ) -> None:
        self.names = tuple(names)
        self._codes = codes
        self._vocabs = vocabs
        self._lists: list[tuple[list[int], Sequence[str]]] | None = None

    def __len__(self) -> int:
        return len(self._codes[0]) if self._codes else 1

    def __getitem__(self, group: int) -> tuple[str | None, ...]:
        if self._lists is None:
            # Python lists once: a verdict built on demand then decodes its key without numpy.
            self._lists = [
                (codes.tolist(), vocab)
                for codes, vocab in zip(self._codes, self._vocabs, strict=True)
            ]
        return tuple(
            vocab[codes[group]] if codes[group] >= 0 else None for codes, vocab in self._lists
        )

    def values(self, name: str, groups: IntArray) -> list[str | None]:
        """The value of key *name* for each of *groups* (``None`` for group -1 or a missing value)."""
        position = self.names.index(name)
        codes, vocab = self._codes[position], self._vocabs[position]
        picked = np.where(groups >= 0, codes[np.maximum(groups, 0)] if len(codes) else -1, -1)
        if len(picked) < len(vocab):  # a few values of many (texts decoded only when read)
            return [vocab[code] if code >= 0 else None for code in picked.tolist()]
        lookup = np.empty(len(vocab) + 1, dtype=object)
        lookup[: len(vocab)] = vocab
        return list(lookup[picked].tolist())


Factorized = tuple[npt.NDArray[np.int64], GroupKeys]

#: Key spaces (product of the key columns' vocabulary sizes) up to this many times the number of
#: rows are ranked by counting (``np.bincount``) instead of sorting.
_COUNTING_SPACE = 4


def factorize_keys(
    table: EventTable, names: Sequence[str], rows: IntArray | None = None, *, dense: bool = True
) -> Factorized:
    """Group codes for table *rows* (``None``: every row) by the values of columns *names*
    (-1 where one is missing).

    Returns (code per row, the key values of each code); codes follow the keys' sorted order.
    Works on the log's dictionary codes: no string is compared per row, and no row is sorted
    when the key space is small enough to count.  With *dense* false, a single key's codes are
    its column's own (in the same order; codes of values the rows lack go unused), which
    spares ranking a vocabulary of, say, every case of the log for each rule.
    """
    count = len(table) if rows is None else len(rows)
    if not names:
        return np.zeros(count, dtype=np.int64), GroupKeys((), [], [])
    parts = [table.coded(name) for name in names]
    if not dense and len(parts) == 1:
        column, vocab = parts[0]
        codes = column.astype(np.int64, copy=True) if rows is None else column[rows]
        return codes, GroupKeys(names, [np.arange(max(len(vocab), 1))], [vocab])
    sizes = [max(len(vocab), 1) for _, vocab in parts]
    space = 1
    for size in sizes:
        space *= size
    if space <= _COUNTING_SPACE * count + 65_536:
        return _factorize_by_counting(names, parts, sizes, space, rows)
    every = np.arange(len(table), dtype=np.int64) if rows is None else rows
    return _factorize_by_sorting(names, parts, every)


def _factorize_by_counting(
    names: Sequence[str],
    parts: list[tuple[IntArray, Sequence[str]]],
    sizes: list[int],
    space: int,
    rows: IntArray | None,
) -> Factorized:
    """:func:`factorize_keys` by counting: each key tuple is a number below *space*, ranked."""
    vocabs = [vocab for _, vocab in parts]
    if len(parts) == 1:
        column = parts[0][0]
        part = column if rows is None else column[rows]
        # Bin 0 counts the missing values (code -1).
        used = np.bincount(part + 1, minlength=space + 1)[1:] > 0
        if used.all():
            return part.astype(np.int64, copy=True), GroupKeys(names, [np.arange(space)], vocabs)
        rank = np.full(space + 1, -1, dtype=np.int64)
        rank[1:][used] = np.arange(int(used.sum()), dtype=np.int64)
        groups = np.flatnonzero(used).astype(np.int64)
        return rank[part + 1], GroupKeys(names, [groups], vocabs)
    count = len(parts[0][0]) if rows is None else len(rows)
    combined = np.zeros(count, dtype=np.int64)
    absent = np.zeros(count, dtype=bool)
    for (column, _), size in zip(parts, sizes, strict=True):
        part = column if rows is None else column[rows]
        absent |= part < 0
        combined = combined * size + np.maximum(part, 0)
    present = ~absent
    used = np.bincount(combined[present], minlength=space) > 0
    rank = np.cumsum(used) - 1
    dense = np.where(present, rank[combined], -1).astype(np.int64)
    groups = np.flatnonzero(used).astype(np.int64)
    key_codes: list[IntArray] = []
    for size in reversed(sizes):
        key_codes.append(groups % size)
        groups = groups // size
    key_codes.reverse()
    return dense, GroupKeys(names, key_codes, vocabs)


def _factorize_by_sorting(
    names: Sequence[str], parts: list[tuple[IntArray, Sequence[str]]], rows: IntArray
) -> Factorized:
    codes = np.zeros(len(rows), dtype=np.int64)
    absent = np.zeros(len(rows), dtype=bool)
    columns: list[IntArray] = []
    vocabs: list[Sequence[str]] = []
    for column, vocab in parts:
        part = column[rows]
        absent |= part < 0
        codes = codes * max(len(vocab), 1) + np.maximum(part, 0)
        columns.append(part)
        vocabs.append(vocab)
        if len(vocabs) < len(names):
            codes = np.unique(codes, return_inverse=True)[1].astype(np.int64).reshape(-1)
    present = ~absent
    _, first, dense_present = np.unique(codes[present], return_index=True, return_inverse=True)
    dense = np.full(len(rows), -1, dtype=np.int64)
    dense[present] = dense_present.reshape(-1)
    key_codes = [part[present][first] for part in columns]
    return dense, GroupKeys(names, key_codes, vocabs)


KeyFunction = Callable[[int], tuple[str | None, ...]]
