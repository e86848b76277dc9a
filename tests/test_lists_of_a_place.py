"""Regulators' lists of one place, narrowed to the filings still in force, and less of a
refused list.

- "包头的评价机构给我列一下" lists 包头市's filings only; "石河子那边有几家评价机构" counts
  第八师石河子市's. Both used to list the whole jurisdiction, or show the /registry menu.
  A place inside an agency's name ("我是津南评价的") is no place asked of.
- "哪些现在还能正常评" after such a list keeps the rows still in force.
- "那兵团现在哪些机构被停了", "哪几家因为题库不合格被责令停止认定了" ask for the suspended
  filings: refused, naming none, for anyone but a regulator.
- "就告诉我东丽区的也行" after a refused list is refused again; it used to be answered as a
  policy question. A regulator gets 东丽区's row of the list.
SQLite and PostgreSQL with the sample registry as of today.
"""

from __future__ import annotations

from bot.engine import Engine
from bot.messages import Intent, Role
from db.reference import named_place
from tests.replies import ask, first_line, follow_up


def test_a_list_of_a_city_lists_that_city_only(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "包头的评价机构给我列一下", user="tg:place-list", role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY
    assert "范围:内蒙古·包头市" in first_line(reply)
    assert "北方重工" in reply.text
    assert "呼伦贝尔" not in reply.text


def test_how_many_in_a_city_counts_that_city(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "石河子那边有几家评价机构", user="tg:place-count", role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY
    assert "范围:兵团·第八师石河子市" in first_line(reply)
    assert "共4条" in first_line(reply)


def test_the_rows_still_in_force_are_picked_from_the_list(sample_engine: Engine) -> None:
    reply = follow_up(
        sample_engine, "包头的评价机构给我列一下", "哪些现在还能正常评", user="tg:place-valid", role=Role.REGULATOR
    )
    assert first_line(reply).startswith("名单中符合的有2家")
    assert "北方重工" in reply.text and "钢城技师学院" in reply.text
    assert "鹿城评价" not in reply.text


def test_stopped_agencies_are_a_list_refused_to_applicants(sample_engine: Engine) -> None:
    reply = follow_up(
        sample_engine, "兵团评价机构备案有效期几年", "那兵团现在哪些机构被停了,为啥停", user="tg:place-stopped", role=Role.APPLICANT
    )
    assert "暂停(核查中)清单仅向主管部门" in first_line(reply)
    assert "伊河建设" not in reply.text


def test_stopped_for_a_reason_is_the_suspended_list(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "内蒙古有哪几家因为题库不合格被责令停止认定了", user="tg:place-bank", role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY
    assert "暂停" in first_line(reply)
    assert "二连安检评价站" in reply.text


def test_less_of_a_refused_list_is_refused_too(sample_engine: Engine) -> None:
    first = "我是津南评价的,想看看天津现在被暂停的机构都有哪些"
    reply = follow_up(sample_engine, first, "就告诉我东丽区的也行", user="tg:place-less", role=Role.STAFF)
    assert "暂停(核查中)清单仅向主管部门" in first_line(reply)
    assert "民航乘务" not in reply.text


def test_less_of_a_regulators_list_is_that_part(sample_engine: Engine) -> None:
    first = "我是津南评价的,想看看天津现在被暂停的机构都有哪些"
    listed = ask(sample_engine, first, user="tg:place-less-reg", role=Role.REGULATOR)
    assert "范围:天津)" in first_line(listed)  # 津南 of 津南评价 is no place asked of
    reply = ask(sample_engine, "就告诉我东丽区的也行", user="tg:place-less-reg", role=Role.REGULATOR)
    assert "天津·东丽区" in reply.text
    assert "暂停" in reply.text


def test_a_place_is_named_as_a_place_not_as_part_of_a_name() -> None:
    assert named_place("第十一师的机构").name == "第十一师"
    assert named_place("八师有几家").name == "第八师石河子市"
    assert named_place("第八师哪些机构快到期了").name == "第八师石河子市"
    assert named_place("我是津南评价的") is None
    assert named_place("包头钢城技师学院现在还有效吗") is None
    assert named_place("阿拉尔和五家渠") is None  # two places: none of them alone


def test_a_division_asked_which_is_that_division(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "第八师哪些机构快到期了", user="tg:place-division", role=Role.REGULATOR)
    assert "范围:兵团·第八师石河子市" in first_line(reply)
    assert "天山电气" in reply.text
    assert "博瑞评价" not in reply.text
