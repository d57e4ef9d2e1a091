"""Deadline rules on hand-built ASTs: every instance, matching, clocks, missing data, explanations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pytest
from tests.engine_support import RecordLog, deadline_rule, pattern, period

from gkrules.calendar import default_calendar
from gkrules.calendar.periods import Amount, Unit
from gkrules.engine.compile import compile_rule
from gkrules.engine.evaluate import evaluate, resolve_as_of
from gkrules.engine.report import Report
from gkrules.engine.verdicts import Status
from gkrules.language import ast

S3 = deadline_rule("S3", pattern("政策文件公开"), pattern("解读发布"), period(3, Unit.WORKDAYS))


def check(rule: ast.Rule, rows: Sequence[Mapping[str, object]], as_of: str) -> Report:
    return evaluate(
        [compile_rule(rule)],
        RecordLog(rows),
        as_of=resolve_as_of(as_of),
        calendar=default_calendar(),
    )


def by_case(report: Report) -> dict[str | None, list[Status]]:
    result: dict[str | None, list[Status]] = {}
    for verdict in report:
        result.setdefault(verdict.case, []).append(verdict.status)
    return result


def test_spring_festival_example_from_the_issue() -> None:
    # 2021: 春节 2月11日—17日; 2月7日(日)、2月20日(六) 调休上班.  1月27日 → 1月28日、29日、2月1日.
    rows = [
        {"time": "2024-02-08", "event": "政策文件公开", "case": "A"},
        {"time": "2024-02-19", "event": "解读发布", "case": "A"},
        {"time": "2024-02-08", "event": "政策文件公开", "case": "B"},
        {"time": "2024-02-20", "event": "解读发布", "case": "B"},
    ]
    report = check(S3, rows, "2024-03-01")
    verdicts = {v.case: v for v in report}
    # 2月8日 → 2月9日 第1天, 2月10–17日 春节, 2月18日 (调休上班) 第2天, 2月19日 第3天.
    assert verdicts["A"].status is Status.MET
    assert verdicts["A"].deadline == dt.date(2024, 2, 19)
    assert verdicts["B"].status is Status.VIOLATED
    assert verdicts["B"].done_late
    assert verdicts["B"].late_by == Amount(1, Unit.WORKDAYS)
    lines = verdicts["A"].explain("zh")
    assert lines[0].startswith("触发：2024-02-08 政策文件公开")
    assert any("春节" in line for line in lines)
    assert any("调休" in line for line in lines)
    assert lines[-1].startswith("履行：2024-02-19 解读发布")
    english = verdicts["B"].explain("en")
    assert english[-1].startswith("Fulfilled late")


def test_every_trigger_is_its_own_instance_and_one_fulfilment_discharges_both() -> None:
    rows = [
        {"time": "2024-02-26", "event": "政策文件公开", "case": "A"},
        {"time": "2024-03-04", "event": "政策文件公开", "case": "A"},
        {"time": "2024-03-05", "event": "解读发布", "case": "A"},
    ]
    report = check(S3, rows, "2024-04-01")
    assert by_case(report) == {"A": [Status.VIOLATED, Status.MET]}


def test_one_to_one_needs_a_fulfilment_each() -> None:
    rule = deadline_rule(
        "X", pattern("收到申请"), pattern("答复"), period(5, Unit.WORKDAYS), one_to_one=True
    )
    rows = [
        {"time": "2024-03-01", "event": "收到申请", "case": "A"},
        {"time": "2024-03-04", "event": "收到申请", "case": "A"},
        {"time": "2024-03-05", "event": "答复", "case": "A"},
        {"time": "2024-03-06", "event": "答复", "case": "A"},
    ]
    assert by_case(check(rule, rows, "2024-04-01")) == {"A": [Status.MET, Status.MET]}
    assert by_case(check(rule, rows[:3], "2024-04-01")) == {"A": [Status.MET, Status.VIOLATED]}


def test_pending_before_the_deadline_ends_and_violated_after() -> None:
    rows = [{"time": "2024-03-01", "event": "政策文件公开", "case": "A"}]
    pending = next(iter(check(S3, rows, "2024-03-05")))
    assert pending.status is Status.PENDING
    assert pending.remaining == Amount(1, Unit.WORKDAYS)
    last_day = next(iter(check(S3, rows, "2024-03-06")))
    assert last_day.status is Status.PENDING
    assert last_day.remaining == Amount(0, Unit.WORKDAYS)
    over = next(iter(check(S3, rows, "2024-03-07")))
    assert over.status is Status.VIOLATED
    assert not over.done_late
    assert over.late_by == Amount(1, Unit.WORKDAYS)
    assert "未完成" in over.explain("zh")[-1]


def test_events_after_as_of_are_not_used_and_counted() -> None:
    rows = [
        {"time": "2024-03-01", "event": "政策文件公开", "case": "A"},
        {"time": "2024-03-04", "event": "解读发布", "case": "A"},
        {"time": "2024-03-04", "event": "其他事件", "case": "A"},
    ]
    report = check(S3, rows, "2024-03-02")
    assert [v.status for v in report] == [Status.PENDING]
    accounting = report.accounting
    assert accounting.rows_after_as_of == 1
    assert accounting.rows_used == 1
    assert accounting.balanced
    assert [u.name for u in accounting.unused_events] == ["其他事件"]


def test_a_trigger_without_its_key_is_never_met() -> None:
    rows = [
        {"time": "2024-03-01", "event": "政策文件公开"},
        {"time": "2024-03-01", "event": "解读发布"},
    ]
    verdict = next(iter(check(S3, rows, "2024-04-01")))
    assert verdict.status is Status.VIOLATED
    assert verdict.fulfilled is None
    assert any("缺少case" in line for line in verdict.explain("zh"))
    assert next(iter(check(S3, rows, "2024-03-02"))).status is Status.PENDING


def test_hours_run_from_the_instant_and_over_holidays() -> None:
    rule = deadline_rule("S5", pattern("舆情发生"), pattern("舆情回应"), period(48, Unit.HOURS))
    rows = [
        {"time": "2024-05-01T10:15", "event": "舆情发生", "case": "Y"},
        {"time": "2024-05-03T10:14", "event": "舆情回应", "case": "Y"},
        {"time": "2024-05-01T10:15", "event": "舆情发生", "case": "Z"},
        {"time": "2024-05-03T12:15", "event": "舆情回应", "case": "Z"},
    ]
    verdicts = {v.case: v for v in check(rule, rows, "2024-06-01")}
    assert verdicts["Y"].status is Status.MET
    assert verdicts["Y"].deadline == dt.datetime(
        2024, 5, 3, 10, 15, tzinfo=verdicts["Y"].deadline.tzinfo
    )  # type: ignore[union-attr]
    assert verdicts["Z"].late_by == Amount(2.0, Unit.HOURS)


def test_period_choice_and_missing_level() -> None:
    major = ast.InList(ast.NameRef("level"), (ast.StringLit("特别重大"), ast.StringLit("重大")))
    choice = ast.PeriodChoice(((major, period(24, Unit.HOURS)),), period(48, Unit.HOURS))
    rule = deadline_rule("S4", pattern("舆情发生"), pattern("新闻发布会", "舆情回应"), choice)
    rows = [
        {"time": "2024-05-01T10:00", "event": "舆情发生", "case": "A", "level": "重大"},
        {"time": "2024-05-02T12:00", "event": "新闻发布会", "case": "A"},
        {"time": "2024-05-01T10:00", "event": "舆情发生", "case": "B", "level": "一般"},
        {"time": "2024-05-02T12:00", "event": "舆情回应", "case": "B"},
        {"time": "2024-05-01T10:00", "event": "舆情发生", "case": "C"},
        {"time": "2024-05-01T12:00", "event": "舆情回应", "case": "C"},
    ]
    verdicts = {v.case: v for v in check(rule, rows, "2024-06-01")}
    assert verdicts["A"].status is Status.VIOLATED
    assert verdicts["B"].status is Status.MET
    assert verdicts["C"].status is Status.VIOLATED  # level missing: never met
    assert any("缺少判断期限所需的属性" in line for line in verdicts["C"].explain("zh"))


def test_trigger_condition_and_only_if_and_effective() -> None:
    rule = deadline_rule(
        "L2",
        pattern("收到申请"),
        pattern("补正告知"),
        period(7, Unit.WORKDAYS),
        only_if=pattern("补正告知"),
        effective=ast.Effective(dt.date(2024, 1, 1), None),
    )
    rows = [
        {"time": "2024-02-06", "event": "收到申请", "case": "F1"},
        {"time": "2024-02-19", "event": "补正告知", "case": "F1"},
        {"time": "2024-02-06", "event": "收到申请", "case": "F2"},
        {"time": "2023-12-06", "event": "收到申请", "case": "F3"},
        {"time": "2023-12-07", "event": "补正告知", "case": "F3"},
    ]
    assert by_case(check(rule, rows, "2024-03-01")) == {
        "F1": [Status.MET],
        "F2": [Status.NOT_APPLICABLE],
        "F3": [Status.NOT_APPLICABLE],
    }


def test_pause_restart_and_extension() -> None:
    rule = deadline_rule(
        "L5",
        pattern("收到申请"),
        pattern("答复"),
        period(20, Unit.WORKDAYS),
        pauses=(ast.Pause(pattern("征求意见开始"), pattern("征求意见结束")),),
        restart=pattern("收到补正"),
        extension=ast.Extension(pattern("延期告知"), "days", period(20, Unit.WORKDAYS)),
    )
    rows = [
        # paused 9月18–24日 (5 working days): deadline 10月17日 → 10月24日
        {"time": "2025-09-15", "event": "收到申请", "case": "B1"},
        {"time": "2025-09-17", "event": "征求意见开始", "case": "B1"},
        {"time": "2025-09-24", "event": "征求意见结束", "case": "B1"},
        {"time": "2025-10-23", "event": "答复", "case": "B1"},
        # extension of 10 across 清明: 3月29日 → 4月15日
        {"time": "2024-03-01", "event": "收到申请", "case": "C1"},
        {"time": "2024-03-20", "event": "延期告知", "case": "C1", "days": "10"},
        {"time": "2024-04-12", "event": "答复", "case": "C1"},
        # restart on 5月10日: 6月6日
        {"time": "2024-05-06", "event": "收到申请", "case": "D1"},
        {"time": "2024-05-10", "event": "收到补正", "case": "D1"},
        {"time": "2024-06-03", "event": "答复", "case": "D1"},
        # still consulting: suspended, pending
        {"time": "2025-09-15", "event": "收到申请", "case": "E1"},
        {"time": "2025-09-17", "event": "征求意见开始", "case": "E1"},
        # an extension over the limit is clamped and noted
        {"time": "2024-03-01", "event": "收到申请", "case": "G1"},
        {"time": "2024-03-20", "event": "延期告知", "case": "G1", "days": "30"},
    ]
    report = check(rule, rows, "2025-11-01")
    verdicts = {v.case: v for v in report}
    assert verdicts["B1"].status is Status.MET
    assert verdicts["B1"].deadline == dt.date(2025, 10, 24)
    assert verdicts["C1"].deadline == dt.date(2024, 4, 15)
    assert verdicts["D1"].deadline == dt.date(2024, 6, 6)
    assert verdicts["E1"].status is Status.PENDING
    assert verdicts["E1"].deadline is None
    assert verdicts["G1"].status is Status.VIOLATED
    assert [d.code for d in report.notes] == ["GK530"]
    explanation = verdicts["B1"].explain("zh")
    assert any("暂停" in line for line in explanation)
    assert any("延期" in line for line in verdicts["C1"].explain("zh"))
    assert any("重新起算" in line for line in verdicts["D1"].explain("zh"))


def test_same_day_is_not_rolled_off_a_weekend() -> None:
    rule = deadline_rule("S16", pattern("政策文件公开"), pattern("解读发布"), None)
    rows = [
        {"time": "2024-03-02", "event": "政策文件公开", "case": "A"},  # a Saturday
        {"time": "2024-03-02T18:00", "event": "解读发布", "case": "A"},
        {"time": "2024-03-02T10:00", "event": "政策文件公开", "case": "B"},
        {"time": "2024-03-04", "event": "解读发布", "case": "B"},
    ]
    verdicts = {v.case: v for v in check(rule, rows, "2024-04-01")}
    assert verdicts["A"].status is Status.MET
    assert verdicts["B"].status is Status.VIOLATED
    assert verdicts["B"].late_by == Amount(2, Unit.DAYS)
    assert "须于触发当日完成" in verdicts["B"].explain("zh")[1]


def test_date_only_fulfilment_on_the_trigger_day_counts_as_after_it() -> None:
    rule = deadline_rule("S16", pattern("政策文件公开"), pattern("解读发布"), None)
    rows = [
        {"time": "2024-03-04T10:00", "event": "政策文件公开", "case": "A"},
        {"time": "2024-03-04", "event": "解读发布", "case": "A"},
    ]
    assert [v.status for v in check(rule, rows, "2024-04-01")] == [Status.MET]


def test_as_of_forms() -> None:
    tz = resolve_as_of("2024-03-01").tzinfo
    assert resolve_as_of("2024-03-01") == dt.datetime(2024, 3, 1, 23, 59, 59, 999999, tzinfo=tz)
    assert resolve_as_of(dt.datetime(2024, 3, 1, 9)).utcoffset() == dt.timedelta(hours=8)
    with pytest.raises(Exception, match="as_of"):
        resolve_as_of("yesterday")


def test_the_explanation_of_the_issue() -> None:
    # 2025年春节：1月28日至2月4日放假（1月26日、2月8日调休上班）。
    rows = [{"time": "2025-01-27", "event": "政策文件公开", "case": "A"}]
    (verdict,) = check(S3, rows, "2025-02-06")
    assert verdict.explain("zh")[1:5] == (
        "1月27日政策文件公开（当日不计）",
        "1月28日至2月4日为春节假期，不计",
        "2月5日、2月6日、2月7日为第1–3个工作日",
        "期限：2月7日24时",
    )
    assert verdict.status is Status.PENDING
    assert verdict.remaining == Amount(1, Unit.WORKDAYS)
    assert verdict.explain("zh")[-1] == "截至2025-02-06尚未履行，还剩1个工作日"


def test_months_and_counting_conventions() -> None:
    month = deadline_rule("M", pattern("开始"), pattern("完成"), period(1, Unit.MONTHS))
    rows = [
        {"time": "2024-01-31", "event": "开始", "case": "A"},  # → 2月29日 (C3), a Thursday
        {"time": "2024-02-29", "event": "完成", "case": "A"},
        {"time": "2023-12-30", "event": "开始", "case": "B"},  # → 2024-01-30
        {"time": "2024-02-01", "event": "完成", "case": "B"},
    ]
    verdicts = {v.case: v for v in check(month, rows, "2024-04-01")}
    assert verdicts["A"].deadline == dt.date(2024, 2, 29)
    assert verdicts["A"].status is Status.MET
    assert verdicts["B"].late_by == Amount(2, Unit.DAYS)  # months are late by natural days
    cutoff = deadline_rule(
        "C",
        pattern("开始"),
        pattern("完成"),
        period(1, Unit.WORKDAYS),
        counting=ast.Counting(cutoff=dt.time(17, 30)),
    )
    rows = [
        {"time": "2024-03-04", "event": "开始", "case": "A"},
        {"time": "2024-03-05T17:29", "event": "完成", "case": "A"},
        {"time": "2024-03-04", "event": "开始", "case": "B"},
        {"time": "2024-03-05T17:31", "event": "完成", "case": "B"},
    ]
    verdicts = {v.case: v for v in check(cutoff, rows, "2024-04-01")}
    assert verdicts["A"].status is Status.MET
    assert verdicts["B"].status is Status.VIOLATED
    assert verdicts["B"].due == dt.datetime(2024, 3, 5, 17, 30, tzinfo=verdicts["B"].due.tzinfo)  # type: ignore[union-attr]
    counted = deadline_rule(
        "D",
        pattern("开始"),
        pattern("完成"),
        period(3, Unit.DAYS),
        counting=ast.Counting(start_day_counted=True, roll_off=False),
    )
    rows = [
        {"time": "2024-03-07", "event": "开始", "case": "A"}
    ]  # 7, 8, 9 (a Saturday: no roll-off)
    (verdict,) = check(counted, rows, "2024-04-01")
    assert verdict.deadline == dt.date(2024, 3, 9)
    assert any("当日计入" in line for line in verdict.explain("zh"))
