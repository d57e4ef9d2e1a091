"""Plain-text tables that line up on a terminal: widths by display cells (a CJK character is two)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gkrules.source import display_width

__all__ = ["clip", "pad", "table"]


def pad(value: str, width: int, right: bool = False) -> str:
    """*value* padded with spaces to *width* display cells (on the left when *right*)."""
    gap = " " * max(0, width - display_width(value))
    return gap + value if right else value + gap


def clip(value: str, width: int) -> str:
    """*value* cut to at most *width* display cells, ending in ``…`` when cut."""
    if display_width(value) <= width:
        return value
    kept = ""
    for ch in value:
        if display_width(kept + ch) > width - 1:
            break
        kept += ch
    return kept + "…"


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: Sequence[bool] = (),
    indent: str = "  ",
    style: Callable[[int, int, str], str] | None = None,
) -> list[str]:
    """Lines of a table: a header, a rule of dashes, the rows; numeric columns right-aligned.

    *style* (row index, column index, padded cell) → the cell as printed, e.g. coloured; row
    index -1 is the header.  Colour is applied after padding so widths stay right.
    """
    widths = [display_width(cell) for cell in header]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], display_width(cell))
    right = [index < len(numeric) and numeric[index] for index in range(len(header))]

    def line(row_index: int, cells: Sequence[str]) -> str:
        shown = []
        for index, cell in enumerate(cells):
            padded = pad(cell, widths[index], right[index])
            shown.append(style(row_index, index, padded) if style is not None else padded)
        return (indent + "  ".join(shown)).rstrip()

    lines = [line(-1, header), indent + "  ".join("-" * width for width in widths)]
    lines.extend(line(index, row) for index, row in enumerate(rows))
    return lines
