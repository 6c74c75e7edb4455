"""The answerer on a tiny inline corpus (fake encoder): spans, refusal, conflicts."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from conftest import FakeEncoder
from hkqa.answer import REFUSAL, Answerer
from hkqa.tokenize import tokenize
from hkqa.types import AnswerType, Article, Chunk, Hit, Sentence


def check_offsets(pipeline, answer) -> None:  # type: ignore[no-untyped-def]
    for cite in (*answer.citations, *answer.conflicts):
        text = pipeline.documents[cite.doc_id].text
        assert text[cite.start : cite.end] == cite.sentence
        if cite.answer_start is not None:
            assert text[cite.answer_start : cite.answer_end] == cite.answer


def test_amount_question_gets_span_citation_and_conflict(tiny_pipeline) -> None:  # type: ignore[no-untyped-def]
    answer = tiny_pipeline.ask("How much went to the hub's robotics programme?")
    assert answer.answerable
    assert answer.answer_type is AnswerType.MONEY
    assert answer.answer.startswith("HK$80 million")
    assert "sources disagree" in answer.answer and "80 million yuan" in answer.answer
    assert answer.citations[0].answer == "HK$80 million"
    assert answer.citations[0].doc_id == "a"
    assert {c.answer for c in answer.conflicts} == {"HK$80 million", "80 million yuan"}
    assert {c.doc_id for c in answer.conflicts} == {"a", "b"}
    check_offsets(tiny_pipeline, answer)


def test_count_span_picks_the_counted_noun(tiny_pipeline) -> None:  # type: ignore[no-untyped-def]
    answer = tiny_pipeline.ask("How many startups does the hub host?")
    assert answer.answer == "over 500"
    assert answer.conflicts == ()
    check_offsets(tiny_pipeline, answer)
    trains = tiny_pipeline.ask("How many engineers will the programme train?")
    assert trains.answer == "2,000"


def test_typed_questions(tiny_pipeline) -> None:  # type: ignore[no-untyped-def]
    assert tiny_pipeline.ask("When was the robotics money allocated?").answer == "in March 2023"
    growth = tiny_pipeline.ask("By what percentage did the number of startups grow?")
    assert growth.answer == "25%"
    assert tiny_pipeline.ask("Who said the programme will train engineers?").answer == "Lee"


def test_unapostrophised_contractions_are_spelt_out(tiny_pipeline) -> None:  # type: ignore[no-untyped-def]
    from hkqa.types import Message

    history = [Message("user", "whats the size of the robotics programme the city funds")]
    answer = tiny_pipeline.ask("hows it going to train engineers?", history=history)
    assert answer.question == "hows it going to train engineers?"
    assert answer.resolved_question == "How is the robotics programme going to train engineers?"


def test_off_topic_question_is_refused(tiny_pipeline) -> None:  # type: ignore[no-untyped-def]
    answer = tiny_pipeline.ask("What is the boiling point of mercury?")
    assert not answer.answerable
    assert answer.answer == REFUSAL
    assert answer.citations == () and answer.conflicts == ()
    assert answer.passages  # the closest passages are still shown


def test_typed_question_without_a_typed_candidate_is_refused(tiny_pipeline) -> None:  # type: ignore[no-untyped-def]
    # "When" asks for a date; the only sentence about a second campus has none.
    answer = tiny_pipeline.ask("When will the hub open its second campus?")
    assert not answer.answerable


def _answerer(
    articles: list[Article], sentences: list[Sentence], enc: FakeEncoder, **options: object
) -> tuple[Answerer, list[Hit]]:
    """An answerer over these sentences, and each article retrieved whole as a hit."""
    texts = [s.text for s in sentences]
    answerer = Answerer(
        articles=articles,
        sentences=sentences,
        sentence_vectors=enc.encode(texts),
        sentence_tokens=[tokenize(t) for t in texts],
        refusal_threshold=0.2,
        conflict_margin=0.3,
        **options,  # type: ignore[arg-type]
    )
    hits = [
        Hit(
            Chunk(
                f"{a.doc_id}#c0",
                a.doc_id,
                tuple(s.index for s in sentences if s.doc_id == a.doc_id),
                0,
                len(a.text),
                a.text,
            ),
            1.0,
        )
        for a in articles
    ]
    return answerer, hits


def _one_sentence_documents(texts: list[str], enc: FakeEncoder) -> tuple[Answerer, list[Hit]]:
    """An answerer over one document per text, and every document retrieved as a hit."""
    articles = [Article(f"d{i}", f"T{i}", t) for i, t in enumerate(texts)]
    sentences = [Sentence(f"d{i}", 0, 0, len(t), t) for i, t in enumerate(texts)]
    return _answerer(articles, sentences, enc)


def _asker(texts: list[str]) -> Callable[[str], str | None]:
    """Ask over one document per text: the answer, or None when refused."""
    enc = FakeEncoder()
    answerer, hits = _one_sentence_documents(texts, enc)

    def ask(q: str) -> str | None:
        answer = answerer.answer(q, enc.encode([q])[0], hits)
        return answer.answer if answer.answerable else None

    return ask


def test_agreeing_sources_corroborate() -> None:
    texts = [
        "Cyberport got HKD 50 million for Web3.",
        "Web3 at Cyberport got 50 million Hong Kong dollars.",
    ]
    enc = FakeEncoder()
    answerer, hits = _one_sentence_documents(texts, enc)
    q = "How much did Cyberport get for Web3?"
    answer = answerer.answer(q, enc.encode([q])[0], hits)
    assert answer.answerable and answer.conflicts == ()
    assert sorted(c.doc_id for c in answer.citations) == ["d0", "d1"]
    assert {c.answer for c in answer.citations} == {
        "HKD 50 million",
        "50 million Hong Kong dollars",
    }


def test_constructor_validates() -> None:
    with pytest.raises(ValueError, match="line up"):
        Answerer(
            articles=[],
            sentences=[Sentence("d", 0, 0, 1, "x")],
            sentence_vectors=np.zeros((0, 4)),
            sentence_tokens=[],
            refusal_threshold=0.5,
            conflict_margin=0.1,
        )
    with pytest.raises(ValueError, match="refusal_threshold"):
        Answerer(
            articles=[],
            sentences=[],
            sentence_vectors=np.zeros((0, 4)),
            sentence_tokens=[],
            refusal_threshold=2.0,
            conflict_margin=0.1,
        )


def test_a_weak_fallback_sentence_does_not_answer_for_a_strong_one_that_cannot() -> None:
    """The sentence holding every word of the question has no count; one sharing almost
    none of them but scoring close (by its embedding) has one: it answers another question."""
    texts = [
        "The reef office supports many marine robotics labs along the coast.",
        "Divers count 45 labs near the harbour.",
    ]
    enc = FakeEncoder()
    answerer, hits = _one_sentence_documents(texts, enc)
    q = "How many marine robotics labs does the reef office support?"
    # A query vector leaning towards the second sentence, so that both score close.
    vector = enc.encode([q])[0] + 1.5 * enc.encode([texts[1]])[0]
    vector = vector / np.linalg.norm(vector)
    _kind, _terms, scored = answerer.score_sentences(q, vector, hits)
    assert [s.index for s in scored] == [0, 1] and scored[0].score - scored[1].score < 0.05
    assert not answerer.answer(q, vector, hits).answerable


def test_a_one_word_name_typed_lowercase_is_still_a_name() -> None:
    texts = [
        "Young founders at Seaport got HKD 5 million in grants this year.",
        "The harbour incubator has graduated 40 startups since 2019.",
        "Ferries run to the Old Pier, and the Old Pier Plan adds berths.",
    ]
    enc = FakeEncoder()
    answerer, hits = _one_sentence_documents(texts, enc)
    # Only "Seaport" is a name on its own: "Pier" and "Plan" are parts of longer names,
    # "HKD" is a currency, and "Young" opens its sentence.
    assert answerer.proper_words() == frozenset({"seaport"})

    def ask(q: str) -> str | None:
        answer = answerer.answer(q, enc.encode([q])[0], hits)
        return answer.answer if answer.answerable else None

    assert ask("how many startups have graduated from the harbour incubator?") == "40"
    assert ask("how many startups have graduated from seaport's incubator?") is None
    assert ask("How many startups have graduated from Seaport's incubator?") is None


@pytest.mark.parametrize(
    ("subject", "expected"),
    [("A harbour ferry firm", None), ("Bluewave Lines", "Bluewave Lines")],
)
def test_a_thing_an_unnamed_subject_became_is_unnamed(subject: str, expected: str | None) -> None:
    texts = [
        f"Last year, {subject} became the first electric operator licensed by the Port Board.",
        "The Port Board also approved 12 new berths in the harbour this year.",
    ]
    enc = FakeEncoder()
    answerer, hits = _one_sentence_documents(texts, enc)
    q = "What is the name of the electric operator licensed by the Port Board?"
    answer = answerer.answer(q, enc.encode([q])[0], hits)
    assert (answer.answer if answer.answerable else None) == expected


def test_where_is_x_needs_a_place_tied_to_x() -> None:
    texts = [
        "The Pier Lab, located in Northgate, opened a new dock this year.",
        "Sites on offer include the Pier Lab and the Eastgate Hub.",
    ]
    ask = _asker(texts)
    assert ask("Where is the Pier Lab located?") == "Northgate"
    # The Eastgate Hub stands in a list next to the Pier Lab: that is not where it is.
    assert ask("Where is the Eastgate Hub located?") is None


def test_a_kind_of_firm_is_counted_by_its_firms() -> None:
    texts = [
        "Reforms opened the exchange to biotech companies, and 57 such companies listed.",
        "Marine labs are not on the exchange yet.",
    ]
    enc = FakeEncoder()
    answerer, hits = _one_sentence_documents(texts, enc)
    q = "How many biotechs listed after the reforms?"
    assert answerer.answer(q, enc.encode([q])[0], hits).answer == "57"
    q = "How many labs listed after the reforms?"  # "labs" names no kind of firm here
    assert not answerer.answer(q, enc.encode([q])[0], hits).answerable


def test_a_date_that_qualifies_a_noun_dates_that_noun() -> None:
    texts = ["The city set aside HKD 5 million in this year’s budget for the Ferry Scheme."]
    enc = FakeEncoder()
    answerer, hits = _one_sentence_documents(texts, enc)
    # "this year’s budget": the budget's year, not the scheme's launch.
    q = "When will the Ferry Scheme launch?"
    assert not answerer.answer(q, enc.encode([q])[0], hits).answerable
    q = "In which year's budget did the city fund the Ferry Scheme?"
    assert answerer.answer(q, enc.encode([q])[0], hits).answer == "this year"


def test_a_counted_group_without_names_is_unnamed() -> None:
    texts = ["The five harbour labs under the city grew by 10% this year."]
    enc = FakeEncoder()
    answerer, hits = _one_sentence_documents(texts, enc)
    q = "What are the names of the five harbour labs?"
    assert not answerer.answer(q, enc.encode([q])[0], hits).answerable


def test_a_terse_query_whose_every_word_matches_passes_the_dense_floor() -> None:
    texts = ["The recent budget statement highlighted three key directions for growth."]
    enc = FakeEncoder()
    answerer, hits = _one_sentence_documents(texts, enc)
    # A query vector far from the sentence (a terse query embeds poorly).
    far = enc.encode(["ferry timetable weather"])[0]
    q = "budget - how many key directions?"
    assert answerer.answer(q, far, hits).answer == "three"
    q = "budget - how many key directions for the ferries?"  # "ferries" is not there
    assert not answerer.answer(q, far, hits).answerable


def _document(text: str, enc: FakeEncoder, *others: str) -> tuple[Answerer, list[Hit]]:
    """An answerer over one document of several sentences (context vectors as the index
    builds them), plus one-sentence documents; everything retrieved."""
    from hkqa.index import _with_previous
    from hkqa.splitting import split_sentences

    docs = [("d", text), *((f"o{i}", t) for i, t in enumerate(others))]
    articles = [Article(d, d.upper(), t) for d, t in docs]
    sentences = [s for d, t in docs for s in split_sentences(t, doc_id=d)]
    contexts = enc.encode(_with_previous(sentences))
    return _answerer(articles, sentences, enc, context_vectors=contexts)


def test_where_is_answered_by_a_sentence_naming_a_place() -> None:
    enc = FakeEncoder()
    answerer, hits = _document(
        "The Office of Harbour Firms courts firms worldwide in robotics and biotech.",
        enc,
        "Such firms may set up at the Northgate Park.",
    )
    q = "Where can the firms courted by the office set up?"
    answer = answerer.answer(q, enc.encode([q])[0], hits)
    # The office's sentence shares more words, but names no place: no "where" answer.
    assert answer.answerable and answer.answer == "Northgate Park"
    assert answer.citations[0].doc_id == "o0"


def test_a_sentence_leaning_on_its_context_answers_with_its_neighbours_words() -> None:
    enc = FakeEncoder()
    answerer, hits = _document(
        "The fund backs projects. Settlement options include the Northgate Park and the "
        "Eastgate Hub. The office also helps key harbour firms with visas.",
        enc,
        "Key harbour firms won prizes at the Westgate Fair.",
    )
    q = "Where can key harbour firms settle?"
    answer = answerer.answer(q, enc.encode([q])[0], hits)
    # "Settlement options" are the key harbour firms' only through the sentence after them;
    # read alone, the fair where such firms won prizes would answer.
    assert answer.answerable
    assert answer.citations[0].sentence.startswith("Settlement options include")
    assert answer.answer == "Northgate Park and the Eastgate Hub"


def test_a_plan_names_the_scheme_asked_for() -> None:
    texts = [
        "To link industry and universities, the government launched the “Harbour 1+ Plan.”",
        "The Harbour Pilot Scheme helps small firms go digital.",
    ]
    got = _asker(texts)("What is the name of the scheme that links industry and universities?")
    # A plan is a kind of scheme: the sentence names it, though never as a "scheme".
    assert got is not None and "Harbour 1+ Plan" in got


def test_one_figure_for_a_pair_does_not_answer_for_either_alone() -> None:
    texts = ["The Harbour Park hosts 320 firms, 20% of them from the mainland or overseas."]
    ask = _asker(texts)
    assert ask("What share of Harbour Park firms come from the mainland or overseas?") == "20%"
    # The article lumps the two together: it says nothing of overseas firms alone.
    assert ask("What share of the Park firms are from overseas, excluding the mainland?") is None
    assert ask("What share are from overseas as opposed to the mainland?") is None


def test_where_did_it_win_is_the_place_not_the_prize() -> None:
    texts = ["The Harbour Lab received the Gold Medal of Merit at the Westgate Fair this year."]
    assert _asker(texts)("Where did the Harbour Lab win its medal?") == "Westgate Fair"
