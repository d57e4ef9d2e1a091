"""Messages of periods and clocks (codes GK140–GK159), in English and Chinese.

The calendar's own messages (GK101–GK139) are in :mod:`gkrules.calendar.messages`.
"""

from __future__ import annotations

from typing import Any

from gkrules.diagnostics import Catalog, Diagnostic, Message, Severity
from gkrules.errors import UsageError

__all__ = ["MESSAGES", "usage_error"]

MESSAGES = Catalog(
    {
        "GK140": (
            "unknown unit '{unit}' in period '{text}'",
            "期间“{text}”中的单位“{unit}”无法识别",
        ),
        "GK140.hint": ("did you mean '{suggestion}'?", "是否应为“{suggestion}”？"),
        "GK140.weeks": (
            "weeks are not a unit of legal periods: write 7日 per week, or the 工作日 meant",
            "“周”不是法定期间的单位：每周写作 7日，或写明所指的工作日数",
        ),
        "GK140.units": ("known units: {units}", "可用的单位：{units}"),
        "GK141": (
            "'{text}' is not a period: write a whole number and a unit, e.g. 3工作日, 48小时, 1个月, 15 days",
            "“{text}”不是期间：应写作整数加单位，例如 3工作日、48小时、1个月、15日",
        ),
        "GK142": (
            "a period of {amount} {unit} is longer than gkrules accepts (at most {limit} {unit})",
            "期间 {amount}{unit} 超出允许的长度（最多 {limit}{unit}）",
        ),
        "GK142.hint": (
            "check the number: a legal period this long is almost certainly a typing error",
            "请核对数字：如此长的法定期间几乎必然是笔误",
        ),
        "GK143": (
            "the amount of a period must be a whole number ≥ 0, not {got}",
            "期间的数量必须是不小于 0 的整数，而不是 {got}",
        ),
        "GK144": ("{got} is not a date or a date-time", "{got} 不是日期或日期时间"),
        "GK144.hint": (
            "write a date such as 2024-05-01 or a date-time such as 2024-05-01 10:15 (ISO 8601; "
            "from Python, a datetime.date or datetime.datetime also works)",
            "请写成日期（如 2024-05-01）或日期时间（如 2024-05-01 10:15，ISO 8601 格式；"
            "在 Python 中也可传入 datetime.date 或 datetime.datetime）",
        ),
        "GK145": (
            "the array form counts day-based periods only, not {unit}",
            "数组形式只支持以日计的期间，不支持{unit}",
        ),
        "GK146": (
            "an extension of {amount} does not fit a period counted in {unit}",
            "延期 {amount} 与以{unit}计算的期间单位不一致",
        ),
        "GK147": (
            "a pause ends ({end}) before it starts ({start})",
            "暂停的结束（{end}）早于开始（{start}）",
        ),
        "GK148": ("{name} must be ≥ 0, not {got}", "{name} 不能小于 0，而是 {got}"),
        "GK149": (
            "expected a datetime64[D] array of trigger days, got dtype {dtype}",
            "触发日应为 datetime64[D] 数组，实际的类型为 {dtype}",
        ),
        "GK151": (
            "an extension without an amount needs extension_limit (the amount it then gets)",
            "未写明天数的延期需要给出 extension_limit（即按上限延期）",
        ),
        "GK150": (
            "the cut-off {got} must be a local time of day without a zone",
            "截止时刻 {got} 应为不带时区的当地时刻",
        ),
    }
)


def usage_error(
    code: str, *, hint: str | None = None, notes: tuple[str, ...] = (), **args: Any
) -> UsageError:
    """A :class:`UsageError`; an argument given as a :class:`Message` is put in per language."""

    def render(key: str) -> Message:
        en, zh = MESSAGES.entries[key]
        return Message(
            en.format(**{k: v.en if isinstance(v, Message) else v for k, v in args.items()}),
            zh.format(**{k: v.zh if isinstance(v, Message) else v for k, v in args.items()}),
        )

    return UsageError(
        Diagnostic(
            code,
            Severity.ERROR,
            render(code),
            hint=render(hint) if hint else None,
            notes=tuple(render(note) for note in notes),
        )
    )
