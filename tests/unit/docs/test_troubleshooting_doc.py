"""docs/troubleshooting.md: every code it mentions exists, and it is written in both languages."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PAGE = ROOT / "docs" / "troubleshooting.md"
CODE = re.compile(r"\bGK\d{3}\b")


def catalog_codes() -> set[str]:
    """Codes defined in the message catalogs (``messages.py``, ``*_messages.py``), plus the
    default codes of gkrules/errors.py that errors built from a plain message carry (GK001…)."""
    codes: set[str] = set()
    for path in (ROOT / "src" / "gkrules").rglob("*messages.py"):
        codes |= set(re.findall(r'"(GK\d{3})"\s*:', path.read_text(encoding="utf-8")))
    errors = (ROOT / "src" / "gkrules" / "errors.py").read_text(encoding="utf-8")
    codes |= set(re.findall(r'default_code = "(GK\d{3})"', errors))
    return codes


def test_every_code_on_the_page_exists() -> None:
    mentioned = set(CODE.findall(PAGE.read_text(encoding="utf-8")))
    assert len(mentioned) >= 20
    assert mentioned <= catalog_codes(), sorted(mentioned - catalog_codes())


def test_the_page_is_in_chinese_and_english() -> None:
    text = PAGE.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings
    for heading in headings:
        assert re.search(r"[A-Za-z]", heading), heading
        assert re.search(r"[\u4e00-\u9fff]", heading), heading


def test_the_page_covers_the_common_errors() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for topic in ("GK201", "GK203", "GK373", "GK312", "GK310", "GK101", "GK102", "GK103",
                  "--provisional", "GK111", "GB18030", "BOM", "GK406", "GK413", "GK425",
                  "GK440", "--lenient", "looks like an event log", "Exit statuses"):  # fmt: skip
        assert topic in text, topic
