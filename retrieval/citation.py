"""Citations built from metadata, never from chunk text: 《标题》第十一条 (文号,日期).

This is the one place a citation string and a document's validity wording are made;
chunks store what it returns at ingestion, rule tables and /source call it directly.
"""

from __future__ import annotations

from datetime import date

from corpus.models import Article, DocumentMeta, Successor, Validity


def format_citation(meta: DocumentMeta, article: Article, part: str = "") -> str:
    """《内蒙古自治区职业技能等级认定实施办法》第十一条 (内人社办发〔2024〕53号,2024年4月7日发布施行).

    `part` names a 项 when the cited chunk is one item of a long article. The 文号 and
    the dates are shown where the metadata knows them, so users can tell which version
    of a rule they are reading.
    """
    details = document_details(meta)
    return short_citation(meta, article, part) + (f" ({details})" if details else "")


def short_citation(meta: DocumentMeta, article: Article, part: str = "") -> str:
    """《兵团技能人才评价机构管理办法(试行)》第十二条: the citation inside a sentence, without 文号 and dates."""
    return f"《{meta.title}》{article.label}{part}"


def document_details(meta: DocumentMeta) -> str:
    """"内人社办发〔2024〕53号,2024年4月7日发布施行": the 文号 and dates known, "" when none is."""
    return ",".join(p for p in (meta.doc_number, format_dates(meta)) if p)


def zh_date(day: date) -> str:
    """2024年4月7日: the way the texts themselves write dates."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_dates(meta: DocumentMeta) -> str:
    """"2024年4月7日发布施行", "2025年8月12日发布,2025年9月1日施行", or only the known one."""
    published, effective = meta.published, meta.effective
    if published and effective and published == effective:
        return f"{zh_date(published)}发布施行"
    parts = [f"{zh_date(published)}发布" if published else "", f"{zh_date(effective)}施行" if effective else ""]
    return ",".join(p for p in parts if p)


def format_successor(successor: Successor) -> str:
    """《新办法》(文号,2025年1月1日) with whatever of 文号 and date is known."""
    details = ",".join(p for p in (successor.doc_number, zh_date(successor.dated) if successor.dated else "") if p)
    return f"《{successor.title}》" + (f"({details})" if details else "")


def validity_text(meta: DocumentMeta) -> str:
    """The /source line: "效力:试行(依据:…)", "效力:已被《…》(…)替代(依据:…)"."""
    if meta.validity is Validity.SUPERSEDED and meta.superseded_by is not None:
        status = f"已被{format_successor(meta.superseded_by)}替代"
    else:
        status = meta.validity.value
    source = f"(依据:{meta.validity_source})" if meta.validity_source else ""
    return f"效力:{status}{source}"


def validity_clause(meta: DocumentMeta) -> str:
    """What an answer quoting this text must add: "《…(试行)》为试行文件", "《…》已被《…》替代
    (依据:…)", "《…》已失效(依据:…)"; empty for a text recorded as 有效."""
    source = f"(依据:{meta.validity_source})" if meta.validity_source else ""
    if meta.validity is Validity.TRIAL:
        return f"《{meta.title}》为试行文件"
    if meta.validity is Validity.REPEALED:
        return f"《{meta.title}》已失效{source}"
    if meta.validity is Validity.SUPERSEDED and meta.superseded_by is not None:
        return f"《{meta.title}》已被{format_successor(meta.superseded_by)}替代{source}"
    return ""
