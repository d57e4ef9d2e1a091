"""The one hierarchy of exceptions gkrules raises on purpose.

Everything a user can cause — a bad rule file, a bad calendar file, a bad log
row, a date the calendar does not know — raises a subclass of
:class:`GkError` carrying one or more :class:`~gkrules.diagnostics.Diagnostic`.
Any other exception escaping gkrules is a bug (the fuzz tests check this).

::

    GkError
    ├── UsageError            bad arguments to the API or the CLI
    ├── CalendarError
    │   ├── CalendarRangeError   a date outside the calendar's known years
    │   └── CalendarFileError    a malformed or contradictory calendar file
    ├── RuleError
    │   ├── RuleSyntaxError      a .gk file that does not parse
    │   └── RuleCheckError       a .gk file that parses but is wrong (all problems at once)
    ├── EventLogError            event-log rows that cannot be read (all problems at once)
    └── EvaluationError          a rule cannot be evaluated on the data given
"""

from __future__ import annotations

from collections.abc import Iterable

from gkrules.diagnostics import Diagnostic, Lang, Message, Severity, render_all

__all__ = [
    "CalendarError",
    "CalendarFileError",
    "CalendarRangeError",
    "EvaluationError",
    "EventLogError",
    "GkError",
    "RuleCheckError",
    "RuleError",
    "RuleSyntaxError",
    "UsageError",
]


class GkError(Exception):
    """Base class: a problem the user can fix, described by diagnostics."""

    #: Diagnostic code used when the error is built from a plain message.
    default_code = "GK000"

    def __init__(self, diagnostics: Iterable[Diagnostic] | Diagnostic | Message | str) -> None:
        if isinstance(diagnostics, str):
            diagnostics = Message.same(diagnostics)
        if isinstance(diagnostics, Message):
            diagnostics = Diagnostic(self.default_code, Severity.ERROR, diagnostics)
        if isinstance(diagnostics, Diagnostic):
            diagnostics = (diagnostics,)
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__(self.diagnostics)

    def render(self, lang: Lang = "en", limit: int = 50) -> str:
        """All diagnostics, sorted and capped, in *lang*."""
        return render_all(self.diagnostics, lang, limit)

    def __str__(self) -> str:
        return self.render("en")


class UsageError(GkError):
    """Bad arguments to the API or the command line."""

    default_code = "GK001"


class CalendarError(GkError):
    """A problem with the working-day calendar."""

    default_code = "GK100"


class CalendarRangeError(CalendarError):
    """A date outside the years the calendar knows (and provisional answers were not asked for)."""

    default_code = "GK101"


class CalendarFileError(CalendarError):
    """A calendar file that is malformed or contradicts itself or the data it extends."""

    default_code = "GK110"


class RuleError(GkError):
    """A problem in .gk rule text."""

    default_code = "GK200"


class RuleSyntaxError(RuleError):
    """A .gk file that does not parse."""

    default_code = "GK201"


class RuleCheckError(RuleError):
    """A .gk file that parses but breaks the language's rules."""

    default_code = "GK300"


class EventLogError(GkError):
    """Event-log rows that cannot be read or validated."""

    default_code = "GK400"


class EvaluationError(GkError):
    """A rule that cannot be evaluated on the data given."""

    default_code = "GK500"
