"""Checks on kinds of value: comparisons, arithmetic, conditions, and constants used as the wrong kind."""

from __future__ import annotations

from collections.abc import Iterator

from gkrules.diagnostics import Diagnostic
from gkrules.language import ast
from gkrules.language.checks.context import Context
from gkrules.language.checks.types import (
    NUMERIC,
    Kind,
    comparison_problem,
    is_number,
    kind_name,
    kind_of,
    literal_value,
)
from gkrules.language.checks.walk import Role, expression_sites, nodes, period_sites

__all__ = ["comparisons", "conditions_are_conditions", "constants_in_periods", "value_kinds"]

_ORDERING = frozenset({ast.CompareOp.LT, ast.CompareOp.LE, ast.CompareOp.GT, ast.CompareOp.GE})


def _all_nodes(ctx: Context) -> Iterator[tuple[ast.Expr, str, Role]]:
    for rule in ctx.iter_rules():
        for site, node, _, _ in ctx.walk(rule):
            yield node, ctx.path_of(rule), site.role
    for constant in ctx.iter_constants():
        for node, _, _ in nodes(constant.value, ()):
            yield node, ctx.path_of(constant), Role.CONSTANT


def comparisons(ctx: Context) -> Iterator[Diagnostic]:
    """A percentage compared with a period, a text with a number, a count with a percentage …"""
    for node, path, _ in _all_nodes(ctx):
        if isinstance(node, ast.Compare):
            left = kind_of(node.left, ctx, path)
            right = kind_of(node.right, ctx, path)
            problem = comparison_problem(left, right, node.op)
            if problem is not None:
                yield ctx.error(
                    "GK320",
                    _odd_operand(node, left, right).span,
                    hint=problem,
                    left=kind_name(left),
                    right=kind_name(right),
                )
            elif node.op in _ORDERING and Kind.TEXT in (left, right):
                yield ctx.error("GK322", node.span, hint="GK322.hint", op=node.op.value)
        elif isinstance(node, ast.InList):
            subject = kind_of(node.subject, ctx, path)
            for value in node.values:
                kind = kind_of(value, ctx, path)
                if comparison_problem(subject, kind, ast.CompareOp.EQ) is not None:
                    yield ctx.error(
                        "GK325",
                        value.span,
                        hint="GK325.hint",
                        kind=kind_name(kind),
                        subject=kind_name(subject),
                    )


#: Which side of a bad comparison the caret goes under: the one of the rarer kind.
_ODD = (Kind.CONDITION, Kind.PERIOD, Kind.DATE, Kind.TEXT, Kind.PERCENT)


def _odd_operand(node: ast.Compare, left: Kind, right: Kind) -> ast.Expr:
    for kind in _ODD:
        if right is kind:
            return node.right
        if left is kind:
            return node.left
    return node


def value_kinds(ctx: Context) -> Iterator[Diagnostic]:
    """Arithmetic on numbers only, and never a division by zero."""
    for node, path, _ in _all_nodes(ctx):
        if not isinstance(node, ast.BinaryOp):
            continue
        for operand in (node.left, node.right):
            kind = kind_of(operand, ctx, path)
            if kind not in NUMERIC and kind is not Kind.UNKNOWN:
                yield ctx.error(
                    "GK323",
                    operand.span,
                    hint="GK323.hint",
                    op=node.op.value,
                    kind=kind_name(kind),
                )
        if node.op is ast.BoolOp.DIV:
            divisor = literal_value(node.right, ctx, path)
            if is_number(divisor) and divisor == 0:
                yield ctx.error("GK326", node.right.span, hint="GK326.hint")


def conditions_are_conditions(ctx: Context) -> Iterator[Diagnostic]:
    """A ``where``, an ``if`` and the operands of 且/或/非 must be true-or-false conditions."""
    for rule in ctx.iter_rules():
        path = ctx.path_of(rule)
        for site in expression_sites(rule):
            if site.role is Role.WINDOW:
                continue  # window requirements have their own, more specific check (GK360)
            yield from _expect_condition(ctx, site.expr, path)
            for node, _, _ in nodes(site.expr, site.events):
                if isinstance(node, ast.Logical):
                    for operand in node.operands:
                        yield from _expect_condition(ctx, operand, path)
                elif isinstance(node, ast.Not):
                    yield from _expect_condition(ctx, node.operand, path)
                elif isinstance(node, ast.Aggregate) and node.where is not None:
                    yield from _expect_condition(ctx, node.where, path)


def _expect_condition(ctx: Context, expr: ast.Expr, path: str) -> Iterator[Diagnostic]:
    kind = kind_of(expr, ctx, path)
    if kind is not Kind.CONDITION and kind is not Kind.UNKNOWN:
        yield ctx.error(
            "GK324",
            expr.span,
            hint="GK324.attribute" if isinstance(expr, ast.NameRef) else "GK324.hint",
            kind=kind_name(kind),
            name=expr.name if isinstance(expr, ast.NameRef) else "",
        )


def constants_in_periods(ctx: Context) -> Iterator[Diagnostic]:
    """``在 答复期限 内`` needs a period constant; ``在 期限天数 工作日 内`` a number constant."""
    for rule in ctx.iter_rules():
        path = ctx.path_of(rule)
        for site in period_sites(rule):
            period = site.period
            if isinstance(period, ast.NameRef):
                constant = ctx.constant(path, period.name)
                if constant is None:
                    continue  # undefined: reported by GK312
                kind = kind_of(period, ctx, path)
                if kind not in (Kind.PERIOD, Kind.UNKNOWN):
                    yield ctx.error(
                        "GK321",
                        period.span,
                        hint="GK321.add_unit" if kind is Kind.NUMBER else "GK321.hint",
                        name=period.name,
                        kind=kind_name(kind),
                        expected=kind_name(Kind.PERIOD),
                    )
    for amount, path in _period_amounts(ctx):
        constant = ctx.constant(path, amount.name)
        if constant is None:
            continue
        kind = kind_of(amount, ctx, path)
        if kind not in (Kind.NUMBER, Kind.UNKNOWN):
            yield ctx.error(
                "GK321",
                amount.span,
                hint="GK321.drop_unit" if kind is Kind.PERIOD else "GK321.hint",
                name=amount.name,
                kind=kind_name(kind),
                expected=kind_name(Kind.NUMBER),
            )


def _period_amounts(ctx: Context) -> Iterator[tuple[ast.NameRef, str]]:
    for rule in ctx.iter_rules():
        path = ctx.path_of(rule)
        for site in period_sites(rule):
            if isinstance(site.period, ast.PeriodLit) and isinstance(
                site.period.amount, ast.NameRef
            ):
                yield site.period.amount, path
        for _expr_site, node, _, _ in ctx.walk(rule):
            if isinstance(node, ast.PeriodLit) and isinstance(node.amount, ast.NameRef):
                yield node.amount, path
    for constant in ctx.iter_constants():
        for node, _, _ in nodes(constant.value, ()):
            if isinstance(node, ast.PeriodLit) and isinstance(node.amount, ast.NameRef):
                yield node.amount, ctx.path_of(constant)
