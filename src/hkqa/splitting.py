"""Sentence splitting with exact character offsets, and sentence-window chunking. Pure.

Invariant: for every sentence ``s`` of a document ``doc``, ``doc.text[s.start:s.end] == s.text``.

A sentence ends at ``.``, ``!`` or ``?`` (plus any closing quotes or brackets) followed by
white space and a capital, digit or opening quote, or at a paragraph break, except:

* inside an open quotation (“...” or "..."),
* after a known abbreviation ("Dr.", "Inc.", "e.g.") or a dotted acronym ("U.S."),
* after a single capital initial ("J. Smith").

Decimals ("HKD 35.7 billion") and currency ("HK$200") never qualify because no white
space follows their dot.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hkqa.types import Chunk, Sentence

__all__ = ["ABBREVIATIONS", "leans_on_context", "make_chunks", "split_sentences"]

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt rev gen col lt sgt capt cmdr gov sen rep pres hon
    inc ltd co corp plc llc bros dept univ assn est approx vs etc al fig figs no nos vol
    vols pp ed eds jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu
    thur thurs fri sat sun e.g i.e a.m p.m cf viz ca""".split()
)
# "Settlement options include ...", "Notable achievements include ...": a bare plural
# subject of a listing verb says whose options or achievements only through the sentences
# around it.
_BARE_LIST_SUBJECT = re.compile(
    r"^(?!(?i:the|this|these|that|those|its|their|our|his|her|a|an|each|every|such|all|both)\b)"
    r"[A-Z][a-z\-]+(?:\s+[a-z][a-z\-]*){0,3}?\s+(?:include|includes|comprise|comprises)\b"
)


def leans_on_context(text: str) -> bool:
    """Whether a sentence's subject only makes sense with its neighbours (a bare plural
    subject of a listing verb: "Settlement options include ...")."""
    return bool(_BARE_LIST_SUBJECT.match(text))


_BOUNDARY = re.compile(r"[.!?]+[\"”’'\)\]]*(?=\s)")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"“‘'(\[]?[A-Z0-9]")
_WORD_BEFORE = re.compile(r"(\S+)$")
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_OPEN_QUOTES = {"“": "”", "‘": "’"}


def _quote_depth(text: str) -> int:
    """Open curly double quotes minus closed ones, plus 1 if straight quotes are unbalanced."""
    depth = max(0, text.count("“") - text.count("”"))
    return depth + (text.count('"') % 2)


def _is_abbreviation(before: str) -> bool:
    match = _WORD_BEFORE.search(before)
    if not match:
        return False
    word = match.group(1).lstrip("\"“‘'([")
    if _DOTTED_ACRONYM.match(word + "."):
        return True
    bare = word.rstrip(".").lower()
    if bare in ABBREVIATIONS:
        return True
    return len(bare) == 1 and bare.isalpha() and word[:1].isupper()


def _split_paragraph(text: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if not _NEXT_STARTS_SENTENCE.match(text, end):
            continue
        if match.group(0).startswith(".") and _is_abbreviation(text[start : match.start()]):
            continue
        if _quote_depth(text[start:end]) > 0:
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    result = []
    for s, e in spans:
        piece = text[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if e - trail > s + lead:
            result.append((offset + s + lead, offset + e - trail))
    return result


def split_sentences(text: str, *, doc_id: str = "") -> list[Sentence]:
    """Split a cleaned document into sentences; paragraphs (line breaks) always split."""
    sentences: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        for start, end in _split_paragraph(para.group(0), para.start()):
            sentences.append(Sentence(doc_id, len(sentences), start, end, text[start:end]))
    return sentences


def make_chunks(
    text: str, sentences: Sequence[Sentence], *, size: int, overlap: int, doc_id: str = ""
) -> list[Chunk]:
    """Windows of ``size`` consecutive sentences, neighbours sharing ``overlap`` of them.

    The last window is aligned to the end, so every sentence is in at least one chunk.
    """
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    if not 0 <= overlap < size:
        raise ValueError(f"overlap must be in [0, size), got {overlap} for size {size}")
    if not sentences:
        return []
    step = size - overlap
    n = len(sentences)
    starts = list(range(0, max(n - size, 0) + 1, step))
    if starts[-1] + size < n:
        starts.append(n - size)
    chunks = []
    for i, first in enumerate(starts):
        window = sentences[first : first + size]
        start, end = window[0].start, window[-1].end
        chunks.append(
            Chunk(
                chunk_id=f"{doc_id}#c{i}",
                doc_id=doc_id,
                sentence_indices=tuple(s.index for s in window),
                start=start,
                end=end,
                text=text[start:end],
            )
        )
    return chunks
