"""The machine-readable contract of ``gkrules check``: JSON Lines, JSON and CSV (docs/cli.md)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from tests.conftest import REPO_ROOT
from tests.reports_support import AS_OF, EVENTS, RULES, write_hostile

from gkrules.cli import main
from gkrules.engine.report import RECORD_KEYS, neutralise_cell
from gkrules.reports.records import CSV_COLUMNS

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")
WINDOW = re.compile(r"^\d{4}(-Q[1-4]|-H[12]|-\d{2})?$")
UNITS = {"工作日", "日", "小时", "个月", "年"}


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(REPO_ROOT)


def run(capsys, *args):
    status = main(["check", RULES, "--events", EVENTS, "--as-of", AS_OF, *args])
    return status, capsys.readouterr().out


def jsonl(capsys, *args):
    status, out = run(capsys, "--format", "jsonl", *args)
    assert out.endswith("\n")
    return status, [json.loads(line) for line in out.splitlines()]


def check_amount(value):
    if value is None:
        return
    assert set(value) == {"value", "unit"}
    assert isinstance(value["value"], int | float)
    assert not isinstance(value["value"], bool)
    assert value["unit"] in UNITS


def test_jsonl_records_have_exactly_the_contract_keys(capsys):
    status, records = jsonl(capsys, "--lang", "en")
    assert status == 1
    assert len(records) == 20
    for record in records:
        expected = set(RECORD_KEYS) | ({"window"} if "window" in record else set())
        assert set(record) == expected
        assert list(record)[: len(RECORD_KEYS)] == list(RECORD_KEYS)


def test_jsonl_value_types(capsys):
    _, records = jsonl(capsys)
    for record in records:
        for key in ("rule", "title", "status", "source"):
            assert isinstance(record[key], str)
        for key in ("case", "unit", "cite", "trigger", "deadline", "fulfilled"):
            assert record[key] is None or isinstance(record[key], str)
        assert record["status"] in ("met", "violated", "pending", "not_applicable")
        assert isinstance(record["provisional"], bool)
        assert isinstance(record["explanation"], list)
        assert record["explanation"]
        assert all(isinstance(line, str) for line in record["explanation"])
        check_amount(record["late_by"])
        check_amount(record["remaining"])
        assert re.fullmatch(r".+:\d+:\d+", record["source"])
        if "window" in record:
            assert WINDOW.fullmatch(record["window"])


def by_key(records, rule, case=None, unit=None, window=None):
    found = [
        r
        for r in records
        if r["rule"] == rule
        and (case is None or r["case"] == case)
        and (unit is None or r["unit"] == unit)
        and (window is None or r.get("window") == window)
    ]
    assert len(found) == 1, found
    return found[0]


def test_day_based_deadlines_are_dates_hour_based_are_datetimes_with_offset(capsys):
    _, records = jsonl(capsys)
    a2 = by_key(records, "R1", "A2")
    assert a2["trigger"] == "2024-01-26"
    assert a2["deadline"] == "2024-02-28"
    assert a2["fulfilled"] == "2024-02-29"
    assert a2["late_by"] == {"value": 1, "unit": "工作日"}
    assert a2["status"] == "violated"
    y3 = by_key(records, "R2", "Y3")
    assert y3["trigger"] == "2024-03-05T14:00:00+08:00"
    assert y3["deadline"] == "2024-03-07T14:00:00+08:00"
    assert y3["fulfilled"] == "2024-03-08T10:00:00+08:00"
    assert y3["late_by"] == {"value": 20.0, "unit": "小时"}
    y2 = by_key(records, "R2", "Y2")
    assert y2["status"] == "pending"
    assert y2["remaining"] == {"value": 2.0, "unit": "小时"}
    assert y2["fulfilled"] is None
    for record in records:
        for key in ("trigger", "deadline", "fulfilled"):
            value = record[key]
            assert value is None or ISO_DATE.fullmatch(value) or ISO_DATETIME.fullmatch(value)
        if record["rule"] in ("R1", "R6") and record["deadline"]:
            assert ISO_DATE.fullmatch(record["deadline"])
        if record["rule"] == "R2":
            assert ISO_DATETIME.fullmatch(record["deadline"])
            dt.datetime.fromisoformat(record["deadline"])


def test_window_verdicts_carry_their_window(capsys):
    _, records = jsonl(capsys)
    q1 = by_key(records, "R3", unit="财政局", window="2024-Q1")
    assert q1["status"] == "violated"
    assert q1["deadline"] == "2024-03-31"
    assert "window" not in by_key(records, "R1", "A2")


def test_status_filter_selects_records(capsys):
    _, violated = jsonl(capsys, "--status", "violated")
    assert {r["status"] for r in violated} == {"violated"}
    assert len(violated) == 10
    _, both = jsonl(capsys, "--status", "met,pending")
    assert {r["status"] for r in both} == {"met", "pending"}
    _, chinese = jsonl(capsys, "--status", "违反")
    assert len(chinese) == 10


def test_explanation_language_follows_lang(capsys):
    _, zh = jsonl(capsys, "--lang", "zh")
    _, en = jsonl(capsys, "--lang", "en")
    assert by_key(zh, "R1", "A2")["explanation"][-1].startswith("履行")
    assert by_key(en, "R1", "A2")["explanation"][-1].startswith("Fulfilled")


def test_explanations_asked_for_only(capsys):
    _, every = jsonl(capsys)
    _, non_met = jsonl(capsys, "--explanations", "non-met")
    _, none = jsonl(capsys, "--explanations", "none")
    assert all(r["explanation"] for r in every)
    for full, some, bare in zip(every, non_met, none, strict=True):
        assert some["explanation"] == (None if full["status"] == "met" else full["explanation"])
        assert bare["explanation"] is None
        assert {**full, "explanation": None} == {**bare, "explanation": None}
    assert sum(r["explanation"] is None for r in non_met) == 5  # the met ones
    _, out = run(capsys, "--format", "csv", "--explanations", "none")
    assert {row["explanation"] for row in csv.DictReader(io.StringIO(out))} == {""}
    _, out = run(capsys, "--format", "json", "--explanations", "non-met")
    assert json.loads(out)["verdicts"] == non_met


def test_json_document(capsys):
    status, out = run(capsys, "--format", "json")
    assert status == 1
    document = json.loads(out)
    assert list(document) == ["as_of", "summary", "accounting", "notes", "verdicts"]
    assert document["as_of"] == "2024-04-10T08:00:00+08:00"
    summary = document["summary"]
    assert summary["instances"] == 20
    assert (summary["met"], summary["violated"], summary["pending"]) == (5, 10, 5)
    assert (summary["done_late"], summary["not_done"], summary["at_risk"]) == (2, 5, 1)
    assert summary["not_applicable"] == 0
    assert sum(row["total"] for row in summary["by_rule"]) == 20
    accounting = document["accounting"]
    assert accounting["rows_read"] == 21
    assert accounting["rows_read"] == (
        accounting["rows_used"] + accounting["rows_unused"] + accounting["rows_set_aside"]
    )
    assert accounting["balanced"] is True
    assert accounting["rows_after_as_of"] == 1
    assert accounting["unused_events"][0]["name"] == "答付"
    assert len(document["verdicts"]) == 20
    _, lines = jsonl(capsys)
    assert document["verdicts"] == lines


def test_csv_has_the_same_columns_and_rows(capsys):
    status, out = run(capsys, "--format", "csv")
    assert status == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 20
    _, records = jsonl(capsys)
    for row, record in zip(rows, records, strict=True):
        assert row["rule"] == record["rule"]
        assert row["status"] == record["status"]
        assert row["deadline"] == (record["deadline"] or "")
        assert row["window"] == record.get("window", "")
        assert row["explanation"] == " → ".join(record["explanation"])
    a2 = next(r for r in rows if r["case"] == "A2")
    assert a2["late_by"] == "1工作日"
    assert a2["provisional"] == "false"


def test_csv_with_bom_for_excel(capsys):
    _, out = run(capsys, "--format", "csv", "--bom")
    assert out.startswith("\ufeffrule,title,")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("办公室", "办公室"),
        ("2024-01-26", "2024-01-26"),
    ],
)
def test_formula_cells_are_neutralised(value, shown):
    assert neutralise_cell(value) == shown


def test_csv_output_neutralises_values_from_logs_and_rules(capsys, tmp_path):
    rules, log = write_hostile(tmp_path)
    assert main(["check", rules, "-e", log, "--as-of", "2024-04-01", "-f", "csv"]) == 1
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=1+1" in cells
    assert "'@SUM(A1)" in cells
    assert '\'=HYPERLINK("http://example.invalid")' in cells
    assert "'@SUM(1+1)" in cells


def test_json_document_with_no_verdicts_listed(capsys):
    status, out = run(capsys, "--format", "json", "--status", "not_applicable")
    assert status == 1
    document = json.loads(out)
    assert document["verdicts"] == []
    assert document["summary"]["instances"] == 20
