"""Laws of the semantic checks and the loader, over random trees and texts.

* checks never raise, whatever the tree: every problem is a diagnostic;
* loading the formatted text of a random file yields a program or a gkrules error, nothing else,
  and a program's rules carry no constant names where a constant was meant;
* the linear "one edit apart" test agrees with the full edit distance.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gkrules.errors import GkError
from gkrules.language import ast, format_file_ast
from gkrules.language.checks import LoadedFile, run_checks
from gkrules.language.checks.near import edit_distance, one_edit_apart
from gkrules.language.loader import load_text
from gkrules.source import SourceFile
from tests.property.ast_strategies import files


@given(files)
def test_checks_never_raise(tree: ast.File) -> None:
    text = format_file_ast(tree)
    diagnostics = run_checks([LoadedFile(SourceFile(tree.path, text), tree)])
    assert all(d.code.startswith("GK3") for d in diagnostics)


@given(files)
def test_loading_yields_a_program_or_a_gkrules_error(tree: ast.File) -> None:
    text = format_file_ast(tree)
    try:
        program = load_text(text)
    except GkError:
        return
    constants = {c.name for c in program.constants}
    for rule in program.rules:
        if isinstance(rule.body, ast.DeadlineBody):
            period = rule.body.period
            assert not (isinstance(period, ast.NameRef) and period.name in constants)


words = st.text(alphabet="ab答复c", max_size=6)


@given(words, words)
def test_one_edit_apart_is_edit_distance_one(a: str, b: str) -> None:
    assert one_edit_apart(a, b) == (edit_distance(a, b) == 1)
