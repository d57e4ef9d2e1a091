"""The compiled evaluators agree with a brute-force reference on random logs (S1–S5, S16, L1, L2, L5).

The reference (tests/reference_evaluator.py) counts working days one day at a time over
chinese-calendar and applies C1–C12 literally; it shares no code with gkrules' engine or calendar.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

import gkrules.api as api
from gkrules.engine.verdicts import Verdict
from tests import reference_evaluator as reference
from tests.conftest import REPO_ROOT
from tests.log_strategies import DEADLINE_RULES, as_of_times, logs


@functools.cache
def rules() -> api.RuleSet:
    return api.load(REPO_ROOT / "dsl_examples").select(DEADLINE_RULES)


def _moment_key(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return "-"
    return value.isoformat()


def _ours(verdict: Verdict) -> tuple[str, str | None, str, str, str]:
    return (
        verdict.rule,
        verdict.case,
        _moment_key(verdict.trigger),
        verdict.status.value,
        _moment_key(verdict.deadline) if verdict.status.value != "not_applicable" else "-",
    )


def _theirs(outcome: reference.Outcome) -> tuple[str, str | None, str, str, str]:
    trigger = outcome.trigger
    shown = trigger.instant.isoformat() if trigger.instant is not None else trigger.day.isoformat()
    deadline = _moment_key(outcome.deadline) if outcome.status != "not_applicable" else "-"
    return (outcome.rule, outcome.case, shown, outcome.status, deadline)


@settings(max_examples=150)
@given(log=logs(min_size=1), as_of=as_of_times())
def test_agrees_with_the_reference(log: list[dict[str, str]], as_of: dt.datetime) -> None:
    report = rules().check(log, as_of=as_of)
    ours = Counter(_ours(v) for v in report)
    theirs: Counter[tuple[str, str | None, str, str, str]] = Counter()
    for rule in DEADLINE_RULES:
        theirs.update(_theirs(o) for o in reference.evaluate(reference.SPECS[rule], log, as_of))
    assert ours == theirs, (sorted(ours - theirs), sorted(theirs - ours))


@settings(max_examples=60)
@given(
    received=st.dates(dt.date(2019, 6, 1), dt.date(2025, 11, 30)),
    pause_start=st.integers(0, 25),
    pause_length=st.integers(0, 20),
    extension=st.one_of(st.none(), st.integers(0, 35)),
    extension_days=st.one_of(st.none(), st.integers(1, 30)),
    restart=st.one_of(st.none(), st.integers(1, 40)),
    reply=st.one_of(st.none(), st.integers(0, 90)),
    as_of_days=st.integers(0, 120),
)
def test_l5_clock_agrees_with_the_reference(
    received: dt.date,
    pause_start: int,
    pause_length: int,
    extension: int | None,
    extension_days: int | None,
    restart: int | None,
    reply: int | None,
    as_of_days: int,
) -> None:
    def day(offset: int) -> str:
        return (received + dt.timedelta(days=offset)).isoformat()

    log = [
        {"time": day(0), "event": "收到申请", "case": "A"},
        {"time": day(pause_start), "event": "征求意见开始", "case": "A"},
        {"time": day(pause_start + pause_length), "event": "征求意见结束", "case": "A"},
    ]
    if extension is not None:
        row = {"time": day(extension), "event": "延期告知", "case": "A"}
        if extension_days is not None:
            row["days"] = str(extension_days)
        log.append(row)
    if restart is not None:
        log.append({"time": day(restart), "event": "收到补正", "case": "A"})
    if reply is not None:
        log.append({"time": day(reply), "event": "答复", "case": "A"})
    end = received + dt.timedelta(days=as_of_days)
    as_of = dt.datetime(end.year, end.month, end.day, 18, 0, tzinfo=reference.SHANGHAI)
    report = rules().select(["L5"]).check(log, as_of=as_of)
    ours = Counter(_ours(v) for v in report)
    theirs = Counter(_theirs(o) for o in reference.evaluate(reference.SPECS["L5"], log, as_of))
    assert ours == theirs
