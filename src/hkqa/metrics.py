"""Evaluation metrics: pure functions, no I/O.

Retrieval metrics take a ranking as a sequence of booleans, ``relevant[i]`` telling whether
the passage at rank ``i + 1`` is relevant (binary relevance: a passage is relevant when it
contains any evidence string of the question, see :func:`passage_relevant`).

Answer metrics compare a predicted answer with the acceptable answers of a question after
:func:`normalize_answer`. Ratio metrics return ``None`` when their denominator is zero
(e.g. refusal precision when nothing was refused): undefined is not the same as 0.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

__all__ = [
    "DISAGREE_SUFFIX",
    "answer_tokens",
    "conflict_precision",
    "conflict_recall",
    "contains_evidence",
    "dcg_at_k",
    "hit_at_k",
    "ndcg_at_k",
    "normalize_answer",
    "passage_relevant",
    "percentile",
    "ratio",
    "reciprocal_rank_at_k",
    "refusal_precision",
    "refusal_recall",
    "sentence_correct",
    "span_correct",
    "strip_disagreement",
    "wrong_refusal_rate",
]

# -- evidence -----------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def contains_evidence(text: str, evidence: Iterable[str]) -> bool:
    """Whether ``text`` contains any evidence string verbatim (white space runs collapsed)."""
    haystack = _squash(text)
    return any(e.strip() and _squash(e) in haystack for e in evidence)


def passage_relevant(passage: str, evidence: Iterable[str]) -> bool:
    """Binary relevance of a retrieved passage: it contains an evidence string."""
    return contains_evidence(passage, evidence)


def sentence_correct(cited_sentence: str | None, evidence: Iterable[str]) -> bool:
    """The first citation's sentence contains an evidence string (``None``: nothing cited)."""
    return cited_sentence is not None and contains_evidence(cited_sentence, evidence)


# -- retrieval ----------------------------------------------------------------------------


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")


def hit_at_k(relevant: Sequence[bool], k: int) -> float:
    """1.0 when a relevant passage is among the first ``k``, else 0.0."""
    _check_k(k)
    return 1.0 if any(relevant[:k]) else 0.0


def reciprocal_rank_at_k(relevant: Sequence[bool], k: int) -> float:
    """1 / rank of the first relevant passage within the first ``k``; 0.0 if none.

    Averaged over questions this is MRR@k.
    """
    _check_k(k)
    for rank, rel in enumerate(relevant[:k], 1):
        if rel:
            return 1.0 / rank
    return 0.0


def dcg_at_k(relevant: Sequence[bool], k: int) -> float:
    """Discounted cumulative gain with binary gains: sum of 1 / log2(rank + 1)."""
    _check_k(k)
    return sum(1.0 / math.log2(rank + 1) for rank, rel in enumerate(relevant[:k], 1) if rel)


def ndcg_at_k(relevant: Sequence[bool], k: int, *, n_relevant: int | None = None) -> float:
    """DCG@k divided by the DCG@k of an ideal ranking (all relevant passages first).

    ``n_relevant`` is how many relevant passages exist in the whole collection; when it is
    not known, the relevant passages in ``relevant`` itself are used (so a ranking that
    puts every relevant passage it found first scores 1.0). 0.0 when nothing is relevant.
    """
    _check_k(k)
    found = sum(1 for r in relevant if r)
    total = found if n_relevant is None else max(n_relevant, found)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(total, k) + 1))
    return dcg_at_k(relevant, k) / ideal if ideal > 0 else 0.0


# -- answers ------------------------------------------------------------------------------

