"""Helpers for evaluation tests: a tiny in-memory event log and hand-built rule pieces."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from gkrules.calendar.instants import SHANGHAI
from gkrules.calendar.periods import Unit
from gkrules.engine.table import micros
from gkrules.language import ast


class RecordLog:
    """An event log from Python rows (``{"time": "2024-01-27", "event": "…", "case": "A"}``)."""

    def __init__(self, rows: Iterable[Mapping[str, object]], source: str = "<rows>") -> None:
        self.rows = [
            {str(k): ("" if v is None else str(v)) for k, v in row.items()} for row in rows
        ]
        self.source = source
        names: dict[str, int] = {}
        codes: list[int] = []
        times: list[int] = []
        date_only: list[bool] = []
        for row in self.rows:
            codes.append(names.setdefault(row["event"], len(names)))
            moment = parse_moment(row["time"])
            date_only.append(not isinstance(moment, dt.datetime))
            if isinstance(moment, dt.datetime):
                times.append(micros(moment))
            else:
                times.append(
                    micros(dt.datetime(moment.year, moment.month, moment.day, tzinfo=SHANGHAI))
                )
        self._names = tuple(names)
        self._codes = np.asarray(codes, dtype=np.int64)
        self._times = np.asarray(times, dtype=np.int64)
        self._date_only = np.asarray(date_only, dtype=bool)

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
        return (self.source, index + 2)

    def row_dict(self, index: int) -> Mapping[str, str]:
        return self.rows[index]


def parse_moment(text: str) -> dt.date | dt.datetime:
    text = text.strip()
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=SHANGHAI)


# --- hand-built AST pieces -----------------------------------------------------------------------


def period(amount: int, unit: Unit) -> ast.PeriodLit:
    return ast.PeriodLit(ast.NumberLit(Decimal(amount)), unit, unit.zh)


def pattern(*names: str, where: ast.Expr | None = None) -> ast.EventPattern:
    return ast.EventPattern(tuple(names), where)


def deadline_rule(
    rule_id: str,
    trigger: ast.EventPattern,
    fulfil: ast.EventPattern,
    within: ast.PeriodExpr | ast.PeriodChoice | None,
    **body: object,
) -> ast.Rule:
    extra = {k: v for k, v in body.items() if k not in ("effective", "citation")}
    effective = body.get("effective")
    return ast.Rule(
        rule_id,
        f"{rule_id} title",
        ast.DeadlineBody(trigger, fulfil, within, **extra),  # type: ignore[arg-type]
        citation=ast.Citation("测试依据", "第一条"),
        effective=effective,  # type: ignore[arg-type]
    )
