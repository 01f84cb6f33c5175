"""Fixtures for tests in a real browser: Debian's Chromium driven by Playwright.

Locally these tests skip with a clear message when Chromium is missing; under CI
(``CI=true``) a missing browser is a failure, because .ci/run installs it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from lumbar.engines import ENGINES, MKDOCS
from tests.browser.helpers import INIT_SCRIPTS
from tests.conftest import ROOT, shared_build

CHROMIUM = os.environ.get("LUMBAR_CHROMIUM", "/usr/bin/chromium")
# Installed from the committed package-lock.json by `make test` (npm ci --omit=dev).
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Without these flags Chromium tries to reach Google's services, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def _missing(message: str) -> None:
    """Skip locally, fail under CI, where .ci/run and the Makefile install everything."""
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (required under CI)")
    pytest.skip(message)


def _require_chromium() -> None:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    _missing(f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`")


def origin(url: str) -> str:
    """``scheme://host:port`` of a URL (``file`` for local files)."""
    parts = urlsplit(url)
    return "file" if parts.scheme == "file" else f"{parts.scheme}://{parts.netloc}"


class PageWatch:
    """Records console errors and every request, and flags requests to any other host.

    ``allowed`` holds the origins a page may load from: the test server's
    ``http://127.0.0.1:PORT``, or ``file`` for a site opened from disk. ``data:``, ``blob:``
    and ``about:`` URLs never leave the browser.
    """

    def __init__(self, allowed: set[str]) -> None:
        self.allowed = allowed
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.errors: list[str] = []

    def watch_context(self, context: Any) -> None:
        context.on("request", self._on_request)

    def watch_page(self, tab: Any) -> None:
        tab.on("console", lambda msg: self.errors.append(f"{tab.url}: console {msg.type}: {msg.text}")
               if msg.type == "error" else None)
        tab.on("pageerror", lambda exc: self.errors.append(f"{tab.url}: uncaught {exc}"))

    def _on_request(self, request: Any) -> None:
        url = request.url
        self.requests.append(url)
        if urlsplit(url).scheme in ("data", "blob", "about") or origin(url) in self.allowed:
            return
        try:
            page_url = request.frame.url
        except Exception:  # noqa: BLE001 - a worker's request has no frame
            page_url = "(no page)"
        self.foreign.append(f"{request.method} {url} (requested by {page_url})")

    def problems(self) -> list[str]:
        return [f"request to another host: {r}" for r in self.foreign] + [f"console error: {e}" for e in self.errors]

    def new_page(self, browser: Any, **context_options: Any) -> Any:
        """A page in a fresh context, watched from its first request."""
        context = browser.new_context(**context_options)
        for script in INIT_SCRIPTS:
            context.add_init_script(script)
        self.watch_context(context)
        tab = context.new_page()
        self.watch_page(tab)
        return tab


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@pytest.fixture(scope="session", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Each engine in turn (``lumbar.engines.ENGINES``): every browser test that opens the
    built site runs against the MkDocs build and the Zensical build of the same content."""
    return request.param


@pytest.fixture(scope="session")
def engine_site(engine: str, request: pytest.FixtureRequest) -> Path:
    """The strict build of the real content by ``engine``, made once per test run."""
    return request.getfixturevalue("built_site" if engine == MKDOCS else "zensical_site")


@pytest.fixture(scope="session")
def site_url(engine_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1, at a free port."""
    handler = functools.partial(_QuietHandler, directory=str(engine_site))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}/"
        server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium browser (Playwright), shared by the whole session."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # Under `faketime` (the suite passes with the clock moved past every review date) the
    # browser keeps the real clock: the dates that matter are Lumbar's, pinned in the build, and
    # libfaketime's shared semaphore can stall for good when Chromium ends one of its many
    # processes while holding it. Playwright's driver, and so Chromium, start without it.
    faked = {name: os.environ.pop(name) for name in list(os.environ) if name.startswith("FAKETIME")}
    preload = os.environ.get("LD_PRELOAD")
    if preload is not None and "faketime" in preload:
        os.environ["LD_PRELOAD"] = " ".join(lib for lib in preload.split() if "faketime" not in lib)
    try:
        playwright = sync_playwright().start()
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    finally:
        os.environ.update(faked)
        if preload is not None:
            os.environ["LD_PRELOAD"] = preload
    yield instance
    instance.close()
    playwright.stop()


@pytest.fixture
def open_page(browser: Any, site_url: str) -> Iterator[Callable[..., Any]]:
    """Open a page of the served site in a fresh context: ``open_page("faq/", color_scheme="dark")``.

    Keyword arguments go to ``browser.new_context``. Pass ``None`` as the path to get a blank
    page. The test fails on any console error and on any request to another host, and the
    message names the page and the request.
    """
    watch = PageWatch({origin(site_url)})
    tabs: list[Any] = []

    def make(path: str | None = "", **context_options: Any) -> Any:
        tab = watch.new_page(browser, **context_options)
        tabs.append(tab)
        if path is not None:
            tab.goto(urljoin(site_url, path))
        return tab

    yield make
    for tab in tabs:
        tab.context.close()
    problems = watch.problems()
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(open_page: Callable[..., Any]) -> Any:
    """A fresh blank page that fails the test on console errors and on requests to other hosts."""
    return open_page(None)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's browser script, from the npm package the Makefile installs."""
    if not AXE_JS.exists():
        _missing(f"axe-core not found at {AXE_JS}: run `npm ci --omit=dev` (`make test` does)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory, engine: str, engine_site: Path) -> Path:
    """A strict build of the real content with ``--offline`` by ``engine``, for opening from
    disk (after the engine's normal build, whose cache it shares)."""
    return shared_build(tmp_path_factory, f"offline-{engine}", engine=engine, offline=True)
