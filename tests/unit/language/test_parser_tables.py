"""The parser's shipped LALR tables (``grammar.tables``): made from this grammar, used only with
their lark version, read as plain data only, and a parser from them that parses as the analysed
one does."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import lark
import pytest
from tests.conftest import GOLDEN_ROOT, REPO_ROOT

from gkrules.errors import GkError
from gkrules.language import parser as gk_parser
from gkrules.language.parser import parse_text, read_tables, tables_key, write_tables

REGENERATE = (
    'the grammar changed: run python -c "from gkrules.language.parser import write_tables; '
    'write_tables()" and commit src/gkrules/language/grammar.tables'
)


def test_the_shipped_tables_are_made_from_this_grammar() -> None:
    content = read_tables()
    assert content is not None, "src/gkrules/language/grammar.tables is missing or unreadable"
    assert content["key"]["grammar"] == tables_key(gk_parser._grammar())["grammar"], REGENERATE


def test_the_shipped_tables_are_used_with_their_lark_and_left_alone_with_another() -> None:
    content = read_tables()
    assert content is not None
    grammar = gk_parser._grammar()
    if content["key"]["lark"] == lark.__version__:
        assert gk_parser._from_tables(grammar) is not None
    else:  # another lark: its own analysis, never tables it may read otherwise
        assert gk_parser._from_tables(grammar) is None


def test_tables_for_another_grammar_or_lark_are_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    grammar = gk_parser._grammar()
    assert gk_parser._from_tables(grammar + "\n// changed\n") is None
    monkeypatch.setattr(lark, "__version__", "0.0.0")
    assert gk_parser._from_tables(grammar) is None


def test_only_plain_data_is_unpickled(monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = pickle.dumps({"key": tables_key(gk_parser._grammar()), "data": GkError})
    with pytest.raises(pickle.UnpicklingError):
        gk_parser._PlainData(io.BytesIO(hostile)).load()

    class Files:
        def joinpath(self, name: str) -> Files:
            return self

        def read_bytes(self) -> bytes:
            return hostile

    monkeypatch.setattr(gk_parser.resources, "files", lambda package: Files())
    assert read_tables() is None


def test_write_tables_writes_what_read_tables_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(LALR state numbers vary from one analysis to the next: the tables are compared by what
    they parse, here and below.)"""
    target = write_tables(tmp_path / "grammar.tables")
    content = gk_parser._PlainData(io.BytesIO(target.read_bytes())).load()
    assert content["key"] == tables_key(gk_parser._grammar())
    assert set(content) == {"key", "data", "memo"}
    monkeypatch.setattr(gk_parser, "TABLES", "missing.tables")
    assert read_tables() is None
    assert gk_parser._from_tables(gk_parser._grammar()) is None


def _texts() -> list[tuple[str, str]]:
    """Every shipped example and every syntax-error golden input."""
    found = [
        (str(p), p.read_text("utf-8")) for p in sorted((REPO_ROOT / "dsl_examples").glob("*.gk"))
    ]
    found += [(str(p), p.read_text("utf-8")) for p in sorted((GOLDEN_ROOT / "syntax").glob("*.gk"))]
    return found


def _outcome(text: str, path: str) -> object:
    try:
        return parse_text(text, path)
    except GkError as error:
        return [d.render("en") for d in error.diagnostics]


def test_a_parser_from_the_tables_parses_as_the_analysed_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    grammar = gk_parser._grammar()
    tabled = gk_parser._from_tables(grammar)
    if tabled is None:
        pytest.skip(f"the tables are for lark {read_tables()!r:.0}another version")
    analysed = gk_parser._analysed(grammar)
    texts = _texts()
    assert len(texts) > 30
    outcomes = []
    for made in (tabled, analysed):
        monkeypatch.setattr(gk_parser, "lark_parser", lambda made=made: made)
        outcomes.append([_outcome(text, path) for path, text in texts])
    assert outcomes[0] == outcomes[1]
    assert any(isinstance(o, list) for o in outcomes[0])  # syntax errors were compared too
