"""An agency named by its place and a few of its words.

"二连那个安检站为啥停了" is 示例二连浩特民航安检职业资格评价站 (二连安检评价站): its place and
安检…站 in the name's order. "锡林郭勒盟那家还有效不" is the one agency filed there. Both used
to be answered as policy questions ("现有政策文本没有回答"). Where the place has several
agencies and the words pick none ("包头那个机构"), no agency is guessed. Asked where an agency
is ("红山乳业在哪个城市") or which list it is on ("它是红榜吗"), the first line says that first.
SQLite and PostgreSQL with the sample registry as of today.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Intent, Role
from tests.replies import ask, first_line
from tools.agency_lookup import mention_by_place

ROWS = (
    ("示例二连浩特民航安检职业资格评价站", "二连安检评价站", "C1", "内蒙古", "二连浩特市"),
    ("示例包头钢城技师学院", "钢城技师学院", "C2", "内蒙古", "包头市"),
    ("示例包头北方重工装备有限公司", "北方重工", "C3", "内蒙古", "包头市"),
)


def test_a_place_and_the_names_words_in_order_pick_one() -> None:
    assert mention_by_place("二连那个安检站为啥停了", ROWS) == ("C1", "示例二连浩特民航安检职业资格评价站")
    assert mention_by_place("包头那个学院还能考不", ROWS) == ("C2", "示例包头钢城技师学院")


def test_a_place_with_several_agencies_and_no_words_picks_none() -> None:
    assert mention_by_place("包头那个机构还有效吗", ROWS) is None
    assert mention_by_place("二连浩特的规定", ROWS) is None  # no pointing word


def test_the_suspended_agency_named_by_its_place(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "二连那个安检站为啥停了", user="tg:placed-why", role=Role.REGULATOR)
    assert reply.intent is Intent.STATUS
    assert first_line(reply).startswith("示例二连浩特民航安检职业资格评价站:暂停")
    assert "原因:题库不符合要求" in first_line(reply)


def test_the_one_agency_of_a_place(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "锡林郭勒盟那家还有效不", user="tg:placed-one", role=Role.APPLICANT)
    assert reply.intent is Intent.STATUS
    assert first_line(reply).startswith("示例锡林郭勒蒙古族刺绣专项考核站:有效")


def test_where_an_agency_is_leads_with_its_place(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "红山乳业在哪个城市", user="tg:placed-where", role=Role.APPLICANT)
    assert first_line(reply).startswith("示例赤峰红山乳业有限公司:内蒙古·赤峰市,用人单位;有效")


def test_which_list_an_agency_is_on_leads_with_its_rating(sample_engine: Engine) -> None:
    ask(sample_engine, "北辰精机续期还来得及吗", user="tg:placed-rated", role=Role.APPLICANT)
    reply = ask(sample_engine, "它是红榜吗", user="tg:placed-rated", role=Role.APPLICANT)
    assert first_line(reply).startswith("示例天津北辰精密机械有限公司:列入红榜")


def test_what_a_list_brings_after_a_lookup_is_still_the_rule(sample_engine: Engine) -> None:
    ask(sample_engine, "众信评价咋被终止了", user="tg:placed-rule", role=Role.STAFF)
    reply = ask(sample_engine, "那评上红榜的有啥好处", user="tg:placed-rule", role=Role.STAFF)
    assert reply.intent is Intent.POLICY
    assert "连续备案" in first_line(reply)


def test_the_place_may_follow_other_words() -> None:
    assert mention_by_place("请问二连那个安检站为啥停了", ROWS) == ("C1", "示例二连浩特民航安检职业资格评价站")
    assert mention_by_place("我们包头那家企业想申请评价机构", ROWS) is None  # 企业 names none of 包头's


def test_a_whole_jurisdiction_is_no_agencys_place() -> None:
    rows = (*ROWS, ("示例兵团特种作业焊工职业资格评价中心", "兵团焊工评价中心", "C4", "兵团", "第十二师"))
    assert mention_by_place("兵团那个办法啥时候施行", rows) is None
