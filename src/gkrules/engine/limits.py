"""Limit rules (``至多 1 个 在用 新媒体开设 关闭于 新媒体关停 对应 account``) and each-event rules.

* **Limits**: per group, in time order, the things opened by ``events`` and not yet closed by a
  ``closed_by`` event with the same ``match`` attributes; whenever more than ``maximum`` are open,
  the group is violated (the rows then open are the evidence), else met.  Without ``closed_by``
  every event stays open: at most N events per group.  A closing and an opening at the same time
  are taken closing first.  Groups are those with at least one opening event.  A check decides
  every group at once (:func:`_limits_columns`: each (group, ``match`` values) is a queue, so a
  close succeeds exactly when the queue's running count is above zero); :func:`_limits`, one
  group at a time, is the reference it is tested against (``LimitPlan.vectorize=False``).
* **Each**: one verdict per matching event, met when every requirement holds; a requirement
  whose ``如果`` condition is false does not apply; a missing attribute never counts as met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from attrs import frozen

from gkrules.diagnostics import Lang
from gkrules.engine.conditions import Env, Matcher, RowCondition, compile_condition, compile_pattern
from gkrules.engine.context import CheckContext
from gkrules.engine.deadline_explain import missing_attributes
from gkrules.engine.eval_messages import note
from gkrules.engine.explain import expression_text, pattern_text
from gkrules.engine.table import EventTable, GroupKeys, Moments, factorize_keys
from gkrules.engine.verdicts import (
    STATUS_ORDER,
    ListBatch,
    RecordColumns,
    RowRef,
    RuleInfo,
    Status,
    StatusColumns,
    Verdict,
    VerdictBatch,
)
from gkrules.language import ast

__all__ = ["EachBatch", "EachPlan", "LimitBatch", "LimitPlan", "compile_each", "compile_limit"]

IntArray = npt.NDArray[np.int64]
_EPOCH = dt.date(1970, 1, 1)


def _outside(
    effective: tuple[dt.date | None, dt.date | None], days: IntArray
) -> npt.NDArray[np.bool_]:
    start, end = effective
    result = np.zeros(len(days), dtype=bool)
    if start is not None:
        result |= days < (start - _EPOCH).days
    if end is not None:
        result |= days > (end - _EPOCH).days
    return result


# --- limits ------------------------------------------------------------------------------------------


@frozen
class LimitPlan:
    info: RuleInfo
    keys: tuple[str, ...]
    maximum: int
    opens: Matcher
    closes: Matcher | None
    match: tuple[str, ...]
    effective: tuple[dt.date | None, dt.date | None]
    #: Decide every group in array operations (``False``: one group at a time, the reference).
    vectorize: bool = True

    def evaluate(self, ctx: CheckContext) -> VerdictBatch:
        if self.vectorize:
            return _limits_columns(self, ctx)
        return ListBatch(self.info, _limits(self, ctx))


def compile_limit(rule: ast.Rule, body: ast.LimitBody, info: RuleInfo) -> LimitPlan:
    effective = (rule.effective.start, rule.effective.end) if rule.effective else (None, None)
    return LimitPlan(
        info,
        body.keys,
        body.maximum,
        compile_pattern(body.events, rule.id),
        compile_pattern(body.closed_by, rule.id) if body.closed_by is not None else None,
        body.match,
        effective,
    )


def _limits(plan: LimitPlan, ctx: CheckContext) -> list[Verdict]:
    table = ctx.table
    env = Env(table, plan.info.id, ctx.problems)
    opens, _ = plan.opens.rows(env)
    opens = opens[~_outside(plan.effective, table.day[opens])]
    closes = plan.closes.rows(env)[0] if plan.closes is not None else np.zeros(0, dtype=np.int64)
    every = np.concatenate([opens, closes])
    codes, key_values = factorize_keys(table, plan.keys, every)
    open_codes, close_codes = codes[: len(opens)], codes[len(opens) :]
    for row in opens[open_codes < 0].tolist():
        ctx.notes.append(
            note("GK532", table.ref(row), rule=plan.info.id, column=", ".join(plan.keys))
        )
    match_columns = [table.column(name) for name in plan.match]
    verdicts: list[Verdict] = []
    for group in sorted(set(open_codes[open_codes >= 0].tolist())):
        group_opens = opens[open_codes == group]
        group_closes = closes[close_codes == group]
        timeline = sorted(
            [(int(table.lo[r]), 0, r) for r in group_closes.tolist()]
            + [(int(table.lo[r]), 1, r) for r in group_opens.tolist()]
        )
        current: list[int] = []
        breach: list[int] | None = None
        breach_row = -1
        for _, kind, row in timeline:
            match = tuple(column[row] for column in match_columns)
            if kind == 0:
                closing = next(
                    (
                        r
                        for r in current
                        if tuple(c[r] for c in match_columns) == match and None not in match
                    ),
                    None,
                )
                if closing is None:
                    ctx.notes.append(note("GK531", table.ref(row), rule=plan.info.id))
                else:
                    current.remove(closing)
                continue
            current.append(row)
            if len(current) > plan.maximum and breach is None:
                breach, breach_row = list(current), row
        verdicts.append(
            _limit_verdict(plan, ctx, key_values[group], group_opens.tolist(), breach, breach_row)
        )
    return verdicts


# --- every group at once -------------------------------------------------------------------------


def _segment_starts(keys: IntArray) -> npt.NDArray[np.bool_]:
    """Where a run of equal *keys* (sorted) begins."""
    starts = np.ones(len(keys), dtype=bool)
    starts[1:] = keys[1:] != keys[:-1]
    return starts


def _runs_cumsum(values: IntArray, starts: npt.NDArray[np.bool_]) -> IntArray:
    """The running sum of *values* restarting at each run start."""
    total = np.cumsum(values)
    first = np.flatnonzero(starts)
    before = np.repeat(total[first] - values[first], np.diff(np.append(first, len(values))))
    return np.asarray(total - before, dtype=np.int64)


def _closing_succeeds(steps: IntArray, starts: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """For runs of +1 (open) / -1 (close) steps: whether each step had something open before it.

    Within a run the number open is a walk that never goes below zero (a close with nothing
    open closes nothing): ``open_k = S_k - min(0, min_{j<=k} S_j)`` for the run's running sum S.
    """
    total = _runs_cumsum(steps, starts)
    run = np.cumsum(starts) - 1
    # A running minimum restarting at each run: lower each later run below everything before.
    shift = 2 * len(steps) + 2
    lowest = np.minimum.accumulate(total - run * shift) + run * shift
    open_after = total - np.minimum(lowest, 0)
    open_before = np.where(starts, 0, np.roll(open_after, 1))
    return np.asarray(open_before > 0, dtype=bool)


def _limits_columns(plan: LimitPlan, ctx: CheckContext) -> LimitBatch:
    """:func:`_limits` for every group in array operations (the vector path)."""
    table = ctx.table
    env = Env(table, plan.info.id, ctx.problems)
    opens, _ = plan.opens.rows(env)
    opens = opens[~_outside(plan.effective, table.day[opens])]
    closes = plan.closes.rows(env)[0] if plan.closes is not None else np.zeros(0, dtype=np.int64)
    # Groups of the rows at hand only (ranked as the whole log's would be: the same order).
    codes, key_values = factorize_keys(table, plan.keys, np.concatenate([opens, closes]))
    open_codes, close_codes = codes[: len(opens)], codes[len(opens) :]
    for row in opens[open_codes < 0].tolist():
        ctx.notes.append(
            note("GK532", table.ref(row), rule=plan.info.id, column=", ".join(plan.keys))
        )
    opens, open_codes = opens[open_codes >= 0], open_codes[open_codes >= 0]
    # Closes in groups without an opening are never looked at (as in the reference).
    wanted = np.isin(close_codes, open_codes)
    closes, close_codes = closes[wanted], close_codes[wanted]
    # The timeline of every group: by group, time, closes before opens, row.
    rows = np.concatenate([closes, opens])
    group = np.concatenate([close_codes, open_codes])
    kind = np.concatenate([np.zeros(len(closes), np.int8), np.ones(len(opens), np.int8)])
    order = np.lexsort((rows, kind, table.lo[rows], group))
    rows, group, kind = rows[order], group[order], kind[order]
    is_open = kind == 1
    closed_at = np.full(len(rows), len(rows), dtype=np.int64)  # per open: where it closes
    failed = np.zeros(len(rows), dtype=bool)  # closes that close nothing
    if len(closes):
        closed_at, failed = _match_closes(plan, table, rows, group, is_open)
    for row in rows[failed].tolist():
        ctx.notes.append(note("GK531", table.ref(row), rule=plan.info.id))
    # How many are open after each step of each group's timeline; the first opening over the limit.
    delta = np.where(is_open, 1, 0) - np.where(~is_open & ~failed, 1, 0)
    group_starts = _segment_starts(group)
    now_open = _runs_cumsum(delta.astype(np.int64), group_starts)
    over = is_open & (now_open > plan.maximum)
    groups = group[group_starts]
    first_step = np.flatnonzero(group_starts)
    breach_at = np.full(len(groups), -1, dtype=np.int64)
    if over.any():
        over_steps = np.flatnonzero(over)
        run = np.searchsorted(first_step, over_steps, side="right") - 1
        found, first = np.unique(run, return_index=True)
        breach_at[found] = over_steps[first]
    return LimitBatch(
        plan, ctx, key_values, groups, first_step, rows, is_open, closed_at, breach_at
    )


def _match_closes(
    plan: LimitPlan,
    table: EventTable,
    rows: IntArray,
    group: IntArray,
    is_open: npt.NDArray[np.bool_],
) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Which closes close something, and where each opening is closed (``len(rows)``: never).

    A close closes the earliest still-open opening of its group with the same ``match`` values;
    a close missing one of them closes nothing.  So per (group, match values) the openings form
    a queue: the i-th close that finds one open closes the i-th opening.
    """
    steps = len(rows)
    keys = [group]
    complete = np.ones(steps, dtype=bool)
    for name in plan.match:
        values = table.coded(name)[0][rows]
        complete &= (values >= 0) | is_open
        keys.append(values)
    # Openings missing a match value can never be closed: give each its own queue.
    lone = is_open & np.any(np.stack(keys[1:]) < 0, axis=0) if plan.match else np.zeros(steps, bool)
    keys.append(np.where(lone, np.arange(steps), -1))
    queue = np.unique(np.stack(keys), axis=1, return_inverse=True)[1].reshape(-1)
    position = np.arange(steps, dtype=np.int64)
    # Steps of each queue in timeline order (closes missing a value take no part).
    taking = is_open | complete
    order = np.lexsort((position, queue))
    order = order[taking[order]]
    queue_sorted = queue[order]
    starts = _segment_starts(queue_sorted)
    step = np.where(is_open[order], 1, -1).astype(np.int64)
    succeeds = ~is_open[order] & _closing_succeeds(step, starts)
    failed = ~is_open & ~complete
    failed[order[~is_open[order] & ~succeeds]] = True
    # The i-th successful close of a queue closes its i-th opening.
    rank_open = _runs_cumsum(is_open[order].astype(np.int64), starts) - 1
    rank_close = _runs_cumsum(succeeds.astype(np.int64), starts) - 1
    scale = steps + 1
    open_key = queue_sorted[is_open[order]] * scale + rank_open[is_open[order]]
    close_key = queue_sorted[succeeds] * scale + rank_close[succeeds]
    closed_at = np.full(steps, steps, dtype=np.int64)
    if len(close_key):
        where = np.searchsorted(close_key, open_key)
        hit = where < len(close_key)
        hit[hit] = close_key[where[hit]] == open_key[hit]
        open_steps = order[is_open[order]]
        closed_at[open_steps[hit]] = order[succeeds][where[hit]]
    return closed_at, failed


