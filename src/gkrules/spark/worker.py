"""What runs on Spark's executors: Arrow tables in, Arrow tables out, and no pyspark import.

Every function here takes and returns pyarrow objects, so it can be tested without Spark; Spark
calls them through ``mapInArrow``.

* :func:`annotate` reads a batch of raw rows with the engine's own loader (lenient), and adds each
  row's instant (``_gk_time``, UTC µs; ``null`` when the row cannot be read) and, for a row set
  aside, its diagnostics (pickled, placed at the row's own source and row number).
* :func:`evaluate_slice` evaluates some rules on the rows of one key group (or one batch, for rules
  that look at one event at a time) and returns their verdicts in the JSON Lines contract.

The rules travel as a :class:`ShippedRules`: the checked rules and the calendar files' text,
compiled once per Python worker (:func:`prepared` is cached by the payload's hash), not per group.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib
import pickle
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from attrs import evolve, field, frozen

from gkrules.calendar.core import WorkdayCalendar
from gkrules.diagnostics import Diagnostic, Lang
from gkrules.engine.compile import CompiledRule, compile_rules
from gkrules.errors import EvaluationError
from gkrules.language import ast

if TYPE_CHECKING:
    from gkrules.engine.report import Explanations

__all__ = [
    "MALFORMED",
    "MARKER_EVENT",
    "ORDER",
    "PROBLEM",
    "ROW",
    "SOURCE",
    "TIME",
    "VERDICT_FIELDS",
    "Job",
    "ShippedRules",
    "annotate",
    "evaluate_partition",
    "evaluate_slice",
    "evaluate_slice_chunks",
    "prepared",
]

#: Provenance columns: where a row was read (shown in explanations as ``source:row``).
SOURCE = "_gk_source"
ROW = "_gk_row"
#: The position of a row's source among all sources (ties in time keep the log's order).
ORDER = "_gk_order"
#: The row's earliest instant, UTC µs (``null``: the row could not be read and is set aside).
TIME = "_gk_time"
#: Diagnostics of a row set aside, or of an evaluation problem (pickled tuple of Diagnostic).
PROBLEM = "_gk_problem"
#: A CSV record whose fields do not match the header, as Spark read it (else ``null``).
MALFORMED = "_gk_malformed"
#: The index of a verdict's rule in the rule set (for ordering the output).
RULE_INDEX = "_gk_rule_index"
#: The event of the synthetic row standing for the log's first day (no rule can name it).
MARKER_EVENT = "\ue000gkrules:first-day"
#: A partition is evaluated in slices of about this many rows (whole key groups).
SLICE_ROWS = 200_000

#: The verdict columns, in the order of the JSON Lines contract, and their Arrow/Spark types.
VERDICT_FIELDS: tuple[tuple[str, str], ...] = (
    ("rule", "string"),
    ("title", "string"),
    ("case", "string"),
    ("unit", "string"),
    ("status", "string"),
    ("trigger", "string"),
    ("deadline", "string"),
    ("fulfilled", "string"),
    ("late_by", "amount"),
    ("remaining", "amount"),
    ("provisional", "boolean"),
    ("cite", "string"),
    ("source", "string"),
    ("explanation", "strings"),
    ("window", "string"),
)


def _pa() -> Any:
    return importlib.import_module("pyarrow")


def _pc() -> Any:
    return importlib.import_module("pyarrow.compute")


# --- the rules and calendar, as shipped ----------------------------------------------------------


@frozen
class ShippedRules:
    """Checked rules and calendar files, as bytes and text: what every executor compiles once.

    Equality and hashing use ``key`` (a SHA-256 of everything else) only, so the worker's cache
    finds a compiled copy without comparing payloads.
    """

    key: str
    rules: bytes = field(eq=False, repr=False)
    calendar_files: tuple[tuple[str, str], ...] = field(eq=False, repr=False)
    provisional: bool = field(eq=False)

    @classmethod
    def pack(
        cls,
        rules: Sequence[ast.Rule],
        calendar_files: Sequence[tuple[str, str]] = (),
        *,
        provisional: bool = False,
    ) -> ShippedRules:
        payload = pickle.dumps(tuple(rules), protocol=pickle.HIGHEST_PROTOCOL)
        digest = hashlib.sha256(payload)
        for path, text in calendar_files:
            digest.update(b"\0" + path.encode() + b"\0" + text.encode())
        digest.update(b"\1" if provisional else b"\0")
        return cls(digest.hexdigest(), payload, tuple(calendar_files), provisional)


@frozen(eq=False)
class Prepared:
    """The compiled form of :class:`ShippedRules`, held by each Python worker."""

    rules: dict[str, CompiledRule]
    calendar: WorkdayCalendar


@functools.cache
def prepared(shipped: ShippedRules) -> Prepared:
    """Compile the rules and build the calendar, once per Python worker and payload."""
    rules: tuple[ast.Rule, ...] = pickle.loads(shipped.rules)
    compiled = compile_rules(rules)
    return Prepared({rule.id: rule for rule in compiled}, build_calendar(shipped))


def build_calendar(shipped: ShippedRules) -> WorkdayCalendar:
    """The calendar ``load_calendar(files, provisional=...)`` builds, from the files' text."""
    from gkrules.calendar import default_calendar
    from gkrules.calendar.core import compile_calendar
    from gkrules.calendar.data import bundled_layer, corrections_layer
    from gkrules.calendar.files import parse_calendar_text

    if not shipped.calendar_files:
        return default_calendar().with_provisional(shipped.provisional)
    layers = [bundled_layer(), corrections_layer()]
    layers.extend(parse_calendar_text(text, path) for path, text in shipped.calendar_files)
    return compile_calendar(layers, provisional=shipped.provisional)


