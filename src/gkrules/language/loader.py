"""Loading rules: files, folders or text → parsed files → checked :class:`Program`.

::

    load_program("dsl_examples")            # every .gk file below, sorted, and what they import
    load_program(["a.gk", "b.gk"])           # several files (each file's folder is its root)
    load_program(Path("rules/main.gk"), root="rules")
    load_text('规则 L5 "…" { … }')            # text; imports resolve under root (default: cwd)

``导入 "共用.gk"`` resolves relative to the importing file, and only under the rules' *root*: the
folder given, or the folder of a file given, or ``root=``.  An absolute path, a URL, a ``..`` that
climbs out of the root, or a link whose target lies outside it is refused with a diagnostic at the
import.  Each file is read once however often it is imported; a circle of imports is reported with
the whole circle named.

Problems are collected across all files: every syntax error (one per file) raises
:class:`~gkrules.errors.RuleSyntaxError`; otherwise every check error raises
:class:`~gkrules.errors.RuleCheckError`, sorted by place (rendering caps them with "… and N more").
Warnings travel on the program.  This module is the language's only reader of files.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from attrs import field, frozen

from gkrules.diagnostics import Diagnostic, Severity
from gkrules.errors import RuleCheckError, RuleSyntaxError, UsageError
from gkrules.language import ast
from gkrules.language.check_messages import CATALOG
from gkrules.language.checks import CHECKS, Check, Context, LoadedFile, run_checks
from gkrules.language.checks.near import nearest
from gkrules.language.parser import parse_text
from gkrules.language.substitute import substitute
from gkrules.source import SourceFile, Span

__all__ = ["Program", "diagnose", "load_program", "load_text"]

PathLike = str | os.PathLike[str]

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//|[^/\\])|^//")
_DRIVE = re.compile(r"^[A-Za-z]:")


@frozen
class Program:
    """Checked rules, ready to compile: constants substituted, tests collected, warnings kept."""

    files: tuple[ast.File, ...]
    rules: tuple[ast.Rule, ...]
    constants: tuple[ast.Constant, ...]
    tests: tuple[ast.TestBlock, ...]
    warnings: tuple[Diagnostic, ...] = ()
    #: The text of every file, for rendering diagnostics that point into it.
    sources: tuple[SourceFile, ...] = field(default=(), eq=False, repr=False)

    def rule(self, rule_id: str) -> ast.Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def source(self, path: str) -> SourceFile | None:
        return next((source for source in self.sources if source.path == path), None)


def load_program(
    source: PathLike | Sequence[PathLike],
    *,
    root: PathLike | None = None,
    checks: Iterable[Check] = CHECKS,
) -> Program:
    """Load, check and resolve the rules in *source*: a file, a folder, several of them, or text.

    A ``str`` holding a line break is rule text (as :func:`load_text`); any other ``str`` or
    :class:`os.PathLike` is a path.  Raises :class:`~gkrules.errors.UsageError` for a missing
    path, :class:`~gkrules.errors.RuleSyntaxError` or :class:`~gkrules.errors.RuleCheckError`.
    """
    if isinstance(source, str) and "\n" in source:
        return load_text(source, root=root, checks=checks)
    paths = [source] if isinstance(source, str | os.PathLike) else list(source)
    loader = _Loader()
    for given in paths:
        loader.load_argument(Path(given), Path(root) if root is not None else None)
    return loader.finish(checks)


def diagnose(
    source: PathLike | Sequence[PathLike],
    *,
    root: PathLike | None = None,
    checks: Iterable[Check] = CHECKS,
) -> tuple[Diagnostic, ...]:
    """Every diagnostic :func:`load_program` would find — errors *and* warnings — without raising.

    For linters and editors.  When a file does not parse, only the syntax errors (and import
    problems) are returned: checking the rest would report names the broken file defines.
    Raises :class:`~gkrules.errors.UsageError` for a missing path.
    """
    loader = _Loader()
    if isinstance(source, str) and "\n" in source:
        folder = Path(root) if root is not None else Path.cwd()
        loader.load_source(SourceFile("<text>", _strip_bom(source)), folder, folder, ())
    else:
        paths = [source] if isinstance(source, str | os.PathLike) else list(source)
        for given in paths:
            loader.load_argument(Path(given), Path(root) if root is not None else None)
    return tuple(loader.diagnostics(checks))


def load_text(
    text: str,
    *,
    path: str = "<text>",
    root: PathLike | None = None,
    checks: Iterable[Check] = CHECKS,
) -> Program:
    """Load rules from *text*, shown in diagnostics as *path*; imports resolve under *root*."""
    loader = _Loader()
    folder = Path(root) if root is not None else Path.cwd()
    loader.load_source(SourceFile(path, _strip_bom(text)), folder, folder, ())
    return loader.finish(checks)


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


class _Loader:
    """One load: the files read so far, by real path, and the problems found."""

    def __init__(self) -> None:
        self.files: dict[str, LoadedFile] = {}
        self.by_real: dict[str, str] = {}  # real path → display path
        self.problems: list[Diagnostic] = []
        self.syntax: list[Diagnostic] = []

    # --- arguments ------------------------------------------------------------------------

    def load_argument(self, given: Path, root: Path | None) -> None:
        if given.is_dir():
            found = sorted(_gk_files(given), key=lambda p: p.relative_to(given).as_posix())
            if not found:
                empty = CATALOG.message("GK309.empty", path=_display(given))
                self.problems.append(Diagnostic("GK309", Severity.WARNING, empty))
            for path in found:
                self.load_path(path, root or given, ())
        elif given.exists():
            self.load_path(given, root or given.parent, ())
        else:
            raise UsageError(_problem("GK309", Severity.ERROR, path=_display(given)))

    def load_path(self, path: Path, root: Path, chain: tuple[str, ...]) -> str | None:
        real = os.path.realpath(path)
        if real in self.by_real:
            return self.by_real[real]
        display = _display(path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.problems.append(
                _problem(
                    "GK308", Severity.ERROR, hint="GK308.encoding", reason=f"{display}: not UTF-8"
                )
            )
            return None
        except OSError as error:
            self.problems.append(
                _problem("GK308", Severity.ERROR, reason=f"{display}: {error.strerror or error}")
            )
            return None
        self.by_real[real] = display
        self.load_source(SourceFile(display, _strip_bom(text)), path.parent, root, chain)
        return display

    # --- one file and its imports ---------------------------------------------------------

    def load_source(
        self, source: SourceFile, folder: Path, root: Path, chain: tuple[str, ...]
    ) -> None:
        try:
            tree = parse_text(source.text, source.path)
        except RuleSyntaxError as error:
            self.syntax.extend(error.diagnostics)
            return
        chain = (*chain, source.path)
        placeholder = LoadedFile(source, tree)
        self.files[source.path] = placeholder  # registered first, so a circle finds it
        imports: list[str] = []
        broken = False
        for item in tree.items:
            if isinstance(item, ast.Import):
                target = self.load_import(item, source, folder, root, chain)
                broken = broken or target is None
                if target is not None and target not in imports:
                    imports.append(target)
        self.files[source.path] = LoadedFile(source, tree, tuple(imports), broken)

    def load_import(
        self,
        item: ast.Import,
        source: SourceFile,
        folder: Path,
        root: Path,
        chain: tuple[str, ...],
    ) -> str | None:
        target = item.path

        def report(code: str, **args: Any) -> None:
            self.problems.append(
                CATALOG.diagnostic(
                    code, item.span, source, hint=f"{code}.hint", target=target, **args
                )
            )

        if _URL.match(target):
            report("GK303")
            return None
        if target.startswith(("/", "\\")) or _DRIVE.match(target):
            report("GK302")
            return None
        relative = target.replace("\\", "/")
        lexical = Path(os.path.normpath(folder / relative))
        root_abs = Path(os.path.abspath(root))
        if not _is_within(Path(os.path.abspath(lexical)), root_abs):
            report("GK304", root=_display_folder(root))
            return None
        if not lexical.exists():
            self.problems.append(_missing(item, source, lexical, folder))
            return None
        if lexical.is_dir() or lexical.suffix != ".gk":
            report("GK307")
            return None
        real = Path(os.path.realpath(lexical))
        if not _is_within(real, Path(os.path.realpath(root))):
            report("GK305", root=_display_folder(root), real=real.as_posix())
            return None
        known = self.by_real.get(str(real))
        if known is not None and known in chain:
            cycle = [*chain[chain.index(known) :], known]
            report("GK306", cycle=" → ".join(cycle))
            return known  # the edge stays in the graph: its constants are visible all the same
        return self.load_path(lexical, root, chain)

    # --- the end --------------------------------------------------------------------------

    def diagnostics(self, checks: Iterable[Check]) -> list[Diagnostic]:
        """Syntax errors (and import problems) if any file failed to parse, else every finding."""
        if self.syntax:
            errors = [d for d in self.problems if d.is_error]
            return sorted([*self.syntax, *errors], key=Diagnostic.sort_key)
        found = [*self.problems, *run_checks(tuple(self.files.values()), checks)]
        return sorted(found, key=Diagnostic.sort_key)

    def finish(self, checks: Iterable[Check]) -> Program:
        found = self.diagnostics(checks)
        errors = [d for d in found if d.is_error]
        if self.syntax:
            raise RuleSyntaxError(errors)
        if errors:
            raise RuleCheckError(errors)
        return _resolve(tuple(self.files.values()), tuple(found))


def _resolve(files: tuple[LoadedFile, ...], warnings: tuple[Diagnostic, ...]) -> Program:
    """The program with every constant name replaced by its value."""
    ctx = Context.build(files)
    memo: dict[str, ast.Expr] = {}

    def value_of(constant: ast.Constant) -> ast.Expr:
        if constant.name not in memo:
            path = ctx.path_of(constant)
            memo[constant.name] = substitute(constant.value, lambda ref: lookup(ref, path))
        return memo[constant.name]

    def lookup(ref: ast.NameRef, path: str) -> ast.Expr | None:
        constant = ctx.constant(path, ref.name)
        return None if constant is None else value_of(constant)

    rules: list[ast.Rule] = []
    constants: list[ast.Constant] = []
    tests: list[ast.TestBlock] = []
    for loaded in files:
        resolve = functools.partial(lookup, path=loaded.path)
        for item in loaded.tree.items:
            if isinstance(item, ast.Rule):
                rules.append(substitute(item, resolve))
            elif isinstance(item, ast.Constant):
                constants.append(ast.Constant(item.name, value_of(item), span=item.span))
            elif isinstance(item, ast.TestBlock):
                tests.append(item)
    return Program(
        files=tuple(loaded.tree for loaded in files),
        rules=tuple(rules),
        constants=tuple(constants),
        tests=tuple(tests),
        warnings=warnings,
        sources=tuple(loaded.source for loaded in files),
    )


# --- helpers --------------------------------------------------------------------------------------


def _gk_files(folder: Path) -> Iterable[Path]:
    for directory, subdirectories, names in os.walk(folder):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in names:
            if name.endswith(".gk"):
                yield Path(directory) / name


def _display(path: Path) -> str:
    """A path as diagnostics show it: as given, normalized, with forward slashes."""
    return posixpath.normpath(Path(path).as_posix())


def _display_folder(folder: Path) -> str:
    """A folder as diagnostics show it; the current folder by its name (``规则/``), not ``.``."""
    shown = _display(folder)
    if shown == ".":
        shown = Path.cwd().name
    return shown.rstrip("/") + "/"


def _is_within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _missing(item: ast.Import, source: SourceFile, lexical: Path, folder: Path) -> Diagnostic:
    candidates: list[str] = []
    if lexical.parent.is_dir():
        candidates = sorted(p.name for p in lexical.parent.iterdir() if p.suffix == ".gk")
    suggestion = nearest(lexical.name, candidates) or (
        lexical.name + ".gk" if lexical.name + ".gk" in candidates else None
    )
    if suggestion is not None:
        prefix = item.path.replace("\\", "/").rpartition("/")[0]
        suggestion = f"{prefix}/{suggestion}" if prefix else suggestion
    return CATALOG.diagnostic(
        "GK301",
        item.span,
        source,
        hint="GK301.hint" if suggestion else "GK301.where",
        target=item.path,
        suggestion=suggestion,
        folder=_display(folder),
    )


def _problem(code: str, severity: Severity, *, hint: str | None = None, **args: Any) -> Diagnostic:
    span: Span | None = None
    return CATALOG.diagnostic(code, span, None, severity=severity, hint=hint, **args)
