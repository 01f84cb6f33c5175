"""`lumbar serve` on both engines: an edit to a YAML entry or a template shows in the browser
without a reload by hand, a content error shows as a page of file:line:col problems (the
request answers at once), and print files follow the pages."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from lumbar.engines import MKDOCS
from tests.conftest import copy_project

# Only to keep a broken server from hanging the suite; no assertion is about speed (make
# bench measures how soon an edit shows). Generous: cards are drawn at low priority, and a
# loaded machine draws slowly.
PATIENCE = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    """Status and text of a page; the request fails the test if it does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def wait_for(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


@pytest.fixture(scope="module")
def served(engine: str, tmp_path_factory: pytest.TempPathFactory, built_site: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the real project (with the warm build cache) served by ``lumbar serve
    --engine``: ``(project, base URL)``. Its tests edit the copy in turn."""
    project = copy_project(tmp_path_factory.mktemp(f"serve-{engine}") / "project")
    port = _free_port()
    # Under `faketime` (the suite passes with the clock moved past every review date), a faked
    # monotonic clock makes the server's timed waits sleep for years: its file watcher never
    # wakes. The date stays faked; only the monotonic clock is left real.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FAKETIME_DONT_FAKE_MONOTONIC": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "lumbar", "--root", str(project), "serve", "--port", str(port),
         "--engine", engine], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: _answers(base + "exercises/bridge/"), "the server's first build")
        yield project, base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:
        return False


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_to_an_entry_shows_in_the_browser_by_itself(served: tuple[Path, str], browser: Any) -> None:
    project, base = served
    tab = browser.new_page()
    try:
        tab.goto(base + "faq/sciatica/")
        assert "This big nerve runs" in tab.inner_text("article")
        # A question, not an exercise: no card to draw again (test_print_files_follow_the_pages
        # edits an exercise).
        edit(project / "content" / "faq" / "sciatica.yml", "This big nerve runs", "This long nerve runs")
        # The page reloads itself (its livereload script) once the pages are built.
        tab.wait_for_function("() => document.querySelector('article').innerText.includes('This long nerve runs')",
                              timeout=PATIENCE * 1000)
    finally:
        tab.close()


def test_an_edit_to_a_template_shows(served: tuple[Path, str]) -> None:
    project, base = served
    edit(project / "templates" / "pages" / "exercise.md.j2", "## {{ words.steps }}", "## {{ words.steps }} to follow")
    wait_for(lambda: "to follow" in get(base + "exercises/walking/")[1], "the template change on a page")


# One engine: the print process (lumbar.preview.printing) and the server that waits for it
# are the same whichever engine builds the pages, and the pages following an edit are tested
# on both engines above; drawing the cards again a second time only made the suite longer.
@pytest.mark.parametrize("engine", [MKDOCS], indirect=True)
def test_print_files_follow_the_pages(served: tuple[Path, str]) -> None:
    project, base = served
    edit(project / "exercises" / "bridge.yml", "Lower your hips slowly back to the floor.",
         "Lower your hips slowly and gently back to the floor.")
    wait_for(lambda: "slowly and gently" in get(base + "exercises/bridge/")[1], "the page")
    # The card is asked for at once: the server answers when the print process has drawn it.
    with urllib.request.urlopen(base + "cards/bridge.pdf", timeout=PATIENCE) as response:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.read())).pages)
    assert "slowly and gently" in " ".join(text.split())


def test_a_content_error_shows_as_a_page_of_problems(served: tuple[Path, str]) -> None:
    project, base = served
    path = project / "exercises" / "walking.yml"
    good = path.read_text(encoding="utf-8")
    line = next(number for number, text in enumerate(good.splitlines(), 1) if text.startswith("difficulty:"))
    path.write_text(good.replace("\ndifficulty: ", "\ndifficulty: extremely-", 1), encoding="utf-8")
    try:
        def problem_shown() -> bool:
            status, text = get(base + "faq/")  # any page: the request answers at once, with the problem
            return status == 500 and "exercises/walking.yml:" in text
        wait_for(problem_shown, "the problem page")
        status, text = get(base + "exercises/bridge/")
        assert status == 500 and re.search(rf"exercises/walking\.yml:{line}:\d+: difficulty", text), text
        assert "/.lumbar/livereload.js" in text  # fixing the file brings the page back by itself
    finally:
        path.write_text(good, encoding="utf-8")
    wait_for(lambda: get(base + "faq/")[0] == 200, "the page again once the file is fixed")
