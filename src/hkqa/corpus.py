"""Read raw articles (.txt, .md, .html) from a folder into cleaned :class:`Article` s."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from hkqa.cleaning import CleanedText, clean_text, normalize_unicode
from hkqa.types import Article

__all__ = [
    "SUPPORTED_SUFFIXES",
    "CorpusError",
    "corpus_files",
    "corpus_hash",
    "doc_id_for",
    "load_article",
    "load_corpus",
    "markdown_to_text",
]

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})


class CorpusError(ValueError):
    """The corpus folder or one of its files cannot be used."""


def corpus_files(corpus_dir: Path) -> list[Path]:
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder {corpus_dir} does not exist")
    files = sorted(
        p
        for p in corpus_dir.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith(".")
    )
    return files


def corpus_hash(files: Iterable[Path], root: Path) -> str:
    """Content hash of the corpus: relative paths and bytes, order-independent."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def doc_id_for(path: Path, root: Path) -> str:
    """A stable id from the path relative to the corpus root (no suffix), slugged."""
    rel = path.relative_to(root).with_suffix("").as_posix()
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", rel).strip("-")
    return slug or hashlib.sha1(rel.encode()).hexdigest()[:12]


_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$", re.M), ""),  # image lines
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),  # headings
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # block quotes
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$", re.M), ""),  # rules
)


def markdown_to_text(text: str) -> str:
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return text


def _clean_html(raw: str) -> CleanedText:
    import trafilatura  # only HTML needs it; keeps it off the query path

    doc = trafilatura.bare_extraction(
        raw, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True
    )
    if doc is None:
        raise CorpusError("no article text found in the HTML")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    title = data.get("title")
    cleaned = clean_text(text, title=title) if title else clean_text(text)
    meta = dict(cleaned.metadata)
    if data.get("date"):
        meta["published"] = str(data["date"])
    return CleanedText(cleaned.title, cleaned.body, meta, cleaned.removed)


def load_article(path: Path, *, root: Path) -> Article:
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raw = path.read_bytes().decode("latin-1")
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        cleaned = _clean_html(raw)
    elif suffix in {".md", ".markdown"}:
        cleaned = clean_text(markdown_to_text(normalize_unicode(raw)))
    else:
        cleaned = clean_text(raw)
    if not cleaned.body and not cleaned.title:
        raise CorpusError(f"{path}: no text left after cleaning")
    text = f"{cleaned.title}\n\n{cleaned.body}" if cleaned.body else cleaned.title
    metadata = {"source": path.relative_to(root).as_posix(), **cleaned.metadata}
    return Article(doc_id=doc_id_for(path, root), title=cleaned.title, text=text, metadata=metadata)


def load_corpus(corpus_dir: Path) -> list[Article]:
    files = corpus_files(corpus_dir)
    if not files:
        raise CorpusError(
            f"corpus folder {corpus_dir} has no articles ({', '.join(sorted(SUPPORTED_SUFFIXES))})"
        )
    return [load_article(p, root=corpus_dir) for p in files]
