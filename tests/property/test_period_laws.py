"""Period laws: agreement with a day-by-day reference, monotonicity, pause/extension laws,
vector == scalar, and the inverse questions agreeing with the deadlines."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gkrules.calendar import default_calendar
from gkrules.calendar.clock import Extension, Pause, clock_deadline
from gkrules.calendar.periods import (
    DEFAULT_COUNTING,
    SHANGHAI,
    Counting,
    Deadline,
    Period,
    Unit,
    compute_deadline,
    compute_deadlines_array,
    elapsed,
    is_on_time,
    lateness,
    remaining,
)
from gkrules.errors import CalendarRangeError

CAL = default_calendar()
LAST = date(CAL.last_year, 12, 31)
ONE = timedelta(days=1)

triggers = st.dates(min_value=date(2004, 1, 1), max_value=date(CAL.last_year, 9, 30))
counts = st.integers(min_value=0, max_value=250)
units = st.sampled_from(list(Unit))
countings = st.builds(Counting, count_start_day=st.booleans(), roll_off=st.booleans())


# --- an independent reference: one day at a time over chinese_calendar.is_workday ---------------


def reference_is_workday(day: date) -> bool:
    if day == date(2005, 12, 31):  # 国办发明电〔2005〕35号: a make-up working Saturday
        return True
    return bool(chinese_calendar.is_workday(day))


def reference_workdays(trigger: date, n: int) -> date | None:
    """The n-th working day strictly after *trigger*; ``None`` past the calendar's years."""
    day = trigger
    while n:
        day += ONE
        if day > LAST:
            return None
        n -= reference_is_workday(day)
    return day


def reference_days(trigger: date, n: int) -> date | None:
    day = trigger + timedelta(days=n)
    while day <= LAST and not reference_is_workday(day):
        day += ONE
    return day if day <= LAST else None


def deadline_or_none(
    trigger: date, period: Period, counting: Counting = DEFAULT_COUNTING
) -> Deadline | None:
    try:
        return compute_deadline(trigger, period, CAL, counting)
    except CalendarRangeError:
        return None


# --- agreement with the reference ----------------------------------------------------------------


@given(triggers, counts)
def test_working_days_agree_with_a_day_by_day_count(trigger: date, n: int) -> None:
    expected = reference_workdays(trigger, n)
    if expected is None:
        with pytest.raises(CalendarRangeError):
            compute_deadline(trigger, Period.workdays(n), CAL)
    else:
        assert compute_deadline(trigger, Period.workdays(n), CAL).last_day == expected


@given(triggers, st.integers(min_value=0, max_value=400))
def test_natural_days_agree_with_a_day_by_day_count(trigger: date, n: int) -> None:
    expected = reference_days(trigger, n)
    if expected is None:
        with pytest.raises(CalendarRangeError):
            compute_deadline(trigger, Period.days(n), CAL)
    else:
        assert compute_deadline(trigger, Period.days(n), CAL).last_day == expected


# --- monotonicity ------------------------------------------------------------------------------------


@given(triggers, triggers, units, st.integers(min_value=0, max_value=60), countings)
def test_a_later_trigger_never_gives_an_earlier_deadline(
    a: date, b: date, unit: Unit, n: int, counting: Counting
) -> None:
    a, b = min(a, b), max(a, b)
    if unit is Unit.YEARS:
        n = n % 3
    period = Period(n, unit)
    first, second = deadline_or_none(a, period, counting), deadline_or_none(b, period, counting)
    assume(first is not None and second is not None)
    assert first is not None
    assert second is not None
    assert first.due is not None
    assert second.due is not None
    assert first.due <= second.due


@given(
    triggers, units, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60)
)
def test_a_longer_period_never_ends_earlier(trigger: date, unit: Unit, m: int, n: int) -> None:
    m, n = min(m, n), max(m, n)
    if unit is Unit.YEARS:
        m, n = m % 3, n % 3
        m, n = min(m, n), max(m, n)
    shorter = deadline_or_none(trigger, Period(m, unit))
    longer = deadline_or_none(trigger, Period(n, unit))
    assume(shorter is not None and longer is not None)
    assert shorter is not None
    assert longer is not None
    assert shorter.due is not None
    assert longer.due is not None
    assert shorter.due <= longer.due


# --- pause and extension laws (C9) --------------------------------------------------------------------


@given(triggers, st.integers(min_value=0, max_value=120), st.integers(min_value=-10, max_value=200))
def test_a_pause_of_no_working_days_changes_nothing(trigger: date, n: int, offset: int) -> None:
    start = trigger + timedelta(days=offset)
    assume(date(2004, 1, 1) <= start < LAST - timedelta(days=30))
    # (start, end] holds no working day: end is the day before the next working day.
    end = CAL.add_workdays(start, 1) - ONE
    plain = deadline_or_none(trigger, Period.workdays(n))
    assume(plain is not None)
    paused = clock_deadline(trigger, Period.workdays(n), CAL, pauses=[Pause(start, end)])
    assert paused == plain


