"""Choose hkqa's defaults on the TUNE split, then report them on the TEST split.

    python eval/sweep.py [--out eval/out/sweep.json] [--questions eval/questions.jsonl]

Grid (hybrid retrieval only):

* chunk_size 1-5 x chunk_overlap 0-2 (overlap < size); each pair has its own index under
  eval/out/index-<size>-<overlap>, built on first use (needs torch, ~10 s each);
* fusion "rrf", or "weighted" with dense weight 0.2 ... 0.8;
* candidate_depth 5, 10, 20, 40;
* refusal_threshold 0.0 ... 0.6.

Objective on the tune split, lexicographic:

1. wrong refusals (answerable questions refused) at most 3% - configurations over that
   are ranked by how far over they are;
2. then the highest sentence accuracy@1 on answerable questions;
3. then the highest refusal recall, span accuracy, MRR@10;
4. ties go to the configuration closest to the current defaults.

Speed: every (chunks, fusion, depth) configuration runs once at refusal_threshold 0 and
the threshold is applied afterwards to the recorded confidences (an answer is refused
when its confidence is below the threshold, see hkqa.answer). The one effect this misses
is a follow-up whose previous question would be refused (its answer can no longer name
"it"), so the chosen configuration and the current defaults are then re-run for real, with
their thresholds, on both splits: the numbers printed and written are those re-runs.
Query vectors are cached across configurations (same model, same questions).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if importlib.util.find_spec("hkqa") is None:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

if TYPE_CHECKING:
    from hkqa.config import Settings
    from hkqa.encoders import Encoder
    from hkqa.evaluation import ModeReport, QuestionRecord

CHUNKS = tuple((size, overlap) for size in range(1, 6) for overlap in range(3) if overlap < size)
FUSIONS: tuple[tuple[str, float | None], ...] = (
    ("rrf", None),
    *(("weighted", w / 10) for w in range(2, 9)),
)
DEPTHS = (5, 10, 20, 40)
THRESHOLDS = (0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
MAX_WRONG_REFUSALS = 0.03
TOP_K = 10
REFUSAL_TEXT = "(refused)"

METRICS = (
    "n",
    "hit_at_1",
    "hit_at_3",
    "hit_at_5",
    "mrr",
    "ndcg",
    "sentence_accuracy",
    "span_accuracy",
    "followup_sentence_accuracy",
    "refusal_precision",
    "refusal_recall",
    "wrong_refusals",
    "wrong_refusal_rate",
    "conflict_precision",
    "conflict_recall",
)  # no latency: query vectors are cached here, so `hkqa eval` is the place to time


@dataclass(frozen=True, slots=True)
class Config:
    chunk_size: int
    chunk_overlap: int
    fusion: str
    fusion_weight: float | None
    candidate_depth: int
    refusal_threshold: float

    def label(self) -> str:
        fusion = self.fusion if self.fusion_weight is None else f"w{self.fusion_weight:.1f}"
        return (
            f"chunks {self.chunk_size}/{self.chunk_overlap}, {fusion}, "
            f"depth {self.candidate_depth}, refuse<{self.refusal_threshold:.2f}"
        )

    def updates(self, base: Settings) -> dict[str, Any]:
        weight = base.fusion_weight if self.fusion_weight is None else self.fusion_weight
        return {
            "chunk_size": self.chunk_size,
            "chunk_overlap": self.chunk_overlap,
            "fusion": self.fusion,
            "fusion_weight": weight,
            "candidate_depth": self.candidate_depth,
            "refusal_threshold": self.refusal_threshold,
        }


class CachedEncoder:
    """Remembers query vectors: every configuration asks the same questions."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.cache: dict[str, np.ndarray] = {}

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            for text, vector in zip(missing, self.inner.encode(missing), strict=True):
                self.cache[text] = vector
        return np.stack([self.cache[t] for t in texts])


def metrics_of(report: ModeReport) -> dict[str, Any]:
    return {name: getattr(report, name) for name in METRICS}


