"""The raw facts behind a deadline, and their plain-language rendering in Chinese and English.

A :class:`Step` records one fact of a computation — the trigger day not counted (C1), a holiday run
skipped, working days 1–3 counted, a 调休 Saturday counted, a roll-off (C4), a pause, an extension —
without wording.  Steps are built only when an explanation is asked for (``explain=True``); the hot
path never pays for them.  :func:`describe_steps` turns them into short lines such as::

    1月27日公开（当日不计）
    1月28日至2月4日为春节假期，不计
    2月5日、2月6日、2月7日为第1–3个工作日
    期限：2月7日24时

The report layer may render steps itself; this module is the calendar layer's own wording.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from attrs import frozen

if TYPE_CHECKING:
    from gkrules.calendar.periods import Amount, Period

__all__ = ["Step", "StepKind", "describe_steps"]

Lang = Literal["en", "zh"]

_SHANGHAI = ZoneInfo("Asia/Shanghai")


class StepKind(enum.Enum):
    """What one step of a deadline computation records."""

    #: The trigger (``at``) on ``start``; that day is not counted (C1) unless ``note == "counted"``.
    START = "start"
    #: Counting starts afresh from the restart ``at`` (C9); earlier pauses and extensions lapse.
    RESTARTED = "restarted"
    #: A run of rest days ``start``–``end`` not counted (``name``: the holiday, ``None`` for a weekend).
    SKIPPED = "skipped"
    #: Days ``start``–``end`` counted as ordinals ``first``–``last`` (``weekends`` plain weekend days
    #: inside the run not counted).  For months/years: the period ``amount`` ends on ``end``.
    COUNTED = "counted"
    #: A 调休 make-up working day ``start`` (for holiday ``name``) counted as ordinal ``first``.
    MAKEUP_DAY = "makeup_day"
    #: C3: the month of ``end`` has no day corresponding to the trigger's day ``first``.
    MONTH_END = "month_end"
    #: C4: the last day ``start`` is a rest day (``name``); the period ends on ``end``.
    ROLLED_OFF = "rolled_off"
    #: The clock stood still on days ``start``–``end`` (``end`` ``None``: still paused); the pause
    #: began at ``at`` (that day still counted, C9) and ended at ``until``.
    PAUSED = "paused"
    #: An extension of ``amount`` notified at ``at`` moved the deadline to ``end``.
    EXTENDED = "extended"
    #: An extension of ``amount`` notified at ``at`` was over its ``limit`` and counted as ``limit``.
    EXTENSION_CLAMPED = "extension_clamped"
    #: An extension notified at ``at`` was not applied; ``note``: ``"count"`` (over the number
    #: allowed, ``first``), ``"late"`` (after the deadline in force, ``end``) or ``"superseded"``
    #: (notified before a restart).
    EXTENSION_IGNORED = "extension_ignored"
    #: Days from ``start`` on are provisional: no holiday notice is known for them (C7).
    PROVISIONAL = "provisional"
    #: As of ``at`` the clock is paused with ``left`` still to run; there is no deadline yet
    #: (``note == "since"``: ``at`` is when the pause began, no evaluation instant was given).
    SUSPENDED = "suspended"
    #: The period ends at ``at`` (its last day ``end``; ``note``: ``"24h"``, ``"cutoff"``,
    #: ``"exclusive"`` or ``"exact"``).
    DUE = "due"


@frozen
class Step:
    """One fact of a deadline computation (see :class:`StepKind` for what each field means)."""

    kind: StepKind
    start: date | None = None
    end: date | None = None
    first: int | None = None
    last: int | None = None
    weekends: int = 0
    name: str | None = None
    source: str | None = None
    at: datetime | None = None
    until: datetime | None = None
    amount: Period | None = None
    limit: Period | None = None
    #: What is left of a suspended clock.
    left: Amount | None = None
    note: str | None = None


# --- rendering ----------------------------------------------------------------------------------

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: The Chinese holiday names the calendar uses → English.
HOLIDAY_NAMES_EN = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明节": "Qingming Festival",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-Autumn Festival",
    "国庆节": "National Day",
    "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日": "the 70th anniversary of victory in the War of Resistance",
}


class _Writer:
    """Formats dates, times and names for one language, omitting the reference year."""

    def __init__(self, lang: Lang, year: int) -> None:
        self.lang = lang
        self.year = year

    def day(self, d: date) -> str:
        if self.lang == "zh":
            year = f"{d.year}年" if d.year != self.year else ""
            return f"{year}{d.month}月{d.day}日"
        year = f" {d.year}" if d.year != self.year else ""
        return f"{d.day} {_MONTHS_EN[d.month - 1]}{year}"

    def days(self, start: date, end: date) -> str:
        if start == end:
            return self.day(start)
        if self.lang == "zh":
            return f"{self.day(start)}至{self.day(end)}"
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{self.day(end)}"
        return f"{self.day(start)} – {self.day(end)}"

    def listed(self, days: Sequence[date]) -> str:
        """``1月29日、1月30日、1月31日`` / ``29, 30 and 31 January``."""
        if self.lang == "zh":
            return "、".join(self.day(d) for d in days)
        if len(days) == 1:
            return self.day(days[0])
        same_month = all((d.year, d.month) == (days[-1].year, days[-1].month) for d in days)
        head = [str(d.day) if same_month else self.day(d) for d in days[:-1]]
        return ", ".join(head) + f" and {self.day(days[-1])}"

    def clock(self, t: time) -> str:
        if self.lang == "zh":
            return f"{t.hour}时{t.minute}分" if t.minute else f"{t.hour}时"
        return f"{t.hour:02d}:{t.minute:02d}"

    def moment(
        self, at: datetime, *, day_end: bool = False, same_day_as: datetime | None = None
    ) -> str:
        """A local date and time; *day_end*: midnight is shown as 24:00 of the day before;
        *same_day_as*: the date is left out when it is that instant's (``8时至20时``)."""
        local = at.astimezone(_SHANGHAI)
        day, clock = local.date(), self.clock(local.time())
        if day_end and local.time() == time(0, 0):
            day, clock = day - timedelta(days=1), ("24时" if self.lang == "zh" else "24:00")
        if same_day_as is not None and same_day_as.astimezone(_SHANGHAI).date() == day:
            return clock
        if self.lang == "zh":
            return f"{self.day(day)}{clock}"
        return f"{clock} on {self.day(day)}"

    def holiday(self, name: str | None) -> str:
        if name is None:
            return "休息日" if self.lang == "zh" else "rest days"
        if self.lang == "zh":
            return name if name.endswith(("假期", "日")) else f"{name}假期"
        names = [HOLIDAY_NAMES_EN.get(part, part) for part in name.split("、")]
        return " and ".join(names) + " holiday"

    def period(self, period: Period | None) -> str:
        if period is None:
            return ""
        return period.label(self.lang)

    def ordinals(self, first: int, last: int, unit_zh: str, unit_en: str) -> str:
        if self.lang == "zh":
            span = f"{first}" if first == last else f"{first}–{last}"
            return f"第{span}{unit_zh}"
        if first == last:
            return f"{unit_en} {first}"
        return f"{unit_en}s {first}–{last}"


