"""The progress bar the CLI and the eval harness show on stderr (rich, transient)."""

from __future__ import annotations

from typing import Any


def progress_bar(description: str) -> Any:
    """A transient rich ``Progress`` on stderr; ``description`` formats each task's label."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(
        TextColumn(description),
        BarColumn(),
        MofNCompleteColumn(),
        transient=True,
        console=Console(stderr=True, highlight=False),
    )
