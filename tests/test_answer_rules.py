"""The answerer's refusal and span rules, each on a tiny hand-made corpus (fake encoder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FakeEncoder
from hkqa.config import Settings
from hkqa.pipeline import QAPipeline, load_pipeline
from hkqa.questions import excluded_terms
from hkqa.types import AnswerType, Message

ARTICLE = """Harbour Hub Annual Report
The Harbour Hub hosts 320 companies after a 30% rise in the 2021-22 fiscal year.
Notably, 20% of these companies come from overseas.
A robotics unicorn company joined the hub, and a travel platform is preparing to list.
The River Lab listed on the City Exchange last year, while a drone maker is preparing to list.
The government allocated HKD 300 million to the Harbour Hub's digital pilot scheme.
The scheme offers a one-to-one matching funding model to help small firms adopt basic tools.
Settlement options include the North Science Park and Eastgate Technology City.
The Harbour Hub is a flagship for innovation, attracting young founders.
The North Science Park was renamed the Northern Innovation Park in 2019.
The Harbour Fund of HKD 2 billion was approved to support robotics research.
The Harbour Office courts industries such as sea biology, robotics, clean power, and smart shipping.
The River Lab, a pioneer of river robotics, has seen unprecedented growth.
The Harbour Hub’s director unveiled a robotics plan, and Mayor Jane Doe opened the River Lab.
The Tide Grant aims to help young founders in building prototypes.
The River Lab won the Silver Prize at the Geneva Robotics Fair in May.
The Wave Fund became the second marine fund approved by the City Council.
Over the past year, the Pier Lab gained 45 companies.
Presently, the Pier Lab houses 900 companies.
Because robotics creates local jobs, the city backs the Pier Lab.
The Dock Scheme was launched in March to support shipping firms in the harbour.
This scheme covers ferries, ports, cargo, and logistics.
The Ferry Office, now known as the Port Office, has spent HKD 5 million to support ferries.
The Blue Ocean Robotics Scheme funds 12 labs.
Among the new tenants is a “unicorn” company specializing in coral sensors.
Likewise, Gull Quay, another busy sea and sky hub, keeps growing.
The Coast Research Institute won the Neptune Medal at the Sea Fair.
In the Harbour Plan last May, new ferry berths were proposed to serve islanders.
Recognizing the value of the ferry trade, which employs many islanders, the city subsidises it.
"""


@pytest.fixture
def pipeline(tmp_path: Path) -> QAPipeline:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "report.txt").write_text(ARTICLE, encoding="utf-8")
    settings = Settings(
        corpus_dir=corpus,
        index_dir=tmp_path / "index",
        chunk_size=2,
        chunk_overlap=1,
        refusal_threshold=0.2,
    )
    return load_pipeline(settings, encoder=FakeEncoder())


def _pipeline_over(tmp_path: Path, *texts: str) -> QAPipeline:
    """A pipeline (fake encoder) over one small article per text."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, text in enumerate(texts):
        (corpus / f"{chr(ord('a') + i)}.txt").write_text(text, encoding="utf-8")
    settings = Settings(
        corpus_dir=corpus, index_dir=tmp_path / "index", chunk_size=2, chunk_overlap=1,
        refusal_threshold=0.2,
    )  # fmt: skip
    return load_pipeline(settings, encoder=FakeEncoder())


def test_a_year_the_sentence_lacks_is_refused(pipeline: QAPipeline) -> None:
    assert pipeline.ask("How many companies did the Harbour Hub host in 2021-22?").answerable
    assert not pipeline.ask("How many companies did the Harbour Hub host in 2023-24?").answerable


def test_a_name_from_elsewhere_in_the_corpus_is_a_constraint(pipeline: QAPipeline) -> None:
    # The 20% sentence (and the one before it) is about the Harbour Hub, not the River Lab.
    answer = pipeline.ask("What share of River Lab companies come from overseas?")
    assert not answer.answerable
    assert pipeline.ask("What share of Harbour Hub companies come from overseas?").answer == "20%"


def test_asking_the_name_of_an_unnamed_thing_is_refused(pipeline: QAPipeline) -> None:
    assert not pipeline.ask(
        "What is the name of the robotics unicorn that joined the hub?"
    ).answerable
    # "Which company is the X": the corpus brings its unicorn in only as "a ... unicorn".
    assert not pipeline.ask("Which company is the sea unicorn that joined the hub?").answerable
    question = "Which company is the pioneer that has seen unprecedented growth?"
    assert pipeline.ask(question).answer == "River Lab"  # "River Lab, a pioneer"


def test_a_per_unit_question_is_not_answered_with_a_total(pipeline: QAPipeline) -> None:
    assert pipeline.ask(
        "How much did the government allocate to the digital pilot scheme?"
    ).answerable
    assert not pipeline.ask(
        "How much can each small firm get from the digital pilot scheme?"
    ).answerable
    # "each article" is no unit of the amount.
    assert pipeline.ask(
        "How much did the government allocate to the digital pilot scheme, as each article says?"
    ).answerable
    assert not pipeline.ask(
        "What is the maximum grant a single firm gets from the digital pilot scheme?"
    ).answerable


