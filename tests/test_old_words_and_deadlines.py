"""Old words, short region names, and what a deadline or a keeping period must be said of.

- Users still say 鉴定站, 鉴定所, 复审 and 注销 for what the texts call 评价机构, 续期 and 自愿终止备案;
  "一场都没考" is 兵团's ground 一年以上不开展评价工作.
- "浙", "蒙" and "和津" name 浙江, 内蒙古 and 天津, as "津" alone already did.
- "最晚啥时候交" asks for a deadline: a period or a day ("当日"), not "决定前" and not another rule's
  figure. 天津 sets no renewal window, and 兵团 sets no time limit for a 复核; both say so first.
- "要保存多久" is answered by a period said of keeping the files: 兵团 第十六条's "评价结束1个月内…
  完成评价档案整理" is when they are put in order, not how long they are kept.
- "在哪能查到" after "啥时候公布" asks where, not when again.
- "能申请复核吗" asks about a decision, not whether the asker may become an agency; 天津's own
  复核 reviews a filing, and its text never says 处理决定, so it is silent on reviewing one.
- "机构不履行承诺的 怎么处理" names a ground: its item and its sanction lead.
- A region's text uses a compound only when its parts make up the whole word (信息 is not 信息库).
- "能申报评价机构不" asks whether; a 事业单位 is registered by the 机构编制部门 (天津 第十条).
- "只能批一家" asks a count, which 内蒙古 does not set.
- "哪些管理办法" names the 考务管理、质量管理 rule; 考官, 督查, 挂靠 and 年报 reach the texts' words.

The conversation lives in the database: SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Reply, Role, UserInput


def ask(engine: Engine, text: str, user: str = "tg:old-words", role: Role = Role.STAFF) -> Reply:
    return engine.handle(UserInput(user_id=user, text=text, role=role))


def first_line(reply: Reply) -> str:
    return reply.text.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "doc", "article", "facts"),
    [
        ("兵团鉴定站的备案一次管几年", "bingtuan2025", 10, ["3年"]),
        ("兵团鉴定站的资格快到期了,要提前多久去复审", "bingtuan2025", 10, ["有效期满3个月前"]),
        ("兵团有个鉴定所两年一场都没考,能取消它吗", "bingtuan2025", 19, ["一年以上不开展评价工作"]),
        ("兵团我们想把鉴定站注销了,手续怎么走", "bingtuan2025", 18, ["自愿终止备案"]),
    ],
)
def test_old_words_reach_the_rule_they_mean(
    chat_engine: Engine, question: str, doc: str, article: int, facts: list[str]
) -> None:
    reply = ask(chat_engine, question)
    assert reply.covered
    assert (reply.citations[0].doc_key, reply.citations[0].article) == (doc, article)
    assert all(fact in first_line(reply) for fact in facts), reply.text


def test_reviewing_a_filing_again_is_no_special_work_permit(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团鉴定站的资格快到期了,要提前多久去复审")
    assert "特种作业" not in reply.text


def test_a_one_character_region_is_that_region(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "浙 评价机构的考评人员要不要回避")
    assert not reply.covered
    assert first_line(reply).startswith("浙江:") and "没有规定" in first_line(reply)
    assert "内蒙古(供参考)" in reply.text  # the rule that says 回避制 is labelled as another region's


def test_two_regions_one_of_them_short(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团和津 评价机构不履行承诺的 分别怎么处理")
    assert reply.text.startswith("兵团:")
    assert "\n天津:" in reply.text and "退出评价机构目录" in reply.text


@pytest.mark.parametrize(
    ("question", "covered", "fact"),
    [
        # A keeping period is a period said of keeping.
        ("兵团评价档案要保管多长时间", False, "没有规定相应的期限"),
        ("天津评价档案要保管多长时间", True, "纸质资料保管不少于3年"),
        # A deadline is a period or a day.
        ("天津续期申请最晚什么时候交", False, "没有规定相应的期限"),
        ("兵团续期申请最晚什么时候交", True, "有效期满3个月前"),
        ("兵团外部督导员督导完,现场质量督导评分表最晚啥时候交", True, "评价活动结束当日"),
    ],
)
def test_a_figure_question_is_answered_by_the_figure_it_asks(
    chat_engine: Engine, question: str, covered: bool, fact: str
) -> None:
    reply = ask(chat_engine, question)
    assert reply.covered is covered
    assert fact in first_line(reply)


def test_a_review_has_no_time_limit_in_bingtuan(engine_on_each_database: Engine) -> None:
    first = ask(engine_on_each_database, "兵团对处理决定有异议 能申请复核吗")
    assert "逐项帮您核对" not in first.text  # asking for a review is not applying to be an agency
    assert first.citations[0].article == 25
    reply = ask(engine_on_each_database, "最迟哪天要提")
    assert not reply.covered
    assert first_line(reply).startswith("兵团:") and "没有规定" in first_line(reply)
    assert reply.citations[0].article == 25  # the rule it is about, not 第十九条's 7个工作日


def test_where_after_when_asks_where(engine_on_each_database: Engine) -> None:
    ask(engine_on_each_database, "内蒙备案结果啥时候公布")
    reply = ask(engine_on_each_database, "在哪能查")
    assert "技能人才评价工作网" in first_line(reply)


def test_keeping_period_asked_again_of_a_silent_region(engine_on_each_database: Engine) -> None:
    ask(engine_on_each_database, "天津评价资料要保存多久")
    reply = ask(engine_on_each_database, "兵团呢")
    assert not reply.covered
    assert "没有规定相应的期限" in first_line(reply)
    reply = ask(engine_on_each_database, "蒙呢")
    assert reply.covered and "电子材料保管不少于5年" in first_line(reply)


def test_organising_exams_in_another_district_of_tianjin(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "天津评价机构能不能跨区组织考试")
    assert not reply.covered
    assert first_line(reply).startswith("天津:") and "没有规定" in first_line(reply)
    assert "兵团(供参考)" in reply.text and "书面同意" in reply.text


def test_a_case_then_how_is_it_handled_asks_what_happens(chat_engine: Engine) -> None:
    """"机构不履行承诺的 怎么处理" names a ground: its item and its sanction lead, not the
    procedure's opening."""
    reply = ask(chat_engine, "兵团 机构不履行承诺的 怎么处理", role=Role.REGULATOR)
    assert reply.citations[0].article == 19
    assert "不履行工作承诺" in first_line(reply) and "取消其备案资质" in first_line(reply)



