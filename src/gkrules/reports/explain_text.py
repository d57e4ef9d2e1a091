"""``gkrules explain``: the full reasoning for one obligation instance.

The rule (id, title, citation with its quoted text, where it is written and that source line),
then for each matching instance its verdict, the steps of its reasoning, and the log rows it
rests on, quoted in full with their place (``events.csv:5``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import click
import numpy as np
from attrs import frozen

from gkrules.diagnostics import Lang
from gkrules.engine.events import EventLog
from gkrules.engine.report import verdict_record
from gkrules.engine.verdicts import RowRef, Verdict, cite_line
from gkrules.language import ast
from gkrules.reports.common import Kind, amount_words, clean, key_words, kind_of, moment_words
from gkrules.reports.layout import clip
from gkrules.reports.messages import text

__all__ = ["Evidence", "RuleText", "quote_rows", "render_explain_json", "render_explain_text"]

#: A quoted value longer than this is cut (a log cell can be any length).
MAX_VALUE = 200


@frozen
class Evidence:
    """A log row quoted as evidence: its place and its columns (``None`` when it is not found)."""

    ref: RowRef
    values: Mapping[str, str | None] | None


@frozen
class RuleText:
    """What the explanation quotes of the rule: the rule and the source line its span points at."""

    rule: ast.Rule
    line: str | None = None


def quote_rows(log: EventLog, refs: Sequence[RowRef]) -> list[Evidence]:
    """The rows of *log* at *refs*, each with all its columns (``None`` when not in the log)."""
    quoted = []
    for ref in refs:
        values: Mapping[str, str | None] | None = None
        if ref.source in log.sources:
            code = log.sources.index(ref.source)
            found = np.flatnonzero((log.source == code) & (log.row == ref.row))
            if len(found):
                values = log.row_dict(int(found[0]))
        quoted.append(Evidence(ref, values))
    return quoted


def _row_words(values: Mapping[str, str | None]) -> str:
    parts = [
        f"{name}={clip(clean(value), MAX_VALUE)}"
        for name, value in values.items()
        if value not in (None, "")
    ]
    return ", ".join(parts)


def _rule_lines(rule: RuleText, lang: Lang) -> list[str]:
    node = rule.rule
    lines = [text("explain.rule", lang, rule=clean(node.id), title=clean(node.title))]
    if node.severity is ast.Severity.ADVISORY:
        lines.append("  " + text("explain.severity_advisory", lang))
    citation = node.citation
    if citation is not None:
        lines.append("  " + text("explain.cite", lang, cite=clean(cite_line(citation) or "")))
        if citation.text:
            lines.append("  " + text("explain.quote", lang, quote=clean(citation.text)))
    lines.append("  " + text("explain.where", lang, where=clean(str(node.span))))
    if rule.line is not None:
        number = str(node.span.line)
        lines.append(f"    {number} | {clip(clean(rule.line), 120)}")
    return lines


def _facts(verdict: Verdict, kind: Kind, lang: Lang) -> str:
    parts = []
    if verdict.trigger is not None:
        parts.append(f"{text('col.trigger', lang)} {moment_words(verdict.trigger, lang)}")
    if verdict.deadline is not None:
        parts.append(text("line.deadline", lang, deadline=moment_words(verdict.deadline, lang)))
    if verdict.fulfilled is not None:
        parts.append(text("line.fulfilled", lang, fulfilled=moment_words(verdict.fulfilled, lang)))
    if verdict.late_by is not None and kind in (Kind.DONE_LATE, Kind.NOT_DONE):
        parts.append(text("line.late_by", lang, amount=amount_words(verdict.late_by, lang)))
    if verdict.remaining is not None and kind in (Kind.PENDING, Kind.AT_RISK):
        parts.append(text("line.left", lang, amount=amount_words(verdict.remaining, lang)))
    if verdict.provisional:
        parts.append(text("provisional", lang))
    return " · ".join(parts)


def render_explain_text(
    rule: RuleText,
    instances: Sequence[tuple[Verdict, Sequence[Evidence]]],
    lang: Lang = "zh",
    *,
    color: bool = False,
) -> str:
    """The rule, then every instance with its reasoning and its rows; ends with a newline."""

    def bold(value: str) -> str:
        return click.style(value, bold=True) if color else value

    lines = [bold(_rule_lines(rule, lang)[0]), *_rule_lines(rule, lang)[1:]]
    for number, (verdict, evidence) in enumerate(instances, start=1):
        kind = kind_of(verdict)
        status = verdict.status.label(lang)
        if kind in (Kind.DONE_LATE, Kind.NOT_DONE):
            status += f"（{kind.label(lang)}）" if lang == "zh" else f" ({kind.label(lang)})"
        lines.append("")
        lines.append(bold(text("explain.instance", lang, number=number, count=len(instances))))
        lines.append(
            "  "
            + text(
                "explain.key",
                lang,
                instance=clip(key_words(verdict, lang, unit=verdict.unit), MAX_VALUE),
            )
        )
        lines.append("  " + text("explain.status", lang, status=status))
        facts = _facts(verdict, kind, lang)
        if facts:
            lines.append("  " + facts)
        lines.append("  " + text("explain.reasoning", lang))
        for step, line in enumerate(verdict.explain(lang), start=1):
            lines.append(f"    {step}. {clean(line)}")
        lines.append("  " + text("explain.rows", lang))
        if not evidence:
            lines.append("    " + text("explain.no_rows", lang))
        for item in evidence:
            shown = _row_words(item.values) if item.values is not None else ""
            lines.append(f"    {clean(str(item.ref))}  {shown}".rstrip())
    return "\n".join(lines) + "\n"


def render_explain_json(
    rule: RuleText,
    instances: Sequence[tuple[Verdict, Sequence[Evidence]]],
    lang: Lang = "zh",
) -> str:
    """``{"rule", "title", "cite", "quote", "source", "source_line", "instances": [...]}``;
    each instance is the verdict's record plus ``rows`` (``{"where", "values"}``)."""
    node = rule.rule
    citation = node.citation
    document: dict[str, Any] = {
        "rule": node.id,
        "title": node.title,
        "cite": cite_line(citation),
        "quote": citation.text if citation else None,
        "source": str(node.span),
        "source_line": rule.line,
        "instances": [],
    }
    for verdict, evidence in instances:
        record = verdict_record(verdict, lang)
        record["rows"] = [
            {"where": str(item.ref), "values": dict(item.values) if item.values else None}
            for item in evidence
        ]
        document["instances"].append(record)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
