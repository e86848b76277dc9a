"""Articles the rule tables name for a question, where search by its words may miss them.

- The region's provision on the point the last answer's article ruled on, when a question is
  asked again of that region ("那内蒙古呢" after 天津's 红黑榜): the concordance table
  (`tools/concordance.py`), as a provision worded otherwise may not be found by the first
  region's words.
- The region's articles closest to the rule the last answer quoted, merged with a question's
  own hits when it is asked again of that region (`with_analog`).
- The article setting out the steps of a procedure the question names ("想备案成等级认定评价
  机构 大概走哪几步": 内蒙古 第十一条): the one most of its checklist's steps cite
  (`corpus/rules/checklists.yaml`), where the articles on who may apply share the asker's words.
"""

from __future__ import annotations

import re

from bot.article_text import whole_article
from bot.judgement import CoverageThresholds
from bot.leaning import Leaning
from bot.question_text import without_places
from bot.slots import NUMERIC, Slot
from corpus.models import Jurisdiction
from retrieval.expansion import expansions
from retrieval.hits import Hit
from retrieval.search import Searcher
from tools.checklists import steps_article
from tools.concordance import concordance, concordant_articles

# A question asked again of another region is guided by the rule the last answer quoted (its
# analog there, its concordant provision) only when that rule holds at least this share of the
# question's words (idf mass): otherwise that answer was about something else ("…一年多一场都没考
# 能不能直接把它资格拿掉" answered by 天津's 登记设立 rule), and would pull in its look-alike.
ANALOG_MIN_SHARE = 0.25

__all__ = ["asked_part", "concordant_hits", "first_asked_kept", "is_tabled", "procedure_hits", "tabled_first", "tabled_hits", "with_analog"]


def concordant_hits(searcher: Searcher, cited: tuple[str, int], region: Jurisdiction, asked: str, score: float) -> list[Hit]:
    """`region`'s articles on the points `cited` rules on, scored `score` (the top's, so that
    they stand with the searched hits). When `cited` rules on several points, the ones sharing
    most of the words `asked` (the question and the last answer's lead) come first, weighed by
    rarity: "内蒙那边呢" after 天津 第十二条's 承诺书 is 内蒙古's 诚信承诺书, not its 备案流程."""
    own = searcher.article_hit(*cited, score=score)
    if own is not None and own.jurisdiction == region.value:
        return [own]  # the region's own article was quoted (as a reference to a silence)
    docs = sorted({doc for concept in concordance().concepts for doc in concept.articles} - {cited[0]})
    found = [
        hit for doc in docs for article in concordant_articles(cited, doc)
        if (hit := searcher.article_hit(doc, article, score=score)) is not None and hit.jurisdiction == region.value
    ]
    if len(found) < 2:
        return found
    terms = searcher.terms
    wanted = set(terms.content_terms(asked))
    shared = lambda hit: sum(terms.idf(t) for t in wanted if len(t) > 1 and t in whole_article(hit))  # noqa: E731
    return sorted(found, key=shared, reverse=True)


def procedure_hits(searcher: Searcher, region: Jurisdiction, procedure: str, score: float) -> list[Hit]:
    """The article setting out `procedure`'s steps in `region`, scored `score`; none when the
    region's text sets out no such procedure."""
    found = steps_article(region.value, procedure)
    hit = searcher.article_hit(*found, score=score) if found else None
    return [hit] if hit is not None else []


def tabled_hits(
    searcher: Searcher, region: Jurisdiction, question: str, slot: Slot, procedure: str | None, leaning: Leaning,
    hits: list[Hit],
) -> tuple[list[Hit], list[Hit]]:
    """(the steps article of the procedure named, the articles a searched one gives way to): for
    a steps question naming a procedure, its steps article; asked again of another region, its
    provision on the same point, however worded (红黑榜 → 分类定级); a figure asked is found by
    its figure, not by the point."""
    top = hits[0].score if hits else 0.0
    steps = procedure_hits(searcher, region, procedure, top) if slot is Slot.STEPS and procedure else []
    if steps or not (leaning.asked_before and leaning.last_cited and hits) or slot in NUMERIC:
        return steps, steps
    if not leaning.similar and _share_said(searcher, question, leaning.last_lead) < ANALOG_MIN_SHARE:
        # The last answer was about something else: its provision here is no guide. (Asked for
        # a like rule, "兵团有类似的吗", the provision is what is asked, in whatever words.)
        return [], []
    return [], concordant_hits(searcher, leaning.last_cited, region, f"{question} {leaning.last_lead}", top)


