"""Fixes to markup that Material for MkDocs writes into every page, and offline support.

The theme's templates are not ours to edit, and copying whole partials would fall behind
theme updates, so the few stock defects are fixed in the finished HTML. Every fix is a
plain substitution on markup the theme emits; tests check the built pages, so a theme update
that changes the markup is noticed rather than silently unfixed.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lumbar.paths import IFRAME_WORKER, SEARCH_WORKER, is_placeholder

# `autocomplete` is not allowed on checkboxes: the Nu HTML validator reports two errors on
# every page for Material's drawer and search toggles.
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
# Material writes the table-of-contents title as <label for="__toc"> even on pages that have
# no __toc checkbox (the Nu checker: "for" must name a non-hidden form control; 74 pages).
# Without its control the label toggles nothing, so it keeps its look and loses the `for`.
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'
# An empty tabindex on active navigation sections is not an integer (Nu checker); browsers
# ignore it, so dropping it changes nothing but the validity.
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?)\s+tabindex=""')
# The search dialog has no accessible name (axe: aria-dialog-name).
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_DIALOG_NAMED = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
# Material's bundle and extra_javascript are plain <script src> tags, which block the first
# paint (Lighthouse: about 0.9 s of a simulated mobile load). `defer` runs them in the same
# order once the page is parsed, which is when they expect to run anyway.
_BLOCKING_SCRIPT = re.compile(r'<script src="([^"]+\.js)"></script>')

# The theme's config names its search worker ("search": ".../assets/javascripts/workers/
# search.<hash>.min.js", Material and Zensical alike). Lumbar's search layer is started there
# instead, with the engine's worker after the "#" (relative to the layer), which it starts
# inside itself (see lumbar.publish.search).
_SEARCH_WORKER_CONFIG = re.compile(r'("search":\s*"[^"]*?)assets/javascripts/(workers/search\.[0-9a-f]+\.min\.js)"')
_SEARCH_WORKER_NAME = SEARCH_WORKER.rsplit("/", 1)[1]

# Material's offline plugin adds this third-party script (a Web Worker shim for file://).
IFRAME_WORKER_CDN = "https://unpkg.com/iframe-worker/shim"
# Lumbar ships the same shim (MIT) and serves it from the site itself. The path must keep
# "iframe-worker" in it: the offline plugin only adds the CDN script when none is listed.
IFRAME_WORKER_PATH = IFRAME_WORKER  # (lumbar.paths)


# Links in the article, for the printed address (print_addresses).
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
_ARTICLE_LINK = re.compile(r'<a href="([^"#][^"]*|#[^"]*)"([^>]*)>(.*?)</a>', re.S)


def print_addresses(html: str) -> str:
    """Links inside the page's article marked for print (lumbar-print.css shows the mark in
    brackets after the link): a link to another page of the site gets ``data-lumbar-url``,
    its public address, when the page has one (the canonical link Material writes from a
    real ``site_url``; none for a placeholder address, where the link's text, the page's
    title, is what prints); a link whose text is already its address gets
    ``data-lumbar-bare`` so that the address does not print twice."""
    canonical = _CANONICAL.search(html)
    base = canonical.group(1) if canonical and not is_placeholder(canonical.group(1)) else ""
    start, end = html.find("<article"), html.find("</article>")
    if start < 0 or end < 0:
        return html

    def mark(match: re.Match[str]) -> str:
        href, rest, text = match.groups()
        if "data-lumbar-" in rest:
            return match.group(0)
        if href.startswith(("http://", "https://")):
            bare = " ".join(re.sub(r"<[^>]+>", "", text).split()) == href
            return f'<a href="{href}"{rest} data-lumbar-bare>{text}</a>' if bare else match.group(0)
        if not base or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            return match.group(0)
        return f'<a href="{href}"{rest} data-lumbar-url="{urljoin(base, href)}">{text}</a>'

    return html[:start] + _ARTICLE_LINK.sub(mark, html[start:end]) + html[end:]


def fix_page_html(html: str) -> str:
    """Apply every fix to one rendered page."""
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = _EMPTY_TABINDEX.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    html = _BLOCKING_SCRIPT.sub(r'<script src="\1" defer></script>', html)
    html = _SEARCH_WORKER_CONFIG.sub(rf'\1assets/javascripts/{_SEARCH_WORKER_NAME}#\2"', html)
    html = print_addresses(html)
    return html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG_NAMED)


def local_polyfills(polyfills: list[object]) -> tuple[list[object], bool]:
    """Replace a CDN iframe-worker shim with the vendored one. Returns (polyfills, replaced)."""
    replaced = False
    result: list[object] = []
    for script in polyfills:
        if "iframe-worker" in str(script) and "://" in str(script):
            result.append(IFRAME_WORKER_PATH)
            replaced = True
        else:
            result.append(script)
    return result, replaced
