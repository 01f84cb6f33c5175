"""The site generators Lumbar builds with, and the one entry point that picks one.

Both build the same bundle (``lumbar.publish.bundle``) with the same checks into the same
site: MkDocs with Material through the Lumbar plugin (the default), or Zensical from the
exported docs tree (``lumbar.zensical``). ``lumbar build --engine`` and ``lumbar serve
--engine`` choose.
"""

from __future__ import annotations

from pathlib import Path

from lumbar.content.catalogue import Catalogue
from lumbar.publish.settings import Settings

MKDOCS = "mkdocs"
ZENSICAL = "zensical"
ENGINES = (MKDOCS, ZENSICAL)
DEFAULT_ENGINE = MKDOCS


def build_site(engine: str, catalogue: Catalogue, settings: Settings, *, strict: bool = False,
               site_dir: Path | None = None, offline: bool = False) -> Path:
    """Build the whole site with ``engine`` (one of ``ENGINES``) from the checked
    ``catalogue``; returns the site folder. ``publish.site_folder.BuildFailed`` (the
    previous site left as it was) when the build stops."""
    if engine == ZENSICAL:
        from lumbar.zensical.build import build_site as zensical_build

        return zensical_build(catalogue, settings, strict=strict, site_dir=site_dir, offline=offline)
    if engine != MKDOCS:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    from lumbar.mkdocs.build import build_site as mkdocs_build
    from lumbar.mkdocs.build import configure_logging

    configure_logging()
    return mkdocs_build(settings.config_file, strict=strict, site_dir=site_dir, offline=offline, catalogue=catalogue)


def preview_builder(engine: str, settings: Settings) -> object:
    """The live preview's builder for ``engine``: ``build(files, safety, full=False)``
    renders the pages of ``files`` (``export.docs_files``) that changed and returns the site
    folder to serve (``lumbar.preview``)."""
    if engine == ZENSICAL:
        from lumbar.zensical.preview import ZensicalPreview

        return ZensicalPreview(settings)
    if engine != MKDOCS:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    from lumbar.mkdocs.preview import MkDocsPreview

    return MkDocsPreview(settings)