DISAGREE_SUFFIX = re.compile(r"\s*\(sources disagree:.*\)\s*$", re.S)
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})
# Trimmed from both ends of the whole answer and of each token; "$" and "%" carry meaning.
_EDGE_PUNCT = " \t\n.,;:!?\"'()[]{}<>…—–-*_/\\"
# Tokens that alone are no answer ("the" is inside every answer).
_FILLER = frozenset(
    {
        *("a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "and", "or", "with"),
        *("from", "as", "is", "are", "was", "were", "be", "its", "it", "this", "that"),
        *("their", "them", "they", "about", "around", "approximately", "nearly", "roughly"),
    }
)


def strip_disagreement(answer: str) -> str:
    """The answer without the pipeline's "(sources disagree: ...)" suffix."""
    return DISAGREE_SUFFIX.sub("", answer)


def normalize_answer(text: str) -> str:
    """NFKC, lower case, straight quotes, collapsed spaces, punctuation stripped at the ends."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_QUOTES)
    return _squash(text).strip(_EDGE_PUNCT)


def answer_tokens(text: str) -> list[str]:
    """Normalised white-space tokens with their edge punctuation stripped (empty ones dropped)."""
    tokens = (t.strip(_EDGE_PUNCT) for t in normalize_answer(text).split(" "))
    return [t for t in tokens if t]


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    """``needle`` occurs as a contiguous run of tokens in ``haystack``."""
    n = len(needle)
    if n == 0:
        return False
    return any(list(haystack[i : i + n]) == list(needle) for i in range(len(haystack) - n + 1))


def span_correct(predicted: str, acceptable: Iterable[str], *, slack: int = 4) -> bool:
    """Whether a predicted answer span matches one of the acceptable answers.

    Both sides are normalised (:func:`answer_tokens`) and compared as token sequences, the
    prediction without its "(sources disagree: ...)" suffix. A match is either

    * an acceptable answer inside the prediction, the prediction being at most ``slack``
      tokens longer ("over 430 startups" for "over 430"), or
    * the prediction inside an acceptable answer, when it has a token of substance: a
      word that is not filler ("Cyberport" for "Hong Kong Cyberport"; "the" alone never
      matches) and, when the acceptable answer holds a number, a number ("million" alone
      is no match for "50 million yuan").
    """
    pred = answer_tokens(strip_disagreement(predicted))
    if not pred:
        return False
    has_word = any(t not in _FILLER for t in pred)
    has_number = any(_has_digit(t) for t in pred)
    for answer in acceptable:
        gold = answer_tokens(answer)
        if not gold:
            continue
        if _contains(pred, gold) and len(pred) <= len(gold) + slack:
            return True
        numeric = any(_has_digit(t) for t in gold)
        if has_word and (has_number or not numeric) and _contains(gold, pred):
            return True
    return False


def _has_digit(token: str) -> bool:
    return any(c.isdigit() for c in token)


# -- refusals and conflicts ---------------------------------------------------------------


def ratio(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator``, or ``None`` when the denominator is 0."""
    return numerator / denominator if denominator else None


def refusal_precision(refused: Sequence[bool], answerable: Sequence[bool]) -> float | None:
    """Of the refused questions, the share that were unanswerable (positive = refused)."""
    _same_length(refused, answerable)
    tp = sum(1 for r, a in zip(refused, answerable, strict=True) if r and not a)
    return ratio(tp, sum(refused))


def refusal_recall(refused: Sequence[bool], answerable: Sequence[bool]) -> float | None:
    """Of the unanswerable questions, the share that were refused."""
    _same_length(refused, answerable)
    tp = sum(1 for r, a in zip(refused, answerable, strict=True) if r and not a)
    return ratio(tp, sum(1 for a in answerable if not a))


def wrong_refusal_rate(refused: Sequence[bool], answerable: Sequence[bool]) -> float | None:
    """Of the answerable questions, the share that were refused."""
    _same_length(refused, answerable)
    wrong = sum(1 for r, a in zip(refused, answerable, strict=True) if r and a)
    return ratio(wrong, sum(answerable))


def conflict_precision(flagged: Sequence[bool], gold: Sequence[bool]) -> float | None:
    """Of the answers flagged "sources disagree", the share whose sources really disagree."""
    _same_length(flagged, gold)
    tp = sum(1 for f, g in zip(flagged, gold, strict=True) if f and g)
    return ratio(tp, sum(flagged))


def conflict_recall(flagged: Sequence[bool], gold: Sequence[bool]) -> float | None:
    """Of the questions whose sources disagree, the share flagged."""
    _same_length(flagged, gold)
    tp = sum(1 for f, g in zip(flagged, gold, strict=True) if f and g)
    return ratio(tp, sum(gold))


def _same_length(a: Sequence[bool], b: Sequence[bool]) -> None:
    if len(a) != len(b):
        raise ValueError(f"length mismatch: {len(a)} != {len(b)}")


# -- latency ------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) with linear interpolation between closest ranks.

    Same as ``numpy.percentile(values, q)`` (its default "linear" method); ``None`` for no
    values.
    """
    if not 0.0 <= q <= 100.0:
        raise ValueError(f"q must be in [0, 100], got {q}")
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)
