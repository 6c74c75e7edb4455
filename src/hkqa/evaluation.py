"""The eval harness behind ``hkqa eval``: load a question set, run a pipeline, score it.

* :func:`load_questions` reads and validates a JSONL question set (eval/README.md).
* :func:`evaluate` asks every question through one retrieval mode and returns a
  :class:`ModeReport` with the metrics of :mod:`hkqa.metrics`, one
  :class:`QuestionRecord` per question, and the misses with the reason for each.
* :func:`run_cli` is the ``eval`` subcommand: progress bar, tables, misses, ``--json``,
  ``--plot``, ``--split``.

Retrieval metrics use the answerable questions only (an unanswerable question has no
relevant passage). Latency is the wall time of one ``pipeline.ask`` call.
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn, Protocol

from hkqa import metrics as m
from hkqa.types import Answer, Message

if TYPE_CHECKING:
    from hkqa.config import Settings
    from hkqa.retrieval import FusionMethod

__all__ = [
    "CATEGORIES",
    "METHODS",
    "MODES",
    "SPLITS",
    "AskPipeline",
    "EvalQuestion",
    "ModeReport",
    "QuestionRecord",
    "QuestionsError",
    "evaluate",
    "load_questions",
    "miss_reason",
    "run_cli",
    "score_answer",
    "summarize",
]

Split = Literal["tune", "test", "holdout"]
Category = Literal["answerable", "unanswerable", "follow-up", "conflict"]
MissReason = Literal[
    "retrieval miss", "wrong sentence", "wrong span", "wrongly refused", "not refused"
]

SPLITS: tuple[Split, ...] = ("tune", "test", "holdout")
CATEGORIES: tuple[Category, ...] = ("answerable", "unanswerable", "follow-up", "conflict")
MODES = ("bm25", "dense", "hybrid")
METHODS: dict[str, FusionMethod | None] = {
    "hybrid": None,  # the configured fusion (Settings.fusion)
    "bm25": "bm25",
    "dense": "dense",
    "rrf": "rrf",
    "weighted": "weighted",
}
EXIT_USAGE = 2


class AskPipeline(Protocol):
    """What :func:`evaluate` needs: :meth:`hkqa.pipeline.QAPipeline.ask`."""

    def ask(
        self,
        question: str,
        *,
        history: Sequence[Message] = (),
        top_k: int | None = None,
        method: FusionMethod | None = None,
    ) -> Answer: ...


# -- the question set ---------------------------------------------------------------------


class QuestionsError(ValueError):
    """The question file is missing or one of its lines is malformed."""


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    """One line of the question set.

    ``evidence`` are verbatim substrings of the cleaned corpus: a passage or sentence is
    correct when it contains one. ``history`` are the earlier user turns of a follow-up.
    ``conflict`` marks questions whose sources state the figure differently.
    """

    id: str
    question: str
    answers: tuple[str, ...]
    evidence: tuple[str, ...]
    answerable: bool
    conflict: bool = False
    history: tuple[str, ...] = ()
    split: Split | None = None

    @property
    def is_followup(self) -> bool:
        return bool(self.history)

    @property
    def category(self) -> Category:
        """One category per question: unanswerable, else follow-up, else conflict."""
        if not self.answerable:
            return "unanswerable"
        if self.history:
            return "follow-up"
        if self.conflict:
            return "conflict"
        return "answerable"


_FIELDS = frozenset(
    {"id", "question", "answers", "evidence", "answerable", "conflict", "history", "split"}
)


def _string_list(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return tuple(value)


def _parse_question(data: object, where: str) -> EvalQuestion:
    def bad(name: str, why: str) -> QuestionsError:
        return QuestionsError(f"{where}: field {name!r} {why}")

    if not isinstance(data, dict):
        raise QuestionsError(f"{where}: expected a JSON object, got {type(data).__name__}")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise bad(unknown[0], f"is not a known field (known: {', '.join(sorted(_FIELDS))})")
    for name in ("id", "question", "answers", "evidence", "answerable"):
        if name not in data:
            raise bad(name, "is missing")
    qid, question = data["id"], data["question"]
    if not isinstance(qid, str) or not qid.strip():
        raise bad("id", "must be a non-empty string")
    if not isinstance(question, str) or not question.strip():
        raise bad("question", "must be a non-empty string")
    answerable = data["answerable"]
    if not isinstance(answerable, bool):
        raise bad("answerable", "must be true or false")
    answers = _string_list(data["answers"])
    if answers is None:
        raise bad("answers", "must be a list of non-empty strings")
    evidence = _string_list(data["evidence"])
    if evidence is None:
        raise bad("evidence", "must be a list of non-empty strings")
    if answerable and not answers:
        raise bad("answers", "must not be empty for an answerable question")
    if answerable and not evidence:
        raise bad("evidence", "must not be empty for an answerable question")
    if not answerable and answers:
        raise bad("answers", "must be empty for an unanswerable question")
    if not answerable and evidence:
        raise bad("evidence", "must be empty for an unanswerable question")
    conflict = data.get("conflict", False)
    if not isinstance(conflict, bool):
        raise bad("conflict", "must be true or false")
    if conflict and not answerable:
        raise bad("conflict", "cannot be true for an unanswerable question")
    history = _string_list(data.get("history", []))
    if history is None:
        raise bad("history", "must be a list of non-empty strings (earlier user turns)")
    split = data.get("split")
    if split is not None and split not in SPLITS:
        raise bad("split", f"must be one of {', '.join(SPLITS)}, got {split!r}")
    return EvalQuestion(
        id=qid,
        question=question,
        answers=answers,
        evidence=evidence,
        answerable=answerable,
        conflict=conflict,
        history=history,
        split=split,
    )


def load_questions(path: Path | str) -> list[EvalQuestion]:
    """Read a JSONL question set; blank lines are skipped, ids must be unique.

    Raises :class:`QuestionsError` (a ``ValueError``) naming the file, line and field.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuestionsError(f"questions file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionsError(f"cannot read questions file {path}: {exc}") from None
    questions: list[EvalQuestion] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionsError(f"{where}: invalid JSON ({exc.msg})") from None
        q = _parse_question(data, where)
        if q.id in seen:
            raise QuestionsError(f"{where}: field 'id' {q.id!r} repeats line {seen[q.id]}")
        seen[q.id] = lineno
        questions.append(q)
    if not questions:
        raise QuestionsError(f"questions file {path} has no questions")
    return questions


# -- scoring ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """What happened to one question. ``why`` is ``None`` unless it is a miss."""

    id: str
    question: str
    category: Category
    split: Split | None
    history: tuple[str, ...]
    resolved_question: str
    answerable: bool
    conflict: bool
    expected: tuple[str, ...]
    evidence: tuple[str, ...]
    answer: str
    refused: bool
    confidence: float
    cited_sentence: str | None
    cited_doc: str | None
    flagged_conflict: bool
    relevant: tuple[bool, ...]  # per returned passage, in rank order
    n_relevant: int | None  # relevant chunks in the whole index, when known
    sentence_ok: bool | None  # None for unanswerable questions
    span_ok: bool | None
    latency_ms: float
    why: MissReason | None = None

    @property
    def first_relevant_rank(self) -> int | None:
        return next((i for i, r in enumerate(self.relevant, 1) if r), None)


@dataclass(frozen=True, slots=True)
class ModeReport:
    """All metrics of one retrieval mode over one question set.

    Ratios are ``None`` when their denominator is 0 (e.g. no follow-ups in the set).
    """

    mode: str
    top_k: int
    n: int
    n_answerable: int
    n_unanswerable: int
    n_followup: int
    n_conflict: int
    # Retrieval (answerable questions).
    hit_at_1: float | None
    hit_at_3: float | None
    hit_at_5: float | None
    mrr: float | None  # MRR@top_k
    ndcg: float | None  # nDCG@top_k
    # Answers.
    sentence_accuracy: float | None  # first citation holds evidence (answerable questions)
    span_accuracy: float | None
    followup_sentence_accuracy: float | None
    refusal_precision: float | None
    refusal_recall: float | None
    wrong_refusals: int
    wrong_refusal_rate: float | None
    conflict_precision: float | None
    conflict_recall: float | None
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    records: tuple[QuestionRecord, ...] = field(repr=False)

    @property
    def misses(self) -> tuple[QuestionRecord, ...]:
        return tuple(r for r in self.records if r.why is not None)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: every metric, the records, and the misses."""
        data = asdict(self)
        data["misses"] = [asdict(r) for r in self.misses]
        return data


def miss_reason(
    *, answerable: bool, refused: bool, retrieved: bool, sentence_ok: bool, span_ok: bool
) -> MissReason | None:
    """Why a question counts as a miss (``None``: it does not).

    Answerable: refused -> "wrongly refused"; wrong sentence -> "retrieval miss" when no
    relevant passage was returned, else "wrong sentence"; right sentence, wrong span ->
    "wrong span". Unanswerable: answered -> "not refused".
    """
    if not answerable:
        return None if refused else "not refused"
    if refused:
        return "wrongly refused"
    if not sentence_ok:
        return "wrong sentence" if retrieved else "retrieval miss"
    if not span_ok:
        return "wrong span"
    return None


def _relevant_chunk_counts(
    pipeline: object, questions: Sequence[EvalQuestion]
) -> dict[str, int | None]:
    """Relevant chunks per question in the pipeline's whole index (for nDCG's ideal)."""
    chunks = getattr(getattr(pipeline, "index", None), "chunks", None)
    if chunks is None:
        return {q.id: None for q in questions}
    texts = [c.text for c in chunks]
    return {q.id: sum(m.passage_relevant(t, q.evidence) for t in texts) for q in questions}


def score_answer(
    q: EvalQuestion, answer: Answer, *, latency_ms: float, n_relevant: int | None = None
) -> QuestionRecord:
    """Judge one answer against its question."""
    refused = not answer.answerable
    relevant = tuple(m.passage_relevant(h.chunk.text, q.evidence) for h in answer.passages)
    cited = answer.citations[0] if answer.citations else None
    sentence = cited.sentence if cited is not None else None
    sentence_ok = span_ok = None
    why = None
    if q.answerable:
        sentence_ok = not refused and m.sentence_correct(sentence, q.evidence)
        span_ok = not refused and m.span_correct(answer.answer, q.answers)
        why = miss_reason(
            answerable=True,
            refused=refused,
            retrieved=any(relevant),
            sentence_ok=sentence_ok,
            span_ok=span_ok,
        )
    else:
        why = miss_reason(
            answerable=False, refused=refused, retrieved=False, sentence_ok=False, span_ok=False
        )
    return QuestionRecord(
        id=q.id,
        question=q.question,
        category=q.category,
        split=q.split,
        history=q.history,
        resolved_question=answer.resolved_question,
        answerable=q.answerable,
        conflict=q.conflict,
        expected=q.answers,
        evidence=q.evidence,
        answer=answer.answer,
        refused=refused,
        confidence=answer.confidence,
        cited_sentence=sentence,
        cited_doc=cited.doc_id if cited is not None else None,
        flagged_conflict=bool(answer.conflicts),
        relevant=relevant,
        n_relevant=n_relevant,
        sentence_ok=sentence_ok,
        span_ok=span_ok,
        latency_ms=latency_ms,
        why=why,
    )


def _mean(values: Iterable[float | bool]) -> float | None:
    items = [float(v) for v in values]
    return sum(items) / len(items) if items else None


def summarize(mode: str, records: Sequence[QuestionRecord], *, top_k: int) -> ModeReport:
    """The metrics of a list of scored questions."""
    ans = [r for r in records if r.answerable]
    follow = [r for r in ans if r.history]
    refused = [r.refused for r in records]
    answerable = [r.answerable for r in records]
    flagged = [r.flagged_conflict for r in records]
    gold_conflict = [r.conflict for r in records]
    latencies = [r.latency_ms for r in records]
    wrong = sum(1 for r in ans if r.refused)

    def retrieval(fn: Callable[[Sequence[bool]], float]) -> float | None:
        return _mean(fn(r.relevant) for r in ans)

    return ModeReport(
        mode=mode,
        top_k=top_k,
        n=len(records),
        n_answerable=len(ans),
        n_unanswerable=len(records) - len(ans),
        n_followup=sum(1 for r in records if r.history),
        n_conflict=sum(gold_conflict),
        hit_at_1=retrieval(lambda rel: m.hit_at_k(rel, 1)),
        hit_at_3=retrieval(lambda rel: m.hit_at_k(rel, 3)),
        hit_at_5=retrieval(lambda rel: m.hit_at_k(rel, 5)),
        mrr=retrieval(lambda rel: m.reciprocal_rank_at_k(rel, top_k)),
        ndcg=_mean(m.ndcg_at_k(r.relevant, top_k, n_relevant=r.n_relevant) for r in ans),
        sentence_accuracy=_mean(bool(r.sentence_ok) for r in ans),
        span_accuracy=_mean(bool(r.span_ok) for r in ans),
        followup_sentence_accuracy=_mean(bool(r.sentence_ok) for r in follow),
        refusal_precision=m.refusal_precision(refused, answerable),
        refusal_recall=m.refusal_recall(refused, answerable),
        wrong_refusals=wrong,
        wrong_refusal_rate=m.wrong_refusal_rate(refused, answerable),
        conflict_precision=m.conflict_precision(flagged, gold_conflict),
        conflict_recall=m.conflict_recall(flagged, gold_conflict),
        latency_p50_ms=m.percentile(latencies, 50),
        latency_p95_ms=m.percentile(latencies, 95),
        records=tuple(records),
    )


def evaluate(
    pipeline: AskPipeline,
    questions: Sequence[EvalQuestion],
    *,
    mode: str,
    top_k: int = 10,
    progress: Callable[[int, int], None] | None = None,
) -> ModeReport:
    """Ask every question through ``mode`` and score the answers.

    ``mode`` is "hybrid" (the configured fusion), "bm25" or "dense" (also "rrf" or
    "weighted"). ``progress(done, total)`` is called after each question.
    """
    if mode not in METHODS:
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(METHODS)}")
    if top_k < 1:
        raise ValueError(f"top_k must be >= 1, got {top_k}")
    method = METHODS[mode]
    n_relevant = _relevant_chunk_counts(pipeline, questions)
    records = []
    for done, q in enumerate(questions, 1):
        history = [Message("user", turn) for turn in q.history]
        start = time.perf_counter()
        answer = pipeline.ask(q.question, history=history, top_k=top_k, method=method)
        latency_ms = (time.perf_counter() - start) * 1000.0
        records.append(score_answer(q, answer, latency_ms=latency_ms, n_relevant=n_relevant[q.id]))
        if progress is not None:
            progress(done, len(questions))
    return summarize(mode, records, top_k=top_k)


# -- presentation -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    label: str
    value: Callable[[ModeReport], float | int | None]
    kind: Literal["rate", "count", "ms"] = "rate"
    plot: bool = True


def _rows(top_k: int) -> tuple[_Row, ...]:
    return (
        _Row("n", lambda r: r.n, "count", plot=False),
        _Row("passage hit@1", lambda r: r.hit_at_1),
        _Row("passage hit@3", lambda r: r.hit_at_3),
        _Row("passage hit@5", lambda r: r.hit_at_5),
        _Row(f"MRR@{top_k}", lambda r: r.mrr),
        _Row(f"nDCG@{top_k}", lambda r: r.ndcg),
        _Row("sentence acc@1", lambda r: r.sentence_accuracy),
        _Row("span accuracy", lambda r: r.span_accuracy),
        _Row("refusal precision", lambda r: r.refusal_precision),
        _Row("refusal recall", lambda r: r.refusal_recall),
        _Row("wrong refusals", lambda r: r.wrong_refusals, "count", plot=False),
        _Row("follow-up sent. acc", lambda r: r.followup_sentence_accuracy),
        _Row("conflict recall", lambda r: r.conflict_recall),
        _Row("conflict precision", lambda r: r.conflict_precision),
        _Row("latency p50 ms", lambda r: r.latency_p50_ms, "ms", plot=False),
        _Row("latency p95 ms", lambda r: r.latency_p95_ms, "ms", plot=False),
    )


def _fmt(value: float | int | None, kind: str) -> str:
    if value is None:
        return "-"
    if kind == "count":
        return str(int(value))
    if kind == "ms":
        return f"{value:.1f}"
    return f"{value:.3f}"


def _describe(report: ModeReport, row: _Row) -> str:
    """The value with the counts behind it where that helps ("3 (3.2%)")."""
    text = _fmt(row.value(report), row.kind)
    if row.label == "wrong refusals" and report.wrong_refusal_rate is not None:
        text += f" ({report.wrong_refusal_rate:.1%})"
    return text


def print_report(report: ModeReport, *, console: Any) -> None:
    """A table of the metrics of one mode, then its misses."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"mode: {report.mode}", title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("over", style="dim")
    over = {
        "n": f"{report.n_answerable} answerable, {report.n_unanswerable} unanswerable",
        "refusal precision": "refused questions",
        "refusal recall": f"{report.n_unanswerable} unanswerable",
        "wrong refusals": f"{report.n_answerable} answerable",
        "follow-up sent. acc": f"{report.n_followup} follow-ups",
        "conflict recall": f"{report.n_conflict} conflicts",
        "conflict precision": "flagged answers",
        "latency p50 ms": "pipeline.ask wall time",
    }
    for row in _rows(report.top_k):
        default = f"{report.n_answerable} answerable" if row.kind == "rate" else ""
        table.add_row(row.label, _describe(report, row), over.get(row.label, default))
    console.print(table)
    misses = report.misses
    console.print(Text(f"{len(misses)} misses ({report.mode})", style="bold"))
    for r in misses:
        console.print(Text(f"- {r.id} [{r.why}] {r.question}", style="yellow"))
        if r.history:
            console.print(Text(f"    history: {' | '.join(r.history)}", style="dim"))
        if r.resolved_question != r.question:
            console.print(Text(f"    understood as: {r.resolved_question}", style="dim"))
        if r.answerable:
            console.print(Text(f"    expected: {' | '.join(r.expected[:3])}"))
            console.print(Text(f"    evidence: {r.evidence[0]}", style="dim"))
            rank = r.first_relevant_rank or f"not in top {report.top_k}"
            console.print(Text(f"    first relevant passage: {rank}"))
        console.print(Text(f"    got: {r.answer}"))
        if r.cited_sentence is not None:
            console.print(Text(f"    cited: {r.cited_sentence}", style="dim"))


