"""Conditions on event attributes, compiled once into vectorized functions over table rows.

A condition is three-valued: for each row it is true, false or *unknown* — unknown when an
attribute it needs is missing (``level 属于 [...]`` on a row without ``level``).  Unknown never
counts as met: a pattern's rows are those where its condition is *true*, and evaluators treat the
unknown rows of a trigger as instances that cannot be decided (C12).

Values read from a log are text.  Compared with a number they are read as numbers — ``4%``,
``0.04`` and ``４％`` all mean 0.04 — and a value that is not a number is an error naming its
file and row (GK501), collected on the :class:`Env` so that one check reports them all.
"""

from __future__ import annotations

import datetime as dt
import operator
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import numpy.typing as npt
from attrs import frozen

from gkrules.diagnostics import Diagnostic
from gkrules.engine.eval_messages import row_problem
from gkrules.engine.table import EventTable
from gkrules.language import ast

__all__ = [
    "Env",
    "Matcher",
    "ProblemSink",
    "RowCondition",
    "Truth",
    "Values",
    "column_values",
    "compile_condition",
    "compile_pattern",
    "compile_value",
    "parse_number",
]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: How many rows with the same bad attribute are reported one by one.
MAX_ROW_PROBLEMS = 20


#: Where an :class:`Env` may send bad values instead of reporting them: (code, attribute, value, row).
ProblemSink = Callable[[str, str, str, int], None]


class Env:
    """What a compiled condition reads: the table, the year being checked, and where problems go.

    Bad values are reported once per (attribute, value), at most :data:`MAX_ROW_PROBLEMS`; an
    evaluator that decides in another order than the reference path may collect them in a *sink*
    and replay them through :meth:`bad_value` in the reference order.
    """

    def __init__(
        self,
        table: EventTable,
        rule: str,
        problems: list[Diagnostic],
        this_year: int | None = None,
        sink: ProblemSink | None = None,
    ) -> None:
        self.table = table
        self.rule = rule
        self.problems = problems
        self.this_year = this_year
        self.sink = sink
        self._reported: set[tuple[str, str]] = set()

    def with_year(self, year: int | None) -> Env:
        env = Env(self.table, self.rule, self.problems, year, self.sink)
        env._reported = self._reported
        return env

    def with_sink(self, sink: ProblemSink) -> Env:
        """This env sending bad values to *sink* (nothing is reported)."""
        env = Env(self.table, self.rule, self.problems, self.this_year, sink)
        env._reported = self._reported
        return env

    def bad_value(self, code: str, attribute: str, value: str, row: int) -> None:
        if self.sink is not None:
            self.sink(code, attribute, value, row)
            return
        if (attribute, value) in self._reported or len(self._reported) >= MAX_ROW_PROBLEMS:
            return
        self._reported.add((attribute, value))
        self.problems.append(
            row_problem(code, self.table.ref(row), rule=self.rule, attribute=attribute, value=value)
        )


@frozen
class Truth:
    """A three-valued condition over rows: ``true`` where it holds, ``known`` where it is decided."""

    true: BoolArray
    known: BoolArray

    @property
    def unknown(self) -> BoolArray:
        return ~self.known


@frozen
class Values:
    """Values of an expression over rows (or one value broadcast to all of them).

    ``kind`` is ``raw`` (text from the log, read as what it is compared with), ``text``,
    ``number`` or ``date``; ``known`` is ``False`` where the value is missing.  Values read from
    a dictionary-encoded column also carry its ``codes`` (-1 missing) and ``vocab``, so that a
    condition can be decided once per distinct value and gathered by code.
    """

    kind: str
    data: npt.NDArray[Any]
    known: BoolArray
    attribute: str | None = None
    codes: IntArray | None = None
    vocab: Sequence[str] | None = None


RowCondition = Callable[[Env, IntArray], Truth]
RowValue = Callable[[Env, IntArray], Values]


# --- reading numbers and dates ------------------------------------------------------------------


