"""``gkrules fmt`` and ``gkrules lint`` through the real entry point."""

from __future__ import annotations

from gkrules.cli import main

MESSY = """规则  S3   "解读材料3个工作日内发布" {
  依据 "某实施方案"
  当 政策文件公开   按 case
      须 解读发布 在 3工作日 内
}
"""


def test_fmt_rewrites_and_then_is_stable(tmp_path, capsys):
    rule_file = tmp_path / "rules.gk"
    rule_file.write_text(MESSY, encoding="utf-8")
    assert main(["fmt", "--check", str(rule_file), "--lang", "en"]) == 1
    assert "would reformat" in capsys.readouterr().out
    assert rule_file.read_text(encoding="utf-8") == MESSY  # --check changes nothing
    assert main(["fmt", str(rule_file), "--lang", "en"]) == 0
    formatted = rule_file.read_text(encoding="utf-8")
    assert formatted != MESSY
    assert main(["fmt", "--check", str(rule_file)]) == 0


def test_fmt_check_diff_shows_the_change(tmp_path, capsys):
    rule_file = tmp_path / "rules.gk"
    rule_file.write_text(MESSY, encoding="utf-8")
    assert main(["fmt", "--check", "--diff", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "+++" in out
    assert "---" in out


def test_fmt_reports_syntax_errors_with_exit_2(tmp_path, capsys):
    rule_file = tmp_path / "bad.gk"
    rule_file.write_text('规则 S3 "x" {\n  当 政策文件公开\n', encoding="utf-8")
    assert main(["fmt", str(rule_file), "--lang", "en"]) == 2
    assert "bad.gk:" in capsys.readouterr().err


def test_fmt_missing_path_is_a_usage_error(tmp_path, capsys):
    assert main(["fmt", str(tmp_path / "nope.gk")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_lint_warns_about_fullwidth_and_layout(tmp_path, capsys):
    rule_file = tmp_path / "rules.gk"
    rule_file.write_text(MESSY.replace("按 case", "按 case，unit"), encoding="utf-8")
    assert main(["lint", str(rule_file), "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert "warning[GK601]: full-width '，' read as ','" in captured.err
    assert "warning[GK602]" in captured.err
    assert "1 file(s): 0 error(s)" in captured.out
    assert main(["lint", "--strict", str(rule_file)]) == 1


def test_lint_exits_1_on_checker_errors(tmp_path, capsys):
    rule_file = tmp_path / "rules.gk"
    rule_file.write_text(MESSY + MESSY, encoding="utf-8")  # duplicate rule id
    assert main(["lint", str(rule_file), "--lang", "en"]) == 1
    assert "error[" in capsys.readouterr().err


def test_lint_passes_on_the_bundled_examples(repo_root, capsys):
    assert main(["lint", str(repo_root / "dsl_examples"), "--lang", "en"]) in (0,)
    assert "0 error(s)" in capsys.readouterr().out


RULE_WITH_TESTS = """规则 S3 "解读材料3个工作日内发布" {
    依据 "某实施方案"
    当 政策文件公开
    按 case
    须 解读发布 在 3 工作日 内
}

测试 "春节前公开" {
    截至 2024-03-01
    事件 2024-02-08 政策文件公开 case="A"
    事件 2024-02-19 解读发布 case="A"
    期望 S3 case="A" 已履行
}
"""


def test_test_command_passes_and_fails(tmp_path, capsys):
    rule_file = tmp_path / "rules.gk"
    rule_file.write_text(RULE_WITH_TESTS, encoding="utf-8")
    assert main(["test", str(tmp_path), "--lang", "en"]) == 0
    assert "1 tests: 1 passed, 0 failed" in capsys.readouterr().out
    # 2024-02-20 is the 4th working day after 2024-02-08 (春节 2/10–2/17, 2/18 a make-up day): late.
    rule_file.write_text(RULE_WITH_TESTS.replace("2024-02-19 解读", "2024-02-20 解读"), "utf-8")
    assert main(["test", str(rule_file), "--lang", "en"]) == 1
    assert "1 failed" in capsys.readouterr().out


def test_test_command_lists_untested_rules(tmp_path, capsys):
    rule_file = tmp_path / "rules.gk"
    rule_file.write_text(RULE_WITH_TESTS.split("测试")[0], encoding="utf-8")
    assert main(["test", str(rule_file), "--lang", "en"]) == 0
    assert "rules without tests (1): S3" in capsys.readouterr().out


def test_test_command_runs_the_bundled_examples(repo_root, capsys):
    assert main(["test", str(repo_root / "dsl_examples"), "--lang", "en"]) == 0
    assert " 0 failed" in capsys.readouterr().out


def test_fmt_diff_alone_changes_nothing(tmp_path, capsys):
    rule_file = tmp_path / "rules.gk"
    rule_file.write_text(MESSY, encoding="utf-8")
    assert main(["fmt", "--diff", str(rule_file)]) == 1
    assert "+++" in capsys.readouterr().out
    assert rule_file.read_text(encoding="utf-8") == MESSY


def test_lint_keeps_warnings_when_there_are_errors(tmp_path, capsys):
    rule_file = tmp_path / "rules.gk"
    rule_file.write_text((MESSY + MESSY).replace("按 case", "按 case，unit", 1), encoding="utf-8")
    assert main(["lint", str(rule_file), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "error[" in err
    assert err.count("full-width '，'") == 1
