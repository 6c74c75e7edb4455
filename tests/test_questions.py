from __future__ import annotations

import pytest

from hkqa.questions import (
    ASKS_AREAS,
    ASKS_BENEFICIARY,
    ASKS_LIST,
    ASKS_ORDINAL,
    ASKS_OUTCOME,
    ASKS_RESULT,
    BEFORE_EVENT,
    BREAKDOWN,
    FUTURE_Q,
    IN_SITU,
    LISTED_ITEMS,
    NAME_CALLED,
    NAME_THE,
    ORDINAL_IDIOM,
    PARTITIVE,
    PERIOD_ALONE,
    PRECISE_DATE,
    RESULT_STATED,
    YEARS_AGO,
    asked_count_head,
    asked_for_phrase,
    asked_measures,
    asks_for_subject,
    asks_place,
    asks_plural,
    excluded_terms,
    identity_thing,
    period_pattern,
    relative_times,
    tense,
)
from hkqa.tokenize import tokenize


def test_excluded_terms_are_what_the_question_sets_aside() -> None:
    assert excluded_terms("Besides the Science Park, which hub grew?") >= set(
        tokenize("Science Park")
    )
    assert excluded_terms("Which hub grew fastest?") == frozenset()


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Which startup listed last year?", True),
        ("Which one is preparing to list?", True),
        ("Among the unicorns, which kind of company is getting ready to list?", True),
        ("Which sector is Hong Kong trying to digitalise?", False),
        ("Which stage do these examples suggest it can reach?", False),
        ("What is the fund for?", False),
        ("How many firms listed?", False),
    ],
)
def test_asks_for_subject(question: str, subject: bool) -> None:
    assert asks_for_subject(question) is subject


def test_asked_measures_are_the_asked_for_kind_of_figure() -> None:
    assert asked_measures("How many employees does the hub have?") == ["employees"]
    assert asked_measures("What valuation is the platform aiming for?") == ["valuation"]
    assert asked_measures("What is the start-up valued at?") == ["valued"]
    # The same words in passing are no measure asked for.
    assert asked_measures("How big is the fund meant to improve people's lives?") == []
    assert asked_measures("How many start-ups valued at over a billion?") == []


def test_asked_for_phrase_is_the_wh_phrase_and_what_it_relates_to() -> None:
    assert "vehicle-related" in asked_for_phrase("Which vehicle-related sector is covered?")
    assert "health" in asked_for_phrase("Which one relates to health?")
    assert asked_for_phrase("Who is in charge of the committee?") == ""


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("Who is the current Chief Executive of Hong Kong?", "Chief Executive"),
        ("What is the name of Hong Kong's Chief Executive?", "Chief Executive"),
        ("what is the chief executive's name?", "chief executive"),
        ("Who chairs the committee?", None),
        ("Who is in charge of the committee?", None),
        ("Who is the pilot scheme meant to help?", None),
        ("Which company is the DPU unicorn that joined?", "DPU unicorn"),
        ("Which firm was the first to list?", None),
    ],
)
def test_identity_thing(question: str, thing: str | None) -> None:
    assert identity_thing(question) == thing


def test_tense_and_plural() -> None:
    assert tense("is preparing for listing") == "present"
    assert tense("listed on the exchange last year") == "past"
    assert tense("hosts firms") is None
    assert asks_plural("Which industries does it court?")
    assert not asks_plural("Which industry does it court?")
    assert not asks_plural("Which address is it?")


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What's the point of the 1+ Plan?", True),
        ("What is the main goal behind the scheme?", True),
        ("Who is the grant meant to help?", True),
        ("What is it meant to do exactly?", True),  # a trailing adverb
        ("What is the point total?", False),
        ("What did the plan point out?", False),
    ],
)
def test_asks_purpose(question: str, asks: bool) -> None:
    from hkqa.questions import ASKS_PURPOSE

    assert bool(ASKS_PURPOSE.search(question)) is asks


