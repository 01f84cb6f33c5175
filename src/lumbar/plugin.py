"""MkDocs adapter: a thin layer that feeds the core's generated files to MkDocs.

The work happens in the core (``content``: load and validate; ``pages``: Markdown;
``figures``: pictures; ``print_site``: cards and the handout page; ``html_fixes``: fixes to
Material's HTML); this module only calls it from MkDocs' events.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from lumbar.assets import FONT_DIR, FONT_FILES, font_dir
from lumbar.build_cache import BuildCache, key_of
from lumbar.config import LumbarConfig
from lumbar.content import KIND_DIRS, Catalogue, load_catalogue
from lumbar.errors import ContentErrors
from lumbar.figures import card_pictures, drawing_code, render_figures
from lumbar.html_fixes import IFRAME_WORKER_PATH, fix_page_html, iframe_worker_shim, local_polyfills
from lumbar.pages import TemplateProblem, page_path, render_pages
from lumbar.print_site import site_print_files
from lumbar.progress import ProgressBar

log = logging.getLogger("mkdocs.plugins.lumbar")

# Index pages are reached from the navigation; single entries are not listed there.
INDEX_PAGES = {"exercises/index.md", "faq/index.md", "avoid/index.md"}


class LumbarPlugin(BasePlugin[LumbarConfig]):
    """Adds one page per exercise, FAQ entry and avoid/try pair, plus their index pages."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(".")
        self.catalogue: Catalogue | None = None
        self.vendor_shim = False

    def _load_content(self, config: MkDocsConfig) -> MkDocsConfig:
        # config_file_path may be relative to where mkdocs was started.
        base = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.root = (base / self.config.root).resolve()
        try:
            self.catalogue = load_catalogue(self.root)
        except ContentErrors as errors:
            raise PluginError("Content errors:\n" + errors.format(Path.cwd())) from None
        for warning in self.catalogue.warnings:
            log.warning(warning.format(Path.cwd()))
        return config

    @event_priority(-100)
    def _local_scripts(self, config: MkDocsConfig) -> MkDocsConfig:
        # Runs after Material's offline plugin, which adds a script from unpkg.com.
        polyfills, self.vendor_shim = local_polyfills(list(config.extra.get("polyfills", [])))
        if self.vendor_shim:
            config.extra["polyfills"] = polyfills
        return config

    on_config = CombinedEvent(_load_content, _local_scripts)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.catalogue is not None
        docs_dir = Path(config.docs_dir).resolve()
        # Content YAML inside docs_dir is input, not something to publish.
        for file in list(files):
            if file.src_uri.endswith((".yml", ".yaml")) and file.abs_src_path and _is_content(Path(file.abs_src_path), self.root):
                files.remove(file)
        try:
            pages = render_pages(self.catalogue, self.root / self.config.templates)
        except TemplateProblem as problem:
            raise PluginError(str(problem)) from None
        sources = {page_path(item.entry): item.path for item in self.catalogue.entries.values()}
        for path, markdown in pages.items():
            inclusion = InclusionLevel.INCLUDED if path in INDEX_PAGES else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, path, content=markdown, inclusion=inclusion)
            source = sources.get(path)
            # Point "Edit this page" at the YAML the page was made from.
            file.edit_uri = Path(os.path.relpath(source, docs_dir)).as_posix() if source else None
            _add_generated(files, file)
        # Exercise pictures (SVG), drawn from each exercise's pose data.
        for path, svg in self._figures().items():
            _add_generated(files, File.generated(config, path, content=svg))
        # Self-hosted so the site makes no request to a font service.
        for name in FONT_FILES:
            files.append(File.generated(config, f"{FONT_DIR}/{name}", abs_src_path=str(font_dir() / name)))
        if self.vendor_shim:
            files.append(File.generated(config, IFRAME_WORKER_PATH, abs_src_path=str(iframe_worker_shim())))
        self._add_print_files(files, config)
        return files

    def _figures(self) -> dict[str, str]:
        """``render_figures``, one exercise at a time, cached by its pose data and the drawing code."""
        assert self.catalogue is not None
        cache = BuildCache(self.root)
        code = drawing_code()
        out: dict[str, str] = {}
        for exercise in self.catalogue.exercises:
            if exercise.figure is None:
                continue
            key = key_of(exercise.id, exercise.figure.model_dump_json(), code)
            out.update(cache.get_json("figures", key, lambda e=exercise: render_figures([e])))
        return dict(sorted(out.items()))

    def _add_print_files(self, files: Files, config: MkDocsConfig) -> None:
        """Cards (cached, rendered in parallel), QR codes and the handout builder page."""
        assert self.catalogue is not None
        with ProgressBar("Rendering exercise cards") as progress:
            try:
                output = site_print_files(
                    self.catalogue, root=self.root, templates=self.root / self.config.templates,
                    site_url=config.site_url or "", site_name=config.site_name,
                    directory_urls=config.use_directory_urls, on_start=progress.start, on_done=progress.advance,
                    pictures=card_pictures(self.catalogue.exercises, BuildCache(self.root)),
                )
            except TemplateProblem as problem:
                raise PluginError(str(problem)) from None
        for warning in output.warnings:
            log.warning(warning)
        log.info(f"Exercise cards: {output.rendered} rendered, {output.reused} unchanged")
        for path, markdown in output.pages.items():
            _add_generated(files, File.generated(config, path, content=markdown))
        for path, source in output.copies.items():
            _add_generated(files, File.generated(config, path, abs_src_path=str(source)))
        for path, data in output.contents.items():
            _add_generated(files, File.generated(config, path, content=data))

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        return fix_page_html(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # 404.html is rendered as a theme template, not as a page.
        return fix_page_html(output_content) if template_name.endswith(".html") else output_content

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in ["exercises", "templates", *KIND_DIRS.values()]:
            path = self.root / folder
            if path.is_dir():
                server.watch(str(path))
        return server


def _add_generated(files: Files, file: File) -> None:
    # A hand-written file of the same name would silently replace or be replaced by ours.
    if file.src_uri in files.src_uris:
        raise PluginError(f"{file.src_uri} is generated by Lumbar; remove the file of the same name from the docs folder")
    files.append(file)


def _is_content(path: Path, root: Path) -> bool:
    resolved = path.resolve()
    return any(resolved.parent == (root / folder).resolve() for folder in KIND_DIRS.values())
