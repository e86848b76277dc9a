"""Questions naming no region, on the ministry's texts, and their follow-ups.

- The passage carrying the asked word leads: "协会自己搞的能力评价证书能印国徽吗" is answered by the
  ministry's 2017 notice (证书不得使用…国徽标志), not by 浙江's 转发 part, which ranks first on the
  other words but never says 国徽.
- A follow-up in a conversation with no region still leans on the last question: "国徽呢" after
  the question on what such a certificate may print.

The conversation lives in the database: SQLite and PostgreSQL.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Reply, Role, UserInput


def ask(engine: Engine, text: str, user: str = "tg:national") -> Reply:
    return engine.handle(UserInput(user_id=user, text=text, role=Role.APPLICANT))


def test_the_passage_with_the_asked_word_leads(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "协会自己搞的能力评价证书能印国徽吗")
    lead = reply.text.splitlines()[0]
    assert lead.startswith("不可以") and "国徽标志" in lead
    assert reply.citations[0].doc_key == "mohrss2017"


def test_a_follow_up_without_a_region_leans_on_the_last_question(engine_on_each_database: Engine) -> None:
    # Alone, "国徽呢" carries too little to be answered; after the question on what such a
    # certificate may print, it is the ministry's 2017 notice, whose passage says 国徽标志.
    ask(engine_on_each_database, "协会自己搞的能力评价证书 能印职业资格几个字吗")
    reply = ask(engine_on_each_database, "国徽呢")
    assert reply.covered
    assert reply.citations[0].doc_key == "mohrss2017" and "国徽标志" in reply.citations[0].text
