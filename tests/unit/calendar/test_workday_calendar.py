"""The working-day calendar: hand-checked dates, C1 counting, ranges and errors, array forms."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta

import chinese_calendar
import numpy as np
import pytest

from gkrules.calendar import DayKind, default_calendar, load_calendar
from gkrules.errors import CalendarRangeError

CAL = default_calendar()


def days(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# ---------------------------------------------------------------- hand-checked days


@pytest.mark.parametrize(
    ("holidays", "makeups"),
    [
        # 2024 春节 (国办发明电〔2023〕7号): 2月10日至17日放假，2月4日（星期日）、2月18日（星期日）上班.
        (days("2024-02-10", "2024-02-17"), [date(2024, 2, 4), date(2024, 2, 18)]),
        # 2025 国庆节、中秋节 (国办发明电〔2024〕12号): 10月1日至8日放假，9月28日（星期日）、10月11日（星期六）上班.
        (days("2025-10-01", "2025-10-08"), [date(2025, 9, 28), date(2025, 10, 11)]),
    ],
)
def test_holiday_runs_and_makeup_days(holidays: list[date], makeups: list[date]) -> None:
    for day in holidays:
        assert not CAL.is_workday(day), day
        assert CAL.day_info(day).kind is DayKind.HOLIDAY
        assert not chinese_calendar.is_workday(day)
    for day in makeups:
        assert day.weekday() >= 5
        assert CAL.is_workday(day), day
        assert CAL.day_info(day).kind is DayKind.MAKEUP_WORKDAY
        assert chinese_calendar.is_workday(day)
    before, after = holidays[0] - timedelta(days=1), holidays[-1] + timedelta(days=1)
    assert CAL.is_workday(before) or before.weekday() >= 5
    assert CAL.is_workday(after) or after.weekday() >= 5


def test_day_info_names_and_sources() -> None:
    info = CAL.day_info(date(2024, 2, 12))
    assert (info.kind, info.name, info.provisional) == (DayKind.HOLIDAY, "春节", False)
    assert info.source is not None
    assert info.source.startswith("chinese-calendar ")
    assert CAL.day_info(date(2024, 2, 4)).name == "春节"
    assert CAL.day_info(date(2025, 10, 6)).name == "中秋节"
    assert CAL.day_info(date(2024, 3, 4)).kind is DayKind.WORKDAY
    assert CAL.day_info(date(2024, 3, 2)).kind is DayKind.WEEKEND
    assert CAL.day_info(date(2024, 3, 2)).source == info.source


def test_corrected_day_cites_its_notice() -> None:
    info = CAL.day_info(date(2005, 12, 31))
    assert info.kind is DayKind.MAKEUP_WORKDAY
    assert info.source == "国办发明电〔2005〕35号"
    assert CAL.is_workday(date(2005, 12, 31))


# ---------------------------------------------------------------- counting (C1)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Thursday before 春节 2024: Fri 9th, then 10th–18th skipped… 18th is a make-up Sunday.
        ("2024-02-08", 1, "2024-02-09"),
        ("2024-02-08", 2, "2024-02-18"),
        ("2024-02-08", 3, "2024-02-19"),
        # A trigger on a holiday: the day itself never counts (C1).
        ("2024-02-12", 1, "2024-02-18"),
        ("2024-02-12", 3, "2024-02-20"),
        # A trigger on a make-up working day does not count either.
        ("2024-02-04", 1, "2024-02-05"),
        # 2025 国庆: 9月30日 then the 8-day break, 10月9日 Thu, 10日 Fri, 11日 make-up Saturday.
        ("2025-09-30", 1, "2025-10-09"),
        ("2025-09-30", 3, "2025-10-11"),
        ("2025-09-27", 1, "2025-09-28"),
        # 20 工作日 from a Monday in an ordinary stretch: four weeks later.
        ("2024-03-04", 20, "2024-04-01"),
        # n = 0 is the day itself, whatever it is.
        ("2024-02-12", 0, "2024-02-12"),
        # Negative n: the |n|-th working day strictly before.
        ("2024-02-19", -1, "2024-02-18"),
        ("2024-02-18", -1, "2024-02-09"),
        ("2025-10-09", -1, "2025-09-30"),
        ("2004-01-05", -1, "2004-01-02"),
    ],
)
def test_add_workdays(start: str, n: int, expected: str) -> None:
    assert CAL.add_workdays(date.fromisoformat(start), n) == date.fromisoformat(expected)


def test_workdays_between_is_half_open_and_antisymmetric() -> None:
    a, b = date(2024, 2, 8), date(2024, 2, 19)
    assert CAL.workdays_between(a, b) == 3
    assert CAL.workdays_between(b, a) == -3
    assert CAL.workdays_between(a, a) == 0
    # (a, b] with b a holiday: the holiday does not count.
    assert CAL.workdays_between(date(2024, 2, 9), date(2024, 2, 17)) == 0


def test_next_workday_rolls_off_rest_days() -> None:
    assert CAL.next_workday(date(2024, 2, 12)) == date(2024, 2, 18)
    assert CAL.next_workday(date(2024, 2, 18)) == date(2024, 2, 18)
    assert CAL.next_workday(date(2024, 3, 2)) == date(2024, 3, 4)


def test_datetimes_are_taken_as_their_day() -> None:
    assert CAL.is_workday(datetime(2024, 2, 18, 9, 30))
    assert CAL.add_workdays(datetime(2024, 2, 8, 23, 59), 1) == date(2024, 2, 9)
    assert type(CAL.add_workdays(datetime(2024, 2, 8, 23, 59), 0)) is date


def test_rest_runs_name_their_holidays() -> None:
    runs = CAL.rest_runs(date(2024, 2, 5), date(2024, 2, 20))
    assert runs == [(date(2024, 2, 10), date(2024, 2, 17), "春节")]
    runs = CAL.rest_runs(date(2025, 9, 26), date(2025, 10, 12))
    assert runs == [
        (date(2025, 9, 27), date(2025, 9, 27), None),
        (date(2025, 10, 1), date(2025, 10, 8), "国庆节、中秋节"),
        (date(2025, 10, 12), date(2025, 10, 12), None),
    ]
    # Clipped to the range asked.
    assert CAL.rest_runs(date(2024, 2, 12), date(2024, 2, 13)) == [
        (date(2024, 2, 12), date(2024, 2, 13), "春节")
    ]


# ---------------------------------------------------------------- range


def test_range_is_2004_through_the_package_years() -> None:
    assert CAL.first_year == 2004
    assert CAL.last_year == max(chinese_calendar.constants.holidays).year
    assert not CAL.provisional


def test_a_date_after_the_data_raises_with_how_to_fix() -> None:
    with pytest.raises(CalendarRangeError) as caught:
        CAL.is_workday(date(2027, 1, 4))
    text = caught.value.render("en")
    assert "error[GK101]: no working-day data for 2027 (2027-01-04)" in text
    assert "2004–2026" in text
    assert "--calendar FILE" in text
    assert "docs/calendar-files.md" in text
    zh = caught.value.render("zh")
    assert "缺少 2027 年的工作日数据" in zh
    assert "docs/calendar-files.md" in zh


def test_a_date_before_2004_raises() -> None:
    with pytest.raises(CalendarRangeError, match=r"GK102.*2003 \(2003-12-31\) is before 2004"):
        CAL.add_workdays(date(2003, 12, 31), 1)


def test_counting_out_of_the_data_raises_naming_the_year() -> None:
    # The example: 20 working days after 2026-12-20 must not pass silently.
    with pytest.raises(CalendarRangeError, match=r"GK103.*\+20 working days from 2026-12-20.*2027"):
        CAL.add_workdays(date(2026, 12, 20), 20)
    with pytest.raises(CalendarRangeError, match="GK102"):
        CAL.add_workdays(date(2004, 1, 5), -2)
    assert CAL.add_workdays(date(2026, 12, 30), 1) == date(2026, 12, 31)


def test_wrong_argument_types_raise_type_error() -> None:
    with pytest.raises(TypeError, match=r"datetime\.date"):
        CAL.is_workday("2024-01-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="integer"):
        CAL.add_workdays(date(2024, 1, 1), "3")  # type: ignore[arg-type]


# ---------------------------------------------------------------- provisional


def test_provisional_2027_uses_the_statutory_holidays_only() -> None:
    cal = load_calendar(provisional=True)
    assert cal.provisional
    assert cal.last_year == 2026
    # 2027 春节: 除夕 2月5日 (Friday) through 正月初三 2月8日 (Monday); no 调休.
    for day in days("2027-02-05", "2027-02-08"):
        info = cal.day_info(day)
        assert info.kind is DayKind.HOLIDAY
        assert info.name == "春节"
        assert info.provisional
    assert cal.is_workday(date(2027, 2, 9))
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.day_info(date(2027, 3, 1)).provisional
    deadline = cal.add_workdays(date(2026, 12, 20), 20)
    assert deadline == date(2027, 1, 18)
    assert cal.uses_provisional(date(2026, 12, 20), deadline)
    assert not cal.uses_provisional(date(2026, 1, 1), date(2026, 12, 31))
    assert cal.is_provisional(date(2027, 1, 4))
    assert not cal.is_provisional(date(2026, 12, 31))
    with pytest.raises(CalendarRangeError, match="provisional answers reach only 2099"):
        cal.is_workday(date(2100, 1, 1))


def test_with_provisional_toggles_and_shares_data() -> None:
    assert CAL.with_provisional(False) is CAL
    again = CAL.with_provisional().with_provisional(False)
    assert again == CAL
    with pytest.raises(CalendarRangeError):
        again.is_workday(date(2027, 1, 4))


def test_calendars_pickle() -> None:
    again = pickle.loads(pickle.dumps(CAL))
    assert again.add_workdays(date(2024, 2, 8), 3) == date(2024, 2, 19)


# ---------------------------------------------------------------- arrays


def test_array_forms_match_scalars() -> None:
    starts = np.array(
        ["2024-02-08", "2024-02-12", "2025-09-30", "2005-12-30"], dtype="datetime64[D]"
    )
    assert CAL.is_workday_array(starts).tolist() == [True, False, True, True]
    result = CAL.add_workdays_array(starts, 3)
    assert result.dtype == np.dtype("datetime64[D]")
    assert result.tolist() == [CAL.add_workdays(d, 3) for d in starts.tolist()]
    steps = np.array([0, -2, 5, 1])
    assert CAL.add_workdays_array(starts, steps).tolist() == [
        CAL.add_workdays(d, int(n)) for d, n in zip(starts.tolist(), steps.tolist(), strict=True)
    ]
    ends = CAL.add_workdays_array(starts, 10)
    assert CAL.workdays_between_array(starts, ends).tolist() == [10, 10, 10, 10]
    assert CAL.workdays_between_array(ends, starts).dtype == np.int64


def test_array_forms_raise_for_the_first_offending_element() -> None:
    good = np.array(["2024-01-02", "2027-03-01", "2003-01-01"], dtype="datetime64[D]")
    with pytest.raises(CalendarRangeError, match="2027"):
        CAL.is_workday_array(good)
    with pytest.raises(CalendarRangeError, match="GK101"):
        CAL.workdays_between_array(good[:1], good[1:2])
    late = np.array(["2024-01-02", "2026-12-20"], dtype="datetime64[D]")
    with pytest.raises(CalendarRangeError, match=r"GK103.*2026-12-20"):
        CAL.add_workdays_array(late, 20)
    with pytest.raises(CalendarRangeError, match=r"GK102"):
        CAL.add_workdays_array(np.array(["2004-01-05"], dtype="datetime64[D]"), np.array([-3]))


def test_empty_arrays() -> None:
    empty = np.array([], dtype="datetime64[D]")
    assert CAL.is_workday_array(empty).shape == (0,)
    assert CAL.add_workdays_array(empty, np.array([], dtype=np.int64)).shape == (0,)
