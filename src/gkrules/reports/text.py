"""The human report on a terminal: findings first, then the summary table and the log's accounting.

::

    政务公开合规检查报告 · 截至 2024-03-15
    规则 3 条，实例 12 个：违反 3 个（逾期完成 1，未完成 2），未到期 2 个（临期 1），……

    未完成（已逾期）
      L5  case=A2  期限 2024-02-28 · 已逾期 12个工作日
          依申请公开：收到申请之日起20个工作日内答复…… · 中华人民共和国政府信息公开条例 第三十三条

Colour (via ``click.style``) only when the caller says the stream is a terminal; otherwise plain.
逾期完成 (done late) and 未完成 (not done) are separate sections and separate columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby

import click

from gkrules.diagnostics import Lang
from gkrules.engine.report import LogAccounting
from gkrules.reports.common import (
    Kind,
    amount_words,
    as_of_words,
    clean,
    key_words,
    moment_words,
    percent,
    reasons,
)
from gkrules.reports.findings import Collected, Finding, SummaryLine
from gkrules.reports.layout import clip, table
from gkrules.reports.messages import text

__all__ = ["accounting_lines", "finding_lines", "render_text", "summary_table"]

Styler = Callable[..., str]

_SECTION = {
    Kind.NOT_DONE: "section.not_done",
    Kind.DONE_LATE: "section.done_late",
    Kind.VIOLATED: "section.other_violations",
    Kind.AT_RISK: "section.at_risk",
    Kind.PENDING: "section.pending",
    Kind.MET: "section.met",
    Kind.NOT_APPLICABLE: "section.not_applicable",
}
_COLOUR: dict[Kind, dict[str, object]] = {
    Kind.NOT_DONE: {"fg": "red", "bold": True},
    Kind.DONE_LATE: {"fg": "magenta", "bold": True},
    Kind.VIOLATED: {"fg": "red", "bold": True},
    Kind.AT_RISK: {"fg": "yellow", "bold": True},
    Kind.PENDING: {"fg": "cyan"},
    Kind.MET: {"fg": "green"},
    Kind.NOT_APPLICABLE: {"dim": True},
}
_TITLE_WIDTH = 30
_MAX_SET_ASIDE = 10
_MAX_NOTES = 10


def _styler(color: bool) -> Styler:
    if not color:
        return lambda value, **_: value
    return lambda value, **styles: click.style(value, **styles)


def render_text(collected: Collected, lang: Lang = "zh", *, color: bool = False) -> str:
    """The whole text report, ending with a newline."""
    style = _styler(color)
    report = collected.report
    lines = [
        style(
            f"{text('title', lang)} · {text('as_of', lang, as_of=as_of_words(report.as_of))}",
            bold=True,
        ),
        overview(collected, lang),
    ]
    if collected.provisional:
        lines.append(text("provisional_note", lang))
    for kind, group in groupby(collected.findings, key=lambda finding: finding.kind):
        heading_key = _SECTION[kind]
        heading = (
            text(heading_key, lang, share=percent(collected.at_risk_share))
            if kind is Kind.AT_RISK
            else text(heading_key, lang)
        )
        entries = list(group)
        total = collected.kinds.get(kind, len(entries))
        count = f"（{total}）" if lang == "zh" else f" ({total})"
        lines.extend(["", style(heading + count, **_COLOUR[kind])])
        for finding in entries:
            lines.extend(finding_lines(finding, lang, style))
    if not collected.shown_all:
        lines.extend(
            ["", text("more", lang, count=collected.listed_total - len(collected.findings))]
        )
    lines.extend(["", style(text("section.summary", lang), bold=True)])
    lines.extend(summary_table(collected.summary, lang, style))
    lines.extend(["", style(text("section.accounting", lang), bold=True)])
    lines.extend(accounting_lines(report.accounting, lang))
    if report.notes:
        lines.extend(["", style(text("section.notes", lang), bold=True)])
        for note in report.notes[:_MAX_NOTES]:
            lines.append(f"  {clean(note.headline(lang))}")
        if len(report.notes) > _MAX_NOTES:
            lines.append("  " + _more(len(report.notes) - _MAX_NOTES, lang))
    return "\n".join(lines) + "\n"


def overview(collected: Collected, lang: Lang) -> str:
    kinds = collected.kinds
    return text(
        "overview",
        lang,
        rules=len(collected.report.rules),
        instances=collected.total,
        violated=kinds[Kind.NOT_DONE] + kinds[Kind.DONE_LATE] + kinds[Kind.VIOLATED],
        done_late=kinds[Kind.DONE_LATE],
        not_done=kinds[Kind.NOT_DONE],
        pending=kinds[Kind.PENDING] + kinds[Kind.AT_RISK],
        at_risk=kinds[Kind.AT_RISK],
        met=kinds[Kind.MET],
        not_applicable=kinds[Kind.NOT_APPLICABLE],
    )


def _more(count: int, lang: Lang) -> str:
    return f"……另有 {count} 条" if lang == "zh" else f"… and {count} more"


def detail_words(finding: Finding, lang: Lang) -> list[str]:
    """The facts after the key: deadline, done, lateness or time left, share left."""
    verdict, kind, item = finding.verdict, finding.kind, finding.item
    parts: list[str] = []
    if verdict.deadline is not None:
        parts.append(text("line.deadline", lang, deadline=moment_words(verdict.deadline, lang)))
    if verdict.fulfilled is not None:
        parts.append(text("line.fulfilled", lang, fulfilled=moment_words(verdict.fulfilled, lang)))
    if kind is Kind.DONE_LATE and verdict.late_by is not None:
        parts.append(text("line.late_by", lang, amount=amount_words(verdict.late_by, lang)))
    elif kind is Kind.NOT_DONE and verdict.late_by is not None:
        parts.append(text("line.overdue_by", lang, amount=amount_words(verdict.late_by, lang)))
    elif kind in (Kind.AT_RISK, Kind.PENDING) and verdict.remaining is not None:
        parts.append(text("line.left", lang, amount=amount_words(verdict.remaining, lang)))
        if item is not None and item.share_left is not None:
            parts.append(text("line.share_left", lang, share=percent(item.share_left)))
    if verdict.provisional:
        parts.append(text("provisional", lang))
    return parts


def finding_lines(finding: Finding, lang: Lang, style: Styler) -> list[str]:
    """Two lines per finding: rule, key and facts; then title, citation (and the reason, when
    the violation is not about a deadline)."""
    verdict, kind = finding.verdict, finding.kind
    head = "  ".join(
        [style(verdict.rule, bold=True), clip(key_words(verdict, lang, unit=finding.unit), 80)]
    )
    facts = " · ".join(detail_words(finding, lang))
    first = f"  {head}" + (f"  {facts}" if facts else "")
    second = [clip(clean(verdict.title), 60)]
    if verdict.cite:
        second.append(clean(verdict.cite))
    lines = [first, "      " + " · ".join(second)]
    if kind is Kind.VIOLATED:
        lines.extend("      " + clip(line, 100) for line in reasons(verdict, lang))
    return lines


def summary_table(lines: Sequence[SummaryLine], lang: Lang, style: Styler) -> list[str]:
    """The counts per rule and unit (title on each rule's first row)."""
    header = [
        text("col.rule", lang),
        text("col.title", lang),
        text("col.unit", lang),
        text("col.met", lang),
        text("col.violated", lang),
        text("col.done_late", lang),
        text("col.not_done", lang),
        text("col.pending", lang),
        text("col.not_applicable", lang),
        text("col.total", lang),
    ]
    rows: list[list[str]] = []
    previous = None
    for line in lines:
        row = line.row
        first = row.rule != previous
        previous = row.rule
        rows.append(
            [
                row.rule if first else "",
                clip(clean(row.title), _TITLE_WIDTH) if first else "",
                clean(row.unit) if row.unit is not None else "—",
                str(row.met),
                str(row.violated),
                str(row.done_late),
                str(line.not_done),
                str(row.pending),
                str(row.not_applicable),
                str(row.total),
            ]
        )
    if not rows:
        return [f"  {text('none', lang)}"]
    violated_columns = {4, 5, 6}

    def colour(row_index: int, column: int, cell: str) -> str:
        if row_index >= 0 and column in violated_columns and cell.strip() not in ("", "0"):
            return style(cell, fg="red", bold=True)
        return cell

    numeric = [False, False, False, True, True, True, True, True, True, True]
    return table(header, rows, numeric=numeric, style=colour)


def accounting_lines(accounting: LogAccounting, lang: Lang) -> list[str]:
    """rows read = used + unused + set aside; unused events (did you mean); rows after as-of."""
    lines = [
        "  "
        + text(
            "acc.rows",
            lang,
            read=accounting.rows_read,
            used=accounting.rows_used,
            unused=accounting.rows_unused,
            set_aside=accounting.rows_set_aside,
        )
    ]
    if not accounting.balanced:
        lines.append("  " + text("acc.unbalanced", lang))
    if accounting.sources:
        separator = "、" if lang == "zh" else ", "
        lines.append(
            "  " + text("acc.sources", lang, sources=clean(separator.join(accounting.sources)))
        )
    for unused in accounting.unused_events:
        line = "  " + text(
            "acc.unused_event", lang, name=clip(clean(unused.name), 60), rows=unused.rows
        )
        if unused.did_you_mean is not None:
            dash = "——" if lang == "zh" else " — "
            line += dash + text("acc.did_you_mean", lang, name=unused.did_you_mean)
        lines.append(line)
    if accounting.rows_after_as_of:
        lines.append("  " + text("acc.after_as_of", lang, rows=accounting.rows_after_as_of))
    if accounting.rows_set_aside:
        lines.append("  " + text("acc.set_aside", lang, rows=accounting.rows_set_aside))
        for diagnostic in accounting.set_aside[:_MAX_SET_ASIDE]:
            lines.append(f"    {clean(diagnostic.headline(lang))}")
        if len(accounting.set_aside) > _MAX_SET_ASIDE:
            lines.append("    " + _more(len(accounting.set_aside) - _MAX_SET_ASIDE, lang))
    return lines