def describe_steps(steps: Sequence[Step], lang: Lang = "zh", event: str | None = None) -> list[str]:
    """Plain-language lines for *steps*; *event* names the trigger (e.g. ``公开`` / ``published``)."""
    year = next((s.start.year for s in steps if s.start is not None), 0)
    w = _Writer(lang, year)
    zh = lang == "zh"
    lines: list[str] = []
    for step in steps:
        lines.append(_line(step, w, zh, event))
    return lines


def _line(step: Step, w: _Writer, zh: bool, event: str | None) -> str:
    kind = step.kind
    unit_zh, unit_en = _unit_words(step)
    if kind is StepKind.START:
        return _start_line(step, w, zh, event)
    if kind is StepKind.RESTARTED:
        assert step.start is not None
        if zh:
            return f"{w.day(step.start)}重新起算（当日不计，此前的暂停和延期不再适用）"
        return f"{w.day(step.start)}: the clock restarts (that day not counted; earlier pauses and extensions lapse)"
    if kind is StepKind.SKIPPED:
        assert step.start is not None
        assert step.end is not None
        if step.name is None and _all_weekend(step.start, step.end):
            return (
                f"{w.days(step.start, step.end)}为周末，不计"
                if zh
                else f"{w.days(step.start, step.end)}: weekend, not counted"
            )
        what = w.holiday(step.name)
        return (
            f"{w.days(step.start, step.end)}为{what}，不计"
            if zh
            else f"{w.days(step.start, step.end)}: {what}, not counted"
        )
    if kind is StepKind.COUNTED:
        return _counted_line(step, w, zh, unit_zh, unit_en)
    if kind is StepKind.MAKEUP_DAY:
        assert step.start is not None
        assert step.first is not None
        weekday = step.start.weekday()
        name = step.name or ""
        if zh:
            return (
                f"{w.day(step.start)}（{_WEEKDAYS_ZH[weekday]}）为{name}调休上班日，"
                f"计为第{step.first}个工作日"
            )
        holiday = f" ({HOLIDAY_NAMES_EN.get(name, name)})" if name else ""
        return (
            f"{_WEEKDAYS_EN[weekday]} {w.day(step.start)}: a make-up working day{holiday}, "
            f"counted as working day {step.first}"
        )
    if kind is StepKind.MONTH_END:
        assert step.end is not None
        month_zh = f"{step.end.year}年{step.end.month}月"
        month_en = f"{_MONTHS_EN[step.end.month - 1]} {step.end.year}"
        if zh:
            return f"{month_zh}没有{step.first}日，以该月最后一日{w.day(step.end)}为期限末日"
        return f"{month_en} has no day {step.first}; the period ends on its last day, {w.day(step.end)}"
    if kind is StepKind.ROLLED_OFF:
        assert step.start is not None
        assert step.end is not None
        what = w.holiday(step.name)
        if step.name is None and step.start.weekday() >= 5:
            what = "周末" if zh else "a weekend"
        if zh:
            return f"{w.day(step.start)}为{what}，期限顺延至下一个工作日{w.day(step.end)}"
        return (
            f"{w.day(step.start)} falls {'on' if step.name is None else 'in the'} {what}; "
            "the period ends on the next working day, "
            f"{w.day(step.end)}"
        )
    if kind is StepKind.PAUSED:
        return _paused_line(step, w, zh)
    if kind is StepKind.EXTENDED:
        assert step.at is not None
        target = _target(step, w, zh)
        if zh:
            return f"{w.day(step.at.astimezone(_SHANGHAI).date())}告知延期{w.period(step.amount)}，{target}"
        return f"{w.day(step.at.astimezone(_SHANGHAI).date())}: extension of {w.period(step.amount)} notified; {target}"
    if kind is StepKind.EXTENSION_CLAMPED:
        if zh:
            return f"延期{w.period(step.amount)}超过上限{w.period(step.limit)}，按{w.period(step.limit)}计"
        return f"the extension of {w.period(step.amount)} exceeds the limit of {w.period(step.limit)}; {w.period(step.limit)} counted"
    if kind is StepKind.EXTENSION_IGNORED:
        return _ignored_line(step, w, zh)
    if kind is StepKind.PROVISIONAL:
        assert step.start is not None
        if zh:
            return f"自{w.day(step.start)}起尚无放假通知，按法定节假日临时推算，结果为临时结果"
        return (
            f"from {w.day(step.start)} on no holiday notice is known: days are estimated from the "
            "statutory holidays, so the result is provisional"
        )
    if kind is StepKind.SUSPENDED:
        assert step.at is not None
        left = step.left.label(w.lang) if step.left is not None else ""
        if step.note == "since":
            since = w.day(step.at.astimezone(_SHANGHAI).date())
            if zh:
                return f"自{since}起暂停计算，尚余{left}，期限待恢复计算后确定"
            return f"paused since {since} with {left} left; the deadline is fixed once the clock resumes"
        as_of = w.moment(step.at, day_end=True)
        if zh:
            return f"截至{as_of}仍在暂停计算，尚余{left}，期限待恢复计算后确定"
        return (
            f"as of {as_of} the clock is still paused with {left} left; "
            "the deadline is fixed once it resumes"
        )
    assert kind is StepKind.DUE
    return _due_line(step, w, zh)


