"""A region's article carrying the topic but not the act asked of it is silence on the act.

"兵团的外部督导员由谁来培训": 兵团 第二十二条 is about sending 外部督导人员 and says 培训 only
inside the name 社会培训评价组织; no 兵团 article says who trains them, 内蒙古 第三十六条 does.
The reply says 兵团 is silent first, then 内蒙古's rule as reference. A region whose article
says the act (内蒙古) is answered from it.
"""

from __future__ import annotations

from bot.asked_act import act_words, said_alone, says_act
from bot.engine import Engine
from bot.messages import Intent
from bot.slots import Slot
from tests.replies import ask, cited, said_silent_first


def test_who_trains_where_the_region_only_sends_them_is_silence(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团的外部督导员由谁来培训", user="tg:act-1")
    assert reply.intent is Intent.POLICY and not reply.covered
    assert said_silent_first(reply, "兵团", "没有规定")
    assert ("neimenggu2024", 36) in {(c.doc_key, c.article) for c in reply.citations}


def test_who_trains_where_the_region_says_it_is_answered(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古外部督导员谁来培训", user="tg:act-2")
    assert reply.covered and cited(reply) == ("neimenggu2024", 36)


def test_the_act_is_the_clause_after_the_way_of_asking(chat_engine: Engine) -> None:
    terms = chat_engine.answerer.searcher.terms
    assert act_words(terms, "兵团的外部督导员由谁来培训", Slot.WHO) == ("培训",)
    assert act_words(terms, "内蒙古评价机构要不要建立内部质量督导员队伍", Slot.WHETHER) != ()
    assert act_words(terms, "兵团外部督导员归谁管", Slot.HOW_LONG) == ()  # only who and whether


def test_a_word_inside_a_body_name_is_not_said() -> None:
    assert not said_alone("培训", "对社会培训评价组织派遣外部督导人员")
    assert said_alone("培训", "社会培训评价组织应组织考评人员培训")
    assert said_alone("督导", "派遣外部督导人员")
    assert says_act("负责全区外部质量督导员培训及考核发证工作", ["培训"])
