"""Answer types and typed answer spans. Pure: regular expressions over text.

:func:`answer_type` reads what a question asks for (an amount, a count, a percentage,
a date, a name); :func:`find_spans` finds candidate answers of a type in a sentence with
exact offsets; :func:`amount_value` normalises an amount so that two sources can be
compared ("HKD 50 million" == "50 million Hong Kong dollars" != "50 million yuan").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hkqa.types import AnswerType

__all__ = [
    "CHECKS_STATED",
    "MONTH_NAME",
    "WH_WORD",
    "Span",
    "amount_value",
    "and_parts",
    "answer_type",
    "counted_noun",
    "find_spans",
    "noun_phrase_spans",
    "question_head",
    "same_amount",
    "target_terms",
    "without_aside",
]

_QUALIFIER = (
    r"(?:(?:over|more than|nearly|almost|approximately|about|around|roughly|some|up to|"
    r"at least|surpassing|exceeding|above|below|under|less than|fewer than)\s+)?"
)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(?:million|billion|trillion|thousand|mn|bn|m|b|k)\b)?"
_CUR_BEFORE = r"(?:HK\$|US\$|RMB\s?¥?|HKD\s?|USD\s?|CNY\s?|\$|¥|€|£)"
_CUR_AFTER = (
    r"\s?(?:Hong Kong dollars?|HK dollars?|US dollars?|dollars?|yuan|renminbi|RMB|HKD|USD|"
    r"CNY|euros?|pounds?)\b"
)
MONEY = re.compile(
    rf"{_QUALIFIER}(?:{_CUR_BEFORE}\s?(?:{_NUMBER}){_SCALE}|(?:{_NUMBER}){_SCALE}{_CUR_AFTER})",
    re.IGNORECASE,
)
PERCENT = re.compile(rf"{_QUALIFIER}(?:{_NUMBER})\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    "fifty|hundred|dozen|dozens|hundreds|thousands"
)
COUNT = re.compile(
    rf"{_QUALIFIER}(?:(?<![\w.$])(?:{_NUMBER})\+?{_SCALE}|\b(?:{_NUMBER_WORDS})\b)",
    re.IGNORECASE,
)
VERSION = re.compile(r"(?<=[A-Za-z] )\d+\.\d+\b|(?<=[A-Za-z])\d+(?:\.\d+)?\b")  # Web 3.0, Web3
_MONTH = (
    r"\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?)"  # "Jan." only
)
MONTH_NAME = re.compile(_MONTH)  # a month's name ("which month?" wants one)
DATE = re.compile(
    rf"(?:(?:the\s+)?(?:end|beginning|start|middle) of (?:the\s+)?(?:previous|last|this|next)"
    rf" year|(?:(?:on|in)\s+)?(?:\b(?:[12]?\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?)?{_MONTH}"
    rf"(?:\s+\d{{1,2}}\b)?(?:,?\s+(?:19|20)\d{{2}}|\s+(?:this|last|next)"
    rf" year)?|(?:last|this|next)\s+(?:{_MONTH}|year|month|week)|(?:the\s+)?(?:previous|past)"
    r" year|\b(?:19|20)\d{2}(?:-\d{2})?\b(?:\s+fiscal year)?)",
    re.IGNORECASE,
)
_CAP_WORD = r"(?:[A-Z][\w’'\-&]*|\d+\+?(?=\s+[A-Z]))"
_JOINER = r"(?:of|and|for|the|on|in|de|&)"
ENTITY = re.compile(
    rf"“[^”]{{3,120}}”|\"[^\"]{{3,120}}\"|(?<![\w$])[A-Z][\w’'\-&]*(?![\w$])"
    rf"(?:\s+(?:{_JOINER}\s+)*{_CAP_WORD})*"
)
_NOT_ENTITIES = frozenset(
    "the a an this that these those it its in on at for with by from as and but or so "
    "moreover furthermore additionally notably however besides meanwhile currently "
    "presently since over among recognizing recognising looking building emphasizing "
    "allocating aligning".split()
)


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # offsets within the text searched
    end: int
    text: str
    kind: AnswerType


_TYPE_RULES: tuple[tuple[re.Pattern[str], AnswerType], ...] = (
    (
        re.compile(
            r"\b(what|which) (percentage|percent|share|proportion|fraction|rate)\b|"
            r"\bhow much did .{0,60}\b(increase|rise|grow|surge|jump|climb|go up)\b|"
            r"\bhow much (?:was|is|were|are|has|have|did)\b.{0,30}\b(?:up|down|higher|lower)\b|"
            r"\bby (how much|what (percentage|percent|margin))\b|\bpercent(age)?\b|%|"
            r"\bwhat\b(?:\s+[\w\-]+){0,3}\s+(growth|increase|rise|jump|surge|decline|drop)\b|"
            r"\bhow (?:big|large|much) (?:of )?an? (?:increase|rise|jump|growth|surge|decline|"
            r"drop)\b|"
            r"\bhow (?:fast|quickly)\b.{0,80}\b(?:grow|grew|grown|rise|rose|risen|increase[ds]?|"
            r"expand(?:ed)?)\b",
            re.I,
        ),
        AnswerType.PERCENT,
    ),
    (
        re.compile(
            r"\bhow much\b|\bwhat (was |is )?(the )?(amount|sum|value|budget|cost|"
            r"price)\b|\bhow (big|large)\b.{0,80}\b(fund|budget|allocation|investment|funding|"
            r"grant|financing)|\bhow many (hong kong |hk |us )?(dollars|yuan)\b|\bhow much money\b|"
            r"\bwhat(?:'s|’s)?\b.{0,30}\b(total|amount|sum)\b.{0,40}\b(poured|invested|"
            r"investment|funding|raised|allocated|spent|budget)\b|"
            r"\bwhat(?:(?:'s|’s| is| was)? the| about(?: the| its| their)?) "
            r"(?:total |cumulative |overall )*(funding|investment|financing|capital)\b"
            r"(?!\s+(?:model|mechanism|scheme|structure|approach|arrangement|channels?|sources?|"
            r"opportunit\w+|strateg\w+|priorit\w+|focus|criteria|factors))|"
            r"\b(?:total|cumulative|overall) (?:amount of )?money\b|"
            r"\bwhat\b.{0,40}\b(poured|invested|spent|budgeted)\b|"
            r"\bwhat (?:did|do|does|have|has)\b.{0,60}\braise\b|\braised?\b.{0,30}\bin total\b|"
            r"\bvaluation\b|\bvalued at\b|\bhow much is\b.{0,60}\bworth\b|"
            r"\bworth\b.{0,20}\bin\s+(?:us\s+|hong\s+kong\s+|hk\s+)?(?:dollars|yuan|usd|hkd|rmb)\b|"
            r"\bsize of (?:the |its |their |this |that )?(?:[\w\-’'&]+ ){0,4}[“\"'‘]?"
            r"(?:fund|budget|allocation|investment|grant|funding|financing)|"
            # "co-investment fund how big", "the fund size": the topic first
            r"\b(?:fund|budget|allocation|investment|grant|funding|financing)\b"
            r"(?:\s*,\s*|\s+)(?:how (?:big|large)\b|size\b)",
            re.I,
        ),
        AnswerType.MONEY,
    ),
    (
        re.compile(
            r"\bhow many\b|\b(what|which)(?:'s|’s)? (is |was )?the (total )?number of\b|"
            r"\b(?:hit|reach(?:ed)?|total(?:led)?|stand\s+at|stood\s+at)\s+what\s+(?:number|figure|"
            r"total|count)\b|"
            r"\b(?:total|overall) number\b|^\W*(?:the )?(?:count|number) of\b|\bsize of\b|"
            r"\b(?:give|tell|state|provide|find|show|know)(?: me| us)? the (?:total |overall |"
            r"exact )?number of\b|"
            r"\bhow (big|large) is\b.{0,40}\b(community|workforce|team|network|population)\b|"
            # "the head count of community companies", "community size": how many members
            r"\bhead\s?count\b|\b(?:community|workforce|team|network|population|membership|"
            r"staff)\s+size\b",
            re.I,
        ),
        AnswerType.COUNT,
    ),
    (
        re.compile(
            r"^\W*(?:and |so |but |then )?when\b(?![^?]*,\s*(?:what|which|who|how|where|why)\b)|"
            r"\bwhen\s*\?*\s*$|"
            # "listing mechanism when introduced": "when" and a participle end the query
            r"\bwhen\s+(?!(?:it|they|he|she|we|you|i|the|a|an|this|that)\b)[\w\-]+"
            r"(?:\s+(?:up|out|in|on|off))?\s*\?*\s*$|"
            r"\bwhen (?:did|was|were|is|are|will|does|do|has|have|had|can)\b|"
            r"\b(what|which|in what|in which) (?:exact |precise |specific )?"
            r"(year|month|date|day|period|time)\b(?!-)|"
            r"\bwhat(?:'s|’s| is| was| will be) (?:the |its |their )(?:[\w\-]+ ){0,2}"
            r"(?:date|year|month|day)\s*\??\s*(?:of\b|for\b|$|"
            r"(?=(?:the|that|when|it|they|its|this|hong|hk)\b))|"
            r"\bsince when\b|\bhow long ago\b|"
            r"\b(?:deadline|due date|closing date|cut-?off date)s?\b",
            re.I,
        ),
        AnswerType.DATE,
    ),
    (
        re.compile(
            r"^\W*(?:and |so |but |then )?(who|whom|whose)\b|\b(by|to|for|with|from) whom\b|"
            r"\bwho\s*\?*\s*$|\bwho (?:is|was|are|were|did|does|do|has|have|had|will|can)\b|"
            r"^\W*(?:and |so |but |then )?where\b|\bwhere else\b|"
            r"\b(which|what) (?!(?:do|does|did|is|are|was|were|has|have|had|will|can|came|"
            r"comes|happened|happens|resulted|results|led|leads|caused|causes|made|makes|drove|"
            r"drives|prompted|triggered)\b)"
            r"(?!(?:type|kind|sort)s? of\b)"
            r"((?!(?:do|does|did|is|are|was|were|has|have|had|will|can)\b)[\w&]+ ){0,4}"
            r"(organi[sz]ation|company|companies|body|institute|"
            r"institution|department|office|committee|hub|platform|park|agency|entity|"
            r"universit(?:y|ies)|college|school|hospital|bank|"
            r"exchange|city|cities|country|town|district|province|county|suburb|neighbourhood|council|"
            r"bureau|commission|centre|center|startup|firm|"
            r"enterprise|flagship|fund|plan|programme|program|scheme|initiative|"
            r"award|prize|medal|honou?r|accolade|"
            r"blueprint|mechanism|framework|document|strategy|project|team|group|regulator|watchdog|"
            r"authority|ministry|(?:political|constitutional|governing|governance|institutional)"
            r"\s+arrangement|principle|doctrine|policy)\b|"
            r"\b(what|which) is (the )?name\b|\bcalled\b|\bnamed?\b|\btitled?\b",
            re.I,
        ),
        AnswerType.ENTITY,
    ),
)


_LEADING_ASIDE = re.compile(
    r"^\W*(?:apart from|aside from|besides|other than|except for|beyond|in addition to)\b"
    r"[^,?]{1,80},\s*(?=(?:who|whom|whose|what|when|where|which|why|how)\b)",
    re.I,
)
_TRAILING_CONTEXT = re.compile(r"\s*\([^()]*\)\s*\??\s*$")


def without_aside(question: str) -> str:
    """ "Apart from the logistics one, what kind of unicorn ...?" -> the question proper."""
    return _LEADING_ASIDE.sub("", question) or question


def answer_type(question: str) -> AnswerType:
    """What the question asks for; a trailing "(context)" from follow-up resolution is ignored."""
    question = original = _UNIT_TAG.sub(r" \1?", question)  # "(count)" is a unit tag
    question = normalize_question(_TRAILING_CONTEXT.sub("", question) or question)
    # "Apart from the Science Park, where ...?": the question proper follows the aside;
    # "listing mechanism, when start?": the question follows the topic put first.
    question = _LEADING_ASIDE.sub("", question)
    if (first := re.match(_TOPIC_FIRST, question, re.I)) and _WH_START.match(question, first.end()):
        question = question[first.end() :]
    for pattern, kind in _TYPE_RULES:
        if pattern.search(question):
            return kind
    if (
        (context := _TRAILING_CONTEXT.search(original))
        and _HOW_BIG.match(question)
        # "how big is it (… co-investment fund …)?": the size of the fund the context names
        and _TYPE_RULES[1][0].search(f"{question.rstrip(' ?')} {context.group(0)}")
    ):
        return AnswerType.MONEY
    if _VERIFIES.search(question) and not _WH_ANYWHERE.search(question):
        # "Is it true that Cyberport has produced 6 unicorns?": the figure as the articles
        # state it, of the kind the question states.
        if find_spans(question, AnswerType.MONEY):
            return AnswerType.MONEY
        if find_spans(question, AnswerType.PERCENT):
            return AnswerType.PERCENT
        counts = [
            c
            for c in find_spans(question, AnswerType.COUNT)
            if c.text.lower() not in ("one", "ones")
        ]  # "the first one" counts nothing
        if counts:
            large = any(re.search(r"\b(?:million|billion|bn|m)\b", c.text, re.I) for c in counts)
            return AnswerType.MONEY if large and _MONEY_VERB.search(question) else AnswerType.COUNT
    if not _OPENS_QUESTION.match(question) and not _WH_ANYWHERE.search(question):
        # A terse query ("Co-investment fund size?", "Cyberport company count?"): its
        # keywords say what it wants.
        for pattern, kind in _TERSE_RULES:
            if pattern.search(question):
                return kind
    return AnswerType.OTHER


_HOW_BIG = re.compile(r"^\W*(?:and\s+|so\s+)?how\s+(?:big|large)\b", re.I)
_OPENS_QUESTION = re.compile(
    r"^\W*(?:and\s+|so\s+|but\s+)?(?:who|whom|whose|what|when|where|which|why|how|is|are|was|"
    r"were|do|does|did|can|could|will|would|should|has|have|had|tell|name|list|give|describe|"
    r"explain|in|on|at|by|for|from|under|since|during|according|per|besides|apart|other)\b",
    re.I,
)
# A question that checks a stated fact ("Is it true that ...?", "My draft says ...").
# A stated figure or fact put up for checking ("is that right?", "I have HK$200bn -
# correct?", "My draft says ...").
CHECKS_STATED = re.compile(
    r"\b(?:correct|right|true|accurate|confirm|verify)\b\s*\??\s*$|"
    r"\b(?:is|was)\s+(?:it|that|this)\s+(?:true|right|correct|accurate|overstated|understated|"
    r"exaggerated|wrong)\b|"
    r"^\W*(?:my|our)\s+(?:draft|copy|story|notes?|source|article)\b|\bi\s+(?:have|read|heard)\b",
    re.I,
)
# A question that checks a stated fact: a yes/no question, or one of the above.
_VERIFIES = re.compile(
    rf"^\W*(?:is|are|was|were|did|does|do|has|have|had)\b|{CHECKS_STATED.pattern}", re.I
)
_MONEY_VERB = re.compile(
    r"\b(?:got|gets?|receiv\w*|allocat\w*|invest\w*|rais\w*|fund\w*|budget\w*|spen[dt]\w*|"
    r"grant\w*|cost\w*|worth|earmark\w*|inject\w*)\b",
    re.I,
)
_WH_START = re.compile(r"(?:who|whom|whose|what|when|where|which|why|how)\b", re.I)
_WH_ANYWHERE = re.compile(r"\b(?:who|whom|whose|what|when|where|which|why|how)\b", re.I)
WH_WORD = _WH_ANYWHERE  # a question word anywhere in the text
_TERSE_RULES: tuple[tuple[re.Pattern[str], AnswerType], ...] = (
    (
        re.compile(
            r"\b(?:percent(?:age)?|share|proportion|rate|%|year-on-year|growth|increase|rise|"
            r"jump|decline|drop)\b",
            re.I,
        ),
        AnswerType.PERCENT,
    ),
    # Date and count words ask only as the query's head: first ("Year of the reform?",
    # "X: opening date?") or last ("Cyberport company count?"), not "raised in the past year".
    (
        re.compile(
            r"(?:^|:|\s[-–—]\s)\W*(?:the\s+)?(?:\w+\s+){0,2}(?<!past )(?<!last )(?<!this )"
            r"(?<!next )(?<!previous )(?:year|date|month|day|timing)\b|"
            r"(?<!past )(?<!last )(?<!this )(?<!next )(?<!previous )(?<!the )\b"
            r"(?:year|date|month|day|timing)(?:\s+(?:exact(?:ly)?|precisely|pls|please))?\s*\W*$",
            re.I,
        ),
        AnswerType.DATE,
    ),
    (
        re.compile(
            r"(?:^|:|\s[-–—]\s)\W*(?:the\s+)?(?:total\s+)?(?:count|number|tally)\b|"
            r"\b(?:count|number|tally)\b|\b(?:community|workforce|team|network|population|"
            r"membership|staff)\s+size\b",
            re.I,
        ),
        AnswerType.COUNT,
    ),
    (
        re.compile(
            r"\b(?:funding|investment|invested|budget|size|amount|cost|allocation|allocated|sum|"
            r"value|valuation|raised|money|spending|spent)\b(?!\s+(?:model|mechanism|scheme|"
            r"structure|approach|arrangement|channels?|sources?|strateg\w+))",
            re.I,
        ),
        AnswerType.MONEY,
    ),
    # "Digital economy committee chair?": who holds the post.
    (
        re.compile(
            r"\b(?:chair(?:man|woman|person)?|head|leader|chief|director|founder|owner|ceo)\s*\??\s*$",
            re.I,
        ),
        AnswerType.ENTITY,
    ),
    # "Sectors covered by the regime?", "strategic industries in focus": a list, not a count.
    (
        re.compile(
            r"^\W*(?:[\w&\-]+\s+){0,3}?(?:[a-z]+s\s+(?:covered|included|targeted|involved|"
            r"offered|eligible|listed\s+as)\b|(?:sectors|industries|areas|fields|domains|"
            r"factors|topics|directions|criteria|measures)\b)",
            re.I,
        ),
        AnswerType.OTHER,
    ),
    # "R&D projects undertaken in 2021-22?", "Startups graduated last year?", "R&D projects
    # by the centres in 2021-22": how many.
    (
        re.compile(
            r"^\W*(?:[\w&\-/]+\s+){0,3}?[a-z]+s\s+(?:\w+ed|undertaken|taken|done|made|built|"
            r"given|won|held|seen|run|begun|set|by|at|in|fy\s?\d*|that|who|so\s+far|to\s+date)\b",
            re.I,
        ),
        AnswerType.COUNT,
    ),
)


_TARGET = re.compile(
    r"\bhow (?:many|much)\s+(?P<t>.+?)(?=\s+(?:do|does|did|have|has|had|are|is|was|were|will|"
    r"would|can|could|went|got|came|in|at|from|by|to|for|of|on|under)\b|[?,.]|$)",
    re.I,
)


def target_terms(question: str) -> str:
    """The noun phrase a count question counts ("how many startups graduated" -> "startups")."""
    match = _TARGET.search(question)
    if not match:
        return ""
    # "how many of the companies" -> "companies"
    counted = re.sub(
        r"^(?:of\s+)?(?:the|these|those|its|their)\s+", "", match.group("t"), flags=re.I
    )
    words = counted.split()
    # Stop at a past-tense verb after the noun: "how many startups graduated" -> "startups".
    for i, word in enumerate(words[1:], 1):
        if word.lower().endswith("ed") and "-" not in word:  # not "blockchain-related"
            return " ".join(words[:i])
    return " ".join(words)


# Words that end the noun phrase after a number ("over 430 startups have graduated").
_COUNTED_STOP = re.compile(
    r"^(?:the|a|an|now|currently|so|far|that|which|who|whose|have|has|had|are|is|was|were|"
    r"do|does|did|will|can|could|would|in|at|of|for|to|from|with|under|by|on|into|as|than|"
    r"over|about|across|per|through|during|since|until|after|before|among|between|within|"
    r"without|via|towards?|against|along|around|near|behind|beyond|like|there|here|"
    r"such as|including|this|these|those|its|their|it|they)$",
    re.I,
)
_COUNTED_WORD = re.compile(r"[\w’'\-/&]+|[^\w\s“”\"]")
COUNTED_MAX_WORDS = 5


def counted_head(phrase: str, *, singular_run: bool = False) -> str | None:
    """The head noun of a counted phrase: its last plural word, else its last word, up to
    the first verb or function word ("web3 firms set up shop" -> "firms",
    "research and development centers under" -> "centers"). None when empty.

    With ``singular_run``, a phrase without a plural gives all its words: "how many
    company list" is written without the plural that tells noun from verb."""
    words: list[str] = []
    for word in _COUNTED_WORD.findall(phrase)[:COUNTED_MAX_WORDS]:
        if word in ("/", "&", "-"):
            continue  # "web3 / blockchain firms"
        word = word.lstrip("-")  # "Five-Year Plan": the number is part of a compound
        if _COUNTED_STOP.match(word) or not re.match(r"[\w&]", word):
            break
        if words and re.search(r"[a-z]ed$", word) and not word.endswith("-related"):
            break  # "startups graduated"
        words.append(word)
    if not words:
        return None
    plural = [w for w in words if re.search(r"[^s’']s$", w, re.I) and len(w) > 3]
    if singular_run and not plural:
        return " ".join(words)
    return (plural or words)[-1]


