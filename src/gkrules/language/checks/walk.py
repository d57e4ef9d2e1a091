"""Where the expressions, event patterns and periods of a rule stand, and what bare names mean there.

A bare name (``level``) in an expression is a constant when one is visible, otherwise an attribute
of *the events in scope*: the pattern's events in a ``where``, the trigger's in a period choice, the
subject's in an "each" requirement, the aggregate's inside ``合计(抽查.checked 其中 …)``.  A window
requirement has no single event in scope: there, names must be constants and events are reached
through aggregates.  :class:`Site` records that scope once, so every check agrees on it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

from attrs import frozen

from gkrules.language import ast

__all__ = [
    "PeriodSite",
    "Role",
    "Site",
    "children",
    "event_patterns",
    "expression_sites",
    "nodes",
    "period_sites",
]


class Role(enum.Enum):
    PATTERN = "pattern"  # the where of an event pattern
    CHOICE = "choice"  # a condition of a period choice (attributes of the trigger)
    EACH = "each"  # a requirement of an "each" rule (attributes of the subject)
    WINDOW = "window"  # a requirement of a window rule (aggregates only)
    CONSTANT = "constant"  # the value of a named constant


@frozen
class Site:
    """A top-level expression, what it must be, and whose attributes its bare names are."""

    expr: ast.Expr
    role: Role
    events: tuple[str, ...]
    rule: ast.Rule | None
    #: Whether the expression must be a condition (true/false) rather than a value.
    condition: bool = True


@frozen
class PeriodSite:
    """A period written in a rule: the deadline (or one case of it) or an extension's limit."""

    period: ast.PeriodExpr
    rule: ast.Rule
    is_limit: bool = False


def children(expr: ast.Expr) -> tuple[ast.Expr, ...]:
    match expr:
        case ast.BinaryOp(left=left, right=right) | ast.Compare(left=left, right=right):
            return (left, right)
        case ast.InList(subject=subject, values=values):
            return (subject, *values)
        case ast.Logical(operands=operands):
            return operands
        case ast.Not(operand=operand):
            return (operand,)
        case ast.Aggregate(where=where) if where is not None:
            return (where,)
        case ast.PeriodLit(amount=amount):
            return (amount,)
        case _:
            return ()


def nodes(
    expr: ast.Expr, events: tuple[str, ...], inside_aggregate: bool = False
) -> Iterator[tuple[ast.Expr, tuple[str, ...], bool]]:
    """Every node of *expr* with the events its bare names refer to, and whether it is in an aggregate."""
    yield expr, events, inside_aggregate
    if isinstance(expr, ast.Aggregate):
        if expr.where is not None:
            yield from nodes(expr.where, expr.events, True)
        return
    for child in children(expr):
        yield from nodes(child, events, inside_aggregate)


def event_patterns(rule: ast.Rule) -> Iterator[ast.EventPattern]:
    body = rule.body
    match body:
        case ast.DeadlineBody():
            yield body.trigger
            yield body.fulfil
            for pause in body.pauses:
                yield pause.start
                yield pause.end
            if body.restart is not None:
                yield body.restart
            if body.extension is not None:
                yield body.extension.on
            if body.only_if is not None:
                yield body.only_if
        case ast.DateBody():
            yield body.require
        case ast.WindowBody():
            pass
        case ast.LimitBody():
            yield body.events
            if body.closed_by is not None:
                yield body.closed_by
        case ast.EachBody():
            yield body.subject


def expression_sites(rule: ast.Rule) -> Iterator[Site]:
    for pattern in event_patterns(rule):
        if pattern.where is not None:
            yield Site(pattern.where, Role.PATTERN, pattern.names, rule)
    body = rule.body
    match body:
        case ast.DeadlineBody(period=ast.PeriodChoice() as choice):
            for condition, _ in choice.cases:
                yield Site(condition, Role.CHOICE, body.trigger.names, rule)
        case ast.WindowBody():
            for requirement in body.requirements:
                yield Site(requirement.condition, Role.WINDOW, (), rule)
                if requirement.when is not None:
                    yield Site(requirement.when, Role.WINDOW, (), rule)
        case ast.EachBody():
            for requirement in body.requirements:
                yield Site(requirement.condition, Role.EACH, body.subject.names, rule)
                if requirement.when is not None:
                    yield Site(requirement.when, Role.EACH, body.subject.names, rule)
        case _:
            pass


def period_sites(rule: ast.Rule) -> Iterator[PeriodSite]:
    body = rule.body
    if not isinstance(body, ast.DeadlineBody):
        return
    match body.period:
        case ast.PeriodChoice() as choice:
            for _, period in choice.cases:
                yield PeriodSite(period, rule)
            if choice.otherwise is not None:
                yield PeriodSite(choice.otherwise, rule)
        case None:
            pass
        case period:
            yield PeriodSite(period, rule)
    if body.extension is not None:
        yield PeriodSite(body.extension.limit, rule, is_limit=True)
