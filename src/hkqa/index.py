"""Build, persist and load the hybrid index.

Layout of ``index/``::

    index/CURRENT            the build id in use (replaced atomically with os.replace)
    index/<build-id>/        one complete build: manifest.json, documents.json,
                             sentences.json, chunks.json, tokens.json,
                             chunks.faiss, sentences.npy
    index/.tmp-*             a build in progress (or left by a crash; removed later)

A build is written to a temporary folder, renamed into place, and only then named in
``CURRENT``; a crash at any point leaves the previous build in use. Loading compares the
manifest with the corpus and settings; a stale index is rebuilt or reported, never used
silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hkqa.config import Settings, resolve_model_path
from hkqa.corpus import corpus_files, corpus_hash, load_article
from hkqa.encoders import Encoder
from hkqa.splitting import leans_on_context, make_chunks, split_sentences
from hkqa.tokenize import Tokenizer, tokenize
from hkqa.types import Article, Chunk, Sentence

__all__ = [
    "FORMAT_VERSION",
    "IndexData",
    "IndexError_",
    "ProgressFn",
    "build_index",
    "current_build",
    "load_index",
    "stale_reasons",
]

FORMAT_VERSION = 3  # 3: a sentence leaning on its context is embedded with the next one too
CURRENT_FILE = "CURRENT"
VERIFY_SAMPLE = 8  # texts compared between the reference and the fast query encoder
VERIFY_TOLERANCE = 1e-3  # max abs difference per dimension of unit vectors
ENCODE_BATCH = 64

ProgressFn = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while building."""


class IndexError_(RuntimeError):
    """The index is missing, stale or unreadable; the message says what to run."""


@dataclass(frozen=True, slots=True)
class IndexData:
    path: Path
    manifest: dict[str, Any]
    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]  # all documents, in document order
    chunks: tuple[Chunk, ...]
    chunk_tokens: tuple[tuple[str, ...], ...]
    sentence_tokens: tuple[tuple[str, ...], ...]
    chunk_index: Any  # faiss.Index over normalised chunk vectors (inner product)
    sentence_vectors: np.ndarray
    context_vectors: np.ndarray  # each sentence embedded with the one before it


