"""Heading levels as a named, ordered table of compiled patterns.

A heading must start the line and, for 章/节/条, be followed by whitespace, so
a wrapped line that starts with a cross-reference (第十条规定…) never opens a
new article. Named groups capture the number; titles are captured where the
level has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from corpus.numerals import NUMERAL_CHARS

_N = f"[{NUMERAL_CHARS}]+"
_WS = r"[ \t\u3000\u00a0]"


class Level(StrEnum):
    CHAPTER = "chapter"  # 第一章 总则
    SECTION = "section"  # 第一节 …
    ARTICLE = "article"  # 第一条 …
    NOTICE_SECTION = "notice_section"  # 一、…
    ITEM = "item"  # （一）… / (一)…
    SUBITEM = "subitem"  # 1. … / (1) …


@dataclass(frozen=True)
class HeadingPattern:
    level: Level
    pattern: re.Pattern[str]


HEADINGS: tuple[HeadingPattern, ...] = (
    HeadingPattern(Level.CHAPTER, re.compile(rf"^第(?P<num>{_N})章(?:{_WS}+(?P<title>.*))?$")),
    HeadingPattern(Level.SECTION, re.compile(rf"^第(?P<num>{_N})节(?:{_WS}+(?P<title>.*))?$")),
    HeadingPattern(Level.ARTICLE, re.compile(rf"^(?P<label>第(?P<num>{_N})条){_WS}+(?P<title>.*)$")),
    HeadingPattern(Level.NOTICE_SECTION, re.compile(r"^(?P<num>[一二三四五六七八九十]+)、(?P<title>.*)$")),
    HeadingPattern(Level.ITEM, re.compile(r"^[（(](?P<num>[一二三四五六七八九十]+)[）)](?P<title>.*)$")),
    HeadingPattern(Level.SUBITEM, re.compile(r"^(?:(?P<num>\d{1,2})[.．、]|[（(](?P<pnum>\d{1,2})[）)])(?P<title>.+)$")),
)


def match_heading(line: str, levels: tuple[Level, ...]) -> tuple[Level, re.Match[str]] | None:
    """Return the first of `levels` whose pattern matches `line`, in table order."""
    for heading in HEADINGS:
        if heading.level in levels:
            found = heading.pattern.match(line)
            if found:
                return heading.level, found
    return None
