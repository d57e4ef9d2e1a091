"""Clocked working-day deadlines (C9) for many instances at once, with numpy.

The scalar :func:`~gkrules.calendar.clock.clock_deadline` answers every case (and explains it);
this module answers the common one in closed form over the calendar's cumulative working-day
counts: a working-day period, any pauses and restarts, at most one extension, and every event in
the instance's window already known at the evaluation instant.  :func:`window` says which
instances qualify; the caller sends the others, and any instance whose clock ends on a
provisional day, to the scalar path, so both paths give the same answers.

A pause's start day still counts and counting resumes the day after its end day (C9).  With base
day *b* and budget *n*, merged pause *i* (start day *s*, end day *e*) applies when the working
days in (b, max(s, b)] are fewer than *n* plus the days paused by the pauses before it; those
that apply form a prefix, and the last day is working day ``n + paused`` after *b*.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from attrs import frozen

if TYPE_CHECKING:
    from gkrules.calendar.core import WorkdayCalendar

__all__ = ["END", "EXTENSION", "RESTART", "START", "ClockEvents", "Windowed", "solve", "window"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Kinds of clock events; pause starts sort before pause ends at the same instant.
START, END, RESTART, EXTENSION = 0, 1, 2, 3
_DAY = "datetime64[D]"
_OPEN = 10**7  # a pause not yet ended: later than every calendar day
_SPAN = 10**8  # keeps running maxima of different instances apart


@frozen
class ClockEvents:
    """Every clock event of a rule, flat, sorted by (group, lo, kind, row)."""

    group: IntArray
    lo: IntArray
    hi: IntArray
    row: IntArray
    kind: npt.NDArray[np.int8]
    slot: npt.NDArray[np.int8]  # which of the rule's clock roles found it (a pause pair: two)

    @classmethod
    def build(
        cls,
        group: IntArray,
        row: IntArray,
        kind: npt.NDArray[np.int8],
        slot: npt.NDArray[np.int8],
        lo: IntArray,
        hi: IntArray,
    ) -> ClockEvents:
        e_lo, e_hi = lo[row], hi[row]
        order = np.lexsort((row, slot, kind, e_lo, group))
        return cls(group[order], e_lo[order], e_hi[order], row[order], kind[order], slot[order])

    def clocked_groups(self) -> IntArray:
        """The groups whose clock may pause, restart or be extended (a lone pause end does not)."""
        return np.unique(self.group[self.kind != END])

    def of_group(self, group: int) -> slice:
        """The positions of *group*'s events."""
        first = int(np.searchsorted(self.group, group, side="left"))
        return slice(first, int(np.searchsorted(self.group, group, side="right")))


@frozen
class Windowed:
    """What the vector path needs of each instance's clock events (inside its window)."""

    ok: BoolArray  # the instance qualifies for the vector path
    start_day: IntArray  # epoch day counting starts from: the trigger's, or the last restart's
    base: IntArray  # the day before the first counted one (C1)
    stop_day: IntArray  # the first day an open pause does not count (else the start day)
    extension_live: BoolArray  # the extension is not superseded by a later restart
    pause_of: IntArray  # per merged pause, in time order: the instance it belongs to
    pause_start: IntArray  # epoch day the pause began (still counted)
    pause_end: IntArray  # epoch day it ended (_OPEN: not yet)
    extension_row: IntArray  # table row of the one extension (-1: none)
    extension_lo: IntArray  # when it was notified (µs)


