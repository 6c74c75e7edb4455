"""Choose the answerer's sentence-scoring weights on the TUNE split, report on TEST.

    python eval/tune_weights.py [--out eval/out/weights.json]

The weights (hkqa.answer.ScoringWeights) combine, per candidate sentence, the dense
similarity, the idf-weighted term coverage, the answer-type match, the chunk's fused score
and how much the previous sentence's terms count. The index and the other settings are the
current defaults. Objective on tune, lexicographic: sentence accuracy@1, then span accuracy,
then refusal recall; ties go to the configuration closest to the current weights.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sweep import ROOT, CachedEncoder

from hkqa.answer import ScoringWeights
from hkqa.config import Settings
from hkqa.evaluation import evaluate, load_questions
from hkqa.pipeline import QAPipeline, ensure_index, query_encoder_for

GRID = {
    "dense": (0.8, 1.0, 1.2),
    "lexical": (0.4, 0.6, 0.8),
    "type_match": (0.15, 0.25, 0.35),
    "context": (0.0, 0.1, 0.2),
    "previous_sentence": (0.3, 0.5, 0.7),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "out" / "weights.json")
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions.jsonl")
    args = parser.parse_args()
    settings = Settings()
    index = ensure_index(settings)
    encoder = CachedEncoder(query_encoder_for(index, settings))
    questions = load_questions(args.questions)
    tune = [q for q in questions if q.split == "tune"]
    test = [q for q in questions if q.split == "test"]
    base = ScoringWeights()

    def run(weights: ScoringWeights, subset: list) -> dict[str, float]:  # type: ignore[type-arg]
        pipeline = QAPipeline(index, encoder=encoder, settings=settings, weights=weights)
        report = evaluate(pipeline, subset, mode="hybrid")
        return {
            "sentence_accuracy": report.sentence_accuracy or 0.0,
            "span_accuracy": report.span_accuracy or 0.0,
            "refusal_recall": report.refusal_recall or 0.0,
            "wrong_refusals": float(report.wrong_refusals),
        }

    results = []
    for values in itertools.product(*GRID.values()):
        weights = ScoringWeights(**dict(zip(GRID, values, strict=True)))
        m = run(weights, tune)
        distance = sum(abs(getattr(weights, k) - getattr(base, k)) for k in GRID)
        results.append((m, weights, distance))

    def key(item: tuple[dict[str, float], ScoringWeights, float]) -> tuple[float, ...]:
        m, _, distance = item
        return (
            -m["wrong_refusals"],
            m["sentence_accuracy"],
            m["span_accuracy"],
            m["refusal_recall"],
            -distance,
        )

    results.sort(key=key, reverse=True)
    best_metrics, best, _ = results[0]
    base_tune = run(base, tune)
    report = {
        "grid": GRID,
        "configurations": len(results),
        "current": {"weights": asdict(base), "tune": base_tune, "test": run(base, test)},
        "chosen": {"weights": asdict(best), "tune": best_metrics, "test": run(best, test)},
        "top10_tune": [{"weights": asdict(w), "tune": m} for m, w, _ in results[:10]],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    for name in ("current", "chosen"):
        r = report[name]
        print(f"{name}: {r['weights']}\n  tune {r['tune']}\n  test {r['test']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
