"""What a story tells before its ask is read with it, and words that only tell do not ask.

- "后来这个资格被国家取消了。现在找工作,这个老证还算数吗?" is 浙江's 取消前取得的职业资格证书,
  仍可作为技能水平能力的证明. Read without the story, "还算数吗" stood for 证书作废 (misconduct),
  which 浙江's text never says, and the reply said 浙江 was silent.
- "我们自己培养的几个考评员还没入库,下个月的考核能先让他们上吗?" asks whether, not how many
  (的几个 tells of some), and 下个月的考核 is no exam date asked: it is 内蒙古 第三十五条
  (信息库建好后…原则上不得使用库外考评人员). It used to be refused as an exam-date question.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.slots import Slot, detect_slot
from tests.replies import ask, cited, first_line


def test_an_abolished_qualification_told_first_is_read_with_the_ask(chat_engine: Engine) -> None:
    question = "我在杭州,早些年考过一个技能人员职业资格证书,后来这个资格被国家取消了。现在找工作,这个老证还算数吗?"
    reply = ask(chat_engine, question, user="tg:told-abolished")
    assert reply.covered
    assert cited(reply) == ("zhejiang2017", 3)
    assert "仍可作为技能水平能力的证明" in first_line(reply)


def test_some_examiners_told_of_are_no_count_asked(chat_engine: Engine) -> None:
    question = (
        "我们是呼和浩特的一家社会培训评价组织。盟市人社局说考评人员信息库已经建好了。"
        "我们自己培养的几个考评员还没入库,下个月的考核能先让他们上吗?"
    )
    reply = ask(chat_engine, question, user="tg:told-some")
    assert reply.covered
    assert cited(reply) == ("neimenggu2024", 35)
    assert "原则上不得使用库外考评人员" in first_line(reply)


def test_how_many_is_still_asked_as_such() -> None:
    assert detect_slot("我们自己培养的几个考评员还没入库,能先让他们上吗") is Slot.WHETHER
    assert detect_slot("每个工种要几个考评员") is Slot.HOW_MANY
