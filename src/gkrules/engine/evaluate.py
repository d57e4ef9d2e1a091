"""Running compiled rules over a log as of an instant: the table, every rule, the accounting.

::

    report = evaluate(compiled_rules, log, as_of=as_of, calendar=calendar)

Rows after *as_of* are not used (C12) and are counted; rows of events no rule reads are counted by
name, with a "did you mean" when the name is close to one the rules use.  Values that stop a rule
(a metric that is not a number) are collected over all rules and raised together as one
:class:`~gkrules.errors.EvaluationError`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from gkrules.calendar.core import WorkdayCalendar
from gkrules.calendar.instants import SHANGHAI
from gkrules.diagnostics import Diagnostic, Lang, closest
from gkrules.engine.compile import CompiledRule, rule_rows
from gkrules.engine.context import CheckContext
from gkrules.engine.eval_messages import evaluation_error, usage_error
from gkrules.engine.log_report import LoadReport
from gkrules.engine.report import LogAccounting, Report, UnusedEvent
from gkrules.engine.table import LoadedLog, event_names, event_table
from gkrules.engine.verdicts import VerdictBatch

__all__ = ["account", "evaluate", "resolve_as_of"]

_LAST_MICROSECOND = dt.timedelta(microseconds=1)


def resolve_as_of(as_of: dt.datetime | dt.date | str | None) -> dt.datetime:
    """The as-of instant, aware: ``None`` → now; a date → the last instant of that day (so events
    of that day are known and deadlines ending that day are still open); naive → Beijing time."""
    if as_of is None:
        return dt.datetime.now(SHANGHAI)
    value: dt.datetime | dt.date
    if isinstance(as_of, str):
        text = as_of.strip()
        try:
            value = (
                dt.date.fromisoformat(text) if len(text) <= 10 else dt.datetime.fromisoformat(text)
            )
        except ValueError:
            raise usage_error("GK503", got=repr(as_of)) from None
    else:
        value = as_of
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=SHANGHAI)
    if isinstance(value, dt.date):
        next_day = value + dt.timedelta(days=1)
        return (
            dt.datetime(next_day.year, next_day.month, next_day.day, tzinfo=SHANGHAI)
            - _LAST_MICROSECOND
        )
    raise usage_error("GK503", got=repr(as_of))


def evaluate(
    rules: Sequence[CompiledRule],
    log: LoadedLog,
    *,
    as_of: dt.datetime,
    calendar: WorkdayCalendar,
    lang: Lang = "zh",
    rows_set_aside: int = 0,
    rows_dropped: int = 0,
    set_aside: Sequence[Diagnostic] = (),
    sources: Sequence[str] = (),
    load: object = None,
) -> Report:
    """Every rule's verdicts on *log* as of *as_of*, with the log's accounting."""
    skipped = {name for name, _ in _skipped_events(load)}
    for rule in rules:  # a rule whose rows were not read cannot be checked
        needed = rule_rows(rule.rule)
        missing = sorted(skipped if needed is None else needed & skipped)
        if missing:
            raise usage_error("GK525", rule=rule.id, event=missing[0])
    table, after = event_table(log, as_of)
    ctx = CheckContext(table, as_of, calendar)
    batches = _evaluate_all(rules, ctx)
    if ctx.problems:
        raise evaluation_error(ctx.problems)
    accounting = account(
        rules,
        log,
        after,
        rows_set_aside=rows_set_aside,
        rows_dropped=rows_dropped,
        set_aside=set_aside,
        sources=sources,
        load=load,
    )
    return Report(batches, as_of=as_of, accounting=accounting, lang=lang, notes=ctx.notes)


#: A table of at least this many rows has its rules evaluated by a pool of threads, this many
#: (numpy's sorts and searches let go of the GIL).
PARALLEL_ROWS = 100_000
WORKERS = min(4, os.cpu_count() or 1)


def _evaluate_all(rules: Sequence[CompiledRule], ctx: CheckContext) -> list[VerdictBatch]:
    """Each rule's batch, in rule order; their problems and notes gathered into *ctx* in rule
    order too (several rules at once on a large table)."""
    if len(rules) < 2 or len(ctx.table) < PARALLEL_ROWS or WORKERS < 2:
        return [rule.evaluate(ctx) for rule in rules]
    contexts = [ctx.fork() for _ in rules]
    # The costliest rules start first, so that no long rule is left running alone at the end.
    first = sorted(range(len(rules)), key=_costs(rules, ctx).__getitem__, reverse=True)
    with ThreadPoolExecutor(WORKERS) as pool:
        done = dict(
            zip(
                first,
                pool.map(lambda i: rules[i].evaluate(contexts[i]), first),
                strict=True,
            )
        )
    batches = [done[i] for i in range(len(rules))]
    for child in contexts:
        ctx.problems.extend(child.problems)
        ctx.notes.extend(child.notes)
    return batches


def _costs(rules: Sequence[CompiledRule], ctx: CheckContext) -> list[int]:
    """A guess at each rule's work: the rows of its events, times the number of its events."""
    table = ctx.table
    # Bin 0 counts the rows without an event (code -1).
    rows = np.bincount(table.event + 1, minlength=len(table.event_names) + 1)[1:].tolist()
    of = dict(zip(table.event_names, rows, strict=False))
    return [len(rule.events) * sum(of.get(name, 0) for name in rule.events) for rule in rules]


def account(
    rules: Sequence[CompiledRule],
    log: LoadedLog,
    after: np.ndarray,
    *,
    rows_set_aside: int = 0,
    rows_dropped: int = 0,
    set_aside: Sequence[Diagnostic] = (),
    sources: Sequence[str] = (),
    load: object = None,
) -> LogAccounting:
    """What happened to each row: used, unused (no rule reads its event, or after as-of), set aside."""
    used_names = frozenset().union(*(rule.events for rule in rules)) if rules else frozenset()
    names = list(event_names(log))
    codes = np.asarray(log.event_codes, dtype=np.int64) if len(log) else np.zeros(0, np.int64)
    counts = np.bincount(codes, minlength=len(names)) if len(codes) else np.zeros(len(names), int)
    used_code = np.array([name in used_names for name in names] + [False], dtype=bool)
    row_used = used_code[codes] if len(codes) else np.zeros(0, dtype=bool)
    after_used = int(np.count_nonzero(row_used & after))
    used = int(np.count_nonzero(row_used & ~after))
    # Rows of events no rule reads: in the log, or counted (not read) while loading it.
    tally = {name: int(counts[code]) for code, name in enumerate(names) if name not in used_names}
    skipped = _skipped_events(load)
    for name, rows in skipped:
        tally[name] = tally.get(name, 0) + rows
    unused = [
        UnusedEvent(name, rows, closest(name, sorted(used_names), cutoff=0.6))
        for name, rows in tally.items()
        if rows > 0
    ]
    unused.sort(key=lambda u: (-u.rows, u.name))
    rows_unused = sum(u.rows for u in unused) + after_used
    return LogAccounting(
        rows_read=len(codes) + rows_set_aside + rows_dropped + sum(rows for _, rows in skipped),
        rows_used=used,
        rows_unused=rows_unused,
        rows_set_aside=rows_set_aside,
        rows_after_as_of=after_used,
        rows_dropped=rows_dropped,
        unused_events=tuple(unused),
        set_aside=tuple(set_aside),
        sources=tuple(sources),
        load=load,
    )


def _skipped_events(load: object) -> tuple[tuple[str, int], ...]:
    """The rows a load counted but did not read, by event (``load_events(events=...)``)."""
    if isinstance(load, LoadReport):
        return load.skipped_events
    return ()
