"""Fixes to Material's stock markup (lumbar.publish.html_fixes), checked on the real built pages."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lumbar.publish.html_fixes import (
    IFRAME_WORKER_CDN,
    IFRAME_WORKER_PATH,
    fix_page_html,
    local_polyfills,
)
from tests.conftest import ROOT


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


def test_toc_label_without_its_control_loses_for_and_empty_tabindex_goes() -> None:
    html = '<label class="md-nav__title" for="__toc">x</label><label class="a" for="__nav_3" tabindex="">y</label>'
    assert fix_page_html(html) == '<label class="md-nav__title">x</label><label class="a" for="__nav_3">y</label>'
    with_control = '<input type="checkbox" id="__toc"><label class="md-nav__title" for="__toc">x</label>'
    assert fix_page_html(with_control) == with_control
    assert fix_page_html('<label tabindex="0">z</label>') == '<label tabindex="0">z</label>'


def test_nu_html_checker_finds_no_errors_in_the_built_site(built_site: Path) -> None:
    """The Nu Html Checker (npm vnu-jar; needs Java) over every built page: 0 errors."""
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    ci = os.environ.get("CI") == "true"
    if shutil.which("java") is None and not ci:
        pytest.skip("java is not installed; .ci/run installs it (default-jre-headless)")
    assert jar.exists(), "run `npm ci --omit=dev` (make test does) to install vnu-jar"
    result = subprocess.run(
        ["java", "-jar", str(jar), "--errors-only", "--skip-non-html", "--format", "json", str(built_site)],
        capture_output=True, timeout=600,
    )
    report = json.loads(result.stderr.decode("utf-8", errors="replace"), strict=False)
    errors = [f"{m.get('url', '').rsplit(str(built_site), 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in report["messages"] if m.get("type") == "error"]
    assert errors == [], "\n".join(errors[:20])
    assert result.returncode == 0
