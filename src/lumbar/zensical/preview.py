"""The live preview's builds with Zensical: only what changed is written and rebuilt.

``lumbar serve --engine zensical`` (``lumbar.preview``) hands each rebuild the docs tree it has
just assembled; the tree is written into ``.cache/zensical/preview/docs`` (changed files
only), and Zensical's own cache there re-renders the pages whose source or templates changed.
The built folder is served in place: a preview is not published, so it needs no swap.
"""

from __future__ import annotations

import time
from pathlib import Path

from lumbar.content.safety import Safety
from lumbar.publish.export import DocsFiles
from lumbar.publish.finish import finish_site
from lumbar.publish.settings import Settings
from lumbar.zensical.build import locked, prepare, run_zensical, work_folder
from lumbar.zensical.config import SITE

# File systems stamp a write a little before the clock read just before it: the pages to
# finish are those written since a moment before the build started.
_CLOCK_SLACK = 0.5


class ZensicalPreview:
    """Rebuilds the preview of one project with Zensical."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.work = work_folder(settings, "preview")

    @property
    def site(self) -> Path:
        """The folder the preview is built into and served from."""
        return self.work / SITE

    def build(self, files: DocsFiles, safety: Safety, *, full: bool = False) -> Path:
        """Bring the preview up to date with ``files`` (``export.docs_files``); returns the
        site folder. Zensical itself tells what a template change touches, so ``full`` changes
        nothing here. BuildFailed when Zensical stops."""
        del full
        with locked(self.work):
            config_file = prepare(self.settings, self.work, files, safety=safety)
            started = time.time()
            run_zensical(config_file)
            finish_site(self.site, since=started - _CLOCK_SLACK)
        return self.site
