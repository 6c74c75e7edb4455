"""Shared fixtures: a deterministic fake encoder and tiny inline corpora."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from conftest_api import FakePipeline, serve_fake_app
from hkqa.config import Settings
from hkqa.tokenize import tokenize

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"


class FakeEncoder:
    """Bag of stemmed words hashed into 64 dimensions, L2-normalised. Deterministic.

    Texts sharing words get a high cosine, as a real encoder would give paraphrases.
    """

    dimension = 64

    def __init__(self) -> None:
        self.calls = 0

    @property
    def model_id(self) -> str:
        return "fake-bow-64"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokenize(text):
                h = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "big")
                out[row, h % self.dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


TINY_A = """Harbour City Expands Its Tech Hub
Published on

acme cloud focuses on enterprise backups. They provide industry-leading solutions for
businesses of all kinds.

The Harbour Tech Hub now hosts over 500 startups, up 25% from last year.
The city government allocated HK$80 million to the hub's robotics programme in March 2023.
Dr. Lee said the programme "will train 2,000 engineers. It starts soon." The hub plans a
second campus.

Image

Latest articles

Some Other Story About Markets
A teaser sentence about markets.
"""

TINY_B = """Robotics Funding Announced for Harbour City
The robotics programme at the Harbour Tech Hub received 80 million yuan in this year's budget.
The hub's startups raised approximately HKD 1.2 billion in total.
Read more:
- An Unrelated Headline
"""


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    return FakeEncoder()


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TINY_A, encoding="utf-8")
    (corpus / "b.txt").write_text(TINY_B, encoding="utf-8")
    return corpus


@pytest.fixture
def tiny_settings(tiny_corpus: Path, tmp_path: Path) -> Settings:
    return Settings(
        corpus_dir=tiny_corpus,
        index_dir=tmp_path / "index",
        chunk_size=2,
        chunk_overlap=1,
        refusal_threshold=0.3,
    )


@pytest.fixture
def tiny_pipeline(tiny_settings: Settings, fake_encoder: FakeEncoder):  # type: ignore[no-untyped-def]
    from hkqa.pipeline import load_pipeline

    return load_pipeline(tiny_settings, encoder=fake_encoder)


# The fake-pipeline app served on a free loopback port, for the OpenAI-client and browser
# tests (modules with a `pipeline` fixture of their own override this one).
@pytest.fixture(scope="module")
def pipeline() -> FakePipeline:
    return FakePipeline()


@pytest.fixture(scope="module")
def base_url(pipeline: FakePipeline) -> Iterator[str]:
    with serve_fake_app(pipeline) as url:
        yield url
