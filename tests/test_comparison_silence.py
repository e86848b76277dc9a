"""A region silent within a comparison is said silent as a regional question says it.

"内蒙古自治区级评价机构到盟市搞认定要办啥手续" then "天津呢": the question asked again keeps 盟市,
so it names 内蒙古 as well as 天津 and is answered region by region. 天津's text sets no
procedure for working in another area: its line names the text and says it sets nothing
("天津:《天津市职业技能等级认定工作规程(试行)》没有规定…"), the words a regional silence uses,
instead of a vaguer "现有文本中未找到明确规定" that reads like a search failure.
"""

from __future__ import annotations

from bot.engine import Engine
from tests.replies import first_line, follow_up


def test_a_silent_region_in_a_comparison_names_its_text(chat_engine: Engine) -> None:
    reply = follow_up(chat_engine, "内蒙古自治区级评价机构到盟市搞认定要办啥手续", "天津呢", user="tg:compare-silent")
    assert first_line(reply).startswith("天津:《天津市职业技能等级认定工作规程(试行)》没有规定")
    assert "站点备案" in reply.text  # 内蒙古's rule on its own line
    assert "未找到" not in reply.text
