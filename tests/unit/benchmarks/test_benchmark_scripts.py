"""The event-log benchmark scripts run on tiny logs (their figures are never asserted).

Competitors whose packages are not installed (the test extra has no pandas, DuckDB or pm4py) are
listed by the script as skipped; the run must still succeed and print its table.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
GENERATOR = BENCHMARKS / "generate_log.py"
BENCH_CHECK = BENCHMARKS / "bench_check.py"

STANDARD_EVENTS = {
    "信息形成", "信息变更", "主动公开", "收到申请", "补正告知", "收到补正", "征求意见开始",
    "征求意见结束", "延期告知", "答复", "年度报告公开", "规范性文件印发", "规范性文件上网",
    "常务会议议定", "议定事项公开", "政策文件公开", "解读发布", "舆情发生", "新闻发布会",
    "舆情回应", "指标报告", "抽查", "新媒体开设", "新媒体关停", "任务完成", "听取汇报",
    "档案移交", "数据发布", "公文印发", "不予公开评估",
}  # fmt: skip


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return _module(GENERATOR)


def _run(*args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def test_generate_is_deterministic_and_exact(generator: ModuleType) -> None:
    first = list(generator.generate(700, 11))
    again = list(generator.generate(700, 11))
    other = list(generator.generate(700, 12))
    assert len(first) == 700
    assert first == again
    assert first != other


def test_generated_rows_follow_the_standard_schema(generator: ModuleType) -> None:
    rows = list(generator.generate(3000, 5))
    assert all({"time", "event"} <= row.keys() for row in rows)
    assert {row["event"] for row in rows} <= STANDARD_EVENTS
    assert all(set(row) <= set(generator.COLUMNS) for row in rows)
    assert all(row["time"][:4] in {"2021", "2022", "2023", "2024", "2025", "2026"} for row in rows)
    events = {row["event"] for row in rows}
    assert {"政策文件公开", "解读发布", "收到申请", "答复", "抽查", "公文印发"} <= events


def test_the_generator_writes_csv_and_jsonl(tmp_path: Path) -> None:
    csv_path, jsonl_path = tmp_path / "log.csv", tmp_path / "log.jsonl"
    done = _run(str(GENERATOR), "1e3", "-o", str(csv_path), "--seed", "3")
    assert done.returncode == 0, done.stderr
    with csv_path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0][:4] == ["time", "event", "case", "unit"]
    assert len(table) == 1001
    done = _run(str(GENERATOR), "250", "-o", str(jsonl_path), "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    lines = jsonl_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 250
    assert all("event" in json.loads(line) for line in lines)


def test_the_generator_logs_load_into_gkrules(generator: ModuleType, tmp_path: Path) -> None:
    from gkrules.engine import load_events

    path = tmp_path / "log.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        generator.write_log(generator.generate_rows(1500, 9), out)
    assert len(load_events(path)) == 1500


def _table_lines(output: str) -> Iterator[str]:
    started = False
    for line in output.splitlines():
        if line.lstrip().startswith("rows") and "contender" in line:
            started = True
        if started:
            yield line


def test_bench_check_quick_on_a_few_contenders() -> None:
    done = _run(
        str(BENCH_CHECK),
        "--quick",
        "--only",
        "floor",
        "gkrules-S3",
        "gkrules-L5",
        "pandas-S3",
        "pandas-L5",
        "duckdb-L5",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    table = list(_table_lines(done.stdout))
    assert table, done.stdout
    assert any("pyarrow read (floor)" in line for line in table)
    assert "Ratios" in done.stdout


@pytest.mark.slow
def test_bench_check_quick_with_every_contender() -> None:
    done = _run(str(BENCH_CHECK), "--quick")
    assert done.returncode == 0, done.stdout + done.stderr
    table = "\n".join(_table_lines(done.stdout))
    for name in ("gkrules", "pandas per case", "pandas vectorised", "DuckDB SQL", "pm4py Declare"):
        assert name in table
