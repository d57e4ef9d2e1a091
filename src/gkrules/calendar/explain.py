"""Explanations of deadlines: the calendar walked day by day into compact :class:`Step` runs.

Only built when asked for (``explain=True``): the hot path never imports or runs this module's
code.  The facts are worded by :func:`gkrules.calendar.steps.describe_steps`.
"""

from __future__ import annotations

import weakref
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from gkrules.calendar.periods import Counting, Period, Unit, add_months, local_day
from gkrules.calendar.steps import Step, StepKind

if TYPE_CHECKING:
    from gkrules.calendar.core import WorkdayCalendar

__all__ = ["due_step", "explain_days", "start_step"]

_ONE_DAY = timedelta(days=1)


def start_step(
    start: datetime, period: Period, counting: Counting, name: str | None = None
) -> Step:
    """The trigger; *name*: the holiday the trigger day falls in (it is not counted anyway, C1)."""
    note = (
        "hours" if period.unit is Unit.HOURS else ("counted" if counting.count_start_day else None)
    )
    return Step(
        StepKind.START, start=local_day(start), at=start, amount=period, name=name, note=note
    )


def due_step(last_day: date | None, due: datetime, counting: Counting) -> Step:
    if last_day is None:
        note = "exact"
    elif counting.exclusive:
        note = "exclusive"
    elif counting.cutoff is not None:
        note = "cutoff"
    else:
        note = "24h"
    return Step(StepKind.DUE, end=last_day, at=due, note=note)


def explain_days(
    calendar: WorkdayCalendar,
    trigger: datetime,
    period: Period,
    counting: Counting,
    *,
    base: date,
    last: date,
    final: date,
    due: datetime | None,
    provisional: bool,
    paused: tuple[tuple[date, date | None, datetime], ...] = (),
    whole_span: bool = True,
    head: tuple[Step, ...] = (),
    extra: tuple[Step, ...] = (),
    suspension: Step | None = None,
) -> tuple[Step, ...]:
    """The steps of a day-based period counted in (*base*, *last*], rolled off to *final*.

    *paused* lists (first day not counted, last day not counted or ``None`` when still paused,
    when the pause began).  *head* steps (a restart) follow the START step; *extra* steps
    (extensions) are merged into the day runs by date.  A suspended clock has ``due`` ``None`` and
    ends with the *suspension* step.  Months and years are shown as one span when *whole_span*.
    """
    name = None
    trigger_day = local_day(trigger)
    if period.unit is Unit.WORKDAYS and not counting.count_start_day and not head:
        info = calendar.day_info(trigger_day)
        name = None if info.kind.is_workday else info.name
    steps: list[Step] = [start_step(trigger, period, counting, name), *head]
    body: list[Step]
    if period.unit in (Unit.MONTHS, Unit.YEARS) and whole_span and not paused:
        months = period.amount * (12 if period.unit is Unit.YEARS else 1)
        if last.day != base.day and add_months(base, months) == last:
            body = [Step(StepKind.MONTH_END, end=last, first=base.day)]
        else:
            body = [Step(StepKind.COUNTED, end=last, amount=period)]
    else:
        breaks = frozenset(local_day(step.at) for step in extra if step.at is not None)
        body = _walk(calendar, period, base, last, paused, breaks)
    steps.extend(sorted([*body, *extra], key=_step_day))
    if final != last:
        info = calendar.day_info(last)
        steps.append(
            Step(StepKind.ROLLED_OFF, start=last, end=final, name=info.name, source=info.source)
        )
    if provisional:
        first_provisional = _first_provisional(calendar, base + _ONE_DAY, final)
        if first_provisional is not None:
            steps.append(Step(StepKind.PROVISIONAL, start=first_provisional))
    if suspension is not None:
        steps.append(suspension)
    elif due is not None:
        steps.append(due_step(final, due, counting))
    return tuple(steps)


def _step_day(step: Step) -> date:
    if step.start is not None:
        return step.start
    if step.at is not None:
        return local_day(step.at)
    return step.end or date.min


def _first_provisional(calendar: WorkdayCalendar, a: date, b: date) -> date | None:
    if b < a or not calendar.uses_provisional(a, b):
        return None
    boundary = date(calendar.last_year + 1, 1, 1)
    return max(a, boundary)


