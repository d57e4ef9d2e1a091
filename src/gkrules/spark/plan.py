"""The driver's side: a RuleSet and a DataFrame of events → a DataFrame of verdicts.

The plan, for a log of any size:

1. **annotate** (``mapInArrow``, no shuffle): every row is read once by the engine's own loader, in
   batches; its instant is added, its event and key values are normalized as the engine reads
   them, and rows that cannot be read carry their diagnostics.
2. **summarize** (one small aggregation, collected): rows per event, rows after the as-of instant,
   rows set aside, and the log's first instant.  A strict check stops here, as the engine would,
   with the set-aside rows' diagnostics (the first 1000; all are counted).
3. **evaluate**, one stage per set of key columns: the rows of the events those rules read are
   hash-partitioned by the keys (``repartition``) and sorted within partitions, so every key group
   lies whole in one partition; each partition is evaluated in slices of whole groups
   (``mapInArrow``).  Window and date rules also need every group that appears anywhere in the log
   and the log's first day: each group's earliest row of the other events comes along
   (``min_by``), and a row on the log's first day that belongs to no group is added to every
   slice.  Rules that look at one event at a time need no shuffle at all.

Nothing is collected on the driver but the summary; the verdicts stay a DataFrame.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import pickle
import warnings
from collections.abc import Sequence
from typing import Any

from attrs import evolve, frozen

from gkrules.calendar.instants import SHANGHAI
from gkrules.diagnostics import Diagnostic, Lang, closest
from gkrules.engine.report import Explanations, LogAccounting, UnusedEvent
from gkrules.engine.table import micros
from gkrules.errors import EvaluationError, EventLogError
from gkrules.language import ast
from gkrules.spark.worker import (
    MALFORMED,
    ORDER,
    PROBLEM,
    ROW,
    RULE_INDEX,
    SOURCE,
    TIME,
    VERDICT_FIELDS,
    Job,
    ShippedRules,
    annotate_batches,
    build_calendar,
    evaluate_partition,
    verdict_schema,
)

__all__ = [
    "LogSummary",
    "SparkCheck",
    "SparkEvents",
    "Stage",
    "plan_check",
    "rule_keys",
    "stage_job",
    "stages",
]

#: The first this many set-aside rows are listed with their diagnostics (all are counted).
MAX_LISTED = 1000
_STANDARD = ("event", "case", "unit")


def _functions() -> Any:
    return importlib.import_module("pyspark.sql.functions")


def _types() -> Any:
    return importlib.import_module("pyspark.sql.types")


# --- which rules go together ---------------------------------------------------------------------


def rule_keys(rule: ast.Rule) -> tuple[str, ...] | None:
    """The columns *rule* correlates events by; ``None`` when it looks at one event at a time."""
    match rule.body:
        case ast.EachBody():
            return None
        case ast.DeadlineBody() | ast.DateBody() | ast.WindowBody() | ast.LimitBody():
            return rule.body.keys


@frozen
class Stage:
    """Rules evaluated together: they group by the same ``keys`` (``None``: one row at a time)."""

    keys: tuple[str, ...] | None
    rule_ids: tuple[str, ...]
    events: frozenset[str]
    #: Window and date rules check every group of the log from the log's (or group's) first day.
    needs_universe: bool


def stages(rules: Sequence[ast.Rule], events: Sequence[frozenset[str]]) -> tuple[Stage, ...]:
    """The rules by key columns, in the order the keys first appear."""
    found: dict[tuple[str, ...] | None, list[int]] = {}
    for index, rule in enumerate(rules):
        found.setdefault(rule_keys(rule), []).append(index)
    result = []
    for keys, indexes in found.items():
        chosen = [rules[i] for i in indexes]
        result.append(
            Stage(
                keys,
                tuple(rule.id for rule in chosen),
                frozenset().union(*(events[i] for i in indexes)),
                any(isinstance(rule.body, ast.WindowBody | ast.DateBody) for rule in chosen),
            )
        )
    return tuple(result)


# --- the check ----------------------------------------------------------------------------------


@frozen
class SparkEvents:
    """A DataFrame of events with its provenance: ``_gk_source``/``_gk_row`` per row and the
    sources in the order a one-machine check would read them (ties in time keep that order)."""

    frame: Any
    sources: tuple[str, ...]


@frozen(eq=False)
class SparkCheck:
    """A planned check: the verdicts (lazy) and the accounting of the log (computed)."""

    frame: Any
    accounting: LogAccounting
    as_of: dt.datetime
    rule_ids: tuple[str, ...]
    #: The annotated log kept for the evaluation (``None`` when not persisted).
    kept: Any = None

    def release(self) -> None:
        """Let the kept annotated log go (after the verdicts have been computed or written)."""
        if self.kept is not None:
            self.kept.unpersist()

    def verdicts(self) -> Any:
        """The verdicts in the JSON Lines contract's columns (``window`` last, nullable)."""
        return self.frame.filter(self.frame[PROBLEM].isNull()).select(
            *(name for name, _ in VERDICT_FIELDS)
        )

    def raise_problems(self, limit: int = 1000) -> None:
        """Raise the evaluation problems found, if any, as one :class:`EvaluationError`."""
        rows = self.frame.filter(self.frame[PROBLEM].isNotNull()).select(PROBLEM).limit(limit)
        problems = [d for row in rows.collect() for d in pickle.loads(row[0])]
        if problems:
            raise EvaluationError(_unique(problems))


