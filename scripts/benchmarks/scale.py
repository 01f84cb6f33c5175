"""Build overhead and scale: Lumbar's build against plain MkDocs of the same pages, for the
real content and for copies of the project with synthetic exercises added (100 and 1,000),
and `lumbar check` on 1,000 exercise files."""

from __future__ import annotations

import random
import shutil
import statistics
from pathlib import Path

from benchmarks.common import (
    PYTHON,
    ROOT,
    WORK,
    Results,
    Runs,
    exercise_pages,
    export,
    fmt_bytes,
    html_pages,
    interleaved,
    median_time,
    mkdocs_build,
)

SCALES = (100, 1000)  # exercises in the scale projects
# Copied into scale projects: everything a build reads, nothing it writes.
SKIP = {".git", ".venv", "node_modules", "site", ".bench", ".cache", ".pytest_cache", "tests", "src",
        "build", "dist", "scripts", "BENCHMARKS.md", "schemas", ".github", ".vscode"}


def synthetic_exercise(index: int) -> str:
    """A valid exercise YAML file, varied but reproducible (seeded by ``index``)."""
    from lumbar.content.models import (
        Category,
        Difficulty,
        Equipment,
        PainPattern,
        Position,
        Tag,
    )

    rng = random.Random(index)
    words = ["gentle", "slow", "steady", "supported", "easy", "controlled", "soft", "calm", "light", "long"]
    parts = ["hip", "knee", "shoulder", "back", "core", "leg", "arm", "side", "pelvis", "spine"]
    moves = ["reach", "lift", "roll", "press", "stretch", "rock", "hold", "slide", "twist", "curl"]
    name = f"{rng.choice(words).capitalize()} {rng.choice(parts)} {rng.choice(moves)} {index}"
    steps = "\n".join(f"  - {rng.choice(['Slowly', 'Gently', 'Carefully'])} {rng.choice(moves)} your "
                      f"{rng.choice(parts)}, then return to the start. Breathe out as you move."
                      for _ in range(rng.randint(3, 6)))
    tags = sorted({rng.choice(list(Tag)).value for _ in range(rng.randint(1, 3))})
    equipment = sorted({rng.choice(list(Equipment)).value for _ in range(rng.randint(1, 2))})
    patterns = sorted({rng.choice(list(PainPattern)).value for _ in range(rng.randint(0, 2))})
    text = f"""\
id: bench-{index:04d}
name: {name}
aliases: [{name} exercise]
summary: A {rng.choice(words)} exercise for your {rng.choice(parts)} made up for the benchmarks. It is not real advice.
category: {rng.choice(list(Category)).value}
position: {rng.choice(list(Position)).value}
pain_patterns: [{", ".join(patterns)}]
difficulty: {rng.choice(list(Difficulty)).value}
equipment: [{", ".join(equipment)}]
tags: [{", ".join(tags)}]
purpose: Keeps your {rng.choice(parts)} and {rng.choice(parts)} moving. Moving gently helps a sore back heal.
starting_position: Lie on your back with your knees bent and your feet flat on the floor.
steps:
{steps}
dose:
  reps: {rng.randint(5, 8)}-{rng.randint(10, 15)}
  how_often: Once or twice a day
feel: A gentle stretch or light work in your {rng.choice(parts)}.
stop_if:
  - Pain gets sharp or spreads.
figure:
  start:
    base: lying-on-back
    props: [mat]
  end:
    base: lying-on-back
    neck: 25
    hips: 0
    knees: {rng.randint(95, 120)}
    shoulders: -25
    props: [mat]
    highlight: [buttocks]
    arrow: {{at: hips, direction: up}}
sources:
  - publisher: Lumbar benchmarks
    title: Synthetic exercise {index}
review:
  reviewed_on: 2026-01-01
  next_review_due: 2099-01-01
  clinical_review: pending
"""
    return _meaningful(text)


# How often each kind of exercise is done, within content/policy.yml's frequency policy.
HOW_OFTEN = {"strength": "2 or 3 days a week", "aerobic": "Once a day", "stretch": "Once or twice a day",
             "relaxation": "Once or twice a day"}


def _meaningful(text: str) -> str:
    """``text`` made to pass the meaning checks without drawing again from the random stream
    (so every other field stays as it was): how often follows the category's policy, and only
    an easy exercise joins the list for people in more pain (content/policy.yml)."""
    category = text.split("\ncategory: ", 1)[1].split("\n", 1)[0]
    text = text.replace("  how_often: Once or twice a day\n", f"  how_often: {HOW_OFTEN[category]}\n")
    if "\ndifficulty: easy\n" not in text:
        line = text.split("\npain_patterns: [", 1)[1].split("]", 1)[0]
        kept = ", ".join(p for p in line.split(", ") if p and p != "no-position-helps")
        text = text.replace(f"\npain_patterns: [{line}]", f"\npain_patterns: [{kept}]")
    return text


