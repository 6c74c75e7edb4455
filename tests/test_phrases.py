from __future__ import annotations

from hkqa.phrases import (
    appositive_after,
    described_subjects,
    enumeration,
    noun_phrase_at,
    purposes,
)


def items(text: str) -> list[str]:
    return [text[a:b] for a, b in enumeration(text)]


def test_enumeration_cuts_the_lead_in_and_keeps_items_with_inner_and() -> None:
    text = (
        "The office courts firms in strategic fields such as life and health technology, "
        "robotics, new energy, and new materials."
    )
    assert items(text) == ["life and health technology", "robotics", "new energy", "new materials"]


def test_enumeration_without_serial_comma_and_with_weak_lead_in() -> None:
    assert items("The hub has succeeded in fostering startups, training talent and research.") == [
        "fostering startups",
        "training talent",
        "research",
    ]
    text = (
        "The plan weighs factors, including the potential of projects, job creation, "
        "innovation and development."
    )
    assert items(text) == [
        "the potential of projects",
        "job creation",
        "innovation",
        "development",
    ]


def test_enumeration_last_item_stops_at_a_new_clause() -> None:
    text = "The fund covers cloud services, chips, and electric vehicles, further boosting them."
    assert items(text) == ["cloud services", "chips", "electric vehicles"]


def test_no_enumeration_in_plain_sentences_or_long_runs() -> None:
    assert enumeration("The hub hosts 320 companies, most of them local.") == []
    text = (
        "Options include the Park and the Lab, as well as upcoming projects like the "
        "North Science and Technology Park and the East Science and Technology City."
    )
    assert enumeration(text) == []


def test_described_subjects_pair_noun_phrases_with_predicates() -> None:
    text = (
        "Six unicorns emerged, including a logistics startup that listed last year, "
        "and another travel platform that is preparing for listing."
    )
    found = [(text[slice(*d.subject)], text[slice(*d.predicate)]) for d in described_subjects(text)]
    assert found == [
        ("a logistics startup", "listed last year"),
        ("another travel platform", "is preparing for listing"),
    ]
    text = "Among them, a drone maker listed last year, while a robot firm is preparing to list."
    subjects = [text[slice(*d.subject)] for d in described_subjects(text)]
    assert subjects == ["a drone maker", "a robot firm"]


def test_noun_phrase_at_takes_modifiers_and_complements() -> None:
    text = "It aligns with the country’s vision for scientific and technological progress."
    at = text.index("vision")
    assert text[slice(*noun_phrase_at(text, at, at + 6))] == (
        "the country’s vision for scientific and technological progress"
    )
    text = "It will leverage a one-to-one matching funding model to help."
    at = text.index("model")
    assert text[slice(*noun_phrase_at(text, at, at + 5))] == "a one-to-one matching funding model"
    text = "A unicorn specializing in new-generation data processor chips (DPUs) joined."
    at = text.index("chips")
    assert text[slice(*noun_phrase_at(text, at, at + 5))] == (
        "new-generation data processor chips (DPUs)"
    )
    text = "The hub has witnessed rapid growth."
    at = text.index("growth")
    assert text[slice(*noun_phrase_at(text, at, at + 6))] == "rapid growth"


def test_appositives_and_new_names() -> None:
    text = "The Harbour Hub, a flagship for innovation, has grown."
    found = appositive_after(text, text.index(",") if "," in text else 0)
    assert found is not None and text[slice(*found)] == "a flagship for innovation"
    text = "Since the founding of the Tech Bureau, now known as the Tech Commission, in 2015, ..."
    found = appositive_after(text, text.index("Bureau") + len("Bureau"))
    assert found is not None and text[slice(*found)] == "the Tech Commission"
    assert appositive_after("The hub grew fast.", len("The hub")) is None


def test_purposes_split_coordinated_verbs_and_end_objects_at_adjuncts() -> None:
    text = "The city aims to launch the “Pilot Scheme” and assist small firms in adopting tools."
    found = [(text[slice(*p.verb)], text[slice(*p.obj)]) for p in purposes(text)]
    assert found == [("launch", "the “Pilot Scheme”"), ("assist", "small firms")]
    text = "Funds are injected to expedite the commercialization of research from lab to market."
    found = [(text[slice(*p.verb)], text[slice(*p.obj)]) for p in purposes(text)]
    assert found == [("expedite", "the commercialization of research")]


def test_purpose_objects_keep_decimals() -> None:
    text = "The fund aims to promote Industry 4.0 across factories. Then it ends."
    found = [text[slice(*p.obj)] for p in purposes(text)]
    assert found == ["Industry 4.0 across factories"]


def test_an_outcome_participle_after_a_purpose_is_an_outcome() -> None:
    text = (
        "The plan aims to inject funds into the fund in phases, facilitating the sale of results."
    )
    found = purposes(text)
    assert [text[p.verb[0] : p.obj[1]] for p in found] == [
        "inject funds into the fund",
        "facilitating the sale of results",
    ]
    assert [p.outcome for p in found] == [False, True]


def test_a_list_that_is_the_subject_ends_at_its_verb() -> None:
    text = "The city’s banks, private equity, and venture funds offer a platform for firms."
    assert [text[a:b] for a, b in enumeration(text)] == [
        "The city’s banks",
        "private equity",
        "venture funds",
    ]


def test_a_long_clause_before_a_list_ends_in_its_first_item() -> None:
    text = (
        "The committee was set up last year to conduct broad research on cross-border "
        "data flows, digital roads, digital change, and talent."
    )
    assert [text[a:b] for a, b in enumeration(text)] == [
        "cross-border data flows",
        "digital roads",
        "digital change",
        "talent",
    ]
