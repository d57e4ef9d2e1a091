"""The pytest plugin, run in a fresh pytest process on a folder of rules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

RULES = """
规则 S3 "解读材料在政策文件公开后3个工作日内发布" {
    依据 "某县政务公开实施方案"
    当 政策文件公开
    按 case
    须 解读发布 在 3 工作日 内
}

测试 "按期" {
    截至 2024-03-01
    事件 2024-02-08 政策文件公开 case="A"
    事件 2024-02-19 解读发布 case="A"
    期望 S3 case="A" 已履行
}

测试 "逾期" {
    截至 2024-03-01
    事件 2024-02-08 政策文件公开 case="B"
    期望 S3 case="B" 已履行
}
"""

TABLE = "测试,截至,时间,事件,case,期望规则,期望结论\n表格,2024-03-01,2024-02-08,政策文件公开,C,,\n,,,,C,S3,违反\n"


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    env = {**os.environ, "GKRULES_LANG": "zh"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            # The plugin comes in through gkrules's pytest11 entry point, as it does for users.
            "-p",
            "no:cacheprovider",
            *args,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_collects_blocks_and_tables(tmp_path: Path) -> None:
    (tmp_path / "rules.gk").write_text(RULES, encoding="utf-8")
    (tmp_path / "standard_tests.csv").write_text(TABLE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a test", encoding="utf-8")
    result = run_pytest(tmp_path, "-v", "--gk", ".")
    assert "rules.gk::按期 PASSED" in result.stdout
    assert "rules.gk::逾期 FAILED" in result.stdout
    assert "standard_tests.csv::表格 PASSED" in result.stdout
    assert "失败：期望 S3 case=B 已履行" in result.stdout
    assert "实际：S3 case=B 违反" in result.stdout
    assert "1 failed, 2 passed" in result.stdout
    assert result.returncode == 1


def test_inert_unless_given(tmp_path: Path) -> None:
    (tmp_path / "rules.gk").write_text(RULES, encoding="utf-8")
    (tmp_path / "broken.gk").write_text("规则 {", encoding="utf-8")
    (tmp_path / "test_plain.py").write_text("def test_ok():\n    pass\n", encoding="utf-8")
    result = run_pytest(tmp_path, "test_plain.py")
    assert "1 passed" in result.stdout
    assert result.returncode == 0
    folder = run_pytest(tmp_path, ".")  # a folder without --gk: only the Python tests
    assert "1 passed" in folder.stdout
    assert folder.returncode == 0
    named = run_pytest(tmp_path, "-v", "rules.gk")  # a file named on the command line
    assert "rules.gk::按期 PASSED" in named.stdout


def test_a_broken_rule_file_is_a_collection_error(tmp_path: Path) -> None:
    (tmp_path / "broken.gk").write_text('规则 X "t" {\n  当\n}\n', encoding="utf-8")
    result = run_pytest(tmp_path, "broken.gk")
    assert "error[GK2" in result.stdout
    assert result.returncode != 0
