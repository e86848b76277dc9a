"""Passage-vector cache keyed by (model id, text hash), in a small SQLite file.

Re-ingesting an unchanged corpus must embed nothing; a model change must never
reuse another model's vectors. Stdlib sqlite3 keeps it dependency-free and safe
for several processes.
"""

from __future__ import annotations

import hashlib
import sqlite3
from array import array
from collections.abc import Sequence
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
    embeddings: Embeddings, texts: Sequence[str], cache: VectorCache | None
) -> tuple[list[list[float]], int]:
    """Vectors for `texts` in order, and how many had to be computed."""
    if cache is None:
        return embeddings.embed_documents(list(texts)), len(texts)
    model = model_id_of(embeddings)
    keys = [text_key(t) for t in texts]
    known = cache.get_many(model, keys)
    missing = [i for i, key in enumerate(keys) if key not in known]
    if missing:
        fresh = embeddings.embed_documents([texts[i] for i in missing])
        new = {keys[i]: vec for i, vec in zip(missing, fresh, strict=True)}
        cache.put_many(model, new)
        known.update(new)
    return [known[key] for key in keys], len(missing)
