"""Parse → AST: the callbacks Lark calls as it reduces each grammar rule.

:class:`Builder` is given to Lark as an inline transformer (``Lark(transformer=…)``): each method
is named after a rule (or alias) of ``grammar.lark`` and receives that rule's children — tokens
(``keep_all_tokens``: keywords too) and whatever the callbacks below it returned.  It returns
:mod:`gkrules.language.ast` nodes, or small :class:`Clause` records that :meth:`Builder.rule`
assembles into one of the five rule shapes.

A node's span runs from its first child to its last.  The file being parsed (its path and text,
for spans and error excerpts) is per parse, held in a context variable by :func:`building`, so
one parser serves every thread.

Errors found here are still *syntax* errors (GK2xx): an unknown unit, an impossible date, a
clause given twice, a clause that does not fit the rule's shape.  They are raised at once, so the
first one in the file is reported.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, TypeVar

from attrs import frozen
from lark import Token

from gkrules.calendar.periods import UNIT_ALIASES, Unit
from gkrules.diagnostics import Message, closest
from gkrules.errors import RuleSyntaxError
from gkrules.language import ast
from gkrules.language.assemble import Clause, assemble_rule, assemble_test
from gkrules.language.lexing import LIMITS, decode_string
from gkrules.language.messages import WORDS, diagnostic
from gkrules.source import SourceFile, Span

__all__ = ["Builder", "building", "resolve_unit"]

_N = TypeVar("_N")


@frozen
class _Context:
    source: SourceFile
    depths: dict[int, int]


_CONTEXT: ContextVar[_Context] = ContextVar("gkrules.language.build")


@contextlib.contextmanager
def building(source: SourceFile) -> Iterator[None]:
    """Let the builder's callbacks know which file they are building (for spans and errors)."""
    token = _CONTEXT.set(_Context(source, {}))
    try:
        yield
    finally:
        _CONTEXT.reset(token)


# ---------------------------------------------------------------------------------------------
# Spans and small readers


#: lark's Token, typed loosely: its positions are Optional in lark's annotations but always set here.
_TOKEN: Any = Token


def _span(first: Any, last: Any) -> Span:
    path = _CONTEXT.get().source.path
    if isinstance(first, _TOKEN):
        start, line, column = first.start_pos, first.line, first.column
    else:
        s = first.span
        start, line, column = s.start, s.line, s.column
    if isinstance(last, _TOKEN):
        return Span(path, start, last.end_pos, line, column, last.end_line, last.end_column)
    e = last.span
    return Span(path, start, e.end, line, column, e.end_line, e.end_column)


def _span_of(children: Sequence[Any]) -> Span:
    return _span(children[0], children[-1])


def _fail(code: str, span: Span, **args: Any) -> RuleSyntaxError:
    return RuleSyntaxError(diagnostic(code, span, _CONTEXT.get().source, **args))


def _name(token: Any) -> str:
    value: str = token.value
    return value[1:-1] if token.type == "QNAME" else value


def _is_name(child: Any) -> bool:
    return isinstance(child, Token) and child.type in ("NAME", "QNAME")


def _names(children: Sequence[Any]) -> tuple[str, ...]:
    return tuple(_name(c) for c in children if _is_name(c))


def _nodes(children: Sequence[Any]) -> list[Any]:
    return [c for c in children if not isinstance(c, Token)]


def _string(token: Any) -> str:
    value, bad = decode_string(token.value)
    if bad is not None:
        start = token.start_pos + bad + 1  # the character after the backslash
        source = _CONTEXT.get().source
        raise RuleSyntaxError(
            diagnostic(
                "GK212",
                source.span(start - 1, start + 1),
                source,
                hint="GK212.hint",
                char=Message.same(token.value[bad + 1]),
            )
        )
    return value


_DATE_ZH = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_MONTH_DAY = re.compile(r"(\d{1,2})(?:-|月)(\d{1,2})日?")


