"""Pydantic models of the HTTP edge, and the translation from the core's dataclasses.

The core passes frozen dataclasses (:mod:`hkqa.types`); pydantic lives only here. The CLI's
``hkqa ask --json`` prints ``chat_response(answer).model_dump(mode="json")``, so it and
``POST /chat`` return the same object.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from hkqa.types import Answer, Article, Citation, Hit, Message

__all__ = [
    "MAX_HISTORY_MESSAGES",
    "MAX_TOP_K",
    "MODEL_ID",
    "ChatCompletion",
    "ChatCompletionRequest",
    "ChatRequest",
    "ChatResponse",
    "CitationOut",
    "CompletionChoice",
    "CompletionMessageIn",
    "CompletionMessageOut",
    "DocumentDetail",
    "DocumentSummary",
    "HealthResponse",
    "HistoryMessage",
    "ModelCard",
    "ModelList",
    "PassageOut",
    "SearchResponse",
    "TextPart",
    "Usage",
    "chat_response",
    "citation_out",
    "completion_text",
    "document_detail",
    "document_summary",
    "passage_out",
]

MODEL_ID = "hkqa"
"""The one model id served by ``/v1/models`` (any ``model`` in a request is accepted and echoed)."""

MAX_HISTORY_MESSAGES = 50
MAX_TOP_K = 50
MAX_COMPLETION_MESSAGES = 100
"""OpenAI-style requests carry history, system prompts and the question in one list."""

Role = Literal["user", "assistant", "system"]

REFUSAL_TEXT = "I could not find an answer to that in the news articles."
"""Shown when the pipeline refuses without a message of its own."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or blank")
    return value


# --------------------------------------------------------------------------- requests


class HistoryMessage(BaseModel):
    """One earlier turn of the conversation."""

    model_config = ConfigDict(extra="forbid")

    role: Role = Field(description="user, assistant or system")
    content: str


class ChatRequest(BaseModel):
    """Body of ``POST /chat``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "question": "How much did the government allocate to Web3?",
                    "history": [],
                    "top_k": 5,
                }
            ]
        },
    )

    question: Annotated[str, AfterValidator(_not_blank)] = Field(
        description="The question; its length limit is a server setting (2,000 by default)."
    )
    history: list[HistoryMessage] = Field(
        default_factory=list,
        max_length=MAX_HISTORY_MESSAGES,
        description=f"Earlier turns, oldest first (at most {MAX_HISTORY_MESSAGES}).",
    )
    top_k: int | None = Field(
        default=None, ge=1, le=MAX_TOP_K, description="Passages to retrieve (server default)."
    )

    def messages(self) -> tuple[Message, ...]:
        return tuple(Message(role=m.role, content=m.content) for m in self.history)


class TextPart(BaseModel):
    """One part of an OpenAI message whose content is a list; only text is supported."""

    model_config = ConfigDict(extra="allow")

    type: Literal["text"] = Field(description='only "text" parts are supported')
    text: str


class CompletionMessageIn(BaseModel):
    """One message of an OpenAI Chat Completions request."""

    model_config = ConfigDict(extra="allow")  # name, tool_calls, ... are accepted and ignored

    # "developer" is OpenAI's newer name for "system"; both are ignored.
    role: Literal["user", "assistant", "system", "developer"]
    content: str | list[TextPart] | None = None

    def text(self) -> str:
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(part.text for part in self.content)


class ChatCompletionRequest(BaseModel):
    """Body of ``POST /v1/chat/completions`` (the parameters hkqa has no use for are ignored)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "model": MODEL_ID,
                    "messages": [{"role": "user", "content": "How much went to Web3 development?"}],
                }
            ]
        },
    )

    model: str = Field(default=MODEL_ID, max_length=200)
    messages: list[CompletionMessageIn] = Field(min_length=1, max_length=MAX_COMPLETION_MESSAGES)
    stream: bool = False
    stream_options: dict[str, object] | None = None
    top_k: int | None = Field(default=None, ge=1, le=MAX_TOP_K, description="hkqa extension")

    def include_usage_in_stream(self) -> bool:
        return bool(self.stream_options and self.stream_options.get("include_usage"))

    def split(self) -> tuple[str, tuple[Message, ...]]:
        """The question (the last user message) and the user/assistant turns before it.

        Raises ``ValueError`` when there is no user message or it is blank. The history is
        cut to its last :data:`MAX_HISTORY_MESSAGES` turns.
        """
        last_user = next(
            (i for i in range(len(self.messages) - 1, -1, -1) if self.messages[i].role == "user"),
            None,
        )
        if last_user is None:
            raise ValueError("must contain a user message (the question)")
        question = self.messages[last_user].text()
        if not question.strip():
            raise ValueError("the last user message must not be empty or blank")
        history = tuple(
            Message(role=m.role, content=m.text())
            for m in self.messages[:last_user]
            if m.role in ("user", "assistant")
        )
        return question, history[-MAX_HISTORY_MESSAGES:]


# --------------------------------------------------------------------------- responses


class CitationOut(BaseModel):
    """A supporting (or conflicting) sentence. Offsets index the document's cleaned text."""

    doc_id: str
    title: str
    sentence: str
    start: int = Field(description="offset of the sentence in the document")
    end: int
    answer_start: int | None = Field(description="offset of the answer span in the document")
    answer_end: int | None
    score: float
    answer: str | None = Field(default=None, description="the span text itself")


