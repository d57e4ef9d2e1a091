"""``gkrules deadline`` and ``gkrules calendar``: the questions officers ask most.

``deadline 2026-09-30 +3工作日`` computes a deadline with its reasoning;
``calendar 2026-10`` shows a month with its holidays and make-up working days.
Both follow the calendar's out-of-range policy (C7): an error naming the
missing year, or with ``--provisional`` an answer marked provisional.
"""

from __future__ import annotations

import calendar as month_calendar
import json
import re
from datetime import date, time
from pathlib import Path

import click

from gkrules.calendar import DayInfo, DayKind, WorkdayCalendar
from gkrules.calendar.instants import to_instant
from gkrules.calendar.periods import Counting, Period, compute_deadline
from gkrules.cli.common import calendar_options, lang_of, make_calendar
from gkrules.diagnostics import Lang
from gkrules.reports.messages import usage_error

__all__ = ["calendar_command", "deadline_command"]

_WEEKDAYS = {
    "zh": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def _provisional_note(lang: Lang, calendar: WorkdayCalendar) -> str:
    if lang == "zh":
        return (
            f"注意：本结果为暂定结果——{calendar.last_year + 1}年起的放假安排尚未公布，"
            "按《全国年节及纪念日放假办法》的法定节假日和周末推算，未含调休。"
            "国务院办公厅通知公布后，请用 --calendar 加载日历文件重新计算。"
        )
    return (
        f"Note: this answer is PROVISIONAL — the holiday notice for {calendar.last_year + 1} onwards"
        " is not yet published; it uses the statutory holidays and weekends without 调休 swaps."
        " Load the notice with --calendar FILE once it is published."
    )


@click.command("deadline")
@click.argument("start")
@click.argument("period")
@calendar_options
@click.option(
    "--start-day-counted", is_flag=True, help="Count the start day as day 1 (overrides C1)."
)
@click.option(
    "--no-roll-off", is_flag=True, help="Do not move a natural-day deadline off rest days (C4)."
)
@click.option(
    "--cutoff", metavar="HH:MM", help="The last day ends at this time instead of 24:00 (C5)."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.pass_context
def deadline_command(
    ctx: click.Context,
    start: str,
    period: str,
    calendar_files: tuple[Path, ...],
    provisional: bool,
    start_day_counted: bool,
    no_roll_off: bool,
    cutoff: str | None,
    output_format: str,
) -> None:
    """Compute a deadline: START (a date or date-time) plus PERIOD (+3工作日, +48小时, +1个月, +15日).

    计算期限：起算日（或时刻）加期间，例如 gkrules deadline 2026-09-30 +3工作日。
    """
    lang = lang_of(ctx)
    calendar = make_calendar(calendar_files, provisional)
    counting = Counting(
        count_start_day=start_day_counted,
        roll_off=not no_roll_off,
        cutoff=_parse_cutoff(cutoff) if cutoff else None,
    )
    parsed = Period.parse(period.strip().lstrip("+"))
    deadline = compute_deadline(to_instant(start), parsed, calendar, counting, explain=True)
    if output_format == "json":
        record = {
            "start": to_instant(start).isoformat(),
            "period": {"value": parsed.amount, "unit": parsed.unit.zh},
            "last_day": deadline.last_day.isoformat() if deadline.last_day else None,
            "due": deadline.due.isoformat() if deadline.due else None,
            "provisional": deadline.provisional,
            "explanation": deadline.describe(lang),
        }
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    if deadline.last_day is not None:
        weekday = _WEEKDAYS[lang][deadline.last_day.weekday()]
        head = deadline.last_day.isoformat() + f" ({weekday})"
    else:
        assert deadline.due is not None
        head = deadline.due.isoformat(timespec="minutes")
    label = "期限" if lang == "zh" else "Deadline"
    click.echo(f"{label}: {head}" + (" [暂定]" if lang == "zh" and deadline.provisional else ""))
    if lang == "en" and deadline.provisional:
        click.echo("[PROVISIONAL]")
    for line in deadline.describe(lang):
        click.echo(f"  {line}")
    if deadline.provisional:
        click.echo(_provisional_note(lang, calendar))


def _parse_cutoff(text: str) -> time:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise usage_error("GK628", value=repr(text))
    return time(int(match.group(1)), int(match.group(2)))


_MARKS: dict[DayKind, dict[str, str]] = {
    DayKind.HOLIDAY: {"zh": "休", "en": "H"},
    DayKind.MAKEUP_WORKDAY: {"zh": "班", "en": "W"},
    DayKind.WEEKEND: {"zh": "  ", "en": " "},
    DayKind.WORKDAY: {"zh": "  ", "en": " "},
}


@click.command("calendar")
@click.argument("month", metavar="YYYY-MM")
@calendar_options
@click.pass_context
def calendar_command(
    ctx: click.Context, month: str, calendar_files: tuple[Path, ...], provisional: bool
) -> None:
    """Show a month: holidays (休/H) and make-up working days (班/W), with their sources.

    显示一个月的日历：标出法定节假日（休）和调休上班日（班）及其依据。
    """
    lang = lang_of(ctx)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise usage_error("GK629", value=repr(month))
    year, number = int(match.group(1)), int(match.group(2))
    calendar = make_calendar(calendar_files, provisional)
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(year, number)
    infos = {day: calendar.day_info(day) for week in weeks for day in week if day.month == number}
    if lang == "zh":
        click.echo(f"{year}年{number}月".center(36))
        click.echo(" ".join(f" {name[-1]} " for name in _WEEKDAYS["zh"]).rstrip())
    else:
        click.echo(date(year, number, 1).strftime("%B %Y").center(36))
        click.echo(" ".join(name[:3] for name in _WEEKDAYS["en"]))
    for week in weeks:
        cells = []
        for day in week:
            if day.month != number:
                cells.append("    ")
                continue
            info = infos[day]
            cells.append(f"{day.day:>2}{_MARKS[info.kind][lang]}")
        click.echo(" ".join(cells).rstrip())
    click.echo()
    notes = _month_notes(infos, lang)
    for line in notes:
        click.echo(line)
    if any(info.provisional for info in infos.values()):
        click.echo(_provisional_note(lang, calendar))


def _month_notes(infos: dict[date, DayInfo], lang: Lang) -> list[str]:
    """One line per run of holidays (or make-up day): dates, what they are, and the source."""
    runs: list[list[DayInfo]] = []
    for day in sorted(infos):
        info = infos[day]
        if info.kind not in (DayKind.HOLIDAY, DayKind.MAKEUP_WORKDAY):
            continue
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and info.kind is DayKind.HOLIDAY
            and last.kind is DayKind.HOLIDAY
            and (info.day - last.day).days == 1
            and (info.name, info.source) == (last.name, last.source)
        ):
            runs[-1].append(info)
        else:
            runs.append([info])
    lines = []
    for run in runs:
        first, final = run[0], run[-1]
        when = first.day.isoformat()
        if final.day != first.day:
            when += (" 至 " if lang == "zh" else " to ") + final.day.isoformat()
        weekday = _WEEKDAYS[lang][first.day.weekday()]
        name = first.name or ""
        provisional = first.provisional
        if lang == "zh":
            what = (
                f"{name}假期，共{len(run)}天"
                if first.kind is DayKind.HOLIDAY
                else f"{weekday}调休上班（{name}）"
            )
            cite = f"；依据：{first.source}" if first.source else ""
            mark = "（暂定）" if provisional else ""
            lines.append(f"{when} {what}{mark}{cite}")
        else:
            what = (
                f"{name} holiday, {len(run)} day(s)"
                if first.kind is DayKind.HOLIDAY
                else f"{weekday}: make-up working day ({name})"
            )
            cite = f"; source: {first.source}" if first.source else ""
            mark = " (provisional)" if provisional else ""
            lines.append(f"{when} {what}{mark}{cite}")
    return lines
