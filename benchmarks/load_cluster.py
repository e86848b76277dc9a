"""Load run through the whole scale path: nginx → N webhook workers → PostgreSQL + Chroma server.

`scripts/cluster.py` starts the real deployment on loopback (a throw-away PostgreSQL, a
`chroma run` server, `policybot run` workers in webhook mode, nginx in front); a local Bot API
stub (tests/telegram/botapi_stub.py) records every reply. Simulated users post realistic
updates to nginx with the secret header, as Telegram does: questions, status lookups, a
checklist with a button press, help. Like Telegram, a delivery that does not get a 200 is
retried with backoff. For 1 worker and then for N workers, in the same run:

- steady: RATE messages a second from USERS users for SECONDS seconds (each user waits for the
  answer before the next message, as a person does); with N workers, one worker is killed
  (SIGKILL) half-way through;
- burst: BURST messages posted at once, timed until the last answer arrives.

Prints throughput, p50/p95/p99 reply latency, lost (no answer), duplicated (more answers than
messages to a chat), non-200 deliveries and retries, the N/1 throughput ratio and the load
average. A report, not a test: it exits 0 unless nothing could be started.

    python -m benchmarks.load_cluster [--workers 2] [--users 200] [--rate 10] [--seconds 60] [--burst 600]
"""

# ruff: noqa: T201  (a command-line report: printing is its job)

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.telegram.botapi_stub import BotApiStub

ROOT = Path(__file__).resolve().parents[1]
SECRET = "load-cluster-secret"
RETRY_FOR = 180.0  # seconds; longer than a dead worker's lease on an update (db.updates.LEASE)
QUESTIONS = (
    "兵团评价机构备案有效期几年?",
    "内蒙古评价机构续期要提前多久申请?",
    "评价档案要保存多久?",
    "考评人员需要什么条件?",
    "/status 示例石河子绿洲机电",
    "绿洲机电还有效吗",
    "/help",
    "天津评价机构怎么备案?",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Figures:
    """What one phase measured."""

    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    duplicated: int = 0
    non_200: int = 0
    retries: int = 0
    seconds: float = 0.0

    def line(self, name: str) -> str:
        lat = sorted(self.latencies) or [float("nan")]
        pct = {p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))] for p in (50, 95, 99)}
        rate = len(self.latencies) / self.seconds if self.seconds else 0.0
        return (
            f"{name:<28} sent {self.sent:>4}  answered {len(self.latencies):>4}  {rate:5.1f} msg/s  "
            f"p50 {pct[50]:.2f}s p95 {pct[95]:.2f}s p99 {pct[99]:.2f}s  lost {self.lost} dup {self.duplicated}  "
            f"non-200 {self.non_200} retries {self.retries}"
        )


class Deployment:
    """One cluster started by scripts/cluster.py, with its Bot API stub."""

    def __init__(self, api: BotApiStub, data: Path, database_url: str) -> None:
        self.api = api
        self.nginx_port = _free_port()
        self.env = {
            **os.environ,
            "DATA_DIR": str(data), "DATABASE_URL": database_url, "CHROMA_HOST": "",
            "CHROMA_PORT": str(_free_port()), "TELEGRAM_BOT_TOKEN": "123456:LOAD-CLUSTER",
            "TELEGRAM_API_BASE_URL": api.base_url, "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_URL": f"http://127.0.0.1:{self.nginx_port}/tg/hook",
            "CLUSTER_PORT": str(self.nginx_port), "CLUSTER_WORKER_PORT": str(_free_port()),
            "RATE_LIMIT_PER_MINUTE": "1000", "LOG_LEVEL": "WARNING",
        }
        self.url = self.env["WEBHOOK_URL"]
        self.state = data / "cluster" / "state.json"

    def cluster(self, *args: str) -> None:
        script = [sys.executable, str(ROOT / "scripts" / "cluster.py"), *args]
        subprocess.run(script, env=self.env, check=True, stdout=subprocess.DEVNULL, timeout=1800)

    def workers(self) -> list[int]:
        return [int(pid) for pid in json.loads(self.state.read_text())["workers"]]


