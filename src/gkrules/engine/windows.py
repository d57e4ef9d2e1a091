"""Window rules (``每季度 按 unit 须满足 次数(档案移交) >= 1``): per group and calendar window.

Windows are months, quarters, half-years or years, from the rule's first day in force (or, when
it has none, the group's first row), never before the log's first row, up to the window holding
the as-of instant.  Every unit that appears in the log is checked.  For each window, each
aggregate (次数, 合计, 最小, 最大, 最新) is computed over the group's matching events in the window
and the requirements are evaluated with three-valued logic: a ratio with a zero denominator or a
metric never reported is *missing*, which never counts as met.

* all requirements hold → met (in an open window only when they can no longer be undone:
  ``次数(…) >= N`` and ``合计(…) >= N`` are monotone; a ratio or a latest value may still change,
  so the window stays pending);
* otherwise → violated once the window is over, pending while it is open — saying what is still
  needed and by when ("还需1次抽查，截止2021-06-30").

A check decides every group's windows at once (:mod:`gkrules.engine.window_columns`); the
one-window-at-a-time :class:`_Run` here is the reference it is tested against
(``WindowPlan.vectorize=False``), and both build their verdicts with :func:`window_verdict`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import frozen

from gkrules.calendar.periods import Amount, Unit
from gkrules.diagnostics import Lang
from gkrules.engine.conditions import (
    Env,
    Matcher,
    as_numbers,
    column_values,
    compile_pattern,
    parse_number,
)
from gkrules.engine.context import CheckContext
from gkrules.engine.dates import group_universe
from gkrules.engine.explain import as_of_text, expression_text, moment_text
from gkrules.engine.table import MICROS_PER_DAY, SHANGHAI_OFFSET, instant_of
from gkrules.engine.verdicts import ListBatch, RowRef, RuleInfo, Status, Verdict, VerdictBatch
from gkrules.language import ast

__all__ = ["WindowPlan", "compile_window", "window_bounds", "window_label"]

_EPOCH = dt.date(1970, 1, 1)
WINDOW_MONTHS = {
    ast.Window.MONTH: 1,
    ast.Window.QUARTER: 3,
    ast.Window.HALF_YEAR: 6,
    ast.Window.YEAR: 12,
}
MAX_EVIDENCE = 20


def window_bounds(day: dt.date, window: ast.Window) -> tuple[dt.date, dt.date]:
    """The first and last day of the *window* holding *day*."""
    size = WINDOW_MONTHS[window]
    first_month = (day.month - 1) // size * size + 1
    start = dt.date(day.year, first_month, 1)
    return start, _add_months(start, size) - dt.timedelta(days=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def window_label(start: dt.date, window: ast.Window) -> str:
    """``2021-06``, ``2021-Q3``, ``2021-H1`` or ``2021``."""
    if window is ast.Window.MONTH:
        return f"{start.year}-{start.month:02d}"
    if window is ast.Window.QUARTER:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if window is ast.Window.HALF_YEAR:
        return f"{start.year}-H{1 if start.month <= 6 else 2}"
    return f"{start.year}"


def _window_words(start: dt.date, end: dt.date, window: ast.Window, lang: Lang) -> str:
    span = (
        f"{start.isoformat()}至{end.isoformat()}"
        if lang == "zh"
        else f"{start.isoformat()} to {end.isoformat()}"
    )
    if lang == "zh":
        names = {
            ast.Window.MONTH: f"{start.year}年{start.month}月",
            ast.Window.QUARTER: f"{start.year}年第{(start.month - 1) // 3 + 1}季度",
            ast.Window.HALF_YEAR: f"{start.year}年{'上' if start.month <= 6 else '下'}半年",
            ast.Window.YEAR: f"{start.year}年",
        }
        return f"{names[window]}（{span}）"
    return f"{window_label(start, window)} ({span})"


# --- compiled pieces ------------------------------------------------------------------------------


@frozen
class AggregatePlan:
    node: ast.Aggregate
    matcher: Matcher


@frozen
class RequirementPlan:
    node: ast.Requirement
    monotone: bool


@frozen
class WindowPlan:
    info: RuleInfo
    keys: tuple[str, ...]
    window: ast.Window
    requirements: tuple[RequirementPlan, ...]
    aggregates: tuple[AggregatePlan, ...]
    effective: tuple[dt.date | None, dt.date | None]
    #: Decide every group's windows in array operations (``False``: one by one, the reference).
    vectorize: bool = True

    def evaluate(self, ctx: CheckContext) -> VerdictBatch:
        if self.vectorize:
            from gkrules.engine.window_columns import evaluate_columns

            return evaluate_columns(self, ctx)
        return ListBatch(self.info, _Run(self, ctx).verdicts())


def _aggregates(expr: ast.Expr | None) -> Iterator[ast.Aggregate]:
    match expr:
        case ast.Aggregate():
            yield expr
        case ast.BinaryOp(left=left, right=right) | ast.Compare(left=left, right=right):
            yield from _aggregates(left)
            yield from _aggregates(right)
        case ast.InList(subject=subject, values=values):
            yield from _aggregates(subject)
            for value in values:
                yield from _aggregates(value)
        case ast.Logical(operands=operands):
            for operand in operands:
                yield from _aggregates(operand)
        case ast.Not(operand=operand):
            yield from _aggregates(operand)
        case _:
            return


_GROWING = (ast.AggregateFunc.COUNT, ast.AggregateFunc.SUM)


def _constant(expr: ast.Expr) -> bool:
    return isinstance(expr, ast.NumberLit | ast.PercentLit)


def is_monotone(expr: ast.Expr) -> bool:
    """Whether *expr*, once true, stays true as events are added (``次数(…) >= N``)."""
    match expr:
        case ast.Compare(op=op, left=ast.Aggregate(func=func), right=right) if func in _GROWING:
            return op in (ast.CompareOp.GE, ast.CompareOp.GT) and _constant(right)
        case ast.Compare(op=op, left=left, right=ast.Aggregate(func=func)) if func in _GROWING:
            return op in (ast.CompareOp.LE, ast.CompareOp.LT) and _constant(left)
        case ast.Logical(op=ast.LogicalOp.AND, operands=operands):
            return all(is_monotone(o) for o in operands)
        case _:
            return False


def compile_window(rule: ast.Rule, body: ast.WindowBody, info: RuleInfo) -> WindowPlan:
    found: dict[ast.Aggregate, AggregatePlan] = {}
    for requirement in body.requirements:
        for expr in (requirement.condition, requirement.when):
            for node in _aggregates(expr):
                if node not in found:
                    pattern = ast.EventPattern(node.events, node.where)
                    found[node] = AggregatePlan(node, compile_pattern(pattern, rule.id))
    requirements = tuple(
        RequirementPlan(r, r.when is None and is_monotone(r.condition)) for r in body.requirements
    )
    effective = (rule.effective.start, rule.effective.end) if rule.effective else (None, None)
    return WindowPlan(info, body.keys, body.window, requirements, tuple(found.values()), effective)


# --- scalar evaluation of requirements ------------------------------------------------------------

Scalar = float | str | dt.date | bool | None


def _number(value: Scalar) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float | int):
        return float(value)
    if isinstance(value, str):
        return parse_number(value)
    return None


def evaluate_scalar(expr: ast.Expr, values: dict[ast.Aggregate, float | None], year: int) -> Scalar:
    """The value of a window requirement (``None``: missing data, never true)."""
    match expr:
        case ast.StringLit(value=text):
            return text
        case ast.NumberLit(value=number):
            return float(number)
        case ast.PercentLit():
            return float(expr.fraction)
        case ast.DateLit(value=day):
            return day
        case ast.Builtin():
            return float(year)
        case ast.Aggregate():
            return values.get(expr)
        case ast.BinaryOp(op=op, left=left, right=right):
            a = _number(evaluate_scalar(left, values, year))
            b = _number(evaluate_scalar(right, values, year))
            if a is None or b is None:
                return None
            if op is ast.BoolOp.ADD:
                return a + b
            if op is ast.BoolOp.SUB:
                return a - b
            if op is ast.BoolOp.MUL:
                return a * b
            return a / b if b != 0 else None
        case ast.Compare(op=op, left=left, right=right):
            return _compare(
                op, evaluate_scalar(left, values, year), evaluate_scalar(right, values, year)
            )
        case ast.InList(subject=subject, values=options, negated=negated):
            s = evaluate_scalar(subject, values, year)
            if s is None:
                return None
            hit = any(
                _compare(ast.CompareOp.EQ, s, evaluate_scalar(o, values, year)) for o in options
            )
            return hit != negated
        case ast.Logical(op=op, operands=operands):
            results = [evaluate_scalar(o, values, year) for o in operands]
            if op is ast.LogicalOp.AND:
                if any(r is False for r in results):
                    return False
                return None if any(r is None for r in results) else True
            if any(r is True for r in results):
                return True
            return None if any(r is None for r in results) else False
        case ast.Not(operand=operand):
            result = evaluate_scalar(operand, values, year)
            return None if result is None else not result
        case _:
            return None


def _compare(op: ast.CompareOp, a: Scalar, b: Scalar) -> bool | None:
    if a is None or b is None:
        return None
    if isinstance(a, float) or isinstance(b, float):
        x, y = _number(a), _number(b)
        if x is None or y is None:
            return None
        a, b = x, y
    functions: dict[ast.CompareOp, Callable[[Any, Any], bool]] = {
        ast.CompareOp.EQ: lambda x, y: x == y,
        ast.CompareOp.NE: lambda x, y: x != y,
        ast.CompareOp.LT: lambda x, y: x < y,
        ast.CompareOp.LE: lambda x, y: x <= y,
        ast.CompareOp.GT: lambda x, y: x > y,
        ast.CompareOp.GE: lambda x, y: x >= y,
    }
    try:
        return bool(functions[op](a, b))
    except TypeError:
        return None


# --- deciding one window ---------------------------------------------------------------------------


@frozen
class _Outcome:
    """One requirement in one window: its value and the aggregates behind it."""

    requirement: RequirementPlan
    applies: bool
    holds: bool | None
    values: tuple[tuple[ast.Aggregate, float | None], ...]


Values = dict[ast.Aggregate, float | None]


def requirement_outcomes(plan: WindowPlan, values: Values, year: int) -> list[_Outcome]:
    """Every requirement of *plan* in a window whose aggregates have *values*."""
    outcomes = []
    for requirement in plan.requirements:
        node = requirement.node
        applies = node.when is None or evaluate_scalar(node.when, values, year) is not False
        holds = evaluate_scalar(node.condition, values, year) if applies else True
        outcomes.append(
            _Outcome(
                requirement,
                applies,
                holds if isinstance(holds, bool) or holds is None else None,
                tuple((a, values.get(a)) for a in _aggregates(node.condition)),
            )
        )
    return outcomes


def holds_and_settled(outcomes: list[_Outcome]) -> tuple[bool, bool]:
    """(every requirement that applies holds, every one that applies can no longer be undone)."""
    applying = [o for o in outcomes if o.applies]
    return all(o.holds is True for o in applying), all(o.requirement.monotone for o in applying)


def _status(all_hold: bool, settled: bool, closed: bool) -> Status:
    if all_hold and (closed or settled):
        return Status.MET
    return Status.VIOLATED if closed else Status.PENDING


def _due_micros(last_day: int) -> int:
    return (last_day + 1) * MICROS_PER_DAY - SHANGHAI_OFFSET


def window_verdict(
    plan: WindowPlan,
    ctx: CheckContext,
    key: tuple[str | None, ...],
    start: dt.date,
    end: dt.date,
    outcomes: Callable[[], list[_Outcome]],
    status: Status,
    used: list[int],
) -> Verdict:
    """The verdict of one window; *used* are the rows of its aggregates, ascending, and
    *outcomes* gives the requirements' outcomes when the verdict is explained."""
    table = ctx.table
    last_day = (end - _EPOCH).days
    remaining = (
        Amount(last_day - int(ctx.as_of_day), Unit.DAYS) if status is Status.PENDING else None
    )
    info = plan.info
    evidence = tuple(RowRef(*table.ref(r)) for r in used[:MAX_EVIDENCE])

    def explainer(lang: Lang) -> tuple[str, ...]:
        return _explain(plan, ctx, start, end, outcomes(), status, used, lang)

    return Verdict(
        rule=info.id,
        title=info.title,
        status=status,
        key=tuple(zip(plan.keys, key, strict=True)),
        severity=info.severity,
        window=window_label(start, plan.window),
        deadline=end,
        due=instant_of(_due_micros(last_day)),
        remaining=remaining,
        citation=info.citation,
        span=info.span,
        evidence=evidence,
        explainer=explainer,
    )