def at_threshold(record: QuestionRecord, threshold: float) -> QuestionRecord:
    """The record had answers with confidence below ``threshold`` been refused."""
    from hkqa.evaluation import miss_reason

    if record.refused or record.confidence >= threshold:
        return record
    answerable = record.answerable
    return replace(
        record,
        answer=REFUSAL_TEXT,
        refused=True,
        cited_sentence=None,
        cited_doc=None,
        flagged_conflict=False,
        sentence_ok=False if answerable else None,
        span_ok=False if answerable else None,
        why=miss_reason(
            answerable=answerable,
            refused=True,
            retrieved=any(record.relevant),
            sentence_ok=False,
            span_ok=False,
        ),
    )


def objective(report: ModeReport) -> tuple[float, ...]:
    """Bigger is better (see the module docstring)."""
    wrong = report.wrong_refusal_rate or 0.0
    return (
        -max(0.0, wrong - MAX_WRONG_REFUSALS),
        report.sentence_accuracy or 0.0,
        report.refusal_recall or 0.0,
        report.span_accuracy or 0.0,
        report.mrr or 0.0,
    )


def distance(config: Config, base: Settings) -> float:
    """How far a configuration is from the current defaults (tie-breaker)."""
    d = float(abs(config.chunk_size - base.chunk_size))
    d += abs(config.chunk_overlap - base.chunk_overlap)
    d += 0 if config.fusion == base.fusion else 1
    if config.fusion == "weighted" and config.fusion_weight is not None:
        d += abs(config.fusion_weight - base.fusion_weight)
    d += abs(np.log2(config.candidate_depth / base.candidate_depth))
    d += abs(config.refusal_threshold - base.refusal_threshold) * 10
    return float(d)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    except OSError:
        return "unknown"
    commit = out.stdout.strip() or "unknown"
    return f"{commit}+dirty" if dirty.stdout.strip() else commit


