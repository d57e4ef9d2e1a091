"""The standard 政务公开 event schema (../shared/EVENTS.md) and the obligation ids, as data.

gkrules is vocabulary-free: a rule may name any event and attribute its log has.  The rules it ships
are written against this one schema, so the checker uses it for *hints* only — a name close to a
standard one but not equal ("答服" for "答复", "levle" for "level") is probably a typo and gets a
warning with "did you mean …?", never an error.

Everything here is an immutable table; nothing is computed at import time.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from attrs import frozen

__all__ = [
    "COMMON_ATTRIBUTES",
    "OBLIGATION_IDS",
    "STANDARD_EVENTS",
    "STANDARD_ID",
    "AttributeKind",
    "AttributeSpec",
    "attributes_of",
    "is_standard_rule_id",
]


class AttributeKind(enum.Enum):
    TEXT = "text"
    NUMBER = "number"
    TIME = "time"


@frozen
class AttributeSpec:
    """An attribute of standard events: its kind and, for a closed vocabulary, the values allowed."""

    kind: AttributeKind = AttributeKind.TEXT
    values: tuple[str, ...] = ()


_TEXT = AttributeSpec()
_NUMBER = AttributeSpec(AttributeKind.NUMBER)

#: Columns every event may carry (EVENTS.md "Format").
COMMON_ATTRIBUTES: Mapping[str, AttributeSpec] = MappingProxyType(
    {
        "time": AttributeSpec(AttributeKind.TIME),
        "event": _TEXT,
        "case": _TEXT,
        "unit": _TEXT,
    }
)

_CHANNEL = AttributeSpec(values=("当面", "邮寄", "平信", "网络", "传真"))
_LEVEL = AttributeSpec(values=("特别重大", "重大", "较大", "一般"))
_DISCLOSURE = AttributeSpec(values=("主动公开", "依申请公开", "不予公开"))
_PERIOD = AttributeSpec(values=("月度", "季度"))

#: The standard events and their own attributes (EVENTS.md "Event types used by the standard rules").
STANDARD_EVENTS: Mapping[str, Mapping[str, AttributeSpec]] = MappingProxyType(
    {
        "信息形成": {},
        "信息变更": {},
        "主动公开": {},
        "收到申请": {"channel": _CHANNEL},
        "补正告知": {},
        "收到补正": {},
        "征求意见开始": {"party": _TEXT},
        "征求意见结束": {"party": _TEXT},
        "延期告知": {"days": _NUMBER},
        "答复": {},
        "年度报告公开": {"year": _NUMBER},
        "规范性文件印发": {},
        "规范性文件上网": {},
        "常务会议议定": {},
        "议定事项公开": {},
        "政策文件公开": {},
        "解读发布": {},
        "舆情发生": {"level": _LEVEL},
        "新闻发布会": {},
        "舆情回应": {},
        "指标报告": {"metric": _TEXT, "value": _NUMBER},
        "抽查": {"checked": _NUMBER, "total": _NUMBER},
        "新媒体开设": {"platform": _TEXT, "account": _TEXT},
        "新媒体关停": {"platform": _TEXT, "account": _TEXT},
        "任务完成": {"task": _TEXT},
        "听取汇报": {},
        "档案移交": {},
        "数据发布": {"period": _PERIOD},
        "公文印发": {"attribute": _DISCLOSURE, "reason": _TEXT},
        "不予公开评估": {},
    }
)

#: The obligations of OBLIGATIONS.md that rules may implement (C1–C12 are counting rules, not rules).
OBLIGATION_IDS: tuple[str, ...] = tuple(f"L{n}" for n in range(1, 7)) + tuple(
    f"S{n}" for n in range(1, 20)
)

#: A standard rule's id: the obligation id, optionally followed by ``.N`` for the N-th part (S8.2).
STANDARD_ID = re.compile(r"^(?P<obligation>[LS][1-9][0-9]*)(?:\.(?P<part>[2-9]|[1-9][0-9]+))?$")


def is_standard_rule_id(rule_id: str) -> bool:
    """Whether *rule_id* is an obligation id (``L5``) or a part of one (``S8.2``)."""
    match = STANDARD_ID.match(rule_id)
    return match is not None and match.group("obligation") in OBLIGATION_IDS


def attributes_of(events: Iterable[str]) -> dict[str, AttributeSpec] | None:
    """The attributes standard *events* may carry, or ``None`` when any of them is not standard."""
    result = dict(COMMON_ATTRIBUTES)
    for name in events:
        own = STANDARD_EVENTS.get(name)
        if own is None:
            return None
        result.update(own)
    return result
