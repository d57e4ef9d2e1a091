"""The .gk rules language: parse text into a checked-ready AST, and format it back.

::

    file = parse_text(text, "条例.gk")      # ast.File, or RuleSyntaxError with one diagnostic
    file = parse_file("dsl_examples/条例.gk")
    text = format_text(text)                # the canonical layout, comments kept
    is_formatted(text)                      # what `gkrules fmt --check` asks
    find_fullwidth(text)                    # full-width punctuation read as ASCII (for the linter)

See docs/language.md for the language itself.
"""

from __future__ import annotations

from gkrules.language.lexing import (
    KEYWORDS,
    LIMITS,
    Limits,
    Replacement,
    find_fullwidth,
)
from gkrules.language.parser import keyword_language, parse_file, parse_text
from gkrules.language.printer import format_file_ast, format_text, is_formatted

__all__ = [
    "KEYWORDS",
    "LIMITS",
    "Limits",
    "Replacement",
    "find_fullwidth",
    "format_file_ast",
    "format_text",
    "is_formatted",
    "keyword_language",
    "parse_file",
    "parse_text",
]
