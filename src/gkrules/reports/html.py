"""The HTML report: one self-contained file to open in a browser or send by mail.

No network and no CDN: the style and the script are inline, and a strict Content-Security-Policy
allows exactly those two (by hash) and nothing else — no images, fonts, frames, forms or
connections.  The page shows the summary by rule and unit, an SVG bar chart of violations by
month, and a table that filters (status, rule, unit, text), sorts (click a column) and expands
each row to its reasoning and citation.

Every value from a log or a rule is escaped: in the HTML written here with ``html.escape(…,
quote=True)``; the table's data travels as JSON inside ``<script type="application/json">`` with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the script puts it on the page with
``textContent`` only.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from gkrules import __version__
from gkrules.diagnostics import Lang
from gkrules.engine.verdicts import Status
from gkrules.reports.common import (
    Kind,
    amount_words,
    as_of_words,
    clean,
    key_words,
    moment_words,
    percent,
    rule_orders,
)
from gkrules.reports.findings import Collected, Finding
from gkrules.reports.messages import text
from gkrules.reports.text import overview

__all__ = ["embed_json", "render_html"]

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def embed_json(value: Any) -> str:
    """*value* as JSON safe inside a ``<script type="application/json">`` element."""
    encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _JSON_ESCAPES.items():
        encoded = encoded.replace(raw, escaped)
    return encoded


def _e(value: object) -> str:
    return html.escape(clean(str(value)), quote=True)


@cache
def _asset(name: str) -> str:
    return resources.files("gkrules.reports").joinpath("assets", name).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(style: str, script: str) -> str:
    """Nothing but the page's own inline style and script, by hash."""
    return (
        "default-src 'none'; "
        f"style-src {_hash(style)}; "
        f"script-src {_hash(script)}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; "
        "object-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def render_html(collected: Collected, lang: Lang = "zh") -> str:
    """The whole page."""
    report = collected.report
    style, script = "\n" + _asset("report.css"), "\n" + _asset("report.js")
    orders = rule_orders(report.rules)
    title = f"{text('title', lang)} · {text('as_of', lang, as_of=as_of_words(report.as_of))}"
    data = {
        "labels": {
            "all": text("html.all", lang),
            "expand": text("html.expand", lang),
            "explanation": text("html.explanation", lang),
            "cite": text("col.cite", lang),
            "where": text("col.where", lang),
        },
        "statuses": _status_options(collected, lang),
        "rows": [
            _row(finding, index, orders.get(finding.verdict.rule, 0), lang)
            for index, finding in enumerate(collected.findings)
        ],
    }
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(style, script)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(text('title', lang))}</h1>",
        f'<p class="overview" id="gk-as-of">{_e(text("as_of", lang, as_of=as_of_words(report.as_of)))}</p>',
        f'<p class="overview" id="gk-overview">{_e(overview(collected, lang))}</p>',
    ]
    if collected.provisional:
        parts.append(f'<p class="note">{_e(text("provisional_note", lang))}</p>')
    parts.append("</header>")
    parts.extend(_summary_section(collected, lang))
    parts.extend(_unit_section(collected, lang))
    parts.extend(_chart_section(collected, lang))
    parts.extend(_table_section(collected, lang))
    parts.extend(_accounting_section(collected, lang))
    parts.extend(
        [
            f"<footer>{_e(text('html.generated', lang, version=__version__))}</footer>",
            f'<script type="application/json" id="gk-data">{embed_json(data)}</script>',
            f"<script>{script}</script>",
            "</body>",
            "</html>",
        ]
    )
    return "\n".join(parts) + "\n"


# --- sections --------------------------------------------------------------------------------------


def _th(key: str, lang: Lang, numeric: bool = False) -> str:
    attributes = ' class="n"' if numeric else ""
    return "<th" + attributes + ">" + _e(text(key, lang)) + "</th>"


def _td(value: object, numeric: bool = False, bad: bool = False) -> str:
    classes = " ".join(c for c, on in (("n", numeric), ("bad", bad)) if on)
    attributes = ' class="' + classes + '"' if classes else ""
    return "<td" + attributes + ">" + _e(value) + "</td>"


