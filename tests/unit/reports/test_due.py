"""The to-do list behind ``gkrules due``: what is open, in which order, how much time is left."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.reports_support import build_report

from gkrules.calendar import Period, default_calendar
from gkrules.engine.verdicts import Status
from gkrules.reports.due import assess, open_items, window_start
from gkrules.reports.due_text import due_record, left_words


@pytest.fixture(scope="module")
def report():
    return build_report()


def keys(items):
    return [
        (item.verdict.rule, item.verdict.case or item.unit, item.verdict.window) for item in items
    ]


@pytest.mark.parametrize(
    ("label", "start"),
    [
        ("2021", dt.date(2021, 1, 1)),
        ("2021-Q3", dt.date(2021, 7, 1)),
        ("2021-H2", dt.date(2021, 7, 1)),
        ("2021-H1", dt.date(2021, 1, 1)),
        ("2021-06", dt.date(2021, 6, 1)),
        ("2021-13", None),
        ("第三季度", None),
        (None, None),
    ],
)
def test_window_start(label, start):
    assert window_start(label) == start


def test_open_items_soonest_first_overdue_leading(report):
    items = open_items(report, default_calendar())
    assert keys(items) == [
        ("R6", "宣传部", "2024"),
        ("R6", "财政局", "2024"),
        ("R1", "A3", None),
        ("R3", "宣传部", "2024-Q1"),
        ("R3", "财政局", "2024-Q1"),
        ("R2", "Y2", None),
        ("R1", "A4", None),
        ("R3", "办公室", "2024-Q2"),
        ("R3", "宣传部", "2024-Q2"),
        ("R3", "财政局", "2024-Q2"),
    ]
    dues = [item.due for item in items]
    assert dues == sorted(dues)
    assert [item.overdue for item in items] == [True] * 5 + [False] * 5


def test_only_open_obligations_are_listed(report):
    items = open_items(report, default_calendar())
    for item in items:
        verdict = item.verdict
        assert verdict.status in (Status.PENDING, Status.VIOLATED)
        assert verdict.fulfilled is None
        assert not verdict.done_late
    # Done late (R1 A2, R2 Y3) and violations without a deadline (R4, R5) are not to-dos.
    listed = {(item.verdict.rule, item.verdict.case) for item in items}
    assert ("R1", "A2") not in listed
    assert ("R2", "Y3") not in listed
    assert not any(item.verdict.rule in ("R4", "R5") for item in items)


def test_working_days_left_and_hours_left(report):
    items = {(i.verdict.rule, i.verdict.case): i for i in open_items(report, default_calendar())}
    a4 = items[("R1", "A4")]
    # Received 2024-03-28 (a Thursday); 20 working days (清明 4月4日—6日 off, 4月7日 worked) end
    # on 2024-04-26; from 2024-04-10 that leaves 12 working days.
    assert a4.verdict.deadline == dt.date(2024, 4, 26)
    assert a4.workdays_left == 12
    assert a4.hours_left is None
    assert a4.share_left == pytest.approx(12 / 20)
    assert not a4.at_risk
    y2 = items[("R2", "Y2")]
    assert y2.hours_left == 2.0
    assert y2.workdays_left is None
    assert y2.share_left == pytest.approx(2 / 24)
    assert y2.at_risk
    a3 = items[("R1", "A3")]
    assert a3.overdue
    assert a3.workdays_left == -15
    assert not a3.at_risk


def test_at_risk_share_is_configurable(report):
    calendar = default_calendar()
    assert [i.verdict.case for i in open_items(report, calendar, at_risk=0.05) if i.at_risk] == []
    risky = [i.verdict.case for i in open_items(report, calendar, at_risk=0.7) if i.at_risk]
    assert risky == ["Y2", "A4"]


def test_within_keeps_what_is_due_by_then(report):
    calendar = default_calendar()
    within = open_items(report, calendar, within=Period.parse("5工作日"), overdue=False)
    assert keys(within) == [("R2", "Y2", None)]
    # 12 working days after 2024-04-10 is 2024-04-26: A4 is due by then.
    twelve = open_items(report, calendar, within=Period.parse("12工作日"), overdue=False)
    assert keys(twelve) == [("R2", "Y2", None), ("R1", "A4", None)]
    eleven = open_items(report, calendar, within=Period.parse("11工作日"), overdue=False)
    assert keys(eleven) == [("R2", "Y2", None)]
    hours = open_items(report, calendar, within=Period.parse("1小时"), overdue=False)
    assert keys(hours) == []
    # Overdue items are due "within" any period.
    assert len(open_items(report, calendar, within=Period.parse("1小时"))) == 5


def test_rules_filter(report):
    items = open_items(report, default_calendar(), rules=["R2"])
    assert keys(items) == [("R2", "Y2", None)]


@pytest.mark.parametrize(
    ("case", "zh", "en"),
    [
        ("A4", "12个工作日", "12 workdays"),
        ("Y2", "2小时", "2 hours"),
        ("A3", "已逾期 15个工作日", "overdue 15 workdays"),
    ],
)
def test_left_words(report, case, zh, en):
    item = next(i for i in open_items(report, default_calendar()) if i.verdict.case == case)
    assert left_words(item, "zh") == zh
    assert left_words(item, "en") == en


def test_due_today(report):
    at_deadline = build_report(as_of="2024-03-19T09:00")
    item = next(i for i in open_items(at_deadline, default_calendar()) if i.verdict.case == "A3")
    assert item.workdays_left == 0
    assert left_words(item, "zh") == "今日到期"
    assert item.at_risk


def test_due_record_extends_the_verdict_record(report):
    item = next(i for i in open_items(report, default_calendar()) if i.verdict.case == "Y2")
    record = due_record(item, "zh")
    assert record["rule"] == "R2"
    assert record["deadline"] == "2024-04-10T10:00:00+08:00"
    assert record["hours_left"] == 2.0
    assert record["at_risk"] is True
    assert record["overdue"] is False
    assert record["share_left"] == pytest.approx(0.0833, abs=1e-4)


def test_assess_a_met_window_is_not_at_risk(report):
    verdict = next(v for v in report.verdicts(status="pending", rule="R3") if v.unit == "办公室")
    item = assess(verdict, report.as_of, default_calendar())
    # Q2 2024: 91 days, 81 left.
    assert item.days_left == 81
    assert item.share_left == pytest.approx(81 / 90)
    assert not item.at_risk
