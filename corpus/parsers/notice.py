"""Parser for notices: 一、二、三 sections, or numbered paragraphs when there are none."""

from __future__ import annotations

import re

from corpus.models import Article, DocumentMeta
from corpus.numerals import parse_chinese_number, to_chinese
from corpus.parsers.base import content_lines, split_items
from corpus.parsers.headings import Level, match_heading

PREAMBLE_LABEL = "导语"
SIGNATURE_LABEL = "落款"
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def _split_signature(lines: list[str], meta: DocumentMeta) -> tuple[list[str], list[str]]:
    """Trailing issuer and date lines are the signature, not part of the last section."""
    cut = len(lines)
    while cut > 0 and (lines[cut - 1] == meta.issuer or _DATE_LINE.match(lines[cut - 1])):
        cut -= 1
    return lines[:cut], lines[cut:]


def parse_notice(text: str, meta: DocumentMeta) -> list[Article]:
    """Sections become 第N部分; a notice without sections is cited by paragraph (第N段)."""
    lines, signature = _split_signature(content_lines(text), meta)
    tail = [Article(meta.key, None, SIGNATURE_LABEL, "", "\n".join(signature))] if signature else []
    starts = [i for i, line in enumerate(lines) if match_heading(line, (Level.NOTICE_SECTION,))]
    if not starts:
        return _paragraphs(lines, meta) + tail
    articles: list[Article] = []
    if starts[0] > 0:
        articles.append(Article(meta.key, None, PREAMBLE_LABEL, "", "\n".join(lines[: starts[0]])))
    bounds = [*starts, len(lines)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        found = match_heading(lines[a], (Level.NOTICE_SECTION,))
        assert found is not None
        number = parse_chinese_number(found[1].group("num"))
        chunk = lines[a:b]
        articles.append(
            Article(meta.key, number, f"第{to_chinese(number)}部分", "", "\n".join(chunk), split_items(chunk[1:]))
        )
    return articles + tail


def _paragraphs(lines: list[str], meta: DocumentMeta) -> list[Article]:
    """Number the paragraphs; an addressee line (ending in a colon) joins the next one."""
    merged: list[str] = []
    pending = ""
    for line in lines:
        if line.endswith((":", ":")):
            pending = f"{pending}\n{line}".strip()
            continue
        merged.append(f"{pending}\n{line}".strip() if pending else line)
        pending = ""
    if pending:
        merged.append(pending)
    return [
        Article(meta.key, n, f"第{to_chinese(n)}段", "", text)
        for n, text in enumerate(merged, start=1)
    ]
