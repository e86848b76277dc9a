"""What a turn asks of the registry and of the last turn, in a few more ways users ask:
when an agency was filed ("津港物流是啥时候备案的", then "那海河装备呢"); a regulator's list up
to a year's end, with the filings that already lapsed; "其他地方呢" after a question worded in
one region's sub-areas (盟市 is 兵团's 师市, not 兵团 itself); a checklist the region's text
lacks (天津 has no change procedure); and "水平评价类呢" after a national question (the topic
swapped, not the region). Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.region_swap import swap_region
from bot.messages import Intent, Reply, Role, UserInput
from corpus.models import Jurisdiction


def ask(engine: Engine, text: str, user: str, role: Role = Role.REGULATOR) -> Reply:
    return engine.handle(UserInput(user_id=user, text=text, role=role))


def test_a_regions_sub_areas_become_the_other_regions() -> None:
    assert swap_region("内蒙古自治区级评价机构跑到盟市去考,要办啥手续", Jurisdiction.BINGTUAN) == (
        "兵团级评价机构跑到师市去考,要办啥手续"
    )
    # A region without a word for its sub-areas keeps the question's.
    assert "盟市" in swap_region("内蒙古评价机构跑到盟市去考", Jurisdiction.TIANJIN)


def test_when_an_agency_was_filed_and_the_same_of_another(sample_engine: Engine) -> None:
    user = "tg:filed"
    first = ask(sample_engine, "津港物流是啥时候备案的", user)
    assert first.intent is Intent.STATUS
    assert "备案日期2026年1月3日" in first.text.splitlines()[0]
    again = ask(sample_engine, "那海河装备呢", user)
    assert "备案日期2026年8月27日" in again.text.splitlines()[0]


def test_a_list_up_to_a_years_end_names_the_lapsed_filings_too(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团还有哪些2026年年底前到期的", "tg:year-end")
    assert reply.intent is Intent.REGISTRY
    # 2026-10-03 lapsed without renewal: up to the year's end it expired too.
    assert "新星职业技术学校" in reply.text and "已过期" in reply.text


def test_the_lapsed_filings_are_not_shown_to_staff(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团还有哪些2026年年底前到期的", "tg:year-end-staff", role=Role.STAFF)
    assert "新星" not in reply.text and "BT-" not in reply.text


def test_other_regions_after_a_sub_area_question(chat_engine: Engine) -> None:
    user = "tg:units"
    ask(chat_engine, "内蒙古自治区级评价机构跑到盟市去考,要办啥手续", user, role=Role.STAFF)
    reply = ask(chat_engine, "其他地方呢", user, role=Role.STAFF)
    bingtuan = next(line for line in reply.text.splitlines() if line.startswith("兵团"))
    assert "书面同意" in bingtuan and "第二十三条" in bingtuan


def test_a_procedure_the_regions_text_lacks_is_said_first(chat_engine: Engine) -> None:
    # 天津's 规程 describes no change of an agency's details: a menu alone would hide that.
    reply = ask(chat_engine, "天津的评价机构改名了,变更备案要交哪些材料", "tg:no-checklist", role=Role.STAFF)
    first = reply.text.splitlines()[0]
    assert not reply.covered
    assert "天津" in first and "没有规定" in first
    assert "兵团" in reply.text.splitlines()[1]
    own = ask(chat_engine, "兵团评价机构改名了要交哪些材料", "tg:has-checklist", role=Role.STAFF)
    assert own.covered and "登记注册机关出具的变更文件" in own.text


def test_a_national_topic_word_swapped_is_the_topic_not_a_region(chat_engine: Engine) -> None:
    # 水平评价类 weakly names the national texts; after a national question it is what is asked.
    user = "tg:topic-swap"
    ask(chat_engine, "国家职业资格目录里 准入类的设置要满足啥条件", user, role=Role.APPLICANT)
    reply = ask(chat_engine, "水平评价类呢", user, role=Role.APPLICANT)
    assert "设置水平评价类职业资格" in reply.text.splitlines()[0]
    assert "社会通用性" in reply.text.splitlines()[0]
