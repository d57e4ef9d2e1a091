"""dsl_examples/: every file loads with no error and no warning, every obligation has a rule, the
ids follow the convention (S8, S8.2, S8.3), every rule is tested, and the README lists them all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gkrules.language import ast, is_formatted
from gkrules.language.loader import load_program
from gkrules.language.schema import OBLIGATION_IDS, STANDARD_ID, is_standard_rule_id

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "dsl_examples"
FILES = sorted(EXAMPLES.glob("*.gk"))
SHARED_OBLIGATIONS = ROOT.parent / "shared" / "OBLIGATIONS.md"


def test_there_is_a_file_for_the_regulations_and_one_per_seed():
    assert len(FILES) == 6
    assert (EXAMPLES / "条例.gk") in FILES


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_file_loads_cleanly_and_carries_tests(path: Path):
    assert is_formatted(path.read_text(encoding="utf-8")), f"run gkrules fmt {path.name}"
    program = load_program(path)
    assert program.warnings == ()
    assert program.rules
    assert len(program.tests) >= 3
    statuses = {e.status for test in program.tests for e in test.expectations}
    assert {"met", "violated"} <= statuses
    for rule in program.rules:
        assert rule.citation is not None
        assert rule.citation.article
        assert rule.citation.text
        assert rule.effective is not None
        assert "标准" in rule.tags


def test_every_obligation_has_a_rule_and_every_rule_an_obligation():
    program = load_program(EXAMPLES)
    assert program.warnings == ()
    ids = [rule.id for rule in program.rules]
    assert len(ids) == len(set(ids))
    assert all(is_standard_rule_id(rule_id) for rule_id in ids)
    covered = {STANDARD_ID.match(rule_id).group("obligation") for rule_id in ids}  # type: ignore[union-attr]
    assert covered == set(OBLIGATION_IDS)


@pytest.mark.skipif(
    not SHARED_OBLIGATIONS.exists(), reason="OBLIGATIONS.md is not beside the repository"
)
def test_the_obligation_ids_are_those_of_obligations_md():
    text = SHARED_OBLIGATIONS.read_text(encoding="utf-8")
    listed = re.findall(r"^\| ([LS]\d+) \|", text, flags=re.MULTILINE)
    assert tuple(listed) == OBLIGATION_IDS


def test_every_rule_is_expected_by_some_test():
    program = load_program(EXAMPLES)
    expected = {e.rule for test in program.tests for e in test.expectations}
    assert {rule.id for rule in program.rules} == expected


def test_advisory_rules_are_those_the_seeds_say_原则上_or_力争():
    program = load_program(EXAMPLES)
    advisory = {rule.id for rule in program.rules if rule.severity is ast.Severity.ADVISORY}
    assert advisory == {"S2", "S19"}


def test_the_readme_lists_every_rule_with_its_title_and_file():
    program = load_program(EXAMPLES)
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| ([LS][\d.]+) \| (.+?) \| .+? \| \[(.+?)\]\(", readme, flags=re.MULTILINE
    )
    listed = {rule_id: (title, file) for rule_id, title, file in rows}
    actual = {rule.id: (rule.title, Path(rule.span.path).name) for rule in program.rules}
    assert listed == actual