# --- the reference: one group and window at a time ----------------------------------------------------


class _Run:
    def __init__(self, plan: WindowPlan, ctx: CheckContext) -> None:
        self.plan = plan
        self.ctx = ctx
        self.env = Env(ctx.table, plan.info.id, ctx.problems)
        self._matched: dict[tuple[int, int], dict[int, npt.NDArray[np.int64]]] = {}
        self.groups, self.key_values, self.codes = group_universe(ctx, plan.keys)

    def verdicts(self) -> list[Verdict]:
        ctx, plan = self.ctx, self.plan
        table = ctx.table
        if not len(table):
            return []
        log_first = _EPOCH + dt.timedelta(days=int(table.day[0]))
        start, end = plan.effective
        as_of_date = ctx.as_of_date
        last = min(as_of_date, end) if end is not None else as_of_date
        result: list[Verdict] = []
        for group in self.groups:
            if start is not None:
                first = max(start, log_first)
            else:
                rows = np.flatnonzero(self.codes == group) if self.plan.keys else np.arange(1)
                first = _EPOCH + dt.timedelta(days=int(table.day[rows[0]]))
            window_start, _ = window_bounds(first, plan.window)
            while window_start <= last:
                _, window_end = window_bounds(window_start, plan.window)
                result.append(self._window(group, window_start, window_end))
                window_start = window_end + dt.timedelta(days=1)
        return result

    def _rows(self, index: int, year: int, group: int) -> npt.NDArray[np.int64]:
        key = (index, year)
        if key not in self._matched:
            aggregate = self.plan.aggregates[index]
            rows, _ = aggregate.matcher.rows(self.env.with_year(year))
            codes = self.codes[rows] if self.plan.keys else np.zeros(len(rows), dtype=np.int64)
            split: dict[int, list[int]] = {}
            for row, code in zip(rows.tolist(), codes.tolist(), strict=True):
                split.setdefault(code, []).append(row)
            self._matched[key] = {c: np.asarray(r, dtype=np.int64) for c, r in split.items()}
        return self._matched[key].get(group, np.zeros(0, dtype=np.int64))

    def _window(self, group: int, start: dt.date, end: dt.date) -> Verdict:
        ctx, plan = self.ctx, self.plan
        table = ctx.table
        first_day, last_day = (start - _EPOCH).days, (end - _EPOCH).days
        values: Values = {}
        used: list[int] = []
        for index, aggregate in enumerate(plan.aggregates):
            rows = self._rows(index, start.year, group)
            days = table.day[rows]
            lo, hi = (
                np.searchsorted(days, first_day, "left"),
                np.searchsorted(days, last_day, "right"),
            )
            inside = rows[lo:hi]
            used.extend(inside.tolist())
            values[aggregate.node] = self._aggregate(aggregate.node, inside)
        outcomes = requirement_outcomes(plan, values, start.year)
        closed = ctx.as_of_us >= _due_micros(last_day)
        status = _status(*holds_and_settled(outcomes), closed)
        return window_verdict(
            plan,
            ctx,
            self.key_values[group],
            start,
            end,
            lambda: outcomes,
            status,
            sorted(set(used)),
        )

    def _aggregate(self, node: ast.Aggregate, rows: npt.NDArray[np.int64]) -> float | None:
        func = node.func
        if func is ast.AggregateFunc.COUNT:
            return float(len(rows))
        if not len(rows):
            return 0.0 if func is ast.AggregateFunc.SUM else None
        assert node.attribute is not None
        raw = column_values(self.ctx.table, node.attribute, rows)
        numbers = as_numbers(raw, self.env, rows)
        if func is ast.AggregateFunc.LATEST:
            return float(numbers.data[-1]) if numbers.known[-1] else None
        if not numbers.known.all():
            return None
        if func is ast.AggregateFunc.SUM:
            return float(numbers.data.sum())
        if func is ast.AggregateFunc.MIN:
            return float(numbers.data.min())
        return float(numbers.data.max())


