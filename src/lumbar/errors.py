"""Lumbar's one error hierarchy: what a person can fix, and what is a bug in Lumbar.

```
LumbarError
├── UserError            the input is wrong; the message says what to change (no traceback)
│   ├── InvalidValue     one value breaks a rule (also a ValueError, so pydantic reports it
│   │                    as a field error when a model validator raises it)
│   ├── ContentErrors    every problem in the content files (lumbar.content.errors)
│   ├── SelectionError   the exercises, doses or personal details chosen to print
│   ├── SettingsError    mkdocs.yml, the clinic settings or ``today``
│   └── ...              a failed build, a refused export, a template that fails
└── InternalError        a bug in Lumbar, never the user's fault
```

Why: the command line (``lumbar.cli.reports_errors``) prints a ``UserError`` as its message
and exits 1 (2 for a ``UsageError``, a mistake in the command's own arguments), and reports
anything else as an internal error with a line asking for a bug report, so no Python
traceback ever reaches a contributor. The modules raise; only the command line prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class LumbarError(Exception):
    """The base of every error Lumbar raises on purpose."""


class UserError(LumbarError):
    """A problem the person running Lumbar can fix; ``str(error)`` says what and how.

    ``prefix`` is what the command line puts before the message ("Build failed: "), so the
    wording of each kind of failure is written once, with the error.
    """

    prefix = ""
    # The command line's exit status: 1 for bad input; UsageError (2) for a bad argument.
    exit_code = 1

    def report(self, root: Path | None = None) -> str:
        """The whole message the command line prints; paths in it relative to ``root`` where
        the error knows them (content errors)."""
        return f"{self.prefix}{self}"


class UsageError(UserError):
    """A command's argument or option is wrong (exit status 2, as click's own usage errors)."""

    exit_code = 2


class InvalidValue(UserError, ValueError):
    """One value breaks a rule: a dose such as ``reps=0``, a range from high to low.

    Also a ``ValueError`` so that a pydantic validator that raises it reports a field error
    at the value's line, as for any other field.
    """


class SelectionError(UsageError):
    """One or more problems with the exercises, doses or personal details chosen to print
    (``lumbar handout``, ``lumbar cards``), one problem a line in ``problems``."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class SettingsError(UserError):
    """``mkdocs.yml`` is missing, cannot be read, or holds a setting Lumbar cannot use
    (a clinic logo that is not a picture, a ``today`` that is not a date)."""

    prefix = "Error: "


class InternalError(LumbarError):
    """A bug in Lumbar: something that should never happen whatever the input."""


__all__ = ["InternalError", "InvalidValue", "LumbarError", "SelectionError", "SettingsError", "UsageError",
           "UserError"]
