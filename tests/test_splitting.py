from __future__ import annotations

import pytest

from conftest import CORPUS
from hkqa.corpus import load_corpus
from hkqa.splitting import leans_on_context, make_chunks, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Funding reached HKD 35.7 billion. Growth followed.",
         ["Funding reached HKD 35.7 billion.", "Growth followed."]),
        ("Officials in the U.S. agreed. Dr. Chan disagreed.",
         ["Officials in the U.S. agreed.", "Dr. Chan disagreed."]),
        ("It cost HK$200 in 2023. Then more.", ["It cost HK$200 in 2023.", "Then more."]),
        ("He said “It works. We tested it.” Then he left.",
         ["He said “It works. We tested it.”", "Then he left."]),
        ('She said "Go now. Hurry." Nobody moved.', ['She said "Go now. Hurry."', "Nobody moved."]),
        ("“Is it new? Yes. It is,” she said.", ["“Is it new? Yes. It is,” she said."]),
        ("The “Research 1+ Plan.” This initiative helps.",
         ["The “Research 1+ Plan.”", "This initiative helps."]),
        ("J. K. Rowling wrote it. Was it good? Yes!",
         ["J. K. Rowling wrote it.", "Was it good?", "Yes!"]),
        ("Prices rose, e.g. rent. Wages did not.", ["Prices rose, e.g. rent.", "Wages did not."]),
        ("Costs fell, e.g. Rent and food.", ["Costs fell, e.g. Rent and food."]),
        ("First line\nSecond line", ["First line", "Second line"]),
        ("Ends with 3.5. Next one.", ["Ends with 3.5.", "Next one."]),
    ],
)  # fmt: skip
def test_split_edge_cases(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_offsets_are_exact_with_surrounding_whitespace() -> None:
    text = "  One here.   Two there.  \n\n Three.  "
    sentences = split_sentences(text, doc_id="d")
    assert [s.text for s in sentences] == ["One here.", "Two there.", "Three."]
    assert [s.index for s in sentences] == [0, 1, 2]
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.doc_id == "d"


def test_offset_invariant_over_real_corpus() -> None:
    for article in load_corpus(CORPUS):
        sentences = split_sentences(article.text, doc_id=article.doc_id)
        assert len(sentences) > 20
        for s in sentences:
            assert article.text[s.start : s.end] == s.text
            assert s.text == s.text.strip() and s.text
        inside = [False] * len(article.text)
        for s in sentences:
            inside[s.start : s.end] = [True] * (s.end - s.start)
        outside = "".join(ch for ch, hit in zip(article.text, inside, strict=True) if not hit)
        assert outside.strip() == ""  # every character of text belongs to a sentence


def test_chunks_are_overlapping_windows_with_offsets() -> None:
    text = "A one. B two. C three. D four. E five."
    sentences = split_sentences(text, doc_id="d")
    chunks = make_chunks(text, sentences, size=3, overlap=1, doc_id="d")
    assert [c.sentence_indices for c in chunks] == [(0, 1, 2), (2, 3, 4)]
    for c in chunks:
        assert text[c.start : c.end] == c.text
    assert chunks[0].text == "A one. B two. C three."
    assert [c.chunk_id for c in chunks] == ["d#c0", "d#c1"]


def test_last_window_is_aligned_so_every_sentence_is_covered() -> None:
    text = "Aa. Bb. Cc. Dd. Ee. Ff."
    sentences = split_sentences(text)
    chunks = make_chunks(text, sentences, size=4, overlap=1)
    assert [c.sentence_indices for c in chunks] == [(0, 1, 2, 3), (2, 3, 4, 5)]
    assert make_chunks(text, sentences[:2], size=4, overlap=1)[0].sentence_indices == (0, 1)
    assert make_chunks(text, [], size=2, overlap=0) == []


@pytest.mark.parametrize(("size", "overlap"), [(0, 0), (2, 2), (2, -1)])
def test_bad_chunk_settings_are_rejected(size: int, overlap: int) -> None:
    with pytest.raises(ValueError, match=r"size|overlap"):
        make_chunks("A.", split_sentences("A."), size=size, overlap=overlap)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Settlement options include the Pier Lab and the Eastgate Hub.", True),
        ("Notable achievements include a gold medal.", True),
        ("The program includes three parts.", False),  # a determiner: it refers back itself
        ("Hong Kong includes many districts.", False),  # a name is its own subject
        ("Reforms to the listing system in 2018 paved the way.", False),
    ],
)
def test_a_bare_subject_of_a_listing_verb_leans_on_its_context(text: str, expected: bool) -> None:
    assert leans_on_context(text) is expected
