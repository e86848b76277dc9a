"""An agency named in plain text, and then taken as an example of its kind.

- The words naming an agency name nothing else: "红枣考核中心是不是已经不能考了" asks whether it may
  still evaluate at all (it is terminated), not whether it may evaluate an occupation "核中心".
- "像它这种情况,取消之前人社部门要先核实啥" after its status asks the rules of its region for
  agencies like it, not its filing again; "它这种情况续期要交啥材料" asks for its region's
  checklist without asking for the region.
- How to, who or what happens, of no part of its filing ("这家要是想再加个工种 得怎么办", "它发出去的
  证出问题谁负责维护"), asks its region's rules too; "它续期怎么弄" is still its own renewal.

The last subject lives in the database: SQLite and PostgreSQL, on the sample registry.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.messages import Intent, Reply, Role, UserInput


def ask(engine: Engine, text: str, user: str = "tg:example") -> Reply:
    return engine.handle(UserInput(user_id=user, text=text, role=Role.STAFF))


def test_can_it_still_evaluate_is_its_state_not_an_occupation(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "红枣考核中心是不是已经不能考了")
    lead = reply.text.splitlines()[0]
    assert reply.intent is Intent.STATUS
    assert "终止备案" in lead and "不能再开展评价" in lead
    assert "核中心是" not in lead and "评价范围" not in lead


def test_an_occupation_after_the_name_is_still_asked(sample_engine: Engine) -> None:
    lead = ask(sample_engine, "绿洲机电能不能考钳工").text.splitlines()[0]
    assert lead.startswith("可以") and "钳工" in lead


def test_its_kind_of_case_gets_its_regions_checklist(sample_engine: Engine) -> None:
    ask(sample_engine, "绿洲机电有效吗")
    reply = ask(sample_engine, "它这种情况续期要交啥材料")
    assert reply.intent is Intent.CHECKLIST
    assert "请选择办理地区" not in reply.text
    assert reply.text.startswith("兵团续期备案")


@pytest.mark.parametrize(
    ("status", "follow_up", "lead", "article"),
    [
        # Agencies like it: 兵团 第十九条(一), 核实…无收尾数据 before the filing is cancelled.
        ("红枣考核中心是不是已经不能考了", "像它这种情况,取消之前人社部门要先核实啥", "无收尾数据", 19),
        # Adding a 工种 is 增量备案 (兵团 第十八条(三)), not the agency's status again.
        ("众诚评价目前能评哪几个工种", "这家要是想再加个工种 得怎么办", "增量备案", 18),
        # Who answers for certificates after termination: 兵团 第二十条.
        ("红枣考核中心是不是已经不能考了", "那它之前已经发出去的证后面要是出问题谁负责维护", "维护职责", 20),
    ],
)
def test_a_rule_question_about_it_is_answered_from_its_regions_text(
    sample_engine: Engine, status: str, follow_up: str, lead: str, article: int
) -> None:
    ask(sample_engine, status)
    reply = ask(sample_engine, follow_up)
    assert reply.intent is Intent.POLICY
    assert lead in reply.text.splitlines()[0]
    assert reply.citations[0].doc_key == "bingtuan2025" and reply.citations[0].article == article


def test_a_part_of_its_filing_is_still_its_status(sample_engine: Engine) -> None:
    ask(sample_engine, "绿洲机电有效吗")
    reply = ask(sample_engine, "它续期怎么弄")
    assert reply.intent is Intent.STATUS
