"""Phrase structure a descriptive answer can be cut from. Pure: regular expressions over text.

No part-of-speech tagger ships offline here, so these are shallow patterns over closed-class
words (determiners, relative pronouns, auxiliaries) and punctuation, each for a construction
that answers a common question shape:

* :func:`enumeration` — "such as A, B, C, and D": the items of a list ("Besides A and B,
  what else ...?", "Which one relates to health?", "Which industries ...?");
* :func:`described_subjects` — "a logistics startup that listed last year, and a travel
  platform that is preparing to list": noun phrases with what is said of each ("Which one
  is preparing to list?");
* :func:`noun_phrase_at` — the noun phrase around a word ("what funding model ...?" ->
  "a one-to-one matching funding model");
* :func:`appositive_after` — "The Science Park, a flagship for innovation, ..." ("What is
  the Science Park?"), and "X, now known as Y".

Every span is ``(start, end)`` into the text given, so ``text[start:end]`` is the phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Described",
    "appositive_after",
    "described_subjects",
    "enumeration",
    "noun_phrase_at",
]

LIST_ITEM_MAX_WORDS = 7  # a longer comma-separated run is a clause, not a list item
LIST_MIN_ITEMS = 3
LONG_FIRST_ITEM = 2  # words beyond the longest other item that mark a lead-in
NP_MAX_MODIFIERS = 4  # words kept before a noun phrase's head

# What introduces a list's first item ("industries such as A, B and C"). Strong cues end
# the lead-in for sure; weak ones (prepositions) only when the first run is too long.
_STRONG_CUES = re.compile(
    r"(?:\bsuch as|\bincluding|\bincludes?|\bencompass(?:es|ing)?|\bnamely|\blike|"
    r"\bcovers?|\bcovering|\bcomprising|:)\s+",
    re.I,
)
# "of" and "for" are left out: they join a noun to its complement ("the potential of X").
_WEAK_CUES = re.compile(r"\b(?:on|in|to|into|with|as|are|is|were|was)\s+", re.I)
_AND = re.compile(r"^\s*(?:and|or)\s+", re.I)
_DETERMINER = r"(?:a|an|another|the|one|its|their|this|that|these|those)"
_WORD = re.compile(r"[\w’'\-&]+|“[^”]*”|\([^()]*\)")
# Words that end a noun phrase: auxiliaries, relative pronouns, prepositions that start a
# predicate, -ly adverbs.
_NP_END = re.compile(
    r"^(?:is|are|was|were|be|been|being|has|have|had|will|would|can|could|shall|should|may|"
    r"might|must|does|do|did|that|which|who|whom|whose|to|and|or|but|while|whereas|with|by|"
    r"from|at|in|on|of|for|as|into|under|over|\w+ly)$",
    re.I,
)
_AUXILIARY = re.compile(r"^(?:is|are|was|were|be|been|being|has|have|had)$", re.I)
_NP_STOP_BEFORE = re.compile(
    r"^(?:is|are|was|were|be|been|has|have|had|will|would|can|could|to|and|or|but|with|by|"
    r"from|at|in|on|of|for|as|into|that|which|who|include|includes|including|such|"
    r"\w+ly)$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Described:
    """A noun phrase and what the sentence says of it."""

    subject: tuple[int, int]
    predicate: tuple[int, int]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces and clause punctuation from both ends of ``text[start:end]``."""
    while start < end and text[start] in " ,;:":
        start += 1
    while end > start and text[end - 1] in " ,;:.":
        end -= 1
    return start, end


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last match is wanted
        pass
    return found


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def enumeration(text: str) -> list[tuple[int, int]]:
    """The items of the longest list "A, B, C, and D" in ``text`` (empty when none).

    Items are comma-separated runs of at most LIST_ITEM_MAX_WORDS words; the last starts
    with "and"/"or" (or, without the serial comma, is split at its last "and"). The first
    item is cut after its lead-in ("industries such as A" -> "A").
    """
    segments: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r",(?=\s)|;|$", text):
        segments.append((start, match.start()))
        start = match.end()
    best: list[tuple[int, int]] = []
    for last in range(len(segments)):
        seg = text[segments[last][0] : segments[last][1]]
        if not (_AND.match(seg) or " and " in seg or " or " in seg):
            continue
        # Walk back over short segments.
        first = last
        while first - 1 >= 0 and _words(
            text[segments[first - 1][0] : segments[first - 1][1]]
        ) <= LIST_ITEM_MAX_WORDS + (1 if first - 1 < last else 0):
            first -= 1
        items = _items(text, segments, first, last)
        if len(items) >= LIST_MIN_ITEMS and len(items) >= len(best):
            best = items
    return best


