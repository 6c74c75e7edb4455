"""The HTTP layer (hkqa.api, hkqa.schemas) over a fake pipeline, with FastAPI's TestClient."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import hkqa.api as api
from conftest_api import ARTICLES, HARBOUR, WEB3, FakePipeline
from hkqa.api import MAX_BODY_BYTES, BodySizeLimitMiddleware, create_app, get_pipeline
from hkqa.config import Settings
from hkqa.pipeline import Pipeline, QuestionError
from hkqa.schemas import ChatResponse, chat_response, completion_text
from hkqa.types import Answer, AnswerType, Citation

QUESTION = "How much did the government allocate to Web3 development?"
CITATION_KEYS = {
    "doc_id",
    "title",
    "sentence",
    "start",
    "end",
    "answer_start",
    "answer_end",
    "score",
    "answer",
}
PASSAGE_KEYS = {"doc_id", "chunk_id", "text", "start", "end", "score", "bm25_rank", "dense_rank"}


@pytest.fixture
def fake() -> FakePipeline:
    return FakePipeline()


@pytest.fixture
def app(fake: FakePipeline) -> FastAPI:
    return create_app(settings=Settings(), pipeline=fake)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def assert_error(response: Any, status: int, *needles: str) -> dict[str, Any]:
    """A JSON error with a readable ``detail`` string mentioning every needle."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    for needle in needles:
        assert needle.lower() in body["detail"].lower(), body["detail"]
    return body


# --------------------------------------------------------------------------- POST /chat


def test_chat_answers_with_a_cited_span(client: TestClient) -> None:
    r = client.post("/chat", json={"question": QUESTION})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {
        "question",
        "resolved_question",
        "answerable",
        "answer",
        "confidence",
        "answer_type",
        "citations",
        "conflicts",
        "passages",
    }
    assert body["answerable"] is True
    assert body["answer"] == "HK$50 million"
    assert body["answer_type"] == "money"
    assert 0.0 <= body["confidence"] <= 1.0
    assert body["conflicts"] == []
    (citation,) = body["citations"]
    assert set(citation) == CITATION_KEYS
    assert citation["doc_id"] == WEB3.doc_id
    assert citation["title"] == WEB3.title
    # Offsets index the document's text: the sentence and the span are where they say.
    assert WEB3.text[citation["start"] : citation["end"]] == citation["sentence"]
    assert WEB3.text[citation["answer_start"] : citation["answer_end"]] == "HK$50 million"
    assert body["passages"]
    for passage in body["passages"]:
        assert set(passage) == PASSAGE_KEYS
    assert body["passages"][0]["doc_id"] == WEB3.doc_id
    assert body["passages"][0]["bm25_rank"] == 1


def test_chat_passes_history_and_top_k_to_the_pipeline(
    client: TestClient, fake: FakePipeline
) -> None:
    history = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": "HK$50 million"},
    ]
    r = client.post(
        "/chat", json={"question": "  And when was that?  ", "history": history, "top_k": 2}
    )
    assert r.status_code == 200, r.text
    question, passed_history, top_k = fake.calls[-1]
    assert question == "And when was that?"  # surrounding white space trimmed
    assert [(m.role, m.content) for m in passed_history] == [
        (h["role"], h["content"]) for h in history
    ]
    assert top_k == 2
    body = r.json()
    assert body["question"] == "And when was that?"
    assert body["resolved_question"] != body["question"]  # the fake resolved "that"
    assert len(body["passages"]) == 2


def test_chat_refusal(client: TestClient) -> None:
    r = client.post("/chat", json={"question": "What is the population of Hong Kong?"})
    assert r.status_code == 200
    body = r.json()
    assert body["answerable"] is False
    assert body["citations"] == [] and body["conflicts"] == []


def test_chat_conflict(client: TestClient) -> None:
    r = client.post("/chat", json={"question": "How much did it cost? conflict"})
    assert r.status_code == 200
    body = r.json()
    assert body["answerable"] is True
    assert body["answer"] == "HK$12 million"
    primary, conflict = body["conflicts"]
    assert primary == body["citations"][0]
    assert set(conflict) == CITATION_KEYS
    assert conflict["answer"] == "HK$15 million"
    assert HARBOUR.text[conflict["answer_start"] : conflict["answer_end"]] == "HK$15 million"


