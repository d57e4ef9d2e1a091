"""docs/tutorial.md works as written.

* every ```gk block loads with no error and no warning, and its 测试 blocks pass;
* every ```gk-error CODES block fails with exactly those codes, and a ```text block right after it
  is the Chinese rendering of that failure (the file named 规则/依申请公开.gk);
* every ```python block runs in a fresh folder whose 规则/依申请公开.gk holds the nearest ```gk
  block above it, and prints what the ``# comments`` on its ``print`` lines say.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

import gkrules
from gkrules.errors import RuleError
from gkrules.language.loader import load_text

TUTORIAL = Path(__file__).resolve().parents[3] / "docs" / "tutorial.md"
BLOCK = re.compile(r"^```(\S+)([^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
FILE = "规则/依申请公开.gk"


def _blocks() -> list[tuple[str, str, str]]:
    text = TUTORIAL.read_text(encoding="utf-8")
    return [(m.group(1), m.group(2).strip(), m.group(3)) for m in BLOCK.finditer(text)]


BLOCKS = _blocks()


def _numbered(kind: str) -> list[tuple[int, str, str]]:
    return [(i, info, body) for i, (k, info, body) in enumerate(BLOCKS) if k == kind]


def test_the_tutorial_has_examples_of_every_kind():
    kinds = [kind for kind, _, _ in BLOCKS]
    assert kinds.count("gk") >= 6
    assert "gk-error" in kinds
    assert "python" in kinds


@pytest.mark.parametrize(("index", "info", "body"), _numbered("gk"), ids=lambda v: str(v)[:12])
def test_gk_blocks_load_cleanly_and_their_tests_pass(index: int, info: str, body: str):
    program = load_text(body, path=FILE)
    assert program.warnings == ()
    if program.tests:
        report = gkrules.load(body).run_tests()
        assert report.failures == (), report.render()


@pytest.mark.parametrize(
    ("index", "info", "body"), _numbered("gk-error"), ids=lambda v: str(v)[:12]
)
def test_gk_error_blocks_fail_as_announced(index: int, info: str, body: str):
    with pytest.raises(RuleError) as caught:
        load_text(body, path=FILE)
    assert sorted(d.code for d in caught.value.diagnostics) == sorted(info.split())
    following = BLOCKS[index + 1] if index + 1 < len(BLOCKS) else None
    if following is not None and following[0] == "text":
        assert caught.value.render("zh") + "\n" == following[2]


@pytest.mark.parametrize(("index", "info", "body"), _numbered("python"), ids=lambda v: str(v)[:12])
def test_python_blocks_run_and_print_what_they_say(
    index: int, info: str, body: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    rules = next(b for k, _, b in reversed(BLOCKS[:index]) if k == "gk")
    (tmp_path / "规则").mkdir()
    (tmp_path / FILE).write_text(rules, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(body, f"{TUTORIAL.name}[{index}]", "exec"), {})
    said = [
        line.split("#", 1)[1].strip()
        for line in body.splitlines()
        if "print(" in line and "#" in line
    ]
    printed = output.getvalue().splitlines()
    assert printed[: len(said)] == said
