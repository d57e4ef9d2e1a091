"""The messages of the event-log loader (codes GK4xx), in English and Chinese.

Every code has both languages; hints are keyed ``"<code>.hint"`` and other
texts (the load summary) ``"summary.<name>"``.  A test checks that both
templates of every entry use the same fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast

from attrs import evolve

from gkrules.diagnostics import Catalog, Diagnostic, Message
from gkrules.source import Span

__all__ = ["EVENT_LOG_MESSAGES", "diagnostic", "message", "shorten", "visible"]

#: Values quoted in a message are cut to this many characters (the excerpt shows the rest).
MAX_QUOTED_CHARS = 40


def shorten(value: object, limit: int = MAX_QUOTED_CHARS) -> str:
    """*value* as text for a message: control characters made visible, cut to *limit* characters."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


_ACCEPTED_EN = (
    "accepted forms: 2021-06-18, 2021/6/18, 2021.6.18, 2021年6月18日, optionally followed by a time "
    "(09:30, 9:05:30, 9时5分, 9点) and, after a time, a zone (+08:00, +0800, Z); "
    "without a zone the time is Asia/Shanghai time"
)
_ACCEPTED_ZH = (
    "可用的写法：2021-06-18、2021/6/18、2021.6.18、2021年6月18日，其后可加时刻（09:30、9:05:30、9时5分、9点），"
    "时刻后可加时区（+08:00、+0800、Z）；不写时区即为北京时间（Asia/Shanghai）"
)

