"""The scale path on one machine: PostgreSQL, a Chroma server, N webhook workers, nginx.

    python scripts/cluster.py up [--workers N]    # start what is not running; scale to N workers
    python scripts/cluster.py status              # what runs where
    python scripts/cluster.py down                # stop everything (the database and index stay)

Each part is an existing engine started the ordinary way: PostgreSQL from apt (a cluster
under DATA_DIR/cluster/pg unless DATABASE_URL names one), `chroma run` (unless CHROMA_HOST
names a server), `policybot run` in webhook mode once per worker on 127.0.0.1, and nginx
from apt in front, spreading webhook posts over the workers and passing a post to the next
worker when one is down (`proxy_next_upstream`). Settings come from the environment and
`.env` like every other command; CLUSTER_WORKERS (default 2) is how many workers, CLUSTER_PORT
(default 8080) where nginx listens, and CLUSTER_WORKER_PORT (default 9100) the first worker's port. Telegram (or a reverse proxy
terminating TLS) must reach nginx at WEBHOOK_URL's path.

Nothing here holds user state: the workers share the database, so any worker can take any
update, a worker can be added or killed at any time, and `up` again restarts what died.
"""

# ruff: noqa: T201  (an operator's command: printing is its job)

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from config import Settings, get_settings  # noqa: E402
from pg_test_server import PgServer, PgUnavailable  # noqa: E402

BIN = Path(sys.executable).parent


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((host, port)) == 0


def _wait_port(port: int, what: str, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _port_open(port):
            return
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"{what} 启动失败(退出码 {proc.returncode}),见日志。")
        time.sleep(0.2)
    raise SystemExit(f"{what} 在 {timeout:.0f} 秒内没有监听端口 {port},见日志。")


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


class Cluster:
    """The state of one deployment, kept in DATA_DIR/cluster/state.json between commands."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = Path(settings.data_dir).resolve() / "cluster"
        self.logs = self.home / "logs"
        self.state_path = self.home / "state.json"
        self.state: dict[str, object] = (
            json.loads(self.state_path.read_text()) if self.state_path.exists() else {}
        )
        self.nginx_port = settings.cluster_port
        self.worker_port = settings.cluster_worker_port

    def save(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.state_path.write_text(json.dumps(self.state, indent=2))

    # -- parts -------------------------------------------------------------------
    def database_url(self) -> str:
        if self.settings.database_url:
            return self.settings.database_url
        port = int(self.state.get("pg_port") or 0)  # type: ignore[call-overload]
        server = PgServer(root=self.home / "pg", port=port)
        if port and _port_open(port):
            return server.url
        try:
            url = server.start()
        except PgUnavailable as exc:
            raise SystemExit(str(exc)) from exc
        self.state["pg_port"] = server.port
        return url

    def chroma(self) -> tuple[str, int]:
        if self.settings.chroma_host:
            return self.settings.chroma_host, self.settings.chroma_port
        port = int(self.state.get("chroma_port") or self.settings.chroma_port)  # type: ignore[call-overload]
        if not _alive(self.state.get("chroma_pid")) or not _port_open(port):  # type: ignore[arg-type]
            path = self.home / "chroma"
            path.mkdir(parents=True, exist_ok=True)
            log = (self.logs / "chroma.log").open("ab")
            proc = subprocess.Popen(
                [str(BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
            )
            _wait_port(port, "Chroma 服务", 60, proc)
            self.state.update(chroma_pid=proc.pid, chroma_port=port)
        return "127.0.0.1", port

    def worker_env(self, index: int, database_url: str, chroma: tuple[str, int]) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": database_url,
            "CHROMA_HOST": chroma[0],
            "CHROMA_PORT": str(chroma[1]),
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(self.worker_port + index),
        }

    def prepare(self, env: dict[str, str]) -> None:
        """Schema and index once, before any worker starts (both are idempotent)."""
        for args in (["db", "upgrade"], ["ingest"]):
            subprocess.run([str(BIN / "policybot"), *args], env=env, check=True, stdout=subprocess.DEVNULL)

    def start_workers(self, count: int, database_url: str, chroma: tuple[str, int]) -> list[int]:
        pids: list[int] = list(self.state.get("workers") or [])  # type: ignore[call-overload]
        pids = (pids + [0] * count)[:count]
        started = []
        for index in range(count):
            if _alive(pids[index]):
                continue
            log = (self.logs / f"worker{index}.log").open("ab")
            proc = subprocess.Popen(
                [str(BIN / "policybot"), "run"], env=self.worker_env(index, database_url, chroma),
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
            pids[index] = proc.pid
            started.append((index, proc))
        for index, proc in started:
            _wait_port(self.worker_port + index, f"第 {index + 1} 个工作进程", 120, proc)
        for index in range(count, len(self.state.get("workers") or [])):  # type: ignore[arg-type]
            _terminate(list(self.state["workers"])[index])  # type: ignore[call-overload]
        self.state["workers"] = pids
        return pids

    def nginx_conf(self, count: int) -> Path:
        path = urlsplit(self.settings.webhook_url).path or "/"
        servers = "\n".join(f"        server 127.0.0.1:{self.worker_port + i} max_fails=1 fail_timeout=5s;" for i in range(count))
        conf = f"""worker_processes 1;
