"""What an answer quotes of an article: the whole article behind a hit, its lead with the
text's short names given in full, and which hits may lead at all (a statute's covering
notice only for questions about the text)."""

from __future__ import annotations

from bot.compose import Composer
from bot.shapes import shapes
from corpus import cached_corpus
from corpus.abbreviations import abbreviations, with_full_names
from corpus.models import DocKind
from retrieval.hits import Hit


def notice_last(question: str, hits: list[Hit]) -> list[Hit]:
    """Hits with a statute's covering notice ("现将《…》印发给你们,请遵照执行") moved last,
    unless the question asks about the text itself (印发, 文号, 施行): the notice matches any
    question on the statute's topic and answers none of them."""
    cue = shapes().document
    if cue is None or cue.search(question):
        return hits
    corpus = cached_corpus()

    def is_notice(hit: Hit) -> bool:
        if hit.article is not None:
            return False
        try:
            return corpus.document(hit.doc_key).meta.kind is DocKind.LAW
        except Exception:  # noqa: BLE001 - an index built from another corpus copy
            return False

    return [h for h in hits if not is_notice(h)] + [h for h in hits if is_notice(h)]


def compose_lead(composer: Composer, hit: Hit) -> str:
    """The lead from the whole article of `hit`, its text's short names given in full once
    ("(市鉴定中心即天津市职业技能鉴定指导中心)" after the lead): a lead is read alone."""
    lead = composer.compose(whole_article(hit)) or hit.text
    try:
        names = abbreviations(cached_corpus().document(hit.doc_key).text, composer.terms.words)
    except Exception:  # noqa: BLE001 - an index built from another corpus copy: quote as is
        return lead
    return with_full_names(lead, names)


def whole_article(hit: Hit) -> str:
    """The whole article behind a hit (search may have matched one embedded part of it)."""
    if hit.article is None or not hit.chunk_id or ":" not in hit.chunk_id:
        return hit.text
    try:
        text = cached_corpus().article(hit.doc_key, hit.article).text
    except Exception:  # noqa: BLE001 - an index built from another corpus copy: quote the hit
        return hit.text
    return text if hit.text.splitlines()[-1].strip() in text else hit.text
