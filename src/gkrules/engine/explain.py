"""Wording of explanations: log rows, instants, amounts and outcomes, in Chinese and English.

Explanations are built only when a verdict's :meth:`~gkrules.engine.verdicts.Verdict.explain` is
called.  The deadline arithmetic itself is worded by the calendar layer
(:meth:`gkrules.calendar.periods.Deadline.describe`); this module words what surrounds it — which
row triggered, which row fulfilled, what is still missing — and prints rule expressions back for
messages such as "须满足 reason 存在 未满足".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from gkrules.calendar.instants import SHANGHAI
from gkrules.calendar.periods import Amount, Unit
from gkrules.diagnostics import Lang
from gkrules.language import ast

__all__ = [
    "amount_text",
    "as_of_text",
    "expression_text",
    "moment_text",
    "pattern_text",
    "row_text",
]

_SHOWN_COLUMNS = ("time", "event")


def moment_text(value: dt.datetime | dt.date | None, lang: Lang = "zh") -> str:
    """``2024-01-27`` for a date, ``2024-01-27 10:15`` (Beijing time) for an instant."""
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        local = value.astimezone(SHANGHAI)
        if local.second or local.microsecond:
            return local.strftime("%Y-%m-%d %H:%M:%S")
        return local.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def as_of_text(value: dt.datetime) -> str:
    """The as-of instant: a date when it is the last instant of a day (``as_of=date``)."""
    local = value.astimezone(SHANGHAI)
    if (local.hour, local.minute, local.second, local.microsecond) == (23, 59, 59, 999_999):
        return local.date().isoformat()
    return moment_text(local)


def amount_text(amount: Amount | None, lang: Lang = "zh") -> str:
    if amount is None:
        return ""
    value = amount.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Amount(value, amount.unit).label(lang)


def row_text(
    where: tuple[str, int],
    moment: dt.datetime | dt.date,
    event: str,
    row: Mapping[str, str],
    lang: Lang = "zh",
) -> str:
    """One log row as evidence: ``2024-01-27 政策文件公开（case=A，events.csv:3）``."""
    attributes = [
        f"{name}={value}"
        for name, value in row.items()
        if name not in _SHOWN_COLUMNS and value not in (None, "")
    ]
    place = f"{where[0]}:{where[1]}"
    if lang == "zh":
        inside = "，".join([*attributes, place])
        return f"{moment_text(moment, lang)} {event}（{inside}）"
    inside = ", ".join([*attributes, place])
    return f"{moment_text(moment, lang)} {event} ({inside})"


# --- printing rule expressions -----------------------------------------------------------------

_FUNC = {
    ast.AggregateFunc.COUNT: ("次数", "count"),
    ast.AggregateFunc.SUM: ("合计", "sum"),
    ast.AggregateFunc.MIN: ("最小", "min"),
    ast.AggregateFunc.MAX: ("最大", "max"),
    ast.AggregateFunc.LATEST: ("最新", "latest"),
}


def _word(zh: str, en: str, lang: Lang) -> str:
    return zh if lang == "zh" else en


def expression_text(expr: ast.Expr, lang: Lang = "zh") -> str:
    """An expression printed back in rule syntax (for explanations, not for the formatter)."""
    match expr:
        case ast.StringLit(value=text):
            return f'"{text}"'
        case ast.NumberLit(value=number):
            return format(number, "f")
        case ast.PercentLit(value=number):
            return f"{format(number, 'f')}%"
        case ast.DateLit(value=day):
            return day.isoformat()
        case ast.PeriodLit(amount=amount, unit_text=unit_text):
            return f"{expression_text(amount, lang)} {unit_text}"
        case ast.NameRef(name=name):
            return name
        case ast.AttrRef(event=event, attribute=attribute):
            return f"{event}.{attribute}"
        case ast.Builtin():
            return _word("当年", "this_year", lang)
        case ast.Aggregate(func=func, events=events, attribute=attribute, where=where):
            inner = _word(" 或 ", " or ", lang).join(events)
            if attribute is not None:
                inner += f".{attribute}"
            if where is not None:
                inner += f" {_word('其中', 'where', lang)} {expression_text(where, lang)}"
            return f"{_FUNC[func][0 if lang == 'zh' else 1]}({inner})"
        case ast.BinaryOp(op=op, left=left, right=right):
            return f"{_operand(left, lang)} {op.value} {_operand(right, lang)}"
        case ast.Compare(op=op, left=left, right=right):
            return f"{expression_text(left, lang)} {op.value} {expression_text(right, lang)}"
        case ast.InList(subject=subject, values=values, negated=negated):
            word = (
                ("不属于" if negated else "属于")
                if lang == "zh"
                else ("not in" if negated else "in")
            )
            listed = ", ".join(expression_text(v, lang) for v in values)
            return f"{expression_text(subject, lang)} {word} [{listed}]"
        case ast.Presence(attribute=name, negated=negated):
            word = (
                ("缺失" if negated else "存在")
                if lang == "zh"
                else ("absent" if negated else "present")
            )
            return f"{name} {word}"
        case ast.Logical(op=op, operands=operands):
            joiner = (
                (" 且 " if op is ast.LogicalOp.AND else " 或 ") if lang == "zh" else f" {op.value} "
            )
            return joiner.join(_operand(o, lang) for o in operands)
        case ast.Not(operand=operand):
            return f"{_word('非', 'not', lang)} {_operand(operand, lang)}"


def _operand(expr: ast.Expr, lang: Lang) -> str:
    text = expression_text(expr, lang)
    if isinstance(expr, ast.Logical | ast.BinaryOp):
        return f"({text})"
    return text


def pattern_text(pattern: ast.EventPattern, lang: Lang = "zh") -> str:
    names = _word(" 或 ", " or ", lang).join(pattern.names)
    if pattern.where is None:
        return names
    return f"{names} {_word('其中', 'where', lang)} {expression_text(pattern.where, lang)}"


def unit_label(unit: Unit, lang: Lang) -> str:
    return unit.zh if lang == "zh" else unit.en
