"""What a question asks, read from its wording. Pure: regular expressions over the question.

The answerer (hkqa.answer) checks a candidate sentence against these readings: what the
question sets aside ("besides A"), whether it asks for a subject or an object, a list or
one item, a purpose, a reason, an ordinal, a specific measure (a valuation, a headcount),
the name of a thing ("who is the X"), a present-day total; and which numbers and names it
states that an answering sentence must hold.
"""

from __future__ import annotations

import re

from hkqa.followup import CONTEXT
from hkqa.spans import (
    CHECKS_STATED,
    answer_type,
    counted_head,
    normalize_question,
    question_head,
    target_terms,
)
from hkqa.tokenize import STOPWORDS, tokenize
from hkqa.types import AnswerType

__all__ = [
    "asked_for_phrase",
    "asked_measures",
    "asks_for_subject",
    "asks_plural",
    "described_kind",
    "excluded_terms",
    "identity_thing",
    "tense",
]

# Structured spans (hkqa.phrases): which construction answers which question shape.
SETS_ASIDE = re.compile(
    r"\b(?:besides|apart from|other than|aside from|except|alongside|in addition to|else|"
    r"other|another|remaining|beyond)\b",
    re.I,
)

ASKS_LIST = re.compile(
    r"\b(?:cover|covers|covered|include|includes|included|encompass\w*|comprise\w*|consist\w*|"
    r"target\w*|focus\w*|weigh\w*|consider\w*|criteria|factors|list|name the|what are|"
    r"look(?:s|ing)?\s+(?:at|for|into)|assess\w*|evaluat\w*|tak\w+\s+into\s+account|judg\w*)\b",
    re.I,
)

CHARACTERISE = re.compile(
    r"\b(?:characteri[sz]\w*|describe\w*|sum\w* up|depict\w*|portray\w*|what word|"
    r"what adjective|how (?:fast|quick|big|important|significant|strong))\b",
    re.I,
)

DEFINES = re.compile(
    r"(?i:\b(?:known as|called|named|renamed)\b)|(?i:^\W*what (?:is|are|was|were) (?:the )?)"
    r"[A-Z]",
)

AUX = r"(?:is|are|was|were|do|does|did|has|have|had|will|can|could|would|should)"

OBJECT_AFTER_AUX = re.compile(
    r"^(?:the|a|an|this|these|those|that|it|its|they|their|he|she|we|you|i|[A-Z]\w*)$"
)

# "What is the fund meant to speed up?" -> the object of the sentence's purpose verb;
# "What is it meant to do?" -> the whole purpose.
ASKS_PURPOSE = re.compile(
    r"^\W*(?:and\s+)?(?:what|who|whom)(?:[’']s)?\s+(?:(?:is|are|was|were|does|do|did|will|can|"
    r"has|have)\s+)?.*?(?:\b(?:meant|intended|designed|supposed|aim(?:s|ed)?|used|planned|"
    r"expected|there)\s+to\s+(?P<verb>\w+)(?:\s+(?:up|on|with|out|for))?|\bfor)"
    r"(?:\s+(?:exactly|precisely|really|again|then|now))?\s*\??\s*$"
    # "What is the point of X?", "what's the goal behind X?"
    r"|^\W*(?:and\s+)?what(?:[’']s|\s+is|\s+was|\s+are|\s+were)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:main\s+|whole\s+|real\s+|stated\s+)?(?:point|purpose|aim|goal|objective|mission)s?"
    r"(?:\s+(?:of|behind|for)\b|\s*\??\s*$)",
    re.I,
)

# "... capable of reaching?", "... capability to achieve what?": the object of the
# sentence's "to VERB" clause.
ASKS_TO_OBJECT = re.compile(
    r"\b(?:able|capable|capability|ability|going|expected|set|want(?:s|ed)?|plan(?:s|ned)?|"
    r"hop(?:es|ed)?|seek(?:s|ing)?|trying|tries)\s+(?:to|of)\s+(?P<verb>\w+)\s*(?:what\s*)?[.?!]*\s*$",
    re.I,
)

# "meant to achieve", "ultimately meant to help with": the outcome, not the means.
ASKS_OUTCOME = re.compile(
    r"\b(?:achieve|accomplish|result\s+in|lead\s+to|ultimately|end\s+goal|help\s+with|"
    r"bring\s+about|outcome)\b",
    re.I,
)
GENERIC_VERBS = frozenset("do achieve accomplish be serve bring deliver".split())

# "At which event ...?", "In which city ...?": a prepositional which-phrase asks for a name.
PREPOSITIONAL_WH = re.compile(
    r"\b(?:at|in|on|under|from|by|through|via|during)\s+(?:which|what)\s+(?P<head>[a-z\-]+)", re.I
)

# "Which number was it?", "Was it the first ...?": the ordinal the sentence states.
ASKS_ORDINAL = re.compile(
    r"\b(?:which|what)\s+(?:number|place|rank|position)\b|\bhow[\s\-]*many[\s\-]*th\b|"
    r"\b(?:first|second|third)\s*,?\s+(?:second|third|or)\b|^\W*(?:is|was|were|are)\b.*\b(?:the\s+)?"
    r"(?:first|second|third|last)\b|\bor which\b|"
    # "Our copy calls it the first licensed platform. Is that right?"
    r"\b(?:first|second|third)\b.*\b(?:is|was)\s+(?:that|this|it)\s+(?:right|correct|true|"
    r"accurate)\b",
    re.I,
)

