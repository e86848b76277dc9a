"""The structure of an article: 款 (paragraphs), 项 (items) and 目 (sub-items), and how a
quoted piece of it is shortened and joined. Composing a lead (bot/compose.py) reads an
article through this; nothing here knows what a question asks.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from corpus.parsers.headings import Level, match_heading
from retrieval.sentences import split_sentences, strip_label

ELLIPSIS = "……"
SHORT_ITEM = 40
SHORT_SENTENCE = 80
ENUMERATED = 3
# Items opening with this many characters in common are parallel cases (申请成为…的单位).
PARALLEL_OPENING = 3
# An item's label: (二), 3., 4、
ITEM_LABEL = re.compile(r"^(?:[((][一二三四五六七八九十\d]+[))]|\d+[.、．.])\s*")


@dataclass
class Item:
    """A 项 (or a bare numbered 目): its heading line, plain lines under it, and its sub-items."""

    head: str
    body: list[str] = field(default_factory=list)
    subitems: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join([self.head, *self.body, *self.subitems])


@dataclass
class Paragraph:
    """A 款: its own lines, then the items it introduces."""

    lines: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


def parse_structure(text: str) -> list[Paragraph]:
    """款/项/目 of an article's text (the label stripped), one pass over its lines."""
    paragraphs: list[Paragraph] = []
    for raw in strip_label(text).split("\n"):
        line = raw.strip()
        if not line:
            continue
        level = _item_level(line)
        current = paragraphs[-1] if paragraphs else None
        if level is Level.ITEM and current is not None:
            current.items.append(Item(line))
        elif level is Level.SUBITEM and current is not None and current.items and _is_nested(current):
            current.items[-1].subitems.append(line)
        elif level is Level.SUBITEM and current is not None:
            current.items.append(Item(line))
        elif current is not None and current.items and _item_level(current.items[-1].head) is Level.ITEM:
            current.items[-1].body.append(line)
        else:
            paragraphs.append(Paragraph([line]))
    return paragraphs


def _item_level(line: str) -> Level | None:
    found = match_heading(line, (Level.ITEM, Level.SUBITEM))
    return found[0] if found else None


def _is_nested(paragraph: Paragraph) -> bool:
    """Numbered 目 belong under the last 项 when the paragraph has 项."""
    return any(_item_level(item.head) is Level.ITEM for item in paragraph.items)


def enumerates(text: str, noun: str) -> bool:
    """Whether an article lists what the noun names: items under a line with the noun, or a
    sentence with the noun and three or more enumerated parts (理论知识考试、技能操作考核、…方式)."""
    for paragraph in parse_structure(text):
        if paragraph.items and any(noun in line for line in paragraph.lines):
            return True
        sentences = [s for line in paragraph.lines for s in split_sentences(line)]
        if any(noun in s and s.count("、") >= ENUMERATED - 1 for s in sentences):
            return True
    return False


def announced_lists(text: str, noun: str) -> list[str]:
    """How an article's own lists are announced as the noun, the noun's modifiers kept
    ("严格遵守以下工作纪律:" then items → 工作纪律). A noun said inside an item (纪律监督
    of a condition) is no announcement."""
    announced = _announcement(noun)
    return [m.group(1) for p in parse_structure(text) if p.items for line in p.lines for m in announced.finditer(line)]


@lru_cache(maxsize=64)
def _announcement(noun: str) -> re.Pattern[str]:
    return re.compile(rf"(?:以下|下列)([^,,。;;::]{{0,6}}?{re.escape(noun)})")


# A case: an item whose opening clause ends in 的 ("(三)评价机构增加评价范围的,提交增量备案申请").
_CASE = re.compile(r"^[((][一二三四五六七八九十]+[))][^,,。;;]{2,40}的[,,]")


def is_case_list(items: list[Item]) -> bool:
    """Whether a list's items are alternative cases (each "…的,…"), not steps or conditions
    that all apply: a question about one case is answered by that case."""
    return len(items) >= 2 and all(_CASE.match(item.head) for item in items)


def case_clause(item: Item) -> str:
    """An item's opening clause, its label stripped ("(二)申请成为等级认定机构的单位,向…" →
    "申请成为等级认定机构的单位"): what names the case it is about."""
    return re.split(r"[,,。;;::]", ITEM_LABEL.sub("", item.head), maxsplit=1)[0]


def parallel_cases(items: list[Item]) -> bool:
    """Whether items are alternatives of one kind: "…的," cases, or openings saying the same thing
    of different subjects ("申请成为职业资格评价机构的单位…", "申请成为等级认定机构的单位…")."""
    if is_case_list(items):
        return True
    clauses = [case_clause(item) for item in items]
    return len(items) >= 2 and len(os.path.commonprefix(clauses)) >= PARALLEL_OPENING


def short_item(item: str) -> str:
    """A short item whole; a long one to its first sentence when that is short enough (it
    names what the item requires: 专职工作人员、命题专家、考评人员), else to its first clause."""
    if len(item) <= SHORT_ITEM:
        return item
    sentence = re.search(r"[;;。]", item)
    if sentence is not None and sentence.end() <= SHORT_SENTENCE:
        return item[: sentence.end()] + (ELLIPSIS if sentence.end() < len(item) else "")
    cut = re.search(r"[,,;;。]", item[8:])
    if cut is None:
        return item
    return item[: 8 + cut.start()] + ELLIPSIS


# A sentence opening that points back at the one before it ("其中:命题专家…"): without that
# sentence, it points at nothing and is left out at the start of a lead.
_BACK_REFERENCE = re.compile(r"^(?:其中|同时|此外|另外)[::,,]")


def joined(parts: list[str]) -> str:
    """Quoted pieces joined as written; a piece without its own closing mark gets a space.
    The first piece loses an opening that refers back to a sentence not quoted."""
    out = ""
    parts = [_BACK_REFERENCE.sub("", parts[0]), *parts[1:]] if parts else parts
    for part in (p.strip() for p in parts):
        if not part:
            continue
        out += part if part[-1] in "。;;!?!?::…" else f"{part} "
    return out.strip()


# A part's title: an item label and a few words, nothing else ("(二)责令终止备案").
_SECTION_TITLE = re.compile(r"^[((][一二三四五六七八九十]+[))][^,,。;;::]{2,16}$")


def section_title(sentences: list[str], index: int) -> str:
    """The title of the part sentence `index` stands in, "" when it stands in none."""
    for earlier in range(index - 1, -1, -1):
        if _SECTION_TITLE.match(sentences[earlier]):
            return sentences[earlier]
    return ""