def counted_noun(text: str, span: Span) -> str | None:
    """What a number in ``text`` counts: the head of the noun phrase right after it
    ("over 430 startups have graduated" -> "startups"), or None ("reaching 135.")."""
    return counted_head(text[span.end :].lstrip(' “"”'))


def _spans(pattern: re.Pattern[str], text: str, kind: AnswerType) -> list[Span]:
    return [Span(m.start(), m.end(), m.group(0), kind) for m in pattern.finditer(text)]


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(span.start < o.end and o.start < span.end for o in others)


_HEAD = re.compile(
    r"(?:\b(?:which|what)|^\W*(?:name|list)(?:\s+(?:the|some|all|two|three))?)\s+"
    r"(?!(?:is|are|was|were|do|does|did|has|have|had|will|can)\b)"
    r"(?P<w1>[a-z\-]{3,})(?:\s+(?P<w2>[a-z\-]{3,}))?(?:\s+(?P<w3>[a-z\-]{3,}))?",
    re.I,
)
# "What was the invention that won ...?", "What is the funding model the pilot will use?":
# the noun a relative clause defines.
_DEFINED_HEAD = re.compile(
    r"^\W*(?:and\s+|so\s+)?what\s+(?:is|was|are|were)\s+the\s+(?P<w1>[a-z\-]{3,})"
    r"(?:\s+(?P<w2>[a-z\-]{3,}))?(?P<w3>)\s+(?:that|which|who|whose|the|its|their|it|they)\b",
    re.I,
)
# "What was the institute's invention?": the thing possessed.
_POSSESSED_HEAD = re.compile(
    r"^\W*(?:and\s+)?what\s+(?:is|was|are|were)\s+(?:the\s+)?[^?]{2,80}?[’']s\s+(?:main\s+|own\s+)?"
    r"(?P<w1>[a-z][a-z\-]{2,})(?P<w2>)(?P<w3>)\s*\??\s*$",
    re.I,
)
# "What is the HKD 10bn fund called?": the thing named is the phrase's last word.
_CALLED_HEAD = re.compile(
    r"^\W*(?:(?:so|and|ok|okay|then|but)\s+)?what\s+(?:is|was|are|were)\s+(?:the|a|an|this|that)"
    # lower-case words only: "the Innovation and Technology Bureau called now" has a name
    r"\s+(?:(?-i:[a-z0-9$][\w\-$’']*|[A-Z]{2,5}|HK\$|US\$)\s+){0,4}?(?P<w1>(?-i:[a-z][a-z\-]{2,}))"
    r"(?P<w2>)(?P<w3>)\s+(?:(?:now|actually|really|"
    r"exactly|officially)\s+)?(?:called|named|known\s+as)\b",
    re.I,
)
# "digital pilot's funding model?": a terse query is its head noun's phrase.
_TERSE_HEAD = re.compile(
    r"^\W*(?:[\w&\-’'/]+\s+){0,5}?(?P<w1>(?!(?:total|now|overall|far|date|exactly|please)\b)"
    r"[a-z][a-z\-]{2,})(?P<w2>)(?P<w3>)(?:\s+(?:so\s+far|to\s+date|in\s+total|total|now|"
    r"overall|exactly|please))?\s*\??\s*$",
    re.I,
)
_CATEGORY_NOUNS = frozenset(
    """organisation organization company companies body institute institution department
    office committee hub platform park agency entity exchange city cities council bureau
    commission centre center startup firm enterprise fund plan programme program scheme
    initiative award prize medal blueprint mechanism framework document strategy project
    team group regulator industry industries sector sectors technology technologies""".split()
)
_NAMED_HEADS = frozenset(
    """organisations organizations bodies institutes institutions departments offices
    committees hubs platforms parks agencies entities exchanges councils bureaus commissions
    centres centers startups firms enterprises funds plans programmes programs schemes
    initiatives awards prizes medals blueprints mechanisms projects unicorn unicorns
    universities university person people""".split()
)
NP_MAX_WORDS = 4  # modifiers kept before the head noun of a noun-phrase answer
_NP_STOP = frozenset(
    "a an the this that these those to of in on at for by with from and or as is are was "
    "were be been has have had its their his her our which who what it they".split()
)


