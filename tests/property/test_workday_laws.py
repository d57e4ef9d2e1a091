"""Working-day laws: agreement with a day-by-day count, additivity, inverse, monotonicity, arrays."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gkrules.calendar import default_calendar
from gkrules.calendar.data import DayKind, corrections_layer
from gkrules.errors import CalendarRangeError

CAL = default_calendar()
FIRST, LAST = date(2004, 1, 1), date(CAL.last_year, 12, 31)
CORRECTED = {
    entry.day: entry.kind is DayKind.MAKEUP_WORKDAY for entry in corrections_layer().entries
}

days = st.dates(min_value=FIRST, max_value=LAST)
counts = st.integers(min_value=0, max_value=250)


def brute_is_workday(day: date) -> bool:
    """chinese-calendar's answer with gkrules' corrections applied (raises past its years)."""
    if day in CORRECTED:
        return CORRECTED[day]
    return bool(chinese_calendar.is_workday(day))


def brute_add(day: date, n: int) -> date | None:
    """The n-th working day strictly after (n > 0) or before (n < 0) *day*, one day at a time;
    ``None`` when the count leaves the calendar's years."""
    step = 1 if n > 0 else -1
    remaining = abs(n)
    while remaining:
        day += timedelta(days=step)
        if not FIRST <= day <= LAST:
            return None
        if brute_is_workday(day):
            remaining -= 1
    return day


@given(days)
def test_is_workday_agrees_with_the_package(day: date) -> None:
    assert CAL.is_workday(day) == brute_is_workday(day)


@given(days, counts)
def test_add_workdays_agrees_with_a_day_by_day_count(day: date, n: int) -> None:
    expected = brute_add(day, n)
    if expected is None:
        with pytest.raises(CalendarRangeError):
            CAL.add_workdays(day, n)
    else:
        assert CAL.add_workdays(day, n) == expected


@given(days, st.integers(min_value=-250, max_value=-1))
def test_negative_counts_agree_with_a_day_by_day_count(day: date, n: int) -> None:
    expected = brute_add(day, n)
    if expected is None:
        with pytest.raises(CalendarRangeError):
            CAL.add_workdays(day, n)
    else:
        assert CAL.add_workdays(day, n) == expected


@given(days, st.integers(min_value=-800, max_value=800))
def test_workdays_between_agrees_with_a_day_by_day_count(a: date, offset: int) -> None:
    b = min(LAST, max(FIRST, a + timedelta(days=offset)))
    low, high = min(a, b), max(a, b)
    count = sum(brute_is_workday(low + timedelta(days=k)) for k in range(1, (high - low).days + 1))
    assert CAL.workdays_between(a, b) == (count if a <= b else -count)


def _in_range(day: date, n: int) -> bool:
    try:
        CAL.add_workdays(day, n)
    except CalendarRangeError:
        return False
    return True


@given(days, counts, counts)
def test_additivity(day: date, a: int, b: int) -> None:
    assume(_in_range(day, a + b))
    assert CAL.add_workdays(day, a + b) == CAL.add_workdays(CAL.add_workdays(day, a), b)


@given(days, counts)
def test_inverse(day: date, n: int) -> None:
    """Working days in (D, add(D, n)] == n."""
    assume(_in_range(day, n))
    assert CAL.workdays_between(day, CAL.add_workdays(day, n)) == n


@given(days, st.integers(min_value=-250, max_value=-1))
def test_inverse_backwards(day: date, n: int) -> None:
    """Working days in [add(D, n), D) == |n| (D itself may be a rest day, so not (add(D, n), D])."""
    assume(_in_range(day, n))
    one = timedelta(days=1)
    assert CAL.workdays_between(CAL.add_workdays(day, n) - one, day - one) == -n


@given(days, days, st.integers(min_value=1, max_value=250))
def test_monotonic_in_the_trigger(a: date, b: date, n: int) -> None:
    """A later trigger never gives an earlier deadline."""
    a, b = min(a, b), max(a, b)
    assume(_in_range(b, n))
    assert CAL.add_workdays(a, n) <= CAL.add_workdays(b, n)


@given(days, counts, counts)
def test_monotonic_in_the_count(day: date, m: int, n: int) -> None:
    m, n = min(m, n), max(m, n)
    assume(_in_range(day, n))
    assert CAL.add_workdays(day, m) <= CAL.add_workdays(day, n)
    if 0 < m < n:
        assert CAL.add_workdays(day, m) < CAL.add_workdays(day, n)


@given(days, st.integers(min_value=1, max_value=250))
def test_the_start_never_counts(day: date, n: int) -> None:
    """C1: the result is strictly after the start and a working day."""
    assume(_in_range(day, n))
    result = CAL.add_workdays(day, n)
    assert result > day
    assert CAL.is_workday(result)


@given(st.lists(st.tuples(days, st.integers(min_value=-250, max_value=250)), max_size=40))
def test_vector_results_equal_scalar_results(queries: list[tuple[date, int]]) -> None:
    queries = [(day, n) for day, n in queries if _in_range(day, n)]
    starts = np.array([day for day, _ in queries], dtype="datetime64[D]")
    steps = np.array([n for _, n in queries], dtype=np.int64)
    expected = [CAL.add_workdays(day, n) for day, n in queries]
    assert CAL.add_workdays_array(starts, steps).tolist() == expected
    ends = np.array(expected, dtype="datetime64[D]")
    assert CAL.workdays_between_array(starts, ends).tolist() == [
        CAL.workdays_between(day, end) for (day, _), end in zip(queries, expected, strict=True)
    ]
    assert CAL.is_workday_array(starts).tolist() == [CAL.is_workday(day) for day, _ in queries]
