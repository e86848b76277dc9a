"""Ingestion: corpus → chunks → vectors → Chroma, plus a sidecar with chunk fields and BM25 tokens.

Idempotent by design: chunks are compared by id and content hash with what the
collection holds, so an unchanged corpus embeds and writes nothing; a changed
article is replaced and a removed one deleted. Every vector is computed before
the collection is touched, so a failure while embedding leaves the previous
index usable. The sidecar is replaced atomically after the collection.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from config import Settings
from corpus.loader import Corpus, load_corpus
from errors import IndexUnavailableError
from retrieval.cache import VectorCache, embed_with_cache, text_key
from retrieval.chunking import Chunk, chunk_corpus
from retrieval.embeddings import build_embeddings, model_id_of
from retrieval.sentences import chunk_sentences
from retrieval.store import build_client, open_collection
from retrieval.tokenize import DOMAIN_TERMS, tokenize, write_corpus_dictionary

log = logging.getLogger(__name__)
SIDECAR_VERSION = 2  # 2: headings, digest, text_tokens
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class IngestReport:
    added: list[str]
    replaced: list[str]
    removed: list[str]
    unchanged: int
    embedded: int
    seconds: float
    model: str


def sidecar_path(settings: Settings) -> Path:
    return settings.data_dir / "index" / f"{settings.chroma_collection}.chunks.json"


def dictionary_path(settings: Settings) -> Path:
    return settings.data_dir / "index" / f"{settings.chroma_collection}.jieba.txt"


def vectors_path(settings: Settings) -> Path:
    """The in-memory search matrix's snapshot of the three collections (see retrieval.vectors)."""
    return settings.data_dir / "index" / f"{settings.chroma_collection}.vectors.npz"


def cache_path(settings: Settings) -> Path:
    return settings.data_dir / "index" / "vector_cache.sqlite"


@dataclass(frozen=True)
class _Item:
    """One vector to keep in a collection: what is embedded, stored, and compared."""

    id: str
    text: str
    document: str
    metadata: dict[str, Any]


@dataclass(frozen=True)
class _Plan:
    collection: Any
    added: list[str]
    replaced: list[str]
    removed: list[str]
    to_embed: list[_Item]


def _plan(collection: Any, items: list[_Item]) -> _Plan:
    existing = collection.get(include=["metadatas"])
    held = {cid: (meta or {}).get("hash") for cid, meta in zip(existing["ids"], existing["metadatas"], strict=True)}
    wanted = {item.id: item for item in items}
    added = [cid for cid in wanted if cid not in held]
    replaced = [cid for cid in wanted if cid in held and held[cid] != wanted[cid].metadata["hash"]]
    removed = [cid for cid in held if cid not in wanted]
    return _Plan(collection, added, replaced, removed, [wanted[cid] for cid in added + replaced])


def _apply(plan: _Plan, vectors: list[list[float]]) -> None:
    if plan.to_embed:
        plan.collection.upsert(
            ids=[i.id for i in plan.to_embed],
            embeddings=vectors,
            documents=[i.document for i in plan.to_embed],
            metadatas=[i.metadata for i in plan.to_embed],
        )
    if plan.removed:
        plan.collection.delete(ids=plan.removed)


def sentence_collection_name(settings: Settings) -> str:
    return f"{settings.chroma_collection}_sentences"


def question_collection_name(settings: Settings) -> str:
    return f"{settings.chroma_collection}_questions"


def _question_items(chunks: list[Chunk]) -> list[_Item]:
    """Each chunk's editorial questions, embedded on the query side (question meets question)."""
    items = []
    for chunk in chunks:
        for n, question in enumerate(chunk.questions, start=1):
            meta = {"chunk": chunk.id, "hash": text_key(question)[:16]}
            items.append(_Item(f"{chunk.id}#q{n}", question, question, meta))
    return items