def parse_number(text: str) -> float | None:
    """A number written in a log: ``4%`` → 0.04, ``0.04``, ``1,200``, full-width digits; else ``None``."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1]
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if percent:
        number = number / 100
    return float(number)


def _parse_date(text: str) -> dt.date | None:
    cleaned = unicodedata.normalize("NFKC", text).strip()
    try:
        return dt.date.fromisoformat(cleaned[:10])
    except ValueError:
        return None


def as_numbers(values: Values, env: Env, rows: IntArray) -> Values:
    """*values* read as numbers (unparseable log values reported and treated as missing)."""
    if values.kind == "number":
        return values
    if values.kind == "date":
        return Values("number", np.full(values.data.shape, np.nan), np.zeros_like(values.known))
    if values.data.ndim == 0:
        number = parse_number(str(values.data.item()))
        ok = number is not None
        return Values(
            "number",
            np.asarray(number if ok else np.nan, dtype=float),
            values.known & ok,
            values.attribute,
        )
    if values.codes is not None and values.vocab is not None:
        return _numbers_by_code(values, values.codes, values.vocab, env, rows)
    out = np.full(len(values.data), np.nan)
    known = values.known.copy()
    cache: dict[str, float | None] = {}
    for i, item in enumerate(values.data.tolist()):
        if not known[i]:
            continue
        text = str(item)
        if text not in cache:
            cache[text] = parse_number(text)
        number = cache[text]
        if number is None:
            known[i] = False
            env.bad_value("GK501", values.attribute or "?", text, int(rows[i]))
        else:
            out[i] = number
    return Values("number", out, known, values.attribute)


def _numbers_by_code(
    values: Values, codes: IntArray, vocab: Sequence[str], env: Env, rows: IntArray
) -> Values:
    """:func:`as_numbers` for a coded column: each distinct value parsed once, then gathered."""
    present = values.known & (codes >= 0)
    used, local = np.unique(np.where(present, codes, -1), return_inverse=True)
    local = local.reshape(-1)
    parsed = [parse_number(vocab[c]) if c >= 0 else None for c in used.tolist()]
    table = np.array([np.nan if p is None else p for p in parsed], dtype=float)
    good = np.array([p is not None for p in parsed], dtype=bool)
    if len(used):
        ok = present & good[local]
        out = np.where(ok, table[local], np.nan)
    else:
        ok = np.zeros(len(codes), dtype=bool)
        out = np.full(len(codes), np.nan)
    bad = np.flatnonzero(present & ~ok)
    if len(bad):
        # Report each bad value at its first row, in row order (as a row-by-row pass would).
        _, first = np.unique(codes[bad], return_index=True)
        for i in np.sort(bad[first]).tolist():
            env.bad_value("GK501", values.attribute or "?", vocab[int(codes[i])], int(rows[i]))
    return Values("number", out, ok, values.attribute)


def as_dates(values: Values, env: Env, rows: IntArray) -> Values:
    """*values* read as dates (``datetime64[D]``)."""
    if values.kind == "date":
        return values
    nat = np.datetime64("NaT", "D")
    if values.data.ndim == 0:
        day = _parse_date(str(values.data.item()))
        return Values(
            "date",
            np.asarray(day if day is not None else nat, dtype="datetime64[D]"),
            values.known & (day is not None),
            values.attribute,
        )
    out = np.full(len(values.data), nat, dtype="datetime64[D]")
    known = values.known.copy()
    for i, item in enumerate(values.data.tolist()):
        if not known[i]:
            continue
        day = _parse_date(str(item))
        if day is None:
            known[i] = False
            env.bad_value("GK502", values.attribute or "?", str(item), int(rows[i]))
        else:
            out[i] = np.datetime64(day, "D")
    return Values("date", out, known, values.attribute)


def _as_text(values: Values) -> Values:
    if values.kind in ("text", "raw"):
        return values
    return Values("text", values.data.astype(str).astype(object), values.known, values.attribute)


# --- compiling values ---------------------------------------------------------------------------


def _constant(kind: str, value: object, dtype: Any = object) -> RowValue:
    data = np.asarray(value, dtype=dtype)

    def constant(env: Env, rows: IntArray) -> Values:
        return Values(kind, data, np.ones(len(rows), dtype=bool))

    return constant


def compile_value(expr: ast.Expr, rule: str) -> RowValue:
    """A function giving the values of *expr* for table rows."""
    match expr:
        case ast.StringLit(value=text):
            return _constant("text", text)
        case ast.NumberLit(value=number):
            return _constant("number", float(number), float)
        case ast.PercentLit():
            return _constant("number", float(expr.fraction), float)
        case ast.DateLit(value=day):
            return _constant("date", np.datetime64(day, "D"), "datetime64[D]")
        case ast.NameRef(name=name):
            return _attribute(name)
        case ast.Builtin():
            return _this_year
        case ast.BinaryOp(op=op, left=left, right=right):
            return _arithmetic(op, compile_value(left, rule), compile_value(right, rule))
        case _:
            raise _unsupported(expr, rule)


def _unsupported(expr: ast.Expr, rule: str) -> Exception:
    from gkrules.engine.eval_messages import CATALOG
    from gkrules.errors import EvaluationError

    what = type(expr).__name__
    return EvaluationError(CATALOG.diagnostic("GK504", expr.span, rule=rule, what=what))


def column_values(table: EventTable, name: str, rows: IntArray) -> Values:
    """Column *name* at table *rows* as raw values, with the column's codes and vocabulary."""
    codes, vocab = table.coded(name)
    picked = codes[rows]
    # The values from the vocabulary (code -1 reads the trailing None): no full column built.
    lookup = np.empty(len(vocab) + 1, dtype=object)
    lookup[: len(vocab)] = vocab
    return Values("raw", lookup[picked], picked >= 0, name, picked, vocab)


