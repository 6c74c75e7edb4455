"""hkqa: question answering over news articles with sentence-level citations.

Importing the package is cheap: torch, faiss and the model load only when a pipeline is
built (see :func:`hkqa.pipeline.load_pipeline`).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
