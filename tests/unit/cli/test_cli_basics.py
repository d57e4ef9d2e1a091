"""The command line through its real entry points: the console script and ``python -m``."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

from gkrules.cli import main


def test_version_comes_from_package_metadata(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"gkrules {version('gkrules')}"


def test_python_dash_m_help_works():
    done = subprocess.run(
        [sys.executable, "-m", "gkrules", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout
    assert "政务公开" in done.stdout


def test_unknown_command_is_a_usage_error(capsys):
    assert main(["no-such-command"]) == 2
    assert "No such command" in capsys.readouterr().err


def test_errors_follow_the_lang_option_not_the_locale(capsys, monkeypatch):
    monkeypatch.setenv("GKRULES_LANG", "zh")
    assert main(["deadline", "2026-12-20", "+20工作日", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "the calendar knows 2004–2026" in err
    assert main(["--lang", "zh", "deadline", "2026-12-20", "+20工作日"]) == 2
    assert "2027" in capsys.readouterr().err
    monkeypatch.setenv("GKRULES_LANG", "en")
    assert main(["deadline", "2026-12-20", "+20工作日", "--lang=zh"]) == 2
    assert "error[GK103]" in capsys.readouterr().err
