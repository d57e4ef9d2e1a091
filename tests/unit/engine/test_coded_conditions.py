"""Conditions decided per distinct value of a dictionary-encoded column give row-by-row results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from tests.engine_support import RecordLog

from gkrules.calendar import default_calendar
from gkrules.diagnostics import Diagnostic
from gkrules.engine.conditions import Env, as_numbers, column_values, compile_condition
from gkrules.engine.context import CheckContext
from gkrules.engine.loading import load_events
from gkrules.engine.table import EventTable, LoadedLog
from gkrules.language import ast

LEVELS = ["重大", " 重大 ", "一般", "", "特别重大", "重大", "一般 ", ""]
VALUES = ["5%", "3%", "四", "", "0.04", "四", "x", "7"]
ROWS = [
    {
        "time": f"2024-01-{i + 1:02d}",
        "event": "e",
        "case": f"C{i % 3}",
        "level": level,
        "value": value,
    }
    for i, (level, value) in enumerate(zip(LEVELS, VALUES, strict=True))
]


def _logs() -> list[LoadedLog]:
    return [RecordLog(ROWS), load_events(ROWS, lenient=True)]


def _table(log: LoadedLog) -> EventTable:
    return EventTable(log, np.ones(len(log), dtype=bool))


def _truth(table: EventTable, expr: ast.Expr, rows: np.ndarray) -> list[str]:
    result = compile_condition(expr, "R")(Env(table, "R", []), rows)
    return [
        "unknown" if not known else ("true" if true else "false")
        for true, known in zip(result.true.tolist(), result.known.tolist(), strict=True)
    ]


def _expected(expr: ast.Expr, rows: np.ndarray) -> list[str]:
    """Row by row: text compared stripped, missing (empty) unknown."""
    out = []
    for row in rows.tolist():
        level = LEVELS[row].strip() or None
        if level is None:
            out.append("unknown")
            continue
        match expr:
            case ast.Compare(op=ast.CompareOp.EQ, right=ast.StringLit(value=text)):
                hit = level == text.strip()
            case ast.Compare(op=ast.CompareOp.NE, right=ast.StringLit(value=text)):
                hit = level != text.strip()
            case ast.InList(values=values, negated=negated):
                hit = any(level == v.value.strip() for v in values if isinstance(v, ast.StringLit))
                hit = hit != negated
            case _:
                raise AssertionError(expr)
        out.append("true" if hit else "false")
    return out


LEVEL = ast.NameRef("level")
CONDITIONS = [
    ast.Compare(ast.CompareOp.EQ, LEVEL, ast.StringLit("重大")),
    ast.Compare(ast.CompareOp.EQ, LEVEL, ast.StringLit(" 一般")),
    ast.Compare(ast.CompareOp.NE, LEVEL, ast.StringLit("重大")),
    ast.Compare(ast.CompareOp.EQ, LEVEL, ast.StringLit("无此值")),
    ast.InList(LEVEL, (ast.StringLit("特别重大"), ast.StringLit("重大"))),
    ast.InList(LEVEL, (ast.StringLit("特别重大"), ast.StringLit("一般")), negated=True),
]


@pytest.mark.parametrize("expr", CONDITIONS)
@pytest.mark.parametrize("rows", [[0, 1, 2, 3, 4, 5, 6, 7], [1, 3], [6], []])
def test_text_conditions_by_code_match_row_by_row(expr: ast.Expr, rows: list[int]) -> None:
    at = np.asarray(rows, dtype=np.int64)
    for log in _logs():
        table = _table(log)
        assert _truth(table, expr, at) == _expected(expr, at)


def test_constant_on_the_left_is_the_same() -> None:
    left = ast.Compare(ast.CompareOp.EQ, ast.StringLit("重大"), LEVEL)
    right = ast.Compare(ast.CompareOp.EQ, LEVEL, ast.StringLit("重大"))
    every = np.arange(len(ROWS), dtype=np.int64)
    for log in _logs():
        table = _table(log)
        assert _truth(table, left, every) == _truth(table, right, every)


def test_column_values_agree_with_the_column() -> None:
    for log in _logs():
        table = _table(log)
        for name in ("level", "value", "case", "absent"):
            rows = np.asarray([7, 0, 3, 3, 5], dtype=np.int64)
            values = column_values(table, name, rows)
            assert values.data.tolist() == table.column(name)[rows].tolist()
            assert values.known.tolist() == [v is not None for v in values.data.tolist()]


@pytest.mark.parametrize("rows", [[0, 1, 2, 3, 4, 5, 6, 7], [6, 2, 5], [3]])
def test_numbers_by_code_report_bad_values_in_row_order(rows: list[int]) -> None:
    at = np.asarray(rows, dtype=np.int64)
    for log in _logs():
        table = _table(log)
        problems: list[Diagnostic] = []
        env = Env(table, "R", problems)
        numbers = as_numbers(column_values(table, "value", at), env, at)
        expected = [{"5%": 0.05, "3%": 0.03, "0.04": 0.04, "7": 7.0}.get(VALUES[r]) for r in rows]
        got = [
            float(x) if k else None
            for x, k in zip(numbers.data.tolist(), numbers.known.tolist(), strict=True)
        ]
        assert got == pytest.approx(expected)
        bad_rows = [r for r in rows if VALUES[r] not in ("", *GOOD)]
        assert [str(p) for p in problems] == [str(p) for p in _row_by_row_problems(table, bad_rows)]
        assert len(problems) == len(dict.fromkeys(VALUES[r] for r in bad_rows))


GOOD = ("5%", "3%", "0.04", "7")


def _row_by_row_problems(table: EventTable, rows: list[int]) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    env = Env(table, "R", problems)
    for row in rows:
        env.bad_value("GK501", "value", VALUES[row], row)
    return problems


def test_number_comparison_on_coded_values() -> None:
    expr = ast.Compare(ast.CompareOp.GE, ast.NameRef("value"), ast.PercentLit(Decimal(4)))
    every = np.arange(len(ROWS), dtype=np.int64)
    for log in _logs():
        assert _truth(_table(log), expr, every) == [
            "true",
            "false",
            "unknown",
            "unknown",
            "true",
            "unknown",
            "unknown",
            "true",
        ]


def test_present_groups_are_every_key_value_in_order() -> None:
    for log in _logs():
        table = _table(log)
        calendar = default_calendar()
        ctx = CheckContext(table, dt.datetime(2024, 6, 1, tzinfo=dt.UTC), calendar)
        codes, values = ctx.all_groups(("case",))
        assert ctx.present_groups(("case",)) == sorted(set(codes[codes >= 0].tolist()))
        assert [values[g] for g in ctx.present_groups(("case",))] == [("C0",), ("C1",), ("C2",)]
        first = ctx.present_groups(("case",))
        first.append(99)
        assert ctx.present_groups(("case",)) == [0, 1, 2]
