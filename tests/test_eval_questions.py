"""The question set eval/questions.jsonl is well formed and grounded in the corpus."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from hkqa.corpus import load_corpus
from hkqa.evaluation import CATEGORIES, SPLITS, EvalQuestion, load_questions

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = REPO / "eval" / "questions.jsonl"


@pytest.fixture(scope="module")
def questions() -> list[EvalQuestion]:
    return load_questions(QUESTIONS)  # validates every line


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    return [a.text for a in load_corpus(REPO / "corpus")]


def test_every_evidence_string_is_in_the_cleaned_corpus(
    questions: list[EvalQuestion], corpus_texts: list[str]
) -> None:
    missing = [
        (q.id, e) for q in questions for e in q.evidence if not any(e in t for t in corpus_texts)
    ]
    assert missing == []


def test_sizes(questions: list[EvalQuestion]) -> None:
    assert len(questions) >= 120
    assert sum(not q.answerable for q in questions) >= 20
    assert sum(q.answerable and bool(q.history) for q in questions) >= 15
    assert sum(q.conflict for q in questions) >= 4


def test_every_line_has_a_valid_split(questions: list[EvalQuestion]) -> None:
    assert all(q.split in SPLITS for q in questions)
    raw = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    assert all(d.get("split") in SPLITS for d in raw)


def test_splits_are_balanced_per_category(questions: list[EvalQuestion]) -> None:
    counts = Counter((q.category, q.split) for q in questions)
    for category in CATEGORIES:
        tune, test = counts[category, "tune"], counts[category, "test"]
        assert tune + test > 0, category
        assert abs(tune - test) <= 1, (category, tune, test)


def test_no_duplicate_questions(questions: list[EvalQuestion]) -> None:
    seen = Counter(" ".join(q.question.lower().split()) for q in questions)
    assert [q for q, n in seen.items() if n > 1] == []


def test_conflict_flag_only_on_numeric_disagreements(questions: list[EvalQuestion]) -> None:
    """Conflicts are figures stated differently; a conflict question's answers hold a number."""
    for q in questions:
        if q.conflict:
            assert q.answerable
            assert any(any(c.isdigit() for c in a) for a in q.answers), q.id


@pytest.mark.parametrize("name", ["holdout.jsonl", "blind.jsonl", "blind2.jsonl"])
def test_held_out_sets_are_valid_and_grounded(name: str, corpus_texts: list[str]) -> None:
    held_out = load_questions(REPO / "eval" / name)
    assert len(held_out) == 60
    assert all(q.split == "holdout" for q in held_out)
    missing = [
        (q.id, e) for q in held_out for e in q.evidence if not any(e in t for t in corpus_texts)
    ]
    assert missing == []
