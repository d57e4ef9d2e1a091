"""gkrules on Spark gives exactly the verdicts of one machine: same rows, same explanations.

Every rule in dsl_examples/ runs on a generated log of over 100,000 events split across 8
partitions, and the verdict records (JSON Lines contract) are compared with ``RuleSet.check``'s,
sorted.  Window rules are checked on a unit whose events are spread over every partition.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import gkrules
from gkrules.engine.verdicts import Status
from gkrules.errors import EvaluationError, EventLogError
from tests.spark.conftest import PANDAS_WARNING
from tests.spark.eventgen import COLUMNS, generate_rows, write_csv

pytestmark = [pytest.mark.spark, pytest.mark.filterwarnings(PANDAS_WARNING)]

AS_OF = "2022-06-30"
EXAMPLES = Path(__file__).resolve().parents[2] / "dsl_examples"


@pytest.fixture(scope="module")
def rules() -> Any:
    return gkrules.load(str(EXAMPLES))


@pytest.fixture(scope="module")
def big_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = generate_rows(100_000, seed=2024)
    return write_csv(rows, tmp_path_factory.mktemp("spark") / "events.csv")


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _local(rules: Any, path: Path | Any, **options: Any) -> list[str]:
    report = rules.check(path if not isinstance(path, Path) else str(path), as_of=AS_OF, **options)
    return sorted(_line(record) for record in report.to_records())


def _spark(frame: Any) -> list[str]:
    from gkrules.spark.run import spark_record

    return sorted(_line(spark_record(row.asDict(recursive=True))) for row in frame.collect())


def _difference(expected: list[str], got: list[str]) -> str:
    missing = list((Counter(expected) - Counter(got)).elements())
    extra = list((Counter(got) - Counter(expected)).elements())
    shown = [f"missing: {line}" for line in missing[:3]] + [f"extra: {line}" for line in extra[:3]]
    return f"{len(missing)} missing, {len(extra)} extra\n" + "\n".join(shown)


def test_verdicts_equal_one_machine_on_100000_events_in_8_partitions(
    spark: Any, rules: Any, big_log: Path, record_property: Any
) -> None:
    from gkrules.spark import SparkEvents, check_spark, read_events

    started = time.perf_counter()
    expected = _local(rules, big_log)
    local_seconds = time.perf_counter() - started

    started = time.perf_counter()
    events = read_events(spark, [str(big_log)])
    spread = SparkEvents(events.frame.repartition(8), events.sources)
    assert spread.frame.rdd.getNumPartitions() == 8
    assert spread.frame.count() >= 100_000
    got = _spark(check_spark(rules, spread, as_of=AS_OF))
    spark_seconds = time.perf_counter() - started

    record_property("local_seconds", round(local_seconds, 1))
    record_property("spark_seconds", round(spark_seconds, 1))
    assert len(expected) > 50_000
    assert {json.loads(line)["rule"] for line in expected} == set(rules.ids)
    assert got == expected, _difference(expected, got)


def _window_log(tmp_path: Path) -> Path:
    """One unit's monthly checks, reports and archives over three years, among other units."""
    rows = []
    for year in (2019, 2020, 2021):
        for month in range(1, 13):
            for day in (3, 17):
                rows.append(
                    {
                        "time": f"{year}-{month:02d}-{day:02d}",
                        "event": "抽查",
                        "unit": "甲单位",
                        "checked": str(day % 5),
                        "total": "20",
                    }
                )
            rows.append(
                {
                    "time": f"{year}-{month:02d}-09",
                    "event": "数据发布",
                    "unit": "甲单位",
                    "period": "月度",
                }
            )
            if month % 3 == 0:
                rows.append(
                    {"time": f"{year}-{month:02d}-20", "event": "档案移交", "unit": "甲单位"}
                )
        rows.append({"time": f"{year}-06-30", "event": "听取汇报", "unit": "甲单位"})
        rows.append(
            {
                "time": f"{year + 1}-01-20",
                "event": "年度报告公开",
                "unit": "甲单位",
                "year": str(year),
            }
        )
    for unit in ("乙单位", "丙单位"):
        rows.append({"time": "2019-02-01", "event": "会议纪要", "unit": unit})
        rows.append(
            {"time": "2021-05-06", "event": "抽查", "unit": unit, "checked": "3", "total": "10"}
        )
    return write_csv(rows, tmp_path / "windows.csv")


def test_a_units_window_events_spread_over_every_partition(
    spark: Any, rules: Any, tmp_path: Path
) -> None:
    from pyspark.sql import functions as F

    from gkrules.spark import SparkEvents, check_spark, read_events

    path = _window_log(tmp_path)
    events = read_events(spark, [str(path)])
    spread = SparkEvents(events.frame.repartition(8), events.sources)
    partitions = (
        spread.frame.filter(F.col("unit") == "甲单位")
        .select(F.spark_partition_id().alias("p"))
        .distinct()
        .count()
    )
    assert partitions == 8
    window_rules = [rule.id for rule in rules.rules if type(rule.body).__name__ == "WindowBody"]
    chosen = rules.select(window_rules)
    expected = _local(chosen, path)
    got = _spark(check_spark(chosen, spread, as_of=AS_OF))
    assert any(json.loads(line).get("window") == "2019-03" for line in got)
    assert got == expected, _difference(expected, got)


