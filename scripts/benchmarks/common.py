"""What every benchmark shares: where things are, timing a command, and the results table."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
WORK = ROOT / ".bench"
PYTHON = sys.executable
RUNS = 5  # timed runs per median; `bench.py --runs` changes it
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Row:
    """One line of the results table."""

    name: str
    value: str
    target: str = ""
    met: bool | None = None
    detail: str = ""


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, value: str, target: str = "", met: bool | None = None, detail: str = "") -> None:
        row = Row(name, value, target, met, detail)
        self.rows.append(row)
        mark = "" if met is None else ("  ok" if met else "  MISSED")
        print(f"  {name:<58} {value:>18}  {target:<14}{mark}", flush=True)


# --- helpers ---------------------------------------------------------------------------------


def median_time(command: list[str], runs: int | None = None, cwd: Path | None = None,
                before: Callable[[], None] | None = None) -> tuple[float, list[float]]:
    """Median wall-clock seconds of ``command`` over ``runs`` runs (``RUNS`` by default) after one warm-up run."""
    times = []
    for index in range((runs or RUNS) + 1):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if index:  # the first run warms caches (imports, the card cache, the OS page cache)
            times.append(elapsed)
    return statistics.median(times), times


@dataclass
class Runs:
    """Seconds of each timed run of one command: wall clock, and CPU time (user + system,
    children included), which other work on a shared machine disturbs much less."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def interleaved(commands: dict[str, list[str]], runs: int | None = None) -> dict[str, Runs]:
    """Times of several commands, run in turn (A B A B ...) so drift hits all alike, after
    one warm-up round; ``runs`` (``RUNS`` by default) timed runs each."""
    times = {name: Runs() for name in commands}
    for index in range((runs or RUNS) + 1):
        for name, command in commands.items():
            cpu, start = _children_cpu(), time.perf_counter()
            result = subprocess.run(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            elapsed, cpu = time.perf_counter() - start, _children_cpu() - cpu
            if result.returncode:
                raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
            if index:
                times[name].wall.append(elapsed)
                times[name].cpu.append(cpu)
    return times


def mkdocs_build(config: Path, site: Path) -> list[str]:
    return [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]


def export(project: Path, out: Path) -> Path:
    """`lumbar export` of ``project`` into ``out``; returns the plain mkdocs.yml written beside it."""
    config = out.parent / f"{out.name}.mkdocs.yml"
    if out.exists():
        shutil.rmtree(out)
    subprocess.run([PYTHON, "-m", "lumbar", "--root", str(project), "export", "--out", str(out), "--mkdocs-yml", str(config)],
                   check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return config


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def exercise_pages(site: Path) -> list[Path]:
    return [p for p in (site / "exercises").glob("*/index.html") if p.parent.name not in ("by-pain", "gallery")]


def fmt_bytes(n: float) -> str:
    return f"{n / 1024:.1f} KiB"


