"""Golden verdicts of every standard rule on the sample logs in dsl_examples/logs/.

Each sample log is checked against the rules of the file it is named after, as of the instants
listed here (and in dsl_examples/logs/README.md); the JSON Lines output must equal
tests/golden/standard/<log>@<as-of>.jsonl (``pytest --update-golden`` rewrites them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import GOLDEN_ROOT
from tests.golden_support import check_golden

import gkrules.api as api
from gkrules.engine import load_events

#: Sample log (and rule file) stem → the as-of dates it is checked at.
SAMPLES: dict[str, tuple[str, ...]] = {
    "条例": ("2025-11-20",),
    "临沂某县2022年政务公开标准化规范化实施方案": ("2022-10-12", "2023-01-10"),
    "乐至县2021年政务公开重点工作任务分解表": ("2021-08-20", "2022-01-05"),
    "洮南市2019年政务公开重点工作任务分工": ("2019-10-12", "2020-01-05"),
    "辽宁省2021年政务公开工作要点": ("2021-12-01", "2022-01-05"),
    "辽宁省应急管理厅2019年政务公开工作实施方案": ("2019-08-20", "2020-02-01"),
}
CASES = [(stem, as_of) for stem, dates in SAMPLES.items() for as_of in dates]
FOLDER = GOLDEN_ROOT / "standard"


def _jsonl(repo_root: Path, stem: str, as_of: str, lang: str = "zh") -> str:
    rules = api.load(f"dsl_examples/{stem}.gk")
    report = rules.check(load_events(f"dsl_examples/logs/{stem}.csv"), as_of=as_of)
    assert report.accounting.balanced
    return report.to_jsonl(lang)  # type: ignore[arg-type]


@pytest.mark.parametrize(("stem", "as_of"), CASES, ids=[f"{s}@{a}" for s, a in CASES])
def test_sample_log(
    stem: str, as_of: str, repo_root: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo_root)
    check_golden(FOLDER / f"{stem}@{as_of}.jsonl", _jsonl(repo_root, stem, as_of), update_golden)


def test_english_explanations(
    repo_root: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo_root)
    text = _jsonl(repo_root, "条例", "2025-11-20", "en")
    check_golden(FOLDER / "条例@2025-11-20.en.jsonl", text, update_golden)


def test_every_standard_rule_is_met_and_violated_somewhere(repo_root: Path) -> None:
    seen: dict[str, set[str]] = {}
    for stem, as_of in CASES:
        for line in (FOLDER / f"{stem}@{as_of}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            seen.setdefault(record["rule"], set()).add(record["status"])
    ids = {rule.id for rule in api.load(repo_root / "dsl_examples").rules}
    assert set(seen) == ids
    for rule, statuses in sorted(seen.items()):
        assert {"met", "violated"} <= statuses, rule
    assert sum("pending" in s for s in seen.values()) >= 20
