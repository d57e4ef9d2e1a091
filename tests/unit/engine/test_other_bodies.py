"""Date, window, limit and each rules on hand-built ASTs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

import pytest
from tests.engine_support import RecordLog, pattern

from gkrules.calendar import default_calendar
from gkrules.calendar.periods import Amount, Unit
from gkrules.engine.compile import compile_rule
from gkrules.engine.evaluate import evaluate, resolve_as_of
from gkrules.engine.report import Report
from gkrules.engine.verdicts import Status
from gkrules.engine.windows import window_bounds, window_label
from gkrules.errors import EvaluationError
from gkrules.language import ast


def check(
    body: ast.RuleBody, rows: Sequence[Mapping[str, object]], as_of: str, **rule: object
) -> Report:
    compiled = compile_rule(ast.Rule("R", "title", body, **rule))  # type: ignore[arg-type]
    return evaluate(
        [compiled], RecordLog(rows), as_of=resolve_as_of(as_of), calendar=default_calendar()
    )


def statuses(report: Report, *names: str) -> dict[tuple[str | None, ...], Status]:
    return {
        tuple(v.key_value(n) if n != "window" else v.window for n in names): v.status
        for v in report
    }


# --- dates ----------------------------------------------------------------------------------------

LAST_YEAR = ast.Compare(
    ast.CompareOp.EQ,
    ast.NameRef("year"),
    ast.BinaryOp(ast.BoolOp.SUB, ast.Builtin(ast.BuiltinName.THIS_YEAR), ast.NumberLit(Decimal(1))),
)
L6 = ast.DateBody(pattern("年度报告公开", where=LAST_YEAR), ast.MonthDay(1, 31), keys=("unit",))


def test_yearly_date_per_unit_and_year() -> None:
    rows = [
        {"time": "2023-01-15", "event": "年度报告公开", "unit": "交通局", "year": "2022"},
        {"time": "2024-01-31", "event": "年度报告公开", "unit": "交通局", "year": "2023"},
        {"time": "2023-01-10", "event": "其他", "unit": "教育局"},
        {"time": "2024-02-05", "event": "年度报告公开", "unit": "教育局", "year": "2023"},
        {"time": "2024-03-01", "event": "其他", "unit": "卫健委"},
    ]
    report = check(L6, rows, "2024-04-30")
    assert statuses(report, "unit", "window") == {
        ("交通局", "2023"): Status.MET,
        ("交通局", "2024"): Status.MET,
        ("卫健委", "2023"): Status.VIOLATED,
        ("卫健委", "2024"): Status.VIOLATED,
        ("教育局", "2023"): Status.VIOLATED,
        ("教育局", "2024"): Status.VIOLATED,
    }
    late = next(v for v in report if v.unit == "教育局" and v.window == "2024")
    assert late.done_late
    assert late.late_by == Amount(5, Unit.DAYS)
    assert late.deadline == dt.date(2024, 1, 31)
    assert late.explain("zh")[-1].endswith("（逾期完成）")


def test_yearly_date_pending_and_effective_range() -> None:
    rows = [{"time": "2024-01-05", "event": "其他", "unit": "交通局"}]
    report = check(L6, rows, "2025-01-20", effective=ast.Effective(dt.date(2024, 6, 1), None))
    (verdict,) = report
    assert (verdict.window, verdict.status) == ("2025", Status.PENDING)
    assert verdict.remaining == Amount(11, Unit.DAYS)


def test_absolute_date_inclusive_and_exclusive() -> None:
    body = ast.DateBody(pattern("任务完成"), ast.DateLit(dt.date(2021, 12, 31)), keys=("unit",))
    rows = [
        {"time": "2021-12-31T23:59", "event": "任务完成", "unit": "A"},
        {"time": "2022-01-01", "event": "任务完成", "unit": "B"},
        {"time": "2021-06-01", "event": "其他", "unit": "C"},
    ]
    assert statuses(check(body, rows, "2022-02-01"), "unit") == {
        ("A",): Status.MET,
        ("B",): Status.VIOLATED,
        ("C",): Status.VIOLATED,
    }
    before = ast.DateBody(
        pattern("任务完成"),
        ast.DateLit(dt.date(2021, 12, 31)),
        keys=("unit",),
        counting=ast.Counting(exclusive=True),
    )
    assert statuses(check(before, rows, "2022-02-01"), "unit")[("A",)] is Status.VIOLATED
    assert statuses(check(body, rows[2:], "2021-12-01"), "unit") == {("C",): Status.PENDING}


# --- windows ----------------------------------------------------------------------------------------


def count_at_least(event: str, n: int) -> ast.Expr:
    return ast.Compare(
        ast.CompareOp.GE,
        ast.Aggregate(ast.AggregateFunc.COUNT, (event,), None, None),
        ast.NumberLit(Decimal(n)),
    )


def test_window_bounds_and_labels() -> None:
    day = dt.date(2021, 8, 15)
    assert window_bounds(day, ast.Window.QUARTER) == (dt.date(2021, 7, 1), dt.date(2021, 9, 30))
    assert window_label(dt.date(2021, 7, 1), ast.Window.QUARTER) == "2021-Q3"
    assert window_label(dt.date(2021, 7, 1), ast.Window.HALF_YEAR) == "2021-H2"
    assert window_label(dt.date(2021, 6, 1), ast.Window.MONTH) == "2021-06"
    assert window_bounds(day, ast.Window.YEAR) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))


def test_quarterly_count_met_violated_pending() -> None:
    body = ast.WindowBody(ast.Window.QUARTER, (ast.Requirement(count_at_least("抽查", 1)),))
    rows = [
        {"time": "2021-02-01", "event": "抽查", "unit": "A"},
        {"time": "2021-05-01", "event": "其他", "unit": "A"},
        {"time": "2021-07-01", "event": "抽查", "unit": "A"},
        {"time": "2021-08-01", "event": "其他", "unit": "B"},
    ]
    report = check(body, rows, "2021-08-20")
    assert statuses(report, "unit", "window") == {
        ("A", "2021-Q1"): Status.MET,
        ("A", "2021-Q2"): Status.VIOLATED,
        ("A", "2021-Q3"): Status.MET,  # monotone and already satisfied in an open window
        ("B", "2021-Q3"): Status.PENDING,
    }
    pending = next(v for v in report if v.unit == "B")
    assert pending.remaining == Amount(41, Unit.DAYS)
    assert "还需1次抽查，截止2021-09-30" in pending.explain("zh")[-1]
    assert "1 more 抽查 needed by 2021-09-30" in pending.explain("en")[-1]


def test_ratio_with_zero_denominator_is_missing_data() -> None:
    ratio = ast.Compare(
        ast.CompareOp.GE,
        ast.BinaryOp(
            ast.BoolOp.DIV,
            ast.Aggregate(ast.AggregateFunc.SUM, ("抽查",), "checked", None),
            ast.Aggregate(ast.AggregateFunc.SUM, ("抽查",), "total", None),
        ),
        ast.PercentLit(Decimal(10)),
    )
    body = ast.WindowBody(ast.Window.MONTH, (ast.Requirement(ratio),))
    rows = [
        {"time": "2021-01-05", "event": "抽查", "unit": "A", "checked": "3", "total": "20"},
        {"time": "2021-01-25", "event": "抽查", "unit": "A", "checked": "0", "total": "10"},
        {"time": "2021-02-05", "event": "抽查", "unit": "A", "checked": "1", "total": "20"},
        {"time": "2021-03-05", "event": "其他", "unit": "A"},
    ]
    report = check(body, rows, "2021-03-10")
    assert statuses(report, "window") == {
        ("2021-01",): Status.MET,  # 3/30 = 10%
        ("2021-02",): Status.VIOLATED,
        ("2021-03",): Status.PENDING,  # 0/0: missing, and the month is open
    }
    march = next(v for v in report if v.window == "2021-03")
    assert any("缺少数据" in line for line in march.explain("zh"))


def test_latest_metric_percent_forms_and_bad_values() -> None:
    latest = ast.Compare(
        ast.CompareOp.GE,
        ast.Aggregate(
            ast.AggregateFunc.LATEST,
            ("指标报告",),
            "value",
            ast.Compare(ast.CompareOp.EQ, ast.NameRef("metric"), ast.StringLit("权重")),
        ),
        ast.PercentLit(Decimal(4)),
    )
    body = ast.WindowBody(ast.Window.YEAR, (ast.Requirement(latest),))
    rows = [
        {"time": "2021-03-01", "event": "指标报告", "unit": "A", "metric": "权重", "value": "3%"},
        {"time": "2021-09-01", "event": "指标报告", "unit": "A", "metric": "权重", "value": "0.04"},
        {"time": "2021-09-01", "event": "指标报告", "unit": "B", "metric": "权重", "value": "４％"},
        {"time": "2021-09-01", "event": "指标报告", "unit": "C", "metric": "其他", "value": "9%"},
    ]
    assert statuses(check(body, rows, "2022-01-10"), "unit", "window") == {
        ("A", "2021"): Status.MET,
        ("B", "2021"): Status.MET,
        ("C", "2021"): Status.VIOLATED,  # never reported
        ("A", "2022"): Status.PENDING,
        ("B", "2022"): Status.PENDING,
        ("C", "2022"): Status.PENDING,
    }
    bad = [
        *rows,
        {
            "time": "2021-10-01",
            "event": "指标报告",
            "unit": "A",
            "metric": "权重",
            "value": "四个点",
        },
    ]
    with pytest.raises(EvaluationError) as error:
        check(body, bad, "2022-01-10")
    assert "<rows>:6" in str(error.value)
    assert "四个点" in str(error.value)


# --- limits -------------------------------------------------------------------------------------------------


def test_open_accounts_per_unit_and_platform() -> None:
    body = ast.LimitBody(
        1,
        pattern("新媒体开设"),
        closed_by=pattern("新媒体关停"),
        match=("account",),
        keys=("unit", "platform"),
    )
    rows = [
        {
            "time": "2021-01-01",
            "event": "新媒体开设",
            "unit": "A",
            "platform": "微信",
            "account": "a1",
        },
        {
            "time": "2021-02-01",
            "event": "新媒体关停",
            "unit": "A",
            "platform": "微信",
            "account": "a1",
        },
        {
            "time": "2021-02-01",
            "event": "新媒体开设",
            "unit": "A",
            "platform": "微信",
            "account": "a2",
        },
        {
            "time": "2021-01-01",
            "event": "新媒体开设",
            "unit": "B",
            "platform": "微博",
            "account": "b1",
        },
        {
            "time": "2021-03-01",
            "event": "新媒体开设",
            "unit": "B",
            "platform": "微博",
            "account": "b2",
        },
        {
            "time": "2021-04-01",
            "event": "新媒体关停",
            "unit": "B",
            "platform": "微博",
            "account": "zz",
        },
    ]
    report = check(body, rows, "2021-12-31")
    assert statuses(report, "unit") == {("A",): Status.MET, ("B",): Status.VIOLATED}
    violated = next(v for v in report if v.unit == "B")
    assert len(violated.evidence) == 2
    assert [d.code for d in report.notes] == ["GK531"]


def test_at_most_n_events_without_closing() -> None:
    body = ast.LimitBody(1, pattern("补正告知"), keys=("case",))
    rows = [
        {"time": "2021-01-01", "event": "补正告知", "case": "A"},
        {"time": "2021-01-03", "event": "补正告知", "case": "A"},
        {"time": "2021-01-01", "event": "补正告知", "case": "B"},
    ]
    assert statuses(check(body, rows, "2021-12-31"), "case") == {
        ("A",): Status.VIOLATED,
        ("B",): Status.MET,
    }


# --- each ---------------------------------------------------------------------------------------------------


def test_each_event_with_conditional_requirement() -> None:
    allowed = ast.InList(
        ast.NameRef("attribute"),
        (ast.StringLit("主动公开"), ast.StringLit("依申请公开"), ast.StringLit("不予公开")),
    )
    reason = ast.Requirement(
        ast.Presence("reason"),
        when=ast.Compare(ast.CompareOp.EQ, ast.NameRef("attribute"), ast.StringLit("不予公开")),
    )
    body = ast.EachBody(pattern("公文印发"), (ast.Requirement(allowed), reason))
    rows = [
        {"time": "2021-01-01", "event": "公文印发", "case": "1", "attribute": "主动公开"},
        {"time": "2021-01-02", "event": "公文印发", "case": "2", "attribute": "不予公开"},
        {
            "time": "2021-01-03",
            "event": "公文印发",
            "case": "3",
            "attribute": "不予公开",
            "reason": "涉密",
        },
        {"time": "2021-01-04", "event": "公文印发", "case": "4"},
    ]
    report = check(body, rows, "2021-12-31")
    assert statuses(report, "case") == {
        ("1",): Status.MET,
        ("2",): Status.VIOLATED,
        ("3",): Status.MET,
        ("4",): Status.VIOLATED,
    }
    explained = {v.case: v.explain("zh") for v in report}
    assert any(line.startswith("不满足：reason 存在") for line in explained["2"])
    assert any("缺少attribute" in line for line in explained["4"])


def test_rows_without_the_key_are_noted() -> None:
    body = ast.LimitBody(1, pattern("补正告知"), keys=("case",))
    rows = [
        {"time": "2021-01-01", "event": "补正告知", "case": "A"},
        {"time": "2021-01-02", "event": "补正告知"},
    ]
    report = check(body, rows, "2021-12-31")
    assert statuses(report, "case") == {("A",): Status.MET}
    assert [d.code for d in report.notes] == ["GK532"]
    assert "<rows>:3" in report.notes[0].render("en")
