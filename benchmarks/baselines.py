"""Two peer retrievers, built the way their users build them, to measure policybot against.

- **naive**: the LangChain tutorial recipe. Each clean document text is cut into
  fixed 250-character windows with 50 characters of overlap. Retrieval is dense
  only, with the same embedder as policybot, over an in-memory numpy matrix
  (cosine similarity, as a Chroma collection would give).
- **chatchat**: Langchain-Chatchat 0.3 (`chatchat/server/file_rag/retrievers/
  ensemble.py`). It uses 750/150 windows. BM25 over `jieba.lcut_for_search`
  tokens (here bm25s with its defaults, k1=1.5 and b=0.75) and dense retrieval
  each return their top k. LangChain's `EnsembleRetriever` with weights
  0.5/0.5 then fuses the two lists. That retriever fuses by weighted
  reciprocal rank (c=60), so this module does the same: RRF is what Chatchat
  users actually run, and min-max fusion would be our own tuning, not theirs.

A baseline hit is a window of a page. It cites a chunk, not an article. To
score such a hit against article-level gold, every chunk records the articles
it covers (see `covers`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from corpus.loader import Corpus
from corpus.models import Article
from retrieval.cache import VectorCache, embed_with_cache

NAIVE_SIZE, NAIVE_OVERLAP = 250, 50
CHATCHAT_SIZE, CHATCHAT_OVERLAP = 750, 150
START_CHARS = 20  # a chunk "holds an article's start" if it has its label and first 20 characters
MOST = 0.5  # "most of it": half of the article, or half of the chunk
RRF_C = 60  # LangChain EnsembleRetriever's constant
COVER_RULE = (
    f"a chunk counts for an article if it holds the article's start (label + first {START_CHARS} chars), "
    f"or ≥{MOST:.0%} of the article, or the chunk is ≥{MOST:.0%} that article's text"
)

ArticleRef = tuple[int | None, str]  # (number, label); the label names unnumbered parts (印发通知)


@dataclass(frozen=True)
class ArticleSpan:
    doc_key: str
    number: int | None
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class BaselineChunk:
    doc_key: str
    start: int
    end: int
    text: str
    articles: tuple[ArticleRef, ...]  # articles this window covers, in text order


@dataclass(frozen=True)
class BaselineHit:
    chunk: BaselineChunk
    score: float


def windows(length: int, size: int, overlap: int) -> list[tuple[int, int]]:
    """Fixed character windows [start, end) with `overlap` characters shared between neighbours.

    The last window ends at the text's end. No window lies wholly inside the one before it.
    """
    if size <= overlap:
        raise ValueError("chunk size must exceed the overlap")
    if length <= 0:
        return []
    stride = size - overlap
    spans = []
    start = 0
    while True:
        end = min(start + size, length)
        spans.append((start, end))
        if end >= length:
            return spans
        start += stride


def article_spans(doc_key: str, text: str, articles: Sequence[Article]) -> list[ArticleSpan]:
    """Where each article lies in its document's clean text.

    Each article is found by its first line, searching forward from the previous
    article. Its span runs to the end of its own text when the whole text is
    there verbatim, and to the next article's start otherwise.
    """
    starts: list[int] = []
    cursor = 0
    for article in articles:
        first_line = article.text.split("\n", 1)[0]
        found = text.find(first_line, cursor)
        if found < 0:
            raise ValueError(f"{doc_key}: cannot locate {article.label} in the text")
        starts.append(found)
        cursor = found + len(first_line)
    spans = []
    for index, (article, start) in enumerate(zip(articles, starts, strict=True)):
        limit = starts[index + 1] if index + 1 < len(starts) else len(text)
        whole = text.startswith(article.text, start)
        end = min(start + len(article.text), limit) if whole else limit
        spans.append(ArticleSpan(doc_key, article.number, article.label, start, end))
    return spans


def covers(start: int, end: int, span: ArticleSpan) -> bool:
    """Whether the window [start, end) counts as retrieving `span` (see COVER_RULE)."""
    overlap = min(end, span.end) - max(start, span.start)
    if overlap <= 0:
        return False
    length = span.end - span.start
    head = min(START_CHARS, length)
    holds_start = start <= span.start and span.start + head <= end
    return holds_start or overlap >= MOST * length or overlap >= MOST * (end - start)


def chunk_document(
    doc_key: str, text: str, articles: Sequence[Article], size: int, overlap: int
) -> list[BaselineChunk]:
    spans = article_spans(doc_key, text, articles)
    return [
        BaselineChunk(
            doc_key=doc_key,
            start=start,
            end=end,
            text=text[start:end],
            articles=tuple((s.number, s.label) for s in spans if covers(start, end, s)),
        )
        for start, end in windows(len(text), size, overlap)
    ]


def chunk_corpus_windows(corpus: Corpus, size: int, overlap: int) -> list[BaselineChunk]:
    """Windows over every document separately; no chunk crosses two documents."""
    chunks: list[BaselineChunk] = []
    for key, document in corpus.documents.items():
        chunks += chunk_document(key, document.text, document.articles, size, overlap)
    return chunks


class DenseIndex:
    """Normalised passage vectors in one matrix; a query scores every chunk by cosine."""

    def __init__(
        self, embeddings: Embeddings, texts: Sequence[str], cache: VectorCache | None = None
    ) -> None:
        self._embeddings = embeddings
        vectors, self.computed = embed_with_cache(embeddings, list(texts), cache)
        matrix = np.asarray(vectors, dtype=np.float32)
        self._matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)

    def scores(self, query: str) -> np.ndarray:
        vector = np.asarray(self._embeddings.embed_query(query), dtype=np.float32)
        scores: np.ndarray = self._matrix @ (vector / max(float(np.linalg.norm(vector)), 1e-12))
        return scores


class JiebaBM25:
    """BM25 as Chatchat builds it: jieba search-mode tokens, no domain dictionary, no stopwords."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s  # noqa: PLC0415
        import jieba  # noqa: PLC0415

        jieba.setLogLevel(60)
        self._tokenizer = (
            jieba.Tokenizer()
        )  # our own instance: never sees policybot's user dictionary
        self._size = len(texts)
        self._bm25 = bm25s.BM25()
        self._bm25.index([self.tokens(t) or ["_"] for t in texts], show_progress=False)
        self._vocab = set(self._bm25.vocab_dict)

    def tokens(self, text: str) -> list[str]:
        return [t for t in self._tokenizer.lcut_for_search(text) if t.strip()]

    def scores(self, query: str) -> np.ndarray:
        tokens = [t for t in self.tokens(query) if t in self._vocab]
        if not tokens:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)


