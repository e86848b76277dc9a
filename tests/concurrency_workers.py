"""Worker processes for tests/test_concurrency.py (importable by a spawned child).

Each worker builds its own `Engine` over the test's database, waits at a barrier so the
workers really act at once, drives the engine through `Engine.handle` only, and puts what
it saw on a queue for the test to check. No search index is needed: checklist ticks,
/help and /link never search.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bot.engine import Engine
from bot.messages import Reply, UserInput
from config import Settings

BUSY = "系统繁忙,请稍后再试。"  # db.session.schema_error for a lock wait past busy_timeout
BUSY_RETRIES = 5


def engine_for(url: str, **settings: Any) -> Engine:
    """An engine over `url` with default settings (no .env), its data dir in a temp dir."""
    data_dir = Path(tempfile.mkdtemp(prefix="policybot-worker-"))
    return Engine(Settings(_env_file=None, data_dir=data_dir, **settings), database_url=url)  # type: ignore[call-arg]


def tick_label(reply: Reply, payload: str) -> str:
    """The label of the button carrying `payload` ("" when there is none)."""
    return next((b.label for row in reply.buttons for b in row if b.payload == payload), "")


def tick_worker(url: str, user: str, payloads: list[str], rounds: int, barrier: Any, out: Any) -> None:
    """Toggle each of `payloads` `rounds` times; report every reply whose own item does not
    show the state this worker just set (a lost or reordered update)."""
    engine = engine_for(url)
    wrong: list[str] = []
    barrier.wait()
    for n in range(rounds):
        mark = "☑" if n % 2 == 0 else "☐"
        for payload in payloads:
            reply = engine.handle(UserInput(user_id=user, callback=payload))
            for _ in range(BUSY_RETRIES):  # "busy, try again" confirmed nothing: press again
                if reply.text != BUSY:
                    break
                reply = engine.handle(UserInput(user_id=user, callback=payload))
            label = tick_label(reply, payload)
            if not label.startswith(mark):
                wrong.append(f"round {n} {payload}: {label or reply.text[:60]}")
    out.put(wrong)


def first_contact_worker(url: str, users: list[str], barrier: Any, out: Any) -> None:
    """Send /help as each new user at the same moment as the other workers."""
    engine = engine_for(url)
    texts: list[str] = []
    for user in users:
        barrier.wait()
        texts.append(engine.handle(UserInput(user_id=user, command="help")).text)
    out.put(texts)


def redeem_worker(url: str, user: str, codes: list[str], barrier: Any, out: Any) -> None:
    """Redeem each code at the same moment as the other workers; report (code, reply text)."""
    engine = engine_for(url, link_failures_per_minute=10_000)
    seen: list[tuple[str, str]] = []
    for code in codes:
        barrier.wait()
        seen.append((code, engine.handle(UserInput(user_id=user, command="link", text=code)).text))
    out.put((user, seen))
