"""The first step of a procedure, the step that decides, and a story told before its ask.

- "第一步干啥", "先找谁", "分几步" ask for the procedure: its article answers, every step.
- "谁拍板" after a procedure asks who decides: the first step whose text decides (统筹确定,
  遴选确定…), not merely the next one.
- "交完材料以后呢" names the act done with its object: what the article says after it.
- "我们是…事业单位" then "能申请当评价机构不": one question, split across two messages.
- A period counted as "结束当日" answers "多久": the text is not silent on it.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Role
from bot.next_step import next_item
from tests.replies import ask, cited, first_line, follow_up

_STEPS = (
    "第十一条 评价机构备案流程为:\n(一)备案申请\n申报单位提出备案申请。\n(二)评估\n组织专家进行评估。\n"
    "(三)审核公示\n遴选拟定备案单位,履行公示程序。\n(四)备案公布\n自治区评价监管部门统筹确定评价机构。"
)


def test_who_decides_is_the_step_that_decides() -> None:
    assert next_item(_STEPS, "", "", approver=True) == "(四)备案公布 自治区评价监管部门统筹确定评价机构。"
    assert next_item(_STEPS, "", "") is None  # no step reached and none quoted: nothing follows


@pytest.mark.parametrize(
    ("question", "article", "words"),
    [
        ("第六师一家企业想当等级认定机构 第一步干啥", ("bingtuan2025", 8), ("登记地人力资源和社会保障部门", "提交申请材料")),
        ("赤峰的公司想申请做评价机构,先找谁", ("neimenggu2024", 11), ("向相应评价监管部门提出备案申请",)),
        ("内蒙古评价机构备案一共分几步", ("neimenggu2024", 11), ("(一)备案申请", "(二)评估", "(三)审核公示", "(四)备案公布")),
    ],
)
def test_the_procedure_from_its_first_step(chat_engine: Engine, question: str, article: tuple[str, int], words: tuple[str, ...]) -> None:
    reply = ask(chat_engine, question, user="tg:first-step", role=Role.APPLICANT)
    assert cited(reply) == article
    assert all(word in first_line(reply) for word in words), first_line(reply)


def test_who_decides_after_a_procedure(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "天津申请当评价机构 流程咋走", "那谁拍板", user="tg:decider-1", role=Role.APPLICANT)
    assert cited(reply) == ("tianjin2020", 12)
    assert "遴选确定评价机构" in first_line(reply)


def test_the_act_done_with_its_object(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "第八师企业想申请当等级认定机构 流程咋走", "交完材料以后呢", user="tg:decider-2", role=Role.APPLICANT)
    assert cited(reply) == ("bingtuan2025", 8)
    lead = first_line(reply)
    assert lead.startswith("下一步:") and "现场查勘" in lead and "复核评估结果" in lead, lead


def test_a_story_then_its_ask(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "我们是赤峰市一家事业单位下属的培训中心,想搞等级认定", "能报吗", user="tg:story-1", role=Role.APPLICANT)
    assert "不能申报" in first_line(reply)


def test_a_question_then_a_short_ask_is_no_story(chat_engine: Engine) -> None:
    """The first message asked ("…要持证上岗马", 马 typed for 吗): the second leans on it as before."""
    reply = follow_up(chat_engine, "内蒙古考评员要持证上岗马", "考场上有人作弊 发的证咋办", user="tg:story-2")
    assert "证书作废" in first_line(reply)


def test_the_same_day_answers_how_long(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团外部督导的评分表多久要交给派出单位", user="tg:same-day", role=Role.REGULATOR)
    assert reply.covered and "评价活动结束当日" in first_line(reply)
