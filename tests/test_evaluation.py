"""hkqa.evaluation end to end on a fake pipeline with hand-made answers (no torch)."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from hkqa.config import Settings
from hkqa.evaluation import (
    QuestionsError,
    evaluate,
    load_questions,
    run_cli,
)
from hkqa.types import Answer, AnswerType, Chunk, Citation, Hit, Message

REFUSAL = "The documents do not answer this question."


def _hit(text: str, n: int) -> Hit:
    chunk = Chunk(f"doc#c{n}", "doc", (n,), 0, len(text), text)
    return Hit(chunk=chunk, score=1.0 / (n + 1))


OTHER = _hit("Nothing relevant is said here.", 90)
OTHER2 = _hit("Still nothing relevant.", 91)


def _answer(
    question: str,
    *,
    passages: Sequence[Hit],
    answer: str | None = None,
    sentence: str | None = None,
    conflicts: int = 0,
) -> Answer:
    if answer is None:  # a refusal
        return Answer(
            question, question, False, REFUSAL, 0.1, AnswerType.OTHER, passages=tuple(passages)
        )
    cite = Citation("doc", "Doc", sentence or "", 0, 10, None, None, 1.0, answer)
    return Answer(
        question=question,
        resolved_question=f"{question} (resolved)",
        answerable=True,
        answer=answer,
        confidence=0.9,
        answer_type=AnswerType.OTHER,
        citations=(cite,),
        conflicts=(cite,) * conflicts,
        passages=tuple(passages),
    )


# id, question line fields, and the answer the fake pipeline gives.
QUESTIONS: list[dict[str, Any]] = [
    {  # first relevant passage at 3; right sentence and span; a follow-up
        "id": "q1",
        "question": "What about alpha?",
        "answers": ["42"],
        "evidence": ["alpha fact"],
        "answerable": True,
        "history": ["Tell me about the alpha programme."],
        "split": "tune",
    },
    {  # relevant passage first, wrong sentence cited
        "id": "q2",
        "question": "Beta?",
        "answers": ["7"],
        "evidence": ["beta fact"],
        "answerable": True,
        "split": "test",
    },
    {  # wrongly refused follow-up, nothing relevant retrieved
        "id": "q3",
        "question": "And gamma?",
        "answers": ["9"],
        "evidence": ["gamma fact"],
        "answerable": True,
        "history": ["What is gamma?"],
        "split": "tune",
    },
    {  # conflict, flagged; span right despite the suffix
        "id": "q4",
        "question": "Delta?",
        "answers": ["HKD 5 million"],
        "evidence": ["delta fact"],
        "answerable": True,
        "conflict": True,
        "split": "test",
    },
    {  # unanswerable, refused
        "id": "q5",
        "question": "Who won the cup?",
        "answers": [],
        "evidence": [],
        "answerable": False,
        "split": "tune",
    },
    {  # unanswerable, answered (and wrongly flagged as a conflict)
        "id": "q6",
        "question": "What is the population?",
        "answers": [],
        "evidence": [],
        "answerable": False,
        "split": "test",
    },
    {  # right sentence, whole sentence as the span: wrong span
        "id": "q7",
        "question": "Epsilon?",
        "answers": ["Cyberport"],
        "evidence": ["epsilon fact"],
        "answerable": True,
        "split": "tune",
    },
    {  # nothing relevant retrieved, wrong sentence: retrieval miss
        "id": "q8",
        "question": "Zeta?",
        "answers": ["6"],
        "evidence": ["zeta fact"],
        "answerable": True,
        "split": "test",
    },
]


class FakePipeline:
    def __init__(self) -> None:
        alpha, beta = _hit("The alpha fact is 42.", 1), _hit("The beta fact is 7.", 2)
        delta, eps = _hit("The delta fact is HKD 5 million.", 3), _hit("The epsilon fact.", 4)
        long_span = "In short the epsilon fact is that Cyberport grew very fast indeed"
        self.answers = {
            "What about alpha?": _answer(
                "q1", passages=[OTHER, OTHER2, alpha], answer="42", sentence="The alpha fact is 42."
            ),
            "Beta?": _answer("q2", passages=[beta], answer="7", sentence="Another sentence."),
            "And gamma?": _answer("q3", passages=[OTHER]),
            "Delta?": _answer(
                "q4",
                passages=[delta, OTHER],
                answer="HKD 5 million (sources disagree: 5 million yuan)",
                sentence="The delta fact is HKD 5 million.",
                conflicts=2,
            ),
            "Who won the cup?": _answer("q5", passages=[OTHER]),
            "What is the population?": _answer(
                "q6", passages=[OTHER], answer="12", sentence="Twelve.", conflicts=2
            ),
            "Epsilon?": _answer(
                "q7", passages=[OTHER, eps], answer=long_span, sentence="The epsilon fact."
            ),
            "Zeta?": _answer("q8", passages=[OTHER], answer="3", sentence="Other sentence."),
        }
        self.calls: list[tuple[str, tuple[Message, ...], int | None, str | None]] = []

    def ask(
        self,
        question: str,
        *,
        history: Sequence[Message] = (),
        top_k: int | None = None,
        method: Any = None,
    ) -> Answer:
        self.calls.append((question, tuple(history), top_k, method))
        return self.answers[question]


def _write(path: Path, rows: Sequence[dict[str, Any] | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def questions_file(tmp_path: Path) -> Path:
    return _write(tmp_path / "q.jsonl", QUESTIONS)


def test_evaluate_numbers(questions_file: Path) -> None:
    questions = load_questions(questions_file)
    fake = FakePipeline()
    progress: list[tuple[int, int]] = []
    report = evaluate(fake, questions, mode="bm25", progress=lambda d, t: progress.append((d, t)))

    assert (report.n, report.n_answerable, report.n_unanswerable) == (8, 6, 2)
    assert (report.n_followup, report.n_conflict) == (2, 1)
    # Relevance per answerable question: q1 [F,F,T] q2 [T] q3 [F] q4 [T,F] q7 [F,T] q8 [F]
    assert report.hit_at_1 == pytest.approx(2 / 6)
    assert report.hit_at_3 == pytest.approx(4 / 6)
    assert report.hit_at_5 == pytest.approx(4 / 6)
    assert report.mrr == pytest.approx((1 / 3 + 1 + 0 + 1 + 1 / 2 + 0) / 6)
    # nDCG (ideal from the relevant passages found): 0.5, 1, 0, 1, 1/log2(3), 0
    assert report.ndcg == pytest.approx((0.5 + 1 + 1 + 1 / math.log2(3)) / 6)
    assert report.sentence_accuracy == pytest.approx(3 / 6)  # q1 q4 q7
    assert report.span_accuracy == pytest.approx(3 / 6)  # q1 q2 q4
    assert report.followup_sentence_accuracy == pytest.approx(1 / 2)  # q1 yes, q3 no
    assert report.refusal_precision == pytest.approx(1 / 2)  # refused q3 (wrong), q5
    assert report.refusal_recall == pytest.approx(1 / 2)  # q5 of q5, q6
    assert report.wrong_refusals == 1
    assert report.wrong_refusal_rate == pytest.approx(1 / 6)
    assert report.conflict_recall == 1.0
    assert report.conflict_precision == pytest.approx(1 / 2)  # q4 right, q6 wrong
    assert report.latency_p50_ms is not None and report.latency_p50_ms >= 0.0
    assert report.latency_p95_ms is not None and report.latency_p95_ms >= report.latency_p50_ms

    assert {r.id: r.why for r in report.misses} == {
        "q2": "wrong sentence",
        "q3": "wrongly refused",
        "q6": "not refused",
        "q7": "wrong span",
        "q8": "retrieval miss",
    }
    by_id = {r.id: r for r in report.records}
    assert by_id["q1"].first_relevant_rank == 3
    assert by_id["q1"].resolved_question == "q1 (resolved)"
    assert by_id["q5"].sentence_ok is None
    assert progress[-1] == (8, 8) and len(progress) == 8

    # History goes in as user turns, bm25 as the method, top_k 10 by default.
    first = fake.calls[0]
    history = (Message("user", "Tell me about the alpha programme."),)
    assert first == ("What about alpha?", history, 10, "bm25")
    assert all(call[1] == () for call in fake.calls if call[0] == "Beta?")

    data = report.as_dict()
    assert len(data["records"]) == 8 and len(data["misses"]) == 5
    json.dumps(data)  # JSON-ready


def test_modes_map_to_methods(questions_file: Path) -> None:
    questions = load_questions(questions_file)
    for mode, method in (("hybrid", None), ("dense", "dense"), ("bm25", "bm25")):
        fake = FakePipeline()
        evaluate(fake, questions, mode=mode, top_k=5)
        assert {c[3] for c in fake.calls} == {method}
        assert {c[2] for c in fake.calls} == {5}
    with pytest.raises(ValueError, match="unknown mode"):
        evaluate(FakePipeline(), questions, mode="tfidf")


def test_nothing_refused_gives_undefined_precision(questions_file: Path) -> None:
    questions = [q for q in load_questions(questions_file) if q.id in {"q1", "q2"}]
    report = evaluate(FakePipeline(), questions, mode="hybrid")
    assert report.refusal_precision is None
    assert report.refusal_recall is None
    assert report.conflict_recall is None
    assert report.wrong_refusals == 0


# -- the question file --------------------------------------------------------------------


def test_load_questions_reads_fields(questions_file: Path) -> None:
    qs = load_questions(questions_file)
    assert [q.id for q in qs] == [f"q{i}" for i in range(1, 9)]
    assert qs[0].history == ("Tell me about the alpha programme.",)
    assert qs[0].category == "follow-up"
    assert qs[3].category == "conflict" and qs[3].conflict
    assert qs[4].category == "unanswerable"
    assert qs[1].category == "answerable" and qs[1].split == "test"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(QuestionsError, match="does not exist"):
        load_questions(tmp_path / "nope.jsonl")


def _line(drop: str = "", **fields: Any) -> dict[str, Any]:
    """An unanswerable question line with some fields changed or one dropped."""
    base: dict[str, Any] = {
        "id": "x",
        "question": "Q?",
        "answers": [],
        "evidence": [],
        "answerable": False,
    }
    return {k: v for k, v in {**base, **fields}.items() if k != drop}


@pytest.mark.parametrize(
    ("bad_line", "needle"),
    [
        ("{not json", "invalid JSON"),
        ('["a list"]', "expected a JSON object"),
        (_line(drop="answers"), "'answers' is missing"),
        (_line(answers="42", evidence=["e"], answerable=True), "'answers'"),
        (_line(question=" "), "'question'"),
        (_line(answerable="no"), "'answerable'"),
        (_line(answers=["1"], answerable=True), "'evidence'"),
        (_line(answers=["1"]), "'answers' must be empty"),
        (_line(split="dev"), "'split'"),
        (_line(history="hi"), "'history'"),
        (_line(conflict=True), "'conflict'"),
        (_line(anwers=[]), "'anwers'"),
        ({**QUESTIONS[0]}, "'id' 'q1' repeats line 1"),
    ],
)
def test_malformed_line_names_line_and_field(
    tmp_path: Path, bad_line: dict[str, Any] | str, needle: str
) -> None:
    path = _write(tmp_path / "bad.jsonl", [QUESTIONS[0], "", bad_line])
    with pytest.raises(QuestionsError) as info:
        load_questions(path)
    message = str(info.value)
    assert f"{path}:3:" in message  # the blank line 2 still counts
    assert needle in message


# -- the CLI ------------------------------------------------------------------------------


def _args(questions: Path, **kw: Any) -> argparse.Namespace:
    base: dict[str, Any] = {
        "questions": str(questions),
        "mode": "all",
        "json_out": None,
        "plot": None,
        "split": "all",
    }
    return argparse.Namespace(**{**base, **kw})


def test_run_cli_all_modes_json_and_split(
    questions_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "report.json"
    loads: list[Settings] = []

    def load(settings: Settings) -> FakePipeline:
        loads.append(settings)
        return FakePipeline()

    code = run_cli(
        _args(questions_file, json_out=str(out), split="tune"), settings=Settings(), load=load
    )
    assert code == 0
    assert len(loads) == 1  # the pipeline is loaded once for all modes
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data["modes"]) == ["bm25", "dense", "hybrid"]
    assert data["split"] == "tune"
    tune = data["modes"]["hybrid"]
    assert tune["n"] == 4  # q1 q3 q5 q7
    assert {r["id"] for r in tune["records"]} == {"q1", "q3", "q5", "q7"}
    printed = capsys.readouterr().out
    assert "mode: bm25" in printed and "modes compared" in printed
    assert "wrongly refused" in printed and "q3" in printed


def test_run_cli_plot_without_matplotlib(
    questions_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import raises ImportError
    plot = tmp_path / "modes.png"
    code = run_cli(
        _args(questions_file, mode="hybrid", plot=str(plot)),
        settings=Settings(),
        load=lambda s: FakePipeline(),
    )
    assert code == 0
    assert not plot.exists()
    err = capsys.readouterr().err
    assert "matplotlib is not installed" in err


@pytest.mark.parametrize("content", [None, '{"id": "x"}\n'])
def test_run_cli_bad_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None
) -> None:
    path = tmp_path / "q.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")

    def load(settings: Settings) -> FakePipeline:
        raise AssertionError("the pipeline must not load for a bad question file")

    with pytest.raises(SystemExit) as info:
        run_cli(_args(path), settings=Settings(), load=load)
    assert info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("hkqa: error:")
    assert len(err.splitlines()) == 1
    assert str(path) in err


def test_run_cli_empty_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "q.jsonl", [{k: v for k, v in QUESTIONS[0].items() if k != "split"}])
    with pytest.raises(SystemExit) as info:
        run_cli(_args(path, split="test"), settings=Settings(), load=lambda s: FakePipeline())
    assert info.value.code == 2
    assert "no questions of split 'test'" in capsys.readouterr().err
