"""The lexical tokenizer shared by BM25 and the answerer. Pure.

Choices, each for a reason a user would notice:

* NFKC + lower case, unicode-aware word pattern (``\\w``), so "Café" and "café" match;
* numbers are normalised: thousands separators dropped ("1,900" == "1900"), trailing
  ".0" dropped ("3.0" == "3"), decimals kept ("35.7");
* letters and digits are split ("Web3.0" -> web, 3; "2021-22" -> 2021, 22), so the
  spellings "Web3", "Web 3.0" and "Web3.0" match;
* currency marks become words: "HK$"/"HKD" -> ``hkd``, "US$"/"USD" -> ``usd``, a bare
  "$" -> ``dollar`` (its currency is often implied),
  "yuan"/"RMB"/"CNY" -> ``cny``; "%" -> ``percent``;
* English stop words are dropped and words are Snowball-stemmed (Porter 2), so
  "raised"/"raise" and "companies"/"company" match.
"""

from __future__ import annotations

import re
import unicodedata
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
    r"|(?P<word>[^\W\d_]+)",
)
_CURRENCY = {
    "hk$": "hkd", "hkd": "hkd", "us$": "usd", "usd": "usd", "$": "dollar", "rmb": "cny",
    "cny": "cny", "yuan": "cny", "renminbi": "cny", "¥": "cny", "€": "eur", "£": "gbp",
    "%": "percent", "percentage": "percent",
}  # fmt: skip

_stemmer = snowballstemmer.stemmer("english")


def normalize_number(raw: str) -> str:
    """'1,900' -> '1900'; '3.0' -> '3'; '35.70' -> '35.7'."""
    digits = raw.replace(",", "")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return digits.lstrip("0") or "0"


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


def tokenize(text: str, *, keep_stopwords: bool = False) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group(0)
        if kind == "num":
            tokens.append(normalize_number(value))
        elif kind == "cur" or value in _CURRENCY:
            tokens.append(_CURRENCY[value])
        elif keep_stopwords or value not in STOPWORDS:
            tokens.append(_stem(value))
    return tokens


def content_terms(text: str) -> list[str]:
    """Distinct non-stop-word tokens in order of first appearance."""
    return list(dict.fromkeys(tokenize(text)))


class Tokenizer:
    """The default tokenizer as an object, for injection where a Protocol is expected."""

    name = "hkqa-v1"

    def __call__(self, text: str) -> list[str]:
        return tokenize(text)


def tokenize_with_offsets(text: str) -> list[tuple[str, int, int]]:
    """Like :func:`tokenize` (stop words dropped) but with each token's character span.

    Offsets index ``text`` itself, so ``text`` must already be NFKC-normalised (cleaned
    corpus text is).
    """
    out: list[tuple[str, int, int]] = []
    lower = text.lower()
    for match in _TOKEN.finditer(lower):
        kind = match.lastgroup
        value = match.group(0)
        if kind == "num":
            token = normalize_number(value)
        elif kind == "cur" or value in _CURRENCY:
            token = _CURRENCY[value]
        elif value in STOPWORDS:
            continue
        else:
            token = _stem(value)
        out.append((token, match.start(), match.end()))
    return out
