"""The to-do list: obligations still open as of an instant, soonest deadline first.

An item is a pending verdict (its deadline is still ahead) or, unless left out, a violated one that
nothing has fulfilled yet (未完成: overdue, still to be done).  For each item the list says how much
time is left — working days for day-based deadlines, hours for hour-based ones — and what share of
the obligation's whole time that is; an item with less than the *at-risk* share left (default
20%) is *at risk*.

The whole time runs from the trigger (or, for window and yearly rules, the window's first day) to
the deadline.  The time left comes from the verdict itself when it has it (a paused clock keeps
what it had when it stopped), else from the calendar.

::

    items = open_items(report, calendar, within=Period.parse("5工作日"), at_risk=0.2)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from attrs import frozen

from gkrules.calendar.core import WorkdayCalendar
from gkrules.calendar.instants import SHANGHAI, local_day
from gkrules.calendar.periods import Counting, Period, Unit, compute_deadline
from gkrules.engine.report import Report
from gkrules.engine.verdicts import Status, Verdict
from gkrules.errors import CalendarRangeError
from gkrules.reports.common import verdicts_with_units

__all__ = ["DEFAULT_AT_RISK", "DueItem", "assess", "open_items", "window_start"]

#: An item with less than this share of its time left is at risk.
DEFAULT_AT_RISK = 0.2

_WINDOW = re.compile(r"(\d{4})(?:-(Q[1-4]|H[12]|\d{2}))?")


@frozen
class DueItem:
    """One open obligation: the verdict and what the to-do list says about its time."""

    verdict: Verdict
    #: The deadline is over and nothing fulfilled it (未完成).
    overdue: bool
    #: Working days in (as-of day, last day]: 0 on the last day, negative once overdue.  ``None``
    #: for hour-based deadlines, or when the last day lies beyond the calendar's data.
    workdays_left: int | None
    #: Natural days in (as-of day, last day] (day-based deadlines), else ``None``.
    days_left: int | None
    #: Hours until the deadline (hour-based deadlines), else ``None``.
    hours_left: float | None
    #: The share of the whole time still left (0–1), when the start is known.
    share_left: float | None
    at_risk: bool
    #: The unit the summary counts it under (the key's, else the triggering row's).
    unit: str | None = None

    @property
    def due(self) -> dt.datetime | None:
        return self.verdict.due


def window_start(label: str | None) -> dt.date | None:
    """The first day of a window label: ``2021`` → 2021-01-01, ``2021-Q3`` → 2021-07-01,
    ``2021-H2`` → 2021-07-01, ``2021-06`` → 2021-06-01; ``None`` for anything else."""
    if label is None:
        return None
    match = _WINDOW.fullmatch(label.strip())
    if match is None:
        return None
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        return dt.date(year, 1, 1)
    if part.startswith("Q"):
        return dt.date(year, (int(part[1]) - 1) * 3 + 1, 1)
    if part.startswith("H"):
        return dt.date(year, 1 if part == "H1" else 7, 1)
    month = int(part)
    return dt.date(year, month, 1) if 1 <= month <= 12 else None


def _start_day(verdict: Verdict) -> dt.date | None:
    if verdict.trigger is not None:
        return local_day(verdict.trigger)
    start = window_start(verdict.window)
    if start is not None and isinstance(verdict.deadline, dt.date):
        deadline = (
            verdict.deadline.date()
            if isinstance(verdict.deadline, dt.datetime)
            else verdict.deadline
        )
        if start <= deadline:
            return start
    return None


def _workdays(calendar: WorkdayCalendar, a: dt.date, b: dt.date) -> int | None:
    try:
        return calendar.workdays_between(a, b)
    except CalendarRangeError:
        return None


def assess(
    verdict: Verdict,
    as_of: dt.datetime,
    calendar: WorkdayCalendar,
    at_risk: float = DEFAULT_AT_RISK,
    unit: str | None = None,
) -> DueItem:
    """The to-do facts of one open *verdict* as of *as_of* (*unit*: see :attr:`DueItem.unit`)."""
    overdue = verdict.status is Status.VIOLATED
    deadline = verdict.deadline
    workdays_left = days_left = None
    hours_left = share = None
    if isinstance(deadline, dt.datetime):
        hours_left = round((deadline - as_of).total_seconds() / 3600, 2)
        if verdict.trigger is not None:
            total = (deadline - _instant(verdict.trigger)).total_seconds() / 3600
            share = _share(hours_left, total)
    elif isinstance(deadline, dt.date):
        today = as_of.astimezone(SHANGHAI).date()
        workdays_left = _workdays(calendar, today, deadline)
        days_left = (deadline - today).days
        start = _start_day(verdict)
        by_workdays = verdict.remaining is not None and verdict.remaining.unit is Unit.WORKDAYS
        if start is not None:
            if by_workdays and workdays_left is not None:
                left: float | None = workdays_left
                if verdict.remaining is not None and not overdue:
                    left = float(verdict.remaining.value)
                whole = _workdays(calendar, start, deadline)
            else:
                left, whole = days_left, (deadline - start).days
            if left is not None and whole is not None:
                share = _share(float(left), float(whole))
    elif verdict.remaining is not None and verdict.remaining.unit is Unit.WORKDAYS:
        # A paused clock: no deadline yet, but the verdict knows what is left.
        workdays_left = int(verdict.remaining.value)
    risky = (not overdue) and share is not None and share < at_risk
    return DueItem(verdict, overdue, workdays_left, days_left, hours_left, share, risky, unit)


def _instant(value: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day, tzinfo=SHANGHAI)


def _share(left: float, whole: float) -> float:
    if whole <= 0:
        return 0.0
    return max(0.0, min(1.0, left / whole))


def is_open(verdict: Verdict) -> bool:
    """Pending, or violated with a deadline and nothing done yet (未完成)."""
    if verdict.status is Status.PENDING:
        return True
    return (
        verdict.status is Status.VIOLATED
        and not verdict.done_late
        and verdict.fulfilled is None
        and verdict.deadline is not None
    )


def open_items(
    report: Report,
    calendar: WorkdayCalendar,
    *,
    within: Period | None = None,
    at_risk: float = DEFAULT_AT_RISK,
    overdue: bool = True,
    rules: Iterable[str] | None = None,
) -> tuple[DueItem, ...]:
    """The open obligations of *report*, soonest deadline first (overdue ones lead).

    *within* keeps the items due no later than that period after the as-of instant, counted like a
    rule's period (``5工作日``: by 24:00 of the fifth working day after the as-of day); items with
    no deadline yet (a paused clock) are then left out.  *overdue* ``False`` leaves out 未完成 items.
    """
    statuses = [Status.PENDING, Status.VIOLATED] if overdue else [Status.PENDING]
    limit = _limit(report.as_of, within, calendar) if within is not None else None
    items: list[DueItem] = []
    wanted = set(rules) if rules is not None else None
    for verdict, unit in verdicts_with_units(report, statuses):
        if wanted is not None and verdict.rule not in wanted:
            continue
        if not is_open(verdict):
            continue
        if limit is not None and (verdict.due is None or verdict.due > limit):
            continue
        items.append(assess(verdict, report.as_of, calendar, at_risk, unit))
    order = {rule: index for index, rule in enumerate(report.rules)}
    items.sort(key=lambda item: _order(item, order))
    return tuple(items)


def _limit(as_of: dt.datetime, within: Period, calendar: WorkdayCalendar) -> dt.datetime:
    deadline = compute_deadline(as_of, within, calendar, Counting(roll_off=False))
    assert deadline.due is not None
    return deadline.due


def _order(item: DueItem, rules: dict[str, int]) -> tuple[object, ...]:
    verdict = item.verdict
    due = verdict.due
    return (
        due is None,
        due.timestamp() if due is not None else 0.0,
        rules.get(verdict.rule, 0),
        tuple((name, value or "") for name, value in verdict.key),
    )
