"""Checks on periods, dates and clocks: sizes, units, conventions that cannot apply, bad dates."""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Iterator
from decimal import Decimal

from gkrules.calendar.periods import PERIOD_LIMITS, Unit
from gkrules.diagnostics import Diagnostic, Message
from gkrules.language import ast
from gkrules.language.checks.context import Context
from gkrules.language.checks.walk import nodes, period_sites

__all__ = [
    "clock_controls",
    "date_conventions",
    "effective_dates",
    "extensions",
    "hour_conventions",
    "month_days",
    "period_sizes",
    "resolve_period",
    "same_events",
]


def _unit(unit: Unit) -> Message:
    return Message(unit.en, unit.zh)


def resolve_period(
    period: ast.PeriodExpr, ctx: Context, path: str, _seen: frozenset[str] = frozenset()
) -> ast.PeriodLit | None:
    """The period literal *period* stands for (through constants), or ``None`` if it is not one."""
    if isinstance(period, ast.PeriodLit):
        return period
    constant = ctx.constant(path, period.name)
    if constant is None or period.name in _seen:
        return None
    value = constant.value
    if isinstance(value, ast.PeriodLit | ast.NameRef):
        return resolve_period(value, ctx, ctx.path_of(constant), _seen | {period.name})
    return None


def _amount(period: ast.PeriodLit, ctx: Context, path: str) -> Decimal | None:
    amount = period.amount
    if isinstance(amount, ast.NumberLit):
        return amount.value
    constant = ctx.constant(path, amount.name)
    if constant is not None and isinstance(constant.value, ast.NumberLit):
        return constant.value.value
    return None


def _all_periods(ctx: Context) -> Iterator[tuple[ast.PeriodLit, str, bool]]:
    """Every period literal: (literal, file, whether it is a deadline or a limit of one)."""
    for constant in ctx.iter_constants():
        for node, _, _ in nodes(constant.value, ()):
            if isinstance(node, ast.PeriodLit):
                yield node, ctx.path_of(constant), False
    for rule in ctx.iter_rules():
        path = ctx.path_of(rule)
        for site in period_sites(rule):
            if isinstance(site.period, ast.PeriodLit):
                yield site.period, path, True
        for _expr_site, node, _, _ in ctx.walk(rule):
            if isinstance(node, ast.PeriodLit):
                yield node, path, False


def period_sizes(ctx: Context) -> Iterator[Diagnostic]:
    """Whole, positive, and within :data:`~gkrules.calendar.periods.PERIOD_LIMITS`."""
    for period, path, is_deadline in _all_periods(ctx):
        amount = _amount(period, ctx, path)
        if amount is None:
            continue
        where = period.amount.span if isinstance(period.amount, ast.NumberLit) else period.span
        if amount != amount.to_integral_value():
            hint = "GK333.hours" if period.unit is not Unit.HOURS else "GK333.hint"
            yield ctx.error("GK333", where, hint=hint, amount=amount, unit=_unit(period.unit))
        elif amount < 0:
            yield ctx.error("GK331", where, hint="GK331.negative", amount=amount)
        elif amount == 0 and is_deadline:
            yield ctx.error("GK331", where, hint="GK331.zero", amount=amount)
        elif amount > PERIOD_LIMITS[period.unit]:
            yield ctx.error(
                "GK332",
                where,
                hint="GK332.hint",
                amount=amount,
                unit=_unit(period.unit),
                limit=PERIOD_LIMITS[period.unit],
            )


def _deadline_units(
    body: ast.DeadlineBody, ctx: Context, path: str
) -> list[tuple[ast.PeriodLit, ast.PeriodExpr]]:
    periods: list[ast.PeriodExpr] = []
    match body.period:
        case ast.PeriodChoice() as choice:
            periods = [p for _, p in choice.cases]
            if choice.otherwise is not None:
                periods.append(choice.otherwise)
        case None:
            pass
        case period:
            periods = [period]
    found = [(resolve_period(p, ctx, path), p) for p in periods]
    return [(lit, written) for lit, written in found if lit is not None]


def hour_conventions(ctx: Context) -> Iterator[Diagnostic]:
    """A business cut-off, "start day counted" or "no roll-off" mean nothing for a period in hours."""
    for rule in ctx.iter_rules():
        body = rule.body
        if not isinstance(body, ast.DeadlineBody):
            continue
        counting = body.counting
        for period, _ in _deadline_units(body, ctx, ctx.path_of(rule)):
            if period.unit is not Unit.HOURS:
                continue
            problems = []
            if counting.cutoff is not None:
                problems.append("GK330.cutoff")
            if counting.start_day_counted:
                problems.append("GK330.start_day")
            if not counting.roll_off:
                problems.append("GK330.roll_off")
            if counting.exclusive:
                problems.append("GK330.exclusive")
            for problem in problems:
                yield ctx.error(
                    "GK330",
                    ctx.clause_span(rule, "counting"),
                    hint=problem,
                    period=f"{_amount_text(period)} {period.unit_text}",
                    cutoff=counting.cutoff.strftime("%H:%M") if counting.cutoff else "",
                )
            break


