"""A column's many distinct values kept as UTF-8 bytes, made Python strings when needed.

A case column of a million rows has hundreds of thousands of distinct values.  Making
them all Python strings (a quarter of a microsecond each) is a large share of reading a
log, yet a check only groups rows by their codes: it needs the text of the few cases whose
verdicts it shows.  :class:`Utf8Texts` behaves as the sequence of those strings, read from
the bytes a reader decoded (Arrow's dictionary) one at a time when asked for one value, and
all at once, a single time, when asked for many or for a search that would read them all.

The first values are decoded one by one; past :data:`ONE_BY_ONE` of them (or a share of the
whole) the list is made, so exporting every verdict costs what the list costs, not more.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

import numpy as np

__all__ = ["ONE_BY_ONE", "Utf8Texts"]

#: Values decoded one at a time before the whole list is made (or 1/16 of them, if more).
ONE_BY_ONE = 4096


class Utf8Texts(Sequence[str | None]):
    """The UTF-8 values ``data[starts[i]:ends[i]]`` as a sequence of ``str``.

    *overrides* gives some positions another value (a trimmed text, or ``None``), and may name
    positions past the last value: the sequence is as long as *size* (default: the values).
    The bytes must be valid UTF-8 (a reader's text column).  Safe to share between threads.
    """

    def __init__(
        self,
        data: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        overrides: Mapping[int, str | None] | None = None,
        size: int | None = None,
    ) -> None:
        self._data = data
        self._starts = starts
        self._ends = ends
        self._overrides = dict(overrides or {})
        self._size = len(starts) if size is None else size
        if any(not 0 <= p < self._size for p in self._overrides) or not all(
            p in self._overrides for p in range(len(starts), self._size)
        ):
            raise ValueError("overrides must cover the positions past the values, and no others")
        self._list: list[str | None] | None = None
        self._fetched = 0
        self._lock = threading.Lock()

    @classmethod
    def from_offsets(cls, data: np.ndarray, offsets: np.ndarray) -> Utf8Texts:
        """Values as Arrow lays them out: value ``i`` is ``data[offsets[i]:offsets[i + 1]]``."""
        bounds = offsets.astype(np.int64)
        return cls(data, bounds[:-1], bounds[1:])

    # --- new sequences from this one (nothing decoded) ---------------------------------------

    def with_missing(self) -> Utf8Texts:
        """These values, then ``None``."""
        return self.replaced({self._size: None}, size=self._size + 1)

    def replaced(self, changes: Mapping[int, str | None], size: int | None = None) -> Utf8Texts:
        """These values with the positions of *changes* given other values."""
        return Utf8Texts(
            self._data,
            self._starts,
            self._ends,
            {**self._overrides, **changes},
            self._size if size is None else size,
        )

    def head(self, count: int) -> Utf8Texts:
        """The first *count* values."""
        count = max(0, min(count, self._size))
        kept = {p: v for p, v in self._overrides.items() if p < count}
        values = min(count, len(self._starts))
        return Utf8Texts(self._data, self._starts[:values], self._ends[:values], kept, count)

    def without(self, position: int) -> Utf8Texts:
        """These values with the one at *position* taken out (a value, not an override)."""
        if not 0 <= position < len(self._starts) or self._overrides:
            raise ValueError("only a plain value can be taken out")
        starts = np.delete(self._starts, position)
        ends = np.delete(self._ends, position)
        return Utf8Texts(self._data, starts, ends)

    # --- the sequence ------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> str | None: ...

    @overload
    def __getitem__(self, index: slice) -> list[str | None]: ...

    def __getitem__(self, index: int | slice) -> str | list[str | None] | None:
        made = self._list
        if made is not None:
            return made[index]
        if isinstance(index, slice):
            return self.as_list()[index]
        position = int(index)
        if position < 0:
            position += self._size
        if not 0 <= position < self._size:
            raise IndexError("Utf8Texts index out of range")
        if position in self._overrides:
            return self._overrides[position]
        self._fetched += 1
        if self._fetched > max(ONE_BY_ONE, self._size >> 4):
            return self.as_list()[position]
        return self._one(position)

    def _one(self, position: int) -> str:
        start, end = int(self._starts[position]), int(self._ends[position])
        return self._data[start:end].tobytes().decode("utf-8")

    def as_list(self) -> list[str | None]:
        """Every value as a list, made once (the same list on each call: do not change it)."""
        made = self._list
        if made is None:
            with self._lock:
                made = self._list
                if made is None:
                    made = self._decode_all()
                    self._list = made
        return made

    def _decode_all(self) -> list[str | None]:
        count = len(self._starts)
        values: list[str | None]
        contiguous = count == 0 or bool(np.array_equal(self._starts[1:], self._ends[:-1]))
        if contiguous and count:
            first, last = int(self._starts[0]), int(self._ends[-1])
            body = self._data[first:last]
            # One decode and one split (C loops), with a line feed between values, when no
            # value holds one; else value by value.
            if not np.any(body == _NEWLINE):
                joined = np.insert(body, self._starts[1:] - first, _NEWLINE)
                values = list(joined.tobytes().decode("utf-8").split("\n"))
            else:
                values = [self._one(i) for i in range(count)]
        else:
            values = [self._one(i) for i in range(count)]
        values.extend([None] * (self._size - count))
        for position, value in self._overrides.items():
            values[position] = value
        return values

    def __iter__(self) -> Iterator[str | None]:
        return iter(self.as_list())

    def __reversed__(self) -> Iterator[str | None]:
        return reversed(self.as_list())

    def __contains__(self, value: object) -> bool:
        try:
            self.index(value)
        except ValueError:
            return False
        return True

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        """The first position of *value* (searched in the bytes: nothing is decoded)."""
        stop = self._size if stop is None else stop
        start, stop, _ = slice(start, stop).indices(self._size)
        if self._list is not None:
            return self._list.index(value, start, stop)
        found = [p for p, v in self._overrides.items() if v == value and start <= p < stop]
        if isinstance(value, str):
            found.extend(self._positions(value.encode("utf-8"), start, stop))
        if not found:
            raise ValueError(f"{value!r} is not in the values")
        return min(found)

    def _positions(self, wanted: bytes, start: int, stop: int) -> list[int]:
        """Positions in ``[start, stop)``, not overridden, whose bytes are *wanted*."""
        stop = min(stop, len(self._starts))
        if start >= stop:
            return []
        lengths = self._ends[start:stop] - self._starts[start:stop]
        candidates = np.flatnonzero(lengths == len(wanted)) + start
        for offset, byte in enumerate(wanted):
            if not candidates.size:
                break
            candidates = candidates[self._data[self._starts[candidates] + offset] == byte]
        return [p for p in candidates.tolist() if p not in self._overrides]

    def count(self, value: Any) -> int:
        return self.as_list().count(value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Utf8Texts | list | tuple):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a sequence that compares by value

    def __repr__(self) -> str:
        return f"Utf8Texts({len(self)} values)"

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()


_NEWLINE = 0x0A