def print_comparison(reports: Sequence[ModeReport], *, console: Any) -> None:
    """One column per mode."""
    from rich.table import Table

    table = Table(title="modes compared", title_justify="left")
    table.add_column("metric")
    for report in reports:
        table.add_column(report.mode, justify="right")
    for row in _rows(reports[0].top_k):
        table.add_row(row.label, *(_describe(r, row) for r in reports))
    console.print(table)
    console.print(
        "latency: the first mode also fills the pipeline's caches; "
        "run one --mode per process to compare the modes' latency",
        style="dim",
    )


def write_plot(reports: Sequence[ModeReport], path: Path) -> bool:
    """A grouped bar chart of the rate metrics per mode; False when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    rows = [row for row in _rows(reports[0].top_k) if row.plot]
    width = 0.8 / len(reports)
    fig, ax = plt.subplots(figsize=(12, 4.5))
    for i, report in enumerate(reports):
        values = [row.value(report) for row in rows]
        xs = [j + (i - (len(reports) - 1) / 2) * width for j in range(len(rows))]
        ax.bar(xs, [math.nan if v is None else v for v in values], width, label=report.mode)
    ax.set_xticks(range(len(rows)), [row.label for row in rows], rotation=30, ha="right")
    ax.set_ylim(0, 1.18)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_ylabel("score")
    ax.set_title(f"hkqa eval: {reports[0].n} questions")
    ax.legend(loc="upper center", ncols=len(reports), frameon=False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True


def report_json(
    reports: Sequence[ModeReport], *, questions: Path, split: str, settings: Settings | None
) -> dict[str, Any]:
    return {
        "questions": str(questions),
        "split": split,
        "settings": settings.model_dump(mode="json") if settings is not None else None,
        "modes": {r.mode: r.as_dict() for r in reports},
    }


# -- the CLI ------------------------------------------------------------------------------


def _fail(message: str) -> NoReturn:
    print(f"hkqa: error: {message}", file=sys.stderr)
    raise SystemExit(EXIT_USAGE)


def run_cli(args: Any, *, settings: Settings, load: Callable[[Settings], AskPipeline]) -> int:
    """``hkqa eval``: evaluate each requested mode with one loaded pipeline."""
    from rich.console import Console

    from hkqa.progress import progress_bar

    path = Path(getattr(args, "questions", "eval/questions.jsonl"))
    split = getattr(args, "split", "all") or "all"
    mode = getattr(args, "mode", "all") or "all"
    modes = list(MODES) if mode == "all" else [mode]
    if any(mo not in METHODS for mo in modes):
        _fail(f"unknown mode {mode!r}")
    try:
        questions = load_questions(path)
    except QuestionsError as exc:
        _fail(str(exc))
    if split != "all":
        questions = [q for q in questions if q.split == split]
        if not questions:
            _fail(f"no questions of split {split!r} in {path}")

    pipeline = load(settings)
    console = Console(highlight=False)
    reports = []
    bar = progress_bar("eval {task.description:<8}")
    with bar:
        for name in modes:
            task = bar.add_task(name, total=len(questions))

            def advance(done: int, total: int, task: Any = task) -> None:
                bar.update(task, completed=done, total=total)

            reports.append(evaluate(pipeline, questions, mode=name, progress=advance))

    for report in reports:
        print_report(report, console=console)
        console.print()
    if len(reports) > 1:
        print_comparison(reports, console=console)

    json_out = getattr(args, "json_out", None)
    if json_out:
        out = Path(json_out)
        data = report_json(reports, questions=path, split=split, settings=settings)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {out}: {exc}")
        console.print(f"wrote {out}")
    plot = getattr(args, "plot", None)
    if plot:
        if write_plot(reports, Path(plot)):
            console.print(f"wrote {plot}")
        else:
            print("hkqa: note: matplotlib is not installed; no plot written", file=sys.stderr)
    return 0
