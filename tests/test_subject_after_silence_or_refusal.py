"""A question answered with a silence, or refused, is still the conversation's subject.

- "天津 我们单位改名了,备案信息咋变更,得交啥材料": 天津's text lists no such materials. The reply
  says so, names the regions whose texts do, and offers the procedures' menu. "那兵团呢" is the
  same checklist asked of 兵团. It used to be read alone, as a policy question about 兵团.
- An applicant asking a regulator's list ("兵团有哪些机构已经过期了") is refused. "天津的呢" is
  the same list asked of 天津, and is refused again. It used to get a policy article about 天津
  supervision. Nothing of the registry is shown either way.
The subject lives in the database: both run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Intent, Role
from tests.replies import first_line, follow_up

REFUSED = "仅向主管部门"


def test_a_region_asked_after_a_checklist_silence_gets_that_regions_checklist(engine_on_each_database: Engine) -> None:
    reply = follow_up(
        engine_on_each_database, "天津 我们单位改名了,备案信息咋变更,得交啥材料", "那兵团呢", user="tg:silent-checklist-swap"
    )
    assert reply.intent is Intent.CHECKLIST and reply.covered
    assert first_line(reply).startswith("兵团变更重要信息")
    assert "登记注册机关出具的变更文件" in reply.text


def test_a_region_asked_after_a_refused_list_is_refused_again(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "兵团有哪些机构已经过期了", "天津的呢", user="tg:refused-swap", role=Role.APPLICANT)
    assert not reply.covered and REFUSED in first_line(reply)
    assert "TJ-" not in reply.text and not reply.citations


def test_a_new_question_after_a_refusal_is_answered(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "兵团有哪些机构已经过期了", "天津备案有效期几年", user="tg:refused-new", role=Role.APPLICANT)
    assert reply.covered and "备案有效期为3年" in first_line(reply)


def test_a_regulator_asking_the_same_gets_the_list_of_that_region(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "兵团有哪些机构已经过期了", "天津的呢", user="tg:regulator-swap", role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY and "范围:天津" in first_line(reply)
