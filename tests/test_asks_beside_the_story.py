"""What a message asks, told apart from what it tells on the way.

- An agency pointed at in a question about something else ("给我发证那家机构已经被终止了 证书
  信息有错 还能找他们改吗") is the example of a rule (兵团 第二十条), not a name to look up;
  pointed at with nothing before it ("这家机构被暂停了吗"), the user is asked which agency.
- When something may be done can be an event, not a date ("在…证书数据成功上传…后,提交缩减
  信息材料"): a text saying so is not silent on when.
- Going from one's own 师市 to another's city to hold exams is 跨师市 (兵团 第二十三条).
- "有效期还没到" tells the story; "咋操作" is what is asked (内蒙古 第十四条).
- "都是啥原因" after a regulator's list gives the reasons the registry records, first.

Conversations run on SQLite and PostgreSQL (`sample_engine`).
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Intent, Role
from bot.registry import ASK_AGENCY
from tests.replies import ask, cited, first_line

# ------------------------------------------------------------ an agency as the example


def test_an_agency_described_in_a_question_about_certificates_is_no_lookup(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "五家渠给我发证那家机构已经被终止了 证书信息有错 还能找他们改吗", user="tg:beside-1", role=Role.APPLICANT)
    assert reply.intent is Intent.POLICY
    assert cited(reply) == ("bingtuan2025", 20)
    assert "复核、更正" in first_line(reply)


def test_an_agency_pointed_at_with_none_before_is_asked_for(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "这家机构被暂停了吗", user="tg:beside-2", role=Role.APPLICANT)
    assert reply.intent is Intent.STATUS
    assert reply.text == ASK_AGENCY  # not "没有找到名称为“这家机构被暂停了吗”的评价机构"


def test_an_agency_pointed_at_after_a_lookup_is_still_that_agency(sample_engine: Engine) -> None:
    ask(sample_engine, "北方重工还有效吗", user="tg:beside-3", role=Role.APPLICANT)
    reply = ask(sample_engine, "这家机构被暂停了吗", user="tg:beside-3", role=Role.APPLICANT)
    assert reply.intent is Intent.STATUS and "北方重工" in reply.text


# ------------------------------------------------------------ when, as an event


def test_when_a_step_may_be_taken_after_an_event_is_answered(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "阿拉尔 想砍掉几个工种缩小评价范围 什么时候可以交材料", user="tg:beside-4")
    assert reply.covered and cited(reply) == ("bingtuan2025", 18)
    assert "证书数据成功上传技能人才评价工作网后" in first_line(reply)
    assert "没有规定" not in reply.text


def test_an_event_earns_no_sentence_a_place_in_the_lead_of_its_own(sample_engine: Engine) -> None:
    """The event fits the slot, but the lead is chosen as before: both sentences of the
    answer, not the one with 后 alone."""
    user = "tg:beside-5"
    ask(sample_engine, "天津想申请做评价机构 先找谁", user=user, role=Role.APPLICANT)
    reply = ask(sample_engine, "公示完了还要报哪 啥时候算备案完成", user=user, role=Role.APPLICANT)
    assert cited(reply) == ("tianjin2020", 12)
    assert "人力资源社会保障部复核" in first_line(reply) and "备案回函" in first_line(reply)


# ------------------------------------------------------------ where, and what is asked


def test_holding_exams_in_another_divisions_city_is_cross_division(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "我们是石河子的机构 想去五家渠那边组织考试 要走什么手续", user="tg:beside-6")
    assert cited(reply) == ("bingtuan2025", 23)
    assert "登记地人力资源和社会保障部门书面同意" in first_line(reply)


def test_a_term_told_as_the_story_is_not_what_is_asked(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "包头 备案有效期还没到 想换一下认定的工种等级 咋操作", user="tg:beside-7")
    assert cited(reply) == ("neimenggu2024", 14)
    assert "提出书面申请并提交相关材料" in first_line(reply)
    control = ask(sample_engine, "兵团评价机构备案有效期是几年", user="tg:beside-8")
    assert cited(control) == ("bingtuan2025", 10) and "3年" in first_line(control)


# ------------------------------------------------------------ reasons of a list


def test_reasons_after_a_regulators_list_come_first(sample_engine: Engine) -> None:
    user = "tg:beside-9"
    listed = ask(sample_engine, "内蒙古现在有哪些机构处于暂停状态", user=user, role=Role.REGULATOR)
    assert listed.intent is Intent.REGISTRY and "题库不符合要求" in listed.text
    reply = ask(sample_engine, "都是啥原因", user=user, role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY
    line = first_line(reply)
    assert line.startswith("原因(名录记录):") and "题库不符合要求" in line
    assert line.count(";") + 1 == listed.text.count("\nNM-")  # one reason per row listed


def test_reasons_are_not_shown_to_anyone_else(sample_engine: Engine) -> None:
    user = "tg:beside-10"
    ask(sample_engine, "内蒙古现在有哪些机构处于暂停状态", user=user, role=Role.APPLICANT)
    reply = ask(sample_engine, "都是啥原因", user=user, role=Role.APPLICANT)
    assert "题库不符合要求" not in reply.text and "NM-" not in reply.text


# ------------------------------------------------------------ a day told, a rule broken


def test_a_month_told_after_when_results_are_published_gets_the_next_batch(sample_engine: Engine) -> None:
    """Every day of November gives one next batch (April), so the month alone is answered."""
    user = "tg:beside-11"
    ask(sample_engine, "内蒙古评价机构备案结果一般啥时候公布", user=user, role=Role.APPLICANT)
    reply = ask(sample_engine, "我们11月份才交的材料", user=user, role=Role.APPLICANT)
    assert reply.intent is Intent.DEADLINE
    assert "2027年4月1日至2027年4月30日" in first_line(reply)
    assert "这个月哪一天结果都一样" in reply.text.splitlines()[1]


def test_a_month_whose_days_differ_still_asks_for_the_day(sample_engine: Engine) -> None:
    user = "tg:beside-12"
    ask(sample_engine, "兵团评价机构续期最晚啥时候交", user=user)
    reply = ask(sample_engine, "我们2027年3月到期", user=user)
    assert first_line(reply).startswith("只给了月份(2027年3月)")
    assert "2026年12月1日" in first_line(reply) and "2026年12月31日" in first_line(reply)


def test_not_doing_as_required_is_breaking_the_rules(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "行业组织承接水平评价类职业资格认定,要是不按要求干,人社部会咋处理", user="tg:beside-13")
    assert cited(reply) == ("mohrss2016", 19)
    assert "责令其整改" in first_line(reply)


def test_exams_outside_the_place_of_registration_are_each_regions_own_rule(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "机构想到登记地以外的地方组织考试,兵团和内蒙古分别要办啥?", user="tg:beside-14")
    lines = reply.text.splitlines()
    assert lines[0].startswith("兵团:") and "书面同意" in lines[0]
    assert lines[1].startswith("内蒙古:") and "站点备案" in lines[1]


# ------------------------------------------------------------ what is asked of an agency


def test_an_occupation_asked_of_a_suspended_agency_is_a_no_with_its_state(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "听说可克达拉伊河建设那个评价机构被暂停了 我现在还能在那报名考砌筑工吗", user="tg:beside-15", role=Role.APPLICANT)
    line = first_line(reply)
    assert line.startswith("不可以:") and "砌筑工" in line and "暂停" in line


def test_still_able_to_hold_exams_is_its_state_not_an_occupation(sample_engine: Engine) -> None:
    """No 工种 is named: 试吗, 了不 and 认定 are no occupations to look for in its scope."""
    for i, question in enumerate(("北方重工还能考试吗", "北方重工还能认定了不", "北方重工还能开展认定吗")):
        line = first_line(ask(sample_engine, question, user=f"tg:beside-16-{i}", role=Role.APPLICANT))
        assert "不含" not in line and "有效" in line, question
    scope = first_line(ask(sample_engine, "北方重工还能评哪些工种", user="tg:beside-17", role=Role.APPLICANT))
    assert "评价范围" in scope and "焊工" in scope


def test_reasons_after_a_list_of_terminations_come_first(sample_engine: Engine) -> None:
    user = "tg:beside-18"
    listed = ask(sample_engine, "今年终止的机构有哪些", user=user, role=Role.REGULATOR)
    assert listed.intent is Intent.REGISTRY and "终止" in first_line(listed)
    line = first_line(ask(sample_engine, "为啥被终止", user=user, role=Role.REGULATOR))
    assert line.startswith("原因(名录记录):") and "续期" in line
