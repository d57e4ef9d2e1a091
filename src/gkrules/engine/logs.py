"""Turning what a caller passes as events into a log the evaluator reads.

:func:`loaded_log` accepts whatever :meth:`gkrules.RuleSet.check` does: a log loaded already, or
anything the event-log loader reads (paths, open files, iterables of mappings, DataFrames, Arrow
tables).  :func:`rows_log` builds a log from a few rows in memory (rule tests), reading their
times by the loader's rules (C10).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt
from attrs import frozen

from gkrules.diagnostics import Diagnostic
from gkrules.engine.table import LoadedLog, micros
from gkrules.errors import GkError

__all__ = ["LoadOutcome", "RowsLog", "loaded_log", "rows_log"]


@frozen
class LoadOutcome:
    """A log ready to evaluate, and what loading it set aside."""

    log: LoadedLog
    rows_set_aside: int = 0
    set_aside: tuple[Diagnostic, ...] = ()
    sources: tuple[str, ...] = ()


def _is_loaded(events: object) -> bool:
    return all(hasattr(events, name) for name in ("time_us", "date_only", "event_codes", "row_ref"))


def loaded_log(events: object, *, lenient: bool = False) -> LoadOutcome:
    """*events* as a log: a loaded log as it is, anything else through the event-log loader."""
    if _is_loaded(events):
        return LoadOutcome(events)  # type: ignore[arg-type]
    if isinstance(events, Iterable) and not isinstance(events, str | bytes):
        items = list(events)
        if all(isinstance(item, Mapping) for item in items):
            log, problems = rows_log(items, "<rows>", lenient=lenient)
            return LoadOutcome(log, len(problems), tuple(problems), ("<rows>",))
    from gkrules.engine.eval_messages import usage_error

    raise usage_error("GK521", got=type(events).__name__)


class RowsLog:
    """A log of rows held in memory (``{"time": "2024-01-27", "event": "…", "case": "A"}``)."""

    def __init__(
        self,
        rows: Sequence[Mapping[str, str]],
        times: Sequence[tuple[int, bool]],
        source: str,
        refs: Sequence[tuple[str, int]] | None = None,
    ) -> None:
        self.rows = list(rows)
        self.source = source
        names: dict[str, int] = {}
        self._codes = np.fromiter(
            (names.setdefault(row["event"], len(names)) for row in self.rows),
            np.int64,
            len(self.rows),
        )
        self._names = tuple(names)
        self._times = np.asarray([t for t, _ in times], dtype=np.int64)
        self._date_only = np.asarray([d for _, d in times], dtype=bool)
        self._refs = list(refs) if refs is not None else [(source, i + 1) for i in range(len(rows))]

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def time_us(self) -> npt.NDArray[np.int64]:
        return self._times

    @property
    def date_only(self) -> npt.NDArray[np.bool_]:
        return self._date_only

    @property
    def event_codes(self) -> npt.NDArray[np.int64]:
        return self._codes

    @property
    def event_names(self) -> Sequence[str]:
        return self._names

    def column(self, name: str) -> npt.NDArray[np.object_] | None:
        if not any(name in row for row in self.rows):
            return None
        return np.array([row.get(name) or None for row in self.rows], dtype=object)

    def row_ref(self, index: int) -> tuple[str, int]:
        return self._refs[index]

    def row_dict(self, index: int) -> Mapping[str, str]:
        return self.rows[index]


def rows_log(
    rows: Iterable[Mapping[str, object]],
    source: str,
    *,
    lenient: bool = True,
    refs: Sequence[tuple[str, int]] | None = None,
) -> tuple[RowsLog, list[Diagnostic]]:
    """A log of *rows* (row *i* shown as ``refs[i]``, else ``source:i+1``); rows whose time
    cannot be read are set aside (or raised, when strict)."""
    from gkrules.engine.timeparse import parse_time

    kept: list[dict[str, str]] = []
    times: list[tuple[int, bool]] = []
    kept_refs: list[tuple[str, int]] = []
    problems: list[Diagnostic] = []
    for index, row in enumerate(rows):
        text = {str(k): ("" if v is None else str(v).strip()) for k, v in row.items()}
        try:
            parsed = parse_time(text.get("time", ""))
        except GkError as error:
            problems.extend(error.diagnostics)
            continue
        kept.append(text)
        times.append((micros(parsed.instant), parsed.date_only))
        kept_refs.append(refs[index] if refs is not None else (source, index + 1))
    if problems and not lenient:
        from gkrules.errors import EventLogError

        raise EventLogError(problems)
    return RowsLog(kept, times, source, kept_refs), problems
