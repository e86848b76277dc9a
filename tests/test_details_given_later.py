"""Details a user gives after the question, and another party asked of in a chain.

- "我们是公办的职业培训学校,属于事业单位,能申报职业技能等级评价机构不?" names no region; the
  guided check asks for one. "机构注册在鄂尔多斯" answers it (a sentence naming one place of
  one region), and the 事业单位 already told settles it: 内蒙古 第十条, 不能申报. The typed
  sentence used to be refused ("请从按钮中选择地区"), and the type told first was asked again.
- "那要是机构自己违规呢" after "考生作弊被查出来,证书会咋处理" asks the agency's sanctions
  (内蒙古 第四十五条, 约谈主要负责人), not the candidates' again.
- "评价机构变更名称要交哪些材料?" then "我们在包头": 内蒙古's checklist for that change. The
  place used to be asked for again, and the change named was asked again after it.
- "鄂尔多斯 申报评价机构 要走几步" leads with 内蒙古 第十一条 (评价机构备案流程为:), which
  ranked third, close behind the 禁止性规定.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Role
from tests.replies import ask, cited, first_line, follow_up


def test_a_registration_place_answers_the_region_step(chat_engine: Engine) -> None:
    first = "我们是公办的职业培训学校,属于事业单位,能申报职业技能等级评价机构不?"
    asked = ask(chat_engine, first, user="tg:later-place", role=Role.APPLICANT)
    assert any(button.label == "内蒙古" for row in asked.buttons for button in row)
    reply = ask(chat_engine, "机构注册在鄂尔多斯", user="tg:later-place", role=Role.APPLICANT)
    assert first_line(reply).startswith("结论:不符合条件")
    assert "不能申报" in first_line(reply)
    assert cited(reply) == ("neimenggu2024", 10)


def test_another_partys_misconduct_is_its_own_question(chat_engine: Engine) -> None:
    ask(chat_engine, "内蒙古的职业技能等级证书编号按什么规则来?", user="tg:later-party")
    reply = follow_up(chat_engine, "考生作弊被查出来,证书会咋处理", "那要是机构自己违规呢", user="tg:later-party")
    assert cited(reply) == ("neimenggu2024", 45)
    assert "约谈主要负责人" in first_line(reply)


def test_the_same_partys_case_still_leans_on_the_last_question(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "内蒙古考生作弊被查出来,证书会咋处理", "那要是替考呢", user="tg:later-same")
    assert cited(reply) == ("neimenggu2024", 44)


def test_the_steps_of_filing_lead_a_how_many_steps_question(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "鄂尔多斯 申报评价机构 要走几步", user="tg:later-steps")
    assert cited(reply) == ("neimenggu2024", 11)
    assert "评价监管部门对申报材料进行初审" in reply.text.split("(依据")[0]


def test_a_place_told_after_a_checklist_question_shows_that_checklist(chat_engine: Engine) -> None:
    asked = ask(chat_engine, "评价机构变更名称要交哪些材料?", user="tg:later-checklist")
    assert "请选择办理地区" in asked.text
    reply = ask(chat_engine, "我们在包头", user="tg:later-checklist")
    assert first_line(reply).startswith("内蒙古变更重要信息")
    assert "提出书面申请" in first_line(reply)
