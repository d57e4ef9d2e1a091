"""Instants and days: times without a zone are Beijing time, a date alone is the whole day (C10).

China's legal days are Asia/Shanghai days; arithmetic on exact instants is done in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from gkrules.calendar.period_messages import usage_error

__all__ = [
    "SHANGHAI",
    "Moment",
    "add_hours",
    "end_of_day",
    "is_date_only",
    "local_day",
    "start_of_day",
    "to_instant",
]

#: A point in time as users give it: a date (the whole day), a date-time, or ISO 8601 text.
Moment = date | datetime | str

#: China's legal days are Beijing-time days (C10).
SHANGHAI = ZoneInfo("Asia/Shanghai")

_ONE_DAY = timedelta(days=1)
_MIDNIGHT = time(0, 0)


def to_instant(value: Moment, tz: ZoneInfo = SHANGHAI) -> datetime:
    """An aware instant: a date → its 00:00 in *tz*; a naive date-time → in *tz* (C10); an aware
    one unchanged; ISO 8601 text (``2024-05-01``, ``2024-05-01 10:15``, ``…+08:00``) parsed first."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=tz)
        return value
    if isinstance(value, date):
        return datetime.combine(value, _MIDNIGHT, tz)
    if isinstance(value, str):
        return to_instant(_parse_moment(value), tz)
    raise usage_error("GK144", hint="GK144.hint", got=repr(value))


def _parse_moment(text: str) -> date | datetime:
    stripped = text.strip()
    try:
        return date.fromisoformat(stripped)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(stripped)
    except ValueError:
        raise usage_error("GK144", hint="GK144.hint", got=repr(text)) from None


def is_date_only(value: Moment) -> bool:
    """Whether *value* is a date without a time of day (it then means the whole day, C10)."""
    if isinstance(value, str):
        value = _parse_moment(value)
    return not isinstance(value, datetime)


def local_day(value: Moment) -> date:
    """The Beijing-time calendar day of *value*."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.tzinfo is SHANGHAI:
            return value.date()
        return value.astimezone(SHANGHAI).date()
    if isinstance(value, date):
        return value
    return local_day(_parse_moment(value))


def start_of_day(d: date, tz: ZoneInfo = SHANGHAI) -> datetime:
    """00:00 of day *d* in *tz*: where a date-only timestamp begins."""
    return datetime.combine(d, _MIDNIGHT, tz)


def end_of_day(d: date, tz: ZoneInfo = SHANGHAI) -> datetime:
    """24:00 of day *d* (00:00 of the next day) in *tz*: where a date-only timestamp ends."""
    return start_of_day(d + _ONE_DAY, tz)


def add_hours(instant: datetime, hours: int) -> datetime:
    """*instant* + *hours*, exactly (arithmetic in UTC), in Beijing time."""
    return (instant.astimezone(UTC) + timedelta(hours=hours)).astimezone(SHANGHAI)
