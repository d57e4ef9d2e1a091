"""Periods and deadlines: a trigger instant plus a period gives a deadline, exactly per C1–C5, C10.

* working days — the n-th working day strictly after the trigger day, even when that day is a
  holiday (C1, C6): ``calendar.add_workdays(trigger_day, n)``;
* natural days — the trigger day + n, rolled off a rest day to the next working day (C1, C4);
* months and years — the corresponding day of the due month, else that month's last day (C3),
  then rolled off a rest day (C4);
* hours — the exact instant + n hours, holidays included (C2);
* the last day ends at 24:00, or at a business cut-off, or (``exclusive``) at its start (C5).

Times without a zone are Asia/Shanghai; a date alone means that whole day (C10).  Paused,
restarted and extended clocks (C9) are in :mod:`gkrules.calendar.clock`.

This module is the calendar layer: it knows nothing of the rules language, which imports
:data:`UNIT_ALIASES` as the one table of unit names.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from gkrules.calendar.instants import (
    SHANGHAI,
    Moment,
    add_hours,
    end_of_day,
    is_date_only,
    local_day,
    start_of_day,
    to_instant,
)
from gkrules.calendar.period_messages import usage_error
from gkrules.calendar.steps import Step, StepKind, describe_steps
from gkrules.diagnostics import Message, closest

if TYPE_CHECKING:
    from gkrules.calendar.core import WorkdayCalendar

__all__ = [
    "DEFAULT_COUNTING",
    "PERIOD_LIMITS",
    "SHANGHAI",
    "UNIT_ALIASES",
    "Amount",
    "Counting",
    "Deadline",
    "Moment",
    "Period",
    "Suspension",
    "Unit",
    "add_hours",
    "add_months",
    "compute_deadline",
    "compute_deadlines_array",
    "due_instant",
    "elapsed",
    "end_of_day",
    "is_date_only",
    "is_on_time",
    "lateness",
    "local_day",
    "remaining",
    "start_of_day",
    "to_instant",
]

Lang = Literal["en", "zh"]

_ONE_DAY = timedelta(days=1)


# --- units and periods ----------------------------------------------------------------------------


class Unit(enum.Enum):
    """The unit of a period."""

    WORKDAYS = "workdays"
    DAYS = "days"
    HOURS = "hours"
    MONTHS = "months"
    YEARS = "years"

    @property
    def zh(self) -> str:
        """The Chinese label: 工作日, 日, 小时, 个月, 年."""
        return _ZH[self]

    @property
    def en(self) -> str:
        """The English label: workdays, days, hours, months, years."""
        return self.value

    def label(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    @property
    def is_day_based(self) -> bool:
        """Counted in whole days (everything but hours)."""
        return self is not Unit.HOURS

    @property
    def is_natural(self) -> bool:
        """Counted in calendar days, so rolled off rest days (C4): days, months and years."""
        return self in (Unit.DAYS, Unit.MONTHS, Unit.YEARS)


_ZH = {
    Unit.WORKDAYS: "工作日",
    Unit.DAYS: "日",
    Unit.HOURS: "小时",
    Unit.MONTHS: "个月",
    Unit.YEARS: "年",
}

#: Every spelling of a unit the rules language and the CLI accept (English in lower case).
UNIT_ALIASES: Mapping[str, Unit] = MappingProxyType(
    {
        "工作日": Unit.WORKDAYS,
        "个工作日": Unit.WORKDAYS,
        "workday": Unit.WORKDAYS,
        "workdays": Unit.WORKDAYS,
        "日": Unit.DAYS,
        "天": Unit.DAYS,
        "自然日": Unit.DAYS,
        "个自然日": Unit.DAYS,
        "day": Unit.DAYS,
        "days": Unit.DAYS,
        "小时": Unit.HOURS,
        "个小时": Unit.HOURS,
        "hour": Unit.HOURS,
        "hours": Unit.HOURS,
        "个月": Unit.MONTHS,
        "月": Unit.MONTHS,
        "month": Unit.MONTHS,
        "months": Unit.MONTHS,
        "年": Unit.YEARS,
        "周年": Unit.YEARS,
        "year": Unit.YEARS,
        "years": Unit.YEARS,
    }
)

#: The longest period accepted per unit: far beyond any legal period, short enough to catch typos.
PERIOD_LIMITS: Mapping[Unit, int] = MappingProxyType(
    {
        Unit.WORKDAYS: 10_000,
        Unit.DAYS: 10_000,
        Unit.HOURS: 1_000_000,
        Unit.MONTHS: 1_200,
        Unit.YEARS: 100,
    }
)

_WEEKS = frozenset({"周", "个周", "星期", "个星期", "礼拜", "个礼拜", "week", "weeks"})

_PERIOD_TEXT = re.compile(r"\s*\+?\s*(\d+)\s*(\S.*?)?\s*")


@frozen
class Period:
    """A length of time: *amount* (0 ≤ amount ≤ :data:`PERIOD_LIMITS`) of *unit*.  ``str`` → ``3工作日``."""

    amount: int
    unit: Unit

    def __attrs_post_init__(self) -> None:
        amount = self.amount
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise usage_error("GK143", got=repr(amount))
        limit = PERIOD_LIMITS[self.unit]
        if amount > limit:
            unit = Message(self.unit.en, self.unit.zh)
            raise usage_error("GK142", hint="GK142.hint", amount=amount, limit=limit, unit=unit)

    @classmethod
    def parse(cls, text: str) -> Period:
        """A period from text: ``3工作日``, ``+48小时``, ``1 个月``, ``15 days``, ``20个工作日``.

        Raises :class:`~gkrules.errors.UsageError` (GK140 unknown unit with a suggestion, GK141
        not a period, GK142 too long).
        """
        match = _PERIOD_TEXT.fullmatch(text)
        if match is None or match.group(2) is None:
            raise usage_error("GK141", text=text)
        word = match.group(2)
        unit = UNIT_ALIASES.get(word) or UNIT_ALIASES.get(word.lower())
        if unit is None:
            if word.lower() in _WEEKS:
                raise usage_error("GK140", hint="GK140.weeks", unit=word, text=text)
            suggestion = closest(word.lower(), UNIT_ALIASES, cutoff=0.6)
            if suggestion is not None:
                raise usage_error(
                    "GK140", hint="GK140.hint", unit=word, text=text, suggestion=suggestion
                )
            units = "、".join(UNIT_ALIASES)
            raise usage_error("GK140", notes=("GK140.units",), unit=word, text=text, units=units)
        return cls(int(match.group(1)), unit)

    @classmethod
    def coerce(cls, value: Period | str) -> Period:
        """*value* itself, or :meth:`parse` of it."""
        return value if isinstance(value, Period) else cls.parse(value)

    @classmethod
    def workdays(cls, n: int) -> Period:
        return cls(n, Unit.WORKDAYS)

    @classmethod
    def days(cls, n: int) -> Period:
        return cls(n, Unit.DAYS)

    @classmethod
    def hours(cls, n: int) -> Period:
        return cls(n, Unit.HOURS)

    @classmethod
    def months(cls, n: int) -> Period:
        return cls(n, Unit.MONTHS)

    @classmethod
    def years(cls, n: int) -> Period:
        return cls(n, Unit.YEARS)

    def label(self, lang: Lang = "zh") -> str:
        """``3个工作日`` / ``3 workdays`` (``1 workday``)."""
        if lang == "zh":
            return f"{self.amount}个工作日" if self.unit is Unit.WORKDAYS else str(self)
        word = self.unit.en[:-1] if self.amount == 1 else self.unit.en
        return f"{self.amount} {word}"

    def __str__(self) -> str:
        return f"{self.amount}{self.unit.zh}"


@frozen
class Amount:
    """A measured amount of time (elapsed, remaining, late) in a unit; hours are fractional."""

    value: int | float
    unit: Unit

    def label(self, lang: Lang = "zh") -> str:
        """``3个工作日`` / ``3 workdays``, ``1.5小时`` / ``1.5 hours`` (``24.0`` shown as ``24``)."""
        if lang == "zh":
            return f"{self._number}{'个工作日' if self.unit is Unit.WORKDAYS else self.unit.zh}"
        word = self.unit.en[:-1] if self.value == 1 else self.unit.en
        return f"{self._number} {word}"

    @property
    def _number(self) -> str:
        value = self.value
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def __str__(self) -> str:
        return f"{self._number}{self.unit.zh}"


def add_months(d: date, months: int) -> date:
    """The corresponding day *months* later, else that month's last day (C3): 1月31日 + 1 → 2月28/29日."""
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(d.day, _month_length(year, month)))


