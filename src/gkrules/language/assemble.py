"""Clauses → one rule shape; test lines → a test block.

A rule's clauses come in any order.  Its shape is decided by the clause that defines it —
``至多`` (limit) before ``每月…`` (window) before ``对每个`` (for each) before ``须`` (a deadline
with ``在 … 内``/``同日``, or a date with ``不晚于``/``早于``) — and every other clause must belong
to that shape.  What cannot be said in the AST is refused here with a GK2xx diagnostic pointing at
the clause: a clause given twice, a clause of another shape, a missing ``当`` or ``须满足``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from attrs import evolve, frozen

from gkrules.diagnostics import Message
from gkrules.errors import RuleSyntaxError
from gkrules.language import ast
from gkrules.language.messages import WORDS, diagnostic, message
from gkrules.source import SourceFile, Span

__all__ = ["Clause", "assemble_rule", "assemble_test"]


@frozen
class Clause:
    """One clause of a rule or line of a test, before the rule is assembled."""

    kind: str
    value: Any
    span: Span
    keyword: str = ""


#: Clauses that may appear more than once.
_REPEATABLE = frozenset({"pause", "ensure"})
#: Clauses every rule may carry.
_HEADER = frozenset({"source", "severity", "effective", "tags"})
#: shape → (its word in messages, the clauses it allows besides the header).
_SHAPES: dict[str, tuple[str, frozenset[str]]] = {
    "deadline": (
        "deadline",
        frozenset(
            {
                "when",
                "per",
                "require",
                "pause",
                "restart",
                "extend",
                "only_if",
                "one_to_one",
                "counting",
            }
        ),
    ),
    "date": ("date_rule", frozenset({"per", "require", "counting"})),
    "window": ("window", frozenset({"window", "per", "ensure"})),
    "limit": ("limit", frozenset({"limit", "per"})),
    "each": ("each", frozenset({"for_each", "ensure"})),
}
_DEFAULT_KEYS = {"deadline": ("case",), "date": (), "window": ("unit",), "limit": ("unit",)}


def _error(code: str, span: Span, source: SourceFile, **args: Any) -> RuleSyntaxError:
    return RuleSyntaxError(diagnostic(code, span, source, **args))


def _single(
    clauses: Sequence[Clause], block: Message, source: SourceFile
) -> dict[str, list[Clause]]:
    by_kind: dict[str, list[Clause]] = {}
    for clause in clauses:
        seen = by_kind.setdefault(clause.kind, [])
        if seen and clause.kind not in _REPEATABLE:
            first = seen[0]
            raise RuleSyntaxError(
                diagnostic(
                    "GK213",
                    clause.span,
                    source,
                    notes=(message("GK213.first", line=first.span.line),),
                    clause=Message.same(clause.keyword or clause.kind),
                    block=block,
                )
            )
        seen.append(clause)
    return by_kind


def _shape(by_kind: dict[str, list[Clause]]) -> str | None:
    if "limit" in by_kind:
        return "limit"
    if "window" in by_kind:
        return "window"
    if "for_each" in by_kind:
        return "each"
    if "require" in by_kind:
        due: Clause = by_kind["require"][0].value[1]
        return "date" if due.kind in ("by", "before") else "deadline"
    return None


def assemble_rule(
    rule_id: Clause,
    title: str,
    clauses: Sequence[Clause],
    span: Span,
    header: Span,
    source: SourceFile,
) -> ast.Rule:
    """The :class:`ast.Rule` these clauses describe, or the first reason they describe none."""
    by_kind = _single(clauses, WORDS["rule"], source)
    shape = _shape(by_kind)
    if shape is None:
        raise RuleSyntaxError(diagnostic("GK214", header, source, hint="GK214.hint"))
    word, allowed = _SHAPES[shape]
    for clause in clauses:
        if clause.kind not in allowed and clause.kind not in _HEADER:
            raise _error(
                "GK215",
                clause.span,
                source,
                clause=Message.same(clause.keyword or clause.kind),
                shape=WORDS[word],
            )

    def one(kind: str) -> Any:
        found = by_kind.get(kind)
        return found[0].value if found else None

    keys = one("per")
    if keys is None:
        keys = _DEFAULT_KEYS.get(shape, ())
    body: ast.RuleBody
    if shape == "deadline":
        if "when" not in by_kind:
            raise RuleSyntaxError(
                diagnostic(
                    "GK219",
                    by_kind["require"][0].span,
                    source,
                    hint="GK219.when",
                    shape=WORDS[word],
                    clause=Message("when", "当"),
                )
            )
        fulfil, due = one("require")
        body = ast.DeadlineBody(
            trigger=one("when"),
            fulfil=fulfil,
            period=due.value,
            keys=keys,
            pauses=tuple(c.value for c in by_kind.get("pause", ())),
            restart=one("restart"),
            extension=one("extend"),
            only_if=one("only_if"),
            one_to_one=bool(one("one_to_one")),
            counting=one("counting") or ast.Counting(),
            span=span,
        )
    elif shape == "date":
        fulfil, due = one("require")
        counting: ast.Counting = one("counting") or ast.Counting()
        if due.kind == "before" and not counting.exclusive:
            counting = evolve(counting, exclusive=True)
        body = ast.DateBody(fulfil, due.value, keys=keys, counting=counting, span=span)
    elif shape in ("window", "each"):
        requirements = tuple(c.value for c in by_kind.get("ensure", ()))
        if not requirements:
            defining = by_kind["window" if shape == "window" else "for_each"][0]
            raise RuleSyntaxError(
                diagnostic(
                    "GK219",
                    defining.span,
                    source,
                    hint="GK219.ensure",
                    shape=WORDS[word],
                    clause=Message("ensure", "须满足"),
                )
            )
        if shape == "window":
            body = ast.WindowBody(one("window"), requirements, keys=keys, span=span)
        else:
            body = ast.EachBody(one("for_each"), requirements, span=span)
    else:
        body = evolve(one("limit"), keys=keys, span=span)
    return ast.Rule(
        rule_id.value,
        title,
        body,
        citation=one("source"),
        severity=one("severity") or ast.Severity.REQUIRED,
        effective=one("effective"),
        tags=one("tags") or (),
        span=span,
        clause_spans=tuple((c.kind, c.span) for c in clauses),
    )


def assemble_test(
    name: str, lines: Sequence[Clause], span: Span, source: SourceFile
) -> ast.TestBlock:
    """The :class:`ast.TestBlock` of a test's lines (``截至`` at most once)."""
    as_of = [line for line in lines if line.kind == "as_of"]
    if len(as_of) > 1:
        raise RuleSyntaxError(
            diagnostic(
                "GK213",
                as_of[1].span,
                source,
                notes=(message("GK213.first", line=as_of[0].span.line),),
                clause=Message.same(as_of[1].keyword),
                block=WORDS["test"],
            )
        )
    return ast.TestBlock(
        name,
        as_of[0].value if as_of else None,
        tuple(line.value for line in lines if line.kind == "event"),
        tuple(line.value for line in lines if line.kind == "expect"),
        span=span,
        clause_spans=tuple((line.kind, line.span) for line in lines),
    )
