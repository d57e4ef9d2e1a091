"""The streaming check: logs larger than memory, on one machine, in bounded memory.

::

    from gkrules.stream import run_check_stream

    with open("verdicts.jsonl", "w", encoding="utf-8") as out:
        run = run_check_stream(["dsl_examples"], ["2025.csv"], as_of="2026-01-31", output=out)
    print(run.counts, run.accounting.rows_read)

Three passes, the plan of ``--engine spark`` without Spark (:mod:`gkrules.stream.spill`,
:mod:`gkrules.stream.run`): (1) each CSV log is read once, a batch at a time, by the engine's own
loader; rows are counted and spilled to bucket files on disk, hash-partitioned by the keys the
rules correlate events by; (2) each bucket is evaluated alone, all its groups in one vectorized
call; (3) the verdicts are merged and written as JSON Lines or CSV — the same records, in the same
order, as ``--engine spark`` writes.  Memory holds one batch of rows, one bucket, and one row per
key group of window and date rules, whatever the log's size.  Needs pyarrow (the ``fast`` extra).
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any, Literal

from attrs import frozen

from gkrules.diagnostics import Lang
from gkrules.engine.report import Explanations, LogAccounting
from gkrules.engine.verdicts import Status
from gkrules.errors import EvaluationError, EventLogError, UsageError
from gkrules.stream.spill import Progress

__all__ = ["BUCKET_BYTES", "FORMATS", "StreamRun", "run_check_stream"]

#: Formats the streaming check writes (the others need the whole report in one process).
FORMATS = ("jsonl", "csv")
#: With ``buckets=None``, one bucket per this many bytes of logs (about 150,000 rows).
BUCKET_BYTES = 16 << 20


@frozen
class StreamRun:
    """What a streaming check found: verdicts per status, the log's accounting, rows written."""

    counts: dict[Status, int]
    accounting: LogAccounting
    written: int
    buckets: int


def run_check_stream(
    rules: Any,
    event_paths: Sequence[str | os.PathLike[str]],
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
    encoding: str | None = None,
    buckets: int | None = None,
    spill_dir: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    columns: Literal["all", "used"] = "all",
    explanations: Explanations = "all",
) -> StreamRun:
    """Check the CSV logs *event_paths* against *rules* in bounded memory; write the verdicts.

    *rules*: a :class:`gkrules.RuleSet`, or .gk files and folders.  *buckets*: how many parts the
    logs are split into (default: one per :data:`BUCKET_BYTES` of logs); more buckets, less memory.
    Temporary files go to *spill_dir* (default: the system's temporary folder) and are removed.
    *progress*, if given, is called as ``progress(phase, done, total)`` along the way (phases
    ``read`` — rows, total unknown: 0 —, ``check`` — buckets —, ``write`` — verdicts).
    ``columns="used"`` reads only the columns the rules can read, as in :meth:`RuleSet.check`.
    *explanations*: which verdicts' records carry their explanation (``all``, ``non-met``,
    ``none``; the others get ``null``).
    Strict (the default): rows that cannot be read stop the check before any verdict is written,
    all of them counted and the first 1000 listed; lenient: they are set aside and counted.
    """
    from gkrules.api import load
    from gkrules.engine.evaluate import resolve_as_of
    from gkrules.engine.messages import diagnostic as engine_diagnostic
    from gkrules.spark import checked_rules
    from gkrules.spark.run import record_chunks

    if output_format not in FORMATS:
        from gkrules.spark.messages import diagnostic

        raise UsageError(diagnostic("GK640", formats=", ".join(FORMATS), format=output_format))
    try:
        importlib.import_module("pyarrow")
    except ImportError:
        raise UsageError(engine_diagnostic("GK491", package="pyarrow", extra="fast")) from None
    if buckets is not None and buckets < 1:
        raise UsageError(
            engine_diagnostic(
                "GK490.choice", name="buckets", choices="1, 2, …", value=repr(buckets)
            )
        )
    ruleset = rules if hasattr(rules, "check") else load([os.fspath(p) for p in rules])
    instant = resolve_as_of(as_of)
    with tempfile.TemporaryDirectory(prefix="gkrules-", dir=spill_dir) as folder:
        spilled, jobs, accounting = _spill(
            ruleset,
            event_paths,
            Path(folder),
            as_of=instant,
            calendar_files=calendar_files,
            provisional=provisional,
            lenient=lenient,
            lang=lang,
            encoding=encoding,
            buckets=buckets,
            progress=progress,
            used_only=columns == "used",
            explanations=explanations,
        )
        from gkrules.stream.run import evaluate_buckets, merged_rows

        counts, problems = evaluate_buckets(spilled, jobs, progress)
        if problems:
            raise EvaluationError(problems)
        chosen = tuple(statuses)
        rows = merged_rows(spilled, len(checked_rules(ruleset)), chosen)
        lines = record_chunks(rows, output_format, bom=bom)
        written = 0
        expected = sum(counts[status] for status in set(chosen))
        for chunk, count in lines:
            if output is not None:
                output.write(chunk)
            written += count
            if progress is not None and written % 100_000 < count:
                progress("write", written, expected)
        return StreamRun(counts, accounting, written, spilled.buckets)


def _spill(
    ruleset: Any,
    event_paths: Sequence[str | os.PathLike[str]],
    folder: Path,
    *,
    as_of: dt.datetime,
    calendar_files: Sequence[str | os.PathLike[str]],
    provisional: bool,
    lenient: bool,
    lang: Lang,
    encoding: str | None,
    buckets: int | None,
    progress: Progress | None,
    used_only: bool,
    explanations: Explanations,
) -> tuple[Any, list[Any], LogAccounting]:
    from gkrules.engine.compile import rule_columns, rule_events
    from gkrules.engine.messages import diagnostic
    from gkrules.spark import checked_rules
    from gkrules.spark.plan import stage_job, stages
    from gkrules.spark.worker import Job, ShippedRules, build_calendar
    from gkrules.stream.read import open_sources
    from gkrules.stream.spill import spill

    rules = checked_rules(ruleset)
    files = tuple((os.fspath(p), Path(p).read_text(encoding="utf-8")) for p in calendar_files)
    shipped = ShippedRules.pack(rules, files, provisional=provisional)
    build_calendar(shipped)
    logs = open_sources([os.fspath(p) for p in event_paths], encoding)
    columns = tuple(dict.fromkeys(c for log in logs for c in log.columns if c))
    if used_only:
        wanted = frozenset().union(*(rule_columns(rule) for rule in rules))
        columns = tuple(c for c in columns if c in wanted)
    sources = tuple(log.source.name for log in logs)
    rule_ids = tuple(rule.id for rule in rules)
    used = [frozenset(rule_events(rule.body)) for rule in rules]
    plan = stages(rules, used)
    size = sum(log.source.size or 0 for log in logs)
    count = buckets or max(1, min(512, math.ceil(size / BUCKET_BYTES)))
    base = Job(
        shipped,
        rule_ids,
        tuple(range(len(rule_ids))),
        as_of,
        lang,
        sources,
        columns,
        explanations=explanations,
    )
    spilled = spill(
        logs, columns, base, plan, as_of=as_of, directory=folder, buckets=count, progress=progress
    )
    summary = spilled.summary()
    if spilled.set_aside and not lenient:
        headline = diagnostic("GK400", hint="GK400.hint", problems=spilled.set_aside)
        raise EventLogError([headline, *spilled.listed])
    accounting = summary.accounting(used, spilled.listed, sources)
    first_day = summary.first_day
    jobs = [stage_job(base, stage, first_day, problems_as_rows=True) for stage in plan]
    return spilled, jobs, accounting
