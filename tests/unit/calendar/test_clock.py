"""Clocks that pause, restart and are extended (C9), with hand-checked dates.

2024 calendar used below: 清明 4月4日–6日 off, 4月7日 (Sun) worked; 劳动节 5月1日–5日 off,
4月28日 (Sun) and 5月11日 (Sat) worked.
"""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest

from gkrules.calendar import default_calendar
from gkrules.calendar.clock import Extension, Pause, clock_deadline
from gkrules.calendar.periods import (
    SHANGHAI,
    Amount,
    Period,
    Unit,
    compute_deadline,
    end_of_day,
    is_on_time,
    lateness,
    remaining,
)
from gkrules.calendar.steps import StepKind
from gkrules.errors import UsageError

CAL = default_calendar()
TWENTY = Period.workdays(20)


def test_without_events_the_clock_is_the_plain_deadline() -> None:
    plain = compute_deadline("2024-03-01", TWENTY, CAL)
    assert plain.last_day == date(2024, 3, 29)  # 3月4日 … 3月29日: four full weeks
    assert clock_deadline("2024-03-01", TWENTY, CAL) == plain


def test_l5_consultation_supplement_and_extension() -> None:
    """条例 第三十条、第三十二条、第三十三条 together.

    收到申请 3月1日; 收到补正 3月8日 (Fri) restarts the clock; 征求意见 3月12日–3月26日;
    延期 notified 4月15日 for 30 working days, clamped to 20; a second extension is ignored; an
    extension notified before the restart lapses.

    From 3月8日: 11日 (1), 12日 (2, consultation starts: still counted), 13日–26日 paused,
    27日–29日 (3–5), 4月1日–3日 (6–8), 清明 off, 4月7日 Sun (9), 8日–12日 (10–14), 15日–19日 (15–19),
    22日 (20): the deadline in force on 4月15日 is 4月22日.  +20: 23日–26日 (21–24), 28日 Sun (25),
    29日–30日 (26–27), 劳动节 off, 5月6日–10日 (28–32), 11日 Sat (33), 13日–17日 (34–38),
    20日 (39), 21日 (40).
    """
    deadline = clock_deadline(
        "2024-03-01",
        "20工作日",
        CAL,
        restarts=["2024-03-08"],
        pauses=[Pause(date(2024, 3, 12), date(2024, 3, 26))],
        extensions=[
            Extension(date(2024, 4, 20)),
            Extension(date(2024, 4, 15), Period.workdays(30)),
            Extension(date(2024, 3, 5), Period.workdays(10)),
        ],
        extension_limit="20工作日",
        explain=True,
    )
    assert deadline.last_day == date(2024, 5, 21)
    assert deadline.due == end_of_day(date(2024, 5, 21))
    assert deadline.extension == 20
    assert deadline.start == datetime(2024, 3, 8, tzinfo=SHANGHAI)
    kinds = [step.kind for step in deadline.steps]
    assert kinds.count(StepKind.EXTENSION_CLAMPED) == 1
    assert kinds.count(StepKind.EXTENDED) == 1
    assert [s.note for s in deadline.steps if s.kind is StepKind.EXTENSION_IGNORED] == [
        "superseded",
        "count",
    ]
    lines = deadline.describe("zh", event="收到申请")
    assert lines[:4] == [
        "3月1日收到申请（当日不计）",
        "3月8日重新起算（当日不计，此前的暂停和延期不再适用）",
        "3月5日的延期告知因重新起算而不再适用",
        "3月9日至3月10日为周末，不计",
    ]
    assert "3月12日开始暂停（当日计入），3月13日至3月26日不计" in lines
    assert "延期30个工作日超过上限20个工作日，按20个工作日计" in lines
    assert "4月15日告知延期20个工作日，期限延至5月21日" in lines
    assert "4月20日的延期告知不计：延期以1次为限" in lines
    assert lines[-1] == "期限：5月21日24时"
    english = deadline.describe("en", event="application received")
    assert "paused on 12 March (that day counted); 13–26 March not counted" in english
    assert "the extension notified on 20 April is ignored: at most 1 allowed" in english


