"""Writing files so that nothing is ever half-written, and filesystem faults in words.

Every file Lumbar makes (a cache entry, a handout, a card, an exported page) is written to a
temporary file beside it and renamed into place, so a full disk, Ctrl-C or a killed process
never leaves a truncated file that a later run would take for a finished one. A temporary
file or folder carries the id of the process that made it (``.tmp-<pid>-...``), so the next
run can tell the leftovers of a killed run (its process has gone) from the work of another
run still going, and removes only those (``sweep``).

An ``OSError`` (permissions, a read-only checkout, no space left, a missing or looping link,
a folder where a file should be, a file that vanished while Lumbar ran) becomes one line
that names the path and says what to do (``file_problem``), never a traceback.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from lumbar.errors import UserError

# The environment variable that moves the build cache out of the project (a read-only
# checkout, a CI cache folder); ``lumbar --cache-dir`` sets it for one run.
CACHE_ENV = "LUMBAR_CACHE_DIR"
TEMP_PREFIX = ".lumbar-tmp-"
# Earlier versions named the cache's temporary files ".tmp-<random>", without a process id:
# in the cache only, such a file is removed once it is this old (seconds).
LEGACY_PREFIX = ".tmp-"
STALE_AFTER = 3600.0


def temp_name(prefix: str = TEMP_PREFIX) -> str:
    """A new temporary name for this process: ``<prefix><pid>-<random>``."""
    return f"{prefix}{os.getpid()}-{os.urandom(4).hex()}"


# Folders this process has written into, each swept of killed runs' temporaries once.
_TIDIED: set[Path] = set()


def _tidy(folder: Path) -> None:
    """Remove a killed run's temporary files from ``folder`` the first time this process
    writes there: a handout or a card killed half way leaves nothing for long."""
    if folder not in _TIDIED:
        _TIDIED.add(folder)
        sweep(folder)


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and a rename: a run
    stopped half way never leaves a truncated file. The temporary file is removed when
    writing fails (no space left, Ctrl-C). With ``exclusive``, FileExistsError when
    ``path`` exists (it is never replaced). OSError when the folder cannot be written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _tidy(path.parent)
    temporary = path.parent / temp_name()
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view):]
        finally:
            os.close(descriptor)
        if exclusive:  # a link fails where a file is; a rename would replace it
            os.link(temporary, path)
            temporary.unlink()
        else:
            os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        if error.filename is None:  # os.write names no file: name the one being written
            raise OSError(error.errno, error.strerror, str(path)) from None
        raise
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def copy_atomic(source: Path, target: Path) -> None:
    """``shutil.copyfile`` through a temporary file beside ``target`` and a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _tidy(target.parent)
    temporary = target.parent / temp_name()
    try:
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (PermissionError): alive
        return True
    return True


def is_stale(path: Path, prefix: str) -> bool:
    """True for a leftover of a run that has gone: ``<prefix><pid>-...`` whose process has
    ended; with ``LEGACY_PREFIX``, a file older than ``STALE_AFTER``."""
    rest = path.name[len(prefix):]
    pid_text, dash, _ = rest.partition("-")
    if dash and pid_text.isdigit():
        return not _alive(int(pid_text))
    if prefix != LEGACY_PREFIX:
        return False  # not named by Lumbar: never removed
    try:
        return time.time() - path.lstat().st_mtime > STALE_AFTER
    except OSError:
        return False


def leftovers(folder: Path, prefix: str, recursive: bool = False) -> Iterator[Path]:
    """The stale entries named ``<prefix>...`` in ``folder`` (in every folder below it with
    ``recursive``)."""
    if not folder.is_dir():
        return
    for directory, subfolders, names in os.walk(folder) if recursive else [(str(folder), [], os.listdir(folder))]:
        for name in [*names, *subfolders]:
            path = Path(directory) / name
            if name.startswith(prefix) and is_stale(path, prefix):
                yield path


def remove(path: Path) -> None:
    """Delete a file or folder (a link itself, never what it points to); gone already is fine."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def sweep(folder: Path, prefix: str = TEMP_PREFIX, recursive: bool = False) -> int:
    """Remove the leftovers of killed runs from ``folder`` (see ``leftovers``); returns how
    many. A folder that cannot be listed or written is left as it is."""
    count = 0
    try:
        for path in list(leftovers(folder, prefix, recursive)):
            remove(path)
            count += 1
    except OSError:
        pass
    return count


# What an errno means to someone running Lumbar, and what to do about it.
_WHAT: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full", "free some space, then run the command again"),
    errno.EDQUOT: ("your disk quota is used up", "free some space, then run the command again"),
    errno.EROFS: ("it is on a read-only disk", "choose a folder you can write to"),
    errno.EACCES: ("permission denied", "give yourself access to it (or choose a folder you can write to)"),
    errno.EPERM: ("permission denied", "give yourself access to it (or choose a folder you can write to)"),
    errno.ENOENT: ("it does not exist (it may have been moved or deleted while Lumbar ran)",
                   "check the path, then run the command again"),
    errno.EISDIR: ("it is a folder, where a file should be", "rename or remove the folder, or give another path"),
    errno.ENOTDIR: ("part of the path is a file, where a folder should be", "rename or remove that file, or give "
                    "another path"),
    errno.ELOOP: ("it is a link that leads back to itself", "replace the link with the file it should point to"),
    errno.EEXIST: ("it already exists", "remove it or give another path"),
    errno.ENAMETOOLONG: ("the name is too long for the disk", "use a shorter path"),
    errno.EMFILE: ("too many files are open", "close other programs, then run the command again"),
}


# Faults of the place written to, rather than of one file: a message names the folder.
UNWRITABLE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT})


def describe(error: OSError) -> tuple[str, str]:
    """(what went wrong, what to do) for ``error``, in plain words."""
    return _WHAT.get(error.errno or 0, (error.strerror or str(error), "check it, then run the command again"))


def file_problem(error: OSError, doing: str = "use", fix: str = "", place: Path | None = None) -> UserError:
    """``error`` as one line for the person running Lumbar: the path, what went wrong and
    what to do. ``doing`` says what Lumbar was doing with it (``write the handout``);
    ``fix``, when given, replaces the usual advice for a place that cannot be written
    (such as ``choose another folder with --site-dir``); ``place``, when given, is named
    instead of the file for such faults (a full disk is the site folder's problem, not that
    of the file being copied when it filled up)."""
    path = error.filename if error.filename is not None else "?"
    what, usual = describe(error)
    if error.errno in UNWRITABLE and error.errno not in (errno.ENOSPC, errno.EDQUOT) and fix:
        usual = fix
    if error.errno in UNWRITABLE and place is not None:
        path = str(place)
    return UserError(f"{path}: cannot {doing}: {what}; {usual}")


def cache_folder(root: Path, default: Path) -> Path:
    """Where the build cache lives: ``$LUMBAR_CACHE_DIR`` when set, else ``default`` under
    the project ``root``."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    return Path(chosen).expanduser().resolve() if chosen else root / default
