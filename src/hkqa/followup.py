"""Resolve a follow-up question into a standalone one from earlier turns, without an LLM.

Two patterns cover most follow-ups:

* **Anaphora** - "How many unicorns has *it* produced?": the pronoun is replaced by the
  topic of the previous turn. When the previous question asked *which/who* and its answer
  is known (an assistant turn, or the caller's ``answer_previous``), the answer is the
  antecedent ("Which hub hosts 1,900 firms?" -> "Cyberport"); otherwise the previous
  question's main name (a capitalised phrase) or noun phrase is.
* **Ellipsis** - "And the Science Park?", "What about patents?": the new phrase replaces
  the previous question's topic (a name replaces a name; anything else replaces the
  thing counted or measured), or, when nothing fits, the two are joined.

A question with neither pattern and its own topic is returned unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from hkqa.spans import DATE, ENTITY, WH_WORD, answer_type, question_head, target_terms
from hkqa.tokenize import tokenize
from hkqa.types import AnswerType, Message

__all__ = [
    "CONTEXT",
    "followup_alternatives",
    "is_followup",
    "resolve_followup",
    "split_preamble",
    "topic_phrase",
]

FRAGMENT_MAX_WORDS = 4
FRAGMENT_MAX_TERMS = 2
CLAUSE_MIN_WORDS = 4  # an antecedent longer than this is a clause, not a noun phrase
CONTEXT = re.compile(r"\s*\([^()]*\)\s*\??\s*$")
"""The trailing "(previous question)" a fragment is resolved with; not part of its ask."""
_CURRENCY_CODE = re.compile(r"^(?:HKD|USD|RMB|CNY|EUR|GBP)\b")
_WH_WORDS = frozenset({"what", "which", "who", "whom", "whose", "how", "when", "where", "why"})

_ELLIPSIS = re.compile(
    r"^\s*(?:and|but|also|so|then|ok(?:ay)?|now)?[\s,]*(?:what|how)\s+about\s+(?P<x>.+?)\s*\??\s*$"
    # "(now give me) the same for Cyberport"
    r"|^\s*(?:and|but|also|so|then|ok(?:ay)?|now)?[\s,]*(?:(?:give|tell|show|get)\s+(?:me\s+)?|"
    r"(?:and\s+)?(?:do|same\s+question)\s+)?(?:the\s+)?same(?:\s+thing)?\s+(?:for|about|with|at|in)\s+"
    r"(?P<z>[^?]{1,60}?)\s*\??\s*$"
    r"|^\s*(?:and|but|also|or)\s+(?!(?:what|which|who|whom|whose|when|where|why|how|is|are|"
    r"was|were|do|does|did|has|have|had|can|will|would|could)\b)"
    r"(?P<y>(?:the\s+|for\s+|in\s+|at\s+)?[^?]{1,60}?)\s*\??\s*$",
    re.I,
)
# "what about X, how much have they raised?": a new topic, then a question about it.
_ABOUT_THEN = re.compile(
    r"^\s*(?:and|but|also|so|then|ok(?:ay)?|now)?[\s,]*(?:what|how)\s+about\s+"
    r"(?P<x>[^,;:?—–]+?)\s*(?:[,;:—–]|\s-\s)\s*(?P<q>(?:who|whom|what|when|where|which|"
    r"why|how|is|are|was|were|do|does|did|can|has|have|had)\b.+)$",
    re.I,
)
# "and the I&T blueprint — how many directions does that one lay out?": a new topic, then a
# question about it ("that one", "it").
_AND_THEN = re.compile(
    r"^\s*(?:and|but|also|so|then|ok(?:ay)?|now)\s+(?P<x>(?!(?:who|whom|what|when|where|which|"
    r"why|how|is|are|was|were|do|does|did|can|has|have|had)\b)[^,;:?—–]+?)\s*(?:[,;:—–]|\s-\s)"
    r"\s*(?P<q>(?:who|whom|what|when|where|which|why|how|is|are|was|were|do|does|did|can|has|"
    r"have|had)\b.+)$",
    re.I,
)
_THAT_ONE = re.compile(r"\b(?:that|this) one\b", re.I)
_THE_ONE = re.compile(
    r"^(?:the\s+)?(?:other\s+)?one(?:,\s*the\s+one)?\s+(?:(?:that|which|who)(?P<aux>[’']s|\s+is|"
    r"\s+are|\s+was|\s+were)?\s+(?P<vp>.+)|(?P<ing>\w+ing\b.*))$",
    re.I,
)
# "Which of Cyberport's unicorns | listed ...": the question's wh-phrase, before its verb.
_WH_PHRASE = re.compile(
    r"^\W*(?P<wh>(?:which|what)\b.*?)\s+(?=(?:is|are|was|were|has|have|had|will|can|could|do|"
    r"does|did|got|get|gets|went|goes|became|won|made|\w+ed)\b)",
    re.I,
)
_TYPED = frozenset({AnswerType.MONEY, AnswerType.PERCENT, AnswerType.DATE, AnswerType.COUNT})
# "those companies": a demonstrative before a noun points back at the previous question.
_DEMONSTRATIVE = re.compile(
    r"\b(those|these|that|this)\s+(?!(?:is|are|was|were|has|have|had|will|can|up|down|much|"
    r"many|far|long|high|low|big|large|in|on|of|for|to|by|from|with|at|as|year|over)\b)(?=[a-z])",
    re.I,
)
_LEADING_CONJ = re.compile(r"^\s*(?:and|but|also|so|then|ok(?:ay)?)\b[\s,]*", re.I)
_PRONOUN = re.compile(
    r"\b(it|its|they|them|their|theirs|there|this|these|those|the\s+place|that\s+place|"
    r"that(?=\s*\??\s*$)|that(?=\s+(?:up|down|in|from|over)\b)|"
    r"(?:(?<=\bis )|(?<=\bwas ))that(?=\s+\w+(?:ed|en)\b))\b",  # "which year is that counted from"
    re.I,
)
_OWN_TOPIC = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-zA-Z’'\-]+")
_OF_THE = re.compile(
    r"\b(?:of|about|behind)\s+(?P<np>the\s+[\w\-]+(?:\s+[\w\-]+){0,2}?)"
    r"(?=\s+(?:the|a|an|that|which|who|to|in|for|from|with|by|is|are|was|were|has|have|"
    r"had|does|do|did|will|can)\b|\s*[?.,]?\s*$)",
    re.I,
)
_WHAT_AUX = re.compile(
    r"^\W*what\s+(?:has|have|had|did|does|do|will|would|can|could|should)\s+", re.I
)
# A word followed by one of these ends a subject noun phrase: it is the verb.
_AFTER_VERB = frozenset("the a an to in on at for from with by into about as up out over".split())
# "the newer one", "the other one", "the latter": a thing of the previous turn.
_ONE_ANAPHOR = re.compile(
    r"\bthe\s+(?:(?:\w+er|other|first|second|last|same|older|newer|earlier|later)\s+ones?|"
    r"latter|former)\b",
    re.I,
)
# "which one ...?", "which of them ...?": one of the things the previous turn counted.
_WHICH_ONE = re.compile(r"^\W*which\s+(?:one|ones|of them|of those|of these)\b", re.I)
# "since then", "by that time": a time of the previous turn.
_TEMPORAL = re.compile(
    r"\b(?:since|by|until|till|after|before|from)\s+(?P<then>then|that time|that year|that date)\b",
    re.I,
)
# "Did the Harbour Hub ...": the question's first word is capitalised, not part of the name.
_LEADING_FUNCTION = re.compile(
    r"^(?:(?:did|does|do|is|are|was|were|has|have|had|can|will|would|could|should|when|"
    r"where|why|how|what|which|who|and|but|so|since|in|on|at|for|of)\s+)+(?:the\s+|a\s+|an\s+)?",
    re.I,
)
_SINGULAR = frozenset({"it", "its", "this", "that"})
_PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "these", "those"})
# "listing reform for biotech, which year?", "co-investment fund how big?": the topic
# put first, then the question about it.
_FRONTED = re.compile(
    r"^\W*(?P<t>(?!(?:what|which|who|whom|whose|how|when|where|why|is|are|was|were|do|does|"
    r"did|can|and|but|so|ok|okay|since|in|on|at|after|before|for|from|apart|besides|by|"
    r"during|of|with|under|over|as|given|per|like|unlike|compared|according|between|"
    r"among|quick|hi|hello|hey|please|also|then|now)\b)[^,?;:]{3,60}?)\s*(?:[,;:]\s*|\s+)"
    r"(?=(?:what|which|who|whom|whose|how|when|where|why)\b)",
    re.I,
)
FRONTED_MAX_WORDS = 5
_CHECK = re.compile(r"\b(?:right|correct|true|yes|yeah|no|isn[’']t it|didn[’']t it)\s*\?$", re.I)
LAST_QUESTION_MIN_WORDS = 4  # a shorter last part ("industry what?") is no question alone
MAX_ALTERNATIVES = 4  # readings of one follow-up tried when the first finds no answer
FULL_QUESTION_TERMS = 4  # a question without a pronoun and this many terms stands alone
# "When did HK introduce [the listing mechanism for special technology companies]?": the
# thing a determiner introduces after the question's name, up to a clause or the end.
_OBJECT = re.compile(
    r"\b(?P<np>(?:the|a|an|its|their)\s+[\w\-’'&]+(?:\s+[\w\-’'&]+){0,7}?)"
    r"(?=\s*(?:[?,.;:]|$)|\s+(?:that|which|who|to|in\s+\d|last|this|next)\b)",
    re.I,
)
_PLURAL_NAME = re.compile(r"[A-Z][A-Z&]+s")  # "SMEs", "DPUs"
_WH = re.compile(r"^\s*(which|who|whom|whose|what|where)\b", re.I)
_VERBS = re.compile(
    r"\b(is|are|was|were|do|does|did|has|have|had|will|can|could|should|raise[ds]?|got|get|"
    r"receive[ds]?|hosts?|houses?|produce[ds]?|set|went|become|became|list(?:ed)?)\b",
    re.I,
)


# "patents?", "approved patents": a noun phrase alone, no verb or preposition of its own.
_BARE_NOUN_PHRASE = re.compile(
    r"^\s*(?!(?:in|on|at|by|for|from|to|of|with|is|are|was|were|do|does|did|has|have|had|"
    r"can|will|it|its|they|them|that|this|those|these|yes|no|ok|okay|thanks|why|so|and|or|"
    r"but)\b)[A-Za-z][\w&\-]*(?:\s+[A-Za-z][\w&\-]*){0,2}\s*\??\s*$",
    re.I,
)


_PLURAL_ASKED = re.compile(
    r"\b(?:any|some|the|which|what|how\s+many|new)\s+(?:[a-z\-]+\s+)?(?P<n>[a-z]{3,}s)\b", re.I
)


_PLURAL_HEAD = re.compile(r"^(?:[\w\-&’']+\s+){0,2}[a-z][\w\-]*[^s\W]s$", re.I)
_PLURAL_NP = re.compile(
    r"\b((?:(?!(?:its|their|the|his|her|our|all|many|much|those|these|some|any|of|in|on|at|for|"
    r"from|to|by|with|how|did|do|does|have|has|had|what|which|so|and|or)\b)[a-z][\w\-]*\s+)?"
    r"(?!(?:is|was|has|does|this|thus|plus|us|yes|as|less|unless)\b)[a-z][\w\-]*[^s\W]s)\b"
)


# Bodies "they" may stand for ("they" = the government).
_COLLECTIVE = re.compile(
    r"\b(?:government|council|commission|committee|office|bureau|department|authority|team|"
    r"group|administration|city|people|staff|public)$",
    re.I,
)


def _is_clause(phrase: str) -> bool:
    """Too long before any preposition to be a noun phrase ("its listing rules so biotech
    firms could go public", not "the startups in Science Park")."""
    return len(_head_part(phrase).split()) > CLAUSE_MIN_WORDS


def _head_part(phrase: str) -> str:
    """The phrase up to its first preposition, without an article: where its head is."""
    bare = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.I)
    return re.split(r"\s+(?:in|of|at|from|for|on|with|by|under)\s+", bare)[0]


