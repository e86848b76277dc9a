"""Engine replies as Telegram HTML messages: escaping, compact citations, clean splitting.

Pure functions, no I/O. Everything that comes from the corpus, the engine or the
user is escaped; the only tags are the ones added here. A reply is first laid
out as blocks (paragraphs, notes, one block per citation line), each of which is
balanced HTML on its own, then packed into messages under Telegram's limit
(`MessageLimit.MAX_TEXT_LENGTH`). A message therefore never ends inside a tag,
an entity or a citation; a paragraph too long for one message is cut at the
best boundary available (blank line, line, sentence, clause, space) before its
text is escaped. Lengths are counted in UTF-16 code units of the HTML source,
which is never less than what Telegram counts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit

from bot.messages import Reply
from bot.telegram.callbacks import EngineButton, Page, encode
from retrieval.hits import Hit as CitedPassage
from retrieval.textnorm import replace_surrogates

__all__ = [
    "MAX_TEXT",
    "PAGE_TEXT",
    "Block",
    "Pager",
    "escape",
    "utf16_len",
    "compact_citation",
    "reply_blocks",
    "pack",
    "split_text",
    "render_messages",
    "render_page",
    "render_notice",
    "keyboard",
]

MAX_TEXT = int(MessageLimit.MAX_TEXT_LENGTH)
_PAGE_FOOTER = "\n\n<i>第 {page}/{total} 页</i>"
PAGE_TEXT = MAX_TEXT - len(_PAGE_FOOTER.format(page=999, total=999))
_EMPTY_TEXT = "请选择:"

# Cut points for an over-long paragraph, best first; each piece keeps its separator.
_CUTS = (
    re.compile(r"(?<=\n\n)"),
    re.compile(r"(?<=\n)"),
    re.compile(r"(?<=[。!?;!?;])"),
    re.compile(r"(?<=[,、:,:])"),
    re.compile(r"(?<= )"),
)


def escape(text: str) -> str:
    """Text safe inside Telegram HTML (only <, > and & are special there), and encodable:
    lone surrogates become U+FFFD."""
    return html.escape(replace_surrogates(text), quote=False)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Block:
    """Balanced HTML that stays in one message, unless it has `text` to re-split."""

    html: str
    gap: str = "\n\n"  # separates this block from the previous one in the same message
    text: str | None = None  # raw text of a splittable block (None: atomic)
    tag: str = ""  # the tag wrapped around `text`

    @classmethod
    def paragraph(cls, text: str, tag: str = "", gap: str = "\n\n") -> Block:
        return cls(html=_wrap(escape(text), tag), gap=gap, text=text, tag=tag)

    @classmethod
    def atomic(cls, html_text: str, gap: str = "\n") -> Block:
        return cls(html=html_text, gap=gap)


@dataclass(frozen=True)
class Pager:
    """Where a paged message is and which read-only command produces its pages."""

    page: int
    total: int
    command: str
    args: str = ""


def _wrap(inner: str, tag: str) -> str:
    return f"<{tag}>{inner}</{tag}>" if tag else inner


def compact_citation(hit: CitedPassage) -> str:
    """《title》第N条 without the 文号: the short form shown under an answer."""
    if hit.article_label:
        return f"《{hit.doc_title}》{hit.article_label}"
    return hit.citation or f"《{hit.doc_title}》"


def _unique_citations(hits: Sequence[CitedPassage]) -> list[CitedPassage]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for hit in hits:
        key = (hit.doc_key, compact_citation(hit))
        if key not in seen:
            seen.add(key)
            unique.append(hit)
    return unique


def reply_blocks(reply: Reply) -> list[Block]:
    """The reply laid out: paragraphs, notes in italics, then a numbered list of the
    citations the text does not already name."""
    blocks = [Block.paragraph(part) for part in re.split(r"\n\s*\n", reply.text.strip()) if part]
    blocks += [Block.paragraph(note.strip(), tag="i") for note in reply.notes if note.strip()]
    # A citation the engine already wrote into its text (its own "(依据:…)") is not repeated.
    listed = [
        h for h in _unique_citations(reply.citations) if compact_citation(h) not in reply.text
    ]
    for number, hit in enumerate(listed, start=1):
        line = f"[{number}] {escape(compact_citation(hit))}"
        if number == 1:  # the heading always travels with the first citation
            blocks.append(Block.atomic(f"<b>依据</b>\n{line}", gap="\n\n"))
        else:
            blocks.append(Block.atomic(line))
    if not blocks:
        blocks.append(Block.paragraph(_EMPTY_TEXT))
    return blocks


def split_text(text: str, fits_: Callable[[str], bool], level: int = 0) -> list[str]:
    """Cut `text` into pieces that each satisfy `fits_`, at the best boundaries available."""
    if fits_(text):
        return [text]
    if level >= len(_CUTS):
        return _hard_split(text, fits_)
    parts = [part for part in _CUTS[level].split(text) if part]
    if len(parts) == 1:
        return split_text(text, fits_, level + 1)
    pieces: list[str] = []
    current = ""
    for part in parts:
        if fits_(current + part):
            current += part
            continue
        if current:
            pieces.append(current)
        if fits_(part):
            current = part
        else:
            *done, current = split_text(part, fits_, level + 1)
            pieces.extend(done)
    if current:
        pieces.append(current)
    return pieces


def _hard_split(text: str, fits_: Callable[[str], bool]) -> list[str]:
    pieces = []
    while text:
        low, high = 1, len(text)
        while low < high:  # the longest prefix that fits
            middle = (low + high + 1) // 2
            if fits_(text[:middle]):
                low = middle
            else:
                high = middle - 1
        pieces.append(text[:low])
        text = text[low:]
    return pieces


def pack(blocks: Sequence[Block], limit: int = MAX_TEXT) -> list[str]:
    """Blocks packed greedily into messages of at most `limit` UTF-16 units."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}{block.gap}{block.html}" if current else block.html
        if utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            messages.append(current)
            current = ""
        if utf16_len(block.html) <= limit:
            current = block.html
            continue
        if block.text is None:
            raise ValueError(f"an atomic block of {utf16_len(block.html)} units exceeds {limit}")
        tag = block.tag

        def fits_(piece: str, tag: str = tag) -> bool:
            return utf16_len(_wrap(escape(piece.strip()), tag)) <= limit

        pieces = [piece.strip() for piece in split_text(block.text, fits_)]
        pieces = [piece for piece in pieces if piece]
        messages.extend(_wrap(escape(piece), tag) for piece in pieces[:-1])
        current = _wrap(escape(pieces[-1]), tag) if pieces else ""
    if current:
        messages.append(current)
    return messages


