"""Putting a finished build in place of the published folder, for every engine.

An engine builds into a fresh folder beside the target (``staging_beside``); only when the
build has succeeded does ``swap`` put it in place of the old site with two renames on one
file system, so a reader (or a web server) never sees a half-written site and a failed build
leaves the last good site as it was. ``move_into`` does the same for a folder built
elsewhere (Zensical builds inside its working folder), copying it beside the target first
when it is on another file system.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from lumbar.errors import UserError

# Prefixes of the temporary folders made beside the site (git-ignored: /.site-build-*/).
STAGING_PREFIX = ".site-build-"
OLD_PREFIX = ".site-old-"


class BuildFailed(UserError):
    """The build stopped (any engine); the message says why and ``site/`` is unchanged."""

    def report(self, root: Path | None = None) -> str:
        """``Build failed: <why>. The previous site was left as it was.``"""
        return f"Build failed: {str(self).rstrip('!.')}. The previous site was left as it was."


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def staging_beside(target: Path) -> Path:
    """A new empty folder in ``target``'s parent to build into (the parent is made if missing).

    mkdtemp makes a private (0700) folder; the published site must be readable by a web
    server, like a folder the engine would create itself, so it gets the umask's mode.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))
    staging.chmod(0o777 & ~_umask())
    return staging


def swap(new: Path, target: Path) -> None:
    """Put the folder ``new`` (in ``target``'s parent) in place of ``target``, old one deleted."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=target.parent))
        os.rename(target, old / "site")
    os.rename(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def move_into(built: Path, target: Path) -> None:
    """Put the finished folder ``built`` (anywhere) in place of ``target``; ``built`` is gone after.

    A rename when both are on one file system; otherwise a copy into a staging folder beside
    ``target`` first, so the swap itself is still two renames.
    """
    target = target.resolve()
    staging = staging_beside(target)
    try:
        os.rmdir(staging)
        os.rename(built, staging)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        shutil.copytree(built, staging, dirs_exist_ok=True)
        shutil.rmtree(built, ignore_errors=True)
        staging.chmod(0o777 & ~_umask())
    swap(staging, target)
