"""Source texts and spans: where a thing a user wrote stands in its file.

A :class:`Span` is attached to every AST node, every calendar-file entry and
every event-log row that a diagnostic may point at.  Offsets are 0-based
character offsets into the text; lines and columns are 1-based, counted in
characters (not bytes, not display cells).
"""

from __future__ import annotations

import bisect
import unicodedata

from attrs import field, frozen

__all__ = ["SourceFile", "Span", "display_width"]


def display_width(text: str) -> int:
    """Width of *text* on a terminal: CJK wide and full-width characters take two cells."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


@frozen
class Span:
    """A region of a source file: ``[start, end)`` offsets plus 1-based line/column of both ends."""

    path: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    @classmethod
    def for_line(cls, path: str, line: int, column: int = 1, length: int = 0) -> Span:
        """A span known only by line and column (rows of a log, entries of a calendar file)."""
        return cls(path, 0, length, line, column, line, column + length)


@frozen
class SourceFile:
    """The text of one file (or one string given in place of a file) and its line index."""

    path: str
    text: str
    _line_starts: tuple[int, ...] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        starts = [0]
        index = self.text.find("\n")
        while index >= 0:  # str.find, not a loop over characters: a 10 MB line stays fast
            starts.append(index + 1)
            index = self.text.find("\n", index + 1)
        object.__setattr__(self, "_line_starts", tuple(starts))

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based character offset."""
        offset = max(0, min(offset, len(self.text)))
        line_index = bisect.bisect_right(self._line_starts, offset) - 1
        return line_index + 1, offset - self._line_starts[line_index] + 1

    def offset(self, line: int, column: int) -> int:
        """0-based offset of a 1-based (line, column); clamped to the text."""
        line = max(1, min(line, self.line_count))
        return min(self._line_starts[line - 1] + column - 1, len(self.text))

    def span(self, start: int, end: int) -> Span:
        """The span of offsets ``[start, end)``."""
        line, column = self.position(start)
        end_line, end_column = self.position(max(start, end))
        return Span(self.path, start, max(start, end), line, column, end_line, end_column)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break ('' past the end)."""
        if not 1 <= line <= self.line_count:
            return ""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < self.line_count else len(self.text)
        return self.text[start:end].rstrip("\r")
