"""The kinds of value an expression has, so checks can refuse comparing a percentage with a period.

Kinds are coarse on purpose.  A log attribute (``level``, ``抽查.checked`` inside ``最新``) is
:attr:`Kind.ANY`: logs are vocabulary-free, so only its use against a period or a condition is
wrong.  A count (``次数(…)``) is kept apart from a plain number so that ``次数(听取汇报) >= 10%`` is
caught; a ratio of two counts is a plain number and may be compared with a percentage.
"""

from __future__ import annotations

import enum
from decimal import Decimal

from gkrules.diagnostics import Message
from gkrules.language import ast
from gkrules.language.checks.context import Context
from gkrules.language.checks.walk import children

__all__ = [
    "Kind",
    "comparison_problem",
    "constant_only",
    "is_number",
    "kind_name",
    "kind_of",
    "literal_value",
]


class Kind(enum.Enum):
    TEXT = "text"
    NUMBER = "number"
    COUNT = "count"
    PERCENT = "percent"
    YEAR = "year"
    DATE = "date"
    PERIOD = "period"
    CONDITION = "condition"
    ANY = "any"  # an attribute of the log: any plain value
    UNKNOWN = "unknown"  # already reported (an undefined constant): say nothing more


_NAMES: dict[Kind, tuple[str, str]] = {
    Kind.TEXT: ("a text", "文本"),
    Kind.NUMBER: ("a number", "数值"),
    Kind.COUNT: ("a count", "次数"),
    Kind.PERCENT: ("a percentage", "百分比"),
    Kind.YEAR: ("a year", "年份"),
    Kind.DATE: ("a date", "日期"),
    Kind.PERIOD: ("a period", "期间"),
    Kind.CONDITION: ("a condition", "条件"),
    Kind.ANY: ("an attribute", "属性"),
    Kind.UNKNOWN: ("an unknown value", "未知值"),
}

NUMERIC = frozenset({Kind.NUMBER, Kind.COUNT, Kind.PERCENT, Kind.YEAR, Kind.ANY})


def kind_name(kind: Kind) -> Message:
    en, zh = _NAMES[kind]
    return Message(en, zh)


def kind_of(expr: ast.Expr, ctx: Context, path: str, _seen: frozenset[str] = frozenset()) -> Kind:
    """The kind of *expr* as written in the file *path* (constants resolved as that file sees them)."""
    match expr:
        case ast.StringLit():
            return Kind.TEXT
        case ast.NumberLit():
            return Kind.NUMBER
        case ast.PercentLit():
            return Kind.PERCENT
        case ast.DateLit():
            return Kind.DATE
        case ast.PeriodLit():
            return Kind.PERIOD
        case ast.NameRef(name=name):
            constant = ctx.constant(path, name)
            if constant is None:
                return Kind.ANY
            if name in _seen:
                return Kind.UNKNOWN
            return kind_of(constant.value, ctx, ctx.path_of(constant), _seen | {name})
        case ast.AttrRef():
            return Kind.ANY
        case ast.Builtin():
            return Kind.YEAR
        case ast.Aggregate(func=func):
            if func is ast.AggregateFunc.COUNT:
                return Kind.COUNT
            return Kind.NUMBER if func is ast.AggregateFunc.SUM else Kind.ANY
        case ast.BinaryOp(op=op, left=left, right=right):
            return _arithmetic(
                op, kind_of(left, ctx, path, _seen), kind_of(right, ctx, path, _seen)
            )
        case ast.Compare() | ast.InList() | ast.Presence() | ast.Logical() | ast.Not():
            return Kind.CONDITION


def _arithmetic(op: ast.BoolOp, left: Kind, right: Kind) -> Kind:
    if Kind.UNKNOWN in (left, right) or not (left in NUMERIC and right in NUMERIC):
        return Kind.UNKNOWN  # reported by the arithmetic check
    if op in (ast.BoolOp.ADD, ast.BoolOp.SUB):
        if Kind.YEAR in (left, right):
            return Kind.YEAR
        if left is right:
            return left
    return Kind.NUMBER


def comparison_problem(left: Kind, right: Kind, op: ast.CompareOp) -> str | None:
    """The catalog key explaining why *left* cannot be compared with *right*, or ``None``."""
    if Kind.UNKNOWN in (left, right):
        return None
    pair = {left, right}
    if Kind.CONDITION in pair:
        return "GK320.condition"
    if Kind.PERIOD in pair:
        return "GK320.period"
    if Kind.ANY in pair:
        return None
    if left is right:
        return None
    if pair == {Kind.COUNT, Kind.PERCENT}:
        return "GK320.count_percent"
    if pair <= {Kind.NUMBER, Kind.COUNT, Kind.YEAR} or pair == {Kind.NUMBER, Kind.PERCENT}:
        return None
    if Kind.TEXT in pair:
        return "GK320.text"
    if Kind.DATE in pair:
        return "GK320.date"
    return "GK320.other"


def constant_only(expr: ast.Expr, ctx: Context, path: str) -> bool:
    """Whether *expr* uses nothing from the log (only literals and constants)."""
    match expr:
        case ast.NameRef(name=name):
            return ctx.constant(path, name) is not None
        case ast.AttrRef() | ast.Aggregate() | ast.Builtin() | ast.Presence():
            return False
        case ast.PeriodLit():
            return True
        case _:
            return all(constant_only(child, ctx, path) for child in children(expr))


def literal_value(
    expr: ast.Expr, ctx: Context, path: str, _seen: frozenset[str] = frozenset()
) -> object | None:
    """The value of a literal or of a constant naming one (a :class:`Decimal`, text or date), else ``None``."""
    match expr:
        case ast.StringLit(value=value) | ast.DateLit(value=value):
            return value
        case ast.NumberLit(value=number):
            return number
        case ast.PercentLit():
            return expr.fraction
        case ast.NameRef(name=name) if name not in _seen:
            constant = ctx.constant(path, name)
            if constant is None:
                return None
            return literal_value(constant.value, ctx, ctx.path_of(constant), _seen | {name})
        case _:
            return None


def is_number(value: object) -> bool:
    return isinstance(value, Decimal)
