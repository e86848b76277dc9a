"""A fee asked: no text sets an amount, but 内蒙古 and 天津 say where it is set.

"内蒙考电工证要多少钱" is still refused first (no amount anywhere), then quotes 内蒙古 第二十二条:
each agency sets its 收费标准 and publishes it. A fee asked after a 天津 question ("要钱不")
quotes 天津's rule; asked of 兵团, whose text says nothing of fees, the refusal stands alone.
Every quote beside a refusal (bot/scope.yaml `related`) is verbatim in its article. A fee
told in a story ("…培训费都谈好了。跨师市开展评价要办啥手续?") is background to an ask with words
of its own: it used to refuse the whole message; a story with an ask of no words of its own
("…电工证丢了。怎么办?") is still refused by the story's topic.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.scope import _out_of_scope
from corpus import cached_corpus
from tests.replies import ask, first_line, follow_up


def test_a_fee_asked_of_a_region_quotes_where_its_fees_are_set(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "内蒙考电工证要多少钱", user="tg:fee-nm")
    assert not reply.covered
    assert first_line(reply).startswith("现有政策文本没有回答这个问题") and first_line(reply).endswith("相关规定:")
    assert reply.text.splitlines()[1].startswith("内蒙古:评价机构须制定") and "收费标准" in reply.text.splitlines()[1]
    assert [(c.doc_key, c.article) for c in reply.citations] == [("neimenggu2024", 22)]


def test_a_fee_asked_after_a_question_keeps_its_region(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "天津考职业技能等级证,是评价机构自己发证吗", "要钱不", user="tg:fee-tj")
    assert [(c.doc_key, c.article) for c in reply.citations] == [("tianjin2020", 16)]
    assert "向社会公示" in reply.text.splitlines()[1]


def test_a_fee_asked_of_a_region_silent_on_fees_is_refused_alone(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团考电工证多少钱", user="tg:fee-bt")
    assert not reply.covered and not reply.citations
    assert "相关规定" not in reply.text


def test_every_quote_beside_a_refusal_is_verbatim() -> None:
    corpus = cached_corpus()
    related = [r for entry in _out_of_scope() for r in entry.related]
    assert related
    for rule in related:
        assert rule.quote in corpus.document(rule.doc_key).article(rule.article).text, rule


def test_a_fee_told_in_the_story_is_no_fee_asked(sample_engine: Engine) -> None:
    question = "我们是石河子登记的评价机构,阿拉尔有家企业请我们去做认定,培训费都谈好了。跨师市开展评价要办啥手续?"
    reply = ask(sample_engine, question, user="tg:fee-story")
    assert reply.covered and "现有政策文本没有回答" not in reply.text


def test_an_ask_of_no_words_of_its_own_is_refused_by_its_story(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "我在包头考的电工证丢了。怎么办?", user="tg:lost-story")
    assert not reply.covered and "证书补办" in first_line(reply)
