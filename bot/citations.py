"""Rule-table citations turned into the same cited passages policy answers carry.

A deadline or eligibility answer quotes its rule's whole article, with the same
citation format, so every channel renders and checks them one way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from corpus import cached_corpus
from retrieval.citation import format_citation, validity_clause
from retrieval.hits import Hit


def article_hit(doc_key: str, number: int) -> Hit | None:
    """The whole article (doc key, number) as a cited passage; None when the corpus has none
    (a stored subject may name an article of a text since replaced)."""
    try:
        document = cached_corpus().document(doc_key)
        article = document.article(number)
    except (KeyError, LookupError, ValueError):
        return None
    return Hit(
        doc_key=document.meta.key,
        doc_title=document.meta.title,
        doc_number=document.meta.doc_number,
        jurisdiction=document.meta.jurisdiction.value,
        article=article.number,
        article_label=article.label,
        chapter=article.chapter,
        text=article.text,
        score=1.0,
        citation=format_citation(document.meta, article),
        chunk_id=f"{document.meta.key}:{article.number}",
        published=document.meta.published.isoformat() if document.meta.published else None,
        effective=document.meta.effective.isoformat() if document.meta.effective else None,
        validity=document.meta.validity.value,
        validity_note=validity_clause(document.meta),
    )


def hits_from_rules(citations: Iterable[Any]) -> tuple[Hit, ...]:
    """One Hit per distinct (document, article) among rule citations, in order."""
    keys = dict.fromkeys((citation.doc_key, citation.article) for citation in citations)
    hits = [article_hit(doc_key, number) for doc_key, number in keys]
    if any(hit is None for hit in hits):
        missing = [key for key, hit in zip(keys, hits, strict=True) if hit is None]
        raise KeyError(f"rule cites articles the corpus lacks: {missing}")
    return tuple(hit for hit in hits if hit is not None)


def validity_note(hits: Sequence[Hit]) -> str:
    """One short line for an answer quoting a 试行, 失效 or superseded text ("" when none is):
    "注:《兵团技能人才评价机构管理办法(试行)》为试行文件。" Users read the first line for the
    answer, so this goes after it, never before."""
    clauses = list(dict.fromkeys(h.validity_note for h in hits if h.validity_note))
    return f"注:{';'.join(clauses)}。" if clauses else ""
