"""Fixes to Material's stock markup (lumbar.mkdocs.html_fixes), checked on the real built pages."""

from __future__ import annotations

import re
from pathlib import Path

from lumbar.mkdocs.html_fixes import (
    IFRAME_WORKER_CDN,
    IFRAME_WORKER_PATH,
    fix_page_html,
    local_polyfills,
)


def test_fixes_apply_to_every_built_page(built_site: Path) -> None:
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<input\b[^>]*type="checkbox"[^>]*autocomplete=', text), page
        assert 'role="dialog" aria-label="Search"' in text, page
        scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", text)
        assert scripts and all(" defer" in s for s in scripts), (page, scripts)


def test_fix_page_html_leaves_other_markup_alone() -> None:
    html = '<script>var x = 1</script><script src="a.js" async></script><input type="text" autocomplete="off">'
    assert fix_page_html(html) == html


def test_cdn_shim_is_replaced_by_the_vendored_one() -> None:
    polyfills, replaced = local_polyfills(["other.js", IFRAME_WORKER_CDN])
    assert replaced and polyfills == ["other.js", IFRAME_WORKER_PATH]
    assert local_polyfills(["other.js"]) == (["other.js"], False)
