"""Content errors as contributors see them: ``path:line:col: field: message``."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lumbar.errors import UserError


@dataclass(eq=False)
class ContentError(UserError):
    """One problem in one content file, with the place it was found."""

    path: Path
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return self.format()

    def format(self, root: Path | None = None) -> str:
        """Render as ``path:line:col: field: message`` with the path relative to ``root``."""
        shown = self.path
        if root is not None:
            try:
                shown = Path(os.path.relpath(self.path, root))
            except ValueError:  # another drive on Windows
                pass
        where = f"{shown.as_posix()}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def github_annotation(self, root: Path | None = None) -> str:
        """The same error as a GitHub Actions workflow command, shown on the PR's line."""
        shown = Path(os.path.relpath(self.path, root)) if root else self.path
        text = f"{self.field}: {self.message}" if self.field else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={shown.as_posix()},line={self.line},col={self.column}::{text}"


class ContentErrors(UserError):
    """Every problem found in one pass over the content."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = sorted(errors, key=lambda e: (str(e.path), e.line, e.column, e.message))
        super().__init__(f"{len(self.errors)} content error(s)")

    def report(self, root: Path | None = None) -> str:
        """What the command line prints: ``format`` (every error, then the count)."""
        return self.format(root)

    def format(self, root: Path | None = None) -> str:
        """All errors, one a line, then a count."""
        lines = [error.format(root) for error in self.errors]
        count = len(self.errors)
        lines.append(f"{count} error{'s' if count != 1 else ''} found; nothing was built.")
        return "\n".join(lines)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' Did you mean ...?' suffix for a near miss, or an empty string."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean {matches[0]!r}?" if matches else ""
