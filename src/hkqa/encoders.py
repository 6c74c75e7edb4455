"""Sentence encoders.

Two implementations of one :class:`Encoder` protocol:

* :class:`SentenceTransformerEncoder` wraps ``sentence-transformers`` (torch). It is the
  reference and is used to embed the corpus at ingest time, where a 6 s import is fine.
* :class:`NumpyBertEncoder` runs the same BERT-family model (mean pooling, optional
  normalisation) with NumPy only, from the model folder's ``model.safetensors`` and
  ``tokenizer.json``. It keeps torch off the query path: importing it costs ~0.2 s where
  sentence-transformers costs ~6 s, and a short query encodes in a few milliseconds.
  Its output is checked against the reference at ingest time (see ``index.py``), and the
  index records which query encoder is safe to use.

Both are cheap to construct; the weights load in :meth:`load`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

__all__ = [
    "Encoder",
    "NumpyBertEncoder",
    "SentenceTransformerEncoder",
    "UnsupportedModelError",
    "l2_normalize",
]


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    @property
    def model_id(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class UnsupportedModelError(RuntimeError):
    """The model folder is not a BERT-family mean-pooling model the NumPy encoder runs."""


def l2_normalize(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


class SentenceTransformerEncoder:
    """The reference encoder. Imports torch lazily, in :meth:`load`."""

    def __init__(self, model: str | Path, *, batch_size: int = 32) -> None:
        if not str(model).strip():
            raise ValueError(f"model must name a sentence-transformers model, got {model!r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        self._model_path = str(model)
        self._batch_size = batch_size
        self._model: Any = None

    @property
    def model_id(self) -> str:
        return self._model_path

    def load(self) -> SentenceTransformerEncoder:
        if self._model is None:
            from sentence_transformers import SentenceTransformer  # heavy: torch

            self._model = SentenceTransformer(self._model_path, device="cpu")
        return self

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.load()
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


# Abramowitz & Stegun 7.1.26: erf with |error| <= 1.5e-7, enough for float32 GELU.
_AS_P = 0.3275911
_AS_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def _erf(x: np.ndarray) -> np.ndarray:
    sign = np.sign(x)
    ax = np.abs(x)
    t = 1.0 / (1.0 + _AS_P * ax)
    a1, a2, a3, a4, a5 = _AS_A
    poly = ((((a5 * t + a4) * t + a3) * t + a2) * t + a1) * t
    return sign * (1.0 - poly * np.exp(-ax * ax))


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as BERT's ``hidden_act: gelu``."""
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """Layer norm over the hidden axis (axis 0: states are hidden x tokens)."""
    scale = 1.0 / x.shape[0]
    centered = x - x.sum(axis=0, keepdims=True) * scale
    var = np.einsum("ij,ij->j", centered, centered)[None, :] * scale
    return centered / np.sqrt(var + eps) * weight + bias


