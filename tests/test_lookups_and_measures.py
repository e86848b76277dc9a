"""Questions after a lookup, days asked of an agency, and what a question measures.

- After a lookup, a pronoun stands for an agency: "他们想去阿拉尔那边搞评价 行不行" after 天山机电
  (第八师) is 兵团's 跨师市 rule; a regulator's list keeps the state it lists, so "它们按办法该咋
  处理" after the expired ones is 自动终止备案 (兵团 第十九条(一)1).
- A day asked of an agency ("…2027年1月15日还有效吗", "那我…去考呢") is answered from its dates;
  a day named without a year that has passed this year is next year's. A deadline follow-up
  ("我们是…备案的") keeps the agency's region. "它之前那条是为啥终止的" reads its other filings.
- "包头的机构呢" asks the last question of 内蒙古; "有没有…过期的机构" is a regulator's list.
- A figure said of the very thing measured leads ("公示要几天": 公示7个工作日); money asked as
  资本 and a rate asked as 通过率 need that figure; 一般 in "一般啥时候" is a hedge, not a topic.
- 申辩 is not 复核 in general (天津's only 复核 is 人社部's review of its list); colloquial phrases
  the texts say otherwise: 透个底 (泄露), 不在库里的考评员 (考评人员信息库), 取消了…作废 (浙江's
  取消前取得…仍可作为), 一师阿拉尔 (跨师市), 不打算做了 (自愿终止).

Conversations that reach the registry run on SQLite and PostgreSQL (`sample_engine`); the
dates asked are computed from the filing as stored, which the sample keeps relative to today.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.engine import Engine
from bot.messages import Intent, Role
from db.crud import get_filing_by_number
from db.session import session_scope, today_cn
from retrieval.expansion import expansions
from tests.replies import ask, cited, first_line, said_silent_first
from tools.workdays import format_date_zh


def valid_until(url: str, number: str) -> date:
    with session_scope(url) as session:
        filing = get_filing_by_number(session=session, filing_number=number)
        assert filing is not None
        return filing.valid_until


# ------------------------------------------------------------ after a lookup


def test_a_pronoun_after_a_lookup_is_the_agency_going_elsewhere(sample_engine: Engine) -> None:
    ask(sample_engine, "天山机电是哪个师的")
    reply = ask(sample_engine, "他们想去阿拉尔那边搞评价 行不行")
    assert cited(reply) == ("bingtuan2025", 23)
    assert "书面同意" in first_line(reply)


def test_a_regulators_list_keeps_its_state_for_what_happens_to_them(sample_engine: Engine) -> None:
    listed = ask(sample_engine, "兵团哪些机构过期了", role=Role.REGULATOR)
    assert listed.intent is Intent.REGISTRY
    reply = ask(sample_engine, "它们按办法该咋处理", role=Role.REGULATOR)
    assert cited(reply) == ("bingtuan2025", 19)
    assert "未书面提出续期备案申请" in first_line(reply)


def test_what_comes_before_a_decision_about_the_agency(sample_engine: Engine) -> None:
    ask(sample_engine, "二连安检评价站现在啥状态", role=Role.REGULATOR)
    reply = ask(sample_engine, "我们准备对他们作处理决定 之前要走啥程序", role=Role.REGULATOR)
    assert cited(reply) == ("neimenggu2024", 46)
    assert "陈述和申辩" in first_line(reply)


def test_a_regulator_asking_whether_any_have_expired_gets_the_list(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团有没有状态还写着有效 但其实已经过期的机构", role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY
    assert "BT-2023-0001" in reply.text
    refused = ask(sample_engine, "兵团有没有过期的机构", user="tg:lookups-applicant", role=Role.APPLICANT)
    assert "BT-2023-0001" not in refused.text


# ------------------------------------------------------------ a day asked of an agency


def test_a_day_after_its_expiry_is_out_of_force(sample_engine: Engine, sample_url: str) -> None:
    until = valid_until(sample_url, "NM-2023-0002")  # 河套评价
    after, before = until + timedelta(days=14), until - timedelta(days=3)
    late = ask(sample_engine, f"河套评价{format_date_zh(after)}还有效吗")
    assert late.intent is Intent.STATUS
    assert f"{format_date_zh(after)}已过备案有效期" in first_line(late)
    assert format_date_zh(until) in first_line(late)
    early = ask(sample_engine, f"河套评价{format_date_zh(before)}还有效吗", user="tg:lookups-2")
    assert f"{format_date_zh(before)}在备案有效期内" in first_line(early)


def test_a_day_asked_after_the_lookup_is_asked_of_the_same_agency(sample_engine: Engine, sample_url: str) -> None:
    until = valid_until(sample_url, "NM-2023-0002")
    after = until + timedelta(days=14)
    ask(sample_engine, "河套评价现在备案还有效吗")
    reply = ask(sample_engine, f"那我{format_date_zh(after)}去考呢")
    assert reply.intent is Intent.STATUS
    assert first_line(reply).startswith("示例巴彦淖尔河套")
    assert "已过备案有效期" in first_line(reply)


def test_a_yearless_day_already_past_is_next_years(sample_engine: Engine) -> None:
    today = today_cn()  # the engine's today (China's date, or AS_OF_DATE), not the machine's
    day = today - timedelta(days=1) if today.day > 1 else today - timedelta(days=2)
    ask(sample_engine, "绿洲机电还有效吗")
    reply = ask(sample_engine, f"那{day.month}月{day.day}号呢")
    assert format_date_zh(day.replace(year=day.year + 1)) in first_line(reply), reply.text


def test_a_terminated_agency_cannot_evaluate_in_a_month_to_come(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "铁门关评价明年3月能考吗")
    assert f"{today_cn().year + 1}年3月时不能开展评价" in first_line(reply)
    assert "已终止备案" in first_line(reply)


def test_a_filing_date_after_a_renewal_question_keeps_the_agencys_region(sample_engine: Engine) -> None:
    ask(sample_engine, "绿洲机电续期最晚啥时候交")
    reply = ask(sample_engine, "我们是2025年5月14日备案的")
    assert reply.intent is Intent.DEADLINE
    assert "请选择" not in reply.text
    assert "登记地人力资源和社会保障部门" in reply.text  # 兵团 第十条


def test_its_earlier_filing_is_read_from_the_registry(sample_engine: Engine) -> None:
    ask(sample_engine, "查下风筝考核站")
    reply = ask(sample_engine, "它之前那条是为啥终止的")
    assert "TJ-2022-0001" in first_line(reply)
    assert "备案有效期满未申请连续备案" in first_line(reply)
    alone = ask(sample_engine, "绿洲机电以前有没有别的备案", user="tg:lookups-3")
    assert "没有该机构的其他备案" in first_line(alone)


# ------------------------------------------------------------ asked again elsewhere


@pytest.mark.parametrize(
    ("first", "again", "silent_on"),
    [
        ("兵团每个工种考评人员至少要几个", "包头的机构呢", "内蒙古"),
        ("包头这边机构被处理了 不服的话多少天内能申辩", "那要是兵团的机构呢", "兵团"),
        ("兵团题库抽的卷子 确实要调整的话最多能调多少", "内蒙呢", "内蒙古"),
    ],
)
def test_asked_again_of_a_region_that_sets_no_figure(chat_engine: Engine, first: str, again: str, silent_on: str) -> None:
    assert ask(chat_engine, first).covered
    assert said_silent_first(ask(chat_engine, again), silent_on, "没有规定")


# ------------------------------------------------------------ what a question measures or names


@pytest.mark.parametrize(
    ("question", "doc", "article", "fact"),
    [
        ("师市人社局要取消一家违规机构的备案,对外公示要几天?", "bingtuan2025", 19, "7个工作日"),
        ("石河子的机构想去一师阿拉尔搞一场认定,需要走什么程序", "bingtuan2025", 23, "书面同意"),
        ("胡杨河 我们中心不打算做了,主动终止备案要怎么操作", "bingtuan2025", 18, "提前停止评价报名工作"),
        ("鄂尔多斯一家培训机构 申请成为等级评价机构 大概流程是咋样的", "neimenggu2024", 11, "备案申请"),
        ("内蒙古一般啥时候能公布结果", "neimenggu2024", 11, "4月和10月"),
        ("认定结果还没出来 有熟人找我先透个底 能说吗", "mohrss2016", 15, "严禁泄露"),
        ("宁波的 我以前考的那个技能证后来国家取消了 是不是就作废了", "zhejiang2017", 3, "仍可作为"),
        # What an agency answers for is its 主体责任, not the regulator's duty (第四十条).
        ("证书数据这块 内蒙要求机构对哪几个方面负责", "neimenggu2024", 29, "真实性、合规性"),
        # A near tie among the ministry's articles (all name 行业组织, 承接): only 第九条 says 申请.
        ("行业组织想承接水平评价类职业资格认定 向谁申请", "mohrss2016", 9, "提出承接职业资格具体认定工作的申请"),
    ],
)
def test_the_lead_answers_what_is_asked(chat_engine: Engine, question: str, doc: str, article: int, fact: str) -> None:
    reply = ask(chat_engine, question)
    assert reply.covered
    assert cited(reply) == (doc, article)
    assert fact in first_line(reply), reply.text


@pytest.mark.parametrize(
    "question",
    ["申请当评价机构 注册资本至少要多少?", "焊工三级证通过率高不高 大概多少"],
)
def test_a_figure_no_text_sets_is_not_answered(chat_engine: Engine, question: str) -> None:
    assert not ask(chat_engine, question).covered


@pytest.mark.parametrize(
    ("question", "region", "word"),
    [
        # 天津's only 复核 is 人社部's review of its list: nothing on an agency's defence.
        ("天津机构被处理了 能申辩不", "天津", "申辩"),
        ("天津 社评组织能不能临时找个不在库里的考评员来考", "天津", "信息库"),
        # A pattern spanning the question (兵团…五家渠) says nothing of 回避 and 轮换.
        ("五家渠 考评员要不要轮换 有回避要求吗,兵团咋规定的", "兵团", "回避"),
    ],
)
def test_a_region_silent_on_the_point_says_so_first(chat_engine: Engine, question: str, region: str, word: str) -> None:
    reply = ask(chat_engine, question)
    assert not reply.covered
    assert said_silent_first(reply, region, word), reply.text


def test_a_region_with_a_defence_rule_answers_it(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团机构被处理了 能申辩不")
    assert reply.covered
    assert cited(reply) == ("bingtuan2025", 25)


def test_a_question_bank_is_no_examiners_pool() -> None:
    assert "信息库" in {w for adds in expansions("天津 能不能找不在库里的考评员").values() for w in adds}
    assert "信息库" not in {w for adds in expansions("题库里的题能不能重复用").values() for w in adds}


def test_a_case_of_the_last_rule_stays_with_that_rule(chat_engine: Engine) -> None:
    """"情节严重呢" after 人社部 第十九条 (责令其整改;情节严重的,…) narrows that rule; 第二十条
    (staff who break the 工作纪律, 情节严重的 too) is another one."""
    first = ask(chat_engine, "承接职业资格认定的行业组织违规了部里会咋处理", role=Role.REGULATOR)
    assert cited(first) == ("mohrss2016", 19)
    reply = ask(chat_engine, "情节严重呢", role=Role.REGULATOR)
    assert cited(reply) == ("mohrss2016", 19)
    assert "暂停其实施职业资格具体认定工作" in first_line(reply)


def test_a_follow_up_with_words_of_its_own_is_searched_by_them(chat_engine: Engine) -> None:
    """After 内蒙古's 持证上岗 (第二十五条), "考试有人作弊 发出去的证咋办" stays in 内蒙古 and is its
    own question: 第四十四条, not a national rule for want of a 考评人员 article answering it."""
    ask(chat_engine, "内蒙考评员要持证上岗吗")
    reply = ask(chat_engine, "考试有人作弊 发出去的证咋办")
    assert cited(reply) == ("neimenggu2024", 44)
    assert "宣布证书作废" in first_line(reply)


def test_a_day_after_its_renewal_deadline_is_checked_against_the_window(sample_engine: Engine, sample_url: str) -> None:
    """After "续期最晚啥时候交", a bare day is when the application would go in: checked against
    the renewal window under the agency's region's rule, never read as a new expiry date."""
    until = valid_until(sample_url, "NM-2023-0002")  # 河套评价, 内蒙古: the 3 months up to expiry
    ask(sample_engine, "河套评价续期最晚啥时候交")
    inside = until - timedelta(days=10)
    reply = ask(sample_engine, f"那{format_date_zh(inside)}交来得及吗")
    assert reply.intent is Intent.STATUS
    assert f"{format_date_zh(inside)}在续期申请期内" in first_line(reply)
    assert f"有效期至{format_date_zh(until)}" in reply.text
    late = until + timedelta(days=5)
    reply = ask(sample_engine, f"那{format_date_zh(late)}交呢")
    assert f"{format_date_zh(late)}已过续期申请截止日({format_date_zh(until)})" in first_line(reply)


def test_a_callers_change_to_the_synonyms_does_not_reach_the_next_question() -> None:
    """The table's reading of a question is cached; each caller gets its own copy of it."""
    question = "把几个工种去掉 要咋弄"
    first = expansions(question)
    assert first, "the colloquial phrase has statutory terms"
    first.clear()
    assert expansions(question) and expansions(question) is not expansions(question)