class LimitBatch(StatusColumns):
    """One verdict per group with an opening event; verdict objects built on demand."""

    def __init__(
        self,
        plan: LimitPlan,
        ctx: CheckContext,
        key_values: GroupKeys,
        groups: IntArray,
        first_step: IntArray,
        rows: IntArray,
        is_open: npt.NDArray[np.bool_],
        closed_at: IntArray,
        breach_at: IntArray,
    ) -> None:
        self._plan: LimitPlan = plan
        self._ctx = ctx
        self._key_values = key_values
        self._groups = groups
        self._bounds = np.append(first_step, len(rows))
        self._rows = rows
        self._is_open = is_open
        self._closed_at = closed_at
        self._breach_at = breach_at
        self._status = np.where(breach_at >= 0, _VIOLATED, _MET).astype(np.int8)
        self._open_lists: tuple[list[int], list[int]] | None = None

    def keys(self, name: str) -> Sequence[str | None]:
        if name not in self._plan.keys:
            return [None] * len(self)
        return self._key_values.values(name, self._groups)

    def _opens(self) -> tuple[list[int], list[int]]:
        """Every group's opening rows in one Python list, and where each group's begin."""
        if self._open_lists is None:
            bounds = np.zeros(len(self) + 1, dtype=np.int64)
            if len(self):
                counts = np.add.reduceat(self._is_open.astype(np.int64), self._bounds[:-1])
                np.cumsum(counts, out=bounds[1:])
            self._open_lists = (self._rows[self._is_open].tolist(), bounds.tolist())
        return self._open_lists

    def verdict(self, index: int) -> Verdict:
        rows, bounds = self._opens()
        # Openings are in time order, so in row order (the table is sorted by time).
        opens = rows[bounds[index] : bounds[index + 1]]
        at = int(self._breach_at[index])
        breach: list[int] | None = None
        breach_row = -1
        if at >= 0:
            lo, hi = int(self._bounds[index]), int(self._bounds[index + 1])
            opening = lo + np.flatnonzero(self._is_open[lo:hi])
            still_open = opening[(opening <= at) & (self._closed_at[opening] > at)]
            breach, breach_row = self._rows[still_open].tolist(), int(self._rows[at])
        return _limit_verdict(
            self._plan,
            self._ctx,
            self._key_values[int(self._groups[index])],
            opens,
            breach,
            breach_row,
        )


