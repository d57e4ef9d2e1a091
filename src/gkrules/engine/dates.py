"""Date rules (``须 年度报告公开 其中 year = 当年 - 1 不晚于 每年 01-31``): an event due by a date.

* An absolute date (``不晚于 2020-01-31``) gives one instance per group: met by a matching event on
  or before the date (C8: inclusive; ``早于``/``before`` exclusive).
* A yearly date (``每年 01-31``) gives one instance per group and year whose due date lies in the
  rule's dates in force and in the log's span (from its first row up to the as-of year).  The
  year's instance is met by a matching event after the previous year's due date and on or before
  this one; ``当年`` is the due date's year.

Groups are every key value in the log (every unit that appears in any row): a unit that did
nothing is still checked.  A later matching event makes the instance violated and done late;
none, with the date still ahead, leaves it pending.  Lateness and time left are natural days.

A check decides every group of a due date in a few array operations (:class:`DateBatch`, verdicts
built on demand); :func:`_evaluate`, one instance at a time, is the reference it is tested against
(``DatePlan.vectorize=False``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from attrs import frozen

from gkrules.calendar.periods import Amount, Unit
from gkrules.diagnostics import Lang
from gkrules.engine.conditions import Env, Matcher, compile_pattern
from gkrules.engine.context import CheckContext
from gkrules.engine.explain import as_of_text, moment_text, pattern_text
from gkrules.engine.table import MICROS_PER_DAY, SHANGHAI_OFFSET, GroupKeys, instant_of
from gkrules.engine.verdicts import (
    STATUS_ORDER,
    ListBatch,
    RowRef,
    RuleInfo,
    Status,
    StatusColumns,
    Verdict,
    VerdictBatch,
)
from gkrules.language import ast

__all__ = ["DateBatch", "DatePlan", "compile_date", "due_in_year", "group_universe"]

IntArray = npt.NDArray[np.int64]
_EPOCH = dt.date(1970, 1, 1)


def due_in_year(month: int, day: int, year: int) -> dt.date:
    """``month-day`` of *year*; 02-29 in a common year is 02-28 (the month's last day, C3)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return (
            dt.date(year, month + 1, 1) - dt.timedelta(days=1)
            if month < 12
            else dt.date(year, 12, 31)
        )


def _epoch_day(day: dt.date) -> int:
    return (day - _EPOCH).days


def _date(day: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(day))


def group_universe(
    ctx: CheckContext, keys: Sequence[str]
) -> tuple[list[int], GroupKeys, np.ndarray]:
    """The groups a per-unit rule checks: every key value present in the table.

    Returns (group codes present, key values per code, code of each table row).
    """
    codes, values = ctx.all_groups(keys)
    if not keys:
        return [0], values, codes
    return ctx.present_groups(keys), values, codes


@frozen
class DatePlan:
    info: RuleInfo
    keys: tuple[str, ...]
    require: Matcher
    due: dt.date | tuple[int, int]
    exclusive: bool
    cutoff: dt.time | None
    effective: tuple[dt.date | None, dt.date | None]
    #: Decide every instance in one numpy pass (``False``: one by one, the reference path).
    vectorize: bool = True

    def evaluate(self, ctx: CheckContext) -> VerdictBatch:
        if self.vectorize:
            return _evaluate_columns(self, ctx)
        return ListBatch(self.info, _evaluate(self, ctx))

    def due_micros(self, due: dt.date) -> int:
        start = _epoch_day(due) * MICROS_PER_DAY - SHANGHAI_OFFSET
        if self.exclusive:
            return start
        if self.cutoff is not None:
            cut = self.cutoff
            return start + ((cut.hour * 60 + cut.minute) * 60 + cut.second) * 1_000_000
        return start + MICROS_PER_DAY


def compile_date(rule: ast.Rule, body: ast.DateBody, info: RuleInfo) -> DatePlan:
    due: dt.date | tuple[int, int]
    due = body.due.value if isinstance(body.due, ast.DateLit) else (body.due.month, body.due.day)
    effective = (rule.effective.start, rule.effective.end) if rule.effective else (None, None)
    return DatePlan(
        info,
        body.keys,
        compile_pattern(body.require, rule.id),
        due,
        body.counting.exclusive,
        body.counting.cutoff,
        effective,
    )


