"""The .gk formatter: one canonical layout, the file's keyword language, comments kept.

* Items in source order, a blank line between them (none between consecutive imports or
  constants); inside a rule or test, one clause per line, indented four spaces, in a canonical
  order (header — 依据 级别 有效 标签 — then the body's clauses); ASCII punctuation.
* Keywords in Chinese or English, as most of the file's keywords are (``keyword_language``).
* Defaults are not written (``按 case`` in a deadline rule, ``次数 1`` of an extension); what the
  AST cannot tell apart is written one way (``早于`` for an exclusive date).
* A comment on a line of its own stays above the clause or item that follows it; a comment after
  code stays at the end of that clause's line (lines come from the spans and
  :attr:`~gkrules.language.ast.Rule.clause_spans`).

The result parses back to an equal AST (spans aside) and formatting it again changes nothing;
both are property-tested.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from attrs import define, field

from gkrules.language import ast
from gkrules.language.lexing import KEYWORDS, RESERVED, name_text, string_text
from gkrules.language.parser import keyword_language, parse_text
from gkrules.source import Span

__all__ = ["expression_text", "format_file_ast", "format_text", "is_formatted"]

INDENT = "    "


class _Words:
    """Keyword spellings in one language."""

    def __init__(self, lang: str) -> None:
        self.index = 0 if lang == "zh" else 1
        self.zh = lang == "zh"

    def __call__(self, concept: str) -> str:
        return KEYWORDS[concept][self.index][0]


# ---------------------------------------------------------------------------------------------
# Expressions

_PREC_ATOM = 7


def _precedence(node: ast.Expr) -> int:
    match node:
        case ast.Logical(op=ast.LogicalOp.OR):
            return 1
        case ast.Logical():
            return 2
        case ast.Not():
            return 3
        case ast.Compare() | ast.InList() | ast.Presence():
            return 4
        case ast.BinaryOp(op=ast.BoolOp.ADD | ast.BoolOp.SUB):
            return 5
        case ast.BinaryOp():
            return 6
        case _:
            return _PREC_ATOM


def _number(value: Decimal) -> str:
    return format(value, "f")


def _period(node: ast.PeriodLit | ast.NameRef) -> str:
    if isinstance(node, ast.NameRef):
        return name_text(node.name)
    amount = (
        _number(node.amount.value)
        if isinstance(node.amount, ast.NumberLit)
        else name_text(node.amount.name)
    )
    return f"{amount} {node.unit_text}"


def expression_text(node: ast.Expr, lang: str = "zh") -> str:
    """An expression as .gk source, parenthesized only where needed."""
    return _expr(node, _Words(lang))


def _wrap(node: ast.Expr, minimum: int, w: _Words) -> str:
    text = _expr(node, w)
    return f"({text})" if _precedence(node) < minimum else text


def _expr(node: ast.Expr, w: _Words) -> str:
    match node:
        case ast.StringLit(value=value):
            return string_text(value)
        case ast.NumberLit(value=value):
            return _number(value)
        case ast.PercentLit(value=value):
            return f"{_number(value)}%"
        case ast.DateLit(value=value):
            return value.isoformat()
        case ast.PeriodLit():
            return _period(node)
        case ast.NameRef(name=name):
            return name_text(name)
        case ast.AttrRef(event=event, attribute=attribute):
            return f"{name_text(event)}.{name_text(attribute)}"
        case ast.Builtin():
            return w("this_year")
        case ast.Aggregate(func=func, events=events, attribute=attribute, where=where):
            inner = f" {w('or')} ".join(name_text(e) for e in events)
            if attribute is not None:
                inner += f".{name_text(attribute)}"
            if where is not None:
                inner += f" {w('where')} {_expr(where, w)}"
            return f"{w(func.value)}({inner})"
        case ast.BinaryOp(op=op, left=left, right=right):
            own = _precedence(node)
            return f"{_wrap(left, own, w)} {op.value} {_wrap(right, own + 1, w)}"
        case ast.Compare(op=op, left=left, right=right):
            return f"{_wrap(left, 5, w)} {op.value} {_wrap(right, 5, w)}"
        case ast.InList(subject=subject, values=values, negated=negated):
            listed = ", ".join(_expr(v, w) for v in values)
            keyword = w("not_in") if negated else w("in")
            return f"{_wrap(subject, 5, w)} {keyword} [{listed}]"
        case ast.Presence(attribute=attribute, negated=negated):
            return f"{name_text(attribute)} {w('absent') if negated else w('present')}"
        case ast.Logical(op=op, operands=operands):
            own = _precedence(node)
            return f" {w(op.value)} ".join(_wrap(o, own + 1, w) for o in operands)
        case ast.Not(operand=operand):
            return f"{w('not')} {_wrap(operand, 4, w)}"
    raise TypeError(f"not an expression: {node!r}")  # pragma: no cover


def _pattern(pattern: ast.EventPattern, w: _Words) -> str:
    text = f" {w('or')} ".join(name_text(n) for n in pattern.names)
    if pattern.where is not None:
        text += f" {w('where')} {_expr(pattern.where, w)}"
    return text


def _period_spec(period: ast.PeriodExpr | ast.PeriodChoice, w: _Words) -> str:
    if not isinstance(period, ast.PeriodChoice):
        return _period(period)
    parts = [f"{_period(p)} {w('if')} {_expr(c, w)}" for c, p in period.cases]
    if period.otherwise is not None:
        parts.append(f"{w('otherwise')} {_period(period.otherwise)}")
    return ", ".join(parts)


_ID = re.compile(r"([^\W\d]\w*)((?:\.(?:[^\W\d]\w*|\d+(?:\.\d+)?)|-(?:[^\W\d]\w*|\d+(?![-\d.])))*)")


def _rule_id(rule_id: str) -> str:
    match = _ID.fullmatch(rule_id)
    if match is None or any(
        part in RESERVED for part in re.split(r"[.-]", rule_id) if not part[:1].isdigit()
    ):
        return f"`{rule_id}`"
    return rule_id


def _names(names: Sequence[str]) -> str:
    return ", ".join(name_text(n) for n in names)


# ---------------------------------------------------------------------------------------------
# Clauses


def _header(rule: ast.Rule, w: _Words) -> Iterator[tuple[str, str]]:
    if rule.citation is not None:
        text = f"{w('source')} {string_text(rule.citation.document)}"
        if rule.citation.article is not None:
            text += f" {w('article')} {string_text(rule.citation.article)}"
        if rule.citation.text is not None:
            text += f" {w('quote')} {string_text(rule.citation.text)}"
        yield "source", text
    yield "severity", f"{w('severity')} {w(rule.severity.value)}"
    effective = rule.effective
    if effective is not None:
        start, end = effective.start, effective.end
        if (
            start is not None
            and end is not None
            and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
            and start.year == end.year
        ):
            year = f"{start.year}年" if w.zh else str(start.year)
            yield "effective", f"{w('effective')} {year}"
        else:
            text = w("effective")
            if start is not None:
                text += f" {w('from')} {start.isoformat()}"
            if end is not None:
                text += f" {w('until')} {end.isoformat()}"
            yield "effective", text
    if rule.tags:
        tags = ", ".join(name_text(t) if name_text(t) == t else string_text(t) for t in rule.tags)
        yield "tags", f"{w('tags')} {tags}"


def _keys(keys: tuple[str, ...], default: tuple[str, ...], w: _Words) -> Iterator[tuple[str, str]]:
    """``按 …`` whenever there are keys (explicit even when default); ``不分组`` when none."""
    if keys:
        yield "per", f"{w('per')} {_names(keys)}"
    elif default:
        yield "per", w("ungrouped")


def _counting(counting: ast.Counting, w: _Words, exclusive: bool) -> Iterator[tuple[str, str]]:
    options = []
    if counting.start_day_counted:
        options.append(w("start_day_counted"))
    if not counting.roll_off:
        options.append(w("no_roll_off"))
    if counting.cutoff is not None:
        options.append(f"{w('cutoff')} {counting.cutoff.strftime('%H:%M')}")
    if exclusive and counting.exclusive:
        options.append(w("exclusive_end"))
    if options:
        yield "counting", f"{w('counting')} {', '.join(options)}"


def _body(body: ast.RuleBody, w: _Words) -> Iterator[tuple[str, str]]:
    match body:
        case ast.DeadlineBody():
            yield "when", f"{w('when')} {_pattern(body.trigger, w)}"
            yield from _keys(body.keys, ("case",), w)
            if body.period is None:
                due = w("same_day")
            else:
                due = f"{w('within')} {_period_spec(body.period, w)}"
                if w.zh:
                    due += f" {w('inside')}"
            yield "require", f"{w('require')} {_pattern(body.fulfil, w)} {due}"
            for pause in body.pauses:
                yield (
                    "pause",
                    f"{w('pause')} {w('from')} {_pattern(pause.start, w)} "
                    f"{w('until')} {_pattern(pause.end, w)}",
                )
            if body.restart is not None:
                yield "restart", f"{w('restart')} {w('on')} {_pattern(body.restart, w)}"
            if body.extension is not None:
                ext = body.extension
                text = f"{w('extend')} {w('on')} {_pattern(ext.on, w)}"
                if ext.amount_attribute is not None:
                    text += f" {w('amount')} {name_text(ext.amount_attribute)}"
                text += f" {w('at_most')} {_period(ext.limit)}"
                if ext.times != 1:
                    text += f" {w('times')} {ext.times}"
                yield "extend", text
            if body.only_if is not None:
                yield "only_if", f"{w('only_if')} {w('has')} {_pattern(body.only_if, w)}"
            if body.one_to_one:
                yield "one_to_one", w("one_to_one")
            yield from _counting(body.counting, w, exclusive=True)
        case ast.DateBody():
            yield from _keys(body.keys, (), w)
            keyword = w("before") if body.counting.exclusive else w("by")
            if isinstance(body.due, ast.DateLit):
                due = body.due.value.isoformat()
            else:
                due = f"{body.due.month:02d}-{body.due.day:02d}"
                if w.zh:
                    due = f"{w('every_year')} {due}"
            yield "require", f"{w('require')} {_pattern(body.require, w)} {keyword} {due}"
            yield from _counting(body.counting, w, exclusive=False)
        case ast.WindowBody():
            yield "window", w(f"every_{body.window.value}")
            yield from _keys(body.keys, ("unit",), w)
            yield from _requirements(body.requirements, w)
        case ast.LimitBody():
            yield from _keys(body.keys, ("unit",), w)
            at_most = KEYWORDS["at_most"][0][1] if w.zh else w("at_most")  # 至多
            text = f"{at_most} {body.maximum}"
            if w.zh:
                text += f" {w('classifier')}"
            if body.closed_by is not None:
                text += f" {w('open')}"
            text += f" {_pattern(body.events, w)}"
            if body.closed_by is not None:
                text += f" {w('closed_by')} {_pattern(body.closed_by, w)}"
                if body.match:
                    text += f" {w('matching')} {_names(body.match)}"
            yield "limit", text
        case ast.EachBody():
            yield "for_each", f"{w('for_each')} {_pattern(body.subject, w)}"
            yield from _requirements(body.requirements, w)


def _requirements(requirements: Sequence[ast.Requirement], w: _Words) -> Iterator[tuple[str, str]]:
    for requirement in requirements:
        text = f"{w('ensure')} {_expr(requirement.condition, w)}"
        if requirement.when is not None:
            text += f" {w('if')} {_expr(requirement.when, w)}"
        yield "ensure", text


# ---------------------------------------------------------------------------------------------
# Lines, anchors and comments


@define
class _Line:
    indent: int
    text: str
    anchor: int | None  # the source line this printed line stands for
    trailing: list[str] = field(factory=list)
    leading: list[tuple[int, str]] = field(factory=list)
    top: bool = False  # the first line of a top-level item


def _line_of(span: Span) -> int | None:
    return None if span == ast.NO_SPAN else span.line


def _clause_lines(
    clauses: Iterator[tuple[str, str]], spans: Sequence[tuple[str, Span]], indent: int
) -> list[_Line]:
    seen: dict[str, int] = {}
    lines = []
    for kind, text in clauses:
        index = seen.get(kind, 0)
        seen[kind] = index + 1
        matching = [span for k, span in spans if k == kind]
        anchor = _line_of(matching[index]) if index < len(matching) else None
        lines.append(_Line(indent, text, anchor))
    return lines


def _item_lines(item: ast.Item, w: _Words) -> list[_Line]:
    start = _line_of(item.span)
    match item:
        case ast.Import(path=path):
            return [_Line(0, f"{w('import')} {string_text(path)}", start, top=True)]
        case ast.Constant(name=name, value=value):
            text = f"{w('const')} {name_text(name)} = {_expr(value, w)}"
            return [_Line(0, text, start, top=True)]
        case ast.Rule():
            head = f"{w('rule')} {_rule_id(item.id)} {string_text(item.title)} {{"
            clauses = _clause_lines(
                _chain(_header(item, w), _body(item.body, w)), item.clause_spans, 1
            )
        case ast.TestBlock():
            head = f"{w('test')} {string_text(item.name)} {{"
            clauses = _clause_lines(_test_lines(item, w), item.clause_spans, 1)
    end = None if item.span == ast.NO_SPAN else item.span.end_line
    return [_Line(0, head, start, top=True), *clauses, _Line(0, "}", end)]


def _chain(*parts: Iterator[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    for part in parts:
        yield from part


def _test_lines(test: ast.TestBlock, w: _Words) -> Iterator[tuple[str, str]]:
    if test.as_of is not None:
        yield "as_of", f"{w('as_of')} {test.as_of}"
    for event in test.events:
        attrs = "".join(f" {name_text(k)}={string_text(v)}" for k, v in event.attributes)
        yield "event", f"{w('event')} {event.time} {name_text(event.event)}{attrs}"
    for expect in test.expectations:
        keys = "".join(f" {name_text(k)}={string_text(v)}" for k, v in expect.keys)
        yield "expect", f"{w('expect')} {_rule_id(expect.rule)}{keys} {w(expect.status)}"


def _place_comments(
    lines: list[_Line], comments: Sequence[tuple[int, str]]
) -> list[tuple[int, str]]:
    """Attach each comment to a line (trailing or leading); return those left for the file's end."""
    by_anchor: dict[int, list[_Line]] = {}
    for line in lines:
        if line.anchor is not None:
            by_anchor.setdefault(line.anchor, []).append(line)
    anchors = sorted(by_anchor)
    rest: list[tuple[int, str]] = []
    for number, text in comments:
        if number in by_anchor:
            by_anchor[number][-1].trailing.append(text)
            continue
        following = [a for a in anchors if a > number]
        if following:
            by_anchor[following[0]][0].leading.append((number, text))
        else:
            rest.append((number, text))
    return rest


