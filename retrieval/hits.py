"""A search hit: one cited passage with the fields of the stable search JSON contract."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    """A passage quoted exactly, with its citation; `as_contract` is what `--json` prints."""

    doc_key: str
    doc_title: str
    doc_number: str | None
    jurisdiction: str
    article: int | None
    article_label: str
    chapter: str
    text: str
    score: float
    citation: str  # 《title》第N条 (文号,发布/施行日期)
    chunk_id: str = ""
    dense: float = 0.0  # raw cosine similarity; the answer layer judges coverage with it
    sparse: float = 0.0  # raw BM25 score
    heading: str = ""  # the article's editorial 条旨 (not quoted, not in the contract)
    semantic: bool = True  # False: the vector store was unreachable, `dense` is unmeasured (BM25 alone)
    published: str | None = None  # ISO date the document was issued, when known
    effective: str | None = None  # ISO date it took effect, when known
    validity: str = ""  # 有效 | 试行 | 失效 | 已被替代 ("" from an index built before it was recorded)
    validity_note: str = ""  # "《…》为试行文件" / "…已被《…》替代(依据:…)"; empty for 有效

    def as_contract(self) -> dict[str, object]:
        """The stable JSON shape read by evaluation tools; add fields, never rename."""
        return {
            "doc_key": self.doc_key,
            "doc_title": self.doc_title,
            "doc_number": self.doc_number,
            "jurisdiction": self.jurisdiction,
            "article": self.article,
            "article_label": self.article_label,
            "chapter": self.chapter,
            "text": self.text,
            "score": round(float(self.score), 6),
            "citation": self.citation,
            "published": self.published,
            "effective": self.effective,
            "validity": self.validity or None,
            "validity_note": self.validity_note or None,
        }