def stage_job(base: Job, stage: Stage, first_day: dt.date | None, *, problems_as_rows: bool) -> Job:
    """The job of one stage: *base* (every rule, in order) narrowed to the stage's rules and
    keys; *first_day* (the log's first day known) given to the stages that need it."""
    return evolve(
        base,
        rule_ids=stage.rule_ids,
        rule_index=tuple(base.rule_ids.index(rule) for rule in stage.rule_ids),
        keys=stage.keys or (),
        first_day=first_day if stage.needs_universe else None,
        per_row=stage.keys is None,
        problems_as_rows=problems_as_rows,
    )


def _unique(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, str | None, str]] = set()
    result = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        key = (d.code, str(d.span) if d.span else None, d.message.get("en"))
        if key not in seen:
            seen.add(key)
            result.append(d)
    return result


def plan_check(
    rules: Sequence[ast.Rule],
    events: SparkEvents,
    *,
    as_of: dt.datetime,
    calendar_files: Sequence[str | os.PathLike[str]] = (),
    provisional: bool = False,
    lenient: bool = False,
    lang: Lang = "zh",
    problems_as_rows: bool = False,
    partitions: int | None = None,
    persist: bool = True,
    explanations: Explanations = "all",
) -> SparkCheck:
    """Plan the check of *rules* on *events* as of *as_of*; run the summary (one action).

    With *persist*, the annotated log is kept (memory, then disk) for the stages that evaluate
    it; :meth:`SparkCheck.release` lets it go.
    """
    from gkrules.engine.compile import rule_events

    files = tuple((os.fspath(p), _read_text(p)) for p in calendar_files)
    shipped = ShippedRules.pack(rules, files, provisional=provisional)
    build_calendar(shipped)  # a bad calendar file stops the check here, not on an executor
    rule_ids = tuple(rule.id for rule in rules)
    used = [frozenset(rule_events(rule.body)) for rule in rules]
    plan = stages(rules, used)
    columns = tuple(c for c in events.frame.columns if c not in (SOURCE, ROW, ORDER, MALFORMED))
    _check_columns(columns)
    keys = sorted({k for stage in plan for k in stage.keys or ()})
    base = Job(
        shipped,
        rule_ids,
        tuple(range(len(rule_ids))),
        as_of,
        lang,
        events.sources,
        columns,
        explanations=explanations,
    )
    annotated = _annotate(events, base, tuple(k for k in keys if k in columns))
    for key in keys:
        if key not in columns:
            annotated = annotated.withColumn(key, _functions().lit(None).cast("string"))
    if persist:
        storage = importlib.import_module("pyspark").StorageLevel.MEMORY_AND_DISK
        annotated = annotated.persist(storage)
    try:
        summary = _summarize(annotated, as_of)
        problems = _set_aside(annotated) if summary.set_aside else []
    except BaseException:
        annotated.unpersist()
        raise
    if summary.set_aside and not lenient:
        from gkrules.engine.messages import diagnostic

        annotated.unpersist()
        headline = diagnostic("GK400", hint="GK400.hint", problems=summary.set_aside)
        raise EventLogError([headline, *problems])
    accounting = summary.accounting(used, problems, events.sources)
    first_day = summary.first_day
    known = annotated.filter(annotated[TIME].isNotNull() & (annotated[TIME] <= micros(as_of)))
    known = known.drop(PROBLEM, MALFORMED)
    outputs = []
    for stage in plan:
        job = stage_job(base, stage, first_day, problems_as_rows=problems_as_rows)
        outputs.append(_evaluate(known, stage, job, partitions))
    if not outputs:  # no rules: no verdicts
        empty = annotated.sparkSession.createDataFrame([], _spark_schema(verdict_schema()))
        outputs.append(empty)
    frame = outputs[0]
    for more in outputs[1:]:
        frame = frame.unionByName(more)
    return SparkCheck(frame, accounting, as_of, rule_ids, annotated if persist else None)


