"""Finding the name a user probably meant ("did you mean …?").

Event names are short Chinese words, for which ``difflib``'s ratio is a poor guide (答服/答复 score
0.5, as do 检查开始/检查结束).  Names are therefore compared by edit distance with adjacent
transpositions, allowing one edit per four characters (at least one).
"""

from __future__ import annotations

from collections.abc import Iterable

from gkrules.diagnostics import closest

__all__ = ["edit_distance", "nearest", "nearest_event"]


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def nearest_event(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate within one edit per four characters of *word*; ties go to the first given."""
    allowed = max(1, len(word) // 4)
    best: tuple[int, str] | None = None
    for candidate in candidates:
        if candidate == word:
            continue
        distance = edit_distance(word, candidate)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """The nearest candidate by edit distance, else by ``difflib`` similarity, else ``None``."""
    pool = [c for c in candidates if c != word]
    return nearest_event(word, pool) or closest(word, sorted(pool))
