"""BM25 and dense retrievers over chunks, and their fusion.

Fusion methods (pure functions):

* reciprocal-rank fusion, ``sum 1 / (k + rank)`` with k = 60 (Cormack, Clarke and
  Büttcher, "Reciprocal rank fusion outperforms Condorcet and individual rank learning
  methods", SIGIR 2009);
* a convex combination of min-max normalised scores, ``w * dense + (1 - w) * bm25``
  (Bruch, Gai and Ingber, "An analysis of fusion functions for hybrid retrieval", ACM
  TOIS 2023 / arXiv 2022: a tuned weight beats RRF).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal, Protocol

import numpy as np

from hkqa.types import Chunk, Hit

__all__ = [
    "RRF_K",
    "BM25Retriever",
    "DenseRetriever",
    "HybridRetriever",
    "Ranking",
    "min_max",
    "rrf_fuse",
    "weighted_fuse",
]

RRF_K = 60  # Cormack, Clarke and Büttcher (2009)

Ranking = list[tuple[int, float]]
"""(item index, score) pairs, best first."""


class Retriever(Protocol):
    def rank(self, query: str, query_vector: np.ndarray | None, *, depth: int) -> Ranking: ...


def _top(scores: np.ndarray, depth: int) -> Ranking:
    depth = min(depth, len(scores))
    if depth <= 0:
        return []
    order = np.argsort(-scores, kind="stable")[:depth]
    return [(int(i), float(scores[i])) for i in order]


class BM25Retriever:
    """Okapi BM25 (rank-bm25) over pre-tokenised items."""

    def __init__(
        self, tokens: Sequence[Sequence[str]], *, tokenizer: Callable[[str], list[str]]
    ) -> None:
        from rank_bm25 import BM25Okapi

        self._tokenizer = tokenizer
        self._n = len(tokens)
        # rank-bm25 divides by the corpus size; give it a placeholder when empty.
        self._bm25 = BM25Okapi([list(t) or ["\0"] for t in tokens] or [["\0"]])

    def scores(self, query: str) -> np.ndarray:
        terms = list(dict.fromkeys(self._tokenizer(query)))
        if not terms or not self._n:
            return np.zeros(self._n)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float64)[: self._n]

    def rank(self, query: str, query_vector: np.ndarray | None = None, *, depth: int) -> Ranking:
        scores = self.scores(query)
        ranking = _top(scores, depth)
        return [(i, s) for i, s in ranking if s > 0]


class DenseRetriever:
    """Inner-product search over normalised vectors in a faiss index."""

    def __init__(self, index: object) -> None:
        self._index = index

    def rank(self, query: str, query_vector: np.ndarray | None, *, depth: int) -> Ranking:
        if query_vector is None:
            raise ValueError("DenseRetriever needs a query vector")
        total = int(self._index.ntotal)  # type: ignore[attr-defined]
        depth = min(depth, total)
        if depth <= 0:
            return []
        q = np.ascontiguousarray(query_vector.reshape(1, -1), dtype=np.float32)
        scores, ids = self._index.search(q, depth)  # type: ignore[attr-defined]
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


def rrf_fuse(rankings: Sequence[Ranking], *, k: int = RRF_K) -> dict[int, float]:
    if k < 1:
        raise ValueError(f"RRF k must be >= 1, got {k}")
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, (item, _score) in enumerate(ranking, 1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


def min_max(ranking: Ranking) -> dict[int, float]:
    """Scores scaled to [0, 1] within one ranking (all 1.0 when they are equal)."""
    if not ranking:
        return {}
    values = [s for _, s in ranking]
    lo, hi = min(values), max(values)
    if hi - lo < 1e-12:
        return {i: 1.0 for i, _ in ranking}
    return {i: (s - lo) / (hi - lo) for i, s in ranking}


def weighted_fuse(bm25: Ranking, dense: Ranking, *, weight: float) -> dict[int, float]:
    """``weight * dense + (1 - weight) * bm25`` over min-max normalised scores."""
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"fusion weight must be in [0, 1], got {weight}")
    b, d = min_max(bm25), min_max(dense)
    return {i: weight * d.get(i, 0.0) + (1 - weight) * b.get(i, 0.0) for i in b.keys() | d.keys()}


FusionMethod = Literal["rrf", "weighted", "bm25", "dense"]


class HybridRetriever:
    """Fuses a lexical and a dense ranking of the same chunks into :class:`Hit` s."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        *,
        bm25: Retriever,
        dense: Retriever,
        method: FusionMethod = "rrf",
        rrf_k: int = RRF_K,
        weight: float = 0.5,
        depth: int = 20,
    ) -> None:
        if method not in ("rrf", "weighted", "bm25", "dense"):
            raise ValueError(f"unknown fusion method {method!r}")
        if depth < 1:
            raise ValueError(f"candidate depth must be >= 1, got {depth}")
        if rrf_k < 1:
            raise ValueError(f"rrf_k must be >= 1, got {rrf_k}")
        if not 0.0 <= weight <= 1.0:
            raise ValueError(f"fusion weight must be in [0, 1], got {weight}")
        self._chunks = chunks
        self._bm25 = bm25
        self._dense = dense
        self.method: FusionMethod = method
        self._rrf_k = rrf_k
        self._weight = weight
        self._depth = depth

    def retrieve(
        self,
        query: str,
        query_vector: np.ndarray,
        *,
        top_k: int,
        method: FusionMethod | None = None,
    ) -> list[Hit]:
        method = method or self.method
        depth = max(self._depth, top_k)
        lexical = self._bm25.rank(query, None, depth=depth)
        dense = self._dense.rank(query, query_vector, depth=depth)
        fused: Mapping[int, float]
        if method == "rrf":
            fused = rrf_fuse([lexical, dense], k=self._rrf_k)
        elif method == "weighted":
            fused = weighted_fuse(lexical, dense, weight=self._weight)
        elif method == "bm25":
            fused = dict(lexical)
        else:
            fused = dict(dense)
        b_rank = {i: (r, s) for r, (i, s) in enumerate(lexical, 1)}
        d_rank = {i: (r, s) for r, (i, s) in enumerate(dense, 1)}
        order = sorted(fused, key=lambda i: (-fused[i], i))[:top_k]
        return [
            Hit(
                chunk=self._chunks[i],
                score=float(fused[i]),
                bm25_rank=b_rank[i][0] if i in b_rank else None,
                dense_rank=d_rank[i][0] if i in d_rank else None,
                bm25_score=b_rank[i][1] if i in b_rank else None,
                dense_score=d_rank[i][1] if i in d_rank else None,
            )
            for i in order
        ]