def test_chat_response_is_what_the_cli_prints(client: TestClient, fake: FakePipeline) -> None:
    """`hkqa ask --json` prints chat_response(answer).model_dump(mode="json")."""
    answer = fake.ask(QUESTION)
    r = client.post("/chat", json={"question": QUESTION})
    assert r.json() == chat_response(answer).model_dump(mode="json")
    assert ChatResponse.model_validate(r.json()) == chat_response(answer)


def test_chat_response_handles_missing_span() -> None:
    citation = Citation(
        doc_id="d", title="T", sentence="S.", start=0, end=2,
        answer_start=None, answer_end=None, score=0.5,
    )  # fmt: skip
    answer = Answer(
        question="q", resolved_question="q", answerable=True, answer="S.", confidence=0.5,
        answer_type=AnswerType.OTHER, citations=(citation,),
    )  # fmt: skip
    dumped = chat_response(answer).model_dump(mode="json")
    assert dumped["citations"][0]["answer_start"] is None
    assert dumped["citations"][0]["answer"] is None
    assert dumped["answer_type"] == "other"


LONG = "x" * 2001


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        ({"question": ""}, "question: must not be empty or blank"),
        ({"question": "   \n\t "}, "question: must not be empty or blank"),
        ({"question": LONG}, "at most 2000 characters"),
        ({"question": 42}, "question: input should be a valid string"),
        ({"question": None}, "question"),
        ({"question": ["a"]}, "question"),
        ({}, "question: field required"),
        ({"question": "hi", "history": "nope"}, "history"),
        ({"question": "hi", "history": [{"role": "robot", "content": "x"}]}, "history.0.role"),
        ({"question": "hi", "history": [{"role": "user"}]}, "history.0.content"),
        ({"question": "hi", "history": [{"role": "user", "content": 1}]}, "history.0.content"),
        (
            {"question": "hi", "history": [{"role": "user", "content": "x"}] * 51},
            "history: list should have at most 50 items",
        ),
        ({"question": "hi", "top_k": 0}, "top_k: input should be greater than or equal to 1"),
        ({"question": "hi", "top_k": 51}, "top_k: input should be less than or equal to 50"),
        ({"question": "hi", "top_k": "five"}, "top_k"),
        ({"question": "hi", "top_k": 2.5}, "top_k"),
        ({"question": "hi", "topk": 3}, "topk: extra inputs are not permitted"),
    ],
)
def test_chat_rejects_bad_input_with_422(
    client: TestClient, fake: FakePipeline, payload: dict[str, Any], needle: str
) -> None:
    r = client.post("/chat", json=payload)
    body = assert_error(r, 422, needle)
    assert body["errors"] and all({"loc", "msg", "type"} <= set(e) for e in body["errors"])
    assert fake.calls == []  # nothing reached the pipeline


def test_chat_question_at_the_limit_is_accepted(client: TestClient) -> None:
    assert client.post("/chat", json={"question": "x" * 2000}).status_code == 200


def test_chat_history_of_fifty_is_accepted(client: TestClient) -> None:
    history = [{"role": "user", "content": "x"}] * 50
    r = client.post("/chat", json={"question": QUESTION, "history": history})
    assert r.status_code == 200


def test_question_limit_follows_the_settings(fake: FakePipeline) -> None:
    app = create_app(settings=Settings(max_question_chars=10), pipeline=fake)
    with TestClient(app) as c:
        assert c.post("/chat", json={"question": "x" * 10}).status_code == 200
        assert_error(c.post("/chat", json={"question": "x" * 11}), 422, "at most 10")
        assert_error(c.get("/search", params={"q": "x" * 11}), 422, "q: must be at most 10")