def _limit_verdict(
    plan: LimitPlan,
    ctx: CheckContext,
    key: tuple[str | None, ...],
    opens: list[int],
    breach: list[int] | None,
    breach_row: int,
) -> Verdict:
    table = ctx.table
    info = plan.info
    status = Status.MET if breach is None else Status.VIOLATED
    shown = breach if breach is not None else opens
    evidence = tuple(RowRef(*table.ref(r)) for r in shown)

    def explainer(lang: Lang) -> tuple[str, ...]:
        zh = lang == "zh"
        what = pattern_text(plan.opens.pattern, lang)
        lines = [
            f"要求：同时至多{plan.maximum}个“{what}”"
            if zh
            else f"required: at most {plan.maximum} '{what}' at a time"
        ]
        if plan.closes is not None:
            closer = pattern_text(plan.closes.pattern, lang)
            by = "、".join(plan.match) if zh else ", ".join(plan.match)
            lines.append(
                f"“{closer}”（按{by}对应）后不再计入"
                if zh
                else f"closed by '{closer}' (matched on {by})"
            )
        if breach is None:
            lines.append(
                f"共{len(opens)}个，任何时候均未超过{plan.maximum}个"
                if zh
                else f"{len(opens)} in all, never more than {plan.maximum} at a time"
            )
        else:
            lines.append(
                f"{table.evidence(breach_row, lang)}后同时有{len(breach)}个，超过{plan.maximum}个："
                if zh
                else f"after {table.evidence(breach_row, lang)}, {len(breach)} at once, more than {plan.maximum}:"
            )
            for r in breach:
                lines.append("  " + table.evidence(r, lang))
        return tuple(lines)

    return Verdict(
        rule=info.id,
        title=info.title,
        status=status,
        key=tuple(zip(plan.keys, key, strict=True)),
        severity=info.severity,
        trigger=table.moment(breach_row) if breach_row >= 0 else None,
        citation=info.citation,
        span=info.span,
        evidence=evidence,
        explainer=explainer,
    )


