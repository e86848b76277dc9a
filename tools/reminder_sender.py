"""Send the due reminders through an injected `send(user_id, text[, buttons]) -> SendResult`.

One pass (`run_once`): plan (idempotent), then, outside quiet hours, lease a batch of due
rows in the database, send each within the rate limits, and record the outcome while still
holding the lease; repeat until nothing due is left. Any number of processes may run this at
once: the lease (`db.reminder_queue`) guarantees each row is sent by one of them, and a row
is marked sent only after the channel accepted it. A failure is retried with exponential
backoff; a "blocked" answer (Telegram 403) ends all of that user's subscriptions.

The clock is injected (`now`, `sleep`), so tests drive time without sleeping. `send` may be
sync or async (an awaitable result is run on a private event loop). A reminder planned with
buttons (a renewal reminder's checklist, a digest's list pages) is sent as
`send(user_id, text, buttons=rows)`, rows of `tools.reminders.ReminderButton`; one without
is sent as `send(user_id, text)`, so a plain text channel needs no buttons parameter.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.engine import Engine

from db.reminder_queue import (
    Claimed,
    claim_due,
    end_user,
    mark_failed,
    mark_retry,
    mark_sent,
    next_due_at,
    release,
)
from db.session import POLICY_TZ
from db.types import utcnow
from tools.reminder_clock import STALE_DAYS, RateLimiter, backoff, in_quiet_hours, out_of_quiet_hours
from tools.reminder_digest import DIGEST_KIND, RegulatorCheck, is_regulator_user
from tools.reminder_plan import NOT_REGULATOR, end_digest, plan
from tools.reminders import buttons_from_json

__all__ = ["RunReport", "SendFn", "SendOutcome", "SendResult", "run_once", "worker_id"]

LEASE = timedelta(minutes=10)  # far longer than one send (HTTP timeout 10 s) takes
MAX_ATTEMPTS = 8  # 1+2+4+…+64 minutes of backoff, about two hours of retries
SOON = timedelta(seconds=5)  # a row due this soon is waited for within the same pass
MIN_WAIT = 0.1  # seconds; a due row another worker is still claiming is not polled in a spin
MAX_IDLE_WAITS = 100  # empty claims in a row before the pass gives up waiting
BLOCKED_REASON = "用户已屏蔽机器人"


class SendOutcome(StrEnum):
    OK = "ok"
    BLOCKED = "blocked"  # the user blocked the bot (Telegram 403): stop for good
    RETRY = "retry"  # network error, 5xx, 429: try again later
    PERMANENT = "permanent"  # this message can never be delivered (e.g. not a Telegram user)


@dataclass(frozen=True)
class SendResult:
    outcome: SendOutcome
    error: str = ""
    retry_after: float | None = None  # seconds, when the channel said so (Telegram 429)


# `send(user_id, text)`, or `send(user_id, text, buttons=rows)` for a reminder with buttons.
SendFn = Callable[..., SendResult | Awaitable[SendResult]]


def _send(send: SendFn, item: Claimed) -> SendResult | Awaitable[SendResult]:
    buttons = buttons_from_json(item.buttons)
    return send(item.user_id, item.text, buttons=buttons) if buttons else send(item.user_id, item.text)


@dataclass
class RunReport:
    planned: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    blocked_users: int = 0
    lost_leases: int = 0
    quiet: bool = False

    def as_dict(self) -> dict[str, int | bool]:
        return asdict(self)

    def summary_zh(self) -> str:
        if self.quiet:
            return f"现在是免打扰时段(22:00–08:00),未发送;新排入提醒{self.planned}条。"
        return (
            f"新排入提醒{self.planned}条;已发送{self.sent}条,稍后重试{self.retried}条,"
            f"放弃{self.failed}条;因屏蔽机器人而结束订阅的用户{self.blocked_users}个。"
        )


def worker_id() -> str:
    """A lease owner name unique to this process: host, pid and a random suffix."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _resolve(result: SendResult | Awaitable[SendResult], loop: asyncio.AbstractEventLoop) -> SendResult:
    return loop.run_until_complete(result) if inspect.isawaitable(result) else result  # type: ignore[arg-type]