def test_a_date_in_another_clause_is_refused(pipeline: QAPipeline) -> None:
    listed = pipeline.ask("When did the River Lab list on the City Exchange?")
    assert listed.answerable and listed.answer == "last year"
    # "last year" belongs to the River Lab's clause, not to the drone maker's.
    assert not pipeline.ask("When will the drone maker list?").answerable


def test_exclusions_pick_the_other_name(pipeline: QAPipeline) -> None:
    assert excluded_terms("Besides the North Science Park, which city?") >= {"north", "park"}
    answer = pipeline.ask("Other than the North Science Park, which technology city is an option?")
    assert answer.answer == "Eastgate Technology City"


def test_descriptive_question_gets_a_clause_not_the_sentence(pipeline: QAPipeline) -> None:
    answer = pipeline.ask("Under what arrangement does the scheme help small firms?")
    assert answer.answer_type is AnswerType.OTHER
    assert "one-to-one matching funding model" in answer.answer
    assert len(answer.answer) < len(answer.citations[0].sentence)
    cite = answer.citations[0]
    text = pipeline.documents[cite.doc_id].text
    assert text[cite.answer_start : cite.answer_end] == answer.answer


def test_is_name_looks_names_up_in_the_corpus(pipeline: QAPipeline) -> None:
    assert pipeline.is_name("the river lab")
    assert pipeline.is_name("Eastgate Technology City")
    assert not pipeline.is_name("small firms")
    assert not pipeline.is_name("   ")
    # A headline capitalises every word: "Report" in the title is no name.
    assert not pipeline.is_name("report")


def test_numbers_stated_in_the_question_are_not_its_answer(pipeline: QAPipeline) -> None:
    assert pipeline.ask("How big is the Harbour Fund?").answer == "HKD 2 billion"
    paid = pipeline.ask("How much of the HKD 2 billion Harbour Fund has been paid out?")
    assert not paid.answerable


def test_why_needs_a_reason(pipeline: QAPipeline) -> None:
    assert not pipeline.ask("Why was the North Science Park renamed?").answerable
    assert pipeline.ask("Why was the Harbour Fund approved?").answerable


def test_time_spans_and_document_ordinals_are_not_constraints(pipeline: QAPipeline) -> None:
    # "12 months" paraphrases "last year"; "the first article" refers to the corpus.
    assert pipeline.ask("When did the River Lab list in the last 12 months?").answerable
    assert pipeline.ask("In the first article, when did the River Lab list?").answerable


def test_names_the_corpus_never_mentions_are_refused_but_typos_are_not(
    pipeline: QAPipeline,
) -> None:
    assert not pipeline.ask("How many companies does the Singapore Hub host?").answerable
    assert pipeline.ask("How many companies does the Harbuor Hub host?").answer == "320"


def test_the_name_of_a_thing_is_not_the_thing_itself(pipeline: QAPipeline) -> None:
    answer = pipeline.ask("What is the name of the River Lab?")
    assert "River Lab" not in answer.answer


def test_breakdowns_precise_dates_and_who_is(pipeline: QAPipeline) -> None:
    # One number cannot answer "how many ... and how many ...".
    assert pipeline.ask("How many companies does the Harbour Hub host?").answer == "320"
    assert not pipeline.ask(
        "Of the Harbour Hub companies, how many come from overseas and how many are local?"
    ).answerable
    # "On what date" is not answered by a year-level "last year".
    assert pipeline.ask("When did the River Lab list on the City Exchange?").answerable
    assert not pipeline.ask("On what exact date did the River Lab list?").answerable
    # "Who is the X ...?" is not answered by X itself.
    assert "River Lab" not in pipeline.ask("Who is the River Lab's founder?").answer


def test_only_the_capitalised_part_of_a_compound_name_is_a_constraint(
    pipeline: QAPipeline,
) -> None:
    # "Harbour-based" names the Harbour Hub; "based" is no name the sentence must hold.
    answer = pipeline.ask("How many companies does the Harbour-based hub host?")
    assert answer.answer == "320"


def test_list_questions_get_an_item_or_the_whole_list(pipeline: QAPipeline) -> None:
    # The one item holding a word of the question ("shipping").
    assert (
        pipeline.ask("Which shipping-related industry does the Harbour Office court?").answer
        == "smart shipping"
    )
    # Besides the items the question names, the one left.
    answer = pipeline.ask(
        "Besides sea biology, robotics and clean power, what other industry does the "
        "Harbour Office court?"
    )
    assert answer.answer == "smart shipping"
    # A plural asks for the whole list.
    assert pipeline.ask("Which strategic industries does the Harbour Office court?").answer == (
        "sea biology, robotics, clean power, and smart shipping"
    )


def test_which_one_gets_the_noun_phrase_whose_predicate_matches(pipeline: QAPipeline) -> None:
    answer = pipeline.ask("Which company joined the hub, besides the travel platform?")
    assert answer.answerable
    assert pipeline.ask("Which one is preparing to list, the unicorn or the other?").answer in {
        "a travel platform",
    }


def test_appositives_and_described_nouns(pipeline: QAPipeline) -> None:
    assert pipeline.ask("What is the River Lab?").answer == "a pioneer of river robotics"
    assert pipeline.ask("How is the River Lab's growth characterised?").answer == (
        "unprecedented growth"
    )
    assert pipeline.ask("What funding model does the scheme offer?").answer == (
        "a one-to-one matching funding model"
    )


