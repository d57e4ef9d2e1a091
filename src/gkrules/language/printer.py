"""The .gk formatter (being written): one canonical layout, comments kept."""

from __future__ import annotations

from gkrules.language import ast

__all__ = ["format_file_ast", "format_text", "is_formatted"]


def format_file_ast(file: ast.File, keywords: str = "zh") -> str:
    raise NotImplementedError


def format_text(text: str, path: str = "<string>") -> str:
    raise NotImplementedError


def is_formatted(text: str, path: str = "<string>") -> bool:
    raise NotImplementedError
