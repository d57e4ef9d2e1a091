"""Diagnostics: what went wrong, where, and how to fix it — in Chinese and English.

Every error or warning a user can cause is a :class:`Diagnostic`.  It is
self-contained (it keeps the offending source line, trimmed to a bounded
width) and picklable, and it renders in the style editors and ``grep``
understand::

    dsl_examples/条例.gk:12:17: error[GK203]: unknown unit '工做日'
        |
     12 |   答复 within 20 工做日
        |                 ^^^^^^ did you mean '工作日'?

The prefix ``path:line:col: severity[CODE]:`` is never translated; the
message and hint come from a :class:`Catalog` that holds both languages for
every code (a test checks each catalog is complete).
"""

from __future__ import annotations

import difflib
import enum
import string
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from attrs import frozen

from gkrules.source import SourceFile, Span, display_width

__all__ = [
    "Catalog",
    "Diagnostic",
    "Lang",
    "Message",
    "Severity",
    "closest",
    "render_all",
]

Lang = Literal["en", "zh"]

#: A source line longer than this (in display cells) is shown as a window around the caret.
MAX_SHOWN_WIDTH = 100


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@frozen
class Message:
    """One text in both languages."""

    en: str
    zh: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    @classmethod
    def same(cls, text: str) -> Message:
        """A text that reads the same in both languages (a name, a number)."""
        return cls(text, text)


@frozen
class Diagnostic:
    """A located, explained problem.  ``span`` is ``None`` for problems with no place (a missing file)."""

    code: str
    severity: Severity
    message: Message
    span: Span | None = None
    line_text: str | None = None
    hint: Message | None = None
    notes: tuple[Message, ...] = ()
    #: ``line_text`` starts at this 0-based column of the real line (long lines are kept as a window).
    line_offset: int = 0

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.span is None:
            return ("", 0, 0, self.code)
        return (self.span.path, self.span.line, self.span.column, self.code)

    def headline(self, lang: Lang = "en") -> str:
        where = f"{self.span}: " if self.span is not None else ""
        return f"{where}{self.severity.value}[{self.code}]: {self.message.get(lang)}"

    def render(self, lang: Lang = "en") -> str:
        lines = [self.headline(lang)]
        hint = self.hint.get(lang) if self.hint is not None else ""
        if self.span is not None and self.line_text is not None:
            lines.extend(_excerpt(self.span, self.line_text, self.line_offset, hint))
        elif hint:
            lines.append(f"  = {'提示' if lang == 'zh' else 'hint'}: {hint}")
        for note in self.notes:
            lines.append(f"  = {'说明' if lang == 'zh' else 'note'}: {note.get(lang)}")
        return "\n".join(lines)


def _excerpt(span: Span, line_text: str, line_offset: int, hint: str) -> list[str]:
    """The gutter, the line (trimmed to a window) and a caret under the span, by display width."""
    text = line_text.replace("\t", " ")
    col = max(0, span.column - 1 - line_offset)
    if span.end_line == span.line:
        length = max(1, span.end_column - span.column)
    else:
        length = max(1, len(text) - col)
    col = min(col, len(text))
    length = min(length, max(1, len(text) - col))
    prefix, marked, rest = text[:col], text[col : col + length], text[col + length :]
    if line_offset:
        prefix = "…" + prefix
    # Keep the window bounded: trim the prefix on the left and the rest on the right.
    if display_width(prefix) > MAX_SHOWN_WIDTH // 2:
        while display_width(prefix) > MAX_SHOWN_WIDTH // 2 - 1:
            prefix = prefix[max(1, len(prefix) // 8) :]
        prefix = "…" + prefix
    if display_width(marked) > MAX_SHOWN_WIDTH // 2:
        marked = marked[: MAX_SHOWN_WIDTH // 4] + "…"
    budget = MAX_SHOWN_WIDTH - display_width(prefix) - display_width(marked)
    if display_width(rest) > budget:
        while rest and display_width(rest) > max(0, budget - 1):
            rest = rest[: len(rest) * 7 // 8]
        rest += "…"
    gutter = " " * len(str(span.line))
    caret = " " * display_width(prefix) + "^" * max(1, display_width(marked))
    return [
        f"{gutter} |",
        f"{span.line} | {prefix}{marked}{rest}".rstrip(),
        f"{gutter} | {caret}{(' ' + hint) if hint else ''}",
    ]


def render_all(diagnostics: Iterable[Diagnostic], lang: Lang = "en", limit: int = 50) -> str:
    """All diagnostics sorted by place, capped at *limit* with "… and N more"."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    shown = [d.render(lang) for d in ordered[:limit]]
    if len(ordered) > limit:
        more = len(ordered) - limit
        shown.append(f"…以及另外 {more} 条" if lang == "zh" else f"… and {more} more")
    return "\n\n".join(shown)


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.5) -> str | None:
    """The candidate nearest to *word* (for "did you mean …?"), or ``None`` when none is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None


class Catalog:
    """The messages of one layer: code → (English template, Chinese template).

    Templates use ``str.format`` fields.  Hints and notes are entries too, by
    convention keyed ``"<code>.hint"`` and so on.
    """

    def __init__(self, entries: Mapping[str, tuple[str, str]]) -> None:
        self.entries = dict(entries)

    def fields(self, key: str) -> tuple[set[str], set[str]]:
        """The format fields of both templates of *key* (a test checks they agree)."""
        en, zh = self.entries[key]
        return _fields(en), _fields(zh)

    def message(self, key: str, /, **args: object) -> Message:
        """The entry *key* formatted with *args*; an argument that is a :class:`Message` is
        rendered in each template's own language."""
        en, zh = self.entries[key]
        return Message(
            en.format(**{k: v.en if isinstance(v, Message) else v for k, v in args.items()}),
            zh.format(**{k: v.zh if isinstance(v, Message) else v for k, v in args.items()}),
        )

    def diagnostic(
        self,
        code: str,
        /,
        span: Span | None = None,
        source: SourceFile | str | None = None,
        *,
        severity: Severity = Severity.ERROR,
        hint: str | Message | None = None,
        notes: Sequence[Message] = (),
        **args: object,
    ) -> Diagnostic:
        """A diagnostic for *code*; *source* (the file or the offending line) supplies the excerpt.

        *hint* is a catalog key (formatted with the same *args*) or a ready :class:`Message`.
        """
        line_text: str | None
        if isinstance(source, SourceFile) and span is not None:
            line_text = source.line_text(span.line)
        elif isinstance(source, str):
            line_text = source
        else:
            line_text = None
        line_offset = 0
        if line_text is not None and len(line_text) > 2 * MAX_SHOWN_WIDTH:
            # Keep diagnostics small: only the neighbourhood of the span travels with the error.
            column = span.column - 1 if span is not None else 0
            line_offset = max(0, column - MAX_SHOWN_WIDTH)
            line_text = line_text[line_offset : column + 2 * MAX_SHOWN_WIDTH]
        hint_message = self.message(hint, **args) if isinstance(hint, str) else hint
        return Diagnostic(
            code=code,
            severity=severity,
            message=self.message(code, **args),
            span=span,
            line_text=line_text,
            hint=hint_message,
            notes=tuple(notes),
            line_offset=line_offset,
        )


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
