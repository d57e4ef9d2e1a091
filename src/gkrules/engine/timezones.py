"""Time zones, a whole column at a time: local clock readings to UTC instants and back.

The zone database is asked once per day, at midnight (every day of the times' span, or the
distinct days of a long one; remembered for the process); a day whose next midnight has
another offset is one on which the zone changes it, and only its values are looked up one by
one.  Where a
local clock reading repeats (a clock set back), the earlier instant is taken.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from gkrules.engine.messages import diagnostic, message, shorten
from gkrules.engine.timetext import DAY_US
from gkrules.errors import UsageError

__all__ = ["local_to_utc", "resolve_zone", "utc_to_local"]

_EPOCH = datetime(1970, 1, 1)


def resolve_zone(tz: str | tzinfo) -> tuple[tzinfo, str]:
    """The zone object and its name; an unknown name is a :class:`UsageError`."""
    if isinstance(tz, tzinfo):
        return tz, str(getattr(tz, "key", None) or tz)
    try:
        return ZoneInfo(tz), tz
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        what = message("GK490.tz", tz=shorten(str(tz)))
        raise UsageError(diagnostic("GK490", what=what)) from None


def _fixed_offset(zone: tzinfo) -> int | None:
    if isinstance(zone, timezone):
        offset = zone.utcoffset(None)
        return offset // timedelta(microseconds=1)
    return None


def _offset_at(zone: tzinfo, micros: int, *, utc: bool) -> int:
    moment = _EPOCH + timedelta(microseconds=micros)
    aware = moment.replace(tzinfo=UTC).astimezone(zone) if utc else moment.replace(tzinfo=zone)
    offset = aware.utcoffset()
    return 0 if offset is None else offset // timedelta(microseconds=1)


def _offsets(times: np.ndarray, zone: tzinfo, *, utc: bool) -> np.ndarray | int:
    """The zone's UTC offset at each time (local clock readings, or UTC instants when *utc*):
    one number when it is the same at every time."""
    fixed = _fixed_offset(zone)
    if fixed is not None:
        return fixed
    if not times.size:
        return np.zeros(0, np.int64)
    first, last = int(times.min()) // DAY_US, int(times.max()) // DAY_US
    if last - first < 4 * times.size + 1024:  # the usual case: every day of the span, no sort
        # Each day's midnight and the next day's (looked up once per process): most often the
        # zone keeps one offset throughout, and no time needs its day worked out.
        midnights = _span_starts(zone, first, last + 2, utc=utc)
        if (midnights == midnights[0]).all():
            return int(midnights[0])
        day = np.floor_divide(times, DAY_US) - first
        offsets: np.ndarray = midnights[day]
        changing = np.flatnonzero(offsets != midnights[day + 1])
    else:
        days, inverse = np.unique(np.floor_divide(times, DAY_US), return_inverse=True)
        starts = _day_starts(zone, days, utc=utc)
        ends = _day_starts(zone, days + 1, utc=utc)  # the next midnight: the same unless it changed
        if (starts == starts[0]).all() and (ends == starts[0]).all():  # one offset throughout
            return int(starts[0])
        offsets = starts[inverse]
        changing = np.flatnonzero((starts != ends)[inverse])
    for index in changing.tolist():  # the rare days on which the zone changes its offset
        offsets[index] = _offset_at(zone, int(times[index]), utc=utc)
    return offsets


#: Offsets at midnight, per zone and day (local midnights, or UTC ones when ``utc``): a log's
#: days are looked up once per process, not once per load.  Cleared when it grows past a limit.
_MIDNIGHTS: dict[tuple[tzinfo, bool], dict[int, int]] = {}
_MIDNIGHTS_LIMIT = 1 << 20


def _day_starts(zone: tzinfo, days: np.ndarray, *, utc: bool) -> np.ndarray:
    """The zone's UTC offset at the first microsecond of each of *days*."""
    known = _MIDNIGHTS.setdefault((zone, utc), {})
    if len(known) > _MIDNIGHTS_LIMIT:
        known.clear()
    found = []
    for day in days.tolist():
        offset = known.get(day)
        if offset is None:
            offset = known[day] = _offset_at(zone, day * DAY_US, utc=utc)
        found.append(offset)
    return np.array(found, np.int64)


#: The last span of days whose midnight offsets :func:`_span_starts` gave, per zone: its first
#: day and the offsets (a log's span is looked up as one array, not day by day, when the
#: same log or a shorter one is read again).
_SPANS: dict[tuple[tzinfo, bool], tuple[int, np.ndarray]] = {}


def _span_starts(zone: tzinfo, first: int, end: int, *, utc: bool) -> np.ndarray:
    """The zone's UTC offset at the first microsecond of each day from *first* to *end* (not
    included)."""
    known = _SPANS.get((zone, utc))
    if known is not None and known[0] <= first and end <= known[0] + len(known[1]):
        return known[1][first - known[0] : end - known[0]]
    starts = _day_starts(zone, np.arange(first, end, dtype=np.int64), utc=utc)
    starts.flags.writeable = False
    _SPANS[(zone, utc)] = (first, starts)
    return starts


def local_to_utc(clock_us: np.ndarray, zone: tzinfo) -> np.ndarray:
    """UTC instants of local clock readings in *zone* (the earlier reading where a clock repeats)."""
    utc: np.ndarray = np.subtract(clock_us, _offsets(clock_us, zone, utc=False), dtype=np.int64)
    return utc


def utc_to_local(utc_us: np.ndarray, zone: tzinfo) -> np.ndarray:
    """Local clock readings in *zone* of UTC instants."""
    local: np.ndarray = np.add(utc_us, _offsets(utc_us, zone, utc=True), dtype=np.int64)
    return local
