"""Replacing named constants by their values: a new tree, built with ``attrs.evolve``.

The checked program's rules carry no constant names: ``在 答复期限 内`` becomes ``在 20 工作日 内``
and ``在 天数 工作日 内`` becomes ``在 15 工作日 内``, so the compiler never resolves names.  A
substituted value takes the span of the name it replaces, so a runtime problem points at the rule
that used the constant.  Nodes without constants are returned as they are (shared, not copied).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from gkrules.language import ast

__all__ = ["substitute"]

T = TypeVar("T")

#: Given a name as written, its value already substituted, or ``None`` for an attribute name.
Resolver = Callable[[ast.NameRef], ast.Expr | None]


def substitute(node: T, resolve: Resolver) -> T:
    """*node* with every name that *resolve* knows replaced by its value."""
    result: T = _rebuild(node, resolve)
    return result


def _rebuild(node: Any, resolve: Resolver) -> Any:
    if isinstance(node, ast.NameRef):
        value = resolve(node)
        return node if value is None else attrs.evolve(value, span=node.span)
    if isinstance(node, tuple):
        items = tuple(_rebuild(item, resolve) for item in node)
        return node if all(a is b for a, b in zip(items, node, strict=True)) else items
    if not attrs.has(type(node)):
        return node
    changes = {}
    for attribute in attrs.fields(type(node)):
        if attribute.name == "span":
            continue
        old = getattr(node, attribute.name)
        new = _rebuild(old, resolve)
        if new is not old:
            changes[attribute.name] = new
    return attrs.evolve(node, **changes) if changes else node
