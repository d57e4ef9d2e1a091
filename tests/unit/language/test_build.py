"""Assembling clauses into rule shapes: defaults, conventions, and what the builder refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from gkrules.errors import RuleSyntaxError
from gkrules.language import ast, parse_text


def rule(text: str) -> ast.Rule:
    item = parse_text(f'规则 X "t" {{\n{text}\n}}').items[0]
    assert isinstance(item, ast.Rule)
    return item


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("当 a 须 b 同日", ("case",)),
        ("须 b 不晚于 01-31", ()),
        ("每月 须满足 x", ("unit",)),
        ("至多 1 个 a", ("unit",)),
        ("当 a 按 case, party 须 b 同日", ("case", "party")),
        ("每年 不分组 须满足 x", ()),
    ],
)
def test_default_keys_per_shape(text: str, keys: tuple[str, ...]) -> None:
    body = rule(text).body
    assert not isinstance(body, ast.EachBody)
    assert body.keys == keys


def test_clause_order_does_not_matter() -> None:
    a = rule('须 b 在 3 工作日 内\n标签 t\n当 a\n依据 "d"')
    b = rule('依据 "d"\n标签 t\n当 a\n须 b 在 3 工作日 内')
    assert a == b


def test_clause_spans_name_every_clause_in_source_order() -> None:
    r = rule("级别 建议\n按 case\n当 a\n须 b 同日\n一对一")
    assert [kind for kind, _ in r.clause_spans] == [
        "severity",
        "per",
        "when",
        "require",
        "one_to_one",
    ]
    assert [span.line for _, span in r.clause_spans] == [2, 3, 4, 5, 6]


def test_counting_conventions() -> None:
    body = rule("当 a 须 b 在 3 日 内 计算 当日起算, 截止 17:30").body
    assert isinstance(body, ast.DeadlineBody)
    assert body.counting == ast.Counting(start_day_counted=True, cutoff=dt.time(17, 30))
    assert body.counting.roll_off
    assert not body.counting.exclusive


def test_period_choice_cases_are_condition_then_period() -> None:
    body = rule("当 a 须 b 在 1 日 如果 x, 否则 2 日 内").body
    assert isinstance(body, ast.DeadlineBody)
    assert isinstance(body.period, ast.PeriodChoice)
    condition, period = body.period.cases[0]
    assert condition == ast.NameRef("x")
    assert isinstance(period, ast.PeriodLit)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('依据 "d"', "GK214"),
        ("当 a 当 b 须 c 同日", "GK213"),
        ("计算 不顺延, 不顺延 当 a 须 c 同日", "GK213"),
        ("当 a 须 c 不晚于 2020-01-31", "GK215"),
        ("每月 对每个 a 须满足 x", "GK215"),
        ("至多 1 个 a 须满足 x", "GK215"),
        ("对每个 a 按 unit 须满足 x", "GK215"),
        ("须 c 在 3 日 内", "GK219"),
        ("每月", "GK219"),
        ("对每个 a", "GK219"),
        ("当 a 须 c 在 3 工做日 内", "GK203"),
        ("当 a 须 c 在 3 周 内", "GK203"),
        ("须 c 不晚于 02-30", "GK211"),
        ("有效 21 对每个 a 须满足 x", "GK211"),
        ("当 a 须 c 同日 延期 于 d 最多 2 日 次数 1.5", "GK217"),
        ("至多 1.5 个 a", "GK217"),
    ],
)
def test_refused(text: str, code: str) -> None:
    with pytest.raises(RuleSyntaxError, match=code):
        rule(text)


def test_test_block_as_of_only_once() -> None:
    with pytest.raises(RuleSyntaxError, match="GK213"):
        parse_text('测试 "t" { 截至 2024-01-01 截至 2024-01-02 }')


@pytest.mark.parametrize("stamp", ["2024-02-30", "2024-02-21T24:00", "2024年13月1日"])
def test_test_timestamps_are_checked(stamp: str) -> None:
    with pytest.raises(RuleSyntaxError, match="GK211"):
        parse_text(f'测试 "t" {{ 事件 {stamp} a }}')
