"""An independent, brute-force evaluator of the standard deadline rules, for agreement tests.

It shares nothing with gkrules' engine or calendar: it reads rows as plain dicts, counts working
days one day at a time over ``chinese_calendar.is_workday`` (with the one correction gkrules ships:
2005-12-31 was a make-up working day, 国办发明电〔2005〕35号), and applies OBLIGATIONS.md C1–C12
literally.  It is slow and simple on purpose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import chinese_calendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
ONE_DAY = dt.timedelta(days=1)
MAJOR = ("特别重大", "重大")


def is_workday(day: dt.date) -> bool:
    if day == dt.date(2005, 12, 31):
        return True
    return bool(chinese_calendar.is_workday(day))


@dataclass(frozen=True)
class Moment:
    """A row's time: the day, and the exact instant when a time of day was given."""

    day: dt.date
    instant: dt.datetime | None

    @property
    def lo(self) -> dt.datetime:
        if self.instant is not None:
            return self.instant
        return dt.datetime(self.day.year, self.day.month, self.day.day, tzinfo=SHANGHAI)

    @property
    def hi(self) -> dt.datetime:
        if self.instant is not None:
            return self.instant
        return self.lo + ONE_DAY - dt.timedelta(microseconds=1)

    @classmethod
    def parse(cls, text: str) -> Moment:
        if len(text) == 10:
            return cls(dt.date.fromisoformat(text), None)
        instant = dt.datetime.fromisoformat(text)
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=SHANGHAI)
        return cls(instant.astimezone(SHANGHAI).date(), instant)


Period = tuple[int, str]  # (amount, "workdays" | "hours" | "same_day")


@dataclass(frozen=True)
class Spec:
    """A deadline rule, written out by hand from dsl_examples/."""

    rule: str
    trigger: tuple[str, ...]
    fulfil: tuple[str, ...]
    period: Callable[[Mapping[str, str]], tuple[Period | None, bool]]  # (period, undecidable)
    effective: tuple[dt.date, dt.date | None]
    applies: Callable[[Mapping[str, str]], bool | None] = lambda row: True  # None: unknown
    pause: tuple[str, str] | None = None
    restart: str | None = None
    extension: tuple[str, str, int, int] | None = None  # (event, attribute, limit, times)
    only_if: str | None = None
    one_to_one: bool = False


def fixed(amount: int, unit: str) -> Callable[[Mapping[str, str]], tuple[Period | None, bool]]:
    return lambda row: ((amount, unit), False)


def _level_major(row: Mapping[str, str]) -> bool | None:
    level = row.get("level")
    return None if not level else level in MAJOR


def _s5_period(row: Mapping[str, str]) -> tuple[Period | None, bool]:
    major = _level_major(row)
    if major is None:
        return (24, "hours"), True
    return ((24, "hours") if major else (48, "hours")), False


