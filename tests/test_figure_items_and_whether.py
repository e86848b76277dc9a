"""A figure's item ends where the next item starts, and "要X吗" asks whether X is done.

- "兵团考评员要几个": 兵团 第六条(二) says 考评人员一般不少于3人. The hedge (一般) used to
  pull in the rest of the paragraph, which for a list is every later item ((三) 场所 … (六)).
  The cases that differ are the rest of the figure's own item or lines, not the next items:
  "内蒙古职业技能等级分几级" still gets its 新八级工 and 五个技能等级 sentences.
- "天津评价机构的考评员要持证吗": 天津's text builds a 考评人员 team but never says 持证, while
  内蒙古 第二十五条 does (考评人员应持证上岗): 天津's silence is said first, 内蒙古's rule is
  reference. Asked of 内蒙古, the same words are answered by its own article.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import ask, cited, first_line


def test_a_hedged_figure_stops_at_the_next_item(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团考评员要几个", user="tg:hedge-items")
    lead = first_line(reply)
    assert cited(reply) == ("bingtuan2025", 6)
    assert "考评人员一般不少于3人" in lead
    assert "(三)" not in lead and "视频监控设备" not in lead


def test_a_hedged_figure_keeps_the_cases_that_differ(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古职业技能等级分几级", user="tg:hedge-levels")
    lead = first_line(reply)
    assert "五个级别" in lead and "新八级工" in lead and "五个技能等级" in lead


def test_whether_asked_with_yao_and_ma_is_silent_where_the_act_is_unsaid(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "天津评价机构的考评员要持证吗", user="tg:yao-ma-tj")
    assert not reply.covered
    assert first_line(reply).startswith("天津:") and "没有规定" in first_line(reply)
    assert "持证上岗" in reply.text  # 内蒙古's rule, labelled as reference


def test_whether_asked_with_yao_and_ma_is_answered_where_the_act_is_said(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古考评员要持证吗", user="tg:yao-ma-nm")
    assert reply.covered
    assert cited(reply) == ("neimenggu2024", 25)
    assert "持证上岗" in first_line(reply)
