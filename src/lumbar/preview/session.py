"""The live preview: watch the sources, rebuild only what changed, then the print files.

One ``Preview`` per ``lumbar serve``. On every change to the content, the templates, the
hand-written pages or mkdocs.yml it loads and checks the content (as ``lumbar build`` does),
assembles the docs tree without print files (``export.docs_files``) and hands it to the
engine's preview builder (``engines.preview_builder``), which renders only the pages that
changed. The browser is told to reload as soon as the pages are built; then a separate
process draws the cards, sheets and PDFs that changed (``lumbar.preview.printing``), which
the server serves beside the pages, waiting for them only when one is asked for.

A build that fails (a content error, a broken template, an engine that stops) keeps no page
from being served: every page shows the problem, as ``path:line:col: field: message`` lines,
until the next change builds again.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lumbar.errors import UserError
from lumbar.paths import PREVIEW_DIR
from lumbar.publish.bundle import watched_folders
from lumbar.publish.export import docs_files
from lumbar.publish.settings import Settings
from lumbar.services import load_content

log = logging.getLogger(__name__)

# Editors write a file in several steps (a temporary file, then a rename): changes this close
# together are one edit.
SETTLE_SECONDS = 0.03


@dataclass
class State:
    """What the server shows, shared with its threads under ``changed`` (a condition)."""

    site: Path | None = None  # the last good build
    problem: str = ""  # why the last build failed, as the reader sees it; "" when it did not
    version: int = 0  # goes up with every build, good or bad: a page of an older one reloads
    printing: bool = False  # print files are being made for the latest build
    built_at: float = 0.0  # time.monotonic() when the last build finished
    changed: threading.Condition = field(default_factory=threading.Condition)


# Starts watching ``(folder, recursive)`` pairs, calling back with each changed file; returns
# the function that stops it.
Watch = Callable[[list[tuple[Path, bool]], Callable[[Path], None]], Callable[[], None]]


def watch_files(folders: list[tuple[Path, bool]], on_change: Callable[[Path], None]) -> Callable[[], None]:
    """Watch with watchdog (inotify on Linux: no polling, an event within milliseconds).
    Only writes, creations, deletions and moves count: reading a file (each build reads
    them all) must not start another build."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.is_directory or event.event_type not in ("created", "modified", "deleted", "moved"):
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    on_change(Path(str(path)))

    observer = Observer()
    for folder, recursive in folders:
        if folder.is_dir():
            observer.schedule(Handler(), str(folder), recursive=recursive)
    observer.start()

    def stop() -> None:
        observer.stop()
        observer.join()

    return stop