def _render(lines: list[_Line], rest: Sequence[tuple[int, str]]) -> str:
    out: list[str] = []
    for line in lines:
        pad = INDENT * line.indent
        if line.top and out:
            out.append("")
        if line.leading:
            last = None
            for number, text in line.leading:
                if last is not None and number > last + 1 and line.top:
                    out.append("")
                out.append(f"{pad}{text}")
                last = number
            if line.top and line.anchor is not None and last is not None and line.anchor > last + 1:
                out.append("")
        text = f"{pad}{line.text}"
        if line.trailing:
            text += "  " + " ".join(line.trailing)
        out.append(text)
    if rest:
        if out:
            out.append("")
        last = None
        for number, text in rest:
            if last is not None and number > last + 1:
                out.append("")
            out.append(text)
            last = number
    return "\n".join(out) + "\n" if out else ""


def _grouped(items: Sequence[ast.Item]) -> list[bool]:
    """For each item, whether it follows an item of its kind that it is grouped with (no blank)."""
    flags = []
    for index, item in enumerate(items):
        before = items[index - 1] if index else None
        flags.append(isinstance(item, ast.Import | ast.Constant) and type(before) is type(item))
    return flags


def format_file_ast(file: ast.File, keywords: str = "zh") -> str:
    """The canonical text of *file*, keywords in ``"zh"`` or ``"en"``, comments in place."""
    w = _Words(keywords)
    lines: list[_Line] = []
    for item, grouped in zip(file.items, _grouped(file.items), strict=True):
        item_lines = _item_lines(item, w)
        if grouped:
            item_lines[0].top = False
        lines.extend(item_lines)
    rest = _place_comments(lines, file.comments)
    return _render(lines, rest)


def format_text(text: str, path: str = "<string>") -> str:
    """*text* in the canonical layout (a syntax error raises :class:`RuleSyntaxError`)."""
    return format_file_ast(parse_text(text, path), keyword_language(text))


def is_formatted(text: str, path: str = "<string>") -> bool:
    """Whether *text* is already in the canonical layout (``gkrules fmt --check``)."""
    return format_text(text, path) == text