def _amount_text(period: ast.PeriodLit) -> str:
    if isinstance(period.amount, ast.NumberLit):
        return str(period.amount.value)
    return period.amount.name


def date_conventions(ctx: Context) -> Iterator[Diagnostic]:
    """A due date has no start day to count; warn when "start day counted" is written on one."""
    for rule in ctx.iter_rules():
        body = rule.body
        if isinstance(body, ast.DateBody) and body.counting.start_day_counted:
            yield ctx.warning("GK338", ctx.clause_span(rule, "counting"), hint="GK338.hint")


def month_days(ctx: Context) -> Iterator[Diagnostic]:
    for rule in ctx.iter_rules():
        due = getattr(rule.body, "due", None)
        if not isinstance(due, ast.MonthDay):
            continue
        if not 1 <= due.month <= 12:
            yield ctx.error("GK334", due.span, hint="GK334.month", month=due.month, day=due.day)
        elif due.month == 2 and due.day == 29:
            yield ctx.warning("GK335", due.span, hint="GK335.hint")
        elif not 1 <= due.day <= gregorian.monthrange(2024, due.month)[1]:
            last = gregorian.monthrange(2023, due.month)[1]
            yield ctx.error(
                "GK334",
                due.span,
                hint="GK334.hint",
                month=due.month,
                day=due.day,
                last=f"{due.month:02d}-{last:02d}",
            )


def effective_dates(ctx: Context) -> Iterator[Diagnostic]:
    for rule in ctx.iter_rules():
        effective = rule.effective
        if effective is None:
            continue
        if effective.start and effective.end and effective.start > effective.end:
            yield ctx.error(
                "GK336",
                effective.span,
                hint="GK336.hint",
                start=effective.start.isoformat(),
                end=effective.end.isoformat(),
            )
            continue
        body = rule.body
        if isinstance(body, ast.DateBody) and isinstance(body.due, ast.DateLit):
            due = body.due.value
            if (effective.start and due < effective.start) or (
                effective.end and due > effective.end
            ):
                yield ctx.warning(
                    "GK337",
                    body.due.span,
                    hint="GK337.hint",
                    due=due.isoformat(),
                    start=effective.start.isoformat() if effective.start else "…",
                    end=effective.end.isoformat() if effective.end else "…",
                )


def extensions(ctx: Context) -> Iterator[Diagnostic]:
    """An extension's limit is counted in the period's unit, and it may be used at least once."""
    for rule in ctx.iter_rules():
        body = rule.body
        if not isinstance(body, ast.DeadlineBody) or body.extension is None:
            continue
        extension = body.extension
        path = ctx.path_of(rule)
        if extension.times < 1:
            yield ctx.error("GK342", extension.span, hint="GK342.hint", times=extension.times)
        limit = resolve_period(extension.limit, ctx, path)
        if limit is None:
            continue
        for period, _ in _deadline_units(body, ctx, path):
            if period.unit is not limit.unit:
                yield ctx.error(
                    "GK341",
                    extension.limit.span,
                    hint="GK341.hint",
                    limit=_unit(limit.unit),
                    unit=_unit(period.unit),
                )
                break


def clock_controls(ctx: Context) -> Iterator[Diagnostic]:
    """Pauses, restarts, extensions and 一对一 need a period to act on."""
    for rule in ctx.iter_rules():
        body = rule.body
        if not isinstance(body, ast.DeadlineBody) or body.period is not None:
            continue
        if body.one_to_one:
            yield ctx.error("GK345", ctx.clause_span(rule, "one_to_one"), hint="GK345.hint")
        controls = [
            *(pause.span for pause in body.pauses),
            *((body.restart.span,) if body.restart else ()),
            *((body.extension.span,) if body.extension else ()),
        ]
        for span in controls:
            yield ctx.error("GK346", span, hint="GK346.hint")


def same_events(ctx: Context) -> Iterator[Diagnostic]:
    """A pause that ends on the event that starts it; a trigger that fulfils itself."""
    for rule in ctx.iter_rules():
        body = rule.body
        if not isinstance(body, ast.DeadlineBody):
            continue
        for pause in body.pauses:
            if (
                set(pause.start.names) & set(pause.end.names)
                and pause.start.where == pause.end.where
            ):
                yield ctx.error(
                    "GK343",
                    pause.end.span,
                    hint="GK343.hint",
                    event="、".join(sorted(set(pause.start.names) & set(pause.end.names))),
                )
        shared = set(body.trigger.names) & set(body.fulfil.names)
        if shared and body.trigger.where is None and body.fulfil.where is None:
            yield ctx.warning(
                "GK344", body.fulfil.span, hint="GK344.hint", event="、".join(sorted(shared))
            )
