"""``rule_columns``: the log columns a rule can read, found in its AST."""

from __future__ import annotations

from pathlib import Path

import gkrules
from gkrules.engine.compile import BASE_COLUMNS, rule_columns

EXAMPLES = Path(__file__).resolve().parents[3] / "dsl_examples"


def test_every_rule_reads_the_base_columns_and_its_attributes() -> None:
    rules = {rule.id: rule for rule in gkrules.load(str(EXAMPLES)).rules}
    assert all(rule_columns(rule) >= BASE_COLUMNS for rule in rules.values())
    assert "days" in rule_columns(rules["L5"])  # the extension's amount attribute
    assert {"platform", "account"} <= rule_columns(rules["S9"])  # keys and the closing match
    assert {"checked", "total"} <= rule_columns(rules["S7"])  # aggregate attributes
    assert {"metric", "value"} <= rule_columns(rules["S6"])  # a condition's names
    assert rule_columns(rules["S3"]) == BASE_COLUMNS


def test_names_in_nested_conditions_are_found(tmp_path: Path) -> None:
    source = tmp_path / "r.gk"
    source.write_text(
        '规则 R1 "测试" {\n'
        '    依据 "条例"\n'
        '    当 收到申请 其中 channel = "邮寄" 且 (level = "一般" 或 非 party = "第三方")\n'
        "    按 case\n"
        "    须 答复 在 20 工作日 内\n"
        "}\n",
        encoding="utf-8",
    )
    (rule,) = gkrules.load(str(source)).rules
    assert {"channel", "level", "party"} <= rule_columns(rule)
