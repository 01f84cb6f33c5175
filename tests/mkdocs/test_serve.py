"""`lumbar serve` rebuilds the site when a YAML file outside docs_dir changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _get(url)
        if body and text in body:
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_an_exercise_changes(project_copy: Path) -> None:
    project = project_copy  # with the warm build cache: the test is about rebuilding, not drawing
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "lumbar", "--root", str(project), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}/exercises/bridge/"
        assert _wait_for(url, "<h1", 90), "server did not start"
        path = project / "exercises" / "bridge.yml"
        path.write_text(path.read_text().replace("name: Bridge", "name: Bridge renamed by test"))
        assert _wait_for(url, "Bridge renamed by test", 60), "page was not rebuilt after the YAML changed"
        template = project / "templates" / "pages" / "exercise.md.j2"
        template.write_text(template.read_text().replace("## What it is for", "## What this is for"))
        assert _wait_for(url, "What this is for", 60), "page was not rebuilt after the template changed"
    finally:
        server.terminate()
        server.wait(timeout=10)
