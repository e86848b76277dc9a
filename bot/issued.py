"""When, by whom and under which number a text was issued, from the document's own record.

"浙人社发146号那个转发通知是哪天印发的" asks about a text, not a rule in it. No article says so:
the date stands in the 落款, or only in the record kept beside the text. Search would
answer with the notice's preamble, and the region would be called silent. The lead is the
record (title, number, issuer, dates), which the citation line shows as well. It cites the
text's signed and dated part (落款, 印发通知) when it has one, else the clause saying when
it takes effect, else its opening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from corpus.models import DocumentMeta

ISSUED_FILE = Path(__file__).with_name("issued.yaml")
_NUMBER = re.compile(r"(\d+)号")


@dataclass(frozen=True)
class _Cues:
    asked: re.Pattern[str]
    about: re.Pattern[str]
    not_about: re.Pattern[str]
    national: re.Pattern[str]
    dated: re.Pattern[str]


@lru_cache(maxsize=1)
def _table() -> dict[str, list[str]]:
    return yaml.safe_load(ISSUED_FILE.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    table = _table()
    return _Cues(*(re.compile("|".join(table[key])) for key in ("asked", "about", "not_about", "national", "dated")))


def signed_parts() -> tuple[str, ...]:
    """The labels of a text's signed and dated parts (落款, 印发通知), in citing order."""
    return tuple(_table().get("signed_parts") or ())


def asks_about_issue(question: str) -> bool:
    """Whether the question asks when, by whom or under which number a text was issued."""
    cues = _cues()
    return bool(cues.asked.search(question) and cues.about.search(question) and not cues.not_about.search(question))


def names_ministry(question: str) -> bool:
    """Whether the question names the national ministry (its text, beside a regional one)."""
    return bool(_cues().national.search(question))


def asks_date(question: str) -> bool:
    """Whether the question asks when (a record without a date does not answer it)."""
    return bool(_cues().dated.search(question))


def numbered(question: str, documents: list[DocumentMeta]) -> DocumentMeta | None:
    """The document whose number the question quotes ("146号"), if any."""
    wanted = [re.compile(rf"(?<!\d){m.group(1)}号") for m in _NUMBER.finditer(question)]
    return next((d for d in documents if d.doc_number and any(w.search(d.doc_number) for w in wanted)), None)


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def issued_lead(meta: DocumentMeta) -> str:
    """"《title》(number)由 issuer 于 date 发布,自 date 起施行。", from the record alone."""
    number = f"({meta.doc_number})" if meta.doc_number else ""
    head = f"《{meta.title}》{number}由{meta.issuer}"
    if meta.published is None:
        return f"{head}发布;收录的文本没有载明发布日期。"
    if meta.effective is None or meta.effective == meta.published:
        return f"{head}于{_day(meta.published)}发布施行。"
    return f"{head}于{_day(meta.published)}发布,自{_day(meta.effective)}起施行。"
