"""Laws every evaluation obeys, on random logs (the deadline rules S1–S5, S16, L1, L2, L5).

* shuffling rows changes no verdict;
* adding events of other types, or of other cases, changes no verdict of the cases already there;
* moving a fulfilment earlier (still after its trigger) never makes a verdict worse;
* a later as-of instant only turns pending into met or violated, never back (rules without a
  restart: a 收到补正 after a deadline restarts the clock by C9, which may reopen an instance;
  and a 仅当 rule's "not applicable" may turn applicable when the event it waits for arrives);
* splitting a log into two files changes nothing;
* deciding a rule's instances a block at a time changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from pathlib import Path

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gkrules.api as api
from gkrules.engine import load_events
from gkrules.engine.report import Report
from gkrules.engine.verdicts import Status, Verdict
from tests.conftest import REPO_ROOT
from tests.log_strategies import (
    CASES,
    DEADLINE_RULES,
    NOISE_EVENTS,
    as_of_times,
    logs,
    rows,
)

Row = dict[str, str]


@functools.cache
def rules() -> api.RuleSet:
    return api.load(REPO_ROOT / "dsl_examples").select(DEADLINE_RULES)


def _iso(value: dt.datetime | dt.date | None) -> str:
    return value.isoformat() if value is not None else "-"


def identity(verdict: Verdict) -> tuple[str, str | None, str]:
    return (verdict.rule, verdict.case, _iso(verdict.trigger))


def outcome(verdict: Verdict) -> tuple[object, ...]:
    return (
        *identity(verdict),
        verdict.status.value,
        _iso(verdict.deadline),
        _iso(verdict.fulfilled),
        str(verdict.late_by),
        str(verdict.remaining),
        verdict.done_late,
    )


def outcomes(report: Report) -> Counter[tuple[object, ...]]:
    return Counter(outcome(v) for v in report)


@settings(max_examples=50)
@given(log=logs(), as_of=as_of_times(), seed=st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing(log: list[Row], as_of: dt.datetime, seed: object) -> None:
    shuffled = list(log)
    seed.shuffle(shuffled)  # type: ignore[attr-defined]
    assert outcomes(rules().check(log, as_of=as_of)) == outcomes(
        rules().check(shuffled, as_of=as_of)
    )


@settings(max_examples=50)
@given(
    log=logs(),
    noise=st.lists(rows(events=NOISE_EVENTS), max_size=6),
    strangers=st.lists(rows(cases=("X", "Y")), max_size=6),
    as_of=as_of_times(),
)
def test_other_events_and_other_cases_change_nothing(
    log: list[Row], noise: list[Row], strangers: list[Row], as_of: dt.datetime
) -> None:
    strangers = [row for row in strangers if row.get("case") in ("X", "Y")]
    before = outcomes(rules().check(log, as_of=as_of))
    after = rules().check([*log, *noise, *strangers], as_of=as_of)
    kept = Counter(outcome(v) for v in after if v.case not in ("X", "Y"))
    assert before == kept


_RANK = {Status.VIOLATED: 0, Status.PENDING: 1, Status.MET: 2, Status.NOT_APPLICABLE: 3}

PAIRS = {
    "S3": ("政策文件公开", "解读发布"),
    "L1": ("信息形成", "主动公开"),
    "L5": ("收到申请", "答复"),
    "S5": ("舆情发生", "舆情回应"),
}


@settings(max_examples=60)
@given(
    rule=st.sampled_from(sorted(PAIRS)),
    start=st.dates(dt.date(2022, 1, 1), dt.date(2022, 12, 1)),
    hours=st.integers(0, 40 * 24),
    earlier=st.integers(0, 40 * 24),
    others=logs(max_size=10),
    checked=st.integers(0, 60 * 24),
)
def test_an_earlier_fulfilment_is_never_worse(
    rule: str, start: dt.date, hours: int, earlier: int, others: list[Row], checked: int
) -> None:
    trigger, fulfil = PAIRS[rule]
    began = dt.datetime(start.year, start.month, start.day, 9)
    as_of = began + dt.timedelta(hours=checked)
    late = began + dt.timedelta(hours=hours)
    early = began + dt.timedelta(hours=max(0, hours - earlier))
    others = [row for row in others if row.get("case") != "Z"]

    def log(at: dt.datetime) -> list[Row]:
        first = {"time": began.isoformat(), "event": trigger, "case": "Z", "level": "一般"}
        return [first, {"time": at.isoformat(), "event": fulfil, "case": "Z"}, *others]

    def status(at: dt.datetime) -> Status:
        report = rules().select([rule]).check(log(at), as_of=as_of)
        (verdict,) = [v for v in report if v.case == "Z"]
        return verdict.status

    assert _RANK[status(early)] >= _RANK[status(late)]


@settings(max_examples=50)
@given(log=logs(), first=as_of_times(), later=as_of_times())
def test_a_later_as_of_only_settles_pending(
    log: list[Row], first: dt.datetime, later: dt.datetime
) -> None:
    assume(first != later)
    first, later = min(first, later), max(first, later)
    no_restart = [rule for rule in DEADLINE_RULES if rule != "L5"]
    chosen = rules().select(no_restart)
    before = {identity(v): v.status for v in chosen.check(log, as_of=first)}
    after = {identity(v): v.status for v in chosen.check(log, as_of=later)}
    for key, status in before.items():
        # 仅当 (only if): "not applicable" may still turn applicable when the event it waits for
        # comes later (L2: a 补正告知 after the as-of instant); every other outcome is final.
        if status is not Status.PENDING and not (
            status is Status.NOT_APPLICABLE and key[0] == "L2"
        ):
            assert after[key] is status, key


def _write(path: Path, log: list[Row]) -> None:
    import csv

    columns = ["time", "event", "case", "level", "days"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        for row in log:
            writer.writerow({k: row.get(k, "") for k in columns})


@settings(max_examples=50)
@given(log=logs(min_size=1), cut=st.integers(0, 24), as_of=as_of_times())
def test_splitting_a_log_into_two_files_changes_nothing(
    log: list[Row], cut: int, as_of: dt.datetime
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        whole, first, second = Path(folder, "all.csv"), Path(folder, "a.csv"), Path(folder, "b.csv")
        _write(whole, log)
        _write(first, log[:cut])
        _write(second, log[cut:])
        one = rules().check(load_events(whole), as_of=as_of)
        two = rules().check(load_events(first, second), as_of=as_of)
        assert outcomes(one) == outcomes(two)
        assert one.accounting.rows_read == two.accounting.rows_read == len(log)


@settings(max_examples=50)
@given(log=logs(), as_of=as_of_times())
def test_the_load_time_order_changes_nothing(log: list[Row], as_of: dt.datetime) -> None:
    """A check sorts its rows by the order the load worked out (``EventLog.by_time``), or by
    sorting them itself: the verdicts are the same, in the same order."""
    loaded = load_events(log)
    assert loaded.by_time is not None
    with_order = rules().check(loaded, as_of=as_of)
    without = rules().check(attrs.evolve(loaded, by_time=None), as_of=as_of)
    assert with_order.to_records() == without.to_records()


@settings(max_examples=50)
@given(log=logs(), as_of=as_of_times(), block=st.integers(1, 5))
def test_deciding_in_blocks_changes_nothing(log: list[Row], as_of: dt.datetime, block: int) -> None:
    """A deadline rule decides its plain instances a block of ``_BLOCK`` at a time: blocks of
    one to five instances give the records (explanations included) of one block for all."""
    from unittest import mock

    from gkrules.engine import deadline

    loaded = load_events(log)
    whole = rules().check(loaded, as_of=as_of)
    with mock.patch.object(deadline, "_BLOCK", block):
        blocks = rules().check(loaded, as_of=as_of)
    assert blocks.to_records() == whole.to_records()


def test_cases_used_by_the_strategies() -> None:
    assert "Z" not in CASES
