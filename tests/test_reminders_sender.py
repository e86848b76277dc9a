"""The reminder sender on real SQLite and PostgreSQL databases, with the clock injected (no
sleeping): quiet hours, retries with backoff, never twice, a blocked user's subscriptions
ended, Telegram's rate limits, and two processes draining the same queue exactly once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from db.crud import change_filing_state, get_filing_by_number, update_filing
from db.enums import FilingState
from db.reminder_queue import claim_due, mark_sent
from db.reminder_subscriptions import user_subscriptions
from db.session import get_engine, session_scope
from tests.reminder_workers import add_followed_filing, run_two_senders
from tools.reminder_plan import plan
from tools.reminder_sender import SendOutcome, SendResult, run_once
from tools.reminders import ButtonRows

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI)


@dataclass
class Clock:
    """The injected clock: `sleep` moves time on instead of waiting."""

    t: datetime

    def now(self) -> datetime:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)


@dataclass
class Channel:
    """A send function that records every call and answers from a script (default OK)."""

    clock: Clock
    answers: dict[str, list[SendOutcome]] = field(default_factory=dict)
    calls: list[tuple[datetime, str, str, SendOutcome]] = field(default_factory=list)
    buttons: list[ButtonRows] = field(default_factory=list)  # each call's buttons, in order

    def __call__(self, user_id: str, text: str, buttons: ButtonRows = ()) -> SendResult:
        script = self.answers.get(user_id) or []
        outcome = script.pop(0) if script else SendOutcome.OK
        self.calls.append((self.clock.now(), user_id, text, outcome))
        self.buttons.append(buttons)
        return SendResult(outcome, "" if outcome is SendOutcome.OK else "scripted")

    def sent(self) -> list[tuple[str, str]]:
        return [(user, text.splitlines()[1]) for _, user, text, o in self.calls if o is SendOutcome.OK]


def run(url: str, clock: Clock, channel: Channel) -> dict[str, int | bool]:
    return run_once(url, channel, now=clock.now, sleep=clock.sleep).as_dict()


def test_quiet_hours_hold_reminders_until_eight(db_url: str) -> None:
    add_followed_filing(db_url, 1, "neimenggu", date(2027, 6, 30), "tg:1")
    opens = date(2027, 3, 31)  # 内蒙古第十五条: the window opens 3 months before expiry
    clock = Clock(at(opens, 7, 59, 59))
    channel = Channel(clock)
    assert run(db_url, clock, channel)["quiet"] is True and channel.calls == []
    clock.t = at(opens, 8, 0)
    assert run(db_url, clock, channel)["sent"] == 1
    assert "续期申请期今天" in channel.sent()[0][1]
    clock.t = at(opens, 12, 0)
    assert run(db_url, clock, channel)["sent"] == 0  # never twice

    # a status change recorded late in the evening goes out at 08:00 the next morning
    number = "NM-2024-0001"
    changed = date(2027, 4, 2)
    with session_scope(db_url) as session:
        filing = get_filing_by_number(session=session, filing_number=number)
        assert filing is not None
        change_filing_state(session=session, filing=filing, state=FilingState.SUSPENDED, actor="reg:1",
                            on=changed, reason="未按规定开展评价", jurisdiction="neimenggu")
    clock.t = at(changed, 23, 0)
    assert run(db_url, clock, channel)["quiet"] is True
    clock.t = at(changed + timedelta(days=1), 7, 30)
    run(db_url, clock, channel)
    assert len(channel.calls) == 1
    clock.t = at(changed + timedelta(days=1), 8, 0)
    assert run(db_url, clock, channel)["sent"] == 1
    assert "暂停" in channel.calls[-1][2] and channel.calls[-1][0] == at(changed + timedelta(days=1), 8, 0)


def test_failed_send_is_retried_with_backoff_and_sent_once(db_url: str) -> None:
    add_followed_filing(db_url, 2, "tianjin", date(2027, 6, 30), "tg:2")
    clock = Clock(at(date(2027, 6, 30), 9, 0))
    channel = Channel(clock, answers={"tg:2": [SendOutcome.RETRY, SendOutcome.RETRY]})
    assert run(db_url, clock, channel)["retried"] == 1
    clock.sleep(30)  # the first retry waits a minute
    assert run(db_url, clock, channel)["retried"] == 0 and len(channel.calls) == 1
    clock.sleep(31)
    assert run(db_url, clock, channel)["retried"] == 1
    clock.sleep(100)  # the second retry waits two minutes
    assert run(db_url, clock, channel)["sent"] == 0 and len(channel.calls) == 2
    clock.sleep(21)
    assert run(db_url, clock, channel)["sent"] == 1
    clock.sleep(3600)
    assert run(db_url, clock, channel)["sent"] == 0
    assert [o for *_, o in channel.calls] == [SendOutcome.RETRY, SendOutcome.RETRY, SendOutcome.OK]
    first, second, third = (t for t, *_ in channel.calls)
    assert second - first >= timedelta(minutes=1) and third - second >= timedelta(minutes=2)


def test_blocked_user_loses_subscriptions_others_still_get_theirs(db_url: str) -> None:
    add_followed_filing(db_url, 3, "neimenggu", date(2027, 6, 30), "tg:3")
    add_followed_filing(db_url, 4, "neimenggu", date(2027, 6, 30), "tg:4")
    clock = Clock(at(date(2027, 3, 31), 9, 0))
    channel = Channel(clock, answers={"tg:3": [SendOutcome.BLOCKED]})
    report = run(db_url, clock, channel)
    assert report["blocked_users"] == 1 and report["sent"] == 1
    with session_scope(db_url) as session:
        assert user_subscriptions(session=session, user_id="tg:3") == []
        assert len(user_subscriptions(session=session, user_id="tg:4")) == 1
    for day in (date(2027, 5, 31), date(2027, 6, 23), date(2027, 6, 30)):
        clock.t = at(day, 9, 0)
        run(db_url, clock, channel)
    assert [user for user, _ in channel.sent()] == ["tg:4"] * 4
    assert [user for _, user, _, _ in channel.calls].count("tg:3") == 1


def test_changed_expiry_moves_unsent_reminders(db_url: str) -> None:
    number = add_followed_filing(db_url, 5, "neimenggu", date(2027, 6, 30), "tg:5")
    clock = Clock(at(date(2027, 3, 1), 9, 0))
    channel = Channel(clock)
    assert run(db_url, clock, channel)["planned"] == 4  # window, 30 and 7 days, expiry
    with session_scope(db_url) as session:  # what an import of a renewed filing does
        filing = get_filing_by_number(session=session, filing_number=number)
        assert filing is not None
        update_filing(session=session, filing=filing, changes={"valid_until": date(2027, 9, 30)}, actor="import")
    clock.t = at(date(2027, 3, 31), 9, 0)  # the old window start
    run(db_url, clock, channel)
    assert channel.calls == []
    clock.t = at(date(2027, 7, 1), 9, 0)  # 内蒙古第十五条: 3 months before 2027-09-30
    assert run(db_url, clock, channel)["sent"] == 1
    assert "2027年9月30日" in channel.calls[0][2]
    with get_engine(db_url).connect() as conn:
        dates = conn.execute(sa.text("SELECT due_date FROM reminder_delivery ORDER BY due_date")).scalars().all()
    assert [str(d) for d in dates] == ["2027-07-01", "2027-08-31", "2027-09-23", "2027-09-30"]


def test_rate_limits_overall_and_per_chat(db_url: str) -> None:
    expiry = date(2027, 6, 30)
    for n in range(1, 41):
        add_followed_filing(db_url, 10 + n, "tianjin", expiry, f"tg:{n}")
    add_followed_filing(db_url, 60, "neimenggu", expiry, "tg:1")  # tg:1 gets two on the day
    clock = Clock(at(expiry, 9, 0))
    channel = Channel(clock)
    assert run(db_url, clock, channel)["sent"] == 42 - 1  # 40 tianjin + 1 neimenggu expiry
    times = [t for t, *_ in channel.calls]
    for i, start in enumerate(times):
        assert sum(1 for t in times[i:] if t < start + timedelta(seconds=1)) <= 30
    own = [t for t, user, *_ in channel.calls if user == "tg:1"]
    assert len(own) == 2 and own[1] - own[0] >= timedelta(seconds=1)


def test_a_crashed_workers_rows_are_sent_after_its_lease_ends(db_url: str) -> None:
    add_followed_filing(db_url, 6, "tianjin", date(2027, 6, 30), "tg:6")
    clock = Clock(at(date(2027, 6, 30), 9, 0))
    channel = Channel(clock)
    plan(db_url, now=clock.now())
    (taken,) = claim_due(db_url, owner="crashed", now=clock.now(), lease=timedelta(minutes=10))
    assert run(db_url, clock, channel)["sent"] == 0  # leased to the crashed worker
    clock.sleep(601)
    assert run(db_url, clock, channel)["sent"] == 1 and channel.calls[0][1] == "tg:6"
    assert mark_sent(db_url, taken.id, owner="crashed", now=clock.now()) is False  # too late


def test_async_send_functions_work_and_stale_reminders_are_dropped(db_url: str) -> None:
    add_followed_filing(db_url, 7, "tianjin", date(2027, 6, 30), "tg:7")
    add_followed_filing(db_url, 8, "tianjin", date(2027, 7, 30), "tg:8")
    clock = Clock(at(date(2027, 6, 29), 9, 0))
    run_once(db_url, Channel(clock), now=clock.now, sleep=clock.sleep)  # plans both expiries
    sent: list[str] = []

    async def send(user_id: str, text: str, buttons: ButtonRows = ()) -> SendResult:  # noqa: ARG001
        sent.append(user_id)
        return SendResult(SendOutcome.OK)

    clock.t = at(date(2027, 7, 4), 9, 0)  # 4 days after tg:7's expiry day: too late to say "today"
    report = run_once(db_url, send, now=clock.now, sleep=clock.sleep)
    assert sent == [] and report.failed == 1
    clock.t = at(date(2027, 7, 30), 9, 0)
    assert run_once(db_url, send, now=clock.now, sleep=clock.sleep).sent == 1 and sent == ["tg:8"]


def _drain_with_two_processes(url: str, tmp_path: Path) -> None:
    expiry = date(2027, 6, 30)
    users = [f"tg:{n}" for n in range(1, 61)]
    for n, user in enumerate(users, start=1):
        add_followed_filing(url, n, "tianjin", expiry, user)
    per_user, reports = run_two_senders(url, at(expiry, 9, 0), tmp_path / "sent.log")
    assert per_user == Counter(users)  # every reminder sent, none twice
    assert sum(int(r["sent"]) for r in reports) == len(users)
    with get_engine(url).connect() as conn:
        statuses = conn.execute(sa.text("SELECT status, count(*) FROM reminder_delivery GROUP BY status")).all()
    assert dict(statuses) == {"sent": len(users)}


def test_two_sender_processes_send_each_reminder_exactly_once(db_url: str, tmp_path: Path) -> None:
    _drain_with_two_processes(db_url, tmp_path)
