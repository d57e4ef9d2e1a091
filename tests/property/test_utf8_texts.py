"""Laws of :class:`Utf8Texts`: read one by one, in bulk or searched, it is the list of its strings."""

from __future__ import annotations

import pickle
import threading
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkrules.engine import utf8_texts
from gkrules.engine.utf8_texts import Utf8Texts

# Line feeds (the bulk decoder's separator), CJK, astral characters, spaces and empty values.
VALUES = st.lists(
    st.text(st.sampled_from(["a", "案", "\n", "𠀀", " ", "é", "1"]), max_size=5), max_size=30
)


def _texts(values: list[str]) -> Utf8Texts:
    encoded = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(values) + 1, np.int32)
    offsets[1:] = np.cumsum([len(e) for e in encoded], dtype=np.int64)
    data = np.frombuffer(b"".join(encoded) or b"", np.uint8)
    return Utf8Texts.from_offsets(data, offsets)


def _positions(values: list[Any]) -> st.SearchStrategy[int]:
    return st.integers(-len(values) - 2, len(values) + 1)


@given(VALUES, st.data())
def test_reads_as_the_list_of_its_strings(values: list[str], data: st.DataObject) -> None:
    texts = _texts(values)
    assert len(texts) == len(values)
    for _ in range(5):  # one by one, before any bulk read
        position = data.draw(_positions(values))
        if -len(values) <= position < len(values):
            assert texts[position] == values[position]
        else:
            with pytest.raises(IndexError):
                texts[position]
    start, stop = data.draw(_positions(values)), data.draw(_positions(values))
    assert texts[start:stop] == values[start:stop]
    assert list(texts) == values
    assert list(reversed(texts)) == values[::-1]
    assert texts == values
    assert texts == tuple(values)
    assert tuple(values) == texts
    assert texts != [*values, "x"]


@given(VALUES, st.text(st.sampled_from(["a", "案", "\n", " "]), max_size=3), st.data())
def test_searches_find_what_the_list_finds(
    values: list[str], wanted: str, data: st.DataObject
) -> None:
    texts = _texts(values)
    start, stop = data.draw(_positions(values)), data.draw(_positions(values))
    try:
        expected: int | None = values.index(wanted, start, stop)
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(ValueError, match="is not in the values"):
            texts.index(wanted, start, stop)
    else:
        assert texts.index(wanted, start, stop) == expected
    assert (wanted in texts) == (wanted in values)
    assert (None in texts) is False
    assert texts.count(wanted) == values.count(wanted)


@given(VALUES, st.data())
def test_derived_sequences_are_the_derived_lists(values: list[str], data: st.DataObject) -> None:
    texts = _texts(values)
    expected: list[str | None] = [*values, None]
    missing = texts.with_missing()
    assert list(missing) == expected
    assert missing[-1] is None
    assert missing.index(None) == len(values)
    assert None in missing
    changes: dict[int, str | None] = {}
    if values:
        for _ in range(data.draw(st.integers(0, 3))):
            position = data.draw(st.integers(0, len(values) - 1))
            changes[position] = data.draw(st.sampled_from([None, "新", "a"]))
    changed = missing.replaced(changes)
    for position, value in changes.items():
        expected[position] = value
    assert list(changed) == expected
    assert [changed[i] for i in range(len(expected))] == expected
    for wanted in ("新", "a", None):
        assert (wanted in changed) == (wanted in expected)
        if wanted in expected:
            assert changed.index(wanted) == expected.index(wanted)
    count = data.draw(st.integers(-1, len(expected) + 1))
    assert list(changed.head(count)) == expected[: max(0, count)]
    if values:
        position = data.draw(st.integers(0, len(values) - 1))
        assert list(texts.without(position)) == values[:position] + values[position + 1 :]


def test_overrides_must_cover_the_positions_past_the_values() -> None:
    texts = _texts(["a"])
    with pytest.raises(ValueError, match="must cover"):
        Utf8Texts(texts._data, texts._starts, texts._ends, {}, size=2)
    with pytest.raises(ValueError, match="must cover"):
        texts.replaced({5: None})
    with pytest.raises(ValueError, match="only a plain value"):
        texts.with_missing().without(0)


def test_many_single_reads_make_the_list_once() -> None:
    values = [f"案{i}" for i in range(100)]
    texts = _texts(values)
    with mock.patch.object(utf8_texts, "ONE_BY_ONE", 10):
        assert [texts[i] for i in range(10)] == values[:10]
        assert texts._list is None  # still decoding one at a time
        assert texts[10] == values[10]
    made = texts._list
    assert made == values
    assert texts.as_list() is made


@settings(max_examples=20)
@given(VALUES)
def test_a_pickled_copy_and_threads_read_the_same(values: list[str]) -> None:
    texts = _texts(values).with_missing()
    copy = pickle.loads(pickle.dumps(texts))
    assert list(copy) == list(texts)
    fresh = _texts(values)
    lists: list[object] = []
    threads = [threading.Thread(target=lambda: lists.append(fresh.as_list())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(made is lists[0] for made in lists)
    assert lists[0] == values
