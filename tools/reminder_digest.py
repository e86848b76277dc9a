"""The regulator digest: a weekly summary of the regulator's jurisdiction (issue 12, item 2).

Due every Monday; sent from 09:00 Asia/Shanghai. It lists, for the regulator's profile
jurisdiction and region (all of the registry when none is set): filings expiring within 90
days, expired without renewal, suspended, and terminated since the last digest — each with
its count and its first names. The lists come from `tools.registry_queries` (the same
queries `/registry` pages through), so the digest and the full lists never disagree.

A digest row is planned only from 09:00 on its Monday, by the pass that then sends it, so its
lists are as of the moment of sending; once sent it is not rebuilt (each build reads four
registry lists).

Regulator-only: whoever is not a regulator on the channel's word (REGULATOR_IDS) gets no
digest. `is_regulator_user` is that check for a stored, channel-qualified user id ("tg:123"),
used when subscribing, when planning and again just before sending.

"Terminated since the last digest": the days from the last digest sent to this subscriber up
to the day before this one, so each termination date falls in exactly one digest (a
termination dated on a Monday is in the next week's). Without an earlier digest: the 7 days
before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from corpus.models import JURISDICTION_NAMES
from db.chat_state import get_profile
from db.reminder_queue import last_sent_on
from db.session import POLICY_TZ
from domain import Role
from errors import InputError
from tools.registry_queries import (
    Filters,
    RegistryList,
    expired_unrenewed,
    expiring_within,
    suspended_filings,
    terminated_between,
)
from tools.reminder_clock import out_of_quiet_hours
from tools.reminders import ButtonRows, ReminderButton
from tools.workdays import format_date_zh

__all__ = [
    "DIGEST_KIND",
    "DIGEST_TARGET",
    "EXPIRING_DAYS",
    "FIRST_NAMES",
    "Digest",
    "DigestSection",
    "RegulatorCheck",
    "build_digest",
    "digest_send_at",
    "digest_time_reached",
    "is_digest_day",
    "is_regulator_user",
    "next_digest_day",
    "profile_filters",
    "subscriber_digest",
]

DIGEST_KIND = "digest"  # delivery kind, and `policybot reminders due --json` "kind"
DIGEST_TARGET = "weekly"  # the subscription's target: one weekly digest per regulator
DIGEST_WEEKDAY = 0  # Monday (issue 12)
DIGEST_TIME = time(9, 0)  # Asia/Shanghai (issue 12)
EXPIRING_DAYS = 90  # issue 12: "expiring within 90 days"
FIRST_NAMES = 5  # names shown per list; the rest are behind the /registry pages
NEW_DIGEST_LOOKBACK = 7  # days of terminations in a subscriber's first digest

RegulatorCheck = Callable[[str], bool]


def is_regulator_user(user_id: str) -> bool:
    """True when a channel-qualified user id is in REGULATOR_IDS (read now, so a regulator
    removed from the setting stops getting digests at the next send)."""
    from config import get_settings  # noqa: PLC0415  (settings only when a check is made)

    if not user_id.startswith("tg:") or not user_id[3:].isdigit():
        return False  # other channels cannot say who is a regulator; group ids are negative
    return int(user_id[3:]) in get_settings().regulator_id_set


def is_digest_day(day: date) -> bool:
    return day.weekday() == DIGEST_WEEKDAY


def next_digest_day(today: date) -> date:
    """Today when it is a Monday, else the coming Monday."""
    return today + timedelta(days=(DIGEST_WEEKDAY - today.weekday()) % 7)


def digest_send_at(due_date: date, now: datetime) -> datetime:
    """09:00 Asia/Shanghai on the digest's Monday, or now when later (never in quiet hours)."""
    start = datetime.combine(due_date, DIGEST_TIME, POLICY_TZ)
    return out_of_quiet_hours(max(start, now)).astimezone(UTC)


def digest_time_reached(now: datetime) -> bool:
    """True from 09:00 Asia/Shanghai on a Monday to the end of that day: when a digest may be
    planned, so its text is computed at the pass that sends it, not earlier."""
    local = now.astimezone(POLICY_TZ)
    return is_digest_day(local.date()) and local.time() >= DIGEST_TIME


