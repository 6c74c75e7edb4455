"""The extractive answerer: picks the sentence that answers, its span, and flags conflicts.

Given retrieved chunks, every sentence in them is scored::

    score = W_DENSE * cos(question, sentence)
          + W_LEXICAL * idf-weighted share of the question's terms in the sentence
                        (terms found only in the previous sentence count half: it is
                        often what "it" or "this" in the sentence refers to)
          + W_TYPE * [the sentence holds a candidate of the expected answer type]
          + W_CONTEXT * fused score of the best chunk holding it (relative to the top)

The weights and the refusal threshold were chosen with ``hkqa eval`` on the tuning split
(eval/README.md). The answer is refused when the evidence is weak (``confidence`` below
the threshold) or when the question asks for a type (an amount, a count, ...) that the
best sentence does not contain.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from hkqa import questions as qs
from hkqa.encoders import Encoder
from hkqa.followup import CONTEXT
from hkqa.phrases import (
    appositive_after,
    described_subjects,
    enumeration,
    noun_phrase_at,
    purposes,
)
from hkqa.spans import (
    DATE,
    MONTH_NAME,
    Span,
    amount_value,
    and_parts,
    answer_type,
    counted_noun,
    find_spans,
    is_category,
    noun_phrase_spans,
    question_head,
    same_amount,
    target_terms,
    without_aside,
)
from hkqa.splitting import leans_on_context
from hkqa.tokenize import content_terms, short_compounds, tokenize, tokenize_with_offsets
from hkqa.types import Answer, AnswerType, Article, Citation, Hit, Sentence

__all__ = ["REFUSAL", "Answerer", "ScoringWeights"]

REFUSAL = "The documents do not answer this question."
TYPED = frozenset({AnswerType.MONEY, AnswerType.COUNT, AnswerType.PERCENT, AnswerType.DATE})
NUMERIC = frozenset({AnswerType.MONEY, AnswerType.COUNT, AnswerType.PERCENT})
# Words that shape a question but say nothing about its topic.
# Verbs that name the same event ("set up" a bureau = its "establishment"; firms "set up"
# in a park = "settle" there): a question worded with one matches a sentence worded with
# another, in the lexical score only (stems, after tokenize).
_SAME_EVENT = {
    "set": frozenset({"establish", "settl"}),  # "set up" a bureau / "set up" in a park
    "establish": frozenset({"set"}),
    "settl": frozenset({"set"}),
}
AGENT_BASE_MIN_CHARS = 7  # "specialist" -> "special"; "artist" is no "art"
_COMPARATIVE = re.compile(r"(?P<base>[a-z]{3,})(?:er|est)")  # adjective degree, after tokenize


def _clause_object(text: str, at: int, *, quotes_end: bool = False) -> tuple[int, int] | None:
    """The phrase from ``at`` (past any spaces) to the end of its clause, as the object of
    the verb before it ("positioned as [an international ... center],"); None when it runs
    on longer than an object does. A full stop inside a number ("Industry 4.0") goes on;
    with ``quotes_end`` a quotation mark ends the phrase too."""
    stop = r",;.:()“”\"" if quotes_end else r",;.:()"
    obj = re.match(rf"\s*(?P<o>(?:[^{stop}]|\.(?=\d))+?)\s*(?=[,;:()]|\.(?:\s|$)|$)", text[at:])
    if not obj or len(obj.group("o").split()) > IN_SITU_MAX_WORDS:
        return None
    start = at + obj.start("o")
    return start, start + len(obj.group("o"))


def _same_as(term: str) -> frozenset[str]:
    """Other stems the lexical score takes as ``term``: the same event ("set up" and
    "establish"), or an "-ist" noun's base ("specialist" technology companies are the
    "special" ones)."""
    same = _SAME_EVENT.get(term, frozenset())
    if term.endswith("ist") and len(term) > AGENT_BASE_MIN_CHARS:
        same = same | {term[: -len("ist")]}
    if (comparative := _COMPARATIVE.fullmatch(term)) is not None:
        # "smaller businesses" are "small" ones; "bigger" -> "big"
        base = comparative.group("base")
        same = same | {base, base[:-1] if base[-1:] == base[-2:-1] else base}
    return same


QUESTION_FILLER = frozenset(
    tokenize(
        "much many name named called call amount number total tell know say said according "
        "article articles mention mentioned report reported state stated describe text "
        "document documents source sources exactly approximately roughly apart aside besides "
        "except else actually really",
        keep_stopwords=False,
    )
)
_DISCOURSE = re.compile(
    r"^(?:notably|moreover|furthermore|additionally|in addition|besides|however|meanwhile|"
    r"currently|presently|also|for example|for instance|as a result|undoubtedly),\s+",
    re.I,
)
# Two sentences state the same fact when they paraphrase each other (embedding cosine) or
# share nearly all the question terms the best sentence matched.
SAME_FACT_COSINE = 0.6
SAME_FACT_COSINE_ALONE = 0.7  # a paraphrase this close needs no score margin (other wording)
SAME_FACT_COVERAGE = 0.8
# Descriptive answers: runs of the sentence the question does not use (see _clause_span).
_CLAUSE_BREAK = re.compile(
    r"[,;:()—–”“]|\s[-–—]\s|\b(?:that|which|who|whom|whose|where|while|whereas|because|"
    r"although|to)\b",
    re.I,
)
# Words that lead into an answer rather than belong to it ("including [X]", "fueled by [X]").
_LEAD_IN = re.compile(
    r"^(?:\w+ing|\w+ed|include[sd]?|encompass(?:es)?|is|are|was|were|has|have|had|became|"
    r"become|such|via|holds?|offers?)$",
    re.I,
)
CLAUSE_WEIGHT_CAP = 12.0  # idf mass beyond which a longer run is no better an answer
CLAUSE_CUE_BEFORE = 1.5  # "specializing in [answer]": the cue before a run matters most
CLAUSE_CUE_AFTER = 0.5
LIST_ITEM_TOKENS = 3
_INDEFINITE_KIND = re.compile(
    r"\b(?:a|an|another)\s+(?:[“\"]?[\w\-’']+[”\"]?\s+){0,3}?[“\"]?(?:"
    + "|".join(sorted(qs.NAMED_KINDS, key=len, reverse=True))
    + r")[”\"]?(?=\W)",
    re.I,
)
_CAPITALISED = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w’'&\-]*")
# How something is done: a model or mechanism ("a one-to-one matching funding model").
_MANNER = re.compile(r"\b(?:model|mechanism|by means of|via|formula|matching)\b", re.I)
_PASSIVE_AUX = re.compile(r"\b(?:is|are|was|were|been|being|be)\s+(?:\w+ly\s+)?$", re.I)
_WH_SUBJECT = re.compile(
    r"^\W*(?:which|what)\s+(?!(?:is|are|was|were|do|does|did|has|have|had|will|can|could|"
    r"should|would|kind|sort|type)\b)\w",
    re.I,
)
_ANAPHORIC_START = re.compile(
    r"^(?:(?:moreover|furthermore|additionally|notably|however|also),\s+)?(?:it|they|this|these|"
    # "the program", not "the Introduction Office" (a name, not a reference back)
    r"such|(?:the|this|these|that)\s+(?-i:(?:[a-z][\w\-]*\s+){0,2}?(?:program|programme|scheme|"
    r"initiative|plan|fund|mechanism|project|company|companies|committee|office|establishment|"
    r"investment|trend|approach|platform|park|firm|firms|enterprises)))\b",
    re.I,
)
_ANAPHORIC_NP = re.compile(r"^(?:these|this|those|such|that)\b", re.I)
_ORDINAL = re.compile(
    r"\b(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b", re.I
)
LIST_COVERED = 0.5  # share of an item's weight the question uses for the item to be "named"
LIST_TIE = 0.1  # items whose shares differ by less are equally unnamed
LIST_NAMED = 0.99  # ... for the question to be about that item rather than the list
PREDICATE_DENSE = 4.0  # how much a predicate's meaning counts against its shared words
TENSE_AGREEMENT = 1.0  # "which one is preparing ...?" -> the predicate in the present
ANAPHORIC_PREVIOUS = 0.9
LEANING_CONTEXT = 0.75  # "Settlement options include ...": its neighbours' words
CONTEXT_DENSE_PENALTY = 0.1
SPAN_WINDOW = 3.0  # tokens: how fast a question term's pull on a span decays with distance
ENTITY_REPEAT_MAX = 0.5  # a name mostly made of the question's own words is not its answer,
ENTITY_NOVEL_MIN = 2.0  # unless it adds a specific word of its own ("... Blueprint ...")
ENTITY_SPECIFICITY = 1.0
ENTITY_OTHER_CUES = 0.3
ENTITY_REPEAT_PENALTY = 1.0
QUOTED_NAME_BONUS = 1.0  # a quoted title answers "what is it called?"
# "Which research body ...?" is answered by an "... Institute"/"... Committee": a name
# holding one of these holds the asked-for kind, so the question's words in it describe it.
_ORGANISATION_KINDS = frozenset(
    {"body", "bodies", "organisation", "organization", "agency", "watchdog", "regulator"}
)
_ORGANISATION_STEMS = frozenset(
    tokenize(
        "institute institution committee council commission office bureau agency department "
        "authority corporation association federation board organisation organization"
    )
)
ENTITY_TYPE_WEIGHT = 8.0  # cosine(asked-for kind, name); differences of ~0.1-0.2 decide
# "Which city/country ...?": cosine(kind, name) of places here is 0.32-0.57, of other
# names (awards, exhibitions, institutes, exchanges) 0.05-0.28 (all-MiniLM-L6-v2).
_PLACE_KINDS = frozenset(
    {"city", "country", "town", "district", "province", "county", "suburb", "neighbourhood"}
)  # one place; "cities" may be a region
PLACE_FIT_MIN = 0.3
# "Where ...?" is answered by a place: a name with a place noun ("Science Park", "Xintian
# Science and Technology City") or one in a locative phrase ("at the International
# Exhibition of Inventions", "on the Hong Kong Stock Exchange"); not the collection's
# background ("Hong Kong" in articles about Hong Kong), which answers no "where".
_PLACE_NOUNS = frozenset(
    """park parks city cities town district area zone port harbour harbor bay island islands
    centre center campus estate hub valley street road square tower plaza village region
    province country airport station building exchange exhibition expo""".split()
)
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|within|inside|into|near|across|throughout|on)\s+(?:the\s+)?[“\"]?$"
)
# Kinds of scheme a question and an article may name each other by ("the scheme" is the
# "... 1+ Plan").
_SCHEME_KINDS = frozenset(tokenize("scheme plan programme initiative"))
# "overseas only", "excluding the mainland", "as opposed to": one part of a pair on its own.
_SETS_APART = re.compile(
    r"\b(?:only|specifically|alone|solely|excluding|exclude|not\s+counting|as\s+opposed\s+to|"
    r"separately|on\s+(?:its|their)\s+own|broken\s+down|split\s+between)\b",
    re.I,
)
_DISJUNCTION = re.compile(r"\b(?P<a>[\w\-]+(?:\s+[A-Z][\w\-]*)?)\s+or\s+(?P<b>[\w\-]+)\b")
PLACE_MARGIN = 0.15  # how far below a placeless top sentence one naming a place may answer
BACKGROUND_SHARE = 0.3  # a word in this share of sentences is background (as in the pipeline)
BACKGROUND_MIN = 3  # ... and in at least this many: in a tiny corpus every word is common
# Nouns for firms in general, which count any kind of firm ("how many firms" is answered by
# "430 startups"); a specific kind ("unicorns") is answered only by a count of that kind.
_FIRM_WORDS = frozenset(
    tokenize(
        "companies firms businesses enterprises entities organisations organizations outfits "
        "players corporations"
    )
)
_FIRM_KINDS = _FIRM_WORDS | frozenset(tokenize("startups unicorns"))
_CURRENCY_TOKENS = frozenset({"hkd", "usd", "cny", "dollar", "eur", "gbp"})
# Confidence: the dense similarity carries paraphrases, the lexical share exact wording.
CONF_DENSE = 0.7
CONF_LEXICAL = 0.3
# "several key enterprises": a quantity of the asked-for things, naming none of them.
_VAGUE_QUANTITY = re.compile(
    r"^(?:several|some|many|various|numerous|multiple|certain|a number of|a few|other)\b", re.I
)
LIST_PREDICATE_TERMS = 2  # question words in what a subject list is said to do
CONSTRAINT_FALLBACK_MARGIN = 0.05  # how far below the top a constraint-meeting sentence may be
CONTEXT_TERM_WEIGHT = 0.5
ASIDE_TERM_WEIGHT = 0.5
# Present-state questions ("How many firms are in X now?") and the sentences that state a
# current total ("Presently, X hosts ...") rather than a change over a period.
PRESENT_WEIGHT = 0.1
PRESENT_MARGIN = 0.25  # how far below a period's figure a current total may answer "now"
_NOW = re.compile(r"\b(?:now|currently|presently|at present|today|to date)\b", re.I)
_PERIOD = re.compile(
    r"\b(?:over|during|in|within) the (?:past|last|previous) (?:year|months?|decade)\b", re.I
)
DENSE_FLOOR = 0.2  # below this the words may match ("set", "year") but the meaning does not
IN_SITU_MAX_WORDS = 10  # a longer run after the verb is a clause, not its object
FULL_MATCH = 0.999  # ... unless every word of the question matches (a terse query)
_REASON = re.compile(
    r"\b(?:because|due to|owing to|thanks to|as a result|in order to|so that|so as to|aims? to|"
    r"paved? the way|pav(?:es|ing) the way|made it possible|enabl(?:e|ed|es|ing)|"
    r"aimed at|to (?:expedite|facilitate|support|promote|accelerate|attract|help|assist|foster|"
    r"enhance|strengthen|speed)|recogni[sz]ing|driven by|fuel(?:l)?ed by|for the purpose)\b",
    re.I,
)
# When most of a question's weight is on words the corpus never uses, only a strong
# semantic match may answer it ("What is the population of Hong Kong?").
OOV_SHARE_HIGH = 0.75
OOV_MIN_DENSE = 0.55
# "What is the name of the unicorn ..." answered by a sentence that only says "a unicorn":
# the thing is unnamed there.
_COORDINATION = re.compile(r",\s+(?:and|but|while|whereas)\b|;")  # joins two statements
_RELATIVE_YEAR = re.compile(r"(?:in\s+)?(?:the\s+)?(?:this|last|next|past|previous)\s+year", re.I)
# "per company" is distributive; "per the headline" means "according to".
_DISTRIBUTIVE = re.compile(
    r"\b(?:each(?!\s+(?:of the\s+)?(?:articles?|sources?|documents?|reports?|texts?|"
    r"stories|story)\b)|per(?!\s+(?:the|its|their|this|that|these|those|both|each|all|either)"
    r"\b)|apiece|every single|"
    r"a single|individual(?:ly)?)\b",
    re.I,
)
# A limit ("the maximum grant") is a figure of its own: a total does not state it.
_LIMIT = re.compile(
    r"\b(?:maximum|minimum|max|cap(?:ped)?|ceiling|upper limit|lower limit|at most|"
    r"the (?:most|least) (?:money|funding|cash|subsidy|grant|support))\b",
    re.I,
)
_LIMIT_STATED = re.compile(rf"{_LIMIT.pattern}|\bup to\b(?=\s+(?:HK|US|RMB|\$|\d))", re.I)
_NAME_KIND_WORDS = frozenset(
    "programme program scheme plan fund initiative project programmes programs schemes "
    "plans funds initiatives projects".split()
)
FALLBACK_LEXICAL_GAP = 0.25
NAME_MOSTLY_MIN_WORDS = 4  # a name this long may differ from a source's wording in one word
NAME_LAST_WORD_MIN_WORDS = 6  # ... and this long, in a last word that is no kind word
# A run of capitalised words, with the small words names hold ("Committee on the ...").
_NAME_RUN = re.compile(r"(?:[A-Z][\w’'\-]*)(?:\s+(?:(?:and|of|the|for|on)\s+)*[A-Z][\w’'\-]*)*")
# Verbs of leading a body, one act however worded ("who heads X" / "chaired by").
_LEAD_VERBS = frozenset(
    tokenize(
        "head heads headed chair chairs chaired lead leads led run runs ran direct directs "
        "directed manage manages managed helm helms helmed oversee oversees oversaw steer "
        "steers steered preside presides presided"
    )
)
PROPER_MIN_CHARS = 3
AMOUNT_OF_TOKENS = 2
_LOCATED_AFTER = re.compile(
    r"[’']?s?\s*,?\s*(?:which is\s+|(?:is\s+)?(?:located|situated|based|sited)\s+)?"
    r"(?:in|at|near|inside|within|on)\s+(?:the\s+)?",
    re.I,
)  # "X, located in [Y]"
_LOCATED_BEFORE = re.compile(r"[’']s\s+(?:[\w\-]+\s+){0,2}", re.I)  # "[Y]’s flagship X"
_ACRONYM = re.compile(r"(?<![\w’'&])[A-Z][A-Z&]{1,7}s?(?![\w’'&])")
_AFTER_LOWER_WORD = re.compile(r"\b[a-z][\w’'\-]*,?\s+[“\"]?$")  # "... to Cyberport"
NAME_ADJACENT_TOKENS = 1  # how far from the thing its name may stand
# "a startup", and "a Cyberport community company became the second [platform]": an
# indefinite subject made the thing leaves the thing unnamed.
# "its fabric delivery technology invention": a definite description identifies the thing
# as well as a name would ("the six unicorns" counts them and does not).
_DESCRIBED = re.compile(
    r"\b(?:the|its|their)\s+(?!(?:two|three|four|five|six|seven|eight|nine|ten|\d+|other|"
    r"same|first|second|new|newly)\b)(?:[a-z][\w\-]*\s+){1,3}$"
)
_UNNAMED = re.compile(
    r"\b(?:a|an|another)\s+[“\"]?(?:\w+\s+){0,2}[“\"]?$|"
    r"\b(?:the|its|their)\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+$|"
    r"\b(?:a|an|another)\s+(?:[\w“”\"’'\-]+\s+){1,3}(?:became|becomes|is|was|has become|"
    r"remains)\s+(?:the|a|an)\s+(?:[\w\-]+\s+)?$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class ScoringWeights:
    dense: float = 1.0
    lexical: float = 0.6
    type_match: float = 0.25
    context: float = 0.1
    previous_sentence: float = 0.5  # weight of terms found only in the previous sentence


@dataclass(frozen=True, slots=True)
class _Scored:
    index: int  # global sentence index
    score: float
    dense: float
    lexical: float
    spans: tuple[Span, ...]


def _idf(df: int, n: int) -> float:
    """BM25's idf (Robertson-Sparck Jones, +1 to stay positive)."""
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