def window(
    events: ClockEvents,
    group: IntArray,
    t_lo: IntArray,
    bound: IntArray,
    day: IntArray,
    trigger_day: IntArray,
    count_start_day: bool,
    as_of_us: int,
) -> Windowed:
    """Join each instance (its group, trigger ``lo``, window end) with its clock events.

    Mirrors the scalar path: events with ``hi >= t_lo`` and ``lo <= bound`` belong to the
    instance; the last restart after the trigger starts the count afresh and supersedes the
    extensions notified before it; pause starts and ends are paired in time order (a start while
    one is open, an end while none is, are ignored); a pause that ended on the day it began, or by
    the base day, is dropped.  *day* maps table rows to their epoch day.
    """
    m = len(group)
    left = np.searchsorted(events.group, group, side="left")
    right = np.searchsorted(events.group, group, side="right")
    counts = (right - left).astype(np.int64)
    total = int(counts.sum())
    iid = np.repeat(np.arange(m, dtype=np.int64), counts)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    pos = np.repeat(left.astype(np.int64), counts) + offsets
    inside = (events.hi[pos] >= t_lo[iid]) & (events.lo[pos] <= bound[iid])
    iid, pos = iid[inside], pos[inside]
    kind, e_lo, e_row = events.kind[pos], events.lo[pos], events.row[pos]

    ok = np.ones(m, dtype=bool)
    ok[iid[e_lo > as_of_us]] = False

    start_day = trigger_day.copy()
    restart_lo = np.full(m, np.iinfo(np.int64).min, dtype=np.int64)
    restarts = np.flatnonzero((kind == RESTART) & (e_lo > t_lo[iid]))
    if len(restarts):  # in (instance, time) order: the last of each instance counts
        r_iid = iid[restarts]
        last = restarts[np.r_[r_iid[1:] != r_iid[:-1], True]]
        start_day[iid[last]] = day[e_row[last]]
        restart_lo[iid[last]] = e_lo[last]
    base = start_day - 1 if count_start_day else start_day

    is_ext = kind == EXTENSION
    ok &= np.bincount(iid[is_ext], minlength=m) <= 1
    extension_row = np.full(m, -1, dtype=np.int64)
    extension_lo = np.zeros(m, dtype=np.int64)
    extension_row[iid[is_ext]] = e_row[is_ext]
    extension_lo[iid[is_ext]] = e_lo[is_ext]
    extension_live = (extension_row >= 0) & (extension_lo >= restart_lo)

    is_pause = (kind == START) | (kind == END)
    p_iid, p_kind, p_row = iid[is_pause], kind[is_pause], e_row[is_pause]
    same = np.r_[False, p_iid[1:] == p_iid[:-1]]
    prev_start = same & np.r_[False, p_kind[:-1] == START]
    effective = np.where(p_kind == START, ~prev_start, prev_start)
    p_iid, p_kind, p_row = p_iid[effective], p_kind[effective], p_row[effective]
    starts = np.flatnonzero(p_kind == START)
    nxt = np.minimum(starts + 1, max(len(p_kind) - 1, 0))
    closed = (
        (starts + 1 < len(p_kind)) & (p_iid[nxt] == p_iid[starts]) & (p_kind[nxt] == END)
        if len(starts)
        else np.zeros(0, dtype=bool)
    )
    s_iid = p_iid[starts]
    s_day = day[p_row[starts]]
    e_day = np.where(closed, day[p_row[nxt]] if len(starts) else s_day, -1)
    dropped = closed & ((e_day <= s_day) | (e_day <= base[s_iid]))
    s_iid, s_day = s_iid[~dropped], s_day[~dropped]
    e_day = np.where(closed[~dropped], e_day[~dropped], _OPEN)
    # Merge (C9): a pause starting no later than the day the ones before it ended joins them; an
    # open pause absorbs every later one.  Ends so far, per instance, are a running maximum.
    first = np.r_[True, s_iid[1:] != s_iid[:-1]] if len(s_iid) else np.zeros(0, dtype=bool)
    shift = s_iid * _SPAN
    reach = np.maximum.accumulate(e_day + shift) - shift if len(s_iid) else e_day
    before = np.r_[np.int64(0), reach[:-1]] if len(s_iid) else reach
    leader = first | (s_day > before)
    block = np.cumsum(leader) - 1
    last_of_block = np.r_[block[1:] != block[:-1], True] if len(s_iid) else leader
    pause_of, pause_start = s_iid[leader], s_day[leader]
    pause_end = reach[last_of_block]
    stop_day = start_day.copy()
    still = pause_end == _OPEN
    stop_day[pause_of[still]] = np.maximum(pause_start[still] + 1, start_day[pause_of[still]])
    return Windowed(
        ok,
        start_day,
        base,
        stop_day,
        extension_live,
        pause_of,
        pause_start,
        pause_end,
        extension_row,
        extension_lo,
    )


def solve(
    calendar: WorkdayCalendar, budget: IntArray, clocks: Windowed
) -> tuple[IntArray, BoolArray, IntArray]:
    """The last counted day (epoch days) for each *budget* of working days, whether the clock is
    suspended (an open pause applies) and, if so, the working days it has left.

    Raises :class:`~gkrules.errors.CalendarRangeError` when a day lies outside the calendar.
    """
    base, of = clocks.base, clocks.pause_of
    m = len(base)
    counted_from = np.maximum(clocks.pause_start, base[of])
    # working days before each pause (from the base day), and paused by it
    ahead = calendar.workdays_between_array(base[of].astype(_DAY), counted_from.astype(_DAY))
    open_ = clocks.pause_end == _OPEN
    end = np.where(open_, counted_from, clocks.pause_end)
    paused = calendar.workdays_between_array(counted_from.astype(_DAY), end.astype(_DAY))
    # A pause applies when the clock has not run out before it starts, given the earlier pauses;
    # those that apply are a prefix of the instance's pauses.
    total = np.cumsum(paused)
    start_of = np.searchsorted(of, of, side="left")
    earlier = total - paused - np.where(start_of > 0, total[np.maximum(start_of - 1, 0)], 0)
    applies = ahead < budget[of] + earlier
    extra = np.bincount(of[applies], weights=paused[applies], minlength=m).astype(np.int64)
    stopped = applies & open_
    suspended = np.zeros(m, dtype=bool)
    suspended[of[stopped]] = True
    left = np.zeros(m, dtype=np.int64)  # of a suspended clock: what it had when it stopped
    left[of[stopped]] = (budget[of] + earlier - ahead)[stopped]
    last = calendar.add_workdays_array(base.astype(_DAY), budget + extra).view(np.int64)
    return np.maximum(last.astype(np.int64), clocks.start_day), suspended, left
