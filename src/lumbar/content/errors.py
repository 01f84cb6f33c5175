"""Content errors as contributors see them: ``path:line:col: field: message``."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

from lumbar.errors import UserError


@dataclass(frozen=True)
class Edit:
    """One change a message suggests: at ``line``:``column`` (1-based), the source text
    ``old`` becomes ``new``. ``old`` may sit just after an opening quote."""

    line: int
    column: int
    old: str
    new: str


@dataclass(frozen=True)
class Rename:
    """A change a message suggests: give the file the name ``name`` (same folder)."""

    name: str


@dataclass(frozen=True)
class Delete:
    """A change a message suggests: delete the entry (a link that leads nowhere, a named pipe)."""


@dataclass(frozen=True)
class Copy:
    """A change a message suggests: replace the link with a copy of the file it leads to."""


Fix = Edit | Rename | Delete | Copy


@dataclass(eq=False)
class ContentError(UserError):
    """One problem in one content file, with the place it was found."""

    path: Path
    line: int
    column: int
    field: str
    message: str
    # The change the message suggests, as data, when it names one exactly ("Did you mean
    # 'strength'?", "rename the file to side-plank.yml"): tests apply it and load again.
    fix: tuple[Fix, ...] = dataclass_field(default=(), kw_only=True)

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


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to ``word`` when it looks like a near miss, else None."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' Did you mean ...?' suffix for a near miss, or an empty string."""
    match = closest(word, choices)
    return f" Did you mean {match!r}?" if match else ""


def apply_fixes(path: Path, fixes: Sequence[Fix]) -> Path:
    """Make the changes ``fixes`` describe to the file at ``path``; returns its path after
    any rename. Edits apply from the last place in the file to the first, so earlier
    positions stay right; an edit's ``old`` may span lines. ValueError when an edit's
    ``old`` text is not at its place (the message pointed somewhere else than it said)."""
    edits = sorted((fix for fix in fixes if isinstance(fix, Edit)), key=lambda e: (e.line, e.column), reverse=True)
    if edits:
        text = path.read_text(encoding="utf-8")
        starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
        for edit in edits:
            at = starts[edit.line - 1] + edit.column - 1
            if text[at:at + 1] in {'"', "'"} and not text.startswith(edit.old, at):
                at += 1  # the value is quoted; ``old`` is the value
            if not text.startswith(edit.old, at):
                raise ValueError(f"{path.name}:{edit.line}:{edit.column}: expected {edit.old!r}, "
                                 f"found {text[at:at + 40]!r}")
            text = text[:at] + edit.new + text[at + len(edit.old):]
        path.write_text(text, encoding="utf-8")
    for fix in fixes:
        if isinstance(fix, Rename):
            target = path.with_name(fix.name)
            path.rename(target)
            path = target
        elif isinstance(fix, Copy):
            data = path.read_bytes()
            path.unlink()
            path.write_bytes(data)
        elif isinstance(fix, Delete):
            path.unlink()
    return path
