"""Typed records of the corpus: a document's metadata and its articles.

Parsers produce `Article`s; retrieval turns them into chunks; rule tables cite
them by (doc key, article number). Records are frozen so no stage can mutate
what an earlier stage produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Jurisdiction(StrEnum):
    """Closed set of jurisdictions the corpus covers; values are stable codes."""

    NATIONAL = "national"
    BINGTUAN = "bingtuan"
    NEIMENGGU = "neimenggu"
    TIANJIN = "tianjin"
    ZHEJIANG = "zhejiang"

    @property
    def label_zh(self) -> str:
        return JURISDICTION_NAMES[self]


JURISDICTION_NAMES: dict[Jurisdiction, str] = {
    Jurisdiction.NATIONAL: "全国",
    Jurisdiction.BINGTUAN: "兵团",
    Jurisdiction.NEIMENGGU: "内蒙古",
    Jurisdiction.TIANJIN: "天津",
    Jurisdiction.ZHEJIANG: "浙江",
}


# The regions whose own texts rule on evaluation agencies (浙江's is a forwarding notice):
# what "各地" and "其他地方" range over.
LOCAL_REGIONS = (Jurisdiction.BINGTUAN, Jurisdiction.NEIMENGGU, Jurisdiction.TIANJIN)


class DocKind(StrEnum):
    """Which parser reads a document."""

    LAW = "law"  # 章/条/款/项
    NOTICE = "notice"  # 一、二、三 sections, or plain paragraphs


class Validity(StrEnum):
    """A text's standing as its metadata records it; values are what users are shown."""

    VALID = "有效"
    TRIAL = "试行"  # 试行 in its title or its 施行 article
    REPEALED = "失效"
    SUPERSEDED = "已被替代"  # needs `superseded_by` and `validity_source`


@dataclass(frozen=True)
class Successor:
    """The text that replaced a superseded one: a corpus key, or a title when it is not in the corpus."""

    title: str
    key: str | None = None
    doc_number: str | None = None
    dated: date | None = None  # "date" in the JSON: when the successor was issued or took effect


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata kept beside each document's text in `corpus/documents/<key>.json`.

    `validity_source` says where the validity comes from (a URL, or the document's own
    words such as its title or 施行 article); it is required for 失效 and 已被替代, so
    the bot never tells users a text is dead without saying who said so.
    """

    key: str
    title: str
    short_title: str
    issuer: str
    jurisdiction: Jurisdiction
    kind: DocKind
    doc_number: str | None = None
    published: date | None = None
    effective: date | None = None
    validity: Validity = Validity.VALID
    validity_source: str | None = None
    superseded_by: Successor | None = None
    source_url: str | None = None
    source_file: str | None = None
    forwarded_in: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class Article:
    """One citable unit: an article (条), a notice section (一、), a paragraph or a preamble.

    `number` is None for units outside the numbered body (the cover notice).
    `items` are the article's 项 lines (（一）… or 1. …) when it has them; `text`
    is always the whole article, label included.
    """

    doc_key: str
    number: int | None
    label: str
    chapter: str
    text: str
    items: tuple[str, ...] = field(default=())

    @property
    def body(self) -> str:
        """Text without the leading label, for display after a citation."""
        stripped = self.text
        if self.label and stripped.startswith(self.label):
            stripped = stripped[len(self.label) :]
        return stripped.strip()


@dataclass(frozen=True)
class ArticleHeading:
    """An editorial 条旨 for one article: its subjects, the words users ask about it with,
    and questions it answers, phrased the way users type them.

    Kept apart from the legal text (quotations never show it); search reads it so a
    long article is found by each of its subjects, "考官" finds 考评人员, and a user's
    question can meet a question instead of a statute's sentence.
    """

    topics: tuple[str, ...]
    keywords: tuple[str, ...]
    questions: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """Subjects and keywords: the short form the answer layer may match on."""
        return " ".join((*self.topics, *self.keywords))
