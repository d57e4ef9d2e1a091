"""The calendar's data: what each day is, where that comes from, and the bundled layers.

A calendar is built from *layers*, applied in order, later ones winning on a day:

1. the ``chinese-calendar`` package's tables (:func:`bundled_layer`), 2004 through its last year;
2. ``data/corrections.toml``, the package's known errors, each citing its notice
   (:func:`corrections_layer`);
3. the user's calendar files (:mod:`gkrules.calendar.files`), in the order given.

A layer only lists the days that differ from the plain week: holidays (rest days, including the
weekend days inside a holiday run) and make-up working days (调休上班, always a Saturday or Sunday).
"""

from __future__ import annotations

import enum
import functools
from datetime import date
from importlib import resources
from importlib.metadata import PackageNotFoundError, version

from attrs import field, frozen

from gkrules.source import SourceFile, Span

__all__ = [
    "HOLIDAY_NAMES",
    "CalendarLayer",
    "CalendarSource",
    "DayEntry",
    "DayInfo",
    "DayKind",
    "bundled_layer",
    "chinese_calendar_label",
    "corrections_layer",
    "corrections_text",
]

#: The first year gkrules knows; the holiday law before 2004 differed and is not modelled.
FIRST_YEAR = 2004
#: The last year provisional answers reach (the lunar table and the solar-term formula stop here).
PROVISIONAL_LAST_YEAR = 2099

#: chinese-calendar's English holiday names → the names the State Council's notices use.
HOLIDAY_NAMES: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


class DayKind(enum.Enum):
    """What a day is in the working-day calendar."""

    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP_WORKDAY = "makeup_workday"

    @property
    def is_workday(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)


@frozen
class DayInfo:
    """One day explained: its kind, the holiday (or the holiday a 调休 day serves), and its source.

    ``name`` is the holiday's Chinese name for a holiday (春节, 国庆节, 元旦 …) and, for a make-up
    working day, the holiday whose 调休 it serves (e.g. 春节); ``None`` for plain days.
    ``source`` is the document number of the notice that fixes the day (国办发明电〔2023〕7号 …) or
    the data package (``"chinese-calendar 1.11.0"``); ``None`` for provisional plain days.
    """

    day: date
    kind: DayKind
    name: str | None
    provisional: bool
    source: str | None

    @property
    def is_workday(self) -> bool:
        return self.kind.is_workday


@frozen
class CalendarSource:
    """Where some of the calendar's data comes from: the package, the corrections or a user file."""

    #: A short name: ``"chinese-calendar 1.11.0"``, ``"corrections.toml"`` or the file's path.
    name: str
    #: The document numbers of the notices behind the data (国办发明电〔2025〕7号 …).
    documents: tuple[str, ...] = ()
    #: The years this source makes authoritative (first, last), or ``None`` for a supplement.
    years: tuple[int, int] | None = None
    region: str | None = None
    title: str | None = None
    url: str | None = None
    path: str | None = None


@frozen
class DayEntry:
    """One day a layer sets: a holiday (rest day) or a make-up working day."""

    day: date
    kind: DayKind
    name: str | None
    #: The document number to cite for this day.
    source: str | None
    #: Where the entry was written (for diagnostics); not part of equality.
    span: Span | None = field(default=None, eq=False, repr=False)


@frozen
class CalendarLayer:
    """A set of day entries from one source."""

    source: CalendarSource
    entries: tuple[DayEntry, ...]
    #: The label cited for the plain days of the years this layer completes.
    label: str | None = None
    #: Where ``years`` was written (for diagnostics about gaps); not part of equality.
    years_span: Span | None = field(default=None, eq=False, repr=False)
    #: The file's text, for the excerpts of diagnostics raised when the layer is applied.
    source_file: SourceFile | None = field(default=None, eq=False, repr=False)


def chinese_calendar_label() -> str:
    """``"chinese-calendar <version>"`` for the installed package."""
    try:
        return f"chinese-calendar {version('chinese-calendar')}"
    except PackageNotFoundError:  # pragma: no cover - the package is a dependency
        import chinese_calendar

        return f"chinese-calendar {chinese_calendar.__version__}"


@functools.cache
def bundled_layer() -> CalendarLayer:
    """The holidays and make-up working days of the installed ``chinese-calendar`` package."""
    from chinese_calendar import constants

    label = chinese_calendar_label()
    entries: list[DayEntry] = []
    for day, english in sorted(constants.holidays.items()):
        entries.append(DayEntry(day, DayKind.HOLIDAY, _chinese_name(english), label))
    for day, english in sorted(constants.workdays.items()):
        entries.append(DayEntry(day, DayKind.MAKEUP_WORKDAY, _chinese_name(english), label))
    years = [day.year for day in constants.holidays]
    source = CalendarSource(label, (), (min(years), max(years)))
    return CalendarLayer(source, tuple(sorted(entries, key=_entry_order)), label=label)


def _chinese_name(english: str) -> str:
    name = HOLIDAY_NAMES.get(english)
    if name is not None:
        return name
    from chinese_calendar.constants import Holiday

    try:  # a holiday added by a later chinese-calendar release
        return str(Holiday(english).chinese)
    except ValueError:
        return english


def _entry_order(entry: DayEntry) -> tuple[date, str]:
    return entry.day, entry.kind.value


def corrections_text() -> str:
    """The text of the bundled ``data/corrections.toml``."""
    return (
        resources.files("gkrules.calendar")
        .joinpath("data", "corrections.toml")
        .read_text(encoding="utf-8")
    )


@functools.cache
def corrections_layer() -> CalendarLayer:
    """The bundled corrections to the package's data, each entry citing its notice."""
    from gkrules.calendar.files import parse_calendar_text

    layer = parse_calendar_text(
        corrections_text(), "gkrules/calendar/data/corrections.toml", supplement_workdays=True
    )
    return CalendarLayer(
        CalendarSource(
            "corrections.toml",
            layer.source.documents,
            None,
            title=layer.source.title,
            path=layer.source.path,
        ),
        layer.entries,
        label=None,
        source_file=layer.source_file,
    )