class PassageOut(BaseModel):
    """A retrieved passage, best first."""

    doc_id: str
    chunk_id: str
    text: str
    start: int
    end: int
    score: float
    bm25_rank: int | None
    dense_rank: int | None


class ChatResponse(BaseModel):
    """The answer to one question, with its evidence."""

    question: str
    resolved_question: str = Field(description="the question after follow-up resolution")
    answerable: bool
    answer: str
    confidence: float
    answer_type: str
    citations: list[CitationOut]
    conflicts: list[CitationOut] = Field(description="sources that give a different answer")
    passages: list[PassageOut]


class DocumentSummary(BaseModel):
    doc_id: str
    title: str
    metadata: dict[str, str]
    length: int = Field(description="characters of cleaned text")


class DocumentDetail(BaseModel):
    doc_id: str
    title: str
    text: str = Field(description="the cleaned text every offset indexes")
    metadata: dict[str, str]


class SearchResponse(BaseModel):
    query: str
    passages: list[PassageOut]


class HealthResponse(BaseModel):
    status: Literal["ok"]
    documents: int


# --------------------------------------------------------------------------- translation


def citation_out(citation: Citation) -> CitationOut:
    return CitationOut(
        doc_id=citation.doc_id,
        title=citation.title,
        sentence=citation.sentence,
        start=citation.start,
        end=citation.end,
        answer_start=citation.answer_start,
        answer_end=citation.answer_end,
        score=float(citation.score),
        answer=citation.answer,
    )


def passage_out(hit: Hit) -> PassageOut:
    return PassageOut(
        doc_id=hit.chunk.doc_id,
        chunk_id=hit.chunk.chunk_id,
        text=hit.chunk.text,
        start=hit.chunk.start,
        end=hit.chunk.end,
        score=float(hit.score),
        bm25_rank=hit.bm25_rank,
        dense_rank=hit.dense_rank,
    )


def chat_response(answer: Answer) -> ChatResponse:
    """The JSON shape of an :class:`~hkqa.types.Answer` (``POST /chat``, ``hkqa ask --json``)."""
    return ChatResponse(
        question=answer.question,
        resolved_question=answer.resolved_question,
        answerable=answer.answerable,
        answer=answer.answer,
        confidence=float(answer.confidence),
        answer_type=str(answer.answer_type),
        citations=[citation_out(c) for c in answer.citations],
        conflicts=[citation_out(c) for c in answer.conflicts],
        passages=[passage_out(h) for h in answer.passages],
    )


def document_summary(article: Article) -> DocumentSummary:
    return DocumentSummary(
        doc_id=article.doc_id,
        title=article.title,
        metadata=dict(article.metadata),
        length=len(article.text),
    )


def document_detail(article: Article) -> DocumentDetail:
    return DocumentDetail(
        doc_id=article.doc_id,
        title=article.title,
        text=article.text,
        metadata=dict(article.metadata),
    )


def _source_line(number: int, citation: Citation) -> str:
    sentence = " ".join(citation.sentence.split())
    title = " ".join(citation.title.split()) or citation.doc_id
    return f'[{number}] {title}: "{sentence}"'


def _refs(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def completion_text(answer: Answer) -> str:
    """The answer as chat text with numbered citations, e.g.::

        HK$50 million [1]

        [1] Hong Kong backs Web3: "The government allocated HK$50 million to Web3."

    Conflicting sources follow under their own heading, numbered on; a sentence listed both as
    a citation and as a conflict (the pipeline may repeat the primary claim among the
    conflicts) keeps one number. A refusal is the pipeline's message (or a default one).
    """
    if not answer.answerable:
        return answer.answer.strip() or REFUSAL_TEXT
    numbers: dict[tuple[str, int, int], int] = {}
    lines: dict[int, str] = {}

    def number(citation: Citation, *, claim: bool = False) -> int:
        key = (citation.doc_id, citation.start, citation.end)
        if key not in numbers:
            numbers[key] = n = len(numbers) + 1
            line = _source_line(n, citation)
            if claim and citation.answer:
                line += f" (says {citation.answer})"
            lines[n] = line
        return numbers[key]

    cited = list(dict.fromkeys(number(c) for c in answer.citations))
    disputed = [
        n for n in dict.fromkeys(number(c, claim=True) for c in answer.conflicts) if n not in cited
    ]
    text = answer.answer.strip()
    if cited:
        text += " " + _refs(cited)
    if answer.conflicts:
        text += "\n\nNote: the sources disagree" + (f" {_refs(disputed)}." if disputed else ".")
    parts = [text]
    if cited:
        parts.append("\n".join(lines[n] for n in cited))
    if disputed:
        parts.append("Conflicting sources:\n" + "\n".join(lines[n] for n in disputed))
    return "\n\n".join(parts)


# --------------------------------------------------------------------------- OpenAI responses


class CompletionMessageOut(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class CompletionChoice(BaseModel):
    index: int = 0
    message: CompletionMessageOut
    logprobs: None = None
    finish_reason: Literal["stop"] = "stop"


class Usage(BaseModel):
    """Rough token counts (about four characters a token); hkqa runs no generative model."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    """An OpenAI ``chat.completion``, plus the structured answer under ``hkqa``."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[CompletionChoice]
    usage: Usage
    hkqa: ChatResponse = Field(description="the full structured answer, with citations")


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "hkqa"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
