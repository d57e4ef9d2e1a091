"""The engine: event logs loaded into columns (and, later, the evaluator that checks them).

``load_events`` reads CSV, JSON Lines, mappings, DataFrames and Arrow tables into
an :class:`EventLog`; see docs/event-logs.md.
"""

from __future__ import annotations

from gkrules.engine.events import EventLog, Groups
from gkrules.engine.loading import load_events
from gkrules.engine.log_columns import MAX_CELL_CHARS, STANDARD_COLUMNS, Column
from gkrules.engine.log_report import (
    DuplicateRow,
    LoadReport,
    SetAsideRow,
    SourceReport,
    unused_event_names,
)
from gkrules.engine.timeparse import ACCEPTED_TIME_FORMS, ParsedTime, parse_time

__all__ = [
    "ACCEPTED_TIME_FORMS",
    "MAX_CELL_CHARS",
    "STANDARD_COLUMNS",
    "Column",
    "DuplicateRow",
    "EventLog",
    "Groups",
    "LoadReport",
    "ParsedTime",
    "SetAsideRow",
    "SourceReport",
    "load_events",
    "parse_time",
    "unused_event_names",
]
