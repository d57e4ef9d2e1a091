"""Diagnostics: the location prefix, the excerpt with a caret placed by display width, the caps."""

from __future__ import annotations

import pickle

import pytest

from gkrules.diagnostics import Catalog, Diagnostic, Message, Severity, closest, render_all
from gkrules.errors import GkError, RuleCheckError
from gkrules.source import SourceFile, display_width

CATALOG = Catalog(
    {
        "GK203": ("unknown unit '{unit}'", "未知的期间单位“{unit}”"),
        "GK203.hint": ("did you mean '{suggestion}'?", "是否应为“{suggestion}”？"),
    }
)


def test_display_width_counts_cjk_as_two_cells():
    assert display_width("abc") == 3
    assert display_width("工作日") == 6
    assert display_width("（，）") == 6


def test_span_positions_are_one_based_and_line_aware():
    source = SourceFile("a.gk", "第一行\nline two\n")
    span = source.span(4, 8)
    assert (span.line, span.column, span.end_line, span.end_column) == (2, 1, 2, 5)
    assert str(span) == "a.gk:2:1"
    assert source.line_text(2) == "line two"
    assert source.offset(2, 3) == 6


def test_caret_sits_under_a_cjk_span_by_display_width():
    text = "  答复 within 20 工做日\n"
    source = SourceFile("dsl_examples/条例.gk", "\n" * 11 + text)
    start = source.text.index("工做日")
    diagnostic = CATALOG.diagnostic(
        "GK203",
        source.span(start, start + 3),
        source,
        hint="GK203.hint",
        unit="工做日",
        suggestion="工作日",
    )
    assert diagnostic.render("en") == (
        "dsl_examples/条例.gk:12:16: error[GK203]: unknown unit '工做日'\n"
        "   |\n"
        "12 |   答复 within 20 工做日\n"
        "   |                  ^^^^^^ did you mean '工作日'?"
    )
    assert diagnostic.render("zh").splitlines()[0].endswith("error[GK203]: 未知的期间单位“工做日”")


def test_very_long_lines_are_shown_as_a_bounded_window():
    line = "x" * 5000 + " 工做日 " + "y" * 5000
    source = SourceFile("big.gk", line)
    start = line.index("工做日")
    diagnostic = CATALOG.diagnostic(
        "GK203", source.span(start, start + 3), source, unit="工做日", suggestion="工作日"
    )
    assert diagnostic.line_text is not None
    assert len(diagnostic.line_text) < 400
    excerpt = diagnostic.render().splitlines()
    assert all(display_width(row) < 130 for row in excerpt[1:])
    caret_row, text_row = excerpt[3], excerpt[2]
    caret_at = caret_row.index("^")
    assert text_row[caret_at - 1 :].startswith(" 工做日") or "工做日" in text_row


def test_render_all_sorts_and_caps():
    diagnostics = [
        Diagnostic("GK1", Severity.ERROR, Message.same(f"problem {i}")) for i in range(5)
    ]
    rendered = render_all(diagnostics, "en", limit=2)
    assert rendered.endswith("… and 3 more")
    assert render_all(diagnostics, "zh", limit=2).endswith("…以及另外 3 条")


def test_closest_suggests_only_near_names():
    assert closest("工做日", ["工作日", "小时", "个月"]) == "工作日"
    assert closest("zzz", ["工作日", "小时"]) is None


def test_errors_are_picklable_and_render_their_diagnostics():
    error = RuleCheckError(CATALOG.diagnostic("GK203", unit="工做日", suggestion="工作日"))
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, RuleCheckError)
    assert again.diagnostics == error.diagnostics
    assert "error[GK203]: unknown unit '工做日'" in str(again)


def test_plain_message_errors_get_the_class_code():
    with pytest.raises(GkError, match=r"error\[GK000\]: boom"):
        raise GkError("boom")


def test_catalog_templates_agree_in_both_languages():
    for key in CATALOG.entries:
        en, zh = CATALOG.fields(key)
        assert en == zh, key
