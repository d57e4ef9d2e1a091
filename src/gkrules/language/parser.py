"""Text → AST: the lexer, the Lark LALR parser, and syntax errors people can act on.

``parse_text`` runs the whole front half in one pass::

    prescan (full-width → ASCII, comments, limits) → GkLexer → Lark LALR → build.Builder → ast.File

The Lark parser is made once per process (:func:`functools.cache`) from ``grammar.lark``, shipped
as package data, with the LALR tables shipped beside it in ``grammar.tables`` (written by
:func:`write_tables`): analysing the grammar takes half a second or more, loading its tables a few
hundredths.  The tables are used only when they were made from this very grammar by the lark
version installed; otherwise the grammar is analysed as usual (nothing is written to disk at run
time).  The builder runs *inline* as Lark reduces each rule (``Lark(transformer=…)``), so no
parse tree is ever materialised: building a tree with ``propagate_positions`` and transforming
it afterwards took three times as long (see benchmarks/bench_language.py).  Spans are exact all
the same: with ``keep_all_tokens`` every rule sees its own tokens, keywords included, and the
builder spans a node from its first to its last.

:class:`GkLexer` is a small replacement for Lark's basic lexer with the same terminals: one
alternation, keywords found by a dictionary lookup on each name (Lark tries every keyword as a
regex), and the size limits checked on each token so hostile input fails early and linearly.

Only this module and :mod:`gkrules.language.build` import lark.
"""

from __future__ import annotations

import functools
import hashlib
import io
import pickle
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import lark
from lark import Lark, Token
from lark.common import LexerConf
from lark.exceptions import UnexpectedInput, UnexpectedToken, VisitError
from lark.grammar import Rule
from lark.lexer import Lexer, PatternStr, TerminalDef
from lark.parsers.lalr_analysis import Shift

from gkrules.diagnostics import Diagnostic, Message
from gkrules.errors import GkError, RuleError, RuleSyntaxError
from gkrules.language import ast
from gkrules.language.build import Builder, building
from gkrules.language.lexing import LIMITS, Scan, keyword_concepts, prescan
from gkrules.language.messages import diagnostic
from gkrules.language.syntax_errors import (
    PHRASES,
    LexFailure,
    describe_lex_failure,
    describe_unexpected,
)
from gkrules.source import SourceFile

__all__ = ["GkLexer", "keyword_language", "lark_parser", "parse_file", "parse_text", "write_tables"]

_NAME = re.compile(r"[^\W\d]\w*")
_SKIP = re.compile(r"(?:\s+|#[^\n]*)*")
#: Token types whose text is limited in length: type → (limit attribute, diagnostic code).
_LENGTH_CHECKED = {
    "NAME": ("name_length", "GK208"),
    "QNAME": ("name_length", "GK208"),
    "STRING": ("string_length", "GK209"),
    "NUMBER": ("number_digits", "GK210"),
    "PERCENT": ("number_digits", "GK210"),
}


class GkLexer(Lexer):
    """The terminals of ``grammar.lark``, lexed with one regex and a keyword table."""

    def __init__(self, conf: LexerConf) -> None:
        self.keywords: dict[str, str] = {}
        others = []
        for terminal in conf.terminals:
            if terminal.name in conf.ignore:
                continue
            pattern = terminal.pattern
            if isinstance(pattern, PatternStr) and _NAME.fullmatch(pattern.value):
                self.keywords[pattern.value] = terminal.name
            else:
                others.append(terminal)
        # Lark's own order: priority, then the longest possible match first ("==" before "=").
        others.sort(
            key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name)
        )
        self.pattern = re.compile(
            "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in others)
        )

    def lex(self, text: str) -> Iterator[Token]:  # type: ignore[override]
        skip = _SKIP.match
        match = self.pattern.match
        keyword = self.keywords.get
        new_token = Token
        checked = _LENGTH_CHECKED
        end_of_text = len(text)
        pos = 0
        line = 1
        line_start = 0
        while True:
            end = skip(text, pos).end()  # type: ignore[union-attr]  # (…)* always matches
            if end != pos:
                newlines = text.count("\n", pos, end)
                if newlines:
                    line += newlines
                    line_start = text.rfind("\n", pos, end) + 1
                pos = end
            if pos >= end_of_text:
                return
            found = match(text, pos)
            if found is None:
                raise LexFailure("GK202", pos, pos + 1)
            kind = found.lastgroup or ""
            value = found.group()
            end = found.end()
            if kind == "NAME":
                kind = keyword(value, "NAME")
            if kind in checked:
                _check_length(kind, value, pos, end)
            if "\n" in value:  # an English phrase written over two lines ("at\nmost")
                end_line = line + value.count("\n")
                end_column = end - (text.rfind("\n", pos, end) + 1) + 1
                yield new_token(
                    kind, value, pos, line, pos - line_start + 1, end_line, end_column, end
                )
                line = end_line
                line_start = text.rfind("\n", pos, end) + 1
            else:
                yield new_token(
                    kind, value, pos, line, pos - line_start + 1, line, end - line_start + 1, end
                )
            pos = end


