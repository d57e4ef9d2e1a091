"""Rules evaluated side by side (a pool of threads on large tables) give what one by one gives:
the same verdicts, and notes and problems in rule order."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from tests.spark.eventgen import generate_rows, write_csv

import gkrules
from gkrules.errors import EvaluationError

# the module (``gkrules.engine.evaluate`` as an attribute is the function of that name)
evaluate_module = importlib.import_module("gkrules.engine.evaluate")
AS_OF = "2022-06-30"
EXAMPLES = Path(__file__).resolve().parents[3] / "dsl_examples"


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_csv(generate_rows(5_000, seed=7), tmp_path_factory.mktemp("par") / "events.csv")


def _run(monkeypatch: pytest.MonkeyPatch, workers: int, events: object) -> object:
    monkeypatch.setattr(evaluate_module, "PARALLEL_ROWS", 0)
    monkeypatch.setattr(evaluate_module, "WORKERS", workers)
    rules = gkrules.load(str(EXAMPLES))
    try:
        report = rules.check(events, as_of=AS_OF)
    except EvaluationError as error:
        return error.render("en")
    records = [json.dumps(r, ensure_ascii=False) for r in report.to_records()]
    return records, [d.render("en") for d in report.notes], report.accounting


def test_side_by_side_equals_one_by_one(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    together = _run(monkeypatch, 4, str(log))
    alone = _run(monkeypatch, 1, str(log))
    assert together == alone
    records, notes, _ = together  # type: ignore[misc]
    assert len(records) > 1000
    assert notes  # the generated log has extensions over the limit (GK530)


_TWO_RULES = """
规则 R1 "甲" {
    当 收到申请
    按 case
    须 答复 在 20 工作日 内
    延期 于 延期告知 天数 days 最多 20 工作日
}

规则 R2 "乙" {
    当 收到申请
    按 case
    须 答复 在 20 工作日 内
    延期 于 延期告知 天数 extra 最多 20 工作日
}
"""


def test_problems_are_reported_in_rule_order(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [
        {"time": "2022-03-01", "event": "收到申请", "case": "A"},
        {"time": "2022-03-05", "event": "延期告知", "case": "A", "days": "二十", "extra": "x"},
    ]
    monkeypatch.setattr(evaluate_module, "PARALLEL_ROWS", 0)
    rendered = []
    for workers in (4, 1):
        monkeypatch.setattr(evaluate_module, "WORKERS", workers)
        with pytest.raises(EvaluationError) as caught:
            gkrules.load(_TWO_RULES).check(rows, as_of=AS_OF)
        rendered.append(caught.value.render("en"))
    assert rendered[0] == rendered[1]
    assert rendered[0].index("rule R1") < rendered[0].index("rule R2")
