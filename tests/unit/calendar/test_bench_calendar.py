"""The calendar benchmark script runs on a tiny input (its figures are never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "benchmarks" / "bench_calendar.py"


def test_the_benchmark_runs_on_a_few_queries() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--queries", "300", "--slow-queries", "20", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "gkrules add_workdays (scalar, date in/out)" in result.stdout
    assert "gkrules add_workdays_array (vectorized)" in result.stdout
    assert "find_workday" in result.stdout
