"""What the MkDocs plugin's page hooks do, done to a built site folder instead.

Zensical runs no plugins, so an engine without hooks builds the exported docs tree and then
``finish_site`` walks the built folder once: the same ``html_fixes.fix_page_html`` the plugin
applies in ``on_post_page``, and the "Edit this page" link of every generated page pointed
at the YAML it is made from (the plugin sets each generated file's ``edit_uri``; an engine
reading the export only knows the Markdown file, which is not in the repository).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from lumbar.paths import url_of
from lumbar.publish.html_fixes import fix_page_html

# The theme's edit button (Material and Zensical's classic and modern templates alike).
_EDIT_LINK = re.compile(r'(<a href=")[^"]*("[^>]*\brel="edit")')


def edit_links(config: Mapping[str, Any], docs_dir: Path, sources: Mapping[str, Path]) -> dict[str, str]:
    """``{docs path: edit URL}`` for generated pages, from the config's ``repo_url`` and
    ``edit_uri`` and each page's source file (``Bundle.sources``), as MkDocs joins them."""
    repo, edit_uri = str(config.get("repo_url") or ""), str(config.get("edit_uri") or "")
    if not repo or not edit_uri:
        return {}
    base = urljoin(repo.rstrip("/") + "/", edit_uri.rstrip("/") + "/")
    return {path: urljoin(base, Path(os.path.relpath(source, docs_dir)).as_posix())
            for path, source in sources.items()}


def finish_site(site: Path, *, edit: Mapping[str, str] | None = None, directory_urls: bool = True,
                since: float | None = None) -> int:
    """Fix every HTML page in the built folder ``site`` in place; returns how many changed.

    ``edit`` maps docs paths to their edit URL (``edit_links``); ``directory_urls`` says how
    the engine laid the pages out, to find each one's file. ``since`` (a ``time.time()``)
    limits the work to pages written since then: what an engine's incremental rebuild wrote.
    """
    by_file = {_built_file(site, docs_path, directory_urls): url for docs_path, url in (edit or {}).items()}
    changed = 0
    for page in site.rglob("*.html"):
        if since is not None and page.stat().st_mtime < since:
            continue
        text = page.read_text(encoding="utf-8")
        fixed = fix_page_html(text)
        url = by_file.get(page)
        if url is not None:
            fixed = _with_edit_link(fixed, url)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed


def _with_edit_link(html: str, url: str) -> str:
    """``html`` with its edit button pointing at ``url``."""
    return _EDIT_LINK.sub(lambda m: f"{m.group(1)}{url}{m.group(2)}", html, count=1)


def _built_file(site: Path, docs_path: str, directory_urls: bool) -> Path:
    """The HTML file a page's docs path is built into."""
    url = url_of(docs_path, directory_urls)
    return site / (url + "index.html" if url.endswith("/") or not url else url)
