"""The ministry asked after a region's answer is answered from the ministry's texts.

"人社部怎么规定的" after "兵团备案有效期几年" asks what the ministry's own texts say. They set no
filing period, so the reply says so first, with the regions' periods labelled as reference,
never a region's article quoted as if it were the ministry's rule.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import first_line, follow_up


def test_the_ministry_asked_after_a_region_says_its_silence_first(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "兵团备案有效期几年", "人社部怎么规定的", user="tg:ministry-1")
    assert not reply.covered
    assert first_line(reply).startswith("全国:") and "没有规定" in first_line(reply)
    assert "兵团(供参考)" in reply.text


def test_a_ministry_text_the_region_swap_reaches_still_answers(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "天津对承接认定的行业组织有啥条件", "人社部呢", user="tg:ministry-2")
    assert reply.covered and reply.citations[0].doc_key == "mohrss2016"
