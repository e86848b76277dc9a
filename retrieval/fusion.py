"""Fusing dense and BM25 rankings.

Min-max normalised scores are combined with weights: unlike reciprocal-rank
fusion this keeps the size of a lead (a BM25 hit on 备案有效期 far ahead of the
rest), which matters when one article clearly answers. `rrf` is kept for the
Chatchat-style baseline and for comparison in the eval.
"""

from __future__ import annotations

import numpy as np


def minmax(scores: np.ndarray) -> np.ndarray:
    if scores.size == 0:
        return scores
    low, high = float(scores.min()), float(scores.max())
    if high - low < 1e-9:
        return np.zeros_like(scores)
    return (scores - low) / (high - low)


def weighted(dense: np.ndarray, sparse: np.ndarray, dense_weight: float, sparse_weight: float) -> np.ndarray:
    total = dense_weight + sparse_weight
    return (dense_weight * minmax(dense) + sparse_weight * minmax(sparse)) / (total or 1.0)


def rrf(*rankings: np.ndarray, k: int = 60) -> np.ndarray:
    """Reciprocal-rank fusion of score arrays over the same items."""
    fused = np.zeros_like(rankings[0], dtype=np.float64)
    for scores in rankings:
        order = np.argsort(-scores, kind="stable")
        ranks = np.empty_like(order)
        ranks[order] = np.arange(1, len(order) + 1)
        fused += 1.0 / (k + ranks)
    return fused