def _singular_thing(phrase: str) -> bool:
    """A lower-case singular noun phrase no plural pronoun can stand for ("the year")."""
    head = _head_part(phrase)  # "unicorns in Cyberport" -> "unicorns"
    return (
        bool(head)
        and head[0].islower()
        and not head.lower().endswith("s")
        and not _COLLECTIVE.search(head)
    )


def _asked_noun(question: str) -> str | None:
    """The thing a question asks about, in the singular ("any unicorns move in?" ->
    "unicorn"), or None."""
    target = target_terms(question)
    if target:
        noun = target.split()[-1]
    elif match := _PLURAL_ASKED.search(question):
        noun = match.group("n")
    else:
        return None
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _is_fragment(question: str) -> bool:
    """Too little of its own to stand alone: a few words, or one or two content words
    ("On which exchange?", "set up in which year?", "up by how much vs the year before?")."""
    terms = [t for t in tokenize(question) if t not in _ASKING_TERMS]
    return len(question.split()) <= FRAGMENT_MAX_WORDS or len(terms) <= FRAGMENT_MAX_TERMS


# "What is the money meant to achieve?": a generic noun the conversation has just given a
# referent ("the money" of the fund asked about before).
_GENERIC_THE = re.compile(
    r"\bthe\s+(?:money|cash|funds?|funding|scheme|plan|programme|program|initiative|project|"
    r"award|prize|company|firm|startup|platform)\b(?!\s+(?:of|for)\b)",
    re.I,
)
_GENERIC_TERMS = frozenset(
    tokenize(
        "money cash fund funds funding scheme plan programme program initiative project award "
        "prize company firm startup platform"
    )
)
GENERIC_OWN_TERMS_MAX = 2  # "meant", "achieve": the question adds no topic of its own