def test_identity_questions_need_a_name_next_to_the_thing(pipeline: QAPipeline) -> None:
    # "Mayor Jane Doe" names the mayor; "the Harbour Hub’s director" names nobody.
    assert pipeline.ask("Who is the Mayor?").answerable
    assert not pipeline.ask("Who is the director of the Harbour Hub?").answerable
    assert not pipeline.ask("What is the director's name?").answerable


def test_imperative_name_the_things_and_per_the_source(pipeline: QAPipeline) -> None:
    # "Name the industries ..." wants the list, not a proper name.
    assert pipeline.ask("Name the industries the Harbour Office courts.").answer == (
        "sea biology, robotics, clean power, and smart shipping"
    )
    # "per the report" means "according to", not "per unit".
    assert pipeline.ask("Per the report, how many companies does the Harbour Hub host?").answer == (
        "320"
    )


def test_purpose_questions_get_the_purpose(pipeline: QAPipeline) -> None:
    assert pipeline.ask("Who is the Tide Grant meant to help?").answer == "young founders"
    assert pipeline.ask("What is the Tide Grant meant to do?").answer == "help young founders"
    assert pipeline.ask("What is the point of the Tide Grant?").answer == "help young founders"


def test_a_prepositional_which_asks_for_a_fitting_name(pipeline: QAPipeline) -> None:
    # The fake encoder knows no kinds, so which name fits is not tested here (the real
    # model is); but the answer is a name the question lacks, not a clause.
    answer = pipeline.ask("At which event did the River Lab win a prize?")
    assert answer.answer in {"Silver Prize", "Geneva Robotics Fair"}
    assert pipeline.ask("At which fair did the River Lab win?").answer == "the Geneva Robotics Fair"


def test_what_kind_prefers_a_sentence_that_describes_things(pipeline: QAPipeline) -> None:
    # Of the things the sentence describes, the one whose predicate the question uses.
    answer = pipeline.ask("What kind of business joined the hub?")
    assert answer.answer == "A robotics unicorn company"
    # The imperative asks the same.
    answer = pipeline.ask("Name the type of business that joined the hub.")
    assert answer.answer == "A robotics unicorn company"


def test_ordinal_questions_get_the_stated_ordinal(pipeline: QAPipeline) -> None:
    assert pipeline.ask("Was the Wave Fund the first marine fund the council approved?").answer == (
        "the second"
    )
    assert pipeline.ask("Which number was the Wave Fund among approved marine funds?").answer == (
        "the second"
    )


def test_set_aside_names_are_ruled_out_by_weight_not_by_a_shared_word(
    pipeline: QAPipeline,
) -> None:
    excluded = excluded_terms("Besides the North Science Park, which city is offered?")
    answerer = pipeline.answerer
    assert answerer._mostly_excluded("North Science Park", excluded)
    assert answerer._mostly_excluded("Harbour North Science Park", excluded)
    assert not answerer._mostly_excluded("Eastgate Science and Technology City", excluded)
    # A pair holding the park is ruled out as a whole; its other part is offered.
    assert answerer._mostly_excluded("North Science Park and Eastgate Technology City", excluded)
    answer = pipeline.ask("Besides the North Science Park, which city is offered to settle in?")
    assert answer.answer == "Eastgate Technology City"


def test_a_stated_very_first_is_a_constraint(pipeline: QAPipeline) -> None:
    assert not pipeline.ask(
        "Which fund was the very first marine fund the council approved?"
    ).answerable


def test_object_of_what_it_is_able_to_do(pipeline: QAPipeline) -> None:
    answer = pipeline.ask("What are young founders able to build with the Tide Grant?")
    assert answer.answerable


def test_a_list_is_not_blocked_by_a_word_shared_with_the_question(pipeline: QAPipeline) -> None:
    # "smart" names no item fully: the question still asks for the whole list.
    answer = pipeline.ask("Name the industries the smart Harbour Office courts.")
    assert answer.answer == "sea biology, robotics, clean power, and smart shipping"


def test_a_figure_of_another_kind_does_not_answer_a_specific_measure(
    pipeline: QAPipeline,
) -> None:
    # The hub's figures are companies and funding, not staff or a valuation.
    assert not pipeline.ask("How many employees does the Harbour Hub host?").answerable
    assert not pipeline.ask("What is the Harbour Fund valued at?").answerable
    assert pipeline.ask("How many companies does the Harbour Hub host?").answer == "320"
    assert pipeline.ask("How big is the Harbour Fund meant to help people?").answerable


def test_what_a_question_sets_aside_is_no_constraint(pipeline: QAPipeline) -> None:
    # "Apart from the River Lab" need not be in the answering sentence.
    answer = pipeline.ask("Apart from the River Lab, what is preparing to list?")
    assert answer.answerable


def test_a_present_state_question_gets_the_current_total(pipeline: QAPipeline) -> None:
    assert pipeline.ask("How many companies are in the Pier Lab now?").answer == "900"
    assert pipeline.ask(
        "How many companies moved into the Pier Lab over the past year?"
    ).answer == ("45")


