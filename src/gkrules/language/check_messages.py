"""The messages of the rule checks and the loader (codes GK3xx), in English and Chinese.

GK301–GK309 loading and imports; GK310–GK319 names; GK320–GK329 kinds of value; GK330–GK339 periods
and dates; GK340–GK349 clocks; GK350–GK359 conditions; GK360–GK369 rule shapes; GK370–GK379 rule
metadata; GK380–GK389 tests written in the language.

A value that differs by language (a kind such as "a period"/"期间") is passed as a
:class:`~gkrules.diagnostics.Message` and put into each template in its own language, so both
templates of an entry use the same fields (a test checks this).
"""

from __future__ import annotations

from gkrules.diagnostics import Catalog

__all__ = ["CATALOG", "BilingualCatalog"]


#: Arguments given as :class:`Message` values are rendered per language by every Catalog now;
#: the name stays for code that imported it.
BilingualCatalog = Catalog


CATALOG = BilingualCatalog(
    {
        "hint.did_you_mean": ("did you mean '{suggestion}'?", "是否应为“{suggestion}”？"),
        # --- loading and imports -----------------------------------------------------------
        "GK301": ("imported file '{target}' does not exist", "导入的文件“{target}”不存在"),
        "GK301.hint": ("did you mean '{suggestion}'?", "是否应为“{suggestion}”？"),
        "GK301.where": (
            "import paths are relative to the importing file's folder ({folder})",
            "导入路径相对于当前文件所在的文件夹（{folder}）",
        ),
        "GK302": (
            "an import may not use an absolute path: '{target}'",
            "导入不能使用绝对路径：“{target}”",
        ),
        "GK302.hint": (
            'write the path relative to this file, e.g. 导入 "共用.gk"',
            '请写相对于本文件的路径，例如 导入 "共用.gk"',
        ),
        "GK303": ("an import may not name a URL: '{target}'", "导入不能使用网址：“{target}”"),
        "GK303.hint": (
            "download the file into the rules folder and import it by its relative path",
            "请把文件下载到规则文件夹中，再按相对路径导入",
        ),
        "GK304": (
            "import '{target}' leaves the rules folder {root}",
            "导入的“{target}”超出了规则文件夹 {root}",
        ),
        "GK304.hint": (
            "only files under {root} may be imported; copy the file there",
            "只能导入 {root} 之下的文件；请把该文件复制到该文件夹中",
        ),
        "GK305": (
            "import '{target}' is a link to {real}, outside the rules folder {root}",
            "导入的“{target}”是指向 {real} 的链接，位于规则文件夹 {root} 之外",
        ),
        "GK305.hint": (
            "links may not lead out of the rules folder; copy the file into it",
            "链接不能指向规则文件夹之外；请把文件复制进来",
        ),
        "GK306": ("circular import: {cycle}", "循环导入：{cycle}"),
        "GK306.hint": (
            "move what both files need into a third file and import that from both",
            "请把两个文件共同需要的内容移到第三个文件中，再分别导入",
        ),
        "GK307": (
            "import '{target}' is not a .gk rules file",
            "导入的“{target}”不是 .gk 规则文件",
        ),
        "GK307.hint": (
            'import one .gk file at a time, e.g. 导入 "共用.gk"',
            '每条导入写一个 .gk 文件，例如 导入 "共用.gk"',
        ),
        "GK308": ("cannot read rules file: {reason}", "无法读取规则文件：{reason}"),
        "GK308.encoding": (
            "save the file as UTF-8 (most editors: Save with Encoding → UTF-8)",
            "请将文件另存为 UTF-8 编码（多数编辑器：另存为 → 编码选 UTF-8）",
        ),
        "GK309": ("no such file or folder: {path}", "文件或文件夹不存在：{path}"),
        "GK309.empty": ("no .gk files under {path}", "{path} 下没有 .gk 文件"),
        # --- names ------------------------------------------------------------------------
        "GK310": ("rule id '{id}' is already used", "规则编号“{id}”已被使用"),
        "GK310.hint": (
            "the first rule '{id}' is at {first}; give this one another id (parts of one obligation: S8, S8.2, S8.3)",
            "编号为“{id}”的第一条规则位于 {first}；请为本条另取编号（同一义务的各部分写作 S8、S8.2、S8.3）",
        ),
        "GK311": ("constant '{name}' is already defined", "常量“{name}”已定义"),
        "GK311.hint": (
            "the first definition is at {first}; remove one or rename it",
            "第一次定义位于 {first}；请删除其一或改名",
        ),
        "GK312": ("undefined constant '{name}'", "常量“{name}”未定义"),
        "GK312.hint": (
            "define it before use, e.g. 常量 {name} = 20 工作日",
            "请先定义，例如 常量 {name} = 20 工作日",
        ),
        "GK313": ("constants defined in a circle: {cycle}", "常量循环定义：{cycle}"),
        "GK313.hint": ("give one of them a value of its own", "请为其中一个直接给出取值"),
        "GK314": (
            "constant '{name}' is defined in {file}, which this file does not import",
            "常量“{name}”定义在 {file} 中，但本文件没有导入该文件",
        ),
        "GK314.hint": (
            'add 导入 "{relative}" at the top of this file (the constant is defined at {where})',
            '请在本文件开头加上 导入 "{relative}"（该常量定义于 {where}）',
        ),
        "GK315": (
            "event '{name}' is not a standard event nor used elsewhere in the rules",
            "事件“{name}”既不是标准事件，也未在其他规则中使用",
        ),
        "GK315.test": (
            "no rule uses '{name}', so this test event is ignored; did you mean '{suggestion}'?",
            "没有规则使用“{name}”，本测试事件将被忽略；是否应为“{suggestion}”？",
        ),
        "GK316": (
            "standard event {events} has no attribute '{name}'",
            "标准事件 {events} 没有属性“{name}”",
        ),
        "GK316.hint": (
            "its attributes are: {known} (a log may add its own columns; then ignore this warning)",
            "其属性有：{known}（日志可以自带其他列；如确属此类，可忽略本警告）",
        ),
        "GK317": (
            "'{value}' is not a value of the standard attribute '{name}'",
            "“{value}”不是标准属性“{name}”的取值",
        ),
        "GK317.hint": ("the standard values are: {allowed}", "标准取值为：{allowed}"),
        "GK318": (
            "'{name}' is neither a constant nor an aggregate: a window rule has no single event whose attribute it could be",
            "“{name}”既不是常量也不是汇总：周期规则中没有单个事件可供引用属性",
        ),
        "GK318.hint": (
            "reach events through an aggregate, e.g. 合计(抽查.{name}) or 次数(抽查 其中 {name} = …)",
            "请通过汇总引用事件，例如 合计(抽查.{name}) 或 次数(抽查 其中 {name} = …)",
        ),
        "GK318.constant": (
            "did you mean the constant '{suggestion}'?",
            "是否应为常量“{suggestion}”？",
        ),
        "GK319": (
            "'{event}.{attribute}' names the attribute of many events; it needs an aggregate",
            "“{event}.{attribute}”指向多个事件的属性，需要汇总",
        ),
        "GK319.hint": (
            "write 合计({event}.{attribute}), 最新({event}.{attribute}), 最小(…) or 最大(…)",
            "请写作 合计({event}.{attribute})、最新({event}.{attribute})、最小(…) 或 最大(…)",
        ),
        # --- kinds of value ---------------------------------------------------------------
        "GK320": ("cannot compare {left} with {right}", "不能将{left}与{right}比较"),
        "GK320.condition": (
            "a condition is true or false; compare values, and join conditions with 且/或",
            "条件只有真假；请比较取值，并用 且/或 连接条件",
        ),
        "GK320.period": (
            "a period (20 工作日) is only a deadline, never a value to compare; compare numbers, percentages or dates",
            "期间（如 20 工作日）只能用作期限，不能参与比较；请比较数值、百分比或日期",
        ),
        "GK320.count_percent": (
            "a count is a number of events; for a share, divide two counts or sums: 合计(抽查.checked) / 合计(抽查.total) >= 10%",
            "次数是事件的个数；要表示比例，请用两个次数或合计相除：合计(抽查.checked) / 合计(抽查.total) >= 10%",
        ),
        "GK320.text": (
            "quoted text is never equal to a number; remove the quotes or quote both sides",
            "带引号的文本永远不等于数值；请去掉引号，或两边都加引号",
        ),
        "GK320.date": (
            "a date compares only with a date (2024-01-31) or a time attribute",
            "日期只能与日期（如 2024-01-31）或时间属性比较",
        ),
        "GK320.other": ("compare values of the same kind", "请比较同类的取值"),
        "GK321": (
            "constant '{name}' is {kind}, but {expected} is needed here",
            "常量“{name}”是{kind}，此处需要{expected}",
        ),
        "GK321.hint": (
            "use a constant of the right kind, or write the value here",
            "请使用正确类型的常量，或在此直接写出取值",
        ),
        "GK321.add_unit": (
            "add the unit after the name: {name} 工作日, or define it as a period: 常量 {name} = 20 工作日",
            "请在名称后加单位：{name} 工作日；或将其定义为期间：常量 {name} = 20 工作日",
        ),
        "GK321.drop_unit": (
            "the constant has its unit already: write {name} alone, without a unit after it",
            "该常量已带单位：直接写 {name}，后面不要再加单位",
        ),
        "GK322": (
            "texts cannot be ordered with '{op}'",
            "文本不能用“{op}”比较大小",
        ),
        "GK322.hint": (
            'compare texts with = or !=, or list the values allowed: level 属于 ["特别重大", "重大"]',
            '文本只能用 = 或 != 比较，或列出允许的取值：level 属于 ["特别重大", "重大"]',
        ),
        "GK323": ("'{op}' needs numbers, not {kind}", "“{op}”只能用于数值，不能用于{kind}"),
        "GK323.hint": (
            "arithmetic works on numbers, counts, sums, percentages and 当年",
            "算术只适用于数值、次数、合计、百分比和 当年",
        ),
        "GK324": ("expected a condition, found {kind}", "此处需要条件，实际是{kind}"),
        "GK324.hint": (
            'write a comparison such as level = "重大", or join conditions with 且/或',
            '请写出比较，例如 level = "重大"，或用 且/或 连接条件',
        ),
        "GK324.attribute": (
            'to require the attribute, write {name} 存在; to test its value, compare it: {name} = "…"',
            '要求该属性存在请写 {name} 存在；判断取值请写比较：{name} = "…"',
        ),
        "GK325": (
            "list value is {kind}, but the subject is {subject}",
            "列表中的取值是{kind}，而被比较的是{subject}",
        ),
        "GK325.hint": (
            "every value in the list must be of the subject's kind",
            "列表中的每个取值都应与被比较对象同类",
        ),
        "GK326": ("division by zero", "除数为零"),
        "GK326.hint": (
            "divide by a sum or a count, e.g. 合计(抽查.total)",
            "请除以合计或次数，例如 合计(抽查.total)",
        ),
        # --- periods and dates ------------------------------------------------------------
        "GK330": (
            "the period {period} runs on the clock, so this counting convention means nothing for it",
            "期间 {period} 按小时精确计算，此计算约定对它不起作用",
        ),
        "GK330.cutoff": (
            "a business cut-off ({cutoff}) applies to day-based periods; an hour period ends at its exact instant (C2). Remove the cut-off or count in 工作日",
            "截止时刻（{cutoff}）只适用于以日计的期间；小时期间在确切时刻届满（C2）。请删除截止时刻，或改用工作日",
        ),
        "GK330.start_day": (
            "an hour period starts at the trigger's instant; 'start day counted' applies to day-based periods only",
            "小时期间从触发时刻起算；“当日起算”只适用于以日计的期间",
        ),
        "GK330.roll_off": (
            "an hour period never rolls off rest days (C2), so 'no roll-off' changes nothing; remove it",
            "小时期间本来就不因休息日顺延（C2），“不顺延”没有作用；请删除",
        ),
        "GK330.exclusive": (
            "an hour period ends at an instant, not on a day; 'exclusive end' applies to day-based periods only",
            "小时期间在某一时刻届满，不存在末日；“不含末日”只适用于以日计的期间",
        ),
        "GK331": ("a period of {amount} is meaningless here", "期间为 {amount}，在此没有意义"),
        "GK331.negative": (
            "a period counts forward: write a positive number",
            "期间向后计算：请写正数",
        ),
        "GK331.zero": (
            'for "on the same day" write 同日 instead of a period',
            "表示“当日”请写 同日，不要写期间",
        ),
        "GK332": ("a period of {amount} {unit} is far too long", "期间 {amount}{unit} 过长"),
        "GK332.hint": (
            "gkrules accepts at most {limit} {unit}; a legal period this long is almost certainly a typing error",
            "最多允许 {limit}{unit}；如此长的法定期间几乎必然是笔误",
        ),
        "GK333": (
            "a period must be a whole number of {unit}, not {amount}",
            "期间必须是整数个{unit}，而不是 {amount}",
        ),
        "GK333.hint": ("round it, or use a smaller unit", "请取整，或改用更小的单位"),
        "GK333.hours": (
            "use a smaller unit for fractions: 1.5 日 is 36 小时",
            "小数请改用更小的单位：1.5 日即 36 小时",
        ),
        "GK334": ("there is no day {month:02d}-{day:02d}", "不存在 {month:02d}-{day:02d} 这一天"),
        "GK334.hint": ("that month ends on {last}", "该月最后一天是 {last}"),
        "GK334.month": ("months run from 01 to 12", "月份为 01 至 12"),
        "GK335": ("02-29 exists only in leap years", "02-29 只在闰年存在"),
        "GK335.hint": (
            "in other years the day is 02-28 or 03-01 depending on reading; write 02-28 or 03-01 to decide",
            "其他年份应理解为 02-28 还是 03-01 并不明确；请写 02-28 或 03-01 予以明确",
        ),
        "GK336": (
            "the rule ends ({end}) before it starts ({start})",
            "规则的失效日（{end}）早于生效日（{start}）",
        ),
        "GK336.hint": (
            "write 有效 自 START 至 END with START ≤ END",
            "请写作 有效 自 起始日 至 结束日，且起始日不晚于结束日",
        ),
        "GK337": (
            "the due date {due} is outside the dates the rule is in force ({start} – {end})",
            "截止日期 {due} 不在规则有效期（{start} 至 {end}）之内",
        ),
        "GK337.hint": (
            "the rule would never be checked on its due date; widen 有效 or correct the date",
            "规则在截止日期时不生效，永远不会被检查；请放宽 有效 期间或更正日期",
        ),
        "GK338": (
            "'start day counted' means nothing for a due date",
            "“当日起算”对截止日期没有意义",
        ),
        "GK338.hint": (
            "a due date has no start to count from; remove it",
            "截止日期没有起算日；请删除",
        ),
        # --- clocks -----------------------------------------------------------------------
        "GK341": (
            "the extension is limited in {limit}, but the period is counted in {unit}",
            "延期上限以{limit}计，而期间以{unit}计",
        ),
        "GK341.hint": (
            "an extension adds to the period, so write its limit in the same unit",
            "延期是对期间的延长，上限应使用相同的单位",
        ),
        "GK342": (
            "an extension allowed {times} times is never allowed",
            "延期次数为 {times}，等于不允许延期",
        ),
        "GK342.hint": (
            "write 次数 1 or more, or remove the extension",
            "请写 次数 1 或以上，或删除延期",
        ),
        "GK343": (
            "the pause ends on the event that starts it ({event})",
            "暂停的结束事件与开始事件相同（{event}）",
        ),
        "GK343.hint": (
            "a pause runs from one event to another: 暂停 自 征求意见开始 至 征求意见结束",
            "暂停应从一个事件持续到另一个事件：暂停 自 征求意见开始 至 征求意见结束",
        ),
        "GK344": (
            "the trigger event {event} also fulfils the rule, so every instance is met at once",
            "触发事件 {event} 同时也是履行事件，每个实例都会立即被视为已履行",
        ),
        "GK344.hint": (
            "tell them apart with a condition (其中 …) or use different events",
            "请用条件（其中 …）加以区分，或使用不同的事件",
        ),
        "GK345": ("一对一 needs a period", "一对一 需要期间"),
        "GK345.hint": (
            "一对一 pairs each trigger with its own fulfilment within a period; give the rule one (在 7 工作日 内)",
            "一对一 表示每次触发在期间内各由一次履行对应；请为规则给出期间（在 7 工作日 内）",
        ),
        "GK346": (
            "a same-day rule has no clock to pause, restart or extend",
            "同日规则没有可暂停、重新计时或延期的期间",
        ),
        "GK346.hint": (
            "give the rule a period (在 3 工作日 内) or remove this line",
            "请为规则给出期间（在 3 工作日 内），或删除此行",
        ),
        # --- conditions -------------------------------------------------------------------
        "GK350": ("this case can never apply", "此情形永远不会适用"),
        "GK350.always": (
            "the case on line {line} always applies and comes first",
            "第 {line} 行的情形总是适用，且排在前面",
        ),
        "GK350.same": (
            "the same condition is already tested on line {line}",
            "第 {line} 行已有相同的条件",
        ),
        "GK350.taken": (
            "earlier cases already take every value of '{name}' this one tests",
            "前面的情形已涵盖此处检查的“{name}”的全部取值",
        ),
        "GK351": ("this condition can never be true", "此条件永远不会成立"),
        "GK351.hint": (
            "no value of '{name}' satisfies all its parts at once; did you mean 或 (or)?",
            "“{name}”没有任何取值能同时满足各部分；是否应为 或？",
        ),
        "GK352": (
            "this condition uses nothing from the event log",
            "此条件没有用到事件日志中的任何内容",
        ),
        "GK352.hint": (
            "it is always the same; compare an attribute of the event instead",
            "它的结果总是相同；请改为比较事件的属性",
        ),
        "GK352.true": ("it is always true; remove it", "它总是成立；请删除"),
        "GK352.false": (
            "it is never true, so what it guards never applies",
            "它永远不成立，它所限定的内容永远不会适用",
        ),
        # --- rule shapes ------------------------------------------------------------------
        "GK360": ("a window requirement must be a comparison", "周期规则的要求必须是比较"),
        "GK360.hint": (
            "compare aggregates with numbers: 次数(听取汇报) >= 1, 合计(抽查.checked) / 合计(抽查.total) >= 10%",
            "请将汇总与数值比较：次数(听取汇报) >= 1，合计(抽查.checked) / 合计(抽查.total) >= 10%",
        ),
        "GK360.aggregate": (
            "say how much is needed: add >= 1 (or another bound)",
            "请写明需要多少：加上 >= 1（或其他界限）",
        ),
        "GK361": ("次数 counts events; it takes no attribute", "次数 统计事件个数，不带属性"),
        "GK361.hint": (
            "write 次数({event}), or 合计({event}.{attribute}) to add up the attribute",
            "请写 次数({event})；要累加属性请写 合计({event}.{attribute})",
        ),
        "GK362": ("{func} needs an attribute to work on", "{func} 需要指明属性"),
        "GK362.hint": (
            "name it after a dot: {func}({event}.value)",
            "请在点号后写出属性：{func}({event}.value)",
        ),
        "GK363": ("当年 has no meaning here", "此处 当年 没有意义"),
        "GK363.hint": (
            "当年 is the year of the due date or window being checked; only date rules (不晚于 每年 …) and window rules (每年/每月 …) have one",
            "当年 指正在检查的截止日期或周期所在的年份；只有截止日期规则（不晚于 每年 …）和周期规则（每年/每月 …）才有",
        ),
        "GK363.constant": (
            "a constant has one value for all rules; use 当年 inside a rule",
            "常量对所有规则取值相同；请在规则中使用 当年",
        ),
        "GK364": ("at most {maximum} is impossible", "至多 {maximum} 个无法满足"),
        "GK364.hint": (
            "write 至多 0 to forbid the events, or a positive maximum",
            "禁止此类事件请写 至多 0，否则请写正数",
        ),
        "GK365": (
            "{func}(…) is an aggregate; it belongs only in window rules",
            "{func}(…) 是汇总，只能用于周期规则",
        ),
        "GK365.hint": (
            "a condition here is about one event; aggregate over a window with 每月/每季度/每半年/每年 … 须满足",
            "此处的条件针对单个事件；汇总请写在周期规则中：每月/每季度/每半年/每年 … 须满足",
        ),
        "GK365.each": (
            "对每个 checks every event on its own; write a window rule (每年 按 unit 须满足 …) to count or add up",
            "对每个 逐一检查单个事件；计数或累加请写周期规则（每年 按 unit 须满足 …）",
        ),
        "GK365.nested": (
            "an aggregate's condition is about one event; aggregates cannot be nested",
            "汇总的条件针对单个事件；汇总不能嵌套",
        ),
        "GK366": (
            "'{attribute}' is text in the standard schema; it cannot be added up",
            "标准格式中“{attribute}”是文本，不能累加",
        ),
        "GK366.hint": (
            'count events instead: 次数(… 其中 {attribute} = "…")',
            '请改为计数：次数(… 其中 {attribute} = "…")',
        ),
        "GK367": ("对应 {match} needs a closing event", "对应 {match} 需要关闭事件"),
        "GK367.hint": (
            "对应 ties each closing event to what it closes: 至多 1 个 在用 新媒体开设 关停 新媒体关停 对应 account",
            "对应 用于把关闭事件与被关闭者对应：至多 1 个 在用 新媒体开设 关停 新媒体关停 对应 account",
        ),
        # --- rule metadata ----------------------------------------------------------------
        "GK370": ("rule {id} cites no source", "规则 {id} 没有注明依据"),
        "GK370.hint": (
            'every verdict quotes its rule\'s source: 依据 "中华人民共和国政府信息公开条例" 条款 "第三十三条"',
            '每条结论都会引用规则的依据：依据 "中华人民共和国政府信息公开条例" 条款 "第三十三条"',
        ),
        "GK371": (
            "rule {id} is tagged standard but its id is not an obligation id",
            "规则 {id} 标注为标准规则，但其编号不是义务编号",
        ),
        "GK371.hint": (
            "a standard rule's id is its obligation's (L1–L6, S1–S19), e.g. {suggestion}; further parts of one obligation are {suggestion}.2, {suggestion}.3",
            "标准规则的编号即义务编号（L1–L6、S1–S19），例如 {suggestion}；同一义务的其他部分写作 {suggestion}.2、{suggestion}.3",
        ),
        "GK372": ("rule {id} has no title", "规则 {id} 没有标题"),
        "GK372.hint": (
            'a title says in a few words what is required; verdicts show it: 规则 {id} "依申请公开：20个工作日内答复"',
            '标题用几个字说明要求，结论中会显示：规则 {id} "依申请公开：20个工作日内答复"',
        ),
        "GK373": ("full-width '{found}' read as '{ascii}'", "全角字符“{found}”已按“{ascii}”处理"),
        "GK373.hint": (
            "this file has {count} full-width punctuation mark(s) read as ASCII; `gkrules fmt` writes them as ASCII",
            "本文件共有 {count} 个全角标点按半角处理；`gkrules fmt` 会将其改写为半角",
        ),
        "GK374": ("constant '{name}' is never used", "常量“{name}”从未使用"),
        "GK374.hint": (
            "a rule that meant to use it may have misspelt its name; otherwise remove it",
            "可能有规则拼错了它的名称；否则请删除",
        ),
        # --- tests ------------------------------------------------------------------------
        "GK380": (
            "the test expects a verdict of rule '{id}', which does not exist",
            "测试期望的规则“{id}”不存在",
        ),
        "GK380.hint": ("name a rule defined in the loaded files", "请写已加载文件中定义的规则编号"),
        "GK381": ("'{status}' is not a verdict", "“{status}”不是结论"),
        "GK381.hint": (
            "write met/已履行, violated/已违反, pending/待履行 or not_applicable/不适用",
            "请写 已履行/met、已违反/violated、待履行/pending 或 不适用/not_applicable",
        ),
        "GK382": ("'{time}' is not a date or a date-time", "“{time}”不是日期或日期时间"),
        "GK382.hint": (
            "write 2024-02-08 or 2024-02-08T09:30 (ISO 8601; no zone means Beijing time)",
            "请写作 2024-02-08 或 2024-02-08T09:30（ISO 8601；不带时区即北京时间）",
        ),
        "GK383": (
            "this event ({time}) is after the test's as-of instant ({as_of})",
            "此事件（{time}）晚于测试的截至时刻（{as_of}）",
        ),
        "GK383.hint": (
            "events after the as-of instant are not used (C12); move 截至 later or remove the event",
            "晚于截至时刻的事件不参与判断（C12）；请推后 截至 或删除该事件",
        ),
        "GK384": ("test '{name}' expects nothing", "测试“{name}”没有任何期望"),
        "GK384.hint": (
            'add a line such as 期望 L5 case="A" 已履行',
            '请添加期望，例如 期望 L5 case="A" 已履行',
        ),
        "GK385": ("another test is already named '{name}'", "已有名为“{name}”的测试"),
        "GK385.hint": (
            "the first is at {first}; give each test its own name",
            "第一个位于 {first}；请为每个测试另取名称",
        ),
        "GK386": ("rule {id} does not group by '{name}'", "规则 {id} 不按“{name}”分组"),
        "GK386.hint": ("its verdicts are keyed by: {keys}", "该规则的结论按以下键区分：{keys}"),
    }
)
