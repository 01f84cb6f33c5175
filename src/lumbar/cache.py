"""A content-addressed disk cache for build steps that are pure functions of their inputs.

Drawing exercise figures and QR codes costs tens of milliseconds each, on every build, for
every exercise: at 1,000 exercises that was most of the build (see BENCHMARKS.md). Their
output depends only on their inputs and on the code that makes them, so a build keeps
each result in ``.cache/build/<kind>/`` under a hash of both, and a rebuild with nothing
changed reads files instead of drawing again. Deleting the folder is always safe.
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


class BuildCache:
    """Results of pure build steps, as files named by the hash of their inputs and code."""

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR
        self.hits = 0
        self.misses = 0

    def path(self, kind: str, key: str, make: Callable[[], bytes]) -> Path:
        """The cache file for ``key``, written from ``make()`` first if it is not there yet."""
        path = self.folder / kind / key[:2] / key
        if path.is_file():
            self.hits += 1
            return path
        self.misses += 1
        data = make()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a build stopped half way never leaves a truncated entry.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
        return path

    def get(self, kind: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The cached bytes for ``key``, or ``make()``'s result (then stored)."""
        try:
            return self.path(kind, key, make).read_bytes()
        except OSError:
            return make()  # a read-only checkout still builds, just without the cache

    def get_json(self, kind: str, key: str, make: Callable[[], Any]) -> Any:
        """Like ``get`` for JSON-serialisable values (such as ``{path: svg}``)."""
        raw = self.get(kind, key, lambda: json.dumps(make()).encode("utf-8"))
        return json.loads(raw)
