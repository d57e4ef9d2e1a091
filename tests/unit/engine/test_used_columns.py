"""Reading only the columns the rules use gives the same verdicts as reading every column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.spark.eventgen import generate_rows, write_csv

import gkrules
from gkrules.cli import main
from gkrules.errors import UsageError

AS_OF = "2022-06-30"
EXAMPLES = Path(__file__).resolve().parents[3] / "dsl_examples"


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("used")
    return write_csv(generate_rows(6_000, seed=21), folder / "events.csv")


@pytest.mark.parametrize("reader", ["python", "pyarrow"])
def test_the_used_columns_give_every_shipped_rule_its_verdicts(log: Path, reader: str) -> None:
    if reader == "pyarrow":
        pytest.importorskip("pyarrow")
    from gkrules.engine import load_events

    rules = gkrules.load(str(EXAMPLES))
    everything = rules.check(load_events(str(log), csv_reader=reader), as_of=AS_OF)
    used = rules.check(load_events(str(log), csv_reader=reader, columns=rules.columns), as_of=AS_OF)
    lines = sorted(json.dumps(r, ensure_ascii=False) for r in everything.to_records())
    assert sorted(json.dumps(r, ensure_ascii=False) for r in used.to_records()) == lines
    assert used.accounting.rows_used == everything.accounting.rows_used
    assert used.accounting.unused_events == everything.accounting.unused_events
    shortcut = rules.check(str(log), as_of=AS_OF, columns="used")
    assert sorted(json.dumps(r, ensure_ascii=False) for r in shortcut.to_records()) == lines


def test_the_rule_sets_columns_are_the_base_and_the_named_attributes() -> None:
    rules = gkrules.load(str(EXAMPLES))
    assert {"time", "event", "case", "unit", "days", "level", "checked", "total"} <= rules.columns
    assert "channel" in rules.columns  # L3 counts requests by channel
    one = rules.select(["S3"])
    assert one.columns == {"time", "event", "case", "unit"}


def test_columns_takes_all_or_used(log: Path) -> None:
    rules = gkrules.load(str(EXAMPLES))
    with pytest.raises(UsageError) as caught:
        rules.check(str(log), as_of=AS_OF, columns="some")  # type: ignore[arg-type]
    assert "GK524" in caught.value.render("en")


def test_the_command_line_reads_the_used_columns_when_asked(
    log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["check", str(EXAMPLES), "-e", str(log), "--as-of", AS_OF, "-f", "jsonl"]
    assert main([*args, "--fail-on", "never"]) == 0
    everything = capsys.readouterr().out
    assert main([*args, "--fail-on", "never", "--columns", "used"]) == 0
    assert capsys.readouterr().out == everything


@pytest.mark.parametrize("reader", ["python", "pyarrow"])
def test_the_used_rows_are_those_of_the_rules_events_and_the_rest_are_counted(
    log: Path, reader: str
) -> None:
    if reader == "pyarrow":
        pytest.importorskip("pyarrow")
    from gkrules.engine import load_events

    rules = gkrules.load(str(EXAMPLES)).select(["S3", "L5"])
    # the same columns (an explanation quotes the trigger row's cells that were read)
    full = load_events(str(log), csv_reader=reader, columns=rules.columns)
    assert rules.rows == rules.events
    some = load_events(str(log), csv_reader=reader, columns=rules.columns, events=rules.rows)
    assert set(some.event_counts()) <= rules.events
    assert some.report.rows_read == full.report.rows_read
    assert some.report.rows_skipped == sum(
        n for name, n in full.event_counts().items() if name not in rules.events
    )
    assert some.report.balanced
    assert "only the rows of the events asked for were checked" in some.report.summary("en")
    everything = rules.check(full, as_of=AS_OF)
    used = rules.check(some, as_of=AS_OF)
    lines = sorted(json.dumps(r, ensure_ascii=False) for r in everything.to_records())
    assert sorted(json.dumps(r, ensure_ascii=False) for r in used.to_records()) == lines
    # the accounting is the same: the skipped rows are the unused ones, by event, with hints
    assert used.accounting.rows_read == everything.accounting.rows_read
    assert used.accounting.rows_used == everything.accounting.rows_used
    assert used.accounting.rows_unused == everything.accounting.rows_unused
    assert used.accounting.unused_events == everything.accounting.unused_events


def test_a_log_without_the_rows_a_rule_reads_is_refused(log: Path) -> None:
    from gkrules.engine import load_events

    rules = gkrules.load(str(EXAMPLES))
    s3_only = load_events(str(log), events=rules.select(["S3"]).rows)
    assert rules.select(["S3"]).check(s3_only, as_of=AS_OF).accounting.rows_used > 0
    with pytest.raises(UsageError) as caught:
        rules.select(["S3", "L5"]).check(s3_only, as_of=AS_OF)
    rendered = caught.value.render("en")
    assert "GK525" in rendered
    assert "rule L5 reads rows of" in rendered
    assert "events=ruleset.rows" in rendered


def test_a_date_rule_reads_every_row_so_its_units_are_all_checked() -> None:
    """C12: a unit with only rows of other events still owes its annual report; so a rule set
    with a date (or window) rule has no rows to skip, and a log loaded without some is refused."""
    from gkrules.engine import load_events

    rules = gkrules.load(str(EXAMPLES)).select(["L6"])
    assert rules.rows is None
    assert gkrules.load(str(EXAMPLES)).rows is None
    rows = [
        {"time": "2024-01-20", "event": "年度报告公开", "unit": "甲局", "year": "2023"},
        {"time": "2024-03-02", "event": "舆情发生", "unit": "乙局", "case": "Y1"},
    ]
    everything = rules.check(rows, as_of="2024-06-30")
    used = rules.check(rows, as_of="2024-06-30", columns="used")
    assert sorted((v.unit, v.status.value) for v in used) == [("乙局", "violated"), ("甲局", "met")]
    assert [json.dumps(r, ensure_ascii=False) for r in used.to_records()] == [
        json.dumps(r, ensure_ascii=False) for r in everything.to_records()
    ]
    partial = load_events(rows, events=["年度报告公开"])
    with pytest.raises(UsageError) as caught:
        rules.check(partial, as_of="2024-06-30")
    assert "GK525" in caught.value.render("en")
