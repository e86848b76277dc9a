"""A question asked again of another region is answered as if asked there directly, when the
region's own article repeats the question's words.

"天津啥样的单位不能申报评价机构?" is answered with 天津's conditions (天津 sets no list of who
may not apply). "那内蒙古呢" followed the concordance table from that rule to 内蒙古 第九条 (基本
条件); asked directly, 内蒙古's answer is 第十条, whose 禁止性规定 say "不能申报" as the question
does. The table still leads where the region's own words are no closer ("兵团有类似的吗").
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