@dataclass(frozen=True)
class DigestSection:
    code: str  # the /registry list kind, as in its page buttons (bot/registry.py)
    param: str  # the page buttons' parameter: a day count or "since~until"
    title_zh: str
    listing: RegistryList

    def lines_zh(self, limit: int = FIRST_NAMES) -> list[str]:
        lines = [f"{self.title_zh}:{self.listing.total}家"]
        lines += [f"  · {row.line_zh()}" for row in self.listing.rows[:limit]]
        if self.listing.total > limit:
            lines.append(f"  ……另有{self.listing.total - limit}家")
        return lines


@dataclass(frozen=True)
class Digest:
    day: date
    scope_zh: str
    region_code: str  # the jurisdiction value for page buttons, "-" for all
    sections: tuple[DigestSection, ...]

    def text_zh(self) -> str:
        lines = [f"【监管周报】{format_date_zh(self.day)}(范围:{self.scope_zh})"]
        for n, section in enumerate(self.sections, start=1):
            lines += [f"{'一二三四'[n - 1]}、" + section.lines_zh()[0], *section.lines_zh()[1:]]
        lines.append(
            f"完整清单:/registry 到期 {EXPIRING_DAYS}、/registry 已过期、"
            "/registry 暂停、/registry 终止。"
            "发送 /remind digest off 可停止周报。"
        )
        return "\n".join(lines)

    def buttons(self) -> ButtonRows:
        """One button per non-empty list into its first /registry page (the paging buttons
        of `/registry`, bot/registry.py), labelled with the list and its count."""
        return tuple(
            (ReminderButton(f"{s.title_zh[:12]}({s.listing.total})", "page",
                            (s.code, s.param, self.region_code, "1")),)
            for s in self.sections
            if s.listing.total
        )


def terminations_window(day: date, last_sent: date | None) -> tuple[date, date]:
    """[from, to] of "terminated since the last digest" for a digest on `day`."""
    start = last_sent if last_sent is not None and last_sent < day else day - timedelta(days=NEW_DIGEST_LOOKBACK)
    return start, day - timedelta(days=1)


def build_digest(
    session: Session,
    *,
    user_id: str,
    day: date,
    filters: Filters,
    last_sent: date | None,
) -> Digest:
    """The digest of `day` for a regulator; the caller has checked the role (the queries check
    it again: they are called with the regulator role and the user as the audited actor)."""
    common = {"session": session, "role": Role.REGULATOR, "actor": user_id, "filters": filters, "today": day}
    since, until = terminations_window(day, last_sent)
    ended = terminated_between(since=since, until=until, **common)
    sections = (
        DigestSection(
            "exp", str(EXPIRING_DAYS), f"{EXPIRING_DAYS}天内到期",
            expiring_within(days=EXPIRING_DAYS, **common),
        ),
        DigestSection("exd", "0", "已过期未续期", expired_unrenewed(**common)),
        DigestSection("sus", "0", "暂停(核查中)", suspended_filings(**common)),
        DigestSection(
            "ter", f"{since}~{until}",
            f"上次周报以来终止({format_date_zh(since)}至{format_date_zh(until)})", ended,
        ),
    )
    region = filters.jurisdiction.value if filters.jurisdiction else "-"
    return Digest(day, _scope_zh(filters), region, sections)


def _scope_zh(filters: Filters) -> str:
    if filters.jurisdiction is None:
        return "全部地区"
    name = JURISDICTION_NAMES[filters.jurisdiction]
    return f"{name}·{filters.region}" if filters.region else name


def profile_filters(session: Session, user_id: str) -> Filters:
    """The regulator's jurisdiction from their profile (jurisdiction, and region when set and
    known); no filter at all when none is set."""
    profile = get_profile(session=session, user_id=user_id)
    if profile is None or not profile.jurisdiction:
        return Filters()
    try:
        return Filters.parse(jurisdiction=str(profile.jurisdiction), region=profile.region or None)
    except InputError:  # a region the reference tables no longer know: the whole jurisdiction
        return Filters.parse(jurisdiction=str(profile.jurisdiction))


def subscriber_digest(session: Session, *, subscription_id: int, user_id: str, day: date) -> Digest:
    """The digest of `day` for one subscription: the profile's jurisdiction, and terminations
    since the last digest this subscription was sent."""
    last = last_sent_on(session=session, subscription_id=subscription_id, kind=DIGEST_KIND, before=day)
    return build_digest(session, user_id=user_id, day=day, filters=profile_filters(session, user_id), last_sent=last)
