"""What happens asked of a sentence under a 项, not of one of its grounds.

"兵团评价机构违规发出去的证书咋处理" is answered by 第十九条(二)'s sentence on certificates
(对违纪违规证书数据,应取消评价结果、宣布证书作废…追回相应补贴资金). It used to quote the ground
that names 证书数据 (5.证书数据造假…) and the 公示7个工作日 sanction. A ground asked
("考场组织舞弊会怎样") still gets that ground and the sanction the 项 states.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import ask, cited, first_line


def test_the_certificates_of_a_breach_are_the_sentence_on_certificates(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团评价机构违规发出去的证书咋处理", user="tg:certs-breach")
    assert cited(reply) == ("bingtuan2025", 19)
    assert "宣布证书作废" in first_line(reply)
    assert "追回相应补贴资金" in first_line(reply)
    assert "证书数据造假" not in first_line(reply)


def test_a_ground_asked_still_gets_the_ground_and_its_sanction(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团评价机构考场组织舞弊会怎样", user="tg:certs-ground")
    assert "组织舞弊" in first_line(reply)
    assert "取消其备案资质" in first_line(reply)
