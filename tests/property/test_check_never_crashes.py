"""Checking any log against every shipped rule gives a report or a gkrules error, nothing else."""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

import gkrules.api as api
from gkrules.engine.verdicts import Status
from gkrules.errors import GkError
from tests.conftest import REPO_ROOT

EVENTS = (
    "信息形成", "主动公开", "收到申请", "补正告知", "收到补正", "征求意见开始", "征求意见结束",
    "延期告知", "答复", "年度报告公开", "规范性文件印发", "规范性文件上网", "政策文件公开", "解读发布",
    "舆情发生", "新闻发布会", "舆情回应", "指标报告", "抽查", "新媒体开设", "新媒体关停", "任务完成",
    "听取汇报", "档案移交", "数据发布", "公文印发", "不予公开评估",
)  # fmt: skip
ATTRIBUTES = ("level", "channel", "party", "days", "year", "metric", "value", "checked", "total",
              "platform", "account", "task", "period", "attribute", "reason")  # fmt: skip
VALUES = st.sampled_from(
    ["重大", "一般", "第三方", "10", "-3", "4%", "0.04", "abc", "", "2019", "0", "微信", "月度",
     "不予公开", "全市考核排名", "政务公开绩效权重", "1e9", "１２"]
) | st.text(max_size=4)  # fmt: skip


@functools.cache
def rules() -> api.RuleSet:
    return api.load(REPO_ROOT / "dsl_examples")


@st.composite
def row(draw: st.DrawFn) -> dict[str, str]:
    day = draw(st.dates(dt.date(2018, 12, 1), dt.date(2026, 12, 31)))
    time = (
        day.isoformat()
        if draw(st.booleans())
        else f"{day.isoformat()}T{draw(st.integers(0, 23)):02d}:30"
    )
    result = {"time": time, "event": draw(st.sampled_from(EVENTS))}
    for name in ("case", "unit"):
        if draw(st.integers(0, 4)):
            result[name] = draw(st.sampled_from(["A", "B", "单位一", "单位二"]))
    for name in draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3, unique=True)):
        result[name] = draw(VALUES)
    return result


@settings(max_examples=60)
@given(log=st.lists(row(), max_size=20), as_of=st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31)))
def test_a_report_or_a_gkrules_error(log: list[dict[str, str]], as_of: dt.date) -> None:
    try:
        report = rules().check(log, as_of=as_of, lenient=True)
    except GkError:
        return
    for verdict in report:
        assert verdict.status in Status
        assert verdict.explain("zh")
        assert verdict.explain("en")
    report.to_jsonl()
    report.to_csv()
    assert report.accounting.balanced
