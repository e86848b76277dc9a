"""What follows a step the user has done, and another case of the rule just quoted.

- "公示完了呢" after 内蒙古's filing procedure: the step (三)审核公示 goes on after the
  公示 ("公示无异议后,报自治区评价监管部门"), so that comes first, then (四)备案公布. A step
  that says nothing after the act done ("评完了呢") is followed by the next step alone.
- "核实完以后呢" after a sanction told in sentences (兵团 第十九条(二)): the sentences after the
  one naming the act, read from the part quoted.
- "专项考核机构也一样吗" after 兵团's rule for 等级认定机构 asks the same of the case the
  article names (第八条(三)), not a comparison of regions.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Role
from bot.next_step import next_item
from tests.replies import cited, first_line, follow_up

_STEPS = (
    "第十一条 评价机构备案流程为:\n(一)备案申请\n申报单位提出备案申请。\n(二)评估\n组织专家进行评估。\n"
    "(三)审核公示\n遴选拟定备案单位,履行公示程序。公示无异议后,报自治区评价监管部门。\n(四)备案公布\n备案结果公布。"
)


def test_the_rest_of_a_step_after_the_act_done_comes_first() -> None:
    following = next_item(_STEPS, "", "公示")
    assert following is not None
    assert following.startswith("公示无异议后,报自治区评价监管部门。") and "(四)备案公布" in following


def test_a_step_saying_nothing_after_the_act_gives_the_next_step() -> None:
    assert next_item(_STEPS, "", "评估") == "(三)审核公示 遴选拟定备案单位,履行公示程序。公示无异议后,报自治区评价监管部门。"
    assert next_item(_STEPS, "", "公布") is None  # the last step, nothing after 公布


def test_after_the_publicity_the_report_to_the_region(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "包头想备案成评价机构 要走哪些流程", "公示结束以后呢", user="tg:steps-1")
    assert cited(reply) == ("neimenggu2024", 11)
    assert "报自治区评价监管部门" in first_line(reply) and "技能人才评价工作网公布" in first_line(reply)


def test_another_case_of_the_rule_just_quoted(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "石河子 想做等级认定机构 申请交给哪个部门", "那专项考核机构也一样吗", user="tg:steps-2")
    assert cited(reply) == ("bingtuan2025", 8)
    assert "专项考核机构" in first_line(reply) and "参照等级认定机构备案流程" in first_line(reply)


def test_after_the_check_of_a_sanction_told_in_sentences(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "兵团评价机构超备案范围开展评价 会怎么处理", "核实完以后呢", user="tg:steps-3", role=Role.REGULATOR)
    assert cited(reply) == ("bingtuan2025", 19)
    assert "暂停评价报名" in first_line(reply) and "公示7个工作日" in first_line(reply)
