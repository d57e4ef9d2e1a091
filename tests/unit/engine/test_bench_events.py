"""The event-loading benchmark script runs on a tiny log (its figures are never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "benchmarks" / "bench_events.py"


@pytest.mark.parametrize("kind", ["standard", "realistic"])
def test_the_benchmark_runs_on_a_tiny_log(kind: str) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--rows", "300", "--repeat", "1", "--kind", kind],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "CSV, standard library" in result.stdout
    assert "JSON Lines" in result.stdout
    assert "rows/s" in result.stdout