class Answerer:
    """Chooses the answering sentence and span from retrieved chunks. No I/O."""

    def __init__(
        self,
        *,
        articles: Sequence[Article],
        sentences: Sequence[Sentence],
        sentence_vectors: np.ndarray,
        sentence_tokens: Sequence[Sequence[str]],
        refusal_threshold: float,
        conflict_margin: float,
        weights: ScoringWeights | None = None,
        type_encoder: Encoder | None = None,
        context_vectors: np.ndarray | None = None,
    ) -> None:
        if len(sentences) != len(sentence_vectors) or len(sentences) != len(sentence_tokens):
            raise ValueError(
                f"sentences ({len(sentences)}), vectors ({len(sentence_vectors)}) and tokens "
                f"({len(sentence_tokens)}) must line up"
            )
        if not 0.0 <= refusal_threshold <= 1.0:
            raise ValueError(f"refusal_threshold must be in [0, 1], got {refusal_threshold}")
        if not 0.0 <= conflict_margin <= 1.0:
            raise ValueError(f"conflict_margin must be in [0, 1], got {conflict_margin}")
        self._articles: Mapping[str, Article] = {a.doc_id: a for a in articles}
        self._sentences = sentences
        self._vectors = sentence_vectors
        self._context_vectors = context_vectors
        self._tokens = [frozenset(t) for t in sentence_tokens]
        self._by_doc_index = {(s.doc_id, s.index): i for i, s in enumerate(sentences)}
        self._by_doc_start = {(s.doc_id, s.start): gi for gi, s in enumerate(sentences)}
        # Each sentence's predecessor in its document (what "it" and "these" refer to).
        self._previous = [self._by_doc_index.get((s.doc_id, s.index - 1)) for s in sentences]
        self._leans = [leans_on_context(s.text) for s in sentences]
        # ... and for one leaning on its context, the sentence after it too ("Settlement
        # options include ..." before "... for several key enterprises").
        following = [self._by_doc_index.get((s.doc_id, s.index + 1)) for s in sentences]
        self._prev_tokens = [
            (self._tokens[p] if p is not None else frozenset())
            | (self._tokens[f] if leans and f is not None else frozenset())
            for p, f, leans in zip(self._previous, following, self._leans, strict=True)
        ]
        self._refers_back = [bool(_ANAPHORIC_START.match(s.text)) for s in sentences]
        n = len(sentences)
        df: dict[str, int] = {}
        for toks in self._tokens:
            for t in toks:
                df[t] = df.get(t, 0) + 1
        self._idf = {t: _idf(c, n) for t, c in df.items()}
        self._background = frozenset(
            t for t, c in df.items() if c >= max(BACKGROUND_MIN, BACKGROUND_SHARE * n)
        )
        self._oov_idf = _idf(0, max(n, 1))
        self._span_cache: dict[tuple[int, AnswerType], tuple[Span, ...]] = {}
        self._type_encoder = type_encoder
        self._vector_cache: dict[str, np.ndarray] = {}
        self._offset_cache: dict[int, list[tuple[str, int, int]]] = {}
        self._describes_cache: dict[int, bool] = {}
        self._list_cache: dict[int, bool] = {}
        self._purpose_cache: dict[int, bool] = {}
        self._proper: frozenset[str] | None = None
        self._acronyms: frozenset[str] | None = None
        self.refusal_threshold = refusal_threshold
        self.conflict_margin = conflict_margin
        self.weights = weights or ScoringWeights()

    # -- scoring ---------------------------------------------------------------------

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._oov_idf)

    def _question_terms(self, question: str) -> list[str]:
        """The question's topical terms, less fillers and what it sets aside ("besides X")."""
        excluded = qs.excluded_terms(question)
        return [t for t in content_terms(question) if t not in QUESTION_FILLER | excluded]

    def _term_weights(self, question: str) -> dict[str, float]:
        """Each topical term's weight: 1, or less when it only comes from the context a
        follow-up carries in trailing parentheses ("On which exchange (…)?")."""
        main = CONTEXT.sub("", question) if CONTEXT.search(question) else question
        own = set(self._question_terms(main))
        return {t: 1.0 if t in own else CONTEXT_TERM_WEIGHT for t in self._question_terms(question)}

    def _lexical(
        self, terms: Sequence[str], i: int, weights: Mapping[str, float] | None = None
    ) -> float:
        weight = weights or {}
        mass = [(t, self.idf(t) * weight.get(t, 1.0)) for t in terms]
        total = sum(m for _, m in mass)
        if total <= 0:
            return 0.0
        own = self._tokens[i]
        prev = self._prev_tokens[i]
        # "This initiative aims to ...", "The program, which ...": the sentence is about what
        # the previous one named, so the previous sentence's terms count nearly in full.
        inherited = (
            ANAPHORIC_PREVIOUS
            if self._refers_back[i]
            else LEANING_CONTEXT
            if self._leans[i]
            else self.weights.previous_sentence
        )
        got = 0.0
        for t, m in mass:
            same = _same_as(t)
            if t in own or same & own:
                got += m
            elif t in prev or same & prev:
                got += m * inherited
        return got / total

    def _candidates(self, hits: Sequence[Hit]) -> dict[int, float]:
        """Global sentence index -> the best relative fused score of a chunk holding it."""
        out: dict[int, float] = {}
        top = max((h.score for h in hits), default=0.0) or 1.0
        for hit in hits:
            for idx in hit.chunk.sentence_indices:
                gi = self._by_doc_index.get((hit.chunk.doc_id, idx))
                if gi is not None:
                    out[gi] = max(out.get(gi, 0.0), hit.score / top)
        return out

    def _spans(self, gi: int, kind: AnswerType) -> tuple[Span, ...]:
        """Candidate spans of a sentence, computed once per sentence and type."""
        key = (gi, kind)
        if key not in self._span_cache:
            self._span_cache[key] = tuple(find_spans(self._sentences[gi].text, kind))
        return self._span_cache[key]

    def _offsets(self, gi: int) -> list[tuple[str, int, int]]:
        if gi not in self._offset_cache:
            self._offset_cache[gi] = tokenize_with_offsets(self._sentences[gi].text)
        return self._offset_cache[gi]

    def _entity_spans(
        self,
        gi: int,
        question_terms: set[str],
        head: str | None = None,
        excluded: frozenset[str] = frozenset(),
        *,
        asks_name_of: frozenset[str] | None = None,
    ) -> tuple[Span, ...]:
        """Names (or noun phrases ending in the asked-for noun) that the question lacks.

        ``asks_name_of`` is, for "what is the name of X?", the terms the question itself
        writes as a name (capitalised): X's own name is then no answer."""
        names = self._spans(gi, AnswerType.ENTITY)
        if excluded:
            # "Other than the A Park, which city ...": "A Park and B City" holds both; offer
            # its parts so the one not set aside can answer.
            names = (*names, *(p for n in names for p in and_parts(n)))
        out = self._names(gi, question_terms, head, names, excluded, asks_name_of)
        if (
            head
            and asks_name_of is None  # "the name of the operator": a name, not a description
            and not is_category(head)
            and not any(_first_token(head) in tokenize(n.text) for n in out)
        ):
            # "Name the invention that won ...": a thing of no named kind is described ("its
            # fabric delivery technology invention") as often as named.
            phrases = noun_phrase_spans(self._sentences[gi].text, head)
            out += self._names(gi, question_terms, head, phrases, excluded, asks_name_of)
        if out or not head:
            return out
        # No name: a described thing ("the hub's robotics programme") may answer "which X".
        phrases = noun_phrase_spans(self._sentences[gi].text, head)
        return self._names(gi, question_terms, head, phrases, excluded, asks_name_of)

    def _is_place(self, gi: int, span: Span) -> bool:
        """Whether a name is a place that answers "where": it holds a place noun or stands in
        a locative phrase, and is not the collection's background."""
        words = tokenize(span.text)
        if not words or set(words) <= self._background:
            return False
        if any(w.lower() in _PLACE_NOUNS for w in re.findall(r"\b[A-Z][a-z]+\b", span.text)):
            return True
        before = self._sentences[gi].text[: span.start]
        return bool(_LOCATIVE_BEFORE.search(before))

    def _mostly_excluded(self, text: str, excluded: frozenset[str]) -> bool:
        """Whether a name is mostly what the question sets aside: "Besides the Science Park"
        rules out "Hong Kong Science Park", not "Hong Kong-Shenzhen Science and Technology
        Park" (half its weight or more must be set aside)."""
        toks = set(tokenize(text))
        if not toks & excluded:
            return False
        total = sum(self.idf(t) for t in toks)
        if sum(self.idf(t) for t in toks & excluded) * 2 >= total:
            return True
        # "A Park and B City" holds the Park set aside: its parts are offered instead.
        parts = and_parts(Span(0, len(text), text, AnswerType.ENTITY))
        return any(self._mostly_excluded(part.text, excluded) for part in parts)

    def _names(
        self,
        gi: int,
        question_terms: set[str],
        head: str | None,
        candidates: Sequence[Span],
        excluded: frozenset[str],
        asks_name_of: frozenset[str] | None,
    ) -> tuple[Span, ...]:
        out = []
        head_stem = _first_token(head)
        for span in candidates:
            if self._mostly_excluded(span.text, excluded):
                continue  # "Besides the Science Park, ...": not the Science Park
            toks = {t for t, s, e in self._offsets(gi) if s >= span.start and e <= span.end}
            if not toks:
                continue
            if head_stem in toks:
                # The kind of thing asked for ("which exchange" -> "... Exchange"), unless a
                # question asking for the name of something gets only the name it wrote
                # back ("the name of the Chief Executive" -> "Chief Executive"); the name
                # of "the committee set up to steer the digital economy" may well be the
                # "Committee on the Digital Economy".
                own = toks - {head_stem}
                if toks - question_terms or asks_name_of is None or not own <= asks_name_of:
                    out.append(span)
                continue
            if toks <= _CURRENCY_TOKENS:
                continue  # "HKD" is a unit, not a name
            weight = sum(self.idf(t) for t in toks)
            novel = sum(self.idf(t) for t in toks if t not in question_terms)
            if novel > (1 - ENTITY_REPEAT_MAX) * weight or novel >= ENTITY_NOVEL_MIN:
                out.append(span)
        return tuple(out)

    def score_sentences(
        self,
        question: str,
        query_vector: np.ndarray,
        hits: Sequence[Hit],
        *,
        term_scale: Mapping[str, float] | None = None,
    ) -> tuple[AnswerType, list[str], list[_Scored]]:
        """Candidate sentences, best first. ``term_scale`` scales some terms' weights (the
        words an acronym was expanded into share one word's weight)."""
        kind = answer_type(question)
        terms = self._question_terms(question)
        term_set = set(terms)
        candidates = self._candidates(hits)
        if not candidates:
            return kind, terms, []
        head = question_head(question) if kind is AnswerType.ENTITY else None
        # "What is the name of X?" and "Who is the X that ...?" ask who or what X is: X
        # itself is no answer.
        asks_name_of = (
            frozenset(t for m in qs.QUESTION_NAME.finditer(question) for t in tokenize(m.group(0)))
            if qs.NAME_QUESTION.search(question) or qs.WHO_IS.match(question)
            else None
        )
        term_weights = self._term_weights(question)
        if term_scale:
            term_weights = {t: w * term_scale.get(t, 1.0) for t, w in term_weights.items()}
        excluded = qs.excluded_terms(question)
        # What a question sets aside ("Besides A and B, ...") is not its answer, but the
        # sentence that answers often names it too: it counts, a little.
        lex_terms = terms + [t for t in dict.fromkeys(tokenize(question)) if t in excluded]
        # "start-up": "startup" meets both spellings when the corpus knows it; its parts
        # would only count against the sentences that write it solid.
        parts = {p for joined, ps in short_compounds(question) if joined in self._idf for p in ps}
        lex_terms = [t for t in lex_terms if t not in parts]
        term_weights = {**{t: ASIDE_TERM_WEIGHT for t in excluded}, **term_weights}
        order = sorted(candidates)
        query = query_vector.astype(np.float32)
        dense = self._vectors[order] @ query
        if self._context_vectors is not None:
            # A sentence read with its predecessor may match better ("The program, which
            # ..." after the sentence naming the program); a little less than its own match.
            # A sentence leaning on its context ("Settlement options include ...") means what
            # it says only with its neighbours: no penalty.
            penalty = np.array([0.0 if self._leans[gi] else CONTEXT_DENSE_PENALTY for gi in order])
            in_context = self._context_vectors[order] @ query - penalty
            dense = np.maximum(dense, in_context)
        w = self.weights
        has_shape = self._shape_test(question, kind)
        present = qs.asks_present(question)
        counted = qs.asked_count_head(question) if kind is AnswerType.COUNT else None
        where = kind is AnswerType.ENTITY and qs.asks_place(question)
        scored = []
        for gi, d in zip(order, dense, strict=True):
            if kind in TYPED:
                spans = self._spans(gi, kind)
                if counted:
                    # Only a count of the asked-for thing is an answer ("how many unicorns"
                    # is not "over 430 startups"), so only it gives the answer shape.
                    spans = tuple(s for s in spans if self._counts(counted, gi, s))
            elif kind is AnswerType.ENTITY:
                spans = self._entity_spans(gi, term_set, head, excluded, asks_name_of=asks_name_of)
            else:
                spans = ()
            lex = self._lexical(lex_terms, gi, term_weights)
            # "Where ...?" is answered by a place, not any name.
            spans_fit = any(self._is_place(gi, sp) for sp in spans) if where else bool(spans)
            type_ok = 1.0 if spans_fit or (has_shape is not None and has_shape(gi)) else 0.0
            if kind in NUMERIC and present:
                # "How many firms are in Cyberport (now)?": the current total ("Presently,
                # it hosts ..."), not what was added over a period.
                text = self._sentences[gi].text
                lex += PRESENT_WEIGHT * (
                    bool(_NOW.search(text)) - bool(_PERIOD.search(text) and not _NOW.search(text))
                )
            score = (
                w.dense * float(d)
                + w.lexical * lex
                + (w.type_match * type_ok if kind is not AnswerType.OTHER or type_ok else 0.0)
                + w.context * candidates[gi]
            )
            scored.append(_Scored(gi, score, float(d), lex, spans))
        scored.sort(key=lambda s: (-s.score, s.index))
        return kind, terms, scored

    def _shape_test(self, question: str, kind: AnswerType) -> Callable[[int], bool] | None:
        """For a descriptive question, whether a sentence has the answer's shape; None when
        the question asks for no shape."""
        if kind is not AnswerType.OTHER:
            return None
        tests: list[Callable[[int], bool]] = []
        # "What type of company is preparing to list?": a sentence that describes things
        # ("a travel platform that is preparing ...") has the answer's shape.
        if qs.KIND_OF.search(question):
            tests.append(self._describes)
        # "What does the mechanism cover?", "in what areas ...?" / "What is the plan meant
        # to do?": a sentence with a list / a purpose clause has the answer's shape.
        if qs.COVERS.search(question) or qs.ASKS_AREAS.search(question):
            tests.append(self._has_list)
        if qs.ASKS_PURPOSE.search(question):
            tests.append(self._has_purpose)
        # "How does the funding work?": a sentence that says by what means.
        if qs.ASKS_MANNER.match(CONTEXT.sub("", question) or question) and not (
            qs.CHARACTERISE.search(question)  # "how does it describe X": a word
        ):
            tests.append(lambda gi: bool(_MANNER.search(self._sentences[gi].text)))
        if not tests:
            return None
        return lambda gi: any(test(gi) for test in tests)

    # -- spans -----------------------------------------------------------------------

    def _best_span(self, gi: int, spans: Sequence[Span], question: str) -> Span | None:
        if not spans:
            return None
        if qs.asks_place(question) and (
            placed := [s for s in spans if s.kind is AnswerType.ENTITY and self._is_place(gi, s)]
        ):
            spans = placed  # "Where did it win?": the exhibition, not the medal
        terms = set(self._question_terms(question))
        target = set(tokenize(target_terms(question)))
        head = question_head(question)
        head_stem = _first_token(head)
        asks_name = bool(qs.ASKS_NAME.search(question))
        toks = self._offsets(gi)

        def pull(span: Span) -> float:
            value = 0.0
            inside = [t for t, s, e in toks if s >= span.start and e <= span.end]
            if span.kind is AnswerType.ENTITY and inside:
                value += ENTITY_SPECIFICITY * sum(self.idf(t) for t in inside) / len(inside)
                if asks_name and span.text[:1] in '“"':
                    value += QUOTED_NAME_BONUS
                value += ENTITY_TYPE_WEIGHT * self._type_fit(head, span.text)
                if head_stem in inside or (
                    head in _ORGANISATION_KINDS and set(inside) & _ORGANISATION_STEMS
                ):
                    # The kind of thing asked for ("what committee" -> "... Committee"); the
                    # question's other words inside it describe it; a longer name is fuller.
                    value += sum(self.idf(t) for t in set(inside) if t in terms)
                    value += 0.1 * len(inside)
                else:
                    # A name that repeats the question's words is rarely its answer.
                    value -= ENTITY_REPEAT_PENALTY * sum(self.idf(t) for t in inside if t in terms)
            nearest: dict[str, float] = {}  # each question term pulls once, from its nearest use
            for tok, start, end in toks:
                if (start >= span.start and end <= span.end) or tok not in terms:
                    continue
                gap = _token_gap(toks, span, start)
                pulled = self.idf(tok) / (1.0 + gap / SPAN_WINDOW)
                if tok in target and start >= span.end and gap <= 3:
                    pulled += 2.0 * self.idf(tok)  # "over 430 startups": the counted noun
                nearest[tok] = max(nearest.get(tok, 0.0), pulled)
            pulls = sorted(nearest.values(), reverse=True)
            if span.kind is AnswerType.ENTITY and pulls:
                # A name's link to the question is its nearest cue ("license from X"); the
                # rest of the sentence's cues count a little.
                return value + pulls[0] + ENTITY_OTHER_CUES * sum(pulls[1:])
            return value + sum(pulls)

        if head_stem:
            # Of nested names holding the asked-for kind, the fullest is the answer.
            holds = [s for s in spans if head_stem in set(tokenize(s.text))]
            spans = [
                s
                for s in spans
                if not any(
                    o is not s and o.start <= s.start and s.end <= o.end and s in holds
                    for o in holds
                )
            ]
        return max(spans, key=lambda s: (pull(s), -s.start))

    def _type_fit(self, head: str | None, name: str) -> float:
        """How well a name fits the asked-for kind ("prize" ~ "Gold Medal"), by embedding.

        Vectors are cached: names come from a fixed corpus and heads from a small vocabulary.
        """
        if head is None or self._type_encoder is None:
            return 0.0
        missing = [t for t in (head, name) if t not in self._vector_cache]
        if missing:
            for text, vec in zip(missing, self._type_encoder.encode(missing), strict=True):
                self._vector_cache[text] = vec
        return float(self._vector_cache[head] @ self._vector_cache[name])

    def _clause_span(self, gi: int, question: str) -> Span | None:
        """For a descriptive question, the part of the sentence that is not the question.

        The sentence is cut into runs of words the question does not use, broken at clause
        punctuation (a comma between one- to three-word items is a list, not a break).
        The run that follows the question's most specific cue is the answer: in "X is
        experiencing unprecedented growth", asked "how is X's growth characterised?", the
        cue "experiencing"... Each run scores its own weight (capped: an answer is short)
        plus the weight of the cue right before it (and, less, right after it).
        """
        text = self._sentences[gi].text
        terms = set(self._question_terms(question))
        toks = self._offsets(gi)
        if not toks:
            return None
        runs: list[list[int]] = []  # indices into toks
        current: list[int] = []
        for i, (tok, start, _end) in enumerate(toks):
            broken = bool(current) and _CLAUSE_BREAK.search(text[toks[current[-1]][2] : start])
            if tok in terms or broken:
                if current:
                    runs.append(current)
                current = [] if tok in terms else [i]
            else:
                current.append(i)
        if current:
            runs.append(current)
        runs = _merge_list_items(runs, toks, text)
        runs = [_drop_lead_in(run, toks, text) for run in runs]
        if not runs:
            return None

        def cue(index: int) -> float:
            if 0 <= index < len(toks) and toks[index][0] in terms:
                return self.idf(toks[index][0])
            return 0.0

        # "Which sector has made strides?" asks for a subject: the answer comes before the
        # cue. "What has the market shown interest in?" asks for an object: after it.
        before, after = CLAUSE_CUE_BEFORE, CLAUSE_CUE_AFTER
        if _WH_SUBJECT.match(question):
            before, after = after, before

        def passive(index: int) -> bool:
            """ "measures were proposed": the cue's object stands before it."""
            return 0 <= index < len(toks) and bool(_PASSIVE_AUX.search(text[: toks[index][1]]))

        def score(run: list[int]) -> float:
            own = min(sum(self.idf(toks[i][0]) for i in run), CLAUSE_WEIGHT_CAP)
            later = run[-1] + 1
            after_weight = before if passive(later) and not _WH_SUBJECT.match(question) else after
            return own + before * cue(run[0] - 1) + after_weight * cue(later)

        best = max(runs, key=score)
        start, end = toks[best[0]][1], toks[best[-1]][2]
        if m := re.search(r"\b(?:the|a|an)\s+$", text[max(0, start - 5) : start], re.I):
            start -= len(m.group(0))
        while end < len(text) and text[end] in ')”’"':
            if re.match(r"[’']s\b", text[end:]):
                end += 2  # a possessive, not a closing quote: "Cyberport’s"
                break
            end += 1
        return Span(start, end, text[start:end], AnswerType.OTHER)

    def _has_list(self, gi: int) -> bool:
        if gi not in self._list_cache:
            self._list_cache[gi] = bool(enumeration(self._sentences[gi].text))
        return self._list_cache[gi]

    def _has_purpose(self, gi: int) -> bool:
        if gi not in self._purpose_cache:
            self._purpose_cache[gi] = bool(purposes(self._sentences[gi].text))
        return self._purpose_cache[gi]

    def _describes(self, gi: int) -> bool:
        """Whether the sentence says something of two or more described things."""
        if gi not in self._describes_cache:
            found = described_subjects(self._sentences[gi].text)
            self._describes_cache[gi] = len(found) >= 2
        return self._describes_cache[gi]

    def _embed(self, texts: Sequence[str]) -> np.ndarray | None:
        """Embeddings of corpus phrases (cached: the corpus is fixed), or None without an
        encoder."""
        if self._type_encoder is None or not texts:
            return None
        missing = [t for t in dict.fromkeys(texts) if t not in self._vector_cache]
        if missing:
            for text, vec in zip(missing, self._type_encoder.encode(missing), strict=True):
                self._vector_cache[text] = vec
        return np.stack([self._vector_cache[t] for t in texts])

    def _phrase_tokens(self, gi: int, start: int, end: int) -> list[str]:
        return [t for t, s, e in self._offsets(gi) if s >= start and e <= end]

    def _structured_span(
        self, gi: int, question: str, kind: AnswerType, query_vector: np.ndarray
    ) -> Span | None:
        """A span cut along the sentence's phrase structure (hkqa.phrases), when the
        question's shape asks for one: a list item or the list, the noun phrase a predicate
        is said of, an appositive, or the noun phrase around the asked-for noun."""
        asked = CONTEXT.sub("", question) or question
        terms = set(self._question_terms(question))
        found = (
            self._ordinal_span(gi, asked)
            or self._in_situ_span(gi, asked)
            # "Apart from the logistics one, what kind of unicorn ...": the question proper
            or self._subject_span(gi, without_aside(asked), terms, query_vector)
        )
        found = found or self._list_span(
            gi, asked, terms, query_vector, whole=not qs.ASKS_PROPER_NAME.search(asked)
        )
        if found is None:
            found = self._reason_span(gi, asked, terms) or self._purpose_span(gi, asked, terms)
        if found is None and kind is AnswerType.OTHER:
            found = (
                self._manner_span(gi, asked)
                or self._appositive_span(gi, asked, terms)
                or self._head_np_span(gi, asked, terms)
                or self._purpose_span(gi, asked, terms, to_object=True)
                or self._prepositional_name_span(gi, asked, terms)
            )
        if found is None:
            return None
        start, end = found
        text = self._sentences[gi].text
        return Span(start, end, text[start:end], AnswerType.OTHER)

    def _manner_span(self, gi: int, question: str) -> tuple[int, int] | None:
        """ "How will the funding work?" -> the model or mechanism the sentence names ("a
        one-to-one matching funding model")."""
        if not qs.ASKS_MANNER.match(question) or qs.CHARACTERISE.search(question):
            return None
        text = self._sentences[gi].text
        match = re.search(r"\b(?:model|mechanism|formula)s?\b", text, re.I)
        if not match:
            return None
        return noun_phrase_at(text, match.start(), match.end())

    def _subject_span(
        self, gi: int, question: str, terms: set[str], query_vector: np.ndarray
    ) -> tuple[int, int] | None:
        """ "Which one is preparing to list?" -> the noun phrase whose predicate matches."""
        if not (qs.asks_for_subject(question) or qs.KIND_OF.search(question)):
            return None
        text = self._sentences[gi].text
        described = described_subjects(text)
        if len(described) < 2:
            return None
        for d in described:
            words = set(self._phrase_tokens(gi, *d.subject))
            if words and len(words & terms) * 2 >= len(words):
                return None  # the question names one of them: it asks something else
        preds = [text[d.predicate[0] : d.predicate[1]] for d in described]
        vectors = self._embed(preds)
        tense = qs.tense(question)
        # The predicate asked about is in the question itself, not in the context a
        # follow-up carries ("... (which unicorn listed last year)").
        asked_terms = set(self._question_terms(CONTEXT.sub("", question))) or terms
        scores = []
        for i, d in enumerate(described):
            own = set(self._phrase_tokens(gi, *d.predicate))
            score = sum(self.idf(t) for t in own & asked_terms)
            if vectors is not None:
                score += PREDICATE_DENSE * float(vectors[i] @ query_vector)
            if tense and tense == qs.tense(preds[i]):
                score += TENSE_AGREEMENT
            scores.append(score)
        best = int(np.argmax(scores))
        subject = described[best].subject
        novel = set(self._phrase_tokens(gi, *subject)) - terms
        return subject if novel else None

    def _list_span(
        self,
        gi: int,
        question: str,
        terms: set[str],
        query_vector: np.ndarray,
        *,
        whole: bool,
    ) -> tuple[int, int] | None:
        """A list item, or the whole list, as the question asks.

        "Besides A and B, what else ...?" -> an item the question does not name; "which
        one relates to health?" -> the one item holding a question word; "which industries
        ...?" (a plural, or "what does it cover") -> the whole list.
        """
        text = self._sentences[gi].text
        items = enumeration(text)
        if not items:
            return None
        toks = [self._phrase_tokens(gi, a, b) for a, b in items]
        # What the question names: its terms, and what it sets aside ("besides A and B").
        aside = qs.excluded_terms(question)
        named = terms | aside

        def share(item: list[str], words: set[str] | frozenset[str]) -> float:
            total = sum(self.idf(t) for t in item) or 1.0
            return sum(self.idf(t) for t in item if t in words) / total

        # Items set aside: mostly named by the "besides ..." phrase, or by the other words
        # (each on its own: "health" and a set-aside "technology" do not add up).
        covered = [max(share(item, aside), share(item, terms)) >= LIST_COVERED for item in toks]
        spelled_out = [share(item, named) >= LIST_NAMED for item in toks]
        # An item holding a question word found nowhere else in the sentence ("health").
        inside = {t for item in toks for t in item}
        outside = set(self._tokens[gi]) - inside | {
            t for t, s, e in self._offsets(gi) if not any(a <= s and e <= b for a, b in items)
        }
        asked_for = set(tokenize(qs.asked_for_phrase(question)))
        touched = [
            i
            for i, item in enumerate(toks)
            if any(t in asked_for and t not in outside for t in item)
            and any(t not in named for t in item)  # and says more than the question
        ]
        if any(covered) and qs.SETS_ASIDE.search(question):
            rest = [i for i in range(len(items)) if not covered[i]]
            if not rest:
                return None
            pick = [i for i in rest if i in touched] or rest
            # The items the question says least about, then the closest in meaning.
            least = min(share(toks[i], named) for i in pick)
            pick = [i for i in pick if share(toks[i], named) <= least + LIST_TIE]
            vectors = self._embed([text[items[i][0] : items[i][1]] for i in pick])
            if vectors is not None and len(pick) > 1:
                return items[pick[int(np.argmax(vectors @ query_vector))]]
            return items[pick[0]]
        plural = qs.asks_plural(question)
        if len(touched) == 1 and sum(covered) <= 1 and not plural:
            return items[touched[0]]
        if (plural or qs.ASKS_LIST.search(question)) and not text[: items[0][0]].strip():
            # "A, B, and C offer an ideal platform": a list that is the subject, asked
            # about by what the sentence says of it.
            said = {t for t, s, _e in self._offsets(gi) if s >= items[-1][1]}
            if len(said & terms) >= LIST_PREDICATE_TERMS:
                return items[0][0], items[-1][1]
        if any(spelled_out) or touched or not whole:
            return None  # the question names an item: it asks about that one
        # The whole list, when the question is about what leads into it.
        lead = {t for t, _s, e in self._offsets(gi) if e <= items[0][0]}
        if (plural or qs.ASKS_LIST.search(question)) and lead & terms:
            return items[0][0], items[-1][1]
        return None

    def _reason_span(self, gi: int, question: str, terms: set[str]) -> tuple[int, int] | None:
        """ "Why ...?" -> the reason clause ("recognizing the significance of X, which ..."),
        the one that says most beyond the question, up to the end of its clause."""
        if not qs.WHY.match(question):
            return None
        text = self._sentences[gi].text
        best: tuple[float, tuple[int, int]] | None = None
        for match in _REASON.finditer(text):
            end = len(text)
            for comma in re.finditer(r",\s+(?!(?:which|who|whose|where)\b)", text[match.end() :]):
                end = match.end() + comma.start()
                break
            start, end = match.start(), end
            while end > start and text[end - 1] in " ,;.":
                end -= 1
            novel = sum(self.idf(t) for t in set(self._phrase_tokens(gi, start, end)) - terms)
            if novel > 0 and (best is None or novel > best[0]):
                best = (novel, (start, end))
        if best is None:
            return None
        start, end = best[1]
        # "recognizing the significance of the service industry, which contributes ...":
        # when the clause's noun is the question's own, what it says of it is the reason.
        rel = re.search(r",\s+(which|who)\b", text[start:end])
        head = text[start : start + rel.start()] if rel else ""
        of = head.rfind(" of ")  # "the significance of [the service industry]"
        if rel and (
            noun := set(
                self._phrase_tokens(gi, start + of + 4 if of >= 0 else start, start + rel.start())
            )
        ):
            own = sum(self.idf(t) for t in noun & terms)
            if own >= 0.5 * sum(self.idf(t) for t in noun):
                return start + rel.start(1), end
        return start, end

    def _over_period(self, gi: int) -> bool:
        text = self._sentences[gi].text
        return bool(_PERIOD.search(text)) and not _NOW.search(text)

    def _beneficiary_span(self, gi: int, question: str) -> Span | None:
        """The object of the sentence's helping purpose ("... and assist [small and
        medium-sized enterprises] in adopting ...") for "who is it meant to help?"."""
        if not qs.ASKS_BENEFICIARY.search(CONTEXT.sub("", question) or question):
            return None
        text = self._sentences[gi].text
        for purpose in purposes(text):
            if text[purpose.verb[0] : purpose.verb[1]].lower() in qs.HELPING_VERBS:
                start, end = purpose.obj
                return Span(start, end, text[start:end], AnswerType.OTHER)
        return None

    def _share_of_part(self, gi: int, question: str) -> Span | None:
        """For "how many of the X are from Y?", the share the sentence gives of that part
        ("with 20% originating from mainland China or overseas"): a percentage followed,
        within its clause, by the words that mark the part."""
        match = qs.PART_OF_COUNT.match(CONTEXT.sub("", question) or question)
        if not match:
            return None
        marks = {t for t in tokenize(match.group("pred")) if t in self._idf}
        if not marks:
            return None
        text = self._sentences[gi].text
        for share in self._spans(gi, AnswerType.PERCENT):
            clause_end = next(
                (m.start() for m in re.finditer(r"[,;.]", text[share.end :])), len(text)
            )
            after = set(tokenize(text[share.end : share.end + clause_end]))
            if len(marks & after) * 2 >= len(marks):  # at least half the marks
                return share
        return None

    def _in_situ_span(self, gi: int, question: str) -> tuple[int, int] | None:
        """ "HK is positioned as what?" -> what follows "positioned as" in the sentence, up
        to the clause's end: the object the wh-word stands in for."""
        text = self._sentences[gi].text
        if qs.ASKS_PROPOSED.search(question) and (passive := qs.PROPOSED_PASSIVE.search(text)):
            return passive.span("np")  # "proactive measures were proposed to ..."
        for asks, stated in (
            (qs.ASKS_PROPOSED, qs.PROPOSED_STATED),  # "unveiled [proactive measures to ...]"
            (qs.ASKS_ROLE, qs.ROLE_AS),  # "positioned as [an international ... center]"
            (qs.ASKS_RESULT, qs.RESULT_STATED),  # "paved the way for [the listing of ...]"
        ):
            if (
                asks.search(question)
                and (verb := stated.search(text))
                and (found := _clause_object(text, verb.end()))
            ):
                return found
        match = qs.IN_SITU.match(question)
        if not match:
            return None
        stem = tokenize(
            match.group("content")
            or match.group("fcontent")
            or match.group("hcontent")
            or match.group("dcontent")
        )
        if not stem:
            return None
        function = match.group("function") or match.group("ffunction") or match.group("dfunction")
        for tok, _start, end in self._offsets(gi):
            if tok != stem[0]:
                continue
            after = end
            if match.group("hcontent"):
                # "How is HK positioned?" -> "positioned as [X]": past "as" or "to".
                joined = re.match(r"\s+(?:as|to|into)\b", text[after:], re.I)
                after += joined.end() if joined else 0
            elif function:
                joined = re.match(rf"\s+{re.escape(function)}\b", text[after:], re.I)
                if not joined:
                    continue
                after += joined.end()
            if found := _clause_object(text, after, quotes_end=True):
                return found
        return None

    def _ordinal_span(self, gi: int, question: str) -> tuple[int, int] | None:
        """ "Which number was it to get the licence?" -> "the second" (an ordinal the
        question does not state itself)."""
        if not qs.ASKS_ORDINAL.search(question):
            return None
        stated = {m.group(0).lower().removeprefix("the ") for m in _ORDINAL.finditer(question)}
        for match in _ORDINAL.finditer(self._sentences[gi].text):
            if match.group(0).lower().removeprefix("the ") not in stated:
                return match.span()
        return None

    def _purpose_span(
        self, gi: int, question: str, terms: set[str], *, to_object: bool = False
    ) -> tuple[int, int] | None:
        """ "What is the fund meant to speed up?" -> what the sentence's purpose verb acts on
        (the one whose object the question does not already name); "meant to do?" -> the
        whole purpose."""
        match = (qs.ASKS_TO_OBJECT if to_object else qs.ASKS_PURPOSE).search(question)
        if not match:
            return None
        found = purposes(self._sentences[gi].text)
        verb = (match.groupdict().get("verb") or "").lower()
        generic = not verb or verb in qs.GENERIC_VERBS
        if qs.ASKS_OUTCOME.search(question) and (outcomes := [p for p in found if p.outcome]):
            # "What is the plan meant to achieve?": the outcome it leads to.
            found = outcomes
        best: tuple[float, tuple[int, int]] | None = None
        for purpose in found:
            obj = set(self._phrase_tokens(gi, *purpose.obj))
            novel = sum(self.idf(t) for t in obj - terms)
            if novel <= 0 or (best is not None and novel <= best[0]):
                continue
            best = (novel, (purpose.verb[0], purpose.obj[1]) if generic else purpose.obj)
        if best is None:
            return None
        start, end = best[1]
        items = enumeration(self._sentences[gi].text)
        if items and start <= items[0][0] < end <= items[0][1] + 1:
            # "to conduct comprehensive research on A, B, and C": the object runs on into
            # a list; "meant to research?" wants the list, past the question's own word.
            lead = set(self._phrase_tokens(gi, start, items[0][0]))
            return (items[0][0] if lead & terms else start), items[-1][1]
        return start, end

    def _prepositional_name_span(
        self, gi: int, question: str, terms: set[str]
    ) -> tuple[int, int] | None:
        """ "At which event ...?" -> of the sentence's names the question does not use, the
        one that best fits the asked-for kind."""
        match = qs.PREPOSITIONAL_WH.search(question)
        if not match or self._type_encoder is None:
            return None
        head = match.group("head").lower()
        names = [
            n
            for n in self._spans(gi, AnswerType.ENTITY)
            if set(tokenize(n.text)) - terms and not set(tokenize(n.text)) <= _CURRENCY_TOKENS
        ]
        if not names:
            return None
        best = max(names, key=lambda n: self._type_fit(head, n.text))
        return best.start, best.end

    def _appositive_span(self, gi: int, question: str, terms: set[str]) -> tuple[int, int] | None:
        """ "What is the Science Park?" -> "a flagship for innovation" (set off by commas);
        "what is the bureau known as now?" -> the name after "now known as"."""
        if not qs.DEFINES.search(question):
            return None
        text = self._sentences[gi].text
        for _tok, _start, end in self._offsets(gi):
            if _tok not in terms:
                continue
            found = appositive_after(text, end)
            if found and set(self._phrase_tokens(gi, *found)) - terms:
                return found
        return None

    def _head_np_span(self, gi: int, question: str, terms: set[str]) -> tuple[int, int] | None:
        """The noun phrase around the asked-for noun ("what funding model" -> "a one-to-one
        matching funding model"), or around a described noun ("how is the growth
        characterised?" -> "unprecedented growth")."""
        head = question_head(question)
        heads = {_first_token(head)} if head else set()
        if qs.CHARACTERISE.search(question):
            heads |= terms
        heads.discard(None)
        if not heads:
            return None
        text = self._sentences[gi].text
        best: tuple[float, tuple[int, int]] | None = None
        for tok, start, end in self._offsets(gi):
            if tok not in heads:
                continue
            left, right = noun_phrase_at(text, start, end)
            if _ANAPHORIC_NP.match(text[left:right]):
                continue
            novel = sum(self.idf(t) for t in set(self._phrase_tokens(gi, left, right)) - terms)
            if novel > 0 and (best is None or novel > best[0]):
                best = (novel, (left, right))
        return best[1] if best else None

    def _whole_sentence_span(self, sentence: Sentence) -> Span:
        match = _DISCOURSE.match(sentence.text)
        start = match.end() if match else 0
        text = sentence.text[start:]
        return Span(start, len(sentence.text), text, AnswerType.OTHER)

    # -- the answer ------------------------------------------------------------------

    def _citation(self, scored: _Scored, span: Span | None) -> Citation:
        s = self._sentences[scored.index]
        article = self._articles.get(s.doc_id)
        return Citation(
            doc_id=s.doc_id,
            title=article.title if article else s.doc_id,
            sentence=s.text,
            start=s.start,
            end=s.end,
            answer_start=s.start + span.start if span else None,
            answer_end=s.start + span.end if span else None,
            score=round(scored.score, 4),
            answer=span.text if span else None,
        )

    def confidence(self, best: _Scored) -> float:
        return max(0.0, min(1.0, CONF_DENSE * best.dense + CONF_LEXICAL * best.lexical))

    def _context_tokens(self, gi: int) -> frozenset[str]:
        """A sentence's tokens plus its predecessor's (what "it" and "these" refer to)."""
        return self._tokens[gi] | self._prev_tokens[gi]

    def _context_text(self, gi: int) -> str:
        """A sentence's text with its predecessor's, as :meth:`_context_tokens`."""
        text, prev = self._sentences[gi].text, self._previous[gi]
        return text if prev is None else f"{self._sentences[prev].text} {text}"

    @staticmethod
    def _lumped(question: str, text: str) -> str | None:
        """ "Overseas only, not counting the mainland?": the sentence gives one figure for
        "mainland China or overseas", which says nothing of either alone. The lumped
        phrase when the question sets the two apart, else None."""
        asked = CONTEXT.sub("", question) or question
        if not _SETS_APART.search(asked):
            return None
        words = set(tokenize(asked))
        for match in _DISJUNCTION.finditer(text):
            left, right = tokenize(match.group("a")), tokenize(match.group("b"))
            if set(left) & words and set(right) & words:
                return match.group(0)
        return None

    def unmet_constraints(self, question: str, gi: int) -> list[str]:
        """Numbers and corpus names the question states but the sentence's context lacks.

        "How many projects in 2022-23?" is not answered by a sentence about 2021-22, and a
        question about Cyberport is not answered by a sentence about the Science Park.
        Names count only when the corpus knows them (unknown names are left to the
        similarity scores: they may be paraphrases or acronyms).
        """
        if qs.YES_NO.match(question):
            return []
        context = self._context_tokens(gi)
        missing = []
        for match in qs.QUESTION_NUMBER.finditer(qs.ORDINAL_IDIOM.sub("", question)):
            stated = match.group("num") or match.group("ord")
            for tok in tokenize(stated, keep_stopwords=True):
                if tok not in context:
                    missing.append(stated)
        aside = qs.excluded_terms(question)
        currency = qs.currency_phrase(question)
        for match in qs.QUESTION_NAME.finditer(question):
            before = question[: match.start()].rstrip()
            if not before or before[-1] in '(.?!:;“"':
                continue  # capitalised because it opens a sentence or a clause
            if currency and currency[0] <= match.start() < currency[1]:
                continue  # "in Hong Kong dollars" names a currency, not a place
            if set(tokenize(match.group(0))) <= aside:
                continue  # "Apart from Cyberport, ...": what is set aside need not be there
            # Only the capitalised parts of a compound are the name ("Cyberport-based").
            named = " ".join(p for p in match.group(0).split("-") if p[:1].isupper())
            for tok in tokenize(named):
                if tok in self._idf and tok not in context:
                    if self._mostly_there(question, match, context):
                        continue  # "... Pilot Programme" where this source says "... Scheme"
                    missing.append(match.group(0))
                elif (
                    tok not in self._idf
                    and len(tok) >= 4
                    and not self._near_vocabulary(tok)
                    and not self._mostly_there(question, match, context)
                ):
                    # A name the corpus never mentions ("Singapore"), nor a misspelling of
                    # one it does ("Cyberprot"): the articles cannot say anything about it.
                    missing.append(match.group(0))
        for match in _ACRONYM.finditer(question):
            # An acronym the corpus never uses and that spells none of its phrases (those
            # were expanded before): "HKMA", "NFT". No typo allowance: acronyms are exact.
            toks = tokenize(match.group(0))
            if (
                toks
                and not any(t in self._idf for t in toks)
                and match.group(0).rstrip("s") not in self.corpus_acronyms()
                and not set(toks) & _CURRENCY_TOKENS
                and not re.match(r"\s*(?:\$|dollars?\b)", question[match.end() :], re.I)
                and not (currency and currency[0] <= match.start() < currency[1])
            ):
                missing.append(match.group(0))
        proper = self.proper_words()
        for tok, start, _end in tokenize_with_offsets(question):
            if (
                tok in proper
                and question[start].islower()
                and tok not in context
                and tok not in aside
                and not (currency and currency[0] <= start < currency[1])
            ):
                missing.append(tok)  # "cyberport's incubation program", typed lowercase
        if thing_named := self._named_unnamed(question, gi):
            missing.append(f"the name of {thing_named}")
        if (described := qs.described_kind(question)) and self._described_unnamed(gi, *described):
            missing.append(f"the name of the {described[0]}")
        if (
            (thing := qs.identity_thing(question))
            and (thing := self._mentioned_head(thing))
            and (not self._named_here(gi, thing) or self._introduced_unnamed(gi, thing))
        ):
            missing.append(f"a name for {thing}")
        text = self._sentences[gi].text
        if (lumped := self._lumped(question, text)) is not None:
            missing.append(f"{lumped} apart")
        role = qs.ROLE_HOLDER.match(CONTEXT.sub("", question) or question)
        if role and not qs.ROLE_STATED.search(text):
            missing.append(f"who holds the role of {role.group('role')}")
        if qs.WHY.match(question) and not _REASON.search(text):
            missing.append("a reason")
        elif qs.WHY.match(question) or qs.WHO_DOES.match(CONTEXT.sub("", question)):
            # "Why was the Bureau renamed?" / "Who heads the Office?": the reason or doer
            # must be for the event asked about, so one of the question's words besides its
            # names must be there.
            asked = CONTEXT.sub("", question)
            name_terms = {t for m in _CAPITALISED.finditer(asked) for t in tokenize(m.group(0))}
            name_terms |= self.proper_words()
            event = set(self._question_terms(asked)) - name_terms
            if (
                event
                and not event & context
                and not (event & _LEAD_VERBS and context & _LEAD_VERBS)
            ):
                missing.append("the event asked about")
        asked = CONTEXT.sub("", question)
        if qs.LISTED_ITEMS.search(asked) and not self._has_list(gi):
            missing.append("the items")  # "what were the three directions?" vs "three directions"
        if qs.ASKS_MECHANISM.match(asked) and not _MANNER.search(text):
            missing.append("how it works")  # a sentence that names no model or means
        if (m := qs.BEFORE_EVENT.search(asked)) and not qs.EARLIER_STATED.search(
            self._context_text(gi)
        ):
            missing.append(m.group(0))  # "before the new government took office"
        if (
            (m := qs.CUMULATIVE.search(asked))
            and not qs.ONE_PERIOD.search(qs.CUMULATIVE.sub("", asked))
            and qs.ONE_PERIOD.search(text)
            and not qs.CUMULATIVE.search(text)
        ):
            missing.append(m.group(0))  # "raised since the park opened" vs "over the past year"
        if (m := qs.PERIOD_ALONE.search(asked)) and not qs.period_pattern(m).search(text):
            missing.append(m.group(0))  # "last year alone" vs a total since 2018
        if (m := qs.YEARS_AGO.search(asked)) and not qs.AGO_STATED.search(self._context_text(gi)):
            missing.append(m.group(0))  # "two years ago" vs "over the past year"
        for measure in qs.asked_measures(question):
            # "What valuation ...?", "How many employees ...?": a figure of another kind
            # (funding, companies) does not answer.
            if not set(tokenize(measure)) & context:
                missing.append(measure)
        if (scheme := qs.UNDER_SCHEME.search(asked)) and answer_type(asked) in NUMERIC:
            # "How much was raised under the special technology listing mechanism?": a
            # figure of that scheme, whose most specific word the corpus knows must be there
            # (words it never uses may be paraphrases: "regime" for "system").
            known = [w for w in tokenize(scheme.group("np")) if w in self._idf]
            if known and max(known, key=self.idf) not in context:
                missing.append(scheme.group("np"))
        who = qs.money_subject(question)
        head = tokenize(who) if who else []
        if (
            head
            and head[0] not in self._tokens[gi]
            and not (head[0] in _FIRM_WORDS and self._tokens[gi] & _FIRM_KINDS)
        ):
            missing.append(f"the {who}")  # "How much did the travel platform raise?"
        if (m := _DISTRIBUTIVE.search(question)) and not _DISTRIBUTIVE.search(text):
            missing.append(m.group(0))  # "how much can each SME get" vs a programme total
        if (m := _LIMIT.search(question)) and not _LIMIT_STATED.search(text):
            missing.append(m.group(0))  # "the maximum subsidy" vs an allocation
        return missing

    def corpus_acronyms(self) -> frozenset[str]:
        """Upper-case words the corpus writes, also inside a token ("HK" of "HK$")."""
        if self._acronyms is None:
            found = set()
            for article in self._articles.values():
                found.update(re.findall(r"(?<![A-Za-z])[A-Z][A-Z&]+(?=s?(?![a-z]))", article.text))
            self._acronyms = frozenset(found)
        return self._acronyms

    def proper_words(self) -> frozenset[str]:
        """One-word names: words the corpus writes only capitalised (past a sentence's
        first word) and at least once on their own ("Cyberport", not "Plan" of "Five-Year
        Plan", nor "Gold" of "Gold Award"). Typed lowercase ("cyberport's program"), they
        still name something; computed once, on first use."""
        if self._proper is None:
            lower: set[str] = set()
            alone: set[str] = set()
            for gi, sentence in enumerate(self._sentences):
                text = sentence.text
                for tok, start, _end in self._offsets(gi):
                    if start > 0 and not text[start].isupper():
                        lower.add(tok)
                for run in _NAME_RUN.finditer(text):
                    toks = tokenize(run.group(0))
                    if (
                        " " not in run.group(0)
                        and len(toks) == 1
                        and toks[0].isalpha()
                        and len(toks[0]) >= PROPER_MIN_CHARS
                        and _AFTER_LOWER_WORD.search(text[: run.start()])
                    ):
                        alone.add(toks[0])
            self._proper = frozenset(alone - lower - _CURRENCY_TOKENS)
        return self._proper

    def _mostly_there(self, question: str, word: re.Match[str], context: frozenset[str]) -> bool:
        """Whether ``word`` is one word of a longer name ("Digital Transformation Support
        Pilot Programme") whose other words are all in ``context``: sources word a name
        differently ("Pilot Scheme"), and one word does not make it another name."""
        for phrase in _NAME_RUN.finditer(question):
            if not (phrase.start() <= word.start() and word.end() <= phrase.end()):
                continue
            toks = tokenize(phrase.group(0))
            absent = [t for t in toks if t not in context]
            # Only the name's kind word may differ ("Programme"/"Scheme"), never a word
            # that tells two names apart ("Hong Kong-Shenzhen ... Park").
            return (
                len(toks) >= NAME_MOSTLY_MIN_WORDS
                and absent == toks[-1:]
                and (
                    phrase.group(0).split()[-1].lower() in _NAME_KIND_WORDS
                    # a long name whose last word alone differs ("... Textiles and
                    # Clothing" / "... Textiles and Apparel")
                    or len(toks) >= NAME_LAST_WORD_MIN_WORDS
                )
            )
        return False

    def _named_unnamed(self, question: str, gi: int) -> str | None:
        """The thing a "what is the name of X" question asks about, when the sentence
        brings X in only as "a/an X" (so does not name it); else None."""
        asked = CONTEXT.sub("", question)
        if not (
            name := qs.NAME_QUESTION.search(asked)
            or qs.NAME_THE.match(asked)
            or qs.NAME_CALLED.match(asked)
        ):
            return None
        # The thing named is the phrase's head, before any clause or preposition ("the
        # document that sets out the roadmap" -> "document").
        thing = re.split(
            r"\b(?:that|which|who|whose|with|for|in|on|at|from|to|by|the|a|an)\b",
            name.group("np"),
        )[0]
        words = [w for w in tokenize(thing) if w in self._idf][:3]
        if set(tokenize(thing.split()[-1] if thing.split() else "")) & _FIRM_WORDS:
            words += sorted(_FIRM_WORDS)  # "the Cyberport firm" is "a Cyberport company"
        text = self._sentences[gi].text
        mentions = [(t, s) for t, s, _e in self._offsets(gi) if t in words]
        if any(_DESCRIBED.search(text[:start]) for _t, start in mentions):
            return None  # "its fabric delivery technology invention": identified there
        for _tok, start in mentions:
            # A capitalised mention is part of a name ("a prestigious Gold Award").
            if not text[start].isupper() and _UNNAMED.search(text[:start]):
                return name.group("np").strip()
        return None

    def _described_unnamed(self, gi: int, kind: str, words: frozenset[str]) -> bool:
        """Whether the sentence brings in the company the question describes ("which smart
        logistics company ...?") only as "a smart logistics startup", with no name beside
        it: the article does not name it."""
        if not words:
            return False
        text = self._sentences[gi].text
        names = self._spans(gi, AnswerType.ENTITY)
        for match in _INDEFINITE_KIND.finditer(text):
            if not set(tokenize(match.group(0))) & words:
                continue
            after = text[match.end() :]
            named_after = re.match(r"\s*(?:,|\(|called|named|known as)\s*", after) and any(
                n.start - match.end() <= len(after) - len(after.lstrip(" ,(")) + 8
                and n.start >= match.end()
                for n in names
            )
            if not named_after:
                return True
        return False

    def _introduced_unnamed(self, gi: int, thing: str) -> bool:
        """Whether the sentence brings the thing's head in only as "a/an/another ..." ("a
        “unicorn” company specialising in ...") with no name right after it."""
        head = tokenize(thing.split()[-1]) if thing.split() else []
        if not head:
            return False
        text = self._sentences[gi].text
        names = self._spans(gi, AnswerType.ENTITY)
        toks = self._offsets(gi)
        seen = False
        for tok, start, end in toks:
            if tok != head[0]:
                continue
            seen = True
            if not _UNNAMED.search(text[:start]):
                return False
            if any(
                (n.start >= end and _gap(toks, end, n.start) <= 1)
                or (n.end <= start and re.fullmatch(r",\s*an?\s+", text[n.end : start]))
                for n in names
            ):  # "a unicorn, Acme," / "a startup called Acme" / "Acme, a unicorn"
                return False
        return seen

    def _mentioned_head(self, thing: str) -> str:
        """The longest end of ``thing`` the corpus mentions ("Hong Kong chief executive" ->
        "chief executive" when the articles only say "the Chief Executive"), else
        ``thing``: a noun phrase's head is at its end."""
        words = thing.split()
        for i in range(len(words) - 1):  # a single word ("scheme") is no title
            tail = " ".join(words[i:])
            toks = tokenize(tail)
            if toks and any(self._mentions(j, toks) for j in range(len(self._sentences))):
                return tail
        return thing

    def _named_here(self, gi: int, thing: str) -> bool:
        """Whether the sentence names ``thing``: a name right before or after a mention of
        it, or holding it, other than the thing's own words; a possessive ("the Chief
        Executive’s Policy Address") does not name it. A sentence that never mentions it
        names it only if it is no title the corpus uses ("the govt document" may be named
        in other words; "the Chief Executive" is named next to the title)."""
        words = tokenize(thing)
        if not words:
            return True
        toks = self._offsets(gi)
        text = self._sentences[gi].text
        own = set(words)
        names = [n for n in self._spans(gi, AnswerType.ENTITY) if set(tokenize(n.text)) != own]
        # "the name of the scheme": a name ending in "Plan" or "Programme" names one.
        if (
            len(words) == 1
            and words[0] in _SCHEME_KINDS
            and any((t := tokenize(n.text)) and t[-1] in _SCHEME_KINDS for n in names)
        ):
            return True
        for i in range(len(toks) - len(words) + 1):
            if [t for t, _s, _e in toks[i : i + len(words)]] != words:
                continue
            start, end = toks[i][1], toks[i + len(words) - 1][2]
            if re.match(r"[’']s\b", text[end:]):
                continue  # "the Chief Executive’s Policy Address": a possessor, not named
            for name in names:
                if name.start <= start and end <= name.end:
                    return True  # a longer name holding it ("... Development Blueprint")
                after = name.start >= end and _gap(toks, end, name.start) <= NAME_ADJACENT_TOKENS
                before = (
                    name.end <= start
                    and _gap(toks, name.end, start) <= NAME_ADJACENT_TOKENS
                    and not re.search(r"[’']s?$", name.text)  # "the Hub’s director": its owner
                )
                if after or before:
                    return True
        if any(self._mentions(j, words) for j in range(len(self._sentences))):
            return False
        # "the DPU unicorn" is never written so: is the sentence's unicorn named?
        head = thing.split()[-1]
        if head == thing.strip():  # one word ("start-up") of several tokens
            return True
        return len(words) < 2 or not tokenize(head) or self._named_here(gi, head)

    def _mentions(self, gi: int, words: Sequence[str]) -> bool:
        """Whether sentence ``gi`` has ``words`` in a row (quick rejection by token set)."""
        if not set(words) <= self._tokens[gi]:
            return False
        toks = [t for t, _s, _e in self._offsets(gi)]
        n = len(words)
        return any(toks[i : i + n] == list(words) for i in range(len(toks) - n + 1))

    def span_off_topic(self, question: str, gi: int, span: Span) -> bool:
        """Whether a typed span sits in a clause about something else.

        "... a logistics startup that listed last year, and a travel platform that is
        preparing to list": asked when the travel platform lists, "last year" is in the
        other clause. The span's clause must hold one of the question's most specific words
        that the sentence has (the two rarest, and any as rare).
        """
        text = self._sentences[gi].text
        terms = set(self._question_terms(question))
        toks = self._offsets(gi)
        matched = {t for t, _s, _e in toks if t in terms}
        if len(matched) < 2:
            return False
        # The most specific words: those at least as rare as the second rarest (ties count).
        floor = sorted((self.idf(t) for t in matched), reverse=True)[1]
        specific = {t for t in matched if self.idf(t) >= floor}
        left = max((m.end() for m in _COORDINATION.finditer(text, 0, span.start)), default=0)
        right = next((m.start() for m in _COORDINATION.finditer(text, span.end)), len(text))
        clause = {t for t, s, e in toks if s >= left and e <= right}
        return not clause & specific

    def _usable_spans(
        self, question: str, kind: AnswerType, candidate: _Scored, query_vector: np.ndarray
    ) -> tuple[Span, ...] | None:
        """The candidate's answer spans, or None when it cannot answer the question."""
        if self.unmet_constraints(question, candidate.index):
            return None
        spans = candidate.spans
        if kind in NUMERIC and spans and not qs.CHECKS_FIGURE.search(question):
            # "How much of the HKD 10bn fund has been paid?" is not answered by "HKD 10 billion".
            stated = [v for s in find_spans(question, kind) if (v := amount_value(s.text))]
            spans = tuple(
                s
                for s in spans
                if not any(
                    (v := amount_value(s.text)) and abs(v[0] - w[0]) < 1e-9 * max(v[0], 1.0)
                    for w in stated
                )
            )
        if kind is AnswerType.MONEY and (part := qs.PARTITIVE.search(CONTEXT.sub("", question))):
            # "How much of the fund has been invested?": not the fund's own amount.
            whole = set(tokenize(part.group("head")))
            spans = tuple(s for s in spans if not self._amount_of(candidate.index, s, whole))
        if kind is AnswerType.MONEY and (codes := qs.asked_currency(question)):
            # "What is it worth in US dollars?": no conversion here, only a stated amount.
            spans = tuple(s for s in spans if (v := amount_value(s.text)) and v[1] in codes)
            if not spans:
                return None
        if kind is AnswerType.DATE:
            spans = tuple(s for s in spans if not self.span_off_topic(question, candidate.index, s))
            if qs.FUTURE_Q.search(CONTEXT.sub("", question)):
                # "When is it expected to list?" is not answered by "last year".
                spans = tuple(s for s in spans if not qs.PAST_DATE.search(s.text))
            if qs.PRECISE_DATE.search(question):
                # "On what date ...?" is not answered by "this year".
                spans = tuple(s for s in spans if not _RELATIVE_YEAR.fullmatch(s.text))
            if qs.EXACT_DAY.search(question):
                # "On what exact date in March ...?" needs the day, not "in March".
                spans = tuple(
                    s
                    for s in spans
                    if qs.STATES_DAY.search(re.sub(r"\b(?:19|20)\d\d\b", "", s.text))
                )
            if qs.ASKS_MONTH.search(question):
                # "Which month?" wants a month.
                spans = tuple(s for s in spans if MONTH_NAME.search(s.text))
            # "this year’s budget": a date that qualifies a noun dates that thing, not the
            # event asked about (unless the question is about that thing).
            text = self._sentences[candidate.index].text
            terms = set(self._question_terms(question))
            spans = tuple(
                s
                for s in spans
                if not (
                    (owned := re.match(r"[’']s\s+([\w\-]+)", text[s.end :]))
                    and not set(tokenize(owned.group(1))) & terms
                )
            )
        asked = CONTEXT.sub("", question)  # not the context a follow-up carries
        if (
            kind is AnswerType.ENTITY
            and self._type_encoder is not None
            and (head := question_head(asked)) in _PLACE_KINDS
        ):
            # "In which city ...?": only a name that reads as a city ("Gold Award" does not).
            spans = tuple(s for s in spans if self._type_fit(head, s.text) >= PLACE_FIT_MIN)
            if not spans:
                return None
        if kind is AnswerType.ENTITY and (where := qs.WHERE_IS.match(asked)):
            spans = self._located(candidate.index, where.group("x") or where.group("y"), spans)
            if not spans:
                return None
        if kind in NUMERIC and qs.BREAKDOWN.search(asked) and len(spans) < 2:
            return None  # "how many from A and how many from B?": a breakdown it lacks
        if (
            kind is AnswerType.ENTITY
            and not spans
            and (not qs.ASKS_PROPER_NAME.search(asked) or qs.ASKS_PURPOSE.search(asked))
        ):
            # "Name the sectors ...": a list or a described thing answers as well as a name.
            found = self._structured_span(candidate.index, question, kind, query_vector)
            return () if found is not None else None
        if kind is not AnswerType.OTHER and not spans:
            return None
        return spans

    def _counts(self, head: str, gi: int, span: Span) -> bool:
        """Whether the number ``span`` can count what the question counts (``head``): it
        counts nothing named ("reaching 135"), the same thing, a kind of firm when firms
        are asked about, or the question's word is unknown here (a paraphrase)."""
        noun = counted_noun(self._sentences[gi].text, span)
        if noun is None:
            return True
        asked, counted = set(tokenize(head)), set(tokenize(noun))
        if not asked or asked & counted or (asked & _FIRM_WORDS and counted & _FIRM_KINDS):
            return True
        if counted & _FIRM_WORDS and self._modifies_firm(gi, asked):
            return True  # "how many biotechs" and "57 such companies" after "biotech companies"
        return not all(t in self._idf for t in asked)

    def _amount_of(self, gi: int, span: Span, whole: set[str]) -> bool:
        """Whether ``span`` is the amount of the thing ``whole`` names: "a fund of [30
        billion yuan]", "[HKD 10 billion] “Innovation and Technology Fund”" (the thing's
        word within two words of the amount)."""
        toks = self._offsets(gi)
        before = [t for t, _s, e in toks if e <= span.start][-AMOUNT_OF_TOKENS:]
        after = [t for t, s, _e in toks if s >= span.end][:AMOUNT_OF_TOKENS]
        return bool(whole & (set(before) | set(after)))

    def _modifies_firm(self, gi: int, words: set[str]) -> bool:
        """Whether the sentence or its predecessor writes one of ``words`` right before a
        word for firms ("biotech companies"): the word then names a kind of firm."""
        prev = self._previous[gi]
        for i in (gi,) if prev is None else (prev, gi):
            toks = [t for t, _s, _e in self._offsets(i)]
            if any(a in words and b in _FIRM_WORDS for a, b in itertools.pairwise(toks)):
                return True
        return False

    def _located(self, gi: int, thing: str, spans: Sequence[Span]) -> tuple[Span, ...]:
        """The spans the sentence ties to ``thing`` as its place: "thing in/at Span",
        "thing, located in Span", "Span’s thing"."""
        words = [t for t in tokenize(thing) if t in self._idf]
        if not words:
            return ()
        text = self._sentences[gi].text
        mentions = [(s, e) for tok, s, e in self._offsets(gi) if tok == words[-1]]
        kept = []
        for span in spans:
            for start, end in mentions:
                after = text[end : span.start] if span.start >= end else None
                before = text[span.end : start] if span.end <= start else None
                if (after is not None and _LOCATED_AFTER.fullmatch(after)) or (
                    before is not None and _LOCATED_BEFORE.fullmatch(before)
                ):
                    kept.append(span)
                    break
        return tuple(kept)

    def _near_vocabulary(self, token: str) -> bool:
        """Whether a corpus word is within two edits of ``token`` (a likely misspelling)."""
        return any(
            abs(len(word) - len(token)) <= 2
            and word[:1] == token[:1]
            and _edit_distance(word, token) <= 2
            for word in self._idf
        )

    def oov_share(self, terms: Sequence[str]) -> float:
        """The share of the terms' weight on words the corpus never uses (nor a word the
        lexical score takes as the same)."""
        total = sum(self.idf(t) for t in terms)
        unknown = [t for t in terms if t not in self._idf and not _same_as(t) & self._idf.keys()]
        return sum(self.idf(t) for t in unknown) / total if total else 0.0

    def answer(
        self,
        question: str,
        query_vector: np.ndarray,
        hits: Sequence[Hit],
        *,
        original_question: str | None = None,
        term_scale: Mapping[str, float] | None = None,
    ) -> Answer:
        kind, terms, scored = self.score_sentences(
            question, query_vector, hits, term_scale=term_scale
        )
        asked = original_question if original_question is not None else question
        if not scored:
            return self._refusal(asked, question, kind, 0.0, hits)
        needs_span = kind is not AnswerType.OTHER
        # The best-scoring sentence that meets the question's constraints, if one scores
        # close to the top: two sources may word the same fact differently ("Textiles and
        # Clothing" / "Textiles and Apparel"), and only one matches the question's words.
        chosen: tuple[_Scored, tuple[Span, ...]] | None = None
        close = [c for c in scored if c.score >= scored[0].score - CONSTRAINT_FALLBACK_MARGIN]
        if (
            (described := qs.described_kind(question))
            and any(self._described_unnamed(c.index, *described) for c in close)
        ) or any(self._named_unnamed(question, c.index) for c in close):
            # The articles describe the very company asked about, and do not name it.
            return self._refusal(asked, question, kind, self.confidence(scored[0]), hits)
        if kind in NUMERIC and qs.asks_present(question) and self._over_period(scored[0].index):
            # "How many firms are in Cyberport now?": the current total ("Presently, it
            # hosts ..."), not what a past year added, if one scores near the top.
            current = next(
                (
                    c
                    for c in scored[1:]
                    if c.spans
                    and c.score >= scored[0].score - PRESENT_MARGIN
                    and _NOW.search(self._sentences[c.index].text)
                ),
                None,
            )
            if current is not None:
                close = [current, *(c for c in close if c is not current)]
        if (
            kind is AnswerType.ENTITY
            and qs.asks_place(question)
            and not any(self._is_place(scored[0].index, s) for s in scored[0].spans)
        ):
            # "Where can the firms set up?": a sentence naming no place cannot answer; the
            # best one that does, if it scores near the top.
            placed = next(
                (
                    c
                    for c in scored[1:]
                    if c.score >= scored[0].score - PLACE_MARGIN
                    and any(self._is_place(c.index, s) for s in c.spans)
                ),
                None,
            )
            if placed is not None:
                close = [placed, *(c for c in close if c is not placed)]
        passed_over = 0.0  # the best lexical match among the close sentences that cannot answer
        for candidate in close:
            usable = self._usable_spans(question, kind, candidate, query_vector)
            if usable is not None:
                chosen = (candidate, usable)
                break
            passed_over = max(passed_over, candidate.lexical)
        if (
            chosen is not None
            and passed_over >= chosen[0].lexical + FALLBACK_LEXICAL_GAP
            and not CONTEXT.search(question)  # a follow-up's context words blur the match
        ):
            # The sentences that match the question's words best cannot answer it; one that
            # shares far fewer of them would answer another question.
            chosen = None
        if chosen is None:
            return self._refusal(asked, question, kind, self.confidence(scored[0]), hits)
        best, candidates = chosen
        conf = self.confidence(best)
        if (
            conf < self.refusal_threshold
            or (best.dense < DENSE_FLOOR and best.lexical < FULL_MATCH)
            or (self.oov_share(terms) >= OOV_SHARE_HIGH and best.dense < OOV_MIN_DENSE)
        ):
            return self._refusal(asked, question, kind, conf, hits)
        sentence = self._sentences[best.index]
        span = self._best_span(best.index, candidates, question) if needs_span else None
        if kind is AnswerType.COUNT and (share := self._share_of_part(best.index, asked)):
            span = share  # "how many of the companies are from overseas?" -> "20%"
        if kind in (AnswerType.OTHER, AnswerType.ENTITY):
            structured = self._structured_span(best.index, question, kind, query_vector)
            # "Which other tech hub ...?" wants a name ("Cyberport"), not a lowercase phrase
            # ("another prominent innovation"); "which industries" may take a phrase.
            keeps_name = (
                kind is AnswerType.ENTITY
                and span is not None
                and structured is not None
                and not re.search(r"[A-Z]", structured.text)
                and bool(qs.WHICH_NAMED_PLACE.search(CONTEXT.sub("", question)))
            )
            span = span if keeps_name else (structured or span)
        if (helped := self._beneficiary_span(best.index, question)) is not None:
            span = helped  # "Who is the scheme aimed at helping?" -> whom it assists
        shown = (
            span or self._clause_span(best.index, question) or self._whole_sentence_span(sentence)
        )
        primary = self._citation(best, shown)
        citations = [primary]
        conflicts: list[Citation] = []
        if kind in NUMERIC and span is not None:  # money conflicts; counts only corroborate
            citations, conflicts = self._compare_sources(
                question, terms, kind, best, span, scored[1:], primary
            )
        if self._time_clash(question, [best.index, *self._cited_indices(citations, conflicts)]):
            # "last year's budget": the sources date this fact to another year.
            return self._refusal(asked, question, kind, conf, hits)
        if _VAGUE_QUANTITY.match(shown.text) and (
            kind is AnswerType.ENTITY or qs.ASKS_WHICH.match(CONTEXT.sub("", question))
        ):
            # "Which key enterprises ...?" -> "several key enterprises" names none.
            return self._refusal(asked, question, kind, conf, hits)
        text = shown.text
        if conflicts:
            others = "; ".join(c.answer or c.sentence for c in conflicts)
            text = f"{shown.text} (sources disagree: {others})"
        return Answer(
            question=asked,
            resolved_question=question,
            answerable=True,
            answer=text,
            confidence=round(conf, 4),
            answer_type=kind,
            citations=tuple(citations),
            conflicts=tuple([primary, *conflicts] if conflicts else ()),
            passages=tuple(hits),
        )

    def _cited_indices(
        self, citations: Sequence[Citation], conflicts: Sequence[Citation]
    ) -> list[int]:
        found = (self._by_doc_start.get((c.doc_id, c.start)) for c in [*citations, *conflicts])
        return [gi for gi in found if gi is not None]

    def _time_clash(self, question: str, indices: Sequence[int]) -> bool:
        """Whether the question dates the fact ("last year's budget") and the sentences
        stating it date it otherwise ("this year’s budget"), none as asked."""
        asked = qs.relative_times(CONTEXT.sub("", question))
        if len(asked) != 1:
            return False
        stated: set[str] = set()
        for gi in indices:
            stated |= qs.relative_times(self._sentences[gi].text)
        return bool(stated) and not stated & asked

    def _compare_sources(
        self,
        question: str,
        terms: Sequence[str],
        kind: AnswerType,
        best: _Scored,
        span: Span,
        rest: Sequence[_Scored],
        primary: Citation,
    ) -> tuple[list[Citation], list[Citation]]:
        """Other sentences stating the same fact: agreeing ones corroborate, others conflict."""
        value = amount_value(span.text)
        if value is None:
            return [primary], []
        key_terms = [t for t in terms if t in self._tokens[best.index]]
        citations, conflicts = [primary], []
        seen = [value]
        for other in rest:
            if not other.spans or not key_terms:
                continue
            cosine = float(self._vectors[best.index] @ self._vectors[other.index])
            close = other.score >= best.score - self.conflict_margin
            shares_cues = self._lexical(key_terms, other.index) >= 0.5
            same_fact = (cosine >= SAME_FACT_COSINE_ALONE and shares_cues) or (
                close
                and (
                    cosine >= SAME_FACT_COSINE
                    or self._lexical(key_terms, other.index) >= SAME_FACT_COVERAGE
                )
            )
            if not same_fact:
                continue
            other_sentence = self._sentences[other.index]
            other_span = self._best_span(other.index, other.spans, question)
            other_value = amount_value(other_span.text) if other_span else None
            if other_span is None or other_value is None:
                continue
            citation = self._citation(other, other_span)
            if same_amount(value, other_value):
                if other_sentence.doc_id != primary.doc_id:
                    citations.append(citation)
            elif kind is AnswerType.MONEY and not any(same_amount(v, other_value) for v in seen):
                conflicts.append(citation)
                seen.append(other_value)
        return citations, conflicts

    def _refusal(
        self,
        asked: str,
        resolved: str,
        kind: AnswerType,
        confidence: float,
        hits: Sequence[Hit],
    ) -> Answer:
        return Answer(
            question=asked,
            resolved_question=resolved,
            answerable=False,
            answer=REFUSAL,
            confidence=round(confidence, 4),
            answer_type=kind,
            passages=tuple(hits),
        )