def test_a_compound_is_not_used_where_only_one_part_is(chat_engine: Engine) -> None:
    """天津's text says 信息 (信息服务平台) and 题库, never 信息库: it is silent on a 考评人员信息库."""
    reply = ask(chat_engine, "天津有没有要求建考评人员信息库,不让用库外的考评员")
    assert not reply.covered
    assert first_line(reply).startswith("天津:") and "信息库" in first_line(reply)
    assert "内蒙古(供参考)" in reply.text


def test_a_public_institution_asked_again_of_tianjin(engine_on_each_database: Engine) -> None:
    """"能申报评价机构不" asks whether. 天津's text never says whether a 事业单位 may apply; its
    第十条 registers agencies with the 机构编制部门 too, which is where a 事业单位 is registered.
    "那天津呢?" is answered as the question asked of 天津 directly: the silence first, then
    第十条 as 天津's related rule (it used to be quoted as the answer after a swap only)."""
    first = ask(engine_on_each_database, "我们是个事业单位 在内蒙能申报评价机构不", role=Role.APPLICANT)
    assert first_line(first).startswith("不可以")
    reply = ask(engine_on_each_database, "那天津呢?", role=Role.APPLICANT)
    assert reply.citations[0].doc_key == "tianjin2020" and reply.citations[0].article == 10
    assert first_line(reply).startswith("天津:") and not reply.covered
    assert "机构编制部门" in reply.text.splitlines()[1]