def test_present_questions_favour_current_totals_in_scoring(pipeline: QAPipeline) -> None:
    answerer = pipeline.answerer

    def lexical(question: str) -> dict[str, float]:
        vector = pipeline.encoder.encode([question])[0]
        hits = pipeline.retriever.retrieve(question, vector, top_k=40)
        _kind, _terms, scored = answerer.score_sentences(question, vector, hits)
        return {pipeline.answerer._sentences[s.index].text[:10]: s.lexical for s in scored}

    now = lexical("How many companies are in the Pier Lab now?")
    plain = lexical("How many companies did the Pier Lab get?")
    assert now["Presently,"] > now["Over the p"]
    assert plain["Presently,"] == plain["Over the p"]


def test_a_name_made_of_the_questions_lowercase_words_is_still_its_name(
    pipeline: QAPipeline,
) -> None:
    # "the office in the harbour" describes it; "Harbour Office" is its name.
    assert "Harbour Office" in pipeline.ask("What is the name of the office in the harbour?").answer
    # Written as a name in the question, it is no answer to "what is the name of ...".
    assert "River Lab" not in pipeline.ask("What is the name of the River Lab?").answer


def test_why_gets_the_reason_clause(pipeline: QAPipeline) -> None:
    assert pipeline.ask("Why does the city back the Pier Lab?").answer == (
        "Because robotics creates local jobs"
    )
    # The clause's noun is the question's own: what the sentence says of it is the reason.
    assert pipeline.ask("Why does the city subsidise the ferry trade?").answer == (
        "which employs many islanders"
    )


def test_a_deadline_is_asked_precisely(pipeline: QAPipeline) -> None:
    assert pipeline.ask("When was the Dock Scheme launched?").answer == "in March"
    assert not pipeline.ask("What is the application deadline for the Dock Scheme?").answerable


def test_what_does_it_cover_prefers_the_sentence_with_the_list(pipeline: QAPipeline) -> None:
    answer = pipeline.ask("What does the Dock Scheme include?")
    assert answer.answer == "ferries, ports, cargo, and logistics"


def test_a_passive_verb_has_its_object_before_it(pipeline: QAPipeline) -> None:
    # "In the Harbour Plan last May, new ferry berths were proposed ...": the time is no
    # list item of the answer, and "were proposed" follows what was proposed.
    assert pipeline.ask("What did the Harbour Plan propose?").answer == "new ferry berths"


def test_a_company_the_question_describes_but_the_article_leaves_unnamed(
    pipeline: QAPipeline,
) -> None:
    # "a drone maker is preparing to list": the question already holds all the article says.
    assert not pipeline.ask("Which drone company is preparing to list?").answerable
    assert not pipeline.ask("Which robotics company joined the hub?").answerable
    # A named one still answers.
    assert "River Lab" in pipeline.ask("Which lab listed on the City Exchange last year?").answer


def test_why_needs_a_reason_for_the_event_asked_about(pipeline: QAPipeline) -> None:
    # The sentence has a reason, but for the spending, not for the renaming.
    assert not pipeline.ask("Why was the Ferry Office renamed?").answerable
    assert pipeline.ask("Why has the Port Office spent money?").answer == "to support ferries"


def test_an_organisation_the_question_describes_answers_which_body(pipeline: QAPipeline) -> None:
    # "Coast Research Institute" repeats the question's words, but as an institute it is
    # the body asked for; the medal is what it won.
    answer = pipeline.ask("Which coast research body won a medal at the Sea Fair?")
    assert answer.answer == "Coast Research Institute"


def test_which_other_hub_wants_the_name_not_a_false_list_item(pipeline: QAPipeline) -> None:
    # "another busy sea and sky hub" is no list of hubs; the hub asked for is named.
    answer = pipeline.ask("Apart from the Harbour Hub, which other hub keeps growing?")
    assert answer.answer == "Gull Quay"


def test_a_long_name_may_differ_only_in_its_kind_word(pipeline: QAPipeline) -> None:
    # One source says "Scheme", the asker "Programme": the same name.
    answer = pipeline.ask("How many labs does the Blue Ocean Robotics Programme fund?")
    assert answer.answer == "12"
    # A word that tells names apart must be there.
    assert not pipeline.ask("How many labs does the Blue Sea Robotics Scheme fund?").answerable


def test_an_amount_asked_in_a_currency_must_be_stated_in_it(pipeline: QAPipeline) -> None:
    question = "How much did the government allocate to the digital pilot scheme in {}?"
    assert pipeline.ask(question.format("Hong Kong dollars")).answer == "HKD 300 million"
    assert not pipeline.ask(question.format("US dollars")).answerable  # no conversion


def test_how_does_it_work_gets_the_model_it_names(pipeline: QAPipeline) -> None:
    answer = pipeline.ask("How will the digital pilot scheme's funding work?")
    assert answer.answer == "a one-to-one matching funding model"
    # "How does it describe ..." asks for a word, not a mechanism.
    assert pipeline.ask("How is the Harbour Hub described?").answer != answer.answer


def test_what_a_company_specializing_in_x_does_is_x(pipeline: QAPipeline) -> None:
    answer = pipeline.ask("What does the unicorn among the new tenants make?")
    assert answer.answer == "coral sensors"


