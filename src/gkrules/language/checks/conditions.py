"""Checks on conditions: ones that can never hold, ones that cannot depend on the log, dead cases.

The analysis is deliberately small: conjunctions of comparisons between one attribute and literals
(``x = 1 且 x = 2``, ``x > 5 且 x < 3``, ``level 属于 ["重大"] 且 level = "一般"``, ``reason 缺失 且
reason = "…"``).  What it cannot decide it leaves alone — never a false alarm.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from attrs import define, field

from gkrules.diagnostics import Diagnostic
from gkrules.language import ast
from gkrules.language.checks.context import Context
from gkrules.language.checks.types import constant_only, literal_value
from gkrules.source import Span

__all__ = ["constant_conditions", "contradictions", "unreachable_cases"]

_COMPARE: dict[ast.CompareOp, Callable[[Any, Any], bool]] = {
    ast.CompareOp.EQ: operator.eq,
    ast.CompareOp.NE: operator.ne,
    ast.CompareOp.LT: operator.lt,
    ast.CompareOp.LE: operator.le,
    ast.CompareOp.GT: operator.gt,
    ast.CompareOp.GE: operator.ge,
}
_FLIPPED = {
    ast.CompareOp.LT: ast.CompareOp.GT,
    ast.CompareOp.LE: ast.CompareOp.GE,
    ast.CompareOp.GT: ast.CompareOp.LT,
    ast.CompareOp.GE: ast.CompareOp.LE,
}


def evaluate(expr: ast.Expr, ctx: Context, path: str) -> bool | None:
    """The truth of a condition made of literals and constants only, or ``None`` if unknown."""
    match expr:
        case ast.Compare(op=op, left=left, right=right):
            a, b = literal_value(left, ctx, path), literal_value(right, ctx, path)
            if a is None or b is None or type(a) is not type(b):
                return None
            return _COMPARE[op](a, b)
        case ast.InList(subject=subject, values=values, negated=negated):
            a = literal_value(subject, ctx, path)
            found = [literal_value(v, ctx, path) for v in values]
            if a is None or None in found:
                return None
            return (a in found) != negated
        case ast.Not(operand=operand):
            inner = evaluate(operand, ctx, path)
            return None if inner is None else not inner
        case ast.Logical(op=op, operands=operands):
            results = [evaluate(o, ctx, path) for o in operands]
            if None in results:
                return None
            return all(results) if op is ast.LogicalOp.AND else any(results)
        case _:
            return None


def _is_condition(expr: ast.Expr) -> bool:
    return isinstance(expr, ast.Compare | ast.InList | ast.Logical | ast.Not)


def _constant_parts(expr: ast.Expr, ctx: Context, path: str) -> Iterator[ast.Expr]:
    """The largest sub-conditions of *expr* that use no attribute of the log."""
    if _is_condition(expr) and constant_only(expr, ctx, path):
        yield expr
        return
    if isinstance(expr, ast.Logical | ast.Not):
        for child in expr.operands if isinstance(expr, ast.Logical) else (expr.operand,):
            yield from _constant_parts(child, ctx, path)


def constant_conditions(ctx: Context) -> Iterator[Diagnostic]:
    """``如果 答复期限 > 10``: a condition on constants alone is always true or always false."""
    for rule in ctx.iter_rules():
        path = ctx.path_of(rule)
        for site, node, _, _ in ctx.walk(rule):
            if node is not site.expr and not (
                isinstance(node, ast.Aggregate) and node.where is not None
            ):
                continue
            target = node.where if isinstance(node, ast.Aggregate) else node
            if target is None:
                continue
            for part in _constant_parts(target, ctx, path):
                value = evaluate(part, ctx, path)
                hint = "GK352.hint" if value is None else f"GK352.{str(value).lower()}"
                yield ctx.error("GK352", part.span, hint=hint)


# --- contradictions ---------------------------------------------------------------------------


@define
class _Domain:
    """What a conjunction allows one attribute to be."""

    allowed: set[object] | None = None
    excluded: set[object] = field(factory=set)
    low: tuple[object, bool] | None = None  # (bound, inclusive)
    high: tuple[object, bool] | None = None
    present: bool | None = None

    def restrict(self, values: set[object]) -> None:
        self.allowed = values if self.allowed is None else self.allowed & values

    def bound(self, op: ast.CompareOp, value: object) -> None:
        inclusive = op in (ast.CompareOp.LE, ast.CompareOp.GE)
        if op in (ast.CompareOp.GT, ast.CompareOp.GE):
            if self.low is None or _tighter(value, inclusive, self.low, greater=True):
                self.low = (value, inclusive)
        elif self.high is None or _tighter(value, inclusive, self.high, greater=False):
            self.high = (value, inclusive)

    def satisfiable(self) -> bool:
        if self.present is False and (self.allowed is not None or self.low or self.high):
            return False
        if self.low and self.high:
            (lo, lo_inc), (hi, hi_inc) = self.low, self.high
            if type(lo) is type(hi) and (_gt(lo, hi) or (lo == hi and not (lo_inc and hi_inc))):
                return False
        if self.allowed is None:
            return True
        return any(self._admits(v) for v in self.allowed - self.excluded)

    def _admits(self, value: object) -> bool:
        for bound, is_low in ((self.low, True), (self.high, False)):
            if bound is None or type(bound[0]) is not type(value):
                continue
            limit, inclusive = bound
            if value == limit:
                if not inclusive:
                    return False
            elif _gt(limit, value) if is_low else _gt(value, limit):
                return False
        return True


def _gt(a: Any, b: Any) -> bool:
    return bool(a > b)


def _tighter(value: object, inclusive: bool, current: tuple[object, bool], greater: bool) -> bool:
    old, old_inclusive = current
    if type(old) is not type(value):
        return False
    if value == old:
        return old_inclusive and not inclusive
    return _gt(value, old) if greater else _gt(old, value)


def _conjuncts(expr: ast.Expr) -> Iterator[ast.Expr]:
    if isinstance(expr, ast.Logical) and expr.op is ast.LogicalOp.AND:
        for operand in expr.operands:
            yield from _conjuncts(operand)
    else:
        yield expr


def _attribute(expr: ast.Expr, ctx: Context, path: str) -> str | None:
    if isinstance(expr, ast.NameRef) and ctx.constant(path, expr.name) is None:
        return expr.name
    return None


def _domains(expr: ast.Expr, ctx: Context, path: str) -> dict[str, _Domain]:
    domains: dict[str, _Domain] = {}
    for atom in _conjuncts(expr):
        match atom:
            case ast.Compare(op=op, left=left, right=right):
                name, value = _attribute(left, ctx, path), literal_value(right, ctx, path)
                if name is None:
                    name, value = _attribute(right, ctx, path), literal_value(left, ctx, path)
                    op = _FLIPPED.get(op, op)
                if name is None or value is None:
                    continue
                domain = domains.setdefault(name, _Domain())
                if op is ast.CompareOp.EQ:
                    domain.restrict({value})
                elif op is ast.CompareOp.NE:
                    domain.excluded.add(value)
                elif isinstance(value, Decimal) or hasattr(value, "isoformat"):
                    domain.bound(op, value)
            case ast.InList(subject=subject, values=values, negated=negated):
                name = _attribute(subject, ctx, path)
                found = {literal_value(v, ctx, path) for v in values}
                if name is None or None in found:
                    continue
                domain = domains.setdefault(name, _Domain())
                if negated:
                    domain.excluded |= found
                else:
                    domain.restrict(found)
            case ast.Presence(attribute=name, negated=negated):
                domain = domains.setdefault(name, _Domain())
                if domain.present is not None and domain.present == negated:
                    domain.present = False
                    domain.allowed = set()
                else:
                    domain.present = not negated
            case _:
                pass
    return domains


def contradictions(ctx: Context) -> Iterator[Diagnostic]:
    """``x = 1 且 x = 2``: a conjunction no event can satisfy."""
    for rule in ctx.iter_rules():
        path = ctx.path_of(rule)
        for _site, node, _, _ in ctx.walk(rule):
            if not (isinstance(node, ast.Logical) and node.op is ast.LogicalOp.AND):
                continue
            for name, domain in _domains(node, ctx, path).items():
                if not domain.satisfiable():
                    yield ctx.error("GK351", node.span, hint="GK351.hint", name=name)
                    break


# --- unreachable cases of a period choice --------------------------------------------------------


def _value_set(expr: ast.Expr, ctx: Context, path: str) -> tuple[str, set[object]] | None:
    """``level = "重大"`` / ``level 属于 [...]`` → (attribute, values); else ``None``."""
    match expr:
        case ast.Compare(op=ast.CompareOp.EQ, left=left, right=right):
            name, value = _attribute(left, ctx, path), literal_value(right, ctx, path)
            if name is None:
                name, value = _attribute(right, ctx, path), literal_value(left, ctx, path)
            return (name, {value}) if name is not None and value is not None else None
        case ast.InList(subject=subject, values=values, negated=False):
            name = _attribute(subject, ctx, path)
            found = {literal_value(v, ctx, path) for v in values}
            return (name, found) if name is not None and None not in found else None
        case _:
            return None


def unreachable_cases(ctx: Context) -> Iterator[Diagnostic]:
    """A case after one that always applies, or whose values earlier cases already took."""
    for rule in ctx.iter_rules():
        body = rule.body
        if not (isinstance(body, ast.DeadlineBody) and isinstance(body.period, ast.PeriodChoice)):
            continue
        path = ctx.path_of(rule)
        choice = body.period
        taken: dict[str, set[object]] = {}
        earlier: list[ast.Expr] = []
        always: ast.Expr | None = None
        for condition, period in choice.cases:
            if always is not None:
                yield _unreachable(ctx, period.span, "GK350.always", always)
            elif condition in earlier:
                yield _unreachable(
                    ctx, condition.span, "GK350.same", earlier[earlier.index(condition)]
                )
            else:
                values = _value_set(condition, ctx, path)
                if values is not None and values[1] <= taken.get(values[0], set()):
                    yield _unreachable(ctx, condition.span, "GK350.taken", None, name=values[0])
                elif values is not None:
                    taken.setdefault(values[0], set()).update(values[1])
            earlier.append(condition)
            if always is None and evaluate(condition, ctx, path) is True:
                always = condition
        if always is not None and choice.otherwise is not None:
            yield _unreachable(ctx, choice.otherwise.span, "GK350.always", always)


def _unreachable(
    ctx: Context, span: Span, hint: str, cause: ast.Expr | None, name: str = ""
) -> Diagnostic:
    line = cause.span.line if cause is not None else 0
    return ctx.error("GK350", span, hint=hint, line=line, name=name)
