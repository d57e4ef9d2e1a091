"""A Markdown report to paste into a 年度报告 or a 通报: the counts, then each violation.

::

    # 政务公开合规检查报告

    截至 2024-03-15。规则 3 条，实例 12 个：违反 3 个（逾期完成 1，未完成 2），……

    ## 按规则和单位汇总

    | 规则 | 名称 | 单位 | 已履行 | 违反 | 逾期完成 | 未完成 | 未到期 | 不适用 | 合计 |
    |---|---|---|--:|--:|--:|--:|--:|--:|--:|

    ## 违反

    | 规则 | 实例 | 结论 | 期限 | 完成时间 | 逾期 | 依据 |

Every value from a log or a rule is escaped for Markdown (backslash before ASCII punctuation that
Markdown or HTML would read, ``|`` in table cells), so a case number cannot add a link, a table
column or raw HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gkrules.diagnostics import Lang
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
from gkrules.reports.findings import Collected, Finding
from gkrules.reports.messages import text
from gkrules.reports.text import overview

__all__ = ["escape_markdown", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~&])")
_LISTED_KINDS = (
    Kind.NOT_DONE,
    Kind.DONE_LATE,
    Kind.VIOLATED,
    Kind.AT_RISK,
    Kind.PENDING,
    Kind.MET,
    Kind.NOT_APPLICABLE,
)


def escape_markdown(value: str) -> str:
    """*value* safe inside Markdown text and table cells: one line, punctuation escaped."""
    return _SPECIAL.sub(r"\\\1", clean(value))


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_markdown(collected: Collected, lang: Lang = "zh") -> str:
    """The Markdown report, ending with a newline."""
    report = collected.report
    lines = [
        f"# {text('title', lang)}",
        "",
        f"{text('as_of', lang, as_of=as_of_words(report.as_of))}{'。' if lang == 'zh' else '. '}"
        f"{overview(collected, lang)}{'。' if lang == 'zh' else '.'}",
    ]
    if collected.provisional:
        lines.extend(["", f"> {text('provisional_note', lang)}"])
    lines.extend(["", f"## {text('section.summary', lang)}", ""])
    lines.extend(_summary(collected, lang))
    for kind in _LISTED_KINDS:
        entries = [finding for finding in collected.findings if finding.kind is kind]
        if not entries:
            continue
        heading = (
            text("section.at_risk", lang, share=percent(collected.at_risk_share))
            if kind is Kind.AT_RISK
            else text(f"section.{_section(kind)}", lang)
        )
        total = collected.kinds.get(kind, len(entries))
        count = f"（{total}）" if lang == "zh" else f" ({total})"
        lines.extend(["", f"## {heading}{count}", ""])
        lines.extend(_findings(entries, kind, lang))
    if not collected.shown_all:
        more = collected.listed_total - len(collected.findings)
        lines.extend(["", escape_markdown(text("more", lang, count=more))])
    lines.extend(["", f"## {text('section.accounting', lang)}", ""])
    lines.extend(_accounting(collected, lang))
    return "\n".join(lines) + "\n"


def _section(kind: Kind) -> str:
    return {
        Kind.NOT_DONE: "not_done",
        Kind.DONE_LATE: "done_late",
        Kind.VIOLATED: "other_violations",
        Kind.PENDING: "pending",
        Kind.MET: "met",
        Kind.NOT_APPLICABLE: "not_applicable",
    }[kind]


def _summary(collected: Collected, lang: Lang) -> list[str]:
    header = [
        text(key, lang)
        for key in (
            "col.rule",
            "col.title",
            "col.unit",
            "col.met",
            "col.violated",
            "col.done_late",
            "col.not_done",
            "col.pending",
            "col.not_applicable",
            "col.total",
        )
    ]
    lines = [_row(header), _row(["---"] * 3 + ["--:"] * 7)]
    for line in collected.summary:
        row = line.row
        lines.append(
            _row(
                [
                    escape_markdown(row.rule),
                    escape_markdown(row.title),
                    escape_markdown(row.unit) if row.unit is not None else "—",
                    str(row.met),
                    f"**{row.violated}**" if row.violated else "0",
                    str(row.done_late),
                    str(line.not_done),
                    str(row.pending),
                    str(row.not_applicable),
                    str(row.total),
                ]
            )
        )
    if not collected.summary:
        lines.append(_row([text("none", lang)] + [""] * 9))
    return lines


def _findings(entries: Sequence[Finding], kind: Kind, lang: Lang) -> list[str]:
    if kind is Kind.VIOLATED:
        return _other_violations(entries, lang)
    late = kind in (Kind.NOT_DONE, Kind.DONE_LATE)
    header = [
        text("col.rule", lang),
        text("col.title", lang),
        text("col.key", lang),
        text("col.deadline", lang),
        text("col.fulfilled", lang),
        text("col.late_by" if late else "col.left", lang),
        text("col.cite", lang),
    ]
    lines = [_row(header), _row(["---"] * len(header))]
    for finding in entries:
        verdict = finding.verdict
        shown = amount_words(verdict.late_by if late else verdict.remaining, lang)
        if verdict.provisional:
            shown += f"（{text('provisional', lang)}）" if lang == "zh" else " (provisional)"
        lines.append(
            _row(
                [
                    escape_markdown(verdict.rule),
                    escape_markdown(verdict.title),
                    escape_markdown(key_words(verdict, lang, unit=finding.unit)),
                    moment_words(verdict.deadline, lang),
                    moment_words(verdict.fulfilled, lang),
                    escape_markdown(shown) or "—",
                    escape_markdown(verdict.cite) if verdict.cite else "—",
                ]
            )
        )
    return lines


def _other_violations(entries: Sequence[Finding], lang: Lang) -> list[str]:
    """Violations that are not about a deadline: what was found instead of when."""
    header = [
        text("col.rule", lang),
        text("col.title", lang),
        text("col.key", lang),
        text("col.reason", lang),
        text("col.cite", lang),
    ]
    lines = [_row(header), _row(["---"] * len(header))]
    for finding in entries:
        verdict = finding.verdict
        why = "<br>".join(escape_markdown(line) for line in reasons(verdict, lang))
        lines.append(
            _row(
                [
                    escape_markdown(verdict.rule),
                    escape_markdown(verdict.title),
                    escape_markdown(key_words(verdict, lang, unit=finding.unit)),
                    why or "—",
                    escape_markdown(verdict.cite) if verdict.cite else "—",
                ]
            )
        )
    return lines


def _accounting(collected: Collected, lang: Lang) -> list[str]:
    accounting = collected.report.accounting
    lines = [
        "- "
        + text(
            "acc.rows",
            lang,
            read=accounting.rows_read,
            used=accounting.rows_used,
            unused=accounting.rows_unused,
            set_aside=accounting.rows_set_aside,
        )
    ]
    for unused in accounting.unused_events:
        line = "- " + text(
            "acc.unused_event", lang, name=escape_markdown(unused.name), rows=unused.rows
        )
        if unused.did_you_mean is not None:
            near = escape_markdown(unused.did_you_mean)
            line += ("——" if lang == "zh" else " — ") + text("acc.did_you_mean", lang, name=near)
        lines.append(line)
    if accounting.rows_after_as_of:
        lines.append("- " + text("acc.after_as_of", lang, rows=accounting.rows_after_as_of))
    if accounting.rows_set_aside:
        lines.append("- " + text("acc.set_aside", lang, rows=accounting.rows_set_aside))
    return lines