def test_described_kind() -> None:
    from hkqa.questions import described_kind

    assert described_kind("Which smart logistics company from X listed?") == (
        "company",
        frozenset(tokenize("smart logistics")),
    )
    assert described_kind("Which of Cyberport's unicorns listed?") is None
    assert described_kind("What type of Cyberport start-up listed?") is None
    assert described_kind("Which hub grew?") is None


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("How many unicorns has the Science Park produced?", "unicorns"),
        ("What is the number of R&D centres the government runs?", "centres"),
        ("how many web3 / blockchain outfits set up at cyberport", "outfits"),
        ("How much did it raise?", None),  # an amount, not a count
        ("When did it open?", None),
    ],
)
def test_asked_count_head(question: str, head: str | None) -> None:
    assert asked_count_head(question) == head


@pytest.mark.parametrize(
    ("question", "asks_before"),
    [
        ("How many companies did it have before the new government took office?", True),
        ("What was the count prior to 2015?", True),
        ("By how much was that up on the year before?", False),
        ("What does the government weigh before co-investing?", False),
        ("What do they check before making a joint investment?", False),
        ("what they check before invest?", False),
        ("How many firms listed before it opened?", True),
        ("How much had it raised before 2018?", True),
    ],
)
def test_before_event(question: str, asks_before: bool) -> None:
    assert bool(BEFORE_EVENT.search(question)) is asks_before


def test_period_alone_needs_the_same_period() -> None:
    match = PERIOD_ALONE.search("how many listed last year alone?")
    assert match is not None
    pattern = period_pattern(match)
    assert pattern.search("Over the past year, 150 firms moved in.")
    assert pattern.search("It listed in the previous fiscal year.")
    assert not pattern.search("Since the 2018 reforms, 57 listed.")
    assert not pattern.search("This year 5 listed.")
    assert PERIOD_ALONE.search("how many listed last year?") is None


@pytest.mark.parametrize(
    ("question", "precise"),
    [
        ("What is the launch date of the scheme?", True),
        ("On what date does it open?", True),
        ("Opening date?", True),
        ("When does it open?", False),
        ("What has it achieved to date?", False),
        ("When exactly will it launch?", True),
    ],
)
def test_precise_date(question: str, precise: bool) -> None:
    assert bool(PRECISE_DATE.search(question)) is precise


def test_valuation_is_an_asked_measure_and_breakdowns_join_two_figures() -> None:
    assert asked_measures("What is the valuation of the chip unicorn?") == ["valuation"]
    assert BREAKDOWN.search("How many are local and how many from overseas?")
    assert not BREAKDOWN.search("How much did they, how much have they raised?")
    assert BREAKDOWN.search("how many are from the mainland vs overseas?")
    assert BREAKDOWN.search("How much did each get, respectively?")
    assert not BREAKDOWN.search("How many are from the mainland or overseas?")
    assert not BREAKDOWN.search("up by how much vs the year before?")  # a comparison


def test_partitive_and_future_questions() -> None:
    match = PARTITIVE.search("How much of the co-investment fund has been invested?")
    assert match is not None and match.group("head") == "fund"
    assert PARTITIVE.search("How much did the fund invest?") is None
    assert FUTURE_Q.search("when is the park supposed to be finished")
    assert not FUTURE_Q.search("when was the park finished")


def test_listed_items_may_have_words_before_the_number() -> None:
    assert LISTED_ITEMS.search("What are the budget three key directions?")
    assert LISTED_ITEMS.search("What were the three directions?")
    assert not LISTED_ITEMS.search("What are the 2024 priorities?")


def test_name_the_may_follow_a_lead_in() -> None:
    assert NAME_THE.match("I'd like to name the startup that listed - what is it called?")
    assert NAME_THE.match("Name the startup that listed")
    assert not NAME_THE.match("What did they name their fund?")


def test_in_situ_wh_words() -> None:
    match = IN_SITU.match("in the plan, HK is positioned as what?")
    assert match and match.group("content") == "positioned" and match.group("function") == "as"
    # The fronted form is read too, by its own groups.
    fronted = IN_SITU.match("What is HK positioned as?")
    assert fronted and fronted.group("content") is None and fronted.group("fcontent")


