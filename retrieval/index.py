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
from retrieval.cache import VectorCache, embed_with_cache
from retrieval.chunking import Chunk, chunk_corpus
from retrieval.embeddings import build_embeddings, model_id_of
from retrieval.store import build_client, open_collection
from retrieval.tokenize import tokenize, write_corpus_dictionary

log = logging.getLogger(__name__)
SIDECAR_VERSION = 1
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


def cache_path(settings: Settings) -> Path:
    return settings.data_dir / "index" / "vector_cache.sqlite"


def ingest(
    settings: Settings,
    *,
    corpus: Corpus | None = None,
    embeddings: Embeddings | None = None,
    client: Any = None,
    progress: Progress | None = None,
) -> IngestReport:
    started = time.perf_counter()
    corpus = corpus or load_corpus(settings.corpus_dir)
    embeddings = embeddings or build_embeddings(settings)
    chunks = chunk_corpus(corpus, getattr(embeddings, "count_tokens", None))
    client = client or build_client(settings)
    collection = open_collection(
        client, settings.chroma_collection, embeddings, create=True, rebuild_on_model_change=True
    )
    existing = collection.get(include=["metadatas"])
    held = {cid: (meta or {}).get("hash") for cid, meta in zip(existing["ids"], existing["metadatas"], strict=True)}
    wanted = {chunk.id: chunk for chunk in chunks}
    added = [cid for cid in wanted if cid not in held]
    replaced = [cid for cid in wanted if cid in held and held[cid] != wanted[cid].content_hash]
    removed = [cid for cid in held if cid not in wanted]
    to_embed = [wanted[cid] for cid in added + replaced]

    cache = VectorCache(cache_path(settings)) if settings.embedding_cache else None
    try:
        vectors, computed = _embed(embeddings, to_embed, cache, progress)
    finally:
        if cache is not None:
            cache.close()
    if to_embed:
        collection.upsert(
            ids=[c.id for c in to_embed],
            embeddings=vectors,
            documents=[c.text for c in to_embed],
            metadatas=[c.metadata() for c in to_embed],
        )
    if removed:
        collection.delete(ids=removed)
    if to_embed or removed or not sidecar_path(settings).exists():
        write_sidecar(sidecar_path(settings), dictionary_path(settings), chunks, model_id_of(embeddings))
    return IngestReport(
        added=added,
        replaced=replaced,
        removed=removed,
        unchanged=len(chunks) - len(added) - len(replaced),
        embedded=computed,
        seconds=time.perf_counter() - started,
        model=model_id_of(embeddings),
    )


def _embed(
    embeddings: Embeddings, chunks: list[Chunk], cache: VectorCache | None, progress: Progress | None
) -> tuple[list[list[float]], int]:
    vectors: list[list[float]] = []
    computed = 0
    batch = 16
    for start in range(0, len(chunks), batch):
        part = chunks[start : start + batch]
        got, fresh = embed_with_cache(embeddings, [c.index_text for c in part], cache)
        vectors += got
        computed += fresh
        if progress:
            progress(min(start + batch, len(chunks)), len(chunks))
    return vectors, computed


def write_sidecar(path: Path, dictionary: Path, chunks: list[Chunk], model: str) -> None:
    """Chunk fields and BM25 tokens, cut with a corpus dictionary written beside them."""
    write_corpus_dictionary([c.index_text for c in chunks], dictionary)
    payload = {
        "version": SIDECAR_VERSION,
        "model": model,
        "dictionary": dictionary.name,
        "chunks": [{**asdict(c), "tokens": tokenize(c.index_text, dictionary)} for c in chunks],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


@dataclass(frozen=True)
class Sidecar:
    model: str
    chunks: list[Chunk]
    tokens: list[list[str]]
    dictionary: Path


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
        return Sidecar(payload["model"], [Chunk(**row) for row in rows], tokens, dictionary)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexUnavailableError() from exc
