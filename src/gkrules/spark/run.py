"""``gkrules check --engine spark``: the command line's check, evaluated by Spark.

:func:`run_check_spark` loads the rules, reads the logs with Spark, plans the check, and writes
JSON Lines or CSV — the same records, byte for byte, as ``--engine local`` writes (sorted by
rule, then unit, case, window and trigger, where the local engine keeps each rule's own order).
The verdicts are kept (memory and disk) between the pass that counts them, so that an evaluation
error stops the run before anything is written, and the pass that writes them.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from attrs import frozen

from gkrules.api import RuleSet
from gkrules.diagnostics import Lang
from gkrules.engine.report import CSV_KEYS, RECORD_KEYS, Explanations, LogAccounting, csv_cell
from gkrules.engine.verdicts import Status
from gkrules.errors import UsageError
from gkrules.spark.messages import diagnostic
from gkrules.spark.read import EventsFormat
from gkrules.spark.worker import PROBLEM, RULE_INDEX

__all__ = ["FORMATS", "SparkRun", "record_chunks", "run_check_spark", "spark_record"]

#: The formats ``--engine spark`` writes (the others need the whole report in one process).
FORMATS = ("jsonl", "csv")
_HOURS = "小时"


@frozen
class SparkRun:
    """What a Spark check found: verdicts per status, and what happened to the log's rows."""

    counts: dict[Status, int]
    accounting: LogAccounting
    written: int


def run_check_spark(
    rule_paths: RuleSet | Sequence[str | os.PathLike[str]],
    event_paths: Sequence[str],
    *,
    as_of: dt.datetime | dt.date | str | None,
    output_format: str = "jsonl",
    output: IO[str] | None = None,
    calendar_files: Sequence[str | os.PathLike[str]] = (),
    provisional: bool = False,
    lenient: bool = False,
    lang: Lang = "zh",
    statuses: Iterable[Status] = tuple(Status),
    bom: bool = False,
    events_format: EventsFormat = "auto",
    master: str | None = None,
    spark: Any = None,
    explanations: Explanations = "all",
) -> SparkRun:
    """Check *event_paths* against *rule_paths* on Spark and write the verdicts to *output*.

    *rule_paths* are .gk files or folders (or a loaded :class:`~gkrules.RuleSet`); *event_paths*
    local paths or URIs that Spark reads (:func:`~gkrules.spark.read.read_events`).
    *explanations*: which verdicts carry their explanation (``all``, ``non-met``, ``none``).

    Errors a user can cause are :class:`~gkrules.GkError` (rules, calendar files, unreadable
    rows in a strict check, evaluation errors), as with the local engine.
    """
    from gkrules.api import load
    from gkrules.spark import plan_check_spark
    from gkrules.spark.read import read_events, spark_session

    if output_format not in FORMATS:
        raise UsageError(diagnostic("GK640", formats=", ".join(FORMATS), format=output_format))
    ruleset = (
        rule_paths if isinstance(rule_paths, RuleSet) else load([os.fspath(p) for p in rule_paths])
    )
    session = spark or spark_session(master)
    events = read_events(session, event_paths, events_format=events_format)
    check = plan_check_spark(
        ruleset,
        events,
        as_of=as_of,
        calendar_files=calendar_files,
        provisional=provisional,
        lenient=lenient,
        lang=lang,
        problems_as_rows=True,
        explanations=explanations,
    )
    storage = importlib.import_module("pyspark").StorageLevel.MEMORY_AND_DISK
    frame = check.frame.persist(storage)
    try:
        counts = _counts(frame)
        check.raise_problems()
        wanted = [status.value for status in statuses]
        rows = _sorted_rows(frame, wanted)
        lines = record_chunks(rows, output_format, bom=bom)
        written = 0
        for chunk, count in lines:
            if output is not None:
                output.write(chunk)
            written += count
    finally:
        frame.unpersist()
        check.release()
    return SparkRun(counts, check.accounting, written)


def _counts(frame: Any) -> dict[Status, int]:
    found = dict.fromkeys(Status, 0)
    rows = frame.filter(frame[PROBLEM].isNull()).groupBy("status").count().collect()
    for row in rows:
        found[Status(row["status"])] = int(row["count"])
    return found


def _sorted_rows(frame: Any, statuses: Sequence[str]) -> Iterator[dict[str, Any]]:
    chosen = frame.filter(frame[PROBLEM].isNull() & frame["status"].isin(list(statuses)))
    ordered = chosen.orderBy(
        RULE_INDEX,
        chosen["unit"].asc_nulls_last(),
        chosen["case"].asc_nulls_last(),
        chosen["window"].asc_nulls_last(),
        chosen["trigger"].asc_nulls_last(),
        chosen["deadline"].asc_nulls_last(),
    )
    for row in ordered.toLocalIterator(prefetchPartitions=True):
        yield row.asDict(recursive=True)


def spark_record(row: dict[str, Any]) -> dict[str, Any]:
    """A verdict row of the Spark DataFrame as the JSON Lines record the local engine writes."""
    record = {key: row.get(key) for key in RECORD_KEYS}
    for key in ("late_by", "remaining"):
        amount = record[key]
        if amount is not None:
            value = amount["value"]
            # the engine gives hours to 0.01 as a float, other units as whole numbers
            record[key] = {
                "value": float(value) if amount["unit"] == _HOURS else int(value),
                "unit": amount["unit"],
            }
    steps = record["explanation"]
    record["explanation"] = None if steps is None else list(steps)  # None: not asked for
    if row.get("window") is not None:
        record["window"] = row["window"]
    return record


def record_chunks(
    rows: Iterable[dict[str, Any]], output_format: str, *, bom: bool = False
) -> Iterator[tuple[str, int]]:
    """Verdict rows (the Arrow/Spark form) as ``(text, records in it)`` chunks of JSON Lines or CSV,
    the records ``--engine local`` writes (also used by the streaming check)."""
    return _jsonl(rows) if output_format == "jsonl" else _csv(rows, bom=bom)


def _jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[tuple[str, int]]:
    for row in rows:
        yield json.dumps(spark_record(row), ensure_ascii=False) + "\n", 1


def _csv(rows: Iterable[dict[str, Any]], *, bom: bool) -> Iterator[tuple[str, int]]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if bom:
        buffer.write("\ufeff")
    writer.writerow(CSV_KEYS)
    count = 0
    for row in rows:
        record = spark_record(row)
        writer.writerow([csv_cell(record.get(key)) for key in CSV_KEYS])
        count += 1
        if count % 500 == 0:
            yield buffer.getvalue(), 500
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue(), count % 500
