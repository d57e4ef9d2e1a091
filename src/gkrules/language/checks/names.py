"""Checks on names: duplicate and undefined rules and constants, and names close to standard ones."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from gkrules.diagnostics import Diagnostic
from gkrules.language import ast
from gkrules.language.checks.context import Context
from gkrules.language.checks.near import nearest, nearest_event
from gkrules.language.checks.walk import (
    Role,
    event_patterns,
    nodes,
    period_sites,
)
from gkrules.language.schema import STANDARD_EVENTS, attributes_of
from gkrules.source import Span

__all__ = [
    "attribute_outside_aggregate",
    "circular_constants",
    "duplicate_constants",
    "duplicate_rule_ids",
    "undefined_constants",
    "unknown_attributes",
    "unknown_events",
    "unknown_values",
    "unused_constants",
]


def duplicate_rule_ids(ctx: Context) -> Iterator[Diagnostic]:
    for rule in ctx.iter_rules():
        first = ctx.rules[rule.id]
        if first is not rule:
            yield ctx.error("GK310", rule.span, hint="GK310.hint", id=rule.id, first=first.span)


def duplicate_constants(ctx: Context) -> Iterator[Diagnostic]:
    for constant in ctx.iter_constants():
        first = ctx.constants[constant.name]
        if first is not constant:
            yield ctx.error(
                "GK311", constant.span, hint="GK311.hint", name=constant.name, first=first.span
            )


def _constant_refs(ctx: Context) -> Iterator[tuple[ast.NameRef, str]]:
    """Every name that must be a constant, with the file it is written in."""
    for constant in ctx.iter_constants():
        path = ctx.path_of(constant)
        for node, _, _ in nodes(constant.value, ()):
            if isinstance(node, ast.NameRef):
                yield node, path
    for rule in ctx.iter_rules():
        path = ctx.path_of(rule)
        for site in period_sites(rule):
            if isinstance(site.period, ast.NameRef):
                yield site.period, path
        for _expr_site, node, _, _ in ctx.walk(rule):
            if isinstance(node, ast.PeriodLit) and isinstance(node.amount, ast.NameRef):
                yield node.amount, path
        for site in period_sites(rule):
            if isinstance(site.period, ast.PeriodLit) and isinstance(
                site.period.amount, ast.NameRef
            ):
                yield site.period.amount, path


def undefined_constants(ctx: Context) -> Iterator[Diagnostic]:
    for ref, path in _constant_refs(ctx):
        if ctx.constant(path, ref.name) is not None or ctx.has_broken_imports(path):
            continue  # a file whose import failed may well define it: the import is reported
        elsewhere = ctx.constants.get(ref.name)
        if elsewhere is not None:
            yield ctx.error(
                "GK314",
                ref.span,
                hint="GK314.hint",
                name=ref.name,
                where=elsewhere.span,
                file=ctx.path_of(elsewhere),
                relative=_relative(ctx.path_of(elsewhere), path),
            )
            continue
        suggestion = nearest(ref.name, ctx.visible_constants(path))
        yield ctx.error(
            "GK312",
            ref.span,
            hint="hint.did_you_mean" if suggestion else "GK312.hint",
            name=ref.name,
            suggestion=suggestion,
        )


def unused_constants(ctx: Context) -> Iterator[Diagnostic]:
    """A constant nothing uses is probably misspelt where it was meant to be used."""
    used = {ref.name for ref, _ in _constant_refs(ctx)}
    for rule in ctx.iter_rules():
        for _site, node, _, _ in ctx.walk(rule):
            if isinstance(node, ast.NameRef):
                used.add(node.name)
    for constant in ctx.iter_constants():
        if constant.name not in used and ctx.constants[constant.name] is constant:
            yield ctx.warning("GK374", constant.span, hint="GK374.hint", name=constant.name)


def circular_constants(ctx: Context) -> Iterator[Diagnostic]:
    """Reported once per circle, at its member defined first."""
    reported: set[frozenset[str]] = set()
    for constant in ctx.iter_constants():
        if ctx.constants[constant.name] is not constant:
            continue
        cycle = _cycle_from(constant, ctx)
        if cycle is None or frozenset(cycle) in reported:
            continue
        reported.add(frozenset(cycle))
        start = cycle.index(constant.name) if constant.name in cycle else 0
        ordered = [*cycle[start:-1], *cycle[:start], cycle[start]]
        yield ctx.error("GK313", constant.span, hint="GK313.hint", cycle=" → ".join(ordered))


def _cycle_from(start: ast.Constant, ctx: Context) -> list[str] | None:
    path: list[str] = []

    def visit(constant: ast.Constant) -> list[str] | None:
        if constant.name in path:
            return [*path[path.index(constant.name) :], constant.name]
        path.append(constant.name)
        for node, _, _ in nodes(constant.value, ()):
            if isinstance(node, ast.NameRef):
                target = ctx.constant(ctx.path_of(constant), node.name)
                if target is not None:
                    found = visit(target)
                    if found is not None:
                        return found
        path.pop()
        return None

    return visit(start)


def attribute_outside_aggregate(ctx: Context) -> Iterator[Diagnostic]:
    """``抽查.checked`` names an attribute of many events; only an aggregate can say which value."""
    for rule in ctx.iter_rules():
        for site, node, _, inside in ctx.walk(rule):
            if isinstance(node, ast.AttrRef) and not inside:
                yield ctx.error(
                    "GK319",
                    node.span,
                    hint="GK319.hint",
                    event=node.event,
                    attribute=node.attribute,
                )
            elif (
                isinstance(node, ast.NameRef)
                and site.role is Role.WINDOW
                and not inside
                and ctx.constant(ctx.path_of(rule), node.name) is None
            ):
                suggestion = nearest(node.name, ctx.visible_constants(ctx.path_of(rule)))
                yield ctx.error(
                    "GK318",
                    node.span,
                    hint="GK318.constant" if suggestion else "GK318.hint",
                    name=node.name,
                    suggestion=suggestion,
                )


# --- names close to the standard schema (warnings: logs are vocabulary-free) ---------------------


def _event_uses(ctx: Context) -> Iterator[tuple[str, Span]]:
    for rule in ctx.iter_rules():
        for pattern in event_patterns(rule):
            for name in pattern.names:
                yield name, pattern.span
        for _site, node, _, _ in ctx.walk(rule):
            if isinstance(node, ast.Aggregate):
                for name in node.events:
                    yield name, node.span
            elif isinstance(node, ast.AttrRef):
                yield node.event, node.span


def unknown_events(ctx: Context) -> Iterator[Diagnostic]:
    uses = list(_event_uses(ctx))
    used = {name for name, _ in uses}
    candidates = [*STANDARD_EVENTS, *sorted(used - set(STANDARD_EVENTS))]
    warned: set[str] = set()
    for name, span in uses:
        if name in STANDARD_EVENTS or name in warned:
            continue
        warned.add(name)
        suggestion = nearest_event(name, candidates)
        if suggestion is not None:
            yield ctx.warning(
                "GK315", span, hint="hint.did_you_mean", name=name, suggestion=suggestion
            )
    for test in ctx.iter_tests():
        for event in test.events:
            if event.event in used or event.event in STANDARD_EVENTS:
                continue
            suggestion = nearest_event(event.event, sorted(used))
            if suggestion is not None:
                yield ctx.warning(
                    "GK315", event.span, hint="GK315.test", name=event.event, suggestion=suggestion
                )


def _attribute_uses(ctx: Context, rule: ast.Rule) -> Iterator[tuple[str, tuple[str, ...], Span]]:
    """(attribute, events it belongs to, where) for every attribute a rule names."""
    for site, node, events, inside in ctx.walk(rule):
        match node:
            case ast.NameRef(name=name) if events and (inside or site.role is not Role.WINDOW):
                yield name, events, node.span
            case ast.Presence(attribute=name) if events:
                yield name, events, node.span
            case ast.AttrRef(event=event, attribute=name):
                yield name, (event,), node.span
            case ast.Aggregate(attribute=str() as name):
                yield name, node.events, node.span
            case _:
                pass
    body = rule.body
    match body:
        case ast.DeadlineBody():
            events = body.trigger.names + body.fulfil.names
            for key in body.keys:
                yield key, events, body.span
        case ast.DateBody():
            for key in body.keys:
                yield key, body.require.names, body.span
        case ast.LimitBody():
            events = body.events.names + (body.closed_by.names if body.closed_by else ())
            for key in (*body.keys, *body.match):
                yield key, events, body.span
        case _:
            pass


def unknown_attributes(ctx: Context) -> Iterator[Diagnostic]:
    for rule in ctx.iter_rules():
        path = ctx.path_of(rule)
        for name, events, span in _attribute_uses(ctx, rule):
            known = attributes_of(events)
            if known is None or name in known or ctx.constant(path, name) is not None:
                continue
            suggestion = nearest(name, [*known, *ctx.visible_constants(path)])
            yield ctx.warning(
                "GK316",
                span,
                hint="hint.did_you_mean" if suggestion else "GK316.hint",
                name=name,
                events="、".join(events),
                suggestion=suggestion,
                known=", ".join(known),
            )


def unknown_values(ctx: Context) -> Iterator[Diagnostic]:
    """``level = "特别大"`` where the standard schema's ``level`` is one of 特别重大/重大/较大/一般."""
    for rule in ctx.iter_rules():
        path = ctx.path_of(rule)
        for _site, node, events, _ in ctx.walk(rule):
            pairs: list[tuple[ast.Expr, ast.Expr]] = []
            if isinstance(node, ast.Compare) and node.op in (
                ast.CompareOp.EQ,
                ast.CompareOp.NE,
            ):
                pairs = [(node.left, node.right), (node.right, node.left)]
            elif isinstance(node, ast.InList):
                pairs = [(node.subject, value) for value in node.values]
            for subject, value in pairs:
                if not (isinstance(subject, ast.NameRef) and isinstance(value, ast.StringLit)) or (
                    ctx.constant(path, subject.name) is not None
                ):
                    continue
                spec = (attributes_of(events) or {}).get(subject.name)
                if spec is None or not spec.values or value.value in spec.values:
                    continue
                suggestion = nearest(value.value, spec.values)
                yield ctx.warning(
                    "GK317",
                    value.span,
                    hint="hint.did_you_mean" if suggestion else "GK317.hint",
                    value=value.value,
                    name=subject.name,
                    suggestion=suggestion,
                    allowed="、".join(spec.values),
                )


def _relative(target: str, importer: str) -> str:
    """*target* as an import in *importer* would name it."""
    folder = posixpath.dirname(importer.replace("\\", "/"))
    return posixpath.relpath(target.replace("\\", "/"), folder or ".")
