"""The vectorized clock (engine/clock_vector.py) gives what the scalar clock gives, on random L5 logs.

Each log is checked twice with the same compiled rule: once as shipped, once with the vector path
turned off (every clocked instance through ``clock_deadline``); verdicts and notes must agree.
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import gkrules.api as api
from gkrules.calendar import default_calendar
from gkrules.engine.compile import CompiledRule
from gkrules.engine.deadline import DeadlinePlan
from gkrules.engine.evaluate import evaluate
from gkrules.engine.loading import load_events
from gkrules.engine.report import Report
from gkrules.errors import EvaluationError
from tests.conftest import REPO_ROOT

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
CLOCK_EVENTS = ("征求意见开始", "征求意见结束", "收到补正", "延期告知")


@functools.cache
def l5() -> CompiledRule:
    (rule,) = api.load(REPO_ROOT / "dsl_examples").select(["L5"])._compiled
    return rule


def _scalar_only(rule: CompiledRule) -> CompiledRule:
    assert isinstance(rule.plan, DeadlinePlan)
    return attrs.evolve(rule, plan=attrs.evolve(rule.plan, vectorize=False))


def _moment(base: dt.date, offset: int, minute: int | None) -> str:
    day = base + dt.timedelta(days=offset)
    if minute is None:
        return day.isoformat()
    return f"{day.isoformat()} {minute // 60:02d}:{minute % 60:02d}"


#: Amounts as people write them: padded, decimal, huge, or not a whole number at all (GK506).
_odd_amounts = st.sampled_from(
    ["", " 7 ", "20.0", "25", "1e3", "1e400", "2.5", "-3", "二十", "nan"]
)


@st.composite
def l5_logs(draw: st.DrawFn) -> tuple[list[dict[str, str]], dt.datetime]:
    base = draw(st.dates(dt.date(2019, 6, 1), dt.date(2025, 10, 31)))
    offsets = st.integers(0, 70)
    minutes = st.one_of(st.none(), st.integers(0, 24 * 60 - 1))
    rows: list[dict[str, str]] = []
    for case in ("A", "B", "C")[: draw(st.integers(1, 3))]:
        for _ in range(draw(st.integers(1, 3))):
            when = _moment(base, draw(offsets), draw(minutes))
            rows.append({"time": when, "event": "收到申请", "case": case})
        for _ in range(draw(st.integers(0, 6))):
            event = draw(st.sampled_from(CLOCK_EVENTS))
            row = {
                "time": _moment(base, draw(offsets), draw(minutes)),
                "event": event,
                "case": case,
            }
            if event == "延期告知":
                days = draw(st.one_of(st.none(), st.integers(0, 45).map(str), _odd_amounts))
                if days is not None:
                    row["days"] = days
            rows.append(row)
        for _ in range(draw(st.integers(0, 2))):
            rows.append(
                {"time": _moment(base, draw(offsets), draw(minutes)), "event": "答复", "case": case}
            )
    end = base + dt.timedelta(days=draw(st.integers(0, 120)))
    as_of = dt.datetime(end.year, end.month, end.day, draw(st.integers(0, 23)), tzinfo=SHANGHAI)
    return rows, as_of


def _run(rule: CompiledRule, rows: list[dict[str, str]], as_of: dt.datetime) -> Report:
    return evaluate([rule], load_events(rows), as_of=as_of, calendar=default_calendar())


def _facts(report: Report) -> list[tuple[object, ...]]:
    return sorted(
        (
            v.case,
            str(v.trigger),
            v.status.value,
            str(v.deadline),
            str(v.due),
            str(v.fulfilled),
            str(v.late_by),
            str(v.remaining),
            v.done_late,
            v.provisional,
        )
        for v in report
    )


def _outcome(rule: CompiledRule, rows: list[dict[str, str]], as_of: dt.datetime) -> object:
    """The verdicts and notes, or the evaluation error (an amount that is not a number)."""
    try:
        report = _run(rule, rows, as_of)
    except EvaluationError as error:
        return str(error)
    return _facts(report), sorted(map(str, report.notes))


@settings(max_examples=300, deadline=None)
@given(log=l5_logs())
def test_vector_clock_equals_scalar_clock(log: tuple[list[dict[str, str]], dt.datetime]) -> None:
    rows, as_of = log
    assert _outcome(l5(), rows, as_of) == _outcome(_scalar_only(l5()), rows, as_of)


def test_explanations_of_vector_decided_instances_match_the_scalar_ones() -> None:
    rows = [
        {"time": "2024-01-26", "event": "收到申请", "case": "A"},
        {"time": "2024-01-30", "event": "征求意见开始", "case": "A"},
        {"time": "2024-02-05", "event": "征求意见结束", "case": "A"},
        {"time": "2024-02-06", "event": "延期告知", "case": "A", "days": "5"},
        {"time": "2024-03-12", "event": "答复", "case": "A"},
    ]
    as_of = dt.datetime(2024, 4, 1, 12, tzinfo=SHANGHAI)
    vector = _run(l5(), rows, as_of)
    scalar = _run(_scalar_only(l5()), rows, as_of)
    assert _facts(vector) == _facts(scalar)
    (verdict,) = list(vector)
    (expected,) = list(scalar)
    assert verdict.explain("zh") == expected.explain("zh")
