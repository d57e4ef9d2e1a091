"""Window rules decided for every group and window at once (the reference is windows._Run).

The windows of all groups are numbered in verdict order (group, then window): instance *i* is
window ``window[i]`` of group ``group[i]``.  Each aggregate's matching rows are mapped to the
instance holding them — by group code and window number, no per-group loop — and sorted by
instance, so counts, sums, minima, maxima and latest values are ``bincount``/``reduceat`` over
that order.  Requirements are evaluated once per distinct combination of aggregate values and
year (most windows share a handful), and verdicts are built only when asked for.

Bad values met on the way (GK501) are collected with where the reference would have met them —
(instance, aggregate, matching before summing, row) — and replayed in that order, so a check
reports the same problems, in the same order, either way.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from attrs import frozen

from gkrules.engine.conditions import Env, parse_number
from gkrules.engine.context import CheckContext
from gkrules.engine.dates import group_universe
from gkrules.engine.table import MICROS_PER_DAY, SHANGHAI_OFFSET, GroupKeys
from gkrules.engine.verdicts import STATUS_ORDER, Status, StatusColumns, Verdict
from gkrules.engine.windows import (
    WINDOW_MONTHS,
    Values,
    WindowPlan,
    holds_and_settled,
    requirement_outcomes,
    window_verdict,
)
from gkrules.language import ast

__all__ = ["WindowBatch", "evaluate_columns"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_EPOCH = dt.date(1970, 1, 1)
_EPOCH_YEAR = 1970
#: Integer-valued sums below this are exact in any order (2**53: every integer a float holds).
_EXACT = float(2**53)

#: (instance, aggregate, 0 for matching / 1 for summing, sequence or row), code, attribute, value, row.
Problem = tuple[tuple[int, int, int, int], str, str, str, int]


def _months(days: IntArray) -> IntArray:
    """Months since 1970-01 of epoch days."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _first_days(months: IntArray) -> IntArray:
    """The epoch day of the first day of each month (months since 1970-01)."""
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _month_of(day: dt.date) -> int:
    return (day.year - _EPOCH_YEAR) * 12 + day.month - 1


def mentions_this_year(expr: ast.Expr | None) -> bool:
    """Whether *expr* reads 当年 (so a pattern's rows depend on the window's year)."""
    match expr:
        case None:
            return False
        case ast.Builtin():
            return True
        case ast.BinaryOp(left=left, right=right) | ast.Compare(left=left, right=right):
            return mentions_this_year(left) or mentions_this_year(right)
        case ast.InList(subject=subject, values=values):
            return mentions_this_year(subject) or any(mentions_this_year(v) for v in values)
        case ast.Logical(operands=operands):
            return any(mentions_this_year(o) for o in operands)
        case ast.Not(operand=operand):
            return mentions_this_year(operand)
        case ast.Aggregate(where=where):
            return mentions_this_year(where)
        case _:
            return False


