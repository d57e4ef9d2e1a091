"""The loaded event log, column by column: what the evaluator reads.

An :class:`EventLog` holds one entry per event in numpy arrays — the instant
(``time``, µs since the epoch, UTC), whether only a date was given
(``date_only``: the whole local day is meant, C10), the local date (``day``),
whether the zone was assumed, where the row came from (``source``, ``row``) —
and one dictionary-encoded :class:`~gkrules.engine.log_columns.Column` per
other column (``event``, ``case``, ``unit``, attributes…), values as text.
Selecting and grouping return index arrays or new logs that share the
vocabularies; nothing on these paths makes a Python object per event.  The
arrays are read-only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo

import numpy as np
from attrs import evolve, field, frozen

from gkrules.engine.log_columns import Column
from gkrules.engine.log_report import LoadReport
from gkrules.engine.timeparse import DAY_US

__all__ = ["EventLog", "Groups"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@frozen(eq=False)
class Groups:
    """Rows of a log grouped by key columns; within a group, by time (then source, row).

    ``order`` lists log row indices group after group; group ``g`` is
    ``order[bounds[g]:bounds[g + 1]]``.  ``key_codes[g]`` holds the group's codes in
    each key column (``-1`` for a missing value, which is a key like any other).
    Groups come in the order of their codes: missing first, then values in the order
    they first appear in the log.
    """

    columns: tuple[str, ...]
    order: np.ndarray
    bounds: np.ndarray
    key_codes: np.ndarray
    vocabs: tuple[Sequence[str], ...] = field(repr=False)

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def rows(self, group: int) -> np.ndarray:
        return self.order[self.bounds[group] : self.bounds[group + 1]]

    def key(self, group: int) -> tuple[str | None, ...]:
        return tuple(
            None if code < 0 else vocab[code]
            for code, vocab in zip(self.key_codes[group].tolist(), self.vocabs, strict=True)
        )

    def labels(self) -> np.ndarray:
        """The group of each entry of ``order``."""
        return np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.bounds))

    def __iter__(self) -> Iterator[tuple[tuple[str | None, ...], np.ndarray]]:
        for group in range(len(self)):
            yield self.key(group), self.rows(group)


@frozen(eq=False)
class EventLog:
    """A validated event log in columns.  Build it with :func:`gkrules.engine.load_events`."""

    time: np.ndarray
    date_only: np.ndarray
    zone_assumed: np.ndarray
    day: np.ndarray
    columns: Mapping[str, Column]
    source: np.ndarray
    sources: tuple[str, ...]
    row: np.ndarray
    tz: str
    zone: tzinfo = field(repr=False)
    report: LoadReport = field(repr=False)
    #: The row indices in time order, equal times in row order (``stable_order(time)``), as
    #: the load worked them out beside its other work; ``None`` when not known.  A check sorts
    #: its rows by this order.
    by_time: np.ndarray | None = field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.by_time is not None and len(self.by_time) != len(self.time):
            raise ValueError("by_time must order every row of the log")

    def __len__(self) -> int:
        return len(self.time)

    # --- columns ---------------------------------------------------------------------------

    @property
    def event(self) -> Column:
        return self.columns["event"]

    @property
    def event_names(self) -> tuple[str, ...]:
        """The distinct event names, sorted; ``event_codes`` index them."""
        return tuple(self.event.vocab)

    @property
    def event_codes(self) -> np.ndarray:
        return self.event.codes

    @property
    def time_us(self) -> np.ndarray:
        """``time`` under the name the evaluator's ``LoadedLog`` protocol uses."""
        return self.time

    @property
    def column_names(self) -> tuple[str, ...]:
        """``time`` and then every other column, in the order the logs gave them."""
        return ("time", *self.columns)

    def coded(self, name: str) -> Column | None:
        """The column *name*, dictionary-encoded (``None`` if no source has it)."""
        return self.columns.get(name)

    def column(self, name: str) -> np.ndarray | None:
        """The values of column *name* as an object array (``None`` where missing), or ``None``."""
        found = self.columns.get(name)
        return None if found is None else found.values()

    def event_counts(self) -> dict[str, int]:
        """How many rows each event name has."""
        return self.event.counts()

    # --- selecting and grouping ----------------------------------------------------------

    def event_mask(self, names: str | Iterable[str]) -> np.ndarray:
        """A mask of the rows whose event is *names* (one name or several)."""
        return self.event.isin([names] if isinstance(names, str) else names)

    def select(self, names: str | Iterable[str]) -> EventLog:
        """The rows of these events, as a log of their own (vocabularies shared)."""
        return self.take(np.flatnonzero(self.event_mask(names)))

    def take(self, indices: np.ndarray | Sequence[int]) -> EventLog:
        """The rows at *indices*, in that order."""
        at = np.asarray(indices, dtype=np.int64)

        def part(array: np.ndarray) -> np.ndarray:
            taken = array[at]
            taken.flags.writeable = False
            return taken

        return evolve(
            self,
            time=part(self.time),
            date_only=part(self.date_only),
            zone_assumed=part(self.zone_assumed),
            day=part(self.day),
            columns={name: column.take(at) for name, column in self.columns.items()},
            source=part(self.source),
            row=part(self.row),
            by_time=None,
        )

    def time_order(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Row indices (of *rows*, or of all rows) by time, then source, then row: stable."""
        at = np.arange(len(self), dtype=np.int64) if rows is None else np.asarray(rows, np.int64)
        return at[np.lexsort((self.row[at], self.source[at], self.time[at]))]

    def latest_time(self) -> np.ndarray:
        """The last microsecond each row may stand for: the day's end for dates alone (C10)."""
        return np.where(self.date_only, self.time + DAY_US - 1, self.time)

    def group_by(self, columns: Sequence[str], rows: np.ndarray | None = None) -> Groups:
        """Group *rows* (default: all) by the values of *columns*, each group in time order."""
        names = tuple(columns)
        at = np.arange(len(self), dtype=np.int64) if rows is None else np.asarray(rows, np.int64)
        absent = Column(np.full(len(self), -1, np.int32), ())
        coded = [self.columns.get(name, absent) for name in names]
        keys = [column.codes[at] for column in coded]
        order = at[np.lexsort((self.row[at], self.source[at], self.time[at], *reversed(keys)))]
        if not order.size:
            bounds = np.zeros(1, np.int64)
        elif names:
            sorted_keys = np.stack([column.codes[order] for column in coded])
            change = (sorted_keys[:, 1:] != sorted_keys[:, :-1]).any(axis=0)
            bounds = np.concatenate(([0], np.flatnonzero(change) + 1, [order.size]))
        else:
            bounds = np.array([0, order.size], np.int64)
        starts = order[bounds[:-1]]
        key_codes = np.zeros((starts.size, len(names)), np.int32)
        for position, column in enumerate(coded):
            key_codes[:, position] = column.codes[starts]
        vocabs = tuple(column.vocab for column in coded)
        return Groups(names, order, bounds.astype(np.int64), key_codes, vocabs)

    # --- one row, for explanations -------------------------------------------------------

    def instant(self, index: int) -> datetime:
        """The row's time as an aware datetime in the log's zone (a date alone: its 00:00)."""
        utc = _EPOCH + timedelta(microseconds=int(self.time[index]))
        return utc.astimezone(self.zone)

    def time_text(self, index: int) -> str:
        """The row's time in ISO 8601: the date alone, or date, time and offset."""
        if self.date_only[index]:
            return str(self.day[index])
        return self.instant(index).isoformat()

    def row_ref(self, index: int) -> tuple[str, int]:
        """``(source, row)`` the row came from."""
        return self.sources[int(self.source[index])], int(self.row[index])

    def location(self, index: int) -> str:
        """Where the row came from: ``events.csv:1042``."""
        source, row = self.row_ref(index)
        return f"{source}:{row}"

    def row_dict(self, index: int) -> dict[str, str]:
        """The row as ``{column: value}``: ``time`` first (as :meth:`time_text`), missing values left out."""
        values = {"time": self.time_text(index)}
        for name, column in self.columns.items():
            code = column.codes[index]
            if code >= 0:
                values[name] = column.vocab[code]
        return values

    def records(self) -> Iterator[dict[str, str]]:
        """Every row as :meth:`row_dict` — for tests and small logs, not for evaluation."""
        for index in range(len(self)):
            yield self.row_dict(index)
