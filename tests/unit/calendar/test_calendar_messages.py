"""The calendar catalog: every entry in both languages with the same fields."""

from __future__ import annotations

import re

from gkrules.calendar.messages import CATALOG


def test_every_entry_has_both_languages_with_the_same_fields() -> None:
    for key, (en, zh) in CATALOG.entries.items():
        assert en.strip(), key
        assert zh.strip(), key
        assert re.search(r"[\u4e00-\u9fff]", zh), f"{key}: the Chinese text has no Chinese"
        english, chinese = CATALOG.fields(key)
        assert english == chinese, key


def test_codes_are_in_the_calendar_range() -> None:
    codes = {key.split(".")[0] for key in CATALOG.entries if key.startswith("GK")}
    assert codes
    assert all(re.fullmatch(r"GK1\d\d", code) for code in codes)
