"""How far ahead a regulator's plain-text "快到期" list looks."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.engine import Engine
from bot.horizons import horizon_days
from bot.messages import Intent, Role, UserInput
from db.seed import seed_sample
from db.session import session_scope, today_cn

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("兵团哪些机构明年上半年到期", date(2027, 6, 30)),
        ("明年到期的有哪些", date(2027, 12, 31)),
        ("今年年底前到期的机构", date(2026, 12, 31)),
        ("下个月到期的", date(2027, 1, 31)),
        ("哪些机构半年内到期", date(2027, 6, 1)),
        ("一年内到期的", date(2027, 12, 1)),
        ("3个月内到期的有哪些", date(2027, 3, 1)),
        ("两周内到期", date(2026, 12, 15)),
        ("30天内到期", date(2026, 12, 31)),
        ("明年1月底之前到期的", date(2027, 1, 31)),
        ("一月底前到期的有哪些", date(2027, 1, 31)),  # January of this year has passed
        ("6月底前到期", date(2027, 6, 30)),  # a month named, not six months
        ("今年12月底前到期的", date(2026, 12, 31)),
    ],
)
def test_the_period_a_question_names_is_counted_in_days(text: str, end: date) -> None:
    assert horizon_days(text, TODAY) == (end - TODAY).days


def test_no_period_named_leaves_the_default() -> None:
    assert horizon_days("快到期的有哪些", TODAY) is None
    assert horizon_days("13月底前到期", TODAY) is None  # no such month


def test_a_regulator_asking_for_a_period_gets_that_window(engine_on_each_database: Engine) -> None:
    """The sample registry is shifted to today, so its expiries lie at fixed distances: half a
    year reaches filings the default 90 days would leave out."""
    with session_scope(engine_on_each_database.database_url) as session:
        seed_sample(session=session, today=today_cn())
    today = today_cn()

    def ask(text: str) -> str:
        reply = engine_on_each_database.handle(UserInput(user_id="tg:900", text=text, role=Role.REGULATOR))
        assert reply.intent is Intent.REGISTRY
        return reply.text

    half_year = ask("哪些机构半年内到期")
    days = horizon_days("半年内", today)
    assert days is not None and half_year.startswith(f"{days}天内到期的备案")
    left = [int(d) for d in re.findall(r"剩余(\d+)天", half_year)]
    assert left and max(left) > 90 and all(d <= days for d in left)

    next_half = ask("兵团哪些机构明年上半年到期")
    assert next_half.startswith(f"{(date(today.year + 1, 6, 30) - today).days}天内到期的备案")


def test_a_kind_left_out_is_not_the_kind_listed(engine_on_each_database: Engine) -> None:
    """"明年1月底之前到期的 已经过期的先不算": the expiring ones, to the end of January; the
    lapsed ones the question leaves out used to make it the list of lapsed filings."""
    with session_scope(engine_on_each_database.database_url) as session:
        seed_sample(session=session, shift=False)
    reply = engine_on_each_database.handle(UserInput(
        user_id="tg:901", text="帮我看下兵团有哪些机构 明年1月底之前到期的 已经过期的先不算", role=Role.REGULATOR,
    ))
    assert reply.intent is Intent.REGISTRY
    head = reply.text.splitlines()[0]
    assert "到期的备案" in head and "已过期" not in head
    assert "天山电气" in reply.text  # 有效期至 2027-01-26 in the sample registry


def test_anyone_may_ask_which_agencies_evaluate_a_trade(engine_on_each_database: Engine) -> None:
    """"兵团有哪些机构能考电工三级": the filings in force whose scope holds 电工 at 三级, for any
    user (what /status shows anyone); 额河能源 files 电工 to 四级 only, suspended and lapsed
    filings are left out. A level alone ("哪些机构能评特级技师") is a rule question, not this list."""
    with session_scope(engine_on_each_database.database_url) as session:
        seed_sample(session=session, shift=False)

    def ask(text: str, role: Role = Role.APPLICANT) -> object:
        return engine_on_each_database.handle(UserInput(user_id="tg:902", text=text, role=role))

    reply = ask("兵团有哪些机构能考电工三级")
    assert reply.intent is Intent.REGISTRY
    assert reply.text.startswith("可评价电工(高级工/三级)的在册机构")
    for name in ("绿洲机电", "天山机电", "天山电气", "阿拉尔技校"):
        assert name in reply.text
    assert "额河能源" not in reply.text
    assert "【暂停】" not in reply.text and "已过期" not in reply.text
    assert ask("哪些机构能评特级技师").intent is not Intent.REGISTRY
