from __future__ import annotations

from hkqa.acronyms import AcronymExpander

TEXTS = [
    "The Hong Kong Science and Technology Parks Corporation runs an incubator.",
    "It licensed the firm under rules of the Securities and Futures Commission.",
    "Five research and development centres, and research and development grants.",
    "The park has 480 intellectual property projects and an Incubation Program.",
    "Small and medium-sized enterprises (SMEs) get help.",
    "It is preparing a listing, showing immense potential of growth.",
    "Factors including the potential of individual projects count.",
]


def test_acronyms_expand_to_the_corpus_wording() -> None:
    e = AcronymExpander(TEXTS)
    assert e.expand("What did the HKSTP do?") == (
        "What did the Hong Kong Science and Technology Parks do?"
    )
    assert e.expand("Which SFC rule?") == "Which Securities and Futures Commission rule?"
    assert e.expand("How many R&D centres?") == "How many research and development centres?"


def test_letters_must_come_from_content_words() -> None:
    e = AcronymExpander(TEXTS)
    # "is preparing" and "immense potential of" spell IP and IPO only through stop words.
    assert e.expand("Any IPO news?") == "Any IPO news?"


def test_ties_are_broken_by_the_question_context() -> None:
    e = AcronymExpander(TEXTS)
    # "intellectual property" and "Incubation Program" both spell IP once; the question
    # mentions projects, which stand beside the first. "individual projects" spells IP
    # too, but the corpus never writes it followed by "projects", as the question does.
    assert e.expand("How many IP projects?") == "How many intellectual property projects?"


def test_acronyms_the_corpus_uses_are_left_alone() -> None:
    e = AcronymExpander(TEXTS)
    assert e.expand("Which SMEs qualify?") == "Which SMEs qualify?"
    assert e.expand("Is the NFT market up?") == "Is the NFT market up?"


def test_lower_case_ampersand_acronyms_are_expanded() -> None:
    e = AcronymExpander(TEXTS)
    assert e.expand("how many r&d centres?") == "how many research and development centres?"


def test_hyphenated_adjectives_are_no_verb_forms() -> None:
    e = AcronymExpander(["Help for small and medium-sized enterprises is coming."])
    assert e.expand("What help do SMEs get?") == (
        "What help do small and medium-sized enterprises get?"
    )


def test_an_expanded_acronym_weighs_one_word() -> None:
    e = AcronymExpander(TEXTS)
    scale = e.term_scale("Which SFC rule?")
    # "Securities and Futures Commission": three words share the acronym's one weight.
    assert scale == {"secur": 1 / 3, "futur": 1 / 3, "commiss": 1 / 3}
    assert e.term_scale("Which rule?") == {}


def test_letters_do_not_start_inside_a_compound() -> None:
    expander = AcronymExpander(["It makes new-generation data processor chips."])
    assert expander.expand("What share of GDP?") == "What share of GDP?"
    assert "data processor" not in expander.expand("What is a GDP?")
