"""Date mentions in chat text: forms, spans, precision, impossible dates and flags."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dates import DateFlag, ParsedDate, Precision, first_problem, parse_dates
from corpus.numerals import to_chinese
from errors import InvalidDateError

TODAY = date(2026, 6, 1)


def only(text: str) -> ParsedDate:
    found = parse_dates(text, TODAY)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "mention", "expected", "precision"),
    [
        ("我们2023年5月10日备案的,什么时候要续期?", "2023年5月10日", date(2023, 5, 10), Precision.DAY),
        ("2023-5-10备案", "2023-5-10", date(2023, 5, 10), Precision.DAY),
        ("于2023/05/10提交", "2023/05/10", date(2023, 5, 10), Precision.DAY),
        ("2023.5.10", "2023.5.10", date(2023, 5, 10), Precision.DAY),
        ("20230510备案", "20230510", date(2023, 5, 10), Precision.DAY),
        ("二〇二三年五月十日备案", "二〇二三年五月十日", date(2023, 5, 10), Precision.DAY),
        ("2023年5月10号", "2023年5月10号", date(2023, 5, 10), Precision.DAY),
        ("2023年5月10备案的", "2023年5月10", date(2023, 5, 10), Precision.DAY),
        ("２０２３年５月１０日", "２０２３年５月１０日", date(2023, 5, 10), Precision.DAY),
        ("2023年5月备案", "2023年5月", date(2023, 5, 1), Precision.MONTH),
        ("2023-05备案", "2023-05", date(2023, 5, 1), Precision.MONTH),
        ("我们2023年备案的", "2023年", date(2023, 1, 1), Precision.YEAR),
        ("十二月三十一日", "十二月三十一日", date(2026, 12, 31), Precision.DAY),
    ],
)
def test_forms(text: str, mention: str, expected: date, precision: Precision) -> None:
    found = only(text)
    assert (found.value, found.precision, found.text) == (expected, precision, mention)
    assert text[found.start : found.end] == mention


def test_two_digit_year_is_month_precision_and_flagged() -> None:
    found = only("我们是23年5月备案的")
    assert found.value == date(2023, 5, 1)
    assert found.precision is Precision.MONTH
    assert DateFlag.TWO_DIGIT_YEAR in found.flags


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("去年5月备案的", date(2025, 5, 1), Precision.MONTH),
        ("今年3月10日", date(2026, 3, 10), Precision.DAY),
        ("昨天收到的", date(2026, 5, 31), Precision.DAY),
        ("上个月10号", date(2026, 5, 10), Precision.DAY),
        ("上周五考完的", date(2026, 5, 29), Precision.DAY),  # TODAY is a Monday
    ],
)
def test_relative_dates_use_today(text: str, expected: date, precision: Precision) -> None:
    found = only(text)
    assert (found.value, found.precision) == (expected, precision)
    assert DateFlag.RELATIVE in found.flags


def test_year_inferred_is_flagged() -> None:
    found = only("3月5日结束的")
    assert found.value == date(2026, 3, 5)
    assert DateFlag.YEAR_INFERRED in found.flags


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2月30日", "2月30日不存在"),
        ("2023年2月30日备案", "2月30日不存在"),
        ("2023年13月", "13月不存在"),
        ("2023-4-31", "4月31日不存在"),
        ("2023年2月29日", "2023年没有2月29日(2023年不是闰年)"),
        ("2月29日", "今年(2026年)没有2月29日,请补充年份"),
        ("2023年0月5日", "0月不存在"),
    ],
)
def test_impossible_dates_are_reported_not_skipped(text: str, problem: str) -> None:
    found = only(text)
    assert found.value is None
    assert found.problem == problem
    assert not found.ok
    assert first_problem([found]) == problem
    with pytest.raises(InvalidDateError) as info:
        found.require()
    assert problem in info.value.message_zh


def test_leap_day_in_leap_year_is_fine() -> None:
    assert only("2024年2月29日").value == date(2024, 2, 29)


def test_far_future_and_far_past_are_returned_but_flagged() -> None:
    future = only("2035年1月1日")
    assert future.value == date(2035, 1, 1)
    assert {DateFlag.FUTURE, DateFlag.FAR_FUTURE} <= future.flags
    near = only("2027年1月1日")
    assert DateFlag.FUTURE in near.flags and DateFlag.FAR_FUTURE not in near.flags
    assert DateFlag.FAR_PAST in only("1985年3月1日").flags


@pytest.mark.parametrize(
    "text",
    [
        "每年4月和10月各进行一次",  # recurring, not a date
        "有效期满3个月前提交",
        "备案有效期为3年",
        "BT-2023-0001 还有效吗",
        "NM-2024-012",
        "TJ2020001",
        "《国家职业标准编制技术规程(2023年版)》",
        "人社部发〔2019〕90号",
        "5个工作日内",
    ],
)
def test_not_dates(text: str) -> None:
    assert parse_dates(text, TODAY) == []


def test_several_mentions_in_order() -> None:
    found = parse_dates("2023年5月10日备案,2024-06-30公示", TODAY)
    assert [d.value for d in found] == [date(2023, 5, 10), date(2024, 6, 30)]


# ---- round trips -----------------------------------------------------------------------

def _chinese(day: date) -> str:
    digits = "〇一二三四五六七八九"
    year = "".join(digits[int(ch)] for ch in str(day.year))
    return f"{year}年{to_chinese(day.month)}月{to_chinese(day.day)}日"


FORMATTERS = [
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}号",
    lambda d: f"{d.year}-{d.month}-{d.day}",
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}{d.month:02d}{d.day:02d}",
    _chinese,
]
PADDING = st.text(alphabet="我们备案的什么时候要续期,?评价机构 ", max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
    fmt=st.sampled_from(FORMATTERS),
    before=PADDING,
    after=PADDING,
)
def test_round_trip(day: date, fmt, before: str, after: str) -> None:  # type: ignore[no-untyped-def]
    mention = fmt(day)
    text = before + mention + after
    found = only(text)
    assert found.value == day
    assert found.precision is Precision.DAY
    assert text[found.start : found.end] == mention


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_never_raises_on_any_text(text: str) -> None:
    for found in parse_dates(text, TODAY):
        assert (found.value is None) == (found.problem is not None)
        assert text[found.start : found.end] == found.text


def test_a_month_and_day_written_with_a_dot_or_slash() -> None:
    from datetime import date

    from bot.dates import parse_dates

    today = date(2026, 12, 1)
    assert [d.value for d in parse_dates("我们11.20考完的", today)] == [date(2026, 11, 20)]
    assert [d.value for d in parse_dates("3/15备案", today)] == [date(2026, 3, 15)]
    # Amounts, counts and article numbers are not dates.
    for text in ("1.5万元", "3.5个工作日", "第2.1条", "考了8.5分", "2.5倍", "10:30"):
        assert parse_dates(text, today) == [], text
