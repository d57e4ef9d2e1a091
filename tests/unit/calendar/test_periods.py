"""Periods and deadlines: hand-checked dates for every counting rule (C1–C5, C10), parsing, errors.

Every expected date below was checked against the State Council notices (and the calendar):
2024 春节 2月10日–17日 off, 2月4日 (Sun) and 2月18日 (Sun) worked; 2024 劳动节 5月1日–5日 off,
4月28日 (Sun) and 5月11日 (Sat) worked; 2025 国庆·中秋 10月1日–8日 off, 9月28日 (Sun) and
10月11日 (Sat) worked.
"""

from __future__ import annotations

import pickle
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pytest

from gkrules.calendar import default_calendar
from gkrules.calendar.period_messages import MESSAGES
from gkrules.calendar.periods import (
    DEFAULT_COUNTING,
    PERIOD_LIMITS,
    SHANGHAI,
    UNIT_ALIASES,
    Amount,
    Counting,
    Period,
    Unit,
    add_months,
    compute_deadline,
    compute_deadlines_array,
    elapsed,
    end_of_day,
    is_on_time,
    lateness,
    local_day,
    remaining,
    start_of_day,
    to_instant,
)
from gkrules.calendar.steps import StepKind
from gkrules.errors import CalendarRangeError, UsageError

CAL = default_calendar()


def last_day(trigger: str, period: str, counting: Counting = DEFAULT_COUNTING) -> date | None:
    return compute_deadline(trigger, period, CAL, counting).last_day


# --- Period, Unit, parsing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3工作日", Period(3, Unit.WORKDAYS)),
        ("20个工作日", Period(20, Unit.WORKDAYS)),
        ("+48小时", Period(48, Unit.HOURS)),
        ("24 个小时", Period(24, Unit.HOURS)),
        ("1 个月", Period(1, Unit.MONTHS)),
        ("2月", Period(2, Unit.MONTHS)),
        ("15 days", Period(15, Unit.DAYS)),
        ("15 Days", Period(15, Unit.DAYS)),
        ("1 day", Period(1, Unit.DAYS)),
        ("10天", Period(10, Unit.DAYS)),
        ("10自然日", Period(10, Unit.DAYS)),
        ("10个自然日", Period(10, Unit.DAYS)),
        ("1周年", Period(1, Unit.YEARS)),
        ("2 years", Period(2, Unit.YEARS)),
        ("0工作日", Period(0, Unit.WORKDAYS)),
        ("３工作日", Period(3, Unit.WORKDAYS)),  # full-width digit
    ],
)
def test_period_parse(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (Period(3, Unit.WORKDAYS), "3工作日"),
        (Period(48, Unit.HOURS), "48小时"),
        (Period(1, Unit.MONTHS), "1个月"),
        (Period(15, Unit.DAYS), "15日"),
        (Period(1, Unit.YEARS), "1年"),
    ],
)
def test_str_round_trips_through_parse(period: Period, text: str) -> None:
    assert str(period) == text
    assert Period.parse(str(period)) == period


def test_labels_in_both_languages() -> None:
    assert Period.workdays(3).label("zh") == "3个工作日"
    assert Period.workdays(3).label("en") == "3 workdays"
    assert Period.workdays(1).label("en") == "1 workday"
    assert Period.months(1).label("en") == "1 month"
    assert [u.zh for u in Unit] == ["工作日", "日", "小时", "个月", "年"]
    assert [u.en for u in Unit] == ["workdays", "days", "hours", "months", "years"]


def test_every_unit_has_its_labels_among_the_aliases() -> None:
    for unit in Unit:
        assert UNIT_ALIASES[unit.zh] is unit
        assert UNIT_ALIASES[unit.en] is unit
        assert UNIT_ALIASES[unit.en[:-1]] is unit
    with pytest.raises(TypeError):
        UNIT_ALIASES["周"] = Unit.DAYS  # type: ignore[index]


def test_unknown_unit_suggests_the_closest() -> None:
    with pytest.raises(UsageError) as info:
        Period.parse("20工做日")
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.code == "GK140"
    assert "'工做日'" in diagnostic.render("en")
    assert "did you mean '工作日'?" in diagnostic.render("en")
    assert "是否应为“工作日”？" in diagnostic.render("zh")
    with pytest.raises(UsageError, match="did you mean 'workdays'"):
        Period.parse("3 workdyas")