def _generic_reference(question: str) -> bool:
    """A question about "the money" or "the scheme" that names nothing else of its own."""
    if not _GENERIC_THE.search(question) or _OWN_TOPIC.search(question):
        return False
    own = [t for t in tokenize(question) if t not in _GENERIC_TERMS and t not in _ASKING_TERMS]
    return len(own) <= GENERIC_OWN_TERMS_MAX


# Words that say how something is asked, not what about ("exactly", "vs").
_ASKING_TERMS = frozenset(
    tokenize("vs versus exactly exact roughly approximately precisely specifically")
)


def _user_turns(history: Sequence[Message]) -> list[str]:
    return [m.content for m in history if m.role == "user" and m.content.strip()]


def topic_phrase(question: str) -> str | None:
    """The main name in a question: its longest capitalised phrase, else the counted noun."""
    names = [
        _LEADING_FUNCTION.sub("", m.group(0).strip(" ?.,"))
        for m in ENTITY.finditer(question)
        if m.start() > 0 or " " in m.group(0).strip()  # a capitalised first word is no name
    ]
    names = [n for n in names if n and (n[:1].isupper() or n[:1].isdigit())]
    names = [
        n
        for n in names
        if n.lower() not in _WH_WORDS and not _CURRENCY_CODE.match(n) and not DATE.fullmatch(n)
    ]
    if names:
        return max(names, key=len)
    if (fronted := _FRONTED.match(question)) and len(fronted.group("t").split()) <= (
        FRONTED_MAX_WORDS
    ):
        return fronted.group("t")  # "listing reform for biotech, which year?"
    target = target_terms(question)
    if target:
        return target
    head = question_head(question)  # "Which innovation hub ..." -> "the innovation hub"
    described = rf"\b(?:which|what)\s+((?:\w+\s+){{0,2}}{head})\b"
    if head and (m := re.search(described, question, re.I)):
        return f"the {m.group(1)}"
    # "what is the size of the co-investment fund the government uses ...": the thing
    # measured, up to where a clause about it starts.
    if m := _OF_THE.search(question):
        return m.group("np")
    return None