def render_messages(reply: Reply, limit: int = MAX_TEXT) -> list[str]:
    """The reply as one or more HTML messages, each within `limit`."""
    return pack(reply_blocks(reply), limit)


def render_page(reply: Reply, page: int) -> tuple[str, int]:
    """Page `page` (clamped to the range) of a long reply with its footer, and the page count."""
    pages = pack(reply_blocks(reply), PAGE_TEXT)
    total = len(pages)
    page = min(max(page, 1), total)
    if total == 1:
        return pages[0], 1
    return pages[page - 1] + _PAGE_FOOTER.format(page=page, total=total), total


def render_notice(text: str) -> str:
    """A short channel message (apology, refusal) as escaped HTML."""
    return escape(text)


def keyboard(reply: Reply, *, pager: Pager | None = None) -> InlineKeyboardMarkup | None:
    """The engine's button rows ("查看原文" included), then the pager row if paged."""
    rows: list[list[InlineKeyboardButton]] = [
        [InlineKeyboardButton(replace_surrogates(b.label), callback_data=encode(EngineButton(b.payload))) for b in row]
        for row in reply.buttons
        if row
    ]
    if pager is not None:
        row = []
        if pager.page > 1:
            back = Page(pager.page - 1, pager.command, pager.args)
            row.append(InlineKeyboardButton("‹ 上一页", callback_data=encode(back)))
        if pager.page < pager.total:
            ahead = Page(pager.page + 1, pager.command, pager.args)
            row.append(InlineKeyboardButton("下一页 ›", callback_data=encode(ahead)))
        if row:
            rows.append(row)
    return InlineKeyboardMarkup(rows) if rows else None
