"""The one pipeline object used by the CLI, the HTTP service and the eval harness.

``load_pipeline(settings)`` is the wiring function: it makes sure the index exists and is
fresh (building it if not), picks the query encoder, and assembles a :class:`QAPipeline`
from its collaborators (retrievers, answerer, encoder), which can also be passed in
directly (tests pass a fake encoder).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Protocol

import numpy as np

from hkqa.acronyms import AcronymExpander
from hkqa.answer import Answerer, ScoringWeights
from hkqa.config import Settings, resolve_model_path
from hkqa.encoders import Encoder, NumpyBertEncoder, SentenceTransformerEncoder, l2_normalize
from hkqa.followup import CONTEXT, followup_alternatives, resolve_followup, split_preamble
from hkqa.index import IndexData, IndexError_, ProgressFn, build_index, load_index, stale_reasons
from hkqa.retrieval import BM25Retriever, DenseRetriever, FusionMethod, HybridRetriever
from hkqa.spans import normalize_question
from hkqa.thesaurus import Thesaurus
from hkqa.tokenize import tokenize
from hkqa.types import Answer, Article, Hit, Message, Sentence

__all__ = [
    "Pipeline",
    "QAPipeline",
    "QuestionError",
    "ensure_index",
    "load_pipeline",
    "reference_encoder",
]


class Pipeline(Protocol):
    """What the CLI, HTTP layer and eval harness need from a QA pipeline."""

    @property
    def documents(self) -> Mapping[str, Article]: ...

    def ask(
        self, question: str, *, history: Sequence[Message] = (), top_k: int | None = None
    ) -> Answer: ...

    def search(self, query: str, *, k: int | None = None) -> list[Hit]: ...


COMMON_TOPIC_SHARE = 0.3
"""A phrase in this share of all sentences is the collection's background, not a topic."""


class QuestionError(ValueError):
    """The question itself is unusable (empty, too long)."""


class QAPipeline:
    """Question -> :class:`Answer` over one loaded index."""

    def __init__(
        self,
        index: IndexData,
        *,
        encoder: Encoder,
        settings: Settings | None = None,
        weights: ScoringWeights | None = None,
    ) -> None:
        settings = settings or Settings()
        self.settings = settings
        self.index = index
        self.encoder = encoder
        self.retriever = HybridRetriever(
            index.chunks,
            bm25=BM25Retriever(index.chunk_tokens, tokenizer=tokenize),
            dense=DenseRetriever(index.chunk_index),
            method=settings.fusion,
            rrf_k=settings.rrf_k,
            weight=settings.fusion_weight,
            depth=settings.candidate_depth,
        )
        self.answerer = Answerer(
            articles=index.articles,
            sentences=index.sentences,
            sentence_vectors=index.sentence_vectors,
            sentence_tokens=index.sentence_tokens,
            refusal_threshold=settings.refusal_threshold,
            conflict_margin=settings.conflict_margin,
            weights=weights,
            type_encoder=encoder,
            context_vectors=index.context_vectors,
        )
        self._documents = {a.doc_id: a for a in index.articles}
        self.acronyms = AcronymExpander([a.text for a in index.articles])
        self.thesaurus = Thesaurus([a.text for a in index.articles])
        self._sentence_terms = [frozenset(tokens) for tokens in index.sentence_tokens]

    @property
    def documents(self) -> Mapping[str, Article]:
        return self._documents

    def _check(self, question: str) -> str:
        if not isinstance(question, str) or not question.strip():
            raise QuestionError("the question is empty")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(
                f"the question has {len(question)} characters; "
                f"the limit is {self.settings.max_question_chars}"
            )
        return question.strip()

    def resolve(self, question: str, history: Sequence[Message] = ()) -> str:
        """The standalone form of a follow-up question (unchanged when it is standalone)."""

        def answer_previous(previous: str) -> str | None:
            answer = self._answer(previous, method=None)
            return answer.answer if answer.answerable else None

        # "whats"/"how's" -> "what is"/"how is", in the question and the earlier user turns.
        history = [
            Message(m.role, normalize_question(m.content)) if m.role == "user" else m
            for m in history
        ]
        return resolve_followup(
            normalize_question(question),
            history,
            answer_previous=answer_previous,
            is_name=self.is_name,
            is_common=self.is_common,
        )

    def is_name(self, phrase: str) -> bool:
        """Whether the corpus writes ``phrase`` as a name (capitalised), whatever its case here."""
        bare = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(" ?.!"), flags=re.I)
        if not bare:
            return False
        pattern = re.compile(rf"\b{re.escape(bare)}\b", re.I)
        return any(
            m.group(0)[:1].isupper() and m.start() > 0
            for sentence in self.index.sentences
            if not self._is_title(sentence)  # "… Welcomes 150+ Companies" is a headline
            for m in pattern.finditer(sentence.text)
        )

    def _is_title(self, sentence: Sentence) -> bool:
        article = self._documents.get(sentence.doc_id)
        return article is not None and sentence.text.strip() == article.title.strip()

    def is_common(self, phrase: str) -> bool:
        """Whether ``phrase`` is background: a share of at least ``COMMON_TOPIC_SHARE`` of
        the collection's sentences contain all its words ("Hong Kong" in articles about
        Hong Kong)."""
        if not self._sentence_terms:
            return False

        def common(text: str) -> bool:
            terms = set(tokenize(text))
            containing = sum(1 for tokens in self._sentence_terms if terms <= tokens)
            return bool(terms) and containing >= COMMON_TOPIC_SHARE * len(self._sentence_terms)

        bare = phrase.strip(" ?.!")
        if re.fullmatch(r"[A-Z][A-Z&]{1,5}", bare):  # "HK": the phrases it abbreviates
            spelled = self.acronyms.phrase_for(bare, known_too=True)
            return any(common(p) for p in spelled) or common(bare)
        return common(self.acronyms.expand(bare))

    def ask(
        self,
        question: str,
        *,
        history: Sequence[Message] = (),
        top_k: int | None = None,
        method: FusionMethod | None = None,
    ) -> Answer:
        question = self._check(question)
        k = top_k or self.settings.top_k
        if k < 1:
            raise ValueError(f"top_k must be >= 1, got {k}")
        background, asked = split_preamble(question)
        if background:
            # The asker's background is read as an earlier turn of the conversation.
            history, question = [*history, Message("user", background)], asked
        resolved = self.resolve(question, history)
        answer = self._answer(resolved, method=method, original=question)
        if not answer.answerable and resolved != normalize_question(question):
            # A follow-up whose first reading finds no answer: the best other reading
            # ("it" = the other thing the previous question named) that does.
            for reading in self._readings(question, history):
                other = self._answer(reading, method=method, original=question)
                if other.answerable and (
                    not answer.answerable or other.confidence > answer.confidence
                ):
                    resolved, answer = reading, other
        return replace(answer, resolved_question=resolved, passages=answer.passages[:k])

    def _readings(self, question: str, history: Sequence[Message]) -> list[str]:
        users = [m for m in history if m.role == "user" and m.content.strip()]
        if not users:
            return []
        previous = self.resolve(users[-1].content, users[:-1])
        normalized = [Message(m.role, normalize_question(m.content)) for m in users]
        return followup_alternatives(normalize_question(question), normalized, previous)

    def _answer(
        self, question: str, *, method: FusionMethod | None, original: str | None = None
    ) -> Answer:
        # "HKSTP", "the pot" -> the corpus's own wording
        query = self.acronyms.expand(self.thesaurus.rewrite(question))
        vector = self._query_vector(query)
        depth = self.settings.candidate_depth
        hits = self.retriever.retrieve(query, vector, top_k=depth, method=method)
        return self.answerer.answer(
            query,
            vector,
            hits,
            original_question=original,
            term_scale=self.acronyms.term_scale(question),
        )

    def _query_vector(self, query: str) -> np.ndarray:
        """The query's embedding. A follow-up resolved with its previous question as trailing
        context ("How many patents (How many projects did …)?") is embedded both with and
        without it, and the two averaged: the context helps, but must not outweigh what is
        newly asked."""
        if not CONTEXT.search(query):
            return self.encoder.encode([query])[0]
        both = self.encoder.encode([CONTEXT.sub("", query) + "?", query])
        return l2_normalize(both.sum(axis=0, keepdims=True))[0]

    def search(
        self, query: str, *, k: int | None = None, method: FusionMethod | None = None
    ) -> list[Hit]:
        query = self._check(query)
        k = k or self.settings.top_k
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
        query = self.acronyms.expand(self.thesaurus.rewrite(query))
        vector = self.encoder.encode([query])[0]
        return self.retriever.retrieve(query, vector, top_k=k, method=method)


