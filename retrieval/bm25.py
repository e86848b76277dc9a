"""BM25 over jieba tokens (bm25s), scoring every chunk so fusion sees the full ranking."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from retrieval.tokenize import tokenize


class BM25Index:
    def __init__(
        self, tokenized_docs: list[list[str]], dictionary: Path | None = None, k1: float = 1.2, b: float = 0.75
    ) -> None:
        import bm25s  # noqa: PLC0415

        logging.getLogger("bm25s").setLevel(logging.WARNING)

        self._dictionary = dictionary
        self._size = len(tokenized_docs)
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        # bm25s needs at least one token per document
        self._bm25.index([doc or ["_"] for doc in tokenized_docs], show_progress=False)
        self._vocab = set(self._bm25.vocab_dict)

    def scores(self, query: str) -> np.ndarray:
        tokens = [t for t in tokenize(query, self._dictionary) if t in self._vocab]
        if not tokens:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
