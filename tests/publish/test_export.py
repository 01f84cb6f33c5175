"""`lumbar export` writes a plain Markdown docs tree that MkDocs without Lumbar builds into the same site."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lumbar.cli import main
from lumbar.content.catalogue import load_catalogue
from lumbar.paths import is_placeholder
from lumbar.publish.export import ExportError, export_docs, plain_mkdocs_config
from lumbar.publish.pages import render_pages
from lumbar.publish.settings import Settings
from tests.conftest import ROOT

# Renders from the real project's build cache: wait for the shared build to fill it, rather
# than drawing the same cards alongside it (and run after the modules that need no build).
pytestmark = pytest.mark.usefixtures("built_site")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "docs"
    result = CliRunner().invoke(main, ["--root", str(ROOT), "export", "--out", str(out),
                                       "--mkdocs-yml", str(out.parent / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert "Exported" in result.output
    return out


def test_export_has_every_generated_page_and_hand_written_doc(exported: Path) -> None:
    catalogue = load_catalogue(ROOT)
    # Exercise pages show a QR code only when site_url is a real address, as the bundle does.
    pages = render_pages(catalogue, ROOT / "templates" / "pages", print_qr=not is_placeholder(Settings.load(ROOT).site_url))
    for path, markdown in pages.items():
        assert (exported / path).read_text(encoding="utf-8") == markdown, path
    for source in (ROOT / "content").glob("*.md"):
        assert (exported / source.name).read_bytes() == source.read_bytes(), source.name
    # Content YAML is input, not part of the docs tree; fonts come along for the stylesheet.
    assert list(exported.rglob("*.yml")) == []
    assert list((exported / "assets" / "fonts").glob("*.ttf"))


def test_exported_page_is_plain_markdown_with_front_matter(exported: Path) -> None:
    bridge = (exported / "exercises" / "bridge.md").read_text(encoding="utf-8")
    assert bridge.startswith('---\ntitle: "Bridge"\n')
    assert "\n# Bridge { #bridge }\n" in bridge and "## Steps" in bridge
    assert "{{" not in bridge and "{%" not in bridge


def test_plain_mkdocs_builds_the_export_into_the_same_pages(exported: Path, built_site: Path) -> None:
    config = exported.parent / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "- lumbar" not in text and "offline" not in text
    site = exported.parent / "plain-site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    plain = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    ours = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()}
    assert {p for p in ours if p.endswith(".html")} == {p for p in plain if p.endswith(".html")}
    assert ours - plain == set(), "files the plain build is missing"


def test_export_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    catalogue = load_catalogue(ROOT)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    settings = Settings.load(ROOT)
    with pytest.raises(ExportError, match="not empty"):
        export_docs(catalogue, settings, out=out)
    assert (out / "keep.txt").exists()
    result = export_docs(catalogue, settings, out=out, force=True)
    assert not (out / "keep.txt").exists() and "exercises/bridge.md" in result.generated


def test_export_refuses_to_write_into_the_project(tmp_path: Path) -> None:
    catalogue = load_catalogue(ROOT)
    for out in (ROOT, ROOT / "content", ROOT / "content" / "faq"):
        with pytest.raises(ExportError, match="overlaps"):
            export_docs(catalogue, Settings.load(ROOT), out=out)


def test_cli_reports_a_refused_export(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x")
    result = CliRunner().invoke(main, ["--root", str(ROOT), "export", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "not empty" in result.output


def test_plain_config_never_targets_the_project_site(tmp_path: Path) -> None:
    text = plain_mkdocs_config(Settings.load(ROOT), tmp_path / "docs")
    assert f"site_dir: {tmp_path / 'docs-site'}" in text
    assert str(ROOT / "site") not in text
