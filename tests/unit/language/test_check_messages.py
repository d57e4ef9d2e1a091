"""The check catalog: every entry has both languages with the same fields, and every code used exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gkrules.diagnostics import Message
from gkrules.language.check_messages import CATALOG

SOURCES = Path(__file__).resolve().parents[3] / "src" / "gkrules" / "language"
USED = re.compile(r'"(GK3\d\d(?:\.\w+)?|hint\.\w+)"')


@pytest.mark.parametrize("key", sorted(CATALOG.entries))
def test_both_languages_have_the_same_fields(key: str):
    en, zh = CATALOG.entries[key]
    assert en.strip()
    assert zh.strip()
    assert CATALOG.fields(key)[0] == CATALOG.fields(key)[1], key


def test_every_code_and_hint_the_code_uses_is_in_the_catalog():
    used: set[str] = set()
    for path in [SOURCES / "loader.py", *sorted((SOURCES / "checks").glob("*.py"))]:
        used |= set(USED.findall(path.read_text(encoding="utf-8")))
    missing = sorted(key for key in used if key not in CATALOG.entries)
    assert not missing


def test_every_code_has_a_message_of_its_own():
    codes = {key.split(".")[0] for key in CATALOG.entries if key.startswith("GK")}
    assert all(code in CATALOG.entries for code in codes)


def test_arguments_given_as_messages_are_rendered_per_language():
    message = CATALOG.message(
        "GK320", left=Message("a count", "次数"), right=Message("a period", "期间")
    )
    assert message.en == "cannot compare a count with a period"
    assert message.zh == "不能将次数与期间比较"


def test_every_code_is_in_the_checks_section_of_the_language_reference():
    reference = (Path(__file__).resolve().parents[3] / "docs" / "language.md").read_text("utf-8")
    section = reference[reference.index("## 9. 加载与检查") :]
    documented = set(re.findall(r"GK3\d\d", section))
    for low, high in re.findall(r"GK(3\d\d)–GK(3\d\d)", section):
        documented |= {f"GK{n}" for n in range(int(low), int(high) + 1)}
    codes = {key for key in CATALOG.entries if "." not in key}
    assert codes <= documented
