"""Remove news-site chrome from article text by general rules. Pure: no I/O.

What counts as chrome (each rule is generic, none names a site or a paragraph):

* bylines and date lines: "Published on ...", "Posted on ...", "Updated: ...";
* lone media/ad labels: a line that is only "Image", "Photo", "Advertisement", ...;
* teaser sections: a heading such as "Latest articles", "More like this", "Related
  posts", "Read more:" starts a block of links/teasers; it and everything after it
  are dropped (teasers trail the article); an inline "Read more: <headline>" line
  is dropped alone;
* promotional paragraphs: a short paragraph dense in marketing phrases
  ("industry-leading", "solutions", "they provide", ...). See :func:`is_promotional`.

Unicode is NFKC-normalised (non-breaking spaces, full-width forms, ligatures) but
typographic quotes and apostrophes are kept: they are the text a user would quote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["CleanedText", "clean_text", "is_promotional", "normalize_unicode"]

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

BYLINE = re.compile(
    r"^(published|posted|updated|last updated|first published)(\s+on)?\b[\s:]*(?P<date>.*)$",
    re.IGNORECASE,
)
MEDIA_LABELS = frozenset(
    {
        "image", "images", "photo", "photos", "picture", "video", "gallery", "advertisement",
        "advertising", "ad", "ads", "sponsored", "sponsored content", "share", "share this",
        "share this article", "tweet", "print", "email", "listen", "comments",
    }
)  # fmt: skip
TEASER_HEADINGS = re.compile(
    r"^(latest (articles|news|posts|stories)|more like this|more from .{1,40}|related"
    r"( articles| posts| stories| news| reading)?|read more|read also|also read|see also|"
    r"you (may|might) also like|recommended( for you| articles| reading)?|trending( now)?|"
    r"popular (posts|articles|stories)|most read|editor'?s picks|further reading)\s*:?$",
    re.IGNORECASE,
)
INLINE_TEASER = re.compile(r"^(read more|read also|also read|see also|related)\s*:\s*\S", re.I)
LIST_ITEM = re.compile(r"^\s*([-*•·]|\d+[.)])\s+")

# Phrases typical of vendor copy and rare in reporting. Two or more in a short paragraph,
# with one more sign (lower-case brand start, or placement before the article body),
# mark it as an advertisement.
PROMO_PHRASES = (
    "industry-leading", "industry leading", "leading provider", "solutions", "focuses on",
    "they provide", "we provide", "we offer", "they offer", "our products", "our services",
    "contact us", "sign up", "subscribe", "free trial", "learn more", "click here",
    "sponsored", "advertisement", "partner content", "world-class team", "cutting-edge solution",
    "requirements of all kinds", "one-stop", "trusted by",
)  # fmt: skip
PROMO_MAX_WORDS = 80
HEADER_ZONE_PARAGRAPHS = 3  # the title/byline zone: promo paragraphs there are ads


@dataclass(frozen=True, slots=True)
class CleanedText:
    title: str
    body: str  # paragraphs joined by a blank line; the title is not repeated here
    metadata: dict[str, str] = field(default_factory=dict)
    removed: tuple[str, ...] = ()  # the dropped paragraphs, for inspection and tests


def normalize_unicode(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _paragraphs(text: str) -> list[str]:
    """Lines to paragraphs: blank lines separate; a hard-wrapped line is joined.

    A line continues the previous one when the previous does not end a sentence and
    this one starts in lower case (a wrap inside a sentence).
    """
    paragraphs: list[str] = []
    joinable = False
    for raw in text.split("\n"):
        line = _collapse(raw)
        if not line:
            joinable = False
            continue
        if joinable and paragraphs and line[0].islower() and not LIST_ITEM.match(raw):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        joinable = not re.search(r"[.!?:;\"”’)]$", line)
    return paragraphs


def is_promotional(paragraph: str, *, in_header_zone: bool = False) -> bool:
    words = paragraph.split()
    if not words or len(words) > PROMO_MAX_WORDS:
        return False
    lower = paragraph.lower()
    hits = sum(phrase in lower for phrase in PROMO_PHRASES)
    signs = hits + int(paragraph[0].islower()) + int(in_header_zone)
    return hits >= 2 and signs >= 3


def clean_text(raw: str, *, title: str | None = None) -> CleanedText:
    """Clean a plain-text article. ``title`` overrides the first-line title (HTML)."""
    paragraphs = _paragraphs(normalize_unicode(raw))
    metadata: dict[str, str] = {}
    removed: list[str] = []
    if title is None:
        title = paragraphs.pop(0) if paragraphs else ""
    title = _collapse(normalize_unicode(title))
    kept: list[str] = []
    for i, para in enumerate(paragraphs):
        bare = para.strip().rstrip(":").strip().lower()
        if TEASER_HEADINGS.match(para.strip()):
            removed.extend(paragraphs[i:])
            break
        if match := BYLINE.match(para):
            if date := match.group("date").strip():
                metadata.setdefault("published", date)
            removed.append(para)
            continue
        if bare in MEDIA_LABELS or INLINE_TEASER.match(para):
            removed.append(para)
            continue
        if is_promotional(para, in_header_zone=len(kept) < HEADER_ZONE_PARAGRAPHS):
            removed.append(para)
            continue
        kept.append(para)
    return CleanedText(
        title=title, body="\n\n".join(kept), metadata=metadata, removed=tuple(removed)
    )
