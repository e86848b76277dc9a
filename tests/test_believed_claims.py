"""Questions that check something the user half-remembers, and the articles that answer them.

- A believed figure asks for that figure: "四级认定费多少?我印象是200块左右" asks an amount of
  money, "是不是得先干满8年才能报名" a number of years. No text sets either, so the reply says the texts
  are silent instead of quoting the article on 职业技能等级 that shares the level's words.
- A question before a hearsay cue is the question ("…有啥实际好处没?听说就是发个表扬信而已"): the hearsay
  is what the user doubts.
- What is asked picks the article, not the words around it: which sanctions (约谈、限期整改、终止备案),
  not who handles the matter; the conditions an 行业组织 must meet, not the definition of the term
  the question uses; the steps after a 公示, not the 异议 of a sanction.

The engine answers with its shared index; no registry is involved.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Reply, Role, UserInput


def ask(engine: Engine, text: str) -> Reply:
    return engine.handle(UserInput(user_id="tg:believed", text=text, role=Role.STAFF))


@pytest.mark.parametrize(
    ("question", "lacking"),
    [
        # An amount of money: the region's text is said to set none (not "数量标准", a count).
        ("天津考育婴员四级认定费多少?我印象是200块左右,对吗", "没有规定相应的金额"),
        ("考技师是不是得先干满8年才能报名,对吧", "没有规定相应的期限"),
    ],
)
def test_a_believed_figure_no_text_sets_is_not_answered(chat_engine: Engine, question: str, lacking: str) -> None:
    reply = ask(chat_engine, question)
    lead = reply.text.splitlines()[0]
    assert not reply.covered
    assert lacking in lead and "五个级别" not in lead


def test_a_believed_period_a_text_sets_is_answered_with_its_figure(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团备案能管五年吧")
    assert reply.covered and "有效期为3年" in reply.text.splitlines()[0]


def test_the_question_before_a_hearsay_cue_is_what_is_asked(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团督导被评优秀的机构有啥实际好处没?听说就是发个表扬信而已")
    assert reply.covered
    assert reply.citations[0].doc_key == "bingtuan2025" and reply.citations[0].article == 24
    assert "激励" in reply.text.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "doc", "article", "lead"),
    [
        # Which sanctions: 内蒙古 第四十五条, not 第四十三条 (who handles a breach).
        ("内蒙对违规的评价机构都有哪些处理方式", "neimenggu2024", 45, "约谈主要负责人"),
        # The conditions (人社部 第七条), not the definition of 水平评价类职业资格具体认定工作 (第四条).
        ("我们是个全国性学会。听说可以承接专业技术人员水平评价类职业资格的具体认定,得够哪些条件?", "mohrss2016", 7, "应当符合下列条件"),
        # After the 公示: 内蒙古 第十一条's steps, not the 异议 to a sanction (第四十八条).
        ("内蒙盟市这边把机构遴选完公示了也没异议,是不是就能直接给它备案", "neimenggu2024", 11, "公示无异议"),
        # A 师's own bureau is 兵团's: 兵团 第三条 (兵团人力资源和社会保障局 统筹管理特级技师…).
        ("我们单位想评首席技师,是不是找师里的人社局?", "bingtuan2025", 3, "首席技师"),
        # A region-level agency going to one of the region's cities: 内蒙古 第十二条 站点备案.
        ("我们是自治区级评价机构,想到赤峰给一家企业做认定,要办啥", "neimenggu2024", 12, "站点备案"),
        # A sole trader is no legal person: 天津 第十条 独立法人资格.
        ("个体户在天津能申请当评价机构不", "tianjin2020", 10, "独立法人资格"),
    ],
)
def test_what_is_asked_picks_the_article(
    chat_engine: Engine, question: str, doc: str, article: int, lead: str
) -> None:
    reply = ask(chat_engine, question)
    assert reply.covered
    assert (reply.citations[0].doc_key, reply.citations[0].article) == (doc, article)
    assert lead in reply.text.splitlines()[0]
