"""Words of the .gk language, and what happens to a text before the grammar sees it.

* :data:`KEYWORDS` — every keyword, its Chinese and English spellings (the first is the one the
  formatter writes).  The grammar (``grammar.lark``) spells the same words; a test checks the two
  agree.
* :func:`prescan` — one linear pass over the text that, outside strings and comments, maps
  full-width punctuation to ASCII (one character for one, so every offset, line and column stays
  exact), collects the comments for the formatter, and enforces the nesting limit.
* Names, strings and numbers: how the formatter writes them back (:func:`name_text`,
  :func:`string_text`) and how the builder reads them (:func:`decode_string`).

Full-width punctuation is *accepted*: ``（``, ``，``, ``：`` and the rest read as their ASCII
twins, ``“…”`` delimits a string like ``"…"``, the formatter writes ASCII, and
:func:`find_fullwidth` lists every character that was read that way (the linter warns).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from attrs import frozen

from gkrules.errors import RuleSyntaxError
from gkrules.language.messages import CATALOG
from gkrules.source import SourceFile, Span

__all__ = [
    "FULLWIDTH",
    "KEYWORDS",
    "LIMITS",
    "RESERVED",
    "Limits",
    "Replacement",
    "Scan",
    "decode_string",
    "find_fullwidth",
    "is_plain_name",
    "keyword_concepts",
    "name_text",
    "prescan",
    "string_text",
]


@frozen
class Limits:
    """Sizes past which input is refused with a clear diagnostic, so hostile input stays linear."""

    file_chars: int = 5_000_000  # a .gk file of 5 million characters
    nesting: int = 50  # depth of ( [ { brackets
    expression_depth: int = 100  # depth of an expression tree (a + b + … counts each operator)
    name_length: int = 100  # characters of a name
    string_length: int = 10_000  # characters of a string literal
    number_digits: int = 20  # digits of a number literal


LIMITS = Limits()

#: concept → (Chinese spellings, English spellings); the first spelling of each is canonical.
KEYWORDS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType(
    {
        "import": (("导入",), ("import",)),
        "const": (("常量",), ("const",)),
        "rule": (("规则",), ("rule",)),
        "test": (("测试",), ("test",)),
        "source": (("依据",), ("source",)),
        "article": (("条款",), ("article",)),
        "quote": (("原文",), ("quote",)),
        "severity": (("级别",), ("severity",)),
        "required": (("必须",), ("required",)),
        "advisory": (("建议", "原则上"), ("advisory",)),
        "effective": (("有效",), ("effective",)),
        "from": (("自",), ("from",)),
        "until": (("至",), ("until",)),
        "tags": (("标签",), ("tags",)),
        "when": (("当",), ("when",)),
        "where": (("其中",), ("where",)),
        "per": (("按",), ("per",)),
        "ungrouped": (("不分组",), ("ungrouped",)),
        "require": (("须",), ("require",)),
        "within": (("在",), ("within",)),
        "inside": (("内",), ()),
        "same_day": (("同日",), ("same day",)),
        "by": (("不晚于",), ("by",)),
        "before": (("早于",), ("before",)),
        "every_month": (("每月",), ("every month",)),
        "every_quarter": (("每季度",), ("every quarter",)),
        "every_half_year": (("每半年",), ("every half-year",)),
        "every_year": (("每年",), ("every year",)),
        "pause": (("暂停",), ("pause",)),
        "restart": (("重新计时",), ("restart",)),
        "on": (("于",), ("on",)),
        "extend": (("延期",), ("extend",)),
        "amount": (("天数",), ("amount",)),
        "at_most": (("最多", "至多"), ("at most",)),
        "times": (("次数",), ("times",)),
        "only_if": (("仅当",), ("only if",)),
        "has": (("存在",), ("has",)),
        "one_to_one": (("一对一",), ("one to one",)),
        "counting": (("计算",), ("counting",)),
        "start_day_counted": (("当日起算",), ("start-day-counted",)),
        "no_roll_off": (("不顺延",), ("no-roll-off",)),
        "cutoff": (("截止",), ("cutoff",)),
        "exclusive_end": (("不含末日",), ("exclusive-end",)),
        "ensure": (("须满足",), ("ensure",)),
        "if": (("如果",), ("if",)),
        "otherwise": (("否则",), ("otherwise",)),
        "classifier": (("个",), ()),
        "open": (("在用",), ("open",)),
        "closed_by": (("关闭于",), ("closed by",)),
        "matching": (("对应",), ("matching",)),
        "for_each": (("对每个",), ("for each",)),
        "or": (("或",), ("or",)),
        "and": (("且",), ("and",)),
        "not": (("非",), ("not",)),
        "in": (("属于",), ("in",)),
        "not_in": (("不属于",), ("not in",)),
        "present": (("存在",), ("present",)),
        "absent": (("缺失",), ("absent",)),
        "count": (("次数",), ("count",)),
        "sum": (("合计",), ("sum",)),
        "min": (("最小",), ("min",)),
        "max": (("最大",), ("max",)),
        "latest": (("最新",), ("latest",)),
        "this_year": (("当年",), ("this_year",)),
        "as_of": (("截至",), ("as of",)),
        "event": (("事件",), ("event",)),
        "expect": (("期望",), ("expect",)),
        "met": (("已履行",), ("met",)),
        "violated": (("已违反",), ("violated",)),
        "pending": (("待履行",), ("pending",)),
        "not_applicable": (("不适用",), ("not_applicable",)),
    }
)

_NAME = re.compile(r"[^\W\d]\w*")

#: Words that cannot be a bare name: every one-word keyword, and the first word of every English
#: keyword phrase (``same`` of ``same day``), so that a printed name never runs into a phrase.
RESERVED: frozenset[str] = frozenset(
    spelling.split()[0].split("-")[0] for zh, en in KEYWORDS.values() for spelling in (*zh, *en)
)


def keyword_concepts(spelling: str) -> tuple[str, ...]:
    """The concepts a keyword spelling stands for (``次数`` → count and times)."""
    word = " ".join(spelling.split())
    return tuple(concept for concept, (zh, en) in KEYWORDS.items() if word in zh or word in en)


def is_plain_name(name: str) -> bool:
    """Whether *name* can be written bare (not a keyword, shaped like a name)."""
    return _NAME.fullmatch(name) is not None and name not in RESERVED


def name_text(name: str) -> str:
    """*name* as source text: bare, or in backquotes (`` `count` ``) when bare would not read back."""
    return name if is_plain_name(name) else f"`{name}`"


_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r"}


def string_text(value: str) -> str:
    """*value* as an ASCII-quoted string literal, escaping what must be escaped."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )
    return f'"{escaped}"'