_NAME_OF = re.compile(
    r"\bname of (?:the |its |their |this |that )?(?:[\w\-]+(?:\s[\w\-]+)?[’']s\s+)?"
    r"(?P<w1>[a-z\-]{3,})(?:\s+(?P<w2>[a-z\-]{3,}))?"
    r"(?:\s+(?P<w3>[a-z\-]{3,}))?",
    re.I,
)
_KIND_OF = re.compile(
    r"\b(?:what|which)\s+(?:kind|type|sort|form)s?\s+of\s+(?:the\s+)?(?P<w>[a-z\-]{3,})"
    r"(?:\s+(?P<w2>[a-z\-]{3,}))?",
    re.I,
)
_VERBISH = re.compile(
    r"(?:does|did|has|have|had|was|were|are|will|can|could|would|should|the|its|their|this|"
    r"these|those|that|\w+ed|\w+ing|"
    # common irregular past forms ("what invention got ...", "which team won ...")
    r"got|won|made|took|gave|became|went|led|brought|began|grew|rose|fell|held|kept|left|"
    r"lost|met|paid|sent|spent|stood|drew|drove|saw|built|bought|sold|told|found|set|put)",
    re.I,
)
_WHO = re.compile(r"^\W*(?:and |so |but |then )?(?:who|whom|whose)\b", re.I)


