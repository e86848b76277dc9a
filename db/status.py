"""Derive what users see (有效 / 临近到期 / 已过期未续期 / 暂停 / 终止) from stored facts.

Only the regulator's decisions are stored (state, reason, legal basis). Whether a filing is
"expiring soon" or "expired without renewal" follows from `valid_until` and today's date,
so it is computed on read: a stored copy would be wrong the next morning unless a job
rewrote it, and those rewrites would flood the audit log with changes nobody made.

临近到期 means at most `EXPIRING_SOON_DAYS` (90) days left. The 3-month figure is the one
both texts with a renewal rule use (兵团办法第十条 "有效期满3个月前", 内蒙古办法第十五条
"有效期满3个月内"); the exact renewal window per jurisdiction comes from tools.deadlines.

`validity_end` is the one rule for "valid until" from a filing date, used by the import
check, the sample registry and the deadline tool alike (see its docstring).
"""

from __future__ import annotations

import calendar
from datetime import date

from db.enums import FilingState, FilingStatus

EXPIRING_SOON_DAYS = 90

# A terminated filing cannot come back (a new filing with a new number is needed);
# a suspension ends either way.
ALLOWED_TRANSITIONS: dict[FilingState, frozenset[FilingState]] = {
    FilingState.ACTIVE: frozenset({FilingState.SUSPENDED, FilingState.TERMINATED}),
    FilingState.SUSPENDED: frozenset({FilingState.ACTIVE, FilingState.TERMINATED}),
    FilingState.TERMINATED: frozenset(),
}


def corresponding_day(start: date, months: int) -> date:
    """The day `months` calendar months after `start` with the same day of month, or the
    last day of that month when it has no such day (2024-01-31 + 1 month → 2024-02-29).

    This is 《民法典》第二百零二条: a period counted in years or months ends on the
    corresponding day of the final month; without one, on that month's last day.
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last))


def validity_end(filed_on: date, years: int | None = None) -> date:
    """The last valid day of a filing made on `filed_on`: its corresponding day `years` later.

    Why the day itself and not the day before: 《民法典》第二百零一条 does not count the
    day a period starts in (it runs from the next day), and 第二百零二条 makes the
    corresponding day of the final year the period's last day. So a filing of 2025-05-14
    valid for 3 years is valid through 2028-05-14; one of 2024-02-29 through 2027-02-28
    (no 29 February then, so the month's last day). `years` defaults to the registry's
    `validity_years` (db/legal_bases.yaml, where the rule is cited as data too). A
    filing notice that states its own end date wins; that is the stored 有效期至.
    """
    if years is None:
        from db.reference import validity_years  # noqa: PLC0415  (reads YAML; not needed otherwise)

        years = validity_years()
    return corresponding_day(filed_on, 12 * years)


def days_left(valid_until: date, today: date) -> int:
    """Days until the end of validity; negative once it has passed (0 = last valid day)."""
    return (valid_until - today).days


def derive_status(
    state: FilingState,
    valid_until: date,
    today: date,
    *,
    expiring_days: int = EXPIRING_SOON_DAYS,
) -> FilingStatus:
    """Stored decisions win (终止 over 暂停); otherwise the dates decide."""
    if state is FilingState.TERMINATED:
        return FilingStatus.TERMINATED
    if state is FilingState.SUSPENDED:
        return FilingStatus.SUSPENDED
    left = days_left(valid_until, today)
    if left < 0:
        return FilingStatus.EXPIRED
    if left <= expiring_days:
        return FilingStatus.EXPIRING
    return FilingStatus.VALID


def transition_allowed(old: FilingState, new: FilingState) -> bool:
    return old is new or new in ALLOWED_TRANSITIONS[old]
