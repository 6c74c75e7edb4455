from __future__ import annotations

from hkqa.thesaurus import Thesaurus

CORPUS = [
    "The co-investment fund holds 30 billion yuan. Six unicorns emerged; one is preparing "
    "for listing after another listed last year. The scheme was proposed in the address. "
    "It is evaluating various factors."
]


def test_everyday_words_become_the_collections_words() -> None:
    t = Thesaurus(CORPUS)
    assert t.rewrite("How big is the pot?") == "How big is the fund?"
    assert t.rewrite("How many billion-dollar startups?") == "How many unicorns?"
    assert t.rewrite("That billion-dollar firm - what does it make?") == (
        "That unicorn - what does it make?"
    )
    assert t.rewrite("Which one is gearing up for an IPO?") == (
        "Which one is preparing for listing?"
    )
    assert t.rewrite("Will it go public?") == "Will it list?"
    assert t.rewrite("Is it going public?") == "Is it listing?"
    assert t.rewrite("Where was it first floated?") == "Where was it first proposed?"
    assert t.rewrite("Which firm floated on the exchange?") == "Which firm listed on the exchange?"
    assert t.rewrite("How big is the fund?") == "How big is the fund?"
    assert t.rewrite("What criteria does it weigh up?") == "What factors does it evaluate?"


def test_a_word_the_collection_uses_is_kept() -> None:
    # This collection writes "IPO" itself, and never "unicorn".
    t = Thesaurus(["The firm plans an IPO next year. It is a billion-dollar startup."])
    assert t.rewrite("When is the IPO?") == "When is the IPO?"
    assert t.rewrite("How many billion-dollar startups?") == "How many billion-dollar startups?"
