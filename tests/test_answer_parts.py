"""A message asking two or three things at once is answered part by part, and a few ways
users ask that were misread: a rule's limit on agencies, an agency that held no exam, 内督.

"行业协会想承接水平评价类职业资格认定 向谁申请 怎么确定" gets 人社部 第九条 (who receives
the application) and 第十条 (how the ministry decides), not the long 条件 article that shares
the topic's words.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Intent, Reply, Role, UserInput
from bot.question_parts import split_parts
from bot.slots import Slot, detect_slot

USER = "tg:parts"


def ask(engine: Engine, text: str, user: str = USER, role: Role = Role.STAFF) -> Reply:
    return engine.handle(UserInput(user_id=user, text=text, role=role))


def articles(reply: Reply) -> list[tuple[str, int | None]]:
    return [(hit.doc_key, hit.article) for hit in reply.citations]


def test_a_message_with_two_asking_clauses_splits_around_its_topic() -> None:
    parts = split_parts("行业协会想承接水平评价类职业资格认定 向谁申请 怎么确定")
    assert parts is not None
    assert parts.topic == "行业协会想承接水平评价类职业资格认定"
    assert parts.asks == ("向谁申请", "怎么确定")
    assert parts.slot(0) is Slot.WHO


def test_one_question_and_comparisons_are_not_split() -> None:
    assert split_parts("兵团评价机构备案有效期是几年") is None
    assert split_parts("考评员的人数,兵团和内蒙古各有什么要求?是一样的吗") is None
    # "这几年" counts years; it asks nothing.
    assert split_parts("续期评估过了,有俩工种这几年没认定过,会被拿掉吗") is None
    assert detect_slot("有俩工种这几年一个人都没认定过,会被拿掉吗") is not Slot.HOW_LONG
    # With no topic clause, the first clause states it; "兵团怎么处理" only asks about it.
    assert split_parts("机构弄不清归哪个师市管,兵团怎么处理?") is None
    assert split_parts("兵团机构被暂停了咋整?咋办呢") is None


def test_a_whether_part_naming_a_period_asks_how_long() -> None:
    parts = split_parts("考生被判了作弊,不服的话怎么申诉,有没有时间限制")
    assert parts is not None and parts.slot(1) is Slot.HOW_LONG


def test_each_part_is_answered_by_its_own_article(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "行业协会想承接水平评价类职业资格认定 向谁申请 怎么确定")
    assert reply.covered
    assert articles(reply)[:2] == [("mohrss2016", 9), ("mohrss2016", 10)]
    first = reply.text.splitlines()[0]
    assert "向人力资源社会保障部和国务院相关部门提出" in first
    assert "综合评估" in reply.text


def test_a_rare_run_of_a_part_picks_its_article(chat_engine: Engine) -> None:
    # "出决定前" is 内蒙古 第四十六条 (作出处理决定前 … 陈述和申辩); "决定怎么送" 第四十七条 (送达).
    reply = ask(chat_engine, "内蒙要处理个违规机构 出决定前要干啥 决定怎么送", user="tg:parts-2")
    assert articles(reply)[:2] == [("neimenggu2024", 46), ("neimenggu2024", 47)]
    assert "陈述和申辩" in reply.text.splitlines()[0]
    assert "书面形式送达" in reply.text


def test_parts_one_article_answers_stay_one_answer(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古考生被机构判了作弊,不服的话怎么申诉,有没有时间限制?", user="tg:parts-3")
    assert reply.covered
    assert articles(reply)[0] == ("neimenggu2024", 48)
    assert "五个工作日" in reply.text.splitlines()[0]
    assert "(依据" not in reply.text.splitlines()[0]


def test_a_rules_limit_on_agencies_is_a_policy_question(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "审社评组织备案时,一个师市同一个职业原则上最多能有几家评价机构", user="tg:parts-4")
    assert reply.intent is Intent.POLICY
    assert "不超过1家" in reply.text.splitlines()[0]


def test_an_agency_that_held_no_exam_is_not_asking_about_resits(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团我们机构备完案一年多了一场都没考过,会不会直接被撤掉资格", user="tg:parts-5")
    assert reply.covered
    assert "一年以上" in reply.text.splitlines()[0]


def test_staff_shorthand_for_internal_supervisors(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团内督跟完一整场考试以后,还得交个啥东西", user="tg:parts-6")
    assert "督导报告" in reply.text.splitlines()[0]



def test_a_message_and_its_own_first_part_are_embedded_in_one_batch(chat_engine: Engine) -> None:
    """The message is searched whole and its first clause (its own topic) alone: both vectors
    come from one batch before either search, and neither is embedded again."""
    vectors = chat_engine.answerer.searcher.query_vectors
    computed, batched = vectors.computed, vectors.batched
    reply = ask(chat_engine, "天津红黑榜隔多久调整一回?进了黑榜的机构会咋样?", user="tg:parts-batch")
    assert reply.covered and articles(reply)[0] == ("tianjin2020", 23)
    assert "每三年" in reply.text.splitlines()[0]
    assert (vectors.computed - computed, vectors.batched - batched) == (2, 2)
