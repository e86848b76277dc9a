"""What follows inside one sentence of a procedure, what an agency owes once it has left, and
an agency's scope asked by level.

- "报名已经停了 然后呢" after 兵团's 自愿终止备案 (第十八条(五): "应提前停止评价报名工作,待所有评价
  证书数据成功上传…之后,再提交自愿终止备案申请") is the rest of that sentence, as the next step.
  It used to repeat the whole item.
- "退了以后我们还有啥责任没" is 兵团 第二十条's 维护职责; 兵团 was said to be silent on it.
- "它最高评到几级" lists the agency's scope; it used to read "到几级" as a 工种 it lacks. "一级呢
  能不能顺带评了" is "不可以" (no 工种 it filed goes to 一级), with 兵团's rule and the ground
  for 责令终止 that evaluating beyond the filing is. "能评三级钳工吗" is asked of 钳工.
SQLite and PostgreSQL with the sample registry.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Intent, Role
from tests.replies import ask, cited, first_line

USER = "tg:next-and-scope"


def test_a_step_done_inside_a_sentence_is_followed_by_the_rest_of_it(sample_engine: Engine) -> None:
    user = f"{USER}:quit"
    ask(sample_engine, "我们不想干了 兵团这边咋退出", user=user)
    reply = ask(sample_engine, "报名已经停了 然后呢", user=user)
    assert first_line(reply).startswith("下一步:待所有评价证书数据成功上传")
    assert "再提交自愿终止备案申请" in first_line(reply)
    assert "应提前停止评价报名工作" not in first_line(reply)
    assert cited(reply) == ("bingtuan2025", 18)


def test_what_an_agency_owes_after_leaving_is_its_upkeep_of_certificates(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团评价机构退了以后还有啥责任没", user=f"{USER}:owes")
    assert reply.covered
    assert cited(reply) == ("bingtuan2025", 20)
    assert "维护职责" in first_line(reply)


def test_the_highest_level_asked_lists_the_scope(sample_engine: Engine) -> None:
    user = f"{USER}:levels"
    ask(sample_engine, "绿洲机电还能评电工不", user=user)
    reply = ask(sample_engine, "它最高评到几级", user=user)
    assert reply.intent is Intent.STATUS
    assert "评价范围:电工(五级/四级/三级/二级)" in first_line(reply)
    assert "不可以" not in first_line(reply) and "到几级" not in first_line(reply)


def test_a_level_no_filed_trade_reaches_is_refused_with_the_rule(sample_engine: Engine) -> None:
    user = f"{USER}:level-one"
    ask(sample_engine, "绿洲机电还能评电工不", user=user)
    ask(sample_engine, "它最高评到几级", user=user)
    reply = ask(sample_engine, "一级呢 能不能顺带评了", user=user)
    line = first_line(reply)
    assert line.startswith("不可以:") and "不含高级技师/一级" in line
    assert "第十二条" in line and "超备案职业(工种)、等级开展评价工作的" in line


def test_a_level_said_before_the_trade_is_no_part_of_its_name(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "绿洲机电能评三级钳工吗", user=f"{USER}:three", role=Role.APPLICANT)
    assert first_line(reply).startswith("可以:") and "可以评价钳工的高级工/三级" in first_line(reply)


def test_a_trade_said_short_is_the_filed_trade(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "红山技校能考汽修三级吗", user=f"{USER}:short-trade", role=Role.APPLICANT)
    assert first_line(reply).startswith("可以:") and "可以评价汽车维修工的高级工/三级" in first_line(reply)
    other = ask(sample_engine, "绿洲机电能评电焊工吗", user=f"{USER}:other-trade", role=Role.APPLICANT)
    assert first_line(other).startswith("不可以:") and "不含电焊工" in first_line(other)


def test_stopping_asked_after_another_procedure_is_its_own_procedure(sample_engine: Engine) -> None:
    user = f"{USER}:stop-after-change"
    ask(sample_engine, "内蒙的评价机构有效期内能加认定工种吗", user=user)
    reply = ask(sample_engine, "那我们不想干了 主动终止咋办", user=user)
    assert cited(reply) == ("neimenggu2024", 17)
    assert "自愿终止认定工作" in first_line(reply)
