"""How ``check`` takes its logs: a folder stands for the logs in it; a log given as rules is explained."""

from __future__ import annotations

import json
import subprocess
import sys

from gkrules.cli import main


def test_events_folder_means_the_logs_in_it(repo_root, capsys):
    rules = repo_root / "dsl_examples" / "条例.gk"
    logs = repo_root / "dsl_examples" / "logs"
    args = ["check", str(rules), "--as-of", "2025-11-20", "--format", "json", "--lang", "en"]
    assert main([*args, "--events", str(logs / "条例.csv"), "--fail-on", "never"]) == 0
    alone = json.loads(capsys.readouterr().out)["accounting"]
    assert main([*args, "--events", str(logs), "--fail-on", "never"]) == 0
    together = json.loads(capsys.readouterr().out)["accounting"]
    every_log = sorted(logs.glob("*.csv"))
    assert len(together["sources"]) == len(every_log) > 1
    rows = sum(len(path.read_text(encoding="utf-8-sig").splitlines()) - 1 for path in every_log)
    assert together["rows_read"] == rows > alone["rows_read"]
    assert together["balanced"]


def test_empty_events_folder_is_a_usage_error(repo_root, tmp_path, capsys):
    rules = repo_root / "dsl_examples" / "条例.gk"
    assert main(["check", str(rules), "--events", str(tmp_path), "--lang", "en"]) == 2
    assert "no event logs" in capsys.readouterr().err


def test_a_log_given_where_rules_belong_gets_a_hint(repo_root, capsys):
    logs = repo_root / "dsl_examples" / "logs"
    first, second = sorted(logs.glob("*.csv"))[:2]
    args = ["check", str(repo_root / "dsl_examples"), "--events", str(first), str(second)]
    assert main([*args, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "looks like an event log" in err
    assert "-e dsl_examples/logs" in err


def test_the_examples_script_checks_every_rule_file(repo_root):
    done = subprocess.run(
        [sys.executable, str(repo_root / "dsl_examples" / "check_examples.py"), "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
        cwd=repo_root,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("=== ") == 6
    assert "Traceback" not in done.stderr


def test_dedupe_and_encoding_options_reach_the_loader(repo_root, tmp_path, capsys):
    rules = repo_root / "dsl_examples" / "条例.gk"
    log = tmp_path / "dup.csv"
    log.write_text("time,event,case\n2024-02-08,收到申请,A\n2024-02-08,收到申请,A\n", "utf-8")
    args = ["check", str(rules), "-e", str(log), "--as-of", "2024-03-01", "--lang", "en"]
    assert main([*args, "--dedupe", "error"]) == 2
    assert "--dedupe keep|drop" in capsys.readouterr().err
    assert main([*args, "--dedupe", "drop", "--format", "json", "--fail-on", "never"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["accounting"]["rows_read"] == 2
    assert report["summary"]["instances"] >= 1
    gb = tmp_path / "gb.csv"
    gb.write_bytes("time,event,case\n2024-02-08,收到申请,甲\n".encode("gb18030"))
    gb_args = ["check", str(rules), "-e", str(gb), "--as-of", "2024-03-01", "--format", "jsonl"]
    assert main([*gb_args, "--encoding", "gb18030", "--fail-on", "never"]) == 0
    assert '"case": "甲"' in capsys.readouterr().out
