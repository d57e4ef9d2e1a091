"""Gathering what a report shows: the findings in working order and the counts behind the summary.

:func:`collect` reads a :class:`~gkrules.engine.report.Report` once.  Only verdicts of the statuses
asked for are built (a million ``met`` instances cost nothing unless listed); at-risk marking asks
:mod:`gkrules.reports.due` about every pending verdict.  The counts are always complete; the list
may be capped (``limit``), keeping the first findings in working order.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Iterable, Sequence

from attrs import frozen

from gkrules.calendar.core import WorkdayCalendar
from gkrules.calendar.instants import local_day
from gkrules.engine.report import Report, SummaryRow
from gkrules.engine.verdicts import Status, Verdict
from gkrules.reports.common import Kind, kind_of, rule_orders, sort_key, verdicts_with_units
from gkrules.reports.due import DEFAULT_AT_RISK, DueItem, assess, is_open

__all__ = ["Collected", "Finding", "SummaryLine", "collect", "violation_month"]

#: What the text and Markdown reports list when no ``--status`` is given.
DEFAULT_LISTED: tuple[Status, ...] = (Status.VIOLATED, Status.PENDING)


@frozen
class Finding:
    """One listed verdict, its kind, and (open obligations) its to-do facts."""

    verdict: Verdict
    kind: Kind
    item: DueItem | None = None
    #: The unit the summary counts it under (the key's, else the triggering row's).
    unit: str | None = None


@frozen
class SummaryLine:
    """The engine's counts for one rule and unit, with 未完成 (not done) counted apart."""

    row: SummaryRow
    not_done: int = 0
    at_risk: int = 0

    @property
    def other_violated(self) -> int:
        return self.row.violated - self.row.done_late - self.not_done


@frozen
class Collected:
    """Everything a report format needs, gathered once."""

    report: Report
    findings: tuple[Finding, ...]
    #: How many verdicts of the listed statuses there are (``findings`` may hold fewer).
    listed_total: int
    kinds: dict[Kind, int]
    summary: tuple[SummaryLine, ...]
    statuses: tuple[Status, ...]
    at_risk_share: float
    provisional: bool
    #: Violations per month (``2024-02``), for the chart; in month order.
    by_month: tuple[tuple[str, int], ...]

    @property
    def shown_all(self) -> bool:
        return len(self.findings) == self.listed_total

    @property
    def total(self) -> int:
        return sum(line.row.total for line in self.summary)

    def count(self, status: Status) -> int:
        return sum(n for kind, n in self.kinds.items() if kind.status is status)


def violation_month(verdict: Verdict) -> str | None:
    """The month a violation belongs to: its deadline's, else its trigger's (``2024-02``)."""
    moment = verdict.deadline if verdict.deadline is not None else verdict.trigger
    if moment is None:
        return None
    day = local_day(moment) if isinstance(moment, dt.datetime) else moment
    return f"{day.year:04d}-{day.month:02d}"


def collect(
    report: Report,
    calendar: WorkdayCalendar,
    *,
    statuses: Iterable[Status] = DEFAULT_LISTED,
    at_risk: float = DEFAULT_AT_RISK,
    limit: int | None = None,
) -> Collected:
    """The findings of *statuses* in working order (at most *limit*), and the full counts."""
    listed = tuple(status for status in Status if status in set(statuses))
    orders = rule_orders(report.rules)
    kinds: Counter[Kind] = Counter()
    not_done: Counter[tuple[str, str | None]] = Counter()
    risky: Counter[tuple[str, str | None]] = Counter()
    months: Counter[str] = Counter()
    provisional = False
    findings: list[tuple[tuple[object, ...], int, Finding]] = []
    # Violated and pending verdicts are always read: the summary splits them by kind.
    for verdict, unit in verdicts_with_units(report, [Status.VIOLATED, Status.PENDING]):
        item = (
            assess(verdict, report.as_of, calendar, at_risk)
            if is_open(verdict) and verdict.deadline is not None
            else None
        )
        kind = kind_of(verdict, at_risk=item is not None and item.at_risk)
        kinds[kind] += 1
        if kind is Kind.NOT_DONE:
            not_done[(verdict.rule, unit)] += 1
        elif kind is Kind.AT_RISK:
            risky[(verdict.rule, unit)] += 1
        if verdict.status is Status.VIOLATED:
            month = violation_month(verdict)
            if month is not None:
                months[month] += 1
        provisional = provisional or verdict.provisional
        if verdict.status in listed:
            order = sort_key(verdict, kind, orders.get(verdict.rule, 0))
            findings.append((order, len(findings), Finding(verdict, kind, item, unit)))
    others = [status for status in listed if status not in (Status.VIOLATED, Status.PENDING)]
    for verdict, unit in verdicts_with_units(report, others):
        kind = kind_of(verdict)
        provisional = provisional or verdict.provisional
        order = sort_key(verdict, kind, orders.get(verdict.rule, 0))
        findings.append((order, len(findings), Finding(verdict, kind, None, unit)))
    counts = report.counts()
    kinds[Kind.MET] = counts[Status.MET]
    kinds[Kind.NOT_APPLICABLE] = counts[Status.NOT_APPLICABLE]
    total = len(findings)
    chosen: Sequence[tuple[tuple[object, ...], int, Finding]]
    if limit is not None and total > limit:
        chosen = heapq.nsmallest(limit, findings, key=lambda entry: (entry[0], entry[1]))
    else:
        chosen = sorted(findings, key=lambda entry: (entry[0], entry[1]))
    summary = tuple(
        SummaryLine(row, not_done[(row.rule, row.unit)], risky[(row.rule, row.unit)])
        for row in report.summary()
    )
    return Collected(
        report=report,
        findings=tuple(entry[2] for entry in chosen),
        listed_total=total,
        kinds={kind: kinds[kind] for kind in Kind},
        summary=summary,
        statuses=listed,
        at_risk_share=at_risk,
        provisional=provisional,
        by_month=tuple(sorted(months.items())),
    )