def test_a_plain_dataframe_is_numbered_like_a_pandas_one(spark: Any, rules: Any) -> None:
    pandas = pytest.importorskip("pandas")
    from gkrules.spark import check_spark

    rows = generate_rows(3_000, seed=7)
    frame = pandas.DataFrame.from_records([{c: r.get(c) for c in COLUMNS} for r in rows])
    expected = _local(rules, frame)
    sparked = spark.createDataFrame(frame.astype(object).where(frame.notna(), None)).coalesce(1)
    got = _spark(check_spark(rules, sparked, as_of=AS_OF))
    assert got == expected, _difference(expected, got)
    assert any("<DataFrame>:" in line for line in got)


def test_unreadable_rows_stop_a_strict_check_and_are_set_aside_when_lenient(
    spark: Any, rules: Any, tmp_path: Path
) -> None:
    from gkrules.spark import plan_check_spark, read_events

    rows = generate_rows(2_000, seed=11)
    rows[10]["time"] = "2021-02-30"
    rows[20]["time"] = "明天"
    path = write_csv(rows, tmp_path / "bad.csv")
    events = read_events(spark, [str(path)])
    with pytest.raises(EventLogError) as caught:
        plan_check_spark(rules, events, as_of=AS_OF)
    assert f"{path}:12:" in caught.value.render("en")
    assert f"{path}:22:" in caught.value.render("en")

    check = plan_check_spark(rules, events, as_of=AS_OF, lenient=True)
    local = rules.check(str(path), as_of=AS_OF, lenient=True)
    assert _spark(check.verdicts()) == sorted(_line(r) for r in local.to_records())
    spark_accounting = check.accounting
    local_accounting = local.accounting
    for name in ("rows_read", "rows_used", "rows_unused", "rows_set_aside", "rows_after_as_of"):
        assert getattr(spark_accounting, name) == getattr(local_accounting, name), name
    assert spark_accounting.unused_events == local_accounting.unused_events
    check.release()


def test_csv_records_that_do_not_match_the_header_are_reported_as_the_engine_does(
    spark: Any, rules: Any, tmp_path: Path
) -> None:
    from gkrules.spark import plan_check_spark, read_events

    path = tmp_path / "ragged.csv"
    path.write_text(
        "time,event,case,unit\n"
        "2021-01-04,收到申请,A,甲\n"
        "2021-01-05,答复,A\n"
        "2021-01-06,答复,B,乙,多余\n"
        '2021-01-07,"收到,申请",C,丙\n',
        encoding="utf-8",
    )
    with pytest.raises(EventLogError) as local:
        rules.check(str(path), as_of=AS_OF)
    with pytest.raises(EventLogError) as ours:
        plan_check_spark(rules, read_events(spark, [str(path)]), as_of=AS_OF)
    assert ours.value.render("zh") == local.value.render("zh")
    assert "GK425" in ours.value.render("en")


def test_an_evaluation_error_is_the_engines(spark: Any, tmp_path: Path) -> None:
    from gkrules.spark import run_check_spark

    rows = [
        {
            "time": "2021-03-01",
            "event": "指标报告",
            "unit": "甲",
            "metric": "政务公开绩效权重",
            "value": "很高",
        },
    ]
    path = write_csv(rows, tmp_path / "metric.csv")
    rule = EXAMPLES / "乐至县2021年政务公开重点工作任务分解表.gk"
    with pytest.raises(EvaluationError) as caught:
        run_check_spark([rule], [str(path)], as_of=AS_OF, spark=spark)
    assert "GK501" in caught.value.render("en")
    assert f"{path}:2" in caught.value.render("en")


@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_run_check_spark_writes_the_local_engines_records(
    spark: Any, rules: Any, tmp_path: Path, output_format: str
) -> None:
    from gkrules.reports import csv_chunks, jsonl_lines
    from gkrules.spark import run_check_spark

    path = write_csv(generate_rows(5_000, seed=3), tmp_path / "events.csv")
    report = rules.check(str(path), as_of=AS_OF)
    wanted = (Status.VIOLATED, Status.PENDING)
    if output_format == "jsonl":
        local_text = "".join(jsonl_lines(report, wanted, "zh"))
    else:
        local_text = "".join(csv_chunks(report, wanted, "zh"))
    buffer = io.StringIO()
    run = run_check_spark(
        [EXAMPLES],
        [str(path)],
        as_of=AS_OF,
        output_format=output_format,
        output=buffer,
        statuses=wanted,
        spark=spark,
    )
    assert run.counts == report.counts()
    if output_format == "jsonl":
        assert sorted(buffer.getvalue().splitlines()) == sorted(local_text.splitlines())
    else:
        ours = list(csv.reader(io.StringIO(buffer.getvalue())))
        theirs = list(csv.reader(io.StringIO(local_text)))
        assert ours[0] == theirs[0]
        assert sorted(map(tuple, ours[1:])) == sorted(map(tuple, theirs[1:]))
    assert run.written == sum(report.counts()[s] for s in wanted)
