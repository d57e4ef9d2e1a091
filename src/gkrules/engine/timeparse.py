"""Event times (C10): the accepted forms, parsed a column at a time.

A column of times is parsed in two passes.  Values shaped like the ISO 8601
forms that exporting systems write (``2021-06-18``, ``2021-06-18 09:30:00``,
``2021-06-18T09:30:00.000+08:00`` …) are matched by fixed-width templates on
a matrix of code points, with numpy — no Python object per value.  Everything
else (``2021年6月18日 9时5分``, ``2021/6/18``, ``2021-6-18 9:05``, datetime
objects, rejects) goes through :func:`parse_value`, once per distinct value.
Both passes give the same answer for the same text (a property test checks).

A parsed time is a *clock reading* (µs since 1970-01-01 00:00 on that clock)
plus, when the text names one, its UTC offset.  Times without an offset are
read in the log's zone (Asia/Shanghai unless the caller says otherwise); a
date alone means that whole day.  :func:`local_to_utc` and
:func:`utc_to_local` convert whole columns, calling the zone database once per
distinct day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import cast

import numpy as np
from attrs import frozen

from gkrules.engine.messages import diagnostic, message
from gkrules.engine.timetext import (
    ACCEPTED_TIME_FORMS,
    DAY_US,
    MAX_OFFSET_US,
    MINUTE_US,
    SECOND_US,
    YEAR_FIRST,
    YEAR_LAST,
    Parsed,
    Unhashable,
    parse_value,
)
from gkrules.engine.timezones import local_to_utc, resolve_zone, utc_to_local
from gkrules.errors import EventLogError

__all__ = [
    "ACCEPTED_TIME_FORMS",
    "DAY_US",
    "YEAR_FIRST",
    "YEAR_LAST",
    "ParsedTime",
    "ParsedTimes",
    "TimeFailure",
    "local_to_utc",
    "parse_time",
    "parse_time_bytes",
    "parse_time_utf8",
    "parse_time_values",
    "parse_value",
    "resolve_zone",
    "utc_to_local",
]

_EPOCH = datetime(1970, 1, 1)


@frozen(eq=False)
class TimeFailure:
    """Values that are not times: one code and (shortened) value, at *indices* of the column."""

    code: str
    value: str
    indices: np.ndarray


@frozen(eq=False)
class ParsedTimes:
    """A parsed column: clock readings, explicit offsets, date-only flags, failures."""

    clock_us: np.ndarray
    offset_us: np.ndarray
    has_offset: np.ndarray
    date_only: np.ndarray
    failed: np.ndarray
    failures: tuple[TimeFailure, ...] = ()

    def __len__(self) -> int:
        return len(self.clock_us)

    @classmethod
    def missing(cls, count: int) -> ParsedTimes:
        """A column that is absent: every row lacks its time."""
        builder = _Builder(count)
        builder.fail_many(np.arange(count, dtype=np.int64), "GK410", "")
        return builder.build()

    @classmethod
    def concat(cls, parts: Sequence[ParsedTimes]) -> ParsedTimes:
        """The parts one after another (failure indices shifted accordingly)."""
        failures: list[TimeFailure] = []
        start = 0
        for part in parts:
            failures.extend(TimeFailure(f.code, f.value, f.indices + start) for f in part.failures)
            start += len(part)

        def join(name: str, dtype: type) -> np.ndarray:
            arrays = [getattr(part, name) for part in parts]
            return np.concatenate(arrays) if arrays else np.zeros(0, dtype)

        return cls(
            join("clock_us", np.int64),
            join("offset_us", np.int64),
            join("has_offset", np.bool_),
            join("date_only", np.bool_),
            join("failed", np.bool_),
            tuple(failures),
        )


class _Builder:
    """Fills the arrays of a :class:`ParsedTimes`."""

    def __init__(self, count: int) -> None:
        self.clock_us = np.zeros(count, np.int64)
        self.offset_us = np.zeros(count, np.int64)
        self.has_offset = np.zeros(count, np.bool_)
        self.date_only = np.zeros(count, np.bool_)
        self.failed = np.zeros(count, np.bool_)
        self.failures: dict[tuple[str, str], list[np.ndarray]] = {}

    def fail_many(self, indices: np.ndarray, code: str, value: str) -> None:
        self.failed[indices] = True
        self.failures.setdefault((code, value), []).append(indices)

    def build(self) -> ParsedTimes:
        failures = tuple(
            TimeFailure(code, value, _ascending(parts))
            for (code, value), parts in self.failures.items()
        )
        return ParsedTimes(
            self.clock_us, self.offset_us, self.has_offset, self.date_only, self.failed, failures
        )


def _ascending(parts: list[np.ndarray]) -> np.ndarray:
    """The indices of *parts* in ascending order (one part already ascending is kept)."""
    if len(parts) == 1 and bool(np.all(parts[0][1:] > parts[0][:-1])):
        return parts[0]
    return np.sort(np.concatenate(parts))


# --- the fast path: fixed-width templates over code points ------------------------------------

_DIGIT_FIELDS = "YMDhmsfop"


@frozen
class _Template:
    """One fixed-width shape: where each field's digits and each literal character stand."""

    length: int
    fields: tuple[tuple[str, tuple[int, ...]], ...]
    literals: tuple[tuple[int, tuple[int, ...]], ...]
    sign_column: int | None
    date_only: bool
    #: "" (no zone), "Z" (UTC) or "±" (an explicit offset)
    zone: str

    @classmethod
    def from_pattern(cls, pattern: str) -> _Template:
        fields: dict[str, list[int]] = {}
        literals: list[tuple[int, tuple[int, ...]]] = []
        sign_column = None
        for column, char in enumerate(pattern):
            if char in _DIGIT_FIELDS:
                fields.setdefault(char, []).append(column)
            elif char == "T":
                literals.append((column, (ord("T"), ord(" "))))
            elif char == "±":
                sign_column = column
                literals.append((column, (ord("+"), ord("-"))))
            else:
                literals.append((column, (ord(char),)))
        return cls(
            len(pattern),
            tuple((name, tuple(columns)) for name, columns in fields.items()),
            tuple(literals),
            sign_column,
            "h" not in fields,
            "±" if sign_column is not None else ("Z" if pattern.endswith("Z") else ""),
        )


