"""The only place that builds the Chroma client and collection.

Embedded (persistent, under the data dir) by default; a Chroma server when
CHROMA_HOST is set. Telemetry is off, and the collection always gets our
embedding function so Chroma never reaches for its own downloadable model. The
collection's metadata records the embedding model that built it.
"""

from __future__ import annotations

import logging
import os
import warnings
from typing import Any

from langchain_core.embeddings import Embeddings

from config import Settings
from errors import IndexUnavailableError
from retrieval.embeddings import model_id_of

log = logging.getLogger(__name__)
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# Chroma tries to rebuild a stored embedding function by name; ours is always passed explicitly.
warnings.filterwarnings("ignore", message="Could not reconstruct embedding function")


class _ChromaEmbeddingFunction:
    """Adapter so Chroma calls our embedder (queries embed with the query side)."""

    def __init__(self, embeddings: Embeddings) -> None:
        self._embeddings = embeddings

    def __call__(self, input: list[str]) -> list[list[float]]:  # noqa: A002 - Chroma's name
        return self._embeddings.embed_documents(list(input))

    def embed_query(self, input: list[str]) -> list[list[float]]:  # noqa: A002
        return [self._embeddings.embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "policybot"

    def is_legacy(self) -> bool:
        return False

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> _ChromaEmbeddingFunction:  # noqa: ARG004
        raise NotImplementedError("policybot embedders are built from settings")


def build_client(settings: Settings) -> Any:
    import chromadb  # noqa: PLC0415 - heavy import, only when the index is used
    from chromadb.config import Settings as ChromaSettings  # noqa: PLC0415

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
        )
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def open_collection(
    client: Any, name: str, embeddings: Embeddings, *, create: bool, rebuild_on_model_change: bool = False
) -> Any:
    """Get the collection; rebuild it if it was made with another model (when allowed).

    With `create=False` a missing collection or a model mismatch is an
    IndexUnavailableError (search must not mix vectors of two models).
    """
    model = model_id_of(embeddings)
    function = _ChromaEmbeddingFunction(embeddings)
    try:
        collection = client.get_collection(name, embedding_function=function)
    except Exception as exc:  # chromadb raises NotFoundError/ValueError by version
        if not create:
            raise IndexUnavailableError() from exc
        return _create(client, name, function, model)
    built_with = (collection.metadata or {}).get("embedding_model")
    if built_with != model:
        if not rebuild_on_model_change:
            raise IndexUnavailableError(
                f"索引由嵌入模型 {built_with} 构建,与当前配置 {model} 不一致,请运行 `policybot ingest` 重建。"
            )
        log.info("embedding model changed (%s -> %s): rebuilding collection", built_with, model)
        client.delete_collection(name)
        return _create(client, name, function, model)
    return collection


def _create(client: Any, name: str, function: _ChromaEmbeddingFunction, model: str) -> Any:
    return client.create_collection(
        name,
        embedding_function=function,
        metadata={"hnsw:space": "cosine", "embedding_model": model},
    )
