"""A content-addressed disk cache for build steps that are pure functions of their inputs.

Drawing exercise figures and QR codes costs tens of milliseconds each, on every build, for
every exercise: at 1,000 exercises that was most of the build (see BENCHMARKS.md). Their
output depends only on their inputs and on the code that makes them, so a build keeps
each result in ``.cache/build/<kind>/`` under a hash of both, and a rebuild with nothing
changed reads files instead of drawing again. Deleting the folder is always safe.

An entry is ``<kind>/<key[:2]>/<key>``, or ``<kind>/<slot>/<key>`` when the caller names a
slot: one thing that is made again whenever its inputs change (one exercise's card on one
paper, one programme's PDF). Writing into a slot prunes it to its ``keep`` newest entries,
so a cache of things that keep changing while content is edited does not grow without end.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from lumbar.paths import CACHE_DIR

# Entries a slot keeps: the one in use and the latest other, so switching between two inputs
# (`mkdocs serve` puts its own address in QR codes, a deploy the public one) makes nothing again.
KEEP = 2


@functools.lru_cache(maxsize=None)
def code_digest(*modules: ModuleType) -> str:
    """A hash of the source files of ``modules``: editing the code invalidates the cache."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


def key_of(*parts: Any) -> str:
    """A stable hash of JSON-serialisable ``parts``."""
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: a build stopped half
    way never leaves a truncated file that a later build would take for a finished one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def _age(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # pruned by another process meanwhile
        return 0.0


class BuildCache:
    """Results of pure build steps, as files named by the hash of their inputs and code.

    ``hits`` and ``misses`` count lookups (a miss is a result made); entries this object has
    looked up or stored are never pruned while it lives, since callers copy them later.
    """

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.hits = 0
        self.misses = 0
        self._used: set[Path] = set()

    def entry(self, kind: str, key: str, slot: str | None = None) -> Path:
        """Where the entry for ``key`` lives, whether or not it exists yet."""
        return self.folder / kind / (slot or key[:2]) / key

    def find(self, kind: str, key: str, slot: str | None = None) -> Path | None:
        """The stored entry for ``key``, or None (counted as a miss): for callers that make
        results elsewhere, such as in worker processes, and then ``put`` them."""
        path = self.entry(kind, key, slot)
        self._used.add(path)
        if path.is_file():
            self.hits += 1
            return path
        self.misses += 1
        return None

    def put(self, kind: str, key: str, data: bytes, slot: str | None = None, keep: int = KEEP) -> Path:
        """Store ``data`` as the entry for ``key``; in a slot, then delete all but the
        ``keep`` newest of its entries (never one in use). Returns the entry's path."""
        path = self.entry(kind, key, slot)
        self._used.add(path)
        write_atomic(path, data)
        if slot:
            self._prune(path.parent, keep)
        return path

    def _prune(self, folder: Path, keep: int) -> None:
        entries = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".tmp-")]
        others = sorted((p for p in entries if p not in self._used), key=_age, reverse=True)
        room = max(0, keep - (len(entries) - len(others)))
        for stale in others[room:]:
            stale.unlink(missing_ok=True)

    def path(self, kind: str, key: str, make: Callable[[], bytes], slot: str | None = None,
             keep: int = KEEP) -> Path:
        """The cache file for ``key``, written from ``make()`` first if it is not there yet."""
        found = self.find(kind, key, slot)
        return found if found is not None else self.put(kind, key, make(), slot, keep)

    def get(self, kind: str, key: str, make: Callable[[], bytes], slot: str | None = None,
            keep: int = KEEP) -> bytes:
        """The cached bytes for ``key``, or ``make()``'s result (then stored)."""
        try:
            return self.path(kind, key, make, slot, keep).read_bytes()
        except OSError:
            return make()  # a read-only checkout still builds, just without the cache

    def get_json(self, kind: str, key: str, make: Callable[[], Any], slot: str | None = None,
                 keep: int = KEEP) -> Any:
        """Like ``get`` for JSON-serialisable values (such as ``{path: svg}``)."""
        raw = self.get(kind, key, lambda: json.dumps(make()).encode("utf-8"), slot, keep)
        return json.loads(raw)
