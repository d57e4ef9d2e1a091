"""Provisional answers for years without a notice: weekends plus the statutory holidays.

The 全国年节及纪念日放假办法 (2024 revision, 国务院令第795号, in force from 2025) fixes the
statutory holidays: 元旦 1 day (1月1日), 春节 4 days (除夕 through 正月初三), 清明节 1 day (the
清明 solar term), 劳动节 2 days (5月1日、2日), 端午节 1 day (五月初五), 中秋节 1 day (八月十五),
国庆节 3 days (10月1日至3日).  The yearly notice then adds the weekend 调休 swaps, which cannot be
foreseen, so provisional years have none: a provisional answer is a floor on the rest days,
marked provisional wherever it is used (C7).

Lunar dates come from :data:`LUNAR_DATES`, a table generated once (with the ``lunardate``
package) and checked by tests/unit/calendar/test_provisional.py:
against chinese-calendar's holidays for 2004–2026 and, where installed, against ``lunardate`` for
every year.  A table keeps gkrules free of a GPL runtime dependency.  The 清明 solar term comes
from chinese-calendar's own solar-term formula (valid 1900–2100).
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

__all__ = ["LUNAR_DATES", "PROVISIONAL_SOURCE", "lunar_holiday_dates", "statutory_holidays"]

#: The source cited for a provisional holiday.
PROVISIONAL_SOURCE = "全国年节及纪念日放假办法（2024年修订，国务院令第795号）"

#: year → (month, day) of 正月初一, 五月初五 and 八月十五, for 2004–2099.
LUNAR_DATES: dict[int, tuple[int, int, int, int, int, int]] = {
    2004: (1, 22, 6, 22, 9, 28),
    2005: (2, 9, 6, 11, 9, 18),
    2006: (1, 29, 5, 31, 10, 6),
    2007: (2, 18, 6, 19, 9, 25),
    2008: (2, 7, 6, 8, 9, 14),
    2009: (1, 26, 5, 28, 10, 3),
    2010: (2, 14, 6, 16, 9, 22),
    2011: (2, 3, 6, 6, 9, 12),
    2012: (1, 23, 6, 23, 9, 30),
    2013: (2, 10, 6, 12, 9, 19),
    2014: (1, 31, 6, 2, 9, 8),
    2015: (2, 19, 6, 20, 9, 27),
    2016: (2, 8, 6, 9, 9, 15),
    2017: (1, 28, 5, 30, 10, 4),
    2018: (2, 16, 6, 18, 9, 24),
    2019: (2, 5, 6, 7, 9, 13),
    2020: (1, 25, 6, 25, 10, 1),
    2021: (2, 12, 6, 14, 9, 21),
    2022: (2, 1, 6, 3, 9, 10),
    2023: (1, 22, 6, 22, 9, 29),
    2024: (2, 10, 6, 10, 9, 17),
    2025: (1, 29, 5, 31, 10, 6),
    2026: (2, 17, 6, 19, 9, 25),
    2027: (2, 6, 6, 9, 9, 15),
    2028: (1, 26, 5, 28, 10, 3),
    2029: (2, 13, 6, 16, 9, 22),
    2030: (2, 3, 6, 5, 9, 12),
    2031: (1, 23, 6, 24, 10, 1),
    2032: (2, 11, 6, 12, 9, 19),
    2033: (1, 31, 6, 1, 9, 8),
    2034: (2, 19, 6, 20, 9, 27),
    2035: (2, 8, 6, 10, 9, 16),
    2036: (1, 28, 5, 30, 10, 4),
    2037: (2, 15, 6, 18, 9, 24),
    2038: (2, 4, 6, 7, 9, 13),
    2039: (1, 24, 5, 27, 10, 2),
    2040: (2, 12, 6, 14, 9, 20),
    2041: (2, 1, 6, 3, 9, 10),
    2042: (1, 22, 6, 22, 9, 28),
    2043: (2, 10, 6, 11, 9, 17),
    2044: (1, 30, 5, 31, 10, 5),
    2045: (2, 17, 6, 19, 9, 25),
    2046: (2, 6, 6, 8, 9, 15),
    2047: (1, 26, 5, 29, 10, 4),
    2048: (2, 14, 6, 15, 9, 22),
    2049: (2, 2, 6, 4, 9, 11),
    2050: (1, 23, 6, 23, 9, 30),
    2051: (2, 11, 6, 13, 9, 19),
    2052: (2, 1, 6, 1, 9, 7),
    2053: (2, 19, 6, 20, 9, 26),
    2054: (2, 8, 6, 10, 9, 16),
    2055: (1, 28, 5, 30, 10, 5),
    2056: (2, 15, 6, 17, 9, 24),
    2057: (2, 4, 6, 6, 9, 13),
    2058: (1, 24, 6, 25, 10, 2),
    2059: (2, 12, 6, 14, 9, 21),
    2060: (2, 2, 6, 3, 9, 9),
    2061: (1, 21, 6, 22, 9, 28),
    2062: (2, 9, 6, 11, 9, 17),
    2063: (1, 29, 6, 1, 10, 6),
    2064: (2, 17, 6, 19, 9, 25),
    2065: (2, 5, 6, 8, 9, 15),
    2066: (1, 26, 5, 28, 10, 3),
    2067: (2, 14, 6, 16, 9, 23),
    2068: (2, 3, 6, 4, 9, 11),
    2069: (1, 23, 6, 23, 9, 29),
    2070: (2, 11, 6, 13, 9, 19),
    2071: (1, 31, 6, 2, 9, 8),
    2072: (2, 19, 6, 20, 9, 26),
    2073: (2, 7, 6, 10, 9, 16),
    2074: (1, 27, 5, 30, 10, 5),
    2075: (2, 15, 6, 17, 9, 24),
    2076: (2, 5, 6, 6, 9, 12),
    2077: (1, 24, 6, 24, 10, 1),
    2078: (2, 12, 6, 14, 9, 20),
    2079: (2, 2, 6, 4, 9, 10),
    2080: (1, 22, 6, 22, 9, 28),
    2081: (2, 9, 6, 11, 9, 17),
    2082: (1, 29, 6, 1, 10, 6),
    2083: (2, 17, 6, 19, 9, 26),
    2084: (2, 6, 6, 7, 9, 14),
    2085: (1, 26, 5, 27, 10, 3),
    2086: (2, 14, 6, 15, 9, 22),
    2087: (2, 3, 6, 5, 9, 11),
    2088: (1, 24, 6, 23, 9, 29),
    2089: (2, 10, 6, 13, 9, 18),
    2090: (1, 30, 6, 2, 9, 8),
    2091: (2, 18, 6, 21, 9, 27),
    2092: (2, 7, 6, 9, 9, 16),
    2093: (1, 27, 5, 29, 10, 5),
    2094: (2, 15, 6, 17, 9, 24),
    2095: (2, 5, 6, 6, 9, 13),
    2096: (1, 25, 6, 24, 9, 30),
    2097: (2, 12, 6, 14, 9, 20),
    2098: (2, 1, 6, 4, 9, 9),
    2099: (1, 21, 6, 23, 9, 29),
}


def lunar_holiday_dates(year: int) -> tuple[date, date, date]:
    """(正月初一, 端午 五月初五, 中秋 八月十五) of *year* in the Gregorian calendar."""
    m1, d1, m5, d5, m8, d8 = LUNAR_DATES[year]
    return date(year, m1, d1), date(year, m5, d5), date(year, m8, d8)


def qingming(year: int) -> date:
    """The day of the 清明 solar term in *year* (China Standard Time)."""
    from chinese_calendar import get_solar_terms

    terms = get_solar_terms(date(year, 4, 1), date(year, 4, 30))
    for day, name in terms:
        if name == "清明":
            return date(day.year, day.month, day.day)
    raise LookupError(f"no 清明 solar term found in April {year}")  # pragma: no cover


@functools.cache
def statutory_holidays(year: int) -> tuple[tuple[date, str], ...]:
    """The statutory holidays of *year* under the 2024 rules, without 调休, sorted by date."""
    spring, dragon_boat, mid_autumn = lunar_holiday_dates(year)
    days: list[tuple[date, str]] = [(date(year, 1, 1), "元旦")]
    days += [(spring + timedelta(days=offset), "春节") for offset in range(-1, 3)]
    days.append((qingming(year), "清明节"))
    days += [(date(year, 5, 1), "劳动节"), (date(year, 5, 2), "劳动节")]
    days.append((dragon_boat, "端午节"))
    days.append((mid_autumn, "中秋节"))
    days += [(date(year, 10, day), "国庆节") for day in (1, 2, 3)]
    # 中秋 can fall on 10月1日–3日 (it did in 2001 and 2020): the day is one holiday, named for both.
    merged: dict[date, str] = {}
    for day, name in days:
        merged[day] = f"{merged[day]}、{name}" if day in merged else name
    return tuple(sorted(merged.items()))
