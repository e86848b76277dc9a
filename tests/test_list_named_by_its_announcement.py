"""A list asked by the words that announce it is that list.

"承接认定的行业组织 工作纪律都有哪几条" is the ministry's 第十五条 ("应当严格遵守以下工作纪律:"
and five items). Search ranked 第七条 first, whose conditions only mention 纪律监督, and the
reply quoted the conditions. A bare list noun ("得走哪些程序") is said by too many articles'
announcements (以下程序) to pick one: such questions keep the article that fits best.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.structure import announced_lists
from tests.replies import ask, cited, first_line


def test_the_list_announced_in_the_questions_words_leads(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "承接认定的行业组织 工作纪律都有哪几条", user="tg:named-list")
    assert cited(reply) == ("mohrss2016", 15)
    assert "严禁泄露职业资格认定各类信息" in first_line(reply)


def test_a_bare_list_noun_does_not_move_the_fitting_article(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团 我们人社对机构作出违规处理之前 得走哪些程序", user="tg:named-list-bare")
    assert cited(reply) == ("bingtuan2025", 25)
    assert "在决定前告知评价机构" in first_line(reply)


def test_a_noun_inside_an_item_announces_nothing() -> None:
    text = "行业组织应当符合下列条件:\n(一)非营利性行业组织。\n(二)设有负责纪律监督的机构或监察人员。"
    assert announced_lists(text, "纪律") == []
    assert announced_lists(text, "条件") == ["条件"]
    text = "应当严格遵守以下工作纪律:\n(一)遵守法律法规。\n(二)严格保密。"
    assert announced_lists(text, "纪律") == ["工作纪律"]