def _month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


# --- counting conventions and deadlines -----------------------------------------------------------


@frozen
class Counting:
    """How a period is counted.  The defaults are the Civil Code's (民法典 第二百零一条至第二百零三条).

    * ``count_start_day`` — the trigger day counts as day 1 (overrides C1);
    * ``roll_off`` — a natural-day, month or year period whose last day is a rest day ends on the
      next working day (C4); never applies to working days or hours;
    * ``cutoff`` — the last day ends at this local time instead of 24:00 (C5);
    * ``exclusive`` — the period ends at the *start* of its last day ("before" wording).
    """

    count_start_day: bool = False
    roll_off: bool = True
    cutoff: time | None = None
    exclusive: bool = False

    def __attrs_post_init__(self) -> None:
        if self.cutoff is not None and (
            not isinstance(self.cutoff, time) or self.cutoff.tzinfo is not None
        ):
            raise usage_error("GK150", got=repr(self.cutoff))


DEFAULT_COUNTING = Counting()


@frozen
class Suspension:
    """A clock paused and not yet resumed as of the evaluation instant: no deadline exists yet."""

    #: When the open pause began.
    since: datetime
    #: What will still run once the clock resumes.
    left: Amount


@frozen
class Deadline:
    """When a period ends.

    ``due`` is the instant the period ends (a fulfilment strictly before it is on time): 24:00 of
    ``last_day`` (= 00:00 of the next day), the cut-off on ``last_day``, 00:00 of ``last_day`` when
    exclusive, or the exact instant for hours.  ``last_day`` is ``None`` for hours periods.  A
    clock still paused at the evaluation instant is *suspended*: ``due`` and ``last_day`` are
    ``None`` and ``suspension`` says since when and what is left.
    """

    #: The triggering instant (aware).
    trigger: datetime
    #: Where counting starts: the trigger, or the last restart of a clock (C9).
    start: datetime
    period: Period
    counting: Counting
    last_day: date | None
    due: datetime | None
    #: Whether any provisional calendar day was used (C7).
    provisional: bool = False
    #: The accepted extensions, in the period's unit.
    extension: int = 0
    suspension: Suspension | None = None
    #: The facts behind the result, when asked for (``explain=True``).
    steps: tuple[Step, ...] = field(default=(), eq=False, repr=False)

    @property
    def suspended(self) -> bool:
        return self.suspension is not None

    @property
    def unit(self) -> Unit:
        return self.period.unit

    def describe(self, lang: Lang = "zh", event: str | None = None) -> list[str]:
        """Plain-language lines: the whole computation when made with ``explain=True``, else a summary.

        *event* names the trigger in *lang*, e.g. ``公开`` → "1月27日公开（当日不计）".
        """
        return describe_steps(self.steps or self._summary(), lang, event)

    def _summary(self) -> tuple[Step, ...]:
        from gkrules.calendar.explain import due_step, start_step

        steps = [start_step(self.start, self.period, self.counting)]
        if self.suspension is not None:
            steps.append(
                Step(
                    StepKind.SUSPENDED,
                    at=self.suspension.since,
                    left=self.suspension.left,
                    note="since",
                )
            )
        elif self.due is not None:
            steps.append(due_step(self.last_day, self.due, self.counting))
        return tuple(steps)


