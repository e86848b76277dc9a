"""Follow-ups that ask a little more, a regulator's "which runs out next", and "依据是哪条".

- "那天津呢 有固定时间吗" (a space, then one more thing asked) is the last question asked of
  天津: 天津 sets no schedule for publishing filings, said first. It used to read the whole
  message as one place name, fail, and quote 天津's article on when the 规程 took effect.
- "那兵团 提前多久" (a place set apart by a space, no 呢) is the renewal question asked of 兵团:
  有效期满3个月前. It used to say 兵团 sets no period.
- "那内蒙古呢 材料一样吗" asks nothing the last question did not: 内蒙古's filing checklist,
  not a silence about 一样.
- "内蒙那边电子证书咋说的" after 天津's 电子证书 rule: 内蒙古 is silent on what was asked (效力),
  said first, not its rule on keeping electronic files.
- "机构复核以后还不服咋办" asks what to do (咋办), not the period the conversation was about:
  上一级评价监管部门.
- "有效期已经过了" lists the expired filings; "那接下来最快到期的是哪家" after them is the list
  of those about to run out, soonest first (the expired list has none). After a list of every
  state, it picks the first row still to run out, not a terminated one.
- "依据是哪条" / "原文呢" after an answer shows the article it quoted first; asked first, it
  still explains /source.
- "…2025年备案以后一场都没组织过…多久不开展评价就取消备案" asks a rule, not a deadline from
  a year: no deadline menu.
- A story then a colloquial ask with a topic of its own ("…那场考试有人替考被举报了。要是查实了,
  我的证还算数吗?") is answered by the ask's rule (证书作废, 内蒙古 第四十四条), not the story's
  举报; an ask pointing back at the story ("这种情况…咋处理") is read with it.
- "2024年1月备案的 续期要提前多久申请" is answered by the rule first (有效期满3个月前); what the
  month leaves open follows. "…续期最晚哪天交" still asks for the day first.
SQLite and PostgreSQL with the sample registry (regulator lists).
"""

from __future__ import annotations

from bot.engine import Engine
from bot.list_pick import picked_row
from bot.messages import Intent, Role
from tests.replies import ask, cited, first_line, follow_up, said_silent_first


def test_a_place_then_one_more_thing_asked_is_the_last_question_there(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "内蒙备案结果一般几月份公布", "那天津呢 有固定时间吗", user="tg:again-space")
    assert said_silent_first(reply, "天津", "没有规定")
    assert not reply.covered
    assert ("tianjin2020", 26) not in [(c.doc_key, c.article) for c in reply.citations]


def test_a_place_set_apart_by_a_space_takes_what_is_asked_after_it(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "天津评价机构续期啥时候申请", "那兵团 提前多久", user="tg:again-lead-time")
    assert reply.covered
    assert "有效期满3个月前" in first_line(reply)
    assert cited(reply) == ("bingtuan2025", 10)


def test_asked_the_same_again_is_the_last_question_there(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "兵团申请备案要交哪些材料", "那内蒙古呢 材料一样吗", user="tg:again-same")
    assert first_line(reply).startswith("内蒙古首次备案")
    assert "没有规定" not in first_line(reply)


def test_a_short_question_elsewhere_is_silent_on_what_the_last_one_asked(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "天津发的电子证书跟纸质证书效力一样吗", "内蒙那边电子证书咋说的", user="tg:again-words")
    assert said_silent_first(reply, "内蒙古", "效力")
    assert not reply.covered
    assert any(c.jurisdiction == "tianjin" for c in reply.citations)  # the rule that exists, for reference


def test_what_to_do_is_asked_of_its_own_not_the_last_period(sample_engine: Engine) -> None:
    user = "tg:again-appeal"
    ask(sample_engine, "内蒙评价机构有异议几天内能申辩", user=user, role=Role.REGULATOR)
    reply = ask(sample_engine, "机构复核以后还不服咋办", user=user, role=Role.REGULATOR)
    assert "上一级评价监管部门" in first_line(reply)


