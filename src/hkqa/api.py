"""The HTTP service: ``hkqa serve``.

A thin layer that translates between HTTP and the :class:`~hkqa.pipeline.Pipeline`; it holds
no QA logic. Endpoints:

- ``POST /chat``: a question (with optional history) in, the structured answer out.
- ``GET /documents``, ``GET /documents/{doc_id}``, ``GET /search``, ``GET /health``.
- ``POST /v1/chat/completions`` and ``GET /v1/models``: OpenAI Chat Completions compatible,
  streaming included, so any OpenAI client can talk to hkqa.
- ``GET /``: the web chat page (static files under ``hkqa/static``); ``/docs``: OpenAPI.

The pipeline is loaded once, in the background, when the app starts (FastAPI lifespan);
``/health`` answers 503 until it is ready. Bodies over :data:`MAX_BODY_BYTES` are refused with
413 before parsing, bad input gets a 4xx JSON message, and anything unexpected a logged JSON 500.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import math
import re
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, cast

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hkqa.config import Settings
from hkqa.pipeline import Pipeline, QuestionError
from hkqa.schemas import (
    MAX_TOP_K,
    MODEL_ID,
    ChatCompletion,
    ChatCompletionRequest,
    ChatRequest,
    ChatResponse,
    CompletionChoice,
    CompletionMessageOut,
    DocumentDetail,
    DocumentSummary,
    HealthResponse,
    ModelCard,
    ModelList,
    SearchResponse,
    Usage,
    chat_response,
    completion_text,
    document_detail,
    document_summary,
    passage_out,
)
from hkqa.types import Answer, Article, Hit
from hkqa.types import Message as ChatMessage

__all__ = [
    "MAX_BODY_BYTES",
    "STATIC_DIR",
    "BodySizeLimitMiddleware",
    "create_app",
    "get_pipeline",
    "serve",
]

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
MAX_BODY_BYTES = 64 * 1024
MODEL_CREATED = 1_735_689_600  # 2025-01-01, a fixed "created" for the one model

# The page loads nothing from elsewhere and runs no inline script: say so to the browser.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


# --------------------------------------------------------------------------- the pipeline


class _SerializedPipeline:
    """Runs one pipeline call at a time: endpoints run in a thread pool, and the core makes
    no promise of thread safety."""

    def __init__(self, inner: Pipeline) -> None:
        self._inner = inner
        self._lock = threading.Lock()

    @property
    def documents(self) -> Mapping[str, Article]:
        return self._inner.documents

    def ask(
        self, question: str, *, history: Sequence[ChatMessage] = (), top_k: int | None = None
    ) -> Answer:
        with self._lock:
            return self._inner.ask(question, history=history, top_k=top_k)

    def search(self, query: str, *, k: int | None = None) -> list[Hit]:
        with self._lock:
            return self._inner.search(query, k=k)


def _default_loader() -> Callable[[Settings], Pipeline]:
    # Imported lazily: the wiring function pulls in the index and the encoders.
    module = importlib.import_module("hkqa.pipeline")
    name = "load_pipeline"
    loader = getattr(module, name, None)
    if loader is None:
        raise RuntimeError("hkqa.pipeline.load_pipeline is not available")
    return cast(Callable[[Settings], Pipeline], loader)


async def _load_pipeline(app: FastAPI, settings: Settings) -> None:
    started = time.perf_counter()
    try:
        pipeline = await asyncio.to_thread(lambda: _default_loader()(settings))
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # reported by /health; the server keeps running
        log.exception("could not load the pipeline")
        app.state.load_error = f"{type(exc).__name__}: {exc}"
        return
    app.state.pipeline = _SerializedPipeline(pipeline)
    log.info(
        "pipeline loaded: %d documents in %.1f s",
        len(pipeline.documents),
        time.perf_counter() - started,
    )


def get_pipeline(request: Request) -> Pipeline:
    """The loaded pipeline; 503 while it is still loading (or failed to load)."""
    pipeline: Pipeline | None = getattr(request.app.state, "pipeline", None)
    if pipeline is None:
        error = getattr(request.app.state, "load_error", None)
        detail = (
            f"the pipeline failed to load: {error}"
            if error
            else "the pipeline is still loading; try again in a few seconds"
        )
        raise HTTPException(status_code=503, detail=detail, headers={"Retry-After": "5"})
    return pipeline


PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]


def _settings(request: Request) -> Settings:
    return cast(Settings, request.app.state.settings)


SettingsDep = Annotated[Settings, Depends(_settings)]


# --------------------------------------------------------------------------- errors


def _invalid(loc: tuple[str | int, ...], msg: str, kind: str = "value_error") -> NoReturn:
    """Raise a 422 that looks like every other validation error."""
    raise RequestValidationError([{"type": kind, "loc": loc, "msg": msg}])


def _check_text(text: str, *, loc: tuple[str | int, ...], settings: Settings) -> str:
    if not text.strip():
        _invalid(loc, "must not be empty or blank")
    limit = settings.max_question_chars
    if len(text) > limit:
        _invalid(loc, f"must be at most {limit} characters (got {len(text)})", "string_too_long")
    return text.strip()


def _readable(error: Mapping[str, Any]) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    if loc and loc[0] in ("body", "query", "path", "header"):
        where, loc = loc[0], loc[1:]
    else:
        where = ""
    kind = str(error.get("type", ""))
    msg = str(error.get("msg", "invalid"))
    msg = msg.removeprefix("Value error, ")
    if kind == "json_invalid":
        reason = (error.get("ctx") or {}).get("error", "")
        pos = f" at position {loc[0]}" if loc else ""
        return f"malformed JSON{pos}: {reason}".rstrip(": ")
    if where == "body" and not loc and kind in ("missing", "model_attributes_type", "dict_type"):
        return "the request body must be a JSON object (Content-Type: application/json)"
    field = ".".join(loc) or where or "request"
    return f"{field}: {msg}"


def _error_body(request: Request, status: int, detail: Any, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": detail, **extra}
    if request.url.path.startswith("/v1/"):
        # OpenAI clients read error.message.
        body["error"] = {
            "message": detail if isinstance(detail, str) else json.dumps(detail),
            "type": "invalid_request_error" if status < 500 else "server_error",
            "param": None,
            "code": None,
        }
    return body


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return JSONResponse(
            _error_body(request, exc.status_code, exc.detail),
            status_code=exc.status_code,
            headers=dict(exc.headers or {}),
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors: list[dict[str, Any]] = [
            {
                "loc": list(e.get("loc", ())),
                "msg": _readable(e),
                "type": str(e.get("type", "")),
            }
            for e in exc.errors()
        ]
        detail = "; ".join(e["msg"] for e in errors) or "invalid request"
        return JSONResponse(_error_body(request, 422, detail, errors=errors), status_code=422)

    @app.exception_handler(QuestionError)
    async def question_error(request: Request, exc: QuestionError) -> Response:
        # The pipeline's own check of a question (the checks here normally catch it first).
        loc = ["query", "q"] if request.url.path == "/search" else ["body", "question"]
        detail = f"{loc[-1]}: {exc}"
        errors = [{"loc": loc, "msg": detail, "type": "value_error"}]
        return JSONResponse(_error_body(request, 422, detail, errors=errors), status_code=422)


class UnexpectedErrorMiddleware:
    """Anything unexpected becomes a logged JSON 500, and the connection stays usable.

    (A FastAPI ``exception_handler(Exception)`` answers from Starlette's outermost
    middleware, which then re-raises; uvicorn closes the connection, and a client that
    reuses it for its next request can meet a reset.)
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            request = Request(scope)
            log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
            if started:
                raise  # a stream already under way cannot become a 500
            body = _error_body(request, 500, "internal server error")
            await JSONResponse(body, status_code=500)(scope, receive, send)


class BodySizeLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with 413, before anything parses them.

    Checks ``Content-Length`` and also counts the bytes actually received (chunked bodies,
    lying headers). The body is buffered (it is small) and replayed to the app.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await self._refuse(scope, send, 400, "invalid Content-Length header")
                return
            if size > self.max_bytes:
                await self._refuse_too_large(scope, send)
                return
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left before sending its body
            body = message.get("body", b"")
            total += len(body)
            if total > self.max_bytes:
                await self._refuse_too_large(scope, send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break

        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()  # http.disconnect, for streaming responses

        await self.app(scope, replay, send)

    async def _refuse_too_large(self, scope: Scope, send: Send) -> None:
        await self._refuse(
            scope, send, 413, f"request body too large (limit {self.max_bytes} bytes)"
        )

    async def _refuse(self, scope: Scope, send: Send, status: int, detail: str) -> None:
        body: dict[str, Any] = {"detail": detail}
        if str(scope.get("path", "")).startswith("/v1/"):
            body["error"] = {
                "message": detail,
                "type": "invalid_request_error",
                "param": None,
                "code": None,
            }
        response = JSONResponse(body, status_code=status, headers={"Connection": "close"})

        async def no_body() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, no_body, send)


# --------------------------------------------------------------------------- OpenAI helpers