def _unit_words(step: Step) -> tuple[str, str]:
    from gkrules.calendar.periods import Unit

    if step.amount is not None and step.amount.unit is Unit.DAYS:
        return "日", "day"
    return "个工作日", "working day"


def _all_weekend(start: date, end: date) -> bool:
    return all((start + timedelta(k)).weekday() >= 5 for k in range((end - start).days + 1))


def _start_line(step: Step, w: _Writer, zh: bool, event: str | None) -> str:
    assert step.at is not None
    assert step.start is not None
    if step.note == "hours":
        if zh:
            return f"自{w.moment(step.at)}起算{w.period(step.amount)}（节假日照常计算）"
        return f"{w.period(step.amount)} counted from {w.moment(step.at)}, holidays included"
    counted = step.note == "counted"
    if zh:
        what = event if event is not None else "为起算日"
        if step.name is not None and not counted:
            return f"{w.day(step.start)}{what}（当日为{w.holiday(step.name)}，亦不计）"
        return f"{w.day(step.start)}{what}（{'当日计入' if counted else '当日不计'}）"
    what = event if event is not None else "the triggering day"
    if step.name is not None and not counted:
        return (
            f"{w.day(step.start)}: {what} (in the {w.holiday(step.name)}; not counted either way)"
        )
    return (
        f"{w.day(step.start)}: {what} ({'counted as day 1' if counted else 'that day not counted'})"
    )