@frozen
class _Due:
    """One due date of a rule: every group has an instance for it."""

    due: dt.date
    year: int | None
    previous: dt.date | None  # the previous yearly due date (exclusive lower bound)
    at: dt.datetime  # the instant the period ends (24:00, the cut-off, or 00:00 when exclusive)


@frozen
class _Instance:
    group: int
    due: _Due


def _dues(plan: DatePlan, ctx: CheckContext) -> list[_Due]:
    """The rule's due dates in force and in the log's span, in order."""
    start, end = plan.effective
    if isinstance(plan.due, dt.date):
        if (start is not None and plan.due < start) or (end is not None and plan.due > end):
            return []
        return [_Due(plan.due, None, None, instant_of(plan.due_micros(plan.due)))]
    month, day = plan.due
    table = ctx.table
    first = _date(int(table.day[0])) if len(table) else None
    if start is not None and (first is None or start > first):
        first = start
    if first is None:
        return []
    last_year = ctx.as_of_date.year
    if end is not None:
        last_year = min(last_year, end.year)
    result: list[_Due] = []
    for year in range(first.year, last_year + 1):
        due = due_in_year(month, day, year)
        if due < first or (end is not None and due > end):
            continue
        previous = due_in_year(month, day, year - 1)
        result.append(_Due(due, year, previous, instant_of(plan.due_micros(due))))
    return result


def _instances(plan: DatePlan, ctx: CheckContext, groups: list[int]) -> list[_Instance]:
    return [_Instance(g, due) for due in _dues(plan, ctx) for g in groups]


# --- the reference: one instance at a time ------------------------------------------------------


def _evaluate(plan: DatePlan, ctx: CheckContext) -> list[Verdict]:
    groups, key_values, codes = group_universe(ctx, plan.keys)
    instances = _instances(plan, ctx, groups)
    env = Env(ctx.table, plan.info.id, ctx.problems)
    by_year: dict[int | None, dict[int, np.ndarray]] = {}
    verdicts: list[Verdict] = []
    for instance in instances:
        year = instance.due.year
        if year not in by_year:
            rows, _ = plan.require.rows(env.with_year(year))
            by_year[year] = _split(rows, codes[rows] if len(rows) else codes[:0])
        rows = by_year[year].get(instance.group, np.zeros(0, dtype=np.int64))
        verdicts.append(_decide(plan, ctx, instance.due, rows, key_values[instance.group]))
    return verdicts


def _split(rows: np.ndarray, codes: np.ndarray) -> dict[int, np.ndarray]:
    result: dict[int, list[int]] = {}
    for row, code in zip(rows.tolist(), codes.tolist(), strict=True):
        if code >= 0:
            result.setdefault(code, []).append(row)
    return {code: np.asarray(found, dtype=np.int64) for code, found in result.items()}


def _decide(
    plan: DatePlan,
    ctx: CheckContext,
    instance: _Due,
    rows: np.ndarray,
    key: tuple[str | None, ...],
) -> Verdict:
    table = ctx.table
    due_day = _epoch_day(instance.due)
    lower = _epoch_day(instance.previous) if instance.previous is not None else None
    days = table.day[rows] if len(rows) else np.zeros(0, dtype=np.int64)
    after_lower = days > lower if lower is not None else np.ones(len(rows), dtype=bool)
    in_time = after_lower & ((days < due_day) if plan.exclusive else (days <= due_day))
    if plan.cutoff is not None:
        in_time &= table.lo[rows] < plan.due_micros(instance.due)
    late = after_lower & ~in_time
    due_us = plan.due_micros(instance.due)
    fulfil = -1
    late_by: Amount | None = None
    remaining: Amount | None = None
    if in_time.any():
        status, fulfil = Status.MET, int(rows[np.flatnonzero(in_time)[0]])
    elif late.any():
        status, fulfil = Status.VIOLATED, int(rows[np.flatnonzero(late)[0]])
        late_by = Amount(
            max(0, int(table.day[fulfil]) - due_day + (1 if plan.exclusive else 0)), Unit.DAYS
        )
    elif ctx.as_of_us < due_us:
        status = Status.PENDING
        remaining = Amount(due_day - int(ctx.as_of_day) - (1 if plan.exclusive else 0), Unit.DAYS)
    else:
        status = Status.VIOLATED
        late_by = Amount(
            max(0, int(ctx.as_of_day) - due_day + (1 if plan.exclusive else 0)), Unit.DAYS
        )
    return _verdict(plan, ctx, instance, key, status, fulfil, late_by, remaining)


