"""`lumbar build --engine zensical` publishes the site the MkDocs path does: the same pages,
and byte for byte the same print files, pictures, fonts and Lumbar scripts; only the theme's
own assets, search index and sitemap differ by engine. Read from the two shared builds of
the real content (tests/conftest.py), so no build of its own."""

from __future__ import annotations

import re
from pathlib import Path

# What each engine writes for itself: its theme's scripts and stylesheets, its search index
# (Lumbar's search layer reads either), the gzipped sitemap and tags index only MkDocs
# writes. sitemap.xml is in both, dated by each engine's own clock.
ENGINE_OWN = re.compile(
    r"^(assets/javascripts/(bundle\.|workers/|lunr/|LICENSE$)"
    r"|assets/stylesheets/(main\.|palette\.|classic/|modern/)"
    r"|search/search_index\.json$|search\.json$|sitemap\.xml(\.gz)?$|tags\.json$)")


def _files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*")
            if path.is_file() and not ENGINE_OWN.match(path.relative_to(site).as_posix())}


def test_both_engines_publish_the_same_files(built_site: Path, zensical_site: Path) -> None:
    mkdocs, zensical = _files(built_site), _files(zensical_site)
    assert sorted(mkdocs.keys() - zensical.keys()) == [] and sorted(zensical.keys() - mkdocs.keys()) == []
    # Everything but the pages (each engine's theme around the same content) is Lumbar's own.
    kept = [name for name in mkdocs if not name.endswith(".html")]
    assert any(name.startswith("cards/") and name.endswith(".pdf") for name in kept)
    assert any(name.startswith("programmes/") and name.endswith(".pdf") for name in kept)
    assert [name for name in kept if mkdocs[name].read_bytes() != zensical[name].read_bytes()] == []


def test_zensical_pages_carry_what_the_plugin_adds(built_site: Path, zensical_site: Path) -> None:
    # The banner's signs (content/safety.yml), the fixes to the theme's markup and the edit
    # link to the YAML a page is made from: lumbar.publish.finish does to Zensical's HTML what
    # the plugin's page hooks do to MkDocs'.
    for site in (built_site, zensical_site):
        bridge = (site / "exercises" / "bridge" / "index.html").read_text(encoding="utf-8")
        assert "lumbar-banner-flags" in bridge, site
        assert 'id="__drawer"' in bridge and 'id="__drawer" autocomplete="off"' not in bridge, site
        edit = re.search(r'<a href="([^"]*)"[^>]*rel="edit"', bridge)
        assert edit and edit.group(1).endswith("/exercises/bridge.yml"), (site, edit)