COVERS = re.compile(
    r"\b(?:cover|covers|covered|include|includes|included|encompass\w*|comprise\w*|"
    r"consist\w* of|span|spans|fall(?:s)?\s+(?:under|within)|come(?:s)?\s+under)\b",
    re.I,
)

# "In what areas has the ecosystem achieved ...?": a list of areas.
ASKS_AREAS = re.compile(
    r"\b(?:what|which)\s+(?:(?:main|key|specific)\s+)?(?:areas|fields|domains|aspects|respects)\b",
    re.I,
)

KIND_OF = re.compile(r"^\W*(?:and\s+)?(?:what|which)\s+(?:kind|type|sort)s?\s+of\b", re.I)

ASKS_NAME = re.compile(r"\b(called|name[ds]?|titled?|known as)\b", re.I)

PRESENT_Q = re.compile(
    r"\b(?:now|currently|presently|at present|today|at the moment|these days|(?:are|is)\s+"
    r"(?:there|based|located|hosted|housed|in|at))\b",
    re.I,
)

PAST_Q = re.compile(r"\b(?:did|was|were|last|past|previous|ago|since|in (?:19|20)\d\d)\b", re.I)

QUESTION_NUMBER = re.compile(
    r"(?<![\w.$])(?P<num>\d[\d,]*(?:\.\d+)?)(?![\d,.]|\s*(?:months?|years?|weeks?|days?)\b)"
    r"|\b(?:the|its|their|a)\s+(?:very\s+)?(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth)\b(?!\s+(?:article|piece|story|report|source|document|text|one|paragraph)s?\b)",
    re.I,
)

# Idioms with an ordinal that states no fact ("why ... in the first place?").
ORDINAL_IDIOM = re.compile(
    r"\b(?:in the first place|first of all|at first|first and foremost)\b|"
    # "the first, second or third?": choices offered, not a fact stated
    r"\b(?:first|second|third|fourth|fifth)(?:\s*,\s*(?:first|second|third|fourth|fifth))*"
    r"\s*,?\s+or\s+(?:first|second|third|fourth|fifth|last|later)\b",
    re.I,
)

# "Why ...?" is answered by a sentence that gives a reason or a purpose.
WHY = re.compile(r"^\W*(?:and\s+)?(?:why\b|for what reason|what (?:is|was) the reason)", re.I)

# "Was it the first platform licensed?" is answered by the sentence that says it was the
# second: in a yes/no question, a stated detail is what is being checked, not a constraint.
YES_NO = re.compile(
    r"^\W*(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b", re.I
)

PRECISE_DATE = re.compile(
    r"\b(?:what|which|exact|precise)\s+(?:exact\s+)?(?:date|day)\b|\bdeadline\b|"
    r"\b(?!to\b|up\b)\w+[ \-]date\b|\bdate of\b|"  # "launch date", "the date of"
    r"\bwhen exactly\b|\bexactly when\b",
    re.I,
)

# "Who is the scheme aimed at helping?", "Which businesses is it meant to help?": whom a
# purpose serves, the object of its helping verb.
ASKS_BENEFICIARY = re.compile(
    r"(?:^|\s[-–—:;]\s|\?\s)\W*(?:and\s+|so\s+)?(?:who|whom|which\s+(?:businesses|firms|companies|groups|people|"
    r"enterprises|sectors|users))\b[^?]*\b(?:help|helps|helping|assist|assists|assisting|aimed|"
    r"aims|target|targets|targeted|targeting|benefit|benefits|support|supports|serve|serves|"
    r"for)\b\s*(?:\w+\s*)?(?:,[^?,]*\bor\b[^?]*)?\??\s*$",  # "..., big firms or small?"
    re.I,
)
HELPING_VERBS = frozenset(
    "assist assists help helps support supports benefit benefits serve serves enable enables "
    "empower empowers".split()
)

# "I have 'around HK$200bn' - correct?": a figure stated to be checked, which the answer
# may well repeat.
CHECKS_FIGURE = CHECKS_STATED

# "On what exact date ...?", "which day?": a day, which a month or a year does not give.
EXACT_DAY = re.compile(
    r"\b(?:exact|precise|specific)\s+(?:date|day)\b|\b(?:what|which)\s+day\b|"
    r"\bon\s+(?:what|which)\s+(?:exact\s+)?date\b",
    re.I,
)
STATES_DAY = re.compile(
    r"\b(?:[12]?\d|3[01])(?:st|nd|rd|th)?\b(?!\s*(?:%|years?|months?|million|billion))|"
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)

# "how many from A and how many from B?": two figures joined, not one question repeated
# ("How much X, how much have they raised?").
BREAKDOWN = re.compile(
    r"\bhow (?:many|much)\b.*\b(?:and|or|vs|versus|compared (?:to|with))\s+how (?:many|much)\b|"
    # "how many are from the mainland vs overseas?", "... each, respectively?"
    r"\bhow (?:many|much)\b[^?]*(?:\s(?:vs\.?|versus)\s(?!(?:the\s+|a\s+)?(?:year|previous|"
    r"last|prior|before|earlier|(?:19|20)\d\d))|\brespectively\b|"
    r"\b(?:breakdown|split) (?:between|by)\b)",
    re.I,
)