def _verdict(
    plan: DatePlan,
    ctx: CheckContext,
    instance: _Due,
    key: tuple[str | None, ...],
    status: Status,
    fulfil: int,
    late_by: Amount | None,
    remaining: Amount | None,
) -> Verdict:
    table = ctx.table
    info = plan.info
    evidence = (RowRef(*table.ref(fulfil)),) if fulfil >= 0 else ()

    def explainer(lang: Lang) -> tuple[str, ...]:
        return _explain(plan, ctx, instance, fulfil, status, late_by, remaining, lang)

    return Verdict(
        rule=info.id,
        title=info.title,
        status=status,
        key=tuple(zip(plan.keys, key, strict=True)),
        severity=info.severity,
        window=str(instance.year) if instance.year is not None else None,
        deadline=instance.due,
        due=instance.at,
        fulfilled=table.moment(fulfil) if fulfil >= 0 else None,
        late_by=late_by,
        remaining=remaining,
        done_late=status is Status.VIOLATED and fulfil >= 0,
        citation=info.citation,
        span=info.span,
        evidence=evidence,
        explainer=explainer,
    )


# --- every instance at once -------------------------------------------------------------------

_MET, _VIOLATED, _PENDING = Status.MET.code, Status.VIOLATED.code, Status.PENDING.code


def _first_per_group(rows: IntArray, codes: IntArray, count: int) -> IntArray:
    """The first (smallest) of *rows* (ascending) of each group code below *count*; -1 if none."""
    first = np.full(count, -1, dtype=np.int64)
    if len(rows):
        found, index = np.unique(codes, return_index=True)
        first[found] = rows[index]
    return first


def _evaluate_columns(plan: DatePlan, ctx: CheckContext) -> DateBatch:
    """:func:`_evaluate` for every group and due date in a few array operations per date."""
    table = ctx.table
    groups, key_values, codes = group_universe(ctx, plan.keys)
    dues = _dues(plan, ctx) if groups else []
    env = Env(table, plan.info.id, ctx.problems)
    count = len(groups)
    matched: dict[int | None, tuple[IntArray, IntArray]] = {}
    fulfil_parts: list[IntArray] = []
    status_parts: list[npt.NDArray[np.int8]] = []
    amount_parts: list[IntArray] = []
    exclusive = 1 if plan.exclusive else 0
    for due in dues:
        if due.year not in matched:
            rows, _ = plan.require.rows(env.with_year(due.year))
            row_codes = codes[rows] if plan.keys else np.zeros(len(rows), dtype=np.int64)
            keep = row_codes >= 0
            matched[due.year] = (rows[keep], row_codes[keep])
        rows, row_codes = matched[due.year]
        due_day = _epoch_day(due.due)
        due_us = plan.due_micros(due.due)
        days = table.day[rows]
        after_lower = (
            days > _epoch_day(due.previous)
            if due.previous is not None
            else np.ones(len(rows), dtype=bool)
        )
        in_time = after_lower & ((days < due_day) if plan.exclusive else (days <= due_day))
        if plan.cutoff is not None:
            in_time &= table.lo[rows] < due_us
        late = after_lower & ~in_time
        first_in = _first_per_group(rows[in_time], row_codes[in_time], count)
        first_late = _first_per_group(rows[late], row_codes[late], count)
        fulfil = np.where(first_in >= 0, first_in, first_late)
        status = np.where(
            first_in >= 0,
            _MET,
            np.where((first_late >= 0) | (ctx.as_of_us >= due_us), _VIOLATED, _PENDING),
        ).astype(np.int8)
        late_days = np.full(count, ctx.as_of_day, dtype=np.int64)
        late_days[first_late >= 0] = table.day[first_late[first_late >= 0]]
        amount = np.where(
            status == _PENDING,
            due_day - ctx.as_of_day - exclusive,
            np.maximum(0, late_days - due_day + exclusive),
        ).astype(np.int64)
        fulfil_parts.append(fulfil)
        status_parts.append(status)
        amount_parts.append(amount)
    return DateBatch(
        plan,
        ctx,
        dues,
        key_values,
        count,
        np.concatenate(fulfil_parts) if dues else np.zeros(0, dtype=np.int64),
        np.concatenate(status_parts) if dues else np.zeros(0, dtype=np.int8),
        np.concatenate(amount_parts) if dues else np.zeros(0, dtype=np.int64),
    )


