"""The text report's safety: no terminal escapes from data, bounded lines, colour only when asked."""

from __future__ import annotations

import pytest
from tests.conftest import REPO_ROOT
from tests.reports_support import build_report

from gkrules.calendar import default_calendar
from gkrules.cli import main
from gkrules.reports import collect, render_text
from gkrules.reports.common import clean
from gkrules.reports.layout import clip, pad


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("\x1b[2J\x1b[31mred", "\\u001b[2J\\u001b[31mred"),
        ("a\nb\tc", "a b c"),
        ("\u202eevil", "\\u202eevil"),
        ("line\u2028break", "line\\u2028break"),
        ("办公室", "办公室"),
    ],
)
def test_clean_shows_control_characters_instead_of_running_them(value, shown):
    assert clean(value) == shown


def test_clip_and_pad_count_display_cells():
    assert clip("依申请公开：收到申请之日起", 10) == "依申请公…"
    assert clip("short", 10) == "short"
    assert pad("办公室", 8) == "办公室  "
    assert pad("12", 4, right=True) == "  12"


def test_colour_only_when_asked():
    collected = collect(build_report(), default_calendar())
    assert "\x1b[" not in render_text(collected, "zh")
    assert "\x1b[" in render_text(collected, "zh", color=True)


def test_hostile_log_values_cannot_drive_the_terminal(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(REPO_ROOT)
    rules = tmp_path / "规则.gk"
    rules.write_text(
        '规则 R1 "答复" {\n    当 收到申请\n    按 case\n    须 答复 在 20 工作日 内\n}\n',
        encoding="utf-8",
    )
    log = tmp_path / "events.csv"
    long_case = "A" * 5000
    log.write_text(
        "time,event,case\n"
        '2024-01-26,收到申请,"\x1b]0;pwned\x07\x1b[2J"\n'
        f"2024-01-26,收到申请,{long_case}\n"
        "2024-01-26,\x1b[31m答付,X\n",
        encoding="utf-8",
    )
    # The loader refuses control characters (GK421); with --lenient those rows are set aside,
    # and the report that lists them is still free of escapes.
    args = ["check", str(rules), "-e", str(log), "--as-of", "2024-04-01", "--lang", "en"]
    assert main(args) == 2
    assert main([*args, "--lenient"]) == 1
    out = capsys.readouterr().out
    assert "set aside 2" in out
    assert "\x1b" not in out
    assert "\x07" not in out
    assert max(len(line) for line in out.splitlines()) < 400