def test_a_count_of_another_thing_does_not_answer(pipeline: QAPipeline) -> None:
    assert pipeline.ask("How many companies does the Pier Lab house now?").answer == "900"
    # "firms" is a general word: a count of companies (or startups) answers it.
    assert pipeline.ask("How many firms does the Pier Lab house now?").answer == "900"
    # "unicorns" and "ferries" are things the corpus counts elsewhere: 900 companies and
    # 12 labs are not counts of them.
    assert not pipeline.ask("How many unicorns does the Pier Lab house now?").answerable
    assert pipeline.ask("How many labs does the Blue Ocean Robotics Scheme fund?").answer == "12"
    assert not pipeline.ask("How many ferries does the Blue Ocean Robotics Scheme fund?").answerable


def test_a_figure_for_another_time_does_not_answer(pipeline: QAPipeline) -> None:
    # A state before an event: the sentences give today's total, not an earlier one.
    assert not pipeline.ask(
        "How many companies did the Pier Lab house before the new director arrived?"
    ).answerable
    # "the year before" compares; "before co-investing" is a step: neither asks for a state.
    # One period "alone": stated for that period, or not at all.
    assert pipeline.ask("How many companies did the Pier Lab gain last year alone?").answer == "45"
    assert not pipeline.ask(
        "How many companies does the Pier Lab house this year alone?"
    ).answerable


def test_an_acronym_the_corpus_never_uses_is_a_name_it_lacks(pipeline: QAPipeline) -> None:
    assert pipeline.ask("How big is the Harbour Fund?").answer == "HKD 2 billion"
    # No typo allowance for acronyms: "HKMA" is not a misspelt "HKD".
    assert not pipeline.ask("How much has the HKMA put into the Harbour Fund?").answerable
    # A currency code or a corpus acronym is no missing name.
    assert pipeline.ask("How big is the Harbour Fund in HKD?").answer == "HKD 2 billion"


def test_imperative_name_the_thing_and_future_dates(pipeline: QAPipeline) -> None:
    # "Name the X": as "what is the name of X", refused where X is only "a robotics unicorn".
    assert not pipeline.ask("Name the robotics unicorn that joined the hub.").answerable
    assert "Silver Prize" in pipeline.ask("Name the prize the River Lab won.").answer
    # A question about what is to come is not answered by a date marked as past.
    assert pipeline.ask("When did the River Lab list on the City Exchange?").answer == "last year"
    assert not pipeline.ask("When is the River Lab expected to list again?").answerable


def test_who_does_needs_the_act_asked_about(pipeline: QAPipeline) -> None:
    assert "Jane Doe" in pipeline.ask("Who opened the River Lab?").answer
    # Nothing says who closed it: the sentence naming who opened it does not answer.
    assert not pipeline.ask("Who closed the River Lab?").answerable


def test_a_running_total_is_not_one_years_figure(pipeline: QAPipeline) -> None:
    assert pipeline.ask("How many companies did the Pier Lab gain over the past year?").answer == (
        "45"
    )
    assert not pipeline.ask(
        "How many companies has the Pier Lab gained since it opened?"
    ).answerable
    assert not pipeline.ask("How many companies has the Pier Lab gained so far?").answerable


def test_dates_that_date_another_thing_and_months(pipeline: QAPipeline) -> None:
    # "The Dock Scheme was launched in March": a month answers "which month".
    assert "March" in pipeline.ask("In which month was the Dock Scheme launched?").answer
    # "the 2021-22 fiscal year" is no month.
    assert not pipeline.ask("In which month did the Harbour Hub's rise happen?").answerable


def test_mechanism_and_venue_questions_need_the_sentence_to_say_so(
    pipeline: QAPipeline,
) -> None:
    assert "matching" in pipeline.ask("How does the digital pilot scheme work?").answer
    # The Silver Prize sentence names a fair but not how the robotics work.
    assert not pipeline.ask("How does the River Lab's robotics actually work?").answerable
    # "at the Geneva Robotics Fair": no place is tied to the fair itself.
    assert not pipeline.ask("Where was the Geneva Robotics Fair held?").answerable


def test_a_part_of_a_whole_is_not_the_wholes_amount(pipeline: QAPipeline) -> None:
    assert pipeline.ask("How big is the Harbour Fund?").answer == "HKD 2 billion"
    # The fund's own amount does not say how much of it has been spent.
    assert not pipeline.ask("How much of the Harbour Fund has been spent so far?").answerable


def test_an_ordinal_idiom_is_no_constraint(pipeline: QAPipeline) -> None:
    answer = pipeline.ask("Why does the city back the Pier Lab in the first place?")
    assert answer.answerable and "robotics creates local jobs" in answer.answer


def test_items_limits_and_unnamed_firms(pipeline: QAPipeline) -> None:
    # The items of a counted group: a list gives them, a count alone does not.
    assert "ferries" in pipeline.ask("What are the four things the Dock Scheme covers?").answer
    assert not pipeline.ask("What were the 45 companies the Pier Lab gained?").answerable
    # "the most money one firm can get" is a limit, which an allocation does not state.
    assert not pipeline.ask(
        "What is the most money one small firm can get from the digital pilot scheme?"
    ).answerable
    # "the robotics firm" is the article's "A robotics unicorn company": unnamed.
    assert not pipeline.ask("What is the name of the robotics firm that joined the hub?").answerable


def test_background_phrases_are_common(pipeline: QAPipeline) -> None:
    assert pipeline.is_common("Harbour")  # in about a third of the sentences
    assert not pipeline.is_common("the Pier Lab")


