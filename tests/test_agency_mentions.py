"""An agency named in plain text as people name it: without the places its name opens with.

"北辰精密机械还有效吗" names 示例天津北辰精密机械有限公司, "阿拉尔技工学校" names 示例兵团第一师阿拉尔技工学校:
users drop the region and the city. Words two agencies share once their places are gone
("餐饮行业协会", 天津's and 内蒙古's) name neither, nor do words that only say what kind of body
it is ("技工学校"); an association's name without its place is how anyone speaks of its kind
("建筑业协会能承接认定吗"), so it names none.

Conversations run on SQLite and PostgreSQL (`sample_engine`).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Intent, Role
from tests.replies import ask
from tools.agency_lookup import mention_needles

_ROWS = (
    ("示例天津北辰精密机械有限公司", "北辰精机", "C1", "天津", "北辰区"),
    ("示例兵团第一师阿拉尔技工学校", "阿拉尔技校", "C2", "兵团", "第一师阿拉尔市"),
    ("示例天津东丽技工学校", "东丽技校", "C3", "天津", "东丽区"),
    ("示例天津市餐饮行业协会", "天津餐协", "C4", "天津", "市本级"),
    ("示例内蒙古餐饮行业协会", "内蒙古餐协", "C5", "内蒙古", "自治区本级"),
    ("示例兵团建筑业协会", "兵团建协", "C6", "兵团", "兵团直属"),
)


def test_a_name_without_its_places_names_the_agency() -> None:
    needles = mention_needles(_ROWS)
    assert needles["北辰精密机械"] == ("C1", "示例天津北辰精密机械有限公司")
    assert needles["阿拉尔技工学校"][0] == "C2" and needles["第一师阿拉尔技工学校"][0] == "C2"
    assert needles["东丽技工学校"][0] == "C3"


def test_kind_words_shared_words_and_bare_associations_name_none() -> None:
    needles = mention_needles(_ROWS)
    assert "技工学校" not in needles  # only what kind of body, and both schools' at that
    assert "餐饮行业协会" not in needles
    assert "建筑业协会" not in needles and "兵团建筑业协会" in needles


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("北辰精密机械还有效吗", "示例天津北辰精密机械有限公司:有效"),
        ("阿拉尔技工学校能评汽车维修工吗", "可以:示例兵团第一师阿拉尔技工学校可以评价汽车维修工"),
        # 能评 inside 技能评价 asks nothing of its scope: its state answers.
        ("静海技能评价公司是不是被取消了", "示例天津静海技能评价有限公司:已终止备案"),
    ],
)
def test_plain_text_reaches_the_registry(sample_engine: Engine, text: str, lead: str) -> None:
    reply = ask(sample_engine, text, user="tg:mention", role=Role.APPLICANT)
    assert reply.intent is Intent.STATUS
    assert reply.text.startswith(lead), reply.text.splitlines()[0]


def test_a_question_on_a_kind_of_body_looks_up_no_agency(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "技工学校能申请当评价机构吗", user="tg:mention-2", role=Role.APPLICANT)
    assert reply.intent is not Intent.STATUS and "示例" not in reply.text