def scale_project(total_exercises: int, build_cache: Path) -> Path:
    """A copy of the project with synthetic exercises added to reach ``total_exercises``."""
    from lumbar.paths import CACHE_DIR

    project = WORK / f"scale-{total_exercises}"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name in SKIP or entry.name.startswith((".site-", ".bench")):
            continue
        if entry.is_dir():
            shutil.copytree(entry, project / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(entry, project / entry.name)
    real = len(list((project / "exercises").glob("*.yml")))
    for index in range(1, total_exercises - real + 1):
        (project / "exercises" / f"bench-{index:04d}.yml").write_text(synthetic_exercise(index), encoding="utf-8")
    # Figures, cards and PDFs are cached by content: the scale projects share one build
    # cache, kept between benchmark runs.
    (project / CACHE_DIR).parent.mkdir(parents=True)
    build_cache.mkdir(parents=True, exist_ok=True)  # a link to no folder would stop the build
    (project / CACHE_DIR).symlink_to(build_cache, target_is_directory=True)
    return project


def compare_builds(project: Path, name: str, command: bool = False) -> tuple[dict[str, Runs], Path, str]:
    """Lumbar's build of ``project`` and plain MkDocs' build of its export, interleaved;
    with ``command``, ``lumbar build`` (which checks the content first) in the same rounds.

    Returns the runs (``lumbar``, ``plain`` and ``command``), the Lumbar site folder and a
    detail line with every run, the spread of each, the paired ratios and the CPU times.
    """
    export_config = export(project, WORK / f"{name}-export")
    site = WORK / f"{name}-site-lumbar"
    commands = {
        "lumbar": mkdocs_build(project / "mkdocs.yml", site),
        "plain": mkdocs_build(export_config, WORK / f"{name}-site-plain"),
    }
    if command:
        commands["command"] = [PYTHON, "-m", "lumbar", "--root", str(project), "build",
                               "--site-dir", str(WORK / f"{name}-site-command")]
    runs = interleaved(commands)
    lumbar, plain = runs["lumbar"], runs["plain"]
    ratios = [a / b for a, b in zip(lumbar.wall, plain.wall)]  # run i of each was taken back to back

    def listed(values: list[float]) -> str:
        return f"{', '.join(f'{t:.2f}' for t in values)} (spread {min(values):.2f} to {max(values):.2f})"

    detail = (f"{len(html_pages(site))} pages; runs (s): Lumbar {listed(lumbar.wall)}; plain {listed(plain.wall)}; "
              f"paired ratios {min(ratios):.3f} to {max(ratios):.3f}; CPU time (s): Lumbar {listed(lumbar.cpu)}; "
              f"plain {listed(plain.cpu)}")
    return runs, site, detail


def bench_overhead(results: Results) -> None:
    print("\nBuild overhead: real content", flush=True)
    runs, _, detail = compare_builds(ROOT, "real", command=True)
    lumbar, plain, command = runs["lumbar"], runs["plain"], runs["command"]
    ratio = lumbar.median / plain.median
    results.add("mkdocs build, real content, Lumbar plugin (median s)", f"{lumbar.median:.2f}", detail=detail)
    results.add("mkdocs build, same pages exported as plain Markdown (median s)", f"{plain.median:.2f}")
    results.add("Build overhead ratio, real content", f"{ratio:.3f}", "<= 1.10", ratio <= 1.10)
    results.add("Build overhead ratio, real content, CPU time", f"{lumbar.cpu_median / plain.cpu_median:.3f}")
    results.add("lumbar build (the command: checks, then builds), real content (median s)", f"{command.median:.2f}",
                detail="runs (s): " + ", ".join(f"{t:.2f}" for t in command.wall))
    results.add("lumbar build / plain MkDocs, real content", f"{command.median / plain.median:.3f}")


def bench_scale(results: Results) -> dict[int, Path]:
    build_cache = WORK / "build-cache"
    build_cache.mkdir(parents=True, exist_ok=True)
    figures: dict[int, dict[str, float]] = {}
    projects: dict[int, Path] = {}
    for total in SCALES:
        print(f"\nScale: {total} exercises (the warm-up build draws and renders anything not cached)", flush=True)
        project = projects[total] = scale_project(total, build_cache)
        runs, site, detail = compare_builds(project, f"scale-{total}")
        lumbar, plain = runs["lumbar"], runs["plain"]
        pages = len(html_pages(site))
        sizes = [p.stat().st_size for p in exercise_pages(site)]
        figures[total] = {"lumbar": lumbar.median, "plain": plain.median, "pages": pages,
                          "per_page": lumbar.median / pages, "median_size": statistics.median(sizes)}
        ratio = lumbar.median / plain.median
        results.add(f"{total} exercises: build, Lumbar (median s, {pages} pages)", f"{lumbar.median:.2f}",
                    detail=detail)
        results.add(f"{total} exercises: build, plain export (median s)", f"{plain.median:.2f}")
        results.add(f"{total} exercises: build overhead ratio", f"{ratio:.3f}", "<= 1.10", ratio <= 1.10)
        results.add(f"{total} exercises: build overhead ratio, CPU time", f"{lumbar.cpu_median / plain.cpu_median:.3f}")
        results.add(f"{total} exercises: per-page cost (ms)", f"{figures[total]['per_page'] * 1000:.2f}")
        results.add(f"{total} exercises: median exercise page (HTML)", fmt_bytes(figures[total]["median_size"]))
    growth = figures[1000]["per_page"] / figures[100]["per_page"]
    results.add("Per-page cost at 1,000 / at 100", f"{growth:.3f}", "<= 1.2", growth <= 1.2)
    plain_growth = (figures[1000]["plain"] / figures[1000]["pages"]) / (figures[100]["plain"] / figures[100]["pages"])
    results.add("Plain MkDocs of the same export, per-page cost at 1,000 / at 100 (for comparison)", f"{plain_growth:.3f}")
    size_change = figures[1000]["median_size"] / figures[100]["median_size"]
    results.add("Median exercise page size at 1,000 / at 100", f"{size_change:.3f}", "1.00 (+-2%)", abs(size_change - 1) <= 0.02)
    return projects


def bench_check(results: Results, project: Path) -> None:
    print("\nlumbar check on 1,000 exercise files", flush=True)
    files = len(list((project / "exercises").glob("*.yml")))
    seconds, runs = median_time([PYTHON, "-m", "lumbar", "--root", str(project), "check"])
    results.add(f"lumbar check, {files} exercise files (median s, whole command)", f"{seconds:.3f}", "< 1 s", seconds < 1,
                "runs (s): " + ", ".join(f"{t:.3f}" for t in runs))