class Users:
    """Simulated users posting updates; each waits for its answer before the next message."""

    def __init__(self, deployment: Deployment, first_user: int, count: int) -> None:
        self.d = deployment
        self.users = list(range(first_user, first_user + count))
        self.update_id = first_user * 10
        self.figures = Figures()
        self._expected: dict[int, int] = {}

    async def post(self, http: httpx.AsyncClient, update: dict[str, Any]) -> None:
        """Deliver like Telegram: retry with backoff until a 200, for up to RETRY_FOR seconds."""
        delay, deadline = 0.25, time.monotonic() + RETRY_FOR
        while True:
            try:
                response = await http.post(
                    self.d.url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
                )
                if response.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            self.figures.non_200 += 1
            if time.monotonic() > deadline:
                return
            self.figures.retries += 1
            await asyncio.sleep(delay)
            delay = min(delay * 2, 8.0)

    def message(self, user: int, text: str) -> dict[str, Any]:
        self.update_id += 1
        sender = {"id": user, "is_bot": False, "first_name": "示例"}
        return {
            "update_id": self.update_id,
            "message": {
                "message_id": self.update_id, "date": int(time.time()), "text": text,
                "chat": {"id": user, "type": "private"}, "from": sender,
            },
        }

    async def turn(self, http: httpx.AsyncClient, user: int, text: str, timeout: float = 210.0) -> None:
        before = len(self.d.api.messages_to(user))
        self._expected[user] = self._expected.get(user, 0) + 1
        self.figures.sent += 1
        started = time.monotonic()
        await self.post(http, self.message(user, text))
        deadline = started + timeout
        while time.monotonic() < deadline:
            replies = self.d.api.messages_to(user)
            if len(replies) > before:
                self.figures.latencies.append(replies[before].received - started)
                return
            await asyncio.sleep(0.05)
        self.figures.lost += 1

    def count_duplicates(self) -> None:
        for user, expected in self._expected.items():
            sent = sum(1 for m in self.d.api.messages_to(user) if m.method == "sendMessage")
            self.figures.duplicated += max(0, sent - expected)


async def steady(d: Deployment, first_user: int, users: int, rate: float, seconds: float, kill: bool) -> Figures:
    """`rate` messages a second, spread over idle users, for `seconds`; maybe kill a worker midway."""
    load = Users(d, first_user, users)
    idle = list(load.users)
    random.Random(first_user).shuffle(idle)
    tasks: list[asyncio.Task[None]] = []
    killed = False
    async with httpx.AsyncClient(timeout=60) as http:
        started = time.monotonic()
        n = 0
        while time.monotonic() - started < seconds:
            if kill and not killed and time.monotonic() - started > seconds / 2:
                os.kill(d.workers()[0], signal.SIGKILL)
                killed = True
            if idle:
                user = idle.pop(0)

                async def one(user: int = user, text: str = QUESTIONS[n % len(QUESTIONS)]) -> None:
                    await load.turn(http, user, text)
                    idle.append(user)

                tasks.append(asyncio.create_task(one()))
                n += 1
            await asyncio.sleep(max(0.0, started + n / rate - time.monotonic()))
        await asyncio.gather(*tasks)
        load.figures.seconds = time.monotonic() - started
    load.count_duplicates()
    return load.figures


async def burst(d: Deployment, first_user: int, count: int) -> Figures:
    """`count` messages from `count` users at once; seconds until the last answer."""
    load = Users(d, first_user, count)
    async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=100)) as http:
        started = time.monotonic()
        await asyncio.gather(*(load.turn(http, u, QUESTIONS[u % len(QUESTIONS)], 120) for u in load.users))
        load.figures.seconds = time.monotonic() - started
    load.count_duplicates()
    return load.figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--burst", type=int, default=600)
    args = parser.parse_args()
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        print("nginx 未安装,跳过集群负载测试(make test 或 make cluster 会用 apt 安装)。")
        return 0
    sys.path.insert(0, str(ROOT / "scripts"))
    from pg_test_server import PgServer, PgUnavailable  # noqa: PLC0415

    pg = PgServer()
    try:
        database_url = pg.start()
    except PgUnavailable as exc:
        print(f"PostgreSQL 不可用,跳过:{exc}")
        return 0
    data = Path(tempfile.mkdtemp(prefix="policybot-load-"))
    cache = ROOT / "data" / "index" / "vector_cache.sqlite"
    if cache.exists():
        (data / "index").mkdir()
        shutil.copy(cache, data / "index" / cache.name)
    bursts: dict[int, Figures] = {}
    with BotApiStub() as api:
        d = Deployment(api, data, database_url)
        try:
            for phase, workers in enumerate(sorted({1, args.workers})):
                d.cluster("up", "--workers", str(workers))
                base = 1_000_000 * (phase + 1)
                figures = asyncio.run(steady(d, base, args.users, args.rate, args.seconds, kill=workers > 1))
                print(figures.line(f"steady, {workers} worker(s)" + (", 1 killed" if workers > 1 else "")))
                d.cluster("up", "--workers", str(workers))  # restart the killed one
                bursts[workers] = asyncio.run(burst(d, base + 500_000, args.burst))
                print(bursts[workers].line(f"burst {args.burst}, {workers} worker(s)"))
                d.cluster("down")
        finally:
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "cluster.py"), "down"],
                env=d.env, capture_output=True, check=False,
            )
            pg.stop()
            shutil.rmtree(data, ignore_errors=True)
    if len(bursts) == 2:
        one, many = bursts[1], bursts[args.workers]
        ratio = (len(many.latencies) / many.seconds) / max(1e-9, len(one.latencies) / one.seconds)
        print(f"burst drain rate, {args.workers} workers / 1 worker: {ratio:.2f}x")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
