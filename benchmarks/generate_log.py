"""Realistic standard-schema 政务公开 event logs of any size, for benchmarks and tests.

Usage::

    python benchmarks/generate_log.py 1000000 -o log.csv [--seed 2024] [--format csv|jsonl]
        [--start 2021-01-01] [--end 2026-06-30] [--window 1000]

or, from Python, ``generate(n, seed)`` — an iterator of row dicts (empty attributes left out).

The log follows the standard schema (``time,event,case,unit`` and attributes; /work/shared
EVENTS.md) and holds a mix for every standard obligation: policy documents with their 解读 (mostly
on time, some late, some missing, a few published before the document), 规范性文件, 常务会议
decisions, 舆情 with levels (date-times), 依申请公开 applications with 补正, 征求意见 pauses (some
never closed), 延期告知 extensions (absent, within and over the 20-working-day limit, some late),
答复 (on time, late, missing, a few resubmitted applications); per unit: monthly 抽查 with
``checked``/``total``, 数据发布, 档案移交, 指标报告 metrics, 年度报告公开, 听取汇报, 不予公开评估,
tasks, 新媒体开设/关停 per platform and account; 公文印发 with ``attribute``/``reason``.

Activity is dense around 春节 and 国庆 (a rush in the working days before the break and after it),
on 调休 make-up working days and in December; responses are scheduled in working days of the
official calendar, so deadlines fall across holidays.  Times are dates (``2024-02-08``) except for
舆情 and some publication events (``2024-02-08 14:35``); the S3 and L5 events are always dates.

Memory does not grow with ``n``: rows are scheduled day by day into per-day buckets (holding only
the open processes' future rows) and leave through a shuffle window of ``window`` rows, so the log
is roughly but not strictly in time order.  The number of units grows with ``n`` (3 to 500).
``n`` rows are written exactly; the same ``(n, seed, start, end, window)`` gives the same log.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from typing import IO

import numpy as np

from gkrules.calendar import DayKind, default_calendar

__all__ = ["COLUMNS", "generate", "generate_rows", "parse_count", "write_log"]

COLUMNS = (
    "time",
    "event",
    "case",
    "unit",
    "channel",
    "party",
    "days",
    "level",
    "platform",
    "account",
    "attribute",
    "reason",
    "metric",
    "value",
    "checked",
    "total",
    "task",
    "period",
    "year",
)
_INDEX = {name: i for i, name in enumerate(COLUMNS)}
_WIDTH = len(COLUMNS)

Row = tuple[str, ...]

_REGIONS = (
    ("乐至县", "乐"),
    ("洮南市", "洮"),
    ("临沂市兰山区", "兰"),
    ("沈阳市和平区", "和"),
    ("资阳市雁江区", "雁"),
    ("大连市中山区", "中"),
    ("鞍山市铁东区", "铁"),
    ("白城市洮北区", "北"),
    ("临沭县", "沭"),
    ("安岳县", "岳"),
    ("本溪市平山区", "平"),
    ("营口市站前区", "站"),
    ("锦州市古塔区", "古"),
    ("郯城县", "郯"),
    ("沂水县", "沂"),
    ("通榆县", "榆"),
    ("镇赉县", "赉"),
    ("简阳市", "简"),
    ("丹东市振兴区", "振"),
    ("盘锦市兴隆台区", "隆"),
)
_DEPARTMENTS = (
    ("人民政府办公室", "政办"),
    ("教育局", "教"),
    ("交通运输局", "交"),
    ("卫生健康局", "卫"),
    ("财政局", "财"),
    ("自然资源局", "资"),
    ("生态环境局", "环"),
    ("住房和城乡建设局", "建"),
    ("农业农村局", "农"),
    ("商务局", "商"),
    ("文化和旅游局", "文"),
    ("应急管理局", "应急"),
    ("市场监督管理局", "市监"),
    ("人力资源和社会保障局", "人社"),
    ("民政局", "民"),
    ("司法局", "司"),
    ("水务局", "水"),
    ("统计局", "统"),
    ("医疗保障局", "医保"),
    ("退役军人事务局", "退役"),
    ("发展和改革局", "发改"),
    ("公安局", "公"),
    ("审计局", "审"),
    ("林业和草原局", "林"),
    ("行政审批服务局", "审批"),
)
_CHANNELS = ("当面", "邮寄", "平信", "网络", "传真")
_LEVELS = (("一般", 0.70), ("较大", 0.20), ("重大", 0.08), ("特别重大", 0.02))
_PLATFORMS = ("微信", "微博", "抖音", "今日头条", "快手")
_REASONS = ("涉及国家秘密", "涉及商业秘密", "涉及个人隐私", "内部事务信息", "过程性信息")
_TASKS_2021 = (
    ("各类规划", date(2021, 9, 30)),
    ("深化清理整合", date(2021, 5, 31)),
    ("重大战略部署", date(2021, 12, 31)),
    ("政府规章集中公开", date(2021, 12, 31)),
    ("门户网站IPv6改造", date(2021, 12, 31)),
)
#: Expected unit-level rows per unit and month (抽查, 数据发布, 档案移交, yearly events, tasks, 新媒体).
_UNIT_ROWS_PER_MONTH = 2.8
#: Share of the log the unit-level (periodic) rows should take at most.
_UNIT_SHARE = 0.1


def parse_count(text: str) -> int:
    """``1000000``, ``1e6``, ``10^6`` or ``1_000_000`` → an int."""
    cleaned = text.strip().replace("_", "").replace(",", "")
    if "^" in cleaned:
        base, power = cleaned.split("^", 1)
        return int(base) ** int(power)
    return int(float(cleaned)) if ("e" in cleaned.lower() or "." in cleaned) else int(cleaned)


def unit_count(n: int) -> int:
    """How many units a log of *n* rows has: periodic rows stay about a tenth of the log."""
    return max(3, min(500, round(n * _UNIT_SHARE / (_UNIT_ROWS_PER_MONTH * 66))))


class _Days:
    """The calendar of the generated span as plain lists: fast scalar working-day arithmetic."""

    def __init__(self, start: date, end: date) -> None:
        calendar = default_calendar()
        last = date(calendar.last_year, 12, 31)
        if end > last or start.year < calendar.first_year:
            raise SystemExit(
                f"generate_log: the span {start}..{end} must lie inside the calendar's years "
                f"{calendar.first_year}..{calendar.last_year}"
            )
        self.origin = start.toordinal()
        self.end = end.toordinal()
        self.last = last.toordinal()
        count = self.last - self.origin + 1
        days = np.arange(count) + np.datetime64(start, "D")
        workday = calendar.is_workday_array(days)
        self.workday: list[bool] = workday.tolist()
        self.cum: list[int] = np.cumsum(workday).tolist()
        self.workdays: list[int] = (np.flatnonzero(workday) + self.origin).tolist()
        self.text = [str(date.fromordinal(self.origin + i)) for i in range(count)]
        self.office, self.unrest = self._weights(calendar, start, count)

    def _weights(
        self, calendar: object, start: date, count: int
    ) -> tuple[list[float], list[float]]:
        """Per day: office activity (rush before/after 春节 and 国庆, 调休, December) and 舆情 weight."""
        from gkrules.calendar import WorkdayCalendar

        assert isinstance(calendar, WorkdayCalendar)
        office = [1.0 if w else 0.12 for w in self.workday]
        unrest = [1.0] * count
        for first, last, name in calendar.rest_runs(start, date.fromordinal(self.last)):
            if name not in ("春节", "国庆节"):
                continue
            a, b = first.toordinal() - self.origin, last.toordinal() - self.origin
            for i in range(max(a, 0), min(b + 1, count)):
                unrest[i] = 1.6  # travel, crowds
            before = [i for i in range(max(a - 14, 0), max(a, 0)) if self.workday[i]][-8:]
            for i in before:
                office[i] *= 2.5
            after = [i for i in range(b + 1, min(b + 10, count)) if self.workday[i]][:3]
            for i in after:
                office[i] *= 1.8
        for i in range(count):
            d = date.fromordinal(self.origin + i)
            if calendar.day_info(d).kind is DayKind.MAKEUP_WORKDAY:
                office[i] *= 1.5
            if d.month == 12:
                office[i] *= 1.3
        return office, unrest

    def add(self, day: int, n: int) -> int:
        """The n-th working day strictly after ordinal *day* (C1); past the data: beyond the end."""
        k = self.cum[day - self.origin] + n - 1
        return self.workdays[k] if k < len(self.workdays) else self.last + 1

    def next_workday(self, day: int) -> int:
        return self.add(day, 1)

    def date_text(self, day: int) -> str:
        return self.text[day - self.origin]


class _Unit:
    __slots__ = ("name", "prefix", "region")

    def __init__(self, name: str, prefix: str, region: str) -> None:
        self.name, self.prefix, self.region = name, prefix, region


def _units(count: int, rng: random.Random) -> list[_Unit]:
    pairs = [(r, d) for d in _DEPARTMENTS for r in _REGIONS]
    # every region's government office first, then departments
    pairs.sort(key=lambda p: (p[1][1] != "政办", rng.random()))
    return [
        _Unit(region[0] + dept[0], region[1] + dept[1], region[0]) for region, dept in pairs[:count]
    ]


def _row(time_text: str, event: str, case: str = "", unit: str = "", **attrs: object) -> Row:
    cells = [""] * _WIDTH
    cells[0], cells[1], cells[2], cells[3] = time_text, event, case, unit
    for name, value in attrs.items():
        if value is not None:
            cells[_INDEX[name]] = str(value)
    return tuple(cells)


class _Generator:
    """Schedules processes day by day; rows leave through the shuffle window."""

    def __init__(self, n: int, seed: int, start: date, end: date, window: int) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.days = _Days(start, end)
        span = max(end.toordinal() - start.toordinal() + 1, 1)
        self.window = max(1, window) if window else max(16, round(3 * n / span))
        self.units = _units(unit_count(n), self.rng)
        self.unit_cum = list(
            itertools.accumulate(1.0 / (i + 1) ** 0.6 for i in range(len(self.units)))
        )
        self.buckets: dict[int, list[Row]] = {}
        self.scheduled = 0
        self.today = self.days.origin
        self.serials: dict[tuple[str, int, str], int] = {}
        self.accounts: dict[tuple[str, str], int] = {}
        self.kinds: list[tuple[Callable[[int, _Unit], None], float, float]] = [
            (self.application, 0.20, 0.25),
            (self.policy, 0.24, 0.03),
            (self.normative, 0.09, 0.0),
            (self.meeting, 0.025, 0.0),
            (self.public_opinion, 0.12, 0.60),
            (self.proactive, 0.20, 0.07),
            (self.issued, 0.125, 0.05),
        ]

    # --- scheduling ---------------------------------------------------------------------------

    def put(self, day: int, row: Row) -> None:
        if day > self.days.end or day < self.days.origin:
            return  # after the export (or before the span): not in the log
        day = max(day, self.today)  # an event dated earlier is logged late (out of order)
        bucket = self.buckets.get(day)
        if bucket is None:
            self.buckets[day] = [row]
        else:
            bucket.append(row)
        self.scheduled += 1

    def serial(self, unit: _Unit, year: int, kind: str) -> int:
        key = (unit.prefix, year, kind)
        value = self.serials.get(key, 0) + 1
        self.serials[key] = value
        return value

    def date_text(self, day: int) -> str:
        days = self.days
        return days.text[(day if day <= days.last else days.last) - days.origin]

    def clock_text(self, day: int, hour: int, minute: int) -> str:
        return f"{self.date_text(day)} {hour:02d}:{minute:02d}"

    def maybe_clock(self, day: int, share: float) -> str:
        rng = self.rng
        if rng.random() < share:
            return f"{self.date_text(day)} {self.randint(8, 18):02d}:{self.randint(0, 59):02d}:00"
        return self.date_text(day)

    def randint(self, a: int, b: int) -> int:
        """Like ``random.randint`` (a ≤ N ≤ b), without its argument checks."""
        return a + int(self.rng.random() * (b - a + 1))

    def unit(self) -> _Unit:
        cum = self.unit_cum
        return self.units[bisect.bisect(cum, self.rng.random() * cum[-1])]

    # --- processes: each schedules all its rows when it starts ----------------------------------

    def policy(self, day: int, unit: _Unit) -> None:
        """S3, S16: 政策文件公开 and its 解读."""
        rng, days = self.rng, self.days
        year = date.fromordinal(day).year
        case = f"{unit.prefix}发〔{year}〕{self.serial(unit, year, '发')}号"
        name = unit.name
        self.put(day, _row(self.date_text(day), "政策文件公开", case, name))
        r = rng.random()
        if r < 0.02:  # republished (corrected) a few days later; 解读 follows the second
            again = days.add(day, self.randint(1, 4))
            self.put(again, _row(self.date_text(again), "政策文件公开", case, name))
            day = again
            r = rng.random() * 0.6
        if r < 0.36:
            when = day  # 同步
        elif r < 0.74:
            when = days.add(day, self.randint(1, 3))
        elif r < 0.86:
            when = days.add(day, self.randint(4, 12))  # late
        elif r < 0.89:
            when = day - self.randint(1, 3)  # before the document: does not fulfil (C11)
        else:
            return  # never interpreted
        self.put(when, _row(self.date_text(when), "解读发布", case, name))

    def normative(self, day: int, unit: _Unit) -> None:
        """S1: 规范性文件印发 → 上网 within 15 工作日."""
        rng, days = self.rng, self.days
        year = date.fromordinal(day).year
        case = f"{unit.prefix}规〔{year}〕{self.serial(unit, year, '规')}号"
        self.put(day, _row(self.date_text(day), "规范性文件印发", case, unit.name))
        r = rng.random()
        if r < 0.85:
            when = days.add(day, self.randint(1, 15))
        elif r < 0.95:
            when = days.add(day, self.randint(16, 25))
        else:
            return
        self.put(when, _row(self.maybe_clock(when, 0.3), "规范性文件上网", case, unit.name))

    def meeting(self, day: int, unit: _Unit) -> None:
        """S2: a 常务会议 decides 2–5 matters; each 公开 within 1 工作日 (原则上)."""
        rng, days = self.rng, self.days
        year = date.fromordinal(day).year
        number = self.serial(unit, year, "常务")
        for item in range(1, self.randint(2, 5) + 1):
            case = f"{unit.region}政府常务会议〔{year}〕第{number}次-{item}"
            self.put(day, _row(self.date_text(day), "常务会议议定", case, unit.name))
            r = rng.random()
            if r < 0.45:
                when = day
            elif r < 0.80:
                when = days.add(day, 1)
            elif r < 0.95:
                when = days.add(day, self.randint(2, 4))
            else:
                continue
            self.put(when, _row(self.maybe_clock(when, 0.4), "议定事项公开", case, unit.name))

    def public_opinion(self, day: int, unit: _Unit) -> None:
        """S4, S5: 舆情发生 at a time of day; 新闻发布会 / 舆情回应 within hours."""
        rng = self.rng
        r, level = rng.random(), "一般"
        for name, share in _LEVELS:
            if r < share:
                level = name
                break
            r -= share
        year = date.fromordinal(day).year
        case = f"舆情〔{year}〕{self.serial(unit, year, '舆情'):05d}-{unit.prefix}"
        minute = self.randint(0, 24 * 60 - 1)
        self.put(
            day,
            _row(
                self.clock_text(day, minute // 60, minute % 60),
                "舆情发生",
                case,
                unit.name,
                level=level,
            ),
        )
        serious = level in ("重大", "特别重大")
        if serious and rng.random() < 0.92:
            hours = rng.uniform(2, 23.5) if rng.random() < 0.85 else rng.uniform(24.5, 40)
            self.put_after(day, minute, hours, "新闻发布会", case, unit.name)
        if rng.random() < 0.93:
            limit = 24 if serious else 48
            hours = (
                rng.uniform(0.5, limit - 0.5)
                if rng.random() < 0.88
                else rng.uniform(limit + 0.5, 96)
            )
            self.put_after(day, minute, hours, "舆情回应", case, unit.name)
            if rng.random() < 0.3:  # continuing updates
                self.put_after(
                    day, minute, hours + rng.uniform(12, 72), "舆情回应", case, unit.name
                )

    def put_after(
        self, day: int, minute: int, hours: float, event: str, case: str, unit: str
    ) -> None:
        total = minute + int(hours * 60)
        when = day + total // (24 * 60)
        rest = total % (24 * 60)
        self.put(when, _row(self.clock_text(when, rest // 60, rest % 60), event, case, unit))

    def proactive(self, day: int, unit: _Unit) -> None:
        """L1: 信息形成/信息变更 → 主动公开 within 20 工作日."""
        rng, days = self.rng, self.days
        year = date.fromordinal(day).year
        case = f"{unit.prefix}信〔{year}〕{self.serial(unit, year, '信'):04d}号"
        event = "信息形成" if rng.random() < 0.8 else "信息变更"
        self.put(day, _row(self.date_text(day), event, case, unit.name))
        r = rng.random()
        if r < 0.85:
            when = days.add(day, self.randint(1, 20))
        elif r < 0.95:
            when = days.add(day, self.randint(21, 30))
        else:
            return
        self.put(when, _row(self.maybe_clock(when, 0.25), "主动公开", case, unit.name))

    def issued(self, day: int, unit: _Unit) -> None:
        """S17: 公文印发 with its disclosure attribute (and reason for 不予公开)."""
        rng = self.rng
        year = date.fromordinal(day).year
        case = f"{unit.prefix}函〔{year}〕{self.serial(unit, year, '函')}号"
        r = rng.random()
        attribute: str | None
        reason: str | None = None
        if r < 0.60:
            attribute = "主动公开"
        elif r < 0.75:
            attribute = "依申请公开"
        elif r < 0.94:
            attribute = "不予公开"
            reason = rng.choice(_REASONS) if rng.random() < 0.9 else None
        elif r < 0.99:
            attribute = None
        else:
            attribute = "内部"  # not an allowed value
        self.put(
            day,
            _row(
                self.date_text(day), "公文印发", case, unit.name, attribute=attribute, reason=reason
            ),
        )

    def application(self, day: int, unit: _Unit) -> None:
        """L2–L5: 收到申请, 补正, 征求意见 pauses, 延期告知, 答复."""
        rng, days = self.rng, self.days
        year = date.fromordinal(day).year
        case = f"{unit.prefix}依申请〔{year}〕{self.serial(unit, year, '依申请')}号"
        name = unit.name
        channel = rng.choice(_CHANNELS) if rng.random() < 0.99 else "电子邮件"
        self.put(day, _row(self.date_text(day), "收到申请", case, name, channel=channel))
        start = day
        if rng.random() < 0.15:  # unclear: 补正告知, mostly within 7 工作日
            notice = days.add(
                day, self.randint(1, 7) if rng.random() < 0.9 else self.randint(8, 12)
            )
            self.put(notice, _row(self.date_text(notice), "补正告知", case, name))
            if rng.random() < 0.03:  # told twice (L2.2)
                again = days.add(notice, self.randint(1, 3))
                self.put(again, _row(self.date_text(again), "补正告知", case, name))
            if rng.random() < 0.2:
                return  # never supplemented: deemed withdrawn, no reply
            start = days.add(notice, self.randint(1, 15))
            self.put(start, _row(self.date_text(start), "收到补正", case, name))
        budget = 20
        paused = 0
        cursor = start
        if rng.random() < 0.10:  # 征求意见: the clock pauses
            for _ in range(1 if rng.random() < 0.85 else 2):
                begin = days.add(cursor, self.randint(1, 8))
                party = "第三方" if rng.random() < 0.7 else "其他机关"
                self.put(
                    begin, _row(self.date_text(begin), "征求意见开始", case, name, party=party)
                )
                if rng.random() < 0.03:
                    return  # still consulting: the clock is suspended
                length = self.randint(2, 15) if rng.random() < 0.9 else self.randint(16, 25)
                finish = days.add(begin, length)
                self.put(
                    finish, _row(self.date_text(finish), "征求意见结束", case, name, party=party)
                )
                paused += length
                cursor = finish
        if rng.random() < 0.08:  # 延期告知
            notified = days.add(
                start, self.randint(8, 19) + paused if rng.random() < 0.9 else 21 + paused
            )
            r = rng.random()
            amount = (
                None
                if r < 0.3
                else (rng.choice((5, 10, 15, 20)) if r < 0.9 else rng.choice((25, 30)))
            )
            self.put(notified, _row(self.date_text(notified), "延期告知", case, name, days=amount))
            budget += min(amount if amount is not None else 20, 20)
        r = rng.random()
        if r < 0.84:
            wait = self.randint(1, budget)
        elif r < 0.95:
            wait = budget + self.randint(1, 10)
        else:
            wait = None
        if wait is not None:
            reply = days.add(start, wait + paused)
            self.put(reply, _row(self.date_text(reply), "答复", case, name))
        if rng.random() < 0.01:  # the applicant submits again: a second instance (C11)
            again = days.add(day, self.randint(3, 30))
            self.put(again, _row(self.date_text(again), "收到申请", case, name, channel=channel))

    # --- unit-level events, scheduled at the start of each month ---------------------------------

    def month(self, first: int) -> None:
        rng, days = self.rng, self.days
        d = date.fromordinal(first)
        length = (date(d.year + (d.month == 12), d.month % 12 + 1, 1) - d).days
        workdays = [first + i for i in range(length) if days.workday[first + i - days.origin]] or [
            first
        ]

        def some_day() -> int:
            return rng.choice(workdays)

        for unit in self.units:
            name = unit.name
            if rng.random() < 0.9:
                total = self.randint(20, 200)
                share = rng.uniform(0.12, 0.3) if rng.random() < 0.9 else rng.uniform(0.02, 0.09)
                when = some_day()
                checked = max(1, round(total * share))
                self.put(
                    when, _row(self.date_text(when), "抽查", "", name, checked=checked, total=total)
                )
            if rng.random() < 0.8:
                when = some_day()
                self.put(when, _row(self.date_text(when), "数据发布", "", name, period="月度"))
            if d.month in (1, 4, 7, 10):
                if rng.random() < 0.85:
                    when = some_day()
                    self.put(when, _row(self.date_text(when), "数据发布", "", name, period="季度"))
                if rng.random() < 0.85:
                    when = some_day()
                    self.put(when, _row(self.date_text(when), "档案移交", "", name))
            if d.month == 1 and rng.random() < 0.95:  # 年度报告 on the previous year
                when = days.add(
                    first, self.randint(1, 21) if rng.random() < 0.85 else self.randint(22, 45)
                )
                self.put(
                    when, _row(self.date_text(when), "年度报告公开", "", name, year=d.year - 1)
                )
            if d.month == rng.choice((3, 6, 9, 11)) and rng.random() < 0.9:
                when = some_day()
                self.put(when, _row(self.date_text(when), "听取汇报", "", name))
            if d.month == 11 and rng.random() < 0.85:
                when = some_day()
                self.put(when, _row(self.date_text(when), "不予公开评估", "", name))
            if d.month == 12:
                when = some_day()
                weight = round(rng.uniform(0.03, 0.06), 3)
                self.put(
                    when,
                    _row(
                        self.date_text(when),
                        "指标报告",
                        "",
                        name,
                        metric="政务公开绩效权重",
                        value=weight,
                    ),
                )
                when = some_day()
                self.put(
                    when,
                    _row(
                        self.date_text(when),
                        "指标报告",
                        "",
                        name,
                        metric="全市考核排名",
                        value=self.randint(1, 20),
                    ),
                )
            if d.year == 2021 and d.month in (3, 5, 9, 11):
                for task, due in _TASKS_2021:
                    if due.month in (d.month, d.month + 1) and rng.random() < 0.9:
                        when = (
                            days.add(first, self.randint(0, 25))
                            if rng.random() < 0.8
                            else due.toordinal() + self.randint(1, 20)
                        )
                        self.put(when, _row(self.date_text(when), "任务完成", "", name, task=task))
            if rng.random() < 0.02:
                self.new_media(some_day(), unit)

    def new_media(self, day: int, unit: _Unit) -> None:
        """S9: an account opened; sometimes a second on the same platform; old ones closed."""
        rng, days = self.rng, self.days
        platform = rng.choice(_PLATFORMS)
        key = (unit.name, platform)
        count = self.accounts.get(key, 0) + 1
        self.accounts[key] = count
        account = f"{unit.region}{unit.prefix}-{platform}-{count}"
        self.put(
            day,
            _row(
                self.date_text(day), "新媒体开设", "", unit.name, platform=platform, account=account
            ),
        )
        if count > 1 and rng.random() < 0.6:  # the older account closed (a while later)
            when = days.add(day, self.randint(1, 60))
            old = f"{unit.region}{unit.prefix}-{platform}-{count - 1}"
            self.put(
                when,
                _row(
                    self.date_text(when),
                    "新媒体关停",
                    "",
                    unit.name,
                    platform=platform,
                    account=old,
                ),
            )

    # --- the day loop ---------------------------------------------------------------------------

    def run(self) -> Iterator[Row]:
        rng, days = self.rng, self.days
        origin, end = days.origin, days.end
        # the units' opening accounts
        for unit in self.units:
            for platform in rng.sample(_PLATFORMS, self.randint(1, 3)):
                key = (unit.name, platform)
                self.accounts[key] = 1
                when = origin + self.randint(0, 60)
                account = f"{unit.region}{unit.prefix}-{platform}-1"
                self.put(
                    when,
                    _row(
                        self.date_text(when),
                        "新媒体开设",
                        "",
                        unit.name,
                        platform=platform,
                        account=account,
                    ),
                )
        office = days.office[: end - origin + 1]
        weight_left = float(sum(office))
        months_left = _months_between(date.fromordinal(origin), date.fromordinal(end))
        per_month = len(self.units) * _UNIT_ROWS_PER_MONTH
        carry = 0.0
        emitted = 0
        buffer: list[Row] = []
        kinds = self.kinds
        work_cum = list(itertools.accumulate(k[1] for k in kinds))
        rest_cum = list(itertools.accumulate(k[2] for k in kinds))
        random_ = rng.random
        window = self.window
        mean_rows = 2.3
        for day in range(origin, end + 1):
            i = day - origin
            self.today = day
            if date.fromordinal(day).day == 1:
                months_left -= 1
                self.month(day)
            w = office[i]
            budget = self.n - self.scheduled - months_left * per_month
            quota = max(budget, 0) * w / weight_left + carry if weight_left > 0 else 0.0
            weight_left -= w
            last_day = day == end
            target = self.scheduled + quota
            cum = work_cum if days.workday[i] else rest_cum
            while self.scheduled < target or (last_day and self.scheduled < self.n):
                process = kinds[bisect.bisect(cum, random_() * cum[-1])][0]
                process(day, self.unit())
            carry = max(target - self.scheduled, -mean_rows)
            for row in self.buckets.pop(day, ()):
                if len(buffer) < window:
                    buffer.append(row)
                    continue
                j = int(random_() * window)
                yield buffer[j]
                buffer[j] = row
                emitted += 1
                if emitted == self.n:
                    return
        rng.shuffle(buffer)
        for row in buffer:
            yield row
            emitted += 1
            if emitted == self.n:
                return


def _months_between(start: date, end: date) -> int:
    """Month starts in (start, end]."""
    return (end.year - start.year) * 12 + end.month - start.month


def generate_rows(
    n: int,
    seed: int = 2024,
    *,
    start: date = date(2021, 1, 1),
    end: date = date(2026, 6, 30),
    window: int = 0,
) -> Iterator[Row]:
    """*n* rows as tuples in :data:`COLUMNS` order (``""`` for an absent value)."""
    if n <= 0:
        return iter(())
    return _Generator(n, seed, start, end, window).run()


def generate(
    n: int,
    seed: int = 2024,
    *,
    start: date = date(2021, 1, 1),
    end: date = date(2026, 6, 30),
    window: int = 0,
) -> Iterator[dict[str, str]]:
    """*n* rows as dicts of the standard schema; empty attributes are left out."""
    for row in generate_rows(n, seed, start=start, end=end, window=window):
        yield {name: value for name, value in zip(COLUMNS, row, strict=True) if value}


def write_log(rows: Iterator[Row], out: IO[str], fmt: str = "csv") -> int:
    """Write *rows* as CSV (header row) or JSON Lines; return the number of rows written."""
    count = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for chunk in _chunks(rows, 10_000):
            writer.writerows(chunk)
            count += len(chunk)
        return count
    dumps = json.dumps
    for row in rows:
        out.write(dumps({k: v for k, v in zip(COLUMNS, row, strict=True) if v}, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def _chunks(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=parse_count, help="rows to write (1000000, 1e6, 10^6)")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2021, 1, 1))
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 6, 30))
    parser.add_argument(
        "--window",
        type=int,
        default=0,
        help="shuffle window in rows (default: about 3 days of rows)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = generate_rows(args.n, args.seed, start=args.start, end=args.end, window=args.window)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            count = write_log(rows, out, args.format)
    else:
        count = write_log(rows, sys.stdout, args.format)
    seconds = time.perf_counter() - started
    print(
        f"generate_log: {count:,} rows ({unit_count(args.n)} units, seed {args.seed}) "
        f"in {seconds:.1f} s ({count / max(seconds, 1e-9):,.0f} rows/s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
