from __future__ import annotations

import pytest

from hkqa.spans import (
    amount_value,
    answer_type,
    counted_head,
    counted_noun,
    find_spans,
    normalize_question,
    noun_phrase_spans,
    question_head,
    same_amount,
    target_terms,
)
from hkqa.types import AnswerType as T


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How much went to Web3?", T.MONEY),
        ("How much money did startups raise?", T.MONEY),
        ("How big is the co-investment fund?", T.MONEY),
        ("What was the size of the budget?", T.MONEY),
        ("How many startups graduated?", T.COUNT),
        ("Apart from the Science Park, where can firms set up?", T.ENTITY),
        ("Which watchdog granted the licence?", T.ENTITY),
        ("which district is the tech city in", T.ENTITY),
        ("Besides the park, which other innovation and technology flagship is growing?", T.ENTITY),
        ("What kind of companies does the office court?", T.OTHER),
        ("In which province is the park?", T.ENTITY),
        ("What areas is Committee on the Digital Economy researching?", T.OTHER),
        ("What's the application deadline for the scheme?", T.DATE),
        ("What is the launch date of the scheme?", T.DATE),
        ("exact launch date for the pilot scheme?", T.DATE),
        ("give the number of companies in the park", T.COUNT),
        ("science park number of companies now", T.COUNT),
        ("What is the total money startups there have got?", T.MONEY),
        ("What is the money from the fund meant to speed up?", T.OTHER),
        ("What is the number of patents?", T.COUNT),
        ("Count of unicorns that came out of the hub?", T.COUNT),
        ("What's the total number now?", T.COUNT),
        ("What's the size of the hub's community of companies?", T.COUNT),
        ("What is the size of the co-investment fund?", T.MONEY),
        ("And what did the biotech firms raise in total?", T.MONEY),
        # Terse queries say what they want by their keywords.
        ("Co-investment fund size?", T.MONEY),
        ("What is the start-up valued at?", T.MONEY),
        ("What valuation is the platform aiming for?", T.MONEY),
        ("Cumulative startup funding at the hub?", T.MONEY),
        ("Hub company count?", T.COUNT),
        ("Year of the listing reform?", T.DATE),
        ("Park tenants: funding raised in the past year?", T.MONEY),
        ("Launch year of the scheme?", T.DATE),
        ("R&D projects undertaken in 2021-22?", T.COUNT),
        ("Funds raised by startups?", T.MONEY),
        ("Aside from public money, what has the market shown appetite for?", T.OTHER),
        ("When firms list, what do they gain?", T.OTHER),
        ("What was the year-on-year growth in R&D?", T.PERCENT),
        ("What percentage of firms came from overseas?", T.PERCENT),
        ("By how much did the number of companies increase?", T.PERCENT),
        ("When did the listing reform happen?", T.DATE),
        ("In which year was the bureau set up?", T.DATE),
        ("Who chairs the committee?", T.ENTITY),
        ("Which organisation helped 150 companies?", T.ENTITY),
        ("What is the scheme called?", T.ENTITY),
        ("What does the mechanism cover?", T.OTHER),
        ("Why does Hong Kong invest in technology?", T.OTHER),
        ("What is the head count of community companies at the Park?", T.COUNT),
        ("Park community size? (number of member firms)", T.COUNT),
        ("Co-investment fund size?", T.MONEY),
        ("What about cumulative funding for its startups?", T.MONEY),
        ("What about the funding model?", T.OTHER),
        ("Which political arrangement gives the city its edge?", T.ENTITY),
        ("Under what funding arrangement will the pilot help firms?", T.OTHER),
        ("Which university leads the project?", T.ENTITY),
    ],
)
def test_answer_type(question: str, kind: T) -> None:
    assert answer_type(question) is kind


SENTENCE = (
    "In March 2023, Cyberport hosted over 1,900 firms with funding surpassing HKD 35.7 billion, "
    "a 30% rise, and six “unicorns” backed by 50 million Hong Kong dollars and $6.4M, per the "
    "Hong Kong Productivity Council in the 2021-22 fiscal year."
)


def spans(kind: T) -> list[str]:
    found = find_spans(SENTENCE, kind)
    for s in found:
        assert SENTENCE[s.start : s.end] == s.text
    return [s.text for s in found]


def test_money_spans() -> None:
    assert spans(T.MONEY) == [
        "surpassing HKD 35.7 billion",
        "50 million Hong Kong dollars",
        "$6.4M",
    ]


