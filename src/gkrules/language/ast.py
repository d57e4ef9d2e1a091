"""The checked-AST vocabulary of the .gk rules language.

Every node is a frozen attrs class.  Every node carries ``span`` — where it
stands in its file — as a keyword-only field that is excluded from equality,
hashing and repr, so two trees compare equal whatever their positions (the
formatter's round-trip test relies on this).  Children are tuples; operators
are enums; node families are type aliases so ``match`` and mypy see every case.

The tree says what the author wrote, decided: every counting convention is an
explicit field with the 民法典 default (OBLIGATIONS.md C1–C5), so the compiler
never has to guess what "3日内" or "1月31日前" meant.

Shapes of rule (``Rule.body``):

* :class:`DeadlineBody` — a fulfilling event due within a period after each
  trigger event, correlated by keys, with optional pause/restart/extension
  (L1, L2, L4, L5, S1–S5, S16);
* :class:`DateBody` — an event due by an absolute or yearly date (L6, S8, S10, S11);
* :class:`WindowBody` — per group and calendar window (month, quarter,
  half-year, year), a condition on counts, sums, ratios or reported metrics
  (S6, S7, S12–S15, S18, S19);
* :class:`LimitBody` — at most N (open) things per group (S9, L2's "once");
* :class:`EachBody` — every event of a kind satisfies conditions on its
  attributes (L3, S17, per-report thresholds).
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import TypeAlias

from attrs import field, frozen

from gkrules.calendar.periods import Unit
from gkrules.source import Span

__all__ = [
    "NO_SPAN",
    "Aggregate",
    "AggregateFunc",
    "AttrRef",
    "BinaryOp",
    "BoolOp",
    "Builtin",
    "BuiltinName",
    "Citation",
    "Compare",
    "CompareOp",
    "Constant",
    "Counting",
    "DateBody",
    "DateLit",
    "DeadlineBody",
    "EachBody",
    "Effective",
    "EventPattern",
    "Expect",
    "Expr",
    "Extension",
    "File",
    "Import",
    "InList",
    "Item",
    "LimitBody",
    "Logical",
    "LogicalOp",
    "MonthDay",
    "NameRef",
    "Not",
    "NumberLit",
    "Pause",
    "PercentLit",
    "PeriodChoice",
    "PeriodExpr",
    "PeriodLit",
    "Presence",
    "Requirement",
    "Rule",
    "RuleBody",
    "Severity",
    "StringLit",
    "TestBlock",
    "TestEvent",
    "Window",
    "WindowBody",
]

#: The span of nodes made by code rather than parsed from a file.
NO_SPAN = Span("<generated>", 0, 0, 1, 1, 1, 1)


def _span() -> Span:
    return field(default=NO_SPAN, eq=False, hash=False, repr=False, kw_only=True)


# ---------------------------------------------------------------------------
# Expressions


class CompareOp(enum.Enum):
    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="


class LogicalOp(enum.Enum):
    AND = "and"
    OR = "or"


class BoolOp(enum.Enum):
    """Arithmetic operators (named for what they combine into numbers)."""

    ADD = "+"
    SUB = "-"
    MUL = "*"
    DIV = "/"


class AggregateFunc(enum.Enum):
    COUNT = "count"  # 次数(事件 …): how many matching events
    SUM = "sum"  # 合计(事件.属性 …)
    MIN = "min"  # 最小(…)
    MAX = "max"  # 最大(…)
    LATEST = "latest"  # 最新(…): the value of the latest matching event


class BuiltinName(enum.Enum):
    THIS_YEAR = "this_year"  # 当年: the year of the due date / window being checked


@frozen
class StringLit:
    value: str
    span: Span = _span()


@frozen
class NumberLit:
    """An integer or decimal number, kept exact."""

    value: Decimal
    span: Span = _span()


@frozen
class PercentLit:
    """``4%``: ``value`` is the number written (4), ``fraction`` what it means (0.04)."""

    value: Decimal
    span: Span = _span()

    @property
    def fraction(self) -> Decimal:
        return self.value / 100


@frozen
class DateLit:
    value: dt.date
    span: Span = _span()


@frozen
class MonthDay:
    """A day of every year, ``01-31`` / ``1月31日``."""

    month: int
    day: int
    span: Span = _span()


@frozen
class PeriodLit:
    """``20 工作日``: ``amount`` is a literal or a named constant; ``unit_text`` is the spelling used."""

    amount: NumberLit | NameRef
    unit: Unit
    unit_text: str
    span: Span = _span()


@frozen
class NameRef:
    """A bare name: an event attribute (``level``) or a constant (``答复期限``); the checker decides."""

    name: str
    span: Span = _span()


@frozen
class AttrRef:
    """``抽查.checked``: an attribute of a named event (inside aggregates)."""

    event: str
    attribute: str
    span: Span = _span()


@frozen
class Builtin:
    name: BuiltinName
    span: Span = _span()


@frozen
class Aggregate:
    """``次数(抽查)``, ``合计(抽查.checked 其中 …)``, ``最新(指标报告.value 其中 metric = "…")``."""

    func: AggregateFunc
    events: tuple[str, ...]
    attribute: str | None
    where: Expr | None
    span: Span = _span()


@frozen
class BinaryOp:
    op: BoolOp
    left: Expr
    right: Expr
    span: Span = _span()


@frozen
class Compare:
    op: CompareOp
    left: Expr
    right: Expr
    span: Span = _span()


@frozen
class InList:
    """``level 属于 ["特别重大", "重大"]`` (``negated`` for 不属于 / not in)."""

    subject: Expr
    values: tuple[Expr, ...]
    negated: bool = False
    span: Span = _span()


@frozen
class Presence:
    """``reason 存在`` / ``reason present`` (``negated`` for 缺失 / absent)."""

    attribute: str
    negated: bool = False
    span: Span = _span()


@frozen
class Logical:
    op: LogicalOp
    operands: tuple[Expr, ...]
    span: Span = _span()


@frozen
class Not:
    operand: Expr
    span: Span = _span()


Expr: TypeAlias = (
    StringLit
    | NumberLit
    | PercentLit
    | DateLit
    | PeriodLit
    | NameRef
    | AttrRef
    | Builtin
    | Aggregate
    | BinaryOp
    | Compare
    | InList
    | Presence
    | Logical
    | Not
)


# ---------------------------------------------------------------------------
# Rule parts


class Severity(enum.Enum):
    REQUIRED = "required"  # 必须
    ADVISORY = "advisory"  # 建议 / 原则上


class Window(enum.Enum):
    MONTH = "month"  # 每月
    QUARTER = "quarter"  # 每季度
    HALF_YEAR = "half_year"  # 每半年
    YEAR = "year"  # 每年


@frozen
class Citation:
    """``依据 "政府信息公开条例" 条款 "第三十三条" 原文 "……"``."""

    document: str
    article: str | None = None
    text: str | None = None
    span: Span = _span()


@frozen
class Effective:
    """The dates a rule is in force, both ends inclusive; ``None`` is open-ended."""

    start: dt.date | None
    end: dt.date | None
    span: Span = _span()


@frozen
class EventPattern:
    """One or more event names (``信息形成 或 信息变更``) and an optional condition on their attributes."""

    names: tuple[str, ...]
    where: Expr | None = None
    span: Span = _span()


@frozen
class PeriodChoice:
    """``24 小时 如果 level 属于 […], 否则 48 小时``: the first case whose condition holds applies."""

    cases: tuple[tuple[Expr, PeriodExpr], ...]
    otherwise: PeriodExpr | None
    span: Span = _span()


PeriodExpr: TypeAlias = PeriodLit | NameRef


@frozen
class Counting:
    """Counting conventions; the defaults are the 民法典's (C1, C4, C5, C8)."""

    start_day_counted: bool = False  # 当日起算 / start-day-counted (overrides C1)
    roll_off: bool = True  # 不顺延 / no-roll-off turns C4 off (natural days, months, years)
    cutoff: dt.time | None = None  # 截止 17:30 / cutoff 17:30 (overrides C5's 24:00)
    exclusive: bool = False  # 不含末日 / exclusive-end, and the `before` date form
    span: Span = _span()


