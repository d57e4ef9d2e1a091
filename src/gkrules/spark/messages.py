"""The Spark path's own messages (codes GK64x), in English and Chinese."""

from __future__ import annotations

from gkrules.diagnostics import Catalog, Diagnostic, Severity

__all__ = ["CATALOG", "diagnostic"]

CATALOG = Catalog(
    {
        "GK640": (
            "--engine spark writes {formats}; {format} needs the whole report in one process: "
            "use --engine local",
            "--engine spark 只能输出 {formats}；{format} 格式需要在单机上生成完整报告，请使用 --engine local",
        ),
        "GK641": (
            "Spark cannot read the events at {path}: {reason}",
            "Spark 无法读取事件日志 {path}：{reason}",
        ),
        "GK642": (
            "the events DataFrame has {column} but not {other}: give both provenance columns or "
            "neither",
            "事件 DataFrame 有 {column} 列而没有 {other} 列：来源列须同时给出或都不给出",
        ),
    }
)


def diagnostic(code: str, **args: object) -> Diagnostic:
    """An error diagnostic of this catalog (no place in a file)."""
    return Diagnostic(code, Severity.ERROR, CATALOG.message(code, **args))