def due_instant(last_day: date, counting: Counting) -> datetime:
    """The instant a period whose last day is *last_day* ends (C5)."""
    if counting.exclusive:
        return start_of_day(last_day)
    if counting.cutoff is not None:
        return datetime.combine(last_day, counting.cutoff, tzinfo=SHANGHAI)
    return end_of_day(last_day)


def compute_deadline(
    trigger: Moment,
    period: Period | str,
    calendar: WorkdayCalendar,
    counting: Counting = DEFAULT_COUNTING,
    *,
    explain: bool = False,
) -> Deadline:
    """The deadline of *period* after *trigger*, per C1–C5 and C10.

    Raises :class:`~gkrules.errors.CalendarRangeError` for days outside the calendar (unless it
    is provisional; the result then says ``provisional``).  With ``explain=True`` the deadline
    carries :class:`Step` facts for :meth:`Deadline.describe`.
    """
    instant = to_instant(trigger)
    if not isinstance(period, Period):
        period = Period.parse(period)
    unit = period.unit
    if unit is Unit.HOURS:
        due = add_hours(instant, period.amount)
        steps: tuple[Step, ...] = ()
        if explain:
            from gkrules.calendar.explain import due_step, start_step

            steps = (start_step(instant, period, counting), due_step(None, due, counting))
        return Deadline(instant, instant, period, counting, None, due, steps=steps)
    start_day = local_day(instant)
    base = start_day - _ONE_DAY if counting.count_start_day else start_day
    n = period.amount
    if unit is Unit.WORKDAYS:
        last = calendar.add_workdays(base, n)
    elif unit is Unit.DAYS:
        last = base + timedelta(days=n)
    else:
        last = add_months(base, n if unit is Unit.MONTHS else 12 * n)
    if last < start_day:
        last = start_day
    unrolled = last
    uses_calendar = unit is Unit.WORKDAYS or counting.roll_off
    if counting.roll_off and unit is not Unit.WORKDAYS:
        last = calendar.next_workday(last)
    # A calendar that is not provisional has raised already for any day it does not know.
    provisional = (
        uses_calendar and calendar.provisional and calendar.uses_provisional(start_day, last)
    )
    due = due_instant(last, counting)
    if explain:
        from gkrules.calendar.explain import explain_days

        steps = explain_days(
            calendar,
            instant,
            period,
            counting,
            base=base,
            last=unrolled,
            final=last,
            due=due,
            provisional=provisional,
        )
        return Deadline(instant, instant, period, counting, last, due, provisional, steps=steps)
    return Deadline(instant, instant, period, counting, last, due, provisional)


