"""docs/event-logs.md says what the loader does: its date tables and limits are checked here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gkrules.engine import ACCEPTED_TIME_FORMS, MAX_CELL_CHARS
from gkrules.engine.messages import EVENT_LOG_MESSAGES
from gkrules.engine.timetext import Parsed, parse_value

PAGE = (Path(__file__).resolve().parents[3] / "docs" / "event-logs.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = PAGE.index(title)
    end = PAGE.find("\n## ", start + 1)
    return PAGE[start : end if end > 0 else len(PAGE)]


def _table_rows(text: str) -> list[list[str]]:
    rows = [line.split("|")[1:-1] for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[1:]]


DATES = _section("## 日期与时间")
ACCEPTED_TABLE = DATES[: DATES.index("拒绝的写法")]
REJECTED_TABLE = DATES[DATES.index("拒绝的写法") :]


def _examples(cell: str) -> list[str]:
    return [found for found in re.findall(r"`([^`]+)`", cell) if found[0].isdigit()]


@pytest.mark.parametrize(
    "text", [t for row in _table_rows(ACCEPTED_TABLE) for t in _examples(row[1])]
)
def test_every_accepted_example_parses(text: str) -> None:
    assert isinstance(parse_value(text), Parsed), text


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (text, row[1])
        for row in _table_rows(REJECTED_TABLE)
        if row[1].startswith("GK")
        for text in _examples(row[0])
    ],
)
def test_every_rejected_example_is_rejected_with_its_code(text: str, code: str) -> None:
    result = parse_value(text)
    assert isinstance(result, tuple), text
    assert result[0] == code, text


def test_the_page_lists_every_accepted_form_and_every_code() -> None:
    for form in ACCEPTED_TIME_FORMS:
        assert f"`{form}`" in PAGE or form in PAGE, form
    codes = {key for key in EVENT_LOG_MESSAGES.entries if re.fullmatch(r"GK4\d\d", key)}
    for code in codes:
        listed = code in PAGE or any(
            low <= code <= high for low, high in re.findall(r"(GK4\d\d)–(GK4\d\d)", PAGE)
        )
        assert listed, code
    assert f"{MAX_CELL_CHARS:,}" in PAGE
