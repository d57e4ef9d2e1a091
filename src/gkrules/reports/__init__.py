"""Reports: what a check found, for people (text, Markdown, HTML) and for scripts (JSON, CSV).

The layer between the command line and the engine: it reads a
:class:`~gkrules.engine.report.Report` and never changes it.  :func:`collect` gathers the
findings once; each format renders them::

    collected = collect(report, calendar, statuses=[Status.VIOLATED, Status.PENDING])
    print(render_text(collected, "zh"))
    Path("report.html").write_text(render_html(collected, "zh"), encoding="utf-8")

:func:`open_items` is the to-do list behind ``gkrules due``.
"""

from __future__ import annotations

from gkrules.reports.common import Kind, kind_of
from gkrules.reports.due import DEFAULT_AT_RISK, DueItem, open_items
from gkrules.reports.due_text import render_due_json, render_due_jsonl, render_due_text
from gkrules.reports.explain_text import (
    Evidence,
    RuleText,
    quote_rows,
    render_explain_json,
    render_explain_text,
)
from gkrules.reports.findings import Collected, Finding, collect
from gkrules.reports.html import render_html
from gkrules.reports.markdown import render_markdown
from gkrules.reports.records import (
    CSV_COLUMNS,
    csv_chunks,
    json_chunks,
    json_document,
    jsonl_lines,
)
from gkrules.reports.text import render_text

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_AT_RISK",
    "Collected",
    "DueItem",
    "Evidence",
    "Finding",
    "Kind",
    "RuleText",
    "collect",
    "csv_chunks",
    "json_chunks",
    "json_document",
    "jsonl_lines",
    "kind_of",
    "open_items",
    "quote_rows",
    "render_due_json",
    "render_due_jsonl",
    "render_due_text",
    "render_explain_json",
    "render_explain_text",
    "render_html",
    "render_markdown",
    "render_text",
]
