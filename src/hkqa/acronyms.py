"""Expand acronyms in questions from the corpus's own wording. Pure.

Users write "HKSTP", "R&D", "SFC", "SMEs"; articles often spell these out ("Hong Kong
Science and Technology Parks", "research and development", ...). An acronym the corpus
never uses is looked up as a run of words whose initials spell it (joiners such as "and"
and "of" may sit between them); the most frequent such phrase replaces it in the query
used for retrieval and answering. Acronyms the corpus itself uses are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from hkqa.tokenize import STOPWORDS

__all__ = ["AcronymExpander"]

_ACRONYM = re.compile(r"\b(?P<letters>[A-Z](?:&?[A-Z]){1,5})(?P<plural>s)?\b")
_JOINER_WORDS = frozenset({"and", "of", "the", "for", "&", "on", "in"})
_JOINERS = r"(?:(?:and|of|the|for|&|on|in)\s+)?"
MIN_LETTERS = 2


def _letter_words_ok(phrase: str) -> bool:
    """Every word that gives a letter must be a content word ("is preparing" is no "IP")."""
    words = [w for w in re.split(r"\s+", phrase) if w.lower() not in _JOINER_WORDS]
    return all(w.lower() not in STOPWORDS for w in words)


class AcronymExpander:
    """Replaces unknown acronyms by the corpus phrase they abbreviate."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._text = "\n".join(texts)
        self._known = frozenset(re.findall(r"\b[A-Z][A-Z&]+\b", self._text))

    @lru_cache(maxsize=1024)  # noqa: B019 - one expander per loaded index, kept for its life
    def phrase_for(self, acronym: str) -> str | None:
        letters = acronym.replace("&", "")
        if len(letters) < MIN_LETTERS or acronym in self._known:
            return None
        words = [rf"{re.escape(ch)}[\w’'\-]*" for ch in letters]
        pattern = re.compile(r"\b" + (r"\s+" + _JOINERS).join(words) + r"\b", re.IGNORECASE)
        found = Counter(
            m.group(0) for m in pattern.finditer(self._text) if _letter_words_ok(m.group(0))
        )
        if not found:
            return None
        # Most frequent; on a tie the capitalised form (a name) and then the first seen.
        best, _ = max(found.items(), key=lambda kv: (kv[1], kv[0][:1].isupper()))
        return best

    def expand(self, question: str) -> str:
        def repl(match: re.Match[str]) -> str:
            phrase = self.phrase_for(match.group("letters"))
            return phrase if phrase else match.group(0)

        return _ACRONYM.sub(repl, question)
