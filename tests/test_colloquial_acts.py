"""Colloquial acts read as the texts say them, and a follow-up that only asks "how long".

- "多久之内要弄完" after "兵团评价机构考完试档案按啥要求整理" asks the period of the article just
  quoted (评价结束1个月内…完成评价档案整理工作). Its words are all ways of asking: the figure
  of the article answers it. It used to be read as a question about "之内", which no figure
  sentence says, and the reply said 兵团 set no period while quoting the period under it.
- "会来现场看吗": 内蒙古's 评估 is done by 现场查看, its own words for 现场考察.
- "自己起个新工种名…多加一个等级" is 内蒙古 第六条's 擅造职业(工种)名称、擅加职业技能等级, not
  兵团's 增量备案 (adding a catalogue 工种): 内蒙古's text answers it, 不可以. "想加个工种或者加个
  等级" still asks to extend the filing (内蒙古 第十四条), and "多加一个工种" is 兵团's 增量备案.
- "能靠这个挣钱不" is the texts' 营利: 兵团 第六条(五) 不以营利为最终目的.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import ask, cited, first_line, follow_up


def test_a_follow_up_asking_only_how_long_gets_the_quoted_articles_period(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "兵团评价机构考完试档案按啥要求整理", "多久之内要弄完", user="tg:how-long-only")
    assert reply.covered
    assert cited(reply) == ("bingtuan2025", 16)
    assert "评价结束1个月内" in first_line(reply) and "没有规定" not in reply.text


def test_an_on_site_visit_is_the_regions_own_words(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙备案评估 专家都用啥方式评 会来现场看吗", user="tg:on-site")
    assert reply.covered
    assert cited(reply) == ("neimenggu2024", 11)
    assert "现场查看" in first_line(reply)


def test_a_made_up_trade_or_level_is_ruled_out_by_the_regions_text(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙这边机构能不能自己起个新工种名开考，或者多加一个等级", user="tg:made-up-level")
    assert reply.covered
    assert cited(reply) == ("neimenggu2024", 6)
    lead = first_line(reply)
    assert lead.startswith("不可以") and "擅加职业技能等级" in lead


def test_adding_a_catalogue_trade_is_still_an_incremental_filing(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团备案后想多加一个工种咋办", user="tg:add-trade")
    assert cited(reply) == ("bingtuan2025", 18)
    assert "增量备案" in first_line(reply)


def test_making_money_is_the_texts_profit(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团开评价机构能靠这个挣钱不", user="tg:profit")
    assert reply.covered
    assert "不以营利为最终目的" in first_line(reply)


def test_adding_a_level_to_the_filing_is_a_change_not_a_made_up_level(chat_engine: Engine) -> None:
    # "加个等级" asks to extend the filing: 内蒙古 第十四条 (确需变更的…提出书面申请), not 第六条's ban.
    reply = ask(chat_engine, "内蒙古备案期内想加个工种或者加个等级,直接在平台上改一下就行?", user="tg:add-level")
    assert cited(reply) == ("neimenggu2024", 14)