def test_a_unit_nothing_like_a_known_one_lists_the_units() -> None:
    with pytest.raises(UsageError) as info:
        Period.parse("3 fortnights")
    text = info.value.render("en")
    assert "known units:" in text
    assert "工作日" in text


def test_weeks_are_not_a_unit() -> None:
    with pytest.raises(UsageError, match="write 7日 per week"):
        Period.parse("2周")


@pytest.mark.parametrize("text", ["", "工作日", "three days", "-3工作日", "3.5工作日", "3"])
def test_malformed_periods(text: str) -> None:
    with pytest.raises(UsageError) as info:
        Period.parse(text)
    assert info.value.diagnostics[0].code in ("GK141", "GK140")


def test_absurd_periods_are_rejected_clearly() -> None:
    with pytest.raises(UsageError) as info:
        Period.parse("100000工作日")
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.code == "GK142"
    assert "at most 10000 workdays" in diagnostic.render("en")
    assert "最多 10000工作日" in diagnostic.render("zh")
    for unit, limit in PERIOD_LIMITS.items():
        assert Period(limit, unit).amount == limit
        with pytest.raises(UsageError):
            Period(limit + 1, unit)


@pytest.mark.parametrize("amount", [-1, True, 2.0, "3"])
def test_amount_must_be_a_whole_number(amount: object) -> None:
    with pytest.raises(UsageError, match="GK143"):
        Period(amount, Unit.DAYS)  # type: ignore[arg-type]


def test_catalog_templates_agree_in_both_languages() -> None:
    for key in MESSAGES.entries:
        en, zh = MESSAGES.fields(key)
        assert en == zh, key


def test_values_are_picklable() -> None:
    deadline = compute_deadline("2024-02-10", "3工作日", CAL, explain=True)
    assert pickle.loads(pickle.dumps(deadline)) == deadline
    assert pickle.loads(pickle.dumps(deadline)).steps == deadline.steps


# --- instants (C10) --------------------------------------------------------------------------------


def test_to_instant() -> None:
    assert to_instant(date(2024, 5, 1)) == datetime(2024, 5, 1, tzinfo=SHANGHAI)
    assert to_instant(datetime(2024, 5, 1, 10, 15)) == datetime(2024, 5, 1, 10, 15, tzinfo=SHANGHAI)
    aware = datetime(2024, 5, 1, 2, 15, tzinfo=UTC)
    assert to_instant(aware) is aware
    assert to_instant("2024-05-01 10:15") == datetime(2024, 5, 1, 10, 15, tzinfo=SHANGHAI)
    assert to_instant("2024-05-01T02:15Z") == aware
    assert to_instant("2024-05-01") == start_of_day(date(2024, 5, 1))
    assert end_of_day(date(2024, 5, 1)) == datetime(2024, 5, 2, tzinfo=SHANGHAI)
    assert local_day(datetime(2024, 4, 30, 17, 0, tzinfo=UTC)) == date(2024, 5, 1)
    with pytest.raises(UsageError, match="GK144"):
        to_instant("next Tuesday")
    with pytest.raises(UsageError, match="GK144"):
        to_instant(20240501)  # type: ignore[arg-type]


def test_an_aware_trigger_counts_from_its_beijing_day() -> None:
    # 2024-02-09 17:00 UTC is 2024-02-10 01:00 in Beijing: a 春节 day.
    trigger = datetime(2024, 2, 9, 17, 0, tzinfo=UTC)
    assert compute_deadline(trigger, "3工作日", CAL).last_day == date(2024, 2, 20)


