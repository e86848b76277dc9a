"""What-ifs about the last agency, places inside a region, and IME slips.

- After a lookup, "它要是过期了没续咋办" or "那它以前发的证还有人管不" asks what its region's rules
  say happens, though it names a part of a filing (过期): 兵团 第十九条(一)1 and 第二十条, read
  with the agency's state (已终止备案). "那它续期要准备啥" is its region's checklist. A question
  naming no agency ("那评上红榜的有啥好处") is not read with its state.
- "那它退出目录以后还要负责吗" asks its region's rule too; "它负责人是谁" asks for a person, and the
  registry's 联系人 and 联系电话 are no public field: the reply says so.
- The status card gives each other filing with why it ended ("它之前那条是为啥终止的").
- A city beside its region's name is a place inside it: asked again of 天津, "内蒙自治区级的…想去
  包头设点" becomes "天津市级的…想去外区设点", and 天津's text is silent on 站点备案. A city alone
  stands for its region, and names no 盟市 / 师市 ("五家渠 我们一年多没组织考了").
- Silence names every law word a colloquial phrase stands for that another text uses (兼 →
  兼任), though another phrase of the question stands for a word the text does use (外督's
  外部督导人员 beside 派出单位: not silent).
- IME slips (挡案, 考平员, 平价机构) are fixed before the question is read; 第八师 is a place, not a
  topic; "多少考生" asks a count of people; "考核合格以后" is when, not what; "备案找哪个部门" is
  answered by a body, not by what the agencies themselves do.
- A follow-up with words of its own is led by the article holding them all ("那一年公布几次" after
  有效期: 内蒙古 第十一条), though it leans on the last question; a story told before the ask still
  decides the ask's article.

Conversations live in the database: SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Intent
from bot.region_swap import swap_region
from corpus.models import Jurisdiction
from tests.replies import ask, cited, first_line

# ------------------------------------------------------------ the last agency, as an example


@pytest.mark.parametrize(
    ("status", "follow_up", "doc", "article", "fact"),
    [
        # 新星职校 expired without renewing: 兵团 第十九条(一)1, 自动终止备案.
        ("新星职校的备案到哪天", "它要是过期了没续咋办", "bingtuan2025", 19, "未书面提出续期备案申请"),
        # 铁门关评价 is terminated: the certificates it issued are still its to maintain.
        ("铁门关评价还能报养老护理员吗", "那它以前发的证还有人管不", "bingtuan2025", 20, "维护职责"),
        # 静海评价 left the 目录: it still answers for what it did (天津 第二十四条).
        ("静海评价怎么被终止了", "那它退出目录以后还要负责吗", "tianjin2020", 24, "后续处理工作"),
        # "他们" is the agency just looked up (察哈尔评价, 自愿终止): 内蒙古 第十八条's 后续工作.
        ("察哈尔评价是不是不干了", "他们终止以后还得干啥", "neimenggu2024", 18, "资料存档"),
    ],
)
def test_a_what_if_about_it_is_its_regions_rule(
    sample_engine: Engine, status: str, follow_up: str, doc: str, article: int, fact: str
) -> None:
    assert ask(sample_engine, status).intent is Intent.STATUS
    reply = ask(sample_engine, follow_up)
    assert reply.intent is Intent.POLICY
    assert cited(reply) == (doc, article)
    assert fact in first_line(reply), reply.text


def test_what_to_prepare_for_its_renewal_is_its_regions_checklist(sample_engine: Engine) -> None:
    ask(sample_engine, "河套评价啥时候到期")
    reply = ask(sample_engine, "那它续期要准备啥 还赶得上不")
    assert reply.intent is Intent.CHECKLIST
    assert "请选择办理地区" not in reply.text
    assert reply.text.startswith("内蒙古续期备案")


def test_a_question_naming_no_agency_is_not_read_with_its_state(sample_engine: Engine) -> None:
    ask(sample_engine, "众信评价咋被终止了")
    reply = ask(sample_engine, "那评上红榜的有啥好处")
    assert reply.covered
    assert cited(reply) == ("tianjin2020", 23)


def test_its_other_filing_says_why_it_ended(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "风筝考核站现在啥状态")
    assert "TJ-2022-0001(终止,原因:备案有效期满未申请连续备案" in reply.text


# ------------------------------------------------------------ places inside a region


def test_a_city_beside_its_region_becomes_the_other_regions_elsewhere() -> None:
    asked = "我们是内蒙自治区级的社会培训评价组织,想去包头设点开考,得先办啥"
    assert swap_region(asked, Jurisdiction.TIANJIN) == "我们是天津市级的社会培训评价组织,想去外区设点开考,得先办啥"
    assert swap_region(asked, Jurisdiction.BINGTUAN) == "我们是兵团级的社会培训评价组织,想去师市设点开考,得先办啥"
    # Alone, a city stands for its region.
    assert swap_region("包头的评价机构有效期几年", Jurisdiction.TIANJIN) == "天津的评价机构有效期几年"


def test_going_elsewhere_asked_again_of_a_silent_region(engine_on_each_database: Engine) -> None:
    user = "tg:what-if-place"
    ask(engine_on_each_database, "我们是内蒙自治区级的社会培训评价组织,想去包头设点开考,得先办啥", user=user)
    reply = ask(engine_on_each_database, "天津有没有这种规定", user=user)
    assert not reply.covered
    assert first_line(reply).startswith("天津") and "没有规定“站点备案”" in first_line(reply)
    assert "内蒙古(供参考)" in reply.text and "站点备案" in reply.text


# ------------------------------------------------------------ silence


def test_serving_twice_asked_again_of_a_silent_region(engine_on_each_database: Engine) -> None:
    user = "tg:what-if-twice"
    ask(engine_on_each_database, "内蒙的内部质量督导员能不能同场兼监考", user=user)
    reply = ask(engine_on_each_database, "兵团有没有这规定", user=user)
    assert not reply.covered
    assert first_line(reply).startswith("兵团") and "兼任" in first_line(reply)


def test_a_word_the_text_uses_for_the_phrase_keeps_it_answered(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团外督去现场督导完,那张现场质量督导评分表最晚啥时候交给派出单位")
    assert reply.covered
    assert cited(reply) == ("bingtuan2025", 22)
    assert "没有规定" not in reply.text


# ------------------------------------------------------------ what a word in the question is


@pytest.mark.parametrize(
    ("question", "doc", "article", "fact"),
    [
        # IME slips: 挡案 is 档案; 考平员 is 考评员 (a control: read right before too).
        ("兵团考完多久得把挡案弄好", "bingtuan2025", 16, "评价结束1个月内"),
        ("内蒙古考平员要持证吗", "neimenggu2024", 25, "持证上岗"),
        # A city alone stands for its region, and names no 师市.
        ("五家渠 我们一年多没组织考了 会被撤吗", "bingtuan2025", 19, "一年以上不开展评价工作"),
        # Neither 兵团 nor 师市 is named: 石河子 to 第六师 is still 跨师市 (第二十三条).
        ("石河子的机构去第六师考 要办啥手续", "bingtuan2025", 23, "书面同意"),
        # 第八师 names where the agency is; 组织考评 is 开展评价.
        ("第八师的机构想去别的师市组织考评 要走哪些手续", "bingtuan2025", 23, "书面同意"),
        # 天津's text never says 合格; its certificate rule (第十八条) still answers.
        ("天津考核合格以后 证书是怎么一步步生成发出去的", "tianjin2020", 18, "生成职业技能等级证书数据"),
        # The ask alone ("现在包头有家企业…需要办啥手续") would read as the filing conditions
        # (第九条); with the story (自治区级, 注册在呼市) it is 第十二条's 站点备案.
        (
            "我们是自治区级备案的评价机构,注册在呼市。现在包头有家企业想让我们去给工人做认定,过去开考之前需要办啥手续?",
            "neimenggu2024", 12, "站点备案",
        ),
    ],
)
def test_the_question_reaches_the_article_it_means(
    chat_engine: Engine, question: str, doc: str, article: int, fact: str
) -> None:
    reply = ask(chat_engine, question)
    assert reply.covered
    assert cited(reply) == (doc, article)
    assert fact in first_line(reply), reply.text


def test_a_slip_for_publicity_asks_the_publicity_period(chat_engine: Engine) -> None:
    # "公式期" is 公示期: 内蒙古 第十一条 has a 公示 and no period for it (it was answered with
    # 第四十八条's 申辩 days).
    reply = ask(chat_engine, "内蒙古公式期几天")
    assert not reply.covered
    assert first_line(reply).startswith("内蒙古") and "没有规定" in first_line(reply)
    assert ("neimenggu2024", 11) in [(c.doc_key, c.article) for c in reply.citations]


# ------------------------------------------------------------ a follow-up with words of its own


@pytest.mark.parametrize(
    ("first", "follow_up", "doc", "article", "fact"),
    [
        # 公布 is no word of 第十五条 (有效期): 第十一条 sets 每年进行两次.
        ("内蒙古评价机构备案有效期几年", "那一年公布几次", "neimenggu2024", 11, "两次"),
        # 年度计划 and 工作总结 go to the ministry (第十七条), not where the 名单 go (第十四条).
        ("行业组织一年认定完的人员名单要报哪备案", "那年度计划跟工作总结交给谁", "mohrss2016", 17, "年度计划和工作总结"),
    ],
)
def test_a_follow_up_with_words_of_its_own_is_led_by_their_article(
    engine_on_each_database: Engine, first: str, follow_up: str, doc: str, article: int, fact: str
) -> None:
    user = "tg:what-if-own-words"
    ask(engine_on_each_database, first, user=user)
    reply = ask(engine_on_each_database, follow_up, user=user)
    assert reply.covered
    assert cited(reply) == (doc, article)
    assert fact in first_line(reply), reply.text


# ------------------------------------------------------------ a count, a person, a body


def test_how_many_candidates_asks_a_count_of_people(chat_engine: Engine) -> None:
    # No text sets how many candidates sit in one room: 兵团 says so first, not a number of days.
    reply = ask(chat_engine, "兵团一个考场最多能坐多少考生")
    assert not reply.covered
    assert first_line(reply).startswith("兵团") and "没有规定" in first_line(reply)


def test_its_contact_is_no_public_field(sample_engine: Engine) -> None:
    # "负责人是谁" asks for a person, not who is responsible under the rules; the registry's
    # 联系人 and 联系电话 are never shown.
    ask(sample_engine, "静海评价怎么被终止了")
    reply = ask(sample_engine, "它负责人是谁")
    assert reply.intent is Intent.STATUS
    assert "联系人和联系电话不是公开的备案信息" in first_line(reply)
    assert "没有规定" not in reply.text


def test_where_to_file_is_a_body_not_the_agencies_own_duty(chat_engine: Engine) -> None:
    # 天津 第三条: (二) 市鉴定中心 handles filings; (三) is what 各评价机构 themselves do.
    reply = ask(chat_engine, "天津备案找哪个部门")
    assert cited(reply) == ("tianjin2020", 3)
    assert first_line(reply).startswith("(二)市鉴定中心")
