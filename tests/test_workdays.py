"""Working-day and month arithmetic, date parsing and the known-years caveat."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from errors import InvalidDateError
from tools.workdays import (
    add_months,
    add_workdays,
    calendar_caveat,
    count_workdays,
    estimated_years,
    is_known_year,
    is_workday,
    known_years,
    next_workday,
    parse_date,
    validate_input_date,
)

# Spans both unknown ranges (before 2004 and after the calendar's last year) and the known one.
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=0, max_value=60)


# ---------------------------------------------------------------- official calendar
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 10, 1), False),  # National Day
        (date(2026, 10, 10), True),  # make-up Saturday
        (date(2025, 1, 26), True),  # make-up Sunday before Spring Festival
        (date(2025, 1, 29), False),  # Spring Festival
        (date(2024, 5, 6), True),  # ordinary Monday
        (date(2024, 5, 11), True),  # make-up Saturday after Labour Day
        (date(2024, 5, 12), False),  # ordinary Sunday
    ],
)
def test_official_calendar(day: date, working: bool) -> None:
    assert is_workday(day) is working


def test_add_workdays_skips_golden_week() -> None:
    # 2026-09-30 (Wed) + 1 working day: Oct 1-7 are off, Oct 8 is the first working day.
    assert add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert count_workdays(date(2026, 9, 30), date(2026, 10, 8)) == 1


def test_start_day_not_counted() -> None:
    monday = date(2024, 5, 6)
    assert add_workdays(monday, 1) == date(2024, 5, 7)
    assert add_workdays(monday, 0) == monday


def test_negative_count_rejected() -> None:
    with pytest.raises(ValueError):
        add_workdays(date(2024, 5, 6), -1)


# ---------------------------------------------------------------- beyond the calendar
def test_unknown_year_falls_back_to_weekdays() -> None:
    last = known_years()[1]
    year = last + 1
    assert not is_known_year(year)
    saturday = next(date(year, 1, d) for d in range(1, 8) if date(year, 1, d).weekday() == 5)
    assert not is_workday(saturday)
    assert is_workday(saturday + timedelta(days=2))


def test_caveat_names_estimated_years() -> None:
    last = known_years()[1]
    years = estimated_years(date(last, 12, 1), date(last + 2, 1, 1))
    assert years == (last + 1, last + 2)
    text = calendar_caveat(years)
    assert text is not None and f"{last + 1}年" in text and "周一至周五" in text
    assert calendar_caveat([]) is None
    assert estimated_years(date(2010, 1, 1), date(2012, 1, 1)) == ()


# ---------------------------------------------------------------- properties
@settings(max_examples=150, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=60))
def test_add_workdays_lands_on_workday_and_counts_exactly(start: date, n: int) -> None:
    result = add_workdays(start, n)
    assert result > start
    assert is_workday(result)
    assert count_workdays(start, result) == n
    assert count_workdays(start, result - timedelta(days=1)) == n - 1


@settings(max_examples=100, deadline=None)
@given(a=dates, b=dates, n=counts)
def test_add_workdays_monotonic_in_start(a: date, b: date, n: int) -> None:
    low, high = sorted((a, b))
    assert add_workdays(low, n) <= add_workdays(high, n)


@settings(max_examples=100, deadline=None)
@given(start=dates, n=counts, extra=st.integers(min_value=0, max_value=20))
def test_add_workdays_monotonic_in_count(start: date, n: int, extra: int) -> None:
    assert add_workdays(start, n) <= add_workdays(start, n + extra)


@given(day=dates)
def test_next_workday(day: date) -> None:
    found = next_workday(day)
    assert found >= day and is_workday(found)
    assert all(not is_workday(day + timedelta(days=i)) for i in range((found - day).days))


@given(day=dates, months=st.integers(min_value=-120, max_value=120))
def test_add_months_keeps_or_clamps_day(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved.day < day.day and (moved + timedelta(days=1)).day == 1)
    if day.day <= 28:
        assert add_months(moved, -months) == day


@given(a=dates, b=dates, months=st.integers(min_value=-60, max_value=60))
def test_add_months_monotonic(a: date, b: date, months: int) -> None:
    low, high = sorted((a, b))
    assert add_months(low, months) <= add_months(high, months)


def test_month_end_convention() -> None:
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 5, 10), 36) == date(2026, 5, 10)
    assert add_months(date(2026, 5, 31), -3) == date(2026, 2, 28)


# ---------------------------------------------------------------- parsing user dates
@pytest.mark.parametrize(
    "text", ["2024-05-10", "2024/5/10", "2024.5.10", "2024年5月10日", "2024年5月10号", "20240510",
             "２０２４－０５－１０", " 2024-05-10 "],
)
def test_parse_date_formats(text: str) -> None:
    assert parse_date(text) == date(2024, 5, 10)


def test_impossible_date_names_the_month_length() -> None:
    with pytest.raises(InvalidDateError) as info:
        parse_date("2024年2月30日")
    assert "只有29天" in info.value.message_zh
    with pytest.raises(InvalidDateError) as info:
        parse_date("2023-02-29")
    assert "只有28天" in info.value.message_zh


@pytest.mark.parametrize("text", ["2024-13-01", "明天", "", "2024-5", "10/05/2024"])
def test_unparseable_dates(text: str) -> None:
    with pytest.raises(InvalidDateError) as info:
        parse_date(text)
    assert info.value.message_zh  # always a Chinese message


def test_far_future_and_too_early_rejected() -> None:
    today = date(2026, 1, 1)
    assert validate_input_date(date(2035, 12, 31), today) == date(2035, 12, 31)
    with pytest.raises(InvalidDateError) as info:
        validate_input_date(date(2999, 1, 1), today)
    assert "太远" in info.value.message_zh
    with pytest.raises(InvalidDateError) as info:
        validate_input_date(date(1999, 12, 31), today)
    assert "太早" in info.value.message_zh
