"""Parser for statute-shaped documents: 章/节/条, with 款 as lines and 项 as items."""

from __future__ import annotations

import re

from corpus.models import Article, DocumentMeta
from corpus.numerals import parse_chinese_number
from corpus.parsers.base import content_lines, split_items
from corpus.parsers.headings import Level, match_heading

PREAMBLE_LABEL = "印发通知"
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def parse_law(text: str, meta: DocumentMeta) -> list[Article]:
    """One `Article` per 条, carrying its chapter (and section) title; the cover notice first."""
    preamble: list[str] = []
    articles: list[Article] = []
    chapter = ""
    section = ""
    current: tuple[int, str, str, list[str]] | None = None  # number, label, chapter path, lines

    def flush() -> None:
        if current is not None:
            number, label, path, lines = current
            articles.append(
                Article(meta.key, number, label, path, "\n".join(lines), split_items(lines[1:]))
            )

    for line in content_lines(text):
        found = match_heading(line, (Level.CHAPTER, Level.SECTION, Level.ARTICLE))
        if found is None:
            (current[3] if current else preamble).append(line)
            continue
        level, match = found
        if level is Level.CHAPTER:
            flush()
            current = None
            chapter = _SPACES.sub(" ", line)
            section = ""
        elif level is Level.SECTION:
            flush()
            current = None
            section = _SPACES.sub(" ", line)
        else:
            flush()
            path = f"{chapter} {section}".strip()
            label = match.group("label")
            normalised = f"{label} {match.group('title').strip()}"
            current = (parse_chinese_number(match.group("num")), label, path, [normalised])
    flush()
    if preamble:
        articles.insert(0, Article(meta.key, None, PREAMBLE_LABEL, "", "\n".join(preamble)))
    return articles
