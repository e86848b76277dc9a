"""A throwaway PostgreSQL server for the database tests: install, start, stop.

`make test` runs the DB tests on SQLite and again on a real PostgreSQL. This helper finds
the server binaries (installing the Debian `postgresql` package with apt-get when they are
missing and we are root), then runs `initdb` in a temporary directory and starts the server
on a free localhost port with a private socket directory. PostgreSQL refuses to run as
root, so as root the cluster belongs to the `postgres` user (runuser). Durability is off
(fsync, full_page_writes): the data dies with the test run anyway.

    python scripts/pg_test_server.py install    # make sure binaries exist (Makefile)
    python scripts/pg_test_server.py check      # say whether tests can use PostgreSQL
    python scripts/pg_test_server.py run -- CMD # start, run CMD with PG_TEST_URL set, stop

Tests use `PgServer` through tests/db_fixtures.py; `PG_TEST_URL` (or POLICYBOT_TEST_PG_URL)
points them at an existing server instead.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVICE_USER = "postgres"


class PgUnavailable(RuntimeError):
    """PostgreSQL cannot be installed or started here; the message says why."""


def _run(
    cmd: list[str], *, timeout: float = 600, check: bool = True
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=check)


def find_bindir() -> Path | None:
    """Directory holding initdb/pg_ctl/postgres, newest version first."""
    pg_config = shutil.which("pg_config")
    candidates: list[Path] = []
    if pg_config:
        try:
            candidates.append(Path(_run([pg_config, "--bindir"]).stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(os.path.realpath(initdb)).parent)
    for path in candidates:
        if (
            (path / "initdb").exists()
            and (path / "pg_ctl").exists()
            and (path / "postgres").exists()
        ):
            return path
    return None


def ensure_installed() -> Path:
    """The bin dir, installing PostgreSQL with apt-get if needed (root only)."""
    found = find_bindir()
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise PgUnavailable("未找到 PostgreSQL,且当前环境无法用 apt-get 安装(需要 root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "postgresql"]
    result = subprocess.run(install, capture_output=True, text=True, env=env, timeout=900)
    if result.returncode != 0:
        subprocess.run(["apt-get", "update"], capture_output=True, text=True, env=env, timeout=900)
        result = subprocess.run(install, capture_output=True, text=True, env=env, timeout=900)
    found = find_bindir()
    if result.returncode != 0 or not found:
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
        raise PgUnavailable(f"apt-get install postgresql 失败:{tail[0]}")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """One cluster (temporary unless given a root). `start()` returns a SQLAlchemy URL for database `postgres`."""

    def __init__(self, root: Path | None = None, port: int = 0) -> None:
        """With `root`, the cluster lives there and survives `stop()` (scripts/cluster.py);
        without, it is a temporary directory removed on stop."""
        self.bindir: Path | None = None
        self.root: Path | None = root
        self.port = port
        self._keep = root is not None
        self._as_service_user = os.geteuid() == 0

    def _cmd(self, tool: str, *args: str) -> list[str]:
        assert self.bindir is not None
        cmd = [str(self.bindir / tool), *args]
        return ["runuser", "-u", SERVICE_USER, "--", *cmd] if self._as_service_user else cmd

    @property
    def url(self) -> str:
        user = SERVICE_USER if self._as_service_user else _current_user()
        return f"postgresql+psycopg2://{user}@127.0.0.1:{self.port}/postgres"

    def start(self) -> str:
        self.bindir = ensure_installed()
        if self.root is None:
            self.root = Path(tempfile.mkdtemp(prefix="policybot-pg-"))
        self.root.mkdir(parents=True, exist_ok=True)
        data = self.root / "data"
        if self._as_service_user:
            shutil.chown(self.root, user=SERVICE_USER)
        user = SERVICE_USER if self._as_service_user else _current_user()
        try:
            if not (data / "PG_VERSION").exists():
                _run(
                    self._cmd(
                        "initdb",
                        "-D",
                        str(data),
                        "-U",
                        user,
                        "-A",
                        "trust",
                        "-E",
                        "UTF8",
                        "--no-locale",
                        "--no-sync",
                    ),
                    timeout=120,
                )
            self.port = self.port or _free_port()
            options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
            if not self._keep:  # a throwaway test cluster: durability buys nothing
                options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
            _run(
                self._cmd(
                    "pg_ctl",
                    "-D",
                    str(data),
                    "-l",
                    str(self.root / "server.log"),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "60",
                    "start",
                ),
                timeout=90,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            log = self.root / "server.log"
            detail = log.read_text(errors="replace")[-500:] if log.exists() else ""
            stderr = getattr(exc, "stderr", "") or ""
            self.stop()
            raise PgUnavailable(f"PostgreSQL 启动失败:{stderr.strip()[-300:]} {detail}") from exc
        if not self._keep:
            atexit.register(self.stop)
        return self.url

    def stop_existing(self) -> None:
        """Stop a kept cluster that an earlier process started (scripts/cluster.py down)."""
        self.bindir = ensure_installed()
        self.stop()

    def stop(self) -> None:
        if self.root is None:
            return
        data = self.root / "data"
        if self.bindir and (data / "postmaster.pid").exists():
            subprocess.run(
                self._cmd("pg_ctl", "-D", str(data), "-m", "fast" if self._keep else "immediate", "-w", "stop"),
                capture_output=True,
                timeout=60,
                check=False,
            )
        if self._keep:
            return
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None


def _current_user() -> str:
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    try:
        if command == "install":
            print(f"PostgreSQL binaries: {ensure_installed()}")  # noqa: T201
            return 0
        if command == "check":
            server = PgServer()
            started = time.monotonic()
            print(f"PostgreSQL OK at {server.start()} ({time.monotonic() - started:.1f}s)")  # noqa: T201
            server.stop()
            return 0
        if command == "run":
            rest = argv[argv.index("--") + 1 :] if "--" in argv else argv[1:]
            server = PgServer()
            url = server.start()
            try:
                return subprocess.call(rest, env={**os.environ, "PG_TEST_URL": url})
            finally:
                server.stop()
    except PgUnavailable as exc:
        print(f"NOTICE: PostgreSQL tests will be skipped: {exc}", file=sys.stderr)  # noqa: T201
        return 0 if command == "install" else 1
    print(__doc__)  # noqa: T201
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
