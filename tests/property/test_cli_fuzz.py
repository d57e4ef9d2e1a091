"""Any command line gives exit status 0, 1 or 2 and no exception out of ``gkrules.cli.main``.

Argument lists are drawn from the real command names and options, plausible and junk values, and
paths to small fixture files (a rule file, a log, a malformed calendar file, an empty folder, a
folder without rules, a missing file).  The commands run in a scratch copy of
``tests/golden/cli_errors/_files`` so ``fmt`` and ``-o`` write nowhere else.  ``--engine`` is left
out (``spark`` would start a Spark session), and so are ``-`` (standard input) and NUL characters
(a real command line cannot carry one; the loaders' own handling of NUL in a path is tested at the
API, in tests/reliability/test_safety.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkrules.cli import main

FILES = Path(__file__).resolve().parents[1] / "golden" / "cli_errors" / "_files"

COMMANDS = ("check", "due", "explain", "deadline", "calendar", "fmt", "lint", "test", "frobnicate")
OPTIONS = (
    "--events", "-e", "--as-of", "--lenient", "--calendar", "--provisional", "--lang", "--format",
    "-f", "--output", "-o", "--status", "--fail-on", "--at-risk", "--limit", "--bom", "--color",
    "--no-color", "--rule", "--case", "--unit", "--window", "--start-day-counted", "--no-roll-off",
    "--cutoff", "--check", "--diff", "--within", "--help", "--version", "--bogus", "--",
)  # fmt: skip
VALUES = (
    "规则.gk", "events.csv", "malformed.toml", "empty", "no_rules", "missing.csv", "没有.gk", ".",
    "out.txt", "2024-03-15", "2024-03-15T17:00", "6/18/2021", "2021年6月18日", "garbage", "2024-02",
    "2024-13", "+3工作日", "+48小时", "+1个月", "3fortnights", "+1000000000工作日", "-5日", "1999-01-01",
    "2026-12-20", "text", "json", "jsonl", "csv", "md", "html", "bogus", "met", "violated,pending",
    "never", "pending", "0.2", "20%", "2", "-1", "0", "R1", "R9", "A1", "zh", "en", "17:30", "25:00",
    "", " ", "%", "\x07", "规", "=",
)  # fmt: skip
ARGUMENTS = (
    st.sampled_from(COMMANDS)
    | st.sampled_from(OPTIONS)
    | st.sampled_from(VALUES)
    | st.text(max_size=8).filter(lambda text: text not in ("-", "spark") and "\x00" not in text)
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("cli_fuzz") / "work"
    shutil.copytree(FILES, work)
    (work / "empty").mkdir()
    before = Path.cwd()
    os.chdir(work)
    try:
        yield work
    finally:
        os.chdir(before)


def _run(args: list[str]) -> None:
    status = main(args)
    assert status in (0, 1, 2), (args, status)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(COMMANDS),
    st.lists(ARGUMENTS, max_size=8),
)
def test_any_command_line_exits_with_0_1_or_2(scratch: Path, command: str, rest: list[str]) -> None:
    assert Path.cwd() == scratch
    _run([command, *rest])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ARGUMENTS, max_size=8))
def test_any_argument_list_exits_with_0_1_or_2(scratch: Path, args: list[str]) -> None:
    assert Path.cwd() == scratch
    _run(args)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(["check", "due", "explain"]),
    st.lists(st.sampled_from(OPTIONS) | st.sampled_from(VALUES), max_size=6),
)
def test_well_started_checks_exit_with_0_1_or_2(
    scratch: Path, command: str, rest: list[str]
) -> None:
    """A rule file and a log first, so the options reach the evaluation and the reports."""
    assert Path.cwd() == scratch
    _run([command, "规则.gk", "-e", "events.csv", "--as-of", "2024-03-15", *rest])
