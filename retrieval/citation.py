"""Citations built from metadata, never from chunk text: 《标题》第十一条 (文号)."""

from __future__ import annotations

from corpus.models import Article, DocumentMeta


def format_citation(meta: DocumentMeta, article: Article, part: str = "") -> str:
    """《内蒙古自治区职业技能等级认定实施办法》第十一条 (内人社办发〔2024〕53号).

    `part` names a 项 when the cited chunk is one item of a long article.
    """
    number = f" ({meta.doc_number})" if meta.doc_number else ""
    return f"《{meta.title}》{article.label}{part}{number}"
