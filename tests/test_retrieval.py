from __future__ import annotations

import itertools

import numpy as np
import pytest

from conftest import FakeEncoder
from hkqa.retrieval import (
    RRF_K,
    BM25Retriever,
    DenseRetriever,
    HybridRetriever,
    min_max,
    rrf_fuse,
    weighted_fuse,
)
from hkqa.tokenize import tokenize
from hkqa.types import Chunk


def test_rrf_arithmetic() -> None:
    fused = rrf_fuse([[(7, 9.0), (3, 5.0)], [(3, 0.9), (8, 0.1)]], k=60)
    assert fused[3] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[7] == pytest.approx(1 / 61)
    assert fused[8] == pytest.approx(1 / 62)
    assert RRF_K == 60
    with pytest.raises(ValueError, match="RRF k"):
        rrf_fuse([], k=0)


def test_weighted_fusion_normalises_each_ranking() -> None:
    assert min_max([(1, 10.0), (2, 5.0), (3, 0.0)]) == {1: 1.0, 2: 0.5, 3: 0.0}
    assert min_max([(1, 2.0), (2, 2.0)]) == {1: 1.0, 2: 1.0}
    fused = weighted_fuse([(1, 10.0), (2, 0.0)], [(2, 0.8), (3, 0.4)], weight=0.25)
    assert fused == pytest.approx({1: 0.75, 2: 0.25, 3: 0.0})
    with pytest.raises(ValueError, match="weight"):
        weighted_fuse([], [], weight=1.5)


TEXTS = [
    "Cyberport hosts over 1,900 community companies.",
    "The Science Park funding reached 780 million yuan.",
    "Patent applications rose by 16% to 135.",
]
CHUNKS = [Chunk(f"d#c{i}", "d", (i,), 0, len(t), t) for i, t in enumerate(TEXTS)]


def make_hybrid(method: str = "rrf") -> HybridRetriever:
    import faiss

    enc = FakeEncoder()
    index = faiss.IndexFlatIP(enc.dimension)
    index.add(enc.encode(TEXTS))
    return HybridRetriever(
        CHUNKS,
        bm25=BM25Retriever([tokenize(t) for t in TEXTS], tokenizer=tokenize),
        dense=DenseRetriever(index),
        method=method,  # type: ignore[arg-type]
        depth=3,
    )


@pytest.mark.parametrize("method", ["rrf", "weighted", "bm25", "dense"])
def test_hybrid_finds_the_matching_chunk_and_keeps_both_ranks(method: str) -> None:
    hybrid = make_hybrid(method)
    q = "How many companies are in Cyberport? 1900"
    hits = hybrid.retrieve(q, FakeEncoder().encode([q])[0], top_k=2)
    assert hits[0].chunk.chunk_id == "d#c0"
    assert len(hits) == (1 if method == "bm25" else 2)  # bm25 drops zero-score chunks
    if method in ("rrf", "weighted"):
        assert hits[0].bm25_rank == 1 and hits[0].dense_rank == 1
        assert hits[0].bm25_score is not None and hits[0].dense_score is not None
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))


def test_bm25_ignores_items_without_query_terms() -> None:
    bm25 = BM25Retriever([tokenize(t) for t in TEXTS], tokenizer=tokenize)
    ranking = bm25.rank("patents", None, depth=3)
    assert [i for i, _ in ranking] == [2]
    assert bm25.rank("the of and", None, depth=3) == []


def test_dense_requires_a_vector_and_bad_options_fail() -> None:
    import faiss

    with pytest.raises(ValueError, match="query vector"):
        DenseRetriever(faiss.IndexFlatIP(4)).rank("q", None, depth=1)
    assert DenseRetriever(faiss.IndexFlatIP(4)).rank("q", np.ones(4), depth=3) == []
    with pytest.raises(ValueError, match="fusion method"):
        HybridRetriever(CHUNKS, bm25=None, dense=None, method="max")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="depth"):
        HybridRetriever(CHUNKS, bm25=None, dense=None, depth=0)  # type: ignore[arg-type]
