"""What every check may look at: the loaded files, the import graph, and the names they define.

A :class:`Context` is built once per program (:meth:`Context.build`) and only read by the checks.
Names follow two rules:

* rule ids and constant names are unique across the whole program (a check reports a second
  definition, naming the first);
* a file sees its own constants and those of the files it imports, directly or through other
  imports — not those of a sibling it does not import.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from attrs import field, frozen

from gkrules.diagnostics import Diagnostic, Message, Severity
from gkrules.language import ast
from gkrules.language.check_messages import CATALOG
from gkrules.language.checks.walk import Site, expression_sites, nodes
from gkrules.source import SourceFile, Span

__all__ = ["Context", "LoadedFile", "WalkStep"]

#: One node of a rule's expressions: its site, the node, the events its bare names refer to, and
#: whether it stands inside an aggregate.
WalkStep = tuple[Site, ast.Expr, tuple[str, ...], bool]


@frozen
class LoadedFile:
    """A parsed file, its text, and the display paths of the files it imports directly."""

    source: SourceFile
    tree: ast.File
    imports: tuple[str, ...] = ()
    #: Whether an import of this file could not be followed (names it uses may be missing for that).
    broken_imports: bool = False

    @property
    def path(self) -> str:
        return self.source.path


@frozen
class Context:
    files: tuple[LoadedFile, ...]
    sources: Mapping[str, SourceFile]
    #: The first definition of each constant name, anywhere in the program.
    constants: Mapping[str, ast.Constant]
    #: The first definition of each rule id, anywhere in the program.
    rules: Mapping[str, ast.Rule]
    #: For each file, the files whose constants it sees (itself and its transitive imports).
    visible: Mapping[str, frozenset[str]]
    #: The file each rule, constant and test block is written in (by the item's identity).
    _paths: Mapping[int, str]
    #: Every expression node of each rule with its site, filled on first use (see :meth:`walk`).
    _walks: dict[int, tuple[WalkStep, ...]] = field(factory=dict)

    @classmethod
    def build(cls, files: tuple[LoadedFile, ...]) -> Context:
        constants: dict[str, ast.Constant] = {}
        rules: dict[str, ast.Rule] = {}
        paths: dict[int, str] = {}
        for loaded in files:
            for item in loaded.tree.items:
                paths[id(item)] = loaded.path
                if isinstance(item, ast.Constant):
                    constants.setdefault(item.name, item)
                elif isinstance(item, ast.Rule):
                    rules.setdefault(item.id, item)
        graph = {loaded.path: loaded.imports for loaded in files}
        return cls(
            files=files,
            sources={loaded.path: loaded.source for loaded in files},
            constants=constants,
            rules=rules,
            visible={path: _reachable(path, graph) for path in graph},
            paths=paths,
        )

    def walk(self, rule: ast.Rule) -> tuple[WalkStep, ...]:
        """``(site, node, events, inside_aggregate)`` for every expression node of *rule*.

        Computed once per rule and shared by all checks (most checks look at every node).
        """
        steps = self._walks.get(id(rule))
        if steps is None:
            steps = tuple(
                (site, node, events, inside)
                for site in expression_sites(rule)
                for node, events, inside in nodes(site.expr, site.events)
            )
            self._walks[id(rule)] = steps
        return steps

    # --- names ------------------------------------------------------------------------------

    def path_of(self, item: ast.Rule | ast.Constant | ast.TestBlock) -> str:
        """The file *item* is written in."""
        return self._paths.get(id(item), item.span.path)

    def has_broken_imports(self, path: str) -> bool:
        return any(f.broken_imports for f in self.files if f.path in self.visible.get(path, ()))

    def constant(self, path: str, name: str) -> ast.Constant | None:
        """The constant *name* as the file *path* sees it, or ``None``."""
        found = self.constants.get(name)
        if found is None or self.path_of(found) not in self.visible.get(path, frozenset((path,))):
            return None
        return found

    def visible_constants(self, path: str) -> list[str]:
        seen = self.visible.get(path, frozenset((path,)))
        return [name for name, c in self.constants.items() if self.path_of(c) in seen]

    def iter_rules(self) -> Iterator[ast.Rule]:
        for loaded in self.files:
            for item in loaded.tree.items:
                if isinstance(item, ast.Rule):
                    yield item

    def iter_constants(self) -> Iterator[ast.Constant]:
        for loaded in self.files:
            for item in loaded.tree.items:
                if isinstance(item, ast.Constant):
                    yield item

    def iter_tests(self) -> Iterator[ast.TestBlock]:
        for loaded in self.files:
            for item in loaded.tree.items:
                if isinstance(item, ast.TestBlock):
                    yield item

    @staticmethod
    def clause_span(rule: ast.Rule, kind: str) -> Span:
        """Where the rule's clause *kind* (``one_to_one``, ``counting``, …) stands, else the rule's."""
        for clause_kind, span in rule.clause_spans:
            if clause_kind == kind:
                return span
        return rule.span

    # --- diagnostics ------------------------------------------------------------------------

    def error(
        self, code: str, span: Span, *, hint: str | Message | None = None, **args: object
    ) -> Diagnostic:
        return self._diagnostic(code, span, Severity.ERROR, hint, args)

    def warning(
        self, code: str, span: Span, *, hint: str | Message | None = None, **args: object
    ) -> Diagnostic:
        return self._diagnostic(code, span, Severity.WARNING, hint, args)

    def _diagnostic(
        self,
        code: str,
        span: Span,
        severity: Severity,
        hint: str | Message | None,
        args: dict[str, Any],
    ) -> Diagnostic:
        return CATALOG.diagnostic(
            code, span, self.sources.get(span.path), severity=severity, hint=hint, **args
        )

    def hint(self, key: str, **args: object) -> Message:
        return CATALOG.message(key, **args)


def _reachable(start: str, graph: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    seen = {start}
    stack = [start]
    while stack:
        for target in graph.get(stack.pop(), ()):
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return frozenset(seen)
