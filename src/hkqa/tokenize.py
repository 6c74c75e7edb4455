"""The lexical tokenizer shared by BM25 and the answerer. Pure.

Choices, each for a reason a user would notice:

* NFKC + lower case, unicode-aware word pattern (``\\w``), so "Café" and "café" match;
* numbers are normalised: thousands separators dropped ("1,900" == "1900"), trailing
  ".0" dropped ("3.0" == "3"), decimals kept ("35.7"); number words up to twenty are
  their digits ("four" == "4");
* letters and digits are split ("Web3.0" -> web, 3; "2021-22" -> 2021, 22), so the
  spellings "Web3", "Web 3.0" and "Web3.0" match;
* currency marks become words: "HK$"/"HKD" -> ``hkd``, "US$"/"USD" -> ``usd``, a bare
  "$" -> ``dollar`` (its currency is often implied),
  "yuan"/"RMB"/"CNY" -> ``cny``; "%" -> ``percent``;
* common clippings are written out ("tech" -> technology, "govt" -> government), and
  irregular verb forms are joined to their base ("became" -> become, "won" -> win);
* an acronym's plural meets the acronym ("DPUs" -> dpu), and a noun in "-ement" meets its
  verb ("settlement" -> settle);
* English stop words are dropped and words are Snowball-stemmed (Porter 2), so
  "raised"/"raise" and "companies"/"company" match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer

__all__ = ["STOPWORDS", "Tokenizer", "content_terms", "normalize_number", "tokenize"]

# A compact English stop-word list (function words only; content words stay searchable).
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves also per via s t""".split()
)

_TOKEN = re.compile(
    r"(?P<cur>hk\$|us\$|rmb|hkd|usd|cny|\$|¥|€|£|%)"
    r"|(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)",
)
_CURRENCY = {
    "hk$": "hkd", "hkd": "hkd", "us$": "usd", "usd": "usd", "$": "dollar", "rmb": "cny",
    "cny": "cny", "yuan": "cny", "renminbi": "cny", "¥": "cny", "€": "eur", "£": "gbp",
    "%": "percent", "percentage": "percent",
}  # fmt: skip