def _top(scores: np.ndarray, k: int) -> list[int]:
    return [int(i) for i in np.argsort(-scores, kind="stable")[:k]]


class NaiveRAG:
    name = "naive"
    description = f"{NAIVE_SIZE}/{NAIVE_OVERLAP} char windows, dense only"

    def __init__(self, chunks: list[BaselineChunk], dense: DenseIndex) -> None:
        self.chunks = chunks
        self._dense = dense

    def search(self, query: str, k: int = 5) -> list[BaselineHit]:
        scores = self._dense.scores(query)
        return [BaselineHit(self.chunks[i], float(scores[i])) for i in _top(scores, k)]


class ChatchatRAG:
    name = "chatchat"
    description = (
        f"{CHATCHAT_SIZE}/{CHATCHAT_OVERLAP} char windows, jieba BM25 + dense, RRF 0.5/0.5"
    )

    def __init__(self, chunks: list[BaselineChunk], dense: DenseIndex, bm25: JiebaBM25) -> None:
        self.chunks = chunks
        self._dense = dense
        self._bm25 = bm25

    def search(self, query: str, k: int = 5) -> list[BaselineHit]:
        """EnsembleRetriever([bm25, dense], weights=[0.5, 0.5]) over each one's top k, cut to k."""
        fused: dict[int, float] = {}  # insertion order = BM25 list first, as LangChain iterates
        for weight, scores in ((0.5, self._bm25.scores(query)), (0.5, self._dense.scores(query))):
            for rank, index in enumerate(_top(scores, k), start=1):
                fused[index] = fused.get(index, 0.0) + weight / (rank + RRF_C)
        ranked = sorted(fused.items(), key=lambda item: -item[1])[:k]
        return [BaselineHit(self.chunks[i], score) for i, score in ranked]


def build_naive(
    corpus: Corpus, embeddings: Embeddings, cache: VectorCache | None = None
) -> NaiveRAG:
    chunks = chunk_corpus_windows(corpus, NAIVE_SIZE, NAIVE_OVERLAP)
    return NaiveRAG(chunks, DenseIndex(embeddings, [c.text for c in chunks], cache))


def build_chatchat(
    corpus: Corpus, embeddings: Embeddings, cache: VectorCache | None = None
) -> ChatchatRAG:
    chunks = chunk_corpus_windows(corpus, CHATCHAT_SIZE, CHATCHAT_OVERLAP)
    texts = [c.text for c in chunks]
    return ChatchatRAG(chunks, DenseIndex(embeddings, texts, cache), JiebaBM25(texts))


BUILDERS: dict[str, Any] = {"naive": build_naive, "chatchat": build_chatchat}