def _read_text(path: str | os.PathLike[str]) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _check_columns(columns: Sequence[str]) -> None:
    """The log has ``time`` and ``event`` columns, as the engine requires (GK406)."""
    from gkrules.engine.log_sources import Source, SourceState
    from gkrules.engine.log_tables import check_columns

    state = SourceState(Source("<DataFrame>", "DataFrame"), "DataFrame")
    if not check_columns(list(columns), state):
        raise EventLogError(state.file_problems)


def _annotate(events: SparkEvents, job: Job, keys: Sequence[str]) -> Any:
    """Stage 1: every row read by the engine's loader; instants, normalized keys, problems."""
    types = _types()
    normalized = [c for c in (*_STANDARD, *keys) if c in job.columns]
    fields = []
    for field in events.frame.schema.fields:
        if field.name in normalized:
            fields.append(types.StructField(field.name, types.StringType(), True))
        else:
            fields.append(field)
    fields.append(types.StructField(TIME, types.LongType(), True))
    fields.append(types.StructField(PROBLEM, types.BinaryType(), True))
    chosen = tuple(dict.fromkeys(normalized))

    def run(batches: Any) -> Any:
        return annotate_batches(batches, job, chosen)

    return _map_in_arrow(events.frame, run, types.StructType(fields))


@frozen
class LogSummary:
    """What a pass over the annotated log counted: rows per event and after the as-of instant,
    rows set aside, and the earliest instant known as of it (UTC µs)."""

    counts: dict[str, int]
    after: dict[str, int]
    set_aside: int
    first_us: int | None

    @property
    def first_day(self) -> dt.date | None:
        if self.first_us is None:
            return None
        instant = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=self.first_us)
        return instant.astimezone(SHANGHAI).date()

    def accounting(
        self,
        used_by_rule: Sequence[frozenset[str]],
        set_aside: Sequence[Diagnostic],
        sources: Sequence[str],
    ) -> LogAccounting:
        """The log's accounting, as :func:`gkrules.engine.evaluate.account` gives it."""
        used_names = frozenset().union(*used_by_rule)
        used = sum(n - self.after.get(e, 0) for e, n in self.counts.items() if e in used_names)
        after_used = sum(n for e, n in self.after.items() if e in used_names)
        unused = [
            UnusedEvent(name, rows, closest(name, sorted(used_names), cutoff=0.6))
            for name, rows in self.counts.items()
            if name not in used_names and rows > 0
        ]
        unused.sort(key=lambda u: (-u.rows, u.name))
        return LogAccounting(
            rows_read=sum(self.counts.values()) + self.set_aside,
            rows_used=used,
            rows_unused=sum(u.rows for u in unused) + after_used,
            rows_set_aside=self.set_aside,
            rows_after_as_of=after_used,
            unused_events=tuple(unused),
            set_aside=tuple(set_aside),
            sources=tuple(sources),
        )