def ingest(
    settings: Settings,
    *,
    corpus: Corpus | None = None,
    embeddings: Embeddings | None = None,
    client: Any = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Bring the three collections (articles, their sentences, their editorial questions)
    in line with the corpus."""
    started = time.perf_counter()
    corpus = corpus or load_corpus(settings.corpus_dir)
    embeddings = embeddings or build_embeddings(settings)
    chunks = chunk_corpus(corpus, getattr(embeddings, "count_tokens", None))
    client = client or build_client(settings)
    articles = _plan(
        open_collection(client, settings.chroma_collection, embeddings, create=True, rebuild_on_model_change=True),
        [_Item(c.id, c.index_text, c.text, c.metadata()) for c in chunks],
    )
    sentences = _plan(
        open_collection(client, sentence_collection_name(settings), embeddings, create=True, rebuild_on_model_change=True),
        [
            _Item(s.id, s.text, s.text, {"chunk": s.chunk_id, "hash": s.content_hash})
            for c in chunks
            for s in chunk_sentences(c)
        ],
    )
    questions = _plan(
        open_collection(client, question_collection_name(settings), embeddings, create=True, rebuild_on_model_change=True),
        _question_items(chunks),
    )
    cache = VectorCache(cache_path(settings)) if settings.embedding_cache else None
    passages = [i.text for i in articles.to_embed + sentences.to_embed]
    asked = [i.text for i in questions.to_embed]
    total = len(passages) + len(asked)
    try:  # every vector before any write: a failure here leaves the old index whole
        vectors, computed = _embed(embeddings, passages, cache, progress, total=total)
        question_vectors, asked_computed = _embed(
            embeddings, asked, cache, progress, total=total, done=len(passages), as_query=True
        )
    finally:
        if cache is not None:
            cache.close()
    computed += asked_computed
    _apply(articles, vectors[: len(articles.to_embed)])
    _apply(sentences, vectors[len(articles.to_embed) :])
    _apply(questions, question_vectors)
    changed = any(plan.to_embed or plan.removed for plan in (articles, sentences, questions))
    digest = chunks_digest(chunks)
    if changed or sidecar_digest(sidecar_path(settings)) != digest:  # headings change BM25 only
        write_sidecar(sidecar_path(settings), dictionary_path(settings), chunks, model_id_of(embeddings), digest)
    if not settings.chroma_host:
        _write_vectors(settings, chunks, (articles, sentences, questions), model_id_of(embeddings), digest)
    return IngestReport(
        added=articles.added,
        replaced=articles.replaced,
        removed=articles.removed,
        unchanged=len(chunks) - len(articles.added) - len(articles.replaced),
        embedded=computed,
        seconds=time.perf_counter() - started,
        model=model_id_of(embeddings),
    )


def _write_vectors(settings: Settings, chunks: list[Chunk], plans: tuple[_Plan, ...], model: str, digest: str) -> None:
    """Refresh the search matrix snapshot from the collections, unless it is already this index's."""
    from retrieval.vectors import MatrixVectors, matrix_from_collections  # noqa: PLC0415

    path = vectors_path(settings)
    if MatrixVectors.load(path, model, digest, len(chunks)) is not None:
        return
    positions = {c.id: i for i, c in enumerate(chunks)}
    try:
        matrix_from_collections(positions, *(plan.collection for plan in plans)).save(path, model, digest)
    except OSError as exc:  # search rebuilds it from Chroma; the index itself is complete
        log.warning("could not write the vector snapshot %s: %s", path, exc)


def _embed(
    embeddings: Embeddings,
    texts: list[str],
    cache: VectorCache | None,
    progress: Progress | None,
    *,
    total: int,
    done: int = 0,
    as_query: bool = False,
) -> tuple[list[list[float]], int]:
    """Vectors in batches of 16 so the progress bar moves; `done`/`total` place this run in it."""
    vectors: list[list[float]] = []
    computed = 0
    batch = 16
    for start in range(0, len(texts), batch):
        got, fresh = embed_with_cache(embeddings, texts[start : start + batch], cache, as_query=as_query)
        vectors += got
        computed += fresh
        if progress:
            progress(done + min(start + batch, len(texts)), total)
    return vectors, computed


def chunks_digest(chunks: list[Chunk]) -> str:
    """Fingerprint of every chunk field and of the domain dictionary, so a heading-only edit
    or a new domain term (人社局) still rewrites the sidecar's BM25 tokens."""
    payload = json.dumps([asdict(c) for c in chunks], ensure_ascii=False, sort_keys=True)
    return text_key(payload + DOMAIN_TERMS.read_text(encoding="utf-8"))


def sidecar_digest(path: Path) -> str | None:
    """The digest a readable sidecar was written with; None when missing, old or corrupt."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("version") != SIDECAR_VERSION:
        return None
    digest = payload.get("digest")
    return digest if isinstance(digest, str) else None


def write_sidecar(path: Path, dictionary: Path, chunks: list[Chunk], model: str, digest: str = "") -> None:
    """Chunk fields and BM25 tokens, cut with a corpus dictionary written beside them."""
    write_corpus_dictionary([c.lexical_text for c in chunks], dictionary)
    payload = {
        "version": SIDECAR_VERSION,
        "model": model,
        "dictionary": dictionary.name,
        "digest": digest or chunks_digest(chunks),
        "chunks": [
            {
                **asdict(c),
                "tokens": tokenize(c.lexical_text, dictionary),
                "text_tokens": tokenize(c.index_text, dictionary),
            }
            for c in chunks
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


@dataclass(frozen=True)
class Sidecar:
    """What search loads besides Chroma.

    `tokens` (text + heading) feed BM25; `text_tokens` (the law's own words) feed the
    answer layer's term statistics, so a word found only in an editorial heading never
    counts as something the texts say.
    """

    model: str
    chunks: list[Chunk]
    tokens: list[list[str]]
    dictionary: Path
    text_tokens: list[list[str]]
    digest: str = ""


def read_sidecar(path: Path) -> Sidecar:
    """A missing or corrupt sidecar (or its dictionary) means the index is unusable."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        if payload.get("version") != SIDECAR_VERSION:
            raise ValueError("sidecar version")
        dictionary = path.with_name(payload["dictionary"])
        if not dictionary.exists():
            raise ValueError("dictionary missing")
        rows = payload["chunks"]
        tokens = [row.pop("tokens") for row in rows]
        text_tokens = [row.pop("text_tokens", None) for row in rows]
        text_tokens = [t if t is not None else tokens[i] for i, t in enumerate(text_tokens)]
        chunks = [Chunk(**{**row, "questions": tuple(row.get("questions") or ())}) for row in rows]
        return Sidecar(payload["model"], chunks, tokens, dictionary, text_tokens, str(payload.get("digest") or ""))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexUnavailableError() from exc
