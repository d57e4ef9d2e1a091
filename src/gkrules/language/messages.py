"""The syntax diagnostics of the .gk language (GK2xx), in English and Chinese.

Codes:

======  ==========================================================
GK201   unexpected token (what was found, what was expected)
GK202   unexpected character
GK203   unknown unit of a period
GK204   unterminated string
GK205   a rule or test block not closed with ``}``
GK206   file too large
GK207   brackets nested too deeply
GK208   name too long
GK209   string too long
GK210   number too long
GK211   invalid date, day of the year or time
GK212   invalid escape in a string
GK213   a clause given twice
GK214   a rule that states no obligation
GK215   a clause that does not belong to this shape of rule
GK216   expression too deep
GK217   a whole number was expected
GK218   file cannot be read (missing, not UTF-8)
GK219   a rule missing a clause its shape needs
======  ==========================================================

Templates take the same fields in both languages; a field given as a
:class:`~gkrules.diagnostics.Message` is filled in each language from that message
(:func:`diagnostic`), so "a deadline rule" reads 期限规则 in Chinese.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from gkrules.diagnostics import Catalog, Diagnostic, Message
from gkrules.source import SourceFile, Span

__all__ = ["CATALOG", "WORDS", "diagnostic", "message"]

CATALOG = Catalog(
    {
        "GK201": ("unexpected {found}; expected {expected}", "此处不应出现{found}；应为{expected}"),
        "GK201.glued": (
            "'{name}' reads as one name; put a space after the keyword: '{keyword} {rest}'",
            "“{name}”被读作一个名称；请在关键字后加空格：“{keyword} {rest}”",
        ),
        "GK201.every": (
            "write 'every month', 'every quarter', 'every half-year' or 'every year'",
            "请写 every month、every quarter、every half-year 或 every year（每月、每季度、每半年、每年）",
        ),
        "GK201.monthday": (
            "'{text}' reads as a day of the year; write spaces around '-' to subtract",
            "“{text}”被读作“月-日”；如要相减，请在“-”两边加空格",
        ),
        "GK201.keyword_name": (
            "'{name}' is a keyword; to use it as a name write `{name}`",
            "“{name}”是关键字；如要用作名称，请写成 `{name}`",
        ),
        "GK201.semicolon": (
            "no ';' is needed: each clause starts with its keyword",
            "不需要分号：每个子句都以关键字开头",
        ),
        "GK202": ("unexpected character '{char}'", "无法识别的字符“{char}”"),
        "GK202.quote": (
            'put titles and other text in double quotes: "…" or “…”',
            '书名等文字请放在双引号中："…" 或 “…”',
        ),
        "GK202.single": ('strings use double quotes: "…"', '字符串请用双引号："…"'),
        "GK202.twin": ("write '{ascii}' instead", "请改为“{ascii}”"),
        "GK203": ("unknown unit '{unit}'", "未知的期间单位“{unit}”"),
        "GK203.hint": ("did you mean '{suggestion}'?", "是否应为“{suggestion}”？"),
        "GK203.units": ("units are {units}", "可用单位：{units}"),
        "GK204": ("unterminated string", "字符串缺少结束引号"),
        "GK204.hint": (
            "close it with '\"' on the same line",
            '请在同一行内用“"”结束字符串',
        ),
        "GK205": (
            "expected '}}' to close the {block} that starts at line {line}",
            "缺少“}}”：第 {line} 行开始的{block}没有结束",
        ),
        "GK205.found": ("found {found}", "此处为{found}"),
        "GK206": (
            "file too large: {size} characters (the limit is {limit})",
            "文件过大：{size} 个字符（上限为 {limit}）",
        ),
        "GK206.hint": ("split the rules into several files", "请把规则拆分到多个文件中"),
        "GK207": (
            "brackets nested too deeply (the limit is {limit})",
            "括号嵌套过深（上限为 {limit} 层）",
        ),
        "GK208": (
            "name too long: {length} characters (the limit is {limit})",
            "名称过长：{length} 个字符（上限为 {limit}）",
        ),
        "GK209": (
            "string too long: {length} characters (the limit is {limit})",
            "字符串过长：{length} 个字符（上限为 {limit}）",
        ),
        "GK210": (
            "number too long: {length} digits (the limit is {limit})",
            "数字过长：{length} 位（上限为 {limit} 位）",
        ),
        "GK211": ("invalid {what} '{text}'", "无效的{what}“{text}”"),
        "GK212": ("invalid escape '\\{char}' in a string", "字符串中有无效的转义“\\{char}”"),
        "GK212.hint": (
            'escapes are \\", \\\\, \\n, \\t and \\r',
            '可用的转义：\\"、\\\\、\\n、\\t、\\r',
        ),
        "GK213": (
            "'{clause}' given twice in one {block}",
            "同一{block}中“{clause}”出现了两次",
        ),
        "GK213.first": ("the first is at line {line}", "第一次出现在第 {line} 行"),
        "GK214": ("this rule states no obligation", "该规则没有规定任何义务"),
        "GK214.hint": (
            "add '须 X 在 20 工作日 内' (require … within), '须 X 不晚于 01-31' (require … by), "
            "'每月' … '须满足 …' (every month … ensure), '对每个 X 须满足 …' (for each … ensure) "
            "or '至多 1 个 X' (at most)",
            "请加上“须 X 在 20 工作日 内”“须 X 不晚于 01-31”“每月 … 须满足 …”“对每个 X 须满足 …”"
            "或“至多 1 个 X”之一",
        ),
        "GK215": (
            "'{clause}' does not belong in {shape}",
            "“{clause}”不能用于{shape}",
        ),
        "GK219": ("{shape} needs '{clause}'", "{shape}需要“{clause}”"),
        "GK219.when": ("which event starts the clock?", "哪个事件开始计时？"),
        "GK219.ensure": ("what must hold?", "需要满足什么条件？"),
        "GK216": (
            "expression too deep (the limit is {limit} levels)",
            "表达式嵌套过深（上限为 {limit} 层）",
        ),
        "GK216.hint": (
            "split it with named constants",
            "可以用常量把它拆开",
        ),
        "GK217": ("expected a whole number, found '{text}'", "应为整数，此处为“{text}”"),
        "GK218": ("cannot read '{path}': {reason}", "无法读取“{path}”：{reason}"),
    }
)

#: Words used inside messages, in both languages.
WORDS = {
    "rule": Message("rule", "规则"),
    "test": Message("test", "测试"),
    "date": Message("date", "日期"),
    "month_day": Message("day of the year", "月日"),
    "time": Message("time", "时刻"),
    "year": Message("year", "年份"),
    "deadline": Message("a deadline rule (when … require … within)", "期限规则（当……须……在……内）"),
    "date_rule": Message("a rule due by a date (require … by)", "日期规则（须……不晚于……）"),
    "window": Message(
        "a periodic rule (every month/quarter/… ensure)", "周期规则（每月/每季度/……须满足）"
    ),
    "limit": Message("a limit rule (at most)", "数量上限规则（至多）"),
    "each": Message("a for-each rule (for each … ensure)", "逐项规则（对每个……须满足）"),
}


def _in(lang: str, value: object) -> object:
    if isinstance(value, Message):
        return value.en if lang == "en" else value.zh
    return value


def message(key: str, **args: object) -> Message:
    """The catalog text *key*; an argument that is a :class:`Message` is filled in per language."""
    en, zh = CATALOG.entries[key]
    return Message(
        en.format(**{k: _in("en", v) for k, v in args.items()}),
        zh.format(**{k: _in("zh", v) for k, v in args.items()}),
    )


def diagnostic(
    code: str,
    span: Span | None,
    source: SourceFile | None,
    *,
    hint: str | Message | None = None,
    notes: Sequence[Message] = (),
    **args: object,
) -> Diagnostic:
    """An error diagnostic for *code* at *span*, with the source excerpt; arguments as :func:`message`."""
    english: dict[str, Any] = {k: _in("en", v) for k, v in args.items()}
    base = CATALOG.diagnostic(code, span, source, notes=notes, **english)
    hint_message = message(hint, **args) if isinstance(hint, str) else hint
    return attrs.evolve(base, message=message(code, **args), hint=hint_message)