def _summary_section(collected: Collected, lang: Lang) -> list[str]:
    counts = (
        "col.met",
        "col.violated",
        "col.done_late",
        "col.not_done",
        "col.pending",
        "col.not_applicable",
        "col.total",
    )
    head = [_th("col.rule", lang), _th("col.title", lang), _th("col.unit", lang)]
    head += [_th(key, lang, numeric=True) for key in counts]
    lines = [
        '<section id="gk-summary">',
        f"<h2>{_e(text('section.summary', lang))}</h2>",
        '<table class="summary">',
        f"<thead><tr>{''.join(head)}</tr></thead>",
        "<tbody>",
    ]
    for line in collected.summary:
        row = line.row
        cells = [
            _td(row.rule),
            _td(row.title),
            _td(row.unit if row.unit is not None else text("no_unit", lang)),
            _td(row.met, numeric=True),
            _td(row.violated, numeric=True, bad=row.violated > 0),
            _td(row.done_late, numeric=True, bad=row.done_late > 0),
            _td(line.not_done, numeric=True, bad=line.not_done > 0),
            _td(row.pending, numeric=True),
            _td(row.not_applicable, numeric=True),
            _td(row.total, numeric=True),
        ]
        lines.append(f'<tr data-rule="{_e(row.rule)}">{"".join(cells)}</tr>')
    lines.extend(["</tbody>", "</table>", "</section>"])
    return lines


def _unit_section(collected: Collected, lang: Lang) -> list[str]:
    totals: dict[str | None, Counter[str]] = {}
    for line in collected.summary:
        row = line.row
        counter = totals.setdefault(row.unit, Counter())
        counter.update(
            {
                "met": row.met,
                "violated": row.violated,
                "pending": row.pending,
                "not_applicable": row.not_applicable,
            }
        )
    keys = ("met", "violated", "pending", "not_applicable")
    head = [_th("col.unit", lang)] + [_th(f"col.{key}", lang, numeric=True) for key in keys]
    lines = [
        '<section id="gk-units">',
        f"<h2>{_e(text('section.units', lang))}</h2>",
        '<table class="units">',
        f"<thead><tr>{''.join(head)}</tr></thead>",
        "<tbody>",
    ]
    for unit in sorted(totals, key=lambda u: (u is None, u or "")):
        counter = totals[unit]
        cells = [_td(unit if unit is not None else text("no_unit", lang))]
        cells += [
            _td(counter[key], numeric=True, bad=key == "violated" and counter[key] > 0)
            for key in keys
        ]
        lines.append(f"<tr>{''.join(cells)}</tr>")
    lines.extend(["</tbody>", "</table>", "</section>"])
    return lines