def test_asks_areas() -> None:
    assert ASKS_AREAS.search("In what areas has the ecosystem seen achievements?")
    assert ASKS_AREAS.search("which key fields does it cover")
    assert not ASKS_AREAS.search("What area is the park in?")


def test_measures_in_a_descriptive_question_and_years_ago() -> None:
    assert asked_measures("What profits tax rate applies to firms at the park?") == [
        "profits",
        "tax",
    ]
    assert asked_measures("What annual return has the fund generated?") == ["annual return"]
    assert asked_measures("What kind of companies does the office court?") == []
    assert YEARS_AGO.search("How many firms were there two years ago?")
    assert not YEARS_AGO.search("How many firms were there a year ago?")


def test_relative_times_date_a_fact_not_a_comparison() -> None:
    assert relative_times("How much did last year's budget give?") == {"last"}
    assert relative_times("allocated in this year’s budget") == {"this"}
    assert relative_times("listed in the previous year") == {"last"}
    assert relative_times("an increase of 10% compared to the previous year") == set()
    assert relative_times("over the past year") == set()


def test_what_is_x_called_asks_its_name() -> None:
    match = NAME_CALLED.match("What is the startup that listed last year called?")
    assert match and match.group("np") == "startup that listed last year"
    assert not NAME_CALLED.match("What is it called?")


def test_tense_reads_a_progressive_after_its_subject() -> None:
    assert tense("What kind of company is the other one getting ready to list?") == "present"
    assert tense("successfully listed on the exchange last year") == "past"
    assert tense("What kind is the other one that's getting ready to list?") == "present"


def test_asks_outcome() -> None:
    assert ASKS_OUTCOME.search("What is the plan meant to achieve?")
    assert ASKS_OUTCOME.search("what is it ultimately meant to help with?")
    assert not ASKS_OUTCOME.search("What is the plan meant to do?")


def test_a_checked_ordinal_asks_the_ordinal() -> None:
    from hkqa.questions import ASKS_ORDINAL

    assert ASKS_ORDINAL.search("Our copy calls it the first licensed platform. Is that right?")


def test_beneficiary_and_exact_day_questions() -> None:
    from hkqa.questions import ASKS_BENEFICIARY, EXACT_DAY

    assert ASKS_BENEFICIARY.search("Which businesses is the scheme aimed at?")
    assert ASKS_BENEFICIARY.search("Why fund it - who is it supposed to help?")
    assert not ASKS_BENEFICIARY.search("Who runs the scheme?")
    assert EXACT_DAY.search("On what exact date in March was it launched?")
    assert not EXACT_DAY.search("When was it launched?")
    assert NAME_CALLED.match("so what is the logistics company actually called?")


def test_money_subject_is_the_head_of_who_raises() -> None:
    from hkqa.questions import money_subject

    assert money_subject("How much is the travel platform planning to raise?") == "platform"
    assert money_subject("how much funding did the dpu unicorn at the park raise") == "unicorn"
    assert money_subject("how much did they raise?") is None


def test_under_a_scheme_and_just_last_year() -> None:
    from hkqa.questions import UNDER_SCHEME

    match = UNDER_SCHEME.search("How much was raised under the special tech listing mechanism?")
    assert match and match.group("np") == "special tech listing mechanism"
    assert PERIOD_ALONE.search("how much did they raise just last year?")


def test_a_figure_called_overstated_is_being_checked() -> None:
    from hkqa.questions import CHECKS_FIGURE

    assert CHECKS_FIGURE.search("Did it jump by 30%, or is that overstated?")


def test_the_year_before_last_is_a_time_ago() -> None:
    assert YEARS_AGO.search("How much was raised in the year before last?")
    assert not YEARS_AGO.search("How much was raised last year?")


def test_a_fronted_wh_word_with_the_verb_and_preposition_left_at_the_end() -> None:
    match = IN_SITU.match("Under the national plan, what is Hong Kong clearly positioned as?")
    assert match and (match["fcontent"], match["ffunction"]) == ("positioned", "as")
    match = IN_SITU.match("What is Hong Kong positioned as under the national plan?")
    assert match and match["fcontent"] == "positioned"
    match = IN_SITU.match("The examples show HK can achieve which industrial stage?")
    assert match and match["content"] == "achieve"
    assert not IN_SITU.match("What is the fund meant to do?")