def _date(token: Any) -> dt.date:
    text = token.value
    match = _DATE_ZH.fullmatch(text)
    parts = match.groups() if match else text[:10].split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise _fail("GK211", _span(token, token), what=WORDS["date"], text=text) from None


def _month_day(token: Any) -> ast.MonthDay:
    match = _MONTH_DAY.fullmatch(token.value)
    assert match is not None
    month, day = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]):
        raise _fail("GK211", _span(token, token), what=WORDS["month_day"], text=token.value)
    return ast.MonthDay(month, day, span=_span(token, token))


def _time(token: Any) -> dt.time:
    hours, minutes = token.value.split(":")
    try:
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise _fail("GK211", _span(token, token), what=WORDS["time"], text=token.value) from None


def _timestamp(token: Any) -> str:
    """A test event's time as the log loader reads it: ISO dates and date-times, checked."""
    if token.type == "DATETIME":
        day = _date(token)
        clock = re.match(r"(\d\d?):(\d\d)(?::(\d\d))?", token.value[11:])
        assert clock is not None
        hours, minutes, seconds = (int(g or 0) for g in clock.groups())
        if hours > 23 or minutes > 59 or seconds > 59:
            raise _fail("GK211", _span(token, token), what=WORDS["time"], text=token.value)
        return f"{day.isoformat()}{token.value[10:]}"
    return _date(token).isoformat()


def _whole_number(token: Any) -> int:
    if not token.value.isdigit():
        raise _fail("GK217", _span(token, token), text=token.value)
    return int(token.value)


def resolve_unit(text: str) -> tuple[Unit, str] | None:
    """The unit a period's unit word names, and the spelling kept (``工作日内`` → 工作日)."""
    candidates = [text]
    if text.endswith("内"):
        candidates.append(text[:-1])
    for candidate in list(candidates):
        if candidate.startswith("个"):
            candidates.append(candidate[1:])
    for candidate in candidates:
        unit = UNIT_ALIASES.get(candidate) or UNIT_ALIASES.get(candidate.lower())
        if unit is not None:
            return unit, candidate
    return None


_SEVERITY = {
    "必须": ast.Severity.REQUIRED,
    "required": ast.Severity.REQUIRED,
    "建议": ast.Severity.ADVISORY,
    "原则上": ast.Severity.ADVISORY,
    "advisory": ast.Severity.ADVISORY,
}
_WINDOW = {
    "每月": ast.Window.MONTH,
    "每季度": ast.Window.QUARTER,
    "每半年": ast.Window.HALF_YEAR,
    "每年": ast.Window.YEAR,
    "EVERY_MONTH_EN": ast.Window.MONTH,
    "EVERY_QUARTER_EN": ast.Window.QUARTER,
    "EVERY_HALF_YEAR_EN": ast.Window.HALF_YEAR,
    "EVERY_YEAR_EN": ast.Window.YEAR,
}
_COMPARE = {
    "EQ": ast.CompareOp.EQ,
    "EQEQ": ast.CompareOp.EQ,
    "NE": ast.CompareOp.NE,
    "NE_SIGN": ast.CompareOp.NE,
    "LT": ast.CompareOp.LT,
    "LE": ast.CompareOp.LE,
    "LE_SIGN": ast.CompareOp.LE,
    "GT": ast.CompareOp.GT,
    "GE": ast.CompareOp.GE,
    "GE_SIGN": ast.CompareOp.GE,
}
_ARITHMETIC = {
    "PLUS": ast.BoolOp.ADD,
    "MINUS": ast.BoolOp.SUB,
    "STAR": ast.BoolOp.MUL,
    "SLASH": ast.BoolOp.DIV,
}
_AGGREGATE = {
    "次数": ast.AggregateFunc.COUNT,
    "count": ast.AggregateFunc.COUNT,
    "合计": ast.AggregateFunc.SUM,
    "sum": ast.AggregateFunc.SUM,
    "最小": ast.AggregateFunc.MIN,
    "min": ast.AggregateFunc.MIN,
    "最大": ast.AggregateFunc.MAX,
    "max": ast.AggregateFunc.MAX,
    "最新": ast.AggregateFunc.LATEST,
    "latest": ast.AggregateFunc.LATEST,
}
_STATUS = {
    "已履行": "met",
    "met": "met",
    "已违反": "violated",
    "violated": "violated",
    "待履行": "pending",
    "pending": "pending",
    "不适用": "not_applicable",
    "not_applicable": "not_applicable",
}