def test_expired_in_other_words_lists_the_expired_filings(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "内蒙有没有有效期已经过了但状态还挂着有效的机构", user="tg:expired-words", role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY
    assert first_line(reply).startswith("已过期未续期的备案(范围:内蒙古)")


def test_next_to_run_out_after_the_expired_ones_lists_those_about_to(sample_engine: Engine) -> None:
    reply = follow_up(
        sample_engine, "内蒙有没有有效期已经过了但状态还挂着有效的机构", "那接下来最快到期的是哪家",
        user="tg:upcoming-after-expired", role=Role.REGULATOR,
    )
    assert reply.intent is Intent.REGISTRY
    assert "到期的备案(范围:内蒙古)" in first_line(reply)
    rows = reply.text.splitlines()[1:]
    first_row = next(line for line in rows if line.startswith("NM-"))
    assert "【临近到期】" in first_row and "已过期" not in reply.text


def test_next_to_run_out_picks_the_first_row_still_to_run_out() -> None:
    rows = [
        ("NM-2023-0003", "专项职业能力考核机构", "阿拉善盟", "自动终止", ""),
        ("NM-2023-0004", "行业组织", "自治区本级", "已过期未续期", "2026-08-03"),
        ("NM-2024-0008", "院校", "赤峰市", "临近到期", "2027-01-10"),
        ("NM-2023-0002", "社会培训评价组织", "巴彦淖尔市", "临近到期", "2026-12-31"),
    ]
    assert picked_row("那接下来最快到期的是哪家", rows) == "NM-2023-0002"
    # Which ran out first is still the list's own first (its order stands without every day).
    assert picked_row("最早过期的是哪家", rows) == "NM-2023-0003"
    assert picked_row("接下来最快到期的是哪家", rows[:2]) is None  # none still to run out


def test_the_basis_asked_after_a_status_is_the_article_of_its_state(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "众信评价咋被终止了", "依据是哪条", user="tg:basis", role=Role.REGULATOR)
    assert reply.intent is Intent.SOURCE
    assert first_line(reply).startswith("《天津市职业技能等级认定工作规程(试行)》第二十三条")
    assert "红黑榜" in reply.text


def test_the_original_asked_after_an_answer_is_its_article(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "天津备案有效期几年", "原文呢", user="tg:original")
    assert first_line(reply).startswith("《天津市职业技能等级认定工作规程(试行)》第十二条")


def test_the_basis_asked_first_still_explains_the_command(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "依据是哪条", user="tg:basis-first")
    assert first_line(reply).startswith("用法:/source")


def test_a_year_of_filing_with_a_rule_asked_is_no_deadline(sample_engine: Engine) -> None:
    question = "天津有家评价机构2025年备案以后到现在一场认定都没组织过,我们在考虑要不要把它清出去。规程里有没有说多久不开展评价就取消备案?"
    reply = ask(sample_engine, question, user="tg:year-rule", role=Role.REGULATOR)
    assert reply.intent is Intent.POLICY
    assert said_silent_first(reply, "天津", "没有规定")
    # A year with a time limit named still asks for the day.
    dated = ask(sample_engine, "我们2024年在兵团备案的 续期最晚啥时候交", user="tg:year-deadline")
    assert dated.intent is Intent.DEADLINE


def test_an_ask_with_its_own_colloquial_topic_is_answered_by_it(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "我在包头考的电工,听说那场考试有人替考被举报了。要是查实了,我的证还算数吗?", user="tg:story-own")
    assert cited(reply) == ("neimenggu2024", 44)
    assert "宣布证书作废" in first_line(reply)


def test_an_ask_pointing_back_at_the_story_is_read_with_it(sample_engine: Engine) -> None:
    question = "辖区一家评价机构备案两年了一次评价都没组织过,问他们也说不出原因。这种情况按兵团办法咋处理?"
    reply = ask(sample_engine, question, user="tg:story-points-back", role=Role.REGULATOR)
    assert cited(reply) == ("bingtuan2025", 19)
    assert "一年以上不开展评价工作" in first_line(reply)


def test_a_period_asked_with_a_month_is_answered_by_the_rule_first(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "我们2024年1月在兵团备案的 续期要提前多久申请", user="tg:month-period")
    lines = reply.text.splitlines()
    assert reply.intent is Intent.DEADLINE
    assert "有效期满3个月前" in lines[0]
    assert lines[1].startswith("只给了月份(2024年1月)")
    dated = ask(sample_engine, "我们2024年1月在兵团备案的 续期最晚哪天交", user="tg:month-day")
    assert first_line(dated).startswith("只给了月份(2024年1月)")


def test_lists_asked_in_everyday_words_are_lists(sample_engine: Engine) -> None:
    pulled = ask(sample_engine, "现在所有暂停状态的机构给我拉个单子", user="tg:list-words-1", role=Role.REGULATOR)
    assert pulled.intent is Intent.REGISTRY and first_line(pulled).startswith("暂停(核查中)的备案(范围:全部)")
    who = ask(sample_engine, "内蒙终止备案的都有谁", user="tg:list-words-2", role=Role.REGULATOR)
    assert who.intent is Intent.REGISTRY and "终止的备案(范围:内蒙古)" in first_line(who)


def test_a_list_asked_in_everyday_words_by_an_applicant_is_refused(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "顺便把内蒙现在被暂停的机构都发我一份呗 避个雷", user="tg:list-words-3", role=Role.APPLICANT)
    assert "仅向主管部门" in first_line(reply)
    assert "NM-" not in reply.text and "科尔沁" not in reply.text


def test_a_correction_then_a_place_asks_the_last_question_there(sample_engine: Engine) -> None:
    reply = follow_up(
        sample_engine, "兵团的评价机构每个工种考评员最少几个", "哦不对 我们单位在天津,天津那边呢", user="tg:again-correction"
    )
    assert said_silent_first(reply, "天津", "没有规定")
    assert not reply.covered


def test_a_supervisors_card_is_what_only_one_text_rules_on(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "天津的质量督导员证是谁发的?", user="tg:card-silent")
    assert said_silent_first(reply, "天津", "证卡")
    own = ask(sample_engine, "内蒙的督导员证谁发", user="tg:card-own")
    assert cited(own) == ("neimenggu2024", 36) and "证卡" in first_line(own)


def test_who_decides_in_the_end_is_the_deciding_step(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "天津评价机构备案流程是啥", "最后谁批?", user="tg:who-decides")
    assert first_line(reply).startswith("下一步:(三)备案。")
    assert "报人力资源社会保障部复核" in first_line(reply)
