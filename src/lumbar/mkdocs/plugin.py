"""The MkDocs plugin: a thin adapter that hands Lumbar's bundle to MkDocs.

All the work is in the core: ``lumbar.content`` loads and checks the YAML,
``lumbar.publish.bundle`` assembles every file the site publishes, ``html_fixes`` repairs
Material's markup. Each hook here only converts between MkDocs and those.
"""

from __future__ import annotations

import logging
import os
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from lumbar.content.catalogue import Catalogue
from lumbar.content.errors import ContentErrors
from lumbar.errors import UserError
from lumbar.files import file_problem
from lumbar.mkdocs.config import LumbarConfig
from lumbar.progress import ProgressBar
from lumbar.publish.bundle import BundleError, site_bundle, watched_folders
from lumbar.publish.html_fixes import fix_page_html, local_polyfills
from lumbar.publish.pages import BANNER_KEY, banner_data
from lumbar.publish.settings import Settings
from lumbar.services import load_content

log = logging.getLogger("mkdocs.plugins.lumbar")
# Content that `lumbar build` has just loaded and checked (lumbar.mkdocs.build.build_site
# sets it for one build), so the plugin does not read and validate every file again.
PRELOADED: ContextVar[Catalogue | None] = ContextVar("lumbar_preloaded_catalogue", default=None)


class LumbarPlugin(BasePlugin[LumbarConfig]):
    """Adds every generated page and file: exercises, FAQ, pairs, figures, cards, handout."""

    def __init__(self) -> None:
        super().__init__()
        self.settings: Settings | None = None
        self.catalogue: Catalogue | None = None
        self.offline = False

    def _settings(self, config: MkDocsConfig) -> Settings:
        # config_file_path may be relative to where mkdocs was started.
        try:
            return Settings.from_mapping(Path(config.config_file_path or "mkdocs.yml"), config, self.config)
        except UserError as error:  # such as a clinic setting at mkdocs.yml:line:col
            raise PluginError(error.report(Path.cwd())) from None

    def _load_content(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = self._settings(config)
        preloaded = PRELOADED.get()
        try:
            if preloaded is not None and preloaded.root == self.settings.root:
                self.catalogue = preloaded
            else:
                self.catalogue = load_content(self.settings.root, today=self.settings.today)
        except ContentErrors as errors:
            raise PluginError("Content errors:\n" + errors.format(Path.cwd())) from None
        for warning in self.catalogue.warnings:
            log.warning(warning.format(Path.cwd()))
        # The banner's emergency signs, for templates/overrides/main.html (content/safety.yml).
        config.extra[BANNER_KEY] = banner_data(self.catalogue.safety)
        return config

    @event_priority(-100)
    def _local_scripts(self, config: MkDocsConfig) -> MkDocsConfig:
        # Runs after Material's offline plugin, which adds a script from unpkg.com and turns
        # directory URLs off: the settings are taken again from the final config.
        polyfills, self.offline = local_polyfills(list(config.extra.get("polyfills", [])))
        if self.offline:
            config.extra["polyfills"] = polyfills
        self.settings = self._settings(config)
        return config

    on_config = CombinedEvent(_load_content, _local_scripts)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None and self.catalogue is not None
        for file in list(files):  # content YAML inside docs_dir is input, not output
            if file.abs_src_path and self.settings.is_content(Path(file.abs_src_path)):
                files.remove(file)
        with ProgressBar("Rendering exercise cards") as progress:
            try:
                bundle = site_bundle(self.catalogue, self.settings, hand_written_paths=files.src_uris,
                                     offline=self.offline, on_start=progress.start, on_done=progress.advance)
            except BundleError as problem:
                raise PluginError(str(problem)) from None
            except OSError as error:  # under plain `mkdocs build` too: one line, no traceback
                raise PluginError(str(file_problem(error, "build the site"))) from None
        for warning in bundle.warnings:
            log.warning(warning)
        log.info(f"Exercise cards: {bundle.cards_rendered} rendered, {bundle.cards_reused} unchanged")
        for path, markdown in bundle.pages.items():
            nav = InclusionLevel.INCLUDED if path in bundle.nav_pages else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, path, content=markdown, inclusion=nav)
            source = bundle.sources.get(path)  # "Edit this page" opens the YAML
            file.edit_uri = Path(os.path.relpath(source, self.settings.docs_dir)).as_posix() if source else None
            files.append(file)
        for path, data in bundle.contents.items():
            files.append(File.generated(config, path, content=data))
        for path, source_file in bundle.copies.items():
            files.append(File.generated(config, path, abs_src_path=str(source_file)))
        return files

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        return fix_page_html(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # 404.html is rendered as a theme template, not as a page.
        return fix_page_html(output_content) if template_name.endswith(".html") else output_content

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.settings is not None
        for folder in watched_folders(self.settings):
            if folder.is_dir():
                server.watch(str(folder))
        return server
