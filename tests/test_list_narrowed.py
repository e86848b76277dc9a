"""A list narrowed by the next message: "只看内蒙古的", "光看兵团的", "只看用人单位的".

A regulator who has just seen a list of filings narrows it the way people do in a
messenger: to a region (the same list asked there: "内蒙古的有几家", "查下天津的") or to a kind, area or state of its rows
(the rows of the list that fit). After a policy question the same words ask that question
of the region named. "兵团现在有多少家评价机构" is the region's whole registry, counted, for
a regulator, and refused to anybody else. Conversations run on SQLite and PostgreSQL (`sample_engine`).
"""

from __future__ import annotations

import re

import pytest

from bot.engine import Engine
from bot.messages import Intent, Role
from tests.replies import cited, first_line, follow_up

_NUMBER = re.compile(r"^([A-Z]{2})-\d{4}-\d{4} ", re.MULTILINE)


@pytest.mark.parametrize(
    ("narrowing", "prefix", "region"),
    [
        ("只看内蒙古的", "NM", "内蒙古"), ("光看兵团的", "BT", "兵团"), ("筛一下天津的", "TJ", "天津"),
        ("内蒙古的有几家", "NM", "内蒙古"), ("再看看兵团的", "BT", "兵团"), ("查下天津的", "TJ", "天津"),
    ],
)
def test_a_list_narrowed_to_a_region_lists_that_region_only(
    sample_engine: Engine, narrowing: str, prefix: str, region: str
) -> None:
    user = f"tg:narrow-{prefix}-{len(narrowing)}"
    reply = follow_up(sample_engine, "目前暂停的评价机构有哪些", narrowing, user=user, role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY
    assert f"(范围:{region})" in first_line(reply)
    regions = set(_NUMBER.findall(reply.text))
    assert regions == {prefix}


def test_a_list_narrowed_to_a_kind_keeps_its_rows_of_that_kind(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "目前暂停的评价机构有哪些", "只看用人单位的", user="tg:narrow-kind", role=Role.REGULATOR)
    rows = [line for line in reply.text.splitlines() if _NUMBER.match(line)]
    assert len(rows) >= 2
    assert all("用人单位)" in row and "暂停" in row for row in rows)


@pytest.mark.parametrize("question", ["兵团现在有多少家评价机构", "列一下兵团所有的评价机构", "兵团有哪些备案的评价机构"])
def test_every_filing_of_a_region_is_counted_for_a_regulator(sample_engine: Engine, question: str) -> None:
    reply = follow_up(sample_engine, "你好", question, user=f"tg:narrow-all-{len(question)}", role=Role.REGULATOR)
    assert reply.intent is Intent.REGISTRY
    assert re.match(r"登记册统计\(范围:兵团\):共\d+条", first_line(reply))
    assert set(_NUMBER.findall(reply.text)) == {"BT"}


def test_every_filing_of_a_region_is_refused_to_an_applicant(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "你好", "兵团现在有多少家评价机构", user="tg:narrow-all-app", role=Role.APPLICANT)
    assert not reply.covered
    assert not _NUMBER.search(reply.text) and "示例" not in reply.text


def test_after_a_policy_question_the_words_ask_it_of_that_region(sample_engine: Engine) -> None:
    reply = follow_up(sample_engine, "兵团评价机构备案有效期几年", "只看天津的", user="tg:narrow-policy")
    assert cited(reply)[0] == "tianjin2020"
    assert "3年" in first_line(reply)