_stemmer = snowballstemmer.stemmer("english")
# Number words are their digits, so "four directions" meets "4 directions".
_NUMBER_WORDS = {
    word: str(n)
    for n, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
COMPOUND_MAX_CHARS = 12
NOMINAL_VERB_MIN_CHARS = 6


def normalize_number(raw: str) -> str:
    """'1,900' -> '1900'; '3.0' -> '3'; '35.70' -> '35.7'."""
    digits = raw.replace(",", "")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return digits.lstrip("0") or "0"


# British spellings folded to American before stemming, on both sides of every match, so
# "licence"/"license", "centre"/"center", "digitalise"/"digitalize", "programme"/"program"
# meet. Folding a word that has no variant ("enterprise" -> "enterprize") is harmless:
# corpus and questions are folded alike.
_SPELLING = (
    (re.compile(r"(?<=\w{3})is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"(ys)(e|ed|es|ing)$"), r"yz\2"),
    (re.compile(r"([^aeiou])tre(s?)$"), r"\1ter\2"),
    (re.compile(r"(?<=\w{3})our(s|ed|ing|able)?$"), r"or\1"),
    (re.compile(r"^(program)me(s?)$"), r"\1\2"),
    (re.compile(r"^(licen|defen|offen)ce(s?)$"), r"\1se\2"),
)


# Common clippings written out, so "tech" meets "technology" and "govt" "government".
_CLIPPINGS = {
    "tech": "technology", "govt": "government", "gov": "government", "info": "information",
    "dept": "department", "intl": "international", "admin": "administration",
    "biz": "business", "univ": "university", "ecosys": "ecosystem", "exec": "executive",
    # abbreviations news readers use for what articles write out
    "ipo": "listing", "ipos": "listings", "bourse": "exchange", "bourses": "exchanges",
    "hkex": "exchange",
}  # fmt: skip


# Irregular verb forms a stemmer cannot join to their base ("became"/"become",
# "won"/"win"); forms that are also other words ("found", "left", "saw") are left alone.
_IRREGULAR = {
    form: base
    for base, forms in {
        "become": "became", "begin": "began begun", "bring": "brought", "build": "built",
        "buy": "bought", "catch": "caught", "choose": "chose chosen", "draw": "drew drawn",
        "drive": "drove driven", "fall": "fell fallen", "give": "gave given",
        "get": "got gotten", "go": "went gone", "grow": "grew grown", "hold": "held",
        "keep": "kept", "know": "knew known", "lead": "led", "make": "made", "meet": "met",
        "pay": "paid", "rise": "rose risen", "run": "ran", "say": "said", "see": "seen",
        "seek": "sought", "sell": "sold", "send": "sent", "spend": "spent", "stand": "stood",
        "take": "took taken", "teach": "taught", "tell": "told", "think": "thought",
        "undertake": "undertook undertaken", "win": "won", "write": "wrote written",
    }.items()
    for form in forms.split()
}  # fmt: skip


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]  # "four" == "4"
    word = _CLIPPINGS.get(word, word)
    word = _IRREGULAR.get(word, word)
    # "settlement" -> "settle": a noun made from a verb with "-ement" meets the verb when
    # the verb is long enough not to be another word ("statement" is no "state").
    if word.endswith("ement") and len(word) - len("ment") >= NOMINAL_VERB_MIN_CHARS:
        word = word[: -len("ment")]
    for pattern, repl in _SPELLING:
        word = pattern.sub(repl, word)
    return str(_stemmer.stemWord(word))


def _tokens(text: str, *, keep_stopwords: bool) -> Iterator[tuple[str, int, int]]:
    """(token, start, end) over ``text`` (offsets index ``text`` as given)."""
    lower = text.lower()
    for match in _TOKEN.finditer(lower):
        kind = match.lastgroup
        value = match.group(0)
        start, end = match.start(), match.end()
        if kind == "num":
            yield normalize_number(value), start, end
        elif kind == "cur" or value in _CURRENCY:
            yield _CURRENCY[value], start, end
        elif "-" in value:
            for token in _compound(value, keep_stopwords=keep_stopwords):
                yield token, start, end
        elif keep_stopwords or value not in STOPWORDS:
            if _PLURAL_ACRONYM.fullmatch(text, start, end):
                value = value[:-1]  # "DPUs", "SMEs": the acronym's plural meets it
            yield _stem(value), start, end


def _compound(value: str, *, keep_stopwords: bool) -> list[str]:
    """'start-ups' -> start, up, startup: the parts, and the joined word when it is short.

    Short compounds ("start-up", "e-commerce") are often written solid ("startup"); long
    ones ("industry-university-research") are not, and their parts suffice.
    """
    parts = [p for p in value.split("-") if keep_stopwords or p not in STOPWORDS]
    out = [_stem(p) for p in parts]
    if value.count("-") == 1 and len(value) <= COMPOUND_MAX_CHARS:
        out.append(_stem(value.replace("-", "")))
    return out


def short_compounds(text: str) -> list[tuple[str, frozenset[str]]]:
    """(joined token, part tokens) of each short compound in ``text`` ("start-up" ->
    ("startup", {start, up})): where the joined token is a known word it meets both
    spellings, and the parts add nothing but noise."""
    out = []
    for match in _TOKEN.finditer(unicodedata.normalize("NFKC", text).lower()):
        value = match.group(0)
        if match.lastgroup == "num" or value.count("-") != 1 or len(value) > COMPOUND_MAX_CHARS:
            continue
        out.append((_stem(value.replace("-", "")), frozenset(_stem(p) for p in value.split("-"))))
    return out


def tokenize(text: str, *, keep_stopwords: bool = False) -> list[str]:
    return list(_tokenize(text, keep_stopwords))


@lru_cache(maxsize=65536)
def _tokenize(text: str, keep_stopwords: bool) -> tuple[str, ...]:
    """Cached: the answerer re-reads the same corpus phrases for every question."""
    text = unicodedata.normalize("NFKC", text)
    return tuple(token for token, _, _ in _tokens(text, keep_stopwords=keep_stopwords))


def content_terms(text: str) -> list[str]:
    """Distinct non-stop-word tokens in order of first appearance."""
    return list(dict.fromkeys(tokenize(text)))


class Tokenizer:
    """The default tokenizer as an object, for injection where a Protocol is expected."""

    name = "hkqa-v9"  # bump when tokens change: indexes built with another are stale

    def __call__(self, text: str) -> list[str]:
        return tokenize(text)


def tokenize_with_offsets(text: str) -> list[tuple[str, int, int]]:
    """Like :func:`tokenize` (stop words dropped) but with each token's character span.

    Offsets index ``text`` itself, so ``text`` must already be NFKC-normalised (cleaned
    corpus text is). The parts of a compound share its span.
    """
    return list(_tokens(text, keep_stopwords=False))
