"""The executors' side of gkrules.spark, without Spark: Arrow tables in, verdicts out.

These need pyarrow only (no pyspark, no Java), so they run wherever the ``spark`` or ``fast``
extra is installed.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

import gkrules
from gkrules.engine.evaluate import resolve_as_of
from gkrules.spark import checked_rules
from gkrules.spark.plan import rule_keys, stages
from gkrules.spark.worker import (
    ORDER,
    PROBLEM,
    ROW,
    RULE_INDEX,
    TIME,
    Job,
    ShippedRules,
    _last_boundary,
    annotate,
    evaluate_partition,
    evaluate_slice,
    prepared,
)
from tests.spark.eventgen import COLUMNS, generate_rows, write_csv

pa = pytest.importorskip("pyarrow")
pa_csv = pytest.importorskip("pyarrow.csv")

EXAMPLES = Path(__file__).resolve().parents[2] / "dsl_examples"
AS_OF = resolve_as_of("2022-06-30")


@pytest.fixture(scope="module")
def rules() -> Any:
    return gkrules.load(str(EXAMPLES))


def _table(path: Path, source: int = 0) -> Any:
    """A CSV log as Spark hands it over: text columns, the source's position, line numbers."""
    options = pa_csv.ConvertOptions(
        column_types={c: pa.string() for c in COLUMNS}, strings_can_be_null=True
    )
    table = pa_csv.read_csv(path, convert_options=options)
    count = table.num_rows
    table = table.append_column(ORDER, pa.array([source] * count, pa.int32()))
    return table.append_column(ROW, pa.array(range(2, count + 2), pa.int64()))


def _job(rules: Any, path: Path, **options: Any) -> Job:
    chosen = checked_rules(rules)
    shipped = ShippedRules.pack(chosen)
    ids = tuple(rule.id for rule in chosen)
    return Job(shipped, ids, tuple(range(len(ids))), AS_OF, "zh", (str(path),), COLUMNS, **options)


def _lines(records: list[dict[str, Any]]) -> list[str]:
    from gkrules.spark.run import spark_record

    return sorted(json.dumps(spark_record(r), ensure_ascii=False, sort_keys=True) for r in records)


def test_one_slice_of_a_whole_log_gives_the_engines_verdicts(rules: Any, tmp_path: Path) -> None:
    path = write_csv(generate_rows(4_000, seed=1), tmp_path / "events.csv")
    expected = rules.check(str(path), as_of=AS_OF).to_records()
    table = _table(path)
    table = table.take(pa.array(range(table.num_rows - 1, -1, -1)))  # any order in, log order used
    out = evaluate_slice(table, _job(rules, path))
    assert out.column(PROBLEM).null_count == out.num_rows
    got = out.drop_columns([RULE_INDEX, PROBLEM]).to_pylist()
    assert _lines(got) == sorted(
        json.dumps(r, ensure_ascii=False, sort_keys=True) for r in expected
    )


def test_annotate_adds_instants_and_places_problems_at_their_rows(
    rules: Any, tmp_path: Path
) -> None:
    rows = generate_rows(50, seed=2)
    rows[4]["time"] = "2021-13-01"
    rows[7]["event"] = "  答复 "
    path = write_csv(rows, tmp_path / "events.csv")
    table = annotate(_table(path, source=0), _job(rules, path), ("event", "unit"))
    times = table.column(TIME).to_pylist()
    assert times[4] is None
    assert all(t is not None for i, t in enumerate(times) if i != 4)
    assert table.column("event")[7].as_py() == "答复"  # as the engine reads it
    problems = pickle.loads(table.column(PROBLEM)[4].as_py())
    assert {str(d.span).rsplit(":", 1)[0] for d in problems} == {f"{path}:6"}
    assert table.column(PROBLEM).null_count == table.num_rows - 1


def test_a_partition_is_evaluated_in_slices_of_whole_groups(
    rules: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gkrules.spark import worker

    path = write_csv(generate_rows(3_000, seed=4), tmp_path / "events.csv")
    chosen = [r for r in rules.rules if rule_keys(r) == ("case",)]
    subset = rules.select([r.id for r in chosen])
    expected = subset.check(str(path), as_of=AS_OF).to_records()
    table = _table(path).sort_by([("case", "ascending")])
    job = _job(subset, path, keys=("case",))
    monkeypatch.setattr(worker, "SLICE_ROWS", 300)
    batches = evaluate_partition(iter(table.to_batches(max_chunksize=100)), job)
    got = pa.Table.from_batches(list(batches)).drop_columns([RULE_INDEX, PROBLEM]).to_pylist()
    assert _lines(got) == sorted(
        json.dumps(r, ensure_ascii=False, sort_keys=True) for r in expected
    )


def test_the_last_boundary_is_where_the_last_key_group_starts() -> None:
    table = pa.table({"case": ["a", "a", "b", "b", "b"], "x": [1, 2, 3, 4, 5]})
    assert _last_boundary(table, ("case",)) == 2
    assert _last_boundary(table.slice(2), ("case",)) == 0
    long = pa.table({"case": ["a"] + ["b"] * 5000})
    assert _last_boundary(long, ("case",)) == 1
    nulls = pa.table({"case": ["a", None, None]})
    assert _last_boundary(nulls, ("case",)) == 1


def test_the_compiled_rules_are_cached_by_the_payloads_hash(rules: Any) -> None:
    first = ShippedRules.pack(rules.rules)
    again = ShippedRules.pack(rules.rules)
    other = ShippedRules.pack(rules.rules, provisional=True)
    assert first == again
    assert hash(first) == hash(again)
    assert first != other
    assert prepared(first) is prepared(again)
    assert prepared(other).calendar.provisional
    assert set(prepared(first).rules) == set(rules.ids)


def test_rules_are_staged_by_their_keys(rules: Any) -> None:
    from gkrules.engine.compile import rule_events

    found = stages(rules.rules, [frozenset(rule_events(r.body)) for r in rules.rules])
    by_keys = {stage.keys: stage for stage in found}
    assert set(by_keys) == {("case",), ("case", "party"), ("unit",), ("unit", "platform"), None}
    assert by_keys[("unit",)].needs_universe
    assert not by_keys[("case",)].needs_universe
    assert "抽查" in by_keys[("unit",)].events
    assert sorted(r for s in found for r in s.rule_ids) == sorted(rules.ids)


def test_the_first_day_row_is_read_as_that_day_and_read_by_no_rule(
    rules: Any, tmp_path: Path
) -> None:
    rows = [
        {"time": "2021-08-01", "event": "抽查", "unit": "甲", "checked": "2", "total": "10"},
    ]
    path = write_csv(rows, tmp_path / "events.csv")
    quarterly = rules.select(["S15"])
    alone = evaluate_slice(_table(path), _job(quarterly, path, keys=("unit",))).to_pylist()
    assert alone[0]["window"] == "2021-Q3"
    job = _job(quarterly, path, keys=("unit",), first_day=dt.date(2021, 2, 1))
    out = evaluate_slice(_table(path), job).to_pylist()
    # counted from the log's first day (another unit's row, elsewhere), not this unit's first row
    assert out[0]["window"] == "2021-Q1"
    assert {r["unit"] for r in out} == {"甲"}
