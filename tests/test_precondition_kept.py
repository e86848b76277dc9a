"""A yes/no question keeps the precondition said right after its rule.

兵团 第二十三条: "评价机构跨师市开展评价活动时,由…共同监督管理。经登记地人力资源和社会保障部门
书面同意、评价活动发生地人力资源和社会保障部门授权后,方可开展评价活动…". Asked whether a filing is
needed to work in another 师市, the reply quoted the first sentence only; what must happen before
(书面同意, 授权) is the second, which opens "经…后,方可" (`shapes.yaml` `exceptions`). "别的师市" is
the texts' 跨师市.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import ask, follow_up


def test_another_division_needs_consent_and_authorisation(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团的机构去别的师市搞认定要另外备案吗", user="tg:precondition")
    assert "书面同意" in reply.text and "授权后,方可开展评价活动" in reply.text
    assert any(c.doc_key == "bingtuan2025" and c.article == 23 for c in reply.citations)


def test_asked_again_of_bingtuan_after_neimenggus_site_filing(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "内蒙自治区级机构去盟市搞认定要另外备案吗", "兵团呢", user="tg:precondition-swap")
    assert "书面同意" in reply.text and "授权后,方可开展评价活动" in reply.text
