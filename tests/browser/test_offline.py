"""`lumbar build --offline` makes a site that works opened from disk, search included,
without loading anything (Material's offline plugin would add a script from unpkg.com)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from lumbar.cli import main
from lumbar.publish.html_fixes import IFRAME_WORKER_CDN, IFRAME_WORKER_PATH
from tests.browser.conftest import PageWatch
from tests.browser.helpers import OFFLINE_SEARCH_INDEX, search
from tests.conftest import ROOT


def test_offline_build_has_no_third_party_script_and_ships_the_shim(offline_site: Path, engine: str) -> None:
    pages = list(offline_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        text = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", text)
        assert not [s for s in scripts if "://" in s or s.startswith("//")], (page, scripts)
        assert IFRAME_WORKER_CDN not in text and "unpkg.com" not in text, page
    assert (offline_site / IFRAME_WORKER_PATH).stat().st_size > 500
    assert (offline_site / OFFLINE_SEARCH_INDEX[engine]).read_text(encoding="utf-8").startswith("var __index =")
    # Links point at files, not folders (file:// has no index.html lookup).
    assert 'href="exercises/index.html"' in (offline_site / "index.html").read_text(encoding="utf-8")


def test_site_from_disk_searches_and_navigates_without_network(browser: Any, offline_site: Path) -> None:
    root = offline_site.as_uri() + "/"
    watch = PageWatch({"file"})
    tab = watch.new_page(browser)
    try:
        tab.goto(root + "index.html")
        assert tab.title().startswith("Help for lower back pain")
        results = search(tab, "bridge", root)
        assert results and results[0] == "exercises/bridge.html", results
        with tab.expect_navigation():
            tab.keyboard.press("Enter")
        assert tab.url.startswith(root + "exercises/bridge.html"), tab.url
        assert tab.inner_text("article h1").startswith("Bridge")
        # The disclaimer's safety link works from disk too.
        tab.click(".lumbar-disclaimer a")
        assert tab.url == root + "safety.html"
        # Filters work on file:// (history.replaceState with a query string).
        tab.goto(root + "exercises/index.html")
        tab.select_option("[data-lumbar-filters] select[name=category]", "strength")
        shown = tab.eval_on_selector_all(".lumbar-card:not([hidden])", "cards => cards.map(c => c.dataset.category)")
        assert shown and set(shown) == {"strength"}
    finally:
        tab.context.close()
    assert watch.requests, "no request was recorded"
    assert not watch.problems(), "\n".join(watch.problems())
    assert all(r.startswith(("file:", "data:", "blob:", "about:")) for r in watch.requests)


def test_cli_offline_flag(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["--root", str(ROOT), "build", "--offline", "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    assert (site / "search" / "search_index.js").exists() and (site / "safety.html").exists()
    # The flag does not leak into later builds in the same process.
    assert "LUMBAR_OFFLINE" not in os.environ