def _library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("hkqa", "numpy", "faiss-cpu", "rank-bm25", "sentence-transformers", "torch"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def model_fingerprint(model: str) -> str:
    """Cheap identity of a model folder: its config and weight file sizes."""
    try:
        path = Path(resolve_model_path(model))
    except ValueError:
        return "unresolved"
    if not path.is_dir():
        return f"name:{model}"
    digest = hashlib.sha256()
    for name in ("config.json", "modules.json", "tokenizer.json"):
        file = path / name
        if file.is_file():
            digest.update(file.read_bytes())
    for file in sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin")):
        digest.update(f"{file.name}:{file.stat().st_size}".encode())
    return digest.hexdigest()[:16]


def current_build(index_dir: Path) -> Path | None:
    marker = index_dir / CURRENT_FILE
    try:
        build_id = marker.read_text().strip()
    except OSError:
        return None
    path = index_dir / build_id
    return path if build_id and (path / "manifest.json").is_file() else None


def stale_reasons(manifest: dict[str, Any], *, settings: Settings) -> list[str]:
    """Why an index no longer matches the corpus and settings (empty when it does)."""
    reasons = []
    if manifest.get("format") != FORMAT_VERSION:
        reasons.append(f"index format {manifest.get('format')} != {FORMAT_VERSION}")
    if manifest.get("tokenizer") != Tokenizer.name:
        reasons.append(f"tokenizer changed ({manifest.get('tokenizer')} -> {Tokenizer.name})")
    if manifest.get("settings") != settings.index_settings():
        reasons.append("index settings changed")
    if manifest.get("model_fingerprint") != model_fingerprint(settings.model):
        reasons.append("embedding model changed")
    try:
        files = corpus_files(settings.corpus_dir)
        digest = corpus_hash(files, settings.corpus_dir)
    except ValueError as exc:
        reasons.append(str(exc))
    else:
        if manifest.get("corpus_hash") != digest:
            reasons.append("corpus changed")
    return reasons


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _encode(
    encoder: Encoder, texts: Sequence[str], stage: str, progress: ProgressFn | None
) -> np.ndarray:
    parts = []
    for i in range(0, len(texts), ENCODE_BATCH):
        parts.append(encoder.encode(texts[i : i + ENCODE_BATCH]))
        if progress:
            progress(stage, min(i + ENCODE_BATCH, len(texts)), len(texts))
    if not parts:
        return np.zeros((0, 1), dtype=np.float32)
    return np.ascontiguousarray(np.vstack(parts), dtype=np.float32)


def _verify_query_encoder(
    reference: np.ndarray, texts: Sequence[str], candidate: Encoder | None
) -> str:
    """'fast' when the torch-free encoder reproduces the reference vectors, else 'reference'."""
    if candidate is None or not texts:
        return "reference"
    try:
        got = candidate.encode(list(texts))
    except Exception:  # unsupported architecture, missing files: use the reference
        return "reference"
    if got.shape != reference.shape:
        return "reference"
    return "fast" if float(np.abs(got - reference).max()) <= VERIFY_TOLERANCE else "reference"


def build_index(
    settings: Settings,
    *,
    encoder: Encoder,
    query_encoder: Encoder | None = None,
    progress: ProgressFn | None = None,
) -> Path:
    """Build the index for ``settings.corpus_dir`` into ``settings.index_dir``.

    ``encoder`` embeds the corpus; ``query_encoder`` (optional) is the fast encoder to
    verify against it. Returns the new build's folder.
    """
    import faiss

    corpus_dir, index_dir = settings.corpus_dir, settings.index_dir
    files = corpus_files(corpus_dir)
    if not files:
        raise IndexError_(f"corpus folder {corpus_dir} has no .txt, .md or .html articles")
    digest = corpus_hash(files, corpus_dir)

    articles: list[Article] = []
    for i, path in enumerate(files, 1):
        articles.append(load_article(path, root=corpus_dir))
        if progress:
            progress("read", i, len(files))
    ids = [a.doc_id for a in articles]
    if len(set(ids)) != len(ids):
        dupes = sorted({d for d in ids if ids.count(d) > 1})
        raise IndexError_(f"two corpus files map to the same doc_id: {', '.join(dupes)}")

    sentences: list[Sentence] = []
    chunks: list[Chunk] = []
    for article in articles:
        doc_sentences = split_sentences(article.text, doc_id=article.doc_id)
        sentences.extend(doc_sentences)
        chunks.extend(
            make_chunks(
                article.text,
                doc_sentences,
                size=settings.chunk_size,
                overlap=settings.chunk_overlap,
                doc_id=article.doc_id,
            )
        )
    chunk_vectors = _encode(encoder, [c.text for c in chunks], "embed chunks", progress)
    sentence_vectors = _encode(encoder, [s.text for s in sentences], "embed sentences", progress)
    context_vectors = _encode(encoder, _with_previous(sentences), "embed contexts", progress)
    sample = [s.text for s in sentences[:VERIFY_SAMPLE]]
    query_mode = _verify_query_encoder(sentence_vectors[: len(sample)], sample, query_encoder)

    index_dir.mkdir(parents=True, exist_ok=True)
    build_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    tmp = index_dir / f".tmp-{build_id}"
    tmp.mkdir()
    try:
        manifest = {
            "format": FORMAT_VERSION,
            "build_id": build_id,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "model": settings.model,
            "model_fingerprint": model_fingerprint(settings.model),
            "dimension": int(chunk_vectors.shape[1]),
            "query_encoder": query_mode,
            "tokenizer": Tokenizer.name,
            "settings": settings.index_settings(),
            "corpus_hash": digest,
            "corpus_files": [p.relative_to(corpus_dir).as_posix() for p in files],
            "counts": {
                "documents": len(articles),
                "sentences": len(sentences),
                "chunks": len(chunks),
            },
            "libraries": _library_versions(),
        }
        dump = json.dumps
        (tmp / "documents.json").write_text(dump([asdict(a) for a in articles]), "utf-8")
        (tmp / "sentences.json").write_text(dump([asdict(s) for s in sentences]), "utf-8")
        (tmp / "chunks.json").write_text(dump([asdict(c) for c in chunks]), "utf-8")
        tokens = {
            "chunks": [tokenize(c.text) for c in chunks],
            "sentences": [tokenize(s.text) for s in sentences],
        }
        (tmp / "tokens.json").write_text(dump(tokens), "utf-8")
        faiss_index = faiss.IndexFlatIP(chunk_vectors.shape[1])
        faiss_index.add(chunk_vectors)
        faiss.write_index(faiss_index, str(tmp / "chunks.faiss"))
        np.save(tmp / "sentences.npy", sentence_vectors)
        np.save(tmp / "contexts.npy", context_vectors)
        # The manifest goes last: a build folder without one is never loaded.
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")
        final = index_dir / build_id
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _atomic_write_text(index_dir / CURRENT_FILE, build_id + "\n")
    _remove_old_builds(index_dir, keep=build_id)
    return final


def _with_previous(sentences: Sequence[Sentence]) -> list[str]:
    """Each sentence preceded by the one before it in its document ("The program, which
    ..." is then embedded knowing which program); one that leans on its context
    ("Settlement options include ...") is followed by the next one too."""
    out = []
    for i, s in enumerate(sentences):
        prev = sentences[i - 1] if i and sentences[i - 1].doc_id == s.doc_id else None
        after = sentences[i + 1] if i + 1 < len(sentences) else None
        parts = [prev.text] if prev else []
        parts.append(s.text)
        if after is not None and after.doc_id == s.doc_id and leans_on_context(s.text):
            parts.append(after.text)
        out.append(" ".join(parts))
    return out


def _remove_old_builds(index_dir: Path, *, keep: str) -> None:
    for child in index_dir.iterdir():
        if child.is_dir() and child.name != keep:
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith(f".{CURRENT_FILE}.") and child.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                child.unlink()


def load_index(index_dir: Path) -> IndexData:
    """Load the current build. Raises :class:`IndexError_` when there is none."""
    import faiss

    path = current_build(index_dir)
    if path is None:
        raise IndexError_(f"no index in {index_dir}; run `hkqa ingest` to build it")
    try:
        manifest = json.loads((path / "manifest.json").read_text("utf-8"))
        articles = tuple(Article(**d) for d in json.loads((path / "documents.json").read_text()))
        sentences = tuple(
            Sentence(**d) for d in json.loads((path / "sentences.json").read_text("utf-8"))
        )
        chunks = tuple(
            Chunk(**{**d, "sentence_indices": tuple(d["sentence_indices"])})
            for d in json.loads((path / "chunks.json").read_text("utf-8"))
        )
        tokens = json.loads((path / "tokens.json").read_text("utf-8"))
        chunk_index = faiss.read_index(str(path / "chunks.faiss"))
        sentence_vectors = np.load(path / "sentences.npy")
        context_vectors = np.load(path / "contexts.npy")
    except (OSError, ValueError, TypeError, KeyError, RuntimeError) as exc:
        raise IndexError_(
            f"index at {path} is unreadable ({exc}); run `hkqa ingest` to rebuild it"
        ) from exc
    return IndexData(
        path=path,
        manifest=manifest,
        articles=articles,
        sentences=sentences,
        chunks=chunks,
        chunk_tokens=tuple(tuple(t) for t in tokens["chunks"]),
        sentence_tokens=tuple(tuple(t) for t in tokens["sentences"]),
        chunk_index=chunk_index,
        sentence_vectors=sentence_vectors,
        context_vectors=context_vectors,
    )