@pytest.mark.parametrize(
    ("content", "headers", "needle"),
    [
        (b'{"question": ', {"content-type": "application/json"}, "malformed json"),
        (b"{'question': 'hi'}", {"content-type": "application/json"}, "malformed json"),
        (b'["a list"]', {"content-type": "application/json"}, "must be a json object"),
        (b'"a string"', {"content-type": "application/json"}, "must be a json object"),
        (b'{"question": "hi"}', {"content-type": "text/plain"}, "must be a json object"),
        (b"", {"content-type": "application/json"}, "must be a json object"),
        (b"\xff\xfe\x00", {"content-type": "application/json"}, ""),
    ],
)
def test_malformed_bodies_are_4xx(
    client: TestClient, content: bytes, headers: dict[str, str], needle: str
) -> None:
    r = client.post("/chat", content=content, headers=headers)
    assert 400 <= r.status_code < 500, r.text
    assert needle in r.json()["detail"].lower()


# --------------------------------------------------------------------------- body size


def test_too_large_body_is_413_by_content_length(client: TestClient, fake: FakePipeline) -> None:
    payload = json.dumps({"question": "x" * (MAX_BODY_BYTES + 10)}).encode()
    r = client.post("/chat", content=payload, headers={"content-type": "application/json"})
    assert_error(r, 413, "too large")
    assert fake.calls == []


def test_too_large_chunked_body_is_413(client: TestClient, fake: FakePipeline) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the middleware counts
        yield b'{"question": "'
        for _ in range(10):
            yield b"x" * 8192
        yield b'"}'

    r = client.post("/chat", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in {k.lower() for k in r.request.headers}
    assert_error(r, 413, "too large")
    assert fake.calls == []


def test_body_under_the_limit_in_chunks_is_accepted(client: TestClient) -> None:
    body = json.dumps({"question": QUESTION}).encode()

    def chunks() -> Iterator[bytes]:
        for i in range(0, len(body), 7):
            yield body[i : i + 7]

    r = client.post("/chat", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.json()["answer"] == "HK$50 million"


def test_middleware_counts_bytes_whatever_the_header_says() -> None:
    """A Content-Length that lies low does not let a big body through."""
    import anyio
    from starlette.types import Message, Receive, Scope, Send

    reached: list[bool] = []

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:  # pragma: no cover
        reached.append(True)

    middleware = BodySizeLimitMiddleware(inner, max_bytes=100)
    messages: list[Message] = [{"type": "http.request", "body": b"x" * 60, "more_body": True}] * 3
    sent: list[Message] = []

    async def receive() -> Message:
        return messages.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {
        "type": "http",
        "method": "POST",
        "path": "/chat",
        "headers": [(b"content-length", b"10")],
    }
    anyio.run(middleware, scope, receive, send)
    assert reached == []
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 413


def test_invalid_content_length_is_400(client: TestClient) -> None:
    scope_headers = {"content-type": "application/json", "content-length": "abc"}
    r = client.post("/chat", content=b'{"question": "hi"}', headers=scope_headers)
    assert r.status_code in (400, 413)


# --------------------------------------------------------------------------- documents


def test_documents_list(client: TestClient) -> None:
    r = client.get("/documents")
    assert r.status_code == 200
    docs = r.json()
    assert [d["doc_id"] for d in docs] == list(ARTICLES)
    for d in docs:
        article = ARTICLES[d["doc_id"]]
        assert d == {
            "doc_id": article.doc_id,
            "title": article.title,
            "metadata": article.metadata,
            "length": len(article.text),
        }


def test_document_detail(client: TestClient) -> None:
    r = client.get(f"/documents/{WEB3.doc_id}")
    assert r.status_code == 200
    assert r.json() == {
        "doc_id": WEB3.doc_id,
        "title": WEB3.title,
        "text": WEB3.text,
        "metadata": WEB3.metadata,
    }


@pytest.mark.parametrize("doc_id", ["nope", "%3Cscript%3E", "web3-funding%20", "..%2F..%2Fetc"])
def test_unknown_document_is_404_json(client: TestClient, doc_id: str) -> None:
    assert_error(client.get(f"/documents/{doc_id}"), 404, "unknown doc_id")


# --------------------------------------------------------------------------- search


def test_search_returns_ranked_passages(client: TestClient, fake: FakePipeline) -> None:
    r = client.get("/search", params={"q": "fireworks festival"})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "fireworks festival"
    assert [p["doc_id"] for p in body["passages"]] == [HARBOUR.doc_id, WEB3.doc_id]
    for p in body["passages"]:
        assert set(p) == PASSAGE_KEYS
    assert fake.calls == []  # retrieval only, no answering


def test_search_k(client: TestClient) -> None:
    r = client.get("/search", params={"q": "Web3", "k": 1})
    assert r.status_code == 200
    assert len(r.json()["passages"]) == 1


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({}, "q: field required"),
        ({"q": ""}, "q: must not be empty or blank"),
        ({"q": "   "}, "q: must not be empty or blank"),
        ({"q": "x" * 2001}, "q: must be at most 2000"),
        ({"q": "web3", "k": 0}, "k: input should be greater than or equal to 1"),
        ({"q": "web3", "k": 51}, "k: input should be less than or equal to 50"),
        ({"q": "web3", "k": "many"}, "k: input should be a valid integer"),
        ({"q": "web3", "k": -3}, "k:"),
    ],
)
def test_search_rejects_bad_parameters(
    client: TestClient, params: dict[str, Any], needle: str
) -> None:
    assert_error(client.get("/search", params=params), 422, needle)


