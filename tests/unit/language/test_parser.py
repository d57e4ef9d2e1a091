"""Parsing: every construct in Chinese and English spellings, the lexer, full-width text, limits,
the grammar itself (strict LALR), and the syntax-error golden files (tests/golden/syntax/)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from importlib import resources
from pathlib import Path

import lark
import pytest
from tests.conftest import GOLDEN_ROOT, REPO_ROOT
from tests.golden_support import check_golden

from gkrules.calendar.periods import Unit
from gkrules.errors import RuleError, RuleSyntaxError
from gkrules.language import ast, find_fullwidth, keyword_language, parse_file, parse_text
from gkrules.language.lexing import KEYWORDS, LIMITS, decode_string, string_text
from gkrules.language.messages import CATALOG


def expr(text: str) -> ast.Expr:
    rule = parse_text(f'规则 X "t" {{ 对每个 e 须满足 {text} }}').items[0]
    assert isinstance(rule, ast.Rule)
    assert isinstance(rule.body, ast.EachBody)
    return rule.body.requirements[0].condition


def body(text: str) -> ast.RuleBody:
    rule = parse_text(f'规则 X "t" {{\n{text}\n}}').items[0]
    assert isinstance(rule, ast.Rule)
    return rule.body


N, S, P = ast.NameRef, ast.StringLit, ast.PeriodLit


def num(text: str) -> ast.NumberLit:
    return ast.NumberLit(Decimal(text))


def pattern(*names: str, where: ast.Expr | None = None) -> ast.EventPattern:
    return ast.EventPattern(names, where)


# ---------------------------------------------------------------------------------------------
# Expressions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("level = 1", ast.Compare(ast.CompareOp.EQ, N("level"), num("1"))),
        ("level == 1", ast.Compare(ast.CompareOp.EQ, N("level"), num("1"))),
        ("a >= 4%", ast.Compare(ast.CompareOp.GE, N("a"), ast.PercentLit(Decimal(4)))),
        ("a ≥ 4%", ast.Compare(ast.CompareOp.GE, N("a"), ast.PercentLit(Decimal(4)))),
        ("a ≤ 1.5", ast.Compare(ast.CompareOp.LE, N("a"), num("1.5"))),
        ('a ≠ "x"', ast.Compare(ast.CompareOp.NE, N("a"), S("x"))),
        ("a != -2", ast.Compare(ast.CompareOp.NE, N("a"), num("-2"))),
        ("a < b", ast.Compare(ast.CompareOp.LT, N("a"), N("b"))),
        ("a > b", ast.Compare(ast.CompareOp.GT, N("a"), N("b"))),
        ('level 属于 ["特别重大", "重大"]', ast.InList(N("level"), (S("特别重大"), S("重大")))),
        ('level in ["a"]', ast.InList(N("level"), (S("a"),))),
        ('level 不属于 ["a"]', ast.InList(N("level"), (S("a"),), negated=True)),
        ('level not in ["a"]', ast.InList(N("level"), (S("a"),), negated=True)),
        ("reason 存在", ast.Presence("reason")),
        ("reason present", ast.Presence("reason")),
        ("reason 缺失", ast.Presence("reason", negated=True)),
        ("reason absent", ast.Presence("reason", negated=True)),
        (
            "a = 1 或 b = 2 或 c",
            ast.Logical(
                ast.LogicalOp.OR,
                (
                    ast.Compare(ast.CompareOp.EQ, N("a"), num("1")),
                    ast.Compare(ast.CompareOp.EQ, N("b"), num("2")),
                    N("c"),
                ),
            ),
        ),
        (
            "a and b or c",
            ast.Logical(
                ast.LogicalOp.OR, (ast.Logical(ast.LogicalOp.AND, (N("a"), N("b"))), N("c"))
            ),
        ),
        (
            "a 且 (b 或 c)",
            ast.Logical(
                ast.LogicalOp.AND, (N("a"), ast.Logical(ast.LogicalOp.OR, (N("b"), N("c"))))
            ),
        ),
        ("非 a = 1", ast.Not(ast.Compare(ast.CompareOp.EQ, N("a"), num("1")))),
        ("not (not a)", ast.Not(ast.Not(N("a")))),
        (
            "1 + 2 * 3 - 4 / 5",
            ast.BinaryOp(
                ast.BoolOp.SUB,
                ast.BinaryOp(
                    ast.BoolOp.ADD, num("1"), ast.BinaryOp(ast.BoolOp.MUL, num("2"), num("3"))
                ),
                ast.BinaryOp(ast.BoolOp.DIV, num("4"), num("5")),
            ),
        ),
        (
            "year = 当年 - 1",
            ast.Compare(
                ast.CompareOp.EQ,
                N("year"),
                ast.BinaryOp(ast.BoolOp.SUB, ast.Builtin(ast.BuiltinName.THIS_YEAR), num("1")),
            ),
        ),
        ("this_year", ast.Builtin(ast.BuiltinName.THIS_YEAR)),
        (
            "d = 2021-06-30",
            ast.Compare(ast.CompareOp.EQ, N("d"), ast.DateLit(dt.date(2021, 6, 30))),
        ),
        (
            "d = 2021年6月30日",
            ast.Compare(ast.CompareOp.EQ, N("d"), ast.DateLit(dt.date(2021, 6, 30))),
        ),
        (
            "x = 20 工作日",
            ast.Compare(ast.CompareOp.EQ, N("x"), P(num("20"), Unit.WORKDAYS, "工作日")),
        ),
        (
            "x = 20工作日",
            ast.Compare(ast.CompareOp.EQ, N("x"), P(num("20"), Unit.WORKDAYS, "工作日")),
        ),
        (
            "x = 20个工作日",
            ast.Compare(ast.CompareOp.EQ, N("x"), P(num("20"), Unit.WORKDAYS, "个工作日")),
        ),
        ("x = 2 个 月", ast.Compare(ast.CompareOp.EQ, N("x"), P(num("2"), Unit.MONTHS, "月"))),
        ("x = 48 hours", ast.Compare(ast.CompareOp.EQ, N("x"), P(num("48"), Unit.HOURS, "hours"))),
        ("x = N 天", ast.Compare(ast.CompareOp.EQ, N("x"), P(N("N"), Unit.DAYS, "天"))),
        (
            "次数(听取汇报) >= 1",
            ast.Compare(
                ast.CompareOp.GE,
                ast.Aggregate(ast.AggregateFunc.COUNT, ("听取汇报",), None, None),
                num("1"),
            ),
        ),
        (
            "count(a or b where x = 1) >= 1",
            ast.Compare(
                ast.CompareOp.GE,
                ast.Aggregate(
                    ast.AggregateFunc.COUNT,
                    ("a", "b"),
                    None,
                    ast.Compare(ast.CompareOp.EQ, N("x"), num("1")),
                ),
                num("1"),
            ),
        ),
        (
            "合计(抽查.checked) > 0",
            ast.Compare(
                ast.CompareOp.GT,
                ast.Aggregate(ast.AggregateFunc.SUM, ("抽查",), "checked", None),
                num("0"),
            ),
        ),
        (
            "最小(a.v) = max(a.v)",
            ast.Compare(
                ast.CompareOp.EQ,
                ast.Aggregate(ast.AggregateFunc.MIN, ("a",), "v", None),
                ast.Aggregate(ast.AggregateFunc.MAX, ("a",), "v", None),
            ),
        ),
        (
            '最新(指标报告.value 其中 metric = "权重") ≥ 4%',
            ast.Compare(
                ast.CompareOp.GE,
                ast.Aggregate(
                    ast.AggregateFunc.LATEST,
                    ("指标报告",),
                    "value",
                    ast.Compare(ast.CompareOp.EQ, N("metric"), S("权重")),
                ),
                ast.PercentLit(Decimal(4)),
            ),
        ),
        (
            "latest(r.v) = r.v",
            ast.Compare(
                ast.CompareOp.EQ,
                ast.Aggregate(ast.AggregateFunc.LATEST, ("r",), "v", None),
                ast.AttrRef("r", "v"),
            ),
        ),
        ("`count` = 1", ast.Compare(ast.CompareOp.EQ, N("count"), num("1"))),
        ('s = "a\\"b\\\\c\\n"', ast.Compare(ast.CompareOp.EQ, N("s"), S('a"b\\c\n'))),
        ("s = “中文”", ast.Compare(ast.CompareOp.EQ, N("s"), S("中文"))),
        ("a = -4%", ast.Compare(ast.CompareOp.EQ, N("a"), ast.PercentLit(Decimal(-4)))),
    ],
)
def test_expressions(text: str, expected: ast.Expr) -> None:
    assert expr(text) == expected


def test_spans_are_exact_and_one_based() -> None:
    text = '规则 X "t" {\n    对每个 e 须满足 level 属于 ["a"]\n}'
    condition = expr('level 属于 ["a"]')
    rule = parse_text(text).items[0]
    assert isinstance(rule, ast.Rule)
    assert isinstance(rule.body, ast.EachBody)
    span = rule.body.requirements[0].condition.span
    assert text[span.start : span.end] == 'level 属于 ["a"]'
    assert (span.line, span.column, span.end_line) == (2, 15, 2)
    assert condition == rule.body.requirements[0].condition
    assert rule.span.start == 0
    assert rule.span.end == len(text)


# ---------------------------------------------------------------------------------------------
# Rules


def test_deadline_rule_in_chinese_and_english_reads_the_same() -> None:
    zh = """
    依据 "条例" 条款 "第三十三条" 原文 "……"
    级别 必须
    有效 自 2019-05-15
    标签 依申请公开, 期限
    当 收到申请 其中 channel = "网络"
    按 case
    须 答复 在 答复期限 内
    暂停 自 征求意见开始 至 征求意见结束
    重新计时 于 收到补正
    延期 于 延期告知 天数 days 最多 20 工作日 次数 2
    仅当 存在 补正告知
    一对一
    计算 当日起算, 不顺延, 截止 17:30, 不含末日
    """
    en = """
    source "条例" article "第三十三条" quote "……"
    severity required
    effective from 2019-05-15
    tags 依申请公开, 期限
    when 收到申请 where channel = "网络"
    per case
    require 答复 within 答复期限
    pause from 征求意见开始 until 征求意见结束
    restart on 收到补正
    extend on 延期告知 amount days at most 20 工作日 times 2
    only if has 补正告知
    one to one
    counting start-day-counted, no-roll-off, cutoff 17:30, exclusive-end
    """
    expected = ast.DeadlineBody(
        trigger=pattern("收到申请", where=ast.Compare(ast.CompareOp.EQ, N("channel"), S("网络"))),
        fulfil=pattern("答复"),
        period=N("答复期限"),
        keys=("case",),
        pauses=(ast.Pause(pattern("征求意见开始"), pattern("征求意见结束")),),
        restart=pattern("收到补正"),
        extension=ast.Extension(
            pattern("延期告知"), "days", P(num("20"), Unit.WORKDAYS, "工作日"), 2
        ),
        only_if=pattern("补正告知"),
        one_to_one=True,
        counting=ast.Counting(True, False, dt.time(17, 30), True),
    )
    rules = [parse_text(f'规则 L5 "t" {{{text}}}').items[0] for text in (zh, en)]
    assert rules[0] == rules[1]
    assert isinstance(rules[0], ast.Rule)
    assert rules[0].body == expected
    assert rules[0].citation == ast.Citation("条例", "第三十三条", "……")
    assert rules[0].effective == ast.Effective(dt.date(2019, 5, 15), None)
    assert rules[0].tags == ("依申请公开", "期限")
    assert [kind for kind, _ in rules[0].clause_spans][:5] == [
        "source",
        "severity",
        "effective",
        "tags",
        "when",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("当 a  须 b 同日", ast.DeadlineBody(pattern("a"), pattern("b"), None)),
        ("when a require b same day", ast.DeadlineBody(pattern("a"), pattern("b"), None)),
        (
            "当 a 须 b 在 3 工作日",
            ast.DeadlineBody(pattern("a"), pattern("b"), P(num("3"), Unit.WORKDAYS, "工作日")),
        ),
        (
            "当 a 须 b 在 3工作日内",
            ast.DeadlineBody(pattern("a"), pattern("b"), P(num("3"), Unit.WORKDAYS, "工作日")),
        ),
        (
            "当 a 须 b 在 3 工作日 内 不分组",
            ast.DeadlineBody(
                pattern("a"), pattern("b"), P(num("3"), Unit.WORKDAYS, "工作日"), keys=()
            ),
        ),
        (
            '当 舆情发生 须 回应 或 发布会 在 24 小时 如果 level 属于 ["重大"], 否则 48 小时 内',
            ast.DeadlineBody(
                pattern("舆情发生"),
                pattern("回应", "发布会"),
                ast.PeriodChoice(
                    ((ast.InList(N("level"), (S("重大"),)), P(num("24"), Unit.HOURS, "小时")),),
                    P(num("48"), Unit.HOURS, "小时"),
                ),
            ),
        ),
        (
            "when a require b within 1 day if x, 2 days if y",
            ast.DeadlineBody(
                pattern("a"),
                pattern("b"),
                ast.PeriodChoice(
                    (
                        (N("x"), P(num("1"), Unit.DAYS, "day")),
                        (N("y"), P(num("2"), Unit.DAYS, "days")),
                    ),
                    None,
                ),
            ),
        ),
        (
            "按 unit 须 报告 不晚于 每年 01-31",
            ast.DateBody(pattern("报告"), ast.MonthDay(1, 31), keys=("unit",)),
        ),
        ("须 报告 不晚于 1月31日", ast.DateBody(pattern("报告"), ast.MonthDay(1, 31))),
        ("require r by every year 09-30", ast.DateBody(pattern("r"), ast.MonthDay(9, 30))),
        ("require r by 2020-01-31", ast.DateBody(pattern("r"), ast.DateLit(dt.date(2020, 1, 31)))),
        (
            "须 r 早于 2020年1月31日",
            ast.DateBody(
                pattern("r"),
                ast.DateLit(dt.date(2020, 1, 31)),
                counting=ast.Counting(exclusive=True),
            ),
        ),
        (
            "require r before 02-29 counting cutoff 9:00",
            ast.DateBody(
                pattern("r"),
                ast.MonthDay(2, 29),
                counting=ast.Counting(cutoff=dt.time(9, 0), exclusive=True),
            ),
        ),
        (
            "每月 按 unit 须满足 次数(抽查) >= 1",
            ast.WindowBody(
                ast.Window.MONTH,
                (
                    ast.Requirement(
                        ast.Compare(
                            ast.CompareOp.GE,
                            ast.Aggregate(ast.AggregateFunc.COUNT, ("抽查",), None, None),
                            num("1"),
                        )
                    ),
                ),
            ),
        ),
        ("每季度 须满足 a", ast.WindowBody(ast.Window.QUARTER, (ast.Requirement(N("a")),))),
        (
            "每半年 不分组 须满足 a",
            ast.WindowBody(ast.Window.HALF_YEAR, (ast.Requirement(N("a")),), keys=()),
        ),
        (
            "every year ensure a ensure b if c",
            ast.WindowBody(
                ast.Window.YEAR, (ast.Requirement(N("a")), ast.Requirement(N("b"), N("c")))
            ),
        ),
        (
            "every half-year ensure a",
            ast.WindowBody(ast.Window.HALF_YEAR, (ast.Requirement(N("a")),)),
        ),
        (
            "every quarter per unit, platform ensure a",
            ast.WindowBody(
                ast.Window.QUARTER, (ast.Requirement(N("a")),), keys=("unit", "platform")
            ),
        ),
        (
            "按 unit, platform 至多 1 个 在用 开设 关闭于 关停 对应 account",
            ast.LimitBody(
                1, pattern("开设"), pattern("关停"), ("account",), keys=("unit", "platform")
            ),
        ),
        (
            "at most 1 open o closed by c matching a, b",
            ast.LimitBody(1, pattern("o"), pattern("c"), ("a", "b")),
        ),
        ("按 case 至多 1 个 补正告知", ast.LimitBody(1, pattern("补正告知"), keys=("case",))),
        (
            '对每个 公文印发 须满足 reason 存在 如果 attribute = "不予公开"',
            ast.EachBody(
                pattern("公文印发"),
                (
                    ast.Requirement(
                        ast.Presence("reason"),
                        ast.Compare(ast.CompareOp.EQ, N("attribute"), S("不予公开")),
                    ),
                ),
            ),
        ),
        (
            "for each r where x > 1 ensure y",
            ast.EachBody(
                pattern("r", where=ast.Compare(ast.CompareOp.GT, N("x"), num("1"))),
                (ast.Requirement(N("y")),),
            ),
        ),
    ],
)
def test_rule_shapes(text: str, expected: ast.RuleBody) -> None:
    assert body(text) == expected


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("级别 必须", "required"),
        ("级别 建议", "advisory"),
        ("级别 原则上", "advisory"),
        ("severity advisory", "advisory"),
    ],
)
def test_severity(text: str, severity: str) -> None:
    rule = parse_text(f'规则 X "t" {{ {text} 对每个 e 须满足 a }}').items[0]
    assert isinstance(rule, ast.Rule)
    assert rule.severity.value == severity


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("有效 自 2021-01-01 至 2021-06-30", dt.date(2021, 1, 1), dt.date(2021, 6, 30)),
        ("有效 至 2021-06-30", None, dt.date(2021, 6, 30)),
        ("有效 2021年", dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        ("effective 2022", dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        ("effective from 2021年3月1日", dt.date(2021, 3, 1), None),
    ],
)
def test_effective(text: str, start: dt.date | None, end: dt.date | None) -> None:
    rule = parse_text(f'规则 X "t" {{ {text} 对每个 e 须满足 a }}').items[0]
    assert isinstance(rule, ast.Rule)
    assert rule.effective == ast.Effective(start, end)


def test_file_items_tests_and_ids() -> None:
    text = """
    导入 "共用.gk"
    import "b.gk"
    常量 答复期限 = 20 工作日
    const 下限 = 4%
    规则 S11.3 "t" { 须 任务完成 不晚于 2021-09-30 }
    rule `odd id` "t" { 须 x 不晚于 2021-09-30 }
    测试 "春节" {
        截至 2024-03-01
        事件 2024-02-08 政策文件公开 case="A"
        事件 2024-02-21T10:00 解读发布 case="A" days=3
        event 2024年2月22日 x
        期望 S3 case="A" 已履行
        expect S11.3 unit="u" not_applicable
    }
    """
    items = parse_text(text).items
    assert items[:4] == (
        ast.Import("共用.gk"),
        ast.Import("b.gk"),
        ast.Constant("答复期限", P(num("20"), Unit.WORKDAYS, "工作日")),
        ast.Constant("下限", ast.PercentLit(Decimal(4))),
    )
    assert [item.id for item in items[4:6] if isinstance(item, ast.Rule)] == ["S11.3", "odd id"]
    assert items[6] == ast.TestBlock(
        "春节",
        "2024-03-01",
        (
            ast.TestEvent("2024-02-08", "政策文件公开", (("case", "A"),)),
            ast.TestEvent("2024-02-21T10:00", "解读发布", (("case", "A"), ("days", "3"))),
            ast.TestEvent("2024-02-22", "x"),
        ),
        (
            ast.Expect("S3", (("case", "A"),), "met"),
            ast.Expect("S11.3", (("unit", "u"),), "not_applicable"),
        ),
    )


def test_comments_are_collected_with_their_lines() -> None:
    file = parse_text('# one\n导入 "a.gk"  # two\n＃ three\n')
    assert file.comments == ((1, "# one"), (2, "# two"), (3, "# three"))


# ---------------------------------------------------------------------------------------------
# Full-width punctuation, keywords, limits


def test_fullwidth_punctuation_reads_as_ascii_and_is_listed() -> None:
    text = "规则 X “标题” ｛ 对每个 e 须满足 level 属于 ［“一”，“二”］ 且 次数（a）＞＝ １０％ ｝"
    rule = parse_text(text).items[0]
    plain = parse_text(
        '规则 X "标题" { 对每个 e 须满足 level 属于 ["一", "二"] 且 次数(a) >= 10% }'
    ).items[0]
    assert rule == plain
    found = find_fullwidth(text)
    assert [(r.original, r.ascii) for r in found] == [
        ("｛", "{"),
        ("［", "["),
        ("，", ","),
        ("］", "]"),
        ("（", "("),
        ("）", ")"),
        ("＞", ">"),
        ("＝", "="),
        ("１", "1"),
        ("０", "0"),
        ("％", "%"),
        ("｝", "}"),
    ]
    first = found[0]
    assert text[first.span.start] == "｛"
    assert first.span.column == 11


def test_fullwidth_inside_strings_and_comments_is_left_alone() -> None:
    assert find_fullwidth('导入 "（a）"  # （注）') == ()
    assert parse_text('导入 "（a）"').items[0] == ast.Import("（a）")


def test_keyword_table_matches_the_grammar() -> None:
    grammar = resources.files("gkrules.language").joinpath("grammar.lark").read_text("utf-8")
    in_grammar = set(re.findall(r'"([^"\s]+)"', grammar))
    phrases = set(re.findall(r"^[A-Z_]+_EN\.2: /(.*)/$", grammar, re.M))
    words = {w for zh, en in KEYWORDS.values() for w in (*zh, *en)}
    single = {w for w in words if re.fullmatch(r"[^\W\d]\w*", w)}
    punctuation = {w for w in in_grammar if not re.fullmatch(r"[^\W\d]\w*", w)}
    assert single == in_grammar - punctuation
    assert len(phrases) == len(words - single)


def test_grammar_is_strict_lalr_without_collisions() -> None:
    grammar = resources.files("gkrules.language").joinpath("grammar.lark").read_text("utf-8")
    lark.Lark(grammar, parser="lalr", lexer="basic", strict=True)


def test_keyword_language() -> None:
    assert keyword_language('规则 X "t" { 对每个 e 须满足 a }') == "zh"
    assert keyword_language('rule X "t" { for each e ensure a }') == "en"
    assert keyword_language("") == "zh"


def test_strings_escape_round_trip() -> None:
    for value in ['a"b', "c\\d", "e\nf\tg\rh", "“中文”"]:
        assert decode_string(string_text(value)) == (value, None)


def test_deep_but_legal_input_parses_and_long_chains_are_flat() -> None:
    nested = "(" * 40 + "a" + ")" * 40
    assert expr(nested) == N("a")
    chain = " 或 ".join(f"a{i}" for i in range(5000))
    result = expr(chain)
    assert isinstance(result, ast.Logical)
    assert len(result.operands) == 5000


def test_limits() -> None:
    with pytest.raises(RuleSyntaxError, match="GK207"):
        expr("(" * (LIMITS.nesting + 1) + "a" + ")" * (LIMITS.nesting + 1))
    with pytest.raises(RuleSyntaxError, match="GK216"):
        expr(" + ".join(["1"] * (LIMITS.expression_depth + 2)))
    with pytest.raises(RuleSyntaxError, match="GK208"):
        expr("a" * (LIMITS.name_length + 1))
    with pytest.raises(RuleSyntaxError, match="GK209"):
        expr('"' + "字" * (LIMITS.string_length + 1) + '"')
    with pytest.raises(RuleSyntaxError, match="GK210"):
        expr("1" * (LIMITS.number_digits + 1))
    with pytest.raises(RuleSyntaxError, match="GK206"):
        parse_text(" " * (LIMITS.file_chars + 1))


def test_parse_file(tmp_path: Path) -> None:
    path = tmp_path / "a.gk"
    path.write_bytes('\ufeff导入 "b.gk"\n'.encode())
    assert parse_file(path).items == (ast.Import("b.gk"),)
    with pytest.raises(RuleError, match="GK218"):
        parse_file(tmp_path / "missing.gk")
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(RuleError, match="not UTF-8"):
        parse_file(path)


def test_catalog_templates_agree_in_both_languages() -> None:
    for key in CATALOG.entries:
        en, zh = CATALOG.fields(key)
        assert en == zh, key


@pytest.mark.parametrize(
    "path", sorted((REPO_ROOT / "dsl_examples").glob("*.gk")), ids=lambda p: p.name
)
def test_every_example_parses(path: Path) -> None:
    assert parse_file(path).items


# ---------------------------------------------------------------------------------------------
# Syntax errors: tests/golden/syntax/NAME.gk → NAME.en.txt and NAME.zh.txt

SYNTAX_CASES = sorted((GOLDEN_ROOT / "syntax").glob("*.gk"))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("case", SYNTAX_CASES, ids=lambda p: p.stem)
def test_syntax_error_golden(case: Path, lang: str, update_golden: bool) -> None:
    text = case.read_text("utf-8")
    with pytest.raises(RuleSyntaxError) as caught:
        parse_text(text, f"syntax/{case.name}")
    assert len(caught.value.diagnostics) == 1
    rendered = caught.value.render(lang) + "\n"  # type: ignore[arg-type]
    check_golden(case.with_suffix(f".{lang}.txt"), rendered, update_golden)


def test_there_are_at_least_fifteen_distinct_syntax_mistakes() -> None:
    assert len(SYNTAX_CASES) >= 15