@given(triggers, st.integers(min_value=0, max_value=120), st.integers(min_value=-30, max_value=200))
def test_an_extension_of_zero_changes_nothing(trigger: date, n: int, offset: int) -> None:
    plain = deadline_or_none(trigger, Period.workdays(n))
    assume(plain is not None)
    extended = clock_deadline(
        trigger,
        Period.workdays(n),
        CAL,
        extensions=[Extension(trigger + timedelta(days=offset), Period.workdays(0))],
        extension_limit=Period.workdays(20),
    )
    assert extended == plain


@given(
    triggers,
    st.sampled_from([Unit.WORKDAYS, Unit.DAYS, Unit.MONTHS, Unit.HOURS]),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=60),
)
def test_a_longer_pause_never_moves_the_deadline_earlier(
    trigger: date, unit: Unit, n: int, offset: int, short: int, extra: int
) -> None:
    assume(trigger < LAST - timedelta(days=400))
    if unit is Unit.MONTHS:
        n = n % 6
    start = trigger + timedelta(days=offset)
    period = Period(n, unit)
    first = clock_deadline(
        trigger, period, CAL, pauses=[Pause(start, start + timedelta(days=short))]
    )
    second = clock_deadline(
        trigger, period, CAL, pauses=[Pause(start, start + timedelta(days=short + extra))]
    )
    assert first.due is not None
    assert second.due is not None
    assert first.due <= second.due


@given(triggers, st.integers(min_value=1, max_value=60), st.integers(min_value=0, max_value=90))
def test_an_accepted_extension_of_k_moves_the_deadline_k_working_days(
    trigger: date, n: int, k: int
) -> None:
    assume(trigger < LAST - timedelta(days=400))
    plain = compute_deadline(trigger, Period.workdays(n), CAL)
    assert plain.last_day is not None
    extended = clock_deadline(
        trigger,
        Period.workdays(n),
        CAL,
        extensions=[Extension(plain.last_day, Period.workdays(k))],
        extension_limit=Period.workdays(20),
    )
    assert extended.last_day == CAL.add_workdays(plain.last_day, min(k, 20))


# --- vector == scalar ----------------------------------------------------------------------------------


@given(
    st.lists(triggers, max_size=30),
    st.sampled_from([Unit.WORKDAYS, Unit.DAYS, Unit.MONTHS, Unit.YEARS]),
    st.integers(min_value=0, max_value=100),
    countings,
)
def test_vector_results_equal_scalar_results(
    days: list[date], unit: Unit, n: int, counting: Counting
) -> None:
    if unit is Unit.YEARS:
        n = n % 3
    elif unit is Unit.MONTHS:
        n = n % 24
    period = Period(n, unit)
    scalar = [deadline_or_none(day, period, counting) for day in days]
    days = [day for day, result in zip(days, scalar, strict=True) if result is not None]
    expected = [result.last_day for result in scalar if result is not None]
    array = compute_deadlines_array(np.array(days, dtype="datetime64[D]"), period, CAL, counting)
    assert array.tolist() == expected


# --- the inverse questions -------------------------------------------------------------------------------


@given(triggers, counts, st.integers(min_value=0, max_value=400))
def test_elapsed_remaining_and_lateness_agree(trigger: date, n: int, offset: int) -> None:
    deadline = deadline_or_none(trigger, Period.workdays(n))
    assume(deadline is not None)
    assert deadline is not None
    assert deadline.last_day is not None
    assert elapsed(trigger, deadline.last_day, Unit.WORKDAYS, CAL).value == n
    at = trigger + timedelta(days=offset)
    assume(at <= LAST)
    left = remaining(deadline, at, CAL).value
    if at <= deadline.last_day:
        assert left + elapsed(trigger, at, Unit.WORKDAYS, CAL).value == n
        assert is_on_time(deadline, at)
        assert lateness(deadline, at, CAL).value == 0
    else:
        assert not is_on_time(deadline, at)
        assert lateness(deadline, at, CAL).value == -left


@given(
    st.datetimes(min_value=datetime(2004, 1, 1), max_value=datetime(2030, 1, 1)),
    st.integers(min_value=0, max_value=1000),
    st.integers(min_value=-100_000, max_value=100_000),
)
def test_hours_elapsed_remaining_and_lateness_agree(
    trigger: datetime, n: int, minutes: int
) -> None:
    deadline = compute_deadline(trigger, Period.hours(n), CAL)
    assert deadline.due is not None
    assert elapsed(trigger, deadline.due, Unit.HOURS, CAL).value == n
    at = deadline.due + timedelta(minutes=minutes)
    assert at.tzinfo is SHANGHAI or at.utcoffset() == timedelta(hours=8)
    assert remaining(deadline, at, CAL).value == round(-minutes / 60, 2)
    assert is_on_time(deadline, at) == (minutes < 0)
    assert lateness(deadline, at, CAL).value == (round(minutes / 60, 2) if minutes >= 0 else 0.0)
