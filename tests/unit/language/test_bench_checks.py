"""The checks benchmark script runs on a tiny input (its figures are never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "benchmarks" / "bench_checks.py"


def test_the_benchmark_runs_on_a_few_rules() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--rules", "60", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "parse + check:" in result.stdout