# Measures specific enough that a figure of another kind cannot stand in for them.
SPECIFIC_MEASURE = re.compile(
    r"(?<!-)\b(?:valuations?|valued|worth|revenues?|profits?|salar(?:y|ies)|prices?|costs?|fees?|"
    r"fares?|tax(?:es)?|sales|income|wages?|rents?|loss(?:es)?|debts?|turnover|dividends?|gdp|"
    r"exports?|imports?|employees|staff|workers|people|jobs|residents|visitors|students|"
    r"population|(?:annual|average|investment|net|financial)\s+returns?|returns?\s+on|yields?|"
    r"interest\s+rates?)\b",
    re.I,
)

# Questions that want a proper name, not any phrase ("Name the sectors ..." does not).
ASKS_PROPER_NAME = re.compile(r"\b(?:names? of|called|named|titled|known as|who|whom)\b", re.I)

NAME_QUESTION = re.compile(r"\bnames? of (?:the |its |their )?(?P<np>[\w\s\-’'“”\"]+)", re.I)
ASKS_WHICH = re.compile(r"^\W*(?:and\s+|so\s+|but\s+)?which\b", re.I)
# "What is the startup that listed last year called?": its name.
NAME_CALLED = re.compile(
    r"^\W*(?:(?:so|and|ok|okay|then|but)\s+)?what\s+(?:is|was|are|were)\s+(?:the|a|an|this|"
    r"that)\s+(?P<np>(?!(?:it|they)\b)[^?]{3,120}?)\s+(?:(?:now|actually|really|exactly|"
    r"officially)\s+)?called\s*\??\s*$",
    re.I,
)
# "Name the startup that listed ...": the imperative asks the same of one thing.
NAME_THE = re.compile(
    r"^(?:.*?\b(?:to|and|please)\s+|\W*(?:(?:please|can you|could you)\s+)?)"
    r"name\s+(?:the|a|an|its|their)\s+"
    r"(?P<np>[\w\s\-’'“”\"]+)",
    re.I,
)
ASKS_MONTH = re.compile(r"\b(?:which|what|in which|in what)\s+month\b", re.I)
# "How much of the co-investment fund has been invested?": a part of a whole, which the
# whole's own amount does not give.
PARTITIVE = re.compile(
    r"\bhow much of (?:the |its |their |this |that )?(?:[\w\-’']+ ){0,4}?"
    r"(?P<head>[\w\-]+) (?=(?:has|have|had|is|are|was|were|did|does|do|will|can|went|got|"
    r"been)\b)",
    re.I,
)
# "What did the Policy Address put forward?": what a proposal or announcement put forward,
# the object of the sentence's own verb of that kind ("unveiled proactive measures to ...").
ASKS_PROPOSED = re.compile(
    r"^\W*(?:and\s+|so\s+)?what\s+(?:did|does|has|have|will|was|were)\b[^?]*?\b(?:propose|put\s+"
    r"forward|unveil|announce|introduce|outline|set\s+out|present|suggest|recommend|roll\s+out|"
    r"lay\s+out|put\s+on\s+the\s+table|table)\b",
    re.I,
)
PROPOSED_STATED = re.compile(
    r"\b(?:proposed|put\s+forward|unveiled|announced|outlined|set\s+out|presented|suggested|"
    r"recommended|rolled\s+out|laid\s+out)\s+(?!(?:to|by|in|on|at|for|last|this|that)\b)",
    re.I,
)
# "..., proactive measures were proposed to ...": what was proposed, in the passive.
PROPOSED_PASSIVE = re.compile(
    r"(?-i:(?P<np>\b[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,3}))\s+(?:was|were|has\s+been|have\s+been|"
    r"is|are)\s+(?:proposed|put\s+forward|unveiled|announced|outlined|presented|suggested)\b",
    re.I,
)
# "What role is HK supposed to play?": the role a sentence casts it in ("positioned as X").
ASKS_ROLE = re.compile(r"\bwhat\s+(?:role|part|position|status)\b", re.I)
ROLE_AS = re.compile(r"\b\w+ed\s+as\s+", re.I)
# "How many of the companies in the park are from overseas?": a part of a whole, which a
# share ("20% originating from overseas") may give; ``pred`` is what marks the part.
PART_OF_COUNT = re.compile(
    r"^\W*(?:and\s+)?how\s+many\s+of\s+(?:the|its|their|these|those|them)\b[^?]*?\s"
    r"(?:are|is|were|was|come|comes|came|originate|originated|hail)\s+(?P<pred>[^?]+)",
    re.I,
)
# A question about what is still to come ("When is it expected to list?"): a date marked
# as past ("last year") does not answer it.
FUTURE_Q = re.compile(
    r"\b(?:will|shall|expected to|going to|set to|scheduled to|due to|plan(?:s|ned)? to|"
    r"supposed to|meant to be|(?:be|get) (?:finished|completed|done|ready)|"
    r"aims? to|upcoming|soon)\b",
    re.I,
)
PAST_DATE = re.compile(r"\b(?:last|previous|past|ago)\b", re.I)

