"""A content-addressed disk cache for build steps that are pure functions of their inputs.

Drawing exercise figures and QR codes costs tens of milliseconds each, on every build, for
every exercise: at 1,000 exercises that was most of the build (see BENCHMARKS.md). Their
output depends only on their inputs and on the code that makes them, so a build keeps
each result in ``.cache/build/<kind>/`` under a hash of both, and a rebuild with nothing
changed reads files instead of drawing again. Deleting the folder is always safe.

The folder is ``.cache/build/`` in the project, or ``$LUMBAR_CACHE_DIR`` (``lumbar
--cache-dir``) for a read-only checkout or a shared CI cache; a cache that cannot be written
only costs the time to make things again (``BuildCache`` says so once).

An entry is ``<kind>/<key[:2]>/<key>``, or ``<kind>/<slot>/<key>`` when the caller names a
slot: one thing that is made again whenever its inputs change (one exercise's card on one
paper, one programme's PDF). Writing into a slot prunes it to its ``keep`` newest entries,
so a cache of things that keep changing while content is edited does not grow without end.
"""

from __future__ import annotations

import ast
import atexit
import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from lumbar.errors import InternalError
from lumbar.files import (
    CACHE_ENV,
    LEGACY_PREFIX,
    TEMP_PREFIX,
    cache_folder,
    describe,
    file_problem,
    sweep,
    temp_name,
    write_atomic,
)
from lumbar.paths import CACHE_DIR

# The system temporary folders of runs whose cache could not be written (see BuildCache).
SCRATCH_PREFIX = "lumbar-scratch-"

# Entries a slot keeps: the one in use and the latest other, so switching between two inputs
# (`mkdocs serve` puts its own address in QR codes, a deploy the public one) makes nothing again.
KEEP = 2


