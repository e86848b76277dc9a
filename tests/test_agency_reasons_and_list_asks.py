"""Follow-ups about an agency, and regulators' lists asked in everyday words.

- "那天山机电呢,它备案到啥时候" after 天山电气 asks about 天山机电, the agency it names: it used to
  answer 天山电气's expiry again, because 它 pointed back.
- "咋回事,因为啥停的" after a suspended agency's status leads with the registry's 原因; asked of a
  live filing it says there is no suspension. It used to quote a policy article.
- "我就是他们那的,续期申请现在交还来得及不": what it asks is the last clause, the agency's own
  renewal window. A rule told why ("说是考评人员不够 按规定每个工种至少得几个考评员") is still
  the region's rule.
- "帮我拉一下现在处于暂停状态的评价机构", "有效期已经过了的机构有哪些,先看兵团" are list
  questions (regulators only); "其中哪些是被责令终止的" narrows the last list, however the rest
  reads. Each listed row shows the short name users call it by ("「林海职校」").
SQLite and PostgreSQL with the sample registry as of today.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Intent, Role
from tests.replies import ask, first_line, follow_up


def test_another_agency_named_with_a_pronoun_is_asked_about_itself(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "天山电气能评电工一级吗", "那天山机电呢,它备案到啥时候", user="tg:why-other", role=Role.APPLICANT)
    assert first_line(reply).startswith("示例石河子天山机电技能评价有限公司:")
    assert "天山电气" not in first_line(reply)


def test_why_it_stopped_leads_with_the_registrys_reason(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "二连安检评价站现在是啥状态", "咋回事,因为啥停的", user="tg:why-stopped", role=Role.REGULATOR)
    assert reply.intent is Intent.STATUS
    assert "暂停" in first_line(reply)
    assert "原因:题库不符合要求" in first_line(reply)


def test_why_of_a_live_filing_says_nothing_stopped_it(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "绿洲机电为啥", user="tg:why-live", role=Role.APPLICANT)
    assert first_line(reply).endswith("没有暂停或终止。")


def test_a_renewal_asked_after_a_clause_that_only_tells_is_the_agencys(sample_engine: Engine) -> None:
    reply = follow_up(
        sample_engine, "巴彦淖尔的河套评价,备案到哪天?", "我就是他们那的,续期申请现在交还来得及不", user="tg:why-renew"
    )
    assert reply.intent is Intent.STATUS
    assert first_line(reply).startswith("示例巴彦淖尔河套技能人才评价中心有限公司:")
    assert "续期备案应在有效期满3个月内申请" in first_line(reply)


def test_a_rule_told_why_after_a_status_is_the_regions_rule(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "伊河建设现在啥状态", "说是考评人员不够 按规定每个工种至少得几个考评员", user="tg:why-rule")
    assert reply.intent is Intent.POLICY
    assert "不少于3人" in first_line(reply)


def test_a_list_pulled_in_everyday_words_is_a_regulators_list(sample_engine: Engine) -> None:
    asked = "帮我拉一下现在处于暂停状态的评价机构"
    listed = ask(sample_engine, asked, user="tg:list-pull", role=Role.REGULATOR)
    assert listed.intent is Intent.REGISTRY
    assert "伊河建设" in listed.text
    refused = ask(sample_engine, asked, user="tg:list-pull-applicant", role=Role.APPLICANT)
    assert not refused.covered
    assert "伊河建设" not in refused.text


def test_the_expired_ones_asked_of_a_region_after_a_comma(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "有效期已经过了的机构有哪些,先看兵团", user="tg:list-expired", role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY
    assert "已过期" in first_line(reply)
    assert "(范围:兵团)" in first_line(reply)


def test_which_of_them_narrows_the_last_list(sample_engine: Engine) -> None:
    reply = follow_up(
        sample_engine, "兵团已经终止备案的机构给我列一下", "其中哪些是被责令终止的", user="tg:list-within", role=Role.REGULATOR
    )
    assert "铁门关" in first_line(reply)
    assert "胡杨河" not in reply.text


def test_a_listed_row_shows_its_short_name(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "内蒙古有效期已经过了的机构有哪些", user="tg:list-short", role=Role.REGULATOR)
    assert "示例呼伦贝尔林海职业技术学校「林海职校」(内蒙古·呼伦贝尔市·院校)" in reply.text


def test_a_region_within_the_last_list_is_that_list_there(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "快到期的机构有哪些", "里面有天津的吗", user="tg:list-within-region", role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY
    assert "(范围:天津)" in first_line(reply)


def test_every_filing_of_a_region_listed_in_everyday_words(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团的机构都列一下", user="tg:list-all", role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY
    assert first_line(reply).startswith("登记册统计(范围:兵团)")


def test_why_they_stopped_after_a_list_gives_each_reason(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "内蒙古暂停的有哪几家", "它们都是因为啥", user="tg:list-why", role=Role.REGULATOR)
    assert first_line(reply).startswith("原因(名录记录):")
    assert "题库不符合要求" in first_line(reply)
