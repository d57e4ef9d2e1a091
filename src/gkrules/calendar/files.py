"""Calendar files: TOML files that extend or correct the working-day calendar.

A file records its source (the notice's document number) and lists holidays and make-up working
days; a national file also declares the ``years`` it completes.  The format is documented in
docs/calendar-files.md.  Loading checks everything at once and raises
:class:`~gkrules.errors.CalendarFileError` with one diagnostic per problem, each naming
``file:line:col`` and showing the line with a caret.  tomllib keeps no positions, so
:class:`_Locator` finds the line of a key by scanning the text.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from attrs import evolve

from gkrules.calendar.data import (
    FIRST_YEAR,
    PROVISIONAL_LAST_YEAR,
    CalendarLayer,
    CalendarSource,
    DayEntry,
    DayKind,
)
from gkrules.calendar.messages import CATALOG
from gkrules.diagnostics import Diagnostic, Message, closest
from gkrules.errors import CalendarFileError
from gkrules.source import SourceFile, Span

__all__ = ["check_layer_fits", "load_calendar_file", "parse_calendar_text"]

TOP_KEYS = ("source", "title", "url", "region", "years", "note", "holidays", "makeup_workdays")
HOLIDAY_KEYS = ("date", "start", "end", "name", "source", "note")
MAKEUP_KEYS = ("date", "name", "source", "note")
#: The longest holiday run one entry may give (a longer one is almost surely a typo).
MAX_RUN_DAYS = 31
_WEEKDAY_WORDS = ("word.monday", "word.tuesday", "word.wednesday", "word.thursday", "word.friday")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def load_calendar_file(path: str | os.PathLike[str]) -> CalendarLayer:
    """Read and check one calendar file."""
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError, ValueError) as problem:  # ValueError: NUL in the path
        reason = problem.strerror if isinstance(problem, OSError) and problem.strerror else problem
        span = Span.for_line(name, 1)
        raise CalendarFileError(
            CATALOG.diagnostic("GK110", span, reason=str(reason), hint="GK111.hint")
        ) from None
    return parse_calendar_text(text, name)


def parse_calendar_text(
    text: str, path: str = "<calendar>", *, supplement_workdays: bool = False
) -> CalendarLayer:
    """Check a calendar file's text and return its layer.

    *supplement_workdays* lets a file without ``years`` set make-up working days (only the bundled
    corrections need this).
    """
    source = SourceFile(path, text)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise CalendarFileError(_syntax_error(source, str(problem))) from None
    checker = _Checker(source, _Locator(source))
    layer = checker.check(document, supplement_workdays)
    if checker.problems or layer is None:
        raise CalendarFileError(checker.problems)
    return layer


def check_layer_fits(layer: CalendarLayer, first_year: int, last_year: int) -> list[Diagnostic]:
    """Problems with applying *layer* on top of data covering *first_year*..*last_year*."""
    problems: list[Diagnostic] = []
    source = layer.source_file
    years = layer.source.years
    if years is not None and years[0] > last_year + 1:
        gap = f"{last_year + 1}" if years[0] == last_year + 2 else f"{last_year + 1}–{years[0] - 1}"
        problems.append(
            CATALOG.diagnostic(
                "GK122",
                layer.years_span,
                source,
                hint="GK122.hint",
                first=years[0],
                gap=gap,
                last=last_year,
                next=last_year + 1,
            )
        )
        return problems
    high = max(last_year, years[1]) if years is not None else last_year
    for entry in layer.entries:
        if not first_year <= entry.day.year <= high:
            problems.append(
                CATALOG.diagnostic(
                    "GK120",
                    entry.span,
                    source,
                    hint="GK120.hint",
                    day=entry.day.isoformat(),
                    allowed=f"{first_year}–{high}",
                )
            )
    return problems


def _syntax_error(source: SourceFile, message: str) -> Diagnostic:
    found = _TOML_POSITION.search(message)
    if found:
        line, column = int(found.group(1)), int(found.group(2))
        reason = message[: found.start()]
    else:
        reason = _TOML_AT_END.sub("", message)
        line = max(1, source.line_count - (1 if source.text.endswith("\n") else 0))
        column = len(source.line_text(line)) + 1
    start = source.offset(line, column)
    span = source.span(start, start + 1)
    return CATALOG.diagnostic("GK111", span, source, hint="GK111.hint", reason=reason)


class _Locator:
    """Finds where a key of the top level or of the k-th ``[[table]]`` is written."""

    _HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]|^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        #: (section name, index) -> (first line, last line) of its body; ("", 0) is the top level.
        self.sections: dict[tuple[str, int], tuple[int, int]] = {}
        self.headers: dict[tuple[str, int], int] = {}
        counts: dict[str, int] = {}
        current, start = ("", 0), 1
        for line in range(1, source.line_count + 1):
            found = self._HEADER.match(source.line_text(line))
            if found:
                self.sections[current] = (start, line - 1)
                name = found.group(1) or found.group(2)
                index = counts.get(name, 0)
                counts[name] = index + 1
                current, start = (name, index), line + 1
                self.headers[current] = line
        self.sections[current] = (start, source.line_count)

    def header(self, section: str, index: int) -> Span:
        line = self.headers.get((section, index))
        if line is None:
            return self.key(("", 0), section)
        text = self.source.line_text(line)
        column = len(text) - len(text.lstrip()) + 1
        return self._line_span(line, column, len(text.strip()))

    def key(self, where: tuple[str, int], key: str, value: bool = False) -> Span:
        """The span of ``key`` (or of its value) in a section; the section header if not found."""
        first, last = self.sections.get(where, (1, self.source.line_count))
        pattern = re.compile(r"^(\s*)(\"?)" + re.escape(key) + r"\2\s*=\s*")
        for line in range(first, last + 1):
            text = self.source.line_text(line)
            found = pattern.match(text)
            if not found:
                continue
            if not value:
                return self._line_span(
                    line, len(found.group(1)) + 1, len(key) + 2 * len(found.group(2))
                )
            rest = text[found.end() :]
            return self._line_span(line, found.end() + 1, max(1, len(_value_text(rest))))
        if where[0]:
            return self.header(*where)
        return self._line_span(1, 1, len(self.source.line_text(1)))

    def _line_span(self, line: int, column: int, length: int) -> Span:
        start = self.source.offset(line, column)
        return self.source.span(start, start + max(1, length))


def _value_text(rest: str) -> str:
    """The value part of ``key = value  # comment`` (quotes respected)."""
    if rest[:1] in ('"', "'"):
        closing = rest.find(rest[0], 1)
        return rest[: closing + 1] if closing > 0 else rest.rstrip()
    return rest.split("#", 1)[0].rstrip()


