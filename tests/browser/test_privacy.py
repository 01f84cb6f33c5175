"""A reader's browser contacts no host but the site's own, and logs no console error.

Every browser test checks this through the ``open_page`` fixture (tests/browser/conftest.py);
here a reader goes through every kind of page and uses search and the filters, so nothing
that loads later (the search worker and index, fonts, scripts) escapes the check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from tests.browser.conftest import PageWatch, origin
from tests.browser.helpers import SEARCH_INDEX, search


def _every_page(site: Path) -> list[str]:
    """Every HTML page of the built site, as a URL path (directory URLs)."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        relative = html.relative_to(site).as_posix()
        paths.append(relative.removesuffix("index.html") if relative.endswith("index.html") else relative)
    return paths


def test_a_reader_going_through_every_page_contacts_only_the_site(
    browser: Any, site_url: str, engine: str, engine_site: Path
) -> None:
    watch = PageWatch({origin(site_url)})
    tab = watch.new_page(browser)
    try:
        pages = _every_page(engine_site)
        assert len(pages) > 50
        for path in pages:
            tab.goto(urljoin(site_url, path), wait_until="load")
        tab.goto(site_url)
        assert search(tab, "sciatica", site_url)
        tab.keyboard.press("Escape")
        tab.goto(urljoin(site_url, "exercises/"))
        tab.select_option("[data-lumbar-filters] select[name=category]", "stretch")
        tab.wait_for_load_state("networkidle")
    finally:
        tab.context.close()
    assert not watch.problems(), "\n".join(watch.problems())
    # The check saw the site's own files: pages, styles, scripts, fonts, the search index.
    own = " ".join(watch.requests)
    for needed in ("assets/stylesheets/", "assets/javascripts/", "assets/fonts/", SEARCH_INDEX[engine]):
        assert needed in own, f"no request for {needed}: the request log is incomplete"
    assert len(watch.requests) > len(pages)


def test_the_check_catches_a_request_to_another_host(browser: Any, site_url: str) -> None:
    watch = PageWatch({origin(site_url)})
    tab = watch.new_page(browser)
    try:
        tab.goto(site_url)
        tab.evaluate("""() => { const img = document.createElement("img");
                                img.src = "https://tracker.example.com/pixel.gif";
                                document.body.appendChild(img); }""")
        tab.wait_for_timeout(300)
    finally:
        tab.context.close()
    assert any("tracker.example.com" in r for r in watch.foreign), watch.requests


def test_the_check_catches_a_console_error(browser: Any, site_url: str) -> None:
    watch = PageWatch({origin(site_url)})
    tab = watch.new_page(browser)
    try:
        tab.goto(site_url)
        tab.evaluate("console.error('boom')")
        tab.evaluate("setTimeout(() => { throw new Error('uncaught boom'); }, 0)")
        tab.wait_for_timeout(200)
    finally:
        tab.context.close()
    assert any("boom" in e for e in watch.errors) and any("uncaught boom" in e for e in watch.errors), watch.errors

