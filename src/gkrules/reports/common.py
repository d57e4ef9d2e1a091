"""What every report format shares: kinds of findings, their order, and how values are worded.

A violated verdict is one of three *kinds*: 未完成 (not done: nothing fulfilled it and its
deadline is over), 逾期完成 (done late) and the other violations (a limit broken, an attribute
missing, a window short of its count).  Reports keep them apart, and list findings in the order
an officer works through them: not done, done late, other violations, at risk, pending, met,
not applicable.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

import numpy as np

from gkrules.calendar.periods import Amount
from gkrules.diagnostics import Lang
from gkrules.engine.explain import amount_text, as_of_text, moment_text
from gkrules.engine.report import Report
from gkrules.engine.verdicts import Status, Verdict
from gkrules.reports.messages import text

__all__ = [
    "Filed",
    "Kind",
    "amount_words",
    "as_of_words",
    "clean",
    "key_words",
    "kind_of",
    "moment_words",
    "percent",
    "reasons",
    "rule_orders",
    "sort_key",
    "verdicts_with_units",
]


class Filed(Protocol):
    """What filing a finding reads of a verdict: a :class:`~gkrules.engine.verdicts.Verdict`,
    or the :class:`~gkrules.engine.verdicts.Brief` a batch gives without building one."""

    @property
    def rule(self) -> str: ...

    @property
    def status(self) -> Status: ...

    @property
    def key(self) -> tuple[tuple[str, str | None], ...]: ...

    @property
    def trigger(self) -> dt.datetime | dt.date | None: ...

    @property
    def deadline(self) -> dt.datetime | dt.date | None: ...

    @property
    def fulfilled(self) -> dt.datetime | dt.date | None: ...

    @property
    def done_late(self) -> bool: ...

    @property
    def provisional(self) -> bool: ...


class Kind(enum.Enum):
    """How a report files a verdict (finer than its status)."""

    NOT_DONE = "not_done"
    DONE_LATE = "done_late"
    VIOLATED = "violated"
    AT_RISK = "at_risk"
    PENDING = "pending"
    MET = "met"
    NOT_APPLICABLE = "not_applicable"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def status(self) -> Status:
        return _STATUS[self]

    def label(self, lang: Lang) -> str:
        return text(f"kind.{self.value}", lang)


_RANK = {kind: index for index, kind in enumerate(Kind)}
_STATUS = {
    Kind.NOT_DONE: Status.VIOLATED,
    Kind.DONE_LATE: Status.VIOLATED,
    Kind.VIOLATED: Status.VIOLATED,
    Kind.AT_RISK: Status.PENDING,
    Kind.PENDING: Status.PENDING,
    Kind.MET: Status.MET,
    Kind.NOT_APPLICABLE: Status.NOT_APPLICABLE,
}


def verdicts_with_units(
    report: Report, statuses: Sequence[Status]
) -> Iterator[tuple[Verdict, str | None]]:
    """The verdicts of *statuses* with the unit the summary counts them under.

    The unit is the batch's: the key's unit, or (rules keyed by case) the triggering row's —
    the same the engine's :meth:`~gkrules.engine.report.Report.summary` uses.
    """
    if not statuses:
        return
    codes = [status.code for status in statuses]
    for batch in report.batches:
        chosen = np.flatnonzero(np.isin(batch.statuses, codes)).tolist()
        if not chosen:
            continue
        units = batch.keys("unit")
        for index in chosen:
            yield batch.verdict(int(index)), units[int(index)]


def kind_of(verdict: Filed, at_risk: bool = False) -> Kind:
    """The kind of *verdict*; *at_risk* (from :mod:`gkrules.reports.due`) marks a pending one."""
    match verdict.status:
        case Status.VIOLATED:
            if verdict.done_late:
                return Kind.DONE_LATE
            if verdict.deadline is not None and verdict.fulfilled is None:
                return Kind.NOT_DONE
            return Kind.VIOLATED
        case Status.PENDING:
            return Kind.AT_RISK if at_risk else Kind.PENDING
        case Status.MET:
            return Kind.MET
        case Status.NOT_APPLICABLE:
            return Kind.NOT_APPLICABLE


def reasons(verdict: Verdict, lang: Lang, limit: int = 3) -> list[str]:
    """Why a violation that is not about a deadline is one: its explanation after the first step
    (which names the row or the window), at most *limit* lines, cleaned."""
    lines = verdict.explain(lang)
    return [clean(line.strip()) for line in lines[1 : 1 + limit]]


def _deadline_order(value: dt.datetime | dt.date | None) -> tuple[int, str]:
    if value is None:
        return (1, "")
    if isinstance(value, dt.datetime):
        return (0, moment_text(value))
    return (0, value.isoformat() + " 24:00")


def sort_key(verdict: Filed, kind: Kind, rule_order: int) -> tuple[object, ...]:
    """Findings by kind, then soonest deadline, then rule order, then key."""
    return (
        kind.rank,
        _deadline_order(verdict.deadline),
        rule_order,
        tuple((name, value or "") for name, value in verdict.key),
    )


# C0 and C1 controls (ESC starts terminal escape sequences), line and paragraph separators, and
# the bidirectional overrides and isolates that can make text read differently from what it is.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean(value: str) -> str:
    """*value* with control and bidi-override characters shown as ``\\uXXXX`` (never run by a
    terminal, never breaking a line of a table); tabs and newlines become spaces."""

    def escape(match: re.Match[str]) -> str:
        ch = match.group(0)
        if ch in "\t\n":
            return " "
        return f"\\u{ord(ch):04x}"

    return _UNSAFE.sub(escape, value)


def key_words(
    verdict: Verdict, lang: Lang, *, unit: str | None = None, skip: Iterable[str] = ()
) -> str:
    """The instance's key as ``case=A1, unit=办公室`` (window appended), or ``—``.

    *unit* (the triggering row's, for rules keyed by case) is shown after the key when the key has
    no unit of its own.
    """
    skipped = set(skip)
    parts = [f"{name}={value}" for name, value in verdict.key if name not in skipped and value]
    if unit and "unit" not in skipped and all(name != "unit" for name, _ in verdict.key):
        parts.append(f"unit={unit}")
    if verdict.window is not None and "window" not in skipped:
        parts.append(f"{'周期' if lang == 'zh' else 'window'}={verdict.window}")
    separator = "，" if lang == "zh" else ", "
    return clean(separator.join(parts)) if parts else "—"


def moment_words(value: dt.datetime | dt.date | None, lang: Lang) -> str:
    """A trigger, deadline or fulfilment: ``2024-02-28`` or ``2024-05-03 10:15``; ``—`` when absent."""
    return moment_text(value, lang)


def amount_words(amount: Amount | None, lang: Lang) -> str:
    """``3个工作日`` / ``3 workdays``; empty when absent."""
    return amount_text(amount, lang)


def as_of_words(as_of: dt.datetime) -> str:
    return as_of_text(as_of)


def percent(share: float) -> str:
    """``20%``, ``12.5%``."""
    value = round(share * 100, 1)
    return f"{int(value)}%" if value == int(value) else f"{value}%"


def rule_orders(rules: Sequence[str]) -> dict[str, int]:
    return {rule: index for index, rule in enumerate(rules)}