def _attribute(name: str) -> RowValue:
    def attribute(env: Env, rows: IntArray) -> Values:
        return column_values(env.table, name, rows)

    return attribute


def _this_year(env: Env, rows: IntArray) -> Values:
    year = env.this_year
    known = np.full(len(rows), year is not None)
    return Values("number", np.asarray(float(year) if year is not None else np.nan), known)


_ARITHMETIC: dict[ast.BoolOp, Callable[[Any, Any], Any]] = {
    ast.BoolOp.ADD: operator.add,
    ast.BoolOp.SUB: operator.sub,
    ast.BoolOp.MUL: operator.mul,
}


def _arithmetic(op: ast.BoolOp, left: RowValue, right: RowValue) -> RowValue:
    def arithmetic(env: Env, rows: IntArray) -> Values:
        a = as_numbers(left(env, rows), env, rows)
        b = as_numbers(right(env, rows), env, rows)
        known = a.known & b.known
        with np.errstate(divide="ignore", invalid="ignore"):
            if op is ast.BoolOp.DIV:
                known = known & (b.data != 0)
                data = np.divide(a.data, np.where(b.data == 0, 1.0, b.data))
            else:
                data = _ARITHMETIC[op](a.data, b.data)
        return Values("number", np.asarray(data, dtype=float), known)

    return arithmetic


# --- compiling conditions -----------------------------------------------------------------------

_COMPARE: dict[ast.CompareOp, Callable[[Any, Any], Any]] = {
    ast.CompareOp.EQ: operator.eq,
    ast.CompareOp.NE: operator.ne,
    ast.CompareOp.LT: operator.lt,
    ast.CompareOp.LE: operator.le,
    ast.CompareOp.GT: operator.gt,
    ast.CompareOp.GE: operator.ge,
}


def compile_condition(expr: ast.Expr, rule: str) -> RowCondition:
    """A function giving the three-valued truth of condition *expr* for table rows."""
    match expr:
        case ast.Compare(op=op, left=left, right=right):
            return _compare(op, compile_value(left, rule), compile_value(right, rule))
        case ast.InList(subject=subject, values=values, negated=negated):
            return _in_list(
                compile_value(subject, rule), [compile_value(v, rule) for v in values], negated
            )
        case ast.Presence(attribute=name, negated=negated):
            return _presence(name, negated)
        case ast.Logical(op=op, operands=operands):
            parts = [compile_condition(o, rule) for o in operands]
            return _all(parts) if op is ast.LogicalOp.AND else _any(parts)
        case ast.Not(operand=operand):
            return _not(compile_condition(operand, rule))
        case _:
            raise _unsupported(expr, rule)


def _pair(a: Values, b: Values, env: Env, rows: IntArray) -> tuple[Values, Values]:
    """Bring two operands to one kind: numbers if either is a number, dates if a date, else text."""
    kinds = {a.kind, b.kind}
    if "number" in kinds:
        return as_numbers(a, env, rows), as_numbers(b, env, rows)
    if "date" in kinds:
        return as_dates(a, env, rows), as_dates(b, env, rows)
    return _as_text(a), _as_text(b)


def _equal(a: Values, b: Values) -> BoolArray:
    if a.kind in ("text", "raw"):
        fast = _equal_by_code(a, b)
        if fast is None:
            fast = _equal_by_code(b, a)
        if fast is not None:
            return fast
        left = _strip(a.data)
        right = _strip(b.data)
        return np.asarray(left == right, dtype=bool)
    return np.asarray(a.data == b.data, dtype=bool)


def _equal_by_code(coded: Values, other: Values) -> BoolArray | None:
    """Text equality of a coded column with one value, decided once per vocabulary entry."""
    codes, vocab = coded.codes, coded.vocab
    if codes is None or vocab is None or other.data.ndim != 0:
        return None
    item = other.data.item()
    target = item.strip() if isinstance(item, str) else item
    if len(vocab) <= len(codes):
        same = np.array([v.strip() == target for v in vocab] + [target is None], dtype=bool)
        # Code -1 (missing, ``None``) reads the last entry.
        return np.asarray(same[codes], dtype=bool)
    used, local = np.unique(codes, return_inverse=True)
    same = np.array(
        [vocab[c].strip() == target if c >= 0 else target is None for c in used.tolist()],
        dtype=bool,
    )
    return np.asarray(same[local.reshape(-1)], dtype=bool)


def _strip(data: npt.NDArray[Any]) -> npt.NDArray[Any]:
    if data.ndim == 0:
        item = data.item()
        return np.asarray(item.strip() if isinstance(item, str) else item, dtype=object)
    return np.array([x.strip() if isinstance(x, str) else x for x in data.tolist()], dtype=object)


