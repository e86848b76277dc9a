"""How far ahead a regulator's "快到期" list looks: "明年上半年到期" is up to next 30 June,
"半年内" six months, "30天内" thirty days. The cue phrases live in bot/question.yaml
(`registry_list.horizons`); the list tool takes a number of days from today."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from corpus.numerals import parse_chinese_number
from db.status import corresponding_day


def horizon_days(text: str, today: date) -> int | None:
    """Days from `today` to the end of the period the text names, or None when it names none."""
    from bot.question import cue_tables  # noqa: PLC0415

    for row in cue_tables().raw["registry_list"].get("horizons") or ():
        found = re.search(row["cue"], text)
        if found is None:
            continue
        end = _end(row, found, today)
        if end is not None:
            return max(1, (end - today).days)
    return None


def _end(row: dict[str, Any], found: re.Match[str], today: date) -> date | None:
    until = row.get("until")
    if until == "year_end":
        return date(today.year, 12, 31)
    if until == "next_year_mid":
        return date(today.year + 1, 6, 30)
    if until == "next_year_end":
        return date(today.year + 1, 12, 31)
    if until == "month_end":
        return _month_end(found, today)
    if until == "next_month_end":
        return corresponding_day(today.replace(day=1), months=2) - timedelta(days=1)
    count = _count(row, found)
    if count is None:
        return None
    if "months" in row or "years" in row:
        return corresponding_day(today, months=count * (12 if "years" in row else 1))
    return today + timedelta(days=count * (7 if "weeks" in row else 1))


def _count(row: dict[str, Any], found: re.Match[str]) -> int | None:
    """The row's fixed count, or the number its cue read ("3个月", "两周", "十")."""
    for unit in ("days", "weeks", "months", "years"):
        value = row.get(unit)
        if isinstance(value, int):
            return value
        if value == "n":
            try:
                return parse_chinese_number(found.group("n"))  # 3, 两, 十二
            except ValueError:
                return None
    return None


def _month_end(found: re.Match[str], today: date) -> date | None:
    """The last day of the month named ("明年1月底之前"): next year's when it says 明年, or when
    that month of this year has passed."""
    try:
        month = parse_chinese_number(found.group("m"))
    except ValueError:
        return None
    if not 1 <= month <= 12:
        return None
    year = today.year + 1 if found.group("y") == "明年" or (found.group("y") is None and month < today.month) else today.year
    return corresponding_day(date(year, month, 1), months=1) - timedelta(days=1)
