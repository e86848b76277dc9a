"""A row of a list picked by what it is, a new question after a lookup, a filing's term from a told day.

- A regulator's list says how a filing ended (责令终止, 自愿终止, 自动终止), and the next message
  may pick its one row by that, by its kind of body ("里面有没有用人单位") or by its area
  ("胡杨河那家呢"); when several rows fit, the list is narrowed to them; "原因都是啥" asks for
  the list's reasons.
- After a lookup, a full question naming a place ("内蒙古事业单位能申报评价机构吗") is that
  place's rule, not the agency again; 评价机构 names no occupation. A rule asked of the agency
  ("它要是过期了没续会咋样") keeps it the subject of the next "它".
- "有效期多长" / "备案能管几年" with a filing day told (拿的备案回函, 公布的), in one message or
  the next, is answered with the expiry that day gives.
- A deadline question ("续期最晚啥时候交") is answered by the period counted from an event
  ("有效期满3个月前"), not by how long a renewed term lasts.

Conversations run on SQLite and PostgreSQL (`sample_engine`).
"""

from __future__ import annotations

import re

import pytest

from bot.engine import Engine
from bot.intents import ApplicantType
from bot.list_pick import listed_rows, picked_row, picked_rows
from bot.messages import Intent, Role
from bot.question import occupation_of
from tests.replies import ask, cited, first_line, follow_up

_NUMBER = re.compile(r"^([A-Z]{2}-\d{4}-\d{4}) ", re.MULTILINE)

# ------------------------------------------------------------ rows picked by what they are


def test_a_list_of_terminations_says_how_each_ended(sample_engine: Engine) -> None:
    listed = ask(sample_engine, "兵团哪些机构终止了备案", user="tg:attr-1", role=Role.REGULATOR)
    assert listed.intent is Intent.REGISTRY
    assert "【责令终止】" in listed.text and "【自愿终止】" in listed.text and "【自动终止】" in listed.text


@pytest.mark.parametrize(
    ("listed", "pick", "number"),
    [
        ("兵团哪些机构终止了备案", "哪家是自愿终止的", "BT-2025-0005"),  # how it ended
        ("天津有哪些暂停的机构", "里面有没有用人单位", "TJ-2025-0001"),  # whether a kind is among them
        ("兵团哪些机构终止了备案", "胡杨河那家呢", "BT-2025-0005"),  # its area
    ],
)
def test_the_one_row_fitting_what_is_asked_is_looked_up(sample_engine: Engine, listed: str, pick: str, number: str) -> None:
    reply = follow_up(sample_engine, listed, pick, user=f"tg:attr-{number}-{len(pick)}", role=Role.REGULATOR)
    assert reply.intent is Intent.STATUS and f"备案编号:{number}" in reply.text


def test_reasons_asked_with_a_word_between(sample_engine: Engine) -> None:
    user = "tg:attr-5"
    ask(sample_engine, "天津有哪些暂停的机构", user=user, role=Role.REGULATOR)
    reply = ask(sample_engine, "原因都是啥", user=user, role=Role.REGULATOR)
    assert first_line(reply).startswith("原因(名录记录):")
    picked = ask(sample_engine, "第一家是哪个", user=user, role=Role.REGULATOR)
    assert picked.intent is Intent.STATUS  # the list's rows outlive the reasons reply


def test_attributes_pick_one_row_or_none() -> None:
    rows = listed_rows(
        "共3条。\n"
        "TJ-2026-0004 示例…(天津·河东区·社会培训评价组织)【责令终止】2026-08-01起 …\n"
        "TJ-2025-0004 示例…(天津·红桥区·社会培训评价组织)【自愿终止】2026-09-01起 …\n"
        "TJ-2025-0007 示例…(天津·静海区·社会培训评价组织)【责令终止】2026-10-01起 …"
    )
    assert rows[0] == ("TJ-2026-0004", "社会培训评价组织", "河东区", "责令终止", "")
    assert picked_row("哪家是自愿的", rows) == "TJ-2025-0004"
    assert picked_row("静海那家呢", rows) == "TJ-2025-0007"
    assert picked_row("哪家是被责令终止的", rows) is None  # two were …
    assert picked_rows("哪家是被责令终止的", rows) == ["TJ-2026-0004", "TJ-2025-0007"]  # … both picked
    assert picked_row("河东那家是被责令的吗", rows) == "TJ-2026-0004"  # area and state together
    assert picked_row("有没有用人单位", rows, ApplicantType.EMPLOYER) is None  # none is
    assert picked_row("静海的规定是啥", rows) is None  # names the area, asks no row


