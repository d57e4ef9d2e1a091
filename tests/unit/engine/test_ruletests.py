"""Rule tests: ``测试`` blocks, CSV test tables, failure diffs, rules without tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkrules.api import load
from gkrules.engine.ruletests import load_test_table
from gkrules.engine.verdicts import Status
from gkrules.errors import UsageError

RULES = """
规则 S3 "解读材料在政策文件公开后3个工作日内发布" {
    依据 "某县政务公开实施方案"
    当 政策文件公开
    按 case
    须 解读发布 在 3 工作日 内
}

规则 S13 "每季度移交档案" {
    依据 "某县政务公开实施方案"
    每季度
    按 unit
    须满足 次数(档案移交) >= 1
}

测试 "S3 跨春节" {
    截至 2024-03-01
    事件 2024-02-08 政策文件公开 case="A"
    事件 2024-02-19 解读发布 case="A"
    事件 2024-02-08 政策文件公开 case="B"
    期望 S3 case="A" 已履行
    期望 S3 case="B" 已履行
}
"""


def test_blocks_pass_and_fail_with_a_diff() -> None:
    report = load(RULES).run_tests()
    assert not report.passed
    (result,) = report.results
    assert [r.passed for r in result.expectations] == [True, False]
    text = report.render("zh")
    assert "失败：期望 S3 case=B 已履行" in text
    assert "实际：S3 case=B 违反" in text
    assert "截至2024-03-01仍未履行" in text  # the actual verdict's explanation
    assert "没有测试的规则（1 条）：S13" in text
    english = report.render("en")
    assert "FAILED: expected S3 case=B met" in english
    assert "rules without tests (1): S13" in english
    assert report.untested_rules == ("S13",)


def test_events_are_quoted_where_they_are_written() -> None:
    report = load(RULES).run_tests()
    failed = report.results[0].expectations[1]
    (verdict,) = failed.actual
    assert str(verdict.evidence[0]) == "<text>:20"


TABLE = """\ufeff测试,截至,时间,事件,case,unit,window,期望规则,期望结论
S3 按期,2024-03-01,2024-02-08,政策文件公开,A,,,,
,,2024-02-19,解读发布,A,,,,
,,,,A,,,S3,已履行
S13 季度,2024-07-10,2024-02-01,档案移交,,县档案馆,,,
,,,,,县档案馆,2024-Q1,S13,met
,,,,,县档案馆,2024-Q2,S13,违反
,,,,,县档案馆,2024-Q3,S13,未到期
"""


def test_tables(tmp_path: Path) -> None:
    path = tmp_path / "standard_tests.csv"
    path.write_text(TABLE, encoding="utf-8")
    tests = load_test_table(path)
    assert [t.name for t in tests] == ["S3 按期", "S13 季度"]
    assert tests[1].expectations[0].keys == (("unit", "县档案馆"), ("window", "2024-Q1"))
    assert tests[1].expectations[0].status is Status.MET
    report = load(RULES).run_tests(tables=[path])
    by_name = {r.test.name: r for r in report.results}
    assert by_name["S3 按期"].passed
    assert by_name["S13 季度"].passed
    assert report.untested_rules == ()
    assert by_name["S3 按期"].test.where.endswith("standard_tests.csv:2")


def test_table_problems(tmp_path: Path) -> None:
    path = tmp_path / "bad_tests.csv"
    path.write_text("测试,时间,事件,期望规则\n", encoding="utf-8")
    with pytest.raises(UsageError, match="期望结论"):
        load_test_table(path)
    path.write_text("测试,时间,事件,期望规则,期望结论\nx,,,S3,大概吧\n", encoding="utf-8")
    with pytest.raises(UsageError, match="大概吧"):
        load_test_table(path)


def test_an_unknown_rule_and_a_bad_time_fail_the_test(tmp_path: Path) -> None:
    path = tmp_path / "unknown_tests.csv"
    path.write_text(
        "测试,时间,事件,case,期望规则,期望结论\n"
        "x,2024-02-08,政策文件公开,A,,\n"
        ",,,A,S4,已履行\n"
        "y,2024-02-30,政策文件公开,A,,\n"
        ",,,A,S3,未到期\n",
        encoding="utf-8",
    )
    report = load(RULES).run_tests(tables=[path], lang="en")
    text = report.render("en")
    assert "no rule 'S4'" in text
    assert "2024-02-30" in text


def test_the_shipped_examples_pass(repo_root: Path) -> None:
    report = load(repo_root / "dsl_examples").run_tests()
    assert report.passed, report.render("zh")