def _months(by_month: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """Every month from the first to the last with a violation (gaps shown as 0); by year when
    that would be more than 60 bars."""
    if not by_month:
        return []
    counts = dict(by_month)
    first_year, first_month = (int(part) for part in by_month[0][0].split("-"))
    last_year, last_month = (int(part) for part in by_month[-1][0].split("-"))
    span = (last_year - first_year) * 12 + last_month - first_month + 1
    if span > 60:
        years: Counter[str] = Counter()
        for month, count in by_month:
            years[month[:4]] += count
        return [(str(year), years[str(year)]) for year in range(first_year, last_year + 1)]
    months = []
    for step in range(span):
        number_year, number_month = divmod(first_year * 12 + first_month - 1 + step, 12)
        label = f"{number_year:04d}-{number_month + 1:02d}"
        months.append((label, counts.get(label, 0)))
    return months


def chart_svg(by_month: Sequence[tuple[str, int]], lang: Lang) -> str:
    """A bar chart of violations per month (SVG, no script, every label escaped)."""
    bars = _months(by_month)
    biggest = max(count for _, count in bars)
    bar, gap, height, top, bottom = 28, 8, 160, 18, 40
    width = max(240, len(bars) * (bar + gap) + gap)
    caption = text("section.chart", lang)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="gk-chart-svg" width="{width}" '
        f'height="{height + top + bottom}" role="img" aria-label="{_e(caption)}">',
        f"<title>{_e(caption)}</title>",
    ]
    for index, (label, count) in enumerate(bars):
        x = gap + index * (bar + gap)
        size = round(height * count / biggest) if biggest else 0
        y = top + height - size
        parts.append(
            f'<g class="month" data-month="{_e(label)}" data-count="{count}">'
            f'<rect class="bar" x="{x}" y="{y}" width="{bar}" height="{size}"></rect>'
            f'<text x="{x + bar / 2}" y="{y - 4}" text-anchor="middle">{count}</text>'
            f'<text x="{x + bar / 2}" y="{top + height + 14}" text-anchor="middle">'
            f"{_e(label[2:] if len(label) == 7 else label)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _chart_section(collected: Collected, lang: Lang) -> list[str]:
    lines = ['<section id="gk-chart">', f"<h2>{_e(text('section.chart', lang))}</h2>"]
    if collected.by_month:
        lines.append(chart_svg(collected.by_month, lang))
    else:
        lines.append(f'<p class="muted">{_e(text("html.no_violations", lang))}</p>')
    lines.append("</section>")
    return lines


_COLUMNS = (
    ("", None),
    ("col.rule", "rule_order"),
    ("col.title", "title"),
    ("col.key", "key"),
    ("col.status", "kind_rank"),
    ("col.deadline", "deadline_sort"),
    ("col.fulfilled", "fulfilled_sort"),
    ("col.late_by", "amount_value"),
    ("col.cite", "cite"),
)


def _table_section(collected: Collected, lang: Lang) -> list[str]:
    head = []
    for key, sort in _COLUMNS:
        label = _e(text(key, lang)) if key else ""
        if key == "col.late_by":
            label = f"{_e(text('col.late_by', lang))} / {_e(text('col.left', lang))}"
        head.append(f'<th data-key="{sort}">{label}</th>' if sort else f"<th>{label}</th>")
    total = len(collected.findings)
    lines = [
        '<section id="gk-instances">',
        f"<h2>{_e(text('section.table', lang))}</h2>",
    ]
    if not collected.shown_all:
        lines.append(
            f'<p class="note" id="gk-truncated">'
            f"{_e(text('html.truncated', lang, shown=total, total=collected.listed_total))}</p>"
        )
    lines.extend(
        [
            '<div class="filters">',
            f'<label>{_e(text("html.filter_status", lang))} <select id="gk-f-status"></select></label>',
            f'<label>{_e(text("html.filter_rule", lang))} <select id="gk-f-rule"></select></label>',
            f'<label>{_e(text("html.filter_unit", lang))} <select id="gk-f-unit"></select></label>',
            f'<label>{_e(text("html.filter_text", lang))} <input type="search" id="gk-f-text"></label>',
            f'<span id="gk-count">{_e(text("html.shown", lang))} <span id="gk-shown">{total}</span>'
            f' / <span id="gk-total">{total}</span></span>',
            "</div>",
            '<table id="gk-table">',
            f"<thead><tr>{''.join(head)}</tr></thead>",
            "<tbody></tbody>",
            "</table>",
            "</section>",
        ]
    )
    return lines


def _accounting_section(collected: Collected, lang: Lang) -> list[str]:
    from gkrules.reports.text import accounting_lines

    lines = [
        '<section id="gk-accounting">',
        f"<h2>{_e(text('section.accounting', lang))}</h2>",
        "<ul>",
    ]
    lines.extend(
        f"<li>{_e(line.strip())}</li>"
        for line in accounting_lines(collected.report.accounting, lang)
    )
    lines.extend(["</ul>", "</section>"])
    return lines


# --- table data -------------------------------------------------------------------------------------


_DISTINCT_KINDS = {
    Status.VIOLATED: (Kind.NOT_DONE, Kind.DONE_LATE),
    Status.PENDING: (Kind.AT_RISK,),
}


def _status_options(collected: Collected, lang: Lang) -> list[tuple[str, str]]:
    """The status filter's choices, (value, label): each status present (``status:violated``),
    and under it 未完成, 逾期完成 and 临期 when present (``kind:done_late``)."""
    present = {finding.kind for finding in collected.findings}
    options: list[tuple[str, str]] = []
    for status in Status:
        if not any(kind.status is status for kind in present):
            continue
        options.append((f"status:{status.value}", status.label(lang)))
        for kind in _DISTINCT_KINDS.get(status, ()):
            if kind in present:
                options.append((f"kind:{kind.value}", f"· {kind.label(lang)}"))
    return options


def _sortable(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.datetime) else value.isoformat() + "T24:00"


def _row(finding: Finding, index: int, rule_order: int, lang: Lang) -> dict[str, Any]:
    verdict, kind = finding.verdict, finding.kind
    late = kind in (Kind.NOT_DONE, Kind.DONE_LATE)
    amount = (
        verdict.late_by
        if late
        else verdict.remaining
        if kind in (Kind.AT_RISK, Kind.PENDING)
        else None
    )
    amount_text = amount_words(amount, lang)
    if finding.item is not None and finding.item.share_left is not None and not late:
        amount_text += f" ({percent(finding.item.share_left)})"
    citation = verdict.citation
    return {
        "order": index,
        "rule": verdict.rule,
        "rule_order": rule_order,
        "title": verdict.title,
        "case": verdict.case,
        "unit": finding.unit,
        "window": verdict.window,
        "key": key_words(verdict, lang, unit=finding.unit),
        "status": verdict.status.value,
        "kind": kind.value,
        "kind_rank": kind.rank,
        "kind_label": kind.label(lang)
        + (f" ({text('provisional', lang)})" if verdict.provisional else ""),
        "deadline_text": moment_words(verdict.deadline, lang) if verdict.deadline else "",
        "deadline_sort": _sortable(verdict.deadline),
        "fulfilled_text": moment_words(verdict.fulfilled, lang) if verdict.fulfilled else "",
        "fulfilled_sort": _sortable(verdict.fulfilled),
        "amount_text": amount_text,
        "amount_value": float(amount.value) if amount is not None else None,
        "cite": verdict.cite or "",
        "quote": citation.text if citation is not None and citation.text else "",
        "source": verdict.source or "",
        "explanation": list(verdict.explain(lang)),
    }
