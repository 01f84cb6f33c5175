"""Page weight and Lighthouse: what a first visit downloads (with and without gzip) and
Lighthouse's mobile scores, for the home page and the median exercise page."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.common import ENV, ROOT, WORK, Results, exercise_pages, fmt_bytes

CHROMIUM = os.environ.get("LUMBAR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_RUNS = 3


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser asks (as GitHub Pages and Netlify do)."""

    gzip_enabled = True
    compressible = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[override]
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        if (self.gzip_enabled and "gzip" in self.headers.get("Accept-Encoding", "") and os.path.isfile(path)
                and ctype.startswith(self.compressible)):
            data = _gzipped(path, os.path.getmtime(path))
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return io.BytesIO(data)
        return super().send_head()


@functools.lru_cache(maxsize=4096)
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), 6)


@contextmanager
def serve(site: Path, compress: bool = True) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"gzip_enabled": compress})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_load_bytes(url: str) -> tuple[int, int, int]:
    """(bytes transferred, requests, bytes of the search index) for a first visit in Chromium
    with an empty cache, counting what arrives after load too (the search worker's index)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS[1:])
        context = browser.new_context()
        finished: list = []
        context.on("requestfinished", lambda request: finished.append(request))
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(1000)
        total = index = 0
        for request in finished:
            if not request.url.startswith("http"):
                continue
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            total += size
            if request.url.endswith("search_index.json"):
                index += size
        count = sum(1 for r in finished if r.url.startswith("http"))
        browser.close()
    return total, count, index


def lighthouse(url: str, out: Path) -> dict[str, float]:
    """Lighthouse (mobile, the default) category scores for ``url``, out of 100."""
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               "--only-categories=performance,accessibility,best-practices,seo",
               f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}"]
    subprocess.run(command, check=True, env={**ENV, "CHROME_PATH": CHROMIUM}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    report = json.loads(out.read_text())
    scores = {key: round(value["score"] * 100) for key, value in report["categories"].items()}
    for metric in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                   "cumulative-layout-shift", "speed-index"):
        scores[metric] = report["audits"][metric]["numericValue"]
    return scores


def bench_page_weight(results: Results) -> None:
    print("\nPage weight and Lighthouse", flush=True)
    site = WORK / "real-site-lumbar"
    pages = exercise_pages(site)
    by_size = sorted(pages, key=lambda p: p.stat().st_size)
    median_page = by_size[len(by_size) // 2]
    path = median_page.parent.relative_to(site).as_posix() + "/"
    results.add(f"Median exercise page HTML ({path})", fmt_bytes(median_page.stat().st_size))
    for compress in (True, False):
        with serve(site, compress) as url:
            for label, page in (("home page", ""), (f"exercise page {path}", path)):
                total, requests, index = first_load_bytes(url + page)
                how = "gzip" if compress else "uncompressed"
                results.add(f"First load, {label}, {how} ({requests} requests)",
                            fmt_bytes(total), detail=f"the search index is {fmt_bytes(index)} of it")
    if not LIGHTHOUSE.exists():
        results.add("Lighthouse", "not run", detail="node_modules/.bin/lighthouse missing: run `make bench`")
        return
    with serve(site, compress=True) as url:
        for label, page in (("home", ""), ("exercise", path)):
            runs = [lighthouse(url + page, WORK / f"lighthouse-{label}-{i}.json") for i in range(LIGHTHOUSE_RUNS)]
            for category, target in (("performance", 98), ("accessibility", 100), ("best-practices", 100), ("seo", 100)):
                values = [r[category] for r in runs]
                value = statistics.median(values)
                results.add(f"Lighthouse mobile, {label}: {category} (median of {LIGHTHOUSE_RUNS})", f"{value:.0f}",
                            f">= {target}", value >= target, detail=f"runs: {values}")
            lcp = statistics.median(r["largest-contentful-paint"] for r in runs)
            fcp = statistics.median(r["first-contentful-paint"] for r in runs)
            tbt = statistics.median(r["total-blocking-time"] for r in runs)
            cls = statistics.median(r["cumulative-layout-shift"] for r in runs)
            results.add(f"Lighthouse mobile, {label}: FCP / LCP / TBT / CLS",
                        f"{fcp / 1000:.1f}s/{lcp / 1000:.1f}s/{tbt:.0f}ms/{cls:.3f}")
