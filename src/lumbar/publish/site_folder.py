"""Putting a finished build in place of the published folder, for every engine.

An engine builds into a fresh folder beside the target (``staging_beside``); only when the
build has succeeded does ``swap`` put it in place of the old site with two renames on one
file system, so a reader (or a web server) never sees a half-written site and a failed build
leaves the last good site as it was. ``move_into`` does the same for a folder built
elsewhere (Zensical builds inside its working folder), copying it beside the target first
when it is on another file system.

The temporary folders carry the process id (``lumbar.files.temp_name``): the next build
removes a killed build's leftovers (and puts back the last site if it died between the two
renames), never the folders of another build still running. A filesystem fault (a full
disk, a read-only or unwritable folder, a file that vanished) is a ``BuildFailed`` naming
the site folder and what to do, with the half-built folder removed.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from lumbar.errors import UserError
from lumbar.files import file_problem, leftovers, remove, temp_name

# Prefixes of the temporary folders made beside the site (git-ignored: /.site-build-*/).
STAGING_PREFIX = ".site-build-"
OLD_PREFIX = ".site-old-"
SITE_DIR_FIX = "choose a folder you can write to with --site-dir"


class BuildFailed(UserError):
    """The build stopped (any engine); the message says why and ``site/`` is unchanged."""

    def report(self, root: Path | None = None) -> str:
        """``Build failed: <why>. The previous site was left as it was.``"""
        return f"Build failed: {str(self).rstrip('!.')}. The previous site was left as it was."


def fault(error: OSError, doing: str, target: Path, fix: str = SITE_DIR_FIX) -> BuildFailed:
    """``error`` (met while building into ``target``) as a one-line ``BuildFailed`` that
    names the site folder for faults of the place (a full disk, a read-only folder)."""
    return BuildFailed(str(file_problem(error, doing, fix, place=target)))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def recover(target: Path) -> None:
    """Tidy up after a build that was killed: put back the last site if the build died
    between its two renames (``swap``), then remove its half-built and old folders. Folders
    of a build still running (its process is alive) are left alone."""
    for old in leftovers(target.parent, OLD_PREFIX):
        if not target.exists() and (old / "site").is_dir():
            os.rename(old / "site", target)
        remove(old)
    for staging in leftovers(target.parent, STAGING_PREFIX):
        remove(staging)


def staging_beside(target: Path, fix: str = SITE_DIR_FIX) -> Path:
    """A new empty folder in ``target``'s parent to build into (the parent is made if
    missing), after a killed build's leftovers there are removed (``recover``). Readable by
    a web server, like a folder the engine would create itself (the umask's mode).
    BuildFailed, naming ``target``, when the parent cannot be written."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        recover(target)
        staging = target.parent / temp_name(STAGING_PREFIX)
        staging.mkdir(mode=0o777 & ~_umask())
    except OSError as error:  # named by the site's folder, not the one made beside it
        raise fault(error, "write the site", target, fix) from None
    return staging


def swap(new: Path, target: Path, fix: str = SITE_DIR_FIX) -> None:
    """Put the folder ``new`` (in ``target``'s parent) in place of ``target``, old one
    deleted. If the second rename fails the last site is put back and ``new`` removed
    (BuildFailed)."""
    old = None
    try:
        if target.exists():
            old = target.parent / temp_name(OLD_PREFIX)
            old.mkdir()
            os.rename(target, old / "site")
        os.rename(new, target)
    except OSError as error:
        if old is not None and (old / "site").is_dir():
            os.rename(old / "site", target)
        if old is not None:
            remove(old)
        remove(new)
        raise fault(error, "put the new site in place", target, fix) from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def move_into(built: Path, target: Path, fix: str = SITE_DIR_FIX) -> None:
    """Put the finished folder ``built`` (anywhere) in place of ``target``; ``built`` is gone after.

    A rename when both are on one file system; otherwise a copy into a staging folder beside
    ``target`` first, so the swap itself is still two renames. BuildFailed (the copy
    removed) when the copy fails, such as on a full disk.
    """
    target = target.resolve()
    staging = staging_beside(target, fix)
    try:
        os.rmdir(staging)
        os.rename(built, staging)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            remove(staging)
            raise fault(exc, "put the new site in place", target, fix) from None
        try:
            shutil.copytree(built, staging, dirs_exist_ok=True)
        except OSError as error:
            remove(staging)
            raise fault(error, "copy the new site in place", target, fix) from None
        shutil.rmtree(built, ignore_errors=True)
        staging.chmod(0o777 & ~_umask())
    swap(staging, target, fix)