def test_a_follow_up_tries_another_reading_when_the_first_finds_nothing(
    pipeline: QAPipeline,
) -> None:
    history = [Message("user", "When did the Harbour Hub launch the Dock Scheme?")]
    # "it" first reads as the Harbour Hub, which covers nothing; the scheme does.
    assert pipeline.resolve("what does it cover?", history) == "What does Harbour Hub cover?"
    answer = pipeline.ask("what does it cover?", history=history)
    assert answer.answerable and answer.answer == "ferries, ports, cargo, and logistics"
    assert "Dock Scheme" in answer.resolved_question


def test_a_wh_word_left_in_place_gets_the_object_it_stands_for(pipeline: QAPipeline) -> None:
    assert pipeline.ask("the harbour hub is a flagship for what?").answer == "innovation"
    assert "Silver Prize" in pipeline.ask("the river lab won what?").answer


def test_a_terse_name_query_about_an_unnamed_person_is_refused(pipeline: QAPipeline) -> None:
    # The article mentions the Harbour Hub's director but never names them.
    assert not pipeline.ask("Harbour Hub director name").answerable
    assert not pipeline.ask("who is the Harbour Hub director? name").answerable


def test_a_measure_or_time_the_sentence_lacks_is_refused(pipeline: QAPipeline) -> None:
    assert pipeline.ask("How many companies does the Pier Lab house?").answer == "900"
    assert not pipeline.ask("How many companies did the Pier Lab house two years ago?").answerable
    # The fund's own amount is no return on it.
    assert not pipeline.ask("What annual return did the Harbour Fund generate?").answerable


def test_a_fact_the_sources_date_to_another_year_is_refused(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Harbour news\nThe city gave HKD 50 million to the Harbour Lab in this year’s budget.\n",
        "Lab news\nThe Harbour Lab received 50 million yuan from the city budget.\n",
    )
    assert pipeline.ask("How much did the Harbour Lab get in this year's budget?").answerable
    assert not pipeline.ask("How much did the Harbour Lab get in last year's budget?").answerable
    assert not pipeline.ask("How much will the Harbour Lab get in next year's budget?").answerable


def test_which_answered_only_by_a_vague_quantity_is_refused(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Office news\nThe Harbour Office helped several key firms with their visa papers.\n"
        "The Harbour Office also opened a branch in Eastgate.\n",
    )
    question = "Which key enterprises did the Harbour Office help with visa papers?"
    assert not pipeline.ask(question).answerable  # "several" names none
    assert pipeline.ask("Which office helped key firms with visa papers?").answerable


def test_a_kind_question_after_an_aside_or_with_context_matches_its_own_predicate(
    pipeline: QAPipeline,
) -> None:
    history = [Message("user", "Which firm listed on the City Exchange last year?")]
    answer = pipeline.ask(
        "what about the other one, the one preparing to list - what kind of firm is it?",
        history=history,
    )
    assert answer.answerable
    answer = pipeline.ask("Apart from the River Lab, what kind of firm is preparing to list?")
    assert answer.answer == "a drone maker"


def test_meant_to_achieve_gets_the_outcome(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Plan news\nThe city launched the Tide Plan.\nThis initiative aims to put money into "
        "the lab fund in phases, facilitating the sale of research results.\n",
    )
    answer = pipeline.ask("What is the Tide Plan initiative meant to achieve?")
    assert answer.answer == "facilitating the sale of research results"


def test_a_subject_list_is_asked_about_by_its_predicate(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Money news\nThe city’s banks, private equity, and venture funds offer an ideal "
        "platform for financing robotics firms.\n",
    )
    answer = pipeline.ask("Which parts of the market offer an ideal platform for financing firms?")
    assert answer.answer == "The city’s banks, private equity, and venture funds"


def test_who_a_scheme_helps_is_the_object_of_its_helping_verb(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Pilot news\nGiving HKD 5 million to the Harbour Hub, the city aims to run the “Tide "
        "Pilot Scheme” and assist small shipping firms in adopting digital tools.\n"
        "The Dock Scheme was launched on 3 March to support ferries.\n"
        "The Wave Scheme was launched in May.\n",
    )
    answer = pipeline.ask("Who is the Tide Pilot Scheme aimed at helping?")
    assert answer.answer == "small shipping firms"
    # An exact day is not answered by a month.
    assert "3 March" in pipeline.ask("On what exact date was the Dock Scheme launched?").answer
    assert not pipeline.ask("On what exact date was the Wave Scheme launched?").answerable


def test_a_figure_stated_to_be_checked_may_be_the_answer(pipeline: QAPipeline) -> None:
    answer = pipeline.ask("How big is the Harbour Fund? I have HKD 2 billion - correct?")
    assert answer.answer == "HKD 2 billion"


def test_a_reform_that_paved_the_way_is_a_reason(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Listing news\nReforms to the harbour exchange in 2018 paved the way for the listing "
        "of robotics companies in the city.\n",
    )
    assert pipeline.ask("Why could robotics companies start listing in the city?").answerable


def test_now_prefers_the_current_total_over_a_years_additions(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Lab news\nOver the past year, 45 robotics companies have chosen the Pier Lab as "
        "their base.\nPresently, the Pier Lab houses 900 companies.\n",
    )
    assert pipeline.ask("How many companies are based in the Pier Lab?").answer == "900"


