"""Pass 1 of the streaming check: read each row once, count it, and spill it to its bucket.

Every batch of raw rows is read by the engine's own loader (:func:`gkrules.spark.worker.annotate`:
instants, normalized keys, the diagnostics of rows that cannot be read).  Then, as Spark's plan
does with a shuffle, the rows of the events each set of rules reads are hash-partitioned by those
rules' key columns into bucket files on disk (Arrow IPC), so that every key group lies whole in
one bucket; rules that look at one event at a time take the batches as they come.  Window and date
rules also need each group's earliest row of the other events (the group exists, and counts from
it): those are kept in memory, one row per group.  What stays in memory is one batch, the counts,
and those earliest rows — not the log.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from attrs import define, field

from gkrules.diagnostics import Diagnostic
from gkrules.engine.table import micros
from gkrules.spark.plan import LogSummary, Stage
from gkrules.spark.worker import ORDER, PROBLEM, ROW, TIME, Job, annotate
from gkrules.stream.read import CsvSource, read_batches

__all__ = ["MAX_LISTED", "Progress", "Spill", "spill", "value_counts"]

#: Told how far a pass is: ``(phase, done, total)`` — phase ``read`` (rows; total 0: unknown),
#: ``check`` (buckets) or ``write`` (verdicts).
Progress = Callable[[str, int, int], None]

#: The first this many set-aside rows are listed with their diagnostics (all are counted).
MAX_LISTED = 1000


def _pa() -> Any:
    return importlib.import_module("pyarrow")


def _pc() -> Any:
    return importlib.import_module("pyarrow.compute")


@define
class Spill:
    """What pass 1 left: bucket files per stage, the earliest other rows per group, the counts."""

    directory: Path
    stages: tuple[Stage, ...]
    buckets: int
    schema: Any
    #: Per stage: key values → the group's earliest row of events the stage does not read.
    universe: list[dict[tuple[str | None, ...], tuple[tuple[int, int, int], dict[str, Any]]]]
    counts: dict[str, int] = field(factory=dict)
    after: dict[str, int] = field(factory=dict)
    set_aside: int = 0
    listed: list[Diagnostic] = field(factory=list)
    first_us: int | None = None
    rows_read: int = 0
    _writers: dict[tuple[int, int], Any] = field(factory=dict)

    def path(self, stage: int, bucket: int) -> Path:
        return self.directory / f"s{stage}-b{bucket}.arrow"

    def summary(self) -> LogSummary:
        return LogSummary(dict(self.counts), dict(self.after), self.set_aside, self.first_us)

    def write(self, stage: int, bucket: int, table: Any) -> None:
        writer = self._writers.get((stage, bucket))
        if writer is None:
            pa = _pa()
            options = pa.ipc.IpcWriteOptions(
                compression="lz4" if pa.Codec.is_available("lz4") else None
            )
            writer = pa.ipc.new_stream(str(self.path(stage, bucket)), self.schema, options=options)
            self._writers[(stage, bucket)] = writer
        writer.write_table(table)

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()


def bucket_of(keys: tuple[str | None, ...], buckets: int) -> int:
    """The bucket of a key group (stable within one process: Python's hash of the key values)."""
    return hash(keys) % buckets


def spill(
    logs: Sequence[CsvSource],
    columns: Sequence[str],
    base: Job,
    stages: Sequence[Stage],
    *,
    as_of: dt.datetime,
    directory: Path,
    buckets: int,
    progress: Progress | None = None,
) -> Spill:
    """Read every log once; count, list the set-aside rows, and write each stage's buckets."""
    pa = _pa()
    keys = sorted({k for stage in stages for k in stage.keys or ()})
    normalized = tuple(dict.fromkeys(c for c in ("event", "case", "unit", *keys) if c in columns))
    schema = pa.schema(
        [
            *(pa.field(name, pa.string()) for name in columns),
            pa.field(ORDER, pa.int32()),
            pa.field(ROW, pa.int64()),
            pa.field(TIME, pa.int64()),
        ]
    )
    result = Spill(directory, tuple(stages), buckets, schema, [{} for _ in stages])
    limit = micros(as_of)
    batch_number = 0
    try:
        for log in logs:
            for raw in read_batches(log, columns):
                annotated = annotate(raw, base, normalized)
                _count(result, annotated, limit)
                known = annotated.filter(
                    _pc().and_(annotated[TIME].is_valid(), _pc().less_equal(annotated[TIME], limit))
                ).select(schema.names)
                for index, stage in enumerate(stages):
                    _partition(result, index, stage, known, batch_number)
                batch_number += 1
                if progress is not None:
                    progress("read", result.rows_read, 0)
    finally:
        result.close()
    return result


def _count(result: Spill, annotated: Any, limit: int) -> None:
    pc = _pc()
    result.rows_read += annotated.num_rows
    problem = annotated[PROBLEM].is_valid()
    bad = int(pc.sum(problem).as_py() or 0)
    if bad:
        result.set_aside += bad
        room = MAX_LISTED - len(result.listed)
        if room > 0:
            found = annotated.filter(problem).column(PROBLEM).to_pylist()
            for blob in found:
                if len(result.listed) >= MAX_LISTED:
                    break
                result.listed.extend(pickle.loads(blob))
    good = annotated.filter(annotated[TIME].is_valid())
    if not good.num_rows:
        return
    late = pc.greater(good[TIME], limit)
    for name, rows in value_counts(good["event"]):
        result.counts[name] = result.counts.get(name, 0) + rows
    for name, rows in value_counts(good.filter(late)["event"]):
        result.after[name] = result.after.get(name, 0) + rows
    earliest = pc.min(good.filter(pc.invert(late))[TIME]).as_py()
    if earliest is not None and (result.first_us is None or earliest < result.first_us):
        result.first_us = int(earliest)


def value_counts(column: Any) -> list[tuple[str, int]]:
    """Each value of an Arrow text column with its rows (missing values left out)."""
    counted = _pc().value_counts(column)
    values = counted.field("values").to_pylist()
    rows = counted.field("counts").to_pylist()
    return [(v, int(n)) for v, n in zip(values, rows, strict=True) if v is not None]


def _partition(result: Spill, index: int, stage: Stage, known: Any, batch_number: int) -> None:
    pc, pa = _pc(), _pa()
    wanted = pa.array(sorted(stage.events), pa.string())
    reads = pc.is_in(known["event"], value_set=wanted)
    relevant = known.filter(reads)
    if stage.keys is None:  # one event at a time: any bucket will do
        if relevant.num_rows:
            result.write(index, batch_number % result.buckets, relevant)
        return
    if stage.needs_universe and stage.keys:
        _remember_firsts(result, index, stage.keys, known.filter(pc.invert(reads)))
    if not relevant.num_rows:
        return
    if not stage.keys or result.buckets == 1:  # one group of everything: one bucket
        result.write(index, 0, relevant)
        return
    values = [_values(relevant, k) for k in stage.keys]
    count = relevant.num_rows
    where = np.fromiter(
        (bucket_of(key, result.buckets) for key in zip(*values, strict=True)), np.int64, count
    )
    order = np.argsort(where, kind="stable")
    sorted_buckets = where[order]
    taken = relevant.take(pa.array(order))
    starts = np.flatnonzero(np.diff(sorted_buckets, prepend=-1))
    ends = np.append(starts[1:], count)
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        result.write(index, int(sorted_buckets[start]), taken.slice(start, end - start))


def _values(table: Any, name: str) -> list[str | None]:
    """A column's values, or ``None`` for every row when the logs lack the column."""
    if name not in table.column_names:
        return [None] * table.num_rows
    values: list[str | None] = table[name].to_pylist()
    return values


def _remember_firsts(result: Spill, index: int, keys: Sequence[str], others: Any) -> None:
    """Keep each group's earliest row of the other events (by time, then source and row)."""
    pc = _pc()
    if any(key not in others.column_names for key in keys):
        return  # a key column the logs lack: no row belongs to a group
    present = None
    for key in keys:
        valid = others[key].is_valid()
        present = valid if present is None else pc.and_(present, valid)
    rows = others.filter(present)
    if not rows.num_rows:
        return
    order = pc.sort_indices(
        rows, sort_keys=[(TIME, "ascending"), (ORDER, "ascending"), (ROW, "ascending")]
    )
    rows = rows.take(order)
    values = [rows[k].to_pylist() for k in keys]
    seen = result.universe[index]
    first_of: dict[tuple[str | None, ...], int] = {}
    for position, group in enumerate(zip(*values, strict=True)):
        first_of.setdefault(group, position)
    picked = rows.take(list(first_of.values())).to_pylist()
    for group, row in zip(first_of, picked, strict=True):
        rank = (row[TIME], row[ORDER], row[ROW])
        held = seen.get(group)
        if held is None or rank < held[0]:
            seen[group] = (rank, row)
