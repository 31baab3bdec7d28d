"""Progress bars on standard error (rich), shown on a terminal: reading, sending, validating."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


def bar() -> Any:
    """A transient rich progress display on stderr: description, bar, bytes, speed."""
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


class _Silent:
    """What :func:`maybe_bar` gives when nothing is shown: the calls used, doing nothing."""

    def add_task(self, *args: Any, **kwargs: Any) -> int:
        return 0

    def update(self, *args: Any, **kwargs: Any) -> None:
        return None


@contextlib.contextmanager
def maybe_bar(show: bool) -> Iterator[Any]:
    """:func:`bar` when ``show``, else an object that ignores ``add_task`` and ``update``."""
    if not show:
        yield _Silent()
        return
    with bar() as shown:
        yield shown
