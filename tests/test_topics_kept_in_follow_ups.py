"""Follow-ups that keep their topic, questions of their own after a region swap, and the
ministry's 承接 text read by what a question asks of it.

- "多久内要报" after 内蒙古's 信息变更 asks when a change must be reported: 第十三条 says 及时
  and sets no period, so 内蒙古 is said to be silent, with 第十三条 quoted. It used to lead with
  第三十条's 档案 periods (纸质材料保管不少于3年), another rule's figure; no other region's 档案
  period stands as a reference either.
- "鄂尔多斯那边呢 到期想续的话啥时候交申请" after how long a 兵团 filing lasts asks 内蒙古's
  renewal time (有效期满3个月内) on its own. It used to be glued to the last question ("…管几年,
  到期想续的话…") and said 内蒙古 sets no time.
- "那天津呢 有固定时间吗" names no topic of its own, and "那兵团呢 我们在第八师 有没有保存年限的要求"
  asks yes or no (most often the last question again, in other words): each is still the last
  question, asked of the new region, which sets no time.
- "那初级工下面还能加一档吗" after 内蒙古's 特级技师 rule is 第二十条's 学徒工 sentence, not its
  opening list of the five levels.
- "承接水平评价类职业资格认定的行业组织 在信息公开和查询这块要做啥": every article of the
  ministry's 承接 text says its subject, so the question is read by its other words (第十六条,
  网络信息平台); it used to lead with 第六条's principles. So is 天津's 规程 with its
  "职业技能等级认定": "我们公司在武清,想申请做职业技能等级认定的评价机构,材料往哪交啊" is 第十二条
  (向市鉴定中心提出备案申请), not 第八条's five levels; "水平评价类…的具体认定一般用什么方式来评"
  has too few words of its own to drop its subject, and stays 第四条.
- "天津的评价机构 备案到期前几个月要交续期申请?" asks how long before expiry: "到期前几个月"
  asks, as "提前几个月" does ("前几个月我们交了材料" tells). 天津 sets no time, and says so; the
  question used to be read as asking nothing in particular and quoted 第十二条 as an answer.
- "到期了还能接着备案吗" after 天津's 有效期 is 第二十三条's 连续备案 (for agencies rated 红色), the
  one rule saying it; 兵团 asked the same is its 续期备案. "还能再备案吗" (another filing) is not.
- "内蒙古那边对考评员咋要求的" asks what is required, as "有啥要求" does: 第二十五条 (持证上岗), not
  第三十五条's 培训要求 of the 考评人员 the supervisors keep on file.
- "我们是社会培训评价组织呢 也能这么设吗" after what levels an employer evaluating its own staff
  may set asks whether the same holds for the asker: still 第二十条, whose last sentence says
  社会培训评价组织 keep to five levels. It used to be read as a new question about 社会培训评价组织.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Role
from tests.replies import ask, cited, first_line, follow_up, said_silent_first


def test_a_time_asked_after_a_change_procedure_keeps_its_topic(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "内蒙古信息变更要交啥材料", "多久内要报", user="tg:change-when")
    assert said_silent_first(reply, "内蒙古", "期限")
    assert not reply.covered
    assert "需及时向相应的评价监管部门提出书面申请" in reply.text
    assert "保管不少于3年" not in reply.text  # no 档案 period, neither 内蒙古's nor another region's


def test_a_question_of_its_own_after_a_region_swap(chat_engine: Engine) -> None:
    reply = follow_up(
        chat_engine, "兵团评价机构备案管几年", "鄂尔多斯那边呢 到期想续的话啥时候交申请", user="tg:own-after-swap",
    )
    assert reply.covered
    assert "有效期满3个月内" in first_line(reply)
    assert cited(reply) == ("neimenggu2024", 15)


def test_a_swap_naming_no_topic_asks_the_last_question_again(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "内蒙备案结果一般几月份公布", "那天津呢 有固定时间吗", user="tg:swap-no-topic")
    assert said_silent_first(reply, "天津", "时间")
    assert not reply.covered


def test_a_level_below_the_lowest_is_the_apprentice_sentence(chat_engine: Engine) -> None:
    reply = follow_up(
        chat_engine, "内蒙古 我们企业自己评 能在高级技师上面再设特级技师不", "那初级工下面还能加一档吗",
        user="tg:below-lowest", role=Role.STAFF,
    )
    assert cited(reply) == ("neimenggu2024", 20)
    assert "在初级工之下补设学徒工" in first_line(reply)


def test_the_ministry_text_is_read_by_what_is_asked_of_it(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "承接水平评价类职业资格认定的行业组织 在信息公开和查询这块要做啥", user="tg:text-subject")
    assert cited(reply) == ("mohrss2016", 16)
    assert "网络信息平台" in first_line(reply)


def test_a_certificate_question_keeps_the_subject_it_names(chat_engine: Engine) -> None:
    # Without 认定 the phrase names the certificate asked about, not the whole text: kept.
    reply = ask(chat_engine, "行业协会发的水平评价类证书,出了本省还认不认?", user="tg:text-subject-cert")
    assert reply.covered
    assert "全国范围内有效" in reply.text


def test_a_region_text_is_read_by_what_is_asked_of_it(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "我们公司在武清,想申请做职业技能等级认定的评价机构,材料往哪交啊", user="tg:tj-subject", role=Role.APPLICANT)
    assert cited(reply) == ("tianjin2020", 12)
    assert "向市鉴定中心提出备案申请" in first_line(reply)


def test_a_question_of_little_more_than_the_subject_keeps_it(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "水平评价类职业资格的具体认定一般用什么方式来评?", user="tg:subject-kept")
    assert reply.covered
    assert cited(reply) == ("mohrss2016", 4)


def test_months_before_expiry_asks_a_time(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "天津的评价机构 备案到期前几个月要交续期申请?", user="tg:months-before")
    assert said_silent_first(reply, "天津", "期限")
    assert not reply.covered
    bingtuan = ask(chat_engine, "兵团 有效期满前几个月交续期申请", user="tg:months-before-bt")
    assert "有效期满3个月前" in first_line(bingtuan)


def test_filing_again_after_expiry_is_the_rule_that_says_so(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "天津的评价机构备案一次管几年", "到期了还能接着备案吗", user="tg:file-again")
    assert cited(reply) == ("tianjin2020", 23)
    assert "可申请连续备案" in first_line(reply)
    bingtuan = ask(chat_engine, "兵团 到期了还能接着备案吗", user="tg:file-again-bt")
    assert cited(bingtuan) == ("bingtuan2025", 10)
    another = ask(chat_engine, "我们是第八师一家培训公司,想申请电工的社会培训评价组织备案,师里已经有一家了,我们还能再备案吗?", user="tg:file-another")
    assert "同一职业不超过1家评价机构" in first_line(another)



def test_how_it_is_required_asks_the_requirements(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "天津 考评员 有啥要求", "内蒙古那边对考评员咋要求的", user="tg:how-required")
    assert cited(reply) == ("neimenggu2024", 25)
    assert "持证上岗" in first_line(reply)


def test_whether_the_same_holds_for_the_asker(chat_engine: Engine) -> None:
    reply = follow_up(
        chat_engine, "内蒙古企业自己搞自主评价 能设几个等级", "我们是社会培训评价组织呢 也能这么设吗", user="tg:same-for-us",
    )
    assert cited(reply) == ("neimenggu2024", 20)
    assert "社会培训评价组织一般按五个技能等级开展评价" in first_line(reply)


def test_a_yes_no_ask_after_a_swap_is_the_last_question_there(chat_engine: Engine) -> None:
    reply = follow_up(
        chat_engine, "内蒙 评价档案要存几年啊 纸质跟电子分别多久", "那兵团呢 我们在第八师 有没有保存年限的要求", user="tg:swap-yes-no",
    )
    assert first_line(reply).startswith("兵团:") and "没有规定" in first_line(reply)
    assert not reply.covered
