"""The HTML report as a file: self-contained, strict CSP, every value escaped, data embedded safely.

(What it does in a browser is tested in test_html_browser.py.)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser

import pytest
from tests.conftest import REPO_ROOT
from tests.reports_support import AS_OF, EVENTS, RULES, write_hostile

from gkrules.cli import main
from gkrules.reports.html import embed_json


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(REPO_ROOT)


def page(capsys, *args):
    assert main(["check", *args, "--format", "html"]) == 1
    return capsys.readouterr().out


def fixture_page(capsys, lang="zh"):
    return page(capsys, RULES, "-e", EVENTS, "--as-of", AS_OF, "--lang", lang)


def hostile_page(capsys, tmp_path):
    rules, log = write_hostile(tmp_path)
    return page(capsys, rules, "-e", log, "--as-of", "2024-04-01")


REPORT_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "section", "table",
    "thead", "tbody", "tr", "th", "td", "svg", "g", "rect", "text", "div", "label", "select",
    "input", "span", "ul", "li", "footer", "script",
}  # fmt: skip


class Tags(HTMLParser):
    """Every element and attribute name in a page, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__()
        self.names = set()
        self.attributes = set()
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)
        self.scripts += tag == "script"


def digest(source):
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def test_one_self_contained_file(capsys):
    text = fixture_page(capsys)
    assert text.startswith("<!DOCTYPE html>")
    assert text.count("<style>") == 1
    assert text.count("<script>") == 1
    assert text.count('<script type="application/json" id="gk-data">') == 1
    # Nothing is fetched: no src/href attributes, no @import, no url(), no remote addresses
    # (the only URL is the SVG namespace, which is a name, not a request).
    assert not re.search(r"\s(src|href|srcset|action|poster)=", text)
    assert "@import" not in text
    assert "url(" not in text
    urls = set(re.findall(r"https?://[^\s\"'<>]+", text))
    assert urls == {"http://www.w3.org/2000/svg"}


def test_content_security_policy_allows_only_the_inline_style_and_script(capsys):
    text = fixture_page(capsys)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
    assert policy is not None
    directives = dict(([*part.split(" ", 1), ""])[:2] for part in policy.group(1).split("; "))
    assert directives["default-src"] == "'none'"
    style = re.search(r"<style>(.*?)</style>", text, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", text, re.S).group(1)
    assert directives["style-src"] == digest(style)
    assert directives["script-src"] == digest(script)
    for name in (
        "img-src",
        "connect-src",
        "font-src",
        "object-src",
        "frame-src",
        "base-uri",
        "form-action",
    ):
        assert directives[name] == "'none'"
    assert "unsafe-inline" not in policy.group(1)
    assert "unsafe-eval" not in policy.group(1)


def test_summary_counts_in_the_page(capsys):
    text = fixture_page(capsys)
    overview = re.search(r'<p class="overview" id="gk-overview">(.*?)</p>', text).group(1)
    assert "违反 10 个（逾期完成 2，未完成 5）" in html.unescape(overview)
    assert text.count('<tr data-rule="') == 12
    data = json.loads(re.search(r'id="gk-data">(.*?)</script>', text, re.S).group(1))
    assert len(data["rows"]) == 20
    assert [row["kind"] for row in data["rows"]][:7] == ["not_done"] * 5 + ["done_late"] * 2
    bars = re.findall(r'data-month="([^"]+)" data-count="(\d+)"', text)
    assert bars == [("2024-01", "2"), ("2024-02", "2"), ("2024-03", "6")]


def test_english_page(capsys):
    text = fixture_page(capsys, "en")
    assert '<html lang="en">' in text
    assert "Violations by month" in text


def test_hostile_values_never_reach_the_page_as_markup(capsys, tmp_path):
    text = hostile_page(capsys, tmp_path)
    outside_data = re.sub(
        r'<script type="application/json" id="gk-data">.*?</script>', "", text, flags=re.S
    )
    # The only elements are the report's own; no value opened a tag or an attribute.
    tags = Tags()
    tags.feed(text)
    assert tags.names <= REPORT_TAGS
    assert not [name for name in tags.attributes if name.startswith("on")]
    assert tags.scripts == 2  # the data block and the report's script
    assert "&lt;script&gt;window.__pwned=1" in outside_data
    assert "&quot; onmouseover=&quot;window.__pwned=2" in outside_data
    data = re.search(r'id="gk-data">(.*?)</script>', text, re.S).group(1)
    assert "<" not in data
    assert ">" not in data
    assert "&" not in data
    rows = json.loads(data)["rows"]
    assert any("<script>window.__pwned=1" in row["title"] for row in rows)


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("</script><script>alert(1)</script>", "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"),
        ("a & b", "a \\u0026 b"),
        ("line\u2028separator\u2029", "line\\u2028separator\\u2029"),
        ("<!--", "\\u003c!--"),
    ],
)
def test_embedded_json_cannot_end_its_script(value, escaped):
    encoded = embed_json({"v": value})
    assert escaped in encoded
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in encoded
    assert json.loads(encoded) == {"v": value}