def test_count_spans_exclude_money_percent_and_years() -> None:
    assert spans(T.COUNT) == ["over 1,900", "six"]


def test_percent_and_date_spans() -> None:
    assert spans(T.PERCENT) == ["30%"]
    assert spans(T.DATE) == ["In March 2023", "2021-22 fiscal year"]


def test_a_quoted_common_word_is_no_name() -> None:
    names = [s.text for s in find_spans("Six “unicorns” came from the “Pilot Scheme”.", T.ENTITY)]
    assert names == ["“Pilot Scheme”"]


def test_entity_spans_are_names_not_sentence_starts() -> None:
    names = spans(T.ENTITY)
    assert "Hong Kong Productivity Council" in names
    assert "Cyberport" in names
    assert "“unicorns”" not in names  # a quoted common word is a term, not a name
    assert not any(n in {"In", "The", "In March"} for n in names)


def test_target_terms() -> None:
    assert target_terms("How many startups graduated from it?") == "startups"
    assert target_terms("How many approved patents are there?") == "approved patents"
    assert target_terms("How many patents were approved?") == "patents"
    assert target_terms("Who runs it?") == ""


def test_amount_values_compare_across_formats() -> None:
    a = amount_value("HKD 50 million")
    b = amount_value("50 million Hong Kong dollars")
    c = amount_value("50 million yuan")
    d = amount_value("nearly $50 million")
    assert a == (5e7, "HKD") and b == (5e7, "HKD") and c == (5e7, "CNY")
    assert a and b and c and d
    assert same_amount(a, b)
    assert not same_amount(a, c)
    assert same_amount(a, d)  # a bare "$" states no currency: compatible with HKD
    assert amount_value("$6.4M") == (6.4e6, "$")
    assert amount_value("no number") is None


def test_contractions_and_heads() -> None:
    from hkqa.spans import normalize_question, question_head

    assert normalize_question("Whats the total? What’s up? who's that?") == (
        "What is the total? What is up? who is that?"
    )
    # A lead-in before the question word goes; a topic before a dash stays.
    assert normalize_question("I'm a student - can you explain what the plan is for?") == (
        "What the plan is for?"
    )
    assert normalize_question("Hi, could you tell me how much it got?") == "How much it got?"
    assert normalize_question("Cyberport - how many firms?") == "Cyberport - how many firms?"
    # An instruction after the question says how to answer, not what about.
    assert normalize_question(
        "How much did it get? Give the figure as each article states it."
    ) == ("How much did it get?")
    assert normalize_question("How much did it get? And when?") == "How much did it get? And when?"
    assert answer_type("Whats the cumulative funding raised by startups?") is T.MONEY
    assert answer_type("Roughly what has Hong Kong poured into it in total?") is T.MONEY
    assert question_head("What's the name of the committee set up to steer it?") == "committee"
    assert question_head("What is the name of Hong Kong's Chief Executive?") == "executive"
    assert question_head("Aligned with what national vision?") == "vision"
    assert question_head("What funding model will it use?") == "model"
    assert question_head("What kind of chips does it design?") == "chips"
    assert question_head("What type of Cyberport company is listing?") == "company"
    assert question_head("Who helped 150 companies?") == "organisation"
    assert question_head("Which textile research body won?") == "body"
    assert question_head("What invention got the institute its award?") == "invention"


@pytest.mark.parametrize(
    ("phrase", "head"),
    [
        ("startups graduated", "startups"),
        ("web3 / blockchain firms set up shop", "firms"),
        ("research and development centre the government", "centre"),
        ("companies now", "companies"),
        ("“unicorns” have emerged", "unicorns"),
        ("such companies and raising", "companies"),
        ("marine robotics labs along the coast", "labs"),
        ("engineers over three years", "engineers"),
        (". Additionally", None),
        ("", None),
    ],
)
def test_counted_head(phrase: str, head: str | None) -> None:
    assert counted_head(phrase) == head


def test_counted_noun_is_what_a_number_counts() -> None:
    text = "Over 430 startups graduated, and patents rose by 16%, reaching 135."
    counts = find_spans(text, T.COUNT)
    assert [(s.text, counted_noun(text, s)) for s in counts] == [
        ("Over 430", "startups"),
        ("135", None),
    ]
    # A number word inside a compound counts the compound's noun, not what follows it.
    text = "In line with the “14th Five-Year Plan,” the city grew."
    five = next(s for s in find_spans(text, T.COUNT) if s.text == "Five")
    assert counted_noun(text, five) == "Plan"