def _check_length(kind: str, value: str, start: int, end: int) -> None:
    limit_name, code = _LENGTH_CHECKED[kind]
    limit = getattr(LIMITS, limit_name)
    if kind in ("NUMBER", "PERCENT"):
        length = sum(ch.isdigit() for ch in value)
    elif kind == "NAME":
        length = len(value)
    else:
        length = len(value) - 2
    if length > limit:
        raise LexFailure(code, start, end, length=length, limit=limit)


@functools.cache
def lark_parser() -> Lark:
    """The LALR parser with the builder inline, made once per process: from the shipped tables
    when they fit this grammar and lark version, else by analysing the grammar."""
    grammar = _grammar()
    return _from_tables(grammar) or _analysed(grammar)


def _grammar() -> str:
    return resources.files("gkrules.language").joinpath("grammar.lark").read_text("utf-8")


def _analysed(grammar: str) -> Lark:
    return Lark(
        grammar,
        parser="lalr",
        lexer=GkLexer,
        maybe_placeholders=False,
        keep_all_tokens=True,
        transformer=Builder(),
    )


#: The shipped tables (package data beside ``grammar.lark``).
TABLES = "grammar.tables"


def tables_key(grammar: str) -> dict[str, str]:
    """What tables are valid for: the grammar's SHA-256 and the lark version that made them."""
    return {
        "grammar": hashlib.sha256(grammar.encode("utf-8")).hexdigest(),
        "lark": lark.__version__,
    }


def _tables_of(parser: Lark) -> dict[str, Any]:
    """*parser* serialised by lark (plain data: the lexer class and the builder left out)."""
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    options = {k: v for k, v in data["options"].items() if k not in ("lexer", "transformer")}
    frontend = dict(data["parser"])
    frontend["lexer_conf"] = {**frontend["lexer_conf"], "lexer_type": None}
    return {"data": {**data, "options": options, "parser": frontend}, "memo": memo}


def write_tables(path: str | Path | None = None) -> Path:
    """Analyse ``grammar.lark`` and write its tables (default: ``grammar.tables`` in the package,
    which a test keeps in step with the grammar: run this after changing the grammar)."""
    grammar = _grammar()
    target = Path(path) if path is not None else Path(__file__).with_name(TABLES)
    content = {"key": tables_key(grammar), **_tables_of(_analysed(grammar))}
    target.write_bytes(pickle.dumps(content, protocol=4))
    return target


