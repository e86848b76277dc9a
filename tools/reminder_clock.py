"""Time rules of the reminder sender: quiet hours, retry backoff, and rate-limit buckets.

All pure: the current time is always an argument, so tests set the clock instead of sleeping.
Quiet hours are 22:00–08:00 Asia/Shanghai (issue 12); a reminder of a given day is due at
that day's 00:00 there, which is inside the quiet window, so it goes out at 08:00. The
limits are Telegram's published ones: about 30 messages a second overall and one a second
per chat.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from db.session import POLICY_TZ

__all__ = [
    "GLOBAL_RATE",
    "PER_CHAT_RATE",
    "QUIET_END",
    "QUIET_START",
    "RateLimiter",
    "TokenBucket",
    "backoff",
    "first_send_at",
    "in_quiet_hours",
    "out_of_quiet_hours",
]

QUIET_START = time(22, 0)
QUIET_END = time(8, 0)
GLOBAL_RATE = 30.0  # messages per second, all chats
PER_CHAT_RATE = 1.0  # messages per second, one chat
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
STALE_DAYS = 3  # a reminder not sent within 3 days of its date is dropped, not sent late


def in_quiet_hours(moment: datetime) -> bool:
    local = moment.astimezone(POLICY_TZ).time()
    return local >= QUIET_START or local < QUIET_END


def out_of_quiet_hours(moment: datetime) -> datetime:
    """`moment` itself, or the next 08:00 Asia/Shanghai when it falls in quiet hours (UTC)."""
    if not in_quiet_hours(moment):
        return moment.astimezone(UTC)
    local = moment.astimezone(POLICY_TZ)
    day = local.date() + timedelta(days=1) if local.time() >= QUIET_START else local.date()
    return datetime.combine(day, QUIET_END, POLICY_TZ).astimezone(UTC)


def first_send_at(due_date: date, now: datetime) -> datetime:
    """When a reminder of `due_date` may first go out: that day's start, or now if later,
    moved out of quiet hours."""
    start = datetime.combine(due_date, time(0, 0), POLICY_TZ)
    return out_of_quiet_hours(max(start, now))


def backoff(attempts: int, now: datetime) -> datetime:
    """Next try after the `attempts`-th failure: 1, 2, 4 … minutes, at most 6 hours, never
    in quiet hours."""
    delay = min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)
    return out_of_quiet_hours(now + delay)


@dataclass
class TokenBucket:
    """`rate` tokens a second up to `capacity`; `wait(now)` says how long until one is free."""

    rate: float
    capacity: float
    tokens: float = -1.0
    stamp: float | None = None

    def _refill(self, now: float) -> None:
        if self.stamp is None:
            self.tokens, self.stamp = self.capacity, now
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait(self, now: float) -> float:
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        self._refill(now)
        self.tokens -= 1


@dataclass
class RateLimiter:
    """The overall bucket plus one bucket per chat. Each holds a single token, so messages are
    evenly spaced (1/30 s overall, 1 s per chat) rather than sent in bursts."""

    overall: TokenBucket = field(default_factory=lambda: TokenBucket(GLOBAL_RATE, 1.0))
    chats: dict[str, TokenBucket] = field(default_factory=dict)

    def wait(self, chat: str, now: float) -> float:
        return max(self.overall.wait(now), self.chat_wait(chat, now))

    def chat_wait(self, chat: str, now: float) -> float:
        return self.chats.setdefault(chat, TokenBucket(PER_CHAT_RATE, 1.0)).wait(now)

    def take(self, chat: str, now: float) -> None:
        self.overall.take(now)
        self.chats.setdefault(chat, TokenBucket(PER_CHAT_RATE, 1.0)).take(now)
