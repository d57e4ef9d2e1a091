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