# --- inverse questions --------------------------------------------------------------------------


def _whole_months(a: date, b: date) -> int:
    """The most whole months m (C3) with add_months(a, m) ≤ b; negative when b < a."""
    if b < a:
        return -_whole_months(b, a)
    months = (b.year - a.year) * 12 + b.month - a.month
    while months > 0 and add_months(a, months) > b:
        months -= 1
    return months


def elapsed(trigger: Moment, at: Moment, unit: Unit, calendar: WorkdayCalendar) -> Amount:
    """How much of *unit* has run from *trigger* to *at* (C1: the trigger day not counted).

    Working days: those in (trigger day, at's day]; natural days: the day difference; hours: exact,
    to 2 decimals; months and years: whole months/years (C3).  Negative when *at* is earlier.
    """
    if unit is Unit.HOURS:
        return Amount(_hours(to_instant(at) - to_instant(trigger)), unit)
    a, b = local_day(trigger), local_day(at)
    if unit is Unit.WORKDAYS:
        return Amount(calendar.workdays_between(a, b), unit)
    if unit is Unit.DAYS:
        return Amount((b - a).days, unit)
    months = _whole_months(a, b)
    if unit is Unit.MONTHS:
        return Amount(months, unit)
    return Amount(int(months / 12), unit)


def _hours(delta: timedelta) -> float:
    return round(delta.total_seconds() / 3600, 2)


def _reference_day(deadline: Deadline) -> date:
    assert deadline.last_day is not None
    return deadline.last_day - _ONE_DAY if deadline.counting.exclusive else deadline.last_day


def remaining(deadline: Deadline, at: Moment, calendar: WorkdayCalendar) -> Amount:
    """What is left of *deadline* at *at*, in its unit (months/years: natural days).

    Working days: those in (at's day, last day] — 0 on the last day itself, negative after it;
    hours: exact, to 2 decimals.  A suspended clock has what it had when it stopped.
    """
    if deadline.suspension is not None:
        return deadline.suspension.left
    unit = deadline.period.unit
    if unit is Unit.HOURS:
        assert deadline.due is not None
        return Amount(_hours(deadline.due - to_instant(at)), unit)
    reference, day = _reference_day(deadline), local_day(at)
    if unit is Unit.WORKDAYS:
        return Amount(calendar.workdays_between(day, reference), unit)
    return Amount((reference - day).days, Unit.DAYS)


