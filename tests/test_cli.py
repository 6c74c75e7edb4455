"""The CLI: exit codes and one-line errors, ingest and ask over a tiny corpus (fake encoder)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from hkqa import cli
from hkqa.config import Settings
from hkqa.pipeline import QAPipeline


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = cli.main(args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "   "], "the question is empty"),
        (["ask", "q", "--top-k", "0"], "expected 1 to 50"),
        (["ask", "q", "--top-k", "x"], "expected a whole number"),
        (["serve", "--port", "99999"], "port must be 1-65535"),
        (["frobnicate"], "invalid choice"),
        ([], "required"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(args, capsys)
    assert code == 2
    assert message in err
    assert err.startswith("hkqa: error:") and err.count("\n") == 1


def test_missing_corpus_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(
        ["ingest", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "i")], capsys
    )
    assert code == 2 and "does not exist" in err


def test_too_long_question_exits_2(
    tiny_settings: Settings,
    tiny_pipeline: QAPipeline,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cli, "_load", lambda args, settings=None: tiny_pipeline)
    code, _, err = run_main(["ask", "x" * 2001], capsys)
    assert code == 2 and "limit is 2000" in err


def test_ask_json_and_text_output(
    tiny_pipeline: QAPipeline, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_load", lambda args, settings=None: tiny_pipeline)
    code, out, _ = run_main(["ask", "How many startups does the hub host?", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["answer"] == "over 500"
    assert data["citations"][0]["doc_id"] == "a"
    code, out, _ = run_main(["ask", "How many startups does the hub host?", "--top-k", "1"], capsys)
    assert code == 0
    assert "over 500" in out and "Harbour City Expands Its Tech Hub" in out
    assert "Supporting passages" in out


def test_chat_prompt_keeps_the_conversation(
    tiny_pipeline: QAPipeline, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "_load", lambda args, settings=None: tiny_pipeline)
    lines = iter([":help", "How many startups does the Harbour Tech Hub host?",
                  "And how much did they raise?", ":quit"])  # fmt: skip
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    code, out, _ = run_main(["chat"], capsys)
    assert code == 0
    assert ":quit" in out  # the help text
    assert "over 500" in out
    assert "HKD 1.2 billion" in out
    assert "understood as: How much did the startups in Harbour Tech Hub raise?" in out


def test_import_hkqa_and_cli_do_not_import_torch() -> None:
    code = "import sys, hkqa, hkqa.cli, hkqa.pipeline; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip() == "False"
