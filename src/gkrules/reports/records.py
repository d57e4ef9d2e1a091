"""The machine-readable outputs: JSON Lines, one JSON document, CSV — a stable contract.

Every record has exactly the keys of :data:`gkrules.engine.report.RECORD_KEYS` (and ``window``
for window-based verdicts), built by the engine from a batch's columns
(:func:`~gkrules.engine.report.column_records`, :func:`~gkrules.engine.report.json_records`):

``rule, title, case, unit, status, trigger, deadline, fulfilled, late_by, remaining, provisional,
cite, source, explanation``

Dates are ISO 8601: a date (``2024-02-28``) for day-based deadlines, a date-time with its offset
(``2024-05-03T10:15:00+08:00``) for hour-based ones and for events logged with a time.
``late_by``/``remaining`` are ``{"value": n, "unit": "工作日"}`` or ``null``.

The JSON document is ``{"as_of", "summary", "accounting", "verdicts"}``.  CSV has the same
columns (``window`` after ``unit``; amounts as ``3工作日``, the explanation's steps joined by
`` → ``), and every cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) gets a leading ``'``.  Only verdicts of the statuses asked for
are written; the summary and the accounting always cover everything.  ``explanations``
(``all``, ``non-met``, ``none``) says which records carry their explanation; the others have
``"explanation": null``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from gkrules.diagnostics import Lang
from gkrules.engine.report import (
    CSV_KEYS,
    Explanations,
    LogAccounting,
    Report,
    csv_rows,
    json_records,
)
from gkrules.engine.verdicts import Status
from gkrules.reports.common import Kind
from gkrules.reports.findings import Collected

__all__ = [
    "CSV_COLUMNS",
    "accounting_record",
    "csv_chunks",
    "json_chunks",
    "json_document",
    "jsonl_lines",
    "summary_record",
]

#: The CSV header: the record keys with ``window`` after ``unit``.
CSV_COLUMNS: tuple[str, ...] = CSV_KEYS


def _json_texts(
    report: Report, statuses: Iterable[Status], lang: Lang, explanations: Explanations
) -> Iterator[str]:
    for columns in report.record_columns(list(statuses)):
        yield from json_records(columns, lang, explanations)


def jsonl_lines(
    report: Report,
    statuses: Iterable[Status],
    lang: Lang = "zh",
    explanations: Explanations = "all",
) -> Iterator[str]:
    """One JSON object per verdict, each with its newline; *explanations* says which records
    carry their explanation (the others: ``null``)."""
    for text in _json_texts(report, statuses, lang, explanations):
        yield text + "\n"


def summary_record(collected: Collected) -> dict[str, Any]:
    """Counts in total (violated split into done late / not done, pending's at-risk share) and
    per rule and unit."""
    kinds = collected.kinds
    return {
        "rules": len(collected.report.rules),
        "instances": collected.total,
        "met": kinds[Kind.MET],
        "violated": kinds[Kind.NOT_DONE] + kinds[Kind.DONE_LATE] + kinds[Kind.VIOLATED],
        "done_late": kinds[Kind.DONE_LATE],
        "not_done": kinds[Kind.NOT_DONE],
        "pending": kinds[Kind.PENDING] + kinds[Kind.AT_RISK],
        "at_risk": kinds[Kind.AT_RISK],
        "at_risk_share": collected.at_risk_share,
        "not_applicable": kinds[Kind.NOT_APPLICABLE],
        "by_rule": [
            {
                "rule": line.row.rule,
                "title": line.row.title,
                "unit": line.row.unit,
                "met": line.row.met,
                "violated": line.row.violated,
                "done_late": line.row.done_late,
                "not_done": line.not_done,
                "pending": line.row.pending,
                "at_risk": line.at_risk,
                "not_applicable": line.row.not_applicable,
                "total": line.row.total,
            }
            for line in collected.summary
        ],
    }


def accounting_record(accounting: LogAccounting, lang: Lang = "zh") -> dict[str, Any]:
    """What happened to every row read (``rows_read == rows_used + rows_unused + rows_set_aside``)."""
    return {
        "rows_read": accounting.rows_read,
        "rows_used": accounting.rows_used,
        "rows_unused": accounting.rows_unused,
        "rows_set_aside": accounting.rows_set_aside,
        "rows_after_as_of": accounting.rows_after_as_of,
        "balanced": accounting.balanced,
        "sources": list(accounting.sources),
        "unused_events": [
            {"name": unused.name, "rows": unused.rows, "did_you_mean": unused.did_you_mean}
            for unused in accounting.unused_events
        ],
        "set_aside": [diagnostic.headline(lang) for diagnostic in accounting.set_aside],
    }


def json_chunks(
    collected: Collected,
    statuses: Iterable[Status],
    lang: Lang = "zh",
    explanations: Explanations = "all",
) -> Iterator[str]:
    """``{"as_of", "summary", "accounting", "notes", "verdicts"}``, written as it is built: one
    verdict per line inside the array, so a large report never sits in memory whole."""
    report = collected.report
    head = {
        "as_of": report.as_of.isoformat(),
        "summary": summary_record(collected),
        "accounting": accounting_record(report.accounting, lang),
        "notes": [note.headline(lang) for note in report.notes],
    }
    opening = json.dumps(head, ensure_ascii=False, indent=2)
    yield opening[: opening.rindex("\n}")] + ',\n  "verdicts": ['
    separator = "\n    "
    for text in _json_texts(report, statuses, lang, explanations):
        yield separator + text
        separator = ",\n    "
    yield "\n  ]\n}\n" if separator != "\n    " else "]\n}\n"


def json_document(
    collected: Collected,
    statuses: Iterable[Status],
    lang: Lang = "zh",
    explanations: Explanations = "all",
) -> str:
    """The whole JSON document as one string (see :func:`json_chunks`)."""
    return "".join(json_chunks(collected, statuses, lang, explanations))


def csv_chunks(
    report: Report,
    statuses: Iterable[Status],
    lang: Lang = "zh",
    *,
    bom: bool = False,
    explanations: Explanations = "all",
) -> Iterator[str]:
    """The CSV text, a header then a chunk per few hundred rows; formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if bom:
        buffer.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    for columns in report.record_columns(list(statuses)):
        writer.writerows(csv_rows(columns, lang, explanations))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
