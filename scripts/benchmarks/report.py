"""BENCHMARKS.md: the results tables, each section refreshable alone, and what was tried for
every target missed (``what-was-tried.md``, beside this module)."""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks import common
from benchmarks.common import ROOT, Results, Row

TRIED_FILE = Path(__file__).with_name("what-was-tried.md")


def tried_notes() -> dict[str, str]:
    """``{measurement name (or a part of it): what was tried}`` from ``what-was-tried.md``,
    one ``## name`` section each."""
    text = TRIED_FILE.read_text(encoding="utf-8")
    return {match.group(1).strip(): " ".join(match.group(2).split())
            for match in re.finditer(r"^## ([^\n]+)\n(.*?)(?=^## |\Z)", text, re.M | re.S)}


PRINT_HEADING = "## Printing"


def print_section(printing: Results, info: dict[str, str]) -> list[str]:
    """The "Printing" section of BENCHMARKS.md: its own table, so `--only print` can refresh it
    alone."""
    lines = [
        PRINT_HEADING,
        "",
        ("Cards and a handout made inside one Python process by scripts/bench.py "
         "(`python scripts/bench.py --only print` refreshes this section alone), "
         f"measured {info['Date']} on {info['CPU']} ({info['Cores']} cores). Cold starts from an empty "
         "build cache; unchanged makes the same again, as the next build or `lumbar handout` does, "
         "and should do no work."),
        "",
        "| Measurement | Value |",
        "|---|---:|",
        *[f"| {row.name} | {row.value} |" for row in printing.rows],
    ]
    details = [row for row in printing.rows if row.detail]
    if details:
        lines += ["", *[f"- {row.name}: {row.detail}" for row in details]]
    return lines


def replace_section(heading: str, section: list[str], path: Path = ROOT / "BENCHMARKS.md") -> None:
    """Write one section (``heading`` and what follows it) into the existing BENCHMARKS.md,
    leaving the rest as it is: ``--only`` refreshes one part without the others."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    body = "\n".join(section) + "\n"
    if heading + "\n" in text:
        start = text.index(heading + "\n")
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + body + (text[end:] if end != -1 else "")
    else:  # before the details of the other results, or at the end
        end = text.find("\n## Details")
        text = (text[:end].rstrip("\n") + "\n\n" + body + text[end:]) if end != -1 \
            else text.rstrip("\n") + "\n\n" + body
    path.write_text(text, encoding="utf-8")


BUILD_HEADING = "## Build overhead"


def build_section(build: Results, info: dict[str, str]) -> list[str]:
    """The "Build overhead" section of BENCHMARKS.md: its own table, details and what remains
    of any missed target, so `--only build` can refresh it alone."""
    lines = [
        BUILD_HEADING,
        "",
        ("`mkdocs build` of the project with the Lumbar plugin against `mkdocs build` of the same "
         "pages exported as plain Markdown (`lumbar export`), so the ratio is the cost of Lumbar's "
         f"layer; warm (every picture, card and PDF in the build cache), medians of {common.RUNS} runs after "
         "one warm-up run, Lumbar and plain taken in turn. CPU time is the process's user and "
         "system time, which other work on a shared machine disturbs much less than wall time. "
         "`python scripts/bench.py --only build` refreshes this section alone; measured "
         f"{info['Date']} on {info['CPU']} ({info['Cores']} cores)."),
        "",
        *results_table(build.rows),
    ]
    return lines + details_and_remains(build.rows)


def details_and_remains(rows: list[Row]) -> list[str]:
    """A section's tail: each row's detail, then "What remains" for the targets it missed
    (each explanation from what-was-tried.md once)."""
    lines: list[str] = []
    details = [row for row in rows if row.detail]
    if details:
        lines += ["", *[f"- {row.name}: {row.detail}" for row in details]]
    missed = [row for row in rows if row.met is False]
    if missed:
        lines += ["", "### What remains", "",
                  "Missed: " + "; ".join(f"**{row.name}** {row.value} against {row.target}" for row in missed) + ".",
                  *["", *dict.fromkeys(tried(row) for row in missed)]]
    return lines


def results_table(rows: list[Row]) -> list[str]:
    """Rows as a Markdown table: measurement, value, target and whether it was met."""
    met = {None: "", True: "yes", False: "**no**"}
    return ["| Measurement | Value | Target | Met |", "|---|---:|---|---|",
            *[f"| {row.name} | {row.value} | {row.target} | {met[row.met]} |" for row in rows]]


def tried(row: Row) -> str:
    """What was tried for a missed target (``what-was-tried.md``)."""
    return next((text for key, text in tried_notes().items() if key.lower() in row.name.lower()),
                "See the notes below.")


def write_report(results: Results, build: Results, printing: Results, info: dict[str, str], seconds: float) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (scripts/bench.py); rerun it to refresh every figure, or",
        "`python scripts/bench.py --only build` (or `--only print`) to refresh one section.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {key} | {value} |" for key, value in info.items()],
        f"| Benchmark time | {seconds / 60:.1f} min |",
        "",
        "## Results",
        "",
        *results_table(results.rows),
    ]
    lines += ["", *build_section(build, info), "", *print_section(printing, info)]
    details = [row for row in results.rows if row.detail]
    if details:
        lines += ["", "## Details", ""]
        lines += [f"- {row.name}: {row.detail}" for row in details]
    missed = [row for row in results.rows if row.met is False]
    lines += ["", "## Targets missed", ""]
    if not missed:
        lines.append("None: every other target was met on this run (build overhead: see its section).")
    for row in missed:
        lines.append(f"- **{row.name}**: {row.value} against {row.target}. {tried(row)}")
    lines += ["", "## Notes", ""]
    lines += [f"- {note}" for note in results.notes]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
