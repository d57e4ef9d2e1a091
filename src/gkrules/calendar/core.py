"""The working-day calendar: compiled once into dense day-indexed tables, then answered by lookup.

Days are numbered from 2004-01-01 (index 0).  Compilation produces, for every day up to
2099-12-31 (the provisional bound):

* ``work[i]`` — 1 when day *i* is a working day;
* ``cum[i]`` — the number of working days in days ``0..i`` (inclusive);
* ``workdays[k]`` — the (k+1)-th working day (as a ``date`` for scalars, as a day number for numpy).

Then "working days in (a, b]" is ``cum[b] - cum[a]``, "the n-th working day strictly after d" is
``workdays[cum[d] + n - 1]`` and "the n-th strictly before d" is ``workdays[cum[d] - work[d] - n]``:
O(1) each, for a scalar (plain Python lists, no numpy scalar overhead) or a whole array (numpy
gathers, no Python loop).  Queries past the authoritative years raise
:class:`~gkrules.errors.CalendarRangeError` unless the calendar is provisional (C7).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from attrs import evolve, field, frozen

from gkrules.calendar import provisional as provisional_rules
from gkrules.calendar.data import (
    FIRST_YEAR,
    PROVISIONAL_LAST_YEAR,
    CalendarLayer,
    CalendarSource,
    DayEntry,
    DayInfo,
    DayKind,
)
from gkrules.calendar.messages import CATALOG
from gkrules.errors import CalendarFileError, CalendarRangeError

__all__ = ["CalendarSource", "DayInfo", "DayKind", "WorkdayCalendar", "compile_calendar"]

_ORIGIN = date(FIRST_YEAR, 1, 1).toordinal()
#: Day number of 2004-01-01 counted from 1970-01-01 (numpy's datetime64[D] epoch).
_EPOCH_OFFSET = _ORIGIN - date(1970, 1, 1).toordinal()
_LAST_INDEX = date(PROVISIONAL_LAST_YEAR, 12, 31).toordinal() - _ORIGIN

IntArray = npt.NDArray[np.int64]
DateArray = npt.NDArray[np.datetime64]
BoolArray = npt.NDArray[np.bool_]
_DATE = np.dtype("datetime64[D]")


@frozen
class _Tables:
    """The compiled day tables, shared by a calendar and its provisional twin."""

    work: list[bool]  # per day: whether a working day
    cum: list[int]  # per day: working days in [day 0, day i]
    dates: list[date]  # per working-day ordinal: the date
    work_np: npt.NDArray[np.int32]
    cum_np: npt.NDArray[np.int32]
    workday_days_np: IntArray  # per working-day ordinal: days since 1970-01-01
    after_np: IntArray  # per day: position in workday_days of "0 working days after" (cum - 1)
    before_np: IntArray  # per day: position of "0 working days before" (cum - work)
    entries: dict[int, DayEntry]  # day index -> the entry that set the day
    year_labels: dict[int, str | None]  # year -> source cited for its plain days


@frozen
class WorkdayCalendar:
    """The working-day calendar in use: bundled data, corrections and loaded files.  Immutable.

    Build one with :func:`gkrules.calendar.default_calendar` or
    :func:`gkrules.calendar.load_calendar`; derive others with :meth:`with_files` and
    :meth:`with_provisional`.
    """

    #: The first and last years with authoritative data.
    first_year: int
    last_year: int
    #: Whether years after ``last_year`` (up to 2099) are answered provisionally instead of raising.
    provisional: bool
    #: Where the data comes from, in the order applied.
    sources: tuple[CalendarSource, ...]
    _layers: tuple[CalendarLayer, ...] = field(repr=False)
    _tables: _Tables = field(repr=False, eq=False)
    # Derived bounds (day indexes and working-day counts), fixed at construction.
    _end: int = field(init=False, repr=False, eq=False)
    _count: int = field(init=False, repr=False, eq=False)
    _authoritative_end: int = field(init=False, repr=False, eq=False)
    # The hot scalar tables, held directly (one attribute load fewer per query).
    _work: list[bool] = field(init=False, repr=False, eq=False)
    _cum: list[int] = field(init=False, repr=False, eq=False)
    _dates: list[date] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        authoritative_end = date(self.last_year, 12, 31).toordinal() - _ORIGIN
        end = _LAST_INDEX if self.provisional else authoritative_end
        tables = self._tables
        object.__setattr__(self, "_authoritative_end", authoritative_end)
        object.__setattr__(self, "_end", end)
        object.__setattr__(self, "_count", tables.cum[end])
        object.__setattr__(self, "_work", tables.work)
        object.__setattr__(self, "_cum", tables.cum)
        object.__setattr__(self, "_dates", tables.dates)

    # ------------------------------------------------------------------ scalar queries

    def is_workday(self, d: date) -> bool:
        """Whether *d* is a working day (Monday–Friday except holidays, plus 调休 make-up days)."""
        try:
            i = d.toordinal() - _ORIGIN
        except AttributeError:
            raise _type_error(d) from None
        if 0 <= i <= self._end:
            return self._work[i]
        raise self._range_error(date.fromordinal(i + _ORIGIN))

    def day_info(self, d: date) -> DayInfo:
        """What *d* is, which holiday, whether provisional, and the source to cite."""
        i = self._index(d)
        day = date.fromordinal(i + _ORIGIN)
        provisional = i > self._authoritative_end
        entry = self._tables.entries.get(i)
        if entry is not None:
            return DayInfo(day, entry.kind, entry.name, provisional, entry.source)
        kind = DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY
        label = None if provisional else self._tables.year_labels.get(day.year)
        return DayInfo(day, kind, None, provisional, label)

    def add_workdays(self, d: date, n: int) -> date:
        """The n-th working day strictly after *d* (C1: *d* itself never counts); *d* for n = 0;
        the |n|-th working day strictly before *d* for n < 0."""
        try:
            i = d.toordinal() - _ORIGIN
            if 0 <= i <= self._end:
                if n > 0:
                    k = self._cum[i] + n - 1
                    if k < self._count:
                        return self._dates[k]
                elif n < 0:
                    k = self._cum[i] - self._work[i] + n
                    if k >= 0:
                        return self._dates[k]
                else:
                    return d if type(d) is date else date.fromordinal(i + _ORIGIN)
        except (AttributeError, TypeError):
            raise _type_error(d, n) from None
        raise self._counting_error(d, n)

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; the negative of the count in (b, a] when b < a."""
        cum = self._cum
        try:
            i = a.toordinal() - _ORIGIN
            j = b.toordinal() - _ORIGIN
            end = self._end
            if 0 <= i <= end and 0 <= j <= end:
                return cum[j] - cum[i]
        except AttributeError:
            raise _type_error(a if not hasattr(a, "toordinal") else b) from None
        self._index(a)
        self._index(b)
        raise AssertionError("unreachable")  # pragma: no cover

    def next_workday(self, d: date) -> date:
        """*d* itself when it is a working day, else the first working day after it (C4)."""
        i = self._index(d)
        if self._work[i]:
            return d if type(d) is date else date.fromordinal(i + _ORIGIN)
        return self.add_workdays(d, 1)

    def is_provisional(self, d: date) -> bool:
        """Whether *d* lies after the authoritative years (answered by the statutory rules only)."""
        return self._index(d) > self._authoritative_end

    def uses_provisional(self, a: date, b: date) -> bool:
        """Whether any day in [a, b] (in either order) is provisional."""
        i, j = self._index(a), self._index(b)
        return max(i, j) > self._authoritative_end

    def rest_runs(self, a: date, b: date) -> list[tuple[date, date, str | None]]:
        """The maximal runs of rest days within [a, b]: (first, last, holiday names or ``None``).

        Names of a run that spans several holidays are joined with "、" (e.g. "国庆节、中秋节").
        """
        i, j = self._index(a), self._index(b)
        if j < i:
            i, j = j, i
        work, entries = self._tables.work, self._tables.entries
        runs: list[tuple[date, date, str | None]] = []
        start: int | None = None
        names: list[str] = []
        for index in range(i, j + 2):
            resting = index <= j and not work[index]
            if resting:
                if start is None:
                    start, names = index, []
                entry = entries.get(index)
                if entry is not None and entry.name and entry.name not in names:
                    names.append(entry.name)
            elif start is not None:
                runs.append(
                    (
                        date.fromordinal(start + _ORIGIN),
                        date.fromordinal(index - 1 + _ORIGIN),
                        "、".join(names) or None,
                    )
                )
                start = None
        return runs

    # ------------------------------------------------------------------ array queries

    def is_workday_array(self, days: npt.ArrayLike) -> BoolArray:
        """``is_workday`` for each element of a ``datetime64[D]`` array (any shape)."""
        index = self._index_array(days)
        return self._tables.work_np[index].astype(bool)

    def add_workdays_array(self, days: npt.ArrayLike, n: npt.ArrayLike) -> DateArray:
        """``add_workdays`` element-wise; *n* is an int or an int array broadcast against *days*."""
        index = self._index_array(days)
        tables = self._tables
        steps = np.asarray(n)
        if steps.dtype.kind not in "iub":
            raise TypeError(f"n must be an integer or an integer array, not {steps.dtype}")
        if steps.ndim == 0:
            step = int(steps)
            if step == 0:
                return (index + _EPOCH_OFFSET).view(_DATE)
            base = tables.after_np if step > 0 else tables.before_np
            position = base[index] + step
        else:
            steps = steps.astype(np.int64, copy=False)
            index, steps = np.broadcast_arrays(index, steps)
            if steps.size and steps.min() > 0:
                position = tables.after_np[index] + steps
            else:
                base = np.where(steps > 0, tables.after_np[index], tables.before_np[index])
                position = np.where(steps == 0, 0, base + steps)
        # One pass checks both ends: a negative position is huge as unsigned.
        if position.size and position.view(np.uint64).max() >= self._count:
            self._raise_for_positions(position, index, steps)
        result = tables.workday_days_np[position]
        if steps.ndim and not (steps.size and steps.min() > 0):
            result = np.where(steps == 0, index + _EPOCH_OFFSET, result)
        return cast(DateArray, result.view(_DATE))

    def workdays_between_array(self, a: npt.ArrayLike, b: npt.ArrayLike) -> IntArray:
        """``workdays_between`` element-wise (broadcast), as int64."""
        first, second = self._index_array(a), self._index_array(b)
        cum = self._tables.cum_np
        return cum[second].astype(np.int64) - cum[first]

    # ------------------------------------------------------------------ derived calendars

    def with_files(self, *paths: str | os.PathLike[str]) -> WorkdayCalendar:
        """This calendar plus calendar files (applied after its own data, in order)."""
        from gkrules.calendar.files import load_calendar_file

        layers = self._layers + tuple(load_calendar_file(path) for path in paths)
        return compile_calendar(layers, provisional=self.provisional)

    def with_provisional(self, enabled: bool = True) -> WorkdayCalendar:
        """The same data, answering years after ``last_year`` provisionally (or not)."""
        if enabled == self.provisional:
            return self
        return evolve(self, provisional=enabled)

    # ------------------------------------------------------------------ range checks

    def _index(self, d: date) -> int:
        try:
            i: int = d.toordinal() - _ORIGIN
        except AttributeError:
            raise _type_error(d) from None
        if 0 <= i <= self._end:
            return i
        raise self._range_error(date.fromordinal(i + _ORIGIN))

    def _index_array(self, days: npt.ArrayLike) -> IntArray:
        array = np.asarray(days)
        if array.dtype != np.dtype("datetime64[D]"):
            if array.dtype.kind == "M" or array.dtype == object:
                array = array.astype("datetime64[D]")
            else:
                raise TypeError(f"expected a datetime64[D] array, got dtype {array.dtype}")
        index = array.view(np.int64) - _EPOCH_OFFSET
        # One pass checks both ends: a negative index is huge as unsigned.
        if index.size and index.view(np.uint64).max() > self._end:
            bad = np.flatnonzero(((index < 0) | (index > self._end)).ravel())[0]
            raw = int(array.view(np.int64).ravel()[bad])
            if raw == np.iinfo(np.int64).min:
                raise TypeError(f"element {bad} is NaT (not a date)")
            raise self._range_error(_date_from_epoch_days(raw))
        return index

    def _raise_for_positions(self, position: IntArray, index: IntArray, steps: IntArray) -> None:
        bad = int(np.flatnonzero(((position < 0) | (position >= self._count)).ravel())[0])
        start = date.fromordinal(int(index.ravel()[bad]) + _ORIGIN)
        step = int(np.broadcast_to(steps, position.shape).ravel()[bad])
        raise self._counting_error(start, step)

    def _range_error(self, day: date) -> CalendarRangeError:
        last = PROVISIONAL_LAST_YEAR if self.provisional else self.last_year
        args: dict[str, Any] = {
            "year": day.year,
            "day": day.isoformat(),
            "first": self.first_year,
            "last": self.last_year,
        }
        if day.year < FIRST_YEAR:
            return CalendarRangeError(CATALOG.diagnostic("GK102", hint="GK102.hint", **args))
        notes = []
        if self.provisional and day.year > last:
            notes.append(CATALOG.message("GK101.provisional", bound=last, year=day.year))
        return CalendarRangeError(
            CATALOG.diagnostic("GK101", hint="GK101.hint", notes=notes, **args)
        )

    def _counting_error(self, d: date, n: int) -> CalendarRangeError:
        self._index(d)  # the start itself out of range: say so
        year = FIRST_YEAR - 1 if n < 0 else (self._end_date().year + 1)
        code = "GK102" if n < 0 else "GK103"
        args: dict[str, Any] = {
            "count": n,
            "day": d.isoformat(),
            "year": year,
            "first": self.first_year,
            "last": self.last_year,
        }
        if code == "GK102":
            args["day"] = f"{d.isoformat()} {n:+d}"
            return CalendarRangeError(CATALOG.diagnostic(code, hint="GK102.hint", **args))
        notes = []
        if self.provisional:
            notes.append(
                CATALOG.message("GK101.provisional", bound=PROVISIONAL_LAST_YEAR, year=year)
            )
        return CalendarRangeError(CATALOG.diagnostic(code, hint="GK101.hint", notes=notes, **args))

    def _end_date(self) -> date:
        return date.fromordinal(self._end + _ORIGIN)