class DateBatch(StatusColumns):
    """The instances of one date rule as columns (due date major, group minor); verdicts on demand."""

    def __init__(
        self,
        plan: DatePlan,
        ctx: CheckContext,
        dues: list[_Due],
        key_values: GroupKeys,
        groups: int,
        fulfil: IntArray,
        status: npt.NDArray[np.int8],
        amount: IntArray,
    ) -> None:
        self._plan: DatePlan = plan
        self._ctx = ctx
        self._dues = dues
        self._key_values = key_values
        self._groups = groups
        self._fulfil = fulfil
        self._status = status
        self._amount = amount
        self._done_late: npt.NDArray[np.bool_] = (status == _VIOLATED) & (fulfil >= 0)

    @property
    def done_late(self) -> npt.NDArray[np.bool_]:
        return self._done_late

    def keys(self, name: str) -> Sequence[str | None]:
        if name not in self._plan.keys:
            return [None] * len(self)
        groups = np.tile(np.arange(self._groups, dtype=np.int64), len(self._dues))
        return self._key_values.values(name, groups)

    def verdict(self, index: int) -> Verdict:
        due = self._dues[index // self._groups]
        group = index % self._groups
        status = STATUS_ORDER[int(self._status[index])]
        amount = Amount(int(self._amount[index]), Unit.DAYS)
        return _verdict(
            self._plan,
            self._ctx,
            due,
            self._key_values[group],
            status,
            int(self._fulfil[index]),
            amount if status is Status.VIOLATED else None,
            amount if status is Status.PENDING else None,
        )


def _explain(
    plan: DatePlan,
    ctx: CheckContext,
    instance: _Due,
    fulfil: int,
    status: Status,
    late_by: Amount | None,
    remaining: Amount | None,
    lang: Lang,
) -> tuple[str, ...]:
    from gkrules.engine.explain import amount_text

    zh = lang == "zh"
    table = ctx.table
    what = pattern_text(plan.require.pattern, lang)
    due = moment_text(instance.due)
    if zh:
        bound = "早于" if plan.exclusive else "不晚于"
        lines = [
            f"要求：{what}，{bound}{due}"
            + (f"（当年为{instance.year}年）" if instance.year else "")
        ]
        if instance.previous is not None:
            lines.append(f"计入{moment_text(instance.previous)}之后的事件")
    else:
        bound = "before" if plan.exclusive else "on or before"
        lines = [
            f"required: {what}, {bound} {due}"
            + (f" (this year = {instance.year})" if instance.year else "")
        ]
        if instance.previous is not None:
            lines.append(f"events after {moment_text(instance.previous)} count")
    found = ""
    if fulfil >= 0:
        found = table.evidence(fulfil, lang)
    as_of = as_of_text(ctx.as_of)
    if status is Status.MET:
        lines.append(f"履行：{found}，按期" if zh else f"Fulfilled: {found}, on time")
    elif status is Status.VIOLATED and fulfil >= 0:
        late = amount_text(late_by, lang)
        lines.append(
            f"履行：{found}，逾期{late}（逾期完成）"
            if zh
            else f"Fulfilled late: {found}, {late} late (done late)"
        )
    elif status is Status.PENDING:
        left = amount_text(remaining, lang)
        lines.append(
            f"截至{as_of}尚未履行，距期限还有{left}"
            if zh
            else f"not fulfilled as of {as_of}; {left} left"
        )
    else:
        late = amount_text(late_by, lang)
        lines.append(
            f"截至{as_of}仍未履行，已逾期{late}（未完成）"
            if zh
            else f"not fulfilled as of {as_of}: {late} overdue (not done)"
        )
    return tuple(lines)
