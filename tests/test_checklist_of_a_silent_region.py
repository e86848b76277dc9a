"""A checklist asked of a region whose text lists no materials ("宁波的评价机构备案要交哪些材料").

浙江's text is the province's notice forwarding the national catalogue: it sets no filing
procedure. The reply says so first, names the regions whose texts have the list, and offers
the menu of regions; it is not covered. A region with checklists still gets its menu.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Role
from tests.replies import ask, first_line


@pytest.mark.parametrize("question", ["宁波的评价机构备案要交哪些材料", "浙江机构变更名称要交啥材料"])
def test_a_region_without_checklists_says_so_first(chat_engine: Engine, question: str) -> None:
    reply = ask(chat_engine, question, user="tg:zj-checklist", role=Role.STAFF)
    assert first_line(reply).startswith("《浙江省") and "没有规定" in first_line(reply)
    assert not reply.covered and "兵团" in reply.text and reply.buttons


def test_a_region_with_checklists_gets_its_menu(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "兵团评价机构备案要交哪些材料", user="tg:bt-checklist", role=Role.STAFF)
    assert "没有规定" not in reply.text and reply.buttons
