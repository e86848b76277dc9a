"""A 工种 swapped after a scope answer, cross-area stories, application times and places told late.

- "那钳工二级呢" after "它能评电工二级不" asks the same agency about 钳工 at 二级: 绿洲机电 may
  evaluate 钳工 only to 三级, so "不可以". It used to answer 电工 again ("可以").
- "我们机构登记在石河子,第六师五家渠那边有家企业想请我们过去搞一场认定" is 兵团's 跨师市 rule
  (第二十三条, 书面同意 and 授权). It used to be read as the filing conditions and refused.
- "天津的评价机构到期想续备案,啥时候交申请合适": 天津's 规程 sets no time to apply; its
  "备案有效期为3年" says how long a filing lasts, not when to hand in a renewal.
- "补充下,公司注册在鄂尔多斯" after a question answered of no region asks it in 内蒙古, as
  "公司注册在鄂尔多斯" does; the lead-in used to make it a question of its own, and refused.
- "天津 评价机构被处理了不服 能找谁复核": 天津's only 复核 is 人社部's review of its list;
  objecting to a 处理决定 is what 兵团 and 内蒙古 rule on (陈述和申辩), so 天津 is silent.
- "那承接以后协会还能办相关的培训班不" after the conditions for 承接: 培训班 is none of 第七条's
  words, so the yes/no follow-up asks 第十五条's 工作纪律 (不得举办…相关的培训), not whether the
  conditions reach it.
SQLite and PostgreSQL where the registry answers (sample registry as of today).
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Intent, Role
from tests.replies import ask, cited, first_line, follow_up


def test_another_trade_after_a_scope_answer_is_asked_of_the_same_agency(sample_engine: Engine) -> None:
    user = "tg:trade-swap"
    ask(sample_engine, "绿洲机电现在还在有效期内吗?", user=user, role=Role.APPLICANT)
    ask(sample_engine, "它能评电工二级不", user=user, role=Role.APPLICANT)
    reply = ask(sample_engine, "那钳工二级呢?", user=user, role=Role.APPLICANT)
    assert reply.intent is Intent.STATUS
    assert first_line(reply).startswith("不可以")
    assert "钳工(五级/四级/三级)" in first_line(reply)
    level = ask(sample_engine, "那三级呢", user=user, role=Role.APPLICANT)
    assert first_line(level).startswith("可以")
    assert "钳工" in first_line(level)


def test_a_trade_alone_after_a_scope_answer(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "绿洲机电能评电工吗", "那焊工呢", user="tg:trade-alone", role=Role.APPLICANT)
    assert reply.intent is Intent.STATUS
    assert first_line(reply).startswith("不可以")
    assert "不含焊工" in first_line(reply)


def test_filed_in_one_division_and_evaluating_in_another(chat_engine: Engine) -> None:
    question = "我们机构登记在石河子,第六师五家渠那边有家企业想请我们过去搞一场认定,得先办啥手续?"
    reply = ask(chat_engine, question, user="tg:cross-area", role=Role.STAFF)
    assert cited(reply) == ("bingtuan2025", 23)
    assert "书面同意" in first_line(reply)


def test_one_place_named_twice_is_no_other_area(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "我们登记在第八师石河子,想在石河子开展认定要啥条件", user="tg:same-area", role=Role.STAFF)
    assert cited(reply) != ("bingtuan2025", 23)


def test_a_city_of_inner_mongolia_then_another(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "我们注册在包头,赤峰有个厂子请我们去做认定,要办啥", user="tg:cross-city", role=Role.STAFF)
    assert cited(reply) == ("neimenggu2024", 12)
    assert "站点备案" in first_line(reply)


def test_a_renewal_time_tianjin_does_not_set(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "天津的评价机构到期想续备案,啥时候交申请合适", user="tg:tj-renew-when")
    assert "没有规定" in first_line(reply)
    assert reply.covered is False
    swapped = ask(chat_engine, "包头的评价机构到期想续备案,啥时候交申请合适", user="tg:nm-renew-when")
    assert "有效期满3个月内" in first_line(swapped)
    assert "没有规定" in first_line(ask(chat_engine, "天津呢?", user="tg:nm-renew-when"))


def test_the_renewal_time_where_the_text_sets_one(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团续期啥时候交申请", user="tg:bt-renew-when")
    assert cited(reply) == ("bingtuan2025", 10)
    assert "有效期满3个月前" in first_line(reply)


def test_a_place_told_after_a_lead_in(chat_engine: Engine) -> None:
    first = "我们公司想申请当职业技能等级认定机构,备案结果一般啥时候对外公布?"
    reply = follow_up(chat_engine, first, "补充下,公司注册在鄂尔多斯", user="tg:lead-in-place", role=Role.APPLICANT)
    assert cited(reply) == ("neimenggu2024", 11)
    assert "每年4月和10月" in first_line(reply)


def test_objecting_to_a_sanction_where_the_text_rules_on_none(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "天津 评价机构被处理了不服 能找谁复核", user="tg:tj-object", role=Role.STAFF)
    assert "没有规定" in first_line(reply)
    assert reply.covered is False


def test_a_yes_no_follow_up_on_words_the_last_rule_lacks(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "行业协会想承接水平评价类职业资格认定,得满足啥条件?", "那承接以后协会还能办相关的培训班不", user="tg:whether-own-words")
    assert cited(reply) == ("mohrss2016", 15)
    assert "不得举办与职业资格认定相关的培训" in first_line(reply)


def test_printed_words_on_a_certificate_where_zhejiang_says_none(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "杭州有个协会自己搞的能力评价证书 上面印了国家两个字 这样行吗", user="tg:zj-print")
    assert first_line(reply).startswith("浙江") and "没有规定" in first_line(reply)
    assert "字样" in first_line(reply)
    assert reply.covered is False
    assert "证书不得使用" in reply.text


def test_a_comparison_with_a_place_no_text_covers(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "上海的职业资格目录和浙江一样吗?", user="tg:sh-compare")
    assert "不包括上海的规定" in first_line(reply)
    assert reply.covered is False
    story = ask(chat_engine, "我们公司注册在北京,想在兵团、内蒙或者天津申请当评价机构,哪个地方可以?", user="tg:bj-story")
    assert "不包括北京" not in first_line(story)
    assert story.covered is True


def test_a_comparison_of_where_to_apply_names_each_receiver(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "想申请等级认定机构,兵团和天津分别是向哪个部门递申请?", user="tg:where-apply")
    lines = reply.text.splitlines()
    tianjin = next(line for line in lines if line.startswith("天津:"))
    assert "向市鉴定中心提出备案申请" in tianjin
    bingtuan = next(line for line in lines if line.startswith("兵团:"))
    assert "登记地人力资源和社会保障部门" in bingtuan


def test_a_comparison_line_quotes_a_short_article_whole(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "机构对人社部门的处理决定有异议 兵团跟内蒙古分别咋规定的", user="tg:object-compare")
    inner = next(line for line in reply.text.splitlines() if line.startswith("内蒙古:"))
    assert "向上一级评价监管部门提出申诉" in inner
    assert "(《内蒙古自治区职业技能等级认定实施办法》第四十八条" in inner
