"""What every compiled rule receives when it runs: the table, the as-of instant, the calendar."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from gkrules.calendar.core import WorkdayCalendar
from gkrules.diagnostics import Diagnostic
from gkrules.engine.table import MICROS_PER_DAY, SHANGHAI_OFFSET, EventTable, GroupKeys, micros

__all__ = ["CheckContext"]


class CheckContext:
    """One check's shared state: read by every rule, written only through ``problems``/``notes``."""

    def __init__(
        self,
        table: EventTable,
        as_of: dt.datetime,
        calendar: WorkdayCalendar,
        *,
        first_day: int | None = None,
    ) -> None:
        self.table = table
        self.as_of = as_of
        self.as_of_us = micros(as_of)
        self.as_of_day = (self.as_of_us + SHANGHAI_OFFSET) // MICROS_PER_DAY
        self.calendar = calendar
        #: Errors found while evaluating (bad values in rows): raised together after all rules ran.
        self.problems: list[Diagnostic] = []
        #: Notes for the report (extensions clamped, closings that closed nothing).
        self.notes: list[Diagnostic] = []
        self._group_cache: dict[tuple[str, ...], tuple[npt.NDArray[np.int64], GroupKeys]] = {}
        self._first_cache: dict[tuple[str, ...], npt.NDArray[np.int64]] = {}
        self.first_day = first_day

    def fork(self) -> CheckContext:
        """A context for one rule evaluated beside others: the same table, calendar and caches
        (whatever a rule caches there is the same whoever computes it), its own problems and
        notes — merged in rule order afterwards, so the report does not depend on timing."""
        child = copy.copy(self)
        child.problems = []
        child.notes = []
        return child

    @property
    def as_of_date(self) -> dt.date:
        return dt.date(1970, 1, 1) + dt.timedelta(days=int(self.as_of_day))

    def all_groups(self, keys: Sequence[str]) -> tuple[npt.NDArray[np.int64], GroupKeys]:
        """Group codes of every table row by *keys*, and the key values of each group.

        The universe of per-unit rules: every unit that appears in any row of the log (C12: a unit
        that did nothing is still checked).
        """
        from gkrules.engine.table import factorize_keys

        key = tuple(keys)
        cached = self._group_cache.get(key)
        if cached is None:
            cached = factorize_keys(self.table, key)
            self._group_cache[key] = cached
        return cached

    def present_groups(self, keys: Sequence[str]) -> list[int]:
        """The group codes of :meth:`all_groups` that some row has, ascending.

        Group codes are ranks of the key values rows have, so every code has a row.
        """
        _, values = self.all_groups(keys)
        return list(range(len(values))) if len(self.table) else []

    def first_rows(self, keys: Sequence[str]) -> npt.NDArray[np.int64]:
        """The first table row (the earliest) of each group of :meth:`all_groups` (computed once)."""
        key = tuple(keys)
        cached = self._first_cache.get(key)
        if cached is None:
            codes, values = self.all_groups(key)
            rows = np.arange(len(codes), dtype=np.int64)
            cached = np.full(len(values) if keys else 1, len(codes), dtype=np.int64)
            if len(codes):
                known = codes >= 0
                np.minimum.at(cached, codes[known], rows[known])
            self._first_cache[key] = cached
        return cached