pid {self.home}/nginx.pid;
error_log {self.logs}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {self.logs}/nginx-access.log;
    client_body_temp_path {self.home}/nginx-tmp;
    proxy_temp_path {self.home}/nginx-tmp;
    upstream policybot_workers {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{self.nginx_port};
        client_max_body_size 1m;
        location = {path} {{
            proxy_pass http://policybot_workers;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
        location / {{ return 404; }}
    }}
}}
"""
        conf_path = self.home / "nginx.conf"
        (self.home / "nginx-tmp").mkdir(parents=True, exist_ok=True)
        conf_path.write_text(conf)
        return conf_path

    def start_nginx(self, count: int) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise SystemExit("没有找到 nginx:请先安装(apt-get install nginx)。")
        conf = self.nginx_conf(count)
        pid_file = self.home / "nginx.pid"
        pid = int(pid_file.read_text()) if pid_file.exists() else 0
        if _alive(pid):
            subprocess.run(
                [nginx, "-c", str(conf), "-p", str(self.home), "-s", "reload"], check=True, capture_output=True
            )
        else:
            subprocess.run([nginx, "-c", str(conf), "-p", str(self.home)], check=True)
            _wait_port(self.nginx_port, "nginx", 20)

    # -- commands ----------------------------------------------------------------
    def up(self, workers: int) -> None:
        if not (self.settings.telegram_enabled and self.settings.webhook_url):
            raise SystemExit("集群需要 TELEGRAM_BOT_TOKEN 和 WEBHOOK_URL(见 .env.example)。")
        self.logs.mkdir(parents=True, exist_ok=True)
        database_url = self.database_url()
        chroma = self.chroma()
        self.save()
        self.prepare(self.worker_env(0, database_url, chroma))
        self.start_workers(workers, database_url, chroma)
        self.start_nginx(workers)
        self.save()
        self.status()

    def status(self) -> None:
        pg = self.state.get("pg_port")
        print(f"数据库:{self.settings.database_url or f'PostgreSQL 127.0.0.1:{pg}'}")
        print(f"Chroma:{self.settings.chroma_host or '127.0.0.1'}:{self.state.get('chroma_port', self.settings.chroma_port)}")
        for index, pid in enumerate(self.state.get("workers") or []):  # type: ignore[arg-type]
            print(f"工作进程 {index + 1}:127.0.0.1:{self.worker_port + index} pid {pid} {'运行中' if _alive(pid) else '已停止'}")
        print(f"nginx:127.0.0.1:{self.nginx_port} → {urlsplit(self.settings.webhook_url).path}")

    def down(self) -> None:
        pid_file = self.home / "nginx.pid"
        if pid_file.exists():
            _terminate(int(pid_file.read_text() or 0))
        for pid in self.state.get("workers") or []:  # type: ignore[union-attr]
            _terminate(pid)
        _terminate(self.state.get("chroma_pid"))  # type: ignore[arg-type]
        if self.state.get("pg_port") and not self.settings.database_url:
            PgServer(root=self.home / "pg", port=int(self.state["pg_port"])).stop_existing()  # type: ignore[call-overload]
        self.state = {k: v for k, v in self.state.items() if k.endswith("_port")}
        self.save()
        print("集群已停止(数据库与索引保留)。")


def _terminate(pid: int | None, timeout: float = 20.0) -> None:
    """SIGTERM (a worker finishes the updates it holds), then SIGKILL after `timeout`."""
    if not _alive(pid):
        return
    assert pid is not None
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.1)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="policybot 集群:PostgreSQL + Chroma + N 个 webhook 工作进程 + nginx")
    parser.add_argument("command", choices=("up", "status", "down"))
    parser.add_argument("--workers", type=int, default=None, help="默认 CLUSTER_WORKERS(2)")
    args = parser.parse_args(argv)
    settings = get_settings()
    cluster = Cluster(settings)
    workers = args.workers if args.workers is not None else settings.cluster_workers
    {"up": lambda: cluster.up(max(1, workers)), "status": cluster.status, "down": cluster.down}[args.command]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