def _words(args: Mapping[str, object], words: Mapping[str, str], lang: int) -> dict[str, object]:
    filled = dict(args)
    for field_name, key in words.items():
        filled[field_name] = CATALOG.entries[key][lang].format(**args)
    return filled


class _Checker:
    """Checks a parsed document, collecting every problem."""

    def __init__(self, source: SourceFile, locator: _Locator) -> None:
        self.source = source
        self.locator = locator
        self.problems: list[Diagnostic] = []
        #: (section, key) pairs already reported as misspelt, so "missing key" is not said too.
        self.misspelt: set[tuple[tuple[str, int], str]] = set()
        self.file_has_source = False

    def report(
        self,
        code: str,
        span: Span,
        *,
        hint: str | None = None,
        words: Mapping[str, str] | None = None,
        notes: tuple[Message, ...] = (),
        **args: object,
    ) -> None:
        if words:
            en, zh = _words(args, words, 0), _words(args, words, 1)
        else:
            en = zh = dict(args)
        message = Message(
            CATALOG.entries[code][0].format(**en), CATALOG.entries[code][1].format(**zh)
        )
        hint_message = None
        if hint is not None:
            hint_message = Message(
                CATALOG.entries[hint][0].format(**en), CATALOG.entries[hint][1].format(**zh)
            )
        args_en: dict[str, Any] = en
        diagnostic = CATALOG.diagnostic(
            code, span, self.source, hint=hint_message, notes=notes, **args_en
        )
        self.problems.append(evolve(diagnostic, message=message))

    # -------------------------------------------------------------- the document

    def check(self, document: dict[str, Any], supplement_workdays: bool) -> CalendarLayer | None:
        top = ("", 0)
        self.file_has_source = "source" in document
        self.unknown_keys(document, TOP_KEYS, top, "word.file", 0)
        strings = {
            key: self.string(document, key, top) for key in ("source", "title", "url", "region")
        }
        self.string(document, "note", top)
        years = self.years(document, strings["region"])
        holidays = self.entries(document, "holidays", HOLIDAY_KEYS, "word.holidays_entry")
        makeups = self.entries(document, "makeup_workdays", MAKEUP_KEYS, "word.makeup_entry")
        file_source = strings["source"]

        seen: dict[date, tuple[DayKind, Span, str | None]] = {}
        entries: list[DayEntry] = []
        for index, table in enumerate(holidays):
            entries.extend(self.holiday(table, index, file_source, seen))
        for index, table in enumerate(makeups):
            entry = self.makeup(table, index, file_source, seen, years, supplement_workdays)
            if entry is not None:
                entries.append(entry)

        if (
            not holidays
            and not makeups
            and "holidays" not in document
            and "makeup_workdays" not in document
        ):
            self.report("GK126", self.locator.key(top, "source"), hint="GK126.hint")
        if years is not None and not self.problems:  # (not while other errors hide holidays)
            holiday_years = {entry.day.year for entry in entries if entry.kind is DayKind.HOLIDAY}
            for year in range(years[0], years[1] + 1):
                if year not in holiday_years:
                    span = self.locator.key(top, "years", value=True)
                    self.report("GK119", span, hint="GK119.hint", year=year)
        if self.problems:
            return None
        documents = tuple(dict.fromkeys(entry.source for entry in entries if entry.source))
        path = self.source.path
        return CalendarLayer(
            CalendarSource(
                path,
                documents,
                years,
                region=strings["region"],
                title=strings["title"],
                url=strings["url"],
                path=path,
            ),
            tuple(sorted(entries, key=lambda entry: (entry.day, entry.kind.value))),
            label=file_source,
            years_span=self.locator.key(top, "years", value=True) if years else None,
            source_file=self.source,
        )

    def unknown_keys(
        self,
        table: Mapping[str, Any],
        allowed: tuple[str, ...],
        where: tuple[str, int],
        word: str,
        index: int,
    ) -> None:
        for key in table:
            if key in allowed:
                continue
            suggestion = closest(key, allowed)
            if suggestion is not None:
                self.misspelt.add((where, suggestion))
            notes = (CATALOG.message("GK112.allowed", allowed=", ".join(allowed)),)
            self.report(
                "GK112",
                self.locator.key(where, key),
                hint="GK112.hint" if suggestion else None,
                words={"where": word},
                notes=() if suggestion else notes,
                field=key,
                suggestion=suggestion,
                index=index + 1,
            )

    def string(self, table: Mapping[str, Any], key: str, where: tuple[str, int]) -> str | None:
        value = table.get(key)
        if value is None or isinstance(value, str):
            return value.strip() or None if isinstance(value, str) else None
        self.wrong_type(key, value, where, "word.string")
        return None

    def wrong_type(self, key: str, value: object, where: tuple[str, int], expected: str) -> None:
        self.report(
            "GK114",
            self.locator.key(where, key, value=True),
            words={"expected": expected},
            field=key,
            got=_show(value),
        )

    def years(self, document: Mapping[str, Any], region: str | None) -> tuple[int, int] | None:
        value = document.get("years")
        if value is None:
            return None
        span = self.locator.key(("", 0), "years", value=True)
        if region is not None:
            self.report(
                "GK124", self.locator.key(("", 0), "years"), hint="GK124.hint", region=region
            )
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = [value, value]
        ok = (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(year, int) and not isinstance(year, bool) for year in value)
            and FIRST_YEAR <= value[0] <= value[1] <= PROVISIONAL_LAST_YEAR
        )
        if not ok:
            self.report("GK123", span, low=FIRST_YEAR, high=PROVISIONAL_LAST_YEAR, got=_show(value))
            return None
        return value[0], value[1]

    def entries(
        self, document: Mapping[str, Any], key: str, allowed: tuple[str, ...], word: str
    ) -> list[dict[str, Any]]:
        value = document.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.wrong_type(key, value, ("", 0), "word.tables")
            return []
        for index, table in enumerate(value):
            self.unknown_keys(table, allowed, (key, index), word, index)
        return value

    # -------------------------------------------------------------- entries

    def day(self, table: Mapping[str, Any], key: str, where: tuple[str, int]) -> date | None:
        value = table.get(key)
        span = self.locator.key(where, key, value=True)
        if isinstance(value, datetime):
            self.report(
                "GK115",
                span,
                hint="GK115.time",
                field=key,
                got=_show(value),
                iso=value.date().isoformat(),
            )
            return None
        if isinstance(value, date):
            if not FIRST_YEAR <= value.year <= PROVISIONAL_LAST_YEAR:
                allowed = f"{FIRST_YEAR}–{PROVISIONAL_LAST_YEAR}"
                self.report(
                    "GK120", span, hint="GK120.hint", day=value.isoformat(), allowed=allowed
                )
                return None
            return value
        if isinstance(value, str):
            try:
                iso = date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                self.report("GK115", span, hint="GK115.format", field=key, got=_show(value))
            else:
                self.report(
                    "GK115", span, hint="GK115.quoted", field=key, got=_show(value), iso=iso
                )
            return None
        self.wrong_type(key, value, where, "word.date")
        return None

    def common(
        self, table: Mapping[str, Any], where: tuple[str, int], word: str, file_source: str | None
    ) -> tuple[str | None, str | None, bool]:
        """(name, source, ok) of an entry."""
        ok = True
        name = self.string(table, "name", where)
        if "name" not in table:
            ok = False
        if "name" not in table and (where, "name") not in self.misspelt:
            self.report(
                "GK113",
                self.locator.header(*where),
                hint="GK113.hint",
                words={"where": word},
                field="name",
                example='name = "春节"',
                index=where[1] + 1,
            )
        source = self.string(table, "source", where) or file_source
        self.string(table, "note", where)
        if source is None and "source" not in table:
            ok = False
        if source is None and "source" not in table and not self.file_has_source:
            self.report(
                "GK127",
                self.locator.header(*where),
                hint="GK127.hint",
                words={"where": word},
                index=where[1] + 1,
            )
        return name, source, ok

    def holiday(
        self,
        table: Mapping[str, Any],
        index: int,
        file_source: str | None,
        seen: dict[date, tuple[DayKind, Span, str | None]],
    ) -> list[DayEntry]:
        where = ("holidays", index)
        word = "word.holidays_entry"
        name, source, ok = self.common(table, where, word, file_source)
        if "date" in table and ("start" in table or "end" in table):
            self.report("GK128", self.locator.key(where, "date"))
            return []
        if "date" in table:
            first = last = self.day(table, "date", where)
            span = self.locator.key(where, "date", value=True)
        elif "start" in table and "end" in table:
            first, last = self.day(table, "start", where), self.day(table, "end", where)
            span = self.locator.key(where, "start", value=True)
            if first is not None and last is not None:
                if last < first:
                    self.report(
                        "GK118",
                        self.locator.key(where, "end", value=True),
                        hint="GK118.hint",
                        start=first.isoformat(),
                        end=last.isoformat(),
                    )
                    return []
                if (last - first).days + 1 > MAX_RUN_DAYS:
                    self.report(
                        "GK129",
                        self.locator.key(where, "end", value=True),
                        start=first.isoformat(),
                        end=last.isoformat(),
                        days=(last - first).days + 1,
                        limit=MAX_RUN_DAYS,
                    )
                    return []
        else:
            missing = "end" if "start" in table else "start" if "end" in table else "date"
            example = {
                "date": "date = 2027-01-01",
                "start": "start = 2027-02-05",
                "end": "end = 2027-02-11",
            }
            if (where, missing) in self.misspelt:
                return []
            self.report(
                "GK113",
                self.locator.header(*where),
                hint="GK113.hint",
                words={"where": word},
                field=missing,
                example=example[missing],
                index=index + 1,
            )
            return []
        if first is None or last is None or not ok:
            return []
        entries = []
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            if self.duplicate(day, DayKind.HOLIDAY, span, name, seen):
                continue
            entries.append(DayEntry(day, DayKind.HOLIDAY, name, source, span))
        return entries

    def makeup(
        self,
        table: Mapping[str, Any],
        index: int,
        file_source: str | None,
        seen: dict[date, tuple[DayKind, Span, str | None]],
        years: tuple[int, int] | None,
        supplement_workdays: bool,
    ) -> DayEntry | None:
        where = ("makeup_workdays", index)
        word = "word.makeup_entry"
        name, source, ok = self.common(table, where, word, file_source)
        if "date" not in table:
            if (where, "date") in self.misspelt:
                return None
            self.report(
                "GK113",
                self.locator.header(*where),
                hint="GK113.hint",
                words={"where": word},
                field="date",
                example="date = 2027-02-20",
                index=index + 1,
            )
            return None
        day = self.day(table, "date", where)
        span = self.locator.key(where, "date", value=True)
        if day is None or not ok:
            return None
        if years is None and not supplement_workdays:
            if (("", 0), "years") not in self.misspelt:
                self.report("GK121", span, hint="GK121.hint")
            return None
        if day.weekday() < 5:
            self.report(
                "GK117",
                span,
                hint="GK117.hint",
                words={"weekday": _WEEKDAY_WORDS[day.weekday()]},
                day=day.isoformat(),
            )
            return None
        if self.duplicate(day, DayKind.MAKEUP_WORKDAY, span, name, seen):
            return None
        return DayEntry(day, DayKind.MAKEUP_WORKDAY, name, source, span)

    def duplicate(
        self,
        day: date,
        kind: DayKind,
        span: Span,
        name: str | None,
        seen: dict[date, tuple[DayKind, Span, str | None]],
    ) -> bool:
        previous = seen.get(day)
        if previous is None:
            seen[day] = (kind, span, name)
            return False
        previous_kind, previous_span, previous_name = previous
        if previous_kind is kind:
            word = "word.holiday" if kind is DayKind.HOLIDAY else "word.makeup_workday"
            self.report(
                "GK125", span, words={"kind": word}, day=day.isoformat(), line=previous_span.line
            )
        else:
            self.report(
                "GK116",
                span,
                hint="GK116.hint",
                day=day.isoformat(),
                holiday=previous_name,
                workday=name,
                line=previous_span.line,
            )
        return True


def _show(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_show(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{…}"
    return str(value)