class Preview:
    """Builds and rebuilds the preview of the project in ``settings.root`` with ``builder``
    (an engine's preview builder: ``build(files, safety, full=...) -> site folder``)."""

    def __init__(self, settings: Settings, builder: object, today: dt.date | None = None) -> None:
        self.settings = settings
        self.builder = builder
        self.today = today
        self.state = State()
        self.print_dir = settings.root / PREVIEW_DIR / "print"
        self.print_log = settings.root / PREVIEW_DIR / "print.log"
        self._printer: subprocess.Popen[bytes] | None = None
        self._print_again = False
        self._events: queue.Queue[Path] = queue.Queue()

    # --- building ---------------------------------------------------------------------------

    def rebuild(self, *, full: bool = False) -> None:
        """Build the pages now; then start the print files. Never raises: a failure is shown."""
        root = self.settings.root
        started = time.monotonic()
        problem = ""
        site = None
        with self.state.changed:
            # The engine writes pages in place as it builds them: from now on a print file
            # asked for waits for the ones of this build, not the last ones.
            self.state.printing = True
        steps: list[str] = []
        cpu = time.process_time()

        def step(name: str) -> None:  # CPU seconds of each step, for the log (make bench reads it)
            nonlocal cpu
            now = time.process_time()
            steps.append(f"{name} {now - cpu:.2f}")
            cpu = now

        try:
            catalogue = load_content(root, today=self.today or self.settings.today)
            step("content")
            files, _ = docs_files(catalogue, self.settings, print_files=False)
            step("pages")
            site = self.builder.build(files, catalogue.safety, full=full)  # type: ignore[attr-defined]
            step("engine")
        except UserError as error:
            problem = error.report(root)
        except Exception as error:  # noqa: BLE001 - shown on the page: the preview keeps running
            problem = (f"Internal error: {type(error).__name__}: {error}\n"
                       "This is a bug in Lumbar, not a mistake in your content. Please report it.")
        with self.state.changed:
            if site is not None:
                self.state.site = site
            if problem and (self._printer is None or self._printer.poll() is not None):
                self.state.printing = False  # none will come for a build that failed
            self.state.problem = problem
            self.state.version += 1
            self.state.built_at = time.monotonic()
            self.state.changed.notify_all()
        if problem:
            log.error(problem)
        else:
            log.info(f"Rebuilt in {time.monotonic() - started:.2f} s (CPU s: {', '.join(steps)})")
            self._start_printing()

    def _start_printing(self) -> None:
        if self._printer is not None and self._printer.poll() is None:
            self._print_again = True  # the running one started from older content
            return
        command = [sys.executable, "-m", "lumbar.preview.printing", str(self.settings.root), str(self.print_dir)]
        if self.today:
            command += ["--today", self.today.isoformat()]
        self.print_log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.print_log, "wb") as log_file:
            self._printer = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
        self._print_again = False

    def _check_printing(self) -> None:
        if self._printer is None or self._printer.poll() is None:
            return
        if self._printer.returncode:
            report = self.print_log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            log.error("The print files were not made: " + " / ".join(report[-3:]))
        self._printer = None
        if self._print_again:
            self._start_printing()
            return
        with self.state.changed:
            self.state.printing = False
            self.state.changed.notify_all()

    # --- watching ---------------------------------------------------------------------------

    def watched(self) -> list[tuple[Path, bool]]:
        """``(folder, recursive)`` whose changes rebuild: content, templates and the docs
        folder with what they hold; the project folder itself only for mkdocs.yml."""
        folders = dict.fromkeys([*watched_folders(self.settings), self.settings.docs_dir])
        return [(folder, True) for folder in folders] + [(self.settings.config_file.parent, False)]

    def _is_source(self, path: Path) -> bool:
        """A change that can change the site: not the build's own output or caches."""
        root = self.settings.root
        try:
            relative = path.resolve().relative_to(root)
        except ValueError:
            return True
        if relative.parts and relative.parts[0].startswith("."):
            return False  # .cache, .git, .venv
        if len(relative.parts) == 1:
            return path.name == self.settings.config_file.name
        return relative.parts[0] not in ("site", "build", "node_modules")

    def _is_theme(self, path: Path) -> bool:
        """A theme template (a change every page shows)."""
        theme = self.settings.templates.parent / "overrides"
        return path.suffix == ".html" and theme in path.resolve().parents

    def on_change(self, path: Path) -> None:
        """Report a changed file (the watcher's threads call this)."""
        if self._is_source(path):
            self._events.put(path)

    def run(self, stop: threading.Event, watch: Watch) -> None:
        """Build, then rebuild on every change until ``stop`` is set. ``watch(folders,
        on_change)`` starts watching (``watch_files``) and returns a function that stops it."""
        self.rebuild(full=True)
        unwatch = watch(self.watched(), self.on_change)
        try:
            while not stop.is_set():
                try:
                    first = self._events.get(timeout=0.2)
                except queue.Empty:
                    self._check_printing()
                    continue
                changed = [first]
                time.sleep(SETTLE_SECONDS)
                while not self._events.empty():
                    changed.append(self._events.get_nowait())
                self.rebuild(full=any(self._is_theme(path) for path in changed))
        finally:
            unwatch()
            if self._printer is not None and self._printer.poll() is None:
                self._printer.terminate()