# --- working days (C1, C6) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trigger", "period", "expected"),
    [
        # C1: the trigger day is not counted; a weekend is skipped.
        ("2024-01-26", "3工作日", date(2024, 1, 31)),
        # A trigger on a holiday: 2月10日 not counted; 2月18日 (Sun, 调休) is day 1, 19日 day 2, 20日 day 3.
        ("2024-02-10", "3工作日", date(2024, 2, 20)),
        # 2月4日 (Sun) is itself a make-up working day, but as the trigger it still does not count.
        ("2024-02-04", "1工作日", date(2024, 2, 5)),
        # Ending on a make-up Saturday: 10月9日, 10日, 11日 (Sat, 调休).
        ("2025-09-30", "3工作日", date(2025, 10, 11)),
        # 20 working days over 国庆·中秋 2025: 9月28日 (Sun, 调休) is day 1, 10月11日 (Sat) day 6.
        ("2025-09-26", "20工作日", date(2025, 10, 30)),
        # n = 0: the same day (同步).
        ("2024-02-10", "0工作日", date(2024, 2, 10)),
        # 2005-12-31 was a make-up working day (国办发明电〔2005〕35号), which chinese-calendar misses.
        ("2005-12-30", "1工作日", date(2005, 12, 31)),
    ],
)
def test_working_days(trigger: str, period: str, expected: date) -> None:
    deadline = compute_deadline(trigger, period, CAL)
    assert deadline.last_day == expected
    assert deadline.due == end_of_day(expected)
    assert not deadline.provisional


def test_working_days_never_roll_off() -> None:
    deadline = compute_deadline("2025-09-30", "3工作日", CAL, Counting(roll_off=True))
    assert deadline.last_day == date(2025, 10, 11)  # a Saturday, but a working day: no move


def test_count_start_day_counts_the_trigger_as_day_one() -> None:
    counting = Counting(count_start_day=True)
    assert last_day("2024-01-29", "3工作日", counting) == date(2024, 1, 31)
    assert last_day("2024-01-27", "3工作日", counting) == date(
        2024, 1, 31
    )  # Sat: not a working day
    assert last_day("2024-01-29", "0工作日", counting) == date(2024, 1, 29)
    assert last_day("2024-01-29", "3日", counting) == date(2024, 1, 31)


# --- natural days, months, years (C1, C3, C4) ----------------------------------------------------


@pytest.mark.parametrize(
    ("trigger", "period", "expected"),
    [
        ("2024-01-01", "10日", date(2024, 1, 11)),
        # Lands on 国庆 (10月1日) → rolled off to the next working day, 10月9日 (C4).
        ("2025-09-26", "5日", date(2025, 10, 9)),
        # Lands on a make-up Saturday (10月11日): a working day, so no roll-off.
        ("2025-10-01", "10日", date(2025, 10, 11)),
        # Lands on a plain Sunday → Monday.
        ("2024-03-01", "9日", date(2024, 3, 11)),
        # C3: 1月31日 + 1个月 → 2月29日 (leap year), 2月28日 otherwise (a Tuesday: no roll-off).
        ("2024-01-31", "1个月", date(2024, 2, 29)),
        ("2023-01-31", "1个月", date(2023, 2, 28)),
        ("2024-03-15", "1个月", date(2024, 4, 15)),
        # 2月15日 falls in 春节 → rolled off onto 2月18日, a make-up working Sunday.
        ("2024-01-15", "1个月", date(2024, 2, 18)),
        # 2024-03-31 is a Sunday → 4月1日.
        ("2024-01-31", "2个月", date(2024, 4, 1)),
        ("2024-02-29", "1年", date(2025, 2, 28)),
        ("2023-10-01", "1年", date(2024, 10, 8)),  # 国庆 2024: 10月1日–7日 off
    ],
)
def test_natural_periods(trigger: str, period: str, expected: date) -> None:
    assert last_day(trigger, period) == expected


def test_roll_off_can_be_switched_off() -> None:
    assert last_day("2025-09-26", "5日", Counting(roll_off=False)) == date(2025, 10, 1)
    assert last_day("2024-01-31", "2个月", Counting(roll_off=False)) == date(2024, 3, 31)


def test_add_months() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 12, 31), 2) == date(2025, 2, 28)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2024, 5, 15), 0) == date(2024, 5, 15)


# --- hours (C2) ----------------------------------------------------------------------------------------


def test_hours_run_across_a_holiday_from_the_exact_instant() -> None:
    deadline = compute_deadline("2024-05-01 10:15", "48小时", CAL)
    assert deadline.due == datetime(2024, 5, 3, 10, 15, tzinfo=SHANGHAI)
    assert deadline.last_day is None
    assert not deadline.provisional


def test_hours_across_midnight() -> None:
    deadline = compute_deadline(datetime(2024, 3, 1, 22, 0), "3小时", CAL)
    assert deadline.due == datetime(2024, 3, 2, 1, 0, tzinfo=SHANGHAI)
    utc = compute_deadline(datetime(2024, 3, 1, 14, 0, tzinfo=UTC), "24小时", CAL)
    assert utc.due == datetime(2024, 3, 2, 22, 0, tzinfo=SHANGHAI)


