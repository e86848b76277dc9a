"""A procedure's short step is said whole; a long one keeps its first sentence.

内蒙古 第十一条's step (三)审核公示 is two short sentences: "各地评价监管部门遴选拟定备案单位,
履行公示程序。公示无异议后,报自治区评价监管部门。" The second is where the step leads (to the
自治区), and a reply that stops after the first leaves the applicant's question "从申请到公布"
with a gap. Step (四) is one long sentence and a second on how often results are published:
it still keeps its first sentence only, so the lead stays a list of steps.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import ask, cited, first_line


def test_a_short_step_keeps_its_second_sentence(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙申报评价机构 从申请到公布是啥流程", user="tg:short-step")
    assert cited(reply) == ("neimenggu2024", 11)
    lead = first_line(reply)
    assert "履行公示程序" in lead and "公示无异议后,报自治区评价监管部门" in lead


def test_a_long_step_keeps_its_first_sentence_only(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙申报评价机构 从申请到公布是啥流程", user="tg:long-step")
    lead = first_line(reply)
    assert "备案结果通过技能人才评价工作网公布" in lead
    assert "分别于每年4月和10月" not in lead
