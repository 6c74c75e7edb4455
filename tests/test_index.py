from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from conftest import FakeEncoder
from hkqa.config import Settings
from hkqa.index import (
    IndexError_,
    _with_previous,
    build_index,
    current_build,
    load_index,
    stale_reasons,
)
from hkqa.pipeline import ensure_index
from hkqa.splitting import split_sentences


def test_build_writes_manifest_and_loads_back(tiny_settings: Settings) -> None:
    path = build_index(tiny_settings, encoder=FakeEncoder())
    assert current_build(tiny_settings.index_dir) == path
    data = load_index(tiny_settings.index_dir)
    m = data.manifest
    assert m["settings"] == {"model": tiny_settings.model, "chunk_size": 2, "chunk_overlap": 1}
    assert m["counts"]["documents"] == 2
    assert m["counts"]["sentences"] == len(data.sentences)
    assert m["query_encoder"] == "reference"  # nothing verified a fast encoder
    assert set(m["libraries"]) >= {"numpy", "faiss-cpu", "rank-bm25"}
    assert data.chunk_index.ntotal == len(data.chunks)
    assert data.sentence_vectors.shape == (len(data.sentences), FakeEncoder.dimension)
    assert data.context_vectors.shape == data.sentence_vectors.shape
    # The first sentence of a document has no predecessor: its context vector is its own.
    first = next(i for i, s in enumerate(data.sentences) if s.index == 0)
    assert np.allclose(data.context_vectors[first], data.sentence_vectors[first])
    second = first + 1
    assert not np.allclose(data.context_vectors[second], data.sentence_vectors[second])
    by_id = {a.doc_id: a for a in data.articles}
    for s in data.sentences:
        assert by_id[s.doc_id].text[s.start : s.end] == s.text
    for c in data.chunks:
        assert by_id[c.doc_id].text[c.start : c.end] == c.text
    assert stale_reasons(m, settings=tiny_settings) == []


def test_manifest_detects_corpus_and_settings_changes(tiny_settings: Settings) -> None:
    build_index(tiny_settings, encoder=FakeEncoder())
    manifest = load_index(tiny_settings.index_dir).manifest
    changed = tiny_settings.model_copy(update={"chunk_size": 3})
    assert stale_reasons(manifest, settings=changed) == ["index settings changed"]
    (tiny_settings.corpus_dir / "c.md").write_text("# New\n\nA new article.", encoding="utf-8")
    assert stale_reasons(manifest, settings=tiny_settings) == ["corpus changed"]


def test_stale_index_is_rebuilt_or_reported(tiny_settings: Settings) -> None:
    enc = FakeEncoder()
    first = ensure_index(tiny_settings, encoder=enc)
    again = ensure_index(tiny_settings, encoder=enc)
    assert again.path == first.path  # fresh: reused, not rebuilt
    (tiny_settings.corpus_dir / "c.txt").write_text("New Story\nRobots arrived.", "utf-8")
    with pytest.raises(IndexError_, match=r"stale \(corpus changed\).*hkqa ingest"):
        ensure_index(tiny_settings, rebuild=False, encoder=enc)
    rebuilt = ensure_index(tiny_settings, encoder=enc)
    assert rebuilt.path != first.path
    assert not first.path.exists()  # the old build was removed after the switch
    assert "New Story" in [a.title for a in rebuilt.articles]


class ExplodingEncoder(FakeEncoder):
    def encode(self, texts):  # type: ignore[no-untyped-def]
        raise RuntimeError("power cut")


def test_interrupted_build_leaves_previous_index_usable(tiny_settings: Settings) -> None:
    good = build_index(tiny_settings, encoder=FakeEncoder())
    before = load_index(tiny_settings.index_dir)
    (tiny_settings.corpus_dir / "c.txt").write_text("New Story\nRobots arrived.", "utf-8")
    with pytest.raises(RuntimeError, match="power cut"):
        build_index(tiny_settings, encoder=ExplodingEncoder())
    after = load_index(tiny_settings.index_dir)
    assert after.path == good
    assert after.manifest == before.manifest
    assert np.array_equal(after.sentence_vectors, before.sentence_vectors)
    leftovers = [p.name for p in tiny_settings.index_dir.iterdir() if p.name.startswith(".tmp")]
    assert leftovers == []


def test_crash_after_rename_before_switch_keeps_old_build(tiny_settings: Settings) -> None:
    good = build_index(tiny_settings, encoder=FakeEncoder())
    # A complete build folder that CURRENT does not name (a crash between rename and
    # switch) is ignored by loading.
    orphan = tiny_settings.index_dir / "orphan"
    orphan.mkdir()
    (orphan / "manifest.json").write_text(json.dumps({"format": 1}))
    assert load_index(tiny_settings.index_dir).path == good


def test_missing_or_corrupt_index_says_how_to_fix(tmp_path: Path, tiny_settings: Settings) -> None:
    with pytest.raises(IndexError_, match="hkqa ingest"):
        load_index(tmp_path / "none")
    path = build_index(tiny_settings, encoder=FakeEncoder())
    (path / "chunks.json").write_text("{not json")
    with pytest.raises(IndexError_, match=r"unreadable.*hkqa ingest"):
        load_index(tiny_settings.index_dir)


def test_duplicate_doc_ids_are_refused(tiny_settings: Settings) -> None:
    (tiny_settings.corpus_dir / "a.md").write_text("# Clash\n\nSame id as a.txt.", "utf-8")
    with pytest.raises(IndexError_, match="same doc_id: a"):
        build_index(tiny_settings, encoder=FakeEncoder())


def test_a_dropped_in_html_article_becomes_searchable(tiny_settings: Settings) -> None:
    from hkqa.pipeline import load_pipeline
    from test_corpus import HTML

    encoder = FakeEncoder()
    first = load_pipeline(tiny_settings, encoder=encoder)
    assert "robots" not in first.documents
    (tiny_settings.corpus_dir / "robots.html").write_text(HTML, encoding="utf-8")
    second = load_pipeline(tiny_settings, encoder=encoder)  # the index is stale: rebuilt
    assert "robots" in second.documents
    hits = second.search("How many engineers will the robotics programme train?", k=3)
    assert hits[0].chunk.doc_id == "robots"
    answer = second.ask("How many engineers will the robotics programme train?")
    assert answer.answer == "2,000" and answer.citations[0].doc_id == "robots"


def test_a_sentence_leaning_on_its_context_is_embedded_with_both_neighbours() -> None:
    text = "The fund backs firms. Settlement options include the Park. The office helps."
    sentences = split_sentences(text, doc_id="d")
    other = split_sentences("Hi.", doc_id="e")[0]
    contexts = _with_previous([*sentences, other])
    assert contexts[0] == "The fund backs firms."
    assert contexts[1] == text  # before and after: whose options they are
    assert contexts[2] == "Settlement options include the Park. The office helps."
    assert contexts[3] == "Hi."  # another document's sentence is no neighbour