def is_followup(
    question: str,
    history: Sequence[Message],
    *,
    is_common: Callable[[str], bool] | None = None,
) -> bool:
    """Whether ``question`` leans on the conversation before it. A name that is the
    collection's background (``is_common``: "HK" in articles about Hong Kong) gives its
    pronoun nothing to point at: "was that the first platform in HK?" is a follow-up."""
    if not _user_turns(history):
        return False
    if _is_fragment(question) and not _OWN_TOPIC.search(question):
        return True
    if _ELLIPSIS.match(question) or _THE_ONE.match(_LEADING_CONJ.sub("", question).strip(" ?")):
        return True
    if _ONE_ANAPHOR.search(question) or _TEMPORAL.search(question) or _WHICH_ONE.match(question):
        return True
    has_pronoun = bool(_PRONOUN.search(question))
    has_topic = _has_antecedent(question, is_common)
    if _DEMONSTRATIVE.search(question) and not _OWN_TOPIC.search(question):
        return True  # "who is that scheme meant to help?"
    if _generic_reference(question):
        return True  # "what is the money meant to achieve?"
    if _LEADING_CONJ.match(question) and not has_topic:
        return True
    return has_pronoun and not has_topic


def _has_antecedent(question: str, is_common: Callable[[str], bool] | None = None) -> bool:
    """Whether the question names something its own pronoun can point at. A singular
    pronoun ("it", "its") cannot point at a plural name ("SMEs", "DPUs"): "How is the
    funding going to work for SMEs under it?" still needs the previous turn; nor can it
    point at the collection's background."""
    names = [
        m.group(0)
        for m in _OWN_TOPIC.finditer(question)
        if is_common is None or not is_common(m.group(0))
    ]
    if not names:
        return False
    pronouns = {m.group(1).lower() for m in _PRONOUN.finditer(question)}
    if pronouns and pronouns <= _SINGULAR:
        return any(not _PLURAL_NAME.fullmatch(n) for n in names)
    return True


def _subject_of(question: str) -> str | None:
    """The subject of a "what + auxiliary" question, whose answer is an object or an
    activity: "What did [the Hong Kong textiles research institute] invent?", "What has
    [the Productivity Council] been doing on ...?". None when it cannot be read."""
    match = _WHAT_AUX.match(question)
    if not match:
        return None
    words = re.findall(r"[\w’'&\-]+|[?.,;:!]", question[match.end() :])
    if not words:
        return None
    if words[0][:1].isupper():  # a name: its capitalised run ("Hong Kong Productivity Council")
        taken = [words[0]]
        for i, word in enumerate(words[1:], 1):
            if word[:1].isupper() or (
                word in {"of", "and", "&"} and i + 1 < len(words) and words[i + 1][:1].isupper()
            ):
                taken.append(word)
            else:
                break
        return " ".join(taken)
    if words[0].lower() not in {"the", "its", "their", "this", "that", "these", "those"}:
        return None
    taken = [words[0]]
    for i, word in enumerate(words[1:], 1):
        following = words[i + 1].lower() if i + 1 < len(words) else "?"
        verb_like = (
            word.lower() in {"been", "being", "be", "done", "doing", "got"}
            or (re.fullmatch(r"[a-z]+(?:ing|ed)", word) is not None)
            or following in _AFTER_VERB
            or not re.fullmatch(r"[\w’'&\-]+", following)
        )
        if verb_like or not re.fullmatch(r"[\w’'&\-]+", word) or len(taken) >= 7:
            break
        taken.append(word)
    return " ".join(taken) if len(taken) >= 2 else None


