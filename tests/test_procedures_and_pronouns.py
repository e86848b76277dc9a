"""Procedures set out article by article, what a pronoun after a lookup carries, and
colloquial words the texts say otherwise.

- A procedure chapter that gives one step per article (人社部 2016 第三章 工作程序) is answered
  with the next step too ("申请流程是啥": 第九条 申请, 随后 第十条 综合评估), and "谁批" after 第九条
  is 第十条; an article listing its own steps (兵团 第八条) is quoted alone. Asked whether a step ends
  it ("公示了没异议,是不是就能直接给它备案了"), the step is answered with the next one.
- A regulator's list of filings about to expire keeps its state in the texts' words, so
  "它们咋处理" is 续期 (内蒙古 第十五条), not 异议's 处理决定; a scope reply carries no state,
  so "那它想加电工咋办" is 变更认定职业 (内蒙古 第十四条).
- A share asked (比例) is of something the figure's sentence names too: 兵团's 试卷 调整比例
  (10%) does not answer "监考和考生按啥比例配".
- A comparison's line per region breaks a near tie towards the article carrying every word
  of the question (兵团 第二十三条 书面同意 for "到登记地以外的地方组织考试").
- A 工种 or level outside an agency's filed scope is "不可以" with its region's rule quoted, when its
  text has one (兵团 第十二条; corpus/rules/scope.yaml).
- Colloquial words: 加电工 (a 工种 to add), 夹带 at the exam (违纪违规), 一年多没组织认定
  (不开展评价工作), 纪检 (纪律监督), 纪律要求 (工作纪律), 目录外头 (the ministry's list), 改考试时间
  (评价时间、场地需变更, which only 兵团 rules), 停了之后还要干啥 (后续工作).

Conversations run on SQLite and PostgreSQL (`sample_engine`).
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Intent, Role
from bot.shapes import bare_unit_words
from bot.slots import Slot
from retrieval.expansion import expansions
from tests.replies import ask, cited, first_line, said_silent_first

# ------------------------------------------------------------ procedures


def test_a_procedure_set_out_article_by_article_gives_the_next_step(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "全国性协会想承接水平评价认定 申请流程是啥 找谁申请")
    assert cited(reply) == ("mohrss2016", 9)
    assert ("mohrss2016", 10) in [(c.doc_key, c.article) for c in reply.citations]
    line = first_line(reply)
    assert "提出承接职业资格具体认定工作的申请" in line and "综合评估" in line


def test_an_article_listing_its_steps_is_quoted_alone(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团评价机构备案流程是啥")
    assert cited(reply) == ("bingtuan2025", 8)
    basis = next(line for line in reply.text.splitlines() if line.startswith("(依据:"))
    assert "第八条" in basis and "第九条" not in basis


def test_who_approves_after_the_application_is_the_next_article(sample_engine: Engine) -> None:
    ask(sample_engine, "行业组织想承接水平评价类职业资格认定 向谁申请")
    reply = ask(sample_engine, "谁批")
    assert cited(reply) == ("mohrss2016", 10)
    assert first_line(reply).startswith("下一步:") and "会同国务院相关部门" in first_line(reply)


# ------------------------------------------------------------ after a lookup


def test_what_is_done_with_filings_about_to_expire_is_renewal(sample_engine: Engine) -> None:
    listed = ask(sample_engine, "内蒙古哪些机构快到期了", role=Role.REGULATOR)
    assert listed.intent is Intent.REGISTRY
    reply = ask(sample_engine, "它们咋处理", role=Role.REGULATOR)
    assert cited(reply) == ("neimenggu2024", 15)
    assert "续期备案申请" in first_line(reply)


def test_adding_a_trade_after_its_scope_is_changing_what_it_may_evaluate(sample_engine: Engine) -> None:
    ask(sample_engine, "包头的北方重工备案了哪些工种")
    reply = ask(sample_engine, "那它想加电工咋办")
    assert cited(reply) == ("neimenggu2024", 14)
    assert "不得变更认定职业" in first_line(reply)


# ------------------------------------------------------------ words the texts say otherwise


def test_a_trade_named_after_add_is_one_to_add() -> None:
    assert "增量备案" in expansions("兵团想加个钳工 咋弄").get("加个钳工", ())


def test_two_more_trades_where_the_text_sets_nothing_is_silence(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "天津想再加两个工种来评,要咋弄")
    assert not reply.covered
    assert said_silent_first(reply, "天津", "增量备案")


def test_caught_with_notes_at_the_exam_is_misconduct(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "呼和浩特 考场上有人夹带被抓了 那他拿的证还算数不")
    assert cited(reply) == ("neimenggu2024", 44)
    assert "宣布证书作废" in first_line(reply)


def test_never_holding_an_evaluation_where_the_text_is_silent(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "天津 有的机构备案以后一年多都没组织认定 会被取消吗")
    assert not reply.covered
    assert said_silent_first(reply, "天津", "不开展评价工作")
    assert "兵团(供参考)" in reply.text and "一年以上不开展评价工作" in reply.text


def test_a_discipline_body_is_the_texts_oversight_condition(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "承接认定的行业组织 必须得有纪检监察那种部门吗")
    assert cited(reply) == ("mohrss2016", 7)
    assert "负责纪律监督的机构或监察人员" in first_line(reply)


def test_the_rules_staff_keep_are_the_work_discipline(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "我们协会在承接水平评价类职业资格的具体认定工作 人社部文件对工作人员有啥纪律要求")
    assert cited(reply) == ("mohrss2016", 15)


def test_outside_the_list_is_the_ministrys_rule_after_a_regional_question(sample_engine: Engine) -> None:
    ask(sample_engine, "兵团的职业资格评价机构能评哪些职业", role=Role.APPLICANT)
    reply = ask(sample_engine, "那国家目录外头的职业资格现在还能认定吗", role=Role.APPLICANT)
    assert cited(reply)[0] == "mohrss2017"
    assert "目录之外一律不得许可和认定职业资格" in first_line(reply)


# ------------------------------------------------------------ a share of something


def test_a_ratio_of_staff_to_candidates_is_not_a_papers_adjustment(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团监考和考生得按啥比例配")
    assert not reply.covered
    assert said_silent_first(reply, "兵团", "比例")
    assert "10%" not in first_line(reply)


def test_a_ratio_of_the_paper_is_still_the_papers_rule(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团试卷内容调整比例有上限吗")
    assert cited(reply) == ("bingtuan2025", 13)
    assert "10%" in first_line(reply)


def test_a_head_count_names_what_it_counts() -> None:
    assert bare_unit_words("兵团监考和考生得按啥比例配", Slot.HOW_MANY) == "比例"
    assert bare_unit_words("内蒙专项督导,督导组最少得几个质量督导员", Slot.HOW_MANY) == ""


# ------------------------------------------------------------ comparisons


def test_a_comparison_line_is_the_article_carrying_every_word_in_a_near_tie(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "机构想到登记地以外的地方组织考试,兵团和内蒙古分别要办啥?")
    bingtuan = next(line for line in reply.text.splitlines() if line.startswith("兵团:"))
    assert "书面同意" in bingtuan and "第二十三条" in bingtuan


# ------------------------------------------------------------ the ministry's text named


def test_the_ministrys_text_named_is_silent_where_a_region_rules(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "行业组织承接认定的那个办法里 被处理之前能陈述申辩吗")
    assert not reply.covered
    assert said_silent_first(reply, "全国", "申辩") and "没有规定" in first_line(reply)
    assert "内蒙古(供参考)" in reply.text


def test_the_ministrys_text_named_still_answers_what_it_says(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "水平评价类职业资格认定办法里说的行业组织,具体指哪些单位?")
    assert cited(reply) == ("mohrss2016", 3)


# ------------------------------------------------------------ outside the filed scope


def test_a_level_outside_the_filed_scope_says_the_rule(sample_engine: Engine) -> None:
    user = "tg:scope-rule"
    ask(sample_engine, "金穗农机还有效吗", user=user, role=Role.APPLICANT)
    ask(sample_engine, "它能评焊工吗", user=user, role=Role.APPLICANT)
    line = first_line(ask(sample_engine, "焊工三级呢", user=user, role=Role.APPLICANT))
    assert line.startswith("不可以:") and "不含高级工/三级" in line
    assert "第十二条" in line and "备案的职业(工种)/考核项目范围内" in line


def test_a_region_without_such_a_rule_says_none(sample_engine: Engine) -> None:
    line = first_line(ask(sample_engine, "包头的北方重工能评电工吗", role=Role.APPLICANT))
    assert line.startswith("不可以:") and "依据" not in line


def test_moving_an_exam_where_only_another_region_rules_it(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "内蒙这边改考试时间和场地要不要提前跟人社报告?找哪一级?")
    assert not reply.covered
    assert said_silent_first(reply, "内蒙古", "评价时间")
    assert "兵团(供参考)" in reply.text


def test_moving_an_exam_in_the_region_that_rules_it(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团考试时间要改 得跟谁报告")
    assert cited(reply) == ("bingtuan2025", 14)
    assert "评价时间、场地需变更" in first_line(reply)


def test_whether_a_step_ends_the_procedure_gives_the_next_step(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "内蒙盟市这边把机构遴选完公示了没异议,是不是就能直接给它备案了?")
    assert cited(reply) == ("neimenggu2024", 11)
    line = first_line(reply)
    assert "公示无异议后" in line and "下一步:(四)备案公布" in line and "赋码" in line


def test_what_remains_after_stopping_is_the_follow_up_work(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "内蒙这边我们不想再做认定了,怎么停?停了之后还要干啥")
    quoted = [(c.doc_key, c.article) for c in reply.citations]
    assert ("neimenggu2024", 17) in quoted and ("neimenggu2024", 18) in quoted
    assert "资料存档" in reply.text and "书面申请" in reply.text
