"""A question asked again of another region is answered as if asked there directly, when the
region's own article repeats the question's words.

"天津啥样的单位不能申报评价机构?" is answered with 天津's conditions (天津 sets no list of who
may not apply). "那内蒙古呢" followed the concordance table from that rule to 内蒙古 第九条 (基本
条件); asked directly, 内蒙古's answer is 第十条, whose 禁止性规定 say "不能申报" as the question
does. The table still leads where the region's own words are no closer ("兵团有类似的吗").

Asked again elsewhere, a story told before the question stays background, as asked directly
("…HR说要纸质的才能调工资。…电子证书效力一样吗" was refused as a question about 工资). And "找谁
解释" is answered from the clause of the text that says who interprets it, as "什么时候施行" is.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import ask, cited, follow_up


def test_the_regions_article_saying_the_question_leads_after_a_swap(chat_engine: Engine) -> None:
    direct = ask(chat_engine, "内蒙古啥样的单位不能申报评价机构?", user="tg:swap-words-direct")
    swapped = follow_up(chat_engine, "天津啥样的单位不能申报评价机构?", "那内蒙古呢", user="tg:swap-words")
    assert cited(direct) == cited(swapped) == ("neimenggu2024", 10)
    assert "不能申报" in swapped.text.splitlines()[0]


def test_the_table_still_leads_a_like_rule_asked_again(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "天津红黑榜多久调整一次", "兵团有类似的吗", user="tg:swap-words-like")
    assert cited(reply)[0] == "bingtuan2025"
    assert cited(reply) == ("bingtuan2025", 21)


def test_a_story_stays_background_when_asked_again_elsewhere(chat_engine: Engine) -> None:
    story = "我是滨海新区的电工,2026年10月考了高级工,机构只给了电子证书,公司HR说要纸质的才能调工资。"
    reply = follow_up(chat_engine, f"{story}内蒙古这边电子证书和纸质证书效力一样吗?", "那天津呢", user="tg:swap-story")
    assert reply.covered
    assert cited(reply) == ("tianjin2020", 18)
    assert "同等效力" in reply.text.splitlines()[0]


def test_who_interprets_a_text_is_its_final_clause(chat_engine: Engine) -> None:
    first = "内蒙古那个职业技能等级认定实施办法 条款理解有分歧的话找谁解释"
    reply = ask(chat_engine, first, user="tg:swap-interpret")
    assert cited(reply) == ("neimenggu2024", 51)
    assert "负责解释" in reply.text.splitlines()[0]
    swapped = ask(chat_engine, "那天津呢", user="tg:swap-interpret")
    assert cited(swapped) == ("tianjin2020", 25)
