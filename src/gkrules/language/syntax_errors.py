"""Turning a parse failure into one diagnostic a rule author can act on.

The parser stops at the first token it cannot use.  :func:`describe_unexpected` says what was found
("the name '须解读发布'"), what was expected in words rather than token names ("a period such as
20 工作日", "'}' to close the rule that starts at line 3"), and adds a hint when a likely cause is
visible: a keyword glued to a name, a rule block left open, ``12-31`` read as a day of the year.
The context ("a period", "an event name") is read from the set of tokens the parser would have
accepted, and, where that set is the same in several places, from the tokens just before.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from gkrules.diagnostics import Diagnostic, Message
from gkrules.language.lexing import KEYWORDS, Scan, keyword_concepts
from gkrules.language.messages import WORDS, diagnostic, message
from gkrules.source import SourceFile

__all__ = ["LexFailure", "TokenLike", "describe_lex_failure", "describe_unexpected"]


class TokenLike(Protocol):
    type: str
    value: str
    start_pos: int
    end_pos: int


class LexFailure(Exception):
    """Raised by the lexer: an unexpected character, or a token past a size limit."""

    def __init__(self, code: str, start: int, end: int, **args: Any) -> None:
        super().__init__(code, start, end)
        self.code = code
        self.start = start
        self.end = end
        self.args_ = args


#: English keyword phrases, by the grammar's terminal name.
PHRASES: Mapping[str, str] = {
    "SAME_DAY_EN": "same day",
    "EVERY_YEAR_EN": "every year",
    "EVERY_MONTH_EN": "every month",
    "EVERY_QUARTER_EN": "every quarter",
    "EVERY_HALF_YEAR_EN": "every half-year",
    "AT_MOST_EN": "at most",
    "ONLY_IF_EN": "only if",
    "ONE_TO_ONE_EN": "one to one",
    "START_DAY_COUNTED_EN": "start-day-counted",
    "NO_ROLL_OFF_EN": "no-roll-off",
    "EXCLUSIVE_END_EN": "exclusive-end",
    "CLOSED_BY_EN": "closed by",
    "FOR_EACH_EN": "for each",
    "NOT_IN_EN": "not in",
    "AS_OF_EN": "as of",
}

_FOUND = {
    "NAME": ("name '{v}'", "名称“{v}”"),
    "QNAME": ("name {v}", "名称 {v}"),
    "STRING": ("string {v}", "字符串 {v}"),
    "NUMBER": ("number {v}", "数字 {v}"),
    "PERCENT": ("percentage {v}", "百分数 {v}"),
    "DATE": ("date {v}", "日期 {v}"),
    "DATE_ZH": ("date {v}", "日期 {v}"),
    "DATETIME": ("date-time {v}", "时间 {v}"),
    "YEAR_ZH": ("year {v}", "年份 {v}"),
    "MONTHDAY": ("day of the year {v}", "月日 {v}"),
    "MONTHDAY_ZH": ("day of the year {v}", "月日 {v}"),
    "TIME": ("time {v}", "时刻 {v}"),
}

_EXPECTED = {
    "clause": (
        "a clause (依据/source, 级别/severity, 有效/effective, 标签/tags, 当/when, 按/per, "
        "须/require, 须满足/ensure, 每月/every month, 至多/at most, 对每个/for each, …) "
        "or '}}' to close the {block} that starts at line {line}",
        "子句（依据、级别、有效、标签、当、按、须、须满足、每月、至多、对每个……）"
        "或结束第 {line} 行开始的{block}的“}}”",
    ),
    "test_line": (
        "'截至'/'as of', '事件'/'event', '期望'/'expect' or '}}' to close the {block} "
        "that starts at line {line}",
        "“截至”“事件”“期望”或结束第 {line} 行开始的{block}的“}}”",
    ),
    "item": (
        "'规则'/'rule', '测试'/'test', '常量'/'const' or '导入'/'import'",
        "“规则”“测试”“常量”或“导入”",
    ),
    "status": (
        "a result: 已履行/met, 已违反/violated, 待履行/pending or 不适用/not_applicable",
        "结果：已履行、已违反、待履行或不适用",
    ),
    "due": (
        "'在'/'within' and a period, '同日'/'same day', or '不晚于'/'by' and a date",
        "“在”加期间、“同日”，或“不晚于”加日期",
    ),
    "expression": (
        "an expression: a name, a number, a string, a date, 次数(…)/count(…) …",
        "表达式：名称、数字、字符串、日期、次数(……)等",
    ),
    "period": ("a period such as 20 工作日, or a constant", "期间，如 20 工作日，或常量名"),
    "unit": (
        "a unit such as 工作日, 日, 小时, 个月, 年 (workdays, days, hours, months, years)",
        "期间单位，如 工作日、日、小时、个月、年",
    ),
    "timestamp": (
        "a date or date-time such as 2024-02-21 or 2024-02-21T10:00",
        "日期或时间，如 2024-02-21 或 2024-02-21T10:00",
    ),
    "due_date": (
        "a date such as 2020-01-31 or a day of the year such as 01-31",
        "日期（如 2020-01-31）或每年的月日（如 01-31）",
    ),
    "date": ("a date such as 2021-06-30", "日期，如 2021-06-30"),
    "rule_id": ("a rule id such as L5", "规则编号，如 L5"),
    "title": ("the rule's title in double quotes", "带双引号的规则标题"),
    "string": ("text in double quotes", "带双引号的文字"),
    "event": ("an event name such as 收到申请", "事件名称，如 收到申请"),
    "attribute": ("an attribute name such as case or unit", "属性名，如 case 或 unit"),
}

_TOP_LEVEL = frozenset({"rule", "test", "import", "const"})
_QUOTE_MARKS = frozenset("《》〈〉「」『』")


def _clip(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _found(token: TokenLike, spellings: Mapping[str, str]) -> Message:
    if token.type == "$END":
        return Message("end of file", "文件结尾")
    value = _clip(token.value)
    if token.type in _FOUND:
        en, zh = _FOUND[token.type]
        return Message(en.format(v=value), zh.format(v=value))
    if keyword_concepts(token.value):
        return Message(f"keyword '{value}'", f"关键字“{value}”")
    return Message(f"'{value}'", f"“{value}”")


def _block(scan: Scan, source: SourceFile, offset: int) -> tuple[Message, int] | None:
    """The kind and first line of the ``{`` block still open at *offset*."""
    opened = scan.open_block(offset)
    if opened is None:
        return None
    line = source.position(opened)[0]
    head = source.line_text(line).split()
    is_test = bool(head) and head[0] in ("测试", "test")
    return (WORDS["test"] if is_test else WORDS["rule"]), line


def _expected(
    expected: set[str],
    previous: Sequence[TokenLike],
    spellings: Mapping[str, str],
    block: tuple[Message, int] | None,
) -> Message:
    words = {spellings.get(name, name) for name in expected}
    concepts: set[str] = set()
    for word in words:
        concepts.update(keyword_concepts(word))
    prev = previous[-1] if previous else None
    prev_concepts = set(keyword_concepts(prev.value)) if prev is not None else set()
    block_word, line = block if block is not None else (WORDS["rule"], 0)

    def say(key: str) -> Message:
        return message_from(key, block=block_word, line=line)

    if "require" in concepts and "when" in concepts:
        return say("clause")
    if "expect" in concepts and "event" in concepts:
        return say("test_line")
    if "rule" in concepts:
        return say("item")
    if "met" in concepts:
        return say("status")
    if "same_day" in concepts or "by" in concepts:
        return say("due")
    if "STRING" in words and "NUMBER" in words:
        return say("expression")
    if "NUMBER" in words and "NAME" in words:
        return say("period")
    if "DATETIME" in words:
        return say("timestamp")
    if "MONTHDAY" in words:
        return say("due_date")
    if "DATE" in words and len(words) <= 3:
        return say("date")
    if "NAME" in words and words <= {"NAME", "QNAME", "个", "在用", "open"}:
        if prev is not None and prev.type in ("NUMBER", "MINUS") and "在用" not in words:
            return say("unit")
        if prev_concepts & {"rule", "expect"}:
            return say("rule_id")
        earlier = {c for token in previous for c in keyword_concepts(token.value)}
        if (prev is not None and prev.type == "DOT") or (
            earlier & {"per", "matching", "amount"} and not prev_concepts & {"or"}
        ):
            return say("attribute")
        return say("event")
    if "STRING" in words and "NUMBER" not in words:
        earlier = {c for token in previous for c in keyword_concepts(token.value)}
        if "rule" in earlier and not prev_concepts & {"rule"}:
            return say("title")
        return say("string")
    shown = sorted(words, key=lambda w: (w.isupper(), w))[:8]
    listed = ", ".join(f"'{w}'" for w in shown)
    return Message(listed, "、".join(f"“{w}”" for w in shown))


def message_from(key: str, **args: Any) -> Message:
    en, zh = _EXPECTED[key]
    return Message(
        en.format(**{k: (v.en if isinstance(v, Message) else v) for k, v in args.items()}),
        zh.format(**{k: (v.zh if isinstance(v, Message) else v) for k, v in args.items()}),
    )


def _glued(token: TokenLike, words: set[str]) -> Message | None:
    """The hint for ``须解读发布``: a Chinese keyword run into the name after it."""
    if token.type != "NAME":
        return None
    best = ""
    for zh, _ in KEYWORDS.values():
        for spelling in zh:
            if (
                len(spelling) > len(best)
                and token.value.startswith(spelling)
                and len(token.value) > len(spelling)
                and spelling in words
            ):
                best = spelling
    if not best:
        return None
    rest = token.value[len(best) :]
    return message("GK201.glued", name=token.value, keyword=best, rest=rest)


def describe_unexpected(
    token: TokenLike,
    expected: set[str],
    previous: Sequence[TokenLike],
    source: SourceFile,
    scan: Scan,
    spellings: Mapping[str, str],
) -> Diagnostic:
    """The diagnostic for the parser stopping at *token* when it expected one of *expected*."""
    at_end = token.type == "$END"
    offset = len(source.text) if at_end else token.start_pos
    block = _block(scan, source, offset)
    found = _found(token, spellings)
    if at_end:
        stripped = len(source.text.rstrip())
        span = source.span(max(0, stripped - 1), stripped)
    else:
        span = source.span(token.start_pos, token.end_pos)
    starts_item = not at_end and bool(set(keyword_concepts(token.value)) & _TOP_LEVEL)
    if block is not None and (at_end or starts_item):
        kind, line = block
        return diagnostic(
            "GK205",
            span,
            source,
            notes=(message("GK205.found", found=found),),
            block=kind,
            line=line,
        )
    words = {spellings.get(name, name) for name in expected}
    if (
        words == {"="}
        and previous
        and previous[-1].type == "NAME"
        and any("expect" in keyword_concepts(t.value) for t in previous)
    ):
        # `期望 S3 case="A" 已完成`: an unknown result reads as the name of a key.
        name = previous[-1]
        span = source.span(name.start_pos, name.end_pos)
        return diagnostic(
            "GK201", span, source, found=_found(name, spellings), expected=message_from("status")
        )
    hint: Message | None = _glued(token, words)
    if hint is None and token.value == "every":
        hint = message("GK201.every")
    elif hint is None and token.type == "MONTHDAY" and expected & {"PLUS", "MINUS", "STAR"}:
        hint = message("GK201.monthday", text=token.value)
    elif (
        hint is None and keyword_concepts(token.value) and "NAME" in words and "NUMBER" not in words
    ):
        hint = message("GK201.keyword_name", name=token.value)
    return diagnostic(
        "GK201",
        span,
        source,
        hint=hint,
        found=found,
        expected=_expected(expected, previous, spellings, block),
    )


def describe_lex_failure(failure: LexFailure, source: SourceFile) -> Diagnostic:
    """The diagnostic for a character the lexer cannot read, or a token over a limit."""
    if failure.code != "GK202":
        span = source.span(failure.start, failure.end)
        return diagnostic(failure.code, span, source, **failure.args_)
    char = source.text[failure.start]
    if char in '"“':
        line, column = source.position(failure.start)
        end = failure.start + len(source.line_text(line)) - column + 1
        return diagnostic(
            "GK204",
            source.span(failure.start, max(end, failure.start + 1)),
            source,
            hint="GK204.hint",
        )
    span = source.span(failure.start, failure.start + 1)
    hint: Message | None = None
    if char in "'‘’":
        hint = message("GK202.single")
    elif char in _QUOTE_MARKS:
        hint = message("GK202.quote")
    elif char in ";；":
        hint = message("GK201.semicolon")
    else:
        twin = unicodedata.normalize("NFKC", char)
        if twin != char and twin.isascii() and twin.isprintable():
            hint = message("GK202.twin", ascii=twin)
    shown = char if char.isprintable() else f"U+{ord(char):04X}"
    return diagnostic("GK202", span, source, hint=hint, char=Message.same(shown))
