"""The evaluation layer's messages (codes GK5xx), in English and Chinese.

GK50x are values in a log a rule cannot use; GK51x rule tests and test tables; GK52x API usage;
GK53x notes attached to a report (not errors).  A test checks both templates of every entry use
the same fields.
"""

from __future__ import annotations

from typing import Any

from gkrules.diagnostics import Catalog, Diagnostic, Severity
from gkrules.errors import EvaluationError, UsageError
from gkrules.source import Span

__all__ = ["CATALOG", "evaluation_error", "note", "row_problem", "usage_error"]

CATALOG = Catalog(
    {
        "GK501": (
            "rule {rule}: the value '{value}' of '{attribute}' is not a number",
            "规则 {rule}：属性“{attribute}”的值“{value}”不是数值",
        ),
        "GK501.hint": (
            "write a plain number (0.04, 4%, 1200); rows like this one stop the check",
            "请填写数值（如 0.04、4%、1200）",
        ),
        "GK502": (
            "rule {rule}: the value '{value}' of '{attribute}' is not a date",
            "规则 {rule}：属性“{attribute}”的值“{value}”不是日期",
        ),
        "GK502.hint": ("write an ISO date such as 2024-01-31", "请按 2024-01-31 的格式填写日期"),
        "GK503": (
            "as_of must be a date, a date-time or ISO 8601 text, got {got}",
            "as_of 须为日期、日期时间或 ISO 8601 文本，实际为 {got}",
        ),
        "GK504": (
            "rule {rule}: {what} cannot be evaluated here",
            "规则 {rule}：此处无法计算{what}",
        ),
        "GK505": (
            "rule {rule}: a pause started by this row never ends before the next one starts",
            "规则 {rule}：此行开始的暂停在下一次暂停开始前没有结束",
        ),
        "GK506": (
            "rule {rule}: the extension '{value}' of '{attribute}' is not a whole number",
            "规则 {rule}：延期属性“{attribute}”的值“{value}”不是整数",
        ),
        # --- rule tests --------------------------------------------------------------------------
        "GK510": (
            "test table {path}: missing column '{column}'",
            "测试表 {path}：缺少“{column}”列",
        ),
        "GK510.hint": (
            "the columns are 测试, 截至, 时间, 事件, the attributes (case, unit, …), 期望规则, 期望结论",
            "表头依次为 测试、截至、时间、事件、各属性列（case、unit 等）、期望规则、期望结论",
        ),
        "GK511": (
            "test '{test}': unknown status '{status}'",
            "测试“{test}”：无法识别的结论“{status}”",
        ),
        "GK511.hint": (
            "use met, violated, pending or not_applicable (已履行, 违反, 未到期, 不适用)",
            "请填写 已履行、违反、未到期 或 不适用（met、violated、pending、not_applicable）",
        ),
        "GK512": (
            "test '{test}': no rule '{rule}'",
            "测试“{test}”：没有规则“{rule}”",
        ),
        "GK513": (
            "test '{test}': the time '{value}' is not a date or date-time",
            "测试“{test}”：时间“{value}”不是日期或日期时间",
        ),
        "GK514": (
            "test table {path}: a row with neither an event nor an expectation",
            "测试表 {path}：此行既没有事件也没有期望",
        ),
        "GK515": (
            "test table {path} cannot be read: {reason}",
            "无法读取测试表 {path}：{reason}",
        ),
        # --- API usage ---------------------------------------------------------------------------
        "GK520": (
            "to_dataframe() needs pandas: pip install 'gkrules[pandas]'",
            "to_dataframe() 需要 pandas：pip install 'gkrules[pandas]'",
        ),
        "GK521": (
            "cannot check events given as {got}",
            "无法检查以 {got} 形式给出的事件",
        ),
        "GK522": (
            "no rule '{rule}' in this rule set",
            "规则集中没有规则“{rule}”",
        ),
        "GK523": (
            "unknown status '{status}': use met, violated, pending or not_applicable",
            "无法识别的结论“{status}”：可用 met、violated、pending、not_applicable（已履行、违反、未到期、不适用）",
        ),
        "GK524": (
            "columns takes 'all' or 'used', not {value}",
            "columns 取值为 'all' 或 'used'，而不是 {value}",
        ),
        "GK525": (
            "rule {rule} reads rows of '{event}', but this log was loaded without them "
            "(load_events(events=...) did not ask for them)",
            "规则 {rule} 要读取“{event}”的行，但此日志载入时未读取这些行（load_events(events=...) 未包含它）",
        ),
        "GK525.hint": (
            "load the log again with events=ruleset.rows (or without events=; a date or window "
            "rule reads every row), or use check(path, columns='used'), which reads the rows its "
            "rules need",
            "请用 events=ruleset.rows（或不传 events=；日期规则、区间规则要读取每一行）重新载入日志，"
            "或直接用 check(路径, columns='used')，它会读取规则所需的行",
        ),
        # --- notes ---------------------------------------------------------------------------------
        "GK530": (
            "rule {rule}: extension of {amount} is over the limit {limit}; counted as {limit}",
            "规则 {rule}：延期 {amount} 超过上限 {limit}，按 {limit} 计",
        ),
        "GK531": (
            "rule {rule}: this closing event matches nothing open",
            "规则 {rule}：此关闭事件没有对应的开设事件",
        ),
        "GK532": (
            "rule {rule}: '{column}' is missing, so this row cannot be grouped",
            "规则 {rule}：缺少“{column}”，此行无法分组",
        ),
    }
)


def _span(row: tuple[str, int] | None) -> Span | None:
    if row is None:
        return None
    return Span.for_line(row[0], row[1])


def row_problem(code: str, row: tuple[str, int] | None, **args: Any) -> Diagnostic:
    """An error about one log row (``file``, ``row``)."""
    hint = f"{code}.hint" if f"{code}.hint" in CATALOG.entries else None
    return CATALOG.diagnostic(code, _span(row), hint=hint, **args)


def note(code: str, row: tuple[str, int] | None, **args: Any) -> Diagnostic:
    """A note for the report (not an error)."""
    return CATALOG.diagnostic(code, _span(row), severity=Severity.NOTE, **args)


def evaluation_error(problems: list[Diagnostic]) -> EvaluationError:
    return EvaluationError(problems)


def usage_error(code: str, **args: Any) -> UsageError:
    hint = f"{code}.hint" if f"{code}.hint" in CATALOG.entries else None
    return UsageError(CATALOG.diagnostic(code, hint=hint, **args))