def _gap(toks: Sequence[tuple[str, int, int]], start: int, end: int) -> int:
    """Tokens lying between character offsets ``start`` and ``end``."""
    return sum(1 for _t, s, e in toks if s >= start and e <= end)


def _token_gap(toks: Sequence[tuple[str, int, int]], span: Span, start: int) -> int:
    """How many tokens lie between a span and a token starting at ``start``."""
    if start >= span.end:
        return sum(1 for _, s, _e in toks if span.end <= s < start)
    return sum(1 for _, s, e in toks if start < s and e <= span.start)


def _first_token(text: str | None) -> str | None:
    tokens = tokenize(text) if text else []
    return tokens[0] if tokens else None


def _merge_list_items(
    runs: list[list[int]], toks: Sequence[tuple[str, int, int]], text: str
) -> list[list[int]]:
    """Join runs separated only by a comma when they are list items ("a, b, and c")."""
    merged: list[list[int]] = []
    for run in runs:
        if merged:
            prev = merged[-1]
            between = text[toks[prev[-1]][2] : toks[run[0]][1]]
            short = len(prev) <= LIST_ITEM_TOKENS and len(run) <= LIST_ITEM_TOKENS
            dated = any(
                DATE.search(text[toks[r[0]][1] : toks[r[-1]][2]]) for r in (prev, run)
            )  # "last October, proactive measures": a time, then the subject
            if (
                re.fullmatch(r"\s*,\s*(?:and\s+|or\s+)?", between)
                and short
                and not dated
                and run[0] == prev[-1] + 1
            ):
                prev.extend(run)
                continue
        merged.append(list(run))
    return merged


def _drop_lead_in(run: list[int], toks: Sequence[tuple[str, int, int]], text: str) -> list[int]:
    """Drop leading verbs and participles: "including a travel platform" -> "a travel platform"."""
    while len(run) > 1 and _LEAD_IN.match(text[toks[run[0]][1] : toks[run[0]][2]]):
        run = run[1:]
    # "company specializing in [new-generation chips]": a kind noun and a participle with
    # its preposition introduce what the thing does.
    if len(run) > 2:
        kind = text[toks[run[0]][1] : toks[run[0]][2]].lower()
        word = text[toks[run[1]][1] : toks[run[1]][2]]
        after = text[toks[run[1]][2] : toks[run[2]][1]]
        if (
            kind in qs.NAMED_KINDS
            and re.fullmatch(r"\w+(?:ing|ed)", word)
            and re.fullmatch(r"\s+(?:in|on|to|at|for|with)\s+(?:the\s+|a\s+|an\s+)?", after)
        ):
            return run[2:]
    return run


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
