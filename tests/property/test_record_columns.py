"""Records written from a batch's columns are the records of its verdicts.

:meth:`gkrules.engine.report.Report.record_columns` gives a deadline rule's record values from
its batch's columns, building no verdict, and :func:`gkrules.engine.report.json_records` puts
the JSON text together from the texts of the values.  The reference here builds every
:class:`~gkrules.engine.verdicts.Verdict` and writes its record with ``json.dumps``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import gkrules.api as api
from gkrules.engine.report import EXPLANATIONS, RECORD_KEYS, Explanations, Report, csv_cell
from gkrules.engine.verdicts import RecordColumns, Status, Verdict
from gkrules.reports.records import CSV_COLUMNS, csv_chunks, jsonl_lines
from tests.conftest import REPO_ROOT
from tests.log_strategies import as_of_times, logs


@functools.cache
def rules() -> api.RuleSet:
    return api.load(REPO_ROOT / "dsl_examples")


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def reference_record(verdict: Verdict, lang: str, explanations: Explanations) -> dict[str, Any]:
    """The record of one verdict, read off the verdict field by field."""
    explained = explanations == "all" or (
        explanations == "non-met" and verdict.status is not Status.MET
    )
    record: dict[str, Any] = {
        "rule": verdict.rule,
        "title": verdict.title,
        "case": verdict.case,
        "unit": verdict.unit,
        "status": verdict.status.value,
        "trigger": _iso(verdict.trigger),
        "deadline": _iso(verdict.deadline),
        "fulfilled": _iso(verdict.fulfilled),
        "late_by": None
        if verdict.late_by is None
        else {"value": verdict.late_by.value, "unit": verdict.late_by.unit.zh},
        "remaining": None
        if verdict.remaining is None
        else {"value": verdict.remaining.value, "unit": verdict.remaining.unit.zh},
        "provisional": verdict.provisional,
        "cite": verdict.cite,
        "source": verdict.source,
        "explanation": list(verdict.explain(lang)) if explained else None,  # type: ignore[arg-type]
    }
    if verdict.window is not None:
        record["window"] = verdict.window
    return record


def _reference_lines(
    report: Report, statuses: list[Status], lang: str, explanations: Explanations
) -> list[str]:
    return [
        json.dumps(reference_record(verdict, lang, explanations), ensure_ascii=False) + "\n"
        for verdict in report.verdicts(status=statuses)
    ]


@settings(max_examples=100, deadline=None)
@given(
    log=logs(min_size=1, max_size=40),
    as_of=as_of_times(),
    statuses=st.lists(st.sampled_from(list(Status)), unique=True),
    lang=st.sampled_from(["zh", "en"]),
    explanations=st.sampled_from(EXPLANATIONS),
)
def test_json_lines_from_columns_are_the_verdicts_records(
    log: list[dict[str, str]],
    as_of: dt.datetime,
    statuses: list[Status],
    lang: str,
    explanations: Explanations,
) -> None:
    report = rules().check(log, as_of=as_of)
    got = list(jsonl_lines(report, statuses, lang, explanations))  # type: ignore[arg-type]
    # A check of its own: nothing the writer worded (evidence quoted at once) is reused.
    reference = rules().check(log, as_of=as_of)
    assert got == _reference_lines(reference, statuses, lang, explanations)


@settings(max_examples=40, deadline=None)
@given(
    log=logs(min_size=1, max_size=30),
    as_of=as_of_times(),
    explanations=st.sampled_from(EXPLANATIONS),
)
def test_csv_from_columns_is_the_verdicts_records(
    log: list[dict[str, str]], as_of: dt.datetime, explanations: Explanations
) -> None:
    report = rules().check(log, as_of=as_of)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for verdict in rules().check(log, as_of=as_of):  # a check of its own, as above
        record = reference_record(verdict, "zh", explanations)
        writer.writerow([csv_cell(record.get(key)) for key in CSV_COLUMNS])
    got = "".join(csv_chunks(report, list(Status), "zh", explanations=explanations))
    assert got == buffer.getvalue()
    assert report.to_csv("zh", explanations=explanations) == buffer.getvalue()
    assert rules().check(log, as_of=as_of).to_records(explanations=explanations) == [
        reference_record(verdict, "zh", explanations) for verdict in rules().check(log, as_of=as_of)
    ]


def _same_columns(report: Report) -> int:
    """Check that each deadline batch's columns are its verdicts'; how many instances were."""
    import numpy as np

    seen = 0
    for batch in report.batches:
        columnar = getattr(batch, "record_columns", None)
        if columnar is None or not len(batch):
            continue
        indexes = np.arange(len(batch) - 1, -1, -1)  # any order, not just the batch's
        got = columnar(indexes)
        want = RecordColumns.of_verdicts(
            batch.rule.id, [batch.verdict(int(i)) for i in indexes.tolist()]
        )
        names = [
            field.name
            for field in attrs.fields(RecordColumns)
            if field.name not in ("explain", "prepare")
        ]
        assert len(names) == 14
        for name in names:
            assert getattr(got, name) == getattr(want, name), name
        for position in range(len(got)):
            assert got.explain(position, "en") == want.explain(position, "en")
        seen += len(got)
    return seen


@settings(max_examples=60, deadline=None)
@given(log=logs(min_size=1, max_size=40), as_of=as_of_times())
def test_a_deadline_batch_gives_the_columns_its_verdicts_give(
    log: list[dict[str, str]], as_of: dt.datetime
) -> None:
    _same_columns(rules().check(log, as_of=as_of))


def test_a_fulfilment_found_for_an_undecidable_instance_is_not_shown() -> None:
    # No level: the period (24 or 48 hours) is unknown, and the answer found cannot count (C12).
    log = [
        {"time": "2022-06-01T10:00", "event": "舆情发生", "case": "C"},
        {"time": "2022-06-01T12:00", "event": "舆情回应", "case": "C"},
        {"time": "2022-06-02T10:00", "event": "舆情发生", "case": "D", "level": "一般"},
        {"time": "2022-06-02T12:00", "event": "舆情回应", "case": "D"},
    ]
    report = rules().check(log, as_of=dt.datetime(2022, 12, 1, tzinfo=dt.UTC))
    assert _same_columns(report) >= 2
    records = {r["case"]: r for r in report.to_records() if r["case"] in ("C", "D")}
    assert records["C"]["fulfilled"] is None
    assert records["C"]["status"] == "violated"
    assert records["D"]["fulfilled"] == "2022-06-02T12:00:00+08:00"


def test_values_that_need_escaping_are_written_as_json_dumps_writes_them() -> None:
    log = [
        {"time": "2022-03-01", "event": "政策文件公开", "case": 'A"1\\2', "unit": "局/甲"},
        {"time": "2022-03-02", "event": "政策文件公开", "case": "B\u20282", "unit": "😀单位"},
        {"time": "2022-03-03", "event": "解读发布", "case": "B\u20282", "unit": "😀单位"},
        {"time": "2022-06-01T10:00:00.5", "event": "舆情发生", "case": "C", "level": "一般"},
        {"time": "2022-06-03T09:00", "event": "舆情回应", "case": "C"},
    ]
    report = rules().check(log, as_of=dt.datetime(2022, 12, 1, tzinfo=dt.UTC))
    got = list(jsonl_lines(report, list(Status)))
    assert got == _reference_lines(report, list(Status), "zh", "all")
    cases = {json.loads(line)["case"] for line in got}
    assert {'A"1\\2', "B\u20282", "C"} <= cases
    for line in got:
        assert list(json.loads(line))[: len(RECORD_KEYS)] == list(RECORD_KEYS)