def _counted_line(step: Step, w: _Writer, zh: bool, unit_zh: str, unit_en: str) -> str:
    assert step.end is not None
    if step.first is None or step.start is None:  # months or years: the whole span at once
        if zh:
            return f"{w.period(step.amount)}届满于{w.day(step.end)}"
        return f"{w.period(step.amount)} end on {w.day(step.end)}"
    assert step.last is not None
    ordinals = w.ordinals(step.first, step.last, unit_zh, unit_en)
    count = (step.end - step.start).days + 1
    if step.weekends == 0 and count <= 3:
        listed = w.listed([step.start + timedelta(k) for k in range(count)])
        return f"{listed}为{ordinals}" if zh else f"{listed}: {ordinals}"
    weekends = ("（其间周末不计）" if zh else " (weekends not counted)") if step.weekends else ""
    if zh:
        return f"{w.days(step.start, step.end)}为{ordinals}{weekends}"
    return f"{w.days(step.start, step.end)}: {ordinals}{weekends}"


def _paused_line(step: Step, w: _Writer, zh: bool) -> str:
    assert step.at is not None
    began = w.day(step.at.astimezone(_SHANGHAI).date())
    if step.start is None:  # an exact pause of an hours period
        if step.until is None:
            return (
                f"自{w.moment(step.at)}起暂停计时"
                if zh
                else f"clock paused from {w.moment(step.at)}"
            )
        if zh:
            until = w.moment(step.until, same_day_as=step.at)
            return f"{w.moment(step.at)}至{until}暂停计时，不计"
        return f"clock paused from {w.moment(step.at)} to {w.moment(step.until)}, not counted"
    if step.note == "before_start":
        if zh:
            return f"{w.days(step.start, step.end) if step.end else '自' + w.day(step.start) + '起'}仍在暂停中（{began}开始），不计"
        until = w.days(step.start, step.end) if step.end else f"from {w.day(step.start)} on"
        return f"{until}: still paused (since {began}), not counted"
    if step.end is None:
        if zh:
            return f"{began}开始暂停（当日计入），自{w.day(step.start)}起不计"
        return f"paused on {began} (that day counted); not counting from {w.day(step.start)}"
    if zh:
        return f"{began}开始暂停（当日计入），{w.days(step.start, step.end)}不计"
    return f"paused on {began} (that day counted); {w.days(step.start, step.end)} not counted"


def _target(step: Step, w: _Writer, zh: bool) -> str:
    if step.end is None:
        return "计时仍在暂停中" if zh else "the clock is still paused"
    return f"期限延至{w.day(step.end)}" if zh else f"the period now ends on {w.day(step.end)}"


def _ignored_line(step: Step, w: _Writer, zh: bool) -> str:
    assert step.at is not None
    when = w.day(step.at.astimezone(_SHANGHAI).date())
    if step.note == "count":
        if zh:
            return f"{when}的延期告知不计：延期以{step.first}次为限"
        return f"the extension notified on {when} is ignored: at most {step.first} allowed"
    if step.note == "late":
        deadline = w.day(step.end) if step.end is not None else ""
        if zh:
            return f"{when}的延期告知不计：晚于当时的期限{deadline}"
        return f"the extension notified on {when} is ignored: it came after the deadline then in force, {deadline}"
    if zh:
        return f"{when}的延期告知因重新起算而不再适用"
    return f"the extension notified on {when} lapsed when the clock restarted"


def _due_line(step: Step, w: _Writer, zh: bool) -> str:
    assert step.at is not None
    if step.note == "24h" and step.end is not None:
        return f"期限：{w.day(step.end)}24时" if zh else f"Deadline: 24:00 on {w.day(step.end)}"
    if step.note == "exclusive" and step.end is not None:
        if zh:
            return f"期限：{w.day(step.end)}0时（不含当日）"
        return f"Deadline: 00:00 on {w.day(step.end)} (that day excluded)"
    return f"期限：{w.moment(step.at)}" if zh else f"Deadline: {w.moment(step.at)}"
