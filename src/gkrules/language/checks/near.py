"""Finding the name a user probably meant ("did you mean …?").

Event names are short Chinese words, for which ``difflib``'s ratio is a poor guide (答服/答复 score
0.5, as do 检查开始/检查结束).  Names are therefore compared by edit distance with adjacent
transpositions, allowing one edit per four characters (at least one).
"""

from __future__ import annotations

from collections.abc import Iterable

from gkrules.diagnostics import closest

__all__ = ["edit_distance", "nearest", "nearest_event", "one_edit_apart"]


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


def one_edit_apart(a: str, b: str) -> bool:
    """Whether *a* and *b* differ by exactly one edit (linear time; the common case)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        rest_a, rest_b = a[i + 1 :], b[i + 1 :]
        swapped = (
            i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        )
        return rest_a == rest_b or swapped
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1 :] == shorter[i:]


def nearest_event(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate within one edit per four characters of *word*; ties go to the first given."""
    allowed = max(1, len(word) // 4)
    if allowed == 1:
        return next((c for c in candidates if one_edit_apart(word, c)), None)
    best: tuple[int, str] | None = None
    for candidate in candidates:
        if candidate == word or abs(len(candidate) - len(word)) > allowed:
            continue  # each insertion or deletion costs one edit
        distance = edit_distance(word, candidate)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """The nearest candidate by edit distance, else by ``difflib`` similarity, else ``None``."""
    pool = [c for c in candidates if c != word]
    return nearest_event(word, pool) or closest(word, sorted(pool))
