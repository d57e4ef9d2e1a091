"""Verdicts: what gkrules concludes about one obligation instance, and why.

A :class:`Verdict` is a frozen value: the rule, the instance's key (case, unit,
...), its status, the dates that decided it, the rows of the log it rests on,
and — built only when asked — its explanation in Chinese or English.

Evaluators do not build a ``Verdict`` per instance while they run: they fill a
:class:`VerdictBatch` (one per rule, columnar where it matters), and a report
materialises verdicts only when someone iterates over them.  Summaries and
status filters read the status column alone, so a million ``met`` instances
cost no objects and no explanation work.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt
from attrs import field, frozen

from gkrules.calendar.periods import Amount
from gkrules.diagnostics import Lang
from gkrules.language.ast import Citation, Severity
from gkrules.source import Span

__all__ = [
    "STATUS_ORDER",
    "Brief",
    "ListBatch",
    "RecordColumns",
    "RowRef",
    "RuleInfo",
    "Status",
    "StatusColumns",
    "Verdict",
    "VerdictBatch",
    "cite_line",
]


class Status(enum.Enum):
    """The four outcomes of an obligation instance (C12)."""

    MET = "met"  # 已履行
    VIOLATED = "violated"  # 违反 (逾期完成 or 未完成)
    PENDING = "pending"  # 未到期
    NOT_APPLICABLE = "not_applicable"  # 不适用

    @property
    def code(self) -> int:
        return STATUS_ORDER.index(self)

    def label(self, lang: Lang = "zh") -> str:
        return _LABELS[self][0 if lang == "zh" else 1]

    @classmethod
    def parse(cls, text: str) -> Status:
        """A status by its English value or its Chinese label (已履行, 违反, 未到期, 不适用 …)."""
        cleaned = text.strip()
        for status in cls:
            if cleaned in (status.value, *_ALIASES[status]):
                return status
        raise ValueError(text)


#: Status codes stored in batches are indexes into this tuple.
STATUS_ORDER: tuple[Status, ...] = tuple(Status)

_LABELS: dict[Status, tuple[str, str]] = {
    Status.MET: ("已履行", "met"),
    Status.VIOLATED: ("违反", "violated"),
    Status.PENDING: ("未到期", "pending"),
    Status.NOT_APPLICABLE: ("不适用", "not applicable"),
}

_ALIASES: dict[Status, tuple[str, ...]] = {
    Status.MET: ("已履行", "履行", "满足", "合规"),
    Status.VIOLATED: ("违反", "已违反", "违规", "未履行", "逾期"),
    Status.PENDING: ("未到期", "待履行", "待定", "进行中"),
    Status.NOT_APPLICABLE: ("不适用", "not applicable", "n/a"),
}


@frozen
class RowRef:
    """One row of an event log: its file (or ``<rows>`` for Python data) and 1-based row number."""

    source: str
    row: int

    def __str__(self) -> str:
        return f"{self.source}:{self.row}"


def cite_line(citation: Citation | None) -> str | None:
    """A citation as one line: the document and, when given, the article."""
    if citation is None:
        return None
    return " ".join(part for part in (citation.document, citation.article) if part)


@frozen
class RuleInfo:
    """What every verdict of a rule repeats: its id, title, severity, citation and place."""

    id: str
    title: str
    severity: Severity
    citation: Citation | None
    span: Span

    @property
    def cite(self) -> str | None:
        """The citation as one line: ``政府信息公开条例 第三十三条``."""
        return cite_line(self.citation)


Explainer = Callable[[Lang], tuple[str, ...]]


def _no_explanation(lang: Lang) -> tuple[str, ...]:
    return ()


@frozen(cache_hash=False)
class Verdict:
    """The outcome of one obligation instance.

    ``trigger`` and ``fulfilled`` are aware datetimes, or dates when the log gave only a date (C10).
    ``deadline`` is the last day (a date) for day-based periods and an aware datetime for hour-based
    ones; ``due`` is the instant the period ends (24:00 of the last day, or the rule's cut-off).
    ``late_by`` and ``remaining`` are in the rule's unit.  ``done_late`` tells 逾期完成 (fulfilled
    after the deadline) from 未完成.  ``provisional`` is true when a provisional calendar day was used.
    """

    rule: str
    title: str
    status: Status
    key: tuple[tuple[str, str | None], ...] = ()
    severity: Severity = Severity.REQUIRED
    window: str | None = None
    trigger: dt.datetime | dt.date | None = None
    deadline: dt.datetime | dt.date | None = None
    due: dt.datetime | None = None
    fulfilled: dt.datetime | dt.date | None = None
    late_by: Amount | None = None
    remaining: Amount | None = None
    done_late: bool = False
    provisional: bool = False
    citation: Citation | None = None
    span: Span | None = field(default=None, eq=False)
    evidence: tuple[RowRef, ...] = ()
    explainer: Explainer = field(default=_no_explanation, eq=False, repr=False)
    #: ``case`` and ``unit`` of the triggering row when they are not part of the key (shown, not grouped by).
    labels: tuple[tuple[str, str | None], ...] = ()

    @property
    def case(self) -> str | None:
        return self.key_value("case")

    @property
    def unit(self) -> str | None:
        return self.key_value("unit")

    def key_value(self, name: str) -> str | None:
        """The value of key *name*, else of the label *name* (``None`` when neither has it)."""
        for key_name, value in (*self.key, *self.labels):
            if key_name == name:
                return value
        return None

    @property
    def cite(self) -> str | None:
        """The citation as one line: ``政府信息公开条例 第三十三条``."""
        return cite_line(self.citation)

    @property
    def source(self) -> str | None:
        """Where the rule is written: ``file:line:col``."""
        return str(self.span) if self.span is not None else None

    def explain(self, lang: Lang = "zh") -> tuple[str, ...]:
        """The reasoning, step by step, in *lang* (built now, not when the verdict was made)."""
        return self.explainer(lang)


@frozen
class Brief:
    """What a report files a verdict by (its kind, month, order and counts), with the values
    the :class:`Verdict` would hold, but without building the verdict (evidence, labels,
    amounts, explanation): a batch of many instances gives these for the verdicts a report
    counts and does not list."""

    rule: str
    status: Status
    key: tuple[tuple[str, str | None], ...]
    trigger: dt.datetime | dt.date | None
    deadline: dt.datetime | dt.date | None
    fulfilled: dt.datetime | dt.date | None
    done_late: bool
    provisional: bool


Moment = dt.datetime | dt.date


@frozen(eq=False)
class RecordColumns:
    """What the export records of some verdicts of one rule hold, a list per field (position
    ``i`` of each list: the ``i``-th verdict), and how to explain the ``i``-th.

    A columnar batch gives these without building its verdicts
    (:meth:`~gkrules.engine.deadline_batch.DeadlineBatch.record_columns`); any batch's verdicts
    give them through :meth:`of_verdicts`.  ``window`` is ``None`` when no verdict has one.
    """

    rule: str
    title: Sequence[str]
    status: Sequence[Status]
    case: Sequence[str | None]
    unit: Sequence[str | None]
    trigger: Sequence[Moment | None]
    deadline: Sequence[Moment | None]
    fulfilled: Sequence[Moment | None]
    late_by: Sequence[Amount | None]
    remaining: Sequence[Amount | None]
    provisional: Sequence[bool]
    cite: Sequence[str | None]
    source: Sequence[str | None]
    window: Sequence[str | None] | None
    explain: Callable[[int, Lang], tuple[str, ...]]
    #: Called with the positions about to be explained, before any is: a batch words their
    #: evidence at once.
    prepare: Callable[[Sequence[int], Lang], None] = lambda positions, lang: None

    def __len__(self) -> int:
        return len(self.status)

    @classmethod
    def of_verdicts(cls, rule: str, verdicts: Sequence[Verdict]) -> RecordColumns:
        """The columns of ready-made verdicts of rule *rule*."""
        windows = [v.window for v in verdicts]
        return cls(
            rule=rule,
            title=[v.title for v in verdicts],
            status=[v.status for v in verdicts],
            case=[v.case for v in verdicts],
            unit=[v.unit for v in verdicts],
            trigger=[v.trigger for v in verdicts],
            deadline=[v.deadline for v in verdicts],
            fulfilled=[v.fulfilled for v in verdicts],
            late_by=[v.late_by for v in verdicts],
            remaining=[v.remaining for v in verdicts],
            provisional=[v.provisional for v in verdicts],
            cite=[v.cite for v in verdicts],
            source=[v.source for v in verdicts],
            window=windows if any(w is not None for w in windows) else None,
            explain=lambda position, lang: verdicts[position].explain(lang),
        )


class VerdictBatch(Protocol):
    """The verdicts of one rule: a status column for counting, verdict objects on demand."""

    @property
    def rule(self) -> RuleInfo: ...

    @property
    def statuses(self) -> npt.NDArray[np.int8]: ...

    @property
    def done_late(self) -> npt.NDArray[np.bool_]: ...

    def __len__(self) -> int: ...

    def verdict(self, index: int) -> Verdict: ...

    def keys(self, name: str) -> Sequence[str | None]: ...


class _Planned(Protocol):
    @property
    def info(self) -> RuleInfo: ...


class StatusColumns:
    """What batches kept as columns share: the rule (from their plan), the status column and its
    length; nothing done late unless the batch says otherwise (only deadlines and dates can be)."""

    _plan: _Planned
    _status: npt.NDArray[np.int8]

    @property
    def rule(self) -> RuleInfo:
        return self._plan.info

    @property
    def statuses(self) -> npt.NDArray[np.int8]:
        return self._status

    @property
    def done_late(self) -> npt.NDArray[np.bool_]:
        return np.zeros(len(self._status), dtype=bool)

    def __len__(self) -> int:
        return len(self._status)


class ListBatch:
    """A batch of ready-made verdicts (rules with few instances: dates, windows, limits)."""

    def __init__(self, rule: RuleInfo, verdicts: Sequence[Verdict]) -> None:
        self._rule = rule
        self._verdicts = tuple(verdicts)
        self._statuses = np.fromiter(
            (v.status.code for v in self._verdicts), dtype=np.int8, count=len(self._verdicts)
        )

    @property
    def rule(self) -> RuleInfo:
        return self._rule

    @property
    def statuses(self) -> npt.NDArray[np.int8]:
        return self._statuses

    @property
    def done_late(self) -> npt.NDArray[np.bool_]:
        return np.fromiter(
            (v.done_late for v in self._verdicts), dtype=bool, count=len(self._verdicts)
        )

    def __len__(self) -> int:
        return len(self._verdicts)

    def __iter__(self) -> Iterator[Verdict]:
        return iter(self._verdicts)

    def verdict(self, index: int) -> Verdict:
        return self._verdicts[index]

    def keys(self, name: str) -> Sequence[str | None]:
        return [v.key_value(name) for v in self._verdicts]
