"""Helpers for the reminder tests: registry filings to follow, and sender processes for
tests/test_reminders_sender.py (importable by a spawned child).

Each worker runs `run_once` over the test's database with its own lease owner, after a
barrier so both claim at the same moment. Its send function appends one line per message
to a shared file (O_APPEND, one write per line), which the test then counts. The clock
starts at the test's chosen moment and runs in real time, so the rate limiter's waits are
short real sleeps.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from corpus.models import Jurisdiction
from db.crud import create_agency, create_filing
from db.session import session_scope
from tests.db_fixtures import agency_in, filing_in
from tools.reminder_plan import subscribe_linked
from tools.reminder_sender import SendOutcome, SendResult, run_once

REGIONS = {"bingtuan": "第八师石河子市", "neimenggu": "包头市", "tianjin": "和平区"}
PREFIX = {"bingtuan": "BT", "neimenggu": "NM", "tianjin": "TJ"}


def add_followed_filing(url: str, n: int, jurisdiction: str, valid_until: date, user_id: str) -> str:
    """Register agency `n` with one active filing valid until `valid_until`, and subscribe
    `user_id` to it; returns the filing number."""
    number = f"{PREFIX[jurisdiction]}-{valid_until.year - 3}-{n:04d}"
    with session_scope(url) as session:
        agency = create_agency(
            session=session,
            agency_in=agency_in(n, jurisdiction=Jurisdiction(jurisdiction), region=REGIONS[jurisdiction]),
            actor="test",
        )
        create_filing(
            session=session,
            agency=agency,
            filing_in=filing_in(number, filed_on=valid_until.replace(year=valid_until.year - 3), valid_until=valid_until),
            actor="test",
        )
        subscribe_linked(session, user_id=user_id, filing_number=number)
    return number


def sender_worker(url: str, start: datetime, log_path: str, barrier: Any, out: Any) -> None:
    began = time.monotonic()

    def now() -> datetime:
        return start + timedelta(seconds=time.monotonic() - began)

    def send(user_id: str, text: str, buttons: object = ()) -> SendResult:  # noqa: ARG001
        line = f"{os.getpid()}\t{user_id}\t{text.splitlines()[1]}\n".encode()
        fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
        return SendResult(SendOutcome.OK)

    barrier.wait()
    report = run_once(url, send, now=now, batch=5)
    out.put(report.as_dict())


def run_two_senders(url: str, start: datetime, log_path: Path) -> tuple[Counter[str], list[dict[str, Any]]]:
    """Two sender processes released together on one database: how many reminders each user
    got (from the shared send log) and each process's report."""
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(2, timeout=120), ctx.Queue()
    processes = [ctx.Process(target=sender_worker, args=(url, start, str(log_path), barrier, out)) for _ in range(2)]
    for process in processes:
        process.start()
    reports = [out.get(timeout=180) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    per_user = Counter(line.split("\t")[1] for line in log_path.read_text(encoding="utf-8").splitlines())
    return per_user, reports