def _replace_pronoun(question: str, antecedent: str) -> str:
    def repl(match: re.Match[str]) -> str:
        word = match.group(1).lower()
        if word in {"its", "their", "theirs"}:
            return f"{antecedent}’s"
        if word == "there":
            after_preposition = re.search(
                r"\b(of|from|in|at|to|into|near|out)\s+$", question[: match.start()], re.I
            )
            return antecedent if after_preposition else f"in {antecedent}"
        return antecedent

    return _PRONOUN.sub(repl, question, count=1)


def resolve_followup(
    question: str,
    history: Sequence[Message],
    *,
    answer_previous: Callable[[str], str | None] | None = None,
    is_name: Callable[[str], bool] | None = None,
    is_common: Callable[[str], bool] | None = None,
) -> str:
    """A standalone version of ``question`` given ``history`` (unchanged if not a follow-up).

    ``answer_previous`` answers the previous question when the history has no assistant
    turn for it; its answer can be the antecedent of "it"/"they". ``is_name`` says whether
    a phrase is a name (the user may not capitalise it). ``is_common`` says whether a
    phrase is the collection's background (most sentences name it, like the city the
    articles are about): such a subject is rarely what a follow-up's "it" means, so the
    thing the previous question asked about is taken instead.
    """
    if not is_followup(question, history, is_common=is_common):
        return question
    # "one of them already listed right? what about the other one ...?": the last
    # question is what is asked; what comes before it only checks.
    question = _without_checks(question)
    users = _user_turns(history)
    # Resolve the previous turn against its own history first (chains of follow-ups).
    previous = users[-1]
    earlier = [Message("user", u) for u in users[:-1]]
    if earlier:
        previous = resolve_followup(
            previous,
            earlier,
            answer_previous=answer_previous,
            is_name=is_name,
            is_common=is_common,
        )

    if (about := _ABOUT_THEN.match(question)) and _PRONOUN.search(about.group("q")):
        # The new topic is what the question's pronoun points at; "the other one" is one of
        # the things just talked about, so the previous question stays as context.
        resolved = _replace_pronoun(about.group("q"), about.group("x").strip())
        resolved = resolved[:1].upper() + resolved[1:]
        if _ONE_ANAPHOR.search(about.group("x")) or _THE_ONE.match(about.group("x").strip()):
            return f"{resolved.rstrip(' ?')} ({_plain(previous)})?"
        return resolved
    if then := _AND_THEN.match(question):
        x = then.group("x").strip()
        named = bool(re.match(r"^(?:the\s+)?[A-Z]", x)) or bool(is_name and is_name(x))
        if _THAT_ONE.search(then.group("q")):
            # The new topic is what "that one" in the question points at.
            asked = _THAT_ONE.sub(x, then.group("q"), count=1)
            return asked[:1].upper() + asked[1:]
        if (_ONE_ANAPHOR.search(x) or _THE_ONE.match(x)) and _PRONOUN.search(then.group("q")):
            # "and the other one getting ready to list — what kind of business is it?"
            asked = _replace_pronoun(then.group("q"), x)
            asked = asked[:1].upper() + asked[1:]
            return f"{asked.rstrip(' ?')} ({_plain(previous)})?"
        if named and re.search(r"\b(?:it|its)\b", then.group("q"), re.I):
            # "and the Science Park, how many firms does it host?": "it" is the new name.
            asked = _replace_pronoun(then.group("q"), x)
            return asked[:1].upper() + asked[1:]
    if match := _ELLIPSIS.match(question):
        new = (match.group("x") or match.group("y") or match.group("z") or "").strip()
        return _substitute(previous, new, is_name)

    body = _LEADING_CONJ.sub("", question)
    if _THE_ONE.match(body.strip(" ?")):
        return _substitute(previous, body.strip(" ?"), is_name)
    if which := _WHICH_ONE.match(body):
        # "Which one got listed?" after "How many unicorns ...?": which of the unicorns,
        # the previous question as context.
        counted = target_terms(previous)
        group = f"which of the {counted}" if counted else which.group(0)
        rest = body[which.end() :]
        return f"{group}{rest.rstrip(' ?')} ({_plain(previous)})?"
    if (then := _TEMPORAL.search(body)) and not _PRONOUN.search(body):
        # "How many have listed since then?" after "When did X reform ...?": then = its
        # answer (a date), the previous question as context.
        when = None
        if answer_type(previous) is AnswerType.DATE:
            when = _previous_answer(history) or (
                answer_previous(previous) if answer_previous else None
            )
        if when and len(when.split()) <= 5:
            when = re.sub(r"^(?:in|on|at|by|during)\s+", "", when.strip(" ."), flags=re.I)
            body = body[: then.start("then")] + when + body[then.end("then") :]
        return f"{body.rstrip(' ?')} ({_plain(previous)})?"
    if _THAT_ONE.search(body) and (noun := _asked_noun(previous)):
        # "what does that one make?" after "any unicorns move in?": the unicorn.
        the = _THAT_ONE.sub(f"the {noun}", body, count=1)
        return f"{the.rstrip(' ?')} ({_plain(previous)})?"
    if _ONE_ANAPHOR.search(body) and not _PRONOUN.search(body):
        # "Which sectors does the newer one cover?": one of the things just talked about.
        return f"{body.rstrip(' ?')} ({_plain(previous)})?"
    if _BARE_NOUN_PHRASE.match(body) and not WH_WORD.search(body):
        # "patents?" after "How many projects ...?" asks what "and patents?" asks.
        return _substitute(previous, body.strip(" ?"), is_name)
    if not _PRONOUN.search(body) and _is_fragment(body):
        # A fragment ("On which exchange?") asks the previous question's follow-on.
        return f"{body.rstrip(' ?')} ({_plain(previous)})?"
    if _DEMONSTRATIVE.search(body) and not _PRONOUN.search(_DEMONSTRATIVE.sub("", body)):
        # "How many of those companies listed?": "the companies", the previous question
        # as context.
        the = _DEMONSTRATIVE.sub("the ", body, count=1)
        return f"{the.rstrip(' ?')} ({_plain(previous)})?"
    if _generic_reference(body) and not _PRONOUN.search(body):
        # "What is the money meant to achieve?" after "How much is the X Fund worth?":
        # the money of the previous question, as context.
        return f"{body.rstrip(' ?')} ({_plain(previous)})?"
    pronouns = {m.group(1).lower() for m in _PRONOUN.finditer(body)}
    if pronouns == {"that"} or (pronouns & _SINGULAR and pronouns & _PLURAL_PRONOUNS):
        # "What % increase is that?": "that" is the figure just given, which no name can
        # replace; "When did they win it?": two referents, which one antecedent cannot.
        # The previous question as context.
        return f"{body.rstrip(' ?')} ({_plain(previous)})?"
    # "Which hub hosts 1,900 firms?" / "Where did the firms set up?" -> "it" / "there" is the
    # answer (Cyberport). "Who chairs the Committee on X?" -> "it" cannot be the person
    # answered, so it is the thing named (the committee); "What is X?" -> X.
    # "What has the Council been doing?" asks for an activity: "it" is the subject.
    subject = _subject_of(previous)
    asks_for_thing = (
        subject is None
        and re.match(r"^\W*(?:which|what|where)\b", previous, re.I)
        and not re.match(
            r"^\W*what\s+(?:is|are|was|were)\s+(?!the\s+names?\s+of\b)"
            r"(?![^?]*\b(?:called|named|known\s+as)\s*\??\s*(?:\(|$))",  # "what is X called?"
            previous,
            re.I,
        )
    )
    antecedent = subject
    if asks_for_thing:
        answer = _previous_answer(history) or (
            answer_previous(previous) if answer_previous else None
        )
        head = question_head(previous)
        # "Which hub ...?" -> "Cyberport" (a name); "What new listing mechanism ...?" ->
        # the mechanism, when the answer is a phrase that is not one ("new energy").
        if answer is not None:
            answer = answer.strip(' .“”"‘’').strip(" .")  # '“... 1+ Plan.”' -> '... 1+ Plan'
        fits = answer is not None and (
            re.sub(r"^(?:the|a|an)\s+", "", answer)[:1].isupper()
            or head is None
            or head.lower() in answer.lower()
        )
        if answer and len(answer.split()) <= 8 and fits:
            antecedent = answer.strip(" .")
        elif head and (
            m := re.search(
                rf"\b(?:which|what)\s+((?:[\w\-]+\s+){{0,2}}{re.escape(head)})\b", previous, re.I
            )
        ):
            antecedent = f"the {m.group(1)}"
    plural = re.search(r"\b(they|them|their|theirs|these|those)\b", body, re.I)
    counted = target_terms(previous)
    if antecedent is None and plural and counted:
        topic = topic_phrase(previous)
        if topic and is_common and is_common(topic) and _modifies_noun(previous, topic):
            topic = None  # "the Hong Kong government's centres" -> "the R&D centres"
        antecedent = f"the {counted} in {topic}" if topic and topic != counted else counted
    if antecedent is None:
        antecedent = topic_phrase(previous)
        if antecedent and is_common and is_common(antecedent):
            antecedent = _object_after(previous, antecedent) or antecedent
    if (
        plural
        and antecedent
        and (_is_clause(antecedent) or _singular_thing(antecedent))
        and (nps := _PLURAL_NP.findall(previous) or _PLURAL_NP.findall(" ".join(users[:-1])))
    ):
        # "What year did HK overhaul its listing rules so biotech firms could go public?"
        # -> "those" are the biotech firms (the last plural noun phrase), not the year.
        antecedent = nps[-1]
    if antecedent is None:
        return f"{body.rstrip(' ?')} ({_plain(previous)})?"
    if _PRONOUN.search(body):
        resolved = _replace_pronoun(body, antecedent)
    elif len(tokenize(body)) >= FULL_QUESTION_TERMS:
        resolved = body  # "and when was the listing route introduced?" stands alone
    else:
        resolved = f"{body.rstrip(' ?')} for {antecedent}?"
    return resolved[:1].upper() + resolved[1:]