# --------------------------------------------------------------------------- health, loading


def test_health_when_loaded(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "documents": 2}


def test_health_is_503_until_the_pipeline_is_loaded(
    monkeypatch: pytest.MonkeyPatch, fake: FakePipeline
) -> None:
    release = threading.Event()
    loaded_with: list[Settings] = []

    def load(settings: Settings) -> Pipeline:
        loaded_with.append(settings)
        assert release.wait(10)
        return fake

    monkeypatch.setattr(api, "_default_loader", lambda: load)
    settings = Settings(top_k=3)
    app = create_app(settings=settings)
    with TestClient(app) as c:  # runs the lifespan, which starts loading
        r = c.get("/health")
        assert_error(r, 503, "loading")
        assert r.headers["retry-after"] == "5"
        assert_error(c.post("/chat", json={"question": QUESTION}), 503, "loading")
        assert_error(c.get("/documents"), 503, "loading")
        assert c.get("/").status_code == 200  # the page itself is there while loading
        release.set()
        deadline = time.monotonic() + 10
        while (r := c.get("/health")).status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert r.json() == {"status": "ok", "documents": 2}
        assert c.post("/chat", json={"question": QUESTION}).status_code == 200
    assert loaded_with == [settings]


def test_health_reports_a_failed_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def load(settings: Settings) -> Pipeline:
        raise FileNotFoundError("corpus folder corpus does not exist")

    monkeypatch.setattr(api, "_default_loader", lambda: load)
    with TestClient(create_app(settings=Settings())) as c:
        deadline = time.monotonic() + 10
        while "failed" not in c.get("/health").json()["detail"]:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert_error(c.get("/health"), 503, "failed to load", "corpus folder")
        assert_error(c.get("/documents"), 503, "failed to load")


def test_given_pipeline_is_used_without_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> Any:
        raise AssertionError("must not load when a pipeline is given")

    monkeypatch.setattr(api, "_default_loader", fail)
    with TestClient(create_app(pipeline=FakePipeline())) as c:
        assert c.get("/health").json() == {"status": "ok", "documents": 2}


def test_get_pipeline_dependency_can_be_overridden(app: FastAPI) -> None:
    other = FakePipeline(articles={WEB3.doc_id: WEB3})
    app.dependency_overrides[get_pipeline] = lambda: other
    with TestClient(app) as c:
        assert c.get("/health").json()["documents"] == 1
        assert len(c.get("/documents").json()) == 1
        assert c.post("/chat", json={"question": QUESTION}).status_code == 200
    assert other.calls


# --------------------------------------------------------------------------- errors, robustness


def test_pipeline_crash_is_a_json_500_and_the_server_goes_on(client: TestClient) -> None:
    r = client.post("/chat", json={"question": "please explode"})
    assert_error(r, 500, "internal server error")
    assert "exploded" not in r.text  # no internals leak
    assert_error(client.get("/search", params={"q": "explode"}), 500, "internal server error")
    assert client.post("/chat", json={"question": QUESTION}).status_code == 200


