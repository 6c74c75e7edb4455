"""The OpenAI-compatible endpoints, driven by the official ``openai`` client against a real
uvicorn server (background thread, free loopback port) over a fake pipeline."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import openai
import pytest

from conftest_api import WEB3, FakePipeline
from hkqa.api import MAX_BODY_BYTES

QUESTION = "How much did the government allocate to Web3 development?"
NUMBERED_CITATION = re.compile(r"\[1\] .+: \".+\"")


@pytest.fixture(scope="module")
def client(base_url: str) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{base_url}/v1", api_key="test", max_retries=0, timeout=10.0) as c:
        yield c


def test_models_list(client: openai.OpenAI) -> None:
    assert [m.id for m in client.models.list()] == ["hkqa"]
    assert client.models.retrieve("hkqa").id == "hkqa"


def test_chat_completion(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model="hkqa",
        messages=[
            {"role": "system", "content": "Answer from the articles."},
            {"role": "user", "content": QUESTION},
        ],
    )
    assert completion.object == "chat.completion"
    assert completion.id.startswith("chatcmpl-")
    assert completion.model == "hkqa"
    assert completion.created > 0
    choice = completion.choices[0]
    assert choice.finish_reason == "stop"
    assert choice.message.role == "assistant"
    content = choice.message.content or ""
    assert "HK$50 million" in content
    assert "[1]" in content.splitlines()[0]  # the answer carries its citation number
    assert NUMBERED_CITATION.search(content)
    assert f"[1] {WEB3.title}: " in content
    assert completion.usage is not None and completion.usage.total_tokens > 0
    extra = completion.model_extra or {}
    assert extra["hkqa"]["answer"] == "HK$50 million"
    assert extra["hkqa"]["citations"][0]["doc_id"] == WEB3.doc_id


def test_chat_completion_streaming(client: openai.OpenAI) -> None:
    stream = client.chat.completions.create(
        model="hkqa", messages=[{"role": "user", "content": QUESTION}], stream=True
    )
    chunks = list(stream)
    assert len(chunks) >= 3
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert {c.id for c in chunks} == {chunks[0].id}
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    content = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert content.startswith("HK$50 million [1]")
    assert NUMBERED_CITATION.search(content)
    assert (chunks[-1].model_extra or {})["hkqa"]["citations"]


def test_streaming_matches_non_streaming(client: openai.OpenAI) -> None:
    messages: list[openai.types.chat.ChatCompletionMessageParam] = [
        {"role": "user", "content": "How much did the fireworks cost?"}
    ]
    whole = client.chat.completions.create(model="hkqa", messages=messages)
    streamed = "".join(
        c.choices[0].delta.content or ""
        for c in client.chat.completions.create(model="hkqa", messages=messages, stream=True)
        if c.choices
    )
    assert streamed == whole.choices[0].message.content
    assert "Conflicting sources:" in streamed


def test_history_and_text_parts(client: openai.OpenAI, pipeline: FakePipeline) -> None:
    completion = client.chat.completions.create(
        model="some-other-name",
        messages=[
            {"role": "user", "content": "Tell me about Web3 funding"},
            {"role": "assistant", "content": "HK$50 million [1]"},
            {"role": "user", "content": [{"type": "text", "text": "When was that allocated?"}]},
        ],
    )
    assert completion.model == "some-other-name"  # echoed
    question, history, _ = pipeline.calls[-1]
    assert question == "When was that allocated?"
    assert [m.role for m in history] == ["user", "assistant"]
    assert (completion.model_extra or {})["hkqa"]["resolved_question"] != question


def test_refusal_has_no_citations(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model="hkqa", messages=[{"role": "user", "content": "What is the population?"}]
    )
    content = completion.choices[0].message.content or ""
    assert content and "[1]" not in content
    assert (completion.model_extra or {})["hkqa"]["answerable"] is False


def test_errors_reach_the_client_and_the_server_goes_on(client: openai.OpenAI) -> None:
    with pytest.raises(openai.UnprocessableEntityError) as excinfo:
        client.chat.completions.create(model="hkqa", messages=[])
    assert "at least 1" in str(excinfo.value)
    with pytest.raises(openai.UnprocessableEntityError, match="user message"):
        client.chat.completions.create(model="hkqa", messages=[{"role": "system", "content": "hi"}])
    with pytest.raises(openai.UnprocessableEntityError, match="empty or blank"):
        client.chat.completions.create(
            model="hkqa", messages=[{"role": "user", "content": " "}], stream=True
        )
    with pytest.raises(openai.InternalServerError):
        client.chat.completions.create(
            model="hkqa", messages=[{"role": "user", "content": "explode"}]
        )
    ok = client.chat.completions.create(
        model="hkqa", messages=[{"role": "user", "content": QUESTION}]
    )
    assert "HK$50 million" in (ok.choices[0].message.content or "")


def test_raw_abuse_over_the_socket(base_url: str) -> None:
    """Garbage, oversized and chunked bodies over a real connection; then a normal request."""
    host_port = urlsplit(base_url)
    with socket.create_connection((host_port.hostname, host_port.port), timeout=5) as s:
        s.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        assert s.recv(1024).startswith(b"HTTP/1.1 400")

    with httpx.Client(base_url=base_url, timeout=10) as http:
        big = b"x" * (MAX_BODY_BYTES + 1)
        r = http.post("/chat", content=big, headers={"content-type": "application/json"})
        assert r.status_code == 413 and "too large" in r.json()["detail"]

        def chunks() -> Iterator[bytes]:
            yield b'{"question": "'
            for _ in range(20):
                yield b"y" * 8192
            yield b'"}'

        r = http.post("/chat", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413

        r = http.post("/chat", content=b"{{{", headers={"content-type": "application/json"})
        assert r.status_code == 422
        r = http.get("/health")
        assert r.status_code == 200 and r.json() == {"status": "ok", "documents": 2}
        r = http.post("/chat", json={"question": QUESTION})
        assert r.status_code == 200 and r.json()["answer"] == "HK$50 million"


def test_a_500_keeps_the_connection_open(base_url: str) -> None:
    """After an unexpected error the same keep-alive connection serves the next request
    (a server that closed it would reset a client reusing it)."""
    host_port = urlsplit(base_url)

    def request(question: str) -> bytes:
        body = json.dumps({"question": question}).encode()
        return (
            b"POST /chat HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )

    def read_response(s: socket.socket) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            assert chunk, "the server closed the connection"
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        length = int(
            next(
                line.split(b":")[1]
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
        )
        while len(rest) < length:
            chunk = s.recv(4096)
            assert chunk, "the server closed the connection"
            rest += chunk
        return head

    with socket.create_connection((host_port.hostname, host_port.port), timeout=5) as s:
        s.sendall(request("explode"))
        assert read_response(s).startswith(b"HTTP/1.1 500")
        s.sendall(request(QUESTION))
        assert read_response(s).startswith(b"HTTP/1.1 200")
