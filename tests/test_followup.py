from __future__ import annotations

from hkqa.followup import (
    followup_alternatives,
    is_followup,
    resolve_followup,
    split_preamble,
    topic_phrase,
)
from hkqa.types import Message


def users(*texts: str) -> list[Message]:
    return [Message("user", t) for t in texts]


def test_standalone_questions_are_left_alone() -> None:
    history = users("How many companies does Cyberport host?")
    for q in ("How many patents were approved?", "What did the Science Park receive?"):
        assert not is_followup(q, history)
        assert resolve_followup(q, history) == q
    assert resolve_followup("How much did it get?", []) == "How much did it get?"


def test_pronoun_takes_the_previous_topic() -> None:
    history = users("How many companies does Cyberport host?")
    assert resolve_followup("How many unicorns has it produced?", history) == (
        "How many unicorns has Cyberport produced?"
    )
    assert resolve_followup("And what is its total startup funding?", history) == (
        "What is Cyberport’s total startup funding?"
    )


def test_plural_pronoun_takes_the_counted_group() -> None:
    history = users("How many startups graduated from the Science Park?")
    assert resolve_followup("And how much did they raise?", history) == (
        "How much did the startups in Science Park raise?"
    )


def test_ellipsis_substitutes_a_new_name() -> None:
    history = users("How many companies are in the Science Park?")
    assert resolve_followup("And Cyberport?", history) == "How many companies are in Cyberport?"
    assert resolve_followup("What about Cyberport?", history) == (
        "How many companies are in Cyberport?"
    )


def test_ellipsis_substitutes_the_measured_thing() -> None:
    history = users("How many research projects were undertaken in 2021-22?")
    # The new thing is asked for; the previous question stays as context only.
    assert resolve_followup("What about patent applications?", history) == (
        "How many patent applications (How many research projects were undertaken in 2021-22)?"
    )


def test_pronoun_can_refer_to_the_previous_answer() -> None:
    history = [
        Message("user", "Which hub hosts over 1,900 firms?"),
        Message("assistant", "Cyberport [1]"),
    ]
    assert resolve_followup("How many unicorns came out of it?", history) == (
        "How many unicorns came out of Cyberport?"
    )
    # Without an assistant turn the caller answers the previous question itself.
    asked = []

    def answer_previous(q: str) -> str:
        asked.append(q)
        return "Cyberport"

    got = resolve_followup(
        "How many unicorns came out of it?",
        users("Which hub hosts over 1,900 firms?"),
        answer_previous=answer_previous,
    )
    assert got == "How many unicorns came out of Cyberport?"
    assert asked == ["Which hub hosts over 1,900 firms?"]


def test_chains_of_follow_ups_resolve_recursively() -> None:
    history = users("How many companies are in the Science Park?", "And Cyberport?")
    assert resolve_followup("How many unicorns does it have?", history) == (
        "How many unicorns does Cyberport have?"
    )


def test_topic_phrase() -> None:
    assert topic_phrase("How many firms does the Hong Kong Science Park host?") == (
        "Hong Kong Science Park"
    )
    assert topic_phrase("how many startups graduated?") == "startups"


def test_lower_case_names_are_recognised_with_a_lookup() -> None:
    history = users("How many companies does Cyberport host?")
    known = {"science park"}

    def is_name(phrase: str) -> bool:
        return phrase.lower().removeprefix("the ") in known

    assert resolve_followup("and the science park?", history, is_name=is_name) == (
        "How many companies does the science park host?"
    )
    # Without the lookup a lower-case phrase is taken for the thing counted.
    assert resolve_followup("and patents?", history) == (
        "How many patents (How many companies does Cyberport host)?"
    )


def test_what_about_it_repeats_the_previous_question() -> None:
    history = users("How many unicorns does Cyberport have?")
    assert resolve_followup("what about it?", history) == "How many unicorns does Cyberport have?"


def test_fragment_carries_the_previous_question_as_context() -> None:
    history = users("Which of the unicorns in Cyberport went public last year?")
    assert resolve_followup("On which exchange?", history) == (
        "On which exchange (Which of the unicorns in Cyberport went public last year)?"
    )


