"""A comparison searches each region without the places it names, short names included.

"题库更新 兵团跟内蒙谁要求更细 有具体比例吗" names 兵团 and 内蒙 (内蒙古's short name). Each region's
text is searched without them: 兵团's articles do not speak of 内蒙, and a query that keeps it
searched 兵团's text for a word that is not there. 兵团's line now gives its 题库 rule with the
figure asked for (每年…不低于20%的扩充和更新); 内蒙古's gives its own 题库 rule.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.question_text import without_places
from tests.replies import ask


def test_short_names_are_no_search_words() -> None:
    assert "内蒙" not in without_places("题库更新 兵团跟内蒙谁要求更细")
    assert "津" not in without_places("津和兵团申请评价机构")
    # The texts' own terms stay: 自治区级 is a level, 盟市 the sub-areas of cross-area rules.
    assert "自治区级" in without_places("内蒙古自治区级评价机构到盟市搞认定")
    assert "盟市" in without_places("内蒙古自治区级评价机构到盟市搞认定")


def test_each_regions_line_answers_from_its_own_text(chat_engine: Engine) -> None:
    reply = ask(chat_engine, "题库更新 兵团跟内蒙谁要求更细 有具体比例吗", user="tg:short-names")
    lines = reply.text.splitlines()
    bingtuan = next(line for line in lines if line.startswith("兵团:"))
    assert "不低于20%" in bingtuan
    assert any(line.startswith("内蒙古:") and "题(卷)库" in line for line in lines)
