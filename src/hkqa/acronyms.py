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

from hkqa.tokenize import STOPWORDS, tokenize

__all__ = ["AcronymExpander"]

_ACRONYM = re.compile(
    r"\b(?P<letters>[A-Z](?:&?[A-Z]){1,5}|[a-zA-Z]&[a-zA-Z])(?P<plural>s)?\b"
)  # "HKSTP", "R&D", and the lower-case "i&t" people type
_JOINERS = r"(?:(?:and|of|the|for|&|on|in)\s+)?"
MIN_LETTERS = 2
_VERB_FORM = re.compile(r"(?:ing|ed)$")
CONTEXT_CHARS = 80  # text each side of a phrase compared with the question on a tie


class AcronymExpander:
    """Replaces unknown acronyms by the corpus phrase they abbreviate."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._text = "\n".join(texts)
        self._known = frozenset(re.findall(r"\b([A-Z][A-Z&]+)s?\b", self._text))

    @lru_cache(maxsize=1024)  # noqa: B019 - one expander per loaded index, kept for its life
    def phrase_for(self, acronym: str, *, known_too: bool = False) -> Counter[str]:
        """Corpus phrases whose initials spell ``acronym``, with their counts; none for an
        acronym the corpus uses itself, unless ``known_too``."""
        acronym = acronym.upper()
        letters = acronym.replace("&", "")
        if len(letters) < MIN_LETTERS or (acronym in self._known and not known_too):
            return Counter()
        words = [rf"(?P<w{i}>{re.escape(ch)}[\w’'\-]*)" for i, ch in enumerate(letters)]
        # Not from inside a compound: "new-generation data processor" is no "GDP".
        pattern = re.compile(
            r"(?<![\w\-])" + (r"\s+" + _JOINERS).join(words) + r"\b", re.IGNORECASE
        )
        found: Counter[str] = Counter()
        for m in pattern.finditer(self._text):
            letter_words = [m.group(f"w{i}").lower() for i in range(len(letters))]
            # Letters come from content words, and a name's words are not verb forms:
            # "immense potential of" is no IPO, "including the potential" no IP.
            # A hyphenated adjective is no verb form ("small and medium-sized enterprises").
            if not any(
                w in STOPWORDS or (_VERB_FORM.search(w) and "-" not in w) for w in letter_words
            ):
                found[m.group(0)] += 1
        return found

    def _choose(self, acronym: str, question: str, next_word: str = "") -> str | None:
        found = self.phrase_for(acronym)
        if not found:
            return None
        # First a phrase the corpus follows with the question's next word ("IP projects" ->
        # "intellectual property projects"), then the most frequent, then the phrase whose
        # surroundings share the question's words.
        asked = set(tokenize(question))
        follows = set(tokenize(next_word))

        def followed(phrase: str) -> bool:
            tail = re.finditer(rf"{re.escape(phrase)}\s+([\w’'\-]+)", self._text)
            return bool(follows) and any(set(tokenize(m.group(1))) & follows for m in tail)

        def context_overlap(phrase: str) -> int:
            at = self._text.find(phrase)
            window = self._text[max(0, at - CONTEXT_CHARS) : at + len(phrase) + CONTEXT_CHARS]
            return len(asked & set(tokenize(window)))

        return max(found, key=lambda p: (followed(p), found[p], context_overlap(p)))

    def _phrases(self, question: str) -> list[tuple[re.Match[str], str]]:
        """Each acronym in ``question`` that the corpus spells out, with its phrase."""
        out = []
        for match in _ACRONYM.finditer(question):
            after = re.match(r"\s+([\w’'\-]+)", question[match.end() :])
            phrase = self._choose(match.group("letters"), question, after.group(1) if after else "")
            if phrase:
                out.append((match, phrase))
        return out

    def expand(self, question: str) -> str:
        out, at = [], 0
        for match, phrase in self._phrases(question):
            out += [question[at : match.start()], phrase]
            at = match.end()
        return "".join(out) + question[at:]

    def term_scale(self, question: str) -> dict[str, float]:
        """Weights for the words expansions add: an acronym is one word of the question,
        so the words of its phrase share one word's weight ("SME" -> "small",
        "medium", "size", "enterprise": a quarter each)."""
        own = set(tokenize(question))
        scale: dict[str, float] = {}
        for _match, phrase in self._phrases(question):
            added = [t for t in dict.fromkeys(tokenize(phrase)) if t not in own]
            for term in added:
                scale[term] = min(scale.get(term, 1.0), 1.0 / len(added))
        return scale
