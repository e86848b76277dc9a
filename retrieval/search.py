"""Hybrid search: BM25 over jieba tokens fused with dense vectors from Chroma.

Hits are whole articles (the best-scoring part of a split article stands for
it) so a citation names the article, never a page. A region named in the
question ranks that region's articles first; two or more named regions each
get slots, so a comparison question sees every side.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from config import Settings
from corpus.models import Jurisdiction
from errors import EmptyQueryError, IndexUnavailableError, QueryTooLongError
from retrieval.bm25 import BM25Index
from retrieval.embeddings import build_embeddings, model_id_of
from retrieval.expansion import expand
from retrieval.fusion import weighted
from retrieval.hits import Hit
from retrieval.index import (
    Sidecar,
    question_collection_name,
    read_sidecar,
    sentence_collection_name,
    sidecar_path,
    vectors_path,
)
from retrieval.lru import LRU
from retrieval.regions import detect_regions
from retrieval.store import build_client, open_collection
from retrieval.terms import TermStats
from retrieval.textnorm import MAX_QUERY_CHARS, normalise_query
from retrieval.vectors import MatrixVectors, QueryVectors, ServerVectors, VectorSource, matrix_from_collections

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)
REGION_BOOST = 0.25
SCORE_CACHE = 256
DEGRADED_NOTICE = "(提示:向量检索服务暂时无法连接,本次仅按关键词检索,结果可能不够完整;服务恢复后将自动恢复完整检索。)"


class Scores(NamedTuple):
    fused: np.ndarray
    dense: np.ndarray
    sparse: np.ndarray
    semantic: bool = True  # False: the vectors were unreachable, `dense` is zeros


@dataclass(frozen=True)
class SearchConfig:
    dense_weight: float = 1.0
    sparse_weight: float = 1.0
    region_boost: float = REGION_BOOST
    expand: bool = True
    sentence_weight: float = 0.7
    question_weight: float = 0.35


def clean_query(query: str) -> str:
    """Normalised query text, or a Chinese error for empty and oversized input."""
    text = normalise_query(query or "")
    if not text or not any(ch.isalnum() for ch in text):
        raise EmptyQueryError()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooLongError(f"问题太长了({len(text)} 字),请精简到 {MAX_QUERY_CHARS} 字以内再提问。")
    return text


class Searcher:
    """Hybrid search over one loaded index. `vectors` gives the dense side (an in-memory
    matrix, or a Chroma server that may be down: then BM25 alone, and `notice` says so)."""

    def __init__(
        self,
        sidecar: Sidecar,
        vectors: VectorSource,
        embeddings: Embeddings,
        config: SearchConfig,
        *,
        query_cache: int = 512,
    ) -> None:
        chunks = sidecar.chunks
        self.chunks = chunks
        self._bm25 = BM25Index(sidecar.tokens, sidecar.dictionary)
        self.terms = TermStats(sidecar.text_tokens, sidecar.dictionary)
        self._vectors = vectors
        self._embeddings = embeddings
        self.query_vectors = QueryVectors(
            embeddings.embed_query, maxsize=query_cache, embed_queries=getattr(embeddings, "embed_queries", None)
        )
        self.config = config
        self._jurisdiction = np.array([c.jurisdiction for c in chunks])
        self._scores: LRU[tuple[str, str, SearchConfig], Scores] = LRU(SCORE_CACHE)
        self._reading = threading.local()  # `meaning` of the block a thread is in (read_as)
        self.notice: str | None = None  # set by each search: why its results are incomplete
        self.degraded_searches = 0

    @property
    def embeddings(self) -> Embeddings:
        """The query embedder itself, uncached (benchmarks time it against whole answers)."""
        return self._embeddings

    def dense_scores(self, text: str) -> np.ndarray | None:
        """Cosine of the question with each article, its best sentence and its best editorial
        question: a long article's own vector blurs the one sentence asked about, and a user's
        question is closest to another question. None when the vectors cannot be reached."""
        parts = self._vectors.parts(self.query_vectors(text))
        if parts is None:
            return None
        cfg = self.config
        sentences = np.maximum(parts.article, parts.sentence)
        questions = np.where(np.isfinite(parts.question), parts.question, sentences)
        blended: np.ndarray = (
            (1.0 - cfg.sentence_weight) * parts.article
            + (cfg.sentence_weight - cfg.question_weight) * sentences
            + cfg.question_weight * questions
        )
        return blended

    def prefetch(self, queries: Sequence[str]) -> None:
        """Embed queries about to be searched together (`QueryVectors.prefetch`); a query search
        would refuse (empty, too long) is left for search to refuse."""
        texts: list[str] = []
        for query in queries:
            try:
                texts.append(clean_query(query))
            except (EmptyQueryError, QueryTooLongError):
                continue
        self.query_vectors.prefetch(texts)

    @contextmanager
    def read_as(self, meaning: str) -> Iterator[None]:
        """Within this block (in this thread), every search reads its meaning from `meaning`
        and only its words from its own text: the parts of one message ("向谁申请", "怎么确定")
        mean what the message means, and their own words pick their articles. Embedding each
        part again would cost a query embedding per part for no better meaning."""
        before = getattr(self._reading, "meaning", None)
        self._reading.meaning = clean_query(meaning)  # as search cleans it: the same cached vector
        try:
            yield
        finally:
            self._reading.meaning = before

    def score(self, text: str) -> Scores:
        """Scores of every chunk; repeated questions (a comparison searches once per region)
        reuse them. The arrays are never modified in place. BM25-only scores (vectors
        unreachable) are not kept, so the next search tries the vectors again."""
        meaning = getattr(self._reading, "meaning", None) or text
        key = (text, meaning, self.config)
        cached = self._scores.get(key)
        if cached is not None:
            self.notice = None
            return cached
        cfg = self.config
        sparse = self._bm25.scores(expand(text) if cfg.expand else text)
        dense = self.dense_scores(meaning)
        if dense is None:
            self.notice = DEGRADED_NOTICE
            self.degraded_searches += 1
            return Scores(weighted(np.zeros_like(sparse), sparse, 0.0, 1.0), np.zeros_like(sparse), sparse, False)
        self.notice = None
        scores = Scores(weighted(dense, sparse, cfg.dense_weight, cfg.sparse_weight), dense, sparse)
        self._scores.put(key, scores)
        return scores

    def search(
        self, query: str, k: int = 5, jurisdiction: str | None = None, prefer: str | None = None
    ) -> list[Hit]:
        """Top-k articles. `jurisdiction` filters; `prefer` ranks a region first (the user's
        stored region) the way a region named in the question does."""
        text = clean_query(query)
        if k < 1:
            return []
        scores = self.score(text)
        fused = scores.fused
        if jurisdiction:
            allowed = Jurisdiction(jurisdiction).value
            fused = np.where(self._jurisdiction == allowed, fused, -np.inf)
            return self._hits(self._best_per_article(fused)[:k], fused, scores)
        regions = [r.value for r in detect_regions(text)] or ([prefer] if prefer else [])
        if len(regions) == 1:
            fused = fused + self.config.region_boost * (self._jurisdiction == regions[0])
        order = self._best_per_article(fused)
        if len(regions) >= 2:
            order = self._balanced(order, fused, regions, k)
        return self._hits(order[:k], fused, scores)

    def _best_per_article(self, fused: np.ndarray) -> list[int]:
        """Chunk positions in score order, one per article."""
        seen: set[tuple[str, int | None, str]] = set()
        best: list[int] = []
        for position in np.argsort(-fused, kind="stable"):
            if not np.isfinite(fused[position]):
                break
            chunk = self.chunks[position]
            key = (chunk.doc_key, chunk.article, chunk.article_label)
            if key not in seen:
                seen.add(key)
                best.append(int(position))
        return best

    def _balanced(self, order: list[int], fused: np.ndarray, regions: list[str], k: int) -> list[int]:
        """Each named region's best article, then the spare slots by score, no region taking
        more than its fair share (ceil(k / regions)); the rest of the ranking follows by score.

        A region whose texts all look alike (浙江's five parts) would otherwise fill the spare
        slots and push another region's second candidate out. Chosen over round-robin and over
        "least certain region first" on the tuning comparisons (46 / 45 / 44 of 54).
        """
        queues = [[p for p in order if self.chunks[p].jurisdiction == r] for r in regions]
        queues = [queue for queue in queues if queue]
        share = math.ceil(k / len(queues)) if queues else k
        picked = [queue.pop(0) for queue in queues]
        taken = [1] * len(queues)
        while len(picked) < k:
            open_ = [i for i, queue in enumerate(queues) if queue and taken[i] < share]
            if not open_:
                break
            i = max(open_, key=lambda i: fused[queues[i][0]])
            picked.append(queues[i].pop(0))
            taken[i] += 1
        picked = sorted(picked[:k], key=lambda p: -fused[p])
        return picked + [p for p in order if p not in picked]

    def article_hit(self, doc_key: str, article: int | None, score: float = 0.0, label: str | None = None) -> Hit | None:
        """The hit for one article named directly (its first part when split), or None:
        the answer layer cites an article it found by the text's structure, not by search.
        `label` picks an unnumbered part by its label (落款, 导语) instead of a number."""
        for position, chunk in enumerate(self.chunks):
            if chunk.doc_key == doc_key and (chunk.article_label == label if label else chunk.article == article):
                zeros = np.zeros(len(self.chunks), dtype=np.float32)
                return self._hit(position, score, Scores(zeros, zeros, zeros))
        return None

    def _hits(self, positions: list[int], fused: np.ndarray, scores: Scores) -> list[Hit]:
        return [self._hit(p, float(fused[p]), scores) for p in positions]

    def _hit(self, position: int, score: float, scores: Scores) -> Hit:
        c = self.chunks[position]
        return Hit(
            doc_key=c.doc_key,
            doc_title=c.doc_title,
            doc_number=c.doc_number,
            jurisdiction=c.jurisdiction,
            article=c.article,
            article_label=c.article_label,
            chapter=c.chapter,
            text=c.text,
            score=score,
            citation=c.citation,
            chunk_id=c.id,
            dense=float(scores.dense[position]),
            sparse=float(scores.sparse[position]),
            heading=c.heading,
            semantic=scores.semantic,
            published=c.published,
            effective=c.effective,
            validity=c.validity,
            validity_note=c.validity_note,
        )


def open_searcher(settings: Settings, *, embeddings: Embeddings | None = None, client: Any = None) -> Searcher:
    """Load the index built by `ingest`; a missing, corrupt or other-model index is an error.

    Embedded Chroma: the vectors come from the snapshot beside the sidecar (no chromadb
    import), or from Chroma when the snapshot is missing or stale (then it is rewritten).
    A Chroma server (CHROMA_HOST) that cannot be reached is not an error: search starts
    with BM25 alone, says so, and reconnects when the server is back.
    """
    sidecar = read_sidecar(sidecar_path(settings))
    embeddings = embeddings or build_embeddings(settings)
    model = model_id_of(embeddings)
    if sidecar.model != model:
        raise IndexUnavailableError(
            f"索引由嵌入模型 {sidecar.model} 构建,与当前配置 {model} 不一致,请运行 `policybot ingest` 重建。"
        )
    positions = {c.id: i for i, c in enumerate(sidecar.chunks)}
    if settings.chroma_host:
        vectors: VectorSource = _server_vectors(settings, embeddings, positions, client)
    else:
        vectors = MatrixVectors.load(vectors_path(settings), model, sidecar.digest, len(positions)) or _matrix_from_chroma(
            settings, embeddings, sidecar, positions, client
        )
    config = SearchConfig(
        settings.dense_weight,
        settings.sparse_weight,
        sentence_weight=settings.sentence_weight,
        question_weight=min(settings.question_weight, settings.sentence_weight),
    )
    return Searcher(sidecar, vectors, embeddings, config)


def _collections(settings: Settings, embeddings: Embeddings, client: Any) -> tuple[Any, Any, Any]:
    """The article, sentence and question collections, checked to hold this model's vectors."""
    return (
        open_collection(client, settings.chroma_collection, embeddings, create=False),
        open_collection(client, sentence_collection_name(settings), embeddings, create=False),
        open_collection(client, question_collection_name(settings), embeddings, create=False),
    )


def _matrix_from_chroma(
    settings: Settings, embeddings: Embeddings, sidecar: Sidecar, positions: dict[str, int], client: Any
) -> MatrixVectors:
    try:
        matrix = matrix_from_collections(positions, *_collections(settings, embeddings, client or build_client(settings)))
    except IndexUnavailableError:
        raise
    except Exception as exc:  # a corrupt Chroma directory surfaces as assorted errors
        raise IndexUnavailableError() from exc
    articles, sentences, _ = matrix.counts
    if articles != len(positions) or not sentences:
        raise IndexUnavailableError("检索索引不完整,请运行 `policybot ingest` 重建索引。")
    try:
        matrix.save(vectors_path(settings), model_id_of(embeddings), sidecar.digest)
    except OSError as exc:  # a read-only data dir: search works, the next start reads Chroma again
        log.warning("could not write the vector snapshot: %s", exc)
    return matrix


def _server_vectors(
    settings: Settings, embeddings: Embeddings, positions: dict[str, int], client: Any
) -> ServerVectors:
    """Vectors on a Chroma server. Reachable but without this index (or with another model's)
    is an error to fix now; unreachable means BM25 until it comes back."""

    def connect() -> tuple[Any, Any, Any]:
        return _collections(settings, embeddings, client or build_client(settings))

    vectors = ServerVectors(connect, positions, max_retry=settings.chroma_retry_seconds)
    if not vectors.connected(strict=True):
        log.warning("%s (%s:%s)", DEGRADED_NOTICE, settings.chroma_host, settings.chroma_port)
    elif vectors.counts[0] != len(positions) or not vectors.counts[1]:
        raise IndexUnavailableError("检索索引不完整,请运行 `policybot ingest` 重建索引。")
    return vectors