_LEAD_IN = re.compile(
    # "I'm a student - ", "Hi, ", "Quick question: " (not "Cyberport - how many ...?")
    r"^\s*(?:(?:hi|hello|hey|quick\s+question|question|i[’']m\s[^?\-–—:]{0,40}|"
    r"i\s+am\s[^?\-–—:]{0,40}|as\s+an?\s[^?\-–—:]{0,40})\s*[-–—:,]\s+)?"
    r"(?:(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?|please\s+)?"
    r"(?:explain|tell\s+me|say|describe|let\s+me\s+know|find\s+out|check|confirm|"
    r"work\s+out|look\s+up)\s+(?:exactly\s+|precisely\s+)?|"
    r"i(?:[’']d|\s+would)\s+like\s+to\s+know\s+|i\s+want\s+to\s+know\s+|do\s+you\s+know\s+)?"
    r"(?=(?:who|whom|whose|what|when|where|which|why|how)\b)",
    re.I,
)


# Shorthand people type in chat, for words a question's kind is read from.
_CHAT_WORDS = {
    "yr": "year", "yrs": "years", "no.": "number", "nos.": "numbers", "cos": "companies",
    "govt": "government", "gov't": "government", "approx": "approximately", "ppl": "people",
    "pls": "please", "plz": "please", "yoy": "year-on-year", "amt": "amount",
    "wat": "what", "wht": "what", "wen": "when", "hw": "how", "wich": "which",
    "whcih": "which", "wher": "where", "whn": "when", "r": "are", "co": "company",
    "apps": "applications", "dept": "department", "depts": "departments", "w/": "with",
    "sci": "science",
}  # fmt: skip
_CHAT_SHORTHAND = re.compile(
    r"(?<![\w$])(?:yrs?|nos?\.(?=\s+of\b)|(?:(?<=which )|(?<=what ))no\.|cos|govt|gov't|"
    r"approx|ppl|pls|plz|yoy|amt|wat|wht|"
    r"wen|hw|wich|whcih|wher|whn|(?-i:r)(?!\s+(?:and|n|&)\s+d\b)|(?-i:co)(?![\-.])|depts?|w/|apps|"
    r"sci)(?![\w’'&])",
    re.I,
)
_SHORT_FISCAL_YEAR = re.compile(r"(?<![\d\-/.$])\b(\d{2})-(\d{2})\b(?![\-/.%]?\d)")
_INSTRUCTION_AFTER = re.compile(
    r"\?\s+(?:please\s+)?(?:give|list|quote|cite|include|state|answer|use|mention|show|"
    r"keep|be|just|only)\b[^?]*$",
    re.I,
)
# "Could you tell me the name of X?" asks what "What is the name of X?" asks; it is no
# yes/no question.
_REQUEST = re.compile(
    r"^\W*(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
    r"(?:(?:tell|give|show|get|send|find|pull|fetch|grab|quote)(?:\s+me)?(?:\s+up)?|"
    r"i\s+need|i\s+want|i[’']d\s+like|i\s+would\s+like)\s+(?=(?:the|its|their)\b)",
    re.I,
)
_IS_ANY_OTHER = re.compile(
    r"^\W*(?:and\s+|so\s+)?(?:is|are)\s+(?:there\s+)?(?:any\s+other|another|any|an?)\s+"
    r"(?P<np>(?!(?:ones?|other)\b)(?:[\w\-’']+\s+){0,4}?[\w\-’']+?)\s+(?P<vp>(?:getting|preparing|planning|"
    r"going|about|due|set|expected|looking|hoping|gearing|readying|lining)\b)",
    re.I,
)
_UNIT_TAG = re.compile(
    r"\s*\((count|number|no\.?|total|%|percent(?:age)?|pct|hkd|usd|rmb|yuan|hk\$|us\$|year|"
    r"date)\)\s*\??\s*$",
    re.I,
)
_NAME_THE_KIND = re.compile(
    r"^(\W*)(?:name|tell me|give|state|identify) the (kind|type|sort)s? of\b", re.I
)


