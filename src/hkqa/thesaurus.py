"""Everyday words in questions mapped onto the words news articles use. Pure.

Users say "the pot", "an IPO", "billion-dollar startups", "gearing up"; articles say "the
fund", "listing", "unicorns", "preparing". Neither BM25 nor the answerer's word overlap
can see those as the same, and the question's kind ("how big is the pot?" asks an amount)
is read from the words too. Each entry below is a common synonym, not a rule for one
question; an entry applies only when the collection uses its replacement and never the
user's word, so a corpus that writes "IPO" keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from hkqa.tokenize import tokenize

__all__ = ["Thesaurus"]


def _plural(singular: str, plural: str) -> Callable[[re.Match[str]], str]:
    """The replacement in the number of the matched noun (its last letter an "s")."""
    return lambda m: plural if m.group(0).lower().endswith("s") else singular


@dataclass(frozen=True, slots=True)
class _Entry:
    pattern: re.Pattern[str]
    replacement: str | Callable[[re.Match[str]], str]
    target: str  # the corpus word the entry needs (its stem must be in the vocabulary)


def _entry(pattern: str, replacement: str | Callable[[re.Match[str]], str], target: str) -> _Entry:
    return _Entry(re.compile(pattern, re.I), replacement, target)


# Common synonyms (money, listing, company size and readiness words in business news).
_ENTRIES = (
    _entry(r"\b(?:pot|kitty|war\s+chest|coffers)\b", "fund", "fund"),
    _entry(
        r"\bbillion[\s\-]dollar(?:[\s\-]valued)?\s+(?:start[\s\-]?ups?|compan(?:y|ies)|firms?)\b",
        _plural("unicorn", "unicorns"),
        "unicorn",
    ),
    _entry(
        r"\b(?:go|goes|going)\s+public\b",
        lambda m: {"go": "list", "goes": "lists"}.get(m.group(0).split()[0].lower(), "listing"),
        "list",
    ),
    _entry(r"\b(?:went|gone)\s+public\b", "listed", "listed"),
    _entry(r"\b(?:an|its|their|the)\s+IPO\b|\bIPO\b", "listing", "listing"),
    _entry(r"\bgearing\s+up\b", "preparing", "preparing"),
    _entry(r"\bcriteria\b", "factors", "factors"),
    _entry(
        r"\bweigh(?:s|ed|ing)?\s+up\b",
        lambda m: {"weigh": "evaluate", "weighs": "evaluates", "weighed": "evaluated"}.get(
            m.group(0).split()[0].lower(), "evaluating"
        ),
        "evaluate",
    ),
    # a company floated on an exchange listed; an idea floated was proposed
    _entry(r"\bfloated(?=\s+(?:on|in)\b)", "listed", "listed"),
    _entry(r"\bfloated\b", "proposed", "proposed"),
)


class Thesaurus:
    """Rewrites a question's everyday words into the collection's vocabulary."""

    def __init__(self, texts: Iterable[str]) -> None:
        texts = list(texts)
        vocabulary = {t for text in texts for t in tokenize(text)}
        # Kept: entries whose replacement the collection uses and whose wording it never does.
        self._entries = tuple(
            e
            for e in _ENTRIES
            if set(tokenize(e.target)) <= vocabulary and not any(e.pattern.search(t) for t in texts)
        )

    def rewrite(self, question: str) -> str:
        """The question with each everyday word the collection never uses replaced by the
        collection's word for it."""
        for entry in self._entries:
            question = entry.pattern.sub(entry.replacement, question)
        return question
