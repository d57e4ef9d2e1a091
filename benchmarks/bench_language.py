"""The .gk front end: parse + build a generated file of many rules, and format it.

Usage::

    python benchmarks/bench_language.py [--rules 2000] [--repeat 3] [--seed 2024]

The file is generated from the shapes the shipped rules use (deadlines with citations and clock
control, dates, periodic windows with aggregates, limits, for-each rules), cycling through them
with varied names, numbers and conditions, plus a test block every 50 rules.  Figures are the best
of ``--repeat`` runs; the target for 2,000 rules is parse + build under one second.  The script
prints; it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time

from gkrules.language import format_file_ast, parse_text
from gkrules.language.parser import lark_parser

SHAPES = (
    """规则 L{i} "依申请公开：收到申请之日起{n}个工作日内答复" {{
    依据 "中华人民共和国政府信息公开条例" 条款 "第三十三条" 原文 "行政机关不能当场答复的，应当自收到申请之日起{n}个工作日内予以答复。"
    级别 必须
    有效 自 2019-05-15
    标签 依申请公开, 期限
    当 收到申请 其中 channel = "网络"
    按 case
    须 答复 在 {n} 工作日 内
    暂停 自 征求意见开始 至 征求意见结束
    延期 于 延期告知 天数 days 最多 20 工作日
}}
""",
    """规则 S{i} "舆情回应" {{
    依据 "政务舆情回应工作的通知"
    当 舆情发生
    须 舆情回应 或 新闻发布会 在 24 小时 如果 level 属于 ["特别重大", "重大"], 否则 {n} 小时 内
}}
""",
    """规则 D{i} "年度报告" {{
    有效 2021年
    按 unit
    须 年度报告公开 其中 year = 当年 - 1 不晚于 每年 01-31
}}
""",
    """rule W{i} "monthly spot checks" {{
    source "work plan" article "{n}"
    every month per unit
    ensure sum(抽查.checked) / sum(抽查.total) >= {n}%
}}
""",
    """规则 M{i} "新媒体" {{
    按 unit, platform
    至多 1 个 在用 新媒体开设 关闭于 新媒体关停 对应 account
}}
""",
    """规则 E{i} "公开属性" {{
    对每个 公文印发
    须满足 attribute 属于 ["主动公开", "依申请公开", "不予公开"]
    须满足 reason 存在 如果 attribute = "不予公开"
}}
""",
)

TEST = """测试 "样例 {i}" {{
    截至 2024-03-01
    事件 2024-02-08 政策文件公开 case="A{i}"
    事件 2024-02-21T10:00 解读发布 case="A{i}"
    期望 S{i} case="A{i}" 已履行
}}
"""


def generate(rules: int, seed: int) -> str:
    rng = random.Random(seed)
    parts = ["常量 答复期限 = 20 工作日\n\n"]
    for i in range(rules):
        parts.append(SHAPES[i % len(SHAPES)].format(i=i, n=rng.randint(1, 30)))
        if i % 50 == 49:
            parts.append(TEST.format(i=i))
        parts.append("\n")
    return "".join(parts)


def best(function: object, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        timings.append(time.perf_counter() - start)
    return min(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    lark_parser()
    grammar_seconds = time.perf_counter() - start
    text = generate(args.rules, args.seed)
    file = parse_text(text, "bench.gk")
    parse_seconds = best(lambda: parse_text(text, "bench.gk"), args.repeat)
    format_seconds = best(lambda: format_file_ast(file), args.repeat)

    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"grammar load (once per process): {grammar_seconds:.3f} s")
    print(
        f"file: {args.rules} rules, {len(file.items)} items, {len(text):,} characters, {text.count(chr(10)):,} lines"
    )
    print(f"parse + build: {parse_seconds:.3f} s ({args.rules / parse_seconds:,.0f} rules/s)")
    print(f"format: {format_seconds:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