@lru_cache(maxsize=4096)
def normalize_question(question: str) -> str:
    """Spell out contractions that hide the question word ("Whats", "What’s" -> "What is")
    and drop a lead-in before it ("I'm a student - can you explain what ...")."""
    question = re.sub(
        r"\b(what|who|where|when|which|how)(?:[’']s|s)\b", r"\1 is", question, flags=re.I
    )
    if (lead := _LEAD_IN.match(question)) and lead.end() > 0:
        rest = question[lead.end() :]
        question = rest[:1].upper() + rest[1:]
    # Chat shorthand ("what yr", "no. of cos") written out, so the question's kind is read.
    question = _CHAT_SHORTHAND.sub(lambda m: _CHAT_WORDS[m.group(0).lower()], question)
    # "in 21-22": the fiscal year as the articles write it ("2021-22").
    question = _SHORT_FISCAL_YEAR.sub(
        lambda m: (
            f"20{m.group(1)}-{m.group(2)}"
            if int(m.group(2)) == (int(m.group(1)) + 1) % 100
            else m.group(0)
        ),
        question,
    )
    question = _REQUEST.sub("What is ", question)
    # "Is any other Cyberport unicorn getting ready to list?" asks which one is.
    question = _IS_ANY_OTHER.sub(
        lambda m: (
            f"Which {'other ' if re.search(r'other|another', m.group(0), re.I) else ''}"
            f"{m.group('np')} is {m.group('vp')}"
        ),
        question,
    )
    # "Cyberport - unicorns (count)": a unit tag, not a follow-up's context.
    question = _UNIT_TAG.sub(r" \1?", question)
    # "Name the type of X that ..." asks what "What type of X ...?" asks: a kind, not a name.
    question = _NAME_THE_KIND.sub(r"\1What \2 of", question)
    # "How much ...? Give the figure as each article states it.": the instruction after the
    # question says how to answer, not what about.
    question = _INSTRUCTION_AFTER.sub("?", question)
    question = _TRAILING_NAME.sub("?", question)  # "who is the chief executive? name"
    if (terse := _TERSE_NAME.match(question)) and not _WH_ANYWHERE.search(question):
        # "hk chief executive name": the name of the thing.
        thing = re.sub(r"^(?:the|a|an)\s+", "", terse.group("x").strip(), flags=re.I)
        return f"What is the name of the {thing}?"
    # A topic put first, then the question about it: "smart logistics startup that
    # listed, what name?" asks its name; "travel platform, when will it list?" asks when
    # the travel platform will list.
    if (named := _FRONTED_NAME.match(question)) and _short_topic(named.group("t")):
        topic = re.sub(r"^(?:the|a|an)\s+", "", named.group("t").strip(), flags=re.I)
        return f"What is the name of the {topic}?"
    fronted = _FRONTED_PRONOUN.match(question)
    if not fronted and question[:1].islower():
        fronted = _FRONTED_PRONOUN_BARE.match(question)
    if fronted and _short_topic(fronted.group("t")):
        topic = fronted.group("t").strip()
        own = "’s" if fronted.group("p").lower() in ("its", "their") else ""
        asked = f"{fronted.group('q')}{topic}{own}{fronted.group('rest')}"
        return asked[:1].upper() + asked[1:]
    return question