# --- one job: what a stage of the plan asks of every group -----------------------------------------


@frozen
class Job:
    """What one Spark stage evaluates: which rules, as of when, over which columns."""

    shipped: ShippedRules
    rule_ids: tuple[str, ...]
    #: Index of each rule in the whole rule set (the order of the output).
    rule_index: tuple[int, ...]
    as_of: dt.datetime
    lang: Lang
    #: The log's sources in order (``ORDER`` indexes this).
    sources: tuple[str, ...]
    #: The log's own columns, in order (``time`` and ``event`` among them).
    columns: tuple[str, ...]
    #: The key columns of the rules (empty for one group of everything).
    keys: tuple[str, ...] = ()
    #: The local date of the log's first row known as of ``as_of`` (window and yearly rules
    #: count from it), added to every group as a row no rule reads; ``None``: not needed.
    first_day: dt.date | None = None
    #: The rules look at one event at a time: a slice may be cut anywhere.
    per_row: bool = False
    #: Evaluation problems as rows of their own (``PROBLEM``) instead of an exception.
    problems_as_rows: bool = False
    #: Which verdicts' records carry their explanation.
    explanations: Explanations = "all"


# --- annotate: read each row once, as the engine does ------------------------------------------


def annotate(batch: Any, job: Job, normalized: Sequence[str] = ()) -> Any:
    """*batch* (a pyarrow RecordBatch or Table) with ``TIME`` and ``PROBLEM`` columns added.

    The columns *normalized* (the event and the rules' key columns) are replaced by the text the
    engine reads in them (trimmed standard columns, numbers as text), so that Spark filters and
    groups rows exactly as the engine would; rows set aside keep their raw values.
    """
    from gkrules.engine.loading import load_events

    pa = _pa()
    table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
    count = table.num_rows
    times = np.zeros(count, np.int64)
    valid = np.zeros(count, np.bool_)
    problems: list[bytes | None] = [None] * count
    texts: dict[str, np.ndarray] = {}
    for name in normalized:
        raw = table.column(name)
        if not pa.types.is_string(raw.type):
            raw = raw.cast(pa.string())
        texts[name] = np.asarray(raw.to_pylist(), dtype=object)
    if count:
        log = load_events(table.select(list(job.columns)), lenient=True)
        position = np.asarray(log.row, np.int64) - 1
        times[position] = np.asarray(log.time, np.int64)
        valid[position] = True
        for name, values in texts.items():
            loaded = log.column(name)
            values[position] = loaded if loaded is not None else None
        places = _places(table, job)
        for row in log.report.set_aside:
            index = row.row - 1
            moved = tuple(_relocate(d, places[index]) for d in row.diagnostics)
            problems[index] = pickle.dumps(moved, protocol=pickle.HIGHEST_PROTOCOL)
        if MALFORMED in table.column_names:
            for index, line in enumerate(table.column(MALFORMED).to_pylist()):
                if line is not None:
                    valid[index] = False
                    found = (_uneven(line, len(job.columns), places[index]),)
                    problems[index] = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
    for name, values in texts.items():
        at = table.schema.get_field_index(name)
        table = table.set_column(at, name, pa.array(values.tolist(), pa.string()))
    out = table.append_column(TIME, pa.array(times, pa.int64(), mask=~valid))
    return out.append_column(PROBLEM, pa.array(problems, pa.binary()))