EVENT_LOG_MESSAGES = Catalog(
    {
        # --- the whole load -------------------------------------------------------------------
        "GK400": (
            "the event log has {problems} problem(s); nothing was loaded",
            "事件日志有 {problems} 处问题，未载入任何事件",
        ),
        "GK400.hint": (
            "fix the rows listed below, or load with lenient=True (--lenient) to set them aside "
            "and check the rest",
            "请修改下列各行，或以宽松模式（lenient=True，命令行 --lenient）载入：问题行将被剔除并列入报告，其余照常核查",
        ),
        # --- files --------------------------------------------------------------------------
        "GK401": ("cannot read '{path}': {reason}", "无法读取“{path}”：{reason}"),
        "GK401.missing": ("no such file", "文件不存在"),
        "GK401.directory": ("it is a directory", "这是一个目录"),
        "GK401.denied": ("permission denied", "没有读取权限"),
        "GK401.other": ("{error}", "{error}"),
        "GK402": (
            "cannot tell the format of '{path}': expected .csv, .jsonl or .ndjson (optionally .gz)",
            "无法判断“{path}”的格式：应为 .csv、.jsonl 或 .ndjson（可再加 .gz 压缩）",
        ),
        "GK402.hint": (
            "save the sheet from Excel as 'CSV UTF-8 (comma delimited)'",
            "请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”",
        ),
        "GK403": (
            "'{path}' is neither UTF-8 nor GB18030: byte 0x{byte} on line {line} cannot be decoded",
            "“{path}”既不是 UTF-8 也不是 GB18030 编码：第 {line} 行的字节 0x{byte} 无法解码",
        ),
        "GK403.hint": (
            "save the file as UTF-8, or pass its encoding (encoding=..., --encoding)",
            "请将文件另存为 UTF-8 编码，或指明其编码（encoding=…，命令行 --encoding）",
        ),
        "GK404": (
            "'{path}' is not valid {encoding}: byte 0x{byte} on line {line} cannot be decoded",
            "“{path}”不是有效的 {encoding} 编码：第 {line} 行的字节 0x{byte} 无法解码",
        ),
        "GK404.hint": (
            "check the encoding; leave it out to let gkrules tell UTF-8 from GB18030",
            "请核对编码；不指定编码时，gkrules 会自动区分 UTF-8 与 GB18030",
        ),
        "GK405": ("'{path}' is empty: it holds no events", "“{path}”是空文件：其中没有任何事件"),
        "GK405.hint": (
            "a CSV log starts with a header such as: time,event,case,unit",
            "CSV 日志的第一行应为表头，例如：time,event,case,unit",
        ),
        "GK405.jsonl": (
            "a JSON Lines log has one object a line, such as: "
            '{{"time": "2021-06-18", "event": "答复", "case": "依申请〔2021〕1号"}}',
            '每行一个 JSON 对象，例如：{{"time": "2021-06-18", "event": "答复", "case": "依申请〔2021〕1号"}}',
        ),
        "GK406": ("the log has no '{column}' column", "日志缺少“{column}”列"),
        "GK406.rename": (
            "rename the column '{found}' to '{column}'",
            "请将列名“{found}”改为“{column}”",
        ),
        "GK406.data": (
            "the first line looks like data, not a header: add a header row such as time,event,case,unit",
            "第一行看起来是数据而不是表头：请在最前面加一行表头，例如 time,event,case,unit",
        ),
        "GK406.tabs": (
            "the header is separated by tabs: save the file as CSV (comma-separated)",
            "表头以制表符分隔：请另存为以逗号分隔的 CSV 文件",
        ),
        "GK406.columns": (
            "the columns are: {columns}; every log needs 'time' and 'event' (see docs/event-logs.md)",
            "现有各列：{columns}；每份日志都必须有“time”和“event”两列（见 docs/event-logs.md）",
        ),
        "GK407": (
            "the header names the column '{column}' twice (columns {first} and {second})",
            "表头中“{column}”列出现了两次（第 {first} 列和第 {second} 列）",
        ),
        "GK407.hint": ("give each column its own name", "请为每一列取不同的名称"),
        "GK408": (
            "column {index} has values but no name in the header",
            "第 {index} 列有数据，但表头中没有列名",
        ),
        "GK408.hint": (
            "name the column in the header, or delete it",
            "请在表头中为该列命名，或删除该列",
        ),
        "GK409": ("cannot read '{path}': {reason}", "无法读取“{path}”：{reason}"),
        "GK409.gzip": ("it is not a valid gzip file", "它不是有效的 gzip 压缩文件"),
        # --- times --------------------------------------------------------------------------
        "GK410": ("the row has no time", "该行没有时间"),
        "GK410.hint": ("every event needs a time", "每个事件都必须有时间"),
        "GK411": (
            "'{value}' is not a time gkrules understands",
            "无法识别的时间“{value}”",
        ),
        "GK411.hint": (
            "write it as 2021-06-18 or 2021-06-18 09:30",
            "请写作 2021-06-18 或 2021-06-18 09:30",
        ),
        "GK412": (
            "'{value}' has a two-digit year, which is ambiguous",
            "“{value}”的年份只有两位，含义不明",
        ),
        "GK412.hint": (
            "write the year in full, e.g. 2021-06-18",
            "请写出四位年份，例如 2021-06-18",
        ),
        "GK413": (
            "'{value}' is ambiguous: with the year last, the day and the month can be read either way",
            "“{value}”含义不明：年份写在最后时，无法确定哪个是月、哪个是日",
        ),
        "GK413.hint": (
            "write the year first: 2021-06-18 (year-month-day)",
            "请按“年-月-日”的顺序书写，例如 2021-06-18",
        ),
        "GK414": ("'{value}' is a time of day without a date", "“{value}”只有时刻，没有日期"),
        "GK414.hint": ("add the date: 2021-06-18 09:30", "请写出日期，例如 2021-06-18 09:30"),
        "GK415": ("'{value}' is a date without a year", "“{value}”没有年份"),
        "GK415.hint": ("add the year: 2021-06-18", "请写出年份，例如 2021-06-18"),
        "GK416": ("'{value}' is not a date in the calendar", "日历上没有“{value}”这一天"),
        "GK416.hint": ("check the month and the day", "请核对月份和日期"),
        "GK417": (
            "'{value}' has an impossible time of day or zone offset",
            "“{value}”的时刻或时区偏移不存在",
        ),
        "GK417.hint": (
            "hours run 0–23, minutes and seconds 0–59, offsets up to ±18:00",
            "小时应为 0–23，分、秒应为 0–59，时区偏移不超过 ±18:00",
        ),
        "GK418": ("'{value}' is a number, not a time", "“{value}”是一个数字，不是时间"),
        "GK418.hint": (
            "if it came from Excel, format the column as a date (yyyy-mm-dd) before saving as CSV",
            "若来自 Excel，请先将该列设置为日期格式（yyyy-mm-dd）再另存为 CSV",
        ),
        "GK419": (
            "'{value}' is outside the years {first}–{last}",
            "“{value}”超出了 {first}–{last} 年的范围",
        ),
        "GK419.hint": ("is the year mistyped?", "年份是否输错了？"),
        "time.accepted": (_ACCEPTED_EN, _ACCEPTED_ZH),
        # --- other values -------------------------------------------------------------------
        "GK420": ("the row has no event", "该行没有事件名称"),
        "GK420.hint": (
            "every row needs an event name, such as 收到申请 or 答复",
            "每行都必须写明事件名称，例如“收到申请”“答复”",
        ),
        "GK421": (
            "the value in column '{column}' contains the control character {char}",
            "“{column}”列的值含有控制字符 {char}",
        ),
        "GK421.hint": (
            "remove it: control characters are invisible and change how a value compares",
            "请删除该字符：控制字符不可见，会让值看起来相同而实际不同",
        ),
        "GK422": (
            "the value in column '{column}' is {length} characters long; the limit is {limit}",
            "“{column}”列的值长 {length} 个字符，超过了 {limit} 个字符的上限",
        ),
        "GK422.hint": (
            "an event log holds short values; keep long texts in the documents themselves",
            "事件日志只应记录简短的值，长文本请保留在原文件中",
        ),
        "GK423": (
            "the value in column '{column}' is {kind}; values must be text, numbers or true/false",
            "“{column}”列的值是{kind}；值只能是文字、数字或 true/false",
        ),
        "GK423.list": ("a list", "列表"),
        "GK423.object": ("an object", "对象"),
        "GK423.boolean": ("true/false", "布尔值"),
        "GK423.other": ("of type {type}", "{type} 类型"),
        "GK423.hint": (
            "flatten it into separate columns",
            "请将其拆成若干单独的列",
        ),
        "GK425": (
            "the row has {fields} field(s) but the header has {columns}",
            "该行有 {fields} 个字段，而表头有 {columns} 列",
        ),
        "GK425.hint": (
            'a comma inside a value needs the value in double quotes: "a,b"',
            '值中含有英文逗号时，须用英文双引号把整个值括起来，例如 "a,b"',
        ),
        "GK426": (
            "a field in this record is longer than {limit} characters",
            "该记录中有字段超过 {limit} 个字符",
        ),
        "GK426.hint": (
            "is a closing double quote missing on an earlier line?",
            "是否在前面某行漏写了结尾的英文双引号？",
        ),
        "GK427": ("this record is not valid CSV: {reason}", "该记录不是有效的 CSV：{reason}"),
        "GK427.quote": (
            "a quoted value must be followed by a comma or the end of the line",
            "引号括起的值之后只能是逗号或行尾",
        ),
        "GK427.eof": (
            "the file ends inside a quoted value: a closing double quote is missing",
            "文件在引号内结束：缺少结尾的英文双引号",
        ),
        "GK427.other": ("{error}", "{error}"),
        # --- JSON Lines and in-memory records --------------------------------------------------
        "GK430": ("this line is not valid JSON: {reason}", "该行不是有效的 JSON：{reason}"),
        "GK430.hint": (
            "a JSON Lines log has exactly one JSON object a line",
            "JSON Lines 日志每行恰好一个 JSON 对象",
        ),
        "GK431": (
            "this line holds {kind}, not a JSON object",
            "该行是{kind}，而不是 JSON 对象",
        ),
        "GK431.hint": (
            'write one object a line: {{"time": "2021-06-18", "event": "答复"}}',
            '每行写一个对象，例如 {{"time": "2021-06-18", "event": "答复"}}',
        ),
        "json.list": ("a list", "一个列表"),
        "json.string": ("a string", "一个字符串"),
        "json.null": ("null", "null"),
        "json.boolean": ("true or false", "一个布尔值"),
        "json.number": ("a number", "一个数字"),
        "GK432": (
            "record {index} is {kind}, not a mapping of column names to values",
            "第 {index} 条记录是 {kind}，而不是“列名→值”的映射",
        ),
        # --- duplicates ----------------------------------------------------------------------
        "GK440": ("the row repeats {first}", "该行与 {first} 完全相同"),
        "GK440.hint": (
            "choose what to do with repeated rows: dedupe='keep' or dedupe='drop' (command line: --dedupe keep|drop)",
            "请选择重复行的处理方式：dedupe='keep'（保留）或 dedupe='drop'（去除）（命令行：--dedupe keep|drop）",
        ),
        # --- arguments -----------------------------------------------------------------------
        "GK490": ("{what}", "{what}"),
        "GK490.no_sources": (
            "give at least one event log (a path, a file, rows, a DataFrame or a Table)",
            "请至少提供一份事件日志（路径、文件、记录、DataFrame 或 Table）",
        ),
        "GK490.source": (
            "cannot load events from {type}: give a path, a file, an iterable of mappings, "
            "a pandas DataFrame or a pyarrow Table",
            "无法从 {type} 载入事件：请提供路径、文件、由映射组成的可迭代对象、pandas DataFrame 或 pyarrow Table",
        ),
        "GK490.encoding": ("unknown encoding '{encoding}'", "未知的编码“{encoding}”"),
        "GK490.tz": ("unknown time zone '{tz}'", "未知的时区“{tz}”"),
        "GK490.choice": (
            "{name} must be one of {choices}, not {value}",
            "{name} 只能是 {choices} 之一，而不是 {value}",
        ),
        "GK491": (
            "{package} is not installed: pip install 'gkrules[{extra}]'",
            "未安装 {package}：请运行 pip install 'gkrules[{extra}]'",
        ),
        # --- the load summary ------------------------------------------------------------------
        "summary.total": (
            "Loaded {loaded} of {read} rows from {files} source(s): {set_aside} set aside, "
            "{dropped} duplicate(s) dropped.",
            "从 {files} 份日志读取 {read} 行，载入 {loaded} 行：剔除问题行 {set_aside} 行，去除重复行 {dropped} 行。",
        ),
        "summary.source": (
            "{name}: {read} rows read, {loaded} loaded, {set_aside} set aside, {dropped} duplicate(s) "
            "dropped ({format}{encoding})",
            "{name}：读取 {read} 行，载入 {loaded} 行，剔除 {set_aside} 行，去重 {dropped} 行（{format}{encoding}）",
        ),
        "summary.encoding": (", {encoding}", "，{encoding}"),
        "summary.encoding_detected": (
            ", {encoding} (detected: the file is not valid UTF-8)",
            "，{encoding}（自动识别：该文件不是有效的 UTF-8）",
        ),
        "summary.blank": (
            "{name}: {blank} empty row(s) skipped",
            "{name}：跳过空行 {blank} 行",
        ),
        "summary.skipped": (
            "{count} row(s) of other events were counted, not read ({events}): only the rows of "
            "the events asked for were checked.",
            "{count} 行属于其他事件（{events}），只计数、未读取：只检查了所需事件的行。",
        ),
        "summary.zone": (
            "{count} row(s) had no time zone and were read as {tz} time; {dates} of them are dates "
            "only, each meaning the whole day.",
            "{count} 行的时间未写时区，按 {tz} 时间理解；其中 {dates} 行只有日期，表示当天全天。",
        ),
        "summary.duplicates_keep": (
            "{count} row(s) repeat an earlier row exactly; they were kept (dedupe='drop' drops them).",
            "{count} 行与前面某行完全相同，已保留（dedupe='drop' 可去除）。",
        ),
        "summary.duplicates_drop": (
            "{count} row(s) repeat an earlier row exactly; they were dropped.",
            "{count} 行与前面某行完全相同，已去除。",
        ),
        "summary.set_aside": (
            "Rows set aside ({count}):",
            "剔除的问题行（共 {count} 行）：",
        ),
    }
)


