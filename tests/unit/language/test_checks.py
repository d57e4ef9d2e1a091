"""The semantic checks on hand-built trees: each check finds its mistake and stays quiet otherwise.

Golden files (tests/golden/diagnostics/) show the same checks end to end from .gk text; these tests
pin the decisions that text cannot easily reach.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from gkrules.calendar.periods import Unit
from gkrules.diagnostics import Diagnostic
from gkrules.language import ast
from gkrules.language.checks import LoadedFile, run_checks
from gkrules.source import SourceFile


def _file(*items: ast.Item, path: str = "a.gk", imports: tuple[str, ...] = ()) -> LoadedFile:
    return LoadedFile(SourceFile(path, ""), ast.File(path, items), imports)


def _codes(*files: LoadedFile) -> list[str]:
    return [d.code for d in run_checks(files)]


def _errors(*files: LoadedFile) -> list[Diagnostic]:
    return [d for d in run_checks(files) if d.is_error]


def _hint(diagnostic: Diagnostic, lang: str = "en") -> str:
    if diagnostic.hint is None:
        return ""
    return diagnostic.hint.zh if lang == "zh" else diagnostic.hint.en


def num(value: int | str) -> ast.NumberLit:
    return ast.NumberLit(Decimal(value))


def period(amount: int | str | ast.NameRef, unit: Unit = Unit.WORKDAYS) -> ast.PeriodLit:
    value = amount if isinstance(amount, ast.NameRef) else num(amount)
    return ast.PeriodLit(value, unit, unit.zh)


def name(text: str) -> ast.NameRef:
    return ast.NameRef(text)


def eq(left: ast.Expr, right: ast.Expr) -> ast.Compare:
    return ast.Compare(ast.CompareOp.EQ, left, right)


def text(value: str) -> ast.StringLit:
    return ast.StringLit(value)


CITE = ast.Citation("中华人民共和国政府信息公开条例", "第三十三条")


def deadline(
    period_: ast.PeriodExpr | ast.PeriodChoice | None = None, **changes: object
) -> ast.DeadlineBody:
    body = ast.DeadlineBody(
        ast.EventPattern(("收到申请",)), ast.EventPattern(("答复",)), period_ or period(20)
    )
    return body if not changes else attrs.evolve(body, **changes)


def rule(body: ast.RuleBody, rule_id: str = "L5", **changes: object) -> ast.Rule:
    made = ast.Rule(rule_id, "依申请公开：20个工作日内答复", body, citation=CITE)
    return made if not changes else attrs.evolve(made, **changes)


def window(*conditions: ast.Expr) -> ast.WindowBody:
    return ast.WindowBody(ast.Window.YEAR, tuple(ast.Requirement(c) for c in conditions))


def count(event: str, attribute: str | None = None) -> ast.Aggregate:
    return ast.Aggregate(ast.AggregateFunc.COUNT, (event,), attribute, None)


def total(event: str, attribute: str | None) -> ast.Aggregate:
    return ast.Aggregate(ast.AggregateFunc.SUM, (event,), attribute, None)


def test_a_good_rule_has_no_diagnostics():
    assert _codes(_file(rule(deadline()))) == []


def test_duplicate_rule_ids_across_files_name_the_first():
    first = _file(rule(deadline()), path="a.gk")
    second = _file(rule(deadline()), path="b.gk")
    [diagnostic] = _errors(first, second)
    assert diagnostic.code == "GK310"
    assert "<generated>" in _hint(diagnostic)


def test_constants_duplicate_undefined_circular_and_not_imported():
    c1 = ast.Constant("期限", period(20))
    c2 = ast.Constant("期限", period(15))
    assert _codes(_file(c1, c2)) == ["GK311", "GK374"]
    assert _codes(_file(rule(deadline(name("答复期限"))))) == ["GK312"]
    loop = (ast.Constant("甲", name("乙")), ast.Constant("乙", name("甲")))
    assert "GK313" in _codes(_file(*loop))
    shared = _file(ast.Constant("答复期限", period(20)), path="共用.gk")
    user = _file(rule(deadline(name("答复期限"))), path="main.gk")
    [diagnostic] = _errors(shared, user)
    assert diagnostic.code == "GK314"
    assert '导入 "共用.gk"' in _hint(diagnostic, "zh")
    imported = _file(rule(deadline(name("答复期限"))), path="main.gk", imports=("共用.gk",))
    assert _errors(shared, imported) == []


def test_unused_constants_are_warned():
    [diagnostic] = run_checks([_file(ast.Constant("期限", period(20)), rule(deadline()))])
    assert (diagnostic.code, diagnostic.is_error) == ("GK374", False)


def test_undefined_constant_suggests_the_nearest_name():
    [diagnostic] = _errors(
        _file(ast.Constant("答复期限", period(20)), rule(deadline(name("答复期线"))))
    )
    assert "答复期限" in _hint(diagnostic)


@pytest.mark.parametrize(
    ("left", "right", "hint"),
    [
        (count("听取汇报"), ast.PercentLit(Decimal(10)), "count"),
        (count("听取汇报"), period(3), "period"),
        (count("听取汇报"), text("一"), "quoted"),
        (count("听取汇报"), ast.DateLit(dt.date(2024, 1, 1)), "date"),
    ],
)
def test_comparisons_of_different_kinds_are_errors(left, right, hint):
    [diagnostic] = _errors(_file(rule(window(ast.Compare(ast.CompareOp.GE, left, right)))))
    assert diagnostic.code == "GK320"
    assert hint in _hint(diagnostic)


def test_a_ratio_of_sums_compares_with_a_percentage():
    ratio = ast.BinaryOp(ast.BoolOp.DIV, total("抽查", "checked"), total("抽查", "total"))
    good = rule(window(ast.Compare(ast.CompareOp.GE, ratio, ast.PercentLit(Decimal(10)))))
    assert _codes(_file(good)) == []


def test_a_constant_of_the_wrong_kind():
    percent = ast.Constant("比例", ast.PercentLit(Decimal(4)))
    number = ast.Constant("天数", num(15))
    days = ast.Constant("期限", period(15))
    assert _codes(_file(percent, rule(deadline(name("比例"))))) == ["GK321"]
    assert _codes(_file(number, rule(deadline(name("天数"))))) == ["GK321"]
    assert _codes(_file(days, rule(deadline(period(name("期限")))))) == ["GK321"]
    assert _codes(_file(number, rule(deadline(period(name("天数")))))) == []


def test_hours_with_day_conventions():
    cutoff = ast.Counting(cutoff=dt.time(17, 30))
    body = deadline(period(48, Unit.HOURS), counting=cutoff)
    assert _codes(_file(rule(body))) == ["GK330"]
    assert _codes(_file(rule(deadline(period(3), counting=cutoff)))) == []


@pytest.mark.parametrize(
    ("amount", "unit", "code"),
    [
        (0, Unit.WORKDAYS, "GK331"),
        (-3, Unit.DAYS, "GK331"),
        (20000, Unit.WORKDAYS, "GK332"),
        ("2.5", Unit.DAYS, "GK333"),
    ],
)
def test_period_sizes(amount, unit, code):
    assert _codes(_file(rule(deadline(period(amount, unit))))) == [code]


def test_month_days_and_effective_dates():
    def due(month: int, day: int) -> ast.Rule:
        body = ast.DateBody(ast.EventPattern(("年度报告公开",)), ast.MonthDay(month, day))
        return rule(body, "L6")

    assert _codes(_file(due(2, 30))) == ["GK334"]
    assert _codes(_file(due(13, 1))) == ["GK334"]
    assert _codes(_file(due(2, 29))) == ["GK335"]
    assert _codes(_file(due(1, 31))) == []
    backwards = ast.Effective(dt.date(2021, 12, 31), dt.date(2021, 1, 1))
    assert _codes(_file(rule(deadline(), effective=backwards))) == ["GK336"]
    absolute = ast.DateBody(ast.EventPattern(("任务完成",)), ast.DateLit(dt.date(2022, 1, 31)))
    in_2021 = ast.Effective(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert _codes(_file(rule(absolute, "S10", effective=in_2021))) == ["GK337"]


def test_extensions_pauses_and_same_events():
    limit_in_days = ast.Extension(ast.EventPattern(("延期告知",)), "days", period(20, Unit.DAYS))
    assert _codes(_file(rule(deadline(extension=limit_in_days)))) == ["GK341"]
    never = ast.Extension(ast.EventPattern(("延期告知",)), "days", period(20), times=0)
    assert _codes(_file(rule(deadline(extension=never)))) == ["GK342"]
    same = ast.Pause(ast.EventPattern(("征求意见开始",)), ast.EventPattern(("征求意见开始",)))
    assert _codes(_file(rule(deadline(pauses=(same,))))) == ["GK343"]
    itself = deadline(fulfil=ast.EventPattern(("收到申请",)))
    assert _codes(_file(rule(itself))) == ["GK344"]


def test_same_day_rules_have_no_clock():
    same_day = ast.DeadlineBody(
        ast.EventPattern(("政策文件公开",)), ast.EventPattern(("解读发布",)), None, one_to_one=True
    )
    assert _codes(_file(rule(same_day, "S16"))) == ["GK345"]


def test_conditions_unreachable_contradictory_and_constant():
    level = name("level")
    cases = (
        (ast.InList(level, (text("特别重大"), text("重大"))), period(24, Unit.HOURS)),
        (eq(level, text("重大")), period(36, Unit.HOURS)),
    )
    choice = ast.PeriodChoice(cases, period(48, Unit.HOURS))
    body = deadline(choice, trigger=ast.EventPattern(("舆情发生",)))
    assert _codes(_file(rule(body, "S5"))) == ["GK350"]
    channel = name("channel")
    both = ast.Logical(ast.LogicalOp.AND, (eq(channel, text("邮寄")), eq(channel, text("网络"))))
    where = deadline(trigger=ast.EventPattern(("收到申请",), both))
    assert _codes(_file(rule(where))) == ["GK351"]
    span = ast.Logical(
        ast.LogicalOp.AND,
        (
            ast.Compare(ast.CompareOp.GT, name("days"), num(5)),
            ast.Compare(ast.CompareOp.LT, name("days"), num(3)),
        ),
    )
    extension = ast.Extension(ast.EventPattern(("延期告知",), span), "days", period(20))
    assert _codes(_file(rule(deadline(extension=extension)))) == ["GK351"]
    constant = ast.Constant("上限", num(10))
    on_constant = deadline(
        trigger=ast.EventPattern(("收到申请",), ast.Compare(ast.CompareOp.GT, name("上限"), num(5)))
    )
    assert _codes(_file(constant, rule(on_constant))) == ["GK352"]


def test_window_requirements_and_aggregates():
    assert _codes(_file(rule(window(count("听取汇报")), "S12"))) == ["GK360"]
    with_attribute = ast.Compare(ast.CompareOp.GE, count("抽查", "checked"), num(1))
    assert _codes(_file(rule(window(with_attribute), "S7"))) == ["GK361"]
    without = ast.Compare(ast.CompareOp.GE, total("抽查", None), num(1))
    assert _codes(_file(rule(window(without), "S7"))) == ["GK362"]
    each = ast.EachBody(
        ast.EventPattern(("公文印发",)),
        (ast.Requirement(ast.Compare(ast.CompareOp.GE, count("公文印发"), num(1))),),
    )
    assert _codes(_file(rule(each, "S17"))) == ["GK365"]
    this_year = ast.Compare(ast.CompareOp.EQ, name("year"), ast.Builtin(ast.BuiltinName.THIS_YEAR))
    assert _codes(_file(rule(deadline(trigger=ast.EventPattern(("收到申请",), this_year))))) == [
        "GK316",
        "GK363",
    ]


def test_limits():
    negative = ast.LimitBody(-1, ast.EventPattern(("新媒体开设",)))
    assert _codes(_file(rule(negative, "S9"))) == ["GK364"]
    unmatched = ast.LimitBody(1, ast.EventPattern(("新媒体开设",)), match=("account",))
    assert _codes(_file(rule(unmatched, "S9"))) == ["GK367"]


def test_warnings_for_names_near_the_standard_schema():
    typo = deadline(fulfil=ast.EventPattern(("答服",)))
    [diagnostic] = run_checks([_file(rule(typo))])
    assert (diagnostic.code, diagnostic.is_error) == ("GK315", False)
    assert "答复" in _hint(diagnostic)
    attr = deadline(trigger=ast.EventPattern(("舆情发生",), eq(name("levle"), text("重大"))))
    assert _codes(_file(rule(attr))) == ["GK316"]
    value = deadline(trigger=ast.EventPattern(("舆情发生",), eq(name("level"), text("特别大"))))
    [diagnostic] = run_checks([_file(rule(value))])
    assert diagnostic.code == "GK317"
    assert "特别重大" in _hint(diagnostic, "zh")


def test_metadata_warnings():
    bare = ast.Rule("X1", "", deadline(), tags=("标准",))
    assert _codes(_file(bare)) == ["GK370", "GK371", "GK372"]


def test_tests_expectations():
    good = ast.TestBlock(
        "按期答复",
        "2024-03-01",
        (ast.TestEvent("2024-02-08", "收到申请", (("case", "A"),)),),
        (ast.Expect("L5", (("case", "A"),), "met"),),
    )
    assert _codes(_file(rule(deadline()), good)) == []
    bad = ast.TestBlock(
        "坏",
        "2024-03-01",
        (ast.TestEvent("2024-13-08", "收到申请"), ast.TestEvent("2024-03-05", "答复")),
        (ast.Expect("L6", (("unit", "A"),), "done"),),
    )
    assert sorted(_codes(_file(rule(deadline()), bad))) == ["GK380", "GK381", "GK382", "GK383"]
    keyed = ast.TestBlock("键", None, (), (ast.Expect("L5", (("unit", "A"),), "已履行"),))
    assert _codes(_file(rule(deadline()), keyed)) == ["GK386"]
    yearly = ast.DateBody(ast.EventPattern(("年度报告公开",)), ast.MonthDay(1, 31), keys=("unit",))
    windowed = ast.TestBlock(
        "窗", None, (), (ast.Expect("L6", (("unit", "A"), ("window", "2024")), "met"),)
    )
    assert _codes(_file(rule(yearly, "L6"), windowed)) == []
    wrong = ast.TestBlock("窗", None, (), (ast.Expect("L6", (("case", "A"),), "met"),))
    assert _codes(_file(rule(yearly, "L6"), wrong)) == ["GK386"]
