"""Columns of an event log: text values, dictionary-encoded, checked once per distinct value.

A :class:`Column` is an ``int32`` code per row plus its vocabulary, the distinct
values in sorted order; code ``-1`` means the value is missing (``None``, which
is not the empty string).  Loading builds each column a chunk at a time with a
:class:`ColumnEncoder`, then :func:`normalize_vocab` turns the distinct raw
values into text and finds the bad ones, so a value repeated a million times is
converted and checked once.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import cast

import numpy as np
from attrs import frozen

from gkrules.engine.timeparse import ParsedTimes

__all__ = [
    "MAX_CELL_CHARS",
    "STANDARD_COLUMNS",
    "BadValue",
    "Coded",
    "Column",
    "ColumnEncoder",
    "RawChunk",
    "VocabProblem",
    "normalize_vocab",
    "to_cell",
]

#: The columns every standard log has (EVENTS.md); their values are trimmed of surrounding spaces.
STANDARD_COLUMNS = ("time", "event", "case", "unit")
#: A value longer than this many characters is a problem (GK422), not an event attribute.
MAX_CELL_CHARS = 10_000
MISSING = -1

# C0 and C1 controls, DEL, and the bidirectional overrides that make text display out of order.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# In the standard columns tabs and line breaks are controls too.
_CONTROL_STRICT = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_JOIN = "\ue000"  # a private-use character: joins values for one search over them all


@frozen(eq=False)
class Column:
    """One column of a log: ``codes[i]`` indexes ``vocab`` (in order of first appearance), ``-1``
    where the value is missing."""

    codes: np.ndarray
    vocab: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.codes)

    def value(self, index: int) -> str | None:
        code = int(self.codes[index])
        return None if code < 0 else self.vocab[code]

    def values(self) -> np.ndarray:
        """The values as an object array (``None`` where missing) — for explanations, not hot loops."""
        table = np.empty(len(self.vocab) + 1, dtype=object)
        table[: len(self.vocab)] = self.vocab
        values: np.ndarray = table[self.codes]
        return values

    def code(self, value: str | None) -> int:
        """The code of *value*: ``-1`` for ``None``; ``-2`` when no row has that value."""
        if value is None:
            return MISSING
        try:
            return self.vocab.index(value)
        except ValueError:
            return -2

    def isin(self, values: Iterable[str | None]) -> np.ndarray:
        """A mask of the rows whose value is one of *values*."""
        wanted = set(values)
        codes = [code for code, text in enumerate(self.vocab) if text in wanted]
        if None in wanted:
            codes.append(MISSING)
        return np.isin(self.codes, np.array(codes, np.int32))

    @property
    def missing(self) -> np.ndarray:
        return self.codes < 0

    def counts(self) -> dict[str, int]:
        """How many rows hold each value (missing values not counted)."""
        present = self.codes[self.codes >= 0]
        tally = np.bincount(present, minlength=len(self.vocab))
        return {name: int(n) for name, n in zip(self.vocab, tally.tolist(), strict=True) if n}

    def take(self, indices: np.ndarray) -> Column:
        codes = self.codes[indices]
        codes.flags.writeable = False
        return Column(codes, self.vocab)


@frozen
class BadValue:
    """A raw value that cannot be text: its kind names the catalog entry (GK423.<kind>)."""

    kind: str
    type_name: str = ""


_BOOLEAN = {True: "true", False: "false"}


def to_cell(value: object) -> str | BadValue | None:
    """A raw value from JSON, a mapping or a DataFrame as text (``None`` if missing)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return _BOOLEAN[bool(value)]
    if isinstance(value, int | np.integer):
        try:
            return str(int(value))
        except ValueError:  # more digits than Python will print
            return BadValue("huge")
    if isinstance(value, float | np.floating):
        number = float(value)
        return None if math.isnan(number) else repr(number)
    if isinstance(value, Decimal):
        return None if value.is_nan() else str(value)
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return BadValue("list")
    if isinstance(value, dict):
        return BadValue("object")
    if isinstance(value, BadValue):
        return value
    return BadValue("other", type(value).__name__)


class ColumnEncoder:
    """Codes for one column of one source, built chunk by chunk; each distinct raw value once.

    A code is the position of its value in :attr:`vocab`.  A chunk that arrives encoded
    already is taken as it is; the lookup table is built only if another chunk follows.
    """

    def __init__(self) -> None:
        self._index: dict[object, int] = {}
        self._first: list[object] | None = None

    @property
    def vocab(self) -> list[object]:
        return list(self._first) if self._first is not None else list(self._index)

    def _lookup(self) -> dict[object, int]:
        if self._first is not None:
            self._index = dict(zip(self._first, range(len(self._first)), strict=True))
            self._first = None
        return self._index

    def encode(self, values: Sequence[object]) -> np.ndarray:
        """Codes for a chunk of raw values (text, ``None``, or values :func:`to_cell` converts)."""
        if not set(map(type, values)) <= {str, type(None)}:
            values = [to_cell(v) for v in values]
        index = self._lookup()
        sample = values[:1024]
        if len(set(sample)) * 4 < len(sample):
            # Few distinct values (event names, units, empty attributes): C loops do the work.
            for value in dict.fromkeys(values):
                if value not in index:
                    index[value] = len(index)
            return np.fromiter(map(index.__getitem__, values), np.int32, len(values))
        add = index.setdefault
        return np.fromiter([add(v, len(index)) for v in values], np.int32, len(values))

    def encode_coded(self, codes: np.ndarray, vocab: Sequence[object]) -> np.ndarray:
        """A chunk encoded already (Arrow): *codes* index *vocab* (distinct values), ``-1`` missing."""
        if not self._index and self._first is None and set(map(type, vocab)) <= {str}:
            self._first = [*vocab, None]
            first: np.ndarray = np.where(codes < 0, len(vocab), codes).astype(np.int32)
            return first
        index = self._lookup()
        add = index.setdefault
        remap = np.array(
            [add(to_cell(v), len(index)) for v in vocab] + [add(None, len(index))], np.int32
        )
        coded: np.ndarray = remap[codes]
        return coded

    def missing(self, count: int) -> np.ndarray:
        """Codes for *count* rows that lack this column."""
        index = self._lookup()
        return np.full(count, index.setdefault(None, len(index)), np.int32)