@frozen
class Pause:
    """``暂停 自 征求意见开始 至 征求意见结束`` (C9)."""

    start: EventPattern
    end: EventPattern
    span: Span = _span()


@frozen
class Extension:
    """``延期 于 延期告知 天数 days 最多 20 工作日 [次数 1]`` (C9): a bounded extension."""

    on: EventPattern
    amount_attribute: str | None
    limit: PeriodExpr
    times: int = 1
    span: Span = _span()


@frozen
class Requirement:
    """``须满足 reason 存在 如果 attribute = "不予公开"``: a condition, optionally only when another holds."""

    condition: Expr
    when: Expr | None = None
    span: Span = _span()


# ---------------------------------------------------------------------------
# Rule bodies


@frozen
class DeadlineBody:
    """Each trigger opens an instance; a fulfilling event is due within ``period`` (or the same day)."""

    trigger: EventPattern
    fulfil: EventPattern
    period: PeriodExpr | PeriodChoice | None  # None: the same day (同日 / same day, S16)
    keys: tuple[str, ...] = ("case",)
    pauses: tuple[Pause, ...] = ()
    restart: EventPattern | None = None
    extension: Extension | None = None
    only_if: EventPattern | None = (
        None  # 仅当 存在 补正告知: the case must have such an event (else not_applicable)
    )
    one_to_one: bool = False  # 一对一: one fulfilment discharges one instance (C11)
    counting: Counting = Counting()
    span: Span = _span()