def _short_topic(topic: str) -> bool:
    return len(topic.split()) <= FRONTED_TOPIC_MAX_WORDS


# A topic put before the question ("listing reform for biotech, which year?"); not an
# adverbial ("In 2021-22, ...", "Apart from X, ...") nor a question itself.
_TOPIC_FIRST = (
    r"^\W*(?P<t>(?!(?:what|which|who|whom|whose|how|when|where|why|is|are|was|were|do|does|"
    r"did|can|and|but|so|ok|okay|since|in|on|at|after|before|for|from|apart|aside|besides|"
    r"by|during|of|with|under|over|as|given|per|like|unlike|compared|according|between|"
    r"among|other|except|beyond|quick|hi|hello|hey|please|also|then|now|one|if|i|we|you|"
    r"my|our)(?![\w&]))[^,?;:()]{3,80}?)\s*,\s*"
)
FRONTED_TOPIC_MAX_WORDS = 6
_TRAILING_NAME = re.compile(r"\?\s*(?:the\s+|its\s+|their\s+|full\s+)?names?\s*\??\s*$", re.I)
_TERSE_NAME = re.compile(
    r"^\W*(?!(?:name|names|what|which|who|the name)\b)(?P<x>[\w&\-’' ]{3,60}?)(?:[’']s)?\s+"
    r"(?:full\s+)?names?\s*\??\s*$",
    re.I,
)
_FRONTED_NAME = re.compile(
    _TOPIC_FIRST + r"(?:what(?:[’']s|\s+is)?\s+(?:its\s+|their\s+|the\s+)?name|"
    r"(?:its\s+)?name)\s*\??\s*$",
    re.I,
)
_ASKED_OF_PRONOUN = (
    r"(?P<q>(?:what|which|who|whom|when|where|why|how)\b[^?]*?\b)"
    r"(?P<p>it|they|them|its|their)\b(?P<rest>.*)$"
)
_FRONTED_PRONOUN = re.compile(_TOPIC_FIRST + _ASKED_OF_PRONOUN, re.I)
# Without the comma only in terse lower-case typing ("i&t fund what is it for"): a
# capitalised sentence before a wh-word is a sentence of its own.
_FRONTED_PRONOUN_BARE = re.compile(
    _TOPIC_FIRST.replace(r"\s*,\s*", r"\s+") + _ASKED_OF_PRONOUN, re.I
)