def lateness(deadline: Deadline, fulfilled: Moment, calendar: WorkdayCalendar) -> Amount:
    """How late *fulfilled* was, in the period's unit (months/years: natural days); 0 when on time.

    Working days: those in (last day, fulfilment day] — so 0 when late only by a cut-off, or on
    the rest days right after the last day; hours: exact, to 2 decimals.
    """
    unit = deadline.period.unit
    measured = Unit.DAYS if unit in (Unit.MONTHS, Unit.YEARS) else unit
    if is_on_time(deadline, fulfilled):
        return Amount(0.0 if unit is Unit.HOURS else 0, measured)
    if unit is Unit.HOURS:
        assert deadline.due is not None
        return Amount(_hours(to_instant(fulfilled) - deadline.due), unit)
    reference, day = _reference_day(deadline), local_day(fulfilled)
    if unit is Unit.WORKDAYS:
        return Amount(max(0, calendar.workdays_between(reference, day)), unit)
    return Amount(max(0, (day - reference).days), measured)


def is_on_time(deadline: Deadline, fulfilled: Moment) -> bool:
    """Whether *fulfilled* meets *deadline*: strictly before ``due``.

    A date alone is the whole day (C10): on time when that day is no later than the last day (an
    exclusive end: earlier than it).  A cut-off binds fulfilments with a time of day.  Nothing is
    late while the clock is suspended.
    """
    if deadline.due is None:
        return True
    return to_instant(fulfilled) < deadline.due


# --- the vectorized hot path -------------------------------------------------------------------------


def compute_deadlines_array(
    trigger_days: npt.ArrayLike,
    period: Period | str,
    calendar: WorkdayCalendar,
    counting: Counting = DEFAULT_COUNTING,
) -> npt.NDArray[np.datetime64]:
    """The last days (``datetime64[D]``) of a day-based *period* after each trigger day.

    The same results as :func:`compute_deadline`'s ``last_day``, computed with numpy, no Python
    loop per element.  NaT in, NaT out.
    """
    period = Period.coerce(period)
    unit = period.unit
    if unit is Unit.HOURS:
        raise usage_error("GK145", unit=Message(unit.en, unit.zh))
    days = np.asarray(trigger_days)
    if days.dtype.kind != "M":
        raise usage_error("GK149", dtype=str(days.dtype))
    days = days.astype("datetime64[D]")
    missing = np.isnat(days)
    any_missing = bool(missing.any())
    if any_missing:
        present = days[~missing]
        if not present.size:
            return days.copy()
        days = np.where(missing, present[0], days)
    # Day numbers (days since 1970-01-01) keep the arithmetic plain integer work.
    numbers = days.view(np.int64)
    base = numbers - 1 if counting.count_start_day else numbers
    n = period.amount
    if unit is Unit.WORKDAYS:
        last = calendar.add_workdays_array(base.view("datetime64[D]"), n).view(np.int64)
    elif unit is Unit.DAYS:
        last = base + n
    else:
        last = _add_months_array(base, n if unit is Unit.MONTHS else 12 * n)
    if counting.count_start_day:
        last = np.maximum(last, numbers)
    if counting.roll_off and unit.is_natural:
        last = calendar.add_workdays_array((last - 1).view("datetime64[D]"), 1).view(np.int64)
    if any_missing:
        last = np.where(missing, np.iinfo(np.int64).min, last)
    return last.view("datetime64[D]")


def _add_months_array(numbers: npt.NDArray[np.int64], months: int) -> npt.NDArray[np.int64]:
    """C3 on day numbers: the corresponding day *months* later, else that month's last day."""
    days = numbers.view("datetime64[D]")
    month_start = days.astype("datetime64[M]")
    day_index = numbers - month_start.astype("datetime64[D]").view(np.int64)
    target = month_start + np.timedelta64(months, "M")
    target_start = target.astype("datetime64[D]").view(np.int64)
    next_start = (target + np.timedelta64(1, "M")).astype("datetime64[D]").view(np.int64)
    result: npt.NDArray[np.int64] = target_start + np.minimum(
        day_index, next_start - target_start - 1
    )
    return result