# "Who heads X?", "Who chairs X?": the doer of an act, which the sentence must state.
WHO_DOES = re.compile(r"^\W*(?:and\s+)?who\s+(?!(?:is|are|was|were|'s|’s)\b)\w+", re.I)
# "Who is the head of X?": a role's holder, which a sentence must state with the role
# ("chaired by the Chief Executive"), not any name near X.
ROLE_HOLDER = re.compile(
    r"^\W*(?:and\s+)?who\s+(?:is|was|are|were|[’']s)\s+(?:the\s+|its\s+|their\s+)?(?:current\s+)?"
    r"(?P<role>head|chair(?:man|woman|person)?|director|leader|chief|president|ceo|founder|boss|"
    r"secretary|minister|manager|commissioner)\b",
    re.I,
)
ROLE_STATED = re.compile(
    r"\b(?:head(?:ed|s)?|chair(?:ed|s|man|woman|person)?|direct(?:ed|or|s)|lead(?:s)?|led|"
    r"chief|president|ceo|found(?:ed|er)|boss|secretary|minister|manag(?:ed|er|es)|"
    r"commissioner|run\s+by)\b",
    re.I,
)
WHO_IS = re.compile(r"^\W*who(?:[’']s| is| was| are| were)\s+(?:the|its|their|a|an)\b", re.I)

# "Who is the Chief Executive?", "What is the Chief Executive's name?": the answer is a name
# standing next to the thing ("Chief Executive John Lee", "John Lee, the Chief Executive").
IDENTITY = re.compile(
    r"^\W*(?:and\s+)?(?:who(?:[’']s| is| was)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?-i:(?:[A-Z][\w\-]*\s+){0,2}[A-Z][\w\-]*[’']s\s+)?|"  # "who is Hong Kong's [X]"
    r"what(?:[’']s| is| was)\s+(?:the\s+)?name of\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:[\w\-]+(?:\s[\w\-]+)?[’']s\s+)?|"
    r"what(?:[’']s| is| was)\s+(?:the\s+)?|"
    r"(?P<kind>(?:which|what)\s+(?:company|firm|organi[sz]ation|institution|body|startup|"
    r"enterprise|person|one)\s+(?:is|was)\s+(?:the\s+|that\s+)))"
    r"(?:current\s+|present\s+|new\s+)?(?P<x>[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,3}?)"
    r"(?P<poss>[’']s\s+name)?(?:\s+(?:of|in|at|for|that|who|which|from)\b.*)?\s*\??\s*$",
    re.I,
)

QUESTION_NAME = re.compile(r"(?<![\w’'])[A-Z][a-z][\w’'\-]*")

EXCLUSION = re.compile(
    r"\b(?:besides|apart from|aside from|other than|except(?: for)?|excluding|in addition to)\s+"
    r"(?P<x>[^,?;]+)",
    re.I,
)


def excluded_terms(question: str) -> frozenset[str]:
    """Terms of what a question sets aside: "Besides the Science Park, which hub ..." asks
    for something else, so the Science Park neither answers it nor counts as a match."""
    return frozenset(t for m in EXCLUSION.finditer(question) for t in tokenize(m.group("x")))


def asks_for_subject(question: str) -> bool:
    """Whether a which/what question asks for the subject of its verb ("Which startup
    listed last year?", "Which one is preparing to list?") rather than its object ("Which
    sector is Hong Kong digitalising?")."""
    q = re.sub(r"^\W*(?:and|so|but|then)\s+", "", normalize_question(question), flags=re.I)
    q = re.sub(r"^(?:among|of|from|in)\b[^,]*,\s*", "", q, flags=re.I)  # "Among X, which ..."
    match = re.match(r"^\W*(?:which|what)\b(?P<rest>.*)$", q, re.I)
    if not match:
        return False
    words = match.group("rest").split()
    if words and re.fullmatch(AUX, words[0], re.I):
        return False  # "What is ...", "Which is ..."
    for i, word in enumerate(words):
        if re.fullmatch(AUX, word, re.I):
            following = words[i + 1] if i + 1 < len(words) else ""
            return not OBJECT_AFTER_AUX.match(following.strip("“\"'’"))
        if i > 0 and re.fullmatch(r"\w+(?:ed|ing)|listed|went|got|won|became|made", word, re.I):
            return True
    return False


_MONEY_CONTAINER = re.compile(
    r"\b(?:fund|budget|grant|allocation|pot|financing|subsidy|subsidies|programme|program|"
    r"scheme)s?\b",
    re.I,
)