def test_hours_do_not_need_the_calendar_years() -> None:
    deadline = compute_deadline("2199-01-01 08:00", "24小时", CAL)
    assert deadline.due == datetime(2199, 1, 2, 8, 0, tzinfo=SHANGHAI)


# --- the end of the last day (C5) ----------------------------------------------------------------------


def test_the_last_day_ends_at_midnight() -> None:
    deadline = compute_deadline("2024-01-26", "3工作日", CAL)
    assert deadline.due == datetime(2024, 2, 1, 0, 0, tzinfo=SHANGHAI)
    assert is_on_time(deadline, datetime(2024, 1, 31, 23, 59, 59))
    assert not is_on_time(deadline, datetime(2024, 2, 1, 0, 0))
    assert is_on_time(deadline, date(2024, 1, 31))  # a date alone is the whole day
    assert not is_on_time(deadline, date(2024, 2, 1))
    assert is_on_time(deadline, "2024-01-31T23:30")


def test_a_cutoff_at_1730() -> None:
    deadline = compute_deadline("2024-01-26", "3工作日", CAL, Counting(cutoff=time(17, 30)))
    assert deadline.due == datetime(2024, 1, 31, 17, 30, tzinfo=SHANGHAI)
    assert is_on_time(deadline, datetime(2024, 1, 31, 17, 29))
    assert not is_on_time(deadline, datetime(2024, 1, 31, 17, 30))
    assert is_on_time(deadline, date(2024, 1, 31))  # a date alone cannot be held to the hour
    assert deadline.describe("zh")[-1] == "期限：1月31日17时30分"
    assert deadline.describe("en")[-1] == "Deadline: 17:30 on 31 January"
    with pytest.raises(UsageError, match="GK150"):
        Counting(cutoff=time(17, 30, tzinfo=SHANGHAI))


def test_an_exclusive_end() -> None:
    deadline = compute_deadline("2024-01-26", "3工作日", CAL, Counting(exclusive=True))
    assert deadline.last_day == date(2024, 1, 31)
    assert deadline.due == datetime(2024, 1, 31, 0, 0, tzinfo=SHANGHAI)
    assert is_on_time(deadline, date(2024, 1, 30))
    assert not is_on_time(deadline, date(2024, 1, 31))
    assert lateness(deadline, date(2024, 1, 31), CAL) == Amount(1, Unit.WORKDAYS)
    assert deadline.describe("zh")[-1] == "期限：1月31日0时（不含当日）"


# --- inverse questions -------------------------------------------------------------------------------


def test_elapsed() -> None:
    assert elapsed("2024-02-08", "2024-02-20", Unit.WORKDAYS, CAL) == Amount(4, Unit.WORKDAYS)
    assert elapsed("2024-02-20", "2024-02-08", Unit.WORKDAYS, CAL) == Amount(-4, Unit.WORKDAYS)
    assert elapsed("2024-02-08", "2024-02-20", Unit.DAYS, CAL) == Amount(12, Unit.DAYS)
    assert elapsed("2024-05-01 10:15", "2024-05-03 11:00", Unit.HOURS, CAL) == Amount(
        48.75, Unit.HOURS
    )
    assert elapsed("2024-01-31", "2024-02-29", Unit.MONTHS, CAL) == Amount(1, Unit.MONTHS)
    assert elapsed("2024-01-31", "2024-02-28", Unit.MONTHS, CAL) == Amount(0, Unit.MONTHS)
    assert elapsed("2024-02-29", "2025-02-28", Unit.YEARS, CAL) == Amount(1, Unit.YEARS)


def test_remaining_and_lateness_in_working_days() -> None:
    deadline = compute_deadline("2024-02-08", "5工作日", CAL)  # 2月9日, 18日, 19日, 20日, 21日
    assert deadline.last_day == date(2024, 2, 21)
    assert remaining(deadline, "2024-02-09 15:00", CAL) == Amount(4, Unit.WORKDAYS)
    assert remaining(deadline, "2024-02-21", CAL) == Amount(0, Unit.WORKDAYS)
    assert remaining(deadline, "2024-02-23", CAL) == Amount(-2, Unit.WORKDAYS)
    assert lateness(deadline, "2024-02-21 23:00", CAL) == Amount(0, Unit.WORKDAYS)
    assert lateness(deadline, "2024-02-23", CAL) == Amount(2, Unit.WORKDAYS)
    assert lateness(deadline, "2024-02-01", CAL) == Amount(0, Unit.WORKDAYS)


