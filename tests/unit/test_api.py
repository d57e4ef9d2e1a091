"""The Python API end to end: rule text → RuleSet → check → report exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from gkrules.api import RuleSet, load
from gkrules.engine.report import RECORD_KEYS
from gkrules.engine.verdicts import Status
from gkrules.errors import GkError, RuleError, UsageError

RULES = """
规则 S3 "解读材料在政策文件公开后3个工作日内发布" {
    依据 "某县政务公开实施方案" 条款 "三" 原文 "解读材料在文件公开后3个工作日内发布"
    当 政策文件公开
    按 case
    须 解读发布 在 3 工作日 内
}

规则 S5 "舆情48小时内回应" {
    依据 "某县政务公开实施方案" 条款 "四"
    当 舆情发生
    按 case
    须 舆情回应 在 48 小时 内
}

规则 S13 "每季度移交档案" {
    依据 "某县政务公开实施方案" 条款 "五"
    每季度
    按 unit
    须满足 次数(档案移交) >= 1
}
"""

ROWS = [
    {"time": "2024-02-08", "event": "政策文件公开", "case": "=HYPERLINK()", "unit": "县政府办"},
    {"time": "2024-02-20", "event": "解读发布", "case": "=HYPERLINK()", "unit": "县政府办"},
    {"time": "2024-05-01 10:15", "event": "舆情发生", "case": "Y1", "unit": "县政府办"},
    {"time": "2024-05-03 10:14", "event": "舆情回应", "case": "Y1", "unit": "县政府办"},
    {"time": "2024-02-26", "event": "政策文件公开", "case": "A", "unit": "县教育局"},
    {"time": "2024-04-02", "event": "档案移交", "unit": "县教育局"},
    {"time": "2024-04-03", "event": "解读发不", "unit": "县教育局"},
]


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load(RULES)


def test_load_and_rules(rules: RuleSet) -> None:
    assert rules.ids == ("S3", "S5", "S13")
    assert rules.rule("S5").title == "舆情48小时内回应"
    assert {"政策文件公开", "解读发布", "档案移交"} <= rules.events
    with pytest.raises(UsageError):
        rules.rule("S99")


def test_check_end_to_end(rules: RuleSet) -> None:
    report = rules.check(ROWS, as_of="2024-05-10")
    found = {(v.rule, v.case, v.window): v for v in report}
    late = found[("S3", "=HYPERLINK()", None)]
    assert late.status is Status.VIOLATED
    assert late.done_late
    assert found[("S5", "Y1", None)].status is Status.MET
    assert found[("S3", "A", None)].status is Status.VIOLATED
    assert found[("S13", None, "2024-Q2")].status is Status.MET
    assert found[("S13", None, "2024-Q1")].status is Status.VIOLATED
    counts = report.counts()
    assert counts[Status.MET] + counts[Status.VIOLATED] + counts[Status.PENDING] == len(report)
    unused = report.accounting.unused_events
    assert [(u.name, u.did_you_mean) for u in unused] == [("解读发不", "解读发布")]
    assert report.accounting.balanced
    summary = {(row.rule, row.unit): row for row in report.summary()}
    assert (summary[("S13", "县政府办")].violated, summary[("S13", "县政府办")].pending) == (1, 1)
    assert summary[("S3", "县政府办")].done_late == 1


def test_jsonl_contract(rules: RuleSet) -> None:
    report = rules.check(ROWS, as_of="2024-05-10")
    records = [json.loads(line) for line in report.to_jsonl().splitlines()]
    assert len(records) == len(report)
    for record in records:
        expected = set(RECORD_KEYS) | ({"window"} if record.get("window") else set())
        assert set(record) == expected
        assert record["status"] in ("met", "violated", "pending", "not_applicable")
        assert isinstance(record["explanation"], list)
        assert record["source"].startswith("<text>:")
    hours = next(r for r in records if r["rule"] == "S5")
    assert hours["deadline"] == "2024-05-03T10:15:00+08:00"
    assert hours["trigger"] == "2024-05-01T10:15:00+08:00"
    days = next(r for r in records if r["rule"] == "S3" and r["case"] == "A")
    assert days["deadline"] == "2024-02-29"
    assert days["late_by"] == {"value": 48, "unit": "工作日"}
    assert days["cite"] == "某县政务公开实施方案 三"
    window = next(r for r in records if r.get("window") == "2024-Q2")
    assert window["rule"] == "S13"
    english = json.loads(report.to_jsonl("en").splitlines()[0])
    assert english["explanation"][0].startswith("Trigger:")


def test_csv_neutralises_formulas(rules: RuleSet) -> None:
    text = rules.check(ROWS, as_of="2024-05-10").to_csv()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["case"] == "'=HYPERLINK()"
    assert set(rows[0]) == {*RECORD_KEYS, "window"}


def test_dataframe(rules: RuleSet) -> None:
    pytest.importorskip("pandas")
    frame = rules.check(ROWS, as_of="2024-05-10").to_dataframe()
    assert list(frame.columns)[:5] == ["rule", "title", "case", "unit", "window"]
    assert len(frame) == len(rules.check(ROWS, as_of="2024-05-10"))


def test_status_filter_builds_only_those(rules: RuleSet) -> None:
    report = rules.check(ROWS, as_of="2024-05-10")
    violated = list(report.verdicts(status="violated"))
    assert violated
    assert all(v.status is Status.VIOLATED for v in violated)
    assert all(v.rule == "S5" for v in report.verdicts(rule="S5"))


def test_as_of_in_the_past_hides_later_events(rules: RuleSet) -> None:
    report = rules.check(ROWS, as_of=dt.datetime(2024, 5, 2, 12, 0))
    s5 = next(v for v in report if v.rule == "S5")
    assert s5.status is Status.PENDING
    assert s5.remaining is not None
    assert s5.remaining.value == 22.25
    assert report.accounting.rows_after_as_of == 1


def test_errors_are_gkrules_errors() -> None:
    with pytest.raises(RuleError):
        load("规则 X {\n")
    with pytest.raises(GkError):
        load(RULES).check(42)