def asked_measures(question: str) -> list[str]:
    """Specific measures a question asks for: the counted noun of "how many employees",
    the head of "what valuation", a final "valued at?" / "worth?" — not the same words
    used in passing ("to improve people's lives")."""
    asked = CONTEXT.sub("", question)
    kind = answer_type(asked)
    if kind is AnswerType.COUNT:
        where = target_terms(asked)
    elif kind is AnswerType.MONEY:
        final = re.findall(r"\b(?:valued|worth)(?=(?:\s+(?:at|about))?\s*\W*$)", asked, re.I)
        if _MONEY_CONTAINER.search(asked):
            # "How much is the fund worth?": its size, which its amount states ("valued at"
            # still asks a valuation).
            final = [f for f in final if f.lower() != "worth"]
        valuation = re.findall(r"\bvaluations?\b", asked, re.I)  # "the valuation of X"
        where = " ".join([question_head(asked) or "", *final, *valuation])
    elif kind is AnswerType.PERCENT:
        # "What share of Hong Kong's GDP ...?": a share of that measure.
        part = re.search(
            r"\b(?:share|percentage|proportion|fraction|percent)\s+of\s+(?P<w>[^?,]+)", asked, re.I
        )
        where = part.group("w") if part else ""
    elif kind is AnswerType.DATE:
        # A deadline is a date of its own kind: a launch date does not answer it.
        return [m.group(0) for m in re.finditer(r"\bdeadlines?\b", asked, re.I)]
    elif phrase := _WH_PHRASE_HEAD.match(asked):
        where = phrase.group("p")  # "What profits tax rate applies ...?", "What annual return"
    else:
        return []
    return list(dict.fromkeys(m.group(0) for m in SPECIFIC_MEASURE.finditer(where)))


# "two years ago", "the year before last": a time a sentence must state (as "ago" or a
# year), not its "past year".
YEARS_AGO = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+|a few|several|many)\s+"
    r"(?:years?|months?|decades?)\s+ago\b|\b(?:year|month)\s+before\s+last\b",
    re.I,
)
AGO_STATED = re.compile(r"\bago\b|\b(?:19|20)\d\d\b", re.I)

# The words a what/which question asks about, before its verb ("what [annual return] has").
_WH_PHRASE_HEAD = re.compile(
    r"^\W*(?:and\s+)?(?:what|which)\s+(?P<p>(?:[\w\-’']+\s+){1,4}?)(?:is|are|was|were|has|"
    r"have|had|does|do|did|will|can|could|would|applies|apply|applied)\b",
    re.I,
)
_NUMBER_OF = re.compile(
    r"\b(?:number|count|total|tally) of (?:the |its |their )?(?P<t>[^?,.;]+)", re.I
)


def asked_count_head(question: str) -> str | None:
    """The noun a count question counts ("how many unicorns has it produced?" ->
    "unicorns", "the number of R&D centres" -> "centres"), or None."""
    asked = CONTEXT.sub("", question)
    if answer_type(asked) is not AnswerType.COUNT:
        return None
    phrase = target_terms(asked)
    if not phrase and (match := _NUMBER_OF.search(asked)):
        phrase = match.group("t")
    return counted_head(phrase, singular_run=True) if phrase else None


# "before the new government took office": the state before an event. Not "the year
# before" (a comparison) nor "before co-investing" (a step in a process).
BEFORE_EVENT = re.compile(
    r"(?<!year )(?<!month )(?<!day )(?<!week )\b(?:before|prior to)\s+"
    # an event ("the new government took office", "2018", "it opened"); not an act of the
    # subject ("before investing", "before invest"), which asks what is done first
    r"(?:(?:the|a|an|its|their|this|that|these|those|it|they|he|she|we|his|her)\b|"
    r"(?-i:[A-Z0-9]))[\w\-]*",
    re.I,
)
# A sentence that states an earlier state or compares with one.
EARLIER_STATED = re.compile(
    r"\b(?:before|prior|previous(?:ly)?|earlier|formerly|ago|compared|originally|initially)\b",
    re.I,
)
# A running total ("raised since the park opened", "cumulatively", "so far"), which a
# figure for one period ("over the past year") does not give.
CUMULATIVE = re.compile(
    r"\b(?:cumulative(?:ly)?|so far|to date|all[- ]time|altogether|in total|overall total|"
    r"since (?:it|they|the [\w\-]+(?: [\w\-]+)?) (?:opened|started|began|launched|was set up|"
    r"was founded|was established)|not just (?:the )?(?:last|past|this) year)\b",
    re.I,
)
ONE_PERIOD = re.compile(
    r"\b(?:over|during|in|within|for) the (?:past|last|previous) "
    r"(?:year|12 months|twelve months)\b|\b(?:last|this|past) year\b",
    re.I,
)


# "last year alone": one period of a figure that may be stated for a longer one.
PERIOD_ALONE = re.compile(
    r"\b(?P<which>this|last|past|previous)\s+(?P<unit>year|month|quarter|decade)\s+"
    r"(?:alone|only)\b|"
    # "just last year", "only this year"
    r"\b(?:just|only)\s+(?:in\s+)?(?P<which2>this|last|past|previous)\s+"
    r"(?P<unit2>year|month|quarter|decade)\b",
    re.I,
)


def period_pattern(match: re.Match[str]) -> re.Pattern[str]:
    """What a sentence must say to state a figure for the period of a ``PERIOD_ALONE``
    match: "last/past/previous" are one period, "this" another."""
    which_word = (match.group("which") or match.group("which2")).lower()
    unit = match.group("unit") or match.group("unit2")
    which = "this" if which_word == "this" else "(?:last|past|previous)"
    return re.compile(rf"\b{which}\s+(?:fiscal\s+)?{unit}", re.I)