def test_a_question_with_one_or_two_content_words_is_a_fragment() -> None:
    history = users("What was the Innovation and Technology Bureau renamed?")
    assert resolve_followup("set up in which year?", history) == (
        "set up in which year (What was the Innovation and Technology Bureau renamed)?"
    )
    # Five words with a topic of their own stand alone.
    assert not is_followup("How many patents were approved?", history)


def test_antecedent_rules_for_where_and_asking_phrases() -> None:
    def answer_previous(q: str) -> str:
        return {"Where have Web3 firms set up?": "Cyberport"}.get(q, "the Pilot Scheme")

    # "Where" asks for a place: "there" is the answer, not "Web3".
    got = resolve_followup(
        "how many unicorns have come out of there?",
        users("Where have Web3 firms set up?"),
        answer_previous=answer_previous,
    )
    assert got == "How many unicorns have come out of Cyberport?"
    # "Cyberport" sits inside the asking phrase, so "it" is the programme asked for.
    got = resolve_followup(
        "Who is it meant to help?",
        users("Which Cyberport programme got HKD 500 million?"),
        answer_previous=answer_previous,
    )
    assert got == "Who is the Pilot Scheme meant to help?"


def test_a_quoted_name_answered_becomes_it_without_its_quotes() -> None:
    got = resolve_followup(
        "What is it meant to do exactly?",
        users("What is the name of the scheme that ties together industry and universities?"),
        answer_previous=lambda q: "“Industry-University-Research 1+ Plan.”",
    )
    assert got == "What is Industry-University-Research 1+ Plan meant to do exactly?"


def test_it_after_who_is_the_thing_named_not_the_person() -> None:
    history = users("Who chairs the Committee on the Digital Economy?")
    got = resolve_followup(
        "When was it set up?", history, answer_previous=lambda q: "the Chief Executive"
    )
    assert got == "When was Committee on the Digital Economy set up?"


def test_a_capitalised_first_word_is_not_a_topic() -> None:
    assert topic_phrase("Since the 2018 reform, how many biotech firms listed?") == (
        "biotech firms"
    )


def test_the_one_that_keeps_the_question_and_swaps_the_predicate() -> None:
    history = users("Which of the hub's unicorns listed on the exchange last year?")
    assert resolve_followup("And the one that's preparing to list?", history) == (
        "Which of the hub's unicorns is preparing to list?"
    )


def test_what_about_an_amount_asks_for_the_amount() -> None:
    history = users("How many companies does Cyberport host?")
    assert resolve_followup("What about the total funding its startups raised?", history) == (
        "What is the total funding its startups raised (How many companies does Cyberport host)?"
    )


def test_demonstrative_noun_keeps_the_previous_question_as_context() -> None:
    history = users("In what year were listing rules reformed for biotech firms?")
    assert resolve_followup("How many of those companies have listed since?", history) == (
        "How many of the companies have listed since (In what year were listing rules "
        "reformed for biotech firms)?"
    )


def test_the_one_doing_something_without_a_relative_pronoun() -> None:
    history = users("Which hub unicorn got listed on the exchange last year?")
    assert resolve_followup("the other one, the one getting ready to list", history) == (
        "Which hub unicorn is getting ready to list?"
    )


def test_singular_pronoun_cannot_point_at_a_plural_acronym() -> None:
    history = users("What is the Pilot Program?")
    question = "How is the funding going to work for SMEs under it?"
    assert is_followup(question, history)
    assert resolve_followup(question, history) == (
        "How is the funding going to work for SMEs under Pilot Program?"
    )
    # A singular name in the question is the pronoun's own antecedent.
    assert not is_followup("How many firms does Cyberport say it hosts?", history)


