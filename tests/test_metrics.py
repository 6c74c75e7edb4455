"""hkqa.metrics with hand-worked numbers."""

from __future__ import annotations

import math

import pytest

from hkqa import metrics as m

# A ranking whose first relevant passage is at rank 3 and second at rank 5.
RANKING = [False, False, True, False, True]


def test_hit_at_k() -> None:
    assert m.hit_at_k(RANKING, 1) == 0.0
    assert m.hit_at_k(RANKING, 2) == 0.0
    assert m.hit_at_k(RANKING, 3) == 1.0
    assert m.hit_at_k(RANKING, 10) == 1.0  # k beyond the list is fine
    assert m.hit_at_k([], 5) == 0.0


def test_reciprocal_rank() -> None:
    assert m.reciprocal_rank_at_k(RANKING, 10) == pytest.approx(1 / 3)
    assert m.reciprocal_rank_at_k(RANKING, 2) == 0.0  # first relevant is outside the cut
    assert m.reciprocal_rank_at_k([True], 1) == 1.0


def test_ndcg_by_hand() -> None:
    # DCG@5 = 1/log2(3+1) + 1/log2(5+1) = 0.5 + 0.386853 = 0.886853
    assert m.dcg_at_k(RANKING, 5) == pytest.approx(0.5 + 1 / math.log2(6))
    assert m.dcg_at_k(RANKING, 5) == pytest.approx(0.886853, abs=1e-6)
    # Ideal with the 2 relevant passages found: 1 + 1/log2(3) = 1.630930
    assert m.ndcg_at_k(RANKING, 5) == pytest.approx(0.886853 / 1.630930, abs=1e-6)
    assert m.ndcg_at_k(RANKING, 5) == pytest.approx(0.543771, abs=1e-6)
    # With 3 relevant passages in the collection the ideal is 1 + 0.630930 + 0.5 = 2.130930
    assert m.ndcg_at_k(RANKING, 5, n_relevant=3) == pytest.approx(0.416182, abs=1e-6)
    # Cut at 3: DCG 0.5; ideal (2 relevant known) 1.630930
    assert m.ndcg_at_k(RANKING, 3, n_relevant=2) == pytest.approx(0.5 / 1.630930, abs=1e-6)
    assert m.ndcg_at_k([True, True, False], 3) == pytest.approx(1.0)
    assert m.ndcg_at_k([False, False], 3) == 0.0
    assert m.ndcg_at_k([], 3, n_relevant=0) == 0.0


def test_bad_k() -> None:
    with pytest.raises(ValueError, match="k must be"):
        m.hit_at_k(RANKING, 0)


def test_relevance_and_sentence() -> None:
    evidence = ["more than 150 related companies", "HKD 50 million"]
    passage = "Over the past year, more than 150 related  companies set up."
    assert m.passage_relevant(passage, evidence)  # white space runs collapse
    assert not m.passage_relevant("more than 150 companies", evidence)
    assert m.sentence_correct("Moreover, HKD 50 million has been allocated.", evidence)
    assert not m.sentence_correct(None, evidence)
    assert not m.sentence_correct("Nothing here.", [])


def test_normalize_answer() -> None:
    assert m.normalize_answer("  “One Country,\n Two Systems”. ") == "one country, two systems"
    assert m.normalize_answer("Hong Kong’s") == "hong kong's"
    assert m.normalize_answer("ＨＫＤ　５０") == "hkd 50"  # NFKC folds full-width forms
    tokens = m.answer_tokens("over 1,900 (community) firms.")
    assert tokens == ["over", "1,900", "community", "firms"]


@pytest.mark.parametrize(
    ("predicted", "acceptable", "expected"),
    [
        ("over 430 startups", ["over 430"], True),  # gold inside, 1 extra token
        ("over 430", ["more than 430", "over 430 startups"], True),  # prediction inside gold
        ("Hong Kong’s Cyberport", ["Hong Kong's Cyberport"], True),  # curly vs straight
        ("“One Country, Two Systems”", ["one country, two systems"], True),
        ("HKD 50 million (sources disagree: 50 million yuan)", ["HKD 50 million"], True),
        ("50 million yuan (sources disagree: HKD 50 million)", ["HKD 50 million"], False),
        ("50 million", ["50 million yuan"], True),
        ("million", ["50 million yuan"], False),  # a number answer needs its number
        ("the", ["the Innovation and Technology Fund"], False),  # no substance
        ("6", ["16%"], False),  # tokens, not characters
        ("a b c d e f", ["c d"], True),  # 6 tokens = 2 + 4: at the limit
        ("a b c d e f g", ["c d"], False),  # 7 tokens: too long
        (
            "Hong Kong’s innovation and technology sector is experiencing unprecedented growth",
            ["unprecedented growth"],
            False,
        ),
        ("", ["anything"], False),
        ("Cyberport", [], False),
    ],
)
def test_span_correct(predicted: str, acceptable: list[str], expected: bool) -> None:
    assert m.span_correct(predicted, acceptable) is expected


def test_strip_disagreement() -> None:
    assert m.strip_disagreement("320 (sources disagree: over 430; 20%)") == "320"
    assert m.strip_disagreement("320 (in total)") == "320 (in total)"


def test_refusal_metrics() -> None:
    # 4 answerable, 2 unanswerable. Refused: one answerable (wrong), one unanswerable (right).
    refused = [True, False, False, False, True, False]
    answerable = [True, True, True, True, False, False]
    assert m.refusal_precision(refused, answerable) == pytest.approx(1 / 2)
    assert m.refusal_recall(refused, answerable) == pytest.approx(1 / 2)
    assert m.wrong_refusal_rate(refused, answerable) == pytest.approx(1 / 4)
    assert m.refusal_precision([False, False], [True, False]) is None  # nothing refused
    assert m.refusal_recall([True], [True]) is None  # nothing unanswerable
    with pytest.raises(ValueError, match="length"):
        m.refusal_recall([True], [True, False])


def test_conflict_metrics() -> None:
    flagged = [True, True, False, True, False]
    gold = [True, False, True, True, False]
    assert m.conflict_precision(flagged, gold) == pytest.approx(2 / 3)
    assert m.conflict_recall(flagged, gold) == pytest.approx(2 / 3)
    assert m.conflict_recall([False], [False]) is None


def test_percentile() -> None:
    values = [40.0, 10.0, 30.0, 20.0]
    assert m.percentile(values, 50) == pytest.approx(25.0)
    # p95: position 0.95 * 3 = 2.85 between 30 and 40 -> 38.5
    assert m.percentile(values, 95) == pytest.approx(38.5)
    assert m.percentile(values, 0) == 10.0
    assert m.percentile(values, 100) == 40.0
    assert m.percentile([7.0], 95) == 7.0
    assert m.percentile([], 50) is None
    with pytest.raises(ValueError):
        m.percentile(values, 101)