def _rough_tokens(text: str) -> int:
    return math.ceil(len(text) / 4) if text else 0


def _pieces(content: str) -> Iterator[str]:
    """Stream deltas: one word with its following white space at a time."""
    for piece in re.findall(r"\S*\s*", content):
        if piece:
            yield piece


def _sse(payload: Mapping[str, Any] | str) -> str:
    data = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return f"data: {data}\n\n"


def _stream_completion(
    *,
    completion_id: str,
    created: int,
    model: str,
    content: str,
    response: ChatResponse,
    usage: Usage | None,
) -> Iterator[str]:
    def chunk(delta: dict[str, str], finish_reason: str | None = None) -> dict[str, Any]:
        return {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [
                {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
            ],
        }

    yield _sse(chunk({"role": "assistant", "content": ""}))
    for piece in _pieces(content):
        yield _sse(chunk({"content": piece}))
    finish = chunk({}, "stop")
    finish["hkqa"] = response.model_dump(mode="json")
    yield _sse(finish)
    if usage is not None:  # stream_options.include_usage
        yield _sse(
            {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [],
                "usage": usage.model_dump(),
            }
        )
    yield _sse("[DONE]")


# --------------------------------------------------------------------------- the app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hkqa")
    except PackageNotFoundError:
        return "0.0.0"


def create_app(*, settings: Settings | None = None, pipeline: Pipeline | None = None) -> FastAPI:
    """The FastAPI app. With ``pipeline`` given it is used as is and nothing is loaded;
    otherwise ``hkqa.pipeline.load_pipeline(settings)`` runs in the background at start-up."""
    # model_validate rather than Settings(): same result, and type checkers without the
    # pydantic plugin accept it (config.py gives Field defaults positionally).
    settings = settings if settings is not None else Settings.model_validate({})

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task: asyncio.Task[None] | None = None
        if app.state.pipeline is None:
            task = asyncio.create_task(_load_pipeline(app, settings))
        try:
            yield
        finally:
            if task is not None and not task.done():
                task.cancel()

    app = FastAPI(
        title="hkqa",
        version=_version(),
        summary="Extractive question answering over news articles, with citations.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.pipeline = _SerializedPipeline(pipeline) if pipeline is not None else None
    app.state.load_error = None
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(UnexpectedErrorMiddleware)
    _install_error_handlers(app)

    error_responses: dict[int | str, dict[str, Any]] = {
        422: {"description": "Invalid request (the message says what is wrong)"},
        503: {"description": "The pipeline is still loading"},
    }

    # ---- QA

    @app.post("/chat", response_model=ChatResponse, responses=error_responses, tags=["qa"])
    def chat(body: ChatRequest, pipeline: PipelineDep, settings: SettingsDep) -> ChatResponse:
        """Answer a question, with the conversation so far for follow-ups."""
        question = _check_text(body.question, loc=("body", "question"), settings=settings)
        answer = pipeline.ask(question, history=body.messages(), top_k=body.top_k)
        return chat_response(answer)

    @app.get("/search", response_model=SearchResponse, responses=error_responses, tags=["qa"])
    def search(
        pipeline: PipelineDep,
        settings: SettingsDep,
        q: Annotated[str, Query(description="the query")],
        k: Annotated[
            int | None, Query(ge=1, le=MAX_TOP_K, description="passages to return")
        ] = None,
    ) -> SearchResponse:
        """Ranked passages for a query (retrieval only, no answer)."""
        query = _check_text(q, loc=("query", "q"), settings=settings)
        hits = pipeline.search(query, k=k)
        return SearchResponse(query=query, passages=[passage_out(h) for h in hits])

    # ---- documents

    @app.get("/documents", response_model=list[DocumentSummary], tags=["documents"])
    def documents(pipeline: PipelineDep) -> list[DocumentSummary]:
        """Every article of the corpus (without its text)."""
        return [document_summary(a) for a in pipeline.documents.values()]

    @app.get(
        "/documents/{doc_id:path}",
        response_model=DocumentDetail,
        responses={404: {"description": "Unknown doc_id"}},
        tags=["documents"],
    )
    def document(doc_id: str, pipeline: PipelineDep) -> DocumentDetail:
        """One article with its cleaned text (the text every offset indexes)."""
        article = pipeline.documents.get(doc_id)
        if article is None:
            raise HTTPException(status_code=404, detail=f"unknown doc_id {doc_id!r}")
        return document_detail(article)

    @app.get("/health", response_model=HealthResponse, responses=error_responses, tags=["ops"])
    def health(pipeline: PipelineDep) -> HealthResponse:
        """200 once the pipeline is loaded, 503 before."""
        return HealthResponse(status="ok", documents=len(pipeline.documents))

    # ---- OpenAI compatible

    @app.get("/v1/models", response_model=ModelList, tags=["openai"])
    def list_models() -> ModelList:
        return ModelList(data=[ModelCard(id=MODEL_ID, created=MODEL_CREATED)])

    @app.get("/v1/models/{model_id}", response_model=ModelCard, tags=["openai"])
    def get_model(model_id: str) -> ModelCard:
        if model_id != MODEL_ID:
            raise HTTPException(status_code=404, detail=f"unknown model {model_id!r}")
        return ModelCard(id=MODEL_ID, created=MODEL_CREATED)

    @app.post(
        "/v1/chat/completions",
        response_model=ChatCompletion,
        responses={
            **error_responses,
            200: {
                "description": "A chat.completion, or with stream=true server-sent "
                "chat.completion.chunk events ending with [DONE]",
                "content": {"text/event-stream": {}},
            },
        },
        tags=["openai"],
    )
    def chat_completions(
        body: ChatCompletionRequest, pipeline: PipelineDep, settings: SettingsDep
    ) -> Response | ChatCompletion:
        """OpenAI Chat Completions: the last user message is the question, the user and
        assistant messages before it the history; system messages are ignored."""
        try:
            question, history = body.split()
        except ValueError as exc:
            _invalid(("body", "messages"), str(exc))
        question = _check_text(question, loc=("body", "messages"), settings=settings)
        answer = pipeline.ask(question, history=history, top_k=body.top_k)
        response = chat_response(answer)
        content = completion_text(answer)
        prompt_tokens = sum(_rough_tokens(m.text()) for m in body.messages)
        completion_tokens = _rough_tokens(content)
        usage = Usage(
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=prompt_tokens + completion_tokens,
        )
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        if body.stream:
            return StreamingResponse(
                _stream_completion(
                    completion_id=completion_id,
                    created=created,
                    model=body.model,
                    content=content,
                    response=response,
                    usage=usage if body.include_usage_in_stream() else None,
                ),
                media_type="text/event-stream",
                headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
            )
        return ChatCompletion(
            id=completion_id,
            created=created,
            model=body.model,
            choices=[CompletionChoice(message=CompletionMessageOut(content=content))],
            usage=usage,
            hkqa=response,
        )

    # ---- the web page

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers=PAGE_HEADERS)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def serve(settings: Settings, *, host: str, port: int) -> None:
    """Run the service with uvicorn until interrupted (``hkqa serve``)."""
    import uvicorn

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    log.info("loading the pipeline in the background; /health answers 503 until it is ready")
    uvicorn.run(create_app(settings=settings), host=host, port=port, log_level="info")
