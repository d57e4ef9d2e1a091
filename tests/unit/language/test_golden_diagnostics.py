"""Golden diagnostics: each ``tests/golden/diagnostics/NN_name.gk`` is one mistake (or a few of
one kind), and ``NN_name.en.txt`` / ``NN_name.zh.txt`` are what gkrules says about it.

A file whose first line is ``# 同时加载: a.gk, b.gk`` is loaded together with those files (paths
relative to the folder).  Output is the rendered error (syntax or check) or, when the file loads,
its warnings.  ``pytest --update-golden`` rewrites the expected files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.golden_support import check_golden

from gkrules.diagnostics import Lang, render_all
from gkrules.errors import RuleError
from gkrules.language.loader import load_program

FOLDER = Path(__file__).resolve().parents[2] / "golden" / "diagnostics"
CASES = sorted(path.name for path in FOLDER.glob("*.gk"))
ALSO = "# 同时加载:"


def _diagnose(name: str, lang: Lang) -> str:
    first_line = (FOLDER / name).read_text(encoding="utf-8").partition("\n")[0]
    extra = (
        [p.strip() for p in first_line.removeprefix(ALSO).split(",")]
        if first_line.startswith(ALSO)
        else []
    )
    try:
        program = load_program([name, *extra])
    except RuleError as error:
        return error.render(lang) + "\n"
    return render_all(program.warnings, lang) + "\n"


def test_there_are_at_least_thirty_mistakes():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_golden_diagnostics(
    name: str, lang: Lang, update_golden: bool, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(FOLDER)
    actual = _diagnose(name, lang)
    assert actual.strip(), f"{name} produced no diagnostic at all"
    check_golden(FOLDER / name.replace(".gk", f".{lang}.txt"), actual, update_golden)