def test_how_much_did_x_raise_needs_a_sentence_about_x(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Hub news\nStartups at the Harbour Hub raised HKD 1 billion last year.\n"
        "A drone maker at the hub is preparing to list.\n",
    )
    assert pipeline.ask("How much did the startups at the Harbour Hub raise?").answerable
    assert not pipeline.ask("How much is the drone maker planning to raise?").answerable


def test_a_figure_under_another_scheme_or_period_is_refused(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Listing news\nReforms to the listing system in 2018 led to the listing of 57 robotics "
        "companies, raising HKD 116 billion.\nSince 2015, startups at the Pier Lab have raised "
        "HKD 35 billion in total.\nA special listing mechanism for drone makers began in March.\n",
    )
    assert pipeline.ask("How much was raised under the reformed listing regime?").answerable
    question = "How much was raised under the special listing mechanism?"
    assert not pipeline.ask(question).answerable
    reform = next(
        gi for gi, s in enumerate(pipeline.index.sentences) if s.text.startswith("Reforms")
    )
    assert "special listing mechanism" in pipeline.answerer.unmet_constraints(question, reform)
    reformed = "How much was raised under the reformed listing regime?"
    assert pipeline.answerer.unmet_constraints(reformed, reform) == []
    assert not pipeline.ask("How much did Pier Lab startups raise just last year?").answerable


def test_background_before_the_question_does_not_refuse_it(pipeline: QAPipeline) -> None:
    answer = pipeline.ask(
        "I'm weighing Singapore against this city. How much went to the digital pilot scheme?"
    )
    assert answer.answerable and "300 million" in answer.answer
    assert not pipeline.ask("I live in Singapore. What is the population of Singapore?").answerable


def test_a_described_thing_is_named_by_its_description(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Fair news\nThe Coast Institute won a Gold Award at an invention fair for its coral "
        "sensor invention.\nA drone start-up at the hub listed last year.\n",
    )
    answer = pipeline.ask("Name the invention that won the Coast Institute a Gold Award.")
    assert answer.answerable and answer.answer == "coral sensor invention"
    # "a drone start-up" is not named, however the question spells it.
    assert not pipeline.ask("What is the name of the drone startup that listed?").answerable
    assert not pipeline.ask("Could you tell me the name of the drone start-up?").answerable


def test_the_year_before_last_is_not_the_past_year(pipeline: QAPipeline) -> None:
    assert pipeline.ask("How many companies did the Pier Lab gain over the past year?").answerable
    assert not pipeline.ask(
        "How many companies did the Pier Lab gain the year before last?"
    ).answerable


def test_a_fronted_object_is_read_after_the_verb(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Plan news\nUnder the Harbour Plan, the city is clearly positioned as a regional robotics "
        "centre, tasked with growth.\nThe examples show the city can achieve Industry 4.0.\n",
    )
    answer = pipeline.ask("Under the plan, what is the city clearly positioned as?")
    assert answer.answer == "a regional robotics centre"
    answer = pipeline.ask("Under the Harbour Plan, how is the city positioned?")
    assert answer.answer == "a regional robotics centre"
    answer = pipeline.ask("The examples show the city can achieve which industrial stage?")
    assert answer.answer == "Industry 4.0"


def test_a_bare_noun_phrase_after_a_question_asks_the_same_of_it(pipeline: QAPipeline) -> None:
    history = [Message("user", "how many companies are in the harbour hub")]
    assert pipeline.resolve("the pier lab?", history) == "how many companies are in the pier lab"
    answer = pipeline.ask("pier lab", history=history)
    assert answer.answerable and answer.answer in {"45", "900"}


def test_per_both_reports_is_no_distribution(pipeline: QAPipeline) -> None:
    answer = pipeline.ask("How many companies does the Harbour Hub host, per both reports?")
    assert answer.answerable and answer.answer == "320"
    assert not pipeline.ask("How many companies does the Harbour Hub host per lab?").answerable


def test_what_a_cause_led_to(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Port news\nReforms to the port rules in 2018 paved the way for the arrival of cargo "
        "drones, resulting in 57 new routes.\nThe Pier Lab hosts 900 companies.\n",
    )
    answer = pipeline.ask("What did the 2018 port reforms open the door to?")
    assert answer.answer == "the arrival of cargo drones"


def test_set_up_meets_established_and_settle_in_the_lexical_score(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Bureau news\nSince the establishment of the Harbour Bureau in 2015, ferries grew.\n"
        "Settlement options include the North Park.\nThe bureau set a target.\n",
    )
    answerer = pipeline.answerer
    texts = [s.text for s in pipeline.index.sentences]
    established = texts.index(next(t for t in texts if t.startswith("Since")))
    settlement = texts.index(next(t for t in texts if t.startswith("Settlement")))
    assert answerer._lexical(["set"], established) == 1.0
    assert answerer._lexical(["set"], settlement) == 1.0
    assert answerer._lexical(["settl"], established) == 0.0  # settling is no founding


def test_a_sentence_opening_with_a_name_does_not_inherit_its_predecessor(
    tmp_path: Path,
) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Site news\nThe Harbour Office courts key firms worldwide.\n"
        "Settlement options include the North Park and Eastgate City.\n"
        "Additionally, the Harbour Office works with the Port Department for key firms.\n"
        "Additionally, the office runs a hotline.\n",
    )
    answerer = pipeline.answerer
    texts = [s.text for s in pipeline.index.sentences]
    named = texts.index(next(t for t in texts if "Port Department" in t))
    referring = texts.index(next(t for t in texts if "hotline" in t))
    assert not answerer._refers_back[named]  # "the Harbour Office" is a name
    assert answerer._refers_back[referring]  # "the office" points back
    answer = pipeline.ask("Where can key firms set up - what are the settlement options?")
    assert "North Park" in answer.citations[0].sentence