def test_the_pause_start_day_counts_and_counting_resumes_the_day_after() -> None:
    # 3月4日 (1), 5日 (2, consultation starts), 6日–20日 paused, 21日 (3) …
    # 4月3日 (12), 清明, 7日 (13), 8日–12日 (14–18), 15日 (19), 16日 (20).
    deadline = clock_deadline(
        "2024-03-01", TWENTY, CAL, pauses=[Pause(date(2024, 3, 5), date(2024, 3, 20))]
    )
    assert deadline.last_day == date(2024, 4, 16)


def test_a_pause_that_starts_on_the_last_day_changes_nothing() -> None:
    deadline = clock_deadline(
        "2024-03-01", TWENTY, CAL, pauses=[Pause(date(2024, 3, 29), date(2024, 4, 10))]
    )
    assert deadline.last_day == date(2024, 3, 29)


def test_overlapping_and_adjacent_pauses_merge() -> None:
    whole = clock_deadline(
        "2024-03-01", TWENTY, CAL, pauses=[Pause(date(2024, 3, 5), date(2024, 3, 20))]
    )
    overlapping = clock_deadline(
        "2024-03-01",
        TWENTY,
        CAL,
        pauses=[
            Pause(date(2024, 3, 8), date(2024, 3, 20)),
            Pause(date(2024, 3, 5), date(2024, 3, 10)),
        ],
    )
    adjacent = clock_deadline(
        "2024-03-01",
        TWENTY,
        CAL,
        pauses=[
            Pause(date(2024, 3, 5), date(2024, 3, 10)),
            Pause(date(2024, 3, 10), date(2024, 3, 20)),
        ],
    )
    assert whole.last_day == overlapping.last_day == adjacent.last_day == date(2024, 4, 16)


def test_a_pause_with_times_uses_their_days() -> None:
    deadline = clock_deadline(
        "2024-03-01 09:00",
        TWENTY,
        CAL,
        pauses=[Pause(datetime(2024, 3, 5, 16, 30), datetime(2024, 3, 20, 9, 0))],
    )
    assert deadline.last_day == date(2024, 4, 16)


def test_an_open_pause_suspends_the_clock() -> None:
    deadline = clock_deadline(
        "2024-03-01",
        TWENTY,
        CAL,
        pauses=[Pause(date(2024, 3, 5))],
        as_of="2024-04-01",
        explain=True,
    )
    assert deadline.suspended
    assert deadline.due is None
    assert deadline.last_day is None
    assert deadline.suspension is not None
    assert deadline.suspension.left == Amount(18, Unit.WORKDAYS)
    assert deadline.suspension.since == datetime(2024, 3, 5, tzinfo=SHANGHAI)
    assert is_on_time(deadline, "2024-12-31")
    assert remaining(deadline, "2024-04-01", CAL) == Amount(18, Unit.WORKDAYS)
    assert lateness(deadline, "2024-12-31", CAL) == Amount(0, Unit.WORKDAYS)
    assert deadline.describe("zh")[-1] == (
        "截至4月1日24时仍在暂停计算，尚余18个工作日，期限待恢复计算后确定"
    )
    # Without explain=True, describe() still says the clock is suspended.
    plain = clock_deadline(
        "2024-03-01", TWENTY, CAL, pauses=[Pause(date(2024, 3, 5))], as_of="2024-04-01"
    )
    assert plain == deadline
    assert "暂停" in plain.describe("zh")[-1]


def test_events_after_as_of_are_not_used() -> None:
    pauses = [Pause(date(2024, 3, 5), date(2024, 3, 20))]
    # The answer came after the as-of instant: still paused then.
    early = clock_deadline("2024-03-01", TWENTY, CAL, pauses=pauses, as_of="2024-03-15")
    assert early.suspended
    # As of the answer's day, it is known.
    known = clock_deadline("2024-03-01", TWENTY, CAL, pauses=pauses, as_of="2024-03-20")
    assert known.last_day == date(2024, 4, 16)
    # A pause that starts after as-of is not known yet.
    later = clock_deadline("2024-03-01", TWENTY, CAL, pauses=pauses, as_of="2024-03-04")
    assert later.last_day == date(2024, 3, 29)
    # A restart or an extension after as-of is not used either.
    restarted = clock_deadline(
        "2024-03-01", TWENTY, CAL, restarts=["2024-03-08"], as_of="2024-03-07 12:00"
    )
    assert restarted.last_day == date(2024, 3, 29)
    extended = clock_deadline(
        "2024-03-01",
        TWENTY,
        CAL,
        extensions=[Extension(date(2024, 3, 20))],
        extension_limit=TWENTY,
        as_of="2024-03-19",
    )
    assert extended.last_day == date(2024, 3, 29)