def _cut_lead_in(
    text: str, start: int, end: int, *, lead_only: bool, long: bool = False
) -> tuple[int, int] | None:
    """The item in a segment that carries a list's lead-in, or None when there is none.

    A strong cue ("such as") always ends a lead-in; a weak one (a preposition) only inside
    the list's first segment, when it opens with one ("with achievements in fostering
    startups") or is ``long`` beside the other items, and then only when what follows the
    cue is short.
    """
    seg = text[start:end]
    strong = _last(_STRONG_CUES, seg)
    if strong is not None:
        return _strip(text, start + strong.end(), end)
    weak = _last(_WEAK_CUES, seg)
    opens = bool(_WEAK_CUES.match(seg.lstrip()))
    # Before the list's segments, a long clause ends in its first item after a preposition
    # ("... to conduct comprehensive research on cross-border data flows, A, B, and C").
    if weak is not None and (opens or long or lead_only):
        rest = seg[weak.end() :]
        if _words(rest) <= LIST_ITEM_MAX_WORDS // 2 + 1:
            return _strip(text, start + weak.end(), end)
    return None if lead_only else (start, end)


def _items(
    text: str, segments: list[tuple[int, int]], first: int, last: int
) -> list[tuple[int, int]]:
    """The list items in ``segments[first..last]``, or [] when they do not form a list."""
    out: list[tuple[int, int]] = []
    # A strong cue inside the run starts the list there ("weighs factors, including A, B").
    for index in range(last - 1, first, -1):
        if _STRONG_CUES.search(text[segments[index][0] : segments[index][1]]):
            first = index
            break
    if first > 0:
        # The first item may sit at the end of a longer segment ("industries such as A").
        lead = _cut_lead_in(text, *segments[first - 1], lead_only=True)
        if lead is not None:
            out.append(lead)
    for index in range(first, last + 1):
        start, end = segments[index]
        seg = text[start:end]
        if index == first and not out:
            others = max((_words(text[a:b]) for a, b in segments[first + 1 : last + 1]), default=0)
            long = _words(seg) > others + LONG_FIRST_ITEM
            cut = _cut_lead_in(text, start, end, lead_only=False, long=long)
            if cut is not None:
                start, end = cut
        if index == last:
            and_match = _AND.match(seg)
            if and_match:
                start = segments[index][0] + and_match.end()
            else:
                split = seg.rfind(" and ")
                if split < 0:
                    split = seg.rfind(" or ")
                if split < 0:
                    return []
                base = segments[index][0]
                piece = _strip(text, max(start, base), base + split)
                if _words(text[piece[0] : piece[1]]) > LIST_ITEM_MAX_WORDS:
                    return []
                out.append(piece)
                start = base + split + (5 if seg[split:].startswith(" and ") else 4)
            # The last item ends where a new clause starts.
            tail = re.search(
                r"\s(?:to|that|which|who|further|thereby|in order|is|are|was|were|has|have|"
                r"will|can|could|may|should|would|"
                # a list that is the subject ends at its verb ("A, B, and C offer ...")
                r"(?:offer|provide|remain|play|serve|help|make|show|give|allow|enable|support|"
                r"drive|continue|contribute|account|form|represent|constitute|create|become|"
                r"attract|hold|lead)(?:s|ed)?)\s",
                text[start:end],
            )
            if tail:
                end = start + tail.start()
        start, end = _strip(text, start, end)
        if start >= end or _words(text[start:end]) > LIST_ITEM_MAX_WORDS + 2:
            return []
        out.append((start, end))
    return out


