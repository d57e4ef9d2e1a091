"""The to-do list as text (``gkrules due``) and as records (``--format json|jsonl``).

::

    待办事项 · 截至 2024-03-15 · 5个工作日内到期
    共 3 项：已逾期 1 项，临期 1 项

      期限        剩余              规则  实例     名称
      ----------  ----------------  ----  -------  --------------------
      2024-02-28  已逾期 12个工作日  L5    case=A2  依申请公开：收到申请之日起……
      2024-03-18  1个工作日（临期）  L1    case=X   主动公开：信息形成或变更……
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import click

from gkrules.calendar.periods import Period
from gkrules.diagnostics import Lang
from gkrules.engine.report import verdict_record
from gkrules.reports.common import as_of_words, clean, key_words, moment_words, percent
from gkrules.reports.due import DueItem
from gkrules.reports.layout import clip, table
from gkrules.reports.messages import text

__all__ = ["due_record", "left_words", "render_due_json", "render_due_jsonl", "render_due_text"]


def left_words(item: DueItem, lang: Lang) -> str:
    """``3个工作日`` / ``3 workdays``, ``今日到期``, ``已逾期 2个工作日``, ``5.5小时``."""
    zh = lang == "zh"
    if item.hours_left is not None:
        hours = item.hours_left
        shown = int(hours) if float(hours).is_integer() else hours
        if hours < 0:
            return f"{text('kind.overdue', lang)} {abs(shown)}{'小时' if zh else ' hours'}"
        return f"{shown}{'小时' if zh else ' hours'}"
    if item.workdays_left is not None:
        count, unit = item.workdays_left, ("个工作日" if zh else " workdays")
    elif item.days_left is not None:
        count, unit = item.days_left, ("日" if zh else " days")
    else:
        return "—"
    if item.overdue or count < 0:
        return f"{text('kind.overdue', lang)} {abs(count)}{unit}"
    if count == 0:
        return text("due.today", lang)
    return f"{count}{unit}"


def _mark(item: DueItem, lang: Lang) -> str:
    if item.at_risk:
        share = f" {percent(item.share_left)}" if item.share_left is not None else ""
        return text("kind.at_risk", lang) + share
    return ""


def render_due_text(
    items: Sequence[DueItem],
    as_of: dt.datetime,
    lang: Lang = "zh",
    *,
    within: Period | None = None,
    color: bool = False,
) -> str:
    """The to-do list, soonest first, ending with a newline."""

    def style(value: str, **styles: Any) -> str:
        return click.style(value, **styles) if color else value

    heading = [text("due.title", lang), text("as_of", lang, as_of=as_of_words(as_of))]
    if within is not None:
        heading.append(text("due.within", lang, period=within.label(lang)))
    lines = [style(" · ".join(heading), bold=True)]
    if not items:
        lines.append(text("due.empty", lang))
        return "\n".join(lines) + "\n"
    overdue = sum(1 for item in items if item.overdue)
    risky = sum(1 for item in items if item.at_risk)
    lines.extend([text("due.count", lang, count=len(items), overdue=overdue, at_risk=risky), ""])
    header = [
        text("col.deadline", lang),
        text("col.left", lang),
        "",
        text("col.rule", lang),
        text("col.key", lang),
        text("col.title", lang),
    ]
    rows = [
        [
            moment_words(item.verdict.deadline, lang) if item.verdict.deadline else "—",
            left_words(item, lang),
            _mark(item, lang),
            clean(item.verdict.rule),
            clip(key_words(item.verdict, lang, unit=item.unit), 60),
            clip(clean(item.verdict.title), 40),
        ]
        for item in items
    ]

    def colour(row_index: int, column: int, cell: str) -> str:
        if row_index < 0:
            return cell
        item = items[row_index]
        if item.overdue and column in (1, 2):
            return style(cell, fg="red", bold=True)
        if item.at_risk and column in (1, 2):
            return style(cell, fg="yellow", bold=True)
        return cell

    lines.extend(table(header, rows, style=colour))
    return "\n".join(lines) + "\n"


def due_record(item: DueItem, lang: Lang = "zh") -> dict[str, Any]:
    """The verdict's record plus ``workdays_left``, ``days_left``, ``hours_left``, ``share_left``,
    ``at_risk`` and ``overdue``."""
    record = verdict_record(item.verdict, lang)
    record.update(
        {
            "workdays_left": item.workdays_left,
            "days_left": item.days_left,
            "hours_left": item.hours_left,
            "share_left": None if item.share_left is None else round(item.share_left, 4),
            "at_risk": item.at_risk,
            "overdue": item.overdue,
        }
    )
    return record


def render_due_jsonl(items: Sequence[DueItem], lang: Lang = "zh") -> str:
    return "".join(json.dumps(due_record(item, lang), ensure_ascii=False) + "\n" for item in items)


def render_due_json(items: Sequence[DueItem], as_of: dt.datetime, lang: Lang = "zh") -> str:
    document = {
        "as_of": as_of.isoformat(),
        "count": len(items),
        "overdue": sum(1 for item in items if item.overdue),
        "at_risk": sum(1 for item in items if item.at_risk),
        "items": [due_record(item, lang) for item in items],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