def followup_alternatives(question: str, history: Sequence[Message], previous: str) -> list[str]:
    """Other standalone readings of a follow-up, for when the first reading finds no
    answer: its pronoun pointing at each other thing the previous question (``previous``,
    already resolved) names, then the question with the previous one as context.
    "Who issued it?" after "Did any Cyberport company get a trading licence?" may mean
    the company or the licence; the documents tell which reading they answer."""
    if not is_followup(question, history):
        return []
    body = _LEADING_CONJ.sub("", _without_checks(question)).strip()
    plain = _plain(previous)
    readings: list[str] = []
    if _PRONOUN.search(body):
        things = [m.group("np") for m in _OBJECT.finditer(plain)]
        things += [
            m.group(0).strip(" ?.,")
            for m in ENTITY.finditer(plain)
            if m.start() > 0 and m.group(0).strip(" ?.,").lower() not in _WH_WORDS
        ]
        if fronted := _FRONTED.match(plain):
            things.append(fronted.group("t"))
        for thing in dict.fromkeys(things):
            resolved = _replace_pronoun(body, thing)
            readings.append(resolved[:1].upper() + resolved[1:])
    readings.append(f"{body.rstrip(' ?')} ({plain})?")
    return list(dict.fromkeys(readings))[:MAX_ALTERNATIVES]


