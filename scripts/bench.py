"""Lumbar's benchmarks: `make bench` runs this, prints a table and writes BENCHMARKS.md.

What it measures (issue 7):
- build overhead: `mkdocs build` of the real project (Lumbar plugin) against `mkdocs build`
  of the same pages exported as plain Markdown (`lumbar export`), medians of 5 runs, wall
  and CPU time, and `lumbar build` itself; the same at 100 and 1,000 exercises (synthetic
  YAML added to a copy of the project), per-page cost and median exercise page size;
  `--only build` measures only these and rewrites only their section;
- `lumbar check` on 1,000 exercise files;
- printing: every card (A4 and Letter) and a 4-exercise handout, rendered cold and again
  unchanged (a cache hit); `--only print` measures only these and rewrites only their section;
- engines: `lumbar build --engine zensical` against the MkDocs path (real content and 1,000
  exercises), and how soon one edit shows in the browser under `lumbar serve` with each
  engine (``benchmarks.engines``); `--only engines` measures only these;
- page weight: HTML bytes of the median exercise page and bytes transferred on first load
  in Chromium; Lighthouse 12 mobile scores for the home page and an exercise page.

Everything runs in .bench/ (git-ignored). Builds run as subprocesses, as a user runs them.
Each subject is a module of ``scripts/benchmarks/``: ``scale`` (build overhead, scale and
`lumbar check`), ``printing``, ``engines``, ``weight`` (page weight and Lighthouse), ``machine`` and
``report`` (BENCHMARKS.md); this script only chooses which to run.
"""

from __future__ import annotations

import argparse
import time

from benchmarks import common
from benchmarks.common import ROOT, WORK, Results
from benchmarks.engines import ENGINES_HEADING, bench_engines, engines_section
from benchmarks.machine import machine
from benchmarks.printing import bench_print
from benchmarks.report import BUILD_HEADING, PRINT_HEADING, build_section, print_section, replace_section, write_report
from benchmarks.scale import SCALES, bench_check, bench_overhead, bench_scale
from benchmarks.weight import bench_page_weight


def main() -> None:
    parser = argparse.ArgumentParser(description="Lumbar's benchmarks; writes BENCHMARKS.md.")
    parser.add_argument("--only", choices=["build", "print", "engines"],
                        help="build: only the build overhead (real content, 100 and 1,000 exercises; about "
                             "10 minutes with a warm cache); print: only the card and handout render times "
                             "(about a minute); engines: only the two engines' build times and edit-to-browser latency "
                             "(about 10 minutes); each is written into its section of the existing BENCHMARKS.md")
    parser.add_argument("--runs", type=int, default=common.RUNS,
                        help=f"timed runs per build median (default {common.RUNS})")
    args = parser.parse_args()
    common.RUNS = args.runs
    started = time.perf_counter()
    WORK.mkdir(exist_ok=True)
    info = machine()
    print("Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    build, printing = Results(), Results()
    if args.only == "build":
        bench_overhead(build)
        bench_scale(build)
        replace_section(BUILD_HEADING, build_section(build, info))
        print(f"\nWrote the Build overhead section of {ROOT / 'BENCHMARKS.md'}", flush=True)
        return
    if args.only == "engines":
        engines = Results()

        def write() -> None:
            replace_section(ENGINES_HEADING, engines_section(engines, info))
            print(f"\nWrote the Engines section of {ROOT / 'BENCHMARKS.md'}", flush=True)
        bench_engines(engines, progress=write)
        return
    if args.only == "print":
        bench_print(printing)
        replace_section(PRINT_HEADING, print_section(printing, info))
        print(f"\nWrote the Printing section of {ROOT / 'BENCHMARKS.md'}", flush=True)
        return
    results = Results()
    results.notes += [
        "Scale projects are copies of this project with synthetic exercises added (scripts/bench.py, "
        "`synthetic_exercise`); the FAQ entries and pairs stay as they are. They share one build cache "
        "(.bench/build-cache), kept between runs.",
        "Per-page cost is the median Lumbar build time divided by the number of HTML pages built.",
        "Median page size is the median HTML size of the exercise pages.",
        "First-load bytes are what Chromium received (headers included) for a first visit with an "
        "empty cache, plus the search index, which Material's search worker downloads after load "
        "on every page; served by a local static server with and without gzip.",
        "Lighthouse 12 runs with its default mobile settings (simulated slow 4G, 4x CPU slowdown) "
        "against a local server that gzips text, as static hosts do.",
        "`lumbar check` is timed as the whole command, interpreter start-up included.",
        "Stock Material for comparison (issue 7): 0.84 s for 100 pages and 19.5 s for 1,000 with "
        "every page in the navigation, median page 44 KiB then 321 KiB.",
    ]
    bench_overhead(build)
    projects = bench_scale(build)
    bench_check(results, projects[SCALES[-1]])
    engines = Results()
    bench_engines(engines, projects[SCALES[-1]])
    bench_print(printing)
    bench_page_weight(results)
    write_report(results, build, printing, info, time.perf_counter() - started)
    replace_section(ENGINES_HEADING, engines_section(engines, info))
    print(f"\nWrote {ROOT / 'BENCHMARKS.md'} in {(time.perf_counter() - started) / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