def test_chat_shorthand_is_written_out() -> None:
    from hkqa.spans import normalize_question

    assert normalize_question("what yr was it set up") == "what year was it set up"
    assert normalize_question("total no. of cos at the park now?") == (
        "total number of companies at the park now?"
    )
    assert answer_type("total no. of cos at the park now?") is T.COUNT
    # Not inside other words or amounts: "co-investment", "costs", "no. 5".
    assert normalize_question("co-investment costs, no. 5") == "co-investment costs, no. 5"


def test_a_topic_put_first_is_asked_about() -> None:
    from hkqa.spans import normalize_question

    assert normalize_question("smart logistics startup that listed, what name?") == (
        "What is the name of the smart logistics startup that listed?"
    )
    assert normalize_question("travel platform from the hub, when it will list?") == (
        "When travel platform from the hub will list?"
    )
    assert normalize_question("the fund, what is its size?") == "What is the fund’s size?"
    # An adverbial or an aside first is no topic.
    assert normalize_question("In 2021-22, how many did they do?") == (
        "In 2021-22, how many did they do?"
    )
    assert normalize_question("Apart from the park, where can they go?") == (
        "Apart from the park, where can they go?"
    )
    assert answer_type("special tech listing mechanism, when start?") is T.DATE
    assert answer_type("digital pilot, how much money?") is T.MONEY


def test_counted_phrase_keeps_a_hyphenated_adjective() -> None:
    assert target_terms("how many Web3 or blockchain-related companies set up?") == (
        "Web3 or blockchain-related companies set up"
    )
    assert counted_head("company list after", singular_run=True) == "company list"
    assert counted_head("company list after") == "list"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("co-investment fund how big", T.MONEY),
        ("what is the co-investment fund size", T.MONEY),
        ("special tech listing mechanism when introduced", T.DATE),
        ("cyberport web3 companies number past year", T.COUNT),
        ("what happened when it opened", T.OTHER),
        ("digital pilot launch date exact", T.DATE),
        ("How fast did the number of projects grow year-on-year?", T.PERCENT),
        ("What came of the Productivity Council helping firms?", T.OTHER),
        ("Is it true that the hub has produced 6 unicorns?", T.COUNT),
        ("Is it correct that the hub got 500 million for the scheme?", T.MONEY),
        ("Was the platform the first one to get a licence?", T.OTHER),
        ("I read there are four directions, what are they?", T.OTHER),
        ("How big an increase was that compared with the previous year?", T.PERCENT),
    ],
)
def test_terse_queries_are_typed(question: str, kind: T) -> None:
    assert answer_type(question) is kind


def test_terse_name_queries_and_chat_spellings() -> None:
    from hkqa.spans import normalize_question

    assert normalize_question("wat funding model does it use") == ("what funding model does it use")
    assert normalize_question("who is the chief executive? name") == ("who is the chief executive?")
    assert normalize_question("hk chief executive name") == (
        "What is the name of the hk chief executive?"
    )
    assert normalize_question("i&t fund what is it for") == "What is i&t fund for"
    assert normalize_question("wich unicorn listed") == "which unicorn listed"
    assert normalize_question("how many firms r at the hub") == "how many firms are at the hub"
    assert normalize_question("growth of the r and d centres") == "growth of the r and d centres"
    # A capitalised sentence before the wh-word is no topic put first.
    question = "Name the upcoming sites where companies it backs could settle."
    assert normalize_question(question) == question


def test_day_month_dates_are_dates() -> None:
    found = find_spans("The scheme was launched on 3 March to support ferries.", T.DATE)
    assert [s.text for s in found] == ["on 3 March"]


def test_shorthand_fiscal_years_and_company() -> None:
    from hkqa.spans import normalize_question

    assert normalize_question("projects run in 21-22?") == "projects run in 2021-22?"
    assert normalize_question("HK$ 10-20 million") == "HK$ 10-20 million"
    assert normalize_question("which logistics co listed?") == "which logistics company listed?"
    assert normalize_question("the co-investment fund") == "the co-investment fund"
    assert normalize_question("which no. was it licensed?") == "which number was it licensed?"


def test_a_request_to_tell_the_name_is_a_name_question() -> None:
    assert normalize_question("Could you tell me the name of the startup?") == (
        "What is the name of the startup?"
    )
    assert normalize_question("Can you tell me how many firms?") == "How many firms?"


def test_the_noun_a_relative_clause_defines_is_the_head() -> None:
    assert question_head("What was the invention that won the award?") == "invention"
    assert question_head("What is the money meant to do?") is None