def _compare(op: ast.CompareOp, left: RowValue, right: RowValue) -> RowCondition:
    function = _COMPARE[op]

    def compare(env: Env, rows: IntArray) -> Truth:
        a, b = _pair(left(env, rows), right(env, rows), env, rows)
        known = a.known & b.known
        if op is ast.CompareOp.EQ:
            result = _equal(a, b)
        elif op is ast.CompareOp.NE:
            result = ~_equal(a, b)
        else:
            with np.errstate(invalid="ignore"):
                if a.kind in ("text", "raw"):
                    result = np.asarray(
                        [
                            bool(function(x, y)) if k else False
                            for x, y, k in zip(
                                np.broadcast_to(a.data, known.shape).tolist(),
                                np.broadcast_to(b.data, known.shape).tolist(),
                                known.tolist(),
                                strict=True,
                            )
                        ],
                        dtype=bool,
                    )
                else:
                    result = np.asarray(function(a.data, b.data), dtype=bool)
        true = np.broadcast_to(result, known.shape) & known
        return Truth(true, known)

    return compare


def _in_list(subject: RowValue, values: list[RowValue], negated: bool) -> RowCondition:
    def in_list(env: Env, rows: IntArray) -> Truth:
        s = subject(env, rows)
        hit = np.zeros(len(rows), dtype=bool)
        known = s.known.copy()
        for value in values:
            a, b = _pair(s, value(env, rows), env, rows)
            known &= a.known
            hit |= np.broadcast_to(_equal(a, b), hit.shape) & b.known
        true = (~hit if negated else hit) & known
        return Truth(true, known)

    return in_list


def _presence(name: str, negated: bool) -> RowCondition:
    def presence(env: Env, rows: IntArray) -> Truth:
        present = env.table.coded(name)[0][rows] >= 0
        return Truth(~present if negated else present, np.ones(len(rows), dtype=bool))

    return presence


def _all(parts: list[RowCondition]) -> RowCondition:
    def all_of(env: Env, rows: IntArray) -> Truth:
        true = np.ones(len(rows), dtype=bool)
        known = np.ones(len(rows), dtype=bool)
        false = np.zeros(len(rows), dtype=bool)
        for part in parts:
            t = part(env, rows)
            true &= t.true
            known &= t.known
            false |= t.known & ~t.true
        return Truth(true & ~false, known | false)

    return all_of


def _any(parts: list[RowCondition]) -> RowCondition:
    def any_of(env: Env, rows: IntArray) -> Truth:
        true = np.zeros(len(rows), dtype=bool)
        known = np.ones(len(rows), dtype=bool)
        for part in parts:
            t = part(env, rows)
            true |= t.true
            known &= t.known
        return Truth(true, known | true)

    return any_of


def _not(part: RowCondition) -> RowCondition:
    def negation(env: Env, rows: IntArray) -> Truth:
        t = part(env, rows)
        return Truth(t.known & ~t.true, t.known)

    return negation


# --- event patterns -------------------------------------------------------------------------------


@frozen
class Matcher:
    """A compiled :class:`~gkrules.language.ast.EventPattern`: names and an optional condition."""

    names: tuple[str, ...]
    condition: RowCondition | None
    pattern: ast.EventPattern

    def rows(self, env: Env) -> tuple[IntArray, IntArray]:
        """Table rows matching (condition true), and rows of the names whose condition is unknown."""
        candidates = env.table.event_rows(self.names)
        if self.condition is None or not len(candidates):
            return candidates, np.zeros(0, dtype=np.int64)
        truth = self.condition(env, candidates)
        return candidates[truth.true], candidates[truth.unknown]

    def rows_with_unknown(self, env: Env) -> tuple[IntArray, BoolArray]:
        """The rows matching or unknown together, ascending, and which of them are unknown.

        The same as ``np.union1d(matched, unknown)`` and ``np.isin(rows, unknown)``, by merging
        the two sorted lists (a row is never both: a condition is true only where it is known).
        """
        matched, unknown = self.rows(env)
        if not len(unknown):
            return matched, np.zeros(len(matched), dtype=bool)
        rows = np.concatenate([matched, unknown])
        order = np.argsort(rows, kind="stable")
        flags = np.concatenate([np.zeros(len(matched), bool), np.ones(len(unknown), bool)])
        return rows[order], flags[order]

    def mask(self, env: Env) -> BoolArray:
        """Rows matching (condition true) as a mask over the table."""
        matched, _ = self.rows(env)
        mask = np.zeros(len(env.table), dtype=bool)
        mask[matched] = True
        return mask


def compile_pattern(pattern: ast.EventPattern, rule: str) -> Matcher:
    condition = compile_condition(pattern.where, rule) if pattern.where is not None else None
    return Matcher(pattern.names, condition, pattern)
