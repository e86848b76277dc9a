"""A count of times is of an act, and two personal questions are outside the texts.

- "内蒙古备案结果一年公布几次" is answered by 内蒙古 第十一条(四) (每年进行两次). Asked again of
  兵团 ("兵团呢"), 兵团 第二十二条 carries 备案 and 结果 and a figure (至少开展一次专项督导), but
  counts 督导, not 公布: 兵团's text is silent on how often it publishes, and says so first.
  Asked of 兵团 directly, the same question was already silent; the follow-up was not.
- "兵团一年督导几次" counts the act 第二十二条 counts, and is still answered by it.
- Registering online as a person and an exam's schooling requirement are no agency rules: the
  reply says the texts do not cover them, instead of quoting a neighbouring article.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import ask, cited, first_line, follow_up


def test_a_count_of_another_act_does_not_answer_a_region_asked_again(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "内蒙古备案结果一年公布几次", "兵团呢", user="tg:count-act-swap")
    assert not reply.covered
    assert first_line(reply).startswith("兵团:") and "没有规定" in first_line(reply)
    assert "每年进行两次" in reply.text  # 内蒙古's rule, labelled as reference


def test_a_count_of_the_act_asked_still_answers(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团一年督导几次", user="tg:count-act-own")
    assert reply.covered
    assert cited(reply) == ("bingtuan2025", 22)
    assert "至少开展一次专项督导" in first_line(reply)


def test_registering_online_as_a_person_is_outside_the_texts(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "个人在网上咋注册账号报名职业技能等级认定", user="tg:scope-register")
    assert not reply.covered
    assert "没有回答这个问题" in first_line(reply) and not reply.citations


def test_an_exams_schooling_requirement_is_outside_the_texts(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "浙江考焊工证对学历有要求没", user="tg:scope-schooling")
    assert not reply.covered
    assert "没有回答这个问题" in first_line(reply) and not reply.citations
