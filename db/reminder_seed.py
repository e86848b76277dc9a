"""Demonstration reminder subscriptions for the sample registry (`policybot db seed-sample`).

Four fictional staff users, every user id starting with 示例, follow sample filings chosen to
show each kind of reminder: a 兵团 filing near its last day to apply (no window start in its
rule), a 内蒙古 filing inside its renewal window, a 天津 filing about to expire (no renewal
window in its rule) and a suspended filing. They are not Telegram users, so the sender marks
their reminders undeliverable; `policybot reminders due --today …` shows what they would get.
"""

from __future__ import annotations

from sqlmodel import Session

from db.crud import get_filing_by_number
from db.reminder_subscriptions import subscribe

DEMO_SUBSCRIPTIONS: tuple[tuple[str, str], ...] = (
    ("示例:兵团机构联系人", "BT-2024-0004"),
    ("示例:内蒙古机构联系人", "NM-2024-0001"),
    ("示例:天津机构联系人", "TJ-2023-0001"),
    ("示例:暂停机构联系人", "BT-2024-0002"),
)


def seed_demo_subscriptions(*, session: Session) -> int:
    """Subscribe the demo users to their sample filings (idempotent; no commit)."""
    count = 0
    for user_id, number in DEMO_SUBSCRIPTIONS:
        if get_filing_by_number(session=session, filing_number=number) is not None:
            subscribe(session=session, user_id=user_id, target=number)
            count += 1
    return count
