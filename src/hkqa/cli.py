"""The ``hkqa`` command: ingest, ask, chat, serve, eval.

A thin layer over :func:`hkqa.pipeline.load_pipeline`. Heavy modules load inside the
commands that need them, so ``hkqa ask`` starts fast. Bad input exits with code 2 and one
line on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from hkqa.config import Settings
    from hkqa.pipeline import QAPipeline
    from hkqa.types import Answer, Message

EXIT_USAGE = 2


def _fail(message: str) -> NoReturn:
    print(f"hkqa: error: {message}", file=sys.stderr)
    raise SystemExit(EXIT_USAGE)


def _settings(args: argparse.Namespace) -> Settings:
    from pydantic import ValidationError

    from hkqa.config import Settings

    overrides: dict[str, Any] = {}
    for name in ("corpus", "index"):
        value = getattr(args, name, None)
        if value is not None:
            overrides[f"{name}_dir"] = Path(value)
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        _fail(f"invalid setting {where}: {first.get('msg')}")


def _progress() -> Any:
    """A rich progress bar as a ``progress(stage, done, total)`` callback (stderr)."""
    from hkqa.progress import progress_bar

    bar = progress_bar("{task.description:<16}")
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if not bar.live.is_started:
            bar.start()
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    update.bar = bar  # type: ignore[attr-defined]
    return update


def _console(*, stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _load(args: argparse.Namespace, *, settings: Settings | None = None) -> QAPipeline:
    from hkqa.corpus import CorpusError
    from hkqa.index import IndexError_
    from hkqa.pipeline import load_pipeline

    settings = settings or _settings(args)
    progress = _progress()
    try:
        return load_pipeline(settings, progress=progress)
    except (IndexError_, CorpusError) as exc:
        _fail(str(exc))
    finally:
        if progress.bar.live.is_started:
            progress.bar.stop()


# -- ingest ---------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    from hkqa.corpus import CorpusError
    from hkqa.index import IndexError_
    from hkqa.pipeline import ensure_index

    settings = _settings(args)
    progress = _progress()
    try:
        data = ensure_index(settings, force=args.force, progress=progress)
    except (IndexError_, CorpusError) as exc:
        _fail(str(exc))
    finally:
        if progress.bar.live.is_started:
            progress.bar.stop()
    counts = data.manifest["counts"]
    print(
        f"index {data.path}: {counts['documents']} documents, {counts['sentences']} sentences, "
        f"{counts['chunks']} chunks (query encoder: {data.manifest['query_encoder']})"
    )
    return 0


# -- ask / chat -----------------------------------------------------------------------


def _answer_json(answer: Answer) -> dict[str, Any]:
    from hkqa.schemas import chat_response

    return chat_response(answer).model_dump(mode="json")


def render_answer(answer: Answer, *, console: Any, passages: bool = True) -> None:
    """Print an answer for people: the span highlighted in its sentence, then sources."""
    from rich.text import Text

    if not answer.answerable:
        console.print(Text(answer.answer, style="bold yellow"))
        if answer.resolved_question != answer.question:
            console.print(Text(f"(understood as: {answer.resolved_question})", style="dim"))
        return
    console.print(Text(answer.answer, style="bold green"))
    if answer.resolved_question != answer.question:
        console.print(Text(f"(understood as: {answer.resolved_question})", style="dim"))
    for n, cite in enumerate(answer.citations, 1):
        line = Text(f"[{n}] ")
        sentence = Text(cite.sentence)
        if cite.answer_start is not None and cite.answer_end is not None:
            sentence.stylize(
                "bold reverse", cite.answer_start - cite.start, cite.answer_end - cite.start
            )
        line.append_text(sentence)
        console.print(line)
        console.print(
            Text(f"    {cite.title} ({cite.doc_id}, chars {cite.start}-{cite.end})", style="dim")
        )
    if answer.conflicts:
        console.print(Text("Sources disagree:", style="bold red"))
        for cite in answer.conflicts:
            console.print(Text(f"  - {cite.answer}: {cite.title} ({cite.doc_id})", style="red"))
    if passages and answer.passages:
        console.print(Text("Supporting passages:", style="bold"))
        for hit in answer.passages:
            c = hit.chunk
            ranks = f"bm25 #{hit.bm25_rank or '-'}, dense #{hit.dense_rank or '-'}"
            console.print(Text(f"  {c.chunk_id} ({hit.score:.3f}; {ranks})", style="cyan"))
            console.print(
                Text(f"    {c.text[:240]}{'…' if len(c.text) > 240 else ''}", style="dim")
            )


def cmd_ask(args: argparse.Namespace) -> int:
    from hkqa.pipeline import QuestionError

    question = args.question
    if not question.strip():
        _fail("the question is empty")
    pipeline = _load(args)
    try:
        answer = pipeline.ask(question, top_k=args.top_k)
    except (QuestionError, ValueError) as exc:
        _fail(str(exc))
    if args.json:
        print(json.dumps(_answer_json(answer), ensure_ascii=False, indent=2))
    else:
        render_answer(answer, console=_console())
    return 0


CHAT_HELP = """Ask a question about the articles; follow-ups ("and how much did they raise?") work.
  :help     this help
  :reset    forget the conversation
  :sources  list the documents
  :quit     leave (also Ctrl-D)"""


def cmd_chat(args: argparse.Namespace) -> int:
    from hkqa.pipeline import QuestionError
    from hkqa.types import Message

    console = _console()
    pipeline = _load(args)
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history for input())
    history: list[Message] = []
    console.print("[bold]hkqa chat[/] - ask about the articles; :help for commands, :quit to leave")
    while True:
        try:
            line = input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return 0
        if not line:
            continue
        if line in {":q", ":quit", ":exit"}:
            return 0
        if line in {":h", ":help", "?"}:
            console.print(CHAT_HELP)
            continue
        if line == ":reset":
            history.clear()
            console.print("(conversation forgotten)")
            continue
        if line == ":sources":
            for doc in pipeline.documents.values():
                console.print(f"  {doc.doc_id}: {doc.title}")
            continue
        try:
            answer = pipeline.ask(line, history=history, top_k=args.top_k)
        except (QuestionError, ValueError) as exc:
            console.print(f"[red]{exc}[/]")
            continue
        render_answer(answer, console=console, passages=False)
        history += [Message("user", line), Message("assistant", answer.answer)]
    return 0


# -- serve / eval ---------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    from hkqa.api import serve

    settings = _settings(args)
    serve(settings, host=args.host or settings.host, port=args.port or settings.port)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from hkqa.evaluation import run_cli

    return run_cli(args, settings=_settings(args), load=lambda s: _load(args, settings=s))


# -- parser ---------------------------------------------------------------------------


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1 or n > 50:
        raise argparse.ArgumentTypeError(f"expected 1 to 50, got {n}")
    return n


def _port(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {value!r}") from None
    if not 1 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1-65535, got {n}")
    return n


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        _fail(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="hkqa", description="Question answering over news articles.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--corpus", help="corpus folder (default: corpus/, or HKQA_CORPUS_DIR)")
        p.add_argument("--index", help="index folder (default: index/, or HKQA_INDEX_DIR)")

    p = sub.add_parser("ingest", help="build the index from the corpus")
    common(p)
    p.add_argument("--force", action="store_true", help="rebuild even when the index is fresh")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="answer one question")
    common(p)
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the /chat response object")
    p.add_argument("--top-k", type=_positive, default=None, help="passages to show (1-50)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="interactive question prompt with follow-ups")
    common(p)
    p.add_argument("--top-k", type=_positive, default=None)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("serve", help="run the HTTP chat service and web page")
    common(p)
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=_port, default=None)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("eval", help="score retrieval and answers on a question set")
    common(p)
    p.add_argument("--questions", default="eval/questions.jsonl")
    p.add_argument("--mode", choices=["bm25", "dense", "hybrid", "all"], default="all")
    p.add_argument("--json", dest="json_out", default=None, help="write the report as JSON")
    p.add_argument("--plot", default=None, help="write a PNG comparing the modes")
    p.add_argument("--split", choices=["all", "tune", "test", "holdout"], default="all")
    p.set_defaults(func=cmd_eval)
    return parser


def _version() -> str:
    from hkqa import __version__

    return f"hkqa {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
