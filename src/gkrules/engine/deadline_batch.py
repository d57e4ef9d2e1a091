"""The instances of one deadline rule, as columns (:class:`DeadlineBatch`): verdicts, outcomes
and explanations built from them on demand, a block of Python lists at a time.

:mod:`gkrules.engine.deadline` fills the columns (:class:`OutcomeColumns`) and the clock events
of each group (:class:`ClockRows`); :mod:`gkrules.engine.deadline_explain` words the
explanations.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from attrs import frozen

from gkrules.calendar.periods import Amount, Unit
from gkrules.diagnostics import Lang
from gkrules.engine import clock_vector
from gkrules.engine.table import Moments, instant_of
from gkrules.engine.verdicts import (
    STATUS_ORDER,
    Brief,
    RecordColumns,
    RowRef,
    Status,
    StatusColumns,
    Verdict,
)

if TYPE_CHECKING:
    from gkrules.engine.deadline import DeadlinePlan, DeadlineRun

__all__ = [
    "LABELS",
    "NONE",
    "NOT_APPLICABLE",
    "UNDECIDABLE",
    "UNITS",
    "ClockRows",
    "DeadlineBatch",
    "Filing",
    "GroupClock",
    "Issue",
    "OutcomeColumns",
    "Timed",
    "status_of",
]

IntArray = npt.NDArray[np.int64]
NONE = int(np.iinfo(np.int64).min)
UNITS: tuple[Unit, ...] = tuple(Unit)
_PENDING = Status.PENDING.code


class Issue(enum.IntEnum):
    """Why an instance is not simply decided by its dates (kept per instance for explanations)."""

    NONE = 0
    MISSING_KEY = 1  # a key value is missing: the instance cannot be matched (never met)
    UNKNOWN_TRIGGER = 2  # the trigger's condition needs a missing attribute (never met)
    UNKNOWN_PERIOD = 3  # the period's condition needs a missing attribute (never met)
    NOT_EFFECTIVE = 4  # the trigger lies outside the rule's dates in force
    NO_ONLY_IF = 5  # the group has no event the rule's 仅当 asks for
    NO_PERIOD = 6  # no case of the period applies


#: Columns shown on every verdict (when the rule does not group by them).
LABELS = ("case", "unit")
UNDECIDABLE = (Issue.MISSING_KEY, Issue.UNKNOWN_TRIGGER, Issue.UNKNOWN_PERIOD)
NOT_APPLICABLE = (Issue.NOT_EFFECTIVE, Issue.NO_ONLY_IF, Issue.NO_PERIOD)


Timed = tuple[tuple[int, int, int], ...]  # (lo, hi, table row) of each event, in time order


@frozen
class GroupClock:
    """The clock events of one group, by role."""

    pauses: tuple[tuple[Timed, Timed], ...]
    restarts: Timed
    extensions: Timed


class ClockRows:
    """The clock events of each group, as :class:`GroupClock` built when first asked for."""

    def __init__(self, events: clock_vector.ClockEvents | None, plan: DeadlinePlan | None) -> None:
        self._events = events
        self._plan = plan
        self._built: dict[int, GroupClock] = {}
        #: Groups found to have no clock events (asked again by every explanation).
        self._unclocked: set[int] = set()

    def groups(self) -> IntArray:
        if self._events is None:
            return np.zeros(0, dtype=np.int64)
        return self._events.clocked_groups()

    def get(self, group: int) -> GroupClock | None:
        events, plan = self._events, self._plan
        if events is None or plan is None:
            return None
        found = self._built.get(group)
        if found is not None or group in self._unclocked:
            return found
        where = events.of_group(group)
        if not len(events.group[where]) or not (events.kind[where] != clock_vector.END).any():
            self._unclocked.add(group)
            return None
        slots = events.slot[where]
        lo, hi, row = events.lo[where], events.hi[where], events.row[where]

        def timed(slot: int) -> Timed:
            take = np.flatnonzero(slots == slot)
            take = take[np.argsort(row[take], kind="stable")]  # table order
            return tuple(zip(lo[take].tolist(), hi[take].tolist(), row[take].tolist(), strict=True))

        slot = len(plan.pauses) * 2
        pauses = tuple((timed(2 * p), timed(2 * p + 1)) for p in range(len(plan.pauses)))
        restarts: Timed = ()
        if plan.restart is not None:
            restarts = timed(slot)
            slot += 1
        extensions = timed(slot) if plan.extension is not None else ()
        found = GroupClock(pauses, restarts, extensions)
        self._built[group] = found
        return found


class OutcomeColumns:
    """The per-instance outcome columns, filled by the plain and the clocked paths."""

    def __init__(self, n: int) -> None:
        self.status = np.full(n, _PENDING, dtype=np.int8)
        self.unit = np.full(n, -1, dtype=np.int8)
        self.last_day = np.full(n, NONE, dtype=np.int64)
        self.due = np.full(n, NONE, dtype=np.int64)
        self.late = np.full(n, np.nan)
        self.remaining = np.full(n, np.nan)
        self.done_late = np.zeros(n, dtype=bool)
        self.provisional = np.zeros(n, dtype=bool)

    def reorder(self, order: IntArray) -> OutcomeColumns:
        """These columns put in *order*, one after another (each old column let go as soon as
        its reordered copy is made); returns them."""
        for name in (
            "status",
            "unit",
            "last_day",
            "due",
            "late",
            "remaining",
            "done_late",
            "provisional",
        ):
            setattr(self, name, getattr(self, name)[order])
        return self


@frozen(eq=False)
class Filing:
    """The columns a report files the violations of a batch by, none of them built as verdicts.

    ``fulfilled``: a fulfilment counts (found, and the instance decidable, C12); ``last_day``:
    the deadline's last day (local epoch day) of a day-based period, else :data:`NONE`;
    ``due``: the deadline instant (UTC epoch microseconds) of an hour-based one (read when
    ``last_day`` is :data:`NONE`; :data:`NONE`: no deadline).
    """

    done_late: npt.NDArray[np.bool_]
    fulfilled: npt.NDArray[np.bool_]
    last_day: IntArray
    due: IntArray
    provisional: npt.NDArray[np.bool_]


_BLOCK_SIZE = 1024
_EPOCH_DAY = dt.date(1970, 1, 1)


@frozen
class _Block:
    """Columns of up to :data:`_BLOCK_SIZE` instances of a batch, as Python lists."""

    rows: list[int]
    fulfil: list[int]
    issue: list[int]
    status: list[int]
    unit: list[int]
    due: list[int]
    last_day: list[int]
    late: list[float]
    remaining: list[float]
    done_late: list[bool]
    provisional: list[bool]
    group: list[int]
    #: The codes of each label column (see :meth:`DeadlineBatch._label_columns`), decoded only
    #: for the verdicts built: a report builds few of a block's.
    labels: tuple[list[int], ...]
    period_index: list[int]
    moments: dict[int, dt.datetime | dt.date]


class DeadlineBatch(StatusColumns):
    """The instances of one deadline rule, as columns; verdicts and explanations on demand."""

    def __init__(
        self,
        evaluation: DeadlineRun,
        rows: IntArray,
        group: IntArray,
        issue: npt.NDArray[np.int8],
        period_index: npt.NDArray[np.int8],
        fulfil: IntArray,
        cols: OutcomeColumns,
        clock_rows: ClockRows,
    ) -> None:
        self._evaluation = evaluation
        self._plan = evaluation.plan
        self._status = cols.status
        self._rows = rows
        self._group = group
        self._issue = issue
        self._period_index = period_index
        self._fulfil = fulfil
        self._cols = cols
        self._clock_rows = clock_rows
        self._block: _Block | None = None
        self._block_start = -1
        self._label_cache: list[tuple[str, IntArray, Sequence[str]]] | None = None

    @property
    def done_late(self) -> npt.NDArray[np.bool_]:
        return self._cols.done_late

    def key(self, index: int) -> tuple[tuple[str, str | None], ...]:
        evaluation = self._evaluation
        names = evaluation.plan.keys
        g = int(self._group[index])
        if g >= 0:
            values: Sequence[str | None] = evaluation.group_keys[g]
        else:
            row = int(self._rows[index])
            values = [evaluation.table.column(name)[row] for name in names]
        return tuple(zip(names, values, strict=True))

    def keys(self, name: str) -> Sequence[str | None]:
        return self._values(name, np.arange(len(self)), self._rows)

    def _block_of(self, index: int) -> tuple[int, _Block]:
        """The Python lists of the block of instances *index* is in (numpy scalars cost per
        verdict; a block's columns are turned into lists once, while verdicts are built in order)."""
        start = index - index % _BLOCK_SIZE
        block = self._block
        if block is None or self._block_start != start:
            cols, part = self._cols, slice(start, start + _BLOCK_SIZE)
            rows = self._rows[part]
            block = _Block(
                rows.tolist(),
                self._fulfil[part].tolist(),
                self._issue[part].tolist(),
                cols.status[part].tolist(),
                cols.unit[part].tolist(),
                cols.due[part].tolist(),
                cols.last_day[part].tolist(),
                cols.late[part].tolist(),
                cols.remaining[part].tolist(),
                cols.done_late[part].tolist(),
                cols.provisional[part].tolist(),
                self._group[part].tolist(),
                self._labels(rows),
                self._period_index[part].tolist(),
                {},
            )
            self._block, self._block_start = block, start
        return start, block

    def _label_columns(self) -> list[tuple[str, IntArray, Sequence[str]]]:
        """The label columns that are not keys: (name, codes in table order, vocabulary)."""
        if self._label_cache is None:
            evaluation = self._evaluation
            self._label_cache = [
                (name, *evaluation.table.coded(name))
                for name in LABELS
                if name not in evaluation.plan.keys
            ]
        return self._label_cache

    def _labels(self, rows: IntArray) -> tuple[list[int], ...]:
        return tuple(codes[rows].tolist() for _, codes, _ in self._label_columns())

    def _label(self, block: _Block, at: int) -> tuple[tuple[str, str | None], ...]:
        """The labels of the block's instance *at*."""
        return tuple(
            (name, vocab[codes[at]] if codes[at] >= 0 else None)
            for (name, _, vocab), codes in zip(self._label_columns(), block.labels, strict=True)
        )

    def _moments(
        self, block: _Block, at: int
    ) -> tuple[dt.datetime | dt.date | None, dt.datetime | None, int]:
        """(deadline, due, fulfilment row or -1) of the block's instance *at*, as its verdict
        shows them: a fulfilment found for an undecidable instance does not count (C12)."""
        due_us, last = block.due[at], block.last_day[at]
        due = instant_of(due_us) if due_us != NONE else None
        deadline: dt.datetime | dt.date | None = None
        if last != NONE:
            deadline = _EPOCH_DAY + dt.timedelta(days=last)
        elif due is not None:
            deadline = due
        fulfil = block.fulfil[at] if block.issue[at] not in UNDECIDABLE else -1
        return deadline, due, fulfil

    def _key_of(self, block: _Block, at: int, index: int) -> tuple[tuple[str, str | None], ...]:
        evaluation = self._evaluation
        group = block.group[at]
        if group >= 0:
            return tuple(zip(evaluation.plan.keys, evaluation.group_keys[group], strict=True))
        return self.key(index)

    def filing(self) -> Filing:
        """The columns a report files this batch's violations by (see :class:`Filing`)."""
        cols = self._cols
        return Filing(
            cols.done_late,
            self._counted(np.arange(len(self))) >= 0,
            cols.last_day,
            cols.due,
            cols.provisional,
        )

    def brief(self, index: int) -> Brief:
        """What a report files instance *index* by, without building its verdict."""
        start, block = self._block_of(index)
        at = index - start
        deadline, _, fulfil = self._moments(block, at)
        return Brief(
            rule=self._evaluation.plan.info.id,
            status=STATUS_ORDER[block.status[at]],
            key=self._key_of(block, at, index),
            trigger=self.moment(block.rows[at]),
            deadline=deadline,
            fulfilled=self.moment(fulfil) if fulfil >= 0 else None,
            done_late=block.done_late[at],
            provisional=block.provisional[at],
        )

    def verdict(self, index: int) -> Verdict:
        evaluation = self._evaluation
        table, info = evaluation.table, evaluation.plan.info
        start, block = self._block_of(index)
        at = index - start
        row = block.rows[at]
        unit_code = block.unit[at]
        unit = UNITS[unit_code] if unit_code >= 0 else None
        deadline, due, fulfil = self._moments(block, at)
        evidence = [RowRef(*table.ref(row))]
        if block.fulfil[at] >= 0:
            evidence.append(RowRef(*table.ref(block.fulfil[at])))
        return Verdict(
            rule=info.id,
            title=info.title,
            status=STATUS_ORDER[block.status[at]],
            key=self._key_of(block, at, index),
            severity=info.severity,
            trigger=self.moment(row),
            deadline=deadline,
            due=due,
            fulfilled=self.moment(fulfil) if fulfil >= 0 else None,
            late_by=_amount(block.late[at], unit),
            remaining=_amount(block.remaining[at], unit),
            done_late=block.done_late[at],
            provisional=block.provisional[at],
            citation=info.citation,
            span=info.span,
            evidence=tuple(evidence),
            explainer=lambda lang: self.explain(index, lang),
            labels=self._label(block, at),
        )

    def record_columns(self, indexes: IntArray) -> RecordColumns:
        """The export records' values of instances *indexes*, a column at a time: what
        :meth:`verdict` would give each, without building it."""
        evaluation = self._evaluation
        table, info = evaluation.table, evaluation.plan.info
        cols, rows = self._cols, self._rows[indexes]
        units = [UNITS[code] if code >= 0 else None for code in cols.unit[indexes].tolist()]
        count = len(rows)
        moments = Moments(table)
        deadline = [
            moments.day(last) if last != NONE else moments.instant(due) if due != NONE else None
            for last, due in zip(
                cols.last_day[indexes].tolist(), cols.due[indexes].tolist(), strict=True
            )
        ]
        return RecordColumns(
            rule=info.id,
            title=[info.title] * count,
            status=[STATUS_ORDER[code] for code in cols.status[indexes].tolist()],
            case=self._values("case", indexes, rows),
            unit=self._values("unit", indexes, rows),
            trigger=moments.of_rows(rows),
            deadline=deadline,
            fulfilled=moments.of_rows(self._counted(indexes)),
            late_by=[
                _amount(value, unit)
                for value, unit in zip(cols.late[indexes].tolist(), units, strict=True)
            ],
            remaining=[
                _amount(value, unit)
                for value, unit in zip(cols.remaining[indexes].tolist(), units, strict=True)
            ],
            provisional=cols.provisional[indexes].tolist(),
            cite=[info.cite] * count,
            source=[str(info.span)] * count,
            window=None,
            explain=lambda position, lang: self.explain(int(indexes[position]), lang),
            prepare=lambda positions, lang: self._quote(indexes[list(positions)], lang),
        )

    def _quote(self, indexes: IntArray, lang: Lang) -> None:
        """Word at once the evidence the explanations of instances *indexes* quote: their
        trigger rows and the fulfilments found (counted or not)."""
        fulfil = self._fulfil[indexes]
        rows = np.concatenate([self._rows[indexes], fulfil[fulfil >= 0]])
        self._evaluation.table.quote(rows, lang)

    def _counted(self, indexes: IntArray) -> IntArray:
        """The fulfilment row of instances *indexes* that counts: -1 for none, and for an
        undecidable instance (a fulfilment found for it does not count, C12)."""
        undecidable = np.isin(self._issue[indexes], [int(issue) for issue in UNDECIDABLE])
        counted: IntArray = np.where(undecidable, -1, self._fulfil[indexes])
        return counted

    def _values(self, name: str, indexes: IntArray, rows: IntArray) -> list[str | None]:
        """Key or label *name* of instances *indexes* (trigger *rows*), as their verdicts show it
        (any other column: the trigger row's value)."""
        evaluation = self._evaluation
        if name in evaluation.plan.keys:
            groups = self._group[indexes]
            values = evaluation.group_keys.values(name, groups)
            column = evaluation.table.column(name)
            for at in np.flatnonzero(groups < 0).tolist():
                values[at] = column[int(rows[at])]
            return values
        codes, vocab = evaluation.table.coded(name)
        return [vocab[code] if code >= 0 else None for code in codes[rows].tolist()]

    def outcome(self, index: int) -> tuple[Status, bool, Amount | None, Amount | None, bool]:
        """(status, done late, late by, remaining, whether there is a deadline) of instance
        *index*: what its verdict says, without building it."""
        start, block = self._block_of(index)
        at = index - start
        unit_code = block.unit[at]
        unit = UNITS[unit_code] if unit_code >= 0 else None
        return (
            STATUS_ORDER[block.status[at]],
            block.done_late[at],
            _amount(block.late[at], unit),
            _amount(block.remaining[at], unit),
            block.last_day[at] != NONE or block.due[at] != NONE,
        )

    def explain(self, index: int, lang: Lang) -> tuple[str, ...]:
        from gkrules.engine.deadline_explain import explain_instance

        return explain_instance(self, index, lang)

    # accessors for the explanation module
    def instance(self, index: int) -> tuple[int, int, int, Issue, int]:
        """(trigger row, group, fulfilment row, issue, period case) of instance *index*."""
        start, block = self._block_of(index)
        at = index - start
        return (
            block.rows[at],
            block.group[at],
            block.fulfil[at],
            Issue(block.issue[at]),
            block.period_index[at],
        )

    def moment(self, row: int) -> dt.datetime | dt.date:
        """:meth:`EventTable.moment` of table *row*, remembered for the current block (a verdict
        and its explanation both show it)."""
        block = self._block
        if block is None:
            return self._evaluation.table.moment(row)
        found = block.moments.get(row)
        if found is None:
            found = self._evaluation.table.moment(row)
            block.moments[row] = found
        return found

    @property
    def evaluation(self) -> DeadlineRun:
        return self._evaluation

    @property
    def clock_rows(self) -> ClockRows:
        return self._clock_rows


def _amount(value: float, unit: Unit | None) -> Amount | None:
    if unit is None or math.isnan(value):
        return None
    if unit is Unit.HOURS:
        return Amount(round(value, 2), unit)
    return Amount(int(value), unit)


def status_of(batch: DeadlineBatch, index: int) -> Status:
    return STATUS_ORDER[int(batch.statuses[index])]