def asked_for_phrase(question: str) -> str:
    """The words that describe what is asked for: the which/what phrase up to its verb
    ("which vehicle-related sector"), and what it "relates to" ("... relates to health")."""
    out = []
    if match := re.search(
        r"\b(?:which|what|name(?: the| a| an)?)\s+(?P<np>(?:[\w\-’']+\s+){0,3}?[\w\-’']+)"
        rf"(?=\s+(?:{AUX[3:-1]}|\w+s|\w+ed)\b|\s*[?,]|$)",
        question,
        re.I,
    ):
        out.append(match.group("np"))
    out += re.findall(r"\b(?:relat\w*|involv\w*|concern\w*)\s+(?:to\s+)?([\w\-]+)", question, re.I)
    return " ".join(out)


def identity_thing(question: str) -> str | None:
    """The thing an identity question asks the name of ("Who is the current Chief Executive
    of Hong Kong?" -> "Chief Executive"), or None. Only a thing that reads as a title or
    kind (capitalised, or "name of" / "'s name") counts: "what is the fund for" does not."""
    match = IDENTITY.match(normalize_question(question))
    if not match:
        return None
    thing = match.group("x")
    first = thing.split()[0].lower()
    if first in STOPWORDS or first in {"name", "called"}:
        return None
    if match.group("kind") and (
        re.search(r"\bto\b", thing) or re.fullmatch(r"first|second|third|last|only|\w+est", first)
    ):
        return None  # "which firm was the first to list": a rank, not a title to name
    asks_name = (
        bool(match.group("poss") or match.group("kind")) or "name of" in match.group(0).lower()
    )
    if not asks_name and (
        not question.lower().lstrip(" (").startswith(("who", "and who"))
        or any(re.search(r"(?:ed|ing)$", w) for w in thing.lower().split())
    ):
        return None
    return thing


def tense(text: str) -> str | None:
    """'present' for "is preparing", "is getting ready"; 'past' for "listed last year",
    "did it list"; None when unclear."""
    # "is preparing", "is the other one getting ready"
    if re.search(
        r"\b(?:is|are|am)\s+(?:[\w’']+\s+){0,3}?\w+ing\b|[’']s\s+\w+ing\b|^\W*(?:is|are)\b",
        text,
        re.I,
    ):
        return "present"
    if re.search(r"\b(?:was|were|did|had)\b|\b(?:last|previous|past) year\b|\b\w+ed\b", text, re.I):
        return "past"
    return None


def asks_plural(question: str) -> bool:
    head = question_head(question)
    if not head:
        return False
    return head.endswith(("s", "criteria", "data")) and not head.endswith("ss")


# "Where is X located?": the place X is in, which a sentence must tie to X ("X in Y",
# "Y’s X"); a name that only stands near X (another site in a list) is no answer.
WHERE_IS = re.compile(
    r"^\W*(?:and\s+)?where\s+(?:exactly\s+)?(?:(?:is|are)\s+(?P<x>.+?)\s*"
    r"(?:(?:located|situated|based|headquartered|found|sited|held|hosted)\b.*)?|"
    r"(?:was|were)\s+(?P<y>.+?)\s+(?:located|situated|based|headquartered|held|hosted|"
    r"staged)\b.*)\?*\s*$",
    re.I,
)


