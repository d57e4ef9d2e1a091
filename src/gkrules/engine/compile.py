"""Compiling checked rules into evaluators: the AST is read once, here, and never again per event.

:func:`compile_rule` turns a :class:`~gkrules.language.ast.Rule` (constants already substituted by
the loader) into a :class:`CompiledRule`: closures for its conditions
(:mod:`gkrules.engine.conditions`), calendar :class:`~gkrules.calendar.periods.Period` values
for its periods, and a plan per body kind.  No rule text is ever run as Python.

::

    compiled = compile_rules(program.rules)
    report = evaluate(compiled, log, as_of=..., calendar=...)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol

import attrs
from attrs import frozen

from gkrules.calendar.periods import Counting, Period
from gkrules.engine.conditions import compile_condition, compile_pattern
from gkrules.engine.context import CheckContext
from gkrules.engine.deadline import DeadlinePlan, ExtensionPlan, PausePlan, PeriodCase
from gkrules.engine.eval_messages import CATALOG
from gkrules.engine.explain import expression_text
from gkrules.engine.verdicts import RuleInfo, VerdictBatch
from gkrules.errors import EvaluationError
from gkrules.language import ast

__all__ = [
    "CompiledRule",
    "Plan",
    "compile_rule",
    "compile_rules",
    "counting_of",
    "period_of",
    "rule_columns",
    "rule_events",
    "rule_rows",
]

#: Columns every check reads whatever its rules: each verdict names its case and unit.
BASE_COLUMNS = frozenset({"time", "event", "case", "unit"})


class Plan(Protocol):
    """A compiled rule body: runs over a check's table and returns the rule's verdicts."""

    @property
    def info(self) -> RuleInfo: ...

    def evaluate(self, ctx: CheckContext) -> VerdictBatch: ...


@frozen
class CompiledRule:
    """A rule ready to run: its AST (for reference), what verdicts repeat, the events it reads."""

    rule: ast.Rule
    info: RuleInfo
    plan: Plan
    #: Every event name the rule reads (for the log's accounting of unused rows).
    events: frozenset[str]

    @property
    def id(self) -> str:
        return self.info.id

    def evaluate(self, ctx: CheckContext) -> VerdictBatch:
        return self.plan.evaluate(ctx)


def compile_rules(rules: Iterable[ast.Rule]) -> tuple[CompiledRule, ...]:
    return tuple(compile_rule(rule) for rule in rules)


def compile_rule(rule: ast.Rule) -> CompiledRule:
    """The evaluator of one checked rule."""
    info = RuleInfo(rule.id, rule.title, rule.severity, rule.citation, rule.span)
    plan: Plan
    match rule.body:
        case ast.DeadlineBody():
            plan = _deadline(rule, rule.body, info)
        case ast.DateBody():
            from gkrules.engine.dates import compile_date

            plan = compile_date(rule, rule.body, info)
        case ast.WindowBody():
            from gkrules.engine.windows import compile_window

            plan = compile_window(rule, rule.body, info)
        case ast.LimitBody():
            from gkrules.engine.limits import compile_limit

            plan = compile_limit(rule, rule.body, info)
        case ast.EachBody():
            from gkrules.engine.limits import compile_each

            plan = compile_each(rule, rule.body, info)
    return CompiledRule(rule, info, plan, frozenset(rule_events(rule.body)))


# --- periods and counting ---------------------------------------------------------------------


def period_of(expr: ast.PeriodExpr, rule: str) -> Period:
    """The calendar period of a period literal (constants are substituted before compiling)."""
    if isinstance(expr, ast.PeriodLit) and isinstance(expr.amount, ast.NumberLit):
        amount: Decimal = expr.amount.value
        if amount == amount.to_integral_value() and amount >= 0:
            return Period(int(amount), expr.unit)
    raise EvaluationError(
        CATALOG.diagnostic("GK504", expr.span, rule=rule, what=expression_text(expr))
    )


def counting_of(counting: ast.Counting) -> Counting:
    return Counting(
        count_start_day=counting.start_day_counted,
        roll_off=counting.roll_off,
        cutoff=counting.cutoff,
        exclusive=counting.exclusive,
    )


def effective_of(rule: ast.Rule) -> tuple[object, object]:
    if rule.effective is None:
        return (None, None)
    return (rule.effective.start, rule.effective.end)


# --- deadline bodies ------------------------------------------------------------------------------


def _deadline(rule: ast.Rule, body: ast.DeadlineBody, info: RuleInfo) -> DeadlinePlan:
    rid = rule.id
    counting = counting_of(body.counting)
    same_day = body.period is None
    cases: list[PeriodCase] = []
    if body.period is None:
        # 同日: due by the end of the trigger's own day, never rolled off a rest day (S16).
        counting = Counting(
            count_start_day=False, roll_off=False, cutoff=counting.cutoff, exclusive=False
        )
        cases.append(PeriodCase(None, Period.days(0)))
    elif isinstance(body.period, ast.PeriodChoice):
        for condition, period in body.period.cases:
            cases.append(
                PeriodCase(
                    compile_condition(condition, rid),
                    period_of(period, rid),
                    expression_text(condition),
                )
            )
        if body.period.otherwise is not None:
            cases.append(PeriodCase(None, period_of(body.period.otherwise, rid)))
    else:
        cases.append(PeriodCase(None, period_of(body.period, rid)))
    extension = None
    if body.extension is not None:
        ext = body.extension
        extension = ExtensionPlan(
            compile_pattern(ext.on, rid), ext.amount_attribute, period_of(ext.limit, rid), ext.times
        )
    start, end = (rule.effective.start, rule.effective.end) if rule.effective else (None, None)
    return DeadlinePlan(
        info=info,
        keys=body.keys,
        trigger=compile_pattern(body.trigger, rid),
        fulfil=compile_pattern(body.fulfil, rid),
        cases=tuple(cases),
        counting=counting,
        pauses=tuple(
            PausePlan(compile_pattern(p.start, rid), compile_pattern(p.end, rid))
            for p in body.pauses
        ),
        restart=compile_pattern(body.restart, rid) if body.restart is not None else None,
        extension=extension,
        only_if=compile_pattern(body.only_if, rid) if body.only_if is not None else None,
        one_to_one=body.one_to_one,
        effective=(start, end),
        same_day=same_day,
    )


# --- the events a rule reads -------------------------------------------------------------------


def _expr_events(expr: ast.Expr | None) -> Iterable[str]:
    match expr:
        case ast.Aggregate(events=events, where=where):
            yield from events
            yield from _expr_events(where)
        case ast.BinaryOp(left=left, right=right) | ast.Compare(left=left, right=right):
            yield from _expr_events(left)
            yield from _expr_events(right)
        case ast.InList(subject=subject, values=values):
            yield from _expr_events(subject)
            for value in values:
                yield from _expr_events(value)
        case ast.Logical(operands=operands):
            for operand in operands:
                yield from _expr_events(operand)
        case ast.Not(operand=operand):
            yield from _expr_events(operand)
        case ast.AttrRef(event=event):
            yield event
        case _:
            return


def _patterns(patterns: Sequence[ast.EventPattern | None]) -> Iterable[str]:
    for pattern in patterns:
        if pattern is not None:
            yield from pattern.names


def rule_events(body: ast.RuleBody) -> Iterable[str]:
    """Every event name *body* reads."""
    match body:
        case ast.DeadlineBody():
            patterns: list[ast.EventPattern | None] = [
                body.trigger,
                body.fulfil,
                body.restart,
                body.only_if,
            ]
            for pause in body.pauses:
                patterns.extend((pause.start, pause.end))
            if body.extension is not None:
                patterns.append(body.extension.on)
            yield from _patterns(patterns)
        case ast.DateBody():
            yield from body.require.names
        case ast.WindowBody():
            for requirement in body.requirements:
                yield from _expr_events(requirement.condition)
                yield from _expr_events(requirement.when)
        case ast.LimitBody():
            yield from _patterns([body.events, body.closed_by])
        case ast.EachBody():
            yield from body.subject.names


def rule_rows(rule: ast.Rule) -> frozenset[str] | None:
    """The events whose rows *rule* can read, or ``None`` when it reads every row: a date or
    window rule checks every unit (key value) the log has, whatever its events (C12)."""
    if isinstance(rule.body, ast.DateBody | ast.WindowBody):
        return None
    return frozenset(rule_events(rule.body))


def rule_columns(rule: ast.Rule) -> frozenset[str]:
    """Every log column *rule* can read: its keys, the attributes its conditions, aggregates,
    extensions and matches name, and :data:`BASE_COLUMNS` (a name that is a constant is included
    too: an absent column is harmless)."""
    found: set[str] = set(BASE_COLUMNS)
    stack: list[object] = [rule.body]
    while stack:
        node = stack.pop()
        if isinstance(node, tuple | list):
            stack.extend(node)
            continue
        if not attrs.has(type(node)):
            continue
        match node:
            case ast.NameRef(name=name):
                found.add(name)
            case ast.AttrRef(attribute=name) | ast.Presence(attribute=name):
                found.add(name)
            case ast.Aggregate(attribute=str() as name):
                found.add(name)
            case ast.Extension(amount_attribute=str() as name):
                found.add(name)
        for name in ("keys", "match"):
            value = getattr(node, name, None)
            if isinstance(value, tuple):
                found.update(v for v in value if isinstance(v, str))
        kind: Any = type(node)
        stack.extend(getattr(node, f.name) for f in attrs.fields(kind) if f.name != "span")
    return frozenset(found)
