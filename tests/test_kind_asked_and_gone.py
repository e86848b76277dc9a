"""A yes/no question about one kind of body, and an agency that no longer exists.

- 内蒙古 第二十条 rules on kinds of body in turn: 开展自主评价的用人单位…可在其上增设特级技师和首席技师;
  社会培训评价组织一般按五个技能等级开展评价. "内蒙 社会培训评价组织能评特级技师首席技师不" used to
  get the 用人单位 sentence alone, which carries more of the question's words but says nothing of
  社会培训评价组织. The lead now also says the sentence on the kind asked. Asked of 用人单位, the
  reply is still 可以 with its sentence alone.
- "机构都注销没了 以前发的证要改要撤找谁" is 兵团 第二十条's 主体灭失 (评价管理机构…证书数据的维护),
  not 第十九条's automatic termination.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import ask, cited, first_line


def test_the_kind_asked_is_said_beside_another_kinds_rule(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙 社会培训评价组织能评特级技师首席技师不", user="tg:kind-asked")
    assert cited(reply) == ("neimenggu2024", 20)
    assert "社会培训评价组织一般按五个技能等级开展评价" in first_line(reply)
    assert not first_line(reply).startswith("可以")


def test_the_kind_whose_rule_it_is_gets_its_own_sentence(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "内蒙古用人单位能设特级技师吗", user="tg:kind-own")
    lead = first_line(reply)
    assert lead.startswith("可以") and "增设特级技师" in lead
    assert "社会培训评价组织" not in lead


def test_an_agency_gone_is_the_bodys_disappearance(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "机构都注销没了 以前发的证要改要撤找谁 兵团", user="tg:agency-gone")
    assert cited(reply) == ("bingtuan2025", 20)
    assert "由评价管理机构做好评价档案的保存、证书数据的维护" in first_line(reply)
