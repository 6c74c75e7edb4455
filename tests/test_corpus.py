from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS
from hkqa.corpus import CorpusError, corpus_hash, doc_id_for, load_corpus, markdown_to_text

HTML = """<!doctype html><html><head><title>Harbour Robots Get Funding</title>
<meta name="date" content="2024-05-02"></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Harbour Robots Get Funding</h1>
<p>The Harbour Tech Hub received HK$80 million for robotics in its latest budget round.</p>
<p>Officials expect the robotics programme to train 2,000 engineers over three years.</p>
<p>The hub's director said the money would also pay for a new testing laboratory.</p>
</article>
<aside><h3>Latest articles</h3><p>Markets Slide On Rate Fears</p></aside>
<footer>Copyright 2024 Example News. All rights reserved.</footer>
</body></html>"""


def test_seed_documents_have_stable_ids_titles_and_sources() -> None:
    articles = load_corpus(CORPUS)
    assert [a.doc_id for a in articles] == ["000_57eee10f5c9815f1", "004_c07ac765f5dccd66"]
    assert articles[0].title.startswith("Hong Kong’s Innovation and Technology Sector Flourishes")
    assert articles[1].metadata["source"] == "004_c07ac765f5dccd66.txt"
    assert all(a.text.startswith(a.title + "\n\n") for a in articles)
    assert load_corpus(CORPUS) == articles  # deterministic


def test_html_article_is_extracted_with_title_and_date(tmp_path: Path) -> None:
    (tmp_path / "robots.html").write_text(HTML, encoding="utf-8")
    [article] = load_corpus(tmp_path)
    assert article.doc_id == "robots"
    assert article.title == "Harbour Robots Get Funding"
    assert "HK$80 million for robotics" in article.text
    assert "train 2,000 engineers" in article.text
    assert "Copyright" not in article.text and "Home" not in article.text
    assert "Markets Slide" not in article.text
    assert article.metadata.get("published") == "2024-05-02"


def test_markdown_syntax_is_removed(tmp_path: Path) -> None:
    md = "# A **Bold** Title\n\n![pic](x.png)\n\nSee [the report](http://x) for *details*.\n"
    assert markdown_to_text(md).split("\n")[0] == "A Bold Title"
    (tmp_path / "note.md").write_text(md, encoding="utf-8")
    [article] = load_corpus(tmp_path)
    assert article.title == "A Bold Title"
    assert "See the report for details." in article.text


def test_hash_changes_with_content_and_ids_come_from_paths(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    f = tmp_path / "sub" / "My Story!.txt"
    f.write_text("Title\nBody one.", encoding="utf-8")
    before = corpus_hash([f], tmp_path)
    f.write_text("Title\nBody two.", encoding="utf-8")
    assert corpus_hash([f], tmp_path) != before
    assert doc_id_for(f, tmp_path) == "sub-My-Story"  # URL-safe: no slash


def test_missing_or_empty_corpus_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")
    (tmp_path / "readme.pdf").write_bytes(b"%PDF")
    with pytest.raises(CorpusError, match="no articles"):
        load_corpus(tmp_path)
