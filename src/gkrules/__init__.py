"""gkrules: 政务公开 compliance rules, working-day deadlines and event-log checking.

The public API is re-exported here; see docs/api.md.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from gkrules.api import RuleSet, load
from gkrules.errors import (
    CalendarError,
    CalendarFileError,
    CalendarRangeError,
    EvaluationError,
    EventLogError,
    GkError,
    RuleCheckError,
    RuleError,
    RuleSyntaxError,
    UsageError,
)

try:
    __version__ = version("gkrules")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
    __version__ = "0+unknown"

__all__ = [
    "CalendarError",
    "CalendarFileError",
    "CalendarRangeError",
    "EvaluationError",
    "EventLogError",
    "GkError",
    "RuleCheckError",
    "RuleError",
    "RuleSet",
    "RuleSyntaxError",
    "UsageError",
    "__version__",
    "load",
]
