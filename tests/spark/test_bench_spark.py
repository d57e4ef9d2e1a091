"""benchmarks/bench_spark.py runs on a tiny log (its figures are never asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.spark.conftest import require_spark

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_spark.py"


@pytest.mark.spark
def test_bench_spark_prints_a_line_per_run(tmp_path: Path) -> None:
    require_spark()
    command = [sys.executable, str(SCRIPT), "--sizes", "2000", "--masters", "local[1]"]
    command += ["--one-machine", "--workdir", str(tmp_path), "--as-of", "2022-06-30"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [line["master"] for line in lines] == ["one-machine", "local[1]"], done.stderr[-2000:]
    assert lines[1]["evaluate"] >= 0