class _PlainData(pickle.Unpickler):
    """Unpickles lists, dicts, text and numbers only: any class or function is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")


def read_tables() -> dict[str, Any] | None:
    """The shipped tables as plain data, or ``None`` if missing or unreadable."""
    try:
        raw = resources.files("gkrules.language").joinpath(TABLES).read_bytes()
        content = _PlainData(io.BytesIO(raw)).load()
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return None
    return content if isinstance(content, dict) else None


def _from_tables(grammar: str) -> Lark | None:
    """The parser from the shipped tables, if they were made from *grammar* by this lark."""
    content = read_tables()
    if content is None or content.get("key") != tables_key(grammar):
        return None
    try:
        data, memo = content["data"], content["memo"]
        data["options"]["lexer"] = GkLexer
        data["parser"]["lexer_conf"]["lexer_type"] = GkLexer
        load: Any = Lark._load_from_dict  # (untyped in lark)
        made: Lark = load(data, memo, transformer=Builder())
    except Exception:  # any surprise in lark's format: the grammar is analysed instead
        return None
    return made


def parse_text(text: str, path: str = "<string>") -> ast.File:
    """Parse one .gk text into its AST; a syntax error raises :class:`RuleSyntaxError` (one diagnostic)."""
    source = SourceFile(path, text)
    scan = prescan(source)
    parser = lark_parser()
    try:
        with building(source):
            items: Any = parser.parse(scan.text)  # the builder's list of items
    except UnexpectedInput as problem:
        raise RuleSyntaxError(_unexpected(problem, source, scan)) from None
    except LexFailure as failure:
        raise RuleSyntaxError(describe_lex_failure(failure, source)) from None
    except VisitError as wrapped:  # pragma: no cover - the builder runs inline, but be safe
        if isinstance(wrapped.orig_exc, GkError):
            raise wrapped.orig_exc from None
        raise
    return ast.File(path, tuple(items), comments=scan.comments, span=source.span(0, len(text)))


def parse_file(path: str | Path) -> ast.File:
    """Read (UTF-8, a BOM allowed) and parse one .gk file."""
    name = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as problem:
        reason = Message.same(problem.strerror or str(problem))
        raise RuleError(diagnostic("GK218", None, None, path=name, reason=reason)) from None
    except UnicodeDecodeError as problem:
        reason = Message(
            f"not UTF-8 (byte {problem.start})", f"不是 UTF-8 编码（第 {problem.start} 字节）"
        )
        raise RuleError(diagnostic("GK218", None, None, path=name, reason=reason)) from None
    return parse_text(text, name)


def keyword_language(text: str) -> str:
    """``"zh"`` when most keywords of *text* are spelled in Chinese, else ``"en"`` (ties: zh)."""
    scan = prescan(SourceFile("<string>", text))
    zh = en = 0
    try:
        for token in _lexer().lex(scan.text):
            if token.type in ("NAME", "QNAME", "STRING") or not keyword_concepts(token.value):
                continue
            if re.search(r"[^\x00-\x7f]", token.value):
                zh += 1
            else:
                en += 1
    except LexFailure:
        pass
    return "zh" if zh >= en else "en"


@functools.cache
def _lexer() -> GkLexer:
    return GkLexer(lark_parser().lexer_conf)


def _unexpected(problem: UnexpectedInput, source: SourceFile, scan: Scan) -> Diagnostic:
    if not isinstance(problem, UnexpectedToken):  # pragma: no cover - GkLexer raises LexFailure
        return diagnostic("GK202", source.span(0, 1), source, char=Message.same("?"))
    offset = problem.token.start_pos if problem.token.type != "$END" else len(scan.text)
    previous: list[Any] = []
    for token in _lexer().lex(scan.text[: offset or 0]):
        previous.append(token)
        del previous[:-12]
    return describe_unexpected(
        problem.token, _acceptable(problem), previous, source, scan, _spellings()
    )


def _acceptable(problem: UnexpectedToken) -> set[str]:
    """The terminals the parser could really have taken where it stopped.

    Lark's ``expected`` lists the lookaheads of the state it stopped in, which LALR merges across
    every place a rule is used (after a name, nearly everything).  This replays each terminal on
    the parse table from the stack at the failure, reductions included, without calling the
    builder (``InteractiveParser.accepts`` would call it with empty tokens).
    """
    state = problem.interactive_parser.parser_state
    table = state.parse_conf.parse_table.states
    accepted = set()
    for terminal in table[state.state_stack[-1]]:
        stack = list(state.state_stack)
        for _ in range(len(table)):
            action = table[stack[-1]].get(terminal)
            if action is None:
                break
            kind, argument = action
            if kind is Shift:
                accepted.add(terminal)
                break
            size = len(argument.expansion)
            if size:
                del stack[-size:]
            goto = table[stack[-1]].get(argument.origin.name)
            if goto is None:  # accepting the start rule: only at the end
                accepted.add(terminal)
                break
            stack.append(goto[1])
    return accepted


@functools.cache
def _spellings() -> dict[str, str]:
    """Terminal name → how it is written (keywords and punctuation), for error messages."""
    spellings = dict(PHRASES)
    for terminal in lark_parser().terminals:
        if isinstance(terminal.pattern, PatternStr):
            spellings[terminal.name] = terminal.pattern.value
    return spellings
