"""Passes 2 and 3 of the streaming check: evaluate each bucket, then merge the verdicts in order.

Each bucket of each stage is evaluated alone by the engine (all its key groups in one vectorized
call, :func:`gkrules.spark.worker.evaluate_slice`); its verdicts are sorted and written to a file
per rule.  Nothing is written to the output until every bucket has been evaluated, so a value that
stops a rule (GK5xx) stops the run before any verdict is printed.  Then each rule's files are merged
(``heapq.merge``), in the order ``--engine spark`` writes: by rule, then unit, case, window,
trigger and deadline, missing values last.
"""

from __future__ import annotations

import heapq
import importlib
import pickle
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from gkrules.diagnostics import Diagnostic
from gkrules.engine.verdicts import Status
from gkrules.spark.worker import PROBLEM, RULE_INDEX, Job, evaluate_slice_chunks
from gkrules.stream.spill import Progress, Spill, bucket_of, value_counts

__all__ = ["SORT_COLUMNS", "evaluate_buckets", "merged_rows"]

#: Within a rule, verdicts are listed by these columns (missing values last).
SORT_COLUMNS = ("unit", "case", "window", "trigger", "deadline")
#: Rows per batch of a result file.  The merge holds one batch of each of a rule's files as Python
#: records (a few kB each, with their explanations): 256 rows × 64 buckets stay under 100 MiB.
RESULT_BATCH = 256


def _pa() -> Any:
    return importlib.import_module("pyarrow")


def _pc() -> Any:
    return importlib.import_module("pyarrow.compute")


def evaluate_buckets(
    spilled: Spill, jobs: Sequence[Job], progress: Progress | None = None
) -> tuple[dict[Status, int], list[Diagnostic]]:
    """Evaluate every bucket of every stage; per rule and bucket a sorted result file.

    Returns the verdicts per status and the evaluation problems (each once).
    """
    pa = _pa()
    counts = dict.fromkeys(Status, 0)
    problems: dict[tuple[str, str, str], Diagnostic] = {}
    total = len(jobs) * spilled.buckets
    for index, job in enumerate(jobs):
        for bucket in range(spilled.buckets):
            if progress is not None:
                progress("check", index * spilled.buckets + bucket, total)
            table = _bucket_rows(spilled, index, bucket)
            if table is None:
                continue
            verdicts = pa.concat_tables(list(evaluate_slice_chunks(table, job)))
            del table
            failed = verdicts[PROBLEM].is_valid()
            for blob in verdicts.filter(failed).column(PROBLEM).to_pylist():
                for found in pickle.loads(blob):
                    key = (found.code, str(found.span), found.message.get("en") or "")
                    problems.setdefault(key, found)
            verdicts = verdicts.filter(_pc().invert(failed))
            for status, rows in value_counts(verdicts["status"]):
                counts[Status(status)] += rows
            _write_results(spilled, verdicts, bucket, pa)
    ordered = sorted(problems.values(), key=Diagnostic.sort_key)
    return counts, ordered


def _bucket_rows(spilled: Spill, stage: int, bucket: int) -> Any:
    """The rows of one bucket, with the earliest other rows of its groups; ``None`` if none."""
    pa = _pa()
    parts = []
    path = spilled.path(stage, bucket)
    if path.exists():
        with pa.ipc.open_stream(pa.OSFile(str(path), "rb")) as reader:
            parts.append(reader.read_all())
    firsts = [
        row
        for key, (_, row) in spilled.universe[stage].items()
        if bucket_of(key, spilled.buckets) == bucket
    ]
    if firsts:
        parts.append(pa.Table.from_pylist(firsts, schema=spilled.schema))
    if not parts:
        return None
    table = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
    return table if table.num_rows else None


def result_path(spilled: Spill, rule: int, bucket: int) -> Path:
    return spilled.directory / f"r{rule}-b{bucket}.arrow"


def _write_results(spilled: Spill, verdicts: Any, bucket: int, pa: Any) -> None:
    """Each rule's verdicts of one bucket, sorted, in a file of their own (a rule's part is taken
    from the bucket's verdicts on its own: one sorted copy of one rule at a time)."""
    pc = _pc()
    if not verdicts.num_rows:
        return
    sort_keys = [(RULE_INDEX, "ascending"), *((name, "ascending") for name in SORT_COLUMNS)]
    keys = verdicts.select([RULE_INDEX, *SORT_COLUMNS])
    order = pc.sort_indices(keys, sort_keys=sort_keys).to_numpy()  # missing values last
    rules = verdicts[RULE_INDEX].to_numpy()[order]
    starts = np.flatnonzero(np.diff(rules, prepend=-1))
    ends = np.append(starts[1:], len(rules))
    verdicts = verdicts.drop_columns([PROBLEM])
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        part = verdicts.take(pa.array(order[start:end]))
        rule = int(rules[start])
        with pa.ipc.new_stream(str(result_path(spilled, rule, bucket)), part.schema) as writer:
            writer.write_table(part, max_chunksize=RESULT_BATCH)


def _sort_key(row: dict[str, Any]) -> tuple[tuple[bool, str], ...]:
    return tuple(
        (row[name] is None, "" if row[name] is None else row[name]) for name in SORT_COLUMNS
    )


def _rows_of(path: Path, statuses: frozenset[str]) -> Iterator[dict[str, Any]]:
    pa = _pa()
    # a plain file (pa.OSFile), not a path: reading by path let the process's memory grow with
    # what had been read of the file until it was closed
    with pa.ipc.open_stream(pa.OSFile(str(path), "rb")) as reader:
        for batch in reader:
            for row in batch.to_pylist():
                if row["status"] in statuses:
                    yield row


def merged_rows(spilled: Spill, rules: int, statuses: Iterable[Status]) -> Iterator[dict[str, Any]]:
    """The verdicts with these statuses, rule by rule, each rule's buckets merged in order."""
    wanted = frozenset(status.value for status in statuses)
    for rule in range(rules):
        files = [result_path(spilled, rule, b) for b in range(spilled.buckets)]
        streams = [_rows_of(path, wanted) for path in files if path.exists()]
        yield from heapq.merge(*streams, key=_sort_key)