def _date_from_epoch_days(days: int) -> date:
    try:
        return date(1970, 1, 1) + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _type_error(value: object, n: object = 0) -> TypeError:
    if not isinstance(value, date):
        return TypeError(f"expected a datetime.date, got {type(value).__name__}: {value!r}")
    return TypeError(f"expected an integer number of working days, got {type(n).__name__}: {n!r}")


# ---------------------------------------------------------------------- compilation


def compile_calendar(
    layers: Sequence[CalendarLayer], *, provisional: bool = False
) -> WorkdayCalendar:
    """Apply *layers* in order and compile the day tables (through 2099, for provisional use).

    The first layer must complete a range of years (the bundled package data).  A later layer
    that declares ``years`` replaces all earlier entries of those years; one without only adds.
    Raises
    :class:`~gkrules.errors.CalendarFileError` when a file's years or days do not fit the data
    before it.
    """
    from gkrules.calendar.files import check_layer_fits

    first_year = last_year = 0
    entries: dict[int, DayEntry] = {}
    year_labels: dict[int, str | None] = {}
    problems = []
    for position, layer in enumerate(layers):
        years = layer.source.years
        if position == 0:
            if years is None:
                raise ValueError("the first calendar layer must declare the years it completes")
            first_year, last_year = years
        else:
            found = check_layer_fits(layer, first_year, last_year)
            if found:
                problems.extend(found)
                continue
        if years is not None:
            last_year = max(last_year, years[1])
            for year in range(years[0], years[1] + 1):
                year_labels[year] = layer.label
            # A national file is the whole arrangement of its years: it replaces earlier data there.
            low = date(years[0], 1, 1).toordinal() - _ORIGIN
            high = date(years[1], 12, 31).toordinal() - _ORIGIN
            entries = {index: entry for index, entry in entries.items() if not low <= index <= high}
        for entry in layer.entries:
            entries[entry.day.toordinal() - _ORIGIN] = entry
    if problems:
        raise CalendarFileError(problems)

    # Provisional years: weekends plus the statutory holidays, no 调休.
    for year in range(last_year + 1, PROVISIONAL_LAST_YEAR + 1):
        for day, name in provisional_rules.statutory_holidays(year):
            entries[day.toordinal() - _ORIGIN] = DayEntry(
                day, DayKind.HOLIDAY, name, provisional_rules.PROVISIONAL_SOURCE
            )

    tables = _compile_tables(entries, year_labels)
    return WorkdayCalendar(
        first_year=first_year,
        last_year=last_year,
        provisional=provisional,
        sources=tuple(layer.source for layer in layers),
        layers=tuple(layers),
        tables=tables,
    )


