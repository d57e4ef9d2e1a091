"""Golden output of the human report formats, through the real entry point (zh and en).

``pytest --update-golden`` rewrites tests/golden/reports/ after a deliberate change.
"""

from __future__ import annotations

import pytest
from tests.conftest import GOLDEN_ROOT, REPO_ROOT
from tests.golden_support import check_golden
from tests.reports_support import AS_OF, EVENTS, RULES

from gkrules.cli import main

BASE = ["--events", EVENTS, "--as-of", AS_OF]
CASES: dict[str, tuple[list[str], int]] = {
    "check_text_zh.txt": (["check", RULES, *BASE, "--lang", "zh"], 1),
    "check_text_en.txt": (["check", RULES, *BASE, "--lang", "en"], 1),
    "check_text_all_statuses_en.txt": (
        ["check", RULES, *BASE, "--lang", "en", "--status", "met,not_applicable,violated"],
        1,
    ),
    "check_md_zh.md": (["check", RULES, *BASE, "--format", "md", "--lang", "zh"], 1),
    "check_md_en.md": (["check", RULES, *BASE, "--format", "md", "--lang", "en"], 1),
    "due_zh.txt": (["due", RULES, *BASE, "--lang", "zh"], 0),
    "due_within_en.txt": (["due", RULES, *BASE, "--within", "5工作日", "--lang", "en"], 0),
    "explain_done_late_zh.txt": (
        ["explain", RULES, *BASE, "--rule", "R1", "--case", "A2", "--lang", "zh"],
        0,
    ),
    "explain_hours_en.txt": (
        ["explain", RULES, *BASE, "--rule", "R2", "--case", "Y2", "--lang", "en"],
        0,
    ),
    "explain_window_zh.txt": (
        ["explain", RULES, *BASE, "--rule", "R3", "--unit", "财政局", "--window", "2024-Q1"],
        0,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden(name, capsys, monkeypatch, update_golden):
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("GKRULES_LANG", "zh")
    args, status = CASES[name]
    assert main(args) == status
    captured = capsys.readouterr()
    check_golden(GOLDEN_ROOT / "reports" / name, captured.out, update_golden)
