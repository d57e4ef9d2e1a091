"""The working-day calendar: which days are 工作日, and counting them fast and exactly.

::

    from datetime import date
    from gkrules.calendar import default_calendar

    calendar = default_calendar()
    calendar.add_workdays(date(2024, 2, 8), 3)   # date(2024, 2, 19): 春节 and the weekend skipped
    calendar.workdays_between(date(2024, 2, 8), date(2024, 2, 19))   # 3

The bundled data is the ``chinese-calendar`` package's (2004 through its last year) plus
``data/corrections.toml``; calendar files add next year's notice or regional holidays
(docs/calendar-files.md).  Dates outside the known years raise
:class:`~gkrules.errors.CalendarRangeError` unless provisional answers are asked for (C7).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable

from gkrules.calendar.clock import Extension, Pause, clock_deadline
from gkrules.calendar.core import WorkdayCalendar, build_calendar
from gkrules.calendar.data import CalendarSource, DayInfo, DayKind
from gkrules.calendar.periods import (
    PERIOD_LIMITS,
    SHANGHAI,
    UNIT_ALIASES,
    Amount,
    Counting,
    Deadline,
    Period,
    Suspension,
    Unit,
    compute_deadline,
    compute_deadlines_array,
    elapsed,
    is_on_time,
    lateness,
    remaining,
    to_instant,
)
from gkrules.calendar.steps import Step, StepKind

__all__ = [
    "PERIOD_LIMITS",
    "SHANGHAI",
    "UNIT_ALIASES",
    "Amount",
    "CalendarSource",
    "Counting",
    "DayInfo",
    "DayKind",
    "Deadline",
    "Extension",
    "Pause",
    "Period",
    "Step",
    "StepKind",
    "Suspension",
    "Unit",
    "WorkdayCalendar",
    "clock_deadline",
    "compute_deadline",
    "compute_deadlines_array",
    "default_calendar",
    "elapsed",
    "is_on_time",
    "lateness",
    "load_calendar",
    "remaining",
    "to_instant",
]


@functools.cache
def default_calendar() -> WorkdayCalendar:
    """The bundled calendar (chinese-calendar data plus corrections), built on first use and cached.

    It is not provisional: a date outside its years raises
    :class:`~gkrules.errors.CalendarRangeError`.  Use :func:`load_calendar` or
    :meth:`WorkdayCalendar.with_files` / :meth:`WorkdayCalendar.with_provisional` for others.
    """
    return build_calendar()


def load_calendar(
    files: Iterable[str | os.PathLike[str]] = (), *, provisional: bool = False
) -> WorkdayCalendar:
    """The bundled calendar plus calendar *files* (applied in order), optionally provisional.

    Raises :class:`~gkrules.errors.CalendarFileError` when a file is malformed or does not fit.
    """
    files = tuple(files)
    if not files:
        return default_calendar().with_provisional(provisional)
    return build_calendar(files, provisional=provisional)
