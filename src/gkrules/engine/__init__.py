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

# --- evaluation: verdicts, reports, rule tests (docs/api.md, docs/evaluation.md) -----------------
from gkrules.engine.evaluate import evaluate
from gkrules.engine.report import LogAccounting, Report, SummaryRow, UnusedEvent
from gkrules.engine.ruletests import TestReport, TestResult, load_test_table
from gkrules.engine.verdicts import RowRef, Status, Verdict

__all__ += [
    "LogAccounting",
    "Report",
    "RowRef",
    "Status",
    "SummaryRow",
    "TestReport",
    "TestResult",
    "UnusedEvent",
    "Verdict",
    "evaluate",
    "load_test_table",
]
