"""Calendar arithmetic for deadlines: official working days, months and years, user dates.

Working days follow the State Council holiday schedule as published in
`chinese_calendar` (statutory holidays off, make-up Saturdays/Sundays on). That
package only knows the years it ships with and raises NotImplementedError
outside them; here such years fall back to "Monday to Friday" and every caller
gets the list of estimated years so the answer can carry a caveat instead of a
silent guess.

Conventions (stated once, used everywhere):
- `add_workdays(d, n)`: the n-th working day after d; d itself is not counted.
- `count_workdays(a, b)`: working days in the half-open range (a, b].
- `add_months(d, n)`: same day of month, clamped to the month's last day
  (2024-01-31 + 1 month = 2024-02-29; 2024-02-29 + 12 months = 2025-02-28).

User input dates are parsed and bounded here too, so every tool rejects 2月30日
or the year 2999 with the same Chinese message.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

from errors import InvalidDateError

__all__ = [
    "EARLIEST_INPUT_DATE",
    "MAX_YEARS_AHEAD",
    "add_months",
    "add_workdays",
    "calendar_caveat",
    "count_workdays",
    "estimated_years",
    "format_date_zh",
    "is_known_year",
    "is_workday",
    "known_years",
    "month_end",
    "next_workday",
    "parse_date",
    "validate_input_date",
]

EARLIEST_INPUT_DATE = date(2000, 1, 1)  # before any filing regime the corpus describes
MAX_YEARS_AHEAD = 10  # filings run 3 years; a decade ahead is already a typo, not a plan

_DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
)


@lru_cache(maxsize=1)
def known_years() -> tuple[int, int]:
    """First and last year whose official holiday schedule `chinese_calendar` knows."""
    years = [day.year for day in chinese_calendar.holidays]
    return min(years), max(years)


def is_known_year(year: int) -> bool:
    first, last = known_years()
    return first <= year <= last


def is_workday(day: date) -> bool:
    """Official working day; outside the known years, Monday to Friday (see `estimated_years`)."""
    if is_known_year(day.year):
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def next_workday(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def add_workdays(start: date, count: int) -> date:
    """The `count`-th working day after `start` (start not counted); `count` must be >= 0."""
    if count < 0:
        raise ValueError("count must be >= 0")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day


def count_workdays(start: date, end: date) -> int:
    """Working days in (start, end]; 0 when end <= start."""
    total = 0
    day = start + timedelta(days=1)
    while day <= end:
        total += is_workday(day)
        day += timedelta(days=1)
    return total


def estimated_years(*days: date) -> tuple[int, ...]:
    """Years spanned by `days` (first to last) whose working days are only estimated."""
    if not days:
        return ()
    low, high = min(days).year, max(days).year
    return tuple(year for year in range(low, high + 1) if not is_known_year(year))


def calendar_caveat(years: Iterable[int]) -> str | None:
    """The Chinese caveat for working days counted in years the calendar does not know."""
    years = sorted(set(years))
    if not years:
        return None
    first, last = known_years()
    shown = "、".join(f"{y}年" for y in years)
    return (
        f"所用节假日日历只收录{first}年至{last}年的放假安排,{shown}的法定节假日和调休尚未收录,"
        f"工作日暂按周一至周五估算;请以国务院办公厅公布的当年放假安排为准。"
    )


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """Same day of month `months` later (or earlier), clamped to the last day of the month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def format_date_zh(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def parse_date(text: str | date) -> date:
    """Parse 2024-05-10, 2024/5/10, 2024.5.10, 2024年5月10日 or 20240510 (full-width digits too).

    An impossible date (2月30日) names the month's real length; anything else that is
    not a date gets the default InvalidDateError message.
    """
    if isinstance(text, date):
        return text
    cleaned = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    for pattern in _DATE_PATTERNS:
        match = pattern.match(cleaned)
        if match:
            year, month, day = (int(match.group(g)) for g in ("y", "m", "d"))
            break
    else:
        raise InvalidDateError(f"无法识别日期“{text}”,请按“2024年5月10日”或“2024-05-10”的格式输入。")
    if not 1 <= month <= 12:
        raise InvalidDateError(f"日期“{text}”无效:月份应在1到12之间。")
    if year < 1:
        raise InvalidDateError(f"日期“{text}”无效:年份不正确。")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise InvalidDateError(
            f"日期“{text}”不存在:{year}年{month}月只有{days_in_month}天,请检查日期。"
        )
    return date(year, month, day)


def validate_input_date(day: date, today: date | None = None) -> date:
    """Reject dates before 2000 or more than MAX_YEARS_AHEAD years after today."""
    today = today or date.today()
    latest = add_months(today, 12 * MAX_YEARS_AHEAD)
    if day < EARLIEST_INPUT_DATE:
        raise InvalidDateError(
            f"日期{format_date_zh(day)}太早了:只能计算{format_date_zh(EARLIEST_INPUT_DATE)}以后的日期。"
        )
    if day > latest:
        raise InvalidDateError(
            f"日期{format_date_zh(day)}太远了:只能计算{format_date_zh(latest)}之前的日期,请检查年份是否输错。"
        )
    return day
