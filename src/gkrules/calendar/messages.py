"""The calendar layer's messages (codes GK1xx), in English and Chinese.

GK101–GK109 are dates the calendar cannot answer; GK110–GK139 are calendar-file problems.
A test checks both templates of every entry use the same fields.
"""

from __future__ import annotations

from gkrules.diagnostics import Catalog

__all__ = ["CATALOG", "HOW_TO_ADD"]

#: How to give the calendar more years (quoted by the range errors).
HOW_TO_ADD = (
    "add a calendar file for that year (`--calendar FILE` on the command line, "
    "`load_calendar([FILE])` or `calendar.with_files(FILE)` in Python; see docs/calendar-files.md), "
    "or ask explicitly for provisional answers (`--provisional`, `load_calendar(provisional=True)`)",
    "请为该年份添加日历文件（命令行 `--calendar 文件`，Python 中 `load_calendar([文件])` 或 "
    "`calendar.with_files(文件)`；格式见 docs/calendar-files.md），"
    "或明确要求给出临时结果（`--provisional`，`load_calendar(provisional=True)`）",
)

CATALOG = Catalog(
    {
        # --- dates outside the calendar ------------------------------------------------------
        "GK101": (
            "no working-day data for {year} ({day}): the calendar knows {first}–{last}",
            "缺少 {year} 年的工作日数据（{day}）：日历只覆盖 {first}—{last} 年",
        ),
        "GK101.hint": HOW_TO_ADD,
        "GK101.provisional": (
            "provisional answers reach only {bound}; {year} is beyond them",
            "临时结果最多推算到 {bound} 年，{year} 年超出此范围",
        ),
        "GK102": (
            "{year} ({day}) is before 2004: gkrules does not model the holiday rules in force then",
            "{year} 年（{day}）早于 2004 年：gkrules 不支持当时施行的放假办法",
        ),
        "GK102.hint": (
            "the calendar covers {first}–{last}; dates before 2004 cannot be counted",
            "日历覆盖 {first}—{last} 年；早于 2004 年的日期无法计算",
        ),
        "GK103": (
            "counting {count:+d} working days from {day} runs out of the calendar into {year} "
            "(the calendar knows {first}–{last})",
            "从 {day} 起计数 {count:+d} 个工作日超出日历范围，进入 {year} 年"
            "（日历只覆盖 {first}—{last} 年）",
        ),
        "GK104": (
            "a date is required, got {got}",
            "此处需要日期，实际得到 {got}",
        ),
        # --- calendar files --------------------------------------------------------------------
        "GK110": ("cannot read calendar file: {reason}", "无法读取日历文件：{reason}"),
        "GK111": ("TOML syntax error: {reason}", "TOML 语法错误：{reason}"),
        "GK111.hint": (
            "see docs/calendar-files.md for the format",
            "格式说明见 docs/calendar-files.md",
        ),
        "GK112": ("unknown key '{field}' in {where}", "{where}中有未知的键“{field}”"),
        "GK112.hint": ("did you mean '{suggestion}'?", "是否应为“{suggestion}”？"),
        "GK112.allowed": ("allowed keys: {allowed}", "可用的键：{allowed}"),
        "GK113": ("{where} is missing '{field}'", "{where}缺少“{field}”"),
        "GK113.hint": ("add {example}", "请添加 {example}"),
        "GK114": (
            "'{field}' must be {expected}, not {got}",
            "“{field}”应为{expected}，而不是 {got}",
        ),
        "GK115": ("'{field}' is not a valid date: {got}", "“{field}”不是有效日期：{got}"),
        "GK115.quoted": (
            "write the date without quotes, as a TOML date: {field} = {iso}",
            "日期不要加引号，按 TOML 日期书写：{field} = {iso}",
        ),
        "GK115.time": (
            "a calendar day has no time of day: {field} = {iso}",
            "日历中的日期不带时刻：{field} = {iso}",
        ),
        "GK115.format": (
            "write dates as YYYY-MM-DD without quotes, e.g. {field} = 2027-01-01",
            "日期写作不带引号的 YYYY-MM-DD，例如 {field} = 2027-01-01",
        ),
        "GK116": (
            "{day} is both a holiday ({holiday}) and a make-up working day ({workday})",
            "{day} 既被列为放假日（{holiday}）又被列为调休上班日（{workday}）",
        ),
        "GK116.hint": (
            "the holiday is listed at line {line}; keep only one of the two",
            "放假日列于第 {line} 行；两者只能保留一个",
        ),
        "GK117": (
            "make-up working day {day} is a {weekday}, not a Saturday or Sunday",
            "调休上班日 {day} 是{weekday}，不是星期六或星期日",
        ),
        "GK117.hint": (
            "a weekday is a working day already; list only the 调休 Saturdays and Sundays",
            "工作日本来就上班；这里只列调休上班的星期六、星期日",
        ),
        "GK118": (
            "holiday range ends ({end}) before it starts ({start})",
            "放假区间的结束日（{end}）早于开始日（{start}）",
        ),
        "GK118.hint": (
            "write start = the first day off, end = the last day off",
            "start 写第一天，end 写最后一天",
        ),
        "GK119": (
            "'years' claims {year}, but the file lists no holiday in {year}",
            "“years”声明覆盖 {year} 年，但文件未列出该年的任何放假日",
        ),
        "GK119.hint": (
            "a year's notice always has holidays; narrow 'years' or add the holidays of {year}",
            "每年的放假通知都有放假日；请缩小“years”的范围，或补上 {year} 年的放假日",
        ),
        "GK120": (
            "{day} is outside the years this file may set ({allowed})",
            "{day} 不在本文件可设置的年份范围内（{allowed}）",
        ),
        "GK120.hint": (
            "a file sets days in the years it declares with 'years' or in years the calendar already knows",
            "文件只能设置其“years”声明的年份或日历已有年份中的日期",
        ),
        "GK121": (
            "a file without 'years' (a regional or agency file) may only add holidays, not make-up working days",
            "未声明“years”的文件（地方或单位文件）只能增加放假日，不能增加调休上班日",
        ),
        "GK121.hint": (
            "declare the years the file completes with years = [FIRST, LAST], or remove this entry",
            "如果文件是全国放假通知，请用 years = [起始年, 结束年] 声明其覆盖的年份，否则删除此条",
        ),
        "GK122": (
            "'years' starts at {first}, leaving {gap} without data (the calendar knows up to {last})",
            "“years”从 {first} 年开始，{gap} 年将没有数据（日历只覆盖到 {last} 年）",
        ),
        "GK122.hint": (
            "load the file for {gap} first, or make 'years' start at {next}",
            "请先加载 {gap} 年的日历文件，或让“years”从 {next} 年开始",
        ),
        "GK123": (
            "'years' must be [FIRST, LAST] with {low} ≤ FIRST ≤ LAST ≤ {high}, not {got}",
            "“years”应为 [起始年, 结束年]，且 {low} ≤ 起始年 ≤ 结束年 ≤ {high}，而不是 {got}",
        ),
        "GK124": (
            "a regional file (region = {region}) may not declare 'years'",
            "地方文件（region = {region}）不能声明“years”",
        ),
        "GK124.hint": (
            "a regional file adds holidays to years the calendar already knows; remove 'years'",
            "地方文件只能在日历已有的年份中增加放假日；请删除“years”",
        ),
        "GK125": (
            "{day} is listed twice as a {kind} (first at line {line})",
            "{day} 被重复列为{kind}（首次出现在第 {line} 行）",
        ),
        "GK126": (
            "the file lists no holidays and no make-up working days",
            "文件没有列出任何放假日或调休上班日",
        ),
        "GK126.hint": (
            "add [[holidays]] and [[makeup_workdays]] tables (see docs/calendar-files.md)",
            "请添加 [[holidays]] 和 [[makeup_workdays]] 表（见 docs/calendar-files.md）",
        ),
        "GK127": (
            "{where} has no source: give the notice's document number",
            "{where}没有注明来源：请写明通知的文号",
        ),
        "GK127.hint": (
            'add source = "国办发明电〔2025〕7号" at the top of the file (or to this entry)',
            '请在文件开头（或本条目中）添加 source = "国办发明电〔2025〕7号"',
        ),
        "GK128": (
            "give either 'date' or 'start' and 'end', not both",
            "“date”与“start”/“end”只能二选一",
        ),
        # words put into the messages above, per language
        "word.date": ("a date", "日期"),
        "word.string": ("a string", "字符串"),
        "word.table": ("a table", "表"),
        "word.tables": ("an array of tables", "表数组"),
        "word.holiday": ("holiday", "放假日"),
        "word.makeup_workday": ("make-up working day", "调休上班日"),
        "word.file": ("the file", "文件"),
        "word.holidays_entry": ("[[holidays]] entry {index}", "第 {index} 个 [[holidays]] 条目"),
        "word.makeup_entry": (
            "[[makeup_workdays]] entry {index}",
            "第 {index} 个 [[makeup_workdays]] 条目",
        ),
        "word.monday": ("Monday", "星期一"),
        "word.tuesday": ("Tuesday", "星期二"),
        "word.wednesday": ("Wednesday", "星期三"),
        "word.thursday": ("Thursday", "星期四"),
        "word.friday": ("Friday", "星期五"),
        "GK129": (
            "a holiday run from {start} to {end} is {days} days long (at most {limit})",
            "放假区间 {start} 至 {end} 长达 {days} 天（最多 {limit} 天）",
        ),
    }
)