_DESCRIBED = re.compile(
    rf"\b(?P<np>{_DETERMINER}\s+(?:[“\"]?[\w’'\-]+[”\"]?\s+){{0,{NP_MAX_MODIFIERS}}}?"
    r"[\w’'\-]+)\s+(?:that|which|who)\s+(?P<pred>[^,;]+)",
    re.I,
)
_CLAUSE_SUBJECT = re.compile(
    rf"(?:^|,\s+(?:and\s+|while\s+|whereas\s+|but\s+)?|;\s+)(?P<np>{_DETERMINER}\s+"
    rf"(?:[“\"]?[\w’'\-]+[”\"]?\s+){{0,{NP_MAX_MODIFIERS}}}?[\w’'\-]+)\s+"
    r"(?P<pred>(?:\w+ly\s+)?(?:is|are|was|were|has|have|had|will|\w+ed)\b[^,;]*)",
    re.I,
)


def described_subjects(text: str) -> list[Described]:
    """Noun phrases with their predicates: "a startup that listed last year" and clause
    subjects "..., while another platform is preparing to list"."""
    out: list[Described] = []
    seen: set[int] = set()
    for pattern in (_DESCRIBED, _CLAUSE_SUBJECT):
        for match in pattern.finditer(text):
            np_start, np_end = match.span("np")
            words = text[np_start:np_end].split()
            if any(_NP_END.match(w) for w in words[1:]):
                continue  # not one noun phrase ("the fund of ...")
            if np_start in seen:
                continue
            seen.add(np_start)
            pred = _strip(text, *match.span("pred"))
            out.append(Described((np_start, np_end), pred))
    out.sort(key=lambda d: d.subject)
    return out