def decode_string(literal: str) -> tuple[str, int | None]:
    """The value of a string literal, and the index in *literal* of a bad escape (``None`` if none).

    ``"…"`` understands ``\\"``, ``\\\\``, ``\\n``, ``\\t`` and ``\\r``; ``“…”`` is taken as written.
    """
    if literal.startswith("“"):
        return literal[1:-1], None
    body = literal[1:-1]
    if "\\" not in body:
        return body, None
    out: list[str] = []
    index = 0
    while index < len(body):
        ch = body[index]
        if ch == "\\":
            nxt = body[index + 1] if index + 1 < len(body) else ""
            if nxt not in _ESCAPES:
                return "", index + 1
            out.append(_ESCAPES[nxt])
            index += 2
        else:
            out.append(ch)
            index += 1
    return "".join(out), None


# ---------------------------------------------------------------------------------------------
# Full-width punctuation and the prescan


_FULLWIDTH_DIGITS = {chr(0xFF10 + d): str(d) for d in range(10)}

#: Full-width (and other CJK) punctuation read as its ASCII twin outside strings and comments.
FULLWIDTH: Mapping[str, str] = MappingProxyType(
    {
        "，": ",",
        "、": ",",
        "：": ":",
        "（": "(",
        "）": ")",
        "［": "[",
        "］": "]",
        "【": "[",
        "】": "]",
        "｛": "{",
        "｝": "}",
        "＝": "=",
        "＞": ">",
        "＜": "<",
        "！": "!",
        "％": "%",
        "＋": "+",
        "－": "-",
        "＊": "*",
        "／": "/",
        "．": ".",
        "＃": "#",
        "｀": "`",
        **_FULLWIDTH_DIGITS,
    }
)

