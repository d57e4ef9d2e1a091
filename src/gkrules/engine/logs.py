"""Turning what a caller passes as events into a log the evaluator reads.

:func:`loaded_log` accepts whatever :meth:`gkrules.RuleSet.check` does: an
:class:`~gkrules.engine.events.EventLog` loaded already, or anything
:func:`~gkrules.engine.loading.load_events` reads (a path, a list of paths, an open file, an
iterable of mappings, a DataFrame, an Arrow table).  :func:`rows_log` loads the few rows of a rule
test, by the same rules (C10), and shows each row where the test wrote it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import cast

import numpy as np
import numpy.typing as npt
from attrs import frozen

from gkrules.diagnostics import Diagnostic
from gkrules.engine.events import EventLog
from gkrules.engine.loading import load_events
from gkrules.engine.log_columns import Column
from gkrules.engine.log_report import LoadReport
from gkrules.engine.table import LoadedLog

__all__ = ["LoadOutcome", "RelocatedLog", "loaded_log", "rows_log"]


@frozen
class LoadOutcome:
    """A log ready to evaluate, and what loading it did."""

    log: LoadedLog
    rows_set_aside: int = 0
    rows_dropped: int = 0
    set_aside: tuple[Diagnostic, ...] = ()
    sources: tuple[str, ...] = ()
    load_report: LoadReport | None = None


def _outcome(log: EventLog) -> LoadOutcome:
    report = log.report
    return LoadOutcome(
        log,
        report.rows_set_aside,
        report.duplicates_dropped,
        tuple(d for row in report.set_aside for d in row.diagnostics),
        tuple(source.name for source in report.sources),
        report,
    )


def _is_paths(events: object) -> bool:
    return (
        isinstance(events, list | tuple)
        and bool(events)
        and all(isinstance(item, str | os.PathLike) for item in events)
    )


def loaded_log(
    events: object,
    *,
    lenient: bool = False,
    columns: Iterable[str] | None = None,
    event_names: Iterable[str] | None = None,
) -> LoadOutcome:
    """*events* as a log: an :class:`EventLog` as it is, anything else through ``load_events``
    (reading only *columns*, besides ``time`` and ``event``, and only the rows of
    *event_names*, when given)."""
    if isinstance(events, EventLog):
        return _outcome(events)
    sources = list(cast("Sequence[object]", events)) if _is_paths(events) else [events]
    log = load_events(*sources, lenient=lenient, columns=columns, events=event_names)
    return _outcome(log)


class RelocatedLog:
    """A loaded log whose rows are shown at other places (the lines of a rule test)."""

    def __init__(self, log: EventLog, refs: Sequence[tuple[str, int]]) -> None:
        self._log = log
        self._refs = refs

    def __len__(self) -> int:
        return len(self._log)

    @property
    def time_us(self) -> npt.NDArray[np.int64]:
        return self._log.time

    @property
    def date_only(self) -> npt.NDArray[np.bool_]:
        return self._log.date_only

    @property
    def event_codes(self) -> npt.NDArray[np.integer]:
        return self._log.event_codes

    @property
    def event_names(self) -> Sequence[str]:
        return self._log.event_names

    def column(self, name: str) -> npt.NDArray[np.object_] | None:
        return self._log.column(name)

    def coded(self, name: str) -> Column | None:
        return self._log.coded(name)

    def row_ref(self, index: int) -> tuple[str, int]:
        return self._refs[int(self._log.row[index]) - 1]

    def row_dict(self, index: int) -> Mapping[str, str]:
        return self._log.row_dict(index)


def rows_log(
    rows: Iterable[Mapping[str, object]],
    source: str,
    *,
    lenient: bool = True,
    refs: Sequence[tuple[str, int]] | None = None,
) -> tuple[LoadedLog, list[Diagnostic]]:
    """The log of a few *rows* (row *i* shown as ``refs[i]``, else ``source:i+1``), and the
    problems of the rows set aside (strict: raised)."""
    listed = [dict(row) for row in rows]
    shown = list(refs) if refs is not None else [(source, i + 1) for i in range(len(listed))]
    if not listed:
        listed_log = load_events([{"time": "2000-01-01", "event": ""}], lenient=True).take(
            np.zeros(0, dtype=np.int64)
        )
        return RelocatedLog(listed_log, shown), []
    log = load_events(listed, lenient=lenient)
    problems = [d for row in log.report.set_aside for d in row.diagnostics]
    return RelocatedLog(log, shown), problems
