"""Score every question set in eval/ with one loaded pipeline and print one row per set.

    python eval/all_sets.py                  # hybrid, every eval/*.jsonl
    python eval/all_sets.py --misses spans   # also list right-sentence/wrong-span misses
    python eval/all_sets.py --misses all     # every miss, with its reason

The same scoring as ``hkqa eval`` (hkqa.evaluation); this only loops over the files so that
a change can be checked on every set at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hkqa.config import Settings
from hkqa.evaluation import evaluate, load_questions
from hkqa.pipeline import load_pipeline

EVAL_DIR = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="question files (default: all)")
    parser.add_argument("--misses", choices=["none", "spans", "all"], default="none")
    args = parser.parse_args(argv)
    files = args.files or sorted(EVAL_DIR.glob("*.jsonl"))
    pipeline = load_pipeline(Settings())
    header = (
        f"{'set':<10} {'n':>4} {'sent':>6} {'span':>6} {'refuse':>7} {'wrongref':>9} {'follow':>7}"
    )
    rows = [header, "-" * len(header)]
    totals = {"ans": 0, "sent": 0.0, "span": 0.0, "unans": 0, "ref": 0.0, "wrong": 0}
    for path in files:
        report = evaluate(pipeline, load_questions(path), mode="hybrid")
        ans, unans = report.n_answerable, report.n_unanswerable
        sent, span = report.sentence_accuracy or 0.0, report.span_accuracy or 0.0
        recall = report.refusal_recall or 0.0
        rows.append(
            f"{path.stem:<10} {report.n:>4} {sent:>6.3f} {span:>6.3f} {recall:>7.3f} "
            f"{report.wrong_refusals:>4} ({report.wrong_refusal_rate or 0:.1%}) "
            f"{report.followup_sentence_accuracy or 0:>6.2f}"
        )
        totals["ans"] += ans
        totals["sent"] += sent * ans
        totals["span"] += span * ans
        totals["unans"] += unans
        totals["ref"] += recall * unans
        totals["wrong"] += report.wrong_refusals
        for record in report.records:
            reason = record.why
            if reason is None or args.misses == "none":
                continue
            if args.misses == "spans" and reason != "wrong span":
                continue
            print(f"[{path.stem} {record.id}] {reason}: {record.resolved_question}")
            print(f"    expected: {' | '.join(record.expected)}")
            print(f"    got:      {record.answer}")
            print(f"    cited:    {record.cited_sentence}")
    a, u = max(totals["ans"], 1), max(totals["unans"], 1)
    rows.append("-" * len(header))
    rows.append(
        f"{'all':<10} {'':>4} {totals['sent'] / a:>6.3f} {totals['span'] / a:>6.3f} "
        f"{totals['ref'] / u:>7.3f} {totals['wrong']:>4} ({totals['wrong'] / a:.1%})"
    )
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
