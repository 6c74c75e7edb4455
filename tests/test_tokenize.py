from __future__ import annotations

from hkqa.tokenize import (
    content_terms,
    normalize_number,
    short_compounds,
    tokenize,
    tokenize_with_offsets,
)


def test_numbers_match_across_formats() -> None:
    assert tokenize("1,900 companies") == tokenize("1900 companies")
    assert normalize_number("3.0") == "3"
    assert normalize_number("35.70") == "35.7"
    assert "35.7" in tokenize("HKD 35.7 billion")


def test_web3_spellings_match() -> None:
    assert tokenize("Web3") == tokenize("Web 3.0") == tokenize("Web3.0") == ["web", "3"]


def test_currency_marks_become_words() -> None:
    assert tokenize("HK$50 million") == ["hkd", "50", "million"]
    assert tokenize("HKD 50 million")[0] == "hkd"
    assert tokenize("50 million yuan")[-1] == "cny"
    assert tokenize("30% rise") == ["30", "percent", "rise"]


def test_stopwords_dropped_and_words_stemmed() -> None:
    assert tokenize("How much did they raise?") == ["much", "rais"]
    assert tokenize("The companies raised") == ["compani", "rais"]
    assert "the" in tokenize("the", keep_stopwords=True)


def test_british_and_american_spellings_meet() -> None:
    for british, american in [
        ("licence", "license"),
        ("centres", "centers"),
        ("digitalise", "digitalize"),
        ("organisation", "organization"),
        ("programme", "program"),
        ("labour", "labor"),
    ]:
        assert tokenize(british) == tokenize(american), british
    assert tokenize("rise pour hour") == ["rise", "pour", "hour"]  # too short to fold


def test_hyphenated_compounds_match_solid_spellings() -> None:
    assert "startup" in tokenize("start-ups")
    assert set(tokenize("start-up")) >= set(tokenize("startup"))
    assert tokenize("industry-university-research") == ["industri", "universiti", "research"]


def test_unicode_aware_and_case_insensitive() -> None:
    assert tokenize("CAFÉ Café") == [tokenize("café")[0]] * 2


def test_content_terms_are_distinct_in_order() -> None:
    assert content_terms("startups and more startups graduated") == ["startup", "graduat"]


def test_offsets_point_at_the_source_word() -> None:
    text = "Cyberport hosts over 1,900 firms."
    for token, start, end in tokenize_with_offsets(text):
        assert tokenize(text[start:end]) == [token]
    assert [t for t, _, _ in tokenize_with_offsets(text)] == tokenize(text)


def test_clippings_meet_the_full_word() -> None:
    assert tokenize("tech govt info") == tokenize("technology government information")
    assert tokenize("its IPO on the bourse") == tokenize("its listing on the exchange")


def test_irregular_verb_forms_meet_their_base() -> None:
    assert tokenize("became won undertook") == tokenize("become win undertake")
    # Forms that are also other words are left alone.
    assert tokenize("found") != tokenize("find")


def test_acronym_plurals_and_news_abbreviations() -> None:
    assert tokenize("DPUs SMEs") == tokenize("DPU SME")
    assert tokenize("bus") == ["bus"]  # a lower-case word ending in s is not an acronym
    assert tokenize("HKEX") == tokenize("exchange")


def test_number_words_are_their_digits() -> None:
    assert tokenize("four directions") == tokenize("4 directions")
    assert tokenize("Five-Year Plan")[:2] == tokenize("5 year")


def test_an_ement_noun_meets_its_verb() -> None:
    assert tokenize("settlement") == tokenize("settle")
    assert tokenize("statement") != tokenize("state")  # too short a verb to be sure


def test_short_compounds_pair_the_joined_word_with_its_parts() -> None:
    assert short_compounds("a smart start-up and an industry-university-research plan") == [
        ("startup", frozenset({"start", "up"}))
    ]
    assert short_compounds("in 2021-22") == []
