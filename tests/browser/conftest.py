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
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LUMBAR_CHROMIUM", "/usr/bin/chromium")
# Without these flags Chromium tries to reach Google's services, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def _require_chromium() -> None:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (required under CI)")
    pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1, at a free port."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
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

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page (own context) that fails the test on any console error."""
    context = browser.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert errors == [], f"console errors: {errors}"
