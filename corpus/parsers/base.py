"""The parser protocol and the helpers every parser shares.

Parsers are pure: cleaned text in, `Article` records out. They do no I/O and
keep no positions inside strings.
"""

from __future__ import annotations

from typing import Protocol

from corpus.models import Article, DocumentMeta
from corpus.parsers.headings import Level, match_heading


class Parser(Protocol):
    def __call__(self, text: str, meta: DocumentMeta) -> list[Article]: ...


def content_lines(text: str) -> list[str]:
    """Non-empty lines with surrounding whitespace removed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def split_items(lines: list[str]) -> tuple[str, ...]:
    """Group an article's lines into its 项 (or, lacking those, its numbered sub-items).

    Lines before the first item (the article's lead) are not an item; lines after
    an item heading belong to that item until the next heading of the same level.
    """
    for level in (Level.ITEM, Level.SUBITEM):
        starts = [i for i, line in enumerate(lines) if match_heading(line, (level,))]
        if len(starts) >= 2:
            bounds = [*starts, len(lines)]
            return tuple("\n".join(lines[a:b]) for a, b in zip(bounds, bounds[1:], strict=False))
    return ()
