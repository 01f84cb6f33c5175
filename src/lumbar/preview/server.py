"""The live preview's web server: the last good build, the problem when a build fails, and a
reload as soon as a build finishes.

Pages come from the preview's site folder, print files from the folder the print process
fills (waiting for it only when one is asked for while it runs). Every page gets a small
script (``/.lumbar/livereload.js``) that waits on ``/.lumbar/wait`` for the next build and
then reloads the page. While the last build failed, every page is the problem instead, as
``path:line:col: field: message`` lines, with the same script: fixing the file shows the page
again. No page request ever waits for a build.
"""

from __future__ import annotations

import html
import json
import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from lumbar.paths import CARDS_DIR
from lumbar.preview.session import Preview

WAIT_SECONDS = 25.0  # a waiting reload request is answered at least this often
PRINT_WAIT_SECONDS = 300.0  # the longest a print file is waited for

LIVERELOAD = b"""(function () {
  "use strict";
  // Reload when the preview has built again (lumbar.preview.server).
  var version = new URL(document.currentScript.src).searchParams.get("v");
  function wait() {
    fetch("/.lumbar/wait?v=" + version, {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) { if (String(state.version) !== version) location.reload(); else wait(); })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
"""

PROBLEM_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>The site could not be built</title>
<style>body{{font:18px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}}
pre{{white-space:pre-wrap;background:#fff4e5;border-left:6px solid #b34700;padding:1rem;font-size:16px}}</style>
</head><body>
<h1>The site could not be built</h1>
<p>Fix the problem below and save the file: this page reloads by itself when the site builds again.</p>
<pre class="lumbar-preview-problem">{problem}</pre>
<script src="/.lumbar/livereload.js?v={version}"></script>
</body></html>
"""


class PreviewServer(ThreadingHTTPServer):
    """Serves ``preview``'s state on 127.0.0.1:``port``."""

    daemon_threads = True

    def __init__(self, preview: Preview, port: int, host: str = "127.0.0.1") -> None:
        self.preview = preview
        super().__init__((host, port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}/"


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        pass  # one line a request would drown the build messages

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        preview = self.server.preview
        state = preview.state
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if path == "/.lumbar/livereload.js":
            return self._send(200, LIVERELOAD, "text/javascript")
        if path == "/.lumbar/wait":
            return self._wait(parse_qs(parts.query).get("v", [""])[0])
        with state.changed:
            site, problem, version = state.site, state.problem, state.version
        if problem and (path.endswith("/") or path.endswith(".html")):
            page = PROBLEM_PAGE.format(problem=html.escape(problem), version=version)
            return self._send(500, page.encode("utf-8"), "text/html; charset=utf-8")
        if site is None:
            return self._send(503, b"The site is being built.", "text/plain; charset=utf-8")
        relative = path.lstrip("/")
        found = _inside(site, relative)
        if found is not None and found.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            found = _inside(found, "index.html")
        if is_print_file(relative):
            found = self._print_file(relative) or found
        if found is None or not found.is_file():
            missing = site / "404.html"
            body = self._with_reload(missing.read_bytes(), version) if missing.is_file() else b"Not found"
            return self._send(404, body, "text/html; charset=utf-8")
        data = found.read_bytes()
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = self._with_reload(data, version)
            kind = "text/html; charset=utf-8"
        self._send(200, data, kind)

    def _print_file(self, relative: str) -> Path | None:
        """A print file, once the print process running now (if any) has made it."""
        state = self.server.preview.state
        with state.changed:
            state.changed.wait_for(lambda: not state.printing, timeout=PRINT_WAIT_SECONDS)
        found = _inside(self.server.preview.print_dir, relative)
        return found if found is not None and found.is_file() else None

    def _wait(self, version: str) -> None:
        state = self.server.preview.state
        with state.changed:
            state.changed.wait_for(lambda: str(state.version) != version, timeout=WAIT_SECONDS)
            current = state.version
        self._send(200, json.dumps({"version": current}).encode(), "application/json")

    @staticmethod
    def _with_reload(data: bytes, version: int) -> bytes:
        script = f'<script src="/.lumbar/livereload.js?v={version}"></script>'.encode()
        at = data.rfind(b"</body>")
        return data[:at] + script + data[at:] if at >= 0 else data + script

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def is_print_file(relative: str) -> bool:
    """Whether a docs path is one the print process makes: cards, their pictures, sheets and QR
    codes (``paths.CARDS_DIR``) and PDFs (programmes). Only these wait for it: a page never does."""
    return relative.startswith(CARDS_DIR + "/") or relative.endswith(".pdf")


def _inside(folder: Path, relative: str) -> Path | None:
    """``folder / relative`` when it stays inside ``folder`` (no ``..`` out of it)."""
    target = (folder / relative).resolve()
    base = folder.resolve()
    return target if target == base or base in target.parents else None


def serve(preview: Preview, port: int, *, ready: threading.Event | None = None,
          stop: threading.Event | None = None) -> None:
    """Serve ``preview`` on ``port`` and build and rebuild it until ``stop`` is set (or
    Ctrl-C). ``ready`` is set once the first build is done."""
    from lumbar.preview.session import watch_files

    stop = stop or threading.Event()
    server = PreviewServer(preview, port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    builder = threading.Thread(target=preview.run, args=(stop, watch_files), daemon=True)
    builder.start()
    try:
        while builder.is_alive():
            if ready is not None and preview.state.version and not ready.is_set():
                ready.set()
            builder.join(timeout=0.2)
    except KeyboardInterrupt:
        stop.set()
        builder.join(timeout=10)
    finally:
        server.shutdown()
        server.server_close()