def test_the_first_to_run_out_is_by_expiry_in_a_list_by_change() -> None:
    rows = listed_rows(
        "暂停(核查中)的备案(范围:兵团):共2条。\n"
        "BT-2026-0001 示例…(兵团·第十二师·职业资格评价机构)【暂停(核查中)】2026-10-01起 …(有效期至2029-02-16)\n"
        "BT-2024-0002 示例…(兵团·第四师可克达拉市·用人单位)【暂停(核查中)】2026-11-01起 …(有效期至2027-11-21)"
    )
    assert picked_row("最早到期那家是哪个", rows) == "BT-2024-0002"  # by expiry
    assert picked_row("最早暂停的是哪家", rows) == "BT-2026-0001"  # by the list's own order


def test_several_rows_fitting_narrow_the_list(sample_engine: Engine) -> None:
    user = "tg:attr-10"
    ask(sample_engine, "天津哪些评价机构已经终止备案了", user=user, role=Role.REGULATOR)
    reply = ask(sample_engine, "哪家是被责令终止的", user=user, role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY and first_line(reply).startswith("名单中符合的有2家")
    assert set(_NUMBER.findall(reply.text)) == {"TJ-2025-0007", "TJ-2026-0004"}
    assert "自愿终止" not in reply.text
    second = ask(sample_engine, "第二家呢", user=user, role=Role.REGULATOR)
    assert second.intent is Intent.STATUS and "备案编号:TJ-2026-0004" in second.text  # of the narrowed list


# ------------------------------------------------------------ a new question after a lookup


def test_a_question_naming_a_place_after_a_lookup_is_that_places_rule(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "查下天山电气", "内蒙古事业单位能申报评价机构吗", user="tg:attr-6")
    assert reply.intent is Intent.POLICY and cited(reply) == ("neimenggu2024", 10)
    assert "天山电气" not in reply.text


def test_the_agency_stays_the_subject_after_a_rule_asked_of_it(sample_engine: Engine) -> None:
    user = "tg:attr-11"
    ask(sample_engine, "绿洲机电还有效吗", user=user)
    rule = ask(sample_engine, "它要是过期了没续会咋样", user=user)
    assert rule.intent is Intent.POLICY  # the region's rule, the agency its example
    reply = ask(sample_engine, "它能评钳工吗", user=user)
    assert reply.intent is Intent.STATUS and "备案编号:BT-2025-0001" in reply.text
    assert first_line(reply).startswith("可以")


def test_an_evaluation_agency_is_no_occupation() -> None:
    assert occupation_of("内蒙古事业单位能申报评价机构吗", []) is None
    assert occupation_of("它能评焊工吗", []) == "焊工"


# ------------------------------------------------------------ a filing's term from a told day


def test_a_reply_letter_told_after_how_long_gives_the_expiry(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "天津备案有效期多长", "我们是2024年9月9号拿的备案回函", user="tg:attr-7")
    assert "有效期至2027年9月9日" in first_line(reply)


def test_a_day_published_is_the_filings_day_for_its_term(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "内蒙这边备案能管几年 我们是2024年4月20号公布的", user="tg:attr-8")
    assert reply.intent is Intent.DEADLINE
    assert "有效期至2027年4月20日" in first_line(reply) and first_line(reply).startswith("备案有效期为3年")


def test_a_deadline_is_the_period_counted_from_an_event(sample_engine: Engine) -> None:
    reply = ask(sample_engine, "兵团续期最晚啥时候交", user="tg:attr-9")
    assert cited(reply) == ("bingtuan2025", 10)
    assert "有效期满3个月前" in first_line(reply)
