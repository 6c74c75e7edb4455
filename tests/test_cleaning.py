from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, TINY_A
from hkqa.cleaning import clean_text, is_promotional, normalize_unicode
from hkqa.corpus import load_corpus

BOILERPLATE = [
    "Published on",
    "numen cyber",
    "industry-leading Web3 Security Solutions",
    "Latest articles",
    "More like this",
    "Read more:",
    "SEC Takes First Enforcement Measure",
    "Binance Cuts Ties",
    "Former OpenSea Employee",
    "Crypto Market Takes a Dive",
    "First Digital Unveils FDUSD Stablecoin",
    "Bank Of China International And UBS",
    "Financial Secretary Affirms Blockchain",
]


def test_tiny_article_loses_chrome_and_keeps_body() -> None:
    cleaned = clean_text(TINY_A)
    assert cleaned.title == "Harbour City Expands Its Tech Hub"
    body = cleaned.body
    for chrome in ("Published on", "acme cloud", "Image", "Latest articles", "teaser sentence"):
        assert chrome not in body
    assert "over 500 startups" in body
    assert 'Dr. Lee said the programme "will train 2,000 engineers. It starts soon."' in body
    assert "The hub plans a second campus." in body


def test_hard_wrapped_paragraph_is_joined_before_judging_it() -> None:
    text = (
        "Title\n\nacme focuses on backups. They provide industry-leading\n"
        "solutions for all.\n\nBody."
    )
    cleaned = clean_text(text)
    assert cleaned.body == "Body."
    assert any("industry-leading solutions for all" in r for r in cleaned.removed)


def test_published_date_goes_to_metadata() -> None:
    cleaned = clean_text("A Title\nPublished on March 3, 2024\nThe body sentence.")
    assert cleaned.metadata == {"published": "March 3, 2024"}
    assert cleaned.body == "The body sentence."


def test_inline_read_more_link_is_dropped_but_article_continues() -> None:
    cleaned = clean_text("T\nFirst paragraph.\nRead more: Some Headline Elsewhere\nLast paragraph.")
    assert cleaned.body == "First paragraph.\n\nLast paragraph."


def test_reporting_that_mentions_solutions_once_is_kept() -> None:
    para = "The council said its digital solutions helped 150 firms adopt new tools."
    assert not is_promotional(para, in_header_zone=True)


def test_unicode_is_normalised_but_typographic_quotes_are_kept() -> None:
    assert normalize_unicode("HK\u00a0$5\u200b “x” ’") == "HK $5 “x” ’"
    assert normalize_unicode("ﬁnance") == "finance"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_seed_articles_have_no_boilerplate(path: Path) -> None:
    articles = {a.metadata["source"]: a for a in load_corpus(CORPUS)}
    text = articles[path.name].text
    for chrome in BOILERPLATE:
        assert chrome not in text, chrome
    assert "\nImage\n" not in text and not text.endswith("Image")


def test_seed_article_bodies_survive() -> None:
    texts = " ".join(a.text for a in load_corpus(CORPUS))
    for body in (
        "more than 150 Web3/blockchain-related companies",
        "HKD 35.7 billion",
        "Industry-University-Research 1+ Plan.”",
        "As Hong Kong marches forward",
        "aligning with the country’s vision for scientific and technological progress.",
        "Hong Kong Allocates $6.4M to Accelerate Blockchain Development",
    ):
        assert body in texts
