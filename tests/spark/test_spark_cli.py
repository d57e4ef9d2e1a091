"""``gkrules check --engine spark`` through the real entry point: the local engine's records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gkrules.cli import main
from tests.spark.conftest import PANDAS_WARNING
from tests.spark.eventgen import generate_rows, write_csv

EXAMPLES = str(Path(__file__).resolve().parents[2] / "dsl_examples")


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKRULES_LANG", "en")


def _local_and_spark(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[tuple[int, str], tuple[int, str]]:
    """``gkrules`` with *args* on the local engine, then with ``--engine spark``: each run's
    exit status and standard output."""
    local_status = main(args)
    local = capsys.readouterr().out
    spark_status = main([*args, "--engine", "spark"])
    return (local_status, local), (spark_status, capsys.readouterr().out)


def test_spark_writes_only_the_machine_formats(capsys: pytest.CaptureFixture[str]) -> None:
    """Checked before Spark starts: no pyspark or Java needed."""
    status = main(["check", EXAMPLES, "--events", "events.csv", "--engine", "spark", "-f", "html"])
    assert status == 2
    error = capsys.readouterr().err
    assert "GK640" in error
    assert "jsonl, csv" in error


@pytest.mark.spark
@pytest.mark.filterwarnings(PANDAS_WARNING)
def test_engine_spark_prints_the_local_engines_json_lines(
    spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = str(write_csv(generate_rows(3_000, seed=5), tmp_path / "events.csv"))
    common = ["check", EXAMPLES, "--events", log, "--as-of", "2022-06-30", "-f", "jsonl"]
    (local_status, local), (spark_status, ours) = _local_and_spark(common, capsys)
    assert spark_status == local_status == 1  # violations, --fail-on violated
    assert local
    assert sorted(ours.splitlines()) == sorted(local.splitlines())


@pytest.mark.spark
@pytest.mark.filterwarnings(PANDAS_WARNING)
def test_engine_spark_writes_the_explanations_asked_for(
    spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = str(write_csv(generate_rows(800, seed=7), tmp_path / "events.csv"))
    common = ["check", EXAMPLES, "--events", log, "--as-of", "2022-06-30", "-f", "jsonl"]
    common += ["--explanations", "non-met", "--fail-on", "never"]
    (local_status, local), (spark_status, ours) = _local_and_spark(common, capsys)
    assert local_status == 0
    assert spark_status == 0
    assert sorted(ours.splitlines()) == sorted(local.splitlines())
    records = [json.loads(line) for line in ours.splitlines()]
    assert {r["status"] for r in records if r["explanation"] is None} == {"met"}
    assert all(r["explanation"] for r in records if r["status"] != "met")
