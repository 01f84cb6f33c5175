"""The live preview's builds with MkDocs: only the pages that changed are rendered again.

``lumbar serve`` (``lumbar.preview``) hands each rebuild the docs tree it has just assembled.
Through the Lumbar plugin every generated page counts as changed on every build (it has no
file to compare), so the preview builds the exported tree with plain MkDocs instead, the way
``lumbar export`` does: the tree is written into ``.cache/preview/mkdocs/docs`` (changed files
only) and MkDocs' dirty build renders only the pages whose file is newer than its HTML. A
change to the theme's templates, or to the config, renders every page.

A dirty build gives Material's search index only the pages it rendered, so the preview keeps
the last whole index and replaces those pages' entries in it.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from lumbar.content.safety import Safety
from lumbar.paths import PREVIEW_DIR, url_of
from lumbar.publish.export import DocsFiles, plain_mkdocs_config, write_tree
from lumbar.publish.finish import finish_site
from lumbar.publish.settings import Settings
from lumbar.publish.site_folder import BuildFailed

SEARCH_INDEX = "search/search_index.json"  # where Material's search plugin writes the index
# File systems stamp a write a little before the clock read just before it.
_CLOCK_SLACK = 0.5


class MkDocsPreview:
    """Rebuilds the preview of one project with MkDocs and Material."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.work = settings.root / PREVIEW_DIR / "mkdocs"
        self.config_file = self.work / "mkdocs.yml"
        self.index: dict[str, Any] | None = None  # the last whole search index

    @property
    def site(self) -> Path:
        """The folder the preview is built into and served from."""
        return self.work / "site"

    def build(self, files: DocsFiles, safety: Safety, *, full: bool = False) -> Path:
        """Bring the preview up to date with ``files`` (``export.docs_files``); returns the
        site folder. ``full`` renders every page (a theme template changed). BuildFailed
        when MkDocs stops."""
        changed = write_tree(self.work / "docs", files)
        text = plain_mkdocs_config(self.settings, self.work / "docs", self.site, safety=safety)
        if not self.config_file.exists() or self.config_file.read_text(encoding="utf-8") != text:
            self.config_file.write_text(text, encoding="utf-8")
            full = True
        full = full or self.index is None or not self.site.is_dir()
        logging.getLogger("mkdocs").setLevel(logging.WARNING)  # no INFO lines on every edit
        started = time.time()
        try:
            mkdocs_build(load_config(str(self.config_file)), dirty=not full)
        except (Abort, ConfigurationError) as exc:
            raise BuildFailed(str(exc)) from None
        self._search_index(full, changed)
        finish_site(self.site, since=None if full else started - _CLOCK_SLACK)
        return self.site

    def _search_index(self, full: bool, changed: list[str]) -> None:
        """Keep the search index whole: after a dirty build, the last index with the entries
        of the pages just rendered replaced by theirs."""
        path = self.site / SEARCH_INDEX
        built = json.loads(path.read_text(encoding="utf-8"))
        if full or self.index is None:
            self.index = built
            return
        pages = {url_of(docs_path) for docs_path in changed if docs_path.endswith(".md")}
        kept = [doc for doc in self.index["docs"] if doc["location"].split("#")[0] not in pages]
        fresh = [doc for doc in built["docs"] if doc["location"].split("#")[0] in pages]
        self.index = {**built, "docs": kept + fresh}
        path.write_text(json.dumps(self.index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