def reference_encoder(settings: Settings) -> SentenceTransformerEncoder:
    return SentenceTransformerEncoder(resolve_model_path(settings.model))


def ensure_index(
    settings: Settings,
    *,
    rebuild: bool = True,
    force: bool = False,
    encoder: Encoder | None = None,
    progress: ProgressFn | None = None,
) -> IndexData:
    """Load the index, building it first when it is missing, stale or ``force`` is set.

    With ``rebuild=False`` a missing or stale index raises :class:`IndexError_` saying how
    to rebuild instead.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        data = None if force else load_index(settings.index_dir)
    except IndexError_:
        if not rebuild:
            raise
        data = None
    if data is not None:
        reasons = stale_reasons(data.manifest, settings=settings)
        if not reasons:
            return data
        if not rebuild:
            raise IndexError_(
                f"index at {settings.index_dir} is stale ({'; '.join(reasons)}); "
                "run `hkqa ingest` to rebuild it"
            )
    model_path = resolve_model_path(settings.model)
    build_encoder = encoder or SentenceTransformerEncoder(model_path)
    fast = None if encoder is not None else NumpyBertEncoder(model_path)
    build_index(settings, encoder=build_encoder, query_encoder=fast, progress=progress)
    return load_index(settings.index_dir)


def query_encoder_for(index: IndexData, settings: Settings) -> Encoder:
    """The torch-free encoder when the index verified it, unless settings say otherwise."""
    model_path = resolve_model_path(settings.model)
    fast_ok = index.manifest.get("query_encoder") == "fast"
    if settings.query_encoder == "numpy" or (settings.query_encoder == "auto" and fast_ok):
        return NumpyBertEncoder(model_path).load()
    return SentenceTransformerEncoder(model_path).load()


def load_pipeline(
    settings: Settings | None = None,
    *,
    encoder: Encoder | None = None,
    rebuild: bool = True,
    progress: ProgressFn | None = None,
) -> QAPipeline:
    """Wire the concrete pipeline: fresh index + query encoder + retrievers + answerer."""
    settings = settings or Settings()
    index = ensure_index(settings, rebuild=rebuild, encoder=encoder, progress=progress)
    return QAPipeline(
        index, encoder=encoder or query_encoder_for(index, settings), settings=settings
    )
