"""Matching triggers to fulfilments in their groups (C11), for every group at once.

An instance (trigger) starting at ``t_lo`` is fulfilled by a row of its group ending at or after
it (``f_hi >= t_lo``).  Both matchings here pack group and time into one integer key per row
(:func:`time_keys`), so that one stable sort of the fulfilments and one ``searchsorted`` of the
instances find, for each instance, the earliest fulfilment of its group that ends no earlier than
it starts.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from gkrules.engine.ordering import stable_order

__all__ = ["match_first", "match_one_to_one", "time_keys"]

IntArray = npt.NDArray[np.int64]

#: Keys stay below this (``group * width + rank`` in an ``int64`` with room to spare).
_KEY_LIMIT = 1 << 62


def time_keys(
    t_lo: IntArray, t_group: IntArray, f_hi: IntArray, f_group: IntArray
) -> tuple[IntArray, IntArray]:
    """Search keys of instances and sort keys of fulfilments, each ``group * width + rank``.

    In one group, ``f_key >= t_key`` exactly when ``f_hi >= t_lo``; fulfilment keys follow their
    ends, equal only for equal ends (or for ends before every start, which no instance takes).
    Group codes of fulfilments are ``>= 0``; an instance of group ``-1`` gets a key below every
    fulfilment's.

    The rank of a time is, when it can be, its step on the instances' grid (the common step of
    their starts, a minute or a day, counted from the earliest): no sort.  That keeps fulfilment
    ends apart when they all stand at the same place within their steps (every end on the grid,
    or every end the last microsecond of a day on a grid of days), and the keys must fit in
    62 bits.  Otherwise a rank is the place among the fulfilments' distinct ends (a sort).
    """
    t_lo = np.asarray(t_lo, np.int64)
    f_hi = np.asarray(f_hi, np.int64)
    groups = 1 + max(
        int(f_group.max()) if len(f_group) else 0, int(t_group.max()) if len(t_group) else 0
    )
    on_grid = _grid_ranks(t_lo, f_hi, groups) if len(t_lo) and len(f_hi) else None
    if on_grid is not None:
        t_rank, f_rank, width = on_grid
    else:
        levels = np.unique(f_hi)
        width = len(levels) + 1
        t_rank = np.searchsorted(levels, t_lo, side="left")
        f_rank = np.searchsorted(levels, f_hi)
    t_key = t_group.astype(np.int64) * width + t_rank
    f_key = f_group.astype(np.int64) * width + f_rank
    return t_key, f_key


def _grid_ranks(
    t_lo: IntArray, f_hi: IntArray, groups: int
) -> tuple[IntArray, IntArray, int] | None:
    """Ranks of instance starts and fulfilment ends by the starts' common step (see
    :func:`time_keys`), and the width of a group's ranks; ``None`` when they cannot serve.

    With every start ``base + k * step``, an end ``f`` is at or after the start ``k`` exactly when
    ``floor((f - base) / step) >= k``.  Ends before ``base`` are after no start: rank 0.
    """
    base = int(t_lo.min())
    step = int(np.gcd.reduce(t_lo - base))
    if step == 0:  # every start the same instant
        step = 1
    ahead = f_hi - base
    bucket = ahead // step
    after = ahead >= 0
    within = ahead[after] - bucket[after] * step
    if within.size and not (within == within[0]).all():
        return None  # two different ends could share a step
    top = max(int(bucket.max()), int((t_lo.max() - base) // step))
    width = top + 2
    if groups * width >= _KEY_LIMIT:
        return None
    t_rank = (t_lo - base) // step + 1
    f_rank = np.maximum(bucket, -1) + 1
    return t_rank, f_rank, width


def match_first(
    t_lo: IntArray, group: IntArray, f_hi: IntArray, f_group: IntArray, f_rows: IntArray
) -> IntArray:
    """For each instance, the row (of *f_rows*) of the earliest fulfilment of its group ending at
    or after it starts (-1: none; several instances may share one).  Ties in end keep the given
    order.  *f_group* codes are >= 0."""
    result = np.full(len(t_lo), -1, dtype=np.int64)
    if not len(f_rows) or not len(t_lo):
        return result
    t_key, f_key = time_keys(t_lo, group, f_hi, f_group)
    order = stable_order(f_key)
    f_key, f_group, f_rows = f_key[order], f_group[order], f_rows[order]
    position = np.searchsorted(f_key, t_key, side="left")
    inside = position < len(f_key)
    position = np.minimum(position, len(f_key) - 1)
    same = inside & (f_group[position] == group) & (group >= 0)
    result[same] = f_rows[position[same]]
    return result


def match_one_to_one(
    t_lo: IntArray, group: IntArray, f_hi: IntArray, f_group: IntArray, f_rows: IntArray
) -> IntArray:
    """One fulfilment per instance (一对一, C11): in each group, instances in order take the
    earliest fulfilment not taken yet that ends no earlier than the instance starts (-1: none).

    The greedy walk "skip fulfilments ending before the instance; take the next" is, for the
    k-th instance of a group, pointer p_k = max(p_{k-1} + 1, L_k) with L_k the first fulfilment
    ending at or after its start; so p_k = k + max_{j<=k}(L_j - j): a running maximum per group,
    computed for every group at once.  *f_group* codes are >= 0.
    """
    result = np.full(len(t_lo), -1, dtype=np.int64)
    has = np.flatnonzero(group >= 0)
    if not len(f_rows) or not len(has):
        return result
    inst = has[stable_order(group[has])]  # by group, then instance order
    g = group[inst].astype(np.int64)
    t_key, f_key = time_keys(t_lo[inst], g, f_hi, f_group)
    order = stable_order(f_key)  # by group, then end; ties keep the given order
    f_key, f_group, f_rows = f_key[order], f_group[order], f_rows[order]
    start = np.searchsorted(f_group, g, side="left")
    count = np.searchsorted(f_group, g, side="right") - start
    first = np.searchsorted(f_key, t_key, side="left")
    new_group = np.concatenate(([True], g[1:] != g[:-1]))
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(len(g)), 0))
    k = np.arange(len(g)) - group_start
    rank = np.cumsum(new_group) - 1
    spread = 2 * (len(f_rows) + len(g) + 2)
    running = np.maximum.accumulate(first - start - k + rank * spread) - rank * spread
    pointer = k + running
    taken = pointer < count
    result[inst[taken]] = f_rows[(start + pointer)[taken]]
    return result
