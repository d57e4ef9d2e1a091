"""Every word the reports and the check/due/explain commands print, in Chinese and English.

One :class:`~gkrules.diagnostics.Catalog` holds both languages of every entry (a test checks the two
templates of each entry use the same fields).  Entries are looked up with :func:`text`; the CLI's
errors (codes GK62x) are entries here too, so there is one place to translate.
"""

from __future__ import annotations

from typing import Any

from gkrules.diagnostics import Catalog, Lang, Message
from gkrules.errors import UsageError

__all__ = ["CATALOG", "text", "usage_error"]

CATALOG = Catalog(
    {
        # --- headings -----------------------------------------------------------------------------
        "title": ("gkrules compliance report", "政务公开合规检查报告"),
        "as_of": ("As of {as_of}", "截至 {as_of}"),
        "overview": (
            "{rules} rule(s), {instances} instance(s): {violated} violated ({done_late} done late,"
            " {not_done} not done), {pending} pending ({at_risk} at risk), {met} met,"
            " {not_applicable} not applicable",
            "规则 {rules} 条，实例 {instances} 个：违反 {violated} 个（逾期完成 {done_late}，"
            "未完成 {not_done}），未到期 {pending} 个（临期 {at_risk}），已履行 {met} 个，"
            "不适用 {not_applicable} 个",
        ),
        "provisional_note": (
            "Some deadlines use provisional calendar days (the holiday notice is not yet published);"
            " they are marked [provisional].",
            "部分期限使用了暂定日历（放假通知尚未公布），已标注“暂定”。",
        ),
        "section.not_done": ("Not done (overdue)", "未完成（已逾期）"),
        "section.done_late": ("Done late", "逾期完成"),
        "section.other_violations": ("Other violations", "其他违反"),
        "section.at_risk": (
            "At risk (less than {share} of the time left)",
            "临期（剩余时间不足 {share}）",
        ),
        "section.pending": ("Pending", "未到期"),
        "section.met": ("Met", "已履行"),
        "section.not_applicable": ("Not applicable", "不适用"),
        "section.summary": ("Summary by rule and unit", "按规则和单位汇总"),
        "section.units": ("Summary by unit", "按单位汇总"),
        "section.accounting": ("Event log accounting", "日志核对"),
        "section.notes": ("Notes", "说明"),
        "section.chart": ("Violations by month", "各月违反数"),
        "section.table": ("All instances", "全部实例"),
        "none": ("none", "无"),
        "more": (
            "… and {count} more (see --format csv or --status to narrow)",
            "…… 另有 {count} 个（可用 --format csv 导出全部，或用 --status 筛选）",
        ),
        # --- columns ------------------------------------------------------------------------------
        "col.rule": ("Rule", "规则"),
        "col.title": ("Title", "名称"),
        "col.unit": ("Unit", "单位"),
        "col.key": ("Instance", "实例"),
        "col.status": ("Status", "结论"),
        "col.met": ("Met", "已履行"),
        "col.violated": ("Violated", "违反"),
        "col.done_late": ("Done late", "逾期完成"),
        "col.not_done": ("Not done", "未完成"),
        "col.pending": ("Pending", "未到期"),
        "col.not_applicable": ("N/A", "不适用"),
        "col.total": ("Total", "合计"),
        "col.trigger": ("Trigger", "起算"),
        "col.deadline": ("Deadline", "期限"),
        "col.fulfilled": ("Done", "完成时间"),
        "col.late_by": ("Late by", "逾期"),
        "col.left": ("Left", "剩余"),
        "col.cite": ("Source", "依据"),
        "col.reason": ("Found", "问题"),
        "col.where": ("Rule at", "规则位置"),
        "no_unit": ("(no unit)", "（未分单位）"),
        # --- statuses and kinds -----------------------------------------------------------------
        "kind.not_done": ("not done", "未完成"),
        "kind.done_late": ("done late", "逾期完成"),
        "kind.violated": ("violated", "违反"),
        "kind.at_risk": ("at risk", "临期"),
        "kind.pending": ("pending", "未到期"),
        "kind.met": ("met", "已履行"),
        "kind.not_applicable": ("not applicable", "不适用"),
        "kind.overdue": ("overdue", "已逾期"),
        "provisional": ("provisional", "暂定"),
        # --- verdict lines ------------------------------------------------------------------------
        "line.deadline": ("deadline {deadline}", "期限 {deadline}"),
        "line.fulfilled": ("done {fulfilled}", "完成于 {fulfilled}"),
        "line.late_by": ("late by {amount}", "逾期 {amount}"),
        "line.left": ("{amount} left", "剩余 {amount}"),
        "line.overdue_by": ("overdue by {amount}", "已逾期 {amount}"),
        "line.share_left": ("{share} of the time left", "剩余时间占 {share}"),
        # --- accounting ---------------------------------------------------------------------------
        "acc.rows": (
            "rows read {read} = used {used} + unused {unused} + set aside {set_aside}",
            "读取 {read} 行 = 使用 {used} 行 + 未使用 {unused} 行 + 剔除 {set_aside} 行",
        ),
        "acc.unbalanced": (
            "the row counts do not add up — please report this as a bug",
            "行数核对不平——请作为缺陷报告",
        ),
        "acc.sources": ("logs: {sources}", "日志：{sources}"),
        "acc.unused_event": (
            "'{name}': {rows} row(s) no rule uses",
            "“{name}”：{rows} 行，没有规则使用",
        ),
        "acc.did_you_mean": ("did you mean '{name}'?", "是否应为“{name}”？"),
        "acc.after_as_of": (
            "{rows} row(s) dated after the as-of instant were not used",
            "{rows} 行晚于截至时刻，未使用",
        ),
        "acc.set_aside": ("{rows} row(s) set aside (--lenient):", "{rows} 行被剔除（--lenient）："),
        # --- due ----------------------------------------------------------------------------------
        "due.title": ("Open obligations", "待办事项"),
        "due.within": ("due within {period}", "{period}内到期"),
        "due.count": (
            "{count} open: {overdue} overdue, {at_risk} at risk",
            "共 {count} 项：已逾期 {overdue} 项，临期 {at_risk} 项",
        ),
        "due.empty": ("Nothing open.", "没有待办事项。"),
        "due.today": ("due today", "今日到期"),
        # --- explain ------------------------------------------------------------------------------
        "explain.instance": ("Instance {number} of {count}", "第 {number} 个实例（共 {count} 个）"),
        "explain.rule": ("Rule {rule}: {title}", "规则 {rule}：{title}"),
        "explain.cite": ("Source: {cite}", "依据：{cite}"),
        "explain.quote": ("Text: {quote}", "原文：{quote}"),
        "explain.where": ("Written at {where}", "规则位置：{where}"),
        "explain.key": ("Instance: {instance}", "实例：{instance}"),
        "explain.status": ("Verdict: {status}", "结论：{status}"),
        "explain.reasoning": ("Reasoning:", "推理过程："),
        "explain.rows": ("Log rows:", "日志行："),
        "explain.no_rows": ("(no log rows)", "（无日志行）"),
        "explain.severity_advisory": ("advisory (原则上)", "原则上（建议性）"),
        # --- html ---------------------------------------------------------------------------------
        "html.filter_status": ("Status", "结论"),
        "html.filter_rule": ("Rule", "规则"),
        "html.filter_unit": ("Unit", "单位"),
        "html.filter_text": ("Search", "搜索"),
        "html.all": ("all", "全部"),
        "html.shown": ("shown", "显示"),
        "html.expand": ("details", "详情"),
        "html.explanation": ("Reasoning", "推理过程"),
        "html.truncated": (
            "The table holds the first {shown} of {total} instances (violations first);"
            " the summary counts all of them.",
            "表格列出前 {shown} 个实例（共 {total} 个，违反在前）；汇总统计全部实例。",
        ),
        "html.no_violations": ("No violations.", "没有违反。"),
        "html.generated": ("Generated by gkrules {version}", "由 gkrules {version} 生成"),
        # --- errors (GK620–GK633: the commands' own arguments) ----------------------------------
        "GK620": (
            "no .gk rule files in the folder {path}",
            "文件夹 {path} 中没有 .gk 规则文件",
        ),
        "GK621": (
            "--status takes met, violated, pending or not_applicable (comma-separated), not '{value}'",
            "--status 取值为 met、violated、pending、not_applicable（用逗号分隔），而不是“{value}”",
        ),
        "GK622": (
            "--within takes a period such as 5工作日, 3日 or 48小时, not '{value}'",
            "--within 取值为期间，如 5工作日、3日、48小时，而不是“{value}”",
        ),
        "GK623": (
            "--at-risk takes a share between 0 and 1 (0.2) or a percentage (20%), not '{value}'",
            "--at-risk 取值为 0 到 1 之间的比例（0.2）或百分数（20%），而不是“{value}”",
        ),
        "GK624": ("no rule '{rule}' in the rules given", "所给规则中没有规则“{rule}”"),
        "GK624.hint": ("did you mean '{near}'?", "是否应为“{near}”？"),
        "GK625": (
            "rule {rule} has no instance '{instance}' as of {as_of}",
            "截至 {as_of}，规则 {rule} 没有实例“{instance}”",
        ),
        "GK625.hint": ("its instances include: {some}", "该规则的实例有：{some}"),
        "GK626": (
            "--as-of takes a date (2024-03-15) or a date-time (2024-03-15T17:00), not '{value}'",
            "--as-of 取值为日期（2024-03-15）或日期时间（2024-03-15T17:00），而不是“{value}”",
        ),
        "GK627": (
            "rule {rule} has no instances as of {as_of}",
            "截至 {as_of}，规则 {rule} 没有任何实例",
        ),
        "GK628": (
            "--cutoff takes HH:MM (e.g. 17:30), not {value}",
            "--cutoff 的格式是 HH:MM（例如 17:30），而不是 {value}",
        ),
        "GK629": (
            "{value} is not a month: write YYYY-MM with a month 01–12 (e.g. 2026-10)",
            "{value} 不是月份：请写成 YYYY-MM，月份为 01–12（例如 2026-10）",
        ),
        "GK630": (
            "no event logs (*.csv, *.jsonl, *.ndjson, optionally .gz) in the folder {path}",
            "文件夹 {path} 中没有事件日志（*.csv、*.jsonl、*.ndjson，可为 .gz）",
        ),
        "GK631": (
            "{path} looks like an event log, not rules: give each log its own --events/-e, "
            "or the folder of logs (-e dsl_examples/logs)",
            "{path} 像是事件日志而不是规则：每个日志都要用 --events/-e 指定，"
            "或直接给出日志所在的文件夹（-e dsl_examples/logs）",
        ),
        "GK632": (
            "--engine spark reads UTF-8 logs and keeps repeated rows: drop --dedupe and "
            "--encoding, or use --engine local",
            "--engine spark 只读取 UTF-8 日志且保留重复行：请去掉 --dedupe 和 --encoding，"
            "或使用 --engine local",
        ),
        "GK633": (
            "--engine stream keeps repeated rows: drop --dedupe, or use --engine local",
            "--engine stream 保留重复行：请去掉 --dedupe，或使用 --engine local",
        ),
    }
)


def text(entry: str, lang: Lang, /, **args: object) -> str:
    """The catalog's *entry* in *lang*, formatted with *args*."""
    return CATALOG.message(entry, **args).get(lang)


def usage_error(code: str, *, hint: str | Message | None = None, **args: Any) -> UsageError:
    """A :class:`~gkrules.errors.UsageError` for one of this layer's codes (GK620–GK633)."""
    return UsageError(CATALOG.diagnostic(code, hint=hint, **args))
