"""Derive what users see (有效 / 临近到期 / 已过期未续期 / 暂停 / 终止) from stored facts.

Only the regulator's decisions are stored (state, reason, legal basis). Whether a filing is
"expiring soon" or "expired without renewal" follows from `valid_until` and today's date,
so it is computed on read: a stored copy would be wrong the next morning unless a job
rewrote it, and those rewrites would flood the audit log with changes nobody made.

临近到期 means at most `EXPIRING_SOON_DAYS` (90) days left. The 3-month figure is the one
both texts with a renewal rule use (兵团办法第十条 "有效期满3个月前", 内蒙古办法第十五条
"有效期满3个月内"); the exact renewal window per jurisdiction comes from tools.deadlines.
"""

from __future__ import annotations

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
