"""Conditions asked plainly are the basic ones, not the ones to meet besides.

"兵团申请当评价机构要啥条件" is answered by 兵团 第六条 (应当具备以下基本条件), which ranked just
below 第七条 (备案等级认定机构还需满足以下条件) and used to lose the lead to it. A question that
names a kind of body only the supplement speaks of, or asks what is needed besides, still gets
第七条.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import ask, cited, first_line


def test_conditions_asked_plainly_are_the_basic_ones(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团申请当评价机构要啥条件", user="tg:basic-plain")
    assert cited(reply) == ("bingtuan2025", 6)
    assert "基本条件" in first_line(reply)
    assert "3年以上使用权" in first_line(reply)


def test_a_kind_of_body_only_the_supplement_names_gets_the_supplement(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团社会培训评价组织备案还要满足啥条件", user="tg:basic-kind")
    assert cited(reply) == ("bingtuan2025", 7)


def test_what_is_needed_besides_gets_the_supplement(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团 企业想自己搞技能鉴定 除了基本条件还要满足啥", user="tg:basic-besides")
    assert cited(reply) == ("bingtuan2025", 7)