def tabled_first(hits: list[Hit], concordant: list[Hit]) -> list[Hit]:
    """`hits` led by one concordant article: the one ranked highest in `hits` when they hold
    any (search weighed the question's own words; the slot's fit chose among them), else the
    one sharing most of the question's words."""
    if not concordant:
        return hits
    keys = {(h.doc_key, h.article) for h in concordant}
    first = next((h for h in hits if (h.doc_key, h.article) in keys), concordant[0])
    return [first, *(h for h in hits if h is not first)]


def is_tabled(hit: Hit, tabled: list[Hit]) -> bool:
    """Whether `hit` is one of the articles a table named (as searched or as fetched)."""
    return (hit.doc_key, hit.article) in {(h.doc_key, h.article) for h in tabled}


def _asked_words(searcher: Searcher, question: str) -> set[str]:
    """The question's words the texts use, and the law words its phrasing means ("设点开考" is 站点备案)."""
    terms = searcher.terms
    asked = without_places(question)
    words = {t for t in terms.tokens(asked) if terms.known(t)}
    return words | {w for adds in expansions(asked).values() for w in adds if len(w) > 1 and terms.known(w)}


def asked_part(searcher: Searcher, question: str, lead: str) -> str:
    """The clauses of the last answer's lead that hold the question's words ("原有文件中与本办法
    不一致的" of "本办法自…起施行,原有文件中与本办法不一致的,以本办法为准" asked "以前的文件跟它对不上
    的咋算"): what the analog is searched by; the whole lead when none or all do."""
    words = _asked_words(searcher, question)
    clauses = [c for c in re.split(r"[,，;；。]", lead) if c.strip()]
    held = [c for c in clauses if any(len(w) > 1 and w in c for w in words)]
    return "".join(held) if held and len(held) < len(clauses) else lead


def _share_said(searcher: Searcher, question: str, lead: str) -> float:
    """The share of the question's words (by idf), and of the law words they mean, that `lead` holds."""
    terms = searcher.terms
    words = _asked_words(searcher, question)
    total = sum(terms.idf(t) for t in words)
    return sum(terms.idf(t) for t in words if t in lead) / total if total else 1.0


def with_analog(
    searcher: Searcher, limits: CoverageThresholds, hits: list[Hit], lead: str, region: Jurisdiction,
    question: str = "",
) -> list[Hit]:
    """`hits` for a question asked again of `region` ("内蒙古呢"), merged with the region's
    articles closest to what the last answer quoted (`lead`): the question keeps the first
    region's wording (承诺书, 诚信管理), the rule quoted says what it was about in the law's
    words. Each list's scores count relative to its own top."""
    if len(hits) >= 2 and hits[0].score >= limits.analog_clear_lead * hits[1].score:
        return hits
    if question and _share_said(searcher, question, lead) < ANALOG_MIN_SHARE:
        return hits
    asked = asked_part(searcher, question, lead) if question else lead
    analog = searcher.search(without_places(asked), k=3, jurisdiction=region.value)
    if not hits or not analog:
        return hits or analog
    merged: dict[tuple[str, int | None], tuple[float, Hit]] = {}
    for hit in hits:
        merged[(hit.doc_key, hit.article)] = (hit.score / hits[0].score, hit)
    for hit in analog:
        score, kept = merged.get((hit.doc_key, hit.article), (0.0, hit))
        merged[(hit.doc_key, hit.article)] = (score + limits.analog_weight * hit.score / analog[0].score, kept)
    return [hit for _, hit in sorted(merged.values(), key=lambda pair: -pair[0])]


def first_asked_kept(found: Hit, leaning: Leaning) -> tuple[Jurisdiction, ...]:
    """The regions a question asked again was first asked of, whose articles may not outmatch
    `found` (they keep the question's own wording), when `found` rules on the point the
    last answer quoted (`corpus/rules/concordance.yaml`), or nothing was quoted. On another
    point (兵团's 考评人员 3人 for "督导组最少几个人" after 内蒙古's 督导小组), the first
    region's rule may show the region silent, as it does asked directly."""
    last = leaning.last_cited
    if last is None or (found.article is not None and found.article in concordant_articles(last, found.doc_key)):
        return leaning.asked_before
    return ()