def test_remaining_and_lateness_in_other_units() -> None:
    hours = compute_deadline("2024-05-01 10:15", "48小时", CAL)
    assert remaining(hours, "2024-05-02 10:15", CAL) == Amount(24.0, Unit.HOURS)
    assert lateness(hours, "2024-05-03 11:45", CAL) == Amount(1.5, Unit.HOURS)
    assert lateness(hours, "2024-05-03 10:14", CAL) == Amount(0.0, Unit.HOURS)
    month = compute_deadline("2024-01-31", "1个月", CAL)
    assert remaining(month, "2024-02-20", CAL) == Amount(9, Unit.DAYS)
    assert lateness(month, "2024-03-04", CAL) == Amount(4, Unit.DAYS)
    days = compute_deadline("2025-09-26", "5日", CAL)
    assert lateness(days, "2025-10-10", CAL) == Amount(1, Unit.DAYS)
    assert str(Amount(3, Unit.WORKDAYS)) == "3工作日"
    assert Amount(1.5, Unit.HOURS).label("en") == "1.5 hours"


# --- the vectorized form --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "counting"),
    [
        ("3工作日", Counting()),
        ("20工作日", Counting(count_start_day=True)),
        ("5日", Counting()),
        ("5日", Counting(roll_off=False)),
        ("1个月", Counting()),
        ("1年", Counting(count_start_day=True)),
    ],
)
def test_vector_equals_scalar_on_the_hand_checked_triggers(period: str, counting: Counting) -> None:
    triggers = [date(2024, 2, 10), date(2025, 9, 26), date(2024, 1, 31), date(2023, 1, 31)]
    array = np.array([*triggers, None], dtype="datetime64[D]")
    result = compute_deadlines_array(array, period, CAL, counting)
    assert result.dtype == np.dtype("datetime64[D]")
    assert result[:-1].tolist() == [last_day(t.isoformat(), period, counting) for t in triggers]
    assert np.isnat(result[-1])


def test_vector_form_rejects_hours_and_non_dates() -> None:
    with pytest.raises(UsageError, match="GK145"):
        compute_deadlines_array(np.array(["2024-01-01"], dtype="datetime64[D]"), "3小时", CAL)
    with pytest.raises(UsageError, match="GK149"):
        compute_deadlines_array(np.array([1, 2]), "3工作日", CAL)
    empty = compute_deadlines_array(np.array([], dtype="datetime64[D]"), "3工作日", CAL)
    assert empty.shape == (0,)


# --- errors and provisional answers (C7) ----------------------------------------------------------------


def test_out_of_range_dates_raise() -> None:
    last = CAL.last_year
    with pytest.raises(CalendarRangeError):
        compute_deadline(f"{last}-12-20", "20工作日", CAL)
    with pytest.raises(CalendarRangeError):
        compute_deadline("2003-06-01", "3工作日", CAL)
    with pytest.raises(CalendarRangeError):
        compute_deadline(f"{last}-12-30", "5日", CAL)  # the roll-off needs {last + 1}
    with pytest.raises(CalendarRangeError):
        compute_deadlines_array(np.array([f"{last}-12-20"], dtype="datetime64[D]"), "20工作日", CAL)


def test_provisional_deadlines_say_so() -> None:
    provisional = CAL.with_provisional()
    last = CAL.last_year
    deadline = compute_deadline(f"{last}-12-20", "20工作日", provisional, explain=True)
    assert deadline.provisional
    assert deadline.last_day is not None
    assert deadline.last_day.year == last + 1
    assert any(step.kind is StepKind.PROVISIONAL for step in deadline.steps)
    assert any("临时" in line for line in deadline.describe("zh"))
    assert any("provisional" in line for line in deadline.describe("en"))
    inside = compute_deadline(f"{last}-06-01", "20工作日", provisional)
    assert not inside.provisional


# --- explanations -----------------------------------------------------------------------------------------


