"""Golden CLI mistakes: each ``tests/golden/cli_errors/NN_name.args`` is one command line (one
argument per line) that a user gets wrong, and ``NN_name.en.txt`` / ``NN_name.zh.txt`` record what
``gkrules`` answers: the exit status and the exact standard error.

The commands run through :func:`gkrules.cli.main` in a scratch folder holding a copy of
``_files/`` plus an empty folder ``empty/``, so paths in the messages are short and stable.
The language comes from ``GKRULES_LANG`` (click's own usage messages are English in both).
``pytest --update-golden`` rewrites the expected files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gkrules.cli import main
from tests.golden_support import check_golden

FOLDER = Path(__file__).resolve().parents[1] / "golden" / "cli_errors"
CASES = sorted(path.stem for path in FOLDER.glob("*.args"))


def arguments(name: str) -> list[str]:
    """The command line of case *name*: one argument per line."""
    return (FOLDER / f"{name}.args").read_text(encoding="utf-8").splitlines()


def _scratch(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    shutil.copytree(FOLDER / "_files", work)
    (work / "empty").mkdir()
    return work


def test_there_are_at_least_twelve_cli_mistakes() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_golden(
    name: str,
    lang: str,
    update_golden: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(_scratch(tmp_path))
    monkeypatch.setenv("GKRULES_LANG", lang)
    monkeypatch.delenv("NO_COLOR", raising=False)
    args = arguments(name)
    status = main(args)
    captured = capsys.readouterr()
    assert status == 2, captured
    assert captured.out == ""
    assert "Traceback" not in captured.err
    actual = f"$ gkrules {' '.join(args)}\nexit status: {status}\n--- stderr\n{captured.err}"
    check_golden(FOLDER / f"{name}.{lang}.txt", actual, update_golden)
