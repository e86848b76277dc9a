"""The dense side of search: one embedding per question, an in-memory matrix that ranks like
Chroma's own queries, its snapshot file, and a cold start that does not import chromadb."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from config import Settings
from retrieval.embeddings import FakeEmbeddings
from retrieval.index import ingest, read_sidecar, sidecar_path, vectors_path
from retrieval.search import Searcher, open_searcher
from retrieval.store import build_client
from retrieval.vectors import ServerVectors

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = (
    "兵团评价机构备案有效期是几年?",
    "兵团和天津对评价档案资料保管有什么不同要求?",
    "考评人员回避",
    "评价机构违规会被怎么处理",
)


@pytest.fixture(scope="module")
def fake_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    tmp = tmp_path_factory.mktemp("vectors")
    shutil.copytree(ROOT / "corpus" / "documents", tmp / "corpus" / "documents")
    settings = Settings(data_dir=tmp / "data", corpus_dir=tmp / "corpus", embedding_backend="fake")
    ingest(settings)
    return settings


class CountingEmbeddings(FakeEmbeddings):
    def __init__(self) -> None:
        super().__init__()
        self.queried = 0

    def embed_query(self, text: str) -> list[float]:
        self.queried += 1
        return super().embed_query(text)


def ranked(searcher: Searcher, question: str) -> list[tuple[str, float]]:
    return [(h.chunk_id, h.score) for h in searcher.search(question, k=8)]


def same_ranking(a: list[tuple[str, float]], b: list[tuple[str, float]]) -> bool:
    """Same articles in the same order, scores equal up to float32 rounding."""
    return [x for x, _ in a] == [x for x, _ in b] and all(abs(x - y) < 1e-4 for (_, x), (_, y) in zip(a, b, strict=True))


def test_the_matrix_ranks_exactly_like_chroma_queries(fake_settings: Settings) -> None:
    """Brute force over the snapshot against Chroma's own cosine queries on the same collections."""
    matrix = open_searcher(fake_settings)
    client = build_client(fake_settings)
    names = [fake_settings.chroma_collection + suffix for suffix in ("", "_sentences", "_questions")]
    positions = {c.id: i for i, c in enumerate(matrix.chunks)}
    queried = ServerVectors(lambda: [client.get_collection(n) for n in names], positions)
    chroma = Searcher(read_sidecar(sidecar_path(fake_settings)), queried, FakeEmbeddings(), matrix.config)
    for question in QUESTIONS:
        assert same_ranking(ranked(matrix, question), ranked(chroma, question)), question
        assert chroma.notice is None


def test_one_embedding_per_question_across_regions_and_repeats(fake_settings: Settings) -> None:
    counting = CountingEmbeddings()
    searcher = open_searcher(fake_settings, embeddings=counting)
    question = "兵团、内蒙古、天津的评价机构备案有效期分别是几年?"
    searcher.search(question, k=5)
    for region in ("bingtuan", "neimenggu", "tianjin"):
        searcher.search(question, k=1, jurisdiction=region)
    searcher.search(question, k=5, prefer="tianjin")
    searcher.search(f"  {question} ", k=3)  # the same question after normalisation
    assert counting.queried == 1
    searcher.search("备案有效期", k=3)
    assert counting.queried == 2


def test_a_comparison_answer_embeds_its_question_once(chat_engine: object) -> None:
    from bot.messages import UserInput

    engine = chat_engine
    searcher = engine.answerer.searcher  # type: ignore[attr-defined]
    before = searcher.query_vectors.computed
    question = "兵团和天津的评价机构备案有效期分别是几年?"
    reply = engine.handle(UserInput(user_id="v1", text=question))  # type: ignore[attr-defined]
    assert reply.covered and len({h.jurisdiction for h in reply.citations}) >= 2
    assert searcher.query_vectors.computed == before + 1
    engine.handle(UserInput(user_id="v2", text=question))  # type: ignore[attr-defined]
    assert searcher.query_vectors.computed == before + 1  # a repeated question is not embedded again


def test_a_corrupt_snapshot_is_rebuilt_from_chroma(fake_settings: Settings) -> None:
    before = {q: ranked(open_searcher(fake_settings), q) for q in QUESTIONS}
    path = vectors_path(fake_settings)
    path.write_bytes(b"not a numpy file")
    rebuilt = open_searcher(fake_settings)
    assert all(same_ranking(ranked(rebuilt, q), before[q]) for q in QUESTIONS)
    assert path.read_bytes()[:2] == b"PK"  # rewritten as a real npz archive
    reread = open_searcher(fake_settings)
    assert all(same_ranking(ranked(reread, q), before[q]) for q in QUESTIONS)


def test_cold_search_does_not_import_chromadb(fake_settings: Settings) -> None:
    code = (
        "import json, sys; from config import Settings; from retrieval.search import open_searcher; "
        "hits = open_searcher(Settings()).search('兵团评价机构备案有效期是几年?', k=3); "
        "print(json.dumps({'hits': len(hits), 'chromadb': 'chromadb' in sys.modules}))"
    )
    env = {
        **os.environ,
        "DATA_DIR": str(fake_settings.data_dir),
        "CORPUS_DIR": str(fake_settings.corpus_dir),
        "EMBEDDING_BACKEND": "fake",
        "CHROMA_HOST": "",
    }
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"hits": 3, "chromadb": False}