def test_an_extension_on_the_last_day_counts_one_after_it_does_not() -> None:
    on_time = clock_deadline(
        "2024-03-01", TWENTY, CAL, extensions=[Extension(date(2024, 3, 29))], extension_limit=TWENTY
    )
    # 3月29日 + 20: 4月1日–3日 (3), 清明, 7日 (4), 8日–12日 (9), 15日–19日 (14), 22日–26日 (19), 28日 (20).
    assert on_time.last_day == date(2024, 4, 28)
    late = clock_deadline(
        "2024-03-01",
        TWENTY,
        CAL,
        extensions=[Extension(datetime(2024, 3, 30, 0, 0))],
        extension_limit=TWENTY,
        explain=True,
    )
    assert late.last_day == date(2024, 3, 29)
    assert late.extension == 0
    assert "4月1日的延期告知" not in late.describe("zh")
    assert "3月30日的延期告知不计：晚于当时的期限3月29日" in late.describe("zh")


def test_more_extensions_when_allowed() -> None:
    deadline = clock_deadline(
        "2024-03-01",
        "10工作日",
        CAL,
        extensions=[
            Extension(date(2024, 3, 5), Period.workdays(5)),
            Extension(date(2024, 3, 6), Period.workdays(5)),
        ],
        max_extensions=2,
    )
    assert deadline.last_day == date(2024, 3, 29)
    assert deadline.extension == 10
    assert deadline.period == Period.workdays(10)


def test_a_restart_counts_afresh_and_a_pause_across_it_still_counts() -> None:
    restarted = clock_deadline("2024-03-01", TWENTY, CAL, restarts=[date(2024, 3, 8)])
    # From 3月8日: 11日 … 4月3日 (18), 清明, 7日 (19), 8日 (20).
    assert restarted.last_day == date(2024, 4, 8)
    # A consultation begun before the restart and answered after it keeps the clock stopped
    # until the answer: 3月9日–20日 not counted; 21日 (1) … 4月3日 (10), 7日 (11), 8日–12日, 15日–18日 (20).
    spanning = clock_deadline(
        "2024-03-01",
        TWENTY,
        CAL,
        restarts=[date(2024, 3, 8)],
        pauses=[Pause(date(2024, 3, 5), date(2024, 3, 20))],
    )
    assert spanning.last_day == date(2024, 4, 18)
    # A pause over before the restart does not matter.
    over = clock_deadline(
        "2024-03-01",
        TWENTY,
        CAL,
        restarts=[date(2024, 3, 8)],
        pauses=[Pause(date(2024, 3, 4), date(2024, 3, 6))],
    )
    assert over.last_day == restarted.last_day
    # The last of several restarts wins; a restart before the trigger is ignored.
    several = clock_deadline(
        "2024-03-01", TWENTY, CAL, restarts=[date(2024, 3, 8), date(2024, 2, 1), date(2024, 3, 4)]
    )
    assert several.last_day == date(2024, 4, 8)


def test_natural_days_and_months_pause_too() -> None:
    # 15日 from 3月1日 with 3月6日–10日 not counted: 3月16日 + 5 = 3月21日 (Thu).
    days = clock_deadline(
        "2024-03-01", "15日", CAL, pauses=[Pause(date(2024, 3, 5), date(2024, 3, 10))]
    )
    assert days.last_day == date(2024, 3, 21)
    # 1个月 from 1月10日 is 2月10日; 5 paused days → 2月15日 (春节) → rolled off to 2月18日.
    month = clock_deadline(
        "2024-01-10", "1个月", CAL, pauses=[Pause(date(2024, 1, 15), date(2024, 1, 20))]
    )
    assert month.last_day == date(2024, 2, 18)


