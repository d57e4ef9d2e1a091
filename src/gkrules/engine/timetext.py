"""One time value at a time: the accepted forms, and why a value is not one of them (C10).

:func:`parse_value` reads text (``2021年6月18日 9时5分``, ``2021/6/18``, ``2021-6-18 9:05``,
ISO 8601 …), datetimes and dates, and returns a clock reading with its explicit offset, if any —
or the catalog code that says why the value is not a time: ambiguous (a two-digit year, the year
last, a time without a date, a date without a year), impossible (30 February, 25:00), a number,
or not recognised.  The column parser in :mod:`gkrules.engine.timeparse` sends here only the
values its fixed-width templates do not match, once per distinct value.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

import numpy as np
from attrs import frozen

from gkrules.engine.messages import shorten

__all__ = [
    "ACCEPTED_TIME_FORMS",
    "DAY_US",
    "HOUR_US",
    "MAX_OFFSET_US",
    "MINUTE_US",
    "SECOND_US",
    "YEAR_FIRST",
    "YEAR_LAST",
    "Parsed",
    "Unhashable",
    "parse_value",
]

SECOND_US = 1_000_000
MINUTE_US = 60 * SECOND_US
HOUR_US = 60 * MINUTE_US
DAY_US = 24 * HOUR_US
#: Years outside this range are rejected as probable typos (GK419).
YEAR_FIRST, YEAR_LAST = 1900, 2199
#: Longer values are not times (GK411) and are not run through the patterns.
MAX_TIME_CHARS = 64
MAX_OFFSET_US = 18 * HOUR_US

#: The forms gkrules reads, as documented in docs/event-logs.md.
ACCEPTED_TIME_FORMS: tuple[str, ...] = (
    "2021-06-18",
    "2021-6-18",
    "2021/6/18",
    "2021.6.18",
    "2021年6月18日",
    "2021-06-18T09:30",
    "2021-06-18 09:30:00",
    "2021-06-18 09:30:00.250",
    "2021-6-18 9:05",
    "2021/6/18 9:05",
    "2021年6月18日 9时5分",
    "2021年6月18日9时5分30秒",
    "2021年6月18日 9点",
    "2021-06-18T09:30:00+08:00",
    "2021-06-18T01:30:00Z",
    "2021-06-18 09:30+0800",
)


@frozen
class Unhashable:
    """Stands for a value that cannot be a dictionary key (a list or dict from JSON)."""

    type_name: str


_DATE = (
    r"(?P<year>[0-9]{4})(?:(?P<sep>[-/.])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})"
    r"|\s*年\s*(?P<zh_month>[0-9]{1,2})\s*月\s*(?P<zh_day>[0-9]{1,2})\s*[日号])"
)
_CLOCK = (
    r"(?:(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]{1,9}))?)?"
    r"|(?P<zh_hour>[0-9]{1,2})\s*[时点]\s*"
    r"(?:(?P<zh_minute>[0-9]{1,2})\s*分\s*(?:(?P<zh_second>[0-9]{1,2})\s*秒)?)?)"
)
_ZONE = r"(?P<zone>Z|[+-][0-9]{2}(?::?[0-9]{2})?)"
_TIME = re.compile(rf"{_DATE}(?:(?:\s*T\s*|\s+|(?<=[日号]))\s*{_CLOCK}(?:\s*{_ZONE})?)?")
_CLOCK_ONLY = re.compile(
    r"[0-9]{1,2}(?::[0-9]{2}){1,2}(?:[.,][0-9]+)?(?:\s*\S+)?|[0-9]{1,2}\s*[时点].*"
)
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_YEAR_LAST = re.compile(r"[0-9]{1,2}\s*([-/.])\s*[0-9]{1,2}\s*\1\s*[0-9]{4}(?:\D.*)?")
_TWO_DIGIT_YEAR = re.compile(
    r"(?:[0-9]{2}\s*([-/.])\s*[0-9]{1,2}\s*\1\s*[0-9]{1,2}|[0-9]{2}\s*年.*"
    r"|[0-9]{1,2}\s*([-/.])\s*[0-9]{1,2}\s*\2\s*[0-9]{2})(?:\D.*)?"
)
_NO_YEAR = re.compile(
    r"(?:[0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*[日号])(?:\s.*)?"
)


@frozen
class Parsed:
    clock_us: int
    offset_us: int
    has_offset: bool
    date_only: bool


def parse_value(value: object) -> Parsed | tuple[str, str]:
    """One value as a time, or ``(code, shortened value)`` saying why it is not one."""
    if value is None:
        return ("GK410", "")
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, datetime):
        return _from_datetime(value)
    if isinstance(value, date):
        return _checked(value.year, value.month, value.day, text=value.isoformat(), date_only=True)
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return ("GK410", "")
        clock = int(value.astype("datetime64[us]").astype(np.int64))
        return _from_clock(clock, shorten(str(value)))
    if isinstance(value, bool | np.bool_):
        return ("GK423", "boolean")
    if isinstance(value, int | float | np.integer | np.floating):
        if isinstance(value, float | np.floating) and math.isnan(value):
            return ("GK410", "")
        return ("GK418", shorten(_number_text(value)))
    if isinstance(value, Unhashable):
        return ("GK423", value.type_name)
    return ("GK423", type(value).__name__)


def _number_text(value: object) -> str:
    try:
        return str(value)
    except ValueError:  # an int beyond Python's digit limit
        return "…"


def _from_datetime(value: datetime) -> Parsed | tuple[str, str]:
    text = shorten(str(value))
    try:
        offset = value.utcoffset()
        checked = _checked(value.year, value.month, value.day, text=text, date_only=False)
    except (ValueError, TypeError, OverflowError):
        return ("GK423", type(value).__name__)
    if not isinstance(checked, Parsed):
        return checked
    clock = (
        checked.clock_us
        + value.hour * HOUR_US
        + value.minute * MINUTE_US
        + value.second * SECOND_US
        + value.microsecond
    )
    if offset is None:
        return Parsed(clock, 0, False, False)
    return Parsed(clock, offset // timedelta(microseconds=1), True, False)


def _from_clock(clock: int, text: str) -> Parsed | tuple[str, str]:
    year = (_EPOCH + timedelta(microseconds=clock)).year if _clock_in_range(clock) else 0
    if not YEAR_FIRST <= year <= YEAR_LAST:
        return ("GK419", text)
    return Parsed(clock, 0, False, False)


def _clock_in_range(clock: int) -> bool:
    return -62_135_596_800 * SECOND_US <= clock < 253_402_300_800 * SECOND_US


def _checked(
    year: int, month: int, day: int, *, text: str, date_only: bool
) -> Parsed | tuple[str, str]:
    if not YEAR_FIRST <= year <= YEAR_LAST:
        return ("GK419", text)
    try:
        ordinal = date(year, month, day).toordinal()
    except ValueError:
        return ("GK416", text)
    return Parsed((ordinal - _EPOCH_ORDINAL) * DAY_US, 0, False, date_only)


_EPOCH = datetime(1970, 1, 1)
_EPOCH_ORDINAL = _EPOCH.toordinal()


def _parse_text(raw: str) -> Parsed | tuple[str, str]:
    text = raw.strip()
    shown = shorten(text)
    if not text:
        return ("GK410", "")
    if len(text) > MAX_TIME_CHARS:
        return ("GK411", shown)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).strip()
    match = _TIME.fullmatch(text)
    if match is None:
        return (_why_not(text), shown)
    group = match.group
    month = group("month") or group("zh_month")
    day = group("day") or group("zh_day")
    parsed = _checked(int(group("year")), int(month), int(day), text=shown, date_only=False)
    if not isinstance(parsed, Parsed):
        return parsed
    hour = group("hour") or group("zh_hour")
    if hour is None:
        return Parsed(parsed.clock_us, 0, False, True)
    minute = int(group("minute") or group("zh_minute") or 0)
    second = int(group("second") or group("zh_second") or 0)
    fraction = int((group("fraction") or "").ljust(6, "0")[:6])
    if int(hour) > 23 or minute > 59 or second > 59:
        return ("GK417", shown)
    clock = (
        parsed.clock_us + int(hour) * HOUR_US + minute * MINUTE_US + second * SECOND_US + fraction
    )
    zone = group("zone")
    if zone is None:
        return Parsed(clock, 0, False, False)
    if zone == "Z":
        return Parsed(clock, 0, True, False)
    digits = zone[1:].replace(":", "")
    offset_minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    if int(digits[2:4] or 0) > 59 or offset_minutes * MINUTE_US > MAX_OFFSET_US:
        return ("GK417", shown)
    sign = -1 if zone[0] == "-" else 1
    return Parsed(clock, sign * offset_minutes * MINUTE_US, True, False)


def _why_not(text: str) -> str:
    """The code for a text that is not an accepted form: ambiguous (which way), or unrecognised."""
    if _NUMBER.fullmatch(text):
        return "GK418"
    if _TWO_DIGIT_YEAR.fullmatch(text):
        return "GK412"
    if _YEAR_LAST.fullmatch(text):
        return "GK413"
    if _NO_YEAR.fullmatch(text):
        return "GK415"
    if _CLOCK_ONLY.fullmatch(text):
        return "GK414"
    return "GK411"