def noun_phrase_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The noun phrase whose head is the word at ``text[start:end]``.

    Modifiers before it (up to NP_MAX_MODIFIERS words, from a determiner on), a
    parenthesis right after it, and an "of"/"for" complement of up to five words ("the
    country’s vision for scientific and technological progress").
    """
    left = start
    words = list(re.finditer(r"[\w’'\-&]+", text[:start]))
    for taken, word in enumerate(reversed(words)):
        between = text[word.end() : left]
        if between.strip(' “”"') or taken >= NP_MAX_MODIFIERS:
            break
        if re.fullmatch(_DETERMINER, word.group(0), re.I):
            left = word.start()
            break
        if re.fullmatch(r"\w+[’']s", word.group(0)):
            left = word.start()  # "the country’s vision": the possessor and its determiner
            if taken + 1 < len(words):
                det = words[-(taken + 2)]
                if (
                    re.fullmatch(_DETERMINER, det.group(0), re.I)
                    and not text[det.end() : word.start()].strip()
                ):
                    left = det.start()
            break
        if _NP_STOP_BEFORE.match(word.group(0)):
            break
        earlier = words[-(taken + 2)].group(0) if taken + 1 < len(words) else ""
        if _AUXILIARY.match(earlier) and (
            re.search(r"(?:ing|ed|en)$", word.group(0)) or earlier.lower() in {"has", "have", "had"}
        ):
            break  # "has witnessed rapid growth", "has seen ...": a verb, not a modifier
        left = word.start()
    right = end
    rest = text[end:]
    if paren := re.match(r"\s*\([^()]{1,40}\)", rest):
        right = end + paren.end()
    elif comp := re.match(
        r"\s+(?:of|for)\s+(?:[\w’'\-]+\s+){0,5}?[\w’'\-]+(?=[,.;:]|\s+(?:to|that|which|"
        r"is|are|was|were|has|have|will|in|with|by)\b|$)",
        rest,
    ):
        right = end + comp.end()
    return left, right


def appositive_after(text: str, end: int) -> tuple[int, int] | None:
    """The phrase set off by commas right after ``text[:end]`` ("X, a flagship for ..., has"),
    or the name after "now known as" / "also called"."""
    rest = text[end:]
    if known := re.match(
        r",?\s+(?:now\s+|also\s+|formerly\s+)?(?:known as|called|renamed(?: as)?)\s+"
        r"(?P<np>[^,;.]+)",
        rest,
    ):
        return _strip(text, end + known.start("np"), end + known.end("np"))
    if appos := re.match(rf",\s+(?P<np>{_DETERMINER}\s+[^,;]{{3,80}}),", rest, re.I):
        return end + appos.start("np"), end + appos.end("np")
    return None


_PURPOSE = re.compile(
    r"\b(?:in order to|so as to|aims? to|aimed to|to)\s+(?P<verb>[a-z]+)\s+"
    r"(?P<obj>(?:[^,;.]|\.(?=\d))+)"
)
_NOT_VERB = re.compile(
    r"^(?:the|a|an|its|their|this|that|these|those|be|date|market|\w+tion|\w+ity|"
    r"\w+ness)$"
)
_OBJECT_END = re.compile(r"\s(?:in|through|by|with|via|from|for|while|whereas|and then)\s")


@dataclass(frozen=True, slots=True)
class Purpose:
    """A purpose clause: "to expedite the transformation of ..." -> verb, object."""

    verb: tuple[int, int]
    obj: tuple[int, int]
    outcome: bool = False  # ", facilitating X" after a purpose: what it is to bring about


# "aims to inject funds ..., facilitating the commercialization of results": the outcome
# a purpose leads to, as a participle after it.
_OUTCOME = re.compile(r",\s+(?:thereby\s+|thus\s+)?(?P<verb>[a-z]+ing)\s+(?P<obj>[^,;.]+)")


def purposes(text: str) -> list[Purpose]:
    """The sentence's "to VERB OBJECT" purpose clauses ("... aims to implement X and assist
    SMEs in adopting ..."). An object ends at a preposition that starts an adjunct ("in
    adopting", "through support"); "from lab to market" is not a purpose."""
    out: list[Purpose] = []
    for match in _PURPOSE.finditer(text):
        verb = match.group("verb")
        if _NOT_VERB.match(verb):
            continue
        before = text[: match.start()].split()
        if len(before) >= 2 and before[-2].lower() == "from":
            continue  # "from lab to market"
        start, end = match.span("obj")
        if cut := _OBJECT_END.search(text, start, end):
            end = cut.start()
        # A coordinated second purpose ("implement X and assist Y") is its own clause.
        if co := re.search(r"\s+and\s+(?=[a-z]+\s)", text[start:end]):
            following = text[start + co.end() :].split()
            if (
                following
                and re.fullmatch(r"[a-z]+", following[0])
                and not _NOT_VERB.match(following[0])
            ):
                second = start + co.end()
                out.append(Purpose(match.span("verb"), _strip(text, start, start + co.start())))
                verb_end = second + len(following[0])
                obj_start = verb_end + 1
                obj_end = end
                if cut2 := _OBJECT_END.search(text, obj_start, obj_end):
                    obj_end = cut2.start()
                out.append(Purpose((second, verb_end), _strip(text, obj_start, obj_end)))
                continue
        out.append(Purpose(match.span("verb"), _strip(text, start, end)))
    outcome = _OUTCOME.search(text, out[-1].obj[1]) if out else None
    if outcome and not _NOT_VERB.match(outcome.group("verb")):
        start, end = outcome.span("obj")
        out.append(Purpose(outcome.span("verb"), _strip(text, start, end), outcome=True))
    return out