def run_once(
    engine: Engine | str | None,
    send: SendFn,
    *,
    now: Callable[[], datetime] = utcnow,
    sleep: Callable[[float], None] = time.sleep,
    owner: str | None = None,
    limiter: RateLimiter | None = None,
    batch: int = 30,
    plan_first: bool = True,
    is_regulator: RegulatorCheck = is_regulator_user,
) -> RunReport:
    """Plan, then send everything due now; returns what happened. `is_regulator` decides,
    at planning and again just before sending, who may still get a regulator digest."""
    owner = owner or worker_id()
    limiter = limiter or RateLimiter()
    report = RunReport()
    if plan_first:
        report.planned = plan(engine, now=now(), is_regulator=is_regulator)
    if in_quiet_hours(now()):
        report.quiet = True
        return report
    loop = asyncio.new_event_loop()
    try:
        idle = 0
        while idle < MAX_IDLE_WAITS:
            claimed = claim_due(engine, owner=owner, now=now(), lease=LEASE, limit=max(batch, 1))
            for item in claimed:
                _deliver(engine, send, item, owner=owner, now=now, sleep=sleep,
                         limiter=limiter, report=report, loop=loop, is_regulator=is_regulator)
            idle = 0 if claimed else idle + 1
            if not claimed and not _wait_for_next(engine, now, sleep):
                break
    finally:
        loop.close()
    return report


def _wait_for_next(engine: Engine | str | None, now: Callable[[], datetime], sleep: Callable[[float], None]) -> bool:
    """Sleep until the next row is due if that is within `SOON` (a chat waiting for its
    one-second slot, a short Telegram retry_after); False when the pass should end."""
    moment = now()
    due = next_due_at(engine, moment)
    if due is None or due - moment > SOON or in_quiet_hours(due):
        return False
    sleep(max((due - moment).total_seconds(), MIN_WAIT))
    return True


def _deliver(
    engine: Engine | str | None,
    send: SendFn,
    item: Claimed,
    *,
    owner: str,
    now: Callable[[], datetime],
    sleep: Callable[[float], None],
    limiter: RateLimiter,
    report: RunReport,
    loop: asyncio.AbstractEventLoop,
    is_regulator: RegulatorCheck,
) -> None:
    """Send one leased row (unless stale, quiet hours began, or it is a digest for someone no
    longer a regulator) and record the outcome."""
    moment = now()
    if item.kind == DIGEST_KIND and not is_regulator(item.user_id):
        _count(report, "failed", mark_failed(engine, item.id, owner=owner, error=NOT_REGULATOR))
        end_digest(engine, item.user_id, now=moment)
        return
    if (moment.astimezone(POLICY_TZ).date() - item.due_date).days > STALE_DAYS:
        _count(report, "failed", mark_failed(engine, item.id, owner=owner, error="逾期未能发送,已放弃"))
        return
    if in_quiet_hours(moment):  # the pass ran into 22:00: leave it for the morning
        _count(report, "retried", mark_retry(engine, item.id, owner=owner, at=out_of_quiet_hours(moment), error="免打扰时段"))
        return
    chat_wait = limiter.chat_wait(item.user_id, moment.timestamp())
    if chat_wait > 0:  # this chat had a message under a second ago: let the others go first
        held = release(engine, item.id, owner=owner, at=moment + timedelta(seconds=chat_wait))
        report.lost_leases += not held
        return
    wait = limiter.wait(item.user_id, moment.timestamp())
    if wait > 0:
        sleep(wait)
        moment = now()
    limiter.take(item.user_id, moment.timestamp())
    try:
        result = _resolve(_send(send, item), loop)
    except Exception as exc:  # a send function must not stop the whole pass
        result = SendResult(SendOutcome.RETRY, f"{type(exc).__name__}: {exc}")
    done = now()
    if result.outcome is SendOutcome.OK:
        _count(report, "sent", mark_sent(engine, item.id, owner=owner, now=done))
    elif result.outcome is SendOutcome.BLOCKED:
        _count(report, "failed", mark_failed(engine, item.id, owner=owner, error=BLOCKED_REASON))
        if end_user(engine, item.user_id, now=done, reason=BLOCKED_REASON):
            report.blocked_users += 1
    elif result.outcome is SendOutcome.PERMANENT or item.attempts + 1 >= MAX_ATTEMPTS:
        _count(report, "failed", mark_failed(engine, item.id, owner=owner, error=result.error or "发送失败"))
    else:
        at = backoff(item.attempts + 1, done)
        if result.retry_after:
            at = max(at, out_of_quiet_hours(done + timedelta(seconds=result.retry_after)))
        _count(report, "retried", mark_retry(engine, item.id, owner=owner, at=at, error=result.error or "发送失败"))


def _count(report: RunReport, field: str, held: bool) -> None:
    """Count the outcome, or a lost lease when another worker had taken the row over."""
    if held:
        setattr(report, field, getattr(report, field) + 1)
    else:
        report.lost_leases += 1
