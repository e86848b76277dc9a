"""Questions the texts do not answer, though their words match articles well.

What an occupation's exam tests ("锅炉操作工四级理论都考些啥"), what a person brings to register for an
exam, and the rate of a supervisor's allowance are outside the evaluation-agency texts: the
reply says so (not covered), naming the topic, instead of quoting an article on levels, an
agency's checklist menu or the supervisors' training. A rule the texts do hold stays answered
(追回相应补贴资金 after misconduct; an agency's filing materials).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Role
from tests.replies import ask, first_line


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("赤峰 锅炉操作工四级理论都考些啥", "考试内容"),
        ("中式面点师的实操考什么", "考试内容"),
        ("天津个人报名参加等级认定得准备什么", "个人报名所需材料"),
        ("包头监考一场的补贴怎么算", "补贴"),
    ],
)
def test_outside_the_texts_is_said(chat_engine: Engine, question: str, topic: str) -> None:
    reply = ask(chat_engine, question, user="tg:outside", role=Role.APPLICANT)
    assert not reply.covered
    assert first_line(reply).startswith("现有政策文本没有回答这个问题") and topic in first_line(reply)


def test_subsidies_clawed_back_after_misconduct_are_a_rule(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团违规发的证 补贴资金要追回吗", user="tg:outside-2", role=Role.REGULATOR)
    assert reply.covered and "追回相应补贴资金" in reply.text


def test_an_agencys_filing_materials_are_a_checklist(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古评价机构备案要交哪些材料", user="tg:outside-3", role=Role.STAFF)
    assert "现有政策文本没有回答" not in reply.text and reply.buttons