def test_what_did_x_do_questions_give_their_subject_as_antecedent() -> None:
    def answer_previous(previous: str) -> str:
        return "over 150 companies in adopting"  # an activity's span, not a thing

    history = users("What has the Hong Kong Productivity Council been doing on robots?")
    assert resolve_followup(
        "How many firms has it helped?", history, answer_previous=answer_previous
    ) == ("How many firms has the Hong Kong Productivity Council helped?")
    history = users("What did the textiles institute invent?")
    assert resolve_followup("What prize did it win?", history) == (
        "What prize did the textiles institute win?"
    )


def test_topic_is_the_thing_measured_up_to_its_clause() -> None:
    assert topic_phrase("what is the size of the co-investment fund the city uses") == (
        "the co-investment fund"
    )
    assert topic_phrase("How big is the budget of the digital programme?") == (
        "the digital programme"
    )


def test_the_newer_one_points_back_at_the_previous_turn() -> None:
    history = users("When was the listing route for tech firms introduced?")
    question = "Which sectors does the newer one cover?"
    assert is_followup(question, history)
    assert resolve_followup(question, history) == (
        "Which sectors does the newer one cover (When was the listing route for tech firms "
        "introduced)?"
    )
    assert not is_followup("Which sectors does the route cover?", history)


def test_which_one_picks_among_what_the_previous_turn_counted() -> None:
    history = users("How many unicorns have come out of Cyberport?")
    assert resolve_followup("which one got listed last year?", history) == (
        "which of the unicorns got listed last year (How many unicorns have come out of Cyberport)?"
    )
    # "the other one" after it keeps that context, one level deep.
    history = users("How many unicorns have come out of Cyberport?", "which one got listed?")
    assert resolve_followup("and the other one that's preparing to list?", history) == (
        "which of the unicorns is preparing to list (How many unicorns have come out of Cyberport)?"
    )


def test_since_then_is_the_previous_answer_date() -> None:
    history = users("When did the city reform its listing rules?")
    resolved = resolve_followup(
        "how many have listed since then?", history, answer_previous=lambda _q: "in 2018"
    )
    assert (
        resolved == "how many have listed since 2018 (When did the city reform its listing rules)?"
    )


def test_what_about_x_then_a_question_about_it() -> None:
    history = users("How much funding did Science Park firms secure over the past year?")
    assert (
        resolve_followup(
            "what about cyberport's startups, how much have they raised cumulatively?", history
        )
        == "How much have cyberport's startups raised cumulatively?"
    )
    history = users("How many companies are there at the Science Park now?")
    assert resolve_followup(
        "and what about the other hub — how many firms does it host?", history
    ) == ("How many firms does the other hub host?")


def test_a_fronted_topic_is_the_topic() -> None:
    assert topic_phrase("listing reform for biotech, which year?") == "listing reform for biotech"
    assert topic_phrase("co-investment fund how big?") == "co-investment fund"
    history = users("listing reform for biotech, which year?")
    assert resolve_followup("how many company list after it?", history) == (
        "How many company list after listing reform for biotech?"
    )


def test_a_background_subject_gives_way_to_the_thing_asked_about() -> None:
    history = users("When did HK introduce the listing mechanism for tech firms?")
    assert resolve_followup("what sectors does it cover?", history) == (
        "What sectors does HK cover?"
    )
    assert resolve_followup(
        "what sectors does it cover?", history, is_common=lambda phrase: phrase == "HK"
    ) == ("What sectors does the listing mechanism for tech firms cover?")


def test_two_referents_keep_the_previous_question_as_context() -> None:
    history = users("textile research institute won which prize?")
    assert resolve_followup("when they win it?", history) == (
        "when they win it (textile research institute won which prize)?"
    )


def test_a_lower_case_fronted_name_is_replaced_by_the_new_name() -> None:
    known = {"science park", "cyberport"}
    history = users("science park how many company there now?")
    assert resolve_followup("and cyberport?", history, is_name=lambda p: p.lower() in known) == (
        "cyberport how many company there now?"
    )