def test_name_questions_take_a_quoted_word() -> None:
    from hkqa.questions import NAME_QUESTION

    match = NAME_QUESTION.search("What is the name of the “unicorn” DPU company?")
    assert match and match["np"].startswith("“unicorn” DPU company")


def test_ordinals_offered_as_choices_state_no_fact() -> None:
    question = "Which one was it - the first, second or third platform to be licensed?"
    assert ORDINAL_IDIOM.search(question)
    assert ASKS_ORDINAL.search(question)
    assert ASKS_ORDINAL.search("it was the how manyth platform in HK?")
    assert not ORDINAL_IDIOM.search("Was it the first platform to be licensed?")


def test_who_is_it_for_with_choices_asks_the_beneficiary() -> None:
    assert ASKS_BENEFICIARY.search("Who is the pilot actually for, big firms or small ones?")
    assert not ASKS_BENEFICIARY.search("Who runs the pilot?")


def test_looking_at_or_into_asks_a_list() -> None:
    assert ASKS_LIST.search("What does the government look at before co-investing?")
    assert ASKS_LIST.search("what does the committee look into")
    assert not ASKS_LIST.search("Who looked after the fund?")


def test_what_a_cause_led_to() -> None:
    assert ASKS_RESULT.match("What did the 2018 reform open the door to?")
    assert ASKS_RESULT.match("what has the plan led to")
    assert not ASKS_RESULT.match("What did the reform change?")
    text = "Reforms in 2018 paved the way for the listing of biotechs, raising HKD 1 billion."
    stated = RESULT_STATED.search(text)
    assert stated and text[stated.end() :].startswith("the listing of biotechs")


def test_how_is_x_positioned_reads_after_the_verb() -> None:
    match = IN_SITU.match("how is hk positioned under the 14th five year plan")
    assert match and match["hcontent"] == "positioned"
    assert not IN_SITU.match("How is the fund doing?")


def test_in_what_respects_asks_areas() -> None:
    assert ASKS_AREAS.search("In what respects has the ecosystem become livelier?")


def test_a_role_holder_question_and_a_share_of_a_measure() -> None:
    from hkqa.questions import ROLE_HOLDER, ROLE_STATED

    assert ROLE_HOLDER.match("Who is the head of the Office?")
    assert not ROLE_HOLDER.match("Who is the Office working with?")
    assert ROLE_STATED.search("The committee, chaired by the Chief Executive, ...")
    assert asked_measures("What share of Hong Kong's GDP comes from tech?") == ["GDP"]
    assert ASKS_RESULT.match("What did the 2018 listing reforms open the door to in HK?")


def test_a_measure_word_inside_a_compound_is_no_measure() -> None:
    assert asked_measures("How many billion-dollar-valued startups are in the park?") == []
    assert asked_measures("What is the park valued at?") == ["valued"]


def test_what_x_contributes_to_reads_after_the_verb() -> None:
    match = IN_SITU.match("Apart from HK, what does this strategy contribute to nationally?")
    assert match and (match["dcontent"], match["dfunction"]) == ("contribute", "to")
    assert not IN_SITU.match("What does the government look at?")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Where can the key firms set up?", True),
        ("ok and where would those firms settle?", True),
        ("web3 budget money go to where?", True),
        ("Where does the listing stand now?", False),  # a state, not a place
        ("Where did the firm rank among licensees?", False),  # a position
        ("What is the fund for?", False),
    ],
)
def test_asks_place(question: str, expected: bool) -> None:
    assert asks_place(question) is expected


def test_identity_thing_after_a_possessor() -> None:
    assert identity_thing("Who is Hong Kong's current Chief Executive?") == "Chief Executive"
    assert identity_thing("Who is the current Chief Executive of Hong Kong?") == "Chief Executive"