def test_how_much_a_fund_is_worth_is_its_size(pipeline: QAPipeline) -> None:
    answer = pipeline.ask("How much is the Harbour Fund worth?")
    assert answer.answerable and "2 billion" in answer.answer


def test_a_specialist_noun_meets_its_base(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Listing news\nA listing mechanism for special robotics companies began in March.\n"
        "The Harbour Hub hosts 320 companies.\n",
    )
    answer = pipeline.ask("When did the specialist robotics listing route start?")
    assert answer.answerable and answer.answer == "in March"
    assert pipeline.answerer.oov_share(["specialist"]) == 0.0


def test_a_comparative_meets_its_adjective(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Pilot news\nThe pilot helps small firms adopt big data tools.\n"
        "The Harbour Hub hosts 320 companies.\n",
    )
    # "smaller", "biggest" are no words of this corpus, but their adjectives are.
    assert pipeline.answerer.oov_share(["smaller"]) == 0.0
    assert pipeline.answerer.oov_share(["biggest"]) == 0.0
    assert pipeline.answerer.oov_share(["smallish"]) == 1.0


def test_a_role_holder_needs_the_role_stated(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Office news\nThe Harbour Office works with the Port Department on visas.\n"
        "The Sea Committee, chaired by Mayor Jane Doe, studies ferries.\n",
    )
    assert not pipeline.ask("Who is the head of the Harbour Office?").answerable
    answer = pipeline.ask("Who is the chair of the Sea Committee?")
    assert answer.answerable and "Jane Doe" in answer.answer


def test_how_many_of_a_whole_are_from_somewhere_is_answered_by_a_share(
    tmp_path: Path,
) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Hub news\nThe Harbour Hub hosts 320 companies, with 20% originating from overseas.\n"
        "The Pier Lab hosts 900 companies.\n",
    )
    answer = pipeline.ask("How many of the companies in the Harbour Hub come from overseas?")
    assert answer.answerable and answer.answer == "20%"
    assert pipeline.ask("How many companies does the Harbour Hub host?").answer == "320"


def test_a_purpose_that_runs_into_a_list_is_the_list(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Committee news\nThe Sea Committee was set up last year to conduct broad research on "
        "ferry routes, port data, cargo safety, and crew training.\n"
        "The approach helps the port and also contributes to the region's cleaner shipping.\n",
    )
    answer = pipeline.ask("What is the Sea Committee meant to research?")
    assert answer.answer == "ferry routes, port data, cargo safety, and crew training"
    answer = pipeline.ask("Apart from the port, what does the approach contribute to?")
    assert answer.answer == "the region's cleaner shipping"


def test_what_was_put_forward_and_what_role_and_what_falls_under(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Plan news\nThe Mayor's Harbour Address last year unveiled new ferry measures to serve "
        "islanders, setting the stage for growth.\nIn the Port Address last May, cargo rules "
        "were proposed to speed up trade.\nUnder the Harbour Plan, the city is clearly "
        "positioned as a regional robotics centre, tasked with growth.\nA new scheme for "
        "robotics firms began in March.\nThis scheme encompasses drones, sensors, and boats.\n",
    )
    answer = pipeline.ask("What did the Mayor's Harbour Address put forward for islanders?")
    assert answer.answer == "new ferry measures to serve islanders"
    assert pipeline.ask("What did the Port Address propose?").answer == "cargo rules"
    answer = pipeline.ask("What did the Mayor's Harbour Address put on the table for islanders?")
    assert answer.answer == "new ferry measures to serve islanders"
    answer = pipeline.ask("Under the Harbour Plan, what role is the city supposed to play?")
    assert answer.answer == "a regional robotics centre"
    answer = pipeline.ask("What industries fall under the new robotics scheme?")
    assert answer.answer == "drones, sensors, and boats"


def test_everyday_words_are_read_in_the_collections_words(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Fund news\nThe harbour co-investment fund holds 30 billion yuan for robotics.\n"
        "The harbour has 120 robotics firms.\n",
    )
    # "pot" is no word of this collection: read as "fund", it asks an amount.
    answer = pipeline.ask("How big is the harbour robotics pot?")
    assert answer.answerable and answer.answer == "30 billion yuan"


def test_a_long_name_may_differ_in_its_last_word_between_sources(tmp_path: Path) -> None:
    pipeline = _pipeline_over(
        tmp_path,
        "Lab news\nThe Harbour Bay Research Institute of Boats and Ships won a medal in April.\n",
        "Port story\nThe Harbour Port hosts 120 ferry firms.\n",
    )
    # A source may say "Ships" where the asker says "Vessels": the same institute.
    answer = pipeline.ask("When did the Harbour Bay Research Institute of Boats and Vessels win?")
    assert answer.answerable and answer.answer == "in April"
    # A short name that differs in one word is another name.
    assert not pipeline.ask("When did the Harbour Bay Museum win?").answerable
