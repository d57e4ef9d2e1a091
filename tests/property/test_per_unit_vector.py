"""The vectorized per-unit rules (dates, windows, limits) give what their one-by-one paths give.

Each random rule is checked on a random log twice: as compiled, and with its plan's
``vectorize`` turned off (the reference: one instance, window or group at a time).  Every field
of every verdict, its explanation in both languages, the report's notes and the values that stop
the check (GK501/GK502, in order) must agree.  Logs are loaded both by the real loader
(dictionary-encoded columns) and as plain records (columns coded by the table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gkrules.calendar import default_calendar
from gkrules.engine.compile import compile_rule
from gkrules.engine.conditions import Env, compile_pattern
from gkrules.engine.evaluate import evaluate
from gkrules.engine.loading import load_events
from gkrules.engine.table import event_table
from gkrules.errors import EvaluationError
from gkrules.language import ast
from tests.engine_support import RecordLog, pattern

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
FIRST = dt.date(2020, 6, 1)
LAST = dt.date(2022, 6, 30)

UNITS = ("甲", "乙", "丙", None)
PLATFORMS = ("微信", "微博", None)
EVENTS = ("任务完成", "年度报告公开", "抽查", "指标报告", "新媒体开设", "新媒体关停", "其他")
VALUES = {
    "task": ("A", "B", None),
    "year": ("2020", "2021", "2022", "二〇二一", None),
    "checked": ("0", "1", "3", "2.5", "10%", "0.1", "n/a", None),
    "total": ("0", "10", "20", "0.3", "x", None),
    "metric": ("m1", "m2", None),
    "value": ("1", "0.5", "4%", "0.1", "bad", None),
    "account": ("a", "b", "c", None),
}


# --- logs -----------------------------------------------------------------------------------------


@st.composite
def moments(draw: st.DrawFn) -> str:
    day = draw(st.dates(FIRST, LAST))
    if draw(st.booleans()):
        return day.isoformat()
    hour = draw(st.sampled_from((0, 9, 17, 23)))
    minute = draw(st.sampled_from((0, 30, 59)))
    return f"{day.isoformat()} {hour:02d}:{minute:02d}"


#: The attributes each event usually carries (any other may appear too).
CARRIES = {
    "任务完成": ("task",),
    "年度报告公开": ("year",),
    "抽查": ("checked", "total"),
    "指标报告": ("metric", "value"),
    "新媒体开设": ("account",),
    "新媒体关停": ("account",),
    "其他": (),
}


@st.composite
def rows(draw: st.DrawFn, events: Sequence[str] = EVENTS) -> dict[str, str]:
    event = draw(st.sampled_from(events))
    row = {"time": draw(moments()), "event": event}
    for name, choices in (("unit", UNITS), ("platform", PLATFORMS)):
        value = draw(st.sampled_from(choices))
        if value is not None:
            row[name] = value
    extra = draw(st.lists(st.sampled_from(sorted(VALUES)), max_size=2, unique=True))
    for name in (*CARRIES[event], *extra):
        value = draw(st.sampled_from(VALUES[name]))
        if value is not None:
            row[name] = value
    return row


logs = st.lists(rows(), min_size=0, max_size=40)
#: Logs for limit rules: mostly accounts opened and closed.
account_logs = st.lists(rows(("新媒体开设", "新媒体关停", "任务完成")), min_size=0, max_size=30)


@st.composite
def as_of_times(draw: st.DrawFn) -> dt.datetime:
    day = draw(st.dates(dt.date(2020, 9, 1), dt.date(2023, 1, 31)))
    return dt.datetime(day.year, day.month, day.day, draw(st.integers(0, 23)), tzinfo=SHANGHAI)


# --- rules ----------------------------------------------------------------------------------------


def number(text: str) -> ast.NumberLit:
    return ast.NumberLit(Decimal(text))


THIS_YEAR = ast.Builtin(ast.BuiltinName.THIS_YEAR)
LAST_YEAR = ast.Compare(
    ast.CompareOp.EQ, ast.NameRef("year"), ast.BinaryOp(ast.BoolOp.SUB, THIS_YEAR, number("1"))
)
TASK_A = ast.Compare(ast.CompareOp.EQ, ast.NameRef("task"), ast.StringLit("A"))
KEYS = st.sampled_from(((), ("unit",), ("unit", "platform"), ("platform",)))


@st.composite
def effectives(draw: st.DrawFn) -> ast.Effective | None:
    if draw(st.booleans()):
        return None
    start = draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2021, 12, 31)))
    end = draw(st.none() | st.dates(dt.date(2021, 1, 1), dt.date(2023, 1, 31)))
    if start is None and end is None:
        return None
    return ast.Effective(start, end)


@st.composite
def date_rules(draw: st.DrawFn) -> ast.Rule:
    require = draw(
        st.sampled_from(
            (
                pattern("任务完成"),
                pattern("任务完成", where=TASK_A),
                pattern("年度报告公开", where=LAST_YEAR),
                pattern("年度报告公开", "任务完成"),
            )
        )
    )
    due: ast.DateLit | ast.MonthDay = draw(
        st.dates(dt.date(2020, 6, 1), dt.date(2022, 6, 30)).map(ast.DateLit)
        | st.sampled_from(((1, 31), (2, 29), (3, 31), (6, 30), (12, 31))).map(
            lambda md: ast.MonthDay(*md)
        )
    )
    counting = ast.Counting(
        cutoff=draw(st.none() | st.just(dt.time(17, 30))), exclusive=draw(st.booleans())
    )
    body = ast.DateBody(require, due, keys=draw(KEYS), counting=counting)
    return ast.Rule("R", "按时完成", body, effective=draw(effectives()))


def aggregate(
    func: ast.AggregateFunc,
    *events: str,
    attribute: str | None = None,
    where: ast.Expr | None = None,
) -> ast.Aggregate:
    return ast.Aggregate(func, events, attribute, where)


F = ast.AggregateFunc
C = ast.CompareOp
CHECKS = aggregate(F.COUNT, "抽查")
RATIO = ast.BinaryOp(
    ast.BoolOp.DIV,
    aggregate(F.SUM, "抽查", attribute="checked"),
    aggregate(F.SUM, "抽查", attribute="total"),
)
LATEST_M1 = aggregate(
    F.LATEST,
    "指标报告",
    attribute="value",
    where=ast.Compare(C.EQ, ast.NameRef("metric"), ast.StringLit("m1")),
)
REPORTS_OF_LAST_YEAR = aggregate(F.COUNT, "年度报告公开", where=LAST_YEAR)
CHECKED_POSITIVE = aggregate(
    F.COUNT, "抽查", where=ast.Compare(C.GT, ast.NameRef("checked"), number("0.5"))
)


@st.composite
def conditions(draw: st.DrawFn) -> ast.Expr:
    """A window requirement: counts, sums, ratios, minima, maxima, latest values and 当年."""
    threshold = number(draw(st.sampled_from(("0", "1", "2", "3", "0.5", "2.5"))))
    op = draw(st.sampled_from((C.GE, C.GT, C.LE, C.LT, C.EQ, C.NE)))
    func = draw(st.sampled_from((F.SUM, F.MIN, F.MAX, F.LATEST)))
    attribute = draw(st.sampled_from(("checked", "total", "value")))
    simple = st.sampled_from(
        (
            ast.Compare(C.GE, CHECKS, threshold),
            ast.Compare(op, aggregate(F.COUNT, "抽查", "其他"), threshold),
            ast.Compare(C.GE, RATIO, ast.PercentLit(Decimal(10))),
            ast.Compare(op, LATEST_M1, ast.PercentLit(Decimal(4))),
            ast.Compare(op, aggregate(func, "抽查", "指标报告", attribute=attribute), threshold),
            ast.Compare(C.GE, REPORTS_OF_LAST_YEAR, number("1")),
            ast.Compare(op, CHECKED_POSITIVE, threshold),
            ast.Compare(C.LE, threshold, aggregate(F.SUM, "抽查", attribute="checked")),
            ast.Compare(C.EQ, THIS_YEAR, number("2021")),
        )
    )
    first = draw(simple)
    shape = draw(st.sampled_from(("one", "and", "or", "not", "in")))
    if shape == "and":
        return ast.Logical(ast.LogicalOp.AND, (first, draw(simple)))
    if shape == "or":
        return ast.Logical(ast.LogicalOp.OR, (first, draw(simple)))
    if shape == "not":
        return ast.Not(first)
    if shape == "in":
        return ast.InList(CHECKS, (number("0"), number("2")), draw(st.booleans()))
    return first


@st.composite
def window_rules(draw: st.DrawFn) -> ast.Rule:
    requirements = tuple(
        ast.Requirement(draw(conditions()), draw(st.none() | conditions()))
        for _ in range(draw(st.integers(1, 2)))
    )
    body = ast.WindowBody(draw(st.sampled_from(ast.Window)), requirements, keys=draw(KEYS))
    return ast.Rule("W", "按期统计", body, effective=draw(effectives()))


@st.composite
def limit_rules(draw: st.DrawFn) -> ast.Rule:
    opens = draw(
        st.sampled_from(
            (
                pattern("新媒体开设"),
                pattern("新媒体开设", "任务完成"),
                pattern(
                    "新媒体开设",
                    where=ast.Compare(C.EQ, ast.NameRef("account"), ast.StringLit("a")),
                ),
            )
        )
    )
    closes = draw(
        st.none() | st.sampled_from((pattern("新媒体关停"), pattern("新媒体关停", "新媒体开设")))
    )
    match = draw(st.sampled_from(((), ("account",), ("account", "platform")))) if closes else ()
    body = ast.LimitBody(draw(st.integers(0, 2)), opens, closes, match, keys=draw(KEYS))
    return ast.Rule("L", "至多", body, effective=draw(effectives()))


# --- running both paths ---------------------------------------------------------------------------


def _outcome(
    rule: ast.Rule, records: Sequence[Mapping[str, str]], as_of: dt.datetime, vectorize: bool
) -> tuple[object, ...]:
    compiled = compile_rule(rule)
    compiled = attrs.evolve(compiled, plan=attrs.evolve(compiled.plan, vectorize=vectorize))
    results = []
    for log in (load_events(list(records)), RecordLog(records)):
        try:
            report = evaluate([compiled], log, as_of=as_of, calendar=default_calendar())
        except EvaluationError as error:
            results.append(("error", [repr(d) for d in error.diagnostics]))
            continue
        verdicts = [
            (
                attrs.asdict(v, recurse=False, filter=lambda a, _: a.name != "explainer"),
                v.explain("zh"),
                v.explain("en"),
            )
            for v in report
        ]
        batch = report.batches[0]
        keys = {name: list(batch.keys(name)) for name in ("unit", "platform", "case")}
        results.append(
            (
                verdicts,
                [repr(n) for n in report.notes],
                batch.statuses.tolist(),
                batch.done_late.tolist(),
                keys,
                [tuple(attrs.astuple(s)) for s in report.summary()],
            )
        )
    return tuple(results)


def assert_paths_agree(
    rule: ast.Rule, records: Sequence[Mapping[str, str]], as_of: dt.datetime
) -> None:
    vector = _outcome(rule, records, as_of, vectorize=True)
    reference = _outcome(rule, records, as_of, vectorize=False)
    assert vector == reference


@settings(max_examples=300, deadline=None)
@given(rule=date_rules(), records=logs, as_of=as_of_times())
def test_date_rules_vector_equals_reference(
    rule: ast.Rule, records: list[dict[str, str]], as_of: dt.datetime
) -> None:
    assert_paths_agree(rule, records, as_of)


@settings(max_examples=300, deadline=None)
@given(rule=window_rules(), records=logs, as_of=as_of_times())
def test_window_rules_vector_equals_reference(
    rule: ast.Rule, records: list[dict[str, str]], as_of: dt.datetime
) -> None:
    assert_paths_agree(rule, records, as_of)


@settings(max_examples=300, deadline=None)
@given(rule=limit_rules(), records=account_logs, as_of=as_of_times())
def test_limit_rules_vector_equals_reference(
    rule: ast.Rule, records: list[dict[str, str]], as_of: dt.datetime
) -> None:
    assert_paths_agree(rule, records, as_of)


@settings(max_examples=200, deadline=None)
@given(
    where=st.sampled_from((None, TASK_A, LAST_YEAR, ast.Not(TASK_A))),
    names=st.sampled_from((("任务完成",), ("任务完成", "年度报告公开"), ("其他",))),
    records=logs,
    year=st.none() | st.integers(2020, 2023),
)
def test_rows_with_unknown_merge_the_matching_and_unknown_rows(
    where: ast.Expr | None,
    names: tuple[str, ...],
    records: list[dict[str, str]],
    year: int | None,
) -> None:
    table, _ = event_table(load_events(list(records)), dt.datetime(2030, 1, 1, tzinfo=SHANGHAI))
    matcher = compile_pattern(ast.EventPattern(names, where), "R")
    env = Env(table, "R", [], year)
    matched, unknown = matcher.rows(env)
    rows, is_unknown = matcher.rows_with_unknown(env)
    assert rows.tolist() == np.union1d(matched, unknown).tolist()
    assert is_unknown.tolist() == np.isin(rows, unknown).tolist()
