"""Typed results passed between modules. Frozen dataclasses; no I/O, no pydantic."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned document. ``text`` is what every offset indexes."""

    doc_id: str
    title: str
    text: str
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    index: int  # position in the document
    start: int
    end: int
    text: str

    @property
    def sentence_id(self) -> str:
        return f"{self.doc_id}#s{self.index}"


@dataclass(frozen=True, slots=True)
class Chunk:
    """A window of consecutive sentences of one document."""

    chunk_id: str
    doc_id: str
    sentence_indices: tuple[int, ...]
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A retrieved chunk with the evidence of both retrievers."""

    chunk: Chunk
    score: float
    bm25_rank: int | None = None  # 1-based; None when outside that retriever's candidates
    dense_rank: int | None = None
    bm25_score: float | None = None
    dense_score: float | None = None


class AnswerType(StrEnum):
    MONEY = "money"
    COUNT = "count"
    PERCENT = "percent"
    DATE = "date"
    ENTITY = "entity"  # who / which organisation / what is the name of
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Citation:
    doc_id: str
    title: str
    sentence: str
    start: int
    end: int
    answer_start: int | None  # span offsets in the document; None when no span was found
    answer_end: int | None
    score: float
    answer: str | None = None  # the span text itself


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    resolved_question: str
    answerable: bool
    answer: str
    confidence: float
    answer_type: AnswerType
    citations: tuple[Citation, ...] = ()
    conflicts: tuple[Citation, ...] = ()
    passages: tuple[Hit, ...] = ()


@dataclass(frozen=True, slots=True)
class Message:
    """One earlier conversation turn, OpenAI style."""

    role: str  # "user" | "assistant" | "system"
    content: str
