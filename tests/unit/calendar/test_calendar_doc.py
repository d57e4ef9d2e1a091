"""docs/calendar.md stays true: every ```pycon block is run as a doctest, in order, sharing names."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[3] / "docs" / "calendar.md"
BLOCK = re.compile(r"^```pycon\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_the_calendar_page_has_examples() -> None:
    blocks = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 8


def test_the_calendar_page_examples_run() -> None:
    text = DOC.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    names: dict[str, object] = {}
    failures: list[str] = []
    for match in BLOCK.finditer(text):
        line = text.count("\n", 0, match.start()) + 2
        test = parser.get_doctest(match.group(1), names, f"calendar.md:{line}", str(DOC), line - 1)
        output: list[str] = []
        result = runner.run(test, out=output.append, clear_globs=False)
        names.update(test.globs)  # a DocTest runs in a copy: carry its names to the next block
        if result.failed:
            failures.append("".join(output))
    assert not failures, "\n".join(failures)