class NumpyBertEncoder:
    """BERT encoder + mean pooling in NumPy; no torch.

    Supports what sentence-transformers' ``Transformer -> Pooling(mean) [-> Normalize]``
    does for ``model_type: bert`` with absolute positions and GELU. Anything else raises
    :class:`UnsupportedModelError` from :meth:`load`, and the caller falls back to
    :class:`SentenceTransformerEncoder`.
    """

    def __init__(self, model_dir: str | Path, *, max_tokens: int | None = None) -> None:
        path = Path(model_dir)
        if not str(model_dir).strip():
            raise ValueError(f"model_dir must be a folder, got {model_dir!r}")
        if max_tokens is not None and max_tokens < 2:
            raise ValueError(f"max_tokens must be >= 2, got {max_tokens}")
        self._dir = path
        self._max_tokens = max_tokens
        self._loaded = False

    @property
    def model_id(self) -> str:
        return str(self._dir)

    def load(self) -> NumpyBertEncoder:
        if self._loaded:
            return self
        d = self._dir
        if not d.is_dir():
            raise UnsupportedModelError(f"{d} is not a local model folder")
        try:
            config = json.loads((d / "config.json").read_text())
        except (OSError, ValueError) as exc:
            raise UnsupportedModelError(f"cannot read {d / 'config.json'}: {exc}") from exc
        self._check_supported(d, config)

        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights = load_file(str(d / "model.safetensors"))
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""
        w = {k.removeprefix(prefix): v.astype(np.float32) for k, v in weights.items()}
        layers = int(config["num_hidden_layers"])
        # Pre-arrange for speed: Q/K/V fused into one matmul. Hidden states are kept as
        # columns (hidden x tokens), so every product is W @ X with W as stored, which
        # OpenBLAS runs ~40% faster than X @ W.T for a handful of tokens.
        for i in range(layers):
            p = f"encoder.layer.{i}."
            names = ("query", "key", "value")
            w[p + "qkv.weight"] = np.concatenate(
                [w.pop(p + f"attention.self.{n}.weight") for n in names]
            )
            w[p + "qkv.bias"] = np.concatenate(
                [w.pop(p + f"attention.self.{n}.bias") for n in names]
            )
            # Fold the attention scale 1/sqrt(head size) into the query projection.
            hidden_size = int(config["hidden_size"])
            scale = 1.0 / math.sqrt(hidden_size // int(config["num_attention_heads"]))
            w[p + "qkv.weight"][:hidden_size] *= scale
            w[p + "qkv.bias"][:hidden_size] *= scale
        for key in [k for k in w if k.endswith(("bias", "LayerNorm.weight"))]:
            w[key] = w[key].reshape(-1, 1)
        self._w = w
        self._layers = int(config["num_hidden_layers"])
        self._heads = int(config["num_attention_heads"])
        self._eps = float(config.get("layer_norm_eps", 1e-12))
        st_conf = _read_json(d / "sentence_bert_config.json")
        limit = int(st_conf.get("max_seq_length", config.get("max_position_embeddings", 512)))
        self._limit = min(self._max_tokens or limit, limit)
        self._normalize = _has_normalize(d)
        tokenizer = Tokenizer.from_file(str(d / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(self._limit)
        self._tokenizer = tokenizer
        self._loaded = True
        return self

    @staticmethod
    def _check_supported(d: Path, config: dict[str, Any]) -> None:
        problems = []
        if config.get("model_type") != "bert":
            problems.append(f"model_type {config.get('model_type')!r} is not 'bert'")
        if config.get("hidden_act", "gelu") != "gelu":
            problems.append(f"hidden_act {config.get('hidden_act')!r} is not 'gelu'")
        if config.get("position_embedding_type", "absolute") != "absolute":
            problems.append("position embeddings are not absolute")
        for name in ("model.safetensors", "tokenizer.json"):
            if not (d / name).is_file():
                problems.append(f"{name} is missing")
        pooling = _read_json(d / "1_Pooling" / "config.json")
        modes = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v]
        if modes != ["pooling_mode_mean_tokens"]:
            problems.append(f"pooling is {modes or 'unknown'}, not mean")
        if problems:
            raise UnsupportedModelError(f"{d}: " + "; ".join(problems))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.load()
        rows = [self._encode_one(t) for t in texts]
        if not rows:
            return np.zeros((0, self._w["embeddings.word_embeddings.weight"].shape[1]), np.float32)
        out = np.stack(rows)
        return l2_normalize(out) if self._normalize else out.astype(np.float32)

    def _encode_one(self, text: str) -> np.ndarray:
        w = self._w
        ids = np.asarray(self._tokenizer.encode(text).ids, dtype=np.int64)
        n = len(ids)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = np.ascontiguousarray(x.T)  # hidden x tokens, C order for every op that follows
        x = _layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self._eps
        )
        hidden = x.shape[0]
        heads = self._heads
        dh = hidden // heads
        for i in range(self._layers):
            p = f"encoder.layer.{i}."
            qkv = w[p + "qkv.weight"] @ x  # (3 * hidden) x n; 1/sqrt(dh) folded into Q
            qkv += w[p + "qkv.bias"]
            q = qkv[:hidden].reshape(heads, dh, n)
            k = qkv[hidden : 2 * hidden].reshape(heads, dh, n)
            v = qkv[2 * hidden :].reshape(heads, dh, n)
            scores = q.transpose(0, 2, 1) @ k  # heads x n(query) x n(key)
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            ctx = (v @ scores.transpose(0, 2, 1)).reshape(hidden, n)
            attn = w[p + "attention.output.dense.weight"] @ ctx
            attn += w[p + "attention.output.dense.bias"]
            attn += x
            x = _layer_norm(
                attn,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self._eps,
            )
            inter = w[p + "intermediate.dense.weight"] @ x
            inter += w[p + "intermediate.dense.bias"]
            out = w[p + "output.dense.weight"] @ _gelu(inter)
            out += w[p + "output.dense.bias"]
            out += x
            x = _layer_norm(
                out, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self._eps
            )
        return x.mean(axis=1)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _has_normalize(d: Path) -> bool:
    try:
        modules = json.loads((d / "modules.json").read_text())
    except (OSError, ValueError):
        return False
    return any(str(m.get("type", "")).endswith("Normalize") for m in modules)
