"""Hypothesis strategies for random valid .gk ASTs (shared: printer round-trip, checks, engine).

Every tree drawn here is one the language can write: ``parse(format(tree)) == tree``.  That rules
out a few shapes the AST type allows but no text means (a one-operand ``Logical``, an
``Effective`` open at both ends, a ``PeriodChoice`` without cases, ``match`` without
``closed_by``).  Names include keywords (written in backquotes) to exercise quoting.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from gkrules.calendar.periods import UNIT_ALIASES
from gkrules.language import ast

PLAIN_NAMES = [
    "收到申请",
    "答复",
    "case",
    "unit",
    "level",
    "抽查",
    "checked",
    "metric",
    "新媒体开设",
    "x1",
    "_y",
]
QUOTED_NAMES = ["count", "当", "every", "in", "名 称"]
names = st.sampled_from(PLAIN_NAMES + QUOTED_NAMES)
rule_ids = st.sampled_from(["L5", "S3", "S11.3", "L2.2", "S8-2", "规则甲", "odd id"])
texts = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"
    ),
    max_size=12,
) | st.sampled_from(['a"b', "c\\d", "e\nf\tg", "“引号”", "（全角）"])
dates = st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31))
decimals = st.integers(-(10**9), 10**9).map(Decimal) | st.decimals(
    min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False
)
units = st.sampled_from(sorted(UNIT_ALIASES.items()))


@st.composite
def period_lits(draw: st.DrawFn) -> ast.PeriodLit:
    text, unit = draw(units)
    amount = draw(
        st.integers(0, 500).map(lambda n: ast.NumberLit(Decimal(n))) | names.map(ast.NameRef)
    )
    return ast.PeriodLit(amount, unit, text)


period_exprs = period_lits() | names.map(ast.NameRef)

leaves = st.one_of(
    texts.map(ast.StringLit),
    decimals.map(ast.NumberLit),
    decimals.map(ast.PercentLit),
    dates.map(ast.DateLit),
    period_lits(),
    names.map(ast.NameRef),
    st.builds(ast.AttrRef, names, names),
    st.just(ast.Builtin(ast.BuiltinName.THIS_YEAR)),
    st.builds(ast.Presence, names, st.booleans()),
)


def _extend(children: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    return st.one_of(
        st.builds(ast.BinaryOp, st.sampled_from(ast.BoolOp), children, children),
        st.builds(ast.Compare, st.sampled_from(ast.CompareOp), children, children),
        st.builds(ast.InList, children, st.lists(children, max_size=3).map(tuple), st.booleans()),
        st.builds(
            ast.Logical,
            st.sampled_from(ast.LogicalOp),
            st.lists(children, min_size=2, max_size=3).map(tuple),
        ),
        st.builds(ast.Not, children),
        st.builds(
            ast.Aggregate,
            st.sampled_from(ast.AggregateFunc),
            st.lists(names, min_size=1, max_size=2).map(tuple),
            st.none() | names,
            st.none() | children,
        ),
    )


expressions: st.SearchStrategy[ast.Expr] = st.recursive(leaves, _extend, max_leaves=8)
patterns = st.builds(
    ast.EventPattern, st.lists(names, min_size=1, max_size=2).map(tuple), st.none() | expressions
)
keys = st.lists(names, max_size=2).map(tuple)
times = st.builds(dt.time, st.integers(0, 23), st.integers(0, 59))
countings = st.builds(ast.Counting, st.booleans(), st.booleans(), st.none() | times, st.booleans())
requirements = st.builds(ast.Requirement, expressions, st.none() | expressions)
choices = st.builds(
    ast.PeriodChoice,
    st.lists(st.tuples(expressions, period_exprs), min_size=1, max_size=2).map(tuple),
    st.none() | period_exprs,
)

deadline_bodies = st.builds(
    ast.DeadlineBody,
    trigger=patterns,
    fulfil=patterns,
    period=st.none() | period_exprs | choices,
    keys=keys,
    pauses=st.lists(st.builds(ast.Pause, patterns, patterns), max_size=2).map(tuple),
    restart=st.none() | patterns,
    extension=st.none()
    | st.builds(ast.Extension, patterns, st.none() | names, period_exprs, st.integers(0, 5)),
    only_if=st.none() | patterns,
    one_to_one=st.booleans(),
    counting=countings,
)
date_bodies = st.builds(
    ast.DateBody,
    require=patterns,
    due=dates.map(ast.DateLit) | st.builds(ast.MonthDay, st.integers(1, 12), st.integers(1, 28)),
    keys=keys,
    counting=countings,
)
window_bodies = st.builds(
    ast.WindowBody,
    st.sampled_from(ast.Window),
    st.lists(requirements, min_size=1, max_size=2).map(tuple),
    keys=keys,
)


@st.composite
def limit_bodies(draw: st.DrawFn) -> ast.LimitBody:
    closed_by = draw(st.none() | patterns)
    match = draw(keys) if closed_by is not None else ()
    return ast.LimitBody(draw(st.integers(0, 9)), draw(patterns), closed_by, match, keys=draw(keys))


each_bodies = st.builds(
    ast.EachBody, patterns, st.lists(requirements, min_size=1, max_size=2).map(tuple)
)
bodies = st.one_of(deadline_bodies, date_bodies, window_bodies, limit_bodies(), each_bodies)


@st.composite
def effectives(draw: st.DrawFn) -> ast.Effective:
    start, end = draw(
        st.tuples(st.none() | dates, st.none() | dates).filter(lambda p: p != (None, None))
    )
    return ast.Effective(start, end)


rules = st.builds(
    ast.Rule,
    rule_ids,
    texts,
    bodies,
    citation=st.none() | st.builds(ast.Citation, texts, st.none() | texts, st.none() | texts),
    severity=st.sampled_from(ast.Severity),
    effective=st.none()
    | effectives()
    | st.integers(1990, 2099).map(lambda y: ast.Effective(dt.date(y, 1, 1), dt.date(y, 12, 31))),
    tags=st.lists(names | texts.filter(bool), max_size=3).map(tuple),
)
timestamps = dates.map(dt.date.isoformat) | st.sampled_from(
    ["2024-02-21T10:00", "2024-02-21 09:30:15", "2024-02-21T10:00+08:00"]
)
attributes = st.lists(st.tuples(names, texts), max_size=2).map(tuple)
tests = st.builds(
    ast.TestBlock,
    texts,
    st.none() | timestamps,
    st.lists(st.builds(ast.TestEvent, timestamps, names, attributes), max_size=3).map(tuple),
    st.lists(
        st.builds(
            ast.Expect,
            rule_ids,
            attributes,
            st.sampled_from(["met", "violated", "pending", "not_applicable"]),
        ),
        max_size=2,
    ).map(tuple),
)
items = st.one_of(
    texts.map(ast.Import),
    st.builds(ast.Constant, names, expressions),
    rules,
    tests,
)
files = st.builds(ast.File, st.just("<string>"), st.lists(items, max_size=4).map(tuple))