def test_a_noun_used_as_a_modifier_heads_no_phrase() -> None:
    text = "It won at an invention fair for its fabric delivery invention."
    assert [s.text for s in noun_phrase_spans(text, "invention")] == ["fabric delivery invention"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("sectors covered by the special tech listing regime?", T.OTHER),
        ("strategic industries in focus", T.OTHER),
        ("R&D projects by the govt's 5 R&D centres in 2021-22", T.COUNT),
        ("companies in cyberport", T.COUNT),
        ("year-on-year growth for the 5 r&d centers", T.PERCENT),
        ("What honour did the institute pick up?", T.ENTITY),
        ("Approved patent apps hit what number?", T.COUNT),
        ("What is the size of the I&T 'Fund for Better Living'?", T.MONEY),
        ("What is the cumulative financing figure of its startups?", T.MONEY),
    ],
)
def test_terse_and_other_question_forms_are_typed(question: str, kind: T) -> None:
    assert answer_type(question) is kind


def test_chat_abbreviations_are_written_out() -> None:
    assert normalize_question("partnered w/ which dept") == "partnered with which department"
    assert normalize_question("when does the sci park open") == "when does the science park open"


@pytest.mark.parametrize(
    ("request_", "question"),
    [
        ("Give me the total raised.", "What is the total raised."),
        ("I need the year the bureau was set up.", "What is the year the bureau was set up."),
        ("Pull the name of the fund", "What is the name of the fund"),
        ("Can you find out exactly how many firms?", "How many firms?"),
    ],
)
def test_requests_read_as_questions(request_: str, question: str) -> None:
    assert normalize_question(request_) == question


def test_requests_and_labels_are_typed() -> None:
    assert answer_type("I need the year the bureau was set up.") is T.DATE
    assert answer_type("I need the funding model the pilot will use.") is T.OTHER
    assert answer_type("What is the funding for the pilot?") is T.MONEY
    assert answer_type("Cyberport - unicorns (count)") is T.COUNT
    assert answer_type("HKPC - efficiency improvement (%)") is T.PERCENT
    assert answer_type("Bureau - year established") is T.DATE
    assert answer_type("Firms set up in Cyberport - past year") is T.COUNT
    assert question_head("What is the funding model the pilot will use?") == "model"


def test_what_a_described_thing_is_called_heads_on_its_noun() -> None:
    assert question_head("What is the HKD 10bn fund called?") == "fund"
    # A thing already named is asked its other name: no head to match.
    assert question_head("What is the Innovation and Technology Bureau called now?") is None


def test_an_ing_word_before_a_noun_modifies_it() -> None:
    assert question_head("What new listing channel did HK open?") == "channel"
    assert question_head("Which firms did it list?") == "firms"


def test_terse_queries_head_on_their_last_noun() -> None:
    assert question_head("digital pilot's funding model?") == "model"
    assert question_head("HKSTP incubation graduates so far?") == "graduates"
    assert answer_type("Digital economy committee chair?") is T.ENTITY
    assert answer_type("web3 firms that moved into Cyberport?") is T.COUNT
    assert answer_type("digital pilot's funding model?") is T.OTHER
    # A verb form is no noun phrase of the head ("chaired" for "chair").
    assert noun_phrase_spans("It is chaired by the Chief Executive.", "chair") == []


def test_is_any_other_x_asks_which_other_x() -> None:
    assert normalize_question("Is any other Cyberport unicorn getting ready to list?") == (
        "Which other Cyberport unicorn is getting ready to list?"
    )
    # "another one" is left to follow-up resolution.
    assert normalize_question("is another one getting ready to list?") == (
        "is another one getting ready to list?"
    )


def test_how_much_was_it_up_asks_a_percentage() -> None:
    assert answer_type("how much was that up year on year?") is T.PERCENT


def test_is_there_an_x_getting_ready_and_how_big_with_a_context() -> None:
    assert normalize_question("Is there a Cyberport unicorn getting ready to list?") == (
        "Which Cyberport unicorn is getting ready to list?"
    )
    assert normalize_question("is any other one gearing up for an IPO?") == (
        "is any other one gearing up for an IPO?"
    )
    assert answer_type("how big is it (What is the co-investment fund?)?") is T.MONEY
    assert answer_type("how big is it (Which park hosts most firms?)?") is T.OTHER


def test_what_was_xs_thing_heads_on_the_thing() -> None:
    assert question_head("What was the Harbour Institute’s invention?") == "invention"
