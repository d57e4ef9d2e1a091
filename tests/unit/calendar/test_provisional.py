"""Provisional years: the statutory holidays of the 2024 rules, from a lunar table checked here."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from gkrules.calendar.provisional import (
    LUNAR_DATES,
    lunar_holiday_dates,
    qingming,
    statutory_holidays,
)

PACKAGE_HOLIDAYS = chinese_calendar.constants.holidays
PACKAGE_YEARS = range(2004, max(PACKAGE_HOLIDAYS).year + 1)

#: 春节 (正月初一) as published in almanacs, a check independent of any code.
KNOWN_SPRING_FESTIVALS = {
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
    2033: date(2033, 1, 31),
    2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
}


def test_the_table_covers_2004_to_2099() -> None:
    assert sorted(LUNAR_DATES) == list(range(2004, 2100))


@pytest.mark.parametrize("year", PACKAGE_YEARS)
def test_lunar_dates_agree_with_the_package_holidays(year: int) -> None:
    spring, dragon_boat, mid_autumn = lunar_holiday_dates(year)
    assert PACKAGE_HOLIDAYS.get(spring) == "Spring Festival"
    if year >= 2008:  # 清明, 端午 and 中秋 became holidays in 2008
        # The package leaves some weekend days of a holiday run unnamed (2011-06-05, 2012-06-23):
        # the day is a rest day and its run is named.
        for day, name in (
            (dragon_boat, "Dragon Boat Festival"),
            (mid_autumn, "Mid-autumn Festival"),
            (qingming(year), "Tomb-sweeping Day"),
        ):
            assert not chinese_calendar.is_workday(day)
            near = {PACKAGE_HOLIDAYS.get(day + timedelta(days=k)) for k in (-1, 0, 1)}
            assert name in near or (name == "Mid-autumn Festival" and "National Day" in near)


def test_lunar_dates_agree_with_almanacs() -> None:
    for year, spring in KNOWN_SPRING_FESTIVALS.items():
        assert lunar_holiday_dates(year)[0] == spring


def test_lunar_dates_agree_with_lunardate() -> None:
    lunardate = pytest.importorskip("lunardate")
    for year in LUNAR_DATES:
        expected = tuple(
            lunardate.LunarDate(year, month, day).to_solar_date()
            for month, day in ((1, 1), (5, 5), (8, 15))
        )
        assert lunar_holiday_dates(year) == expected, year


def test_lunar_dates_are_plausible_for_every_year() -> None:
    for year in LUNAR_DATES:
        spring, dragon_boat, mid_autumn = lunar_holiday_dates(year)
        assert date(year, 1, 21) <= spring <= date(year, 2, 20)
        assert date(year, 5, 25) <= dragon_boat <= date(year, 6, 25)
        assert date(year, 9, 7) <= mid_autumn <= date(year, 10, 8)
        if year + 1 in LUNAR_DATES:
            length = (lunar_holiday_dates(year + 1)[0] - spring).days
            assert length in (353, 354, 355, 383, 384, 385)


def test_2027_statutory_holidays() -> None:
    assert statutory_holidays(2027) == (
        (date(2027, 1, 1), "元旦"),
        (date(2027, 2, 5), "春节"),  # 除夕
        (date(2027, 2, 6), "春节"),
        (date(2027, 2, 7), "春节"),
        (date(2027, 2, 8), "春节"),
        (date(2027, 4, 5), "清明节"),
        (date(2027, 5, 1), "劳动节"),
        (date(2027, 5, 2), "劳动节"),
        (date(2027, 6, 9), "端午节"),
        (date(2027, 9, 15), "中秋节"),
        (date(2027, 10, 1), "国庆节"),
        (date(2027, 10, 2), "国庆节"),
        (date(2027, 10, 3), "国庆节"),
    )


def test_every_year_has_thirteen_holiday_days_unless_mid_autumn_meets_national_day() -> None:
    for year in range(2027, 2100):
        days = statutory_holidays(year)
        merged = [name for _, name in days if "、" in name]
        assert len(days) == 13 - len(merged)
        spring = lunar_holiday_dates(year)[0]
        assert [day for day, name in days if name == "春节"] == [
            spring + timedelta(days=offset) for offset in range(-1, 3)
        ]
