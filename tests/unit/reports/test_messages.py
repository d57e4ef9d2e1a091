"""The reports' catalog: every entry in both languages, with the same fields."""

from __future__ import annotations

import pytest

from gkrules.reports.messages import CATALOG, text, usage_error


@pytest.mark.parametrize("key", sorted(CATALOG.entries))
def test_every_entry_has_both_languages_with_the_same_fields(key):
    en, zh = CATALOG.entries[key]
    assert en.strip()
    assert zh.strip()
    english, chinese = CATALOG.fields(key)
    assert english == chinese


def test_error_codes_are_the_cli_range():
    codes = [key for key in CATALOG.entries if key.startswith("GK") and "." not in key]
    assert codes
    assert all(620 <= int(code[2:]) < 640 for code in codes)


def test_text_formats_in_the_language_asked():
    assert text("acc.after_as_of", "zh", rows=3) == "3 行晚于截至时刻，未使用"
    assert (
        text("acc.after_as_of", "en", rows=3)
        == "3 row(s) dated after the as-of instant were not used"
    )


def test_usage_errors_render_in_both_languages():
    error = usage_error("GK624", rule="L7", near="L5", hint="GK624.hint")
    assert "no rule 'L7'" in error.render("en")
    assert "did you mean 'L5'?" in error.render("en")
    assert "没有规则“L7”" in error.render("zh")
