"""Stable sorting of integer keys by one SIMD sort (the time order of a log's rows)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["stable_order"]

IntArray = npt.NDArray[np.int64]


def stable_order(keys: IntArray) -> IntArray:
    """The indices that sort *keys*, equal keys in index order: ``np.argsort(keys,
    kind="stable")``, by one (SIMD) sort of key and index packed into an ``int64`` when the keys'
    spread, divided by their common step (a minute, a day), leaves room for the index."""
    n = len(keys)
    if n < 2:
        return np.arange(n, dtype=np.int64)
    low = int(keys.min())
    spread = keys.astype(np.int64) - low
    step = int(np.gcd.reduce(spread))
    if step > 1:
        spread //= step
    bits = max(1, (n - 1).bit_length())
    if int(spread.max()) >= 1 << (62 - bits):
        order: IntArray = np.argsort(keys, kind="stable").astype(np.int64)
        return order
    spread <<= bits
    spread |= np.arange(n, dtype=np.int64)
    spread.sort()
    spread &= (1 << bits) - 1
    return spread
