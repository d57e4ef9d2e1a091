"""CSV cells as bytes: a block of plain lines split into cells, each column encoded, with numpy.

The standard reader hands a block of whole lines here whose records each fill one line: no
quotes, or only plain ones (:func:`plain_quotes`: quoted fields that open at a field's start
and close at its end on the same line, doubling the quotes inside).  :func:`split_cells`
finds every delimiter outside quotes with numpy and checks that each line has one cell per
column; a :class:`CellEncoder` then gives each value of a column its code — the position
of the value in the column's vocabulary, in order of first appearance — without a Python
object per cell:

- An empty cell is missing: code ``-1``.
- A cell of up to 64 bytes is read as 64-bit words (bytes past its end zeroed) and hashed.
  A hash already known gives the code of the value first seen with it; the words are then
  compared with that value's, so two values sharing a hash are never confused (a cell that
  differs is looked up by its text instead).  Hashes live in an open-addressing table.
- A value whose hash is new becomes Python text once; so does a longer cell, or a quoted one
  with doubled quotes, looked up in the column's dictionary of texts (which also holds the
  values of records the ``csv`` module read, and is built only once a value must be looked
  up by its text).  A quoted value without doubled quotes is just the bytes between them.

New values are decoded in bulk and checked with :func:`~.log_columns.clean_values`, so that
normalizing the vocabulary later looks in Python only at the values that may need it.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Sequence

import numpy as np
from attrs import frozen

from gkrules.engine.log_columns import clean_values

__all__ = ["CellEncoder", "Cells", "longest_line", "plain_quotes", "split_cells"]

#: Cells up to this many bytes are hashed as words; longer ones are looked up as text.
WORD_BYTES = 64
_WORDS = WORD_BYTES // 8
_QUOTE, _COMMA, _LF, _CR = 34, 44, 10, 13
#: ``_KEEP[w][n]`` keeps the bytes of word *w* that lie within the first *n* bytes of a value.
_KEEP = np.array(
    [
        [(1 << (8 * min(max(n - 8 * w, 0), 8))) - 1 for n in range(WORD_BYTES + 1)]
        for w in range(_WORDS)
    ],
    np.uint64,
)
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))
#: An odd multiplier per word position, so that the same word counts differently at each.
_POSITION = np.array(
    [(0x9E3779B97F4A7C15 + 2 * n * 0x632BE59BD9B4E019) % 2**64 for n in range(_WORDS)], np.uint64
)


@frozen(eq=False)
class Cells:
    """A block split into cells: ``data`` (the block's UTF-8 bytes, zero-padded), ``ends``,
    where each cell ends (its delimiter): ``ends[column, row]``, and where the block's double
    quotes are (``None`` if it has none)."""

    data: np.ndarray
    ends: np.ndarray
    quotes: np.ndarray | None = None

    @property
    def rows(self) -> int:
        return int(self.ends.shape[1])

    def column(self, column: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Where the values of *column* start, row by row, how many bytes they have, and which
        hold doubled quotes (``None``: none does).

        A quoted cell's value is what lies between its quotes, each doubled quote in it one.
        """
        ends = self.ends[column]
        if column:
            starts = self.ends[column - 1] + 1
        else:  # after the line break that ends the line before
            starts = np.empty_like(ends)
            starts[:1] = 0
            starts[1:] = self.ends[-1, :-1] + 1
        lengths = ends - starts
        if self.quotes is None:
            return starts, lengths, None
        quoted = np.flatnonzero(self.data[starts] == _QUOTE)
        if not quoted.size:
            return starts, lengths, None
        inside = np.searchsorted(self.quotes, ends[quoted]) - np.searchsorted(
            self.quotes, starts[quoted]
        )
        starts[quoted] += 1
        lengths[quoted] -= 2
        doubled = np.zeros(ends.size, np.bool_)
        doubled[quoted] = inside > 2
        return starts, lengths, doubled if doubled.any() else None

    def text(self, column: int, row: int) -> str:
        starts, lengths, doubled = self.column(column)
        text = _decode(self.data, int(starts[row]), int(lengths[row]))
        return text.replace('""', '"') if doubled is not None and doubled[row] else text


def split_cells(body: bytes, width: int, *, quoted: bool = False) -> Cells | None:
    """The cells of *body* (UTF-8 lines, each ending in ``\\n``), or ``None`` unless every line
    has exactly *width* cells — and, if *body* has double quotes (*quoted*), unless they are
    all :func:`plain_quotes`."""
    data = np.frombuffer(body + bytes(WORD_BYTES), np.uint8)
    text = data[: len(body)]
    ends = np.flatnonzero((text == _COMMA) | (text == _LF)).astype(np.int32)
    quotes = None
    if quoted:
        if not plain_quotes(text):
            return None
        quotes = np.flatnonzero(text == _QUOTE).astype(np.int32)
        ends = ends[np.searchsorted(quotes, ends) % 2 == 0]  # not between a field's quotes
    if ends.size % width:
        return None
    breaks = text[ends] == _LF
    lines = ends.size // width
    if np.count_nonzero(breaks) != lines or not breaks[width - 1 :: width].all():
        return None  # a line with too many or too few cells
    return Cells(data, np.ascontiguousarray(ends.reshape(lines, width).T), quotes)


def plain_quotes(data: np.ndarray) -> bool:
    """Whether the ``csv`` module reads the double quotes in *data* as quoted fields on one line.

    True when every double quote belongs to a quoted field that stays on one line: it opens
    at the start of a field, closes at its end, and a quote inside is doubled — and no line is
    longer than the ``csv`` module's field limit (past which it reports an error).  Paired in
    order of appearance, quotes ``2k`` and ``2k+1`` enclose a run of quoted text; a quote right
    after the previous run's closing quote is a doubled quote, not a new field.  Then a field
    is read the same by the ``csv`` module, by Arrow, and by :class:`Cells`.
    """
    size = data.size
    quotes = np.flatnonzero(data == _QUOTE)
    if quotes.size % 2:
        return False
    opens, closes = quotes[0::2], quotes[1::2]
    doubled = np.zeros(opens.size, np.bool_)
    doubled[1:] = opens[1:] == closes[:-1] + 1
    before = data[np.maximum(opens - 1, 0)]
    at_start = (opens == 0) | (before == _COMMA) | (before == _LF) | (before == _CR)
    after = data[np.minimum(closes + 1, size - 1)]
    at_end = (closes == size - 1) | (after == _COMMA) | (after == _LF) | (after == _CR)
    at_end[:-1] |= doubled[1:]
    if not ((at_start | doubled).all() and at_end.all()):
        return False
    breaks = np.flatnonzero((data == _LF) | (data == _CR))
    if (np.searchsorted(breaks, opens) != np.searchsorted(breaks, closes)).any():
        return False
    return longest_line(data, breaks) <= csv.field_size_limit()


def longest_line(data: np.ndarray, breaks: np.ndarray | None = None) -> int:
    """The length in bytes of the longest line of *data* (*breaks*: where its line breaks are)."""
    if breaks is None:
        breaks = np.flatnonzero((data == _LF) | (data == _CR))
    return int(np.diff(breaks, prepend=-1, append=data.size).max(initial=0))


class CellEncoder:
    """The codes of one column, block after block, and the column's vocabulary."""

    def __init__(self) -> None:
        self.vocab: list[str] = []
        # Texts to codes, built only when a value is looked up by its text: until then every
        # value came through its hash, so a new hash is a new value.
        self._index: dict[str, int] | None = None
        self._clean: list[np.ndarray] = []
        self._table = _HashTable()
        # Per code: its value's words (word by word) and length in bytes (-1 until hashed).
        self._words = np.zeros((_WORDS, 1024), np.uint64)
        self._lengths = np.full(1024, -1, np.int64)

    @property
    def clean(self) -> np.ndarray:
        """Which values of :attr:`vocab` :func:`~.log_columns.clean_values` vouches for."""
        return np.concatenate(self._clean) if self._clean else np.zeros(0, np.bool_)

    @property
    def index(self) -> dict[str, int]:
        if self._index is None:
            self._index = dict(zip(self.vocab, range(len(self.vocab)), strict=True))
        return self._index

    def encode_texts(self, values: Sequence[str]) -> np.ndarray:
        """Codes for cells given as text (records the ``csv`` module read)."""
        index = self.index
        news = [v for v in dict.fromkeys(values) if v and v not in index]
        self._add(news, np.zeros(len(news), np.bool_))
        return np.fromiter(map(index.get, values, itertools.repeat(-1)), np.int32, len(values))

    def encode_cells(
        self,
        data: np.ndarray,
        starts: np.ndarray,
        lengths: np.ndarray,
        doubled: np.ndarray | None = None,
    ) -> np.ndarray:
        """Codes for one column's values in a block (see :meth:`Cells.column`)."""
        codes = np.full(starts.size, -1, np.int32)
        filled = np.flatnonzero(lengths)
        lone = []  # cells looked up by their text
        if doubled is not None:  # a value with doubled quotes is not its bytes: look up its text
            lone.append(filled[doubled[filled]])
            filled = filled[~doubled[filled]]
        is_short = lengths[filled] <= WORD_BYTES
        short = filled[is_short] if not is_short.all() else filled
        lone.append(filled[~is_short])
        leaders = np.zeros(0, np.int64)  # positions in `short` of the first cell of a new value
        if short.size:
            cell_starts, cell_lengths = starts[short], lengths[short]
            words = _words(data, cell_starts, cell_lengths)
            hashes = _hash(words, cell_lengths)
            found = self._table.find(hashes)
            same = (found >= 0) & (self._lengths[found] == cell_lengths)
            same &= _same_words(words, None, self._words, found)
            codes[short[same]] = found[same]
            lone.append(short[(found >= 0) & ~same])
            fresh = np.flatnonzero(found < 0)
            members, firsts = _first_of_each(hashes[fresh])
            members, firsts = fresh[members], fresh[firsts]
            alike = cell_lengths[members] == cell_lengths[firsts]
            alike &= _same_words(words, members, words, firsts)
            lone.append(short[members[~alike]])
            leaders = np.sort(firsts[members == firsts])
        cells = np.sort(np.concatenate([short[leaders], *lone]))
        if cells.size:
            texts, clean = _decode_many(data, starts[cells], lengths[cells])
            if doubled is not None:
                for position in np.flatnonzero(doubled[cells]).tolist():
                    texts[position] = texts[position].replace('""', '"')
                    clean[position] = False
            if cells.size == leaders.size and (
                self._index is None or not any(map(self._index.__contains__, texts))
            ):
                # Only new hashes, each cell alike its first, no text known: numbered in order.
                self._add(texts, clean)
                codes[cells] = np.arange(len(self.vocab) - len(texts), len(self.vocab))
            else:  # look each text up (new ones numbered in order of appearance)
                index, first = self.index, len(self.vocab)
                news: list[str] = []
                news_at: list[int] = []
                found_codes = []
                for position, text in enumerate(texts):
                    code = index.get(text)
                    if code is None:
                        code = index[text] = first + len(news)
                        news.append(text)
                        news_at.append(position)
                    found_codes.append(code)
                self._add(news, clean[news_at])
                codes[cells] = found_codes
        if leaders.size:
            new = codes[short[leaders]]
            self._table.add(hashes[leaders], new)
            unset = self._lengths[new] < 0
            self._words[: len(words), new[unset]] = np.take(words, leaders[unset], axis=1)
            self._lengths[new[unset]] = cell_lengths[leaders[unset]]
            codes[short[members[alike]]] = codes[short[firsts[alike]]]
        return codes

    def _add(self, texts: Sequence[str], clean: np.ndarray) -> int:
        """Append new values; return the code of the first."""
        code = len(self.vocab)
        if self._index is not None:
            self._index.update(zip(texts, range(code, code + len(texts)), strict=True))
        self.vocab.extend(texts)
        self._clean.append(clean.astype(np.bool_))
        if len(self.vocab) > self._lengths.size:  # grow the per-code arrays, doubling
            room = 2 * len(self.vocab)
            lengths = np.full(room, -1, np.int64)
            lengths[: self._lengths.size] = self._lengths
            words = np.zeros((_WORDS, room), np.uint64)
            words[:, : self._words.shape[1]] = self._words
            self._lengths, self._words = lengths, words
        return code


def _same_words(
    words: np.ndarray, at: np.ndarray | None, stored: np.ndarray, stored_at: np.ndarray
) -> np.ndarray:
    """Whether the values *at* (all if ``None``) of *words* have the words of the values
    *stored_at* of *stored* (both word by word; *stored* may hold more words)."""
    equal = np.ones(stored_at.size, np.bool_)
    for word in range(len(words)):
        mine = words[word] if at is None else words[word][at]
        equal &= mine == stored[word][stored_at]
    return equal


def _first_of_each(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each position of *hashes*: itself, and the first position holding the same hash."""
    order = np.argsort(hashes)
    ranked = hashes[order]
    head = np.ones(order.size, np.bool_)
    head[1:] = ranked[1:] != ranked[:-1]
    starts = np.flatnonzero(head)
    if not starts.size:
        return order, order
    first = np.minimum.reduceat(order, starts)
    return order, first[np.cumsum(head) - 1]


class _HashTable:
    """64-bit hashes (never 0) to codes: open addressing, linear probing, half full at most."""

    def __init__(self, bits: int = 10) -> None:
        self.bits = bits
        self.keys = np.zeros(1 << bits, np.uint64)
        self.values = np.full(1 << bits, -1, np.int32)
        self.count = 0

    def _slots(self, hashes: np.ndarray) -> np.ndarray:
        return (hashes >> np.uint64(64 - self.bits)).astype(np.intp)

    def find(self, hashes: np.ndarray) -> np.ndarray:
        """The code of each hash, ``-1`` for hashes not in the table."""
        found = np.full(hashes.size, -1, np.int32)
        at = np.arange(hashes.size)
        slots = self._slots(hashes)
        mask = self.keys.size - 1
        while at.size:
            keys = self.keys[slots]
            hit = keys == hashes[at]
            found[at[hit]] = self.values[slots[hit]]
            on = ~hit & (keys != 0)
            at, slots = at[on], (slots[on] + 1) & mask
        return found

    def add(self, hashes: np.ndarray, codes: np.ndarray) -> None:
        """Enter new, distinct *hashes* with their *codes*."""
        if 2 * (self.count + hashes.size) > self.keys.size:  # grow to a quarter full
            present = np.flatnonzero(self.keys)
            old_keys, old_values = self.keys[present], self.values[present]
            self.bits = max(self.bits, int(4 * (self.count + hashes.size)).bit_length())
            self.keys = np.zeros(1 << self.bits, np.uint64)
            self.values = np.full(1 << self.bits, -1, np.int32)
            self.count = 0
            self.add(old_keys, old_values)
        self.count += hashes.size
        at = np.arange(hashes.size)
        slots = self._slots(hashes)
        mask = self.keys.size - 1
        claims = np.empty(self.keys.size, np.intp)
        while at.size:
            free = self.keys[slots] == 0
            claimed, by = slots[free], at[free]
            claims[claimed] = by  # of several claims to one slot, one stands
            won = claims[claimed] == by
            self.keys[claimed[won]] = hashes[by[won]]
            self.values[claimed[won]] = codes[by[won]]
            rest = self.keys[slots] != hashes[at]
            at, slots = at[rest], (slots[rest] + 1) & mask


def _words(data: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Each cell's bytes as 64-bit words, as many as the longest cell needs, zeroed past its end:
    ``words[word, cell]``."""
    count = int(lengths.max(initial=0) + 7) // 8
    windows = np.lib.stride_tricks.sliding_window_view(data, count * 8)
    words = np.ascontiguousarray(windows[starts].view(np.uint64).T)
    shortest = int(lengths.min(initial=0))
    for word in range(count):
        if (word + 1) * 8 > shortest:  # some cell ends before this word does
            words[word] &= _KEEP[word][lengths]
    return words


def _hash(words: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row of *words* and its length; words of zero add nothing, so the
    hash of a value does not depend on how many words its block needed."""
    hashes = lengths.astype(np.uint64) * _MIX[0]
    mixed = np.empty_like(hashes)
    shifted = np.empty_like(hashes)
    for column in range(len(words)):
        np.multiply(words[column], _POSITION[column], out=mixed)
        np.right_shift(mixed, np.uint64(31), out=shifted)
        mixed ^= shifted
        mixed *= _MIX[1]
        hashes += mixed
    np.right_shift(hashes, np.uint64(29), out=shifted)
    hashes ^= shifted
    hashes *= _MIX[2]
    hashes |= np.uint64(1)  # never 0, the hash table's mark of an empty slot
    return hashes


def _decode(data: np.ndarray, start: int, length: int) -> str:
    return data[start : start + length].tobytes().decode("utf-8", "surrogatepass")


def _decode_many(
    data: np.ndarray, starts: np.ndarray, lengths: np.ndarray
) -> tuple[list[str], np.ndarray]:
    """Cells as Python text, decoded at once (joined by line breaks, which no cell holds), and
    which of them :func:`~.log_columns.clean_values` vouches for."""
    if not starts.size:
        return [], np.zeros(0, np.bool_)
    steps = (lengths + 1).astype(np.int32)
    ends = np.cumsum(steps, dtype=np.int32)
    begins = ends - steps
    picks = np.arange(int(ends[-1]), dtype=np.int32) + np.repeat(starts - begins, steps)
    joined = data[picks]
    gaps = begins + lengths
    joined[gaps] = 0x20  # between values: nothing for clean_values to look into
    clean = clean_values(joined, begins, gaps)
    joined[gaps] = _LF
    texts = joined[:-1].tobytes().decode("utf-8", "surrogatepass").split("\n")
    return texts, clean
