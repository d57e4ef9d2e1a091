"""Gathering what a report shows: the findings in working order and the counts behind the summary.

:func:`collect` reads a :class:`~gkrules.engine.report.Report` once.  Only instances of the statuses
asked for are read (a million ``met`` instances cost nothing unless listed); at-risk marking asks
:mod:`gkrules.reports.due` about every pending verdict.  The counts are always complete; the list
may be capped (``limit``), keeping the first findings in working order.  A deadline rule's
violations are counted from its batch's columns, and verdicts are built only for the findings that
can be listed.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt
from attrs import define, field, frozen

from gkrules.calendar.core import WorkdayCalendar
from gkrules.calendar.instants import local_day
from gkrules.engine.deadline_batch import NONE, DeadlineBatch
from gkrules.engine.limits import EachBatch
from gkrules.engine.report import Report, SummaryRow
from gkrules.engine.table import instant_of
from gkrules.engine.verdicts import Status, Verdict, VerdictBatch
from gkrules.reports.common import (
    Filed,
    Kind,
    kind_of,
    rule_orders,
    sort_key,
)
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


def violation_month(verdict: Filed) -> str | None:
    """The month a violation belongs to: its deadline's, else its trigger's (``2024-02``)."""
    moment = verdict.deadline if verdict.deadline is not None else verdict.trigger
    return _month(moment) if moment is not None else None


def _month(moment: dt.datetime | dt.date) -> str:
    """The month of *moment* (an instant's Beijing day): ``2024-02``."""
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
    """The findings of *statuses* in working order (at most *limit*), and the full counts.

    The violations of a deadline rule (tens of thousands of them, in a large log) are counted
    from its batch's :class:`~gkrules.engine.deadline_batch.Filing` columns; only those whose
    kind and deadline rank among the first *limit* of the batch are filed by their
    :class:`~gkrules.engine.verdicts.Brief`, and verdicts are built for the findings listed.
    Other verdicts of the statuses read are built one by one (whether a pending one is at risk
    needs its dates), and each batch keeps at most *limit* of them.  Met and not-applicable
    findings rank after every violated and pending one: they are filed only when the findings
    ahead of them leave room under *limit*, and otherwise only counted.
    """
    listed = tuple(status for status in Status if status in set(statuses))
    gather = _Gather(report, calendar, at_risk, listed, rule_orders(report.rules))
    for number, batch in enumerate(report.batches):
        gather.batch(number, batch, limit)
    counts = report.counts()
    # Met, then not applicable: each kind ranks after every violated and pending finding (and
    # not applicable after met), so only the room the findings ahead leave can be listed.
    ahead = gather.total
    for status in listed:
        if status in (Status.VIOLATED, Status.PENDING):
            continue
        room = None if limit is None else max(limit - ahead, 0)
        for number, batch in enumerate(report.batches):
            gather.others(number, batch, status, room)
        ahead += counts[status]
    tally, findings = gather.tally, gather.findings
    kinds = tally.kinds
    kinds[Kind.MET] = counts[Status.MET]
    kinds[Kind.NOT_APPLICABLE] = counts[Status.NOT_APPLICABLE]
    chosen: Sequence[_Entry]
    if limit is not None and len(findings) > limit:
        chosen = heapq.nsmallest(limit, findings, key=_entry_order)
    else:
        chosen = sorted(findings, key=_entry_order)
    summary = tuple(
        SummaryLine(row, tally.not_done[(row.rule, row.unit)], tally.risky[(row.rule, row.unit)])
        for row in report.summary()
    )
    return Collected(
        report=report,
        findings=tuple(gather.finding(entry[2]) for entry in chosen),
        listed_total=gather.total,
        kinds={kind: kinds[kind] for kind in Kind},
        summary=summary,
        statuses=listed,
        at_risk_share=at_risk,
        provisional=tally.provisional,
        by_month=tuple(sorted(tally.months.items())),
    )


@define
class _Tally:
    """The counts behind the summary, verdict by verdict."""

    kinds: Counter[Kind] = field(factory=Counter)
    not_done: Counter[tuple[str, str | None]] = field(factory=Counter)
    risky: Counter[tuple[str, str | None]] = field(factory=Counter)
    months: Counter[str] = field(factory=Counter)
    provisional: bool = False

    def add(self, verdict: Filed, kind: Kind, unit: str | None) -> None:
        self.kinds[kind] += 1
        if kind is Kind.NOT_DONE:
            self.not_done[(verdict.rule, unit)] += 1
        elif kind is Kind.AT_RISK:
            self.risky[(verdict.rule, unit)] += 1
        if verdict.status is Status.VIOLATED:
            month = violation_month(verdict)
            if month is not None:
                self.months[month] += 1
        self.provisional = self.provisional or verdict.provisional


@define
class _Gather:
    """The counts and the candidate findings, batch by batch: the violated and pending
    instances first, then those of the other statuses listed (each finding with its sort key
    and its place: phase, batch, instance)."""

    report: Report
    calendar: WorkdayCalendar
    at_risk: float
    listed: tuple[Status, ...]
    orders: dict[str, int]
    tally: _Tally = field(factory=_Tally)
    findings: list[_Entry] = field(factory=list)
    #: How many findings of the listed statuses there are (``findings`` may hold fewer).
    total: int = 0

    def batch(self, number: int, batch: VerdictBatch, limit: int | None) -> None:
        statuses = batch.statuses
        chosen = np.flatnonzero(np.isin(statuses, _OPEN_OR_VIOLATED))
        if not len(chosen):
            return
        units = batch.keys("unit")
        deadline = _columnar(batch)
        if deadline is not None:
            violated = chosen[statuses[chosen] == Status.VIOLATED.code]
            chosen = chosen[statuses[chosen] != Status.VIOLATED.code]
            listing = Status.VIOLATED in self.listed
            self.total += len(violated) if listing else 0
            shown = _file_violations(deadline, violated, units, self.tally, limit if listing else 0)
            for index, kind in shown:
                self._later((0, number, index), deadline, kind, units[index])
        entries: list[_Entry] = []
        for index in chosen.tolist():
            verdict = batch.verdict(index)
            item = self._item(verdict)
            kind = kind_of(verdict, at_risk=item is not None and item.at_risk)
            self.tally.add(verdict, kind, units[index])
            if verdict.status in self.listed:
                self.total += 1
                order = sort_key(verdict, kind, self.orders.get(verdict.rule, 0))
                found = Finding(verdict, kind, item, units[index])
                entries.append((order, (0, number, index), found))
        if limit is not None and len(entries) > limit:  # the others of this batch cannot be listed
            entries = heapq.nsmallest(limit, entries, key=_entry_order)
        self.findings.extend(entries)

    def others(self, number: int, batch: VerdictBatch, status: Status, room: int | None) -> None:
        """The findings of a listed status that is neither violated nor pending (met, not
        applicable): nothing to count but them, and whether one is provisional.  At most *room*
        of them can be listed (``None``: all); with no room, none is filed."""
        chosen = np.flatnonzero(batch.statuses == status.code)
        if not len(chosen):
            return
        self.total += len(chosen)
        deadline = _columnar(batch)
        if deadline is not None:
            self._later_others(number, deadline, chosen, Kind(status.value), room)
            return
        if room == 0:
            self.tally.provisional = self.tally.provisional or _any_provisional(batch, chosen)
            return
        units = batch.keys("unit")
        kind = Kind(status.value)
        entries: list[_Entry] = []
        for index in chosen.tolist():
            verdict = batch.verdict(index)
            self.tally.provisional = self.tally.provisional or verdict.provisional
            order = sort_key(verdict, kind, self.orders.get(verdict.rule, 0))
            entries.append((order, (1, number, index), Finding(verdict, kind, None, units[index])))
        if room is not None and len(entries) > room:  # the others of this batch cannot be listed
            entries = heapq.nsmallest(room, entries, key=_entry_order)
        self.findings.extend(entries)

    def _later_others(
        self,
        number: int,
        batch: DeadlineBatch,
        chosen: npt.NDArray[np.int64],
        kind: Kind,
        room: int | None,
    ) -> None:
        """The met or not-applicable instances *chosen* of a deadline batch: whether one is
        provisional, from its filing columns, and those that can be listed filed by their
        briefs."""
        filing = batch.filing()
        self.tally.provisional = self.tally.provisional or bool(filing.provisional[chosen].any())
        if room == 0:
            return
        units = batch.keys("unit")
        rank = np.full(len(chosen), kind.rank, np.int64)
        last, due = filing.last_day[chosen], filing.due[chosen]
        for position in _listable(rank, last, due, room).tolist():
            index = int(chosen[position])
            self._later((1, number, index), batch, kind, units[index])

    def _later(
        self, place: tuple[int, int, int], batch: DeadlineBatch, kind: Kind, unit: str | None
    ) -> None:
        """A finding filed by its brief (the instance at *place*), its verdict built if chosen."""
        brief = batch.brief(place[2])
        order = sort_key(brief, kind, self.orders.get(brief.rule, 0))
        self.findings.append((order, place, _Later(batch, place[2], kind, unit)))

    def _item(self, verdict: Verdict) -> DueItem | None:
        """The to-do facts of an open verdict with a deadline."""
        if is_open(verdict) and verdict.deadline is not None:
            return assess(verdict, self.report.as_of, self.calendar, self.at_risk)
        return None

    def finding(self, found: Finding | _Later) -> Finding:
        """A chosen finding, its verdict built now if it was filed by its brief."""
        if isinstance(found, Finding):
            return found
        verdict = found.batch.verdict(found.index)
        return Finding(verdict, found.kind, self._item(verdict), found.unit)


_OPEN_OR_VIOLATED = [Status.VIOLATED.code, Status.PENDING.code]


@frozen
class _Later:
    """A finding filed by its brief: the verdict is built once it is chosen."""

    batch: VerdictBatch
    index: int
    kind: Kind
    unit: str | None


#: A finding's sort key, its place in reading order (phase, batch, instance), the finding.
_Entry = tuple[tuple[object, ...], tuple[int, int, int], "Finding | _Later"]


def _entry_order(entry: _Entry) -> tuple[tuple[object, ...], tuple[int, int, int]]:
    """Findings in listing order: sort key, then place (phase, batch, instance)."""
    return (entry[0], entry[1])


def _any_provisional(batch: VerdictBatch, chosen: npt.NDArray[np.int64]) -> bool:
    """Whether a verdict of *batch* (not a deadline batch: its filing columns tell) among
    *chosen* used a provisional calendar day."""
    if isinstance(batch, EachBatch):  # a check of each event has no deadline
        return False
    return any(batch.verdict(index).provisional for index in chosen.tolist())


def _columnar(batch: VerdictBatch) -> DeadlineBatch | None:
    """The batch as a deadline batch, whose violations are counted from its columns."""
    return batch if isinstance(batch, DeadlineBatch) else None


def _file_violations(
    batch: DeadlineBatch,
    violated: npt.NDArray[np.int64],
    units: Sequence[str | None],
    tally: _Tally,
    limit: int | None,
) -> list[tuple[int, Kind]]:
    """Count the *violated* instances of *batch* from its filing columns (as
    :meth:`_Tally.add` would, one by one), and return those that can be among the first *limit*
    findings (:func:`_listable`), with their kinds."""
    if not len(violated):
        return []
    filing, rule = batch.filing(), batch.rule.id
    done_late = filing.done_late[violated]
    last, due = filing.last_day[violated], filing.due[violated]
    by_day, by_hour = last != NONE, (last == NONE) & (due != NONE)
    not_done = ~done_late & (by_day | by_hour) & ~filing.fulfilled[violated]
    rank = np.where(
        done_late, Kind.DONE_LATE.rank, np.where(not_done, Kind.NOT_DONE.rank, Kind.VIOLATED.rank)
    )
    tally.kinds[Kind.DONE_LATE] += int(np.count_nonzero(done_late))
    tally.kinds[Kind.NOT_DONE] += int(np.count_nonzero(not_done))
    tally.kinds[Kind.VIOLATED] += int(np.count_nonzero(~done_late & ~not_done))
    tally.not_done.update((rule, units[index]) for index in violated[not_done].tolist())
    tally.provisional = tally.provisional or bool(filing.provisional[violated].any())
    # The month of each violation: its deadline's (its last day's, or its instant's Beijing day),
    # else its trigger's.
    months = last[by_day].astype("datetime64[D]").astype("datetime64[M]")
    found, counts = np.unique(months, return_counts=True)
    tally.months.update(dict(zip((str(m) for m in found), counts.tolist(), strict=True)))
    tally.months.update(_month(instant_of(us)) for us in due[by_hour].tolist())
    for index in violated[~by_day & ~by_hour].tolist():
        month = violation_month(batch.brief(index))
        if month is not None:
            tally.months[month] += 1
    picked = _listable(rank, last, due, limit)
    kinds = list(Kind)
    return [
        (index, kinds[r])
        for index, r in zip(violated[picked].tolist(), rank[picked].tolist(), strict=True)
    ]


def _listable(
    rank: npt.NDArray[np.int64],
    last: npt.NDArray[np.int64],
    due: npt.NDArray[np.int64],
    limit: int | None,
) -> npt.NDArray[np.int64]:
    """The positions of the instances of one batch that can be among the first *limit* findings
    (all when *limit* is ``None``), given their kinds' ranks and deadlines.

    Findings rank by kind, then deadline, then rule and key: an instance whose kind and
    deadline come after the *limit*-th instance's has at least *limit* findings of the same
    rule before it, so it cannot be listed.
    """
    if limit is None or len(rank) <= limit:
        return np.arange(len(rank))
    if limit <= 0:
        return np.zeros(0, np.int64)
    order = rank * _KIND_STEP + _deadline_order(last, due)
    return np.flatnonzero(order <= np.partition(order, limit - 1)[limit - 1])


#: Deadline orders stay below this (a kind's rank is counted in steps of it).
_KIND_STEP = 10**13
_DAY_SECONDS = 86_400
#: Beijing time has kept UTC+8 since 1992 (no summer time); earlier instants are converted.
_FIXED_SINCE_US = 694_224_000_000_000  # 1992-01-01T00:00Z


def _deadline_order(
    last: npt.NDArray[np.int64], due: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Numbers in the order of :func:`~gkrules.reports.common.sort_key`'s deadline text:
    ``2024-02-28 24:00`` for a last day, Beijing ``2024-02-28 10:15`` (``:30`` when it has
    seconds) for an instant, none last.  Four per second: text with seconds follows the same
    minute's without, and 24:00 follows every time of that day."""
    by_day, by_hour = last != NONE, (last == NONE) & (due != NONE)
    order = np.full(len(last), _KIND_STEP - 1, np.int64)
    order[by_day] = 4 * (last[by_day] + 1) * _DAY_SECONDS - 1
    instants = due[by_hour]
    local = instants + 8 * 3_600_000_000
    seconds = np.floor_divide(local, 1_000_000)
    shown = (instants % 60_000_000 != 0).astype(np.int64)
    at = 4 * seconds + shown
    early = np.flatnonzero(instants < _FIXED_SINCE_US)
    for position in early.tolist():  # before 1992: Beijing had summer time some years
        moment = instant_of(int(instants[position]))
        wall = moment.replace(tzinfo=None) - dt.datetime(1970, 1, 1)
        second = wall.days * _DAY_SECONDS + wall.seconds
        at[position] = 4 * second + int(bool(moment.second or moment.microsecond))
    order[by_hour] = at
    return order
