"""Checks on the shapes of rules: window requirements, aggregates, limits, "each" requirements."""

from __future__ import annotations

from collections.abc import Iterator

from gkrules.diagnostics import Diagnostic
from gkrules.language import ast
from gkrules.language.checks.context import Context
from gkrules.language.checks.walk import Role, nodes
from gkrules.language.schema import AttributeKind, attributes_of

__all__ = [
    "aggregates",
    "limits",
    "this_year",
    "window_requirements",
]

_FUNC_WORDS = {
    ast.AggregateFunc.COUNT: "次数",
    ast.AggregateFunc.SUM: "合计",
    ast.AggregateFunc.MIN: "最小",
    ast.AggregateFunc.MAX: "最大",
    ast.AggregateFunc.LATEST: "最新",
}


def _is_comparison(expr: ast.Expr) -> bool:
    match expr:
        case ast.Compare():
            return True
        case ast.Logical(operands=operands):
            return all(_is_comparison(o) for o in operands)
        case ast.Not(operand=operand):
            return _is_comparison(operand)
        case _:
            return False


def window_requirements(ctx: Context) -> Iterator[Diagnostic]:
    """A window requirement compares aggregates: ``次数(听取汇报) >= 1``."""
    for rule in ctx.iter_rules():
        if not isinstance(rule.body, ast.WindowBody):
            continue
        for requirement in rule.body.requirements:
            for expr in (requirement.condition, requirement.when):
                if expr is not None and not _is_comparison(expr):
                    hint = "GK360.aggregate" if isinstance(expr, ast.Aggregate) else "GK360.hint"
                    yield ctx.error("GK360", expr.span, hint=hint)


def aggregates(ctx: Context) -> Iterator[Diagnostic]:
    """次数 counts events (no attribute); 合计/最小/最大/最新 need one; aggregates only in windows."""
    for rule in ctx.iter_rules():
        for site, node, _, inside in ctx.walk(rule):
            if not isinstance(node, ast.Aggregate):
                continue
            word = _FUNC_WORDS[node.func]
            event = node.events[0] if node.events else "…"
            if site.role is not Role.WINDOW:
                hint = "GK365.each" if site.role is Role.EACH else "GK365.hint"
                yield ctx.error("GK365", node.span, hint=hint, func=word)
            elif inside:
                yield ctx.error("GK365", node.span, hint="GK365.nested", func=word)
            if node.func is ast.AggregateFunc.COUNT and node.attribute is not None:
                yield ctx.error(
                    "GK361", node.span, hint="GK361.hint", event=event, attribute=node.attribute
                )
            elif node.func is not ast.AggregateFunc.COUNT and node.attribute is None:
                yield ctx.error("GK362", node.span, hint="GK362.hint", func=word, event=event)
            elif node.func is ast.AggregateFunc.SUM and node.attribute is not None:
                spec = (attributes_of(node.events) or {}).get(node.attribute)
                if spec is not None and spec.kind is not AttributeKind.NUMBER:
                    yield ctx.warning(
                        "GK366", node.span, hint="GK366.hint", attribute=node.attribute
                    )


def this_year(ctx: Context) -> Iterator[Diagnostic]:
    """``当年`` is the year of the due date or window being checked: only those rules have one."""
    for rule in ctx.iter_rules():
        if isinstance(rule.body, ast.DateBody | ast.WindowBody):
            continue
        for _site, node, _, _ in ctx.walk(rule):
            if isinstance(node, ast.Builtin) and node.name is ast.BuiltinName.THIS_YEAR:
                yield ctx.error("GK363", node.span, hint="GK363.hint")
    for constant in ctx.iter_constants():
        for node, _, _ in nodes(constant.value, ()):
            if isinstance(node, ast.Builtin):
                yield ctx.error("GK363", node.span, hint="GK363.constant")


def limits(ctx: Context) -> Iterator[Diagnostic]:
    for rule in ctx.iter_rules():
        body = rule.body
        if not isinstance(body, ast.LimitBody):
            continue
        if body.maximum < 0:
            span = ctx.clause_span(rule, "limit")
            yield ctx.error("GK364", span, hint="GK364.hint", maximum=body.maximum)
        if body.match and body.closed_by is None:
            span = ctx.clause_span(rule, "limit")
            yield ctx.error("GK367", span, hint="GK367.hint", match=", ".join(body.match))
