"""A silence naming the words the region's text never uses quotes each word on its own.

"兵团发的电子证书和纸质证书效力一样吗": 兵团's text never says 纸质 or 效力 (天津 第十八条 does:
纸质证书与电子证书具有同等效力). The first line said "没有规定“纸质、效力”方面的内容", which reads as
one phrase the text never used; it now says "没有规定“纸质”、“效力”方面的内容".
"""

from __future__ import annotations

import re

from bot.engine import Engine
from tests.replies import ask, first_line


def test_each_missing_word_is_quoted_on_its_own(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团发的电子证书和纸质证书效力一样吗", user="tg:quoted-words")
    lead = first_line(reply)
    assert not reply.covered
    assert lead.startswith("兵团:") and "没有规定" in lead
    quoted = re.findall(r"“([^”]*)”", lead)
    assert len(quoted) >= 2 and not any("、" in word for word in quoted)
    assert "纸质证书与电子证书具有同等效力" in reply.text  # 天津's rule, labelled as reference
