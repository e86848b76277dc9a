"""Follow-ups that bring words of their own, and follow-ups that ask the last question elsewhere.

- "那内蒙呢" after "兵团考场要是出现大面积作弊 机构会怎么处理" gets 内蒙古's sanctions (第四十五条). Only
  兵团's text says 大面积; how badly something happened is no topic a text can be silent on.
- "内蒙也要交这么多材料吗" after 兵团's checklist for a new name is that checklist for 内蒙古.
- "要是查实了它们就是没兑现承诺呢" after who checks a complaint in 天津: 承诺 is 第二十四条's rule,
  not the 第二十二条 the last answer quoted.
- "那它们年度认定完了,名单和结果报给谁" after questions on an 行业组织 with no branches and on
  the one it entrusts: the ministry's 第十四条, found by the follow-up's own words.
- "那它后面还得负责些啥" after a terminated agency's status: what its region's text says such an
  agency must still do (内蒙古 第十八条), not its status card again.

The conversation lives in the database: SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Intent, Reply, Role, UserInput


def ask(engine: Engine, text: str, user: str = "tg:own-words", role: Role = Role.STAFF) -> Reply:
    return engine.handle(UserInput(user_id=user, text=text, role=role))


@pytest.mark.parametrize(
    ("first", "follow_up", "doc", "article", "lead"),
    [
        ("兵团考场要是出现大面积作弊 机构会怎么处理", "那内蒙呢", "neimenggu2024", 45, "约谈主要负责人"),
        ("津 有人举报一家评价机构乱发证 谁来查", "要是查实了它们就是没兑现承诺呢", "tianjin2020", 24, "退出评价机构目录"),
        (
            "有个行业协会承接了水平评价类认定,可它没分支机构,能干吗|被委托那家要是出了问题谁担责",
            "那它们年度认定完了,名单和结果报给谁", "mohrss2016", 14, "省级人力资源社会保障部门",
        ),
    ],
)
def test_a_follow_up_is_answered_by_the_article_it_asks_about(
    engine_on_each_database: Engine, first: str, follow_up: str, doc: str, article: int, lead: str
) -> None:
    for turn in first.split("|"):  # the turns before the follow-up
        ask(engine_on_each_database, turn)
    reply = ask(engine_on_each_database, follow_up)
    assert reply.covered
    assert (reply.citations[0].doc_key, reply.citations[0].article) == (doc, article)
    assert lead in reply.text.splitlines()[0]


def test_as_many_papers_there_asks_for_that_regions_checklist(engine_on_each_database: Engine) -> None:
    ask(engine_on_each_database, "兵团的,我们单位改名了,备案那边要交啥")
    reply = ask(engine_on_each_database, "内蒙也要交这么多材料吗")
    assert reply.intent is Intent.CHECKLIST
    assert reply.text.startswith("内蒙古") and "书面申请" in reply.text.splitlines()[0]


def test_what_a_terminated_agency_still_owes_is_its_regions_rule(sample_engine: Engine) -> None:
    ask(sample_engine, "鹿城评价为啥被终止", role=Role.REGULATOR)
    reply = ask(sample_engine, "那它后面还得负责些啥", role=Role.REGULATOR)
    assert reply.intent is Intent.POLICY
    assert (reply.citations[0].doc_key, reply.citations[0].article) == ("neimenggu2024", 18)
    assert "资料存档" in reply.text.splitlines()[0]
