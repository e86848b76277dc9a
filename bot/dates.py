"""Find the dates a user mentions in a chat message, so deadline tools get typed dates.

Users write dates every way: 2023年5月10日, 2023-5-10, 2023/05/10, 2023.5.10,
20230510, 23年5月, 二〇二三年五月十日, 去年5月, 5月10号, 昨天, 上周五. `parse_dates` finds each
mention with its span in the input and a precision (day, month or year), so the
engine can ask for the missing day instead of guessing it.

An impossible date (2月30日, 13月) is never skipped silently: it comes back as an
entry with `value=None` and a Chinese `problem` such as "2月30日不存在", which the
engine shows as is (or raises via `ParsedDate.require`). Guesses the parser had
to make are flags, not silence: a two-digit year, an inferred year, a relative
date, a date in the future or implausibly far away.

The patterns are one ordered table (`_patterns()`); overlapping matches are resolved
leftmost-longest, so 2023年5月10日 is one mention, not a date plus a month.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from bot.date_roles import DateRole, roles_for
from corpus.numerals import parse_chinese_number
from errors import InvalidDateError

__all__ = [
    "DateFlag",
    "DateRole",
    "ParsedDate",
    "Precision",
    "FAR_FUTURE_YEARS",
    "EARLIEST_PLAUSIBLE_YEAR",
    "first_problem",
    "parse_dates",
]

FAR_FUTURE_YEARS = 5  # a filing lasts 3 years, so a deadline further out than this is suspect
EARLIEST_PLAUSIBLE_YEAR = 1990  # before the skill-level system; flagged, still returned
TWO_DIGIT_YEAR_WINDOW = 20  # "23年" → 2023 unless that is over 20 years ahead, then 19xx


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"  # value is the 1st of the month
    YEAR = "year"  # value is 1 January


class DateFlag(StrEnum):
    """What the parser had to assume; the engine may confirm before computing a deadline."""

    TWO_DIGIT_YEAR = "two_digit_year"  # 23年5月 read as 2023
    YEAR_INFERRED = "year_inferred"  # 5月10日: no year given, this year assumed
    RELATIVE = "relative"  # 去年5月, 昨天: computed from `today`
    FUTURE = "future"  # after today
    FAR_FUTURE = "far_future"  # more than FAR_FUTURE_YEARS after today
    FAR_PAST = "far_past"  # before EARLIEST_PLAUSIBLE_YEAR


@dataclass(frozen=True)
class ParsedDate:
    """One date mention: `text` is `source[start:end]` of the string given to `parse_dates`."""

    text: str
    start: int
    end: int
    precision: Precision
    value: date | None  # None exactly when `problem` is set
    flags: frozenset[DateFlag] = frozenset()
    problem: str | None = None  # Chinese, e.g. "2月30日不存在"
    role: DateRole = DateRole.UNKNOWN  # what the date stands for, from the words around it

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def ok(self) -> bool:
        return self.problem is None

    def require(self) -> date:
        """The date, or InvalidDateError carrying the Chinese problem."""
        if self.value is None:
            raise InvalidDateError(f"{self.problem},请核对后重新输入。")
        return self.value


def first_problem(dates: list[ParsedDate]) -> str | None:
    """The first impossible date's message, for the engine's one-line reply."""
    return next((d.problem for d in dates if d.problem), None)


# ---- the patterns -------------------------------------------------------------------------

_CN_DIGIT = "〇零○一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"
_YEAR4 = rf"(?:\d{{4}}|[{_CN_DIGIT}]{{4}})"
_YEAR = rf"(?:\d{{4}}|\d{{2}}|[{_CN_DIGIT}]{{4}}|[{_CN_DIGIT}]{{2}})"
_MONTH = rf"(?:\d{{1,2}}|[{_CN_SMALL}]{{1,3}})"
_DAY = rf"(?:\d{{1,2}}|[{_CN_SMALL}]{{1,3}})"
# A day needs 日/号, except Arabic digits at a clause end ("2023年5月10备案的").
_DAY_PART = rf"(?:\s*(?P<d>{_DAY})\s*[日号號]|\s*(?P<d2>\d{{1,2}})(?![\d个天年月周多%]))"
_NOT_AFTER_NUMBER = rf"(?<![\dA-Za-z{_CN_DIGIT}十])"
_NOT_IN_CODE = r"(?<![A-Za-z0-9.\-/_])"

_RELATIVE_YEARS = {"前年": -2, "去年": -1, "上年": -1, "今年": 0, "本年": 0, "明年": 1, "后年": 2}
_RELATIVE_DAYS = {"前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1, "后天": 2}
_RELATIVE_MONTHS = {"上个月": -1, "上月": -1, "本月": 0, "这个月": 0, "下个月": 1, "下月": 1}
_RELATIVE_WEEKS = {
    "上上周": -2, "上周": -1, "上个星期": -1, "上星期": -1, "上个礼拜": -1, "上礼拜": -1,
    "本周": 0, "这周": 0, "这个星期": 0, "这星期": 0, "这个礼拜": 0, "这礼拜": 0,
    "下周": 1, "下个星期": 1, "下星期": 1, "下个礼拜": 1, "下礼拜": 1,
}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}

# A month with no year right after 每年/每 ("每年4月和10月") is a recurring time, not a date.
_RECURRING_BEFORE = re.compile(r"每")
_CN_POSITIONAL = {ch: (0 if ch in "〇零○" else "一二三四五六七八九".index(ch) + 1) for ch in _CN_DIGIT}


@dataclass(frozen=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]
    builder: Callable[[re.Match[str], date], tuple[int | None, int | None, int | None, set[DateFlag]]]
    precision_hint: Precision | None = None  # None: day if a day group matched, else month
    recurring_check: bool = False


def _num(text: str | None) -> int | None:
    """Month or day: Arabic digits or a Chinese numeral (十二, 三十一)."""
    if text is None:
        return None
    return int(text) if text.isdigit() else parse_chinese_number(text)


def _cn_positional(text: str) -> int:
    """Year digits written one by one: 二〇二三 → 2023; Arabic digits pass through."""
    if text.isdigit():
        return int(text)
    return int("".join(str(_CN_POSITIONAL[ch]) for ch in text))


def _year(text: str, today: date, flags: set[DateFlag]) -> int:
    year = _cn_positional(text)
    if len(text) == 2:
        flags.add(DateFlag.TWO_DIGIT_YEAR)
        year += 2000 if 2000 + year <= today.year + TWO_DIGIT_YEAR_WINDOW else 1900
    return year


def _day(m: re.Match[str]) -> int | None:
    groups = m.groupdict()
    raw = groups.get("d") or groups.get("d2")
    return _num(raw)


def _build_full(m: re.Match[str], today: date) -> tuple[int | None, int | None, int | None, set[DateFlag]]:
    flags: set[DateFlag] = set()
    return _year(m["y"], today, flags), _num(m["m"]), _day(m), flags


def _build_year_only(m: re.Match[str], today: date) -> tuple[int | None, int | None, int | None, set[DateFlag]]:
    flags: set[DateFlag] = set()
    return _year(m["y"], today, flags), None, None, flags


def _build_relative_year(m: re.Match[str], today: date) -> tuple[int | None, int | None, int | None, set[DateFlag]]:
    return today.year + _RELATIVE_YEARS[m["rel"]], _num(m["m"]), _day(m), {DateFlag.RELATIVE}


def _build_no_year(m: re.Match[str], today: date) -> tuple[int | None, int | None, int | None, set[DateFlag]]:
    return today.year, _num(m["m"]), _day(m), {DateFlag.YEAR_INFERRED}


def _build_relative_day(m: re.Match[str], today: date) -> tuple[int | None, int | None, int | None, set[DateFlag]]:
    day = today + timedelta(days=_RELATIVE_DAYS[m["rel"]])
    return day.year, day.month, day.day, {DateFlag.RELATIVE}


def _build_relative_month(m: re.Match[str], today: date) -> tuple[int | None, int | None, int | None, set[DateFlag]]:
    index = today.year * 12 + today.month - 1 + _RELATIVE_MONTHS[m["rel"]]
    return index // 12, index % 12 + 1, _day(m), {DateFlag.RELATIVE}


def _build_relative_week(m: re.Match[str], today: date) -> tuple[int | None, int | None, int | None, set[DateFlag]]:
    monday = today - timedelta(days=today.weekday())
    day = monday + timedelta(weeks=_RELATIVE_WEEKS[m["rel"]], days=_WEEKDAYS[m["wd"]])
    return day.year, day.month, day.day, {DateFlag.RELATIVE}


def _alt(words: dict[str, int]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[_Pattern, ...]:
    """The ordered pattern table, compiled on first use (importing the module stays cheap)."""
    return (
        _Pattern(  # 2023年5月10日, 23年5月, 二〇二三年五月十日, 2023年5月10
            "cn_full",
            re.compile(rf"{_NOT_AFTER_NUMBER}(?P<y>{_YEAR})\s*年\s*(?P<m>{_MONTH})\s*月份?(?:{_DAY_PART})?"),
            _build_full,
        ),
        _Pattern(  # 2023-5-10, 2023/05/10, 2023.5.10 (the same separator twice)
            "iso",
            re.compile(
                rf"{_NOT_IN_CODE}(?P<y>\d{{4}})\s*(?P<sep>[-/.])\s*(?P<m>\d{{1,2}})\s*(?P=sep)\s*(?P<d>\d{{1,2}})(?!\d)"
            ),
            _build_full,
        ),
        _Pattern(  # 20230510
            "compact",
            re.compile(rf"{_NOT_IN_CODE}(?P<y>(?:19|20)\d{{2}})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
            _build_full,
        ),
        _Pattern(  # 2023-05, 2023/5, 2023.5 (month precision)
            "iso_month",
            re.compile(rf"{_NOT_IN_CODE}(?P<y>(?:19|20)\d{{2}})\s*[-/.]\s*(?P<m>\d{{1,2}})(?![\d\-/.])"),
            _build_full,
        ),
        _Pattern(  # 2023年, 二〇二三年 (year precision; not 2023年版)
            "year_only",
            re.compile(rf"{_NOT_AFTER_NUMBER}(?P<y>{_YEAR4})\s*年(?!版)"),
            _build_year_only,
            precision_hint=Precision.YEAR,
        ),
        _Pattern(  # 去年5月, 今年3月10日
            "relative_year",
            re.compile(rf"(?P<rel>{_alt(_RELATIVE_YEARS)})\s*(?P<m>{_MONTH})\s*月份?(?:{_DAY_PART})?"),
            _build_relative_year,
        ),
        _Pattern(  # 上个月, 上个月10号
            "relative_month",
            re.compile(rf"(?P<rel>{_alt(_RELATIVE_MONTHS)})(?:\s*(?P<d>{_DAY})\s*[日号號])?"),
            _build_relative_month,
        ),
        _Pattern(  # 上周五, 下个星期一
            "relative_week",
            re.compile(rf"(?P<rel>{_alt(_RELATIVE_WEEKS)})(?:周|星期|礼拜)?(?P<wd>[一二三四五六日天1-7])"),
            _build_relative_week,
            precision_hint=Precision.DAY,
        ),
        _Pattern(  # 昨天, 今天
            "relative_day",
            re.compile(rf"(?P<rel>{_alt(_RELATIVE_DAYS)})"),
            _build_relative_day,
            precision_hint=Precision.DAY,
        ),
        _Pattern(  # 5月10日, 五月十号 (this year assumed)
            "month_day",
            re.compile(rf"{_NOT_AFTER_NUMBER}(?P<m>{_MONTH})\s*月份?\s*(?P<d>{_DAY})\s*[日号號]"),
            _build_no_year,
            recurring_check=True,
        ),
        _Pattern(  # 11.20, 3/15 (this year assumed): never a decimal, amount or count
            "month_day_dotted",
            re.compile(
                r"(?<![\d./\-:])(?P<m>1[0-2]|0?[1-9])\s*[./]\s*(?P<d>3[01]|[12]\d|0?[1-9])"
                r"(?![\d./\-:%‰万元分倍个人名次批年月天周岁版条款项号])"
            ),
            _build_no_year,
            recurring_check=True,
        ),
        _Pattern(  # 5月份, 五月 (month precision, this year assumed)
            "month_only",
            re.compile(rf"{_NOT_AFTER_NUMBER}(?P<m>\d{{1,2}}|[{_CN_SMALL}]{{1,3}})\s*(?:月份|月(?![底初中末]))"),
            _build_no_year,
            recurring_check=True,
        ),
    )

# Full-width digits and separators folded one-for-one, so spans stay valid for the input.
_FOLD = str.maketrans("０１２３４５６７８９－／．　", "0123456789-/. ")


def _validate(year: int, month: int | None, day: int | None, inferred_year: bool) -> str | None:
    """A Chinese message for an impossible date, or None."""
    if not date.min.year <= year <= date.max.year:  # "0000年": no calendar has a year 0
        return f"{year:04d}年不存在"
    if month is not None and not 1 <= month <= 12:
        return f"{month}月不存在"
    if day is None or month is None:
        return None
    if day < 1:
        return f"{month}月{day}日不存在"
    longest = 29 if month == 2 else calendar.monthrange(2000, month)[1]
    if day > longest:
        return f"{month}月{day}日不存在"
    if day > calendar.monthrange(year, month)[1]:  # only 2月29日 reaches here
        if inferred_year:
            return f"今年({year}年)没有{month}月{day}日,请补充年份"
        return f"{year}年没有{month}月{day}日({year}年不是闰年)"
    return None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap target year
        return day.replace(year=day.year + years, day=28)


def _make(m: re.Match[str], pattern: _Pattern, today: date, source: str) -> ParsedDate:
    year, month, day, flags = pattern.builder(m, today)
    assert year is not None
    if pattern.precision_hint is not None:
        precision = pattern.precision_hint
    else:
        precision = Precision.DAY if day is not None else Precision.MONTH
    problem = _validate(year, month, day, DateFlag.YEAR_INFERRED in flags)
    value: date | None = None
    if problem is None:
        value = date(year, month or 1, day or 1)
        if value > today:
            flags.add(DateFlag.FUTURE)
        if value > _add_years(today, FAR_FUTURE_YEARS):
            flags.add(DateFlag.FAR_FUTURE)
        if value.year < EARLIEST_PLAUSIBLE_YEAR:
            flags.add(DateFlag.FAR_PAST)
    return ParsedDate(
        text=source[m.start() : m.end()],  # the caller's characters, not the folded ones
        start=m.start(),
        end=m.end(),
        precision=precision,
        value=value,
        flags=frozenset(flags),
        problem=problem,
    )


def parse_dates(text: str, today: date) -> list[ParsedDate]:
    """Every date mention in `text`, in order; impossible ones carry a `problem`, never vanish."""
    folded = text.translate(_FOLD)
    candidates: list[tuple[int, int, int, re.Match[str], _Pattern]] = []
    for order, pattern in enumerate(_patterns()):
        for m in pattern.regex.finditer(folded):
            if pattern.recurring_check and _RECURRING_BEFORE.search(folded, max(0, m.start() - 6), m.start()):
                continue
            candidates.append((m.start(), -(m.end() - m.start()), order, m, pattern))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    found: list[ParsedDate] = []
    taken_until = -1
    for start, _neg_len, _order, m, pattern in candidates:
        if start < taken_until:
            continue
        found.append(_make(m, pattern, today, text))
        taken_until = m.end()
    roles = roles_for(folded, [d.span for d in found])
    return [replace(d, role=role) for d, role in zip(found, roles, strict=True)]