def _places(table: Any, job: Job) -> list[tuple[str, int]]:
    orders = table.column(ORDER).to_pylist()
    rows = table.column(ROW).to_pylist()
    return [
        (job.sources[o] if o is not None else "<?>", int(r) if r is not None else 0)
        for o, r in zip(orders, rows, strict=True)
    ]


def _uneven(line: str, columns: int, place: tuple[str, int]) -> Diagnostic:
    """GK425, as the engine reports a CSV record with more or fewer fields than the header."""
    import csv

    from gkrules.engine.messages import diagnostic
    from gkrules.source import Span

    fields = next(csv.reader([line]), [])
    span = Span.for_line(place[0], place[1], 1, max(1, len(line)))
    return diagnostic("GK425", span, line, hint="GK425.hint", fields=len(fields), columns=columns)


def _relocate(diagnostic: Diagnostic, place: tuple[str, int]) -> Diagnostic:
    """*diagnostic*, which points at a row of an in-memory batch, moved to the row's real place."""
    span = diagnostic.span
    if span is None:
        return diagnostic
    source, row = place
    return evolve(diagnostic, span=evolve(span, path=source, line=row, end_line=row))


# --- evaluate: the rules on one group's rows ------------------------------------------------------


def evaluate_slice(table: Any, job: Job) -> Any:
    """The verdicts of ``job.rule_ids`` on the rows of *table* (one key group, or one batch)."""
    return _pa().concat_tables(list(evaluate_slice_chunks(table, job)))


def evaluate_slice_chunks(table: Any, job: Job, chunk: int = 20_000) -> Iterator[Any]:
    """:func:`evaluate_slice`'s verdicts as tables of at most *chunk* verdicts, built one after the
    other (the records of a chunk, with their explanations, are all that is held at once)."""
    from gkrules.engine.evaluate import evaluate
    from gkrules.engine.loading import load_events
    from gkrules.engine.logs import RelocatedLog
    from gkrules.engine.report import column_records

    pa = _pa()
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if not table.num_rows:
        yield _verdict_table([], [], [])
        return
    state = prepared(job.shipped)
    rules = [state.rules[rule_id] for rule_id in job.rule_ids]
    # ties in time keep the log's order (source, then row), as in one machine's log
    order = _pc().sort_indices(table, sort_keys=[(ORDER, "ascending"), (ROW, "ascending")])
    table = table.take(order)
    places = _places(table, job)
    events = table.select(list(job.columns))
    if job.first_day is not None:
        events = pa.concat_tables([events, _first_day_row(events.schema, job)])
        places.append(("<first day>", 0))
    log = RelocatedLog(load_events(events), places)
    index_of = dict(zip(job.rule_ids, job.rule_index, strict=True))
    try:
        report = evaluate(rules, log, as_of=job.as_of, calendar=state.calendar, lang=job.lang)
    except EvaluationError as error:
        if not job.problems_as_rows:
            raise
        yield _verdict_table([], [], error.diagnostics)
        return
    records: list[dict[str, Any]] = []
    for columns in report.record_columns():
        records.extend(column_records(columns, job.lang, job.explanations))
        while len(records) >= chunk:
            done, records = records[:chunk], records[chunk:]
            yield _verdict_table(done, [index_of[r["rule"]] for r in done], ())
    if records or not len(report):
        yield _verdict_table(records, [index_of[r["rule"]] for r in records], ())


def _first_day_row(schema: Any, job: Job) -> Any:
    """A row on the log's first day that belongs to no group and that no rule reads."""
    pa = _pa()
    assert job.first_day is not None
    values: dict[str, list[object]] = {name: [None] for name in schema.names}
    values["event"] = [MARKER_EVENT]
    values["time"] = [_time_value(schema.field("time").type, job.first_day)]
    row = pa.table({name: pa.array(values[name]) for name in schema.names})
    return row.cast(schema) if row.schema != schema else row