class _Runs:
    """Groups classified days into compact steps (runs, not one step per day)."""

    def __init__(self, unit: Unit, period: Period) -> None:
        self.unit = unit
        self.period = period
        self.steps: list[Step] = []
        self.run: list[Any] | None = None  # [start, end, first, last, weekends]
        self.rest: list[tuple[date, str | None, str | None]] = []

    def counted(self, d: date, ordinal: int, breaks: frozenset[date] = frozenset()) -> None:
        named = any(
            name is not None or day.weekday() < 5 or day in breaks for day, name, _ in self.rest
        )
        if self.run is not None and self.rest and not named:
            self.run[4] += len(self.rest)
            self.rest = []
        elif self.rest:
            self.flush()
        if self.run is None:
            self.run = [d, d, ordinal, ordinal, 0]
        self.run[1], self.run[3] = d, ordinal

    def makeup(self, d: date, ordinal: int, name: str | None, source: str | None) -> None:
        self.flush()
        self.steps.append(
            Step(StepKind.MAKEUP_DAY, start=d, first=ordinal, name=name, source=source)
        )

    def resting(self, d: date, name: str | None, source: str | None) -> None:
        self.rest.append((d, name, source))

    def flush(self) -> None:
        if self.run is not None:
            start, end, first, last, weekends = self.run
            self.steps.append(
                Step(
                    StepKind.COUNTED,
                    start=start,
                    end=end,
                    first=first,
                    last=last,
                    weekends=weekends,
                    amount=self.period,
                )
            )
            self.run = None
        if self.rest:
            names: list[str] = []
            for _, name, _ in self.rest:
                for part in (name or "").split("、"):
                    if part and part not in names:
                        names.append(part)
            source = next((s for _, n, s in self.rest if n is not None), None)
            self.steps.append(
                Step(
                    StepKind.SKIPPED,
                    start=self.rest[0][0],
                    end=self.rest[-1][0],
                    name="、".join(names) or None,
                    source=source,
                )
            )
            self.rest = []


#: Walks without pauses or breaks, per calendar (by id, checked against a weak reference): a
#: calendar is immutable, and many deadlines of a check count the same days.
_WALKS: dict[
    int, tuple[weakref.ref[WorkdayCalendar], dict[tuple[Period, date, date], list[Step]]]
] = {}
_WALKS_PER_CALENDAR = 65_536


def _walk(
    calendar: WorkdayCalendar,
    period: Period,
    base: date,
    last: date,
    paused: tuple[tuple[date, date | None, datetime], ...],
    breaks: frozenset[date],
) -> list[Step]:
    """:func:`_walk_steps`, remembered for the plain walks (no pause, no break)."""
    if paused or breaks:
        return _walk_steps(calendar, period, base, last, paused, breaks)
    held = _WALKS.get(id(calendar))
    if held is None or held[0]() is not calendar:
        key_id = id(calendar)
        held = (weakref.ref(calendar, lambda _: _WALKS.pop(key_id, None)), {})
        _WALKS[key_id] = held
    walks = held[1]
    key = (period, base, last)
    found = walks.get(key)
    if found is None:
        found = _walk_steps(calendar, period, base, last, paused, breaks)
        if len(walks) >= _WALKS_PER_CALENDAR:
            walks.clear()
        walks[key] = found
    return list(found)


def _walk_steps(
    calendar: WorkdayCalendar,
    period: Period,
    base: date,
    last: date,
    paused: tuple[tuple[date, date | None, datetime], ...],
    breaks: frozenset[date] = frozenset(),
) -> list[Step]:
    """Classify the days in (*base*, *last*] and group them into runs; a run also ends at each
    day in *breaks* (so an extension notified that day is told in its place)."""
    unit = Unit.WORKDAYS if period.unit is Unit.WORKDAYS else Unit.DAYS
    runs = _Runs(unit, Period(0, unit) if period.unit is not unit else period)
    ordinal = 0
    d = base + _ONE_DAY
    pauses = [p for p in paused if p[1] is None or p[1] > base]
    while d <= last:
        if pauses and pauses[0][0] <= d:
            first, end, began = pauses.pop(0)
            runs.flush()
            note = "before_start" if first <= base + _ONE_DAY else None
            runs.steps.append(
                Step(StepKind.PAUSED, start=max(first, d), end=end, at=began, note=note)
            )
            if end is None:
                return runs.steps
            d = max(d, end + _ONE_DAY)
            continue
        if unit is Unit.DAYS:
            ordinal += 1
            runs.counted(d, ordinal)
        elif calendar.is_workday(d):  # a plain working day needs no DayInfo
            ordinal += 1
            if d.weekday() >= 5:
                info = calendar.day_info(d)
                runs.makeup(d, ordinal, info.name, info.source)
            else:
                runs.counted(d, ordinal, breaks)
        else:
            info = calendar.day_info(d)
            runs.resting(d, info.name, info.source)
        if d in breaks and runs.run is not None and not runs.rest:
            runs.flush()
        d += _ONE_DAY
    runs.flush()
    for first, end, began in pauses:  # an open pause starting right after the last counted day
        if end is None and first <= last + _ONE_DAY:
            start = max(first, base + _ONE_DAY)
            note = "before_start" if first <= base + _ONE_DAY else None
            runs.steps.append(Step(StepKind.PAUSED, start=start, end=None, at=began, note=note))
    return runs.steps
