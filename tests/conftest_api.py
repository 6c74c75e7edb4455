"""Shared helpers for the HTTP tests (imported by test_api, test_openai_compat, test_web_page).

A fake :class:`~hkqa.pipeline.Pipeline` over two tiny inline articles with deterministic
answers, so the HTTP tests need neither the core's index nor torch; and a context manager that
runs an app with uvicorn in a background thread on a free loopback port.

The fake answers by finding the sentence sharing most words with the question and taking the
first amount or number in it as the span. A question containing "population" gets a refusal,
one containing "conflict" (or "fireworks") an answer with a conflicting source, and one
containing "explode" raises (to exercise the catch-all 500 handler).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import uvicorn
from fastapi import FastAPI

from hkqa.types import Answer, AnswerType, Article, Chunk, Citation, Hit, Message

WEB3 = Article(
    doc_id="web3-funding",
    title="Hong Kong backs Web3 start-ups",
    text=(
        "Hong Kong's technology sector keeps growing. "
        "The government allocated HK$50 million to Web3 development in 2023. "
        "More than 150 Web3 companies have set up at Cyberport. "
        "Officials expect further growth next year."
    ),
    metadata={"source": "test", "date": "2024-01-05"},
)
HARBOUR = Article(
    doc_id="harbour-festival",
    title="Harbour festival returns",
    text=(
        "The harbour festival drew 2 million visitors. "
        "Organisers said the fireworks cost HK$12 million. "
        "A later report said the fireworks cost HK$15 million."
    ),
    metadata={"source": "test"},
)
ARTICLES: dict[str, Article] = {a.doc_id: a for a in (WEB3, HARBOUR)}

_STOP = frozenset(
    "a an the how much many what which who when did does do was were is are to of in for "
    "and on at by it its that this there their they".split()
)
_SPAN = re.compile(r"HK\$\d+(?:\.\d+)?(?: (?:million|billion))?|\d[\d,]*(?: million)?")


@dataclass(frozen=True)
class _Sentence:
    article: Article
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]


def _sentences(article: Article) -> list[_Sentence]:
    out = []
    for m in re.finditer(r"[^.!?]+[.!?]", article.text):
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        out.append(_Sentence(article, start, m.end()))
    return out


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9$]+", text.lower()) if w not in _STOP and len(w) > 2}


def _citation(sentence: _Sentence, score: float) -> Citation:
    m = _SPAN.search(sentence.text)
    return Citation(
        doc_id=sentence.article.doc_id,
        title=sentence.article.title,
        sentence=sentence.text,
        start=sentence.start,
        end=sentence.end,
        answer_start=sentence.start + m.start() if m else None,
        answer_end=sentence.start + m.end() if m else None,
        score=score,
        answer=m.group() if m else None,
    )


def _hit(article: Article, rank: int, score: float) -> Hit:
    chunk = Chunk(
        chunk_id=f"{article.doc_id}#c0",
        doc_id=article.doc_id,
        sentence_indices=tuple(range(len(_sentences(article)))),
        start=0,
        end=len(article.text),
        text=article.text,
    )
    return Hit(chunk=chunk, score=score, bm25_rank=rank, dense_rank=rank, bm25_score=score)


@dataclass
class FakePipeline:
    """Implements the Pipeline protocol; records every call in ``calls``."""

    articles: Mapping[str, Article] = field(default_factory=lambda: dict(ARTICLES))
    calls: list[tuple[str, tuple[Message, ...], int | None]] = field(default_factory=list)

    @property
    def documents(self) -> Mapping[str, Article]:
        return self.articles

    def _ranked(self, text: str) -> list[tuple[int, _Sentence]]:
        words = _words(text)
        scored = [
            (len(words & _words(s.text)), s) for a in self.articles.values() for s in _sentences(a)
        ]
        return sorted((x for x in scored if x[0] > 0), key=lambda x: -x[0])

    def search(self, query: str, *, k: int | None = None) -> list[Hit]:
        if "explode" in query.lower():
            raise RuntimeError("the fake pipeline exploded")
        order: list[str] = []
        for _, s in self._ranked(query):
            if s.article.doc_id not in order:
                order.append(s.article.doc_id)
        order += [d for d in self.articles if d not in order]
        hits = [_hit(self.articles[d], rank, 1.0 / rank) for rank, d in enumerate(order, start=1)]
        return hits[: k or 5]

    def ask(
        self, question: str, *, history: Sequence[Message] = (), top_k: int | None = None
    ) -> Answer:
        self.calls.append((question, tuple(history), top_k))
        lowered = question.lower()
        if "explode" in lowered:
            raise RuntimeError("the fake pipeline exploded")
        resolved = question
        previous = [m.content for m in history if m.role == "user"]
        if previous and re.search(r"\b(it|that|they)\b", lowered):
            resolved = f"{question} ({previous[-1]})"
        passages = tuple(self.search(resolved, k=top_k))
        ranked = self._ranked(resolved)
        if "population" in lowered or not ranked:
            return Answer(
                question=question,
                resolved_question=resolved,
                answerable=False,
                answer="",
                confidence=0.05,
                answer_type=AnswerType.OTHER,
                passages=passages,
            )
        if "conflict" in lowered or "fireworks" in lowered:
            first, second = _sentences(HARBOUR)[1:3]
            cited, other = _citation(first, 0.71), _citation(second, 0.64)
            return Answer(
                question=question,
                resolved_question=resolved,
                answerable=True,
                answer=cited.answer or "",
                confidence=0.55,
                answer_type=AnswerType.MONEY,
                citations=(cited,),
                conflicts=(cited, other),  # like the core: the primary claim, then the rest
                passages=passages,
            )
        best = _citation(ranked[0][1], 0.9)
        return Answer(
            question=question,
            resolved_question=resolved,
            answerable=True,
            answer=best.answer or best.sentence,
            confidence=0.87,
            answer_type=AnswerType.MONEY if "HK$" in (best.answer or "") else AnswerType.OTHER,
            citations=(best,),
            passages=passages,
        )


@contextmanager
def serve_in_thread(app: FastAPI, *, start_timeout: float = 10.0) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free 127.0.0.1 port; yield its base URL.

    The socket is bound here (port 0), so there is no race for the port. Start-up waits at
    most ``start_timeout`` seconds; the server is asked to exit and joined on the way out.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, log_level="warning", lifespan="on", timeout_graceful_shutdown=2, access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"uvicorn-{port}", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + start_timeout
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("uvicorn exited during start-up")
            if time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start within {start_timeout} s")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def serve_fake_app(pipeline: FakePipeline) -> Iterator[str]:
    """The app over ``pipeline``, served by uvicorn on a free loopback port."""
    from hkqa.api import create_app
    from hkqa.config import Settings

    with serve_in_thread(create_app(settings=Settings(), pipeline=pipeline)) as url:
        yield url
