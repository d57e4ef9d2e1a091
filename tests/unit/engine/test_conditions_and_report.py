"""Conditions (three-valued, numbers read from text), the report's exports, the GK5xx catalog."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from tests.engine_support import RecordLog

from gkrules.engine.conditions import Env, compile_condition, parse_number
from gkrules.engine.eval_messages import CATALOG
from gkrules.engine.report import LogAccounting, Report, neutralise_cell, verdict_record
from gkrules.engine.table import EventTable
from gkrules.engine.verdicts import ListBatch, RuleInfo, Status, Verdict
from gkrules.errors import UsageError
from gkrules.language import ast


@pytest.mark.parametrize("key", sorted(CATALOG.entries))
def test_catalog_entries_have_the_same_fields_in_both_languages(key: str) -> None:
    english, chinese = CATALOG.fields(key)
    assert english == chinese, key


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4%", 0.04),
        ("0.04", 0.04),
        ("４％", 0.04),
        ("1,200", 1200.0),
        (" 7 ", 7.0),
        ("0.1%", 0.001),
    ],
)
def test_numbers_in_logs(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["四", "", "4%%", "nan", "inf", "1e400x"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


ROWS = [
    {"time": "2024-01-01", "event": "e", "level": "重大", "value": "5%"},
    {"time": "2024-01-02", "event": "e", "level": "一般", "value": "3%"},
    {"time": "2024-01-03", "event": "e"},
]


def truth(expr: ast.Expr) -> list[str]:
    table = EventTable(RecordLog(ROWS), np.ones(len(ROWS), dtype=bool))
    result = compile_condition(expr, "R")(Env(table, "R", []), np.arange(len(ROWS)))
    return [
        "unknown" if not known else ("true" if true else "false")
        for true, known in zip(result.true.tolist(), result.known.tolist(), strict=True)
    ]


MAJOR = ast.InList(ast.NameRef("level"), (ast.StringLit("特别重大"), ast.StringLit("重大")))
HIGH = ast.Compare(ast.CompareOp.GE, ast.NameRef("value"), ast.PercentLit(Decimal(4)))


def test_three_valued_logic() -> None:
    assert truth(MAJOR) == ["true", "false", "unknown"]
    assert truth(ast.InList(MAJOR.subject, MAJOR.values, negated=True)) == [
        "false",
        "true",
        "unknown",
    ]
    assert truth(ast.Not(MAJOR)) == ["false", "true", "unknown"]
    assert truth(HIGH) == ["true", "false", "unknown"]
    assert truth(ast.Logical(ast.LogicalOp.AND, (MAJOR, HIGH))) == ["true", "false", "unknown"]
    always = ast.Presence("event")
    assert truth(ast.Logical(ast.LogicalOp.OR, (MAJOR, always))) == ["true", "true", "true"]
    absent = ast.Presence("level", negated=True)
    assert truth(ast.Logical(ast.LogicalOp.AND, (MAJOR, absent))) == ["false", "false", "unknown"]
    assert truth(ast.Presence("value")) == ["true", "true", "false"]


def _verdict(status: Status, case: str, **fields: object) -> Verdict:
    return Verdict(rule="R", title="t", status=status, key=(("case", case),), **fields)  # type: ignore[arg-type]


def test_report_counts_summary_and_exports() -> None:
    info = RuleInfo("R", "t", ast.Severity.REQUIRED, ast.Citation("doc", "第一条"), ast.NO_SPAN)
    verdicts = [
        _verdict(Status.MET, "A", labels=(("unit", "U1"),)),
        _verdict(Status.VIOLATED, "+B", done_late=True, labels=(("unit", "U1"),)),
        _verdict(Status.PENDING, "@C", window="2024-Q1"),
    ]
    import datetime as dt

    report = Report(
        [ListBatch(info, verdicts)],
        as_of=dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
        accounting=LogAccounting(rows_read=3, rows_used=3),
    )
    assert len(report) == 3
    assert report.counts()[Status.VIOLATED] == 1
    summary = {row.unit: row for row in report.summary()}
    assert (summary["U1"].met, summary["U1"].violated, summary["U1"].done_late) == (1, 1, 1)
    assert summary[None].pending == 1
    assert [v.case for v in report.verdicts(status=["pending", "违反"])] == ["+B", "@C"]
    with pytest.raises(UsageError, match="GK523"):
        list(report.verdicts(status="late"))
    csv_text = report.to_csv()
    assert "'+B" in csv_text
    assert "'@C" in csv_text
    record = verdict_record(verdicts[2])
    assert record["window"] == "2024-Q1"
    assert "window" not in verdict_record(verdicts[0])


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("-3", "'-3"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("正常", "正常"),
        ("", ""),
    ],
)
def test_neutralise_cell(cell: str, shown: str) -> None:
    assert neutralise_cell(cell) == shown


def test_status_words() -> None:
    assert Status.parse("已履行") is Status.MET
    assert Status.parse("已违反") is Status.VIOLATED
    assert Status.parse("待履行") is Status.PENDING
    assert Status.parse("not_applicable") is Status.NOT_APPLICABLE
    with pytest.raises(ValueError, match="maybe"):
        Status.parse("maybe")
    assert Status.VIOLATED.label("en") == "violated"