# --- each ------------------------------------------------------------------------------------------------


@frozen
class RequirementCheck:
    node: ast.Requirement
    condition: RowCondition
    when: RowCondition | None


@frozen
class EachPlan:
    info: RuleInfo
    subject: Matcher
    requirements: tuple[RequirementCheck, ...]
    effective: tuple[dt.date | None, dt.date | None]

    def evaluate(self, ctx: CheckContext) -> EachBatch:
        return _each(self, ctx)


def compile_each(rule: ast.Rule, body: ast.EachBody, info: RuleInfo) -> EachPlan:
    effective = (rule.effective.start, rule.effective.end) if rule.effective else (None, None)
    checks = tuple(
        RequirementCheck(
            r,
            compile_condition(r.condition, rule.id),
            compile_condition(r.when, rule.id) if r.when is not None else None,
        )
        for r in body.requirements
    )
    return EachPlan(info, compile_pattern(body.subject, rule.id), checks, effective)


_KEYS = ("case", "unit")
_MET, _VIOLATED, _NA = Status.MET.code, Status.VIOLATED.code, Status.NOT_APPLICABLE.code


def _each(plan: EachPlan, ctx: CheckContext) -> EachBatch:
    table = ctx.table
    env = Env(table, plan.info.id, ctx.problems)
    rows, is_unknown = plan.subject.rows_with_unknown(env)
    n = len(rows)
    failed = np.zeros((len(plan.requirements), n), dtype=bool)
    for index, check in enumerate(plan.requirements):
        applies = np.ones(n, dtype=bool)
        if check.when is not None:
            when = check.when(env, rows)
            applies = when.true | when.unknown
        holds = check.condition(env, rows).true
        failed[index] = applies & ~holds
    status = np.where(failed.any(axis=0), _VIOLATED, _MET).astype(np.int8)
    status[is_unknown] = _VIOLATED
    status[_outside(plan.effective, table.day[rows])] = _NA
    return EachBatch(plan, ctx, rows, status, failed, is_unknown)


