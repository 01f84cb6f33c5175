"""`lumbar build` end to end: trust checks, clean failures, no lost site, reproducible output."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


def lumbar(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "lumbar", "--root", str(root), *args],
                          capture_output=True, text=True, env=env)


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def overdue(project: Path, exercise: str = "first") -> None:
    path = project / "exercises" / f"{exercise}.yml"
    # Whatever the current dates are (content reviews move them on).
    text = re.sub(r"reviewed_on: \d{4}-\d{2}-\d{2}", "reviewed_on: 2025-01-31", path.read_text())
    path.write_text(re.sub(r"next_review_due: \d{4}-\d{2}-\d{2}", "next_review_due: 2026-01-31", text))


def test_overdue_review_fails_strict_build_and_warns_otherwise(small_project: Path) -> None:
    overdue(small_project)
    strict = lumbar(small_project, "build", "--strict")
    assert strict.returncode == 1
    assert "exercises/first.yml:" in strict.stderr and "review was due on 2026-01-31" in strict.stderr
    assert not (small_project / "site").exists()
    plain = lumbar(small_project, "build")
    assert plain.returncode == 0, plain.stderr
    assert "review was due on 2026-01-31" in plain.stderr
    assert (small_project / "site" / "exercises" / "first" / "index.html").exists()


def test_mkdocs_strict_build_also_fails_on_overdue_review(small_project: Path) -> None:
    overdue(small_project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=small_project,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "review was due on 2026-01-31" in result.stderr


def test_broken_template_is_reported_with_its_line(small_project: Path) -> None:
    template = small_project / "templates" / "pages" / "faq.md.j2"
    lines = template.read_text().splitlines()
    lines[4] = "{{ e.no_such_field }}"
    template.write_text("\n".join(lines) + "\n")
    result = lumbar(small_project, "build")
    assert result.returncode == 1
    assert "faq.md.j2:5: template error:" in result.stderr and "no_such_field" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_failed_build_leaves_the_previous_site_byte_identical(small_project: Path) -> None:
    assert lumbar(small_project, "build", "--strict").returncode == 0
    before = tree_digest(small_project / "site")
    path = small_project / "exercises" / "first.yml"
    path.write_text(path.read_text().replace("category: stretch", "category: strech"))
    result = lumbar(small_project, "build", "--strict")
    assert result.returncode == 1 and "exercises/first.yml:" in result.stderr
    assert tree_digest(small_project / "site") == before
    assert sorted(p.name for p in small_project.iterdir() if p.name.startswith(".site")) == []


# Drawing and rendering libraries: needed only for a figure, card, QR code or PDF that is
# not in the build cache yet.
PRINT_STACK = ("fpdf", "fontTools", "PIL", "segno")
# `lumbar build` with its arguments, then what it loaded: how often it read the content, and
# which of PRINT_STACK.
_BUILD_AND_REPORT = """
import json, sys
import lumbar.cli, lumbar.mkdocs.plugin
loads = []
def counting(root, *args, real=lumbar.cli.load_content, **kwargs):
    loads.append(root)
    return real(root, *args, **kwargs)
lumbar.cli.load_content = lumbar.mkdocs.plugin.load_content = counting
lumbar.cli.main(sys.argv[1:], standalone_mode=False)
print(json.dumps({{"loads": len(loads), "print_stack": sorted({{m.split(".")[0] for m in sys.modules}} & {names})}}))
"""


def test_warm_build_of_a_copy_is_byte_identical_reads_content_once_and_draws_nothing(
        project_copy: Path, built_site: Path) -> None:
    # The shared build of the real project (in this process) against `lumbar build` of a copy
    # in another folder: the output depends on neither the process nor the folder. The copy
    # shares the shared build's warm cache, so every figure, card, sheet, QR code and
    # programme PDF is reused and the libraries that draw them (about 0.3 s to import) are
    # never loaded; `lumbar build` checks the content first and the plugin takes that
    # content instead of reading it again.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    script = _BUILD_AND_REPORT.format(names=set(PRINT_STACK))
    result = subprocess.run([sys.executable, "-c", script, "--root", str(project_copy), "build", "--strict",
                             "--site-dir", str(project_copy / "a")], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    a, b = tree_digest(project_copy / "a"), tree_digest(built_site)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    assert "Exercise cards: 0 rendered" in result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"loads": 1, "print_stack": []}


def test_build_never_writes_into_content(small_project: Path) -> None:
    before = {name: tree_digest(small_project / name) for name in ("content", "exercises")}
    assert lumbar(small_project, "build").returncode == 0
    assert {name: tree_digest(small_project / name) for name in ("content", "exercises")} == before


# ProperDocs, the maintained fork of MkDocs 1.6, loads the same `mkdocs.plugins` entry point.
@pytest.mark.parametrize("runner", ["mkdocs", "properdocs"])
def test_plugin_path_strict_build_of_the_real_project_passes(project_copy: Path, built_site: Path, runner: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", runner, "build", "--strict", "-f", "mkdocs.yml"], cwd=project_copy,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    site = project_copy / "site"
    # The same pages as `lumbar build`, each with what the plugin adds: the banner's signs
    # from content/safety.yml and the fixes to the theme's markup.
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert pages == {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    bridge = (site / "exercises" / "bridge" / "index.html").read_text(encoding="utf-8")
    assert "lumbar-banner-flags" in bridge and 'id="__drawer" autocomplete="off"' not in bridge


def test_built_site_folder_is_readable_by_others(small_project: Path) -> None:
    old = os.umask(0o022)
    try:
        assert lumbar(small_project, "build").returncode == 0
    finally:
        os.umask(old)
    assert (small_project / "site").stat().st_mode & 0o777 == 0o755


def test_hand_written_page_with_a_generated_name_is_an_error(project_copy: Path) -> None:
    # content/faq/ is a content folder (a stray file there is a content error), so use a
    # generated name outside every content folder.
    (project_copy / "content" / "exercises").mkdir()
    (project_copy / "content" / "exercises" / "index.md").write_text("# Mine\n")
    result = lumbar(project_copy, "build")
    assert result.returncode == 1
    assert "exercises/index.md is generated by Lumbar; remove the file of the same name" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout

