"""Explanations of deadline instances, built on demand from the batch that decided them.

The deadline is recomputed with ``explain=True`` (the same inputs as the fast path: the calendar
layer's :func:`~gkrules.calendar.clock.clock_deadline` or :func:`compute_deadline`), so the
explanation shows the holidays skipped, the 调休 days counted, the pauses, the restart and the
extension that made the deadline what it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from gkrules.calendar.periods import Deadline, Unit
from gkrules.diagnostics import Lang
from gkrules.engine.explain import amount_text, moment_text, pattern_text
from gkrules.engine.verdicts import Status
from gkrules.language import ast

if TYPE_CHECKING:
    from gkrules.engine.deadline import DeadlineBatch

__all__ = ["explain_instance", "missing_attributes"]


def _names(expr: ast.Expr) -> Iterator[str]:
    match expr:
        case ast.NameRef(name=name):
            yield name
        case ast.Presence():
            return
        case ast.BinaryOp(left=left, right=right) | ast.Compare(left=left, right=right):
            yield from _names(left)
            yield from _names(right)
        case ast.InList(subject=subject, values=values):
            yield from _names(subject)
            for value in values:
                yield from _names(value)
        case ast.Logical(operands=operands):
            for operand in operands:
                yield from _names(operand)
        case ast.Not(operand=operand):
            yield from _names(operand)
        case _:
            return


def missing_attributes(expr: ast.Expr | None, row: dict[str, str | None]) -> list[str]:
    """The attributes *expr* reads that *row* lacks."""
    if expr is None:
        return []
    seen: list[str] = []
    for name in _names(expr):
        if row.get(name) in (None, "") and name not in seen:
            seen.append(name)
    return seen


def explain_instance(batch: DeadlineBatch, index: int, lang: Lang) -> tuple[str, ...]:
    from gkrules.engine.deadline import Issue

    zh = lang == "zh"
    evaluation = batch.evaluation
    plan, table = evaluation.plan, evaluation.table
    row, group, fulfil, issue, case_index = batch.instance(index)
    event = table.event_name(row)
    lines = [("触发：" if zh else "Trigger: ") + table.evidence(row, lang)]
    if issue is Issue.NOT_EFFECTIVE:
        start, end = plan.effective
        span = f"{start or '…'}至{end or '…'}" if zh else f"{start or '…'} to {end or '…'}"
        day = moment_text(table.local_date(row))
        lines.append(
            f"{day}不在规则有效期（{span}）内，不适用"
            if zh
            else f"{day} is outside the dates the rule is in force ({span}): not applicable"
        )
        return tuple(lines)
    if issue is Issue.NO_ONLY_IF:
        assert plan.only_if is not None
        what = pattern_text(plan.only_if.pattern, lang)
        lines.append(
            f"同组没有“{what}”事件，本规则不适用"
            if zh
            else f"the group has no '{what}' event: the rule does not apply"
        )
        return tuple(lines)
    if issue is Issue.NO_PERIOD:
        conditions = (
            "；".join(c.text or "" for c in plan.cases)
            if zh
            else "; ".join(c.text or "" for c in plan.cases)
        )
        lines.append(
            f"各期限条件（{conditions}）均不满足，本规则不适用"
            if zh
            else f"none of the period's conditions ({conditions}) holds: the rule does not apply"
        )
        return tuple(lines)
    if issue is Issue.MISSING_KEY:
        row_values = _row_values(batch, row)
        absent = [k for k in plan.keys if row_values.get(k) in (None, "")]
        names = "、".join(absent) if zh else ", ".join(absent)
        lines.append(
            f"缺少{names}，无法与其他事件对应，不能认定已履行"
            if zh
            else f"{names} missing: the row cannot be matched with other events, so it cannot count as met"
        )
    elif issue is Issue.UNKNOWN_TRIGGER:
        absent = missing_attributes(plan.trigger.pattern.where, _row_values(batch, row))
        names = "、".join(absent) if zh else ", ".join(absent)
        lines.append(
            f"缺少属性{names}，无法判断本规则是否适用，不能认定已履行"
            if zh
            else f"attribute {names} missing: cannot tell whether the rule applies, so it cannot count as met"
        )
    case = plan.cases[case_index]
    if issue is Issue.UNKNOWN_PERIOD:
        lines.append(
            f"缺少判断期限所需的属性，按“{case.period.label(lang)}”（{case.text}）计算，不能认定已履行"
            if zh
            else f"an attribute the period depends on is missing: counted as {case.period.label(lang)} ({case.text}), and it cannot count as met"
        )
    elif len(plan.cases) > 1 or case.text:
        why = case.text or ("其他情形" if zh else "otherwise")
        lines.append(
            f"适用期限：{case.period.label(lang)}（{why}）"
            if zh
            else f"period: {case.period.label(lang)} ({why})"
        )
    plain = batch.clock_rows.get(group) is None
    key = (batch.moment(row), case.period, event, lang)
    known = evaluation.explained.get(key) if plain else None
    if known is None:
        deadline = evaluation.clock(row, group, fulfil, case.period, batch.clock_rows, explain=True)
        described = tuple(_deadline_lines(deadline, event, lang, same_day=plan.same_day))
        known = (described, deadline.provisional)
        if plain:
            evaluation.explained[key] = known
    described, provisional = known
    lines.extend(described)
    if provisional:
        lines.append(
            "期限计算用到尚无放假通知的日期，结果为临时结果"
            if zh
            else "the deadline uses days with no holiday notice yet: the result is provisional"
        )
    lines.append(_outcome(batch, index, fulfil, issue, lang))
    return tuple(lines)


def _row_values(batch: DeadlineBatch, row: int) -> dict[str, str | None]:
    """The trigger row's values of the keys and of the attributes the trigger's condition reads."""
    plan, table = batch.evaluation.plan, batch.evaluation.table
    names = list(plan.keys)
    if plan.trigger.pattern.where is not None:
        names.extend(_names(plan.trigger.pattern.where))
    return {name: table.column(name)[row] for name in names}


def _deadline_lines(deadline: Deadline, event: str, lang: Lang, *, same_day: bool) -> list[str]:
    if same_day and deadline.last_day is not None and deadline.due is not None:
        day = moment_text(deadline.last_day)
        if lang == "zh":
            return [f"须于触发当日完成：期限{day}{_end_word(deadline, lang)}"]
        return [f"due the same day: by {_end_word(deadline, lang)} on {day}"]
    return list(deadline.describe(lang, event=event))


def _end_word(deadline: Deadline, lang: Lang) -> str:
    assert deadline.due is not None
    if deadline.counting.cutoff is not None:
        return moment_text(deadline.due).split(" ")[1]
    return "24时" if lang == "zh" else "24:00"


def _outcome(batch: DeadlineBatch, index: int, fulfil: int, issue: object, lang: Lang) -> str:
    from gkrules.engine.deadline import Issue

    zh = lang == "zh"
    status, done_late, late_by, remaining, has_deadline = batch.outcome(index)
    table = batch.evaluation.table
    as_of = batch.evaluation.as_of_text
    found = ""
    if fulfil >= 0:
        found = table.evidence(fulfil, lang)
    if issue in (Issue.UNKNOWN_TRIGGER, Issue.UNKNOWN_PERIOD) and fulfil >= 0:
        prefix = f"找到{found}，但" if zh else f"found {found}, but "
    else:
        prefix = ""
    if status is Status.MET:
        return f"履行：{found}，在期限内" if zh else f"Fulfilled: {found}, on time"
    if status is Status.VIOLATED and done_late:
        late = amount_text(late_by, lang)
        if zh:
            return f"履行：{found}，逾期{late}（逾期完成）"
        return f"Fulfilled late: {found}, {late} late (done late)"
    if status is Status.PENDING:
        if not has_deadline:
            left = amount_text(remaining, lang)
            return (
                f"{prefix}截至{as_of}尚未履行，计时暂停中，尚余{left}"
                if zh
                else f"{prefix}not fulfilled as of {as_of}; the clock is paused with {left} left"
            )
        left = amount_text(remaining, lang)
        if remaining is not None and remaining.unit is Unit.WORKDAYS and remaining.value == 0:
            left = "0个工作日（今天是最后一天）" if zh else "0 working days (today is the last day)"
        return (
            f"{prefix}截至{as_of}尚未履行，还剩{left}"
            if zh
            else f"{prefix}not fulfilled as of {as_of}; {left} left"
        )
    late = amount_text(late_by, lang)
    return (
        f"{prefix}截至{as_of}仍未履行，已逾期{late}（未完成）"
        if zh
        else f"{prefix}not fulfilled as of {as_of}: {late} overdue (not done)"
    )