@functools.cache
def code_digest(*modules: ModuleType) -> str:
    """A hash of the source files of ``modules``: editing the code invalidates the cache."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


def lumbar_imports(*names: str) -> list[str]:
    """Every Lumbar module that the modules ``names`` import, directly or through others,
    sorted (``names`` themselves too). Read from their import statements, deferred and
    type-checking ones included, so nothing is imported to find them.

    For the ``code`` of an ``Artifact``: hashing the maker's modules and what they import
    leaves no module its output depends on out of its key (a handout's section order lives in
    ``content/rulebook.py``, not in the printing code).

    Read once a process, as ``code_digest`` is: the code that runs does not change under it,
    and parsing every module again for each exercise's key made a warm build of the real
    content five times slower.
    """
    return list(_lumbar_imports(names))


@functools.cache
def _lumbar_imports(names: tuple[str, ...]) -> tuple[str, ...]:
    package = Path(__file__).parent  # src/lumbar

    def source(name: str) -> Path | None:
        first, *parts = name.split(".")
        if first != "lumbar":
            return None
        for path in (package.joinpath(*parts).with_suffix(".py") if parts else None,
                     package.joinpath(*parts, "__init__.py")):
            if path is not None and path.is_file():
                return path
        return None

    found: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        path = source(name)
        if name in found or path is None:
            continue
        found.add(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                todo += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                # `from .text import x` in lumbar.content.rulebook is from lumbar.content.text.
                here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                base = ".".join([*here[:len(here) - node.level + 1], *([node.module] if node.module else [])]) \
                    if node.level else node.module or ""
                # `from lumbar.content import rulebook` imports a module; `from lumbar.site import Site`, a name.
                todo += [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return tuple(sorted(found))


def key_of(*parts: Any) -> str:
    """A stable hash of JSON-serialisable ``parts``."""
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=4096)
def _file_digest(path: Path, _mtime_ns: int, _size: int) -> str:
    # Keyed by the file's time and size too, so an edited file is read again.
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(value: Any) -> Any:
    """``value`` as plain JSON data that changes whenever what it means changes.

    A pydantic model is its JSON dump; a dataclass, its fields by name; a file (``Path``),
    the hash of its bytes, never its name, so a copy of the project elsewhere reuses the
    cache; bytes, their hash; a date, its ISO text; an enum, its value; mappings and
    sequences, element by element. InternalError for anything else: a value that cannot be
    fingerprinted must not be silently left out of a key (``str()`` of an object would be).
    """
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, enum.Enum):
        return fingerprint(value.value)
    if isinstance(value, dt.date):  # datetime too
        return value.isoformat()
    if isinstance(value, Path):
        stat = value.stat()
        return {"file": _file_digest(value, stat.st_mtime_ns, stat.st_size)}
    if isinstance(value, bytes | bytearray):
        return {"bytes": hashlib.sha256(value).hexdigest()}
    if hasattr(value, "model_dump") and not isinstance(value, type):  # a pydantic model
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: fingerprint(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): fingerprint(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [fingerprint(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(fingerprint(item) for item in value)
    raise InternalError(f"cannot make a cache key of {type(value).__name__}; give its data instead")


@dataclasses.dataclass(frozen=True)
class Artifact:
    """One thing the build makes and keeps in the cache: its ``kind`` (the cache folder, such
    as ``cards``), every ``inputs`` it is made from (keyword arguments of the function that
    makes it), and ``code``, the hash of the code that makes it (``code_digest``).

    ``key`` is the one cache key of every printed thing: ``BuildCache.make`` calls the maker
    with exactly ``inputs``, so an input the maker uses cannot be left out of its key.
    """

    kind: str
    inputs: Mapping[str, Any]
    code: str

    @functools.cached_property
    def key(self) -> str:
        """The hash of the kind, the fingerprint of every input, and the code."""
        return key_of(self.kind, fingerprint(self.inputs), self.code)


def _age(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # pruned by another process meanwhile
        return 0.0


log = logging.getLogger("lumbar.cache")
# Cache folders swept of killed runs' temporary files in this process, and those found
# unwritable (said once each).
_SWEPT: set[Path] = set()
_UNWRITABLE: set[Path] = set()
_SCRATCH: list[Path] = []


def _scratch_folder() -> Path:
    """A folder of this process's own for results the cache could not keep (a read-only
    checkout): in the system's temporary folder, removed when the process ends, and by the
    next run if this one is killed."""
    if not _SCRATCH:
        base = Path(tempfile.gettempdir())
        sweep(base, SCRATCH_PREFIX)
        folder = base / temp_name(SCRATCH_PREFIX)
        folder.mkdir(mode=0o700)
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _SCRATCH.append(folder)
    return _SCRATCH[0]


def working_folder(root: Path, default: Path) -> Path:
    """A working folder that goes with the build cache (``default`` under the project
    ``root``, such as ``.cache/zensical``). Under ``$LUMBAR_CACHE_DIR`` (``lumbar
    --cache-dir``) when that is set, and in this run's scratch folder when the folder cannot
    be written (a read-only checkout), so such a checkout still builds; in both, one folder
    a project (such a folder is not content-addressed, so projects must not share it)."""
    project = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    chosen = os.environ.get(CACHE_ENV, "").strip()
    folder = Path(chosen).expanduser().resolve() / default.name / project if chosen else root / default
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    return _scratch_folder() / default.name / project


class BuildCache:
    """Results of pure build steps, as files named by the hash of their inputs and code.

    ``hits`` and ``misses`` count lookups (a miss is a result made); entries this object has
    looked up or stored are never pruned while it lives, since callers copy them later.
    The folder is ``$LUMBAR_CACHE_DIR`` when set, else ``.cache/build/`` in the project.
    A cache that cannot be written (a read-only checkout, a full disk) is not an error: a
    result is then kept in a scratch folder for this run only, and a note says so once.
    """

    def __init__(self, root: Path, folder: Path | None = None) -> None:
        self.folder = folder or cache_folder(root, CACHE_DIR)
        self.hits = 0
        self.misses = 0
        self._used: set[Path] = set()
        if self.folder not in _SWEPT:  # a killed run's half-written files go, once a process
            _SWEPT.add(self.folder)
            for prefix in (TEMP_PREFIX, LEGACY_PREFIX):
                sweep(self.folder, prefix, recursive=True)

    def entry(self, kind: str, key: str, slot: str | None = None) -> Path:
        """Where the entry for ``key`` lives, whether or not it exists yet."""
        return self.folder / kind / (slot or key[:2]) / key

    def find(self, kind: str, key: str, slot: str | None = None) -> Path | None:
        """The stored entry for ``key``, or None (counted as a miss): for callers that make
        results elsewhere, such as in worker processes, and then ``put`` them. A result kept
        in this run's scratch folder (``put`` on an unwritable cache) is found there."""
        path = self.entry(kind, key, slot)
        self._used.add(path)
        for candidate in (path, *(_SCRATCH[0] / path.relative_to(self.folder) for _ in _SCRATCH[:1])):
            if candidate.is_file():
                self.hits += 1
                return candidate
        self.misses += 1
        return None

    def put(self, kind: str, key: str, data: bytes, slot: str | None = None, keep: int = KEEP) -> Path:
        """Store ``data`` as the entry for ``key``; in a slot, then delete all but the
        ``keep`` newest of its entries (never one in use). Returns the entry's path."""
        path = self.entry(kind, key, slot)
        self._used.add(path)
        try:
            write_atomic(path, data)
        except OSError as error:
            return self._keep_elsewhere(path, data, error)
        if slot:
            self._prune(path.parent, keep)
        return path

    def _keep_elsewhere(self, path: Path, data: bytes, error: OSError) -> Path:
        """``data`` in this run's scratch folder, when the cache folder cannot take it; a
        note says so once per folder. UserError naming both when the scratch fails too."""
        if self.folder not in _UNWRITABLE:
            _UNWRITABLE.add(self.folder)
            log.warning("%s: the build cache cannot be written (%s); this run works without it. To keep results "
                        "between runs, set %s (or lumbar --cache-dir) to a folder you can write to",
                        self.folder, describe(error)[0], CACHE_ENV)
        try:
            target = _scratch_folder() / path.relative_to(self.folder)
            write_atomic(target, data)
        except OSError as scratch_error:
            raise file_problem(scratch_error, "write a temporary file",
                               "free some space or make it writable") from None
        return target

    def _prune(self, folder: Path, keep: int) -> None:
        try:
            entries = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith((TEMP_PREFIX, LEGACY_PREFIX))]
            others = sorted((p for p in entries if p not in self._used), key=_age, reverse=True)
            room = max(0, keep - (len(entries) - len(others)))
            for stale in others[room:]:
                stale.unlink(missing_ok=True)
        except OSError:
            pass  # pruned by another run meanwhile, or not ours to prune: only space is at stake

    def path(self, kind: str, key: str, make: Callable[[], bytes], slot: str | None = None,
             keep: int = KEEP) -> Path:
        """The cache file for ``key``, written from ``make()`` first if it is not there yet."""
        found = self.find(kind, key, slot)
        return found if found is not None else self.put(kind, key, make(), slot, keep)

    def get(self, kind: str, key: str, make: Callable[[], bytes], slot: str | None = None,
            keep: int = KEEP) -> bytes:
        """The cached bytes for ``key``, or ``make()``'s result (then stored)."""
        found = self.find(kind, key, slot)
        if found is not None:
            try:
                return found.read_bytes()
            except OSError:  # pruned by another run meanwhile: make it again
                pass
        data = make()
        self.put(kind, key, data, slot, keep)
        return data

    def get_json(self, kind: str, key: str, make: Callable[[], Any], slot: str | None = None,
                 keep: int = KEEP) -> Any:
        """Like ``get`` for JSON-serialisable values (such as ``{path: svg}``)."""
        raw = self.get(kind, key, lambda: json.dumps(make()).encode("utf-8"), slot, keep)
        return json.loads(raw)

    def make(self, artifact: Artifact, maker: Callable[..., bytes], slot: str | None = None,
             keep: int = KEEP) -> bytes:
        """The bytes of ``artifact``: from the cache, or ``maker(**artifact.inputs)`` (then
        stored under ``artifact.key`` in its slot)."""
        return self.get(artifact.kind, artifact.key, lambda: maker(**artifact.inputs), slot, keep)

    def make_file(self, artifact: Artifact, maker: Callable[..., bytes], slot: str | None = None,
                  keep: int = KEEP) -> Path:
        """Like ``make``, for callers that need the cache file itself (to copy it or to embed
        it by path): the path of ``artifact``'s entry, written from ``maker(**artifact.inputs)``
        first if it is not there yet."""
        return self.path(artifact.kind, artifact.key, lambda: maker(**artifact.inputs), slot, keep)

    def make_json(self, artifact: Artifact, maker: Callable[..., Any], slot: str | None = None,
                  keep: int = KEEP) -> Any:
        """Like ``make`` for a JSON-serialisable result (a check's verdict)."""
        return self.get_json(artifact.kind, artifact.key, lambda: maker(**artifact.inputs), slot, keep)
