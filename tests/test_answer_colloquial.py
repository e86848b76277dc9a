"""Colloquial questions: connective words, places outside the texts, and which close hit leads.

Users write "停了之后还要干啥" and "直接去就行?". Such connectives are rare in the texts, so
an unmatched one used to outweigh every topic word a passage matched, and the region's own
answering article was judged silent.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Reply, UserInput
from retrieval.terms import FILLER


def ask(engine: Engine, text: str, user: str = "tg:colloquial") -> Reply:
    return engine.handle(UserInput(user_id=user, text=text))


def test_connective_adverbs_are_not_topic_words() -> None:
    assert {"直接", "之后", "以后"} <= FILLER
    assert "终止" not in FILLER and "备案" not in FILLER


def test_a_connective_word_does_not_make_the_regions_text_look_silent(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古的机构不干了,停了之后还要干啥")
    assert reply.covered
    assert "没有规定" not in reply.text.splitlines()[0]
    assert {(c.doc_key, c.article) for c in reply.citations} & {("neimenggu2024", 17), ("neimenggu2024", 18)}


def test_a_place_outside_the_texts_is_refused_before_any_dialogue(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "上海的评价机构申请备案要带什么材料", user="tg:colloquial-sh")
    assert not reply.covered
    assert "上海" in reply.text.splitlines()[0]
    assert not reply.buttons  # no "请选择办理地区" for a place no text covers


def test_a_place_outside_the_texts_beside_a_covered_region_is_still_a_question(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "广东的机构能到兵团来备案吗", user="tg:colloquial-gd")
    assert "兵团" in reply.text
    assert "不包括广东" not in reply.text