def question_head(question: str) -> str | None:
    """The noun a which/what question asks about ("Which programme got ..." -> programme;
    "What's the name of the committee ..." -> committee; "Who ..." -> organisation)."""
    question = normalize_question(question)
    if kind := _KIND_OF.search(question):
        # "what kind of chips" -> chips; "what type of Cyberport company is" -> company
        second = kind.group("w2")
        if second and not _VERBISH.fullmatch(second) and second.lower() not in _NP_STOP:
            return second.lower()
        return kind.group("w").lower()
    match = (
        _NAME_OF.search(question)
        or _HEAD.search(question)
        or _DEFINED_HEAD.match(question)
        or _CALLED_HEAD.match(question)
        or _POSSESSED_HEAD.match(question)
        or (None if _WH_ANYWHERE.search(question) else _TERSE_HEAD.match(question))
    )
    if not match:
        return "organisation" if _WHO.match(question) else None
    words = [w for w in (match.group("w1"), match.group("w2"), match.group("w3")) if w]
    for word in words:
        if word.lower() in _CATEGORY_NOUNS:
            return word.lower()
    # No known kind: the noun phrase's last word before a verb ("what national vision").
    nouns = []
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else None
        if (
            i > 0
            and _VERBISH.fullmatch(word)
            # "what new listing channel": an -ing word before a noun modifies it
            and not (
                word.lower().endswith("ing") and following and not _VERBISH.fullmatch(following)
            )
        ):
            break
        nouns.append(word)
    return (nouns[-1] if nouns else words[0]).lower()


def is_category(noun: str) -> bool:
    """Whether ``noun`` is a kind of thing that bears a proper name (a committee, a hub)."""
    return noun.lower() in _CATEGORY_NOUNS or noun.lower() in _NAMED_HEADS