def test_hours_pause_for_the_exact_duration() -> None:
    deadline = clock_deadline(
        "2024-05-01 10:15",
        "48小时",
        CAL,
        pauses=[Pause(datetime(2024, 5, 2, 8, 0), datetime(2024, 5, 2, 20, 0))],
        explain=True,
    )
    assert deadline.due == datetime(2024, 5, 3, 22, 15, tzinfo=SHANGHAI)
    assert deadline.describe("zh")[1] == "5月2日8时至20时暂停计时，不计"
    # A date alone: paused from the end of its start day to the end of its end day.
    by_day = clock_deadline(
        "2024-05-01 10:15", "48小时", CAL, pauses=[Pause(date(2024, 5, 1), date(2024, 5, 2))]
    )
    assert by_day.due == datetime(2024, 5, 4, 10, 15, tzinfo=SHANGHAI)
    extended = clock_deadline(
        "2024-05-01 10:15",
        "24小时",
        CAL,
        extensions=[Extension(datetime(2024, 5, 2, 9, 0), Period.hours(12))],
        extension_limit="24小时",
    )
    assert extended.due == datetime(2024, 5, 2, 22, 15, tzinfo=SHANGHAI)
    suspended = clock_deadline(
        "2024-05-01 10:15",
        "48小时",
        CAL,
        pauses=[Pause(datetime(2024, 5, 2, 10, 15))],
        as_of="2024-05-10",
    )
    assert suspended.suspension is not None
    assert suspended.suspension.left == Amount(24.0, Unit.HOURS)
    assert suspended.describe("zh")[-1] == "自5月2日起暂停计算，尚余24小时，期限待恢复计算后确定"
    assert suspended.describe("en")[-1] == (
        "paused since 2 May with 24 hours left; the deadline is fixed once the clock resumes"
    )


def test_inputs_in_any_order() -> None:
    pauses = [
        Pause(date(2024, 3, 5), date(2024, 3, 8)),
        Pause(date(2024, 3, 12), date(2024, 3, 14)),
        Pause(date(2024, 4, 1), date(2024, 4, 2)),
    ]
    extensions = [
        Extension(date(2024, 3, 20)),
        Extension(date(2024, 4, 25)),
        Extension(date(2024, 3, 25)),
    ]
    expected = clock_deadline(
        "2024-03-01", TWENTY, CAL, pauses=pauses, extensions=extensions, extension_limit=TWENTY
    )
    shuffler = random.Random(7)
    for _ in range(5):
        shuffler.shuffle(pauses)
        shuffler.shuffle(extensions)
        again = clock_deadline(
            "2024-03-01", TWENTY, CAL, pauses=pauses, extensions=extensions, extension_limit=TWENTY
        )
        assert again == expected


def test_bad_clock_arguments() -> None:
    with pytest.raises(UsageError, match="GK147"):
        clock_deadline(
            "2024-03-01", TWENTY, CAL, pauses=[Pause(date(2024, 3, 5), date(2024, 3, 4))]
        )
    with pytest.raises(UsageError, match="GK146"):
        clock_deadline("2024-03-01", TWENTY, CAL, extension_limit="20日")
    with pytest.raises(UsageError, match="GK146"):
        clock_deadline(
            "2024-03-01", TWENTY, CAL, extensions=[Extension(date(2024, 3, 5), Period.days(3))]
        )
    with pytest.raises(UsageError, match="GK148"):
        clock_deadline("2024-03-01", TWENTY, CAL, max_extensions=-1)
    with pytest.raises(UsageError, match="GK151"):
        clock_deadline("2024-03-01", TWENTY, CAL, extensions=[Extension(date(2024, 3, 5))])


def test_provisional_clocks_say_so() -> None:
    last = CAL.last_year
    provisional = CAL.with_provisional()
    deadline = clock_deadline(
        f"{last}-12-01",
        TWENTY,
        provisional,
        pauses=[Pause(date(last, 12, 3), date(last, 12, 10))],
    )
    assert deadline.provisional
    assert deadline.last_day is not None
    assert deadline.last_day > date(last, 12, 31)
