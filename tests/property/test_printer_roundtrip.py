"""Laws of the formatter and the parser: print ∘ parse is the identity on ASTs, formatting is
idempotent, and no input makes the parser raise anything but a gkrules error."""

from __future__ import annotations

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from gkrules.errors import GkError
from gkrules.language import ast, format_file_ast, format_text, parse_text
from gkrules.language.lexing import KEYWORDS
from tests.property.ast_strategies import expressions, files


@given(files, st.sampled_from(["zh", "en"]))
def test_printed_ast_parses_back_to_itself(file: ast.File, lang: str) -> None:
    text = format_file_ast(file, lang)
    assert parse_text(text) == file, text


@given(files, st.sampled_from(["zh", "en"]))
def test_formatting_is_idempotent(file: ast.File, lang: str) -> None:
    text = format_file_ast(file, lang)
    assert format_text(text) == format_text(format_text(text))


@given(expressions)
def test_expressions_round_trip_inside_a_rule(expression: ast.Expr) -> None:
    rule = ast.Rule(
        "X", "t", ast.EachBody(ast.EventPattern(("e",)), (ast.Requirement(expression),))
    )
    file = ast.File("<string>", (rule,))
    assert parse_text(format_file_ast(file)) == file


_WORDS = [
    *sorted({w for zh, en in KEYWORDS.values() for w in (*zh, *en)}),
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    "=",
    ">=",
    "≥",
    "+",
    "-",
    "*",
    "/",
    ".",
    "%",
    "#x\n",
    '"s"',
    '"',
    "“字”",
    "20",
    "4%",
    "2021-06-30",
    "01-31",
    "17:30",
    "2021年",
    "1月31日",
    "工作日",
    "小时",
    "名称",
    "`q`",
    "\n",
    "（",
    "，",
    "；",
    "《",
    "'",
]


@given(st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join))
def test_grammar_shaped_noise_raises_only_gkrules_errors(text: str) -> None:
    with contextlib.suppress(GkError):
        parse_text(text)


@given(st.text(max_size=200))
def test_any_text_raises_only_gkrules_errors(text: str) -> None:
    with contextlib.suppress(GkError):
        parse_text(text)
