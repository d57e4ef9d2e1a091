"""The report of one check: every verdict, the counts, and what happened to every log row.

A :class:`Report` keeps the evaluators' batches and materialises :class:`Verdict` objects only when
iterated.  Its exports follow the machine-readable contract of the command line (docs/api.md):
one record per verdict with the keys ``rule, title, case, unit, status, trigger, deadline,
fulfilled, late_by, remaining, provisional, cite, source, explanation`` (and ``window`` for
window-based rules).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from json.encoder import encode_basestring
from typing import Any, Literal

import numpy as np
from attrs import field, frozen

from gkrules.calendar.periods import Amount
from gkrules.diagnostics import Diagnostic, Lang
from gkrules.engine.verdicts import (
    STATUS_ORDER,
    RecordColumns,
    Status,
    Verdict,
    VerdictBatch,
)

__all__ = [
    "CSV_KEYS",
    "EXPLANATIONS",
    "RECORD_KEYS",
    "Explanations",
    "LogAccounting",
    "Report",
    "SummaryRow",
    "UnusedEvent",
    "column_records",
    "csv_cell",
    "csv_rows",
    "json_records",
    "neutralise_cell",
    "verdict_record",
]

#: The keys of every exported record, in order (``window`` is added for window-based verdicts).
RECORD_KEYS: tuple[str, ...] = (
    "rule",
    "title",
    "case",
    "unit",
    "status",
    "trigger",
    "deadline",
    "fulfilled",
    "late_by",
    "remaining",
    "provisional",
    "cite",
    "source",
    "explanation",
)
#: The CSV columns: the record keys with ``window`` after ``unit``.
CSV_KEYS: tuple[str, ...] = (*RECORD_KEYS[:4], "window", *RECORD_KEYS[4:])


@frozen
class UnusedEvent:
    """An event name no rule uses: how many rows carry it, and the rules' name it may be a typo of."""

    name: str
    rows: int
    did_you_mean: str | None = None


@frozen
class LogAccounting:
    """What happened to every row read:
    ``rows_read == rows_used + rows_unused + rows_set_aside (+ rows_dropped duplicates)``.

    ``rows_unused`` counts the rows of events no rule uses (``unused_events``) and the rows after
    the as-of instant (``rows_after_as_of``), which are never used (C12).
    """

    rows_read: int = 0
    rows_used: int = 0
    rows_unused: int = 0
    rows_set_aside: int = 0
    rows_after_as_of: int = 0
    #: Rows dropped as exact duplicates of earlier rows (``load_events(dedupe="drop")``).
    rows_dropped: int = 0
    unused_events: tuple[UnusedEvent, ...] = ()
    #: Why rows were set aside (lenient mode), one diagnostic per problem.
    set_aside: tuple[Diagnostic, ...] = ()
    sources: tuple[str, ...] = ()
    #: The loader's own report (per source: encoding, format, rows), when the check loaded the log.
    load: Any = field(default=None, eq=False, repr=False)

    @property
    def balanced(self) -> bool:
        return (
            self.rows_read
            == self.rows_used + self.rows_unused + self.rows_set_aside + self.rows_dropped
        )


@frozen
class SummaryRow:
    """Counts of one rule for one unit (``unit`` ``None``: verdicts without a unit)."""

    rule: str
    title: str
    unit: str | None
    met: int = 0
    violated: int = 0
    pending: int = 0
    not_applicable: int = 0
    done_late: int = 0

    @property
    def total(self) -> int:
        return self.met + self.violated + self.pending + self.not_applicable


