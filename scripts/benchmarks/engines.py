"""The two engines: `lumbar build --engine zensical` (check, export, Zensical, finish) against
`lumbar build` with MkDocs (check, plugin build), on the real content and at 1,000 exercises;
and how soon one edit shows in the browser under `lumbar serve` with each engine.

Latency is measured as a reader sees it: Chromium has the exercise page open, one step of
exercises/bridge.yml is changed on disk, and the clock stops when the page (reloaded by the
preview's own script) shows the new words. Medians of ``EDITS`` edits after one warm-up.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import common
from benchmarks.common import ENV, PYTHON, ROOT, WORK, Results, html_pages, interleaved
from benchmarks.report import details_and_remains, results_table
from benchmarks.scale import scale_project
from benchmarks.weight import CHROMIUM, CHROMIUM_FLAGS

EDITS = 5  # timed edits per engine, after one warm-up edit
TARGET_RATIO = 0.5  # Zensical path / MkDocs path build time at 1,000 exercises (issue 21)
TARGET_LATENCY = 1.0  # seconds from saving an edit to the browser showing it (issue 21)
STEP = "Press your feet into the floor."  # a step of exercises/bridge.yml, edited in turn
ENGINES = ("mkdocs", "zensical")


def _build(project: Path, engine: str, site: Path) -> list[str]:
    return [PYTHON, "-m", "lumbar", "--root", str(project), "build", "--engine", engine, "--site-dir", str(site)]


def compare_engines(results: Results, project: Path, label: str) -> float:
    """Both engines' ``lumbar build`` of ``project``, interleaved; adds the rows, returns
    the ratio of the medians (Zensical / MkDocs)."""
    before = load()
    runs = interleaved({engine: _build(project, engine, WORK / f"{label}-site-{engine}") for engine in ENGINES})
    mkdocs, zensical = runs["mkdocs"], runs["zensical"]
    pages = len(html_pages(WORK / f"{label}-site-zensical"))
    ratio = zensical.median / mkdocs.median

    def listed(values: list[float]) -> str:
        return ", ".join(f"{t:.2f}" for t in values)

    results.add(f"{label}: lumbar build, MkDocs path (median s)", f"{mkdocs.median:.2f}",
                detail=f"runs (s): {listed(mkdocs.wall)}; CPU (s): {listed(mkdocs.cpu)}")
    results.add(f"{label}: lumbar build --engine zensical (median s, {pages} pages)", f"{zensical.median:.2f}",
                detail=(f"runs (s): {listed(zensical.wall)}; CPU (s): {listed(zensical.cpu)}; "
                        f"load average (1/5/15 min) {before} before, {load()} after"))
    target = f"<= {TARGET_RATIO}" if label.startswith("1000") else ""
    results.add(f"{label}: Zensical path / MkDocs path", f"{ratio:.3f}", target,
                ratio <= TARGET_RATIO if target else None)
    results.add(f"{label}: Zensical path / MkDocs path, CPU time", f"{zensical.cpu_median / mkdocs.cpu_median:.3f}")
    return ratio


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve_copy(engine: str) -> Path:
    """A copy of the project's sources for `lumbar serve` to watch, sharing the real build cache."""
    from lumbar.paths import CACHE_DIR

    project = WORK / f"serve-{engine}"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for name in ("content", "exercises", "templates"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / CACHE_DIR).parent.mkdir(parents=True)
    (project / CACHE_DIR).symlink_to(ROOT / CACHE_DIR, target_is_directory=True)
    return project


# The server's log line for each rebuild: wall seconds, then the CPU seconds of each step.
REBUILT = re.compile(r"Rebuilt in ([0-9.]+) s \(CPU s: ([^)]*)\)")


