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


def hits_from_rules(citations: Iterable[Any]) -> tuple[Hit, ...]:
    """One Hit per distinct (document, article) among rule citations, in order."""
    corpus = cached_corpus()
    seen: set[tuple[str, int]] = set()
    hits: list[Hit] = []
    for citation in citations:
        key = (citation.doc_key, citation.article)
        if key in seen:
            continue
        seen.add(key)
        document = corpus.document(citation.doc_key)
        article = document.article(citation.article)
        hits.append(
            Hit(
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
        )
    return tuple(hits)


def validity_note(hits: Sequence[Hit]) -> str:
    """One short line for an answer quoting a 试行, 失效 or superseded text ("" when none is):
    "注:《兵团技能人才评价机构管理办法(试行)》为试行文件。" Users read the first line for the
    answer, so this goes after it, never before."""
    clauses = list(dict.fromkeys(h.validity_note for h in hits if h.validity_note))
    return f"注:{';'.join(clauses)}。" if clauses else ""