_OPENERS = frozenset("([{")
_CLOSERS = frozenset(")]}")

_SCAN = re.compile(
    r'"(?:[^"\\\n]|\\.)*"?'  # a string (maybe unterminated: the lexer reports it)
    r"|“[^”\n]*”?"  # a string in Chinese quotes
    r"|[#＃][^\n]*"  # a comment
    r"|[()\[\]{}]"  # brackets, for the nesting limit and the block stack
    "|[" + "".join(re.escape(ch) for ch in FULLWIDTH) + "\ufeff]"
)


@frozen
class Replacement:
    """A full-width character read as its ASCII twin."""

    span: Span
    original: str
    ascii: str


@frozen
class Scan:
    """What :func:`prescan` learned: the text to lex, and what the formatter and errors need."""

    text: str
    replacements: tuple[Replacement, ...]
    comments: tuple[tuple[int, str], ...]
    #: offsets of ``{`` (True) and ``}`` (False) outside strings and comments, in order
    braces: tuple[tuple[int, bool], ...]

    def open_block(self, offset: int) -> int | None:
        """The offset of the innermost ``{`` still open at *offset* (for "missing '}'" errors)."""
        stack: list[int] = []
        for at, is_open in self.braces:
            if at >= offset:
                break
            if is_open:
                stack.append(at)
            elif stack:
                stack.pop()
        return stack[-1] if stack else None


def prescan(source: SourceFile, limits: Limits = LIMITS) -> Scan:
    """Normalize full-width punctuation, collect comments, check size and nesting; one pass."""
    text = source.text
    if len(text) > limits.file_chars:
        span = source.span(0, 0)
        raise RuleSyntaxError(
            CATALOG.diagnostic(
                "GK206", span, source, size=len(text), limit=limits.file_chars, hint="GK206.hint"
            )
        )
    pieces: list[str] = []
    replacements: list[Replacement] = []
    comments: list[tuple[int, str]] = []
    braces: list[tuple[int, bool]] = []
    depth = 0
    last = 0
    line = 1
    counted_to = 0
    for match in _SCAN.finditer(text):
        start = match.start()
        token = match.group()
        first = token[0]
        if first in '"“':
            continue
        pieces.append(text[last:start])
        last = match.end()
        if first in "#＃":
            line += text.count("\n", counted_to, start)
            counted_to = start
            if first == "＃":
                replacements.append(Replacement(source.span(start, start + 1), first, "#"))
            comment = "#" + token[1:].rstrip()
            comments.append((line, comment))
            pieces.append(comment + token[len(comment) :])
            continue
        ascii_char = FULLWIDTH.get(first, " " if first == "\ufeff" else first)
        if ascii_char != first:
            replacements.append(Replacement(source.span(start, start + 1), first, ascii_char))
        pieces.append(ascii_char)
        if ascii_char in _OPENERS:
            depth += 1
            if ascii_char == "{":
                braces.append((start, True))
            if depth > limits.nesting:
                raise RuleSyntaxError(
                    CATALOG.diagnostic(
                        "GK207", source.span(start, start + 1), source, limit=limits.nesting
                    )
                )
        elif ascii_char in _CLOSERS:
            depth = max(0, depth - 1)
            if ascii_char == "}":
                braces.append((start, False))
    pieces.append(text[last:])
    return Scan("".join(pieces), tuple(replacements), tuple(comments), tuple(braces))


def find_fullwidth(text: str, path: str = "<string>") -> tuple[Replacement, ...]:
    """Every full-width character outside strings and comments that .gk reads as ASCII."""
    return prescan(SourceFile(path, text)).replacements