# --- explanations ------------------------------------------------------------------------------------


def _value_text(value: float | None, lang: Lang) -> str:
    if value is None:
        return "缺少数据" if lang == "zh" else "missing"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4g}"


def _needed(outcome: _Outcome, end: dt.date, lang: Lang) -> str | None:
    """What an open window still needs for a monotone requirement (``还需1次抽查，截止…``)."""
    node = outcome.requirement.node.condition
    if not (isinstance(node, ast.Compare) and isinstance(node.left, ast.Aggregate)):
        return None
    target = node.right
    if not _constant(target) or node.op not in (ast.CompareOp.GE, ast.CompareOp.GT):
        return None
    goal = float(target.value if isinstance(target, ast.NumberLit) else target.fraction)  # type: ignore[union-attr]
    have = dict(outcome.values).get(node.left) or 0.0
    aggregate = node.left
    events = "或".join(aggregate.events) if lang == "zh" else " or ".join(aggregate.events)
    if aggregate.func is ast.AggregateFunc.COUNT:
        more = (math.floor(goal) + 1 if node.op is ast.CompareOp.GT else math.ceil(goal)) - int(
            have
        )
        if lang == "zh":
            return f"还需{more}次{events}，截止{end.isoformat()}"
        return f"{more} more {events} needed by {end.isoformat()}"
    more_value = _value_text(goal - have, lang)
    what = expression_text(aggregate, lang)
    if lang == "zh":
        return f"{what}还需{more_value}，截止{end.isoformat()}"
    return f"{what} needs {more_value} more by {end.isoformat()}"


