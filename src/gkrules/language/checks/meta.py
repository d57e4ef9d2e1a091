"""Checks on what surrounds a rule: its citation, title and id, and the tests written for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from gkrules.diagnostics import Diagnostic
from gkrules.language import ast
from gkrules.language.checks.context import Context
from gkrules.language.checks.near import nearest
from gkrules.language.lexing import find_fullwidth
from gkrules.language.schema import OBLIGATION_IDS, is_standard_rule_id

__all__ = [
    "citations",
    "fullwidth_punctuation",
    "standard_ids",
    "test_expectations",
    "test_times",
    "titles",
]

#: Tags that mark a rule as one of the standard rules (its id must be an obligation id).
STANDARD_TAGS = frozenset({"标准", "standard"})

#: The verdicts a test may expect, with the Chinese words for them.
STATUSES = {
    "met": "met",
    "violated": "violated",
    "pending": "pending",
    "not_applicable": "not_applicable",
    "已履行": "met",
    "已违反": "violated",
    "待履行": "pending",
    "不适用": "not_applicable",
}


def citations(ctx: Context) -> Iterator[Diagnostic]:
    for rule in ctx.iter_rules():
        if rule.citation is None or not rule.citation.document.strip():
            yield ctx.warning("GK370", rule.span, hint="GK370.hint", id=rule.id)


def titles(ctx: Context) -> Iterator[Diagnostic]:
    for rule in ctx.iter_rules():
        if not rule.title.strip():
            yield ctx.warning("GK372", rule.span, hint="GK372.hint", id=rule.id)


def standard_ids(ctx: Context) -> Iterator[Diagnostic]:
    """A rule tagged 标准 implements an obligation: its id is ``L5`` or a part such as ``S8.2``."""
    for rule in ctx.iter_rules():
        if STANDARD_TAGS & set(rule.tags) and not is_standard_rule_id(rule.id):
            suggestion = nearest(rule.id, OBLIGATION_IDS)
            yield ctx.warning(
                "GK371",
                rule.span,
                hint="GK371.hint",
                id=rule.id,
                suggestion=suggestion or "L5",
            )


def _expectation_keys(rule: ast.Rule) -> tuple[str, ...] | None:
    """The keys a verdict of *rule* carries (``window`` for dates and windows); ``None``: unknown."""
    match rule.body:
        case ast.DeadlineBody(keys=keys):
            return keys
        case ast.DateBody(keys=keys) | ast.WindowBody(keys=keys):
            return (*keys, "window")
        case _:
            return None


def fullwidth_punctuation(ctx: Context) -> Iterator[Diagnostic]:
    """Full-width punctuation is read as ASCII; say so once per file, at the first one."""
    for loaded in ctx.files:
        found = find_fullwidth(loaded.source.text, loaded.path)
        if found:
            first = found[0]
            yield ctx.warning(
                "GK373",
                first.span,
                hint="GK373.hint",
                found=first.original,
                ascii=first.ascii,
                count=len(found),
            )


def _parse_time(text: str) -> dt.datetime | None:
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
        return dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None


def test_times(ctx: Context) -> Iterator[Diagnostic]:
    """Test times are ISO dates or date-times; an event after the as-of instant is never seen."""
    for test in ctx.iter_tests():
        as_of = None
        if test.as_of is not None:
            as_of = _parse_time(test.as_of)
            if as_of is None:
                yield ctx.error("GK382", test.span, hint="GK382.hint", time=test.as_of)
        for event in test.events:
            at = _parse_time(event.time)
            if at is None:
                yield ctx.error("GK382", event.span, hint="GK382.hint", time=event.time)
            elif as_of is not None and _naive(at) > _naive(as_of) and not _same_day(event, test):
                yield ctx.warning(
                    "GK383", event.span, hint="GK383.hint", time=event.time, as_of=test.as_of
                )


def _naive(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value
    shanghai = dt.timezone(dt.timedelta(hours=8))
    return value.astimezone(shanghai).replace(tzinfo=None)


def _same_day(event: ast.TestEvent, test: ast.TestBlock) -> bool:
    """A date-only as-of means the end of that day: events on it are seen."""
    return test.as_of is not None and len(test.as_of) == 10 and event.time[:10] == test.as_of


def test_expectations(ctx: Context) -> Iterator[Diagnostic]:
    names: dict[str, ast.TestBlock] = {}
    for test in ctx.iter_tests():
        first = names.setdefault(test.name, test)
        if first is not test:
            yield ctx.warning(
                "GK385", test.span, hint="GK385.hint", name=test.name, first=first.span
            )
        if not test.expectations:
            yield ctx.warning("GK384", test.span, hint="GK384.hint", name=test.name)
        for expect in test.expectations:
            rule = ctx.rules.get(expect.rule)
            if rule is None:
                suggestion = nearest(expect.rule, ctx.rules)
                yield ctx.error(
                    "GK380",
                    expect.span,
                    hint="hint.did_you_mean" if suggestion else "GK380.hint",
                    id=expect.rule,
                    suggestion=suggestion,
                )
            if expect.status not in STATUSES:
                suggestion = nearest(expect.status, STATUSES)
                yield ctx.error(
                    "GK381",
                    expect.span,
                    hint="hint.did_you_mean" if suggestion else "GK381.hint",
                    status=expect.status,
                    suggestion=suggestion,
                )
            keys = _expectation_keys(rule) if rule is not None else None
            if rule is not None and keys is not None:
                for key, _ in expect.keys:
                    if key not in keys:
                        yield ctx.error(
                            "GK386",
                            expect.span,
                            hint="GK386.hint",
                            name=key,
                            id=rule.id,
                            keys=", ".join(keys) or "—",
                        )