def test_alternative_readings_point_the_pronoun_at_each_thing_named() -> None:
    previous = "Did any Cyberport company get a virtual asset trading licence?"
    readings = followup_alternatives("who issued it?", users(previous), previous)
    assert readings[0] == "Who issued a virtual asset trading licence?"
    assert "Who issued Cyberport?" in readings
    assert readings[-1] == f"who issued it ({previous.rstrip('?')})?"
    assert followup_alternatives("Who chairs the City Council?", users(previous), previous) == []


def test_that_at_the_end_is_the_figure_just_given() -> None:
    history = users("How many patent applications were approved for the R&D centres?")
    assert resolve_followup("what % increase is that?", history) == (
        "what % increase is that (How many patent applications were approved for the R&D centres)?"
    )


def test_a_check_before_the_question_is_dropped_and_the_other_one_keeps_context() -> None:
    history = users("How many unicorns has the hub produced?")
    question = "one of them listed, right? what about the other one, what kind of firm is it?"
    assert resolve_followup(question, history) == (
        "What kind of firm is the other one (How many unicorns has the hub produced)?"
    )


def test_an_answer_that_is_not_the_asked_kind_is_no_antecedent() -> None:
    history = users("What new listing mechanism was introduced in March?")
    assert resolve_followup(
        "Which sectors does it cover?", history, answer_previous=lambda q: "new energy"
    ) == ("Which sectors does the new listing mechanism cover?")
    history = users("Which hub hosts 1,900 firms?")
    assert resolve_followup(
        "How many unicorns has it produced?", history, answer_previous=lambda q: "Cyberport"
    ) == ("How many unicorns has Cyberport produced?")


def test_a_lower_case_name_after_a_preposition_is_replaced() -> None:
    known = {"cyberport", "science park"}
    history = users("how many companies are at cyberport?")
    assert resolve_followup(
        "what about at the Science Park?", history, is_name=lambda p: p.lower() in known
    ) == ("how many companies are at the Science Park?")


def test_and_x_then_a_question_about_that_one_or_it() -> None:
    history = users("How many key directions did the Budget highlight?")
    assert resolve_followup(
        "and the I&T blueprint — how many directions does that one lay out?", history
    ) == ("How many directions does the I&T blueprint lay out?")
    history = users("How many firms does Cyberport host?")
    assert resolve_followup("and the Science Park, how many firms does it host?", history) == (
        "How many firms does the Science Park host?"
    )
    # "the other one" is no new name: the previous question stays.
    history = users("Which unicorn listed last year?")
    assert "Which unicorn listed last year" in resolve_followup(
        "and the other one, what kind of firm is it?", history
    )


def test_demonstratives_counts_and_full_questions_after_and() -> None:
    history = users("What is the budget of the Tide Pilot Scheme?")
    assert is_followup("who exactly is that scheme meant to help?", history)
    history = users("How many projects did the centres take on?", "what % increase was it?")
    assert resolve_followup("And the number of approved patents?", history).startswith(
        "What is the number of approved patents ("
    )
    history = users("How much did biotech companies raise?")
    assert resolve_followup("and when was the tech listing route introduced?", history) == (
        "When was the tech listing route introduced?"
    )


def test_a_background_place_is_left_out_of_a_plural_antecedent() -> None:
    history = users("How many R&D centres does the Hong Kong government run?")
    common = {"Hong Kong"}
    assert resolve_followup(
        "How many projects did they undertake?", history, is_common=lambda p: p in common
    ) == ("How many projects did R&D centres undertake?")


def test_asking_words_do_not_make_a_fragment_stand_alone() -> None:
    history = users("how many projects did the centres take on in 2021-22")
    assert is_followup("up by how much vs the year before?", history)


def test_first_person_statements_before_a_wh_question_are_background() -> None:
    background, asked = split_preamble(
        "I'm building a startup and weighing HK vs Singapore. How much went to Web3?"
    )
    assert background == "I'm building a startup and weighing HK vs Singapore."
    assert asked == "How much went to Web3?"
    assert split_preamble("Visas are my worry. Which department helps?")[1] == (
        "Which department helps?"
    )
    # A statement put up for checking is the question itself; so is a third-person one.
    assert split_preamble("Our copy says 150 firms. Is that right?") == (
        None,
        "Our copy says 150 firms. Is that right?",
    )
    assert split_preamble("The hub has 320 firms. How many are overseas?")[0] is None
    assert split_preamble("How much went to Web3?") == (None, "How much went to Web3?")