def test_explanation_around_spring_festival_2024() -> None:
    deadline = compute_deadline("2024-01-27", "3工作日", CAL, explain=True)
    # 1月28日 is a Sunday (a plain weekend), 29–31 are working days.
    assert deadline.describe("zh", event="公开") == [
        "1月27日公开（当日不计）",
        "1月28日为周末，不计",
        "1月29日、1月30日、1月31日为第1–3个工作日",
        "期限：1月31日24时",
    ]
    holiday = compute_deadline("2024-02-08", "3工作日", CAL, explain=True)
    assert holiday.describe("zh") == [
        "2月8日为起算日（当日不计）",
        "2月9日为第1个工作日",
        "2月10日至2月17日为春节假期，不计",
        "2月18日（星期日）为春节调休上班日，计为第2个工作日",
        "2月19日为第3个工作日",
        "期限：2月19日24时",
    ]
    assert holiday.describe("en", event="published") == [
        "8 February: published (that day not counted)",
        "9 February: working day 1",
        "10–17 February: Spring Festival holiday, not counted",
        "Sunday 18 February: a make-up working day (Spring Festival), counted as working day 2",
        "19 February: working day 3",
        "Deadline: 24:00 on 19 February",
    ]


def test_explanation_of_a_trigger_on_a_holiday() -> None:
    deadline = compute_deadline("2024-02-10", "3工作日", CAL, explain=True)
    lines = deadline.describe("zh")
    assert lines[0] == "2月10日为起算日（当日为春节假期，亦不计）"
    assert lines[1] == "2月11日至2月17日为春节假期，不计"
    kinds = [step.kind for step in deadline.steps]
    assert kinds == [
        StepKind.START,
        StepKind.SKIPPED,
        StepKind.MAKEUP_DAY,
        StepKind.COUNTED,
        StepKind.DUE,
    ]


def test_explanation_of_a_roll_off_and_a_month_end() -> None:
    rolled = compute_deadline("2025-09-26", "5日", CAL, explain=True)
    assert rolled.describe("zh") == [
        "9月26日为起算日（当日不计）",
        "9月27日至10月1日为第1–5日",
        "10月1日为国庆节假期，期限顺延至下一个工作日10月9日",
        "期限：10月9日24时",
    ]
    month = compute_deadline("2024-01-31", "1个月", CAL, explain=True)
    assert month.describe("zh")[1] == "2024年2月没有31日，以该月最后一日2月29日为期限末日"
    assert month.describe("en")[1] == (
        "February 2024 has no day 31; the period ends on its last day, 29 February"
    )


def test_long_runs_stay_compact() -> None:
    deadline = compute_deadline("2024-03-01", "250工作日", CAL, explain=True)
    assert len(deadline.steps) < 80
    counted = [s for s in deadline.steps if s.kind in (StepKind.COUNTED, StepKind.MAKEUP_DAY)]
    assert counted[-1].last == 250 or counted[-1].first == 250


def test_explanations_do_not_change_the_result() -> None:
    for trigger, period in [
        ("2024-02-10", "3工作日"),
        ("2025-09-26", "5日"),
        ("2024-05-01 10:15", "48小时"),
    ]:
        plain = compute_deadline(trigger, period, CAL)
        explained = compute_deadline(trigger, period, CAL, explain=True)
        assert plain == explained
        assert plain.steps == ()
        # Without steps, describe() still gives the trigger and the deadline.
        assert plain.describe("zh")[-1] == explained.describe("zh")[-1]


def test_hours_explanation() -> None:
    deadline = compute_deadline("2024-05-01 10:15", "48小时", CAL, explain=True)
    assert deadline.describe("zh") == [
        "自5月1日10时15分起算48小时（节假日照常计算）",
        "期限：5月3日10时15分",
    ]
    assert deadline.describe("en")[0] == "48 hours counted from 10:15 on 1 May, holidays included"


def test_due_is_in_beijing_time() -> None:
    deadline = compute_deadline(datetime(2024, 1, 26, 20, tzinfo=UTC), "1工作日", CAL)
    # 20:00 UTC on the 26th is 04:00 on Saturday the 27th in Beijing: day 1 is Monday the 29th.
    assert deadline.last_day == date(2024, 1, 29)
    assert deadline.due is not None
    assert deadline.due.utcoffset() == timedelta(hours=8)
