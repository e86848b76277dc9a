"""Reminder sender load: 10,000 due reminders drained within Telegram's limits, no duplicates.

Part 1 (one sender, simulated clock): the rate limiter's waits advance a simulated clock
instead of sleeping, so the figures show what the limits allow (at most 30 messages in any
second, at least 1 s between two messages to one chat) and how long the database work
itself takes in wall time. Part 2 (two sender processes, real clock, limits lifted): how
fast two workers drain the same queue through the database lease, and that no row is sent
twice. The queue is filled directly (5,000 users, two reminders each); planning is not
measured here.

    python -m benchmarks.bench_reminders [--rows 10000] [--url DATABASE_URL]

Without --url a temporary SQLite file is used. A PostgreSQL URL must name an empty
database that this script may migrate and fill.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from db.migrate import upgrade
from db.reminder_models import ReminderDelivery, ReminderSubscription
from db.session import dispose_engines, get_engine
from tools.reminder_clock import RateLimiter, TokenBucket
from tools.reminder_sender import SendOutcome, SendResult, run_once

START = datetime(2027, 6, 30, 1, 0, tzinfo=UTC)  # 09:00 Asia/Shanghai, outside quiet hours


def say(text: str) -> None:
    print(text, flush=True)  # noqa: T201


def fill(url: str, rows: int) -> None:
    """`rows` pending reminders due at START, two per user."""
    engine = get_engine(url)
    users = max(rows // 2, 1)  # user n gets rows 2n and 2n+1, one after the other
    subs = ReminderSubscription.__table__  # type: ignore[attr-defined]
    deliveries = ReminderDelivery.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(sa.delete(deliveries))
        conn.execute(sa.delete(subs))
        conn.execute(sa.insert(subs), [
            {"id": n + 1, "user_id": f"tg:{n + 1}", "kind": "filing", "target": f"BENCH-{n + 1}",
             "active": True, "created_at": START}
            for n in range(users)
        ])
        conn.execute(sa.insert(deliveries), [
            {"subscription_id": n // 2 + 1, "user_id": f"tg:{n // 2 + 1}", "kind": f"bench{n % 2}",
             "due_date": date(2027, 6, 30), "text": f"提醒{n}\n第{n}条", "status": "pending", "attempts": 0,
             "next_attempt_at": START, "created_at": START}
            for n in range(rows)
        ])


def simulated(url: str, rows: int) -> None:
    clock = {"t": START}
    stamps: list[tuple[datetime, str, str]] = []

    def send(user_id: str, text: str) -> SendResult:
        stamps.append((clock["t"], user_id, text))
        return SendResult(SendOutcome.OK)

    def sleep(seconds: float) -> None:
        clock["t"] += timedelta(seconds=seconds)

    began = time.perf_counter()
    report = run_once(url, send, now=lambda: clock["t"], sleep=sleep, plan_first=False)
    wall = time.perf_counter() - began
    times = [t for t, _, _ in stamps]
    worst, j = 0, 0
    for i, t in enumerate(times):  # the most messages in any one-second window
        while j < len(times) and times[j] < t + timedelta(seconds=1):
            j += 1
        worst = max(worst, j - i)
    last: dict[str, datetime] = {}
    closest = timedelta(days=1)
    for t, user, _ in stamps:
        if user in last:
            closest = min(closest, t - last[user])
        last[user] = t
    duplicates = sum(c - 1 for c in Counter(text for _, _, text in stamps).values() if c > 1)
    span = (times[-1] - times[0]).total_seconds() if times else 0.0
    say(f"one sender, simulated clock: sent {report.sent}/{rows}, duplicates {duplicates}")
    say(f"  simulated drain time {span:.1f} s (floor at 30/s: {rows / 30:.1f} s)")
    say(f"  most messages in any 1 s: {worst} (limit 30); closest two to one chat: {closest.total_seconds():.2f} s (limit 1)")
    say(f"  wall time of the database work: {wall:.1f} s ({wall / max(rows, 1) * 1000:.2f} ms a reminder)")


def _worker(url: str, log: str, barrier: mp.synchronize.Barrier, out: mp.Queue) -> None:  # type: ignore[name-defined]
    def send(user_id: str, text: str) -> SendResult:
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, f"{user_id}\t{text.splitlines()[1]}\n".encode())
        finally:
            os.close(fd)
        return SendResult(SendOutcome.OK)

    unlimited = RateLimiter(overall=TokenBucket(1e9, 1e9))
    unlimited.chats = _Unlimited()  # type: ignore[assignment]
    offset = datetime.now(UTC) - START
    barrier.wait()
    began = time.perf_counter()
    report = run_once(url, send, now=lambda: datetime.now(UTC) - offset, limiter=unlimited, plan_first=False)
    out.put((report.sent, report.lost_leases, time.perf_counter() - began))


class _Unlimited(dict):  # type: ignore[type-arg]
    """Per-chat buckets that never make anyone wait (part 2 measures the database alone)."""

    def setdefault(self, key: str, default: TokenBucket | None = None) -> TokenBucket:  # type: ignore[override]
        return super().setdefault(key, TokenBucket(1e9, 1e9))


def two_processes(url: str, rows: int, tmp: Path) -> None:
    fill(url, rows)
    dispose_engines()
    ctx = mp.get_context("spawn")
    log = tmp / "sent.log"
    barrier, out = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(url, str(log), barrier, out)) for _ in range(2)]
    began = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get(timeout=1800) for _ in procs]
    for p in procs:
        p.join()
    wall = time.perf_counter() - began
    lines = log.read_text(encoding="utf-8").splitlines()
    duplicates = sum(c - 1 for c in Counter(lines).values() if c > 1)
    say(f"two senders, real clock, limits lifted: sent {len(set(lines))}/{rows}, duplicates {duplicates}")
    say(f"  per worker sent {[r[0] for r in results]}, lost leases {[r[1] for r in results]}")
    say(f"  wall time {wall:.1f} s including process start ({rows / wall:.0f} reminders/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policybot-bench-reminders-") as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        say(f"database: {get_engine(url).url.render_as_string(hide_password=True)}")
        fill(url, args.rows)
        simulated(url, args.rows)
        two_processes(url, args.rows, Path(tmp))
        dispose_engines()


if __name__ == "__main__":
    main()
