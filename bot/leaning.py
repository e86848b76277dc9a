"""What a follow-up brings from the last turn to the policy answerer, as one value.

The follow-up reading (`bot/followup.py`) decides once per turn how a message leans on the
last one; `Question.leaning()` hands that to `PolicyAnswerer.answer`, which does not re-read
the conversation.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.models import Jurisdiction

__all__ = ["Leaning"]


@dataclass(frozen=True)
class Leaning:
    # The last question, when this one is elliptical and leans on it: search reads both.
    context: str = ""
    # `context` is only a guess (a short question naming a region, "内蒙古能中途加不"): used
    # only when the question carries next to none of the texts' words.
    guessed: bool = False
    # The regions the last question was about, when this one asks it again of another
    # ("那天津呢"): their articles carry the question's wording, so they say nothing of silence.
    asked_before: tuple[Jurisdiction, ...] = ()
    # The article the last answer quoted first (doc key, number): "向谁申请" after an answer
    # on 站点备案 is most likely asked of that very article.
    last_cited: tuple[str, int] | None = None
    # The last answer's first line, for a question asked again of another region: the rule
    # it quoted names the topic in the law's words (承诺书 → 内蒙古's 诚信承诺书).
    last_lead: str = ""
    # What the message told before its question (`Question.story`): searched with the ask,
    # judged with it only when the ask is thin ("…不做认定了。要怎么办?"); its places always
    # count (a story set in 广东 is about 广东).
    story: str = ""
    # "然后呢", "评完谁批": what comes after the procedure step reached (the words naming it,
    # "" for the step the last answer quoted first); None for any other question.
    next_from: str | None = None
    # "谁批", "评完谁批" asks who decides: the first step from there on that decides (批准,
    # 确定, 复核…), not just the next one.
    approver: bool = False
    # "情节严重呢" after the rule that says what happens 情节严重的: the words narrowing the last
    # answer's rule to one of its own cases ("" for any other question).
    narrows: str = ""
    # `context` is the state of the agency a lookup found, and the question asks about it by a
    # pronoun ("它们咋处理" after a list of filings about to expire): its own words are no
    # subject of their own (处理 alone would be 异议's 处理决定).
    of_agency: bool = False
    # Asked again of another region for a like rule ("内蒙那边有类似的分类管没"): that region's
    # provision on the same point answers it, though worded otherwise (分类定级 for 激励/约束).
    similar: bool = False
    # `context` is the last question asked again of this question's region ("内蒙那边电子证书
    # 咋说的" after 天津's 电子证书效力): the words it asked count as asked here too.
    elsewhere: bool = False
