"""Columns of a log: distinct values checked in bulk, and merged into one vocabulary."""

from __future__ import annotations

import re
import sys

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from gkrules.engine.log_columns import (
    MAX_CELL_CHARS,
    Texts,
    _suspects,
    clean_values,
    merge_columns,
    normalize_vocab,
)

# Every code point normalize_vocab treats specially: whitespace (str.strip) and controls.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SPECIAL = [
    chr(c)
    for c in range(sys.maxunicode + 1)
    if not 0xD800 <= c <= 0xDFFF and (chr(c).isspace() or _CONTROL.match(chr(c)))
]


def _clean(values: list[str]) -> list[bool]:
    encoded = [v.encode("utf-8") for v in values]
    ends = np.cumsum([len(b) for b in encoded], dtype=np.int64)
    starts = ends - [len(b) for b in encoded]
    data = np.frombuffer(b"".join(encoded), np.uint8)
    return clean_values(data, starts, ends).tolist()


def test_clean_values_never_vouches_for_whitespace_or_controls() -> None:
    assert len(SPECIAL) > 60
    for where in ("{}a", "a{}", "a{}b", "{}", "中{}", "{}中", "中{}文"):
        values = [where.format(c) for c in SPECIAL]
        flagged = [v for v, ok in zip(values, _clean(values), strict=True) if ok and v != v.strip()]
        assert flagged == []
        hidden = [
            v for v, ok in zip(values, _clean(values), strict=True) if ok and _CONTROL.search(v)
        ]
        assert hidden == []


def test_clean_values_vouches_for_ordinary_text() -> None:
    ordinary = [
        "收到申请",
        "《办法》",
        "“引号”",
        "a b",
        "U-1",
        "x" * MAX_CELL_CHARS,
        "€",
        "〔2021〕",
    ]
    assert _clean(ordinary) == [True] * len(ordinary)
    assert _clean(["", "x" * (MAX_CELL_CHARS + 1), " a", "a ", "a\u3000", "\xa0a"]) == [False] * 6
    assert _clean(["a", ""]) == [True, False]  # an empty value at the very end of the data
    assert _clean(["", ""]) == [False, False]
    assert _clean([]) == []


def test_clean_values_looks_only_inside_each_value() -> None:
    data = np.frombuffer(b"ab\x07cd\nef", np.uint8)
    starts = np.array([0, 3, 6], np.int64)
    ends = np.array([2, 5, 8], np.int64)  # the control and the line break lie between values
    assert clean_values(data, starts, ends).tolist() == [True, True, True]
    assert clean_values(data, starts[:1], np.array([3], np.int64)).tolist() == [False]


@given(data=st.binary(max_size=300), block=st.integers(1, 70))
def test_suspect_bytes_are_found_in_every_block(data: bytes, block: int) -> None:
    """The bytes that may begin a control character, looked for a block at a time, are those
    the whole buffer holds, in order (one just before or after a block's edge included)."""
    values = np.frombuffer(data, np.uint8)
    expected = [i for i, b in enumerate(data) if b < 0x20 or b in (0x7F, 0xC2, 0xE2)]
    assert _suspects(values, block).tolist() == expected


def test_a_control_character_at_a_block_edge_is_not_vouched_for() -> None:
    starts = np.arange(0, 140_000, 100, dtype=np.int64)  # values of 100 bytes
    for at in (65_535, 65_536, 65_537, 131_071):
        text = bytearray(b"a" * 140_000)
        text[at] = 0x07
        clean = clean_values(np.frombuffer(bytes(text), np.uint8), starts, starts + 100)
        assert np.flatnonzero(~clean).tolist() == [at // 100]


def test_normalize_vocab_with_clean_values_looks_only_at_the_others() -> None:
    vocab = ["a", " a", "b\x07", "", "c", None]
    clean = np.array([True, False, False, False, True, False])
    texts, problems = normalize_vocab(vocab, standard=True, empty_is_missing=True, clean=clean)
    plain, plain_problems = normalize_vocab(vocab, standard=True, empty_is_missing=True)
    assert texts.values == plain.values == ["a", "a", None, None, "c", None]
    assert texts.missing == plain.missing == [2, 3, 5]
    assert problems == plain_problems
    assert list(problems) == [2]
    assert not texts.distinct  # " a" became "a"
    assert not plain.distinct
    kept, _ = normalize_vocab(
        ["a", "b", None], standard=True, empty_is_missing=True, clean=np.array([1, 1, 0], bool)
    )
    assert kept.distinct
    assert kept.missing == [2]


def test_merge_columns_keeps_codes_and_first_seen_order() -> None:
    codes = np.array([0, 1, -1, 2, 0], np.int32)
    column = merge_columns([(codes, Texts(["x", "y", None], True, [2]))])
    assert column.vocab == ("x", "y")
    assert column.codes.tolist() == [0, 1, -1, -1, 0]
    merged = merge_columns([(codes, Texts.of(["x", "x", "z"], distinct=False))])  # trimmed alike
    assert merged.vocab == ("x", "z")
    assert merged.codes.tolist() == [0, 0, -1, 1, 0]
    gap = merge_columns([(codes, Texts.of(["x", None, "z"], distinct=True))])
    assert gap.vocab == ("x", "z")
    assert gap.codes.tolist() == [0, -1, -1, 1, 0]
    two = merge_columns(
        [
            (codes[:2], Texts.of(["b", "a"], distinct=True)),
            (np.array([1, 0], np.int32), Texts.of(["a", "c"], distinct=True)),
        ]
    )
    assert two.vocab == ("b", "a", "c")
    assert two.codes.tolist() == [0, 1, 2, 1]