class Builder:
    """Lark's inline transformer for ``grammar.lark``: one method per rule or alias."""

    # -- depth of expressions ----------------------------------------------------------------

    @staticmethod
    def _deep(node: _N, *children: Any) -> _N:
        depths = _CONTEXT.get().depths
        depth = 1 + max((depths.get(id(child), 1) for child in children), default=0)
        if depth > 1:
            if depth > LIMITS.expression_depth:
                raise RuleSyntaxError(
                    diagnostic(
                        "GK216",
                        getattr(node, "span", None),
                        _CONTEXT.get().source,
                        hint="GK216.hint",
                        limit=LIMITS.expression_depth,
                    )
                )
            depths[id(node)] = depth
        return node

    # -- file items ----------------------------------------------------------------------------

    def start(self, children: list[Any]) -> list[Any]:
        return children

    def import_(self, c: list[Any]) -> ast.Import:
        return ast.Import(_string(c[1]), span=_span_of(c))

    def constant(self, c: list[Any]) -> ast.Constant:
        return ast.Constant(_name(c[1]), c[3], span=_span_of(c))

    def rule_id(self, c: list[Any]) -> Clause:
        return Clause("id", "".join(_name(t) if _is_name(t) else t.value for t in c), _span_of(c))

    def rule(self, c: list[Any]) -> ast.Rule:
        rule_id: Clause = c[1]
        clauses = [x for x in c[4:-1] if isinstance(x, Clause)]
        return assemble_rule(
            rule_id, _string(c[2]), clauses, _span_of(c), _span(c[0], c[2]), _CONTEXT.get().source
        )

    # -- rule header clauses ---------------------------------------------------------------------

    def citation(self, c: list[Any]) -> Clause:
        parts = {x.kind: x.value for x in c[2:]}
        citation = ast.Citation(
            _string(c[1]), parts.get("article"), parts.get("quote"), span=_span_of(c)
        )
        return Clause("source", citation, citation.span, c[0].value)

    def article(self, c: list[Any]) -> Clause:
        return Clause("article", _string(c[1]), _span_of(c))

    def quote(self, c: list[Any]) -> Clause:
        return Clause("quote", _string(c[1]), _span_of(c))

    def severity(self, c: list[Any]) -> Clause:
        return Clause("severity", _SEVERITY[c[1].value], _span_of(c), c[0].value)

    def effective_from(self, c: list[Any]) -> Clause:
        end = _date(c[4]) if len(c) > 3 else None
        span = _span_of(c)
        return Clause("effective", ast.Effective(_date(c[2]), end, span=span), span, c[0].value)

    def effective_until(self, c: list[Any]) -> Clause:
        span = _span_of(c)
        return Clause("effective", ast.Effective(None, _date(c[2]), span=span), span, c[0].value)

    def effective_year(self, c: list[Any]) -> Clause:
        text = c[1].value.rstrip("年")
        span = _span_of(c)
        if not (len(text) == 4 and text.isdigit()):
            raise _fail("GK211", _span(c[1], c[1]), what=WORDS["year"], text=c[1].value)
        year = int(text)
        effective = ast.Effective(dt.date(year, 1, 1), dt.date(year, 12, 31), span=span)
        return Clause("effective", effective, span, c[0].value)

    def tags(self, c: list[Any]) -> Clause:
        tags = tuple(
            _string(x) if x.type == "STRING" else _name(x)
            for x in c[1:]
            if x.type in ("NAME", "QNAME", "STRING")
        )
        return Clause("tags", tags, _span_of(c), c[0].value)

    # -- body clauses ------------------------------------------------------------------------------

    def when(self, c: list[Any]) -> Clause:
        return Clause("when", c[1], _span_of(c), c[0].value)

    def per(self, c: list[Any]) -> Clause:
        return Clause("per", _names(c[1:]), _span_of(c), c[0].value)

    def ungrouped(self, c: list[Any]) -> Clause:
        return Clause("per", (), _span_of(c), c[0].value)

    def require(self, c: list[Any]) -> Clause:
        return Clause("require", (c[1], c[2]), _span_of(c), c[0].value)

    def within(self, c: list[Any]) -> Clause:
        return Clause("within", c[1], _span_of(c))

    def same_day(self, c: list[Any]) -> Clause:
        return Clause("same_day", None, _span_of(c))

    def due_by(self, c: list[Any]) -> Clause:
        last = c[-1]
        due = (
            ast.DateLit(_date(last), span=_span(last, last))
            if last.type in ("DATE", "DATE_ZH")
            else _month_day(last)
        )
        exclusive = c[0].value in ("早于", "before")
        return Clause("before" if exclusive else "by", due, _span_of(c))

    def pause(self, c: list[Any]) -> Clause:
        span = _span_of(c)
        return Clause("pause", ast.Pause(c[2], c[4], span=span), span, c[0].value)

    def restart(self, c: list[Any]) -> Clause:
        return Clause("restart", c[2], _span_of(c), c[0].value)

    def extend(self, c: list[Any]) -> Clause:
        amount: str | None = None
        times = 1
        limit: Any = None
        for child in c[3:]:
            if isinstance(child, Token):
                if _is_name(child):
                    amount = _name(child)
                elif child.type == "NUMBER":
                    times = _whole_number(child)
            else:
                limit = child
        span = _span_of(c)
        extension = ast.Extension(c[2], amount, limit, times, span=span)
        return Clause("extend", extension, span, c[0].value)

    def only_if(self, c: list[Any]) -> Clause:
        return Clause("only_if", c[-1], _span_of(c), c[0].value)

    def one_to_one(self, c: list[Any]) -> Clause:
        return Clause("one_to_one", True, _span_of(c), c[0].value)

    def counting(self, c: list[Any]) -> Clause:
        options: dict[str, Clause] = {}
        for option in _nodes(c[1:]):
            if option.kind in options:
                raise _fail(
                    "GK213",
                    option.span,
                    clause=Message.same(option.keyword),
                    block=WORDS["rule"],
                    notes=(),
                )
            options[option.kind] = option
        span = _span_of(c)
        counting = ast.Counting(
            start_day_counted="start_day_counted" in options,
            roll_off="no_roll_off" not in options,
            cutoff=options["cutoff"].value if "cutoff" in options else None,
            exclusive="exclusive_end" in options,
            span=span,
        )
        return Clause("counting", counting, span, c[0].value)

    def start_day_counted(self, c: list[Any]) -> Clause:
        return Clause("start_day_counted", True, _span_of(c), c[0].value)

    def no_roll_off(self, c: list[Any]) -> Clause:
        return Clause("no_roll_off", True, _span_of(c), c[0].value)

    def cutoff(self, c: list[Any]) -> Clause:
        return Clause("cutoff", _time(c[1]), _span_of(c), c[0].value)

    def exclusive_end(self, c: list[Any]) -> Clause:
        return Clause("exclusive_end", True, _span_of(c), c[0].value)

    def window(self, c: list[Any]) -> Clause:
        token = c[0]
        window = _WINDOW.get(token.value) or _WINDOW[token.type]
        return Clause("window", window, _span_of(c), token.value)

    def ensure(self, c: list[Any]) -> Clause:
        nodes = _nodes(c)
        span = _span_of(c)
        requirement = ast.Requirement(nodes[0], nodes[1] if len(nodes) > 1 else None, span=span)
        return Clause("ensure", requirement, span, c[0].value)

    def limit(self, c: list[Any]) -> Clause:
        maximum = next(_whole_number(x) for x in c if isinstance(x, Token) and x.type == "NUMBER")
        patterns = _nodes(c)
        last_pattern = max(i for i, x in enumerate(c) if not isinstance(x, Token))
        span = _span_of(c)
        body = ast.LimitBody(
            maximum,
            patterns[0],
            patterns[1] if len(patterns) > 1 else None,
            _names(c[last_pattern + 1 :]) if len(patterns) > 1 else (),
            span=span,
        )
        return Clause("limit", body, span, c[0].value)

    def for_each(self, c: list[Any]) -> Clause:
        return Clause("for_each", c[1], _span_of(c), c[0].value)

    def event_pattern(self, c: list[Any]) -> ast.EventPattern:
        last = c[-1]
        where = None if isinstance(last, Token) else last
        return ast.EventPattern(_names(c), where, span=_span_of(c))

    # -- periods -------------------------------------------------------------------------------------

    def period_choice(self, c: list[Any]) -> ast.PeriodChoice:
        nodes = _nodes(c)
        has_otherwise = any(isinstance(x, Token) and x.value in ("否则", "otherwise") for x in c)
        otherwise = nodes.pop() if has_otherwise else None
        cases = tuple((nodes[i + 1], nodes[i]) for i in range(0, len(nodes), 2))
        return ast.PeriodChoice(cases, otherwise, span=_span_of(c))

    def period_lit(self, c: list[Any]) -> ast.PeriodLit:
        unit_token: Token = c[-1]
        first: Token = c[0]
        amount: ast.NumberLit | ast.NameRef
        if first.type == "MINUS":
            amount = ast.NumberLit(-Decimal(c[1].value), span=_span(first, c[1]))
        elif first.type == "NUMBER":
            amount = ast.NumberLit(Decimal(first.value), span=_span(first, first))
        else:
            amount = ast.NameRef(_name(first), span=_span(first, first))
        resolved = resolve_unit(unit_token.value)
        if resolved is None:
            suggestion = closest(unit_token.value.removesuffix("内"), UNIT_ALIASES)
            source = _CONTEXT.get().source
            hint = (
                Message(f"did you mean '{suggestion}'?", f"是否应为“{suggestion}”？")
                if suggestion
                else Message(
                    "units are 工作日, 日 (天), 小时, 个月, 年, workdays, days, hours, months, years",
                    "可用单位：工作日、日（天）、小时、个月、年",
                )
            )
            raise RuleSyntaxError(
                diagnostic(
                    "GK203",
                    _span(unit_token, unit_token),
                    source,
                    hint=hint,
                    unit=Message.same(unit_token.value),
                )
            )
        unit, unit_text = resolved
        return ast.PeriodLit(amount, unit, unit_text, span=_span_of(c))

    # -- expressions -----------------------------------------------------------------------------

    def or_expr(self, c: list[Any]) -> ast.Logical:
        operands = tuple(_nodes(c))
        return self._deep(ast.Logical(ast.LogicalOp.OR, operands, span=_span_of(c)), *operands)

    def and_expr(self, c: list[Any]) -> ast.Logical:
        operands = tuple(_nodes(c))
        return self._deep(ast.Logical(ast.LogicalOp.AND, operands, span=_span_of(c)), *operands)

    def not_(self, c: list[Any]) -> ast.Not:
        return self._deep(ast.Not(c[1], span=_span_of(c)), c[1])

    def compare(self, c: list[Any]) -> ast.Compare:
        node = ast.Compare(_COMPARE[c[1].type], c[0], c[2], span=_span_of(c))
        return self._deep(node, c[0], c[2])

    def in_list(self, c: list[Any]) -> ast.InList:
        values = tuple(x for x in c[3:-1] if not isinstance(x, Token))
        negated = c[1].value not in ("属于", "in")
        node = ast.InList(c[0], values, negated, span=_span_of(c))
        return self._deep(node, c[0], *values)

    def presence(self, c: list[Any]) -> ast.Presence:
        return ast.Presence(_name(c[0]), c[1].value in ("缺失", "absent"), span=_span_of(c))

    def sum_expr(self, c: list[Any]) -> Any:
        return self._fold(c)

    def product(self, c: list[Any]) -> Any:
        return self._fold(c)

    def _fold(self, c: list[Any]) -> Any:
        left = c[0]
        for index in range(1, len(c), 2):
            right = c[index + 1]
            node = ast.BinaryOp(_ARITHMETIC[c[index].type], left, right, span=_span(c[0], right))
            left = self._deep(node, left, right)
        return left

    def neg_number(self, c: list[Any]) -> ast.NumberLit:
        return ast.NumberLit(-Decimal(c[1].value), span=_span_of(c))

    def neg_percent(self, c: list[Any]) -> ast.PercentLit:
        return ast.PercentLit(-Decimal(c[1].value[:-1]), span=_span_of(c))

    def number(self, c: list[Any]) -> ast.NumberLit:
        return ast.NumberLit(Decimal(c[0].value), span=_span_of(c))

    def percent(self, c: list[Any]) -> ast.PercentLit:
        return ast.PercentLit(Decimal(c[0].value[:-1]), span=_span_of(c))

    def string(self, c: list[Any]) -> ast.StringLit:
        return ast.StringLit(_string(c[0]), span=_span_of(c))

    def date(self, c: list[Any]) -> ast.DateLit:
        return ast.DateLit(_date(c[0]), span=_span_of(c))

    def attr_ref(self, c: list[Any]) -> ast.AttrRef:
        return ast.AttrRef(_name(c[0]), _name(c[2]), span=_span_of(c))

    def this_year(self, c: list[Any]) -> ast.Builtin:
        return ast.Builtin(ast.BuiltinName.THIS_YEAR, span=_span_of(c))

    def atom(self, c: list[Any]) -> Any:
        return c[1]  # "(" expr ")"

    def name_ref(self, c: list[Any]) -> ast.NameRef:
        return ast.NameRef(_name(c[0]), span=_span_of(c))

    def aggregate(self, c: list[Any]) -> ast.Aggregate:
        events: list[str] = []
        attribute: str | None = None
        where = None
        after_dot = False
        for child in c[2:]:
            if isinstance(child, Token):
                if child.type == "DOT":
                    after_dot = True
                elif _is_name(child):
                    if after_dot:
                        attribute = _name(child)
                    else:
                        events.append(_name(child))
            else:
                where = child
        func = _AGGREGATE[c[0].value]
        node = ast.Aggregate(func, tuple(events), attribute, where, span=_span_of(c))
        return self._deep(node, where) if where is not None else node

    # -- tests -----------------------------------------------------------------------------------

    def test(self, c: list[Any]) -> ast.TestBlock:
        lines = [x for x in c[3:-1] if isinstance(x, Clause)]
        return assemble_test(_string(c[1]), lines, _span_of(c), _CONTEXT.get().source)

    def as_of(self, c: list[Any]) -> Clause:
        return Clause("as_of", _timestamp(c[1]), _span_of(c), c[0].value)

    def test_event(self, c: list[Any]) -> Clause:
        span = _span_of(c)
        attributes = tuple(x.value for x in c[3:] if isinstance(x, Clause))
        event = ast.TestEvent(_timestamp(c[1]), _name(c[2]), attributes, span=span)
        return Clause("event", event, span, c[0].value)

    def expect(self, c: list[Any]) -> Clause:
        span = _span_of(c)
        keys = tuple(x.value for x in c[2:-1] if isinstance(x, Clause))
        expectation = ast.Expect(c[1].value, keys, _STATUS[c[-1].value], span=span)
        return Clause("expect", expectation, span, c[0].value)

    def attribute(self, c: list[Any]) -> Clause:
        value = c[2]
        pair = (_name(c[0]), _string(value) if value.type == "STRING" else value.value)
        return Clause("attribute", pair, _span_of(c))
