"""The formatter: canonical layout, keyword language, comments in place, idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT

from gkrules.language import ast, format_file_ast, format_text, is_formatted, parse_file, parse_text

MESSY = """\
# 文件头
导入 "共用.gk"   # 共用规则
常量 N = 3
常量 M = 20 工作日

规则 S5 "舆情回应" { 当 舆情发生  须 舆情回应 在 24 小时 如果 level 属于 ["特别重大","重大"], 否则 48 小时 内 级别 建议 }
rule S7 "抽查" {
  per unit
  every month
  # 比例
  ensure sum(抽查.checked) / sum(抽查.total) >= 10%   # 至少一成
}
测试 "t" { 截至 2024-03-01 事件 2024-02-08 政策文件公开 case="A" 期望 S3 case="A" 已履行 }
# 文件尾
"""

CANONICAL = """\
# 文件头
导入 "共用.gk"  # 共用规则

常量 N = 3
常量 M = 20 工作日

规则 S5 "舆情回应" {
    级别 建议
    当 舆情发生
    按 case
    须 舆情回应 在 24 小时 如果 level 属于 ["特别重大", "重大"], 否则 48 小时 内
}

规则 S7 "抽查" {
    级别 必须
    每月
    按 unit
    # 比例
    须满足 合计(抽查.checked) / 合计(抽查.total) >= 10%  # 至少一成
}

测试 "t" {
    截至 2024-03-01
    事件 2024-02-08 政策文件公开 case="A"
    期望 S3 case="A" 已履行
}

# 文件尾
"""


def test_canonical_layout_keeps_comments_in_place() -> None:
    assert format_text(MESSY) == CANONICAL
    assert is_formatted(CANONICAL)
    assert not is_formatted(MESSY)
    assert parse_text(CANONICAL) == parse_text(MESSY)


def test_english_files_stay_english() -> None:
    text = 'rule S3 "t" {\n when 政策文件公开 require 解读发布 within 3 workdays counting no-roll-off }\n'
    assert format_text(text) == (
        'rule S3 "t" {\n'
        "    severity required\n"
        "    when 政策文件公开\n"
        "    per case\n"
        "    require 解读发布 within 3 workdays\n"
        "    counting no-roll-off\n"
        "}\n"
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("须 r 早于 2020-01-31", "    须 r 早于 2020-01-31"),
        ("须 r 不晚于 01-31 计算 不含末日", "    须 r 早于 每年 01-31"),
        (
            "按 unit 至多 1 个 在用 a 关闭于 b 对应 account",
            "    至多 1 个 在用 a 关闭于 b 对应 account",
        ),
        ("当 a 须 b 在 3 工作日 内 不分组", "    不分组"),
        ("当 a 须 b 在 3工作日内 延期 于 c 最多 5 天 次数 2", "    延期 于 c 最多 5 天 次数 2"),
        ("有效 自 2021-01-01 至 2021-12-31 对每个 e 须满足 a", "    有效 2021年"),
        (
            "对每个 e 须满足 `count` = 1 或 (a 且 非 (非 b))",
            "    须满足 `count` = 1 或 a 且 非 (非 b)",
        ),
        ("对每个 e 须满足 (1 - 2) - (3 - 4) * 5", "    须满足 1 - 2 - (3 - 4) * 5"),
    ],
)
def test_canonical_spellings(text: str, line: str) -> None:
    out = format_text(f'规则 X "t" {{ {text} }}')
    assert line in out.splitlines(), out


def test_format_file_ast_without_spans_prints_in_either_language() -> None:
    rule = ast.Rule(
        "S16",
        "同步",
        ast.DeadlineBody(
            ast.EventPattern(("政策文件公开",)), ast.EventPattern(("解读发布",)), None
        ),
    )
    file = ast.File("<string>", (rule,))
    zh = format_file_ast(file, "zh")
    en = format_file_ast(file, "en")
    assert "    须 解读发布 同日" in zh.splitlines()
    assert "    require 解读发布 same day" in en.splitlines()
    assert parse_text(zh) == parse_text(en) == file


@pytest.mark.parametrize(
    "path", sorted((REPO_ROOT / "dsl_examples").glob("*.gk")), ids=lambda p: p.name
)
def test_examples_format_idempotently_and_keep_their_meaning(path: Path) -> None:
    text = path.read_text("utf-8")
    once = format_text(text, str(path))
    assert format_text(once, str(path)) == once
    assert parse_text(once, str(path)) == parse_file(path)
    assert len(parse_text(once).comments) == len(parse_file(path).comments)