def _explain(
    plan: WindowPlan,
    ctx: CheckContext,
    start: dt.date,
    end: dt.date,
    outcomes: list[_Outcome],
    status: Status,
    rows: list[int],
    lang: Lang,
) -> tuple[str, ...]:
    zh = lang == "zh"
    lines = [("统计期：" if zh else "window: ") + _window_words(start, end, plan.window, lang)]
    for outcome in outcomes:
        text = expression_text(outcome.requirement.node.condition, lang)
        if not outcome.applies:
            lines.append(
                f"{text}：条件不成立，不适用" if zh else f"{text}: its condition does not hold"
            )
            continue
        shown = (
            "，".join(
                f"{expression_text(a, lang)}={_value_text(v, lang)}" for a, v in outcome.values
            )
            if zh
            else ", ".join(
                f"{expression_text(a, lang)} = {_value_text(v, lang)}" for a, v in outcome.values
            )
        )
        if outcome.holds is True:
            verdict = "满足" if zh else "holds"
        elif outcome.holds is False:
            verdict = "不满足" if zh else "does not hold"
        else:
            verdict = "缺少数据，无法认定满足" if zh else "data missing, cannot count as met"
        lines.append(f"{text}：{shown} → {verdict}" if zh else f"{text}: {shown} → {verdict}")
    table = ctx.table
    for row in rows[:5]:
        lines.append(
            ("依据：" if zh else "evidence: ")
            + f"{table.ref(row)[0]}:{table.ref(row)[1]} {moment_text(table.moment(row))} {table.event_name(row)}"
        )
    if len(rows) > 5:
        lines.append(f"……另有{len(rows) - 5}行" if zh else f"… and {len(rows) - 5} more rows")
    as_of = as_of_text(ctx.as_of)
    if status is Status.MET:
        lines.append("各项要求均已满足" if zh else "every requirement holds")
    elif status is Status.PENDING:
        needs = [
            n
            for o in outcomes
            if o.applies and o.holds is not True
            for n in [_needed(o, end, lang)]
            if n
        ]
        if needs:
            lines.append(
                ("统计期未结束：" if zh else "window still open: ")
                + ("；".join(needs) if zh else "; ".join(needs))
            )
        elif all(o.holds is True for o in outcomes if o.applies):
            lines.append(
                f"目前已满足，但统计期至{end.isoformat()}才结束，结果可能变化"
                if zh
                else f"holds so far, but the window runs until {end.isoformat()} and this may change"
            )
        else:
            lines.append(
                f"截至{as_of}尚未满足，统计期至{end.isoformat()}结束"
                if zh
                else f"not met as of {as_of}; the window ends on {end.isoformat()}"
            )
    else:
        lines.append(
            f"统计期已于{end.isoformat()}结束，要求未满足"
            if zh
            else f"the window ended on {end.isoformat()} with a requirement not met"
        )
    return tuple(lines)
