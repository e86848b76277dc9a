"""Hybrid search: BM25 over jieba tokens fused with dense vectors from Chroma.

Hits are whole articles (the best-scoring part of a split article stands for
it) so a citation names the article, never a page. A region named in the
question ranks that region's articles first; two or more named regions each
get slots, so a comparison question sees every side.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from langchain_core.embeddings import Embeddings

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
)
from retrieval.regions import detect_regions
from retrieval.store import build_client, open_collection
from retrieval.terms import TermStats
from retrieval.textnorm import MAX_QUERY_CHARS, normalise_query

log = logging.getLogger(__name__)
REGION_BOOST = 0.25


class Scores(NamedTuple):
    fused: np.ndarray
    dense: np.ndarray
    sparse: np.ndarray


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
    def __init__(
        self,
        sidecar: Sidecar,
        collection: Any,
        embeddings: Embeddings,
        config: SearchConfig,
        sentence_collection: Any = None,
        question_collection: Any = None,
    ) -> None:
        chunks = sidecar.chunks
        self.chunks = chunks
        self._position = {c.id: i for i, c in enumerate(chunks)}
        self._bm25 = BM25Index(sidecar.tokens, sidecar.dictionary)
        self.terms = TermStats(sidecar.text_tokens, sidecar.dictionary)
        self._collection = collection
        self._sentences = sentence_collection
        self._sentence_count = sentence_collection.count() if sentence_collection is not None else 0
        self._questions = question_collection
        self._question_count = question_collection.count() if question_collection is not None else 0
        self._embeddings = embeddings
        self.config = config
        self._jurisdiction = np.array([c.jurisdiction for c in chunks])

    def dense_scores(self, text: str) -> np.ndarray:
        """Cosine of the question with each article, its best sentence and its best editorial
        question: a long article's own vector blurs the one sentence asked about, and a user's
        question is closest to another question."""
        vector = self._embeddings.embed_query(text)
        result = self._collection.query(
            query_embeddings=[vector], n_results=len(self.chunks), include=["distances"]
        )
        scores = np.zeros(len(self.chunks), dtype=np.float32)
        for cid, distance in zip(result["ids"][0], result["distances"][0], strict=True):
            position = self._position.get(cid)
            if position is not None:
                scores[position] = 1.0 - float(distance)
        cfg = self.config
        sentences = np.maximum(scores, self._best_of(self._sentences, self._sentence_count, vector, scores))
        questions = self._best_of(self._questions, self._question_count, vector, sentences)
        blended: np.ndarray = (
            (1.0 - cfg.sentence_weight) * scores
            + (cfg.sentence_weight - cfg.question_weight) * sentences
            + cfg.question_weight * questions
        )
        return blended

    def _best_of(self, collection: Any, count: int, vector: list[float], fallback: np.ndarray) -> np.ndarray:
        """Per chunk, the best cosine among a collection's items pointing at it; chunks with
        no items (or no collection) keep `fallback`."""
        if collection is None or not count:
            return fallback
        found = collection.query(query_embeddings=[vector], n_results=count, include=["distances", "metadatas"])
        best = np.full(len(self.chunks), -np.inf, dtype=np.float32)
        for meta, distance in zip(found["metadatas"][0], found["distances"][0], strict=True):
            position = self._position.get((meta or {}).get("chunk", ""))
            if position is not None:
                best[position] = max(best[position], 1.0 - float(distance))
        return np.where(np.isfinite(best), best, fallback)

    def score(self, text: str) -> Scores:
        """Scores of every chunk; repeated questions (a comparison searches once per region)
        reuse them. The arrays are never modified in place."""
        return self._cached_score(text, self.config)

    @lru_cache(maxsize=256)  # noqa: B019 - one searcher per process; the cache is its point
    def _cached_score(self, text: str, cfg: SearchConfig) -> Scores:
        dense = self.dense_scores(text)
        sparse = self._bm25.scores(expand(text) if cfg.expand else text)
        return Scores(weighted(dense, sparse, cfg.dense_weight, cfg.sparse_weight), dense, sparse)

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
        )


def open_searcher(settings: Settings, *, embeddings: Embeddings | None = None, client: Any = None) -> Searcher:
    """Load the index built by `ingest`; a missing, corrupt or other-model index is an error."""
    sidecar = read_sidecar(sidecar_path(settings))
    embeddings = embeddings or build_embeddings(settings)
    if sidecar.model != model_id_of(embeddings):
        raise IndexUnavailableError(
            f"索引由嵌入模型 {sidecar.model} 构建,与当前配置 {model_id_of(embeddings)} 不一致,请运行 `policybot ingest` 重建。"
        )
    client = client or build_client(settings)
    try:
        collection = open_collection(client, settings.chroma_collection, embeddings, create=False)
        count = collection.count()
        sentences = open_collection(client, sentence_collection_name(settings), embeddings, create=False)
        sentence_count = sentences.count()
        questions = open_collection(client, question_collection_name(settings), embeddings, create=False)
    except IndexUnavailableError:
        raise
    except Exception as exc:  # a corrupt Chroma directory surfaces as assorted errors
        raise IndexUnavailableError() from exc
    if count != len(sidecar.chunks) or not sentence_count:
        raise IndexUnavailableError("检索索引不完整,请运行 `policybot ingest` 重建索引。")
    config = SearchConfig(
        settings.dense_weight,
        settings.sparse_weight,
        sentence_weight=settings.sentence_weight,
        question_weight=min(settings.question_weight, settings.sentence_weight),
    )
    return Searcher(sidecar, collection, embeddings, config, sentences, questions)