class EachBatch(StatusColumns):
    """One verdict per matching event; objects and explanations only on demand."""

    def __init__(
        self,
        plan: EachPlan,
        ctx: CheckContext,
        rows: IntArray,
        status: npt.NDArray[np.int8],
        failed: npt.NDArray[np.bool_],
        unknown: npt.NDArray[np.bool_],
    ) -> None:
        self._plan: EachPlan = plan
        self._ctx = ctx
        self._rows = rows
        self._status = status
        self._failed = failed
        self._unknown = unknown

    def keys(self, name: str) -> list[str | None]:
        column = self._ctx.table.column(name)
        return [column[r] for r in self._rows.tolist()]

    def verdict(self, index: int) -> Verdict:
        table, info = self._ctx.table, self._plan.info
        row = int(self._rows[index])
        key = tuple((name, table.column(name)[row]) for name in _KEYS)
        return Verdict(
            rule=info.id,
            title=info.title,
            status=STATUS_ORDER[int(self._status[index])],
            key=key,
            severity=info.severity,
            trigger=table.moment(row),
            citation=info.citation,
            span=info.span,
            evidence=(RowRef(*table.ref(row)),),
            explainer=lambda lang: self.explain(index, lang),
        )

    def record_columns(self, indexes: IntArray) -> RecordColumns:
        """The export records' values of verdicts *indexes*, a column at a time: what
        :meth:`verdict` would give each, without building it."""
        table, info = self._ctx.table, self._plan.info
        rows = self._rows[indexes]
        count = len(rows)
        nothing: list[None] = [None] * count
        case, unit = (table.column(name)[rows].tolist() for name in _KEYS)
        return RecordColumns(
            rule=info.id,
            title=[info.title] * count,
            status=[STATUS_ORDER[code] for code in self._status[indexes].tolist()],
            case=case,
            unit=unit,
            trigger=Moments(table).of_rows(rows),
            deadline=nothing,
            fulfilled=nothing,
            late_by=nothing,
            remaining=nothing,
            provisional=[False] * count,
            cite=[info.cite] * count,
            source=[str(info.span)] * count,
            window=None,
            explain=lambda position, lang: self.explain(int(indexes[position]), lang),
            prepare=lambda positions, lang: table.quote(rows[list(positions)], lang),
        )

    def explain(self, index: int, lang: Lang) -> tuple[str, ...]:
        zh = lang == "zh"
        table, plan = self._ctx.table, self._plan
        row = int(self._rows[index])
        lines = [("事件：" if zh else "event: ") + table.evidence(row, lang)]
        # The row's values, for the attributes a condition lacked (only when one did).
        failed = bool(self._unknown[index]) or bool(self._failed[:, index].any())
        values = dict(table.row(row)) if failed else {}
        status = STATUS_ORDER[int(self._status[index])]
        if status is Status.NOT_APPLICABLE:
            lines.append(
                "不在规则有效期内，不适用" if zh else "outside the dates the rule is in force"
            )
            return tuple(lines)
        if self._unknown[index]:
            absent = missing_attributes(plan.subject.pattern.where, {**values})
            lines.append(
                f"缺少属性{'、'.join(absent)}，无法判断是否适用，不能认定已履行"
                if zh
                else f"attribute {', '.join(absent)} missing: cannot tell whether the rule applies"
            )
        for position, check in enumerate(plan.requirements):
            text = expression_text(check.node.condition, lang)
            if check.node.when is not None:
                text += (" 如果 " if zh else " if ") + expression_text(check.node.when, lang)
            if self._failed[position, index]:
                absent = missing_attributes(check.node.condition, {**values})
                why = (
                    (f"（缺少{'、'.join(absent)}）" if zh else f" ({', '.join(absent)} missing)")
                    if absent
                    else ""
                )
                lines.append(f"不满足：{text}{why}" if zh else f"not met: {text}{why}")
            else:
                lines.append(f"满足：{text}" if zh else f"met: {text}")
        return tuple(lines)