def load() -> str:
    """The machine's load averages (1, 5, 15 min): on a shared machine, what wall times mean."""
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def edit_latency(engine: str) -> tuple[list[float], list[tuple[float, str]]]:
    """Seconds from each edit's save to the page showing it, and the server's own rebuilds
    (from its log: wall seconds, and the CPU seconds of each step), for ``EDITS`` edits after
    a warm-up."""
    from playwright.sync_api import sync_playwright

    project = _serve_copy(engine)
    port = _free_port()
    log = WORK / f"serve-{engine}.log"
    with open(log, "w") as out:
        server = subprocess.Popen([PYTHON, "-m", "lumbar", "--root", str(project), "serve", "--engine", engine,
                                   "--port", str(port)], env=ENV, stdout=out, stderr=subprocess.STDOUT)
    path = project / "exercises" / "bridge.yml"
    original = path.read_text(encoding="utf-8")
    seen: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS[1:])
            tab = browser.new_page()
            url = f"http://127.0.0.1:{port}/exercises/bridge/"
            deadline = time.monotonic() + 300
            while True:
                try:
                    if tab.goto(url).status == 200:
                        break
                except Exception:  # noqa: BLE001 - not listening yet
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"lumbar serve --engine {engine} never served the page; see {log}")
                time.sleep(0.5)
            time.sleep(5)  # let the first print files finish: they run at low priority beside the edits
            for index in range(EDITS + 1):
                words = f"Press your feet into the floor, edit {index}."
                started = time.perf_counter()
                path.write_text(original.replace(STEP, words, 1), encoding="utf-8")
                tab.wait_for_function(f"() => document.body.innerText.includes({words!r})", timeout=120_000)
                if index:
                    seen.append(time.perf_counter() - started)
                time.sleep(3)  # the edit's print files are drawn meanwhile, as when a person edits
            browser.close()
    finally:
        path.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    rebuilds = [(float(wall), steps) for wall, steps in REBUILT.findall(log.read_text(encoding="utf-8"))]
    return seen, rebuilds[-EDITS:]


def bench_engines(results: Results, scale_1000: Path | None = None,
                  progress: Callable[[], None] | None = None) -> None:
    """Every row of the Engines section: the builds of the real content, the edit-to-browser
    latency, then the builds at 1,000 exercises (the longest: with an empty build cache it
    draws every picture and card first). ``progress`` is called after each, so a run cut short
    keeps what it measured."""
    done = progress or (lambda: None)
    print("\nEngines: lumbar build with each engine, real content", flush=True)
    compare_engines(results, ROOT, "real content")
    done()
    for engine in ENGINES:
        print(f"\nEdit to browser, lumbar serve --engine {engine}", flush=True)
        before = load()
        seen, rebuilds = edit_latency(engine)
        median = statistics.median(seen)
        cpu = [sum(float(x) for x in re.findall(r"[0-9.]+", steps)) for _, steps in rebuilds]
        results.add(f"Edit to browser, {engine}, real content (median s)", f"{median:.2f}", f"<= {TARGET_LATENCY}",
                    median <= TARGET_LATENCY,
                    detail=("edits (s): " + ", ".join(f"{t:.2f}" for t in seen)
                            + "; the server's page rebuilds (s): " + ", ".join(f"{wall:.2f}" for wall, _ in rebuilds)
                            + "; their CPU time in the server (s): " + "; ".join(steps for _, steps in rebuilds)
                            + f"; load average (1/5/15 min) {before} before, {load()} after"))
        results.add(f"Edit to browser, {engine}: the server's CPU time per rebuild (median s)",
                    f"{statistics.median(cpu):.2f}" if cpu else "-")
        done()
    print("\nEngines: 1,000 exercises", flush=True)
    project = scale_1000 or scale_project(1000, WORK / "build-cache")
    compare_engines(results, project, "1000 exercises")
    done()


ENGINES_HEADING = "## Engines"


def engines_section(engines: Results, info: dict[str, str]) -> list[str]:
    """The "Engines" section of BENCHMARKS.md (``bench.py --only engines`` refreshes it alone)."""
    lines = [
        ENGINES_HEADING,
        "",
        ("`lumbar build` with each engine, the whole command (content checks, then MkDocs with the "
         "Lumbar plugin; or the export, Zensical and the finishing of its HTML), warm (every picture, "
         f"card and PDF in the build cache), medians of {common.RUNS} runs after a warm-up, the two "
         "engines taken in turn; CPU time includes the processes each starts. Edit to browser: "
         "`lumbar serve --engine ...` on a copy of the real content, Chromium showing "
         "exercises/bridge/, one step of exercises/bridge.yml changed and saved; the time until the "
         f"page (reloaded by the preview's script) shows it, median of {EDITS} edits after a "
         f"warm-up. Measured {info['Date']} on {info['CPU']} ({info['Cores']} cores)."),
        "",
        *results_table(engines.rows),
    ]
    return lines + details_and_remains(engines.rows)
