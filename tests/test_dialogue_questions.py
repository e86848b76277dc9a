"""What a user types while a guided dialogue waits for a choice.

The eligibility check offers itself under a policy answer and waits for the kind of
organisation. A question typed then ("申请往哪递") continues the conversation instead of being
re-asked as a bad choice; part of one choice's label chooses it; "不知道有没有" is an answer the
user does not know, re-asked, not a new question. The dialogue's step lives in the database:
SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Reply, Role, UserInput

OFFER = "我们是一个全国性的学会,想承接人社部和相关部委搞的专业技术人员水平评价类职业资格认定,但我们底下没有分支机构,这种情况还能承接吗?"


def ask(engine: Engine, text: str, user: str) -> Reply:
    return engine.handle(UserInput(user_id=user, text=text, role=Role.APPLICANT))


@pytest.fixture
def waiting(engine_on_each_database: Engine) -> Engine:
    """An engine whose user `tg:waiting` has the eligibility check waiting for the kind of organisation."""
    first = ask(engine_on_each_database, OFFER, "tg:waiting")
    assert "逐项帮您核对条件" in first.text and "贵组织属于哪一类" in first.text
    return engine_on_each_database


def test_a_question_typed_while_a_dialogue_waits_is_answered(waiting: Engine) -> None:
    reply = ask(waiting, "申请往哪递", "tg:waiting")
    assert "不在选项中" not in reply.text
    # The question after the 承接 answer: 人社部 第九条.
    assert "提出承接职业资格具体认定工作的申请" in reply.text.splitlines()[0]


def test_part_of_one_label_chooses_it(waiting: Engine) -> None:
    reply = ask(waiting, "全国性行业协会、学会", "tg:waiting")
    assert "不在选项中" not in reply.text
    assert "审核确认" in reply.text  # the next question of the check


def test_not_knowing_is_asked_again_with_the_labels(waiting: Engine) -> None:
    reply = ask(waiting, "不知道有没有", "tg:waiting")
    assert "不在选项中" in reply.text and "贵组织属于哪一类" in reply.text
    # The choices are shown by their Chinese labels first.
    assert "可选:经国务院社会团体登记管理机关批准的全国性行业协会、学会" in reply.text