def _templates() -> dict[int, _Template]:
    patterns = ["YYYY-MM-DD"]
    for clock in ("hh:mm", "hh:mm:ss", "hh:mm:ss.fff", "hh:mm:ss.ffffff"):
        for zone in ("", "Z", "±oo:pp"):
            patterns.append(f"YYYY-MM-DDT{clock}{zone}")
    templates = [_Template.from_pattern(p) for p in patterns]
    return {template.length: template for template in templates}


_TEMPLATES = _templates()
#: Values parsed together by :func:`_parse_column`, at most.
_BLOCK = 1 << 14
_LONGEST = max(_TEMPLATES)
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)


def days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm, vectorized)."""
    year = year - (month <= 2)
    era = np.floor_divide(year, 400)
    year_of_era = year - era * 400
    day_of_year = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    days: np.ndarray = era * 146097 + day_of_era - 719468
    return days


def _is_leap(year: np.ndarray) -> np.ndarray:
    leap: np.ndarray = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    return leap


def _calendar() -> tuple[np.ndarray, np.ndarray]:
    """Per (year, month, day) in the accepted years, day 1–31 of every month: the days since
    1970-01-01, and whether the date exists.  Index: ((year - YEAR_FIRST) * 12 + month - 1) * 31
    + day - 1."""
    years = np.repeat(np.arange(YEAR_FIRST, YEAR_LAST + 1, dtype=np.int64), 12 * 31)
    months = np.tile(np.repeat(np.arange(1, 13, dtype=np.int64), 31), YEAR_LAST - YEAR_FIRST + 1)
    days = np.tile(np.arange(1, 32, dtype=np.int64), (YEAR_LAST - YEAR_FIRST + 1) * 12)
    limit = _DAYS_IN_MONTH[months] + ((months == 2) & _is_leap(years))
    return days_from_civil(years, months, days).astype(np.int32), days <= limit


_CIVIL_DAYS, _REAL_DATES = _calendar()


def _parse_matrix(
    matrix: np.ndarray, template: _Template
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Match *template* against rows of characters; return (ok, clock_us, offset_us or None).

    *matrix* holds one value a row, as unsigned code points (``uint32``) or ASCII bytes (``uint8``).
    """
    rows = matrix.shape[0]
    by_column = np.ascontiguousarray(matrix.T)  # one character position a row: fast to scan
    ok = np.ones(rows, np.bool_)
    for column, allowed in template.literals:
        cells = by_column[column]
        hit = cells == allowed[0]
        for other in allowed[1:]:
            hit |= cells == other
        ok &= hit
    values: dict[str, np.ndarray] = {}
    for name, field_columns in template.fields:
        # unsigned: non-digits wrap around to large numbers
        digits = by_column[list(field_columns)] - by_column.dtype.type(48)
        ok &= (digits <= 9).all(axis=0)
        number = digits[0].astype(np.int32)
        for digit in digits[1:]:
            number *= 10
            number += digit
        values[name] = number
    year, month, day = values["Y"], values["M"], values["D"]
    known = (year >= YEAR_FIRST) & (year <= YEAR_LAST) & (month >= 1) & (month <= 12)
    known &= (day >= 1) & (day <= 31)
    at = np.where(known, ((year - YEAR_FIRST) * 12 + month - 1) * 31 + day - 1, 0)
    ok &= known & _REAL_DATES[at]
    clock = _CIVIL_DAYS[at].astype(np.int64) * DAY_US
    if "h" in values:
        hour, minute = values["h"], values["m"]
        second = values.get("s", np.zeros(rows, np.int32))
        ok &= (hour <= 23) & (minute <= 59) & (second <= 59)
        clock += (hour * 3600 + minute * 60 + second).astype(np.int64) * SECOND_US
    if "f" in values:
        clock += values["f"].astype(np.int64) * 10 ** (6 - len(dict(template.fields)["f"]))
    offset = None
    if template.sign_column is not None:
        sign = np.where(by_column[template.sign_column] == ord("-"), -1, 1)
        minutes = values["o"] * 60 + values["p"]
        ok &= (values["p"] <= 59) & (minutes <= MAX_OFFSET_US // MINUTE_US)
        offset = (sign * minutes).astype(np.int64) * MINUTE_US
    return ok, clock, offset


def _parse_column(
    count: int,
    lengths: np.ndarray,
    matrix_for: Callable[[np.ndarray, int], np.ndarray],
    value_for: Callable[[int], object],
) -> ParsedTimes:
    """The two passes over one column; *lengths* is -2 for missing values, -1 for non-text."""
    builder = _Builder(count)
    pending = np.ones(count, np.bool_)
    missing = np.flatnonzero(lengths == -2)
    if missing.size:
        builder.fail_many(missing, "GK410", "")
        pending[missing] = False
    tally = np.bincount(np.clip(lengths, 0, _LONGEST + 1), minlength=_LONGEST + 2)
    for length, template in _TEMPLATES.items():
        if not tally[length]:
            continue
        every_of_length = np.flatnonzero(lengths == length)
        # A block of values at a time: the character matrix and the fields' arrays stay small
        # (in the cache, and their memory reused).
        for start in range(0, every_of_length.size, _BLOCK):
            indices = every_of_length[start : start + _BLOCK]
            ok, clock, offset = _parse_matrix(matrix_for(indices, length), template)
            every = bool(ok.all())
            hits = indices if every else indices[ok]
            if every and hits.size == count:  # one form throughout: no scattering
                builder.clock_us = clock
            else:
                builder.clock_us[hits] = clock if every else clock[ok]
            if offset is not None:
                builder.offset_us[hits] = offset if every else offset[ok]
            if template.zone:
                builder.has_offset[hits] = True
            if template.date_only:
                builder.date_only[hits] = True
            pending[hits] = False
    _parse_rest(builder, np.flatnonzero(pending), value_for)
    return builder.build()


def _parse_rest(builder: _Builder, indices: np.ndarray, value_for: Callable[[int], object]) -> None:
    """The second pass: each distinct remaining value through :func:`parse_value`, once."""
    cache: dict[object, Parsed | tuple[str, str]] = {}
    failed: dict[tuple[str, str], list[int]] = {}
    for index in indices.tolist():
        value = value_for(index)
        try:
            result = cache.get(value)
        except TypeError:  # unhashable (a list or a dict from JSON)
            result = None
            value = Unhashable(type(value).__name__)
        if result is None:
            result = parse_value(value)
            if len(cache) < 100_000:
                cache[value] = result
        if isinstance(result, Parsed):
            builder.clock_us[index] = result.clock_us
            builder.offset_us[index] = result.offset_us
            builder.has_offset[index] = result.has_offset
            builder.date_only[index] = result.date_only
        else:
            failed.setdefault(result, []).append(index)
    for (code, text), where in failed.items():
        builder.fail_many(np.array(where, np.int64), code, text)


def parse_time_values(values: Sequence[object]) -> ParsedTimes:
    """Parse a column of Python values: text, ``None``, datetimes, dates, numbers (rejected)."""
    count = len(values)
    if set(map(type, values)) <= {str}:
        lengths = np.fromiter(map(len, cast("Sequence[str]", values)), np.int64, count)
    else:
        lengths = np.fromiter(
            (len(v) if type(v) is str else (-2 if v is None else -1) for v in values),
            np.int64,
            count,
        )
    objects = np.fromiter(values, dtype=object, count=count) if count else np.zeros(0, object)

    def matrix_for(indices: np.ndarray, length: int) -> np.ndarray:
        chosen = objects[indices]
        matrix: np.ndarray
        try:  # ASCII text (the usual case) as bytes: four times less to look at
            matrix = chosen.astype(f"S{length}").view(np.uint8)
        except UnicodeEncodeError:
            matrix = chosen.astype(f"<U{length}").view(np.uint32)
        return matrix.reshape(indices.size, length)

    return _parse_column(count, lengths, matrix_for, values.__getitem__)


def parse_time_utf8(
    offsets: np.ndarray,
    data: np.ndarray,
    valid: np.ndarray,
    value_for: Callable[[int], object],
) -> ParsedTimes:
    """Parse a column held as UTF-8 bytes with offsets (an Arrow string array's buffers)."""
    lengths = np.diff(offsets).astype(np.int64)
    lengths[~valid] = -2
    return parse_time_bytes(data, offsets[:-1], lengths, value_for)


def parse_time_bytes(
    data: np.ndarray,
    starts: np.ndarray,
    lengths: np.ndarray,
    value_for: Callable[[int], object],
) -> ParsedTimes:
    """Parse a column of UTF-8 values ``data[starts[i]:starts[i] + lengths[i]]`` (in any order;
    a length of ``-2`` marks a missing value); *value_for* gives a value as Python text."""
    lengths = lengths.astype(np.int64, copy=False)

    def matrix_for(indices: np.ndarray, length: int) -> np.ndarray:
        first, last = int(indices[0]), int(indices[-1])
        start = int(starts[first])
        if last - first + 1 == indices.size and int(starts[last]) == start + length * (
            indices.size - 1
        ):  # consecutive values of one length, back to back: a plain view
            return data[start : start + indices.size * length].reshape(indices.size, length)
        # Otherwise copy each value's bytes as one row of a sliding-window view (no per-byte gather).
        windows = np.lib.stride_tricks.sliding_window_view(data, length)
        matrix: np.ndarray = windows[starts[indices]]
        return matrix

    return _parse_column(lengths.size, lengths, matrix_for, value_for)


# --- one value, for callers outside the loader -------------------------------------------------


@frozen
class ParsedTime:
    """One parsed time: the instant (aware, in the zone asked for), whether it was a date alone."""

    instant: datetime
    date_only: bool
    zone_assumed: bool


def parse_time(text: str, tz: str | tzinfo = "Asia/Shanghai") -> ParsedTime:
    """Parse one time in any accepted form; an unaccepted one raises :class:`EventLogError`.

    A date alone gives the start of that day (``date_only`` says the whole day is meant).
    """
    zone, _ = resolve_zone(tz)
    result = parse_value(text)
    if not isinstance(result, Parsed):
        code, value = result
        raise EventLogError(
            diagnostic(
                code,
                hint=f"{code}.hint",
                notes=[message("time.accepted")],
                value=value,
                first=YEAR_FIRST,
                last=YEAR_LAST,
            )
        )
    clock = np.array([result.clock_us], np.int64)
    utc = clock - result.offset_us if result.has_offset else local_to_utc(clock, zone)
    instant = (_EPOCH + timedelta(microseconds=int(utc[0]))).replace(tzinfo=UTC)
    return ParsedTime(instant.astimezone(zone), result.date_only, not result.has_offset)
