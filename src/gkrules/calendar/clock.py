"""Clocks that pause, restart and are extended (C9; 条例 第三十条、第三十二条、第三十三条).

* A **pause** (征求意见) stops the clock: the working days *d* with pause-start day < *d* ≤
  pause-end day are not counted — the day the consultation starts still counts, counting resumes
  the day after the answer arrives.  Overlapping pauses are merged.  A pause still open at the
  evaluation instant leaves the deadline *suspended* (no deadline yet).
* A **restart** (收到补正) counts afresh from the restart, C1 applying to it; extensions notified
  before it lapse, pauses that ended before it no longer matter.
* An **extension** of k moves the deadline k later (k counted like the period, across later pauses)
  only if notified before the deadline then in force ends; over the limit it is clamped to the
  limit, beyond ``max_extensions`` it is ignored — both reported.

For hours periods pauses subtract the exact paused durations (a date alone: the pause runs from
the end of its start day to the end of its end day, matching the day rule).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from attrs import frozen

from gkrules.calendar.instants import (
    SHANGHAI,
    Moment,
    end_of_day,
    is_date_only,
    local_day,
    to_instant,
)
from gkrules.calendar.period_messages import usage_error
from gkrules.calendar.periods import (
    DEFAULT_COUNTING,
    Amount,
    Counting,
    Deadline,
    Period,
    Suspension,
    Unit,
    add_months,
    due_instant,
)
from gkrules.calendar.steps import Step, StepKind
from gkrules.diagnostics import Message

if TYPE_CHECKING:
    from gkrules.calendar.core import WorkdayCalendar

__all__ = ["Extension", "Pause", "clock_deadline"]

_ONE_DAY = timedelta(days=1)


@frozen
class Pause:
    """The clock stands still from *start* to *end* (``None``: not yet resumed)."""

    start: date | datetime
    end: date | datetime | None = None


@frozen
class Extension:
    """An extension notified at *notified*; *amount* ``None`` means the limit (条例 第三十三条: 20工作日)."""

    notified: date | datetime
    amount: Period | None = None


# A pause in days: (first day not counted, last day not counted or None, when it began).
_DayPause = tuple[date, date | None, datetime]
# A pause in instants: [start, end) with end None when open, and when it began.
_ExactPause = tuple[datetime, datetime | None]


@frozen
class _Solved:
    """One answer of the clock for a total budget: a deadline, or a suspension."""

    last: date | None  # the last counted day (before roll-off); None for hours or when suspended
    final: date | None  # after roll-off
    due: datetime | None
    suspension: Suspension | None


def clock_deadline(
    trigger: Moment,
    period: Period | str,
    calendar: WorkdayCalendar,
    *,
    pauses: Iterable[Pause] = (),
    restarts: Iterable[Moment] = (),
    extensions: Iterable[Extension] = (),
    extension_limit: Period | str | None = None,
    max_extensions: int = 1,
    counting: Counting = DEFAULT_COUNTING,
    as_of: Moment | None = None,
    explain: bool = False,
) -> Deadline:
    """The deadline of a clock that may pause, restart and be extended (C9).

    Inputs may come in any order.  Events after *as_of* are not used (a date alone means the end
    of that day); a pause not resumed by then suspends the clock.  Without *as_of* every event
    given is used and a pause without an end is open.
    """
    period = Period.coerce(period)
    unit = period.unit
    limit = Period.coerce(extension_limit) if extension_limit is not None else None
    if limit is not None and limit.unit is not unit:
        raise _unit_mismatch(limit, unit)
    if max_extensions < 0:
        raise usage_error("GK148", name="max_extensions", got=max_extensions)
    trigger_at = to_instant(trigger)
    horizon = _horizon(as_of)

    whole_day = as_of is not None and is_date_only(as_of)

    def known(moment: Moment) -> bool:
        """Whether an event had happened by *as_of* (a date alone: by the end of that day)."""
        if horizon is None:
            return True
        instant = to_instant(moment)
        return instant < horizon if whole_day else instant <= horizon

    restart_at = sorted(
        instant for instant in map(to_instant, restarts) if instant > trigger_at and known(instant)
    )
    start = restart_at[-1] if restart_at else trigger_at
    ordered_pauses = sorted(pauses, key=lambda p: to_instant(p.start))
    for pause in ordered_pauses:
        if pause.end is not None and to_instant(pause.end) < to_instant(pause.start):
            raise usage_error("GK147", start=str(pause.start), end=str(pause.end))
    open_pauses = [
        Pause(p.start, p.end if p.end is not None and known(p.end) else None)
        for p in ordered_pauses
        if known(p.start)
    ]
    solver = _Solver(calendar, unit, counting, start, open_pauses)

    budget = period.amount
    accepted = 0
    extra: list[Step] = []
    for extension in sorted(extensions, key=lambda e: to_instant(e.notified)):
        notified = to_instant(extension.notified)
        if not known(notified):
            continue
        if notified < start and restart_at:
            extra.append(Step(StepKind.EXTENSION_IGNORED, at=notified, note="superseded"))
            continue
        if accepted >= max_extensions:
            extra.append(
                Step(StepKind.EXTENSION_IGNORED, at=notified, first=max_extensions, note="count")
            )
            continue
        in_force = solver.solve(budget)
        if in_force.due is not None and not notified < in_force.due:
            extra.append(
                Step(StepKind.EXTENSION_IGNORED, at=notified, end=in_force.final, note="late")
            )
            continue
        amount = extension.amount if extension.amount is not None else limit
        if amount is None:
            raise usage_error("GK151")
        if amount.unit is not unit:
            raise _unit_mismatch(amount, unit)
        if limit is not None and amount.amount > limit.amount:
            extra.append(Step(StepKind.EXTENSION_CLAMPED, at=notified, amount=amount, limit=limit))
            amount = limit
        budget += amount.amount
        accepted += 1
        if explain:
            after = solver.solve(budget)
            extra.append(Step(StepKind.EXTENDED, at=notified, amount=amount, end=after.final))

    solved = solver.solve(budget)
    provisional = solver.provisional(solved)
    steps: tuple[Step, ...] = ()
    if explain:
        head = tuple(Step(StepKind.RESTARTED, start=local_day(r), at=r) for r in restart_at[-1:])
        steps = solver.explain(trigger_at, period, solved, provisional, head, tuple(extra), horizon)
    return Deadline(
        trigger=trigger_at,
        start=start,
        period=period,
        counting=counting,
        last_day=solved.final,
        due=solved.due,
        provisional=provisional,
        extension=budget - period.amount,
        suspension=solved.suspension,
        steps=steps,
    )


def _horizon(as_of: Moment | None) -> datetime | None:
    if as_of is None:
        return None
    if is_date_only(as_of):
        return end_of_day(local_day(as_of))
    return to_instant(as_of)


def _unit_mismatch(amount: Period, unit: Unit) -> Exception:
    return usage_error("GK146", amount=str(amount), unit=Message(unit.en, unit.zh))


class _Solver:
    """Answers "where does the clock end for a budget of n" for one start and set of pauses."""

    def __init__(
        self,
        calendar: WorkdayCalendar,
        unit: Unit,
        counting: Counting,
        start: datetime,
        pauses: list[Pause],
    ) -> None:
        self.calendar = calendar
        self.unit = unit
        self.counting = counting
        self.start = start.astimezone(UTC)  # exact arithmetic in UTC
        self.start_day = local_day(start)
        self.base = self.start_day - _ONE_DAY if counting.count_start_day else self.start_day
        if unit is Unit.HOURS:
            self.exact = _merge_exact(pauses, start)
            self.days: list[_DayPause] = []
        else:
            self.exact = []
            self.days = _merge_days(pauses, self.base)

    # --- solving -------------------------------------------------------------------------------

    def solve(self, budget: int) -> _Solved:
        if self.unit is Unit.HOURS:
            return self._solve_hours(budget)
        calendar, unit = self.calendar, self.unit
        if unit is Unit.WORKDAYS:
            count, advance = calendar.workdays_between, calendar.add_workdays
            amount = budget
        else:
            count, advance = _days_between, _add_days
            amount = budget
            if unit is not Unit.DAYS:
                months = budget * (12 if unit is Unit.YEARS else 1)
                amount = (add_months(self.base, months) - self.base).days
        cursor, left = self.base, amount
        for first, end, began in self.days:
            paused_from = first - _ONE_DAY  # the pause's start day: still counted
            if end is not None and end <= cursor:
                continue
            available = count(cursor, paused_from) if paused_from > cursor else 0
            if available >= left:
                break
            left -= available
            if end is None:
                measured = Unit.WORKDAYS if unit is Unit.WORKDAYS else Unit.DAYS
                return _Solved(None, None, None, Suspension(began, Amount(left, measured)))
            cursor = end
        last = max(advance(cursor, left), self.start_day)
        final = last
        if self.counting.roll_off and unit.is_natural:
            final = calendar.next_workday(last)
        return _Solved(last, final, due_instant(final, self.counting), None)

    def _solve_hours(self, budget: int) -> _Solved:
        cursor, left = self.start, timedelta(hours=budget)
        for began, end in self.exact:
            if end is not None and end <= cursor:
                continue
            available = max(began - cursor, timedelta(0))
            if available >= left:
                break
            left -= available
            if end is None:
                hours = round(left.total_seconds() / 3600, 2)
                since = began.astimezone(SHANGHAI)
                return _Solved(None, None, None, Suspension(since, Amount(hours, Unit.HOURS)))
            cursor = end
        return _Solved(None, None, (cursor + left).astimezone(SHANGHAI), None)

    def provisional(self, solved: _Solved) -> bool:
        if self.unit is Unit.HOURS or (self.unit.is_natural and not self.counting.roll_off):
            return False
        if solved.final is not None:
            return self.calendar.uses_provisional(self.start_day, solved.final)
        open_day = self.days[-1][0] if self.days else self.start_day
        return self.calendar.uses_provisional(self.start_day, max(open_day, self.start_day))

    # --- explaining -----------------------------------------------------------------------------

    def explain(
        self,
        trigger: datetime,
        period: Period,
        solved: _Solved,
        provisional: bool,
        head: tuple[Step, ...],
        extra: tuple[Step, ...],
        horizon: datetime | None,
    ) -> tuple[Step, ...]:
        from gkrules.calendar.explain import due_step, explain_days, start_step

        suspension_step = None
        if solved.suspension is not None:
            suspension_step = Step(
                StepKind.SUSPENDED,
                at=horizon or solved.suspension.since,
                left=solved.suspension.left,
                note=None if horizon else "since",
            )
        if self.unit is Unit.HOURS:
            steps: list[Step] = [start_step(trigger, period, self.counting), *head]
            paused = [
                Step(StepKind.PAUSED, at=began, until=end)
                for began, end in self.exact
                if end is None or end > self.start
            ]
            steps.extend(sorted([*paused, *extra], key=lambda s: s.at or self.start))
            if suspension_step is not None:
                steps.append(suspension_step)
            else:
                assert solved.due is not None
                steps.append(due_step(None, solved.due, self.counting))
            return tuple(steps)
        if solved.last is not None and solved.final is not None:
            last, final = solved.last, solved.final
        else:  # suspended: counted up to the open pause's start day
            last = final = max(self.days[-1][0] - _ONE_DAY, self.base)
        return explain_days(
            self.calendar,
            trigger,
            period,
            self.counting,
            base=self.base,
            last=last,
            final=final,
            due=solved.due,
            provisional=provisional,
            paused=tuple(self.days),
            whole_span=not extra,
            head=head,
            extra=extra,
            suspension=suspension_step,
        )


def _days_between(a: date, b: date) -> int:
    return (b - a).days


def _add_days(d: date, n: int) -> date:
    return d + timedelta(days=n)


def _merge_days(pauses: list[Pause], base: date) -> list[_DayPause]:
    """Day pauses (first day not counted, last day not counted), merged; those over before *base* dropped."""
    result: list[_DayPause] = []
    for pause in pauses:
        began = to_instant(pause.start)
        first = local_day(pause.start) + _ONE_DAY
        end = local_day(pause.end) if pause.end is not None else None
        if end is not None and (end < first or end <= base):
            continue  # resumed the day it began, or over before counting starts
        if result:
            prev_first, prev_end, prev_began = result[-1]
            if prev_end is None:
                continue  # an open pause absorbs every later one
            if first <= prev_end + _ONE_DAY:
                new_end = None if end is None else max(prev_end, end)
                result[-1] = (prev_first, new_end, prev_began)
                continue
        result.append((first, end, began))
    return result


def _merge_exact(pauses: list[Pause], start: datetime) -> list[_ExactPause]:
    """Exact pauses [start, end), merged; a date alone runs from the end of that day (C9, C10)."""
    result: list[_ExactPause] = []
    for pause in pauses:
        began = _pause_edge(pause.start)
        end = _pause_edge(pause.end) if pause.end is not None else None
        if end is not None and (end <= began or end <= start):
            continue
        if result:
            prev_began, prev_end = result[-1]
            if prev_end is None:
                continue
            if began <= prev_end:
                result[-1] = (prev_began, None if end is None else max(prev_end, end))
                continue
        result.append((began, end))
    return result


def _pause_edge(moment: Moment) -> datetime:
    """An exact pause edge: a date alone means the end of that day (the day itself still counts)."""
    if is_date_only(moment):
        return end_of_day(local_day(moment)).astimezone(UTC)
    return to_instant(moment).astimezone(UTC)
