"""Column-at-a-time zone conversion (engine/timezones.py) equals asking the zone value by value,
in zones that move their clocks — at midnight too — and after the per-day cache is warm."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gkrules.engine.timezones import local_to_utc, utc_to_local

EPOCH = dt.datetime(1970, 1, 1)
UTC_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# Shanghai kept summer time 1986–1991; Santiago and Havana change at midnight; Lord Howe by 30 min.
ZONES = ["Asia/Shanghai", "America/New_York", "America/Santiago", "America/Havana",
         "Australia/Lord_Howe", "Europe/London"]  # fmt: skip
MICROS = dt.timedelta(microseconds=1)


def _local_to_utc_one(zone: ZoneInfo, micros: int) -> int:
    moment = (EPOCH + dt.timedelta(microseconds=micros)).replace(tzinfo=zone)
    return (moment - UTC_EPOCH) // MICROS


def _utc_to_local_one(zone: ZoneInfo, micros: int) -> int:
    moment = (UTC_EPOCH + dt.timedelta(microseconds=micros)).astimezone(zone)
    return (moment.replace(tzinfo=None) - EPOCH) // MICROS


# Around the changes: days near March–April and September–November, any minute.
instants = st.builds(
    lambda year, day, minute: (
        ((dt.datetime(year, 1, 1) + dt.timedelta(days=day, minutes=minute)) - EPOCH) // MICROS
    ),
    st.integers(1986, 2030),
    st.sampled_from([*range(60, 120), *range(240, 320)]),
    st.integers(0, 24 * 60 - 1),
)


@settings(max_examples=200, deadline=None)
@given(zone=st.sampled_from(ZONES), times=st.lists(instants, min_size=1, max_size=60))
def test_column_conversion_equals_value_by_value(zone: str, times: list[int]) -> None:
    tz = ZoneInfo(zone)
    column = np.array(times, np.int64)
    for _ in range(2):  # the second time from the per-day cache
        assert local_to_utc(column, tz).tolist() == [_local_to_utc_one(tz, t) for t in times]
        assert utc_to_local(column, tz).tolist() == [_utc_to_local_one(tz, t) for t in times]


@settings(max_examples=200, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    start=instants,
    steps=st.lists(st.integers(0, 400 * 24 * 60), min_size=1, max_size=60),
)
def test_a_short_span_converts_like_value_by_value(zone: str, start: int, steps: list[int]) -> None:
    """Times within a year or so (one offset throughout, or a change or two among them) take
    the short way — every day of the span looked up — and agree with the zone value by value."""
    tz = ZoneInfo(zone)
    times = [start + step * 60_000_000 for step in steps]
    column = np.array(times, np.int64)
    assert local_to_utc(column, tz).tolist() == [_local_to_utc_one(tz, t) for t in times]
    assert utc_to_local(column, tz).tolist() == [_utc_to_local_one(tz, t) for t in times]