def main(argv: Sequence[str] | None = None) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from hkqa.config import Settings
    from hkqa.evaluation import evaluate, load_questions, summarize
    from hkqa.pipeline import QAPipeline, ensure_index, query_encoder_for

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "eval" / "out" / "sweep.json"))
    parser.add_argument("--questions", default=str(ROOT / "eval" / "questions.jsonl"))
    parser.add_argument("--index-root", default=str(ROOT / "eval" / "out"))
    args = parser.parse_args(argv)

    console = Console(highlight=False)
    started = time.perf_counter()
    commit, measured_at = git_commit(), datetime.now(UTC).isoformat(timespec="seconds")
    questions = load_questions(Path(args.questions))
    tune = [q for q in questions if q.split == "tune"]
    test = [q for q in questions if q.split == "test"]
    base = Settings(corpus_dir=ROOT / "corpus")
    console.print(
        f"{len(tune)} tune / {len(test)} test questions; grid: {len(CHUNKS)} chunkings x "
        f"{len(FUSIONS)} fusions x {len(DEPTHS)} depths x {len(THRESHOLDS)} thresholds"
    )

    def variant(config: Config) -> Settings:
        index_dir = Path(args.index_root) / f"index-{config.chunk_size}-{config.chunk_overlap}"
        return base.model_copy(update={**config.updates(base), "index_dir": index_dir})

    # 1. Indexes, one per chunking (built once, reused by later runs).
    indexes = {}
    for size, overlap in CHUNKS:
        settings = variant(Config(size, overlap, "rrf", None, 20, 0.0))
        t0 = time.perf_counter()
        indexes[size, overlap] = ensure_index(settings)
        console.print(
            f"index {size}/{overlap}: {indexes[size, overlap].manifest['counts']['chunks']} "
            f"chunks ({time.perf_counter() - t0:.1f} s)"
        )
    first = next(iter(indexes.values()))
    encoder = CachedEncoder(query_encoder_for(first, base))

    def pipeline(config: Config, index: Any) -> QAPipeline:
        return QAPipeline(index, encoder=encoder, settings=variant(config))

    # 2. Every (chunking, fusion, depth) at threshold 0, thresholds applied afterwards.
    grid: list[tuple[Config, ModeReport]] = []
    runs = [(c, f, d) for c in CHUNKS for f in FUSIONS for d in DEPTHS]
    bar = Progress(
        TextColumn("sweep"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    )  # fmt: skip
    with bar:
        task = bar.add_task("sweep", total=len(runs))
        for (size, overlap), (fusion, weight), depth in runs:
            config = Config(size, overlap, fusion, weight, depth, 0.0)
            report = evaluate(pipeline(config, indexes[size, overlap]), tune, mode="hybrid")
            for threshold in THRESHOLDS:
                records = [at_threshold(r, threshold) for r in report.records]
                grid.append(
                    (
                        replace(config, refusal_threshold=threshold),
                        summarize("hybrid", records, top_k=TOP_K),
                    )
                )
            bar.advance(task)

    grid.sort(key=lambda cr: (tuple(-x for x in objective(cr[1])), distance(cr[0], base)))
    chosen = grid[0][0]

    def table(title: str, rows: Sequence[tuple[Config, ModeReport]]) -> Table:
        t = Table(title=title, title_justify="left")
        for col in ("configuration", "sent@1", "span", "wrong ref.", "ref. recall", "MRR@10"):
            t.add_column(col, justify="left" if col == "configuration" else "right")
        for config, r in rows:
            t.add_row(
                config.label(),
                f"{r.sentence_accuracy or 0:.3f}",
                f"{r.span_accuracy or 0:.3f}",
                f"{r.wrong_refusals} ({r.wrong_refusal_rate or 0:.1%})",
                f"{r.refusal_recall or 0:.3f}",
                f"{r.mrr or 0:.3f}",
            )
        return t

    console.print(table("tune split: best 15 configurations", grid[:15]))
    best_per_chunking = []
    for size, overlap in CHUNKS:
        best_per_chunking.append(
            next(cr for cr in grid if (cr[0].chunk_size, cr[0].chunk_overlap) == (size, overlap))
        )
    console.print(table("tune split: best configuration per chunking", best_per_chunking))
    profile = sorted(
        (cr for cr in grid if replace(cr[0], refusal_threshold=chosen.refusal_threshold) == chosen),
        key=lambda cr: cr[0].refusal_threshold,
    )
    console.print(table("tune split: the chosen configuration at each threshold", profile))

    # 3. Re-run the chosen configuration and the current defaults for real.
    defaults = Config(
        base.chunk_size,
        base.chunk_overlap,
        base.fusion,
        base.fusion_weight if base.fusion == "weighted" else None,
        base.candidate_depth,
        base.refusal_threshold,
    )
    final: dict[str, dict[str, Any]] = {}
    for name, config in (("defaults", defaults), ("chosen", chosen)):
        index = indexes.get((config.chunk_size, config.chunk_overlap))
        if index is None:
            index = ensure_index(variant(config))
        pipe = pipeline(config, index)
        final[name] = {
            "config": config.updates(base),
            "tune": metrics_of(evaluate(pipe, tune, mode="hybrid")),
            "test": metrics_of(evaluate(pipe, test, mode="hybrid")),
        }

    result = Table(title="defaults vs chosen (re-run exactly)", title_justify="left")
    result.add_column("metric")
    for col in ("defaults tune", "chosen tune", "defaults test", "chosen test"):
        result.add_column(col, justify="right")
    for metric in METRICS:
        values = [
            final[name][split][metric]
            for split in ("tune", "test")
            for name in ("defaults", "chosen")
        ]
        result.add_row(metric, *(_cell(v) for v in values))
    console.print(f"chosen: {chosen.label()}")
    console.print(f"defaults: {defaults.label()}")
    console.print(result)

    def row(config: Config, r: ModeReport) -> dict[str, Any]:
        return {**config.updates(base), **metrics_of(r)}

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "measured_at": measured_at,  # when the run started
        "commit": commit,
        "questions": str(args.questions),
        "n_tune": len(tune),
        "n_test": len(test),
        "grid": {
            "chunks": CHUNKS,
            "fusions": FUSIONS,
            "candidate_depth": DEPTHS,
            "refusal_threshold": THRESHOLDS,
        },
        "objective": (
            f"tune split: wrong refusals <= {MAX_WRONG_REFUSALS:.0%} of answerable, then max "
            "sentence acc@1, then refusal recall, span accuracy, MRR@10; ties -> closest to "
            "the defaults"
        ),
        "chosen": final["chosen"]["config"],
        "defaults": final["defaults"]["config"],
        "final": final,
        "top": [row(c, r) for c, r in grid[:50]],
        "best_per_chunking": [row(c, r) for c, r in best_per_chunking],
        "threshold_profile": [row(c, r) for c, r in profile],
        "seconds": round(time.perf_counter() - started, 1),
    }
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {out} ({data['seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