def _compile_tables(entries: dict[int, DayEntry], year_labels: dict[int, str | None]) -> _Tables:
    days = np.arange(_LAST_INDEX + 1, dtype=np.int64)
    weekday = (days + date(FIRST_YEAR, 1, 1).weekday()) % 7
    work = (weekday < 5).astype(np.int32)
    for index, entry in entries.items():
        if 0 <= index <= _LAST_INDEX:
            work[index] = 1 if entry.kind is DayKind.MAKEUP_WORKDAY else 0
    cum = np.cumsum(work, dtype=np.int32)
    workday_index = np.flatnonzero(work)
    workday_days = workday_index.astype(np.int64) + _EPOCH_OFFSET
    dates = [date.fromordinal(int(i) + _ORIGIN) for i in workday_index]
    after = cum.astype(np.int64) - 1
    before = cum.astype(np.int64) - work
    for array in (work, cum, workday_days, after, before):
        array.setflags(write=False)
    return _Tables(
        work=[bool(flag) for flag in work.tolist()],
        cum=cum.tolist(),
        dates=dates,
        work_np=work,
        cum_np=cum,
        workday_days_np=workday_days,
        after_np=after,
        before_np=before,
        entries=entries,
        year_labels=year_labels,
    )


def build_calendar(
    files: Iterable[str | os.PathLike[str]] = (), *, provisional: bool = False
) -> WorkdayCalendar:
    """The bundled data, the corrections, then *files*, compiled."""
    from gkrules.calendar.data import bundled_layer, corrections_layer
    from gkrules.calendar.files import load_calendar_file

    layers = [bundled_layer(), corrections_layer()]
    layers.extend(load_calendar_file(path) for path in files)
    return compile_calendar(layers, provisional=provisional)