@frozen
class VocabProblem:
    """A distinct value that is not acceptable, and why: ``code`` with its message ``args``."""

    code: str
    args: tuple[tuple[str, object], ...]


def normalize_vocab(
    vocab: Sequence[object], *, standard: bool, empty_is_missing: bool
) -> tuple[list[str | None], dict[int, VocabProblem]]:
    """Text for each distinct raw value, and the problems among them (by position in *vocab*).

    Values of the standard columns are trimmed, and then empty means missing; in CSV an
    empty cell is missing in every column.
    """
    problems: dict[int, VocabProblem] = {}
    kinds = set(map(type, vocab))
    if kinds <= {str, type(None)}:  # the usual case: no conversion, no test of each value's type
        texts = cast("list[str | None]", list(vocab))
        if standard:
            texts = [(t and t.strip()) or None for t in texts]
        elif empty_is_missing:
            texts = [t or None for t in texts]
        return texts, _check_texts(texts, standard, problems)
    texts = []
    for position, raw in enumerate(vocab):
        if isinstance(raw, BadValue):
            if raw.kind == "huge":
                problems[position] = VocabProblem("GK422", (("length", "> 4300"),))
            else:
                problems[position] = VocabProblem(
                    "GK423", (("kind", raw.kind), ("type", raw.type_name))
                )
            texts.append(None)
            continue
        text = raw if isinstance(raw, str) or raw is None else str(raw)
        if text is not None and standard:
            text = text.strip()
        if text == "" and (standard or empty_is_missing):
            text = None
        texts.append(text)
    return texts, _check_texts(texts, standard, problems)


def _check_texts(
    texts: list[str | None], standard: bool, problems: dict[int, VocabProblem]
) -> dict[int, VocabProblem]:
    """Add the texts with control characters or over the size limit to *problems*."""
    present = [t for t in texts if t is not None]
    pattern = _CONTROL_STRICT if standard else _CONTROL
    if present and (pattern.search(_JOIN.join(present)) or max(map(len, present)) > MAX_CELL_CHARS):
        for position, text in enumerate(texts):
            if text is None:
                continue
            found = pattern.search(text)
            if found:
                char = f"U+{ord(found.group()):04X}"
                problems[position] = VocabProblem("GK421", (("char", char), ("at", found.start())))
            elif len(text) > MAX_CELL_CHARS:
                problems[position] = VocabProblem("GK422", (("length", len(text)),))
    for position in problems:
        texts[position] = None
    return problems


def blank_vocab(vocab: Sequence[object]) -> np.ndarray:
    """Which distinct raw values are blank (missing, or only spaces) — for skipping empty CSV rows."""
    return np.array(
        [raw is None or (isinstance(raw, str) and not raw.strip()) for raw in vocab] + [True],
        np.bool_,
    )


def merge_columns(parts: Sequence[tuple[np.ndarray, Sequence[str | None]]]) -> Column:
    """One column from per-source ``(codes, texts)``: one shared vocabulary, codes remapped."""
    if len(parts) == 1:
        codes, texts = parts[0]
        present = np.fromiter((t is not None for t in texts), np.bool_, len(texts))
        vocab = tuple(t for t in texts if t is not None)
        if len(set(vocab)) == len(vocab):  # nothing merged by trimming: renumber without lookups
            remap = np.append(np.where(present, np.cumsum(present) - 1, MISSING), MISSING)
            single = remap.astype(np.int32)[codes]
            single.flags.writeable = False
            return Column(single, vocab)
    vocab = tuple(dict.fromkeys(t for _, texts in parts for t in texts if t is not None))
    position = {text: code for code, text in enumerate(vocab)}
    pieces = []
    for codes, texts in parts:
        remap = np.array(
            [position[t] if t is not None else MISSING for t in texts] + [MISSING], np.int32
        )
        pieces.append(remap[codes])
    codes = np.concatenate(pieces) if pieces else np.zeros(0, np.int32)
    codes.flags.writeable = False
    return Column(codes, vocab)


@frozen(eq=False)
class Coded:
    """A chunk of a column that arrives dictionary-encoded already: ``codes`` index ``vocab``."""

    codes: np.ndarray
    vocab: Sequence[object]


@frozen(eq=False)
class RawChunk:
    """Rows as a reader hands them over: row numbers, parsed times, raw values per column."""

    rows: np.ndarray
    times: ParsedTimes
    columns: dict[str, Sequence[object] | Coded]
