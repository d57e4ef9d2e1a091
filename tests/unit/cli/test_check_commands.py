"""``gkrules check``, ``due`` and ``explain`` through the real entry point: every format, every
exit status, and the errors for bad arguments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT
from tests.reports_support import AS_OF, EVENTS, FIXTURES, RULES

from gkrules.cli import main
from gkrules.cli.check_commands import _progress

BASE = ["--events", EVENTS, "--as-of", AS_OF]
NOTICE_2027 = str(Path("tests") / "unit" / "calendar" / "files" / "notice-2027.toml")


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # Errors are rendered in the locale's language (main() renders them); pin it.
    monkeypatch.setenv("GKRULES_LANG", "en")


def write_log(folder: Path, *rows: str, header: str = "time,event,case,unit") -> str:
    path = folder / "events.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


MET_ONLY = ("2024-01-26,收到申请,A1,办公室", "2024-02-28,答复,A1,办公室")
PENDING_ONLY = ("2024-04-08,收到申请,A9,办公室",)
ONE_RULE = """
规则 R1 "收到申请之日起20个工作日内答复" {
    依据 "中华人民共和国政府信息公开条例" 条款 "第三十三条"
    当 收到申请
    按 case
    须 答复 在 20 工作日 内
}
"""


def one_rule(folder: Path) -> str:
    path = folder / "答复.gk"
    path.write_text(ONE_RULE, encoding="utf-8")
    return str(path)


# --- check: formats and exit statuses ----------------------------------------------------------


@pytest.mark.parametrize("output_format", ["text", "json", "jsonl", "csv", "md", "html"])
def test_every_format_reports_and_exits_1_on_violations(output_format, capsys):
    assert main(["check", RULES, *BASE, "--format", output_format]) == 1
    captured = capsys.readouterr()
    assert captured.out
    assert "A3" in captured.out


@pytest.mark.parametrize("output_format", ["text", "json", "jsonl", "csv", "md", "html"])
def test_every_format_writes_to_a_file(output_format, capsys, tmp_path):
    target = tmp_path / f"report.{output_format}"
    assert main(["check", RULES, *BASE, "-f", output_format, "-o", str(target)]) == 1
    assert capsys.readouterr().out == ""
    assert "A3" in target.read_text(encoding="utf-8")


def test_fail_on_levels(capsys, tmp_path):
    rules = one_rule(tmp_path)
    met = write_log(tmp_path, *MET_ONLY)
    assert main(["check", rules, "-e", met, "--as-of", AS_OF]) == 0
    assert main(["check", rules, "-e", met, "--as-of", AS_OF, "--fail-on", "pending"]) == 0
    pending = write_log(tmp_path, *PENDING_ONLY)
    assert main(["check", rules, "-e", pending, "--as-of", AS_OF]) == 0
    assert main(["check", rules, "-e", pending, "--as-of", AS_OF, "--fail-on", "pending"]) == 1
    assert main(["check", RULES, *BASE, "--fail-on", "never"]) == 0
    assert main(["check", RULES, *BASE, "--fail-on", "violated"]) == 1
    capsys.readouterr()


def test_exit_status_ignores_the_listing_filter(capsys):
    # --status chooses what is listed; --fail-on looks at every verdict.
    assert main(["check", RULES, *BASE, "--status", "met", "-f", "jsonl"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert {json.loads(line)["status"] for line in lines} == {"met"}


def test_nothing_violated_says_so(capsys, tmp_path):
    rules = one_rule(tmp_path)
    log = write_log(tmp_path, *MET_ONLY)
    assert main(["check", rules, "-e", log, "--as-of", AS_OF, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "违反 0 个" in out
    assert "已履行 1 个" in out


def test_rules_may_be_a_folder(capsys):
    assert main(["check", str(FIXTURES), *BASE, "-f", "jsonl"]) == 1
    from_folder = capsys.readouterr().out
    assert main(["check", RULES, *BASE, "-f", "jsonl"]) == 1
    assert from_folder == capsys.readouterr().out


def test_several_logs(capsys, tmp_path):
    rules = one_rule(tmp_path)
    first = tmp_path / "a.csv"
    first.write_text("time,event,case\n2024-01-26,收到申请,A1\n", encoding="utf-8")
    second = tmp_path / "b.jsonl"
    second.write_text('{"time": "2024-02-28", "event": "答复", "case": "A1"}\n', encoding="utf-8")
    args = ["check", rules, "-e", str(first), "-e", str(second), "--as-of", AS_OF, "-f", "json"]
    assert main(args) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["met"] == 1
    assert document["accounting"]["rows_read"] == 2
    assert len(document["accounting"]["sources"]) == 2


def test_as_of_a_date_means_the_end_of_that_day(capsys):
    assert main(["check", RULES, "--events", EVENTS, "--as-of", "2024-04-10", "-f", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["as_of"] == "2024-04-10T23:59:59.999999+08:00"
    # By the end of 2024-04-10 the 重大 舆情 Y2 (due 10:00) is overdue.
    y2 = next(v for v in document["verdicts"] if v["case"] == "Y2")
    assert y2["status"] == "violated"


def test_as_of_with_an_offset(capsys):
    args = ["check", RULES, "--events", EVENTS, "--as-of", "2024-04-10T00:00:00Z", "-f", "json"]
    assert main(args) == 1
    assert json.loads(capsys.readouterr().out)["as_of"] == "2024-04-10T00:00:00+00:00"


def test_as_of_defaults_to_now(capsys, tmp_path):
    rules = one_rule(tmp_path)
    log = write_log(tmp_path, *MET_ONLY)
    assert main(["check", rules, "-e", log, "-f", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["as_of"].endswith("+08:00")


def test_lang_before_or_after_the_command(capsys):
    assert main(["--lang", "en", "check", RULES, *BASE]) == 1
    before = capsys.readouterr().out
    assert main(["check", RULES, *BASE, "--lang", "en"]) == 1
    assert before == capsys.readouterr().out
    assert before.startswith("gkrules compliance report")


def test_colour_only_when_asked_or_on_a_terminal(capsys):
    assert main(["check", RULES, *BASE]) == 1
    assert "\x1b[" not in capsys.readouterr().out  # captured output is not a terminal
    assert main(["check", RULES, *BASE, "--color"]) == 1
    assert "\x1b[" in capsys.readouterr().out
    assert main(["due", RULES, *BASE, "--color"]) == 0
    assert "\x1b[" in capsys.readouterr().out


def test_limit_caps_the_listing_not_the_counts(capsys):
    assert main(["check", RULES, *BASE, "--limit", "2", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "… and 13 more" in out
    assert "10 violated" in out
    assert main(["check", RULES, *BASE, "--limit", "0", "--lang", "en"]) == 1
    assert "more" not in capsys.readouterr().out


def test_lenient_sets_bad_rows_aside_and_accounts_for_them(capsys, tmp_path):
    rules = one_rule(tmp_path)
    log = write_log(tmp_path, *MET_ONLY, "not a date,收到申请,A2,办公室")
    assert main(["check", rules, "-e", log, "--as-of", AS_OF]) == 2
    assert f"{log}:4" in capsys.readouterr().err
    assert main(["check", rules, "-e", log, "--as-of", AS_OF, "--lenient", "-f", "json"]) == 0
    accounting = json.loads(capsys.readouterr().out)["accounting"]
    assert accounting["rows_read"] == 3
    assert accounting["rows_set_aside"] == 1
    assert accounting["set_aside"][0].startswith(f"{log}:4")
    assert main(["check", rules, "-e", log, "--as-of", AS_OF, "--lenient", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "rows read 3 = used 2 + unused 0 + set aside 1" in out
    assert f"{log}:4" in out


def test_provisional_calendar_and_calendar_files(capsys, tmp_path):
    rules = one_rule(tmp_path)
    log = write_log(tmp_path, "2026-12-20,收到申请,P1,办公室")
    args = ["check", rules, "-e", log, "--as-of", "2026-12-31", "-f", "jsonl"]
    assert main(args) == 2
    assert "2027" in capsys.readouterr().err
    assert main([*args, "--provisional"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["provisional"] is True
    assert record["status"] == "pending"
    assert main([*args, "--calendar", NOTICE_2027]) == 0
    assert json.loads(capsys.readouterr().out)["provisional"] is False


def test_rule_warnings_go_to_stderr(capsys, tmp_path):
    rules = tmp_path / "警告.gk"
    rules.write_text("常量 没用 = 3 工作日\n" + ONE_RULE, encoding="utf-8")
    log = write_log(tmp_path, *MET_ONLY)
    assert main(["check", str(rules), "-e", log, "--as-of", AS_OF, "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert "warning[" in captured.err
    assert "warning[" not in captured.out


# --- check: bad arguments (exit status 2, diagnostics on stderr) -------------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", RULES, *BASE, "--status", "done"], "--status"),
        (["check", RULES, *BASE, "--at-risk", "1.5"], "--at-risk"),
        (["check", RULES, *BASE, "--at-risk", "lots"], "--at-risk"),
        (["check", RULES, "--events", EVENTS, "--as-of", "2024-13-45"], "--as-of"),
        (["check", RULES, "--events", EVENTS, "--as-of", "yesterday"], "--as-of"),
        (["check", RULES, *BASE, "--format", "xlsx"], "xlsx"),
        (["check", RULES, *BASE, "--fail-on", "met"], "met"),
        (["check", RULES, *BASE, "--limit", "-1"], "-1"),
        (["check", RULES], "--events"),
        (["check", "--events", EVENTS], "RULES"),
        (["check", "no/such/rules.gk", *BASE], "no/such/rules.gk"),
        (["check", RULES, "--events", "no/such/log.csv", "--as-of", AS_OF], "no/such/log.csv"),
        (["check", RULES, *BASE, "--calendar", "no/such/calendar.toml"], "calendar.toml"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args, needle, capsys):
    assert main(args) == 2
    captured = capsys.readouterr()
    assert needle in captured.err
    assert captured.out == ""


def test_bad_rules_exit_2_with_their_diagnostics(capsys, tmp_path):
    broken = tmp_path / "坏.gk"
    broken.write_text('规则 R1 "缺右括号" {\n    当 收到申请\n', encoding="utf-8")
    assert main(["check", str(broken), *BASE, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"{broken}:" in err
    assert "error[GK2" in err


def test_a_folder_without_rules_is_an_error(capsys, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["check", str(empty), *BASE, "--lang", "en"]) == 2
    assert "GK620" in capsys.readouterr().err


def test_a_log_that_is_not_a_log(capsys, tmp_path):
    sheet = tmp_path / "events.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    assert main(["check", RULES, "-e", str(sheet), "--as-of", AS_OF]) == 2
    assert "events.xlsx" in capsys.readouterr().err


# --- due ---------------------------------------------------------------------------------------


def test_due_text_and_exit_statuses(capsys):
    assert main(["due", RULES, *BASE, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "10 open: 5 overdue, 1 at risk" in out
    assert main(["due", RULES, *BASE, "--fail-on", "overdue"]) == 1
    assert main(["due", RULES, *BASE, "--fail-on", "at-risk", "--no-overdue"]) == 1
    assert main(["due", RULES, *BASE, "--fail-on", "overdue", "--no-overdue"]) == 0
    capsys.readouterr()


def test_due_within_and_rule_filters(capsys):
    assert main(["due", RULES, *BASE, "--within", "5工作日", "-f", "jsonl"]) == 0
    cases = [json.loads(line)["case"] for line in capsys.readouterr().out.splitlines()]
    assert cases == [None, None, "A3", None, None, "Y2"]
    assert main(["due", RULES, *BASE, "--within", "+12工作日", "--no-overdue", "-f", "jsonl"]) == 0
    cases = [json.loads(line)["case"] for line in capsys.readouterr().out.splitlines()]
    assert cases == ["Y2", "A4"]
    assert main(["due", RULES, *BASE, "--rule", "R1", "--rule", "R2", "-f", "jsonl"]) == 0
    rules = {json.loads(line)["rule"] for line in capsys.readouterr().out.splitlines()}
    assert rules == {"R1", "R2"}


def test_due_json_document(capsys):
    assert main(["due", RULES, *BASE, "--at-risk", "70%", "-f", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["count"], document["overdue"], document["at_risk"]) == (10, 5, 2)
    first = document["items"][0]
    assert first["overdue"] is True
    assert first["workdays_left"] < 0
    assert {"workdays_left", "days_left", "hours_left", "share_left", "at_risk"} <= set(first)


def test_due_with_nothing_open(capsys, tmp_path):
    rules = one_rule(tmp_path)
    log = write_log(tmp_path, *MET_ONLY)
    assert main(["due", rules, "-e", log, "--as-of", AS_OF, "--lang", "zh"]) == 0
    assert "没有待办事项。" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--within", "5工做日"], "--within"),
        (["--within", "soon"], "--within"),
        (["--at-risk", "-0.1"], "--at-risk"),
        (["--rule", "R9"], "R9"),
        (["--format", "csv"], "csv"),
    ],
)
def test_due_bad_arguments(args, needle, capsys):
    assert main(["due", RULES, *BASE, *args]) == 2
    assert needle in capsys.readouterr().err


# --- explain -------------------------------------------------------------------------------------


def test_explain_quotes_rows_rule_line_and_citation(capsys):
    assert main(["explain", RULES, *BASE, "--rule", "R1", "--case", "A2", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "依据：中华人民共和国政府信息公开条例 第三十三条" in out
    assert "原文：行政机关不能当场答复的" in out
    assert "规则位置：tests/fixtures/reports/规则.gk:4:1" in out
    assert '4 | 规则 R1 "依申请公开' in out
    assert f"{EVENTS}:4  time=2024-01-26, event=收到申请, case=A2" in out
    assert f"{EVENTS}:5  time=2024-02-29, event=答复, case=A2" in out
    assert "结论：违反（逾期完成）" in out


def test_explain_json(capsys):
    args = ["explain", RULES, *BASE, "--rule", "R2", "--case", "Y3", "-f", "json"]
    assert main(args) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["rule"] == "R2"
    assert document["source"] == "tests/fixtures/reports/规则.gk:11:1"
    (instance,) = document["instances"]
    assert instance["deadline"] == "2024-03-07T14:00:00+08:00"
    assert [row["where"] for row in instance["rows"]] == [f"{EVENTS}:12", f"{EVENTS}:13"]
    assert instance["rows"][0]["values"]["level"] == "一般"


def test_explain_by_unit_for_rules_without_a_case(capsys):
    args = ["explain", RULES, *BASE, "--rule", "R4", "--case", "宣传部", "--lang", "en"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Instance: unit=宣传部, platform=微信" in out
    assert f"{EVENTS}:16" in out


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--rule", "R11", "--case", "A2"], ["no rule 'R11'", "did you mean 'R1'?"]),
        (["--rule", "R1", "--case", "A9"], ["no instance 'case=A9'", "case=A1"]),
        (["--rule", "R3"], ["no instance '?'", "window=2024-Q1"]),
        (["--case", "A2"], ["--rule"]),
    ],
)
def test_explain_bad_selection(args, needles, capsys):
    assert main(["explain", RULES, *BASE, *args, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    for needle in needles:
        assert needle in err


def test_explain_a_rule_without_instances(capsys, tmp_path):
    rules = one_rule(tmp_path)
    log = write_log(tmp_path, "2024-01-26,其他事件,A1,办公室")
    args = ["explain", rules, "-e", log, "--as-of", AS_OF, "--rule", "R1", "--case", "A1"]
    assert main([*args, "--lang", "en"]) == 2
    assert "rule R1 has no instances" in capsys.readouterr().err


# --- the program as a whole ----------------------------------------------------------------------


def test_progress_phases_run_without_a_terminal(capsys):
    with _progress(True, "zh") as advance:
        for phase in ("load", "check", "report"):
            advance(phase)
    assert "gkrules" in capsys.readouterr().err
    with _progress(False, "zh") as advance:
        advance("load")
    assert capsys.readouterr().err == ""


def test_python_m_gkrules_exit_statuses():
    env = {**os.environ, "GKRULES_LANG": "en"}
    run = [sys.executable, "-m", "gkrules", "check", RULES, *BASE, "-f", "jsonl"]
    found = subprocess.run(run, cwd=REPO_ROOT, capture_output=True, text=True, env=env)
    assert found.returncode == 1
    assert len(found.stdout.splitlines()) == 20
    clean = subprocess.run(
        [*run, "--fail-on", "never"], cwd=REPO_ROOT, capture_output=True, text=True, env=env
    )
    assert clean.returncode == 0
    bad = subprocess.run(
        [*run, "--status", "nope"], cwd=REPO_ROOT, capture_output=True, text=True, env=env
    )
    assert bad.returncode == 2
    assert "error[GK621]" in bad.stderr
    assert "Traceback" not in bad.stderr
