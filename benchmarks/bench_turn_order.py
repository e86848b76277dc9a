"""Figures for one user's turns under several processes, and for a refusal in a dialogue.

    python -m benchmarks.bench_turn_order [--workers 4] [--rounds 21] [--url DATABASE_URL]

Prints, on a fresh SQLite file (or the given, already migrated, database): checklist ticks
per second with N processes toggling one user's items through `Engine.handle`, how many
confirmed ticks were wrong afterwards, replies that said "busy", and how long a refused
regulator-only request takes while a dialogue is waiting (it used to wait 10 s on SQLite).
Reports, not tests: it always exits 0.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import tempfile
import time
from pathlib import Path

from bot.messages import UserInput
from tests.concurrency_workers import BUSY, engine_for, tick_worker


def _fresh_sqlite() -> str:
    from bot.console import ensure_database  # noqa: PLC0415

    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-turns-')) / 'bench.db'}"
    ensure_database(url)
    return url


def _open_checklist(url: str, user: str) -> list[str]:
    engine = engine_for(url)
    reply = engine.handle(UserInput(user_id=user, command="checklist"))
    for _ in range(5):
        ticks = [b.payload for row in reply.buttons for b in row if b.payload.startswith("ck:")]
        if ticks:
            return ticks
        choices = [b.payload for row in reply.buttons for b in row if b.payload.startswith("an:checklist:")]
        reply = engine.handle(UserInput(user_id=user, callback=choices[0]))
    raise SystemExit("no checklist reached")


def ticks(url: str, workers: int, rounds: int) -> None:
    user = f"bench:{time.time_ns()}"
    payloads = _open_checklist(url, user)
    ctx = mp.get_context("spawn")
    barrier, out = ctx.Barrier(workers), ctx.Queue()
    shares = [payloads[n::workers] for n in range(workers)]
    procs = [ctx.Process(target=tick_worker, args=(url, user, share, rounds, barrier, out)) for share in shares]
    start = time.perf_counter()
    for proc in procs:
        proc.start()
    wrong = [line for _ in procs for line in out.get()]
    elapsed = time.perf_counter() - start
    for proc in procs:
        proc.join()
    turns = rounds * len(payloads)
    print(f"ticks: {workers} processes, {turns} confirmed turns in {elapsed:.1f} s "
          f"({turns / elapsed:.0f}/s incl. process start), wrong or lost: {len(wrong)}")


def refusal(url: str) -> None:
    engine = engine_for(url)
    for dialogue in ("eligibility", "checklist", "deadline"):
        user = f"bench:{dialogue}:{time.time_ns()}"
        engine.handle(UserInput(user_id=user, command=dialogue))
        start = time.perf_counter()
        reply = engine.handle(UserInput(user_id=user, text="列出所有暂停的机构"))
        took = time.perf_counter() - start
        note = "busy" if reply.text == BUSY else "refused"
        print(f"refusal during /{dialogue}: {took * 1000:.0f} ms ({note})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    url = args.url or _fresh_sqlite()
    print(f"database: {url.split('://')[0]}")
    ticks(url, args.workers, args.rounds)
    refusal(url)


if __name__ == "__main__":
    main()
