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
import itertools
import math
import operator
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import cast

import numpy as np
from attrs import frozen

from gkrules.engine.timeparse import ParsedTimes
from gkrules.engine.utf8_texts import Utf8Texts

__all__ = [
    "MAX_CELL_CHARS",
    "STANDARD_COLUMNS",
    "BadValue",
    "Coded",
    "Column",
    "ColumnEncoder",
    "RawChunk",
    "Texts",
    "VocabProblem",
    "clean_values",
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
    #: A tuple, or :class:`Utf8Texts` for a column of many distinct values (decoded when read).
    vocab: Sequence[str]

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
        self._first: Sequence[object] | None = None
        self._clean: np.ndarray | None = None

    @property
    def vocab(self) -> Sequence[object]:
        """The distinct raw values in code order (the encoder's own list when it can)."""
        return self._first if self._first is not None else list(self._index)

    @property
    def clean(self) -> np.ndarray | None:
        """Which entries of :attr:`vocab` the reader proved clean (see :func:`clean_values`)."""
        return self._clean if self._first is not None else None

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

    def encode_coded(self, chunk: Coded) -> np.ndarray:
        """A chunk encoded already: its codes index its vocabulary (distinct values), ``-1`` missing."""
        codes, vocab = chunk.codes, chunk.vocab
        first = not self._index and self._first is None
        if first and (chunk.clean is not None or set(map(type, vocab)) <= {str}):
            # Code -1 stays: everything downstream reads it as missing (and so the None here).
            self._first = vocab.with_missing() if isinstance(vocab, Utf8Texts) else [*vocab, None]
            if chunk.clean is not None:
                self._clean = np.append(chunk.clean, False)
            return codes.astype(np.int32, copy=False)
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


@frozen(eq=False)
class Texts:
    """A column's distinct values as text (:func:`normalize_vocab`): ``None`` where missing."""

    values: Sequence[str | None]
    #: No two values are the same text (nothing was trimmed or converted into another).
    distinct: bool
    #: Where the ``None`` values stand.
    missing: list[int]

    @classmethod
    def of(cls, values: list[str | None], *, distinct: bool) -> Texts:
        return cls(values, distinct, _positions(values, None))


def normalize_vocab(
    vocab: Sequence[object],
    *,
    standard: bool,
    empty_is_missing: bool,
    clean: np.ndarray | None = None,
) -> tuple[Texts, dict[int, VocabProblem]]:
    """Text for each distinct raw value, and the problems among them (by position in *vocab*).

    Values of the standard columns are trimmed, and then empty means missing; in CSV an
    empty cell is missing in every column.  Where *clean* is true, the value is known to be
    text that none of this changes (:func:`clean_values`); only the others are looked at.
    """
    if clean is not None:
        others = np.flatnonzero(~clean).tolist()
        looked_at, found = normalize_vocab(
            [vocab[i] for i in others], standard=standard, empty_is_missing=empty_is_missing
        )
        changes = dict(zip(others, looked_at.values, strict=True))
        every: Sequence[str | None]
        if isinstance(vocab, Utf8Texts):
            every = vocab.replaced(changes)  # nothing decoded
        else:
            every = cast("list[str | None]", list(vocab))
            for position, text in changes.items():
                every[position] = text
        # A trimmed text may now equal a clean one: distinct only if trimming changed nothing.
        unchanged = all(text is None or text == vocab[i] for i, text in changes.items())
        missing = [others[i] for i in looked_at.missing]
        problems = {others[i]: problem for i, problem in found.items()}
        return Texts(every, unchanged, missing), problems
    problems = {}
    kinds = set(map(type, vocab))
    if kinds <= {str, type(None)}:  # the usual case: no conversion, no test of each value's type
        texts = cast("list[str | None]", list(vocab))
        distinct = True
        if standard or empty_is_missing:
            distinct = not _trim_texts(texts, strip=standard)
        _check_texts(texts, standard, problems)
        return Texts.of(texts, distinct=distinct), problems
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
    _check_texts(texts, standard, problems)
    return Texts.of(texts, distinct=False), problems


def _trim_texts(texts: list[str | None], *, strip: bool) -> bool:
    """In place: each text stripped (if *strip*), then empty texts made ``None`` — C loops only.

    Returns whether stripping changed any text (``str.strip`` returns an unchanged text itself).
    """
    changed = False
    if strip:
        nones = _positions(texts, None)
        for position in nones:
            texts[position] = ""
        stripped = list(map(str.strip, cast("list[str]", texts)))
        changed = any(map(operator.is_not, stripped, texts))
        texts[:] = stripped
        for position in nones:
            texts[position] = None
    for position in _positions(texts, ""):
        texts[position] = None
    return changed


def _positions(values: list[str | None], wanted: str | None) -> list[int]:
    """Where *wanted* (``None`` or ``""``) stands in *values*, found by C loops."""
    if wanted is None:
        hits = map(operator.is_, values, itertools.repeat(None))
    else:
        hits = map(operator.not_, values)
    return list(itertools.compress(range(len(values)), hits))


def _check_texts(
    texts: list[str | None], standard: bool, problems: dict[int, VocabProblem]
) -> dict[int, VocabProblem]:
    """Add the texts with control characters or over the size limit to *problems*."""
    present = cast("list[str]", list(filter(None, texts)))  # "" can have no problem
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


# How the characters str.isspace() accepts, and the controls (either pattern above), begin in
# UTF-8 past ASCII: the first byte, then the ranges of the second and the third byte (0–255:
# any).  A unit test checks these against every code point.
_Pattern = tuple[int, int, int, int, int]
_SPACES_UTF8: tuple[_Pattern, ...] = (
    (0xC2, 0x85, 0x85, 0x00, 0xFF),
    (0xC2, 0xA0, 0xA0, 0x00, 0xFF),
    (0xE1, 0x9A, 0x9A, 0x80, 0x80),
    (0xE2, 0x80, 0x80, 0x80, 0x8A),
    (0xE2, 0x80, 0x80, 0xA8, 0xAF),
    (0xE2, 0x81, 0x81, 0x9F, 0x9F),
    (0xE3, 0x80, 0x80, 0x80, 0x80),
)
_CONTROLS_UTF8: tuple[_Pattern, ...] = (
    (0xC2, 0x80, 0x9F, 0x00, 0xFF),
    (0xE2, 0x80, 0x80, 0xAA, 0xAE),
    (0xE2, 0x81, 0x81, 0xA6, 0xA9),
)


def clean_values(data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which UTF-8 values ``data[starts[i]:ends[i]]`` :func:`normalize_vocab` would keep as they are.

    True for a value that is not empty, neither begins nor ends with whitespace, holds no
    control character (of either pattern) and no more than :data:`MAX_CELL_CHARS` bytes.  The
    test is on bytes, with numpy, and errs on the safe side: a value it cannot vouch for is
    left to :func:`normalize_vocab` (a unit test checks every whitespace and control character).
    *starts* must be in increasing order.
    """
    lengths = ends - starts
    clean: np.ndarray = (lengths > 0) & (lengths <= MAX_CELL_CHARS)
    if not data.size or not starts.size:  # (a buffer of no values may still hold padding)
        return clean
    # The first character, and the last: one byte (ASCII), or two or three bytes before the end
    # (positions kept inside the data: an empty value is not clean anyway).
    last = data.size - 1
    for at, patterns, ascii_below in (
        (np.minimum(starts, last), _SPACES_UTF8, 0x21),
        (np.clip(ends - 1, 0, last), (), 0x21),
        (np.clip(ends - 2, 0, last), _SPACES_UTF8[:2], 0),
        (np.clip(ends - 3, 0, last), _SPACES_UTF8[2:], 0),
    ):
        maybe = np.flatnonzero(_LEADS[data[at]])  # the few values worth a closer look
        clean[maybe[_starting(data, at[maybe], patterns, ascii_below=ascii_below)]] = False
    suspects = _suspects(data)
    if suspects.size:
        control = _starting(data, suspects, _CONTROLS_UTF8, ascii_below=0x20)
        control |= data[suspects] == 0x7F
        hits = suspects[control]
        owner = np.searchsorted(starts, hits, side="right") - 1
        inside = (owner >= 0) & (hits < ends[np.maximum(owner, 0)])
        clean[owner[inside]] = False
    return clean


def _suspects(data: np.ndarray, block: int = 1 << 16) -> np.ndarray:
    """Positions of the bytes that are, or may begin, a control character: a block at a time
    (the masks stay in the cache; three times faster than whole-buffer masks on 2.5 MB)."""
    found = []
    for start in range(0, data.size, block):
        part = data[start : start + block]
        hits = np.flatnonzero((part < 0x20) | (part == 0x7F) | (part == 0xC2) | (part == 0xE2))
        if hits.size:
            found.append(hits + start)
    return np.concatenate(found) if found else np.zeros(0, np.intp)


#: Bytes that may begin a whitespace or control character (either pattern).
_LEADS = np.zeros(256, np.bool_)
_LEADS[:0x21] = True
_LEADS[[p[0] for p in _SPACES_UTF8 + _CONTROLS_UTF8]] = True


def _starting(
    data: np.ndarray, at: np.ndarray, patterns: Sequence[_Pattern], *, ascii_below: int
) -> np.ndarray:
    """Whether a character of *patterns*, or an ASCII one below *ascii_below*, begins at *at*.

    Past the end of *data* the last byte is read again: a character that begins at *at* is
    whole in valid UTF-8, so this can only flag a value that is fine, never miss one.
    """
    last = data.size - 1
    first = data[at]
    second = data[np.minimum(at + 1, last)]
    third = data[np.minimum(at + 2, last)]
    found: np.ndarray = first < ascii_below
    for lead, low, high, third_low, third_high in patterns:
        found |= (
            (first == lead)
            & (second >= low)
            & (second <= high)
            & (third >= third_low)
            & (third <= third_high)
        )
    return found


def blank_vocab(vocab: Sequence[object]) -> np.ndarray:
    """Which distinct raw values are blank (missing, or only spaces) — for skipping empty CSV rows."""
    return np.array(
        [raw is None or (isinstance(raw, str) and not raw.strip()) for raw in vocab] + [True],
        np.bool_,
    )


def merge_columns(parts: Sequence[tuple[np.ndarray, Texts]]) -> Column:
    """One column from per-source ``(codes, texts)``: one shared vocabulary, codes remapped."""
    if len(parts) == 1:
        codes, texts = parts[0]
        values, missing = texts.values, texts.missing
        if missing in ([], [len(values) - 1]):  # the usual case: only the code for "missing"
            kept = _first_values(values, len(values) - len(missing))
            if texts.distinct or len(set(kept)) == len(kept):
                single = codes.astype(np.int32, copy=False)
                if missing and (single == missing[0]).any():
                    single = np.where(single == missing[0], MISSING, single).astype(np.int32)
                single.flags.writeable = False
                return Column(single, kept)
        else:
            present = list(map(operator.is_not, values, itertools.repeat(None)))
            kept = cast("tuple[str, ...]", tuple(itertools.compress(values, present)))
            if texts.distinct or len(set(kept)) == len(kept):  # renumber, no lookups
                mask = np.array(present, np.bool_)
                remap = np.append(np.where(mask, np.cumsum(mask) - 1, MISSING), MISSING)
                single = remap.astype(np.int32)[codes]
                single.flags.writeable = False
                return Column(single, kept)
    first_seen = dict.fromkeys(itertools.chain.from_iterable(t.values for _, t in parts))
    first_seen.pop(None, None)
    vocab = tuple(cast("dict[str, None]", first_seen))
    position: dict[str | None, int] = {text: code for code, text in enumerate(vocab)}
    position[None] = MISSING
    pieces = []
    for codes, texts in parts:
        remap = np.fromiter(
            itertools.chain(map(position.__getitem__, texts.values), [MISSING]),
            np.int32,
            len(texts.values) + 1,
        )
        pieces.append(remap[codes])
    codes = np.concatenate(pieces) if pieces else np.zeros(0, np.int32)
    codes.flags.writeable = False
    return Column(codes, vocab)


def _first_values(values: Sequence[str | None], count: int) -> Sequence[str]:
    """The first *count* values (none of them ``None``): still undecoded if they were."""
    if isinstance(values, Utf8Texts):
        return cast("Sequence[str]", values.head(count))
    return cast("tuple[str, ...]", tuple(values[:count]))


@frozen(eq=False)
class Coded:
    """A chunk of a column that arrives dictionary-encoded already: ``codes`` index ``vocab``.

    ``clean``, when the reader knows it, marks the values :func:`clean_values` vouches for
    (and then every value is text).
    """

    codes: np.ndarray
    vocab: Sequence[object]
    clean: np.ndarray | None = None


@frozen(eq=False)
class RawChunk:
    """Rows as a reader hands them over: row numbers, parsed times, raw values per column."""

    rows: np.ndarray
    times: ParsedTimes
    columns: dict[str, Sequence[object] | Coded]
