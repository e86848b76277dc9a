"""The scale path as one piece: `scripts/cluster.py` starts PostgreSQL, a Chroma server, two
webhook workers and nginx; updates posted to nginx are answered through the Bot API, and
they still are after one worker is killed (nginx passes the post to the other one).

Skipped, saying why, when nginx or PostgreSQL cannot be had on this machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.telegram.botapi_stub import BotApiStub

ROOT = Path(__file__).resolve().parents[1]
SECRET = "cluster-smoke-secret"

pytestmark = pytest.mark.cluster


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _free_port_run(count: int) -> int:
    """A port P with P … P+count-1 all free (the workers listen on consecutive ports)."""
    while True:
        base = _free_port()
        if base + count < 65535 and all(_bindable(base + i) for i in range(1, count)):
            return base


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _update(update_id: int, user: int, text: str) -> dict[str, Any]:
    sender = {"id": user, "is_bot": False, "first_name": "示例用户"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id, "date": int(time.time()), "text": text,
            "chat": {"id": user, "type": "private"}, "from": sender,
        },
    }


@pytest.fixture(scope="module")
def cluster(
    tmp_path_factory: pytest.TempPathFactory, pg_server_url: str
) -> Iterator[tuple[BotApiStub, str, dict[str, str]]]:
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.skip("nginx is not installed (make test installs it with apt-get when run as root)")
    # The test server's database (pytest's temporary directories are private to root, so the
    # cluster's own `postgres`-owned data directory could not live there).
    with sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool).connect() as conn:
        conn.execute(sa.text("DROP DATABASE IF EXISTS cluster_smoke"))
        conn.execute(sa.text("CREATE DATABASE cluster_smoke"))
    database_url = make_url(pg_server_url).set(database="cluster_smoke").render_as_string(hide_password=False)
    data = tmp_path_factory.mktemp("cluster-data")
    cache = ROOT / "data" / "index" / "vector_cache.sqlite"
    if cache.exists():  # the passages are already embedded: the cluster's ingest only stores them
        (data / "index").mkdir()
        shutil.copy(cache, data / "index" / cache.name)
    nginx_port = _free_port()
    with BotApiStub() as api:
        env = {
            **os.environ,
            "DATA_DIR": str(data), "DATABASE_URL": database_url, "CHROMA_HOST": "", "CHROMA_PORT": str(_free_port()),
            "TELEGRAM_BOT_TOKEN": "123456:CLUSTER-SMOKE", "TELEGRAM_API_BASE_URL": api.base_url,
            "WEBHOOK_URL": f"http://127.0.0.1:{nginx_port}/tg/hook", "WEBHOOK_SECRET": SECRET,
            "CLUSTER_PORT": str(nginx_port), "CLUSTER_WORKER_PORT": str(_free_port_run(2)),
        }
        script = [sys.executable, str(ROOT / "scripts" / "cluster.py")]
        up = subprocess.run([*script, "up", "--workers", "2"], env=env, capture_output=True, text=True, timeout=900)
        try:  # `down` also stops what a failed `up` had started
            assert up.returncode == 0, up.stdout + up.stderr
            yield api, f"http://127.0.0.1:{nginx_port}/tg/hook", env
        finally:
            subprocess.run([*script, "down"], env=env, capture_output=True, timeout=120, check=False)


def _post(url: str, update: dict[str, Any], secret: str = SECRET) -> int:
    response = httpx.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}, timeout=60)
    return response.status_code


def _workers(env: dict[str, str]) -> list[int]:
    import json

    state = json.loads((Path(env["DATA_DIR"]) / "cluster" / "state.json").read_text())
    return [int(pid) for pid in state["workers"]]


def test_two_workers_behind_nginx_answer_and_survive_one_killed(
    cluster: tuple[BotApiStub, str, dict[str, str]],
) -> None:
    api, url, env = cluster
    users = range(810_001, 810_007)
    for n, user in enumerate(users):
        assert _post(url, _update(50_000 + n, user, "兵团评价机构备案有效期几年?")) == 200
    for user in users:
        replies = api.wait_for(user, 1, timeout=120)
        assert replies, f"no reply for {user}"
        assert "3年" in replies[0].text

    os.kill(_workers(env)[0], signal.SIGKILL)
    survivors = range(820_001, 820_005)
    for n, user in enumerate(survivors):
        assert _post(url, _update(60_000 + n, user, "/help")) == 200
    for user in survivors:
        assert api.wait_for(user, 1, timeout=60), f"no reply for {user} after a worker died"


def test_nginx_passes_on_a_post_without_the_secret_unanswered(
    cluster: tuple[BotApiStub, str, dict[str, str]],
) -> None:
    api, url, _ = cluster
    status = _post(url, _update(70_001, 830_001, "/help"), secret="wrong")
    assert status in (401, 403)
    time.sleep(1.0)
    assert api.messages_to(830_001) == []