def test_server_keeps_answering_after_bad_requests(client: TestClient) -> None:
    bad = [
        client.post("/chat", content=b"{", headers={"content-type": "application/json"}),
        client.post("/chat", json={"question": ""}),
        client.post("/chat", json={"question": "x" * 5000}),
        client.post("/chat", content=b"x" * (MAX_BODY_BYTES + 1)),
        client.get("/search", params={"q": "web3", "k": 999}),
        client.get("/documents/missing"),
        client.post("/chat", json={"question": "explode"}),
        client.post("/v1/chat/completions", json={"messages": []}),
    ]
    assert [r.status_code for r in bad] == [422, 422, 422, 413, 422, 404, 500, 422]
    r = client.post("/chat", json={"question": QUESTION})
    assert r.status_code == 200 and r.json()["answer"] == "HK$50 million"


def test_unknown_route_and_wrong_method_are_json(client: TestClient) -> None:
    assert_error(client.get("/nowhere"), 404, "not found")
    assert_error(client.get("/chat"), 405, "method not allowed")
    assert_error(client.delete("/documents"), 405)


# --------------------------------------------------------------------------- docs, page


def test_openapi_docs(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    for path in ("/chat", "/documents", "/documents/{doc_id}", "/search", "/health"):
        assert path in spec["paths"]
    assert "/v1/chat/completions" in spec["paths"]


def test_web_page_is_served(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    html = r.text
    assert '<label for="question"' in html
    assert 'aria-live="polite"' in html
    assert "http://" not in html and "https://" not in html  # no CDN, no external fonts
    for asset in ("/static/app.js", "/static/style.css"):
        assert asset in html
        res = client.get(asset)
        assert res.status_code == 200, asset
        assert "http://" not in res.text and "https://" not in res.text
    assert client.get("/static/missing.js").status_code == 404


def test_web_page_never_uses_innerhtml() -> None:
    js = (Path(api.__file__).parent / "static" / "app.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in js, sink


# --------------------------------------------------------------------------- OpenAI shape


def test_completions_non_streaming(client: TestClient, fake: FakePipeline) -> None:
    r = client.post(
        "/v1/chat/completions",
        json={
            "model": "my-model",
            "messages": [
                {"role": "system", "content": "You are helpful."},
                {"role": "user", "content": "Tell me about Cyberport"},
                {"role": "assistant", "content": "More than 150 companies."},
                {"role": "user", "content": [{"type": "text", "text": QUESTION}]},
            ],
            "temperature": 0.2,
            "max_tokens": 50,
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"].startswith("chatcmpl-")
    assert body["object"] == "chat.completion"
    assert isinstance(body["created"], int)
    assert body["model"] == "my-model"
    (choice,) = body["choices"]
    assert choice["index"] == 0 and choice["finish_reason"] == "stop"
    assert choice["message"]["role"] == "assistant"
    content = choice["message"]["content"]
    assert content.startswith("HK$50 million [1]")
    assert f'[1] {WEB3.title}: "The government allocated HK$50 million' in content
    usage = body["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"] > 0
    assert body["hkqa"]["answer"] == "HK$50 million"
    assert body["hkqa"]["citations"][0]["doc_id"] == WEB3.doc_id
    question, history, _ = fake.calls[-1]
    assert question == QUESTION
    assert [(m.role, m.content) for m in history] == [
        ("user", "Tell me about Cyberport"),
        ("assistant", "More than 150 companies."),
    ]  # the system message is ignored


def test_completions_streaming_over_testclient(client: TestClient) -> None:
    payload = {"messages": [{"role": "user", "content": QUESTION}], "stream": True}
    with client.stream("POST", "/v1/chat/completions", json=payload) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in r.iter_lines() if line]
    assert all(line.startswith("data: ") for line in lines)
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(line.removeprefix("data: ")) for line in lines[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert len({c["id"] for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["choices"][0]["delta"] == {}
    assert chunks[-1]["hkqa"]["answer"] == "HK$50 million"
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert text.startswith("HK$50 million [1]")
    assert "\n\n[1] " in text
    assert all(c["choices"][0]["finish_reason"] is None for c in chunks[:-1])


def test_completions_stream_usage_on_request(client: TestClient) -> None:
    payload = {
        "messages": [{"role": "user", "content": QUESTION}],
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    with client.stream("POST", "/v1/chat/completions", json=payload) as r:
        lines = [line for line in r.iter_lines() if line]
    usage_chunk = json.loads(lines[-2].removeprefix("data: "))
    assert usage_chunk["choices"] == []
    assert usage_chunk["usage"]["total_tokens"] > 0


def test_completion_text_for_refusal_and_conflict(fake: FakePipeline) -> None:
    refusal = completion_text(fake.ask("What is the population?"))
    assert "[1]" not in refusal and refusal
    conflict = completion_text(fake.ask("How much did the fireworks cost? conflict"))
    assert conflict.startswith("HK$12 million [1]")
    assert "Conflicting sources:\n[2] " in conflict
    assert "HK$15 million" in conflict


def test_completion_text_numbers_each_source_once() -> None:
    def cite(doc: str, start: int, answer: str) -> Citation:
        return Citation(
            doc_id=doc, title=doc.title(), sentence=f"It cost {answer}.", start=start,
            end=start + 10, answer_start=start + 8, answer_end=start + 9, score=0.5,
            answer=answer,
        )  # fmt: skip

    a, b, c = cite("a", 0, "1"), cite("b", 5, "2"), cite("c", 9, "3")
    answer = Answer(
        question="q", resolved_question="q", answerable=True, answer="1", confidence=0.5,
        answer_type=AnswerType.COUNT, citations=(a, a), conflicts=(a, b, c, b),
    )  # fmt: skip
    text = completion_text(answer)
    assert text.splitlines()[0] == "1 [1]"
    assert "Note: the sources disagree [2][3]." in text
    assert text.count("[1] A:") == 1
    assert 'Conflicting sources:\n[2] B: "It cost 2." (says 2)\n[3] C:' in text


class _StrictPipeline(FakePipeline):
    """Raises the core's QuestionError, as the real pipeline does for unusable questions."""

    def ask(self, question: str, **kwargs: Any) -> Answer:
        raise QuestionError("the question is empty")

    def search(self, query: str, *, k: int | None = None) -> list[Any]:
        raise QuestionError("the question is empty")


def test_pipeline_question_error_is_422() -> None:
    with TestClient(create_app(pipeline=_StrictPipeline())) as c:
        assert_error(c.post("/chat", json={"question": "hi"}), 422, "question: the question")
        assert_error(c.get("/search", params={"q": "hi"}), 422, "q: the question is empty")
        r = c.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "x"}]})
        assert assert_error(r, 422)["error"]["type"] == "invalid_request_error"


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        ({"messages": []}, "messages: list should have at least 1 item"),
        ({}, "messages: field required"),
        ({"messages": [{"role": "system", "content": "hi"}]}, "must contain a user message"),
        ({"messages": [{"role": "user", "content": "  "}]}, "must not be empty or blank"),
        ({"messages": [{"role": "user", "content": "x" * 2001}]}, "at most 2000"),
        ({"messages": [{"role": "wizard", "content": "hi"}]}, "messages.0.role"),
        ({"messages": [{"role": "user", "content": 5}]}, "messages.0.content"),
        (
            {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]},
            "messages.0.content",
        ),
        ({"messages": "hello"}, "messages"),
        ({"messages": [{"role": "user", "content": "hi"}], "stream": "yes please"}, "stream"),
        ({"messages": [{"role": "user", "content": "hi"}], "top_k": 0}, "top_k"),
    ],
)
def test_completions_reject_bad_input(
    client: TestClient, payload: dict[str, Any], needle: str
) -> None:
    body = assert_error(client.post("/v1/chat/completions", json=payload), 422, needle)
    assert body["error"]["type"] == "invalid_request_error"  # what OpenAI clients read
    assert needle.lower() in body["error"]["message"].lower()


def test_models(client: TestClient) -> None:
    r = client.get("/v1/models")
    assert r.status_code == 200
    body = r.json()
    assert body["object"] == "list"
    assert [m["id"] for m in body["data"]] == ["hkqa"]
    assert body["data"][0]["object"] == "model"
    assert client.get("/v1/models/hkqa").json()["id"] == "hkqa"
    assert_error(client.get("/v1/models/gpt-4"), 404, "unknown model")