# "I'm building a startup and weighing HK vs Singapore. How much ...?": statements about
# the asker before a wh-question are its background, not its ask.
_PREAMBLE = re.compile(
    r"^(?P<p>(?:[^?]*?[.!])+)\s+(?P<q>(?:so\s+|and\s+|but\s+)?(?:what|which|who|whom|whose|"
    r"when|where|why|how)\b[^.!]*\?)\s*$",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:I|I[’']m|I[’']ve|my|we|we[’']re|our|us|me)\b", re.I)


def split_preamble(question: str) -> tuple[str | None, str]:
    """(background, question): first-person statements before a wh-question ("Visas are my
    big worry. Which department ...?") are the asker's background; the question is read on
    its own, with the background as an earlier turn (it may hold a pronoun's antecedent)."""
    match = _PREAMBLE.match(question.strip())
    if not match or not _FIRST_PERSON.search(match.group("p")):
        return None, question
    return match.group("p").strip(), match.group("q")


def _without_checks(question: str) -> str:
    """ "one of them already listed, right? what about the other one ...?" -> the last
    question: a check for confirmation before it asks nothing new."""
    *checks, last = re.split(r"(?<=\?)\s+", question.strip())
    if (
        checks
        and all(_CHECK.search(c) for c in checks)
        and len(last.split()) >= LAST_QUESTION_MIN_WORDS
        and WH_WORD.search(last)
    ):
        return last
    return question


def _modifies_noun(question: str, name: str) -> bool:
    """Whether ``name`` stands before a noun in ``question`` ("the [Hong Kong] government
    run?"): followed by a word that is not the question's last (its verb)."""
    at = question.lower().find(name.lower())
    if at < 0:
        return False
    rest = re.findall(r"[\w’'\-]+", question[at + len(name) :])
    return len(rest) >= 2 and rest[0][:1].islower()


def _lower_case_name(question: str, is_name: Callable[[str], bool]) -> str | None:
    """A name typed in lower case after a preposition ("firms at cyberport"): the longest
    run of one to three words there that ``is_name`` knows."""
    for match in re.finditer(
        r"\b(?:at|in|of|from|for|to|by|with)\s+(?:the\s+)?([\w’'&\-]+(?:\s+[\w’'&\-]+){0,2})",
        question,
        re.I,
    ):
        words = match.group(1).split()
        for size in range(len(words), 0, -1):
            run = " ".join(words[:size])
            if is_name(run):
                return run
    return None


def _object_after(question: str, name: str) -> str | None:
    """The thing introduced with a determiner after ``name`` in ``question``: "When did HK
    introduce the listing mechanism?" -> "the listing mechanism"."""
    at = question.lower().find(name.lower())
    if at < 0:
        return None
    found = _OBJECT.search(question, at + len(name))
    return found.group("np") if found else None


def _plain(previous: str) -> str:
    """The previous question as context: without its own trailing context (one level of
    parentheses is what the answerer reads as context), and without its question mark."""
    main = (CONTEXT.sub("", previous) or previous).rstrip(" ?")
    # A chain ("any unicorns move in (what's new at the Science Park)?"): the earlier
    # context is kept, folded in, as it may hold the place or thing talked about.
    if (inner := CONTEXT.search(previous)) and main != previous.rstrip(" ?"):
        return f"{main}, {inner.group(0).strip().strip('()? ')}"
    return main


def _previous_answer(history: Sequence[Message]) -> str | None:
    """The assistant's reply after the last user turn, if there is one."""
    for message in reversed(history):
        if message.role == "assistant":
            return re.sub(r"\s*\[\d+\].*$", "", message.content, flags=re.S).strip() or None
        if message.role == "user":
            return None
    return None


def _substitute(previous: str, new: str, is_name: Callable[[str], bool] | None = None) -> str:
    """Put ``new`` in the place of the previous question's topic.

    A name replaces the previous question's name ("And the Science Park?"); anything else
    replaces what it counted or measured ("What about patents?"). ``is_name`` tells names
    written in lower case ("and the science park?"), e.g. by looking them up in the corpus.
    """
    new = re.sub(r"^(?:for|in|at)\s+", "", new, flags=re.I)
    if _PRONOUN.fullmatch(new.strip()):
        return previous  # "What about it?": the same question again
    if (one := _THE_ONE.match(new)) and (wh := _WH_PHRASE.match(previous)):
        # "And the one that's preparing to list?" after "Which unicorn listed last year?":
        # the same question, asked of the new predicate.
        aux = (one.group("aux") or "").strip(" ’'").lower()
        aux = {"s": "is", "": ""}.get(aux, aux)
        vp = one.group("vp") or one.group("ing")
        if one.group("ing"):
            aux = "is"  # "the one getting ready to list"
        # A vague wh-phrase ("which one") keeps the context the previous turn carried.
        context = CONTEXT.search(previous)
        tail = f" {context.group(0).strip().rstrip('?').strip()}" if context else ""
        return f"{wh.group('wh')} {aux + ' ' if aux else ''}{vp.rstrip(' ?')}{tail}?"
    own = answer_type(f"What is {new}?")
    if own in _TYPED and own is not answer_type(previous):
        # "What about the total funding raised?" after "How many firms ...?": ask for what
        # the new phrase is (an amount), the previous question as context.
        return f"What is {new.rstrip(' ?')} ({_plain(previous)})?"
    named = bool(re.match(r"^(?:the\s+)?[A-Z]", new)) or bool(is_name and is_name(new))
    topic = topic_phrase(previous)
    if (
        named
        and is_name
        and not (topic and (re.match(r"^(?:the\s+)?[A-Z]", topic) or is_name(topic)))
    ):
        # "how many firms r at cyberport?" -> "and the Science Park?": the lower-case name.
        topic = _lower_case_name(previous, is_name) or topic
    if (
        named
        and topic
        and (re.match(r"^(?:the\s+)?[A-Z]", topic) or bool(is_name and is_name(topic)))
    ):
        pattern = re.compile(rf"(?:\bthe\s+)?{re.escape(topic)}", re.I)
        return pattern.sub(new, previous, count=1)
    target = target_terms(previous)
    if target and not named:
        # "What about patents?" after "How many projects did the centres take on in 2021-22?":
        # ask the same of patents, the rest of the previous question as context only.
        asking = re.match(r"^\W*how (?:many|much)\b", previous, re.I)
        if asking:
            new = re.sub(r"^(?:the|a|an)\s+", "", new, flags=re.I)
            return f"{asking.group(0).strip()} {new} ({_plain(previous)})?"
        return previous.replace(target, new, 1)
    if topic:
        return previous.replace(topic, new, 1)
    return f"{previous.rstrip(' ?')} {new}?"