class Report:
    """The outcome of :meth:`gkrules.RuleSet.check`: iterate it for verdicts (rule order, then key)."""

    def __init__(
        self,
        batches: Sequence[VerdictBatch],
        *,
        as_of: dt.datetime,
        accounting: LogAccounting,
        lang: Lang = "zh",
        notes: Sequence[Diagnostic] = (),
    ) -> None:
        self.batches: tuple[VerdictBatch, ...] = tuple(batches)
        self.as_of = as_of
        self.accounting = accounting
        self.lang: Lang = lang
        #: Things worth knowing that are not verdicts (extensions clamped, closings that closed nothing).
        self.notes: tuple[Diagnostic, ...] = tuple(notes)

    # --- iteration -----------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Verdict]:
        for batch in self.batches:
            for index in range(len(batch)):
                yield batch.verdict(index)

    def __len__(self) -> int:
        return sum(len(batch) for batch in self.batches)

    def verdicts(
        self,
        *,
        status: Status | str | Iterable[Status | str] | None = None,
        rule: str | Iterable[str] | None = None,
    ) -> Iterator[Verdict]:
        """The verdicts with the given status(es) and rule id(s); only those are built."""
        wanted = _status_codes(status)
        rules = {rule} if isinstance(rule, str) else set(rule) if rule is not None else None
        for batch in self.batches:
            if rules is not None and batch.rule.id not in rules:
                continue
            if wanted is None:
                indexes: Iterable[int] = range(len(batch))
            else:
                indexes = np.flatnonzero(np.isin(batch.statuses, list(wanted))).tolist()
            for index in indexes:
                yield batch.verdict(int(index))

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(batch.rule.id for batch in self.batches)

    # --- counting ------------------------------------------------------------------------------

    def counts(self) -> dict[Status, int]:
        """How many verdicts have each status."""
        totals = np.zeros(len(STATUS_ORDER), dtype=np.int64)
        for batch in self.batches:
            totals += np.bincount(batch.statuses, minlength=len(STATUS_ORDER))[: len(STATUS_ORDER)]
        return {status: int(totals[status.code]) for status in STATUS_ORDER}

    def summary(self) -> tuple[SummaryRow, ...]:
        """Counts per rule and unit, rules in order, units sorted (no unit last)."""
        rows: list[SummaryRow] = []
        for batch in self.batches:
            units = batch.keys("unit")
            counter: Counter[tuple[str | None, int]] = Counter(
                zip(units, batch.statuses.tolist(), strict=True)
            )
            late: Counter[str | None] = Counter(
                units[int(index)] for index in np.flatnonzero(batch.done_late).tolist()
            )
            violated_code = Status.VIOLATED.code
            for unit in sorted({u for u, _ in counter}, key=lambda u: (u is None, u or "")):
                rows.append(
                    SummaryRow(
                        batch.rule.id,
                        batch.rule.title,
                        unit,
                        met=counter[(unit, Status.MET.code)],
                        violated=counter[(unit, violated_code)],
                        pending=counter[(unit, Status.PENDING.code)],
                        not_applicable=counter[(unit, Status.NOT_APPLICABLE.code)],
                        done_late=late[unit],
                    )
                )
        return tuple(rows)

    # --- exports -------------------------------------------------------------------------------

    def record_columns(
        self, status: Status | str | Iterable[Status | str] | None = None
    ) -> Iterator[RecordColumns]:
        """The export records' values of the verdicts with the given status(es), a block of
        one rule's verdicts at a time (a columnar batch builds no verdict for them)."""
        wanted = _status_codes(status)
        for batch in self.batches:
            if wanted is None:
                indexes = np.arange(len(batch), dtype=np.int64)
            else:
                indexes = np.flatnonzero(np.isin(batch.statuses, list(wanted)))
            columnar = getattr(batch, "record_columns", None)
            for start in range(0, len(indexes), _RECORD_BLOCK):
                block = indexes[start : start + _RECORD_BLOCK]
                if columnar is not None:
                    yield columnar(block)
                else:
                    verdicts = [batch.verdict(i) for i in block.tolist()]
                    yield RecordColumns.of_verdicts(batch.rule.id, verdicts)

    def to_records(
        self, lang: Lang | None = None, *, explanations: Explanations = "all"
    ) -> list[dict[str, Any]]:
        """One JSON-ready dict per verdict, with exactly the keys of :data:`RECORD_KEYS`."""
        chosen = lang or self.lang
        return [
            record
            for columns in self.record_columns()
            for record in column_records(columns, chosen, explanations)
        ]

    def iter_jsonl(
        self, lang: Lang | None = None, *, explanations: Explanations = "all"
    ) -> Iterator[str]:
        """One JSON line (without its newline) per verdict."""
        chosen = lang or self.lang
        for columns in self.record_columns():
            yield from json_records(columns, chosen, explanations)

    def to_jsonl(self, lang: Lang | None = None, *, explanations: Explanations = "all") -> str:
        """JSON Lines: one object per verdict, UTF-8 text, a newline after each."""
        return "".join(line + "\n" for line in self.iter_jsonl(lang, explanations=explanations))

    def to_csv(self, lang: Lang | None = None, *, explanations: Explanations = "all") -> str:
        """The records as CSV (the explanation's steps joined by " → "); formula-like cells neutralised."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_KEYS)
        chosen = lang or self.lang
        for columns in self.record_columns():
            writer.writerows(csv_rows(columns, chosen, explanations))
        return buffer.getvalue()

    def to_dataframe(self, lang: Lang | None = None, *, explanations: Explanations = "all") -> Any:
        """The records as a pandas DataFrame (needs pandas: ``pip install gkrules[pandas]``)."""
        try:
            pd = importlib.import_module("pandas")
        except ImportError as error:  # pragma: no cover - depends on the environment
            from gkrules.engine.eval_messages import usage_error

            raise usage_error("GK520") from error
        records = self.to_records(lang, explanations=explanations)
        for record in records:
            record.setdefault("window", None)
        return pd.DataFrame.from_records(records, columns=list(CSV_KEYS))


#: Verdicts whose record values are made at once (the lists of one :class:`RecordColumns`).
_RECORD_BLOCK = 4096

#: Which records carry their explanation: every one, all but the met, or none (``null``).
Explanations = Literal["all", "non-met", "none"]
EXPLANATIONS: tuple[Explanations, ...] = ("all", "non-met", "none")


def _explained(columns: RecordColumns, position: int, explanations: Explanations) -> bool:
    if explanations == "all":
        return True
    return explanations == "non-met" and columns.status[position] is not Status.MET


def _prepare(columns: RecordColumns, lang: Lang, explanations: Explanations) -> None:
    """Tell *columns* which of its verdicts are about to be explained."""
    if explanations != "none":
        explained = [i for i in range(len(columns)) if _explained(columns, i, explanations)]
        if explained:
            columns.prepare(explained, lang)


def verdict_record(verdict: Verdict, lang: Lang = "zh") -> dict[str, Any]:
    """The export record of one verdict (the JSON Lines contract)."""
    return next(column_records(RecordColumns.of_verdicts(verdict.rule, [verdict]), lang, "all"))


def column_records(
    columns: RecordColumns, lang: Lang = "zh", explanations: Explanations = "all"
) -> Iterator[dict[str, Any]]:
    """The export record of each verdict of *columns*; ``explanation`` is ``None`` where
    *explanations* leaves it out."""
    _prepare(columns, lang, explanations)
    windows = columns.window
    for i in range(len(columns)):
        record: dict[str, Any] = {
            "rule": columns.rule,
            "title": columns.title[i],
            "case": columns.case[i],
            "unit": columns.unit[i],
            "status": columns.status[i].value,
            "trigger": _iso(columns.trigger[i]),
            "deadline": _iso(columns.deadline[i]),
            "fulfilled": _iso(columns.fulfilled[i]),
            "late_by": _amount(columns.late_by[i]),
            "remaining": _amount(columns.remaining[i]),
            "provisional": columns.provisional[i],
            "cite": columns.cite[i],
            "source": columns.source[i],
            "explanation": (
                list(columns.explain(i, lang)) if _explained(columns, i, explanations) else None
            ),
        }
        if windows is not None and windows[i] is not None:
            record["window"] = windows[i]
        yield record


def json_records(
    columns: RecordColumns, lang: Lang = "zh", explanations: Explanations = "all"
) -> Iterator[str]:
    """Each record of :func:`column_records` as JSON text, exactly as
    ``json.dumps(record, ensure_ascii=False)`` writes it, but put together from the texts of
    its values, a column at a time, each distinct value encoded once."""
    fields = _field_texts(columns, _json_texts())
    _prepare(columns, lang, explanations)
    rows = zip(*(fields[key] for key in RECORD_KEYS[:-1]), strict=True)
    windows = columns.window
    for i, row in enumerate(rows):
        rule, title, case, unit, status, trigger, deadline, fulfilled = row[:8]
        late_by, remaining, provisional, cite, source = row[8:]
        steps = (
            "[" + ", ".join(map(_string, columns.explain(i, lang))) + "]"
            if _explained(columns, i, explanations)
            else "null"
        )
        window = (
            "" if windows is None or windows[i] is None else f', "window": {fields["window"][i]}'
        )
        yield (
            f'{{"rule": {rule}, "title": {title}, "case": {case}, "unit": {unit}, '
            f'"status": {status}, "trigger": {trigger}, "deadline": {deadline}, '
            f'"fulfilled": {fulfilled}, "late_by": {late_by}, "remaining": {remaining}, '
            f'"provisional": {provisional}, "cite": {cite}, "source": {source}, '
            f'"explanation": {steps}{window}}}'
        )


def csv_rows(
    columns: RecordColumns, lang: Lang = "zh", explanations: Explanations = "all"
) -> Iterator[list[str]]:
    """Each record of :func:`column_records` as its CSV cells (:func:`csv_cell`, in the order of
    the CSV columns: ``window`` after ``unit``), a column at a time, each distinct value's cell
    made once."""
    fields = _field_texts(columns, _csv_cells())
    _prepare(columns, lang, explanations)
    rows = zip(*(fields[key] for key in CSV_KEYS[:-1]), strict=True)
    for i, row in enumerate(rows):
        steps = (
            csv_cell(list(columns.explain(i, lang))) if _explained(columns, i, explanations) else ""
        )
        yield [*row, steps]


def _field_texts(columns: RecordColumns, texts: _Texts) -> dict[str, list[str]]:
    """The text of each field of the records of *columns* but the explanation, a list per
    field (``window``: ``None``'s text where a verdict has none)."""
    count = len(columns)
    return {
        "rule": texts.strings([columns.rule] * count),
        "title": texts.strings(columns.title),
        "case": texts.strings(columns.case),
        "unit": texts.strings(columns.unit),
        "window": texts.strings(columns.window or [None] * count),
        "status": texts.strings([status.value for status in columns.status]),
        "trigger": texts.moments(columns.trigger),
        "deadline": texts.moments(columns.deadline),
        "fulfilled": texts.moments(columns.fulfilled),
        "late_by": texts.amounts(columns.late_by),
        "remaining": texts.amounts(columns.remaining),
        "provisional": ["true" if flag else "false" for flag in columns.provisional],
        "cite": texts.strings(columns.cite),
        "source": texts.strings(columns.source),
    }


def _string(value: str) -> str:
    """A string as JSON text, as ``json.dumps(value, ensure_ascii=False)`` writes it."""
    encoded: str = encode_basestring(value)
    return encoded


class _Texts:
    """The texts of columns of record values in one output format, each distinct value's made
    once (a text may be empty, a CSV cell: looked up with ``in``)."""

    def __init__(
        self,
        string: Callable[[str | None], str],
        moment: Callable[[dt.datetime | dt.date | None], str],
        amount: Callable[[Amount | None], str],
    ) -> None:
        self._string, self._moment, self._amount = string, moment, amount
        self._strings: dict[str | None, str] = {}
        # By identity: equal datetimes in two zones are written apart, and a columnar batch
        # shares one object for each distinct day or instant.
        self._moments: dict[int, str] = {}
        self._amounts: dict[tuple[Amount | None, type | None], str] = {}

    def strings(self, values: Sequence[str | None]) -> list[str]:
        known = self._strings
        return [known[value] if value in known else self._new_string(value) for value in values]

    def _new_string(self, value: str | None) -> str:
        text = self._strings[value] = self._string(value)
        return text

    def moments(self, values: Sequence[dt.datetime | dt.date | None]) -> list[str]:
        known = self._moments
        return [
            known[key] if (key := id(value)) in known else self._new_moment(key, value)
            for value in values
        ]

    def _new_moment(self, key: int, value: dt.datetime | dt.date | None) -> str:
        text = self._moments[key] = self._moment(value)
        return text

    def amounts(self, values: Sequence[Amount | None]) -> list[str]:
        known = self._amounts
        return [
            known[key] if (key := _amount_key(value)) in known else self._new_amount(key, value)
            for value in values
        ]

    def _new_amount(self, key: tuple[Amount | None, type | None], value: Amount | None) -> str:
        text = self._amounts[key] = self._amount(value)
        return text


def _json_texts() -> _Texts:
    return _Texts(
        lambda value: "null" if value is None else _string(value),
        lambda value: "null" if value is None else _string(value.isoformat()),
        lambda value: json.dumps(_amount(value), ensure_ascii=False),
    )


def _csv_cells() -> _Texts:
    return _Texts(
        csv_cell, lambda value: csv_cell(_iso(value)), lambda value: csv_cell(_amount(value))
    )


def _amount_key(value: Amount | None) -> tuple[Amount | None, type | None]:
    """An amount as a key of texts: its value's type too, as 3 and 3.0 are equal but written
    apart."""
    return (value, None if value is None else type(value.value))


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    return value.isoformat()


def _amount(amount: Amount | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    return {"value": amount.value, "unit": amount.unit.zh}


def csv_cell(value: object) -> str:
    """A verdict record's value as a CSV cell (the one CSV form of the contract, shared by the
    report, the CLI and Spark): null empty, booleans ``true``/``false``, amounts ``3工作日``,
    explanations joined by `` → ``; a cell a spreadsheet would run as a formula is neutralised."""
    return neutralise_cell(_cell_text(value))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return f"{value['value']}{value['unit']}"
    if isinstance(value, list):
        return " → ".join(str(item) for item in value)
    return str(value)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(text: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR)."""
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _status_codes(
    status: Status | str | Iterable[Status | str] | None,
) -> set[int] | None:
    if status is None:
        return None
    items: Iterable[Status | str] = [status] if isinstance(status, Status | str) else status
    codes: set[int] = set()
    for item in items:
        if isinstance(item, Status):
            codes.add(item.code)
            continue
        try:
            codes.add(Status.parse(item).code)
        except ValueError:
            from gkrules.engine.eval_messages import usage_error

            raise usage_error("GK523", status=item) from None
    return codes
