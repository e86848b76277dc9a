"""What a question asked again of another region is searched by, and duties after termination.

- The analog of the last answer in the new region is searched by the clauses of its lead that
  hold the question's words: asked "以前的文件跟它对不上的咋算", 兵团 第二十八条's "原有文件中与本办法
  不一致的", not its 施行 clause too. A lead none or all of whose clauses hold them is searched whole.
- "等终止完了,是不是就跟我们没关系了" is 兵团 第二十条: 终止备案的评价机构…应当继续承担…维护职责.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.known_articles import asked_part
from config import Settings
from retrieval.search import open_searcher
from tests.replies import cited, first_line, follow_up

LEAD = "本办法自2025年9月1日起施行,原有文件中与本办法不一致的,以本办法为准。"


def test_the_analog_is_searched_by_the_clauses_the_question_asks(indexed_settings: Settings) -> None:
    searcher = open_searcher(indexed_settings)
    assert asked_part(searcher, "内蒙古以前的文件跟它对不上的咋算", LEAD) == "原有文件中与本办法不一致的"
    assert asked_part(searcher, "内蒙古的从哪天起施行", LEAD) == "本办法自2025年9月1日起施行"
    assert asked_part(searcher, "内蒙古考评员要几个", LEAD) == LEAD


def test_after_termination_the_duties_that_remain(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "兵团评价机构想主动终止备案,第一步要干啥", "等终止完了,是不是就跟我们没关系了", user="tg:after-end")
    assert cited(reply) == ("bingtuan2025", 20)
    assert "维护职责" in first_line(reply)
