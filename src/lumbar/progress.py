"""What the command line shows while it works: a progress bar for long runs (rendering many
cards), shown only when useful, and log messages as plain lines on stderr."""

from __future__ import annotations

import logging
import sys
from types import TracebackType
from typing import Any

import click

# Fewer renders than this finish before a bar would be worth looking at.
MIN_ITEMS = 8


class ProgressBar:
    """Pass ``start`` and ``advance`` as callbacks; the bar appears once ``start`` is told
    that there are at least ``MIN_ITEMS`` items, and only on a terminal."""

    def __init__(self, label: str, min_items: int = MIN_ITEMS) -> None:
        self.label = label
        self.min_items = min_items
        self._bar: Any = None

    def start(self, total: int) -> None:
        if total >= self.min_items and sys.stderr.isatty():
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()

    def advance(self, _item: object = None) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def log_to_stderr(name: str, form: str) -> logging.Logger:
    """The logger ``name``, printing its messages on stderr as ``form`` (a ``logging``
    format) lines; set up once however often it is asked for."""
    logger = logging.getLogger(name)
    if not any(getattr(handler, "_lumbar", False) for handler in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(form))
        handler._lumbar = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    return logger