class _Instances:
    """Every (group, window) of a rule in verdict order, as columns."""

    def __init__(self, plan: WindowPlan, ctx: CheckContext, codes: IntArray, groups: int) -> None:
        table = ctx.table
        size = WINDOW_MONTHS[plan.window]
        self.size = size
        self.codes = codes if plan.keys else np.zeros(len(table), dtype=np.int64)
        start, end = plan.effective
        last = min(ctx.as_of_date, end) if end is not None else ctx.as_of_date
        self.last_window = _month_of(last) // size
        if not groups:
            first = np.zeros(0, dtype=np.int64)
        elif start is not None:
            log_first = _EPOCH + dt.timedelta(days=int(table.day[0]))
            first = np.full(groups, _month_of(max(start, log_first)) // size, dtype=np.int64)
        else:
            rows = ctx.first_rows(plan.keys) if plan.keys else np.zeros(1, dtype=np.int64)
            first = _months(table.day[rows]) // size
        self.first_window = first
        counts = np.maximum(0, self.last_window - first + 1)
        self.offsets = np.zeros(groups + 1, dtype=np.int64)
        np.cumsum(counts, out=self.offsets[1:])
        total = int(self.offsets[-1])
        self.group = np.repeat(np.arange(groups, dtype=np.int64), counts)
        self.window = (
            first[self.group] + np.arange(total, dtype=np.int64) - self.offsets[self.group]
        )
        self.first_day = _first_days(self.window * size)
        self.last_day = _first_days((self.window + 1) * size) - 1
        self.year = (self.window * size) // 12 + _EPOCH_YEAR

    def __len__(self) -> int:
        return len(self.group)

    def of_rows(self, table_day: IntArray, rows: IntArray) -> IntArray:
        """The instance holding each of *rows* (-1: no window of its group holds it)."""
        codes = self.codes[rows]
        window = _months(table_day[rows]) // self.size
        known = codes >= 0
        group = np.where(known, codes, 0)
        first = self.first_window[group]
        inside = known & (window >= first) & (window <= self.last_window)
        return np.where(inside, self.offsets[group] + window - first, -1)


class _Aggregated:
    """One aggregate's rows in instance order and its value in each instance (NaN: missing)."""

    def __init__(self, rows: IntArray, instance: IntArray, total: int) -> None:
        order = np.lexsort((rows, instance))
        self.rows = rows[order]
        self.instance = instance[order]
        self.counts = np.bincount(self.instance, minlength=total).astype(np.int64)
        self.starts = np.zeros(total + 1, dtype=np.int64)
        np.cumsum(self.counts, out=self.starts[1:])
        self.values: FloatArray = self.counts.astype(np.float64)

    def of(self, index: int) -> IntArray:
        return self.rows[self.starts[index] : self.starts[index + 1]]


def _vocabulary_numbers(vocab: Sequence[str]) -> tuple[FloatArray, BoolArray]:
    parsed = [parse_number(text) for text in vocab]
    numbers = np.array([np.nan if p is None else p for p in parsed], dtype=np.float64)
    good = np.array([p is not None for p in parsed], dtype=bool)
    return numbers, good


def _numbers(
    aggregated: _Aggregated,
    node: ast.Aggregate,
    position: int,
    ctx: CheckContext,
    problems: list[Problem],
) -> None:
    """Sum, minimum, maximum or latest value of *node*'s attribute per instance, in place."""
    assert node.attribute is not None
    codes, vocab = ctx.table.coded(node.attribute)
    numbers, good = _vocabulary_numbers(vocab)
    picked = codes[aggregated.rows]
    present = picked >= 0
    ok = present.copy()
    ok[present] = good[picked[present]]
    value = np.full(len(picked), np.nan)
    value[ok] = numbers[picked[ok]]
    _bad_values(aggregated, picked, present & ~ok, node.attribute, vocab, position, problems)
    counts, starts = aggregated.counts, aggregated.starts
    nonempty = counts > 0
    func = node.func
    result = np.full(len(counts), np.nan)
    if func is ast.AggregateFunc.LATEST:
        last = starts[1:][nonempty] - 1
        result[nonempty] = value[last]
        aggregated.values = result
        return
    # A sum, minimum or maximum over a window with a missing or bad value is missing.
    missing = np.bincount(aggregated.instance[~ok], minlength=len(counts)) > 0
    whole = nonempty & ~missing
    if func is ast.AggregateFunc.SUM:
        result[~nonempty] = 0.0
        if whole.any():
            result[whole] = _sums(value, aggregated.instance, starts, whole, ok)
    elif whole.any():
        reduce = np.minimum if func is ast.AggregateFunc.MIN else np.maximum
        # Instances with rows are contiguous runs; reduceat over each run's start.
        runs = reduce.reduceat(value, starts[:-1][nonempty])
        result[whole] = runs[whole[nonempty]]
    aggregated.values = result


def _sums(
    value: FloatArray, instance: IntArray, starts: IntArray, whole: BoolArray, ok: BoolArray
) -> FloatArray:
    """Each whole instance's sum, bit for bit as ``ndarray.sum`` over its rows gives it."""
    used = value[ok]
    if len(used) == 0 or (np.all(used == np.floor(used)) and float(np.abs(used).sum()) < _EXACT):
        # Integers with every partial sum below 2**53: exact, so the order does not matter.
        totals = np.bincount(instance[ok], weights=used, minlength=len(whole))
        return np.asarray(totals[whole], dtype=np.float64)
    indexes = np.flatnonzero(whole)
    return np.array(
        [float(value[starts[i] : starts[i + 1]].sum()) for i in indexes.tolist()], dtype=np.float64
    )


def _bad_values(
    aggregated: _Aggregated,
    picked: IntArray,
    bad: BoolArray,
    attribute: str,
    vocab: Sequence[str],
    position: int,
    problems: list[Problem],
) -> None:
    """Each bad value at its first row in each instance (as the reference reads them)."""
    if not bad.any():
        return
    rows, instance, codes = aggregated.rows[bad], aggregated.instance[bad], picked[bad]
    order = np.lexsort((rows, codes, instance))
    rows, instance, codes = rows[order], instance[order], codes[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = (instance[1:] != instance[:-1]) | (codes[1:] != codes[:-1])
    for i, code, row in zip(
        instance[first].tolist(), codes[first].tolist(), rows[first].tolist(), strict=True
    ):
        problems.append(((i, position, 1, row), "GK501", attribute, vocab[code], row))


class _Collector:
    """A problem sink for one matching call: its problems keyed where the reference meets them."""

    def __init__(self, problems: list[Problem], at: tuple[int, int]) -> None:
        self._problems = problems
        self._at = at
        self._count = 0

    def __call__(self, code: str, attribute: str, value: str, row: int) -> None:
        instance, position = self._at
        self._problems.append(((instance, position, 0, self._count), code, attribute, value, row))
        self._count += 1


def _matched(
    plan: WindowPlan,
    ctx: CheckContext,
    instances: _Instances,
    env: Env,
    problems: list[Problem],
) -> list[_Aggregated]:
    """Each aggregate's rows, by instance, matched once per year (or once, without 当年)."""
    table = ctx.table
    years, firsts = np.unique(instances.year, return_index=True)
    result = []
    for position, aggregate in enumerate(plan.aggregates):
        per_year = mentions_this_year(aggregate.matcher.pattern.where)
        calls = (
            list(zip(years.tolist(), firsts.tolist(), strict=True))
            if per_year
            else [(int(years[np.argmin(firsts)]), int(firsts.min()))]
        )
        rows_parts, instance_parts = [], []
        for year, first in calls:
            sink = _Collector(problems, (first, position))
            rows, _ = aggregate.matcher.rows(env.with_year(year).with_sink(sink))
            instance = instances.of_rows(table.day, rows)
            keep = instance >= 0
            if per_year:
                keep &= instances.year[np.maximum(instance, 0)] == year
            rows_parts.append(rows[keep])
            instance_parts.append(instance[keep])
        aggregated = _Aggregated(
            np.concatenate(rows_parts), np.concatenate(instance_parts), len(instances)
        )
        if aggregate.node.func is not ast.AggregateFunc.COUNT:
            _numbers(aggregated, aggregate.node, position, ctx, problems)
        result.append(aggregated)
    return result


def _decide(
    plan: WindowPlan, ctx: CheckContext, instances: _Instances, values: FloatArray
) -> npt.NDArray[np.int8]:
    """Each instance's status, evaluating the requirements once per distinct (values, year)."""
    missing = np.isnan(values)
    table = np.column_stack(
        [np.where(missing, 0.0, values).T, missing.T.astype(np.float64), instances.year]
    )
    distinct, inverse = np.unique(table, axis=0, return_inverse=True)
    count = len(plan.aggregates)
    holds = np.zeros(len(distinct), dtype=bool)
    settled = np.zeros(len(distinct), dtype=bool)
    for index, line in enumerate(distinct.tolist()):
        given: Values = {
            aggregate.node: None if line[count + k] else line[k]
            for k, aggregate in enumerate(plan.aggregates)
        }
        holds[index], settled[index] = holds_and_settled(
            requirement_outcomes(plan, given, int(line[2 * count]))
        )
    inverse = inverse.reshape(-1)
    closed = ctx.as_of_us >= (instances.last_day + 1) * MICROS_PER_DAY - SHANGHAI_OFFSET
    all_hold, monotone = holds[inverse], settled[inverse]
    met = all_hold & (closed | monotone)
    return np.where(
        met, Status.MET.code, np.where(closed, Status.VIOLATED.code, Status.PENDING.code)
    ).astype(np.int8)


def evaluate_columns(plan: WindowPlan, ctx: CheckContext) -> WindowBatch:
    """Every window of every group of *plan* (the vector path of :class:`WindowPlan`)."""
    table = ctx.table
    groups, key_values, codes = group_universe(ctx, plan.keys)
    instances = _Instances(plan, ctx, codes, len(groups) if len(table) else 0)
    env = Env(table, plan.info.id, ctx.problems)
    problems: list[Problem] = []
    aggregated = _matched(plan, ctx, instances, env, problems) if len(instances) else []
    problems.sort(key=lambda problem: problem[0])
    for _, code, attribute, value, row in problems:
        env.bad_value(code, attribute, value, row)
    values = (
        np.vstack([a.values for a in aggregated])
        if aggregated
        else np.zeros((0, len(instances)), dtype=np.float64)
    )
    status = _decide(plan, ctx, instances, values) if len(instances) else np.zeros(0, dtype=np.int8)
    return WindowBatch(plan, ctx, key_values, instances, aggregated, values, status)


class WindowBatch(StatusColumns):
    """The windows of one rule as columns (group, then window); verdicts built on demand."""

    def __init__(
        self,
        plan: WindowPlan,
        ctx: CheckContext,
        key_values: GroupKeys,
        instances: _Instances,
        aggregated: list[_Aggregated],
        values: FloatArray,
        status: npt.NDArray[np.int8],
    ) -> None:
        self._plan: WindowPlan = plan
        self._ctx = ctx
        self._key_values = key_values
        self._instances = instances
        self._aggregated = aggregated
        self._values = values
        self._status = status
        self._lists: _Lists | None = None

    def keys(self, name: str) -> Sequence[str | None]:
        if name not in self._plan.keys:
            return [None] * len(self)
        return self._key_values.values(name, self._instances.group)

    def _columns(self) -> _Lists:
        """The columns a verdict reads, as Python lists (made once, on the first verdict)."""
        if self._lists is None:
            instances = self._instances
            self._lists = _Lists(
                instances.group.tolist(),
                instances.year.tolist(),
                instances.first_day.tolist(),
                instances.last_day.tolist(),
                self._values.T.tolist(),
                [(a.rows.tolist(), a.starts.tolist()) for a in self._aggregated],
            )
        return self._lists

    def verdict(self, index: int) -> Verdict:
        plan, columns = self._plan, self._columns()
        given: Values = {
            aggregate.node: None if math.isnan(value) else value
            for aggregate, value in zip(plan.aggregates, columns.values[index], strict=True)
        }
        year = columns.year[index]
        used: set[int] = set()
        for rows, starts in columns.rows:
            used.update(rows[starts[index] : starts[index + 1]])
        return window_verdict(
            plan,
            self._ctx,
            self._key_values[columns.group[index]],
            _EPOCH + dt.timedelta(days=columns.first_day[index]),
            _EPOCH + dt.timedelta(days=columns.last_day[index]),
            lambda: requirement_outcomes(plan, given, year),
            STATUS_ORDER[int(self._status[index])],
            sorted(used),
        )


@frozen
class _Lists:
    group: list[int]
    year: list[int]
    first_day: list[int]
    last_day: list[int]
    values: list[list[float]]
    #: Per aggregate: its rows in instance order and where each instance's begin.
    rows: list[tuple[list[int], list[int]]]
