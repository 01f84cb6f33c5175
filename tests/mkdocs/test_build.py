"""`lumbar build` end to end: trust checks, clean failures, no lost site, reproducible output."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path


def lumbar(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "lumbar", "--root", str(root), *args],
                          capture_output=True, text=True, env=env)


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def overdue(project: Path) -> None:
    path = project / "exercises" / "bridge.yml"
    # Whatever the current dates are (content reviews move them on).
    text = re.sub(r"reviewed_on: \d{4}-\d{2}-\d{2}", "reviewed_on: 2025-01-31", path.read_text())
    path.write_text(re.sub(r"next_review_due: \d{4}-\d{2}-\d{2}", "next_review_due: 2026-01-31", text))


def test_overdue_review_fails_strict_build_and_warns_otherwise(project_copy: Path) -> None:
    overdue(project_copy)
    strict = lumbar(project_copy, "build", "--strict")
    assert strict.returncode == 1
    assert "exercises/bridge.yml:" in strict.stderr and "review was due on 2026-01-31" in strict.stderr
    assert not (project_copy / "site").exists()
    plain = lumbar(project_copy, "build")
    assert plain.returncode == 0, plain.stderr
    assert "review was due on 2026-01-31" in plain.stderr
    assert (project_copy / "site" / "exercises" / "bridge" / "index.html").exists()


def test_mkdocs_strict_build_also_fails_on_overdue_review(project_copy: Path) -> None:
    overdue(project_copy)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project_copy,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "review was due on 2026-01-31" in result.stderr


def test_broken_template_is_reported_with_its_line(project_copy: Path) -> None:
    template = project_copy / "templates" / "pages" / "faq.md.j2"
    lines = template.read_text().splitlines()
    lines[4] = "{{ e.no_such_field }}"
    template.write_text("\n".join(lines) + "\n")
    result = lumbar(project_copy, "build")
    assert result.returncode == 1
    assert "faq.md.j2:5: template error:" in result.stderr and "no_such_field" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_failed_build_leaves_the_previous_site_byte_identical(project_copy: Path) -> None:
    assert lumbar(project_copy, "build", "--strict").returncode == 0
    before = tree_digest(project_copy / "site")
    path = project_copy / "exercises" / "bridge.yml"
    path.write_text(path.read_text().replace("category: strength", "category: strenght"))
    result = lumbar(project_copy, "build", "--strict")
    assert result.returncode == 1 and "exercises/bridge.yml:" in result.stderr
    assert tree_digest(project_copy / "site") == before
    assert sorted(p.name for p in project_copy.iterdir() if p.name.startswith(".site")) == []


def test_two_clean_builds_are_byte_identical(project_copy: Path) -> None:
    assert lumbar(project_copy, "build", "--strict", "--site-dir", str(project_copy / "a")).returncode == 0
    assert lumbar(project_copy, "build", "--strict", "--site-dir", str(project_copy / "b")).returncode == 0
    a, b = tree_digest(project_copy / "a"), tree_digest(project_copy / "b")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []


def test_build_never_writes_into_content(project_copy: Path) -> None:
    before = {name: tree_digest(project_copy / name) for name in ("content", "exercises")}
    assert lumbar(project_copy, "build").returncode == 0
    assert {name: tree_digest(project_copy / name) for name in ("content", "exercises")} == before


def test_plain_mkdocs_strict_build_of_the_real_project_passes(project_copy: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project_copy,
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert (project_copy / "site" / "exercises" / "bridge" / "index.html").exists()


def test_built_site_folder_is_readable_by_others(project_copy: Path) -> None:
    old = os.umask(0o022)
    try:
        assert lumbar(project_copy, "build").returncode == 0
    finally:
        os.umask(old)
    assert (project_copy / "site").stat().st_mode & 0o777 == 0o755


def test_hand_written_page_with_a_generated_name_is_an_error(project_copy: Path) -> None:
    # content/faq/ is a content folder (a stray file there is a content error), so use a
    # generated name outside every content folder.
    (project_copy / "content" / "exercises").mkdir()
    (project_copy / "content" / "exercises" / "index.md").write_text("# Mine\n")
    result = lumbar(project_copy, "build")
    assert result.returncode == 1
    assert "exercises/index.md is generated by Lumbar; remove the file of the same name" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
