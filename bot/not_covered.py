"""Replies for what the collected texts do not answer: a place or topic they do not cover,
decided before searching, and the reply that says so with what they do cover."""

from __future__ import annotations

from bot.article_choice import PolicyAnswer
from bot.citations import article_hit
from bot.judgement import Judgement
from bot.scope import out_of_scope
from corpus.models import JURISDICTION_NAMES, Jurisdiction
from retrieval.hits import Hit
from retrieval.regions import detect_regions, detect_unsupported, is_comparison
from tools.rules import RuleCitation

__all__ = ["not_covered", "refusal"]


def refusal(question: str, places_in: str = "", region: Jurisdiction | None = None) -> PolicyAnswer | None:
    """Questions about a topic or a place the corpus does not cover, decided before searching;
    `places_in` is the story told before the question, whose places it is about too; `region`
    the one the conversation is about, when the question names none."""
    places = detect_unsupported(places_in + question)
    named = detect_regions(places_in + question)
    if places and not named:
        return not_covered(question, reason=f"收录的文本不包括{'、'.join(places)}的规定")
    if places and len(named) == 1 and is_comparison(places_in + question):
        # "上海的职业资格目录和浙江一样吗": one side of the comparison is a place no text covers
        # (not a place in the story beside several compared regions: "注册在北京,想在兵团、内蒙或者天津…").
        covered = "、".join(JURISDICTION_NAMES[r] for r in named)
        return not_covered(question, reason=f"收录的文本不包括{'、'.join(places)}的规定,无法与{covered}比较")
    entry = out_of_scope(question)
    if entry:
        asked_of = {r.value for r in named} or ({region.value} if region else set())
        return not_covered(question, reason=f"收录的文本没有关于{entry.topic}的规定", related=_related_hits(entry.related, asked_of))
    return None


def _related_hits(related: tuple[RuleCitation, ...], named: set[str]) -> tuple[tuple[RuleCitation, Hit], ...]:
    """The rules beside a refused topic (where a fee is set), each with its article, for the
    regions named, else for every region that has one."""
    hits = [(rule, hit) for rule in related if (hit := article_hit(rule.doc_key, rule.article))]
    return tuple((rule, hit) for rule, hit in hits if not named or hit.jurisdiction in named)


def not_covered(
    question: str,  # noqa: ARG001
    judgement: Judgement | None = None,
    reason: str = "",
    related: tuple[tuple[RuleCitation, Hit], ...] = (),
) -> PolicyAnswer:
    """The reply when no text answers: why, when known, the rules beside the point quoted
    (`related`), and what the texts do cover."""
    if not reason and judgement and judgement.missing:
        reason = f"未找到与“{'、'.join(judgement.missing[:3])}”相关的规定"
    detail = f"({reason})" if reason else ""
    quoted = [f"{JURISDICTION_NAMES[Jurisdiction(hit.jurisdiction)]}:{rule.quote}。({hit.citation})" for rule, hit in related]
    head = f"现有政策文本没有回答这个问题{detail}。" + ("相关规定:" if quoted else "")
    scope = (
        "本助手收录的是兵团、内蒙古、天津的评价机构管理与职业技能等级认定办法,"
        "以及人社部水平评价类职业资格承接办法和国家职业资格目录通知;"
        "考试费用、具体考试日期、证书补办和其他省份的规定不在其中。"
        "您可以问:备案条件、备案有效期与续期、材料清单、档案保管、违纪违规处理等。"
    )
    text = "\n".join([head, *quoted, scope]) if quoted else head + scope
    return PolicyAnswer(text, tuple(hit for _, hit in related), False)