Y2022 = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
Y2019 = (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
SINCE_2019 = (dt.date(2019, 5, 15), None)

SPECS: dict[str, Spec] = {
    "S1": Spec("S1", ("规范性文件印发",), ("规范性文件上网",), fixed(15, "workdays"), Y2022),
    "S2": Spec("S2", ("常务会议议定",), ("议定事项公开",), fixed(1, "workdays"), Y2022),
    "S3": Spec("S3", ("政策文件公开",), ("解读发布",), fixed(3, "workdays"), Y2022),
    "S4": Spec(
        "S4", ("舆情发生",), ("新闻发布会",), fixed(24, "hours"), Y2022, applies=_level_major
    ),
    "S5": Spec("S5", ("舆情发生",), ("舆情回应", "新闻发布会"), _s5_period, Y2022),
    "S16": Spec("S16", ("政策文件公开",), ("解读发布",), fixed(0, "same_day"), Y2019),
    "L1": Spec("L1", ("信息形成", "信息变更"), ("主动公开",), fixed(20, "workdays"), SINCE_2019),
    "L2": Spec(
        "L2",
        ("收到申请",),
        ("补正告知",),
        fixed(7, "workdays"),
        SINCE_2019,
        only_if="补正告知",
        one_to_one=True,
    ),
    "L5": Spec(
        "L5",
        ("收到申请",),
        ("答复",),
        fixed(20, "workdays"),
        SINCE_2019,
        pause=("征求意见开始", "征求意见结束"),
        restart="收到补正",
        extension=("延期告知", "days", 20, 1),
    ),
}


@dataclass
class Outcome:
    rule: str
    case: str | None
    trigger: Moment
    status: str
    deadline: dt.date | dt.datetime | None
    fulfilled: Moment | None = None
    notes: list[str] = field(default_factory=list)


def _after(event: Moment, trigger: Moment) -> bool:
    """C10/C11: an event at or after the trigger (a date alone is its whole day)."""
    return event.hi >= trigger.lo


def _walk(
    start: dt.date, budget: int, paused: Sequence[tuple[dt.date, dt.date | None]]
) -> dt.date | None:
    """The day the *budget*-th counted working day after *start* falls on (None: still paused)."""
    day, counted = start, 0
    while counted < budget:
        day += ONE_DAY
        stopped = False
        for first, last in paused:
            if first < day and (last is None or day <= last):
                if last is None:
                    return None
                stopped = True
        if stopped:
            continue
        if is_workday(day):
            counted += 1
    return day


def _due(last: dt.date) -> dt.datetime:
    following = last + ONE_DAY
    return dt.datetime(following.year, following.month, following.day, tzinfo=SHANGHAI)


def evaluate(spec: Spec, rows: Sequence[Mapping[str, str]], as_of: dt.datetime) -> list[Outcome]:
    """The outcomes of every instance of *spec* in *rows* as of *as_of*."""
    known = [
        (Moment.parse(row["time"]), row) for row in rows if Moment.parse(row["time"]).lo <= as_of
    ]
    known.sort(key=lambda item: item[0].lo)
    outcomes: list[Outcome] = []
    used: set[int] = set()
    for moment, row in known:
        if row["event"] not in spec.trigger:
            continue
        case = row.get("case") or None
        applies = spec.applies(row)
        if applies is False:
            continue
        start, end = spec.effective
        if moment.day < start or (end is not None and moment.day > end):
            outcomes.append(Outcome(spec.rule, case, moment, "not_applicable", None))
            continue
        same = [(m, r, i) for i, (m, r) in enumerate(known) if case and r.get("case") == case]
        if spec.only_if and case and not any(r["event"] == spec.only_if for _, r, _ in same):
            outcomes.append(Outcome(spec.rule, case, moment, "not_applicable", None))
            continue
        period, undecidable = spec.period(row)
        undecidable = undecidable or applies is None or case is None
        assert period is not None
        # the fulfilment: the first matching event at or after the trigger (C11)
        candidates = sorted(
            ((m, i) for m, r, i in same if r["event"] in spec.fulfil and _after(m, moment)),
            key=lambda item: (item[0].hi, item[1]),
        )
        if spec.one_to_one:
            candidates = [c for c in candidates if c[1] not in used]
        fulfil = candidates[0] if candidates else None
        if fulfil is not None and spec.one_to_one:
            used.add(fulfil[1])
        bound = fulfil[0].hi if fulfil is not None else as_of

        def window(event: str, case_rows=same, trigger=moment, bound=bound):  # type: ignore[no-untyped-def]
            return [
                m
                for m, r, _ in case_rows
                if r["event"] == event and m.hi >= trigger.lo and m.lo <= bound
            ]

        amount, unit = period
        last: dt.date | None
        if unit == "hours":
            due: dt.datetime | None = moment.lo + dt.timedelta(hours=amount)
            deadline: dt.date | dt.datetime | None = due
        elif unit == "same_day":
            last = moment.day
            due = _due(last)
            deadline = last
        else:
            base = moment.day
            restarts = list(window(spec.restart)) if spec.restart else []
            restarts = [m for m in restarts if m.lo > moment.lo]
            restart_at = max((m.lo for m in restarts), default=None)
            if restart_at is not None:
                base = restart_at.astimezone(SHANGHAI).date()
            paused: list[tuple[dt.date, dt.date | None]] = []
            if spec.pause:
                timeline = sorted(
                    [(m.lo, 0, m) for m in window(spec.pause[0])]
                    + [(m.lo, 1, m) for m in window(spec.pause[1])],
                    key=lambda item: (item[0], item[1]),
                )
                opened: Moment | None = None
                for _, kind, m in timeline:
                    if kind == 0 and opened is None:
                        opened = m
                    elif kind == 1 and opened is not None:
                        paused.append((opened.day, m.day))
                        opened = None
                if opened is not None:
                    paused.append((opened.day, None))
            budget = amount
            if spec.extension:
                event, attribute, limit, times = spec.extension
                accepted = 0
                notices = sorted(
                    (m, r)
                    for m, r, _ in same
                    if r["event"] == event and m.hi >= moment.lo and m.lo <= bound
                )
                for notified, notice in notices:
                    if restart_at is not None and notified.lo < restart_at:
                        continue
                    if accepted >= times:
                        continue
                    in_force = _walk(base, budget, paused)
                    if in_force is not None and not notified.lo < _due(in_force):
                        continue
                    text = notice.get(attribute)
                    days = int(text) if text else limit
                    budget += min(days, limit)
                    accepted += 1
            last = _walk(base, budget, paused)
            due = _due(last) if last is not None else None
            deadline = last
        if fulfil is not None and not undecidable:
            on_time = due is None or fulfil[0].lo < due
            status = "met" if on_time else "violated"
        elif due is None or as_of < due:
            status = "pending"
        else:
            status = "violated"
        outcomes.append(
            Outcome(spec.rule, case, moment, status, deadline, fulfil[0] if fulfil else None)
        )
    return outcomes
