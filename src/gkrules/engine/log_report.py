"""What loading a log did: rows read, loaded, set aside, duplicated — per source, with reasons.

Nothing is lost silently: for every source and in total,
``rows_read == rows_loaded + rows_set_aside + duplicates_dropped + rows_skipped`` (a
property test checks it on logs with injected faults; rows are skipped only when the
caller asks for some events' rows alone).  Blank lines are not rows and are
counted apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from attrs import frozen

from gkrules.diagnostics import Diagnostic, Lang, closest, render_all
from gkrules.engine.messages import message

if TYPE_CHECKING:
    from gkrules.engine.events import EventLog

__all__ = [
    "DuplicateRow",
    "LoadReport",
    "SetAsideRow",
    "SourceReport",
    "unused_event_names",
]

#: At most this many set-aside rows and duplicates are listed one by one (all are counted).
MAX_LISTED = 1000

_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 BOM",
    "gb18030": "GB18030",
    "utf-16": "UTF-16",
}


@frozen
class SourceReport:
    """The accounting of one source (a file, a stream, rows, a DataFrame or a Table)."""

    name: str
    format: str
    encoding: str | None
    encoding_detected: bool
    reader: str
    rows_read: int
    rows_loaded: int
    rows_set_aside: int
    duplicates_found: int
    duplicates_dropped: int
    zone_assumed: int
    date_only: int
    blank_rows: int
    #: Rows of events not asked for (``load_events(events=...)``): counted, not read.
    rows_skipped: int = 0

    @property
    def balanced(self) -> bool:
        return self.rows_read == (
            self.rows_loaded + self.rows_set_aside + self.duplicates_dropped + self.rows_skipped
        )


@frozen
class SetAsideRow:
    """A row left out in lenient mode, with every problem found in it."""

    source: str
    row: int
    codes: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def location(self) -> str:
        return f"{self.source}:{self.row}"


@frozen
class DuplicateRow:
    """A row equal to an earlier one in every column (times compared as instants)."""

    source: str
    row: int
    first_source: str
    first_row: int

    @property
    def location(self) -> str:
        return f"{self.source}:{self.row}"

    @property
    def first_location(self) -> str:
        return f"{self.first_source}:{self.first_row}"


@frozen
class LoadReport:
    """Everything a load did to the rows it read."""

    sources: tuple[SourceReport, ...]
    set_aside: tuple[SetAsideRow, ...]
    set_aside_by_code: tuple[tuple[str, int], ...]
    duplicates: tuple[DuplicateRow, ...]
    dedupe: str
    tz: str
    #: The rows not read because no one asked for their event: (event, rows), most rows first.
    skipped_events: tuple[tuple[str, int], ...] = ()

    @property
    def rows_skipped(self) -> int:
        return sum(s.rows_skipped for s in self.sources)

    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.sources)

    @property
    def rows_loaded(self) -> int:
        return sum(s.rows_loaded for s in self.sources)

    @property
    def rows_set_aside(self) -> int:
        return sum(s.rows_set_aside for s in self.sources)

    @property
    def duplicates_found(self) -> int:
        return sum(s.duplicates_found for s in self.sources)

    @property
    def duplicates_dropped(self) -> int:
        return sum(s.duplicates_dropped for s in self.sources)

    @property
    def zone_assumed(self) -> int:
        return sum(s.zone_assumed for s in self.sources)

    @property
    def date_only(self) -> int:
        return sum(s.date_only for s in self.sources)

    @property
    def balanced(self) -> bool:
        """Whether every row read is accounted for (always true; tests check it)."""
        return all(s.balanced for s in self.sources)

    def summary(self, lang: Lang = "en", limit: int = 20) -> str:
        """A few lines for people: totals, each source, assumed zones, duplicates, rows set aside."""
        lines = [
            message(
                "summary.total",
                loaded=self.rows_loaded,
                read=self.rows_read,
                files=len(self.sources),
                set_aside=self.rows_set_aside,
                dropped=self.duplicates_dropped,
            ).get(lang)
        ]
        for source in self.sources:
            if source.encoding is None:
                encoding = ""
            else:
                key = (
                    "summary.encoding_detected" if source.encoding_detected else "summary.encoding"
                )
                shown = _ENCODING_NAMES.get(source.encoding, source.encoding)
                encoding = message(key, encoding=shown).get(lang)
            lines.append(
                "  "
                + message(
                    "summary.source",
                    name=source.name,
                    read=source.rows_read,
                    loaded=source.rows_loaded,
                    set_aside=source.rows_set_aside,
                    dropped=source.duplicates_dropped,
                    format=source.format,
                    encoding=encoding,
                ).get(lang)
            )
            if source.blank_rows:
                blank = message("summary.blank", name=source.name, blank=source.blank_rows)
                lines.append("  " + blank.get(lang))
        if self.rows_skipped:
            names = "、".join(name for name, _ in self.skipped_events[:5])
            more = "…" if len(self.skipped_events) > 5 else ""
            skipped = message("summary.skipped", count=self.rows_skipped, events=names + more)
            lines.append(skipped.get(lang))
        if self.zone_assumed:
            zone = message(
                "summary.zone", count=self.zone_assumed, tz=self.tz, dates=self.date_only
            )
            lines.append(zone.get(lang))
        if self.duplicates_found:
            key = "summary.duplicates_drop" if self.dedupe == "drop" else "summary.duplicates_keep"
            lines.append(message(key, count=self.duplicates_found).get(lang))
        if self.rows_set_aside:
            lines.append(message("summary.set_aside", count=self.rows_set_aside).get(lang))
            diagnostics = [d for row in self.set_aside for d in row.diagnostics]
            listed = render_all(diagnostics, lang, limit)
            lines.extend("  " + line if line else "" for line in listed.splitlines())
        return "\n".join(lines)


def unused_event_names(
    log: EventLog, used_names: Iterable[str]
) -> list[tuple[str, int, str | None]]:
    """Event names in *log* that no rule uses: ``(name, rows, closest used name or None)``.

    Most rows first.  Logs hold more than the rules need, so this is information, never an
    error; the suggestion catches a name misspelt in the rules or in the log.
    """
    used: Sequence[str] = sorted(set(used_names))
    unused = [(name, count) for name, count in log.event_counts().items() if name not in used]
    unused.sort(key=lambda item: (-item[1], item[0]))
    return [(name, count, closest(name, used)) for name, count in unused]