# Characters that must not reach a terminal as they are: controls, and those that reorder text.
_HIDDEN = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _picture(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟, one column wide like the character they stand for
    return "\u2421" if code == 0x7F else "\ufffd"


def visible(text: str) -> str:
    """*text* with control and reordering characters shown as symbols (same length, same columns)."""
    return _HIDDEN.sub(_picture, text)


def message(key: str, **args: object) -> Message:
    """The entry *key* in both languages; an argument that is a :class:`Message` is translated too."""
    en, zh = EVENT_LOG_MESSAGES.entries[key]
    return Message(
        en.format(**{k: v.en if isinstance(v, Message) else v for k, v in args.items()}),
        zh.format(**{k: v.zh if isinstance(v, Message) else v for k, v in args.items()}),
    )


def diagnostic(
    code: str,
    span: Span | None = None,
    line_text: str | None = None,
    *,
    hint: str | Message | None = None,
    notes: Sequence[Message] = (),
    **args: object,
) -> Diagnostic:
    """A GK4xx diagnostic; *hint* is a catalog key (formatted with *args*) or a ready message."""
    hint_message = message(hint, **args) if isinstance(hint, str) else hint
    plain = {k: v.en if isinstance(v, Message) else v for k, v in args.items()}
    if line_text is not None:
        line_text = visible(line_text)
    base = EVENT_LOG_MESSAGES.diagnostic(
        code, span, line_text, hint=hint_message, notes=notes, **cast("dict[str, Any]", plain)
    )
    return evolve(base, message=message(code, **args))