def _summarize(annotated: Any, as_of: dt.datetime) -> LogSummary:
    """Stage 2: one aggregation over the annotated rows, collected (a row per event name)."""
    F = _functions()
    limit = micros(as_of)
    time = F.col(TIME)
    name = F.when(time.isNotNull(), F.col("event"))
    rows = (
        annotated.groupBy(name.alias("e"))
        .agg(
            F.count(F.lit(1)).alias("rows"),
            F.sum(F.when(time > limit, 1).otherwise(0)).alias("after"),
            F.min(F.when(time <= limit, time)).alias("first"),
        )
        .collect()
    )
    counts: dict[str, int] = {}
    after: dict[str, int] = {}
    set_aside = 0
    firsts = []
    for row in rows:
        if row["e"] is None:
            set_aside += int(row["rows"])
            continue
        counts[row["e"]] = int(row["rows"])
        after[row["e"]] = int(row["after"])
        if row["first"] is not None:
            firsts.append(int(row["first"]))
    return LogSummary(counts, after, set_aside, min(firsts) if firsts else None)


def _set_aside(annotated: Any) -> list[Diagnostic]:
    """The diagnostics of the first :data:`MAX_LISTED` rows set aside, in source and row order."""
    rows = (
        annotated.filter(annotated[PROBLEM].isNotNull())
        .select(ORDER, ROW, PROBLEM)
        .orderBy(ORDER, ROW)
        .limit(MAX_LISTED)
        .collect()
    )
    return [d for row in rows for d in pickle.loads(row[PROBLEM])]


def _evaluate(known: Any, stage: Stage, job: Job, partitions: int | None) -> Any:
    """Stage 3 for one set of rules: distribute by their keys, evaluate whole groups."""
    F = _functions()
    event = F.col("event")
    relevant = known.filter(event.isin(sorted(stage.events)))
    keys = list(stage.keys or ())
    if stage.keys is not None:
        if stage.needs_universe and keys:
            # each group's earliest row of the other events: the group exists, and counts from it
            present = F.lit(True)
            for key in keys:
                present = present & F.col(key).isNotNull()
            others = known.filter(present & ~event.isin(sorted(stage.events)))
            firsts = (
                others.groupBy(*keys)
                .agg(F.min_by(F.struct(*known.columns), F.col(TIME)).alias("_gk_first"))
                .select("_gk_first.*")
            )
            relevant = relevant.unionByName(firsts)
        if keys:
            # without a number, adaptive execution may merge small shuffle partitions
            spread = (
                relevant.repartition(partitions, *keys)
                if partitions
                else relevant.repartition(*keys)
            )
            relevant = spread.sortWithinPartitions(*keys, ORDER, ROW)
        else:
            relevant = relevant.repartition(1)  # one group of everything: one task
    schema = _spark_schema(verdict_schema())

    def run(batches: Any) -> Any:
        return evaluate_partition(batches, job)

    return _map_in_arrow(relevant, run, schema)


def _map_in_arrow(frame: Any, function: Any, schema: Any) -> Any:
    """``frame.mapInArrow``, without PySpark's warning that it is untested with pandas 3 (the
    functions here never touch pandas)."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", "PySpark does not yet fully support pandas", category=FutureWarning
        )
        return frame.mapInArrow(function, schema)


def _spark_schema(arrow_schema: Any) -> Any:
    """The Spark schema of an Arrow schema (strings, booleans, ints, binary, structs, lists)."""
    types = _types()

    def convert(kind: Any) -> Any:
        pa = importlib.import_module("pyarrow")
        if pa.types.is_string(kind):
            return types.StringType()
        if pa.types.is_boolean(kind):
            return types.BooleanType()
        if pa.types.is_int32(kind):
            return types.IntegerType()
        if pa.types.is_floating(kind):
            return types.DoubleType()
        if pa.types.is_binary(kind):
            return types.BinaryType()
        if pa.types.is_list(kind):
            return types.ArrayType(convert(kind.value_type), True)
        if pa.types.is_struct(kind):
            return types.StructType(
                [types.StructField(f.name, convert(f.type), True) for f in kind]
            )
        raise TypeError(kind)

    return types.StructType(
        [types.StructField(f.name, convert(f.type), True) for f in arrow_schema]
    )


__all__ += ["RULE_INDEX"]
