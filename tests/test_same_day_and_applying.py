"""A same-day rule answers "when", and applying to become an agency is its first filing.

- "兵团的督导评分表什么时候交": 兵团 第二十二条 says the sheet is handed in on the day the
  evaluation ends (评价活动结束当日). A day is when, so the text is not silent on it.
- "兵团申请评价机构要交啥材料": applying to be an agency is the first filing (首次备案), whose
  checklist is shown at once instead of a menu of every procedure; applying for its renewal
  is the renewal's.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Intent
from tests.replies import ask, cited, first_line, follow_up


@pytest.mark.parametrize("question", ["兵团的督导评分表什么时候交", "兵团外部督导的评分表啥时候交上去"])
def test_a_same_day_rule_answers_when(chat_engine: Engine, question: str) -> None:
    reply = ask(chat_engine, question, user=f"tg:sameday-{len(question)}")
    assert reply.covered
    assert cited(reply) == ("bingtuan2025", 22)
    assert "评价活动结束当日" in first_line(reply)


def test_a_region_without_the_sheet_is_still_silent(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古外部督导评分表什么时候交", user="tg:sameday-nm")
    assert not reply.covered
    assert first_line(reply).startswith("内蒙古:") and "没有规定" in first_line(reply)


@pytest.mark.parametrize(
    ("question", "procedure"),
    [("兵团申请评价机构要交啥材料", "首次备案"), ("兵团申请评价机构续期要交啥材料", "续期备案")],
)
def test_applying_to_be_an_agency_is_its_first_filing(chat_engine: Engine, question: str, procedure: str) -> None:
    reply = ask(chat_engine, question, user=f"tg:apply-{len(question)}")
    assert reply.intent is Intent.CHECKLIST
    assert f"兵团{procedure}" in first_line(reply)
    assert "请选择要办理的事项" not in reply.text


def test_materials_asked_after_the_conditions_are_the_first_filings(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "兵团申请评价机构要啥条件", "那要交啥材料", user="tg:apply-follow")
    assert reply.intent is Intent.CHECKLIST
    assert "兵团首次备案" in first_line(reply)
