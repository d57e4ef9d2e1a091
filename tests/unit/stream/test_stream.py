"""The streaming check writes exactly what one machine's check finds, in Spark's order.

Every rule in dsl_examples/ runs on generated logs split into several buckets; the JSON Lines and
CSV records are compared with ``RuleSet.check``'s, sorted as ``--engine spark`` sorts them, and the
accounting of the log with the engine's.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from tests.spark.eventgen import generate_rows, write_csv

import gkrules
from gkrules.cli import main
from gkrules.engine.verdicts import Status
from gkrules.errors import EvaluationError, EventLogError, UsageError

pytest.importorskip("pyarrow")

from gkrules.stream import run_check_stream
from gkrules.stream.run import SORT_COLUMNS

AS_OF = "2022-06-30"
EXAMPLES = Path(__file__).resolve().parents[3] / "dsl_examples"


@pytest.fixture(scope="module")
def rules() -> Any:
    return gkrules.load(str(EXAMPLES))


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_csv(generate_rows(8_000, seed=5), tmp_path_factory.mktemp("stream") / "ev.csv")


def _spark_order(rules: Any, records: list[dict[str, Any]]) -> list[str]:
    ids = [rule.id for rule in rules.rules]

    def key(record: dict[str, Any]) -> tuple[object, ...]:
        rest = tuple((record.get(n) is None, record.get(n) or "") for n in SORT_COLUMNS)
        return (ids.index(record["rule"]), *rest)

    return [json.dumps(r, ensure_ascii=False) for r in sorted(records, key=key)]


def _places(error: EventLogError) -> list[tuple[str, str | None, int | None]]:
    return [
        (d.code, d.span.path if d.span else None, d.span.line if d.span else None)
        for d in error.diagnostics
    ]


def _stream(rules: Any, paths: list[str], **options: Any) -> tuple[Any, list[str]]:
    out = io.StringIO()
    run = run_check_stream(rules, paths, as_of=AS_OF, output=out, **options)
    return run, out.getvalue().splitlines()


@pytest.mark.parametrize("buckets", [1, 3, 16])
def test_the_records_are_the_engines_in_sparks_order(rules: Any, log: Path, buckets: int) -> None:
    report = rules.check(str(log), as_of=AS_OF)
    run, lines = _stream(rules, [str(log)], buckets=buckets)
    assert lines == _spark_order(rules, report.to_records())
    assert run.counts == report.counts()
    assert run.written == len(lines)
    assert run.buckets == buckets
    for name in ("rows_read", "rows_used", "rows_unused", "rows_set_aside", "rows_after_as_of"):
        assert getattr(run.accounting, name) == getattr(report.accounting, name), name
    assert run.accounting.unused_events == report.accounting.unused_events


def test_several_logs_with_different_columns_are_one_log(rules: Any, tmp_path: Path) -> None:
    rows = generate_rows(3_000, seed=8)
    first = write_csv(rows[:1500], tmp_path / "a.csv")
    narrow = [
        {k: v for k, v in row.items() if k in ("time", "event", "case", "unit")}
        for row in rows[1500:]
    ]
    second = tmp_path / "b.csv"
    with open(second, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["time", "event", "case", "unit"])
        writer.writeheader()
        writer.writerows(narrow)
    report = rules.check([str(first), str(second)], as_of=AS_OF)
    _, lines = _stream(rules, [str(first), str(second)], buckets=4)
    assert lines == _spark_order(rules, report.to_records())


def test_only_the_statuses_asked_for_are_written_as_csv(rules: Any, log: Path) -> None:
    from gkrules.reports import csv_chunks

    wanted = (Status.VIOLATED, Status.PENDING)
    report = rules.check(str(log), as_of=AS_OF)
    local = list(csv.reader(io.StringIO("".join(csv_chunks(report, wanted, "zh")))))
    run, lines = _stream(rules, [str(log)], output_format="csv", statuses=wanted, buckets=5)
    ours = list(csv.reader(io.StringIO("\n".join(lines) + "\n")))
    assert ours[0] == local[0]
    assert sorted(map(tuple, ours[1:])) == sorted(map(tuple, local[1:]))
    assert run.written == sum(report.counts()[s] for s in wanted)


def test_unreadable_rows_stop_a_strict_check_and_are_set_aside_when_lenient(
    rules: Any, tmp_path: Path
) -> None:
    rows = generate_rows(2_000, seed=11)
    rows[10]["time"] = "2021-02-30"
    rows[20]["time"] = "明天"
    path = write_csv(rows, tmp_path / "bad.csv")
    with pytest.raises(EventLogError) as caught:
        _stream(rules, [str(path)])
    with pytest.raises(EventLogError) as local:
        rules.check(str(path), as_of=AS_OF)
    # the same problems at the same rows (the row is shown as read, not as the file's line)
    assert _places(caught.value) == _places(local.value)

    report = rules.check(str(path), as_of=AS_OF, lenient=True)
    run, lines = _stream(rules, [str(path)], lenient=True, buckets=2)
    assert lines == _spark_order(rules, report.to_records())
    assert run.accounting.rows_set_aside == report.accounting.rows_set_aside == 2


def test_records_that_do_not_match_the_header_are_reported_as_the_engine_does(
    rules: Any, tmp_path: Path
) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(
        "time,event,case,unit\n"
        "2021-01-04,收到申请,A,甲\n"
        "2021-01-05,答复,A\n"
        "\n"
        "2021-01-06,答复,B,乙,多余\n"
        '2021-01-07,"收到,申请",C,丙\n',
        encoding="utf-8",
    )
    with pytest.raises(EventLogError) as local:
        rules.check(str(path), as_of=AS_OF)
    with pytest.raises(EventLogError) as ours:
        _stream(rules, [str(path)])
    assert ours.value.render("zh") == local.value.render("zh")
    assert "GK425" in ours.value.render("en")


def test_an_unclosed_quote_stops_the_read_at_its_line(rules: Any, tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(
        'time,event,case,unit\n2021-01-04,收到申请,A,甲\n2021-01-05,"答复,A,甲\n', encoding="utf-8"
    )
    with pytest.raises(EventLogError) as caught:
        _stream(rules, [str(path)])
    text = caught.value.render("en")
    assert "GK427" in text
    assert f"{path}:3" in text


def test_a_gb18030_log_is_read_as_the_engine_reads_it(rules: Any, tmp_path: Path) -> None:
    rows = generate_rows(1_000, seed=4)
    path = tmp_path / "gb.csv"
    with open(path, "w", encoding="gb18030", newline="") as handle:
        writer = csv.DictWriter(handle, sorted({k for row in rows for k in row}))
        writer.writeheader()
        writer.writerows(rows)
    report = rules.check(str(path), as_of=AS_OF)
    _, lines = _stream(rules, [str(path)], buckets=2)
    assert lines == _spark_order(rules, report.to_records())


def test_an_evaluation_error_is_the_engines_and_nothing_is_written(tmp_path: Path) -> None:
    rows = [
        {
            "time": "2021-03-01",
            "event": "指标报告",
            "unit": "甲",
            "metric": "政务公开绩效权重",
            "value": "很高",
        }
    ]
    path = write_csv(rows, tmp_path / "metric.csv")
    rule = EXAMPLES / "乐至县2021年政务公开重点工作任务分解表.gk"
    out = io.StringIO()
    with pytest.raises(EvaluationError) as caught:
        run_check_stream([rule], [str(path)], as_of=AS_OF, output=out)
    assert "GK501" in caught.value.render("en")
    assert f"{path}:2" in caught.value.render("en")
    assert out.getvalue() == ""


def test_json_lines_logs_are_refused_with_the_way_out(rules: Any, tmp_path: Path) -> None:
    path = tmp_path / "ev.jsonl"
    path.write_text('{"time": "2021-01-04", "event": "收到申请"}\n', encoding="utf-8")
    with pytest.raises(EventLogError) as caught:
        _stream(rules, [str(path)])
    assert "--engine local" in caught.value.render("en")


def test_only_jsonl_and_csv_are_written(rules: Any, log: Path) -> None:
    with pytest.raises(UsageError):
        _stream(rules, [str(log)], output_format="html")


def test_the_command_line_engine_stream_prints_the_same_records(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "stream.jsonl"
    args = ["check", str(EXAMPLES), "-e", str(log), "--as-of", AS_OF, "-f", "jsonl"]
    assert main([*args, "--fail-on", "never"]) == 0
    local = capsys.readouterr().out
    streamed = [*args, "--fail-on", "never", "--engine", "stream", "--buckets", "3", "-o", str(out)]
    assert main(streamed) == 0
    assert sorted(out.read_text(encoding="utf-8").splitlines()) == sorted(local.splitlines())
    assert main([*args, "--engine", "stream", "--dedupe", "drop"]) == 2
    assert "--dedupe" in capsys.readouterr().err


def test_explanations_asked_for_only_are_written(rules: Any, log: Path) -> None:
    _, every = _stream(rules, [str(log)], buckets=2)
    _, bare = _stream(rules, [str(log)], buckets=2, explanations="non-met")
    full = [json.loads(line) for line in every]
    some = [json.loads(line) for line in bare]
    assert [{**r, "explanation": None} for r in full] == [{**r, "explanation": None} for r in some]
    for record, written in zip(full, some, strict=True):
        wanted = None if record["status"] == "met" else record["explanation"]
        assert written["explanation"] == wanted
    assert any(r["status"] == "met" for r in full)


def test_progress_is_told_of_each_pass(rules: Any, log: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    run_check_stream(
        rules,
        [str(log)],
        as_of=AS_OF,
        output=io.StringIO(),
        buckets=2,
        progress=lambda *step: seen.append(step),
    )
    phases = [phase for phase, _, _ in seen]
    assert phases[0] == "read"
    assert seen[phases.index("read")][1] > 0
    assert "check" in phases
    assert all(done < total for phase, done, total in seen if phase == "check")


def test_the_used_columns_give_the_same_records(rules: Any, log: Path) -> None:
    _, everything = _stream(rules, [str(log)], buckets=3)
    _, used = _stream(rules, [str(log)], buckets=3, columns="used")
    assert used == everything