@frozen
class DateBody:
    """An event due by a date: absolute (``2020-01-31``) or every year (``01-31``) in force."""

    require: EventPattern
    due: DateLit | MonthDay
    keys: tuple[str, ...] = ()
    counting: Counting = Counting()
    span: Span = _span()


@frozen
class WindowBody:
    """Per group and calendar window, every requirement holds (counts, sums, ratios, metrics)."""

    window: Window
    requirements: tuple[Requirement, ...]
    keys: tuple[str, ...] = ("unit",)
    span: Span = _span()


@frozen
class LimitBody:
    """At most ``maximum`` events per group; with ``closed_by``, at most that many *open* at any time."""

    maximum: int
    events: EventPattern
    closed_by: EventPattern | None = None
    match: tuple[str, ...] = ()  # attributes tying a closing event to what it closes (account)
    keys: tuple[str, ...] = ("unit",)
    span: Span = _span()


@frozen
class EachBody:
    """Every event matching ``subject`` satisfies each requirement."""

    subject: EventPattern
    requirements: tuple[Requirement, ...]
    span: Span = _span()


RuleBody: TypeAlias = DeadlineBody | DateBody | WindowBody | LimitBody | EachBody


@frozen
class Rule:
    id: str
    title: str
    body: RuleBody
    citation: Citation | None = None
    severity: Severity = Severity.REQUIRED
    effective: Effective | None = None
    tags: tuple[str, ...] = ()
    span: Span = _span()
    #: Where each clause stands, in source order: ``(kind, span)`` with kind one of ``source``,
    #: ``severity``, ``effective``, ``tags``, ``when``, ``per`` (also ``不分组``), ``require``,
    #: ``pause``, ``restart``, ``extend``, ``only_if``, ``one_to_one``, ``counting``, ``window``,
    #: ``ensure``, ``limit``, ``for_each``.  Set by the parser (empty for rules made in code);
    #: the formatter keeps comments beside their clauses with it, and checks can point at a
    #: clause that has no node of its own (``按 case``, ``级别 建议``).  Not part of equality.
    clause_spans: tuple[tuple[str, Span], ...] = field(
        default=(), eq=False, hash=False, repr=False, kw_only=True
    )


# ---------------------------------------------------------------------------
# Rule tests written in the language


@frozen
class TestEvent:
    """One row of a test's log: ``2024-02-08 政策文件公开 case="A"``."""

    time: str  # as written: a date or a date-time, parsed by the log loader's rules
    event: str
    attributes: tuple[tuple[str, str], ...] = ()
    span: Span = _span()


@frozen
class Expect:
    """``期望 S3 case="A" 已履行`` / ``expect S3 case="A" met``."""

    rule: str
    keys: tuple[tuple[str, str], ...]
    status: str  # met | violated | pending | not_applicable
    span: Span = _span()


@frozen
class TestBlock:
    name: str
    as_of: str | None
    events: tuple[TestEvent, ...]
    expectations: tuple[Expect, ...]
    span: Span = _span()
    #: ``(kind, span)`` of each line, in source order (kinds ``as_of``, ``event``, ``expect``);
    #: as :attr:`Rule.clause_spans`.  Not part of equality.
    clause_spans: tuple[tuple[str, Span], ...] = field(
        default=(), eq=False, hash=False, repr=False, kw_only=True
    )


# ---------------------------------------------------------------------------
# Files


@frozen
class Import:
    path: str
    span: Span = _span()


@frozen
class Constant:
    name: str
    value: Expr
    span: Span = _span()


Item: TypeAlias = Import | Constant | Rule | TestBlock


@frozen
class File:
    """One .gk file: its items in source order, and its comments (kept by the formatter)."""

    path: str
    items: tuple[Item, ...]
    comments: tuple[tuple[int, str], ...] = field(default=(), eq=False, repr=False)
    span: Span = _span()
