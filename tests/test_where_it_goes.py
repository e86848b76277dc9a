"""To whom a thing is handed in: the sentence that names where it goes leads.

"这些交给谁" after 兵团's checklist for a change of name is answered by 第十八条's opening
sentence (评价机构…应向属地人力资源和社会保障部门提交相关资料). A sentence whose subject is the
agency itself used to weigh half, as what the asker does, though this one says where it goes,
so items (三)–(五) led.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import cited, first_line, follow_up


def test_to_whom_after_a_checklist_names_the_receiving_body(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "兵团改机构名称要交啥材料", "这些交给谁", user="tg:whom-list")
    assert cited(reply) == ("bingtuan2025", 18)
    assert first_line(reply).startswith("评价机构变更信息和自愿终止备案的,应向属地人力资源和社会保障部门提交相关资料")


def test_where_to_file_is_still_the_body_that_files(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "你好", "天津备案找哪个部门", user="tg:whom-control")
    assert "市鉴定中心负责" in first_line(reply)
