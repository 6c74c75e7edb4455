"""Latency benchmark: ``python -m hkqa.bench [--questions FILE] [--runs N]``.

Prints, for the configured index and model:

* in-process answer latency (``QAPipeline.ask``) over a question set, p50/p95/max, after
  one warm-up pass (the first pass also reported: it fills per-sentence caches);
* cold ``hkqa ask`` wall time: a new Python process per run, the index already built;
* whether the query path imported torch.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from hkqa.config import Settings
from hkqa.metrics import percentile
from hkqa.types import Message


def _questions(path: Path) -> list[tuple[str, list[Message]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            history = [Message("user", h) for h in row.get("history", [])]
            out.append((row["question"], history))
    return out


def _pass(pipeline: object, questions: list[tuple[str, list[Message]]]) -> list[float]:
    times = []
    for question, history in questions:
        start = time.perf_counter()
        pipeline.ask(question, history=history)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
    return times


def _summary(times: list[float]) -> str:
    p50, p95 = percentile(times, 50) or 0.0, percentile(times, 95) or 0.0
    return f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(times):.1f} ms (n={len(times)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hkqa.bench")
    parser.add_argument("--questions", type=Path, default=Path("eval/questions.jsonl"))
    parser.add_argument("--runs", type=int, default=5, help="cold `hkqa ask` runs")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from hkqa.pipeline import ensure_index, load_pipeline

    settings = Settings()
    ensure_index(settings)  # build outside the timings
    start = time.perf_counter()
    pipeline = load_pipeline(settings, rebuild=False)
    load_ms = (time.perf_counter() - start) * 1000
    questions = _questions(args.questions)
    first = _pass(pipeline, questions)
    warm = _pass(pipeline, questions)
    print(f"pipeline load (index + query encoder): {load_ms:.0f} ms")
    print(f"in-process ask, first pass: {_summary(first)}")
    print(f"in-process ask, warm:       {_summary(warm)}")
    print(f"torch imported by the query path: {'torch' in sys.modules}")

    cold = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "hkqa.cli", "ask", "How much went to Web3?"],
            check=True,
            capture_output=True,
        )
        cold.append((time.perf_counter() - start) * 1000)
    print(f"cold `hkqa ask` (new process each): {_summary(cold)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
