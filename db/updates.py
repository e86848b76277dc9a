"""Telegram update ids a webhook worker has taken: each update answered once, and answered
even when the worker that took it died.

Telegram re-sends an update that did not get a 200 (a timeout, a crash, a restart), and
behind a proxy the retry may reach another worker, so the ledger lives in the database. A
worker takes an update by inserting its id with a lease (`lease_until`), answers it, and then
clears the lease: a row without a lease is an update already answered. A retry that finds a
live lease waits for it (the first worker is still answering); one that finds an expired lease
takes the update over with a conditional update, since the worker that held it is gone. Only
one worker wins either race (a primary-key insert-or-ignore; an UPDATE … WHERE lease_until <
now). Rows older than `KEEP` are pruned; Telegram stops retrying long before that. No commits
here: the caller's `session_scope` commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, delete, update

from db.models import ProcessedUpdate

__all__ = ["KEEP", "LEASE", "Claim", "claim_update", "finish_update", "prune_updates"]

KEEP = timedelta(days=1)
# Longer than any turn may take (the channel gives the engine ENGINE_TIMEOUT_SECONDS, 60 s, in
# bot/telegram/handlers.py) plus sending the reply, so a live worker never loses its update to
# a retry; short enough that Telegram's retries after a crash reach an expired lease.
LEASE = timedelta(seconds=120)


class Claim(StrEnum):
    """What a worker may do with an update it received."""

    TAKEN = "taken"  # answer it, then finish_update
    ANSWERED = "answered"  # already answered: acknowledge, do not answer again
    BUSY = "busy"  # another worker holds a live lease: wait, or ask Telegram to retry later


def claim_update(*, session: Session, update_id: int, now: datetime, lease: timedelta = LEASE) -> Claim:
    """Take `update_id` for `lease`, or say why not."""
    table = ProcessedUpdate.__table__  # type: ignore[attr-defined]
    values = {"update_id": update_id, "received_at": now, "lease_until": now + lease}
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        result = session.execute(insert(table).values(values).on_conflict_do_nothing())
        if getattr(result, "rowcount", 0) == 1:
            return Claim.TAKEN
    elif session.get(ProcessedUpdate, update_id) is None:  # portable fallback, racy between workers
        session.execute(sa.insert(table).values(values))
        return Claim.TAKEN
    takeover = (
        update(ProcessedUpdate)
        .where(col(ProcessedUpdate.update_id) == update_id)
        .where(col(ProcessedUpdate.lease_until).is_not(None))
        .where(col(ProcessedUpdate.lease_until) < now)
        .values(lease_until=now + lease, received_at=now)
    )
    if getattr(session.execute(takeover), "rowcount", 0) == 1:
        return Claim.TAKEN
    row = session.get(ProcessedUpdate, update_id, populate_existing=True)
    return Claim.ANSWERED if row is None or row.lease_until is None else Claim.BUSY


def finish_update(*, session: Session, update_id: int) -> None:
    """Mark `update_id` answered: later deliveries are acknowledged without an answer."""
    session.execute(
        update(ProcessedUpdate).where(col(ProcessedUpdate.update_id) == update_id).values(lease_until=None)
    )


def prune_updates(*, session: Session, now: datetime) -> int:
    """Forget update ids received more than `KEEP` ago; returns how many went."""
    result = session.execute(
        delete(ProcessedUpdate).where(col(ProcessedUpdate.received_at) < now - KEEP)
    )
    return int(getattr(result, "rowcount", 0) or 0)
