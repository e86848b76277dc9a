"""Load run for the Telegram channel: many simulated users talking at once through the emulator.

Starts `telegram-test-api` (tests/telegram/node), runs the real Application
(long polling through the test compatibility layer) over the real engine on a
throw-away database, and lets `--users` users each send `--turns` messages at
the same time (commands, questions, a guided dialogue with a button press), every
user waiting for the bot's answer before the next one, as a person would. Reply latency is the emulator's own receive time of the
bot's first answer minus the moment the user sent (same machine, same clock),
so the client's polling rate does not distort it.

Prints messages sent, handled and lost (no answer within --timeout; must be 0),
and latency p50/p95/max. Exit status 1 if anything was lost.

    python -m benchmarks.load_telegram [--users 100] [--turns 6] [--engine real|fake]
"""

# ruff: noqa: T201  (a command-line report: printing is its job)

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bot.telegram.app import build_application
from tests.telegram.emulator import (
    BotMessage,
    Emulator,
    TelegramUser,
    bot_settings,
    compat_requests,
    new_token,
    running_bot,
)

# What each simulated user does, in order: commands, questions, and a guided dialogue in
# which a button is pressed (a string is sent as typed; ("press", label) presses a button
# on the bot's last answer).
SCRIPT: tuple[str | tuple[str, str], ...] = (
    "/start",
    "评价机构备案需要满足哪些条件?",
    "/eligibility",
    ("press", "兵团"),
    "职业技能等级证书多久内可以查询?",
    "/cancel",
)
FIRST_USER_ID = 7_000_000
ERROR_MARKERS = ("出错了", "无法连接", "时间太长")


@dataclass
class Tally:
    sent: int = 0
    handled: int = 0
    lost: int = 0
    skipped: int = 0  # button presses not made because the button never came
    error_replies: int = 0  # answered, but with an apology or a database error
    notes: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)


async def _first_reply(user: TelegramUser, sent_at: float, timeout: float) -> BotMessage | None:
    """The first bot message this chat received after `sent_at`, polling gently."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = await user._post("/getUpdates", {"token": user.token, "chatId": user.chat_id})
        fresh = [BotMessage.from_store(entry) for entry in result.get("result") or []]
        answers = [m for m in fresh if m.time_ms >= sent_at - 1]  # earlier: a previous turn's tail
        if answers:
            return min(answers, key=lambda m: m.time_ms)
        await asyncio.sleep(0.15 + random.random() * 0.1)
    return None


async def _converse(user: TelegramUser, turns: int, timeout: float, tally: Tally) -> None:
    await asyncio.sleep(random.random())  # everyone starts within the same second
    last: BotMessage | None = None
    for step in SCRIPT[:turns]:
        if isinstance(step, tuple):
            if last is None or not any(step[1] in label for label in last.labels):
                tally.skipped += 1
                shown = last.text[:40] if last else None
                tally.notes.append(f"user {user.user_id}: no {step[1]!r} button on {shown!r}")
                continue
            sent_at = await user.press(last, last.button(step[1]))
        elif step.startswith("/"):
            sent_at = await user.command(step)
        else:
            sent_at = await user.say(step)
        tally.sent += 1
        last = await _first_reply(user, sent_at, timeout)
        if last is None:
            tally.lost += 1
            tally.notes.append(f"user {user.user_id}: no answer to {step!r}")
            continue
        tally.handled += 1
        if any(marker in last.text for marker in ERROR_MARKERS):
            tally.error_replies += 1
            tally.notes.append(f"user {user.user_id}: {step!r} answered {last.text[:60]!r}")
        tally.latencies_ms.append(last.time_ms - sent_at)


def _build_engine(kind: str, settings: Any) -> Any:
    if kind == "fake":
        from tests.telegram.fakes import FakeEngine

        return FakeEngine()
    from bot.engine import build_engine
    from db.migrate import upgrade

    upgrade(settings.effective_database_url)  # a throw-away database, migrated like a real one
    return build_engine(settings)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def run(users: int, turns: int, timeout: float, engine_kind: str) -> Tally:
    reason = Emulator.available()
    if reason is not None:
        raise SystemExit(f"Telegram emulator unavailable: {reason}")
    emulator = Emulator()
    emulator.start()
    tally = Tally()
    try:
        with tempfile.TemporaryDirectory(prefix="policybot-load-") as tmp:
            token = new_token()
            settings = bot_settings(
                emulator,
                token,
                database_url=f"sqlite:///{Path(tmp) / 'load.db'}",
                rate_limit_per_minute=max(60, turns * 2),
            )
            engine = _build_engine(engine_kind, settings)
            request, updates_request = compat_requests()
            application = build_application(
                settings, engine, request=request, get_updates_request=updates_request
            )
            limits = httpx.Limits(max_connections=64)
            async with httpx.AsyncClient(base_url=emulator.url, timeout=30, limits=limits) as http:
                async with running_bot(application, poll_interval=0.02):
                    people = [
                        TelegramUser(http, token, FIRST_USER_ID + n, first_name=f"用户{n}")
                        for n in range(users)
                    ]
                    started = time.monotonic()
                    await asyncio.gather(*(_converse(p, turns, timeout, tally) for p in people))
                    elapsed = time.monotonic() - started
        _report(users, turns, tally, elapsed)
    finally:
        emulator.stop()
    return tally


def _report(users: int, turns: int, tally: Tally, elapsed: float) -> None:
    print(f"Telegram load run: {users} users x {turns} messages, all at once, via the emulator")
    print(f"  messages sent     {tally.sent}")
    print(f"  messages handled  {tally.handled}")
    print(f"  messages lost     {tally.lost}")
    if tally.latencies_ms:
        lat = tally.latencies_ms
        print(
            f"  reply latency     p50 {_percentile(lat, 0.5):.0f} ms, "
            f"p95 {_percentile(lat, 0.95):.0f} ms, max {max(lat):.0f} ms, "
            f"mean {statistics.fmean(lat):.0f} ms"
        )
    print(f"  error replies     {tally.error_replies} (answered with an apology or DB error)")
    print(f"  presses skipped   {tally.skipped} (the button to press never came)")
    for line in tally.notes[:10]:
        print(f"    {line}")
    print(f"  wall time         {elapsed:.1f} s ({tally.handled / max(elapsed, 1e-9):.1f} msg/s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--turns", type=int, default=len(SCRIPT), help=f"at most {len(SCRIPT)}")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait per reply")
    parser.add_argument("--engine", choices=("real", "fake"), default="real")
    args = parser.parse_args(argv)
    users = max(1, min(args.users, 500))
    turns = max(1, min(args.turns, len(SCRIPT)))
    logging.basicConfig(level=logging.WARNING)
    tally = asyncio.run(run(users, turns, args.timeout, args.engine))
    return 1 if tally.lost or tally.handled < tally.sent else 0


if __name__ == "__main__":
    sys.exit(main())