# "Where can the firms set up?", "web3 money go to where?": a place is the answer; not
# "where does X stand" (a state) or "where did X rank" (a position).
ASKS_PLACE = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|then|but)\W+)*where\b(?![^?]*\b(?:stand|stands|rank|ranked|"
    r"ranks|place[ds]?)\b)|\b(?:to|go|goes|went)\s+where\s*\?*\s*$",
    re.I,
)


def asks_place(question: str) -> bool:
    """Whether the question asks where something is, goes or happens."""
    return bool(ASKS_PLACE.search(CONTEXT.sub("", question)))


# "Which (other) tech hub ...?": a kind of place or body that has a proper name.
WHICH_NAMED_PLACE = re.compile(
    r"^\W*(?:.*,\s*)?(?:which|what)\s+(?:other\s+|another\s+)?(?:[\w\-&]+\s+){0,2}?"
    r"(?:hubs?|parks?|city|cities|committees?|councils?|commissions?|offices?|bureaus?|"
    r"institutes?|institutions?|exchanges?|agency|agencies|flagships?|venues?)\b",
    re.I,
)

# Kinds of thing a "which X" question wants the proper name of.
NAMED_KINDS = frozenset(
    """company companies firm firms startup startups start-up enterprise enterprises platform
    business businesses organisation organization unicorn unicorns institute institution
    body maker makers developer developers provider providers operator operators
    manufacturer manufacturers producer producers""".split()
)
_WHICH = re.compile(r"^\W*(?:and\s+)?(?:which|what)\s+", re.I)


def described_kind(question: str) -> tuple[str, frozenset[str]] | None:
    """ "Which smart logistics company listed?" -> ("company", {smart, logist}): the kind of
    thing whose name is asked and the question's own words describing it. None unless the
    question asks the name of a company-like thing ("what kind of company" asks a kind,
    "which of its unicorns" picks among described ones)."""
    asked = normalize_question(CONTEXT.sub("", question))
    if KIND_OF.search(asked) or not (match := _WHICH.match(asked)):
        return None
    words = re.findall(r"[\w\-’'&]+", asked[match.end() :])[:4]
    for i, word in enumerate(words):
        if word.lower() in NAMED_KINDS:
            if i + 1 < len(words) and words[i + 1].lower() == "of":
                return None
            return word.lower(), frozenset(tokenize(" ".join(words[:i])))
        if word.lower() in {"of", "is", "are", "was", "were", "do", "does", "did", "has", "have"}:
            return None
    return None


# "... worth in US dollars?", "how much is it in yuan?": the currency the answer must be in.
_ASKED_CURRENCY = re.compile(
    r"\b(?:in|into)\s+(?P<cur>(?:us|u\.s\.|american)\s+dollars?|usd|"
    r"(?:hong\s+kong|hk)\s+dollars?|hkd|hk\$|yuan|renminbi|rmb|cny)\b",
    re.I,
)
_CURRENCY_CODES = (
    (re.compile(r"^(?:us|u\.s\.|american)|^usd$", re.I), frozenset({"USD", "$"})),
    (re.compile(r"^(?:hong|hk)", re.I), frozenset({"HKD", "$"})),
    (re.compile(r"^(?:yuan|renminbi|rmb|cny)$", re.I), frozenset({"CNY"})),
)


def currency_phrase(question: str) -> tuple[int, int] | None:
    """Where the question names the currency it wants ("in Hong Kong dollars"), if it does."""
    match = _ASKED_CURRENCY.search(question)
    return match.span() if match else None


def asked_currency(question: str) -> frozenset[str] | None:
    """The currency codes an answer may be in when the question names one ("worth in US
    dollars?" -> USD, or a bare "$"); None when it names none."""
    match = _ASKED_CURRENCY.search(CONTEXT.sub("", question))
    if not match:
        return None
    for pattern, codes in _CURRENCY_CODES:
        if pattern.search(match.group("cur")):
            return codes
    return None


# "How does the funding work?", "how will the scheme help SMEs?": a manner or mechanism.
# "What were the three key directions?": the items, which a sentence that only counts
# them ("highlighted three key directions") does not give.
LISTED_ITEMS = re.compile(
    r"\b(?:what|which)\b[^?]*\b(?:are|were)\s+(?:the|its|their)\s+(?:[\w’'\-]+\s+){0,2}?"
    r"(?:two|three|four|five|six|"
    r"seven|eight|nine|ten|\d{1,2})\s+\w+|\b(?:list|name)\s+(?:the|its|their)\s+(?:two|three|four|"
    r"five|six|seven|eight|nine|ten|\d+)\s+\w+",
    re.I,
)
# "How does X work?": a mechanism, which a sentence must describe (a model, a means).
ASKS_MECHANISM = re.compile(
    r"^\W*(?:and\s+|so\s+)?how\s+(?:does|do|did|will|would|is|are|was|were)\b[^?]*"
    r"\b(?:work|works|working|operate|operates|function|functions)\b",
    re.I,
)
ASKS_MANNER = re.compile(
    r"^\W*(?:and\s+|so\s+)?how\s+(?:does|do|did|will|would|is|are|was|were|can|could)\b"
    r"(?![^?]*\b(?:many|much|long|big|large|old|often|far|important|significant)\b)",
    re.I,
)


# "HK is positioned as what?", "the examples show it can achieve what?": a wh-word left in
# place, after the verb or preposition whose object it asks for.
IN_SITU = re.compile(
    r"^(?!\W*(?:who|whom|whose|what|when|where|which|why|how)\b)[^?]*?"
    r"(?:(?P<content>[A-Za-z][\w\-’']+)\s+(?:(?P<function>as|to|into|for|on|in|at|of|with|by)\s+)?)"
    r"(?:what|who|whom|where|which(?:\s+[a-z][\w\-]*){0,4})\s*(?:\?|$)"
    # "What is HK (clearly) positioned as?": the wh-word fronted, the verb and its
    # preposition left at the end.
    r"|^\W*(?:[^?,]*,\s*)?(?:and\s+|so\s+)?what\s+(?:exactly\s+)?(?:is|are|was|were)\s+[^?]+?\s+"
    r"(?P<fcontent>[a-z][\w\-’']+ed|known|seen|chosen)\s+(?P<ffunction>as|to|into|for|with|by)"
    r"(?:\s+(?:under|in|according to|within|per)\b[^?]*)?\s*\??\s*$"
    # "What does the strategy contribute to (nationally)?", "what is it supposed to
    # contribute to for China?": the verb and its preposition at the end.
    r"|^\W*(?:[^?,]*,\s*)?(?:and\s+|so\s+)?what\s+(?:exactly\s+)?(?:do|does|did|will|can|could|"
    r"would|is|are|was|were)\s+[^?]+?\s+(?P<dcontent>(?!(?:look|looks|looking|go|goes)\b)"
    r"[a-z][\w\-’']+)\s+(?P<dfunction>to|into|towards?)"
    r"(?:\s+(?:for|in|at|within|nationally|globally|locally)\b[^?]{0,30})?\s*\??\s*$"
    # "How is HK positioned (under the plan)?": what follows the verb, "as" and all.
    r"|^\W*(?:[^?,]*,\s*)?(?:and\s+|so\s+)?how\s+(?:exactly\s+)?(?:is|are|was|were)\s+[^?]+?\s+"
    r"(?P<hcontent>[a-z][\w\-’']+ed)(?:\s+(?:under|in|according to|within|per|by)\b[^?]*)?"
    r"\s*\??\s*$",
    re.I,
)
# "What did the reform open the door to?": what a cause led to, however the sentence
# words it ("paved the way for the listing of ...").
ASKS_RESULT = re.compile(
    r"^\W*(?:and\s+|so\s+)?what\s+(?:did|does|do|has|have|will|could|would)\b[^?]*?\b"
    r"(?:open(?:ed)?\s+(?:up\s+)?(?:the|a)\s+(?:door|way)\s+(?:to|for)|paved?\s+the\s+way\s+for|"
    r"(?:lead|led)\s+to|result(?:ed)?\s+in|made?\s+possible|(?:bring|brought)\s+about|"
    r"giv(?:e|en)\s+rise\s+to|usher(?:ed)?\s+in)"
    r"(?:\s+(?:in|for|at|within)\s+[^?]{1,30})?\s*\??\s*$",  # "... open the door to in HK?"
    re.I,
)
RESULT_STATED = re.compile(
    r"\b(?:open(?:ed|s)?\s+(?:up\s+)?(?:the|a)\s+(?:door|way)\s+(?:to|for)|"
    r"pav(?:ed|es|ing)\s+the\s+way\s+for|(?:led|leads?|leading)\s+to|"
    r"result(?:ed|s|ing)?\s+in|made\s+possible|(?:brought|brings?)\s+about|"
    r"(?:gave|gives?)\s+rise\s+to|usher(?:ed|s)?\s+in)\s+",
    re.I,
)


# A fact's own time relative to now: "this year’s budget", "in the previous year", "next
# year". Not "compared to the previous year" (a comparison) nor "the past year" (a span).
_RELATIVE_TIME = re.compile(
    r"\b(?:(?:in|during|for|of|from|under|by)\s+(?:the\s+)?|(?<![\w-]))"
    r"(?P<when>this|last|previous|next|coming|current)\s+"
    r"(?:(?:fiscal|financial)\s+)?(?:year(?:[’']s)?|budget)\b",
    re.I,
)
_RELATIVE = {"this": "this", "current": "this", "last": "last", "previous": "last",
             "next": "next", "coming": "next"}  # fmt: skip


def relative_times(text: str) -> set[str]:
    """The relative times ("this", "last", "next") ``text`` dates something by."""
    out = set()
    for match in _RELATIVE_TIME.finditer(text):
        before = text[max(0, match.start() - 20) : match.start()].lower()
        if re.search(r"\b(?:compared|relative|versus|vs)\b(?:\s+\w+){0,2}\s*$", before):
            continue  # "compared to the previous year"
        out.add(_RELATIVE[match.group("when").lower()])
    return out


# "How much did the DPU unicorn raise?": the one whose money is asked about.
_MONEY_SUBJECT = re.compile(
    r"^\W*(?:and\s+|so\s+)?how\s+much\s+(?:money\s+|funding\s+|capital\s+)?(?:did|does|do|has|"
    r"have|is|are|will|was|were)\s+(?P<np>(?:the|a|an|its|their|that|this|those|these)\s+"
    r"[\w\-’'+/ ]{2,60}?)\s+(?:\w+ly\s+)?(?:raise|raised|raising|hope|hoping|plan|planning|expect|"
    r"expecting|aim|aiming|get|getting|receive|receiving)\b",
    re.I,
)


def money_subject(question: str) -> str | None:
    """The head noun of whoever a "how much did X raise/get" question asks about
    ("the Cyberport travel platform" -> "platform"), or None."""
    match = _MONEY_SUBJECT.match(CONTEXT.sub("", question))
    if not match:
        return None
    words = re.findall(r"[\w\-’'+]+", match.group("np"))
    words = [w for w in words if w.lower() not in {"the", "a", "an", "its", "their", "that",
                                                    "this", "those", "these"}]  # fmt: skip
    if not words:
        return None
    # The head ends before a prepositional tail ("the unicorn at science park" -> unicorn).
    for i, word in enumerate(words):
        if word.lower() in {"at", "in", "of", "from", "on", "under", "with", "for"} and i > 0:
            return words[i - 1]
    return words[-1]


# "raised under the special technology listing mechanism": a named scheme the figure must
# belong to, by its head noun and a word that tells it from others.
UNDER_SCHEME = re.compile(
    r"\b(?:under|through|via|by)\s+(?:the|its|their|this|that)\s+(?P<np>(?:[\w\-’']+\s+){0,4}?"
    r"(?:mechanism|scheme|programme|program|route|regime|plan|initiative|channel|pathway))\b",
    re.I,
)


def asks_present(question: str) -> bool:
    """ "How many firms are in Cyberport (now)?": the current state, not a past period."""
    asked = CONTEXT.sub("", question) or question
    return bool(PRESENT_Q.search(asked)) and not PAST_Q.search(asked)
