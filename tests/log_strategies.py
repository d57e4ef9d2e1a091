"""Hypothesis strategies for random standard-schema logs around the deadline rules.

Rows are plain dicts (``time``, ``event``, ``case`` and attributes) so that both gkrules and the
brute-force reference evaluator (tests/reference_evaluator.py) read the same data.  Dates cluster
around 2022 (the year the county rules S1–S5 are in force) with its 春节, 清明, 劳动节 and 国庆
holidays and their 调休 days; times are date-only or to the minute.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

FIRST_DAY = dt.date(2021, 12, 20)
LAST_DAY = dt.date(2023, 1, 20)
#: A second stretch, around 国庆 2019, when S16 (in force in 2019) applies.
AUTUMN_2019 = (dt.date(2019, 9, 20), dt.date(2019, 11, 10))

#: Events of the deadline rules S1–S5, S16, L1, L2, L5.
DEADLINE_EVENTS = (
    "规范性文件印发",
    "规范性文件上网",
    "常务会议议定",
    "议定事项公开",
    "政策文件公开",
    "解读发布",
    "舆情发生",
    "新闻发布会",
    "舆情回应",
    "信息形成",
    "信息变更",
    "主动公开",
    "收到申请",
    "补正告知",
    "收到补正",
    "征求意见开始",
    "征求意见结束",
    "延期告知",
    "答复",
)
NOISE_EVENTS = ("会议纪要", "其他事项", "档案移交")
CASES = ("A", "B", "C")
LEVELS = ("特别重大", "重大", "较大", "一般")
DEADLINE_RULES = ("S1", "S2", "S3", "S4", "S5", "S16", "L1", "L2", "L5")


PAIRS = (
    ("规范性文件印发", "规范性文件上网"),
    ("常务会议议定", "议定事项公开"),
    ("政策文件公开", "解读发布"),
    ("舆情发生", "新闻发布会"),
    ("舆情发生", "舆情回应"),
    ("信息形成", "主动公开"),
    ("收到申请", "补正告知"),
    ("收到申请", "答复"),
)


def days() -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=FIRST_DAY, max_value=LAST_DAY) | st.dates(*AUTUMN_2019)


@st.composite
def times(draw: st.DrawFn, first: dt.date | None = None, last: dt.date | None = None) -> str:
    day = draw(st.dates(min_value=first, max_value=last)) if first and last else draw(days())
    if draw(st.booleans()):
        return day.isoformat()
    hour = draw(st.integers(0, 23))
    minute = draw(st.sampled_from((0, 15, 30, 59)))
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


@st.composite
def rows(
    draw: st.DrawFn,
    events: tuple[str, ...] = DEADLINE_EVENTS,
    cases: tuple[str, ...] = CASES,
) -> dict[str, str]:
    event = draw(st.sampled_from(events))
    row = {"time": draw(times()), "event": event}
    case = draw(st.sampled_from(cases) | st.just(""))
    if case or draw(st.integers(0, 9)):  # mostly with a case
        row["case"] = case or draw(st.sampled_from(cases))
    if event == "舆情发生" and draw(st.integers(0, 5)):
        row["level"] = draw(st.sampled_from(LEVELS))
    if event == "延期告知" and draw(st.booleans()):
        row["days"] = str(draw(st.integers(1, 30)))
    return row


@st.composite
def stories(draw: st.DrawFn) -> list[dict[str, str]]:
    """A trigger and its fulfilment a little later in the same case (so that some are met)."""
    trigger, fulfil = draw(st.sampled_from(PAIRS))
    case = draw(st.sampled_from(CASES))
    start = draw(days())
    first = {"time": start.isoformat(), "event": trigger, "case": case}
    if trigger == "舆情发生":
        hour = draw(st.integers(0, 23))
        at = dt.datetime(start.year, start.month, start.day, hour)
        first["time"] = at.isoformat(timespec="minutes")
        first["level"] = draw(st.sampled_from(LEVELS))
        later = at + dt.timedelta(hours=draw(st.integers(0, 60)), minutes=draw(st.integers(0, 59)))
        second = {"time": later.isoformat(timespec="minutes"), "event": fulfil, "case": case}
    else:
        later_day = start + dt.timedelta(days=draw(st.integers(0, 32)))
        second = {"time": later_day.isoformat(), "event": fulfil, "case": case}
    return [first, second]


@st.composite
def logs(draw: st.DrawFn, min_size: int = 0, max_size: int = 24) -> list[dict[str, str]]:
    pieces = draw(
        st.lists(
            st.one_of(rows().map(lambda row: [row]), stories()),
            min_size=min_size,
            max_size=max_size // 2,
        )
    )
    return [row for piece in pieces for row in piece]


def as_of_times() -> st.SearchStrategy[dt.datetime]:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Asia/Shanghai")
    return st.datetimes(min_value=dt.datetime(2019, 10, 1), max_value=dt.datetime(2023, 3, 1)).map(
        lambda value: value.replace(second=0, microsecond=0, tzinfo=zone)
    )