def test_a_believed_limit_asked_again_of_a_region_without_one(engine_on_each_database: Engine) -> None:
    """"只能批一家" asks a count: 兵团 sets 不超过1家 per 师市 and 职业, 内蒙古 sets no such limit."""
    first = ask(engine_on_each_database, "听说兵团一个师市同一个职业只能批一家评价机构,是真的吗", role=Role.APPLICANT)
    assert "不超过1家" in first_line(first)
    reply = ask(engine_on_each_database, "内蒙有这个限制没", role=Role.APPLICANT)
    assert not reply.covered
    assert first_line(reply).startswith("内蒙古:") and "没有规定" in first_line(reply)


def test_a_review_of_a_decision_is_not_tianjins_review_of_a_filing(chat_engine: Engine) -> None:
    """天津's 复核 is the ministry reviewing a filing (第十二条); it sets no review of a 处理决定,
    a term its text never uses."""
    reply = ask(chat_engine, "天津人社对我们下了处理决定,不服的话能申请复核吗")
    assert not reply.covered
    assert first_line(reply).startswith("天津:") and "没有规定" in first_line(reply)
    assert "兵团(供参考)" in reply.text


def test_the_rules_an_agency_draws_up_itself(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古的评价机构得自己定哪些管理办法")
    assert reply.citations[0].article == 22
    assert "考务管理、质量管理" in first_line(reply)


@pytest.mark.parametrize(
    ("question", "article", "fact"),
    [
        ("兵团发现有机构搞挂靠 咋处理", 19, "租借备案资质"),
        ("内蒙的考官得有啥要求", 25, "考评人员"),
        ("兵团对督查中表现好的机构有啥奖励", 24, "予以激励"),
        ("承接认定的行业组织的年报交给谁", 17, "年度计划和工作总结"),
    ],
)
def test_everyday_names_reach_the_texts_words(chat_engine: Engine, question: str, article: int, fact: str) -> None:
    reply = ask(chat_engine, question, role=Role.REGULATOR)
    assert reply.citations[0].article == article
    assert fact in first_line(reply)


def test_the_plan_before_an_evaluation_is_tianjins_plan(chat_engine: Engine) -> None:
    """"要先做个啥方案" asks for 天津's 认定计划 (第十七条), 兵团's 考务方案: not a silence."""
    reply = ask(chat_engine, "天津组织一次认定前要先做个啥方案")
    assert reply.covered and reply.citations[0].article == 17
    assert "认定计划" in first_line(reply)


def test_adding_a_trade_after_a_bad_record_is_its_restriction(engine_on_each_database: Engine) -> None:
    """"加工种" is 兵团's 增量备案: after a bad credit record, the restriction on it (第二十四条(二)2)."""
    ask(engine_on_each_database, "兵团 我们机构有了不良信用记录 以后会有啥影响")
    reply = ask(engine_on_each_database, "那还能申请加工种不")
    assert reply.citations[0].article == 24
    assert "限制增量备案" in first_line(reply)


@pytest.mark.parametrize(
    ("question", "doc", "article"),
    [
        ("承接职业资格认定的行业组织违规了部里会咋处理", "mohrss2016", 19),
        ("行业组织的工作人员违反纪律会怎么处理", "mohrss2016", 20),
        ("兵团评价机构违规了会怎么处理", "bingtuan2025", 19),
    ],
)
def test_a_sanction_falls_on_the_party_asked_about(chat_engine: Engine, question: str, doc: str, article: int) -> None:
    """Both 人社部 第十九条 (the 行业组织) and 第二十条 (its staff) state sanctions; 兵团 第二十六条
    handles staff and candidates, 第十九条 the agency: the party asked about picks the article."""
    reply = ask(chat_engine, question, role=Role.REGULATOR)
    assert (reply.citations[0].doc_key, reply.citations[0].article) == (doc, article)