def test_a_bare_noun_phrase_takes_the_previous_questions_place() -> None:
    history = [Message("user", "How many projects did the centres undertake in 2021-22?")]
    assert resolve_followup("patents", history).startswith("How many patents (")
    assert resolve_followup("approved patents?", history).startswith("How many approved patents")
    # A question word makes it a fragment of its own.
    assert resolve_followup("when?", history).startswith("when (")


def test_the_same_for_x_asks_the_previous_question_of_x() -> None:
    history = [Message("user", "How many companies does the Science Park have?")]
    assert resolve_followup("now give me the same for Cyberport", history) == (
        "How many companies does Cyberport have?"
    )
    assert resolve_followup("same for Cyberport", history) == (
        "How many companies does Cyberport have?"
    )


def test_that_one_is_the_thing_the_previous_question_asked_about() -> None:
    history = [
        Message("user", "what is new at the Science Park this year?"),
        Message("user", "any unicorns move in?"),
    ]
    resolved = resolve_followup("what does that one make?", history)
    # The unicorn, with the whole chain folded into the context.
    assert resolved.startswith("what does the unicorn make (any unicorns move in, ")
    assert "Science Park" in resolved


def test_a_thing_asked_to_be_named_is_its_name_afterwards() -> None:
    history = [
        Message("user", "What is the HKD 10bn fund called?"),
        Message("assistant", "Harbour Fund for Better Living"),
    ]
    assert resolve_followup("how big is it?", history) == (
        "How big is Harbour Fund for Better Living?"
    )


def test_a_plural_pronoun_takes_a_plural_noun_phrase() -> None:
    history = [
        Message("user", "What year did HK overhaul its listing rules so biotech firms could list?")
    ]
    assert "biotech firms" in resolve_followup("how many of those have listed since?", history)
    # "them" after a count keeps what was counted, and where.
    history = [Message("user", "How many unicorns has Cyberport produced?")]
    assert "unicorns" in resolve_followup("did any of them go public?", history)


def test_the_place_points_back_like_there() -> None:
    history = [
        Message("user", "Which hub did the logistics startup come out of?"),
        Message("assistant", "Cyberport"),
    ]
    resolved = resolve_followup("how many unicorns has the place produced?", history)
    assert resolved == "How many unicorns has Cyberport produced?"


def test_that_before_a_particle_is_a_pronoun_and_earlier_turns_give_plural_antecedents() -> None:
    history = [Message("user", "How many projects did the centres do in 2021-22?")]
    resolved = resolve_followup("how much was that up year on year?", history)
    assert resolved.startswith("how much was that up year on year (")
    history = [
        Message("user", "When were the listing rules changed to let biotech firms list?"),
        Message("user", "how many have listed since?"),
        Message("assistant", "57"),
    ]
    assert "biotech firms" in resolve_followup("how much money have they raised?", history)


def test_a_background_name_leaves_the_pronoun_to_the_previous_turn() -> None:
    history = users("Which regulator licensed the Harbour company's trading platform?")
    question = "Was it the first platform in HK to get one?"
    # "HK" could be what "it" means, unless it is the collection's background.
    assert not is_followup(question, history)
    assert is_followup(question, history, is_common=lambda phrase: phrase == "HK")
    resolved = resolve_followup(
        question, history, is_common=lambda phrase: phrase == "HK", answer_previous=lambda q: None
    )
    assert resolved != question


def test_the_money_refers_to_what_was_just_asked_about() -> None:
    history = users("How much is the Harbour Fund worth?")
    got = resolve_followup("what's the money meant to achieve?", history)
    assert got == "what's the money meant to achieve (How much is the Harbour Fund worth)?"
    # A question with a topic of its own stands alone.
    question = "How big is the harbour robotics co-investment fund?"
    assert resolve_followup(question, history) == question
