"""Deadline rules (``当 X 按 case 须 Y 在 N 工作日 内``): every trigger opens an instance (C11).

The evaluation is columnar.  Trigger and fulfilment rows are selected with compiled conditions,
grouped by the rule's keys with one factorisation, and each trigger is matched to the first
fulfilment at or after it in its group with one ``searchsorted`` (or, ``一对一``, a greedy walk per
group; :mod:`gkrules.engine.matching`).  Deadlines of plain clocks come from the calendar's vectorized
:func:`~gkrules.calendar.periods.compute_deadlines_array`; those of clocks that pause, restart or
are extended, in the common working-day cases, from :mod:`gkrules.engine.clock_vector`; the rest
go through the scalar :func:`~gkrules.calendar.clock.clock_deadline`.
The outcomes land in the columns of a :class:`~gkrules.engine.deadline_batch.DeadlineBatch`,
which builds verdicts from them on demand; explanations are recomputed, with ``explain=True``,
only when asked for (:mod:`gkrules.engine.deadline_explain`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt
from attrs import frozen

from gkrules.calendar.clock import Extension, Pause, clock_deadline
from gkrules.calendar.periods import (
    Counting,
    Deadline,
    Period,
    Unit,
    compute_deadline,
    compute_deadlines_array,
    is_on_time,
    lateness,
    remaining,
)
from gkrules.engine import clock_vector
from gkrules.engine.conditions import Env, Matcher, RowCondition
from gkrules.engine.context import CheckContext
from gkrules.engine.deadline_batch import (
    NONE,
    NOT_APPLICABLE,
    UNDECIDABLE,
    UNITS,
    ClockRows,
    DeadlineBatch,
    Issue,
    OutcomeColumns,
    Timed,
)
from gkrules.engine.eval_messages import note
from gkrules.engine.matching import match_first, match_one_to_one
from gkrules.engine.table import (
    MICROS_PER_DAY,
    SHANGHAI_OFFSET,
    EventTable,
    factorize_keys,
    stable_order,
)
from gkrules.engine.verdicts import STATUS_ORDER, RuleInfo
from gkrules.errors import CalendarRangeError

__all__ = [
    "DeadlineBatch",
    "DeadlinePlan",
    "ExtensionPlan",
    "Issue",
    "PausePlan",
    "PeriodCase",
]

IntArray = npt.NDArray[np.int64]
_MET, _VIOLATED, _PENDING, _NA = (s.code for s in STATUS_ORDER)
#: Instances decided together by :meth:`DeadlineRun._plain`, at most (``int64`` temporaries
#: of 128 KiB).
_BLOCK = 1 << 14


@frozen
class PeriodCase:
    """One case of a period: applies when ``condition`` holds (always when ``None``)."""

    condition: RowCondition | None
    period: Period
    text: str | None = None


@frozen
class PausePlan:
    start: Matcher
    end: Matcher


@frozen
class ExtensionPlan:
    on: Matcher
    amount_attribute: str | None
    limit: Period
    times: int


@frozen
class DeadlinePlan:
    """A compiled :class:`~gkrules.language.ast.DeadlineBody`."""

    info: RuleInfo
    keys: tuple[str, ...]
    trigger: Matcher
    fulfil: Matcher
    cases: tuple[PeriodCase, ...]
    counting: Counting
    pauses: tuple[PausePlan, ...] = ()
    restart: Matcher | None = None
    extension: ExtensionPlan | None = None
    only_if: Matcher | None = None
    one_to_one: bool = False
    effective: tuple[dt.date | None, dt.date | None] = (None, None)
    #: 同日: the period is the trigger's own day (worded as such in explanations).
    same_day: bool = False
    #: Decide the common clocked working-day instances with numpy (False: all go through the
    #: scalar clock, which gives the same answers; for tests).
    vectorize: bool = True

    @property
    def clocked(self) -> bool:
        return bool(self.pauses) or self.restart is not None or self.extension is not None

    def evaluate(self, ctx: CheckContext) -> DeadlineBatch:
        return DeadlineRun(self, ctx).run()


class DeadlineRun:
    """One run of a deadline plan over a table."""

    def __init__(self, plan: DeadlinePlan, ctx: CheckContext) -> None:
        self.plan = plan
        self.ctx = ctx
        self.table = ctx.table
        self.env = Env(ctx.table, plan.info.id, ctx.problems)
        #: Explanations of deadlines without clock events, by (trigger, period, event, lang):
        #: many instances share a trigger day, and the calendar walk is the costly part.
        self.explained: dict[tuple[object, ...], tuple[tuple[str, ...], bool]] = {}
        self._as_of_text: str | None = None
        #: The extension amount of each distinct value of its column (see _written_amounts).
        self._amounts: IntArray | None = None

    @property
    def as_of_text(self) -> str:
        """The as-of instant as explanations show it (worded once)."""
        if self._as_of_text is None:
            from gkrules.engine.explain import as_of_text

            self._as_of_text = as_of_text(self.ctx.as_of)
        return self._as_of_text

    # --- selecting and grouping -----------------------------------------------------------

    def run(self) -> DeadlineBatch:
        plan, table, env = self.plan, self.table, self.env
        inst, unknown_trigger = plan.trigger.rows_with_unknown(env)
        inst = inst.astype(np.int64)
        fulfil, _ = plan.fulfil.rows(env)
        roles: list[IntArray] = [inst, fulfil]
        for pause in plan.pauses:
            roles.append(pause.start.rows(env)[0])
            roles.append(pause.end.rows(env)[0])
        if plan.restart is not None:
            roles.append(plan.restart.rows(env)[0])
        if plan.extension is not None:
            roles.append(plan.extension.on.rows(env)[0])
        if plan.only_if is not None:
            roles.append(plan.only_if.rows(env)[0])
        # Group codes need not be dense here: groups are only matched, ordered and looked up.
        codes, self.group_keys = factorize_keys(
            table, plan.keys, np.concatenate(roles), dense=False
        )
        split = np.cumsum([len(r) for r in roles])[:-1]
        role_codes = np.split(codes, split)
        group = role_codes[0]
        n = len(inst)
        issue = np.zeros(n, dtype=np.int8)
        issue[unknown_trigger] = Issue.UNKNOWN_TRIGGER
        issue[group < 0] = Issue.MISSING_KEY
        start, end = plan.effective
        if start is not None or end is not None:
            first = _epoch_day(start) if start is not None else -(10**9)
            last = _epoch_day(end) if end is not None else 10**9
            day = table.day[inst]
            issue[(day < first) | (day > last)] = Issue.NOT_EFFECTIVE
        if plan.only_if is not None:
            having = np.unique(role_codes[-1])
            open_issue = (issue == Issue.NONE) | (issue == Issue.UNKNOWN_TRIGGER)
            lacking = ~np.isin(group, having) & (group >= 0) & open_issue
            issue[lacking] = Issue.NO_ONLY_IF
        period_index = self._periods(inst, issue)
        # The instances by group (those without one last), then in table order: the order of
        # the batch, and the one they are matched in (their search keys then ascend).
        by_group = stable_order(np.where(group >= 0, group, int(group.max(initial=-1)) + 1))
        # Instances that do not apply take no fulfilment (matters for 一对一).
        applicable = ~np.isin(issue, [int(i) for i in NOT_APPLICABLE])
        matching = by_group if applicable.all() else by_group[applicable[by_group]]
        matches = np.full(len(inst), -1, dtype=np.int64)
        matches[matching] = self._match(inst[matching], group[matching], fulfil, role_codes[1])
        clock_rows = self._clock_rows(role_codes, roles) if plan.clocked else ClockRows(None, None)
        return self._decide(
            inst, group, issue, period_index, matches, clock_rows, by_group, applicable
        )

    def _periods(self, inst: IntArray, issue: npt.NDArray[np.int8]) -> npt.NDArray[np.int8]:
        """The index of the period case that applies to each instance (-1: none)."""
        chosen = np.full(len(inst), -1, dtype=np.int8)
        undecided = np.ones(len(inst), dtype=bool)
        for index, case in enumerate(self.plan.cases):
            if case.condition is None:
                chosen[undecided] = index
                undecided[:] = False
                break
            truth = case.condition(self.env, inst)
            take = undecided & (truth.true | truth.unknown)
            chosen[take] = index
            unknown_here = undecided & truth.unknown & ~truth.true
            issue[unknown_here & (issue == Issue.NONE)] = Issue.UNKNOWN_PERIOD
            undecided &= ~take
        issue[undecided & (issue == Issue.NONE)] = Issue.NO_PERIOD
        return chosen

    def _match(
        self, inst: IntArray, group: IntArray, fulfil: IntArray, fulfil_group: IntArray
    ) -> IntArray:
        """For each instance, the table row of its fulfilment (-1: none), per C11."""
        table = self.table
        keep = fulfil_group >= 0
        if not keep.all():
            fulfil, fulfil_group = fulfil[keep], fulfil_group[keep]
        t_lo = table.lo[inst]
        f_hi = table.hi[fulfil]
        if self.plan.one_to_one:
            return match_one_to_one(t_lo, group, f_hi, fulfil_group, fulfil)
        return match_first(t_lo, group, f_hi, fulfil_group, fulfil)

    def _clock_rows(self, role_codes: list[IntArray], roles: list[IntArray]) -> ClockRows:
        self._events = _flat_events(self.plan, role_codes, roles, self.table)
        return ClockRows(self._events, self.plan)

    # --- deciding ---------------------------------------------------------------------------

    def _decide(
        self,
        inst: IntArray,
        group: IntArray,
        issue: npt.NDArray[np.int8],
        period_index: npt.NDArray[np.int8],
        matches: IntArray,
        clock_rows: ClockRows,
        by_group: IntArray,
        applicable: npt.NDArray[np.bool_],
    ) -> DeadlineBatch:
        """Each instance's outcome; *by_group* is the batch's order, *applicable* the instances
        whose issue leaves them applicable (both worked out by :meth:`run`)."""
        plan = self.plan
        n = len(inst)
        cols = OutcomeColumns(n)
        cols.status[~applicable] = _NA
        undecidable = np.isin(issue, [int(i) for i in UNDECIDABLE])
        clocked = np.isin(group, clock_rows.groups()) & applicable
        for index, case in enumerate(plan.cases):
            chosen = np.flatnonzero(applicable & ~clocked & (period_index == index))
            # A block at a time: its temporaries stay small (in the cache, and reused).
            for start in range(0, len(chosen), _BLOCK):
                block = chosen[start : start + _BLOCK]
                self._plain(cols, block, inst, case.period, matches, undecidable)
        vector = self._vector(cols, clocked, inst, group, period_index, matches, undecidable)
        # The vector path's extensions with a note or a value problem, reported in turn with
        # the scalar path's instances (as the scalar path would report them).
        flagged = self._flagged_extensions(clocked & vector)
        for i in np.flatnonzero(clocked & (~vector | flagged)).tolist():
            if flagged[i]:
                assert plan.extension is not None
                row = int(self._extension_rows[i])
                self._extension_amount(row, plan.extension.limit, explain=False)
                continue
            period = plan.cases[int(period_index[i])].period
            deadline = self.clock(int(inst[i]), int(group[i]), int(matches[i]), period, clock_rows)
            self._scalar(cols, i, deadline, int(matches[i]), bool(undecidable[i]))
        return DeadlineBatch(
            self,
            inst[by_group],
            group[by_group],
            issue[by_group],
            period_index[by_group],
            np.where(undecidable & (issue == Issue.MISSING_KEY), -1, matches)[by_group],
            cols.reorder(by_group),
            clock_rows,
        )

    def _plain(
        self,
        cols: OutcomeColumns,
        chosen: IntArray,
        inst: IntArray,
        period: Period,
        matches: IntArray,
        undecidable: npt.NDArray[np.bool_],
    ) -> None:
        """Deadlines and outcomes of instances without clock events, all at once."""
        ctx, table, counting = self.ctx, self.table, self.plan.counting
        rows = inst[chosen]
        unit = period.unit
        cols.unit[chosen] = UNITS.index(unit)
        if unit is Unit.HOURS:
            due = table.lo[rows] + period.amount * 3_600_000_000
            last = np.full(len(rows), NONE, dtype=np.int64)
        else:
            days = table.day[rows].astype("datetime64[D]")
            last_days = compute_deadlines_array(days, period, ctx.calendar, counting)
            last = last_days.astype(np.int64)
            due = _due_micros(last, counting)
            if ctx.calendar.provisional and (unit is Unit.WORKDAYS or counting.roll_off):
                end = _epoch_day(dt.date(ctx.calendar.last_year, 12, 31))
                cols.provisional[chosen] = last > end
        cols.last_day[chosen] = last
        cols.due[chosen] = due
        self._outcomes(cols, chosen, unit, last, due, matches, undecidable)

    def _outcomes(
        self,
        cols: OutcomeColumns,
        chosen: IntArray,
        unit: Unit,
        last: IntArray,
        due: IntArray,
        matches: IntArray,
        undecidable: npt.NDArray[np.bool_],
    ) -> None:
        """Status, lateness and time remaining of instances whose deadlines are known."""
        ctx, table, counting = self.ctx, self.table, self.plan.counting
        fulfil = matches[chosen]
        undecided = undecidable[chosen]
        has = (fulfil >= 0) & ~undecided
        f_lo = np.where(fulfil >= 0, table.lo[np.maximum(fulfil, 0)], NONE)
        on_time = has & (f_lo < due)
        late = has & ~on_time
        waiting = ~has & (ctx.as_of_us < due)
        over = ~has & ~waiting
        status = np.where(
            on_time, _MET, np.where(late, _VIOLATED, np.where(waiting, _PENDING, _VIOLATED))
        )
        cols.status[chosen] = status
        cols.done_late[chosen] = late
        # lateness (at the fulfilment, or at as-of for the not done) and time remaining
        f_day = np.where(fulfil >= 0, table.day[np.maximum(fulfil, 0)], 0)
        at_lo = np.where(late, f_lo, ctx.as_of_us)
        at_day = np.where(late, f_day, ctx.as_of_day)
        late_value = np.full(len(chosen), np.nan)
        remain_value = np.full(len(chosen), np.nan)
        overdue = late | over
        if unit is Unit.HOURS:
            late_value[overdue] = np.round((at_lo - due)[overdue] / 3.6e9, 2)
            remain_value[waiting] = np.round((due[waiting] - ctx.as_of_us) / 3.6e9, 2)
        else:
            reference = last - 1 if counting.exclusive else last
            if unit is Unit.WORKDAYS:
                if overdue.any():
                    counted = ctx.calendar.workdays_between_array(
                        reference[overdue].astype("datetime64[D]"),
                        at_day[overdue].astype("datetime64[D]"),
                    )
                    late_value[overdue] = np.maximum(counted, 0)
                if waiting.any():
                    remain_value[waiting] = ctx.calendar.workdays_between_array(
                        np.full(int(waiting.sum()), ctx.as_of_day).astype("datetime64[D]"),
                        reference[waiting].astype("datetime64[D]"),
                    )
            else:
                late_value[overdue] = np.maximum(at_day[overdue] - reference[overdue], 0)
                remain_value[waiting] = reference[waiting] - ctx.as_of_day
        cols.late[chosen] = late_value
        cols.remaining[chosen] = remain_value
        if unit in (Unit.MONTHS, Unit.YEARS):
            cols.unit[chosen] = UNITS.index(Unit.DAYS)

    def _vector(
        self,
        cols: OutcomeColumns,
        clocked: npt.NDArray[np.bool_],
        inst: IntArray,
        group: IntArray,
        period_index: npt.NDArray[np.int8],
        matches: IntArray,
        undecidable: npt.NDArray[np.bool_],
    ) -> npt.NDArray[np.bool_]:
        """Clocked working-day instances decided in one numpy pass; which ones were (C9).

        The others — other units, restarts, several pauses or extensions, events not yet known,
        suspended clocks, provisional days, days outside the calendar — are left to the scalar
        :func:`~gkrules.calendar.clock.clock_deadline`, which gives the same answers.
        """
        plan, ctx, table = self.plan, self.ctx, self.table
        done = np.zeros(len(inst), dtype=bool)
        self._extension_rows = np.full(len(inst), -1, dtype=np.int64)
        extension = plan.extension
        if not plan.vectorize or len(plan.pauses) > 1 or not clocked.any():
            return done
        for index, case in enumerate(plan.cases):
            period = case.period
            if period.unit is not Unit.WORKDAYS or period.amount < 1:
                continue
            if extension is not None and (
                extension.limit.unit is not Unit.WORKDAYS or extension.times < 1
            ):
                continue
            chosen = np.flatnonzero(clocked & (period_index == index))
            if not len(chosen):
                continue
            rows, fulfil = inst[chosen], matches[chosen]
            bound = np.where(fulfil >= 0, table.hi[np.maximum(fulfil, 0)], ctx.as_of_us)
            clocks = clock_vector.window(
                self._events,
                group[chosen],
                table.lo[rows],
                bound,
                table.day,
                table.day[rows],
                plan.counting.count_start_day,
                ctx.as_of_us,
            )
            budget = np.full(len(chosen), period.amount, dtype=np.int64)
            try:
                last, suspended, left = clock_vector.solve(ctx.calendar, budget, clocks)
                has_ext = clocks.extension_live
                if extension is not None and has_ext.any():
                    in_force = _due_micros(last, plan.counting)
                    taken = has_ext & (suspended | (clocks.extension_lo < in_force))
                    counted = taken & clocks.ok
                    # as written, at most the limit; the limit when absent or not a number
                    written = self._written_amounts(clocks.extension_row)
                    limit = extension.limit.amount
                    extra = np.where(
                        counted, np.where(written >= 0, np.minimum(written, limit), limit), 0
                    )
                    last, suspended, left = clock_vector.solve(ctx.calendar, budget + extra, clocks)
            except CalendarRangeError:
                continue  # the scalar path reports it
            ok = clocks.ok
            if ctx.calendar.provisional:
                end = _epoch_day(dt.date(ctx.calendar.last_year, 12, 31))
                # a suspended clock has counted up to its open pause's start day
                ok = ok & (np.where(suspended, clocks.stop_day, last) <= end)
            self._extension_rows[chosen[ok]] = clocks.extension_row[ok]
            cols.unit[chosen[ok]] = UNITS.index(Unit.WORKDAYS)
            done[chosen[ok]] = True
            stopped = ok & suspended
            if stopped.any():  # no deadline yet: met if answered, else pending with what is left
                at = chosen[stopped]
                answered = (matches[at] >= 0) & ~undecidable[at]
                cols.status[at] = np.where(answered, _MET, _PENDING)
                cols.remaining[at] = np.where(answered, np.nan, left[stopped])
            running = ok & ~suspended
            at, last = chosen[running], last[running]
            due = _due_micros(last, plan.counting)
            cols.last_day[at] = last
            cols.due[at] = due
            self._outcomes(cols, at, Unit.WORKDAYS, last, due, matches, undecidable)
        return done

    def _scalar(
        self, cols: OutcomeColumns, i: int, deadline: Deadline, fulfil: int, undecidable: bool
    ) -> None:
        """The outcome of one instance whose clock paused, restarted or was extended."""
        ctx, table = self.ctx, self.table
        unit = deadline.period.unit
        measured = Unit.DAYS if unit in (Unit.MONTHS, Unit.YEARS) else unit
        cols.unit[i] = UNITS.index(measured)
        cols.provisional[i] = deadline.provisional
        cols.last_day[i] = _epoch_day(deadline.last_day) if deadline.last_day is not None else NONE
        cols.due[i] = _micros_or_none(deadline.due)
        if fulfil >= 0 and not undecidable:
            moment = table.moment(fulfil)
            if is_on_time(deadline, moment):
                cols.status[i] = _MET
            else:
                cols.status[i] = _VIOLATED
                cols.done_late[i] = True
                cols.late[i] = lateness(deadline, moment, ctx.calendar).value
            return
        if deadline.due is None or ctx.as_of < deadline.due:
            cols.status[i] = _PENDING
            cols.remaining[i] = remaining(deadline, ctx.as_of, ctx.calendar).value
        else:
            cols.status[i] = _VIOLATED
            cols.late[i] = lateness(deadline, ctx.as_of, ctx.calendar).value

    # --- the clock of one instance -------------------------------------------------------------

    def clock(
        self,
        row: int,
        group: int,
        fulfil: int,
        period: Period,
        clock_rows: ClockRows,
        *,
        explain: bool = False,
    ) -> Deadline:
        """The deadline of the instance triggered at table *row*, with its group's clock events."""
        plan, table = self.plan, self.table
        rows = clock_rows.get(group)
        trigger = table.moment(row)
        if rows is None:
            return compute_deadline(
                trigger, period, self.ctx.calendar, plan.counting, explain=explain
            )
        t_lo = int(table.lo[row])
        bound = int(table.hi[fulfil]) if fulfil >= 0 else self.ctx.as_of_us

        def window(candidates: Timed) -> Timed:
            return tuple(item for item in candidates if item[1] >= t_lo and item[0] <= bound)

        pauses: list[Pause] = []
        for starts, ends in rows.pauses:
            pauses.extend(self._pair(window(starts), window(ends)))
        restarts = [table.moment(r) for _, _, r in window(rows.restarts)]
        extensions: list[Extension] = []
        limit = plan.extension.limit if plan.extension is not None else None
        for _, _, r in window(rows.extensions):
            extensions.append(Extension(table.moment(r), self._extension_amount(r, limit, explain)))
        return clock_deadline(
            trigger,
            period,
            self.ctx.calendar,
            pauses=pauses,
            restarts=restarts,
            extensions=extensions,
            extension_limit=limit,
            max_extensions=plan.extension.times if plan.extension is not None else 1,
            counting=plan.counting,
            as_of=self.ctx.as_of,
            explain=explain,
        )

    def _pair(self, starts: Timed, ends: Timed) -> list[Pause]:
        """Pause-start and pause-end rows paired in time order; a start left open is still paused."""
        table = self.table
        timeline = sorted([(lo, 0, r) for lo, _, r in starts] + [(lo, 1, r) for lo, _, r in ends])
        pauses: list[Pause] = []
        open_row: int | None = None
        for _, kind, r in timeline:
            if kind == 0 and open_row is None:
                open_row = r
            elif kind == 1 and open_row is not None:
                pauses.append(Pause(table.moment(open_row), table.moment(r)))
                open_row = None
        if open_row is not None:
            pauses.append(Pause(table.moment(open_row), None))
        return pauses

    def _flagged_extensions(self, decided: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
        """Which of the *decided* instances have an extension with a note or a value problem.

        Each distinct value of the amount column is parsed once; :meth:`_extension_amount`
        then reports the few flagged rows as it reports any.
        """
        extension = self.plan.extension
        if extension is None or extension.amount_attribute is None or extension.limit is None:
            return np.zeros(len(decided), np.bool_)
        found = self._written_amounts(self._extension_rows)
        flagged: npt.NDArray[np.bool_] = decided & (
            (found == _NOT_A_NUMBER) | (found > extension.limit.amount)
        )
        return flagged

    def _written_amounts(self, rows: IntArray) -> IntArray:
        """The extension amounts of table *rows* as written: a whole number ≥ 0, else
        ``_NOT_A_NUMBER``, or ``_ABSENT`` (no row, no amount column, or an empty value)."""
        extension = self.plan.extension
        if extension is None or extension.amount_attribute is None:
            return np.full(len(rows), _ABSENT, np.int64)
        codes, vocab = self.table.coded(extension.amount_attribute)
        if self._amounts is None:  # each distinct value parsed once a run
            cap = 1 << 62  # past any limit, and within int64
            self._amounts = np.array(
                [min(_written_amount(value), cap) for value in vocab] + [_ABSENT], np.int64
            )
        found: IntArray = np.where(rows >= 0, self._amounts[codes[np.maximum(rows, 0)]], _ABSENT)
        return found

    def _extension_amount(self, row: int, limit: Period | None, explain: bool) -> Period | None:
        extension = self.plan.extension
        if extension is None or extension.amount_attribute is None or limit is None:
            return None
        value = self.table.value(extension.amount_attribute, row)
        if value is None:
            return None
        text = str(value).strip()
        amount = _written_amount(text)
        if amount == _NOT_A_NUMBER:
            if not explain:
                self.env.bad_value("GK506", extension.amount_attribute, text, row)
            return None
        if amount > limit.amount and not explain:
            self.ctx.notes.append(
                note(
                    "GK530",
                    self.table.ref(row),
                    rule=self.plan.info.id,
                    amount=str(Period(amount, limit.unit)),
                    limit=str(limit),
                )
            )
        return Period(min(amount, 10 * limit.amount + 1), limit.unit)


_NOT_A_NUMBER, _ABSENT = -1, -2


def _written_amount(text: str) -> int:
    """An extension's amount as written (a whole number ≥ 0: ``20``, ``20.0``), or ``-1``."""
    try:
        number = float(text.strip())
    except ValueError:
        return _NOT_A_NUMBER
    if not number.is_integer() or number < 0:
        return _NOT_A_NUMBER
    return int(number)


def _flat_events(
    plan: DeadlinePlan, role_codes: list[IntArray], roles: list[IntArray], table: EventTable
) -> clock_vector.ClockEvents:
    """The clock events of every group, flat, for the vector path."""
    kinds: list[int] = []
    for _ in plan.pauses:
        kinds += [clock_vector.START, clock_vector.END]
    if plan.restart is not None:
        kinds.append(clock_vector.RESTART)
    if plan.extension is not None:
        kinds.append(clock_vector.EXTENSION)
    picked = range(2, 2 + len(kinds))
    group = np.concatenate([role_codes[i] for i in picked] + [np.zeros(0, np.int64)])
    row = np.concatenate([roles[i] for i in picked] + [np.zeros(0, np.int64)])
    kind = np.concatenate(
        [np.full(len(roles[i]), k, dtype=np.int8) for i, k in zip(picked, kinds, strict=True)]
        + [np.zeros(0, np.int8)]
    )
    slot = np.concatenate(
        [np.full(len(roles[i]), i - 2, dtype=np.int8) for i in picked] + [np.zeros(0, np.int8)]
    )
    keep = group >= 0
    return clock_vector.ClockEvents.build(
        group[keep].astype(np.int64),
        row[keep].astype(np.int64),
        kind[keep],
        slot[keep],
        table.lo,
        table.hi,
    )


def _epoch_day(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days


def _micros_or_none(instant: dt.datetime | None) -> int:
    if instant is None:
        return NONE
    from gkrules.engine.table import micros

    return micros(instant)


def _due_micros(last: IntArray, counting: Counting) -> IntArray:
    """The instant (µs) a period whose last day is *last* (epoch days) ends (C5)."""
    start = last * MICROS_PER_DAY - SHANGHAI_OFFSET
    if counting.exclusive:
        return start
    if counting.cutoff is not None:
        cut = counting.cutoff
        offset = ((cut.hour * 60 + cut.minute) * 60 + cut.second) * 1_000_000 + cut.microsecond
        return start + offset
    return start + MICROS_PER_DAY
