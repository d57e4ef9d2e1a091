"""gkrules on Apache Spark: the same rules, verdicts and explanations over logs of any size.

::

    import gkrules
    from gkrules.spark import check_spark, read_events, spark_session

    spark = spark_session()                      # $SPARK_MASTER, spark-submit's, or local[*]
    events = read_events(spark, ["s3a://lake/gkrules/events/"])   # Parquet, CSV or JSON Lines
    verdicts = check_spark(gkrules.load("dsl_examples"), events, as_of="2024-03-01")
    verdicts.filter("status = 'violated'").write.json("s3a://lake/gkrules/verdicts/")

The verdicts have the columns of the JSON Lines contract (docs/cli.md): ``rule, title, case,
unit, status, trigger, deadline, fulfilled, late_by, remaining, provisional, cite, source,
explanation, window``.  ``trigger``, ``deadline`` and ``fulfilled`` are ISO 8601 text, as in
JSON Lines: a deadline is a date for day-based periods and a date-time with its offset for
hour-based ones, and an event logged without a time is a whole day (C10); no Spark type holds
both, and a timestamp would lose the offset and turn a day into an instant.  ``late_by`` and
``remaining`` are ``struct<value: double, unit: string>``, ``explanation`` an
``array<string>``, ``window`` ``null`` except for window and yearly rules.

pyspark is imported only inside functions (``pip install 'gkrules[spark]'``).  See docs/spark.md.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import Any

from gkrules.diagnostics import Lang
from gkrules.engine.report import Explanations
from gkrules.language import ast
from gkrules.spark.plan import SparkCheck, SparkEvents, plan_check, rule_keys
from gkrules.spark.read import number_frame, read_events, spark_session
from gkrules.spark.run import SparkRun, run_check_spark
from gkrules.spark.worker import ROW, SOURCE

__all__ = [
    "ROW",
    "SOURCE",
    "SparkCheck",
    "SparkEvents",
    "SparkRun",
    "check_spark",
    "plan_check_spark",
    "read_events",
    "rule_keys",
    "run_check_spark",
    "spark_session",
]


def check_spark(
    ruleset: Any,
    df: Any,
    *,
    as_of: dt.datetime | dt.date | str | None,
    calendar_files: Sequence[str | os.PathLike[str]] = (),
    provisional: bool = False,
    lenient: bool = False,
    lang: Lang = "zh",
    partitions: int | None = None,
    persist: bool = True,
    explanations: Explanations = "all",
) -> Any:
    """The verdicts of *ruleset* on the events in *df* as of *as_of*, as a Spark DataFrame.

    *df* is a DataFrame in the standard schema (``time``, ``event``, ``case``, ``unit``,
    attributes) — or :class:`SparkEvents` from :func:`read_events`, which knows each row's file
    and line.  A plain DataFrame's rows are shown as ``<DataFrame>:N`` (N counting rows in
    partition order) unless it has ``_gk_source`` and ``_gk_row`` columns.  The calendar is the
    bundled one plus *calendar_files*; *provisional* as in :meth:`gkrules.RuleSet.check`.

    Runs one small job at once (the log's summary: a strict check stops here on unreadable
    rows, as the engine does); the verdicts are computed when the DataFrame is.  A value that
    stops a rule (GK5xx) fails that job with the engine's error.  With *persist* the annotated
    log stays cached for the evaluation (``plan_check_spark(...).release()`` frees it; here,
    ``spark.catalog.clearCache()``); without, each stage reads and annotates the log again.
    *explanations*: which verdicts carry their explanation (``all``, ``non-met``, ``none``).
    """
    check = plan_check_spark(
        ruleset,
        df,
        as_of=as_of,
        calendar_files=calendar_files,
        provisional=provisional,
        lenient=lenient,
        lang=lang,
        partitions=partitions,
        persist=persist,
        explanations=explanations,
    )
    return check.verdicts()


def plan_check_spark(
    ruleset: Any,
    df: Any,
    *,
    as_of: dt.datetime | dt.date | str | None,
    calendar_files: Sequence[str | os.PathLike[str]] = (),
    provisional: bool = False,
    lenient: bool = False,
    lang: Lang = "zh",
    partitions: int | None = None,
    problems_as_rows: bool = False,
    persist: bool = True,
    explanations: Explanations = "all",
) -> SparkCheck:
    """:func:`check_spark`, returning the planned check (verdicts and the log's accounting)."""
    from gkrules.engine.evaluate import resolve_as_of

    events = df if isinstance(df, SparkEvents) else _provenance(df)
    return plan_check(
        checked_rules(ruleset),
        _ordered(events),
        as_of=resolve_as_of(as_of),
        calendar_files=calendar_files,
        provisional=provisional,
        lenient=lenient,
        lang=lang,
        partitions=partitions,
        problems_as_rows=problems_as_rows,
        persist=persist,
        explanations=explanations,
    )


def checked_rules(ruleset: Any) -> tuple[ast.Rule, ...]:
    """The rules a :class:`gkrules.RuleSet` checks (only the chosen ones after ``select``)."""
    compiled = getattr(ruleset, "_compiled", None)
    if compiled is not None:
        return tuple(rule.rule for rule in compiled)
    return tuple(ruleset.rules)


def _provenance(df: Any) -> SparkEvents:
    from gkrules.errors import UsageError
    from gkrules.spark.messages import diagnostic

    has = (SOURCE in df.columns, ROW in df.columns)
    if has == (False, False):
        return number_frame(df)
    if has != (True, True):
        column, other = (SOURCE, ROW) if has[0] else (ROW, SOURCE)
        raise UsageError(diagnostic("GK642", column=column, other=other))
    names = sorted(row[0] for row in df.select(SOURCE).distinct().collect() if row[0] is not None)
    return SparkEvents(df, tuple(names))


def _ordered(events: SparkEvents) -> SparkEvents:
    """*events* with ``_gk_order``: each row's source's position among the sources."""
    import importlib

    from gkrules.spark.worker import ORDER

    if ORDER in events.frame.columns:
        return events
    F = importlib.import_module("pyspark.sql.functions")
    pairs = [item for i, name in enumerate(events.sources) for item in (F.lit(name), F.lit(i))]
    order = F.create_map(*pairs)[F.col(SOURCE)] if pairs else F.lit(0)
    return SparkEvents(events.frame.withColumn(ORDER, order.cast("int")), events.sources)