def noun_phrase_spans(text: str, head: str) -> list[Span]:
    """Noun phrases ending in ``head`` ("the hub's robotics programme" for "programme")."""
    out = []
    stem = head[:-1] if head.endswith("s") else head
    for match in re.finditer(rf"\b{re.escape(stem)}\w*", text, re.I):
        if match.group(0)[0].isupper() and match.start() > 0:
            continue  # part of a name: the name itself is a candidate already
        if match.group(0).lower().endswith(("ed", "ing")) and not head.lower().endswith(
            ("ed", "ing")
        ):
            continue  # "chaired" is a verb, not the noun "chair"
        following = re.match(r" ([a-z][\w\-]*)", text[match.end() :])
        if following and not (
            following.group(1) in _NP_STOP or _VERBISH.fullmatch(following.group(1))
        ):
            continue  # a modifier ("an invention exhibition"), not the phrase's head
        start = match.start()
        words = list(re.finditer(r"[\w’'\-]+", text[: match.start()]))
        for taken, word in enumerate(reversed(words)):
            between = text[word.end() : start]
            if between.strip() or word.group(0).lower() in _NP_STOP or taken >= NP_MAX_WORDS:
                if word.group(0).lower() in {"the", "a", "an"} and not between.strip():
                    start = word.start()
                break
            start = word.start()
        out.append(Span(start, match.end(), text[start : match.end()], AnswerType.ENTITY))
    return out


def find_spans(text: str, kind: AnswerType) -> list[Span]:
    """Candidate answers of ``kind`` in ``text``, left to right."""
    money = _spans(MONEY, text, AnswerType.MONEY)
    percent = _spans(PERCENT, text, AnswerType.PERCENT)
    dates = _spans(DATE, text, AnswerType.DATE)
    if kind is AnswerType.MONEY:
        return money
    if kind is AnswerType.PERCENT:
        return percent
    if kind is AnswerType.DATE:
        return dates
    if kind is AnswerType.COUNT:
        taken = money + percent + [d for d in dates if re.search(r"\d", d.text)]
        taken += _spans(VERSION, text, AnswerType.OTHER)
        return [s for s in _spans(COUNT, text, AnswerType.COUNT) if not _overlaps(s, taken)]
    if kind is AnswerType.ENTITY:
        out = []
        for s in _spans(ENTITY, text, AnswerType.ENTITY):
            stripped = s.text.rstrip(".,;:")
            start = s.start
            first, _, rest = stripped.partition(" ")
            if rest and first.lower() in _NOT_ENTITIES:
                start += len(first) + 1
                stripped = rest
            if len(stripped) < 2 or stripped.lower() in _NOT_ENTITIES:
                continue
            if s.start == 0 and " " not in stripped and not stripped[1:].isupper():
                continue  # a capitalised sentence-initial word is not a name
            if DATE.fullmatch(stripped):
                continue  # "March" is a date, not a name
            if re.fullmatch(r"[“\"][a-z][\w\-]*[”\"]", stripped):
                continue  # a quoted common word (“unicorns”) is a term, not a name
            out.append(Span(start, start + len(stripped), stripped, AnswerType.ENTITY))
        return out
    return []


def and_parts(span: Span) -> list[Span]:
    """The runs of a name's "and"-separated parts that are names themselves.

    "Hong Kong-Shenzhen Science and Technology Park and Xintian Science and Technology City"
    may be one name or several; each contiguous run of parts of two or more words, starting
    and ending in a capital, is offered ("Xintian Science and Technology City", ...).
    """
    text = span.text
    if text.startswith(("“", '"')) or " and " not in text:
        return []
    bounds = [0, *(m.end() for m in re.finditer(r" and ", text))]
    ends = [*(m.start() for m in re.finditer(r" and ", text)), len(text)]
    out = []
    for i, start in enumerate(bounds):
        for j in range(i, len(ends)):
            piece = text[start : ends[j]]
            if (i, j) != (0, len(ends) - 1) and " " in piece and piece[:1].isupper():
                out.append(Span(span.start + start, span.start + ends[j], piece, span.kind))
    return out


_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12,
}  # fmt: skip


def _currency(text: str) -> str:
    t = text.lower()
    if re.search(r"hk\$|hkd|hong kong dollar|hk dollar", t):
        return "HKD"
    if re.search(r"us\$|usd|us dollar", t):
        return "USD"
    if re.search(r"yuan|renminbi|rmb|cny|¥", t):
        return "CNY"
    if "€" in t or "euro" in t:
        return "EUR"
    if "£" in t or "pound" in t:
        return "GBP"
    if "$" in t or "dollar" in t:
        return "$"  # a dollar of unstated kind
    return ""


def amount_value(text: str) -> tuple[float, str] | None:
    """('HKD 50 million') -> (5e7, 'HKD'); None when there is no number."""
    match = re.search(
        rf"({_NUMBER})\s?(million|billion|trillion|thousand|mn|bn|m|b|k)?\b", text, re.I
    )
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    if match.group(2):
        value *= _SCALES[match.group(2).lower()]
    return value, _currency(text)


def same_amount(a: tuple[float, str], b: tuple[float, str]) -> bool:
    """Equal value in a compatible currency; a bare '$' is compatible with any dollar."""
    (va, ca), (vb, cb) = a, b
    if abs(va - vb) > 1e-9 * max(abs(va), abs(vb), 1.0):
        return False
    if ca == cb:
        return True
    dollars = {"$", "HKD", "USD"}
    return (ca == "$" and cb in dollars) or (cb == "$" and ca in dollars)
