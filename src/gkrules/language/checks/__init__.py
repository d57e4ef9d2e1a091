"""The semantic checks of the rules language: each a small function in :data:`CHECKS`.

A check takes the :class:`~gkrules.language.checks.context.Context` of a whole program (all files,
their imports and the names they define) and yields :class:`~gkrules.diagnostics.Diagnostic`
values — errors and warnings, codes GK310–GK389, both languages (``check_messages``).  Checks never
raise and never stop early: a run reports every problem of every file, sorted by place.

Adding a check: write ``def my_check(ctx: Context) -> Iterator[Diagnostic]`` in the module of its
family, add its messages to ``check_messages.CATALOG``, list it here, add a golden file in
``tests/golden/diagnostics/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from gkrules.diagnostics import Diagnostic
from gkrules.language.checks import bodies, conditions, meta, names, timing, typecheck
from gkrules.language.checks.context import Context, LoadedFile

__all__ = ["CHECKS", "Check", "Context", "LoadedFile", "run_checks"]

Check = Callable[[Context], Iterable[Diagnostic]]

#: Every check, in the order their diagnostics are produced (they are sorted by place afterwards).
CHECKS: tuple[Check, ...] = (
    # names
    names.duplicate_rule_ids,
    names.duplicate_constants,
    names.undefined_constants,
    names.circular_constants,
    names.unused_constants,
    names.attribute_outside_aggregate,
    names.unknown_events,
    names.unknown_attributes,
    names.unknown_values,
    # kinds of value
    typecheck.comparisons,
    typecheck.value_kinds,
    typecheck.conditions_are_conditions,
    typecheck.constants_in_periods,
    # periods, dates and clocks
    timing.period_sizes,
    timing.hour_conventions,
    timing.date_conventions,
    timing.month_days,
    timing.effective_dates,
    timing.extensions,
    timing.clock_controls,
    timing.same_events,
    # conditions
    conditions.constant_conditions,
    conditions.contradictions,
    conditions.unreachable_cases,
    # rule shapes
    bodies.window_requirements,
    bodies.aggregates,
    bodies.this_year,
    bodies.limits,
    # metadata and tests
    meta.citations,
    meta.titles,
    meta.standard_ids,
    meta.fullwidth_punctuation,
    meta.test_times,
    meta.test_expectations,
)


def run_checks(files: Iterable[LoadedFile], checks: Iterable[Check] = CHECKS) -> list[Diagnostic]:
    """Every diagnostic of every check over *files*, sorted by place then code."""
    ctx = Context.build(tuple(files))
    found = [diagnostic for check in checks for diagnostic in check(ctx)]
    return sorted(found, key=Diagnostic.sort_key)
