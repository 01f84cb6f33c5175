"""Every file the site publishes, in one place: the only assembly of the site.

``site_bundle`` turns a validated catalogue and the settings into ``Bundle``: generated
pages (Markdown), generated files (SVG figures, QR codes) and files to copy (cards, fonts,
the offline shim), each keyed by its docs path, with one check that no generated file has
the name of a hand-written one. The MkDocs plugin hands the bundle to MkDocs; ``lumbar
export`` writes it to disk beside the hand-written pages. Both therefore publish the same
set of files.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lumbar.cache import BuildCache
from lumbar.content.catalogue import Catalogue
from lumbar.errors import InternalError, UserError
from lumbar.fonts import FONT_FILES, font_dir
from lumbar.paths import (
    HANDOUT_PAGE,
    IFRAME_WORKER,
    KINDS,
    NAV_PAGES,
    SAFETY_PAGE,
    SEARCH_DATA,
    font_path,
    is_placeholder,
)
from lumbar.publish.pages import TemplateProblem, page_path, render_pages
from lumbar.publish.search import search_data
from lumbar.publish.settings import Settings

log = logging.getLogger(__name__)
# Third-party files Lumbar serves itself (the offline Web Worker shim, MIT; see its LICENSE).
VENDOR_DIR = Path(__file__).resolve().parent / "vendor"


class BundleError(UserError):
    """The site cannot be assembled; the message says which file and why."""


@dataclass
class Bundle:
    """What the site publishes besides the hand-written docs, keyed by docs path."""

    pages: dict[str, str] = field(default_factory=dict)  # Markdown
    contents: dict[str, str | bytes] = field(default_factory=dict)  # generated files
    copies: dict[str, Path] = field(default_factory=dict)  # files copied as they are
    sources: dict[str, Path] = field(default_factory=dict)  # page -> the YAML it is made from
    warnings: list[str] = field(default_factory=list)
    cards_rendered: int = 0
    cards_reused: int = 0

    @property
    def nav_pages(self) -> frozenset[str]:
        """Generated pages listed in the navigation; the rest are reached by links and search."""
        return NAV_PAGES

    def paths(self) -> set[str]:
        """Every docs path in the bundle."""
        return set(self.pages) | set(self.contents) | set(self.copies)

    def add(self, path: str, value: str | bytes | Path, *, page: bool = False) -> None:
        """Add one file; a second file at the same path is an error (nothing is replaced)."""
        if path in self.pages or path in self.contents or path in self.copies:  # not paths(): O(n) a call
            raise InternalError(f"{path} is generated twice; this is a bug in Lumbar")
        if page:
            assert isinstance(value, str)
            self.pages[path] = value
        elif isinstance(value, Path):
            self.copies[path] = value
        else:
            self.contents[path] = value


def hand_written(settings: Settings) -> dict[str, Path]:
    """The docs folder's own files (``{docs path: file}``), without content YAML."""
    docs = settings.docs_dir
    if not docs.is_dir():
        return {}
    return {p.relative_to(docs).as_posix(): p for p in sorted(docs.rglob("*"))
            if p.is_file() and not settings.is_content(p)}


def site_bundle(
    catalogue: Catalogue,
    settings: Settings,
    *,
    hand_written_paths: Iterable[str] = (),
    offline: bool = False,
    print_files: bool = True,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[str], None] | None = None,
) -> Bundle:
    """Assemble every generated file of the site.

    ``hand_written_paths`` are the docs paths already in the docs folder; a generated file
    with one of those names raises BundleError. ``offline`` adds the vendored Web Worker
    shim that ``lumbar build --offline`` loads instead of a CDN copy. Without
    ``print_files`` the cards, sheets, QR codes and programme PDFs are left out (``lumbar
    serve`` makes them after the pages: ``lumbar.preview.printing``). ``on_start(n)`` and
    ``on_done(card id)`` report card rendering progress. Raises BundleError for a broken
    template (naming its file and line) or a name clash.
    """
    from lumbar.figures import exercise_pictures
    from lumbar.publish.print_files import PrintFiles, handout_builder_page, site_print_files

    bundle = Bundle()
    cache = BuildCache(settings.root)
    try:
        for path, markdown in render_pages(catalogue, settings.templates,
                                           print_qr=not is_placeholder(settings.site_url), cache=cache).items():
            bundle.add(path, markdown, page=True)
        for item in catalogue.entries.values():
            bundle.sources[page_path(item.entry)] = item.path
        bundle.sources[SAFETY_PAGE] = catalogue.safety_file.path  # type: ignore[union-attr]
        figures, card_pictures = exercise_pictures(catalogue.exercises, cache)
        for path, svg in figures.items():
            bundle.add(path, svg)
        for name in FONT_FILES:  # self-hosted, so the site asks no font service
            bundle.add(font_path(name), font_dir() / name)
        if offline:
            bundle.add(IFRAME_WORKER, VENDOR_DIR / "iframe-worker-shim.js")
        if print_files:
            printed = site_print_files(catalogue, settings, cache=cache, pictures=card_pictures,
                                       on_start=on_start, on_done=on_done)
        else:
            printed = PrintFiles(pages={HANDOUT_PAGE: handout_builder_page(catalogue, settings)})
    except TemplateProblem as problem:
        raise BundleError(str(problem)) from None
    for path, markdown in printed.pages.items():
        bundle.add(path, markdown, page=True)
    for path, data in printed.contents.items():
        bundle.add(path, data)
    for path, source in printed.copies.items():
        bundle.add(path, source)
    bundle.warnings.extend(printed.warnings)
    # Pages are plain files (page.html) in an offline build, whatever the settings say.
    bundle.add(SEARCH_DATA, search_data(catalogue, bundle.pages, settings.directory_urls and not offline))
    bundle.cards_rendered, bundle.cards_reused = printed.rendered, printed.reused
    clashes = sorted(bundle.paths() & set(hand_written_paths))
    if clashes:
        raise BundleError(f"{', '.join(clashes)} is generated by Lumbar; remove the file of the same name "
                          f"from {settings.docs_dir.name}/")
    return bundle


def watched_folders(settings: Settings) -> list[Path]:
    """Folders whose changes rebuild the site under ``lumbar serve``: content and templates."""
    return [*(settings.root / kind.folder for kind in KINDS.values()), settings.templates.parent]