def _time_value(kind: Any, day: dt.date) -> object:
    """*day* as a value of a time column of Arrow type *kind* (date alone: the whole day, C10)."""
    types = _pa().types
    if types.is_timestamp(kind):
        from gkrules.calendar.instants import SHANGHAI

        return dt.datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)
    if types.is_date(kind):
        return day
    return day.isoformat()


# --- verdicts as Arrow -------------------------------------------------------------------------


def verdict_schema(*, internal: bool = True) -> Any:
    """The Arrow schema of verdict tables (with the internal ordering and problem columns)."""
    pa = _pa()
    amount = pa.struct([("value", pa.float64()), ("unit", pa.string())])
    kinds = {
        "string": pa.string(),
        "boolean": pa.bool_(),
        "amount": amount,
        "strings": pa.list_(pa.string()),
    }
    fields = [pa.field(name, kinds[kind]) for name, kind in VERDICT_FIELDS]
    if internal:
        fields += [pa.field(RULE_INDEX, pa.int32()), pa.field(PROBLEM, pa.binary())]
    return pa.schema(fields)


def _amount(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"value": float(value["value"]), "unit": value["unit"]}


def _verdict_table(
    records: Sequence[dict[str, Any]], indexes: Sequence[int], problems: Sequence[Diagnostic]
) -> Any:
    pa = _pa()
    columns: dict[str, list[object]] = {name: [] for name, _ in VERDICT_FIELDS}
    for record in records:
        for name, kind in VERDICT_FIELDS:
            value = record.get(name)
            columns[name].append(_amount(value) if kind == "amount" else value)
    rule_index: list[int | None] = list(indexes)
    problem: list[bytes | None] = [None] * len(records)
    if problems:
        for name in columns:
            columns[name].append(None)
        rule_index.append(None)
        problem.append(pickle.dumps(tuple(problems), protocol=pickle.HIGHEST_PROTOCOL))
    schema = verdict_schema()
    arrays = [pa.array(columns[name], schema.field(name).type) for name, _ in VERDICT_FIELDS]
    arrays += [pa.array(rule_index, pa.int32()), pa.array(problem, pa.binary())]
    return pa.Table.from_arrays(arrays, schema=schema)


def evaluate_partition(batches: Iterator[Any], job: Job) -> Iterator[Any]:
    """The verdicts of one Spark partition, evaluated in slices of about :data:`SLICE_ROWS` rows.

    The partition's rows come sorted by ``job.keys``; a slice is cut only where the key changes, so
    every group is evaluated whole (rules that look at one event at a time are cut anywhere).
    One engine call per slice, not per group: the engine is vectorized across groups.
    """
    pa = _pa()
    pending: list[Any] = []
    held = 0
    for batch in batches:
        if not batch.num_rows:
            continue
        pending.append(pa.Table.from_batches([batch]))
        held += batch.num_rows
        if held < SLICE_ROWS:
            continue
        table = pa.concat_tables(pending)
        cut = table.num_rows if job.per_row else _last_boundary(table, job.keys)
        if cut:
            yield from evaluate_slice(table.slice(0, cut), job).to_batches()
            pending, held = [table.slice(cut)], table.num_rows - cut
    if held:
        yield from evaluate_slice(pa.concat_tables(pending), job).to_batches()


def _last_boundary(table: Any, keys: Sequence[str]) -> int:
    """The index of the first row of the last key group in *table* (sorted by *keys*); 0 if one."""
    if not keys:
        return 0
    columns = [table.column(name) for name in keys]
    last = tuple(column[-1].as_py() for column in columns)
    index = int(table.num_rows) - 1
    step = 1024
    while index > 0:
        start = max(0, index - step)
        values = list(
            zip(*(c.slice(start, index - start).to_pylist() for c in columns), strict=True)
        )
        for offset in range(len(values) - 1, -1, -1):
            if values[offset] != last:
                return start + offset + 1
        index = start
        step *= 2
    return 0


def annotate_batches(
    batches: Iterator[Any], job: Job, normalized: Sequence[str] = ()
) -> Iterator[Any]:
    """:func:`annotate` over each batch."""
    for batch in batches:
        if batch.num_rows:
            yield from annotate(batch, job, normalized).to_batches()
