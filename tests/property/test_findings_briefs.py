"""Filing violations from columns gives the report every verdict built would give.

:func:`gkrules.reports.findings.collect` counts a deadline rule's violations from the batch's
:class:`~gkrules.engine.deadline_batch.Filing` columns, files the few that can be listed by their
:meth:`~gkrules.engine.deadline_batch.DeadlineBatch.brief`, and builds verdicts only for the
findings it lists.  On random logs, with any statuses listed and any limit, the result must equal
the one made by building every verdict: the same findings in the same order (verdicts, kinds,
to-do facts, units), the same counts, months and summary lines.  The deadline order it ranks by
follows the deadline text the report sorts by, Beijing summer time (1986–1991) included.
"""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import given, settings
from hypothesis import strategies as st

import gkrules.api as api
from gkrules.calendar import default_calendar
from gkrules.engine.report import Report
from gkrules.engine.verdicts import Status
from gkrules.reports import findings
from gkrules.reports.findings import Collected, collect
from tests.conftest import REPO_ROOT
from tests.log_strategies import as_of_times, logs


@functools.cache
def rules() -> api.RuleSet:
    return api.load(REPO_ROOT / "dsl_examples")


def _built(report: Report, statuses: list[Status], limit: int | None) -> Collected:
    """The reference: every verdict built (no batch gives filing columns)."""
    columnar = findings._columnar
    try:
        findings._columnar = lambda batch: None  # type: ignore[assignment]
        return collect(report, default_calendar(), statuses=statuses, limit=limit)
    finally:
        findings._columnar = columnar


@settings(max_examples=120, deadline=None)
@given(
    log=logs(min_size=1, max_size=40),
    as_of=as_of_times(),
    statuses=st.lists(st.sampled_from(list(Status)), unique=True, min_size=1),
    limit=st.one_of(st.none(), st.integers(0, 6)),
)
def test_filing_from_columns_equals_building_every_verdict(
    log: list[dict[str, str]], as_of: dt.datetime, statuses: list[Status], limit: int | None
) -> None:
    report = rules().check(log, as_of=as_of)
    got = collect(report, default_calendar(), statuses=statuses, limit=limit)
    want = _built(report, statuses, limit)
    assert got.findings == want.findings
    assert (got.listed_total, got.kinds, got.summary) == (
        want.listed_total,
        want.kinds,
        want.summary,
    )
    assert (got.provisional, got.by_month, got.statuses) == (
        want.provisional,
        want.by_month,
        want.statuses,
    )


@settings(max_examples=120, deadline=None)
@given(
    log=logs(min_size=1, max_size=40),
    as_of=as_of_times(),
    statuses=st.lists(st.sampled_from(list(Status)), unique=True, min_size=1),
    limit=st.integers(0, 8),
)
def test_a_limit_lists_the_first_findings_of_the_whole_list(
    log: list[dict[str, str]], as_of: dt.datetime, statuses: list[Status], limit: int
) -> None:
    """Findings left out early (a batch's beyond the limit, met or not applicable ones with no
    room left) are never among the first *limit* of every verdict built and sorted."""
    report = rules().check(log, as_of=as_of)
    got = collect(report, default_calendar(), statuses=statuses, limit=limit)
    everything = _built(report, statuses, None)
    assert got.findings == everything.findings[:limit]
    assert (got.listed_total, got.kinds, got.summary) == (
        everything.listed_total,
        everything.kinds,
        everything.summary,
    )
    assert (got.provisional, got.by_month) == (everything.provisional, everything.by_month)


def test_a_brief_holds_what_its_verdict_holds() -> None:
    log = [
        {"time": "2022-03-01", "event": "政策文件公开", "case": "A"},
        {"time": "2022-03-10", "event": "解读发布", "case": "A"},
        {"time": "2022-03-02", "event": "政策文件公开", "case": "B"},
        {"time": "2022-06-01T10:00", "event": "舆情发生", "case": "C", "level": "一般"},
        {"time": "2022-06-05T09:00", "event": "舆情回应", "case": "C"},
    ]
    report = rules().check(log, as_of=dt.datetime(2022, 12, 1, tzinfo=dt.UTC))
    seen = 0
    for batch in report.batches:
        brief = getattr(batch, "brief", None)
        if brief is None:
            continue
        for index in range(len(batch)):
            verdict, filed = batch.verdict(index), brief(index)
            for name in ("rule", "status", "key", "trigger", "deadline", "fulfilled"):
                assert getattr(filed, name) == getattr(verdict, name), name
            assert (filed.done_late, filed.provisional) == (verdict.done_late, verdict.provisional)
            seen += 1
    assert seen >= 3


DAY_US = 86_400_000_000


@st.composite
def deadlines(draw: st.DrawFn) -> list[tuple[str, int]]:
    """Last days and instants, near one another around a day (often in the years of Beijing
    summer time, 1986-1991, when the Beijing day of an instant is not UTC+8's), or anywhere."""
    base = draw(st.one_of(st.integers(5_950, 8_100), st.integers(-3_000, 25_000)))
    near_day = st.integers(base - 1, base + 1).map(lambda day: ("day", day))
    half_hours = st.integers(-6, 54).map(lambda k: ("instant", base * DAY_US + k * 1_800_000_000))
    odd = st.integers(-DAY_US, 2 * DAY_US).map(lambda us: ("instant", base * DAY_US + us))
    return draw(
        st.lists(
            st.one_of(near_day, half_hours, odd, st.just(("none", 0))), min_size=2, max_size=12
        )
    )


@settings(max_examples=400, deadline=None)
@given(moments=deadlines())
def test_deadline_numbers_follow_the_deadline_text(moments: list[tuple[str, int]]) -> None:
    import numpy as np

    from gkrules.engine.deadline_batch import NONE
    from gkrules.engine.table import instant_of
    from gkrules.reports.common import _deadline_order

    last = np.array([v if k == "day" else NONE for k, v in moments], np.int64)
    due = np.array([v if k == "instant" else NONE for k, v in moments], np.int64)
    numbers = findings._deadline_order(last, due)
    texts = [
        _deadline_order(
            dt.date(1970, 1, 1) + dt.timedelta(days=v)
            if k == "day"
            else instant_of(v)
            if k == "instant"
            else None
        )
        for k, v in moments
    ]
    for a in range(len(moments)):
        for b in range(len(moments)):
            assert (numbers[a] < numbers[b]) == (texts[a] < texts[b]), (moments[a], moments[b])
            assert (numbers[a] == numbers[b]) == (texts[a] == texts[b]), (moments[a], moments[b])
